/* The redraw figures of a run in report.md and summary.json: contiguity (what the repair
 * moved, what it cost, which pieces stay apart and why), stability (children moved off
 * today's school, locks) and shape (compactness and distances per catchment).
 *
 * Kept apart from report.c and summary.c so the core report stays readable; both call in. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"
#include "out_internal.h"

static const char *piece_reason(int reason)
{
    switch (reason) {
    case ZP_PIECE_ISLAND:
        return "island: no school's main area is on the same land (no shared boundary "
               "reaches it)";
    case ZP_PIECE_LOCKED:
        return "locked blocks keep it with this school";
    case ZP_PIECE_ENCLOSED:
        return "no catchment's main area touches it: its neighbours are blocks without a place "
               "or other pieces apart";
    case ZP_PIECE_FEEDER:
        return "feeder zone: whole primary catchments go to this junior school and are not "
               "re-cut";
    case ZP_PIECE_UNFINISHED:
        return "repair stopped at its pass limit while a neighbour still had room";
    default:
        return "the catchments whose main areas touch it are full";
    }
}

static void contig_section(FILE *fp, const zp_run *run)
{
    const zp_policy *p = &run->sc->policy;
    fputs("\n## Contiguity\n\n", fp);
    if (!run->contig_on) {
        fputs("Not checked (`policy.contiguity: false`).\n", fp);
        return;
    }
    fprintf(fp,
            "Blocks are neighbours when their boundaries run within %.1f m of each other for at "
            "least %.1f m (touching at a corner does not count): %zu shared boundaries.\n\n",
            p->adjacency_tolerance_m, p->adjacency_min_shared_m, run->adj.start[run->adj.n] / 2);
    fputs("| level | pieces apart before repair | blocks moved | children moved | objective "
          "before repair (child-m) | after repair | change | pieces left apart |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|\n",
          fp);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        const zp_contig_report *c = &run->contig[l];
        char change[40]; /* repair may lower the objective too */
        zp_format_thousands(change, sizeof change,
                            llround(c->objective_after - c->objective_before), 1);
        fprintf(fp, "| %s | %zu | %zu | %lld | %.0f | %.0f | %s | %zu |\n",
                zp_level_name((zp_level)l), c->pieces_before, c->blocks_moved,
                (long long)c->children_moved, c->objective_before, c->objective_after, change,
                c->nleft);
    }
    size_t left = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        left += run->active[l] ? run->contig[l].nleft : 0;
    if (!left) {
        fputs("\nEvery catchment is one connected piece.\n", fp);
        return;
    }
    fputs("\nPieces that stay apart from their school's main area:\n\n"
          "| level | school | piece (first block) | blocks | children | why |\n"
          "|---|---|---|---:|---:|---|\n",
          fp);
    for (int l = 0; l < ZP_NLEVELS; l++)
        for (size_t i = 0; run->active[l] && i < run->contig[l].nleft; i++) {
            const zp_contig_piece *pc = &run->contig[l].left[i];
            const zp_school *s = &run->ds.schools[pc->school];
            fprintf(fp, "| %s | %s ", zp_level_name((zp_level)l), s->id);
            zp_out_md_cell(fp, s->name);
            fprintf(fp, " | %s ", run->ds.blocks[pc->first_block].id);
            zp_out_md_cell(fp, run->ds.blocks[pc->first_block].name
                                   ? run->ds.blocks[pc->first_block].name
                                   : "");
            fprintf(fp, " | %d | %lld | %s |\n", pc->nblocks, (long long)pc->children,
                    piece_reason(pc->reason));
        }
}

static void stability_section(FILE *fp, const zp_run *run)
{
    int any = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        any |= run->active[l] && run->has_current[l];
    if (!any)
        return;
    fprintf(fp,
            "\n## Moves\n\nMove penalty: %.0f m per child placed away from today's school "
            "(`policy.move_penalty_m`; 0 = nearest school with room, whatever today's zones).\n\n"
            "| level | children placed | moved off today's school | share | kept by a lock |\n"
            "|---|---:|---:|---:|---:|\n",
            run->sc->policy.move_penalty_m);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l] || !run->has_current[l])
            continue;
        const zp_alloc_result *r = &run->plan[l];
        long long placed = 0;
        for (size_t b = 0; b < run->ds.nblocks; b++)
            placed += r->placed[b];
        fprintf(fp, "| %s | %lld | %lld | %.1f%% | %lld |\n", zp_level_name((zp_level)l), placed,
                (long long)r->moved, placed ? 100.0 * (double)r->moved / (double)placed : 0.0,
                (long long)r->locked);
    }
}

