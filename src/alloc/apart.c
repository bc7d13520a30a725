/* What contiguity leaves apart, and why: pieces without children settle into the catchment
 * around them, each piece left gets its reason, and land short of places gets its proof.
 *
 * A river (a barrier the blocks were carved along) or a gap in the map splits the block graph
 * into lands. Where a land has more children than the schools standing on it have places,
 * some of its children must go to a school across, and every such school's catchment is in
 * parts however the lines are drawn: the report says so with the numbers, instead of "no
 * neighbour has room", and counts the fewest such parts any plan placing every child needs. */
#include <stdlib.h>
#include <string.h>

#include "contig_internal.h"
#include "zoneplan/errors.h"

/* The school around a piece without children: the one its outside neighbours belong to most
 * often (lowest index on ties), -1 when they are all blocks without a place. -2: none (a
 * piece with children, a locked block, or no neighbour at all). */
static int32_t surrounding_school(contig *c, const int32_t *blk, size_t n, int32_t *count)
{
    int32_t own = c->r->school[blk[0]], best = -2, none = 0;
    for (size_t i = 0; i < n; i++)
        if (c->in->demand[blk[i]] > 0 || zp_alloc_is_locked(c->in, (size_t)blk[i]))
            return -2;
    for (size_t i = 0; i < n; i++)
        for (size_t k = c->start[blk[i]]; k < c->start[blk[i] + 1]; k++) {
            int32_t t = c->r->school[c->nbr[k]];
            if (t == own)
                continue;
            if (t < 0)
                none++;
            else if (++count[t] > (best >= 0 ? count[best] : 0) ||
                     (count[t] == count[best] && t < best))
                best = t;
        }
    if (best < 0 && none > 0)
        best = -1;
    for (size_t i = 0; i < n; i++) /* clear the tally for the next piece */
        for (size_t k = c->start[blk[i]]; k < c->start[blk[i] + 1]; k++)
            if (c->r->school[c->nbr[k]] >= 0)
                count[c->r->school[c->nbr[k]]] = 0;
    return best;
}

size_t zp_ct_settle_empty(contig *c)
{
    zp_ct_components(c);
    zp_ct_list_pieces(c);
    int32_t *count = calloc(c->ns + 1, sizeof *count);
    if (!count) {
        c->failed = 1;
        return 0;
    }
    size_t settled = 0;
    for (size_t p = 0; p < c->npieces; p++) {
        const int32_t *blk = c->order + c->pstart[p];
        size_t n = c->pstart[p + 1] - c->pstart[p];
        int32_t t = surrounding_school(c, blk, n, count);
        if (t == -2)
            continue;
        for (size_t i = 0; i < n; i++) /* no children: no load to move */
            c->r->school[blk[i]] = t;
        settled++;
    }
    free(count);
    return settled;
}

/* Why a piece could not join a neighbour, as it is at the end: no school's main piece on
 * its land, a lock, land short of places, no main piece next to it at all, or none with room
 * for an edge block (peel moves any edge block that fits, so one that fits means repair ran
 * out of passes). short_land: per land root, 1 when short of places. */
static int reason_of(contig *c, const int32_t *blk, size_t n, const uint8_t *short_land,
                     const int32_t *home)
{
    int32_t land = zp_uf_find(c->land, blk[0]), s = c->r->school[blk[0]];
    if (!c->has_main[land])
        return ZP_PIECE_ISLAND;
    for (size_t i = 0; i < n; i++)
        if (zp_alloc_is_locked(c->in, (size_t)blk[i]))
            return ZP_PIECE_LOCKED;
    if (short_land && short_land[land] && home[s] >= 0 && zp_uf_find(c->land, home[s]) != land)
        return ZP_PIECE_CROSSING;
    int touches = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = c->start[blk[i]]; k < c->start[blk[i] + 1]; k++) {
            int32_t t = c->r->school[c->nbr[k]];
            if (t < 0 || t == s || !c->in_main[c->nbr[k]])
                continue;
            touches = 1;
            if (c->room[t] >= c->r->placed[blk[i]])
                return ZP_PIECE_UNFINISHED;
        }
    }
    return touches ? ZP_PIECE_NO_ROOM : ZP_PIECE_ENCLOSED;
}

