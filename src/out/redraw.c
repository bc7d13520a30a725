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

static const char *piece_reason(zp_lang lang, int reason)
{
    switch (reason) {
    case ZP_PIECE_ISLAND:
        return zp_word(lang, "rep_piece_island");
    case ZP_PIECE_LOCKED:
        return zp_word(lang, "rep_piece_locked");
    case ZP_PIECE_ENCLOSED:
        return zp_word(lang, "rep_piece_enclosed");
    case ZP_PIECE_FEEDER:
        return zp_word(lang, "rep_piece_feeder");
    case ZP_PIECE_UNFINISHED:
        return zp_word(lang, "rep_piece_unfinished");
    case ZP_PIECE_CROSSING:
        return zp_word(lang, "rep_piece_crossing");
    default:
        return zp_word(lang, "rep_piece_full");
    }
}

/* Land short of places, per level: the proof that some catchments must reach across. */
static void lands_table(FILE *fp, const zp_run *run)
{
    zp_lang lang = run->sc->lang;
    size_t n = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        n += run->active[l] ? run->contig[l].nshort : 0;
    if (!n)
        return;
    fputs(zp_word(lang, "rep_lands_table"), fp);
    for (int l = 0; l < ZP_NLEVELS; l++)
        for (size_t i = 0; run->active[l] && i < run->contig[l].nshort; i++) {
            const zp_contig_land *d = &run->contig[l].short_lands[i];
            fprintf(fp, "| %s | %s | %d | %lld | %lld | %lld | %d | %d |\n", zp_word_level(lang, l),
                    run->ds.blocks[d->first_block].id, d->nblocks, (long long)d->children,
                    (long long)d->places, (long long)d->must_cross, d->min_parts, d->parts);
        }
    for (int l = 0; l < ZP_NLEVELS; l++) {
        const zp_contig_report *c = &run->contig[l];
        if (!run->active[l] || !c->fewer_crossings.parts_before)
            continue;
        char a[40], b[40], d[40];
        zp_format_thousands(a, sizeof a, llround(c->fewer_crossings.objective_before), 0);
        zp_format_thousands(b, sizeof b, llround(c->fewer_crossings.objective_after), 0);
        zp_format_thousands(
            d, sizeof d,
            llround(c->fewer_crossings.objective_after - c->fewer_crossings.objective_before), 1);
        fprintf(fp, zp_word(lang, "rep_fewer_crossings"), zp_word_level(lang, l),
                c->fewer_crossings.parts_before, c->fewer_crossings.parts_before,
                c->fewer_crossings.parts_after, a, b, d);
    }
}

/* Whether school s's outline at level l has more parts on the map than over shared boundaries
 * (l < 0: any school at any level). */
static int map_parts_beyond_graph(const zp_run *run, int l, size_t s)
{
    if (l < 0) {
        for (int k = 0; k < ZP_NLEVELS; k++)
            for (size_t t = 0; t < run->ds.nschools; t++)
                if (map_parts_beyond_graph(run, k, t))
                    return 1;
        return 0;
    }
    if (!run->active[l] || !run->outline[l] || !run->contig_on || !run->contig[l].pieces)
        return 0;
    return run->outline[l][s].apart > run->contig[l].pieces[s];
}

/* Catchments the map shows in more parts than the block graph does, with the blocks drawn in
 * parts apart themselves (a tract with an island, a polygon split by its repair): whatever
 * the plan, such a block's catchment has as many parts. */
static void map_parts_table(FILE *fp, const zp_run *run)
{
    zp_lang lang = run->sc->lang;
    size_t nb = run->ds.nblocks, nmulti = 0;
    if (!map_parts_beyond_graph(run, -1, 0))
        return;
    int32_t *multi = malloc(sizeof *multi * (nb + 1)), head = 0;
    for (size_t b = 0; multi && b < nb; b++)
        if (zp_geo_block_parts(run->geo, b) > 1)
            multi[nmulti++] = (int32_t)b;
    for (int l = 0; multi && l < ZP_NLEVELS; l++)
        for (size_t s = 0; s < run->ds.nschools; s++) {
            if (!map_parts_beyond_graph(run, l, s))
                continue;
            if (!head++)
                fputs(zp_word(lang, "rep_map_parts_table"), fp);
            fprintf(fp, "| %s | %s | %d | %d | ", zp_word_level(lang, l), run->ds.schools[s].id,
                    run->contig[l].pieces[s], run->outline[l][s].apart);
            int n = 0;
            for (size_t i = 0; i < nmulti; i++)
                if (run->plan[l].school[multi[i]] == (int32_t)s)
                    fprintf(fp, "%s%s (%d)", n++ ? ", " : "", run->ds.blocks[multi[i]].id,
                            zp_geo_block_parts(run->geo, (size_t)multi[i]));
            fputs(n ? " |\n" : "- |\n", fp);
        }
    free(multi);
}

