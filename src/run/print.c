/* Terminal output of `check` and `run`: a few lines a planner reads at a glance. The
 * files in the output folder carry the detail. */
#include <math.h>
#include <stdio.h>

#include "core/util.h"
#include "zoneplan/errors.h"
#include "zoneplan/run.h"

void zp_run_print_inputs(const zp_run *run, FILE *fp)
{
    zp_lang lang = run->sc->lang;
    fprintf(fp, zp_word(lang, "cli_scenario"), run->sc->name);
    fprintf(fp, zp_word(lang, "cli_blocks"), run->ds.nblocks, run->ds.blocks_path);
    fprintf(fp, zp_word(lang, "cli_schools"), run->ds.nschools, run->ds.schools_path);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        long long kids = 0, seats = 0, nserve = 0, ncur = 0;
        for (size_t b = 0; b < run->ds.nblocks; b++) {
            kids += run->ds.blocks[b].children[l];
            ncur += run->ds.blocks[b].current[l] >= 0;
        }
        for (size_t s = 0; s < run->ds.nschools; s++)
            if (zp_school_serves(run->ds.schools[s].type, (zp_level)l)) {
                seats += run->ds.schools[s].seats[l];
                nserve++;
            }
        fprintf(fp, zp_word(lang, "cli_level_inputs"), zp_word_level(lang, l), kids, nserve, seats,
                ncur);
    }
    fprintf(fp, zp_word(lang, "cli_warnings"), zp_run_warn_count(run));
    for (size_t i = 0; i < zp_run_warn_count(run); i++)
        fprintf(fp, "  - %s\n", zp_run_warn_get(run, i));
}

void zp_run_print_summary(const zp_run *run, const char *dir, FILE *fp)
{
    zp_lang lang = run->sc->lang;
    fprintf(fp, zp_word(lang, "cli_run"), run->sc->name, run->ds.nblocks, run->ds.nschools);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        const zp_alloc_result *r = &run->plan[l];
        fprintf(fp, zp_word(lang, "cli_level_plan"), zp_word_level(lang, l), r->objective,
                r->lp_bound, r->gap * 100.0, (long long)r->shortfall);
        if (run->has_current[l])
            fprintf(fp, zp_word(lang, "cli_moved"), (long long)r->moved,
                    run->sc->policy.move_penalty_m);
        if (run->contig_on) {
            const zp_contig_report *c = &run->contig[l];
            char change[40]; /* repair may lower the objective too */
            zp_format_thousands(change, sizeof change,
                                llround(c->objective_after - c->objective_before), 1);
            fprintf(fp, zp_word(lang, "cli_contig"), c->pieces_before,
                    zp_word(lang, c->pieces_before == 1 ? "cli_piece" : "cli_pieces"),
                    c->blocks_moved,
                    zp_word(lang, c->blocks_moved == 1 ? "cli_block" : "cli_blocks_n"), change,
                    c->nleft, c->nleft ? zp_word(lang, "cli_why") : "");
        }
    }
    size_t total = run->plan_check.nflags, cur = run->cur_check.nflags;
    fprintf(fp, zp_word(lang, "cli_flags"), total, cur);
    fprintf(fp, zp_word(lang, "cli_time"), run->seconds_load, run->seconds_geo, run->seconds_solve,
            run->seconds_union, run->seconds_write);
    fprintf(fp, zp_word(lang, "cli_outputs"), dir,
            "catchments.shp,blocks.shp,schools.shp,assignment.csv,schools.csv,flags.csv,"
            "summary.json,report.md");
}