/* Each school's home block: the nearest of the blocks whose nearest school it is (the block
 * it stands in, as a rule), else its main piece's anchor; -1 for a school with neither. */
static int32_t *home_blocks(contig *c)
{
    int32_t *home = malloc(sizeof *home * (c->ns + 1));
    double *best = malloc(sizeof *best * (c->ns + 1));
    if (!home || !best) {
        free(home);
        free(best);
        return NULL;
    }
    for (size_t s = 0; s < c->ns; s++)
        home[s] = -1;
    for (size_t b = 0; c->r->nearest && b < c->nb; b++) {
        int32_t s = c->r->nearest[b];
        if (s < 0)
            continue;
        double d = zp_alloc_dist(c->in, b, (size_t)s);
        if (home[s] < 0 || d < best[s]) {
            home[s] = (int32_t)b;
            best[s] = d;
        }
    }
    for (size_t s = 0; s < c->ns; s++)
        if (home[s] < 0)
            home[s] = c->anchor[s];
    free(best);
    return home;
}

static int cmp_desc(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a < b) - (a > b);
}

/* The fewest schools off land whose places add up to need (largest first). */
static int32_t fewest_schools(contig *c, const int32_t *home, int32_t land, int64_t need,
                              int64_t *cap)
{
    size_t n = 0;
    for (size_t s = 0; s < c->ns; s++)
        if (home[s] >= 0 && zp_uf_find(c->land, home[s]) != land)
            cap[n++] = c->in->capacity[s];
    qsort(cap, n, sizeof *cap, cmp_desc);
    int32_t k = 0;
    for (int64_t sum = 0; k < (int32_t)n && sum < need; k++)
        sum += cap[k];
    return k;
}

/* Lands short of places, when every child of the level has a place (otherwise children on
 * a short land may go without rather than across, and nothing is proven). */
static int short_lands(contig *c, const int32_t *home, zp_contig_report *rep, uint8_t *is_short)
{
    int64_t *kids = calloc(c->nb + 1, sizeof *kids), *places = calloc(c->nb + 1, sizeof *places);
    int64_t *scratch = malloc(sizeof *scratch * (c->ns + 1)), unplaced = 0;
    int32_t *size = calloc(c->nb + 1, sizeof *size), *first = malloc(sizeof *first * (c->nb + 1));
    int rc = kids && places && scratch && size && first ? ZP_OK
                                                        : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; !rc && b < c->nb; b++) {
        int32_t l = zp_uf_find(c->land, (int32_t)b);
        if (!size[l]++)
            first[l] = (int32_t)b;
        kids[l] += c->in->demand[b] > 0 ? c->in->demand[b] : 0;
        unplaced += c->r->unplaced[b];
    }
    for (size_t s = 0; !rc && s < c->ns; s++)
        if (home[s] >= 0)
            places[zp_uf_find(c->land, home[s])] += c->in->capacity[s];
    for (size_t b = 0; !rc && !unplaced && b < c->nb; b++)
        if (zp_uf_find(c->land, (int32_t)b) == (int32_t)b && kids[b] > places[b] &&
            places[b] > 0) { /* no places at all: an island, reported as such */
            is_short[b] = 1;
            rep->nshort++;
        }
    if (!rc && rep->nshort) {
        rep->short_lands = calloc(rep->nshort, sizeof *rep->short_lands);
        rc = rep->short_lands ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    }
    size_t i = 0;
    for (size_t b = 0; !rc && b < c->nb; b++) { /* lands in order of their first block */
        int32_t l = zp_uf_find(c->land, (int32_t)b);
        if (!is_short[l] || first[l] != (int32_t)b)
            continue;
        zp_contig_land *o = &rep->short_lands[i++];
        *o = (zp_contig_land){.first_block = (int32_t)b,
                              .nblocks = size[l],
                              .children = kids[l],
                              .places = places[l],
                              .must_cross = kids[l] - places[l]};
        o->min_parts = fewest_schools(c, home, l, o->must_cross, scratch);
    }
    free(kids);
    free(places);
    free(scratch);
    free(size);
    free(first);
    return rc;
}