static void contig_section(FILE *fp, const zp_run *run)
{
    const zp_policy *p = &run->sc->policy;
    zp_lang lang = run->sc->lang;
    fputs(zp_word(lang, "rep_contig_head"), fp);
    if (!run->contig_on) {
        fputs(zp_word(lang, "rep_contig_off"), fp);
        return;
    }
    fprintf(fp, zp_word(lang, "rep_adjacency"), p->adjacency_tolerance_m, p->adjacency_min_shared_m,
            run->adj.start[run->adj.n] / 2);
    fputs(zp_word(lang, "rep_contig_table"), fp);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        const zp_contig_report *c = &run->contig[l];
        char change[40]; /* repair may lower the objective too */
        zp_format_thousands(change, sizeof change,
                            llround(c->objective_after - c->objective_before), 1);
        fprintf(fp, "| %s | %zu | %zu | %lld | %.0f | %.0f | %s | %lld | %zu |\n",
                zp_word_level(lang, l), c->pieces_before, c->blocks_moved,
                (long long)c->children_moved, c->objective_before, c->objective_after, change,
                (long long)c->shed, c->nleft);
    }
    for (int l = 0; l < ZP_NLEVELS; l++) { /* how, per level that had pieces */
        const zp_contig_report *c = &run->contig[l];
        if (!run->active[l] || !c->pieces_before)
            continue;
        char how[400];
        if (c->grown)
            snprintf(how, sizeof how, "%s", zp_word(lang, "rep_contig_grown"));
        else
            snprintf(how, sizeof how, zp_word(lang, "rep_contig_joined"), c->chained);
        fprintf(fp, zp_word(lang, "rep_contig_how"), zp_word_level(lang, l), how);
    }
    fputc('\n', fp);
    size_t left = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        left += run->active[l] ? run->contig[l].nleft : 0;
    if (!left) {
        fputs(zp_word(lang, map_parts_beyond_graph(run, -1, 0) ? "rep_contig_whole_graph"
                                                               : "rep_contig_whole"),
              fp);
        map_parts_table(fp, run);
        return;
    }
    fputs(zp_word(lang, "rep_pieces_table"), fp);
    for (int l = 0; l < ZP_NLEVELS; l++)
        for (size_t i = 0; run->active[l] && i < run->contig[l].nleft; i++) {
            const zp_contig_piece *pc = &run->contig[l].left[i];
            const zp_school *s = &run->ds.schools[pc->school];
            fprintf(fp, "| %s | %s ", zp_word_level(lang, l), s->id);
            zp_out_md_cell(fp, s->name);
            fprintf(fp, " | %s ", run->ds.blocks[pc->first_block].id);
            zp_out_md_cell(fp, run->ds.blocks[pc->first_block].name
                                   ? run->ds.blocks[pc->first_block].name
                                   : "");
            fprintf(fp, " | %d | %lld | %s |\n", pc->nblocks, (long long)pc->children,
                    piece_reason(lang, pc->reason));
        }
    lands_table(fp, run);
    map_parts_table(fp, run);
}

static void stability_section(FILE *fp, const zp_run *run)
{
    int any = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        any |= run->active[l] && run->has_current[l];
    if (!any)
        return;
    zp_lang lang = run->sc->lang;
    fprintf(fp, zp_word(lang, "rep_moves_head"), run->sc->policy.move_penalty_m);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l] || !run->has_current[l])
            continue;
        const zp_alloc_result *r = &run->plan[l];
        long long placed = 0;
        for (size_t b = 0; b < run->ds.nblocks; b++)
            placed += r->placed[b];
        fprintf(fp, "| %s | %lld | %lld | %.1f%% | %lld |\n", zp_word_level(lang, l), placed,
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
    zp_lang lang = run->sc->lang;
    fputs(zp_word(lang, "rep_shape_head"), fp);
    for (size_t s = 0; s < run->ds.nschools; s++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            const zp_school_stats *st = &run->plan_check.stats[s * ZP_NLEVELS + (size_t)l];
            if (!run->active[l] || !st->blocks)
                continue;
            const zp_run_outline *o = run->outline[l] ? &run->outline[l][s] : NULL;
            fprintf(fp, "| %s ", run->ds.schools[s].id);
            zp_out_md_cell(fp, run->ds.schools[s].name);
            fprintf(fp, " | %s | %lld | %lld | %d | %.3f | %.3f | %.0f | %.0f | %.0f |\n",
                    zp_word_level(lang, l), (long long)st->blocks, (long long)st->enrolment,
                    zp_run_pieces(run, l, s), o ? o->area_m2 / 1e6 : 0.0,
                    o ? zp_out_polsby_popper(o->area_m2, o->perimeter_m) : 0.0,
                    st->enrolment ? st->child_metres / (double)st->enrolment : 0.0, st->p95_dist_m,
                    st->max_dist_m);
        }
}