double zp_out_polsby_popper(double area_m2, double perimeter_m)
{
    return perimeter_m > 0 ? 4.0 * M_PI * area_m2 / (perimeter_m * perimeter_m) : 0.0;
}

static void shape_section(FILE *fp, const zp_run *run)
{
    fputs("\n## Catchment shape and distance\n\n"
          "Polsby-Popper compactness is 4πA/P² (1 for a circle, near 0 for a long thin or "
          "ragged zone); distances are children-weighted, from the block to the school.\n\n"
          "| school | level | blocks | children | pieces | area (km²) | Polsby-Popper | mean "
          "(m) | 95th percentile (m) | max (m) |\n"
          "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
          fp);
    for (size_t s = 0; s < run->ds.nschools; s++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            const zp_school_stats *st = &run->plan_check.stats[s * ZP_NLEVELS + (size_t)l];
            if (!run->active[l] || !st->blocks)
                continue;
            const zp_run_outline *o = run->outline[l] ? &run->outline[l][s] : NULL;
            fprintf(fp, "| %s ", run->ds.schools[s].id);
            zp_out_md_cell(fp, run->ds.schools[s].name);
            fprintf(fp, " | %s | %lld | %lld | %d | %.3f | %.3f | %.0f | %.0f | %.0f |\n",
                    zp_level_name((zp_level)l), (long long)st->blocks, (long long)st->enrolment,
                    zp_run_pieces(run, l, s), o ? o->area_m2 / 1e6 : 0.0,
                    o ? zp_out_polsby_popper(o->area_m2, o->perimeter_m) : 0.0,
                    st->enrolment ? st->child_metres / (double)st->enrolment : 0.0, st->p95_dist_m,
                    st->max_dist_m);
        }
}

static void feeder_section(FILE *fp, const zp_run *run)
{
    if (!run->sc->policy.feeder || !run->active[ZP_PRIMARY] || !run->active[ZP_JUNIOR])
        return;
    fputs("\n## Feeder zones (对口直升)\n\nEach primary catchment sends all its junior pupils "
          "to one junior school: the junior level assigns whole primary catchments, solved "
          "exactly by branch and cut (GLPK) over catchments x junior schools. Its gap is to the "
          "relaxation in which a catchment may split, so it measures the price of keeping "
          "catchments whole, not solver slack. Junior zones are unions of primary "
          "catchments, so their pieces are reported below but not re-cut.\n\n"
          "| primary school | junior school | junior pupils |\n|---|---|---:|\n",
          fp);
    const zp_alloc_result *pri = &run->plan[ZP_PRIMARY], *jun = &run->plan[ZP_JUNIOR];
    size_t ns = run->ds.nschools;
    int32_t *to = malloc(sizeof *to * (ns + 1));
    long long *kids = calloc(ns + 1, sizeof *kids);
    for (size_t s = 0; to && s < ns; s++)
        to[s] = -1;
    for (size_t b = 0; to && kids && b < run->ds.nblocks; b++) {
        int32_t s = pri->school[b];
        if (s < 0)
            continue;
        kids[s] += jun->placed[b];
        if (jun->school[b] >= 0 && run->ds.blocks[b].children[ZP_JUNIOR] > 0)
            to[s] = jun->school[b];
    }
    for (size_t s = 0; to && kids && s < ns; s++) {
        if (to[s] < 0)
            continue;
        fprintf(fp, "| %s ", run->ds.schools[s].id);
        zp_out_md_cell(fp, run->ds.schools[s].name);
        fprintf(fp, " | %s ", run->ds.schools[to[s]].id);
        zp_out_md_cell(fp, run->ds.schools[to[s]].name);
        fprintf(fp, " | %lld |\n", kids[s]);
    }
    free(to);
    free(kids);
}

void zp_out_report_redraw(FILE *fp, const zp_run *run)
{
    feeder_section(fp, run);
    contig_section(fp, run);
    stability_section(fp, run);
    shape_section(fp, run);
}