/* A school's children on a land not its own. */
typedef struct crossing {
    int32_t land, school;
    int64_t children;
} crossing;

static int cmp_crossing(const void *x, const void *y)
{
    const crossing *a = x, *b = y;
    if (a->land != b->land)
        return a->land < b->land ? -1 : 1;
    if (a->children != b->children)
        return a->children > b->children ? -1 : 1;
    return (a->school > b->school) - (a->school < b->school);
}

/* The schools crossing to each short land, per land most children first: one record per
 * land and school (blocks' children summed). idx: per land root, its short land's index. */
static crossing *crossings_of(contig *c, const int32_t *home, const int32_t *idx, size_t *n)
{
    crossing *x = malloc(sizeof *x * (c->nb + 1));
    size_t m = 0;
    for (size_t b = 0; x && b < c->nb; b++) {
        int32_t l = zp_uf_find(c->land, (int32_t)b), s = c->r->school[b];
        if (idx[l] >= 0 && s >= 0 && home[s] >= 0 && zp_uf_find(c->land, home[s]) != l)
            x[m++] = (crossing){idx[l], s, c->r->placed[b]};
    }
    if (!x)
        return NULL;
    qsort(x, m, sizeof *x, cmp_crossing); /* by land, then merged per school below */
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        if (k > 0 && x[k - 1].land == x[i].land && x[k - 1].school == x[i].school)
            x[k - 1].children += x[i].children;
        else
            x[k++] = x[i];
    }
    qsort(x, k, sizeof *x, cmp_crossing); /* sums changed the order within a land */
    *n = k;
    return x;
}

/* For each short land whose plan crosses with more parts than its least: the fewest of the
 * schools crossing now, most children across first, whose places cover must_cross, and the
 * land's own schools may serve it (a school serves one limited land at most; a land with a
 * lock, or where no fewer schools would do, is left as it is). */
static int crossing_limits(contig *c, const int32_t *home, zp_contig_report *rep)
{
    int32_t *idx = malloc(sizeof *idx * (c->nb + 1));
    int32_t *limit = malloc(sizeof *limit * (c->nb + 1));
    int32_t *serve = malloc(sizeof *serve * (c->ns + 1));
    size_t nx = 0, any = 0;
    crossing *x = NULL;
    int rc = idx && limit && serve ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; !rc && b < c->nb; b++)
        idx[b] = limit[b] = -1;
    for (size_t s = 0; !rc && s < c->ns; s++)
        serve[s] = -1;
    for (size_t i = 0; !rc && i < rep->nshort; i++)
        if (rep->short_lands[i].parts > rep->short_lands[i].min_parts)
            idx[zp_uf_find(c->land, rep->short_lands[i].first_block)] = (int32_t)i;
    for (size_t b = 0; !rc && b < c->nb; b++) /* a lock keeps its land as it is */
        if (zp_alloc_is_locked(c->in, b))
            idx[zp_uf_find(c->land, (int32_t)b)] = -1;
    if (!rc && !(x = crossings_of(c, home, idx, &nx)))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < nx;) {
        int32_t land = x[i].land, k = 0, clash = 0;
        const zp_contig_land *o = &rep->short_lands[land];
        int64_t cover = 0;
        size_t j = i;
        for (; j < nx && x[j].land == land; j++)
            if (cover < o->must_cross) {
                cover += c->in->capacity[x[j].school];
                /* a school serves one limited land: its own, or one it crosses to */
                clash |=
                    serve[x[j].school] >= 0 || idx[zp_uf_find(c->land, home[x[j].school])] >= 0;
                k++;
            }
        if (cover >= o->must_cross && k < o->parts && !clash) {
            for (size_t q = i; q < i + (size_t)k; q++)
                serve[x[q].school] = land;
            rep->short_lands[land].limited = 1;
            any++;
        }
        i = j;
    }
    for (size_t s = 0; !rc && any && s < c->ns; s++) /* each limited land's own schools */
        if (home[s] >= 0) {
            int32_t l = idx[zp_uf_find(c->land, home[s])];
            if (l >= 0 && rep->short_lands[l].limited)
                serve[s] = l;
        }
    for (size_t b = 0; !rc && any && b < c->nb; b++) {
        int32_t l = idx[zp_uf_find(c->land, (int32_t)b)];
        if (l >= 0 && rep->short_lands[l].limited)
            limit[b] = l;
    }
    if (!rc && any) {
        rep->limit_land = limit;
        rep->may_serve = serve;
        limit = serve = NULL;
    }
    free(idx);
    free(limit);
    free(serve);
    free(x);
    return rc;
}

