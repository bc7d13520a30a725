/* Terminal output of `check` and `run`: a few lines a planner reads at a glance. The
 * files in the output folder carry the detail. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"
#include "zoneplan/errors.h"
#include "zoneplan/out.h"
#include "zoneplan/run.h"

#define PARTS_LISTED 5

typedef struct part {
    size_t id, blocks, schools, edges;
} part;

static int by_blocks(const void *a, const void *b)
{
    const part *x = a, *y = b;
    if (x->blocks != y->blocks)
        return x->blocks > y->blocks ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* The network `check` reports: its size, its connected parts with the blocks and schools
 * on each (a part with blocks and no school is where children will be unreachable), and
 * points far from any road or cut off from it. */
static void print_roads(const zp_run *run, FILE *fp)
{
    zp_lang lang = run->sc->lang;
    if (!run->roads) {
        fputs(zp_word(lang, "cli_straight"), fp);
        return;
    }
    const zp_roads_stats *st = zp_roads_stats_get(run->roads);
    fprintf(fp, zp_word(lang, "cli_roads"), st->lines, st->walkable_lines, st->zero_length,
            st->nodes, st->edges, st->length_m / 1000.0, st->components, st->dangling,
            run->sc->roads.path);
    part *p = calloc(st->components + 1, sizeof *p);
    if (!p)
        return;
    size_t far[2] = {0}, cut[2] = {0};
    for (size_t c = 0; c < st->components; c++)
        p[c].id = c;
    for (size_t e = 0; e < zp_roads_nedges(run->roads); e++)
        p[zp_roads_edge_part(run->roads, e)].edges++;
    for (int site = 0; site < 2; site++)
        for (size_t i = 0; i < (site ? run->ds.nschools : run->ds.nblocks); i++) {
            long c = zp_dist_part(run->dist, site, i);
            double a = zp_dist_access_m(run->dist, site, i);
            cut[site] += c < 0;
            far[site] += c >= 0 && a > run->sc->policy.access_max_m;
            if (c >= 0 && site)
                p[c].schools++;
            else if (c >= 0)
                p[c].blocks++;
        }
    qsort(p, st->components, sizeof *p, by_blocks);
    size_t mb = 0, ms = 0;
    for (size_t c = 0; c < st->components; c++) {
        if (c < PARTS_LISTED)
            fprintf(fp, zp_word(lang, "cli_roads_part"), p[c].id + 1, p[c].blocks, p[c].schools,
                    p[c].edges);
        else
            mb += p[c].blocks, ms += p[c].schools;
    }
    if (st->components > PARTS_LISTED)
        fprintf(fp, zp_word(lang, "cli_roads_more"), st->components - PARTS_LISTED, mb, ms);
    fprintf(fp, zp_word(lang, "cli_roads_access"), run->sc->policy.access_max_m, far[0], far[1],
            cut[0], cut[1]);
    free(p);
}

void zp_run_print_inputs(const zp_run *run, FILE *fp)
{
    zp_lang lang = run->sc->lang;
    fprintf(fp, zp_word(lang, "cli_scenario"), run->sc->name);
    fprintf(fp, zp_word(lang, "cli_blocks"), run->ds.nblocks, run->ds.blocks_path);
    fprintf(fp, zp_word(lang, "cli_schools"), run->ds.nschools, run->ds.schools_path);
    print_roads(run, fp);
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
    for (int l = 0; run->audit_on && l < ZP_NLEVELS; l++) {
        const zp_audit_result *p = &run->audit_plan, *c = &run->audit_cur;
        if (!run->active[l])
            continue;
        fprintf(fp, zp_word(lang, "cli_audit"), zp_word_level(lang, l), p->npass[l],
                p->npass[l] + p->nfail[l]);
        if (run->has_current[l])
            fprintf(fp, zp_word(lang, "cli_audit_cur"), c->npass[l], c->npass[l] + c->nfail[l]);
        fputc('\n', fp);
    }
    fprintf(fp, zp_word(lang, "cli_time"), run->seconds_load, run->seconds_geo, run->seconds_solve,
            run->seconds_union, run->seconds_write);
    char files[256];
    snprintf(files, sizeof files, "%s%s%s",
             "catchments.shp,blocks.shp,schools.shp,assignment.csv,schools.csv,flags.csv,"
             "summary.json,report.md",
             run->roads && run->ds.nblocks <= ZP_MAP_BLOCKS_MAX ? ",routes.geojson" : "",
             run->audit_on ? ",audit.csv" : "");
    fprintf(fp, zp_word(lang, "cli_outputs"), dir, files);
}