/* Junior pupils of a primary catchment going to one junior school (ns: no place). */
typedef struct feed_pair {
    int32_t pri, jun;
    long long kids;
} feed_pair;

static int cmp_pair(const void *a, const void *b)
{
    const feed_pair *x = a, *y = b;
    if (x->pri != y->pri)
        return x->pri < y->pri ? -1 : 1;
    return (x->jun > y->jun) - (x->jun < y->jun);
}

/* The pairs of the plan, summed, in school order: one entry per block sorted and merged, so
 * memory and time follow the blocks, not schools x schools. */
static feed_pair *feeder_pairs_of(const zp_run *run, size_t *n_out)
{
    const zp_alloc_result *pri = &run->plan[ZP_PRIMARY], *jun = &run->plan[ZP_JUNIOR];
    size_t ns = run->ds.nschools, n = 0;
    feed_pair *v = malloc(sizeof *v * (2 * run->ds.nblocks + 1));
    for (size_t b = 0; v && b < run->ds.nblocks; b++) {
        if (pri->school[b] < 0)
            continue;
        if (jun->placed[b] > 0)
            v[n++] = (feed_pair){pri->school[b], jun->school[b], jun->placed[b]};
        if (jun->unplaced[b] > 0)
            v[n++] = (feed_pair){pri->school[b], (int32_t)ns, jun->unplaced[b]};
    }
    if (!v)
        return NULL;
    qsort(v, n, sizeof *v, cmp_pair);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m && v[m - 1].pri == v[i].pri && v[m - 1].jun == v[i].jun)
            v[m - 1].kids += v[i].kids;
        else
            v[m++] = v[i];
    *n_out = m;
    return v;
}

static void feeder_pairs(FILE *fp, const zp_run *run, const feed_pair *v, size_t n)
{
    size_t ns = run->ds.nschools;
    for (size_t i = 0; i < n; i++) {
        fprintf(fp, "| %s ", run->ds.schools[v[i].pri].id);
        zp_out_md_cell(fp, run->ds.schools[v[i].pri].name);
        if ((size_t)v[i].jun < ns) {
            fprintf(fp, " | %s ", run->ds.schools[v[i].jun].id);
            zp_out_md_cell(fp, run->ds.schools[v[i].jun].name);
        } else {
            fprintf(fp, " | %s", zp_word(run->sc->lang, "rep_no_place"));
        }
        fprintf(fp, " | %lld | %s |\n", v[i].kids, v[i].jun == v[i].pri ? "直升" : "");
    }
}

/* Nine-year schools whose own junior section cannot take all of their primary catchment's
 * junior pupils: how many go elsewhere. */
static void feeder_short(FILE *fp, const zp_run *run, const feed_pair *v, size_t n)
{
    int any = 0;
    for (size_t i = 0; i < n;) {
        int32_t p = v[i].pri;
        long long own = 0, all = 0;
        for (; i < n && v[i].pri == p; i++) {
            all += v[i].kids;
            own += v[i].jun == p ? v[i].kids : 0;
        }
        if (run->ds.schools[p].type != ZP_TYPE_NINE_YEAR || run->ds.schools[p].closed || all == own)
            continue;
        if (!any++)
            fputs(zp_word(run->sc->lang, "rep_feeder_short_head"), fp);
        fprintf(fp, "- %s ", run->ds.schools[p].id);
        zp_out_md_cell(fp, run->ds.schools[p].name);
        fprintf(fp, zp_word(run->sc->lang, "rep_feeder_short"), own, all,
                (long long)run->capacity[ZP_JUNIOR][p], all - own);
    }
}

static void feeder_section(FILE *fp, const zp_run *run)
{
    if (!run->sc->policy.feeder || !run->active[ZP_PRIMARY] || !run->active[ZP_JUNIOR])
        return;
    fputs(zp_word(run->sc->lang, "rep_feeder_head"), fp);
    size_t n = 0;
    feed_pair *v = feeder_pairs_of(run, &n);
    if (!v) {
        fputs(zp_word(run->sc->lang, "rep_oom"), fp);
        return;
    }
    feeder_pairs(fp, run, v, n);
    feeder_short(fp, run, v, n);
    free(v);
}

void zp_out_report_redraw(FILE *fp, const zp_run *run)
{
    feeder_section(fp, run);
    contig_section(fp, run);
    stability_section(fp, run);
    shape_section(fp, run);
}