int zp_ct_report_left(contig *c, zp_contig_report *rep)
{
    for (size_t b = 0; b < c->nb; b++)
        c->land[b] = (int32_t)b;
    for (size_t b = 0; b < c->nb; b++)
        for (size_t k = c->start[b]; k < c->start[b + 1]; k++)
            zp_uf_unite(c->land, (int32_t)b, c->nbr[k]);
    memset(c->has_main, 0, c->nb + 1);
    for (size_t s = 0; s < c->ns; s++)
        if (c->anchor[s] >= 0)
            c->has_main[zp_uf_find(c->land, c->anchor[s])] = 1;
    rep->nleft = c->npieces;
    rep->left = calloc(c->npieces + 1, sizeof *rep->left);
    rep->pieces = calloc(c->ns + 1, sizeof *rep->pieces);
    int32_t *home = home_blocks(c);
    uint8_t *is_short = calloc(c->nb + 1, 1);
    int rc = rep->left && rep->pieces && home && is_short
                 ? ZP_OK
                 : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc)
        rc = short_lands(c, home, rep, is_short);
    for (size_t s = 0; !rc && s < c->ns; s++)
        rep->pieces[s] = c->anchor[s] >= 0;
    for (size_t p = 0; !rc && p < c->npieces; p++) {
        const int32_t *blk = c->order + c->pstart[p];
        size_t n = c->pstart[p + 1] - c->pstart[p];
        zp_contig_piece *lp = &rep->left[p];
        lp->school = c->r->school[blk[0]];
        lp->first_block = blk[0];
        lp->nblocks = (int32_t)n;
        for (size_t i = 0; i < n; i++)
            lp->children += c->r->placed[blk[i]];
        lp->reason = reason_of(c, blk, n, is_short, home);
        rep->pieces[lp->school]++;
        for (size_t i = 0; lp->reason == ZP_PIECE_CROSSING && i < rep->nshort; i++)
            if (zp_uf_find(c->land, rep->short_lands[i].first_block) == zp_uf_find(c->land, blk[0]))
                rep->short_lands[i].parts++;
    }
    if (!rc && rep->nshort)
        rc = crossing_limits(c, home, rep);
    free(home);
    free(is_short);
    return rc;
}

static int32_t crossing_parts(const zp_contig_report *c)
{
    int32_t n = 0;
    for (size_t i = 0; i < c->nshort; i++)
        n += c->short_lands[i].parts;
    return n;
}

/* Whether alt keeps to the limits (their cost keeps every stage off a barred pair; this makes
 * sure nothing strayed). */
