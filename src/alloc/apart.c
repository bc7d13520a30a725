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
    free(home);
    free(is_short);
    return rc;
}
