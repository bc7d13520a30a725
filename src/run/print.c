/* Terminal output of `check` and `run`: a few lines a planner reads at a glance. The
 * files in the output folder carry the detail. */
#include <math.h>
#include <stdio.h>

#include "core/util.h"
#include "zoneplan/errors.h"
#include "zoneplan/run.h"

void zp_run_print_inputs(const zp_run *run, FILE *fp)
{
    fprintf(fp, "scenario: %s\n", run->sc->name);
    fprintf(fp, "blocks:   %zu (%s)\n", run->ds.nblocks, run->ds.blocks_path);
    fprintf(fp, "schools:  %zu (%s)\n", run->ds.nschools, run->ds.schools_path);
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
        fprintf(fp,
                "%-8s  %lld children, %lld schools with %lld seats, %lld blocks with a current "
                "school\n",
                zp_level_name((zp_level)l), kids, nserve, seats, ncur);
    }
    fprintf(fp, "warnings: %zu\n", zp_run_warn_count(run));
    for (size_t i = 0; i < zp_run_warn_count(run); i++)
        fprintf(fp, "  - %s\n", zp_run_warn_get(run, i));
}

void zp_run_print_summary(const zp_run *run, const char *dir, FILE *fp)
{
    fprintf(fp, "%s: %zu blocks, %zu schools\n", run->sc->name, run->ds.nblocks, run->ds.nschools);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        const zp_alloc_result *r = &run->plan[l];
        fprintf(fp, "%-8s  objective %.0f child-m, LP bound %.0f, gap %.4f%%, shortfall %lld\n",
                zp_level_name((zp_level)l), r->objective, r->lp_bound, r->gap * 100.0,
                (long long)r->shortfall);
        if (run->has_current[l])
            fprintf(fp, "          %lld children moved off today's school (move penalty %.0f m)\n",
                    (long long)r->moved, run->sc->policy.move_penalty_m);
        if (run->contig_on) {
            const zp_contig_report *c = &run->contig[l];
            char change[40]; /* repair may lower the objective too */
            zp_format_thousands(change, sizeof change,
                                llround(c->objective_after - c->objective_before), 1);
            fprintf(fp,
                    "          contiguity: %zu %s apart, %zu %s moved to join them "
                    "(%s child-m), %zu left apart%s\n",
                    c->pieces_before, c->pieces_before == 1 ? "piece" : "pieces", c->blocks_moved,
                    c->blocks_moved == 1 ? "block" : "blocks", change, c->nleft,
                    c->nleft ? " (why: report.md)" : "");
        }
    }
    size_t total = run->plan_check.nflags, cur = run->cur_check.nflags;
    fprintf(fp, "flags:    %zu in the plan, %zu under the current catchments\n", total, cur);
    fprintf(fp, "time:     load %.2fs, geometry %.2fs, solve %.2fs, outlines %.2fs, write %.2fs\n",
            run->seconds_load, run->seconds_geo, run->seconds_solve, run->seconds_union,
            run->seconds_write);
    fprintf(
        fp,
        "outputs:  %s/{catchments.shp,blocks.shp,schools.shp,assignment.csv,schools.csv,flags.csv,"
        "summary.json,report.md}\n",
        dir);
}