static int within_limits(const zp_alloc_input *lin, const zp_alloc_result *alt)
{
    for (size_t b = 0; b < lin->nblocks; b++)
        if (lin->limit_land[b] >= 0 && alt->school[b] >= 0 && alt->placed[b] > 0 &&
            lin->may_serve[alt->school[b]] != lin->limit_land[b])
            return 0;
    return 1;
}

/* The plan under the limits in place of r: its blocks' schools, r's LP bound, prices and
 * pairs kept (the bound of the problem without limits), the figures counted from the plan
 * before repair (pre). */
static void take_plan(const zp_alloc_input *in, const int32_t *pre, zp_alloc_result *r,
                      zp_contig_report *rep, const zp_alloc_result *alt, zp_contig_report *arep)
{
    size_t nb = in->nblocks;
    double before = r->objective;
    int64_t short_before = r->shortfall;
    memcpy(r->school, alt->school, sizeof *r->school * nb);
    memcpy(r->placed, alt->placed, sizeof *r->placed * nb);
    memcpy(r->unplaced, alt->unplaced, sizeof *r->unplaced * nb);
    memcpy(r->load, alt->load, sizeof *r->load * in->nschools);
    zp_alloc_rescore(in, r);
    arep->fewer_crossings.parts_before = crossing_parts(rep);
    arep->fewer_crossings.parts_after = crossing_parts(arep);
    arep->fewer_crossings.objective_before = before;
    arep->fewer_crossings.objective_after = r->objective;
    arep->pieces_before = rep->pieces_before;
    arep->objective_before = rep->objective_before;
    arep->distance_before = rep->distance_before;
    arep->objective_after = r->objective;
    arep->distance_after = r->distance;
    arep->shed = rep->shed + (r->shortfall - short_before);
    arep->blocks_moved = 0;
    arep->children_moved = 0;
    for (size_t b = 0; b < nb; b++)
        if (pre[b] != r->school[b]) {
            arep->blocks_moved++;
            arep->children_moved += r->placed[b];
        }
    zp_contig_report_free(rep);
    *rep = *arep;
    memset(arep, 0, sizeof *arep);
}

static int fewer_crossings(const zp_alloc_input *in, const size_t *adj_start, const int32_t *adj,
                           const int32_t *pre, zp_alloc_result *r, zp_contig_report *rep)
{
    zp_alloc_input lin = *in;
    lin.limit_land = rep->limit_land;
    lin.may_serve = rep->may_serve;
    lin.keep_arcs = 0;
    zp_alloc_result alt = {0};
    zp_contig_report arep = {0};
    int rc = zp_alloc_solve(&lin, &alt);
    if (!rc)
        rc = zp_contig_repair(&lin, adj_start, adj, &alt, &arep);
    /* fewer pieces apart first, then the cheaper, never more children without a place */
    if (!rc && alt.shortfall <= r->shortfall && within_limits(&lin, &alt) &&
        (arep.nleft < rep->nleft || (arep.nleft == rep->nleft && alt.objective < r->objective)))
        take_plan(in, pre, r, rep, &alt, &arep);
    zp_contig_report_free(&arep);
    zp_alloc_result_free(&alt);
    return rc;
}

int zp_contig_fewer_crossings(const zp_alloc_input *in, const size_t *adj_start, const int32_t *adj,
                              const int32_t *pre, zp_alloc_result *r, zp_contig_report *rep)
{
    if (!rep->limit_land)
        return ZP_OK;
    zp_alloc_input local;
    zp_dist *own;
    int rc = zp_alloc_with_dist(in, &local, &own);
    if (!rc)
        rc = fewer_crossings(&local, adj_start, adj, pre, r, rep);
    if (!rc)
        rc = zp_dist_status(local.dist);
    zp_dist_free(own);
    free(rep->limit_land); /* used, or not wanted: the report does not carry them on */
    free(rep->may_serve);
    rep->limit_land = rep->may_serve = NULL;
    return rc;
}
