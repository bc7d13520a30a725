/* Contiguous catchments grown from the schools, in the order the LP's prices give.
 *
 * The LP sends a block to the school with the least distance plus price of a place; where
 * that map is in pieces, repair (contig.c) joins pieces afterwards and, where places are
 * short, may have to move many children to do it. Growing is the other way round: every
 * school starts from its own nearest block and takes, one at a time, the block next to its
 * catchment with the least distance plus price, until it is full (the last block placed as
 * far as the places go, the rest of its children without a place). A block is only ever
 * taken next to a catchment, so each catchment is one piece by construction, and where the
 * LP's map is whole the order reproduces it. Blocks no school reaches with room (or only at
 * more than the shortfall penalty) keep no place: where places are short, the children left
 * without one are in blocks that keep every catchment whole. Locked blocks stay put.
 *
 * Then boundary blocks move to a touching catchment while that lowers the cost and both
 * stay whole. A heap of (key, school, block) makes growing E log E in the block edges. */
#include <stdlib.h>
#include <string.h>

#include "contig_internal.h"
#include "core/heap.h"
#include "zoneplan/errors.h"

#define SHIFT_PASSES 8
#define GROW_ROUNDS 12

int zp_ct_plan_save(const contig *c, zp_ct_plan *p)
{
    size_t nb = c->nb + 1, ns = c->ns + 1;
    if (!p->school) {
        p->school = malloc(sizeof *p->school * nb);
        p->placed = malloc(sizeof *p->placed * nb);
        p->unplaced = malloc(sizeof *p->unplaced * nb);
        p->load = malloc(sizeof *p->load * ns);
        if (!p->school || !p->placed || !p->unplaced || !p->load)
            return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    memcpy(p->school, c->r->school, sizeof *p->school * c->nb);
    memcpy(p->placed, c->r->placed, sizeof *p->placed * c->nb);
    memcpy(p->unplaced, c->r->unplaced, sizeof *p->unplaced * c->nb);
    memcpy(p->load, c->r->load, sizeof *p->load * c->ns);
    return ZP_OK;
}

void zp_ct_plan_restore(contig *c, const zp_ct_plan *p)
{
    memcpy(c->r->school, p->school, sizeof *p->school * c->nb);
    memcpy(c->r->placed, p->placed, sizeof *p->placed * c->nb);
    memcpy(c->r->unplaced, p->unplaced, sizeof *p->unplaced * c->nb);
    memcpy(c->r->load, p->load, sizeof *p->load * c->ns);
    for (size_t s = 0; s < c->ns; s++)
        c->room[s] = c->in->capacity[s] - c->r->load[s];
}

void zp_ct_plan_free(zp_ct_plan *p)
{
    free(p->school);
    free(p->placed);
    free(p->unplaced);
    free(p->load);
}

int64_t zp_ct_plan_cost(const contig *c)
{
    int64_t pen = zp_alloc_cost_cm(c->in->penalty_m), sum = 0;
    for (size_t b = 0; b < c->nb; b++) {
        sum += (int64_t)c->r->unplaced[b] * pen;
        if (c->r->school[b] >= 0 && c->r->placed[b] > 0)
            sum += zp_ct_cost(c, b, c->r->school[b]);
    }
    return sum;
}

int64_t zp_ct_plan_shortfall(const contig *c)
{
    int64_t sum = 0;
    for (size_t b = 0; b < c->nb; b++)
        sum += c->r->unplaced[b];
    return sum;
}

/* Join the pieces (passes of one_pass, then pull chains), and grow the catchments afresh
 * from the schools (grow.c): the plan with fewer pieces apart, then the cheaper, stays. */
static void take(contig *c, int32_t b, int32_t s)
{
    zp_alloc_result *r = c->r;
    int32_t d = c->in->demand[b];
    int64_t k = d <= 0 ? 0 : c->room[s] < d ? c->room[s] : d;
    r->school[b] = s;
    r->placed[b] = (int32_t)k;
    r->unplaced[b] = d - (int32_t)k;
    r->load[s] += k;
    c->room[s] -= k;
    c->in_main[b] = 1;
}

/* Costs of the few schools that reach each block while growing, kept across rounds: a walk
 * on roads costs a search per pair. */
#define COST_WAYS 4
typedef struct cost_cache {
    int32_t s[COST_WAYS];
    int64_t cost[COST_WAYS];
} cost_cache;

static int64_t cached_cost(const contig *c, cost_cache *cc, int32_t b, int32_t s)
{
    cost_cache *e = &cc[b];
    int k = 0;
    for (; k < COST_WAYS && e->s[k] >= 0; k++)
        if (e->s[k] == s)
            return e->cost[k];
    int64_t v = zp_alloc_pair_cost(c->in, (size_t)b, (size_t)s);
    if (k < COST_WAYS) {
        e->s[k] = s;
        e->cost[k] = v;
    }
    return v;
}

static int push_around(contig *c, zp_heap *h, int32_t b, int32_t s, const int64_t *price,
                       cost_cache *cc)
{
    for (size_t k = c->start[b]; k < c->start[b + 1]; k++) {
        int32_t x = c->nbr[k];
        if (c->r->school[x] >= 0 || zp_alloc_is_locked(c->in, (size_t)x))
            continue;
        int64_t key = cached_cost(c, cc, x, s) + price[s];
        if (zp_heap_push(h, key, x, s))
            return -1;
    }
    return 0;
}

/* Every block not locked is given up, then the schools grow from their nearest blocks. */
static int grow(contig *c, const int64_t *price, cost_cache *cc)
{
    zp_alloc_result *r = c->r;
    int64_t pen = zp_alloc_cost_cm(c->in->penalty_m);
    for (size_t s = 0; s < c->ns; s++)
        r->load[s] = 0;
    for (size_t b = 0; b < c->nb; b++) {
        if (zp_alloc_is_locked(c->in, b) && r->school[b] >= 0) {
            r->load[r->school[b]] += r->placed[b];
            continue;
        }
        r->school[b] = -1;
        r->placed[b] = 0;
        r->unplaced[b] = c->in->demand[b] > 0 ? c->in->demand[b] : 0;
        c->in_main[b] = 0;
    }
    for (size_t s = 0; s < c->ns; s++)
        c->room[s] = c->in->capacity[s] - r->load[s];
    zp_heap h = {0};
    int rc = 0;
    for (size_t s = 0; s < c->ns; s++) {
        int32_t a = c->anchor[s];
        if (a >= 0 && r->school[a] < 0 && c->room[s] > 0)
            take(c, a, (int32_t)s);
    }
    for (size_t b = 0; !rc && b < c->nb; b++)
        if (r->school[b] >= 0 && c->room[r->school[b]] > 0)
            rc = push_around(c, &h, (int32_t)b, r->school[b], price, cc);
    while (!rc && h.n) {
        zp_hent e = zp_heap_pop(&h);
        int empty = c->in->demand[e.node] <= 0;
        if (r->school[e.node] >= 0 ||
            (!empty && (c->room[e.site] <= 0 || e.d - price[e.site] > pen)))
            continue;
        take(c, e.node, e.site);
        rc = push_around(c, &h, e.node, e.site, price, cc);
    }
    free(h.a);
    /* blocks without children are taken whatever the room (the map has no holes), so only
     * those behind blocks without a place stay outside every catchment */
    return rc;
}

/* Boundary blocks to a touching catchment with room where that costs less and both stay
 * one piece. */
static int shift(contig *c)
{
    zp_alloc_result *r = c->r;
    int moved = 0;
    for (size_t b = 0; b < c->nb; b++) {
        int32_t s = r->school[b], best_t = -1;
        if (s < 0 || r->placed[b] <= 0 || r->unplaced[b] > 0 || !c->in_main[b] ||
            zp_alloc_is_locked(c->in, b) || c->anchor[s] == (int32_t)b)
            continue;
        int64_t best = 0, here = zp_ct_cost(c, b, s);
        for (size_t k = c->start[b]; k < c->start[b + 1]; k++) {
            int32_t t = r->school[c->nbr[k]];
            if (t < 0 || t == s || !c->in_main[c->nbr[k]] || c->room[t] < r->placed[b])
                continue;
            int64_t d = zp_ct_cost(c, b, t) - here;
            if (d < best || (d == best && best_t >= 0 && t < best_t)) {
                best = d;
                best_t = t;
            }
        }
        int32_t one = (int32_t)b;
        if (best_t >= 0 && best < 0 && zp_ct_still_whole(c, s, &one, 1, NULL, 0)) {
            zp_ct_move_block(c, b, best_t);
            moved = 1;
        }
    }
    return moved;
}

/* Grow with the LP's prices, then again with the prices of schools left with room lowered
 * and those of full schools raised, a smaller step each round (a school the LP fills
 * across a river cannot reach its far blocks whole: its neighbours must take them, and
 * it the blocks nearer home); the cheapest plan grown is kept. */
static int grow_rounds(contig *c)
{
    zp_alloc_result *r = c->r;
    int64_t *price = malloc(sizeof *price * (c->ns + 1)), placed = 0, cost = 0;
    int64_t pen = zp_alloc_cost_cm(c->in->penalty_m);
    cost_cache *cc = malloc(sizeof *cc * (c->nb + 1));
    zp_ct_plan best = {0};
    int rc = price && cc ? ZP_OK : -1;
    for (size_t b = 0; cc && b < c->nb; b++)
        for (int k = 0; k < COST_WAYS; k++)
            cc[b].s[k] = -1;
    for (size_t s = 0; price && s < c->ns; s++)
        price[s] = r->price_m && r->price_m[s] > 0 ? zp_alloc_cost_cm(r->price_m[s]) : 0;
    for (size_t b = 0; b < c->nb; b++)
        if (r->school[b] >= 0 && r->placed[b] > 0) {
            placed += r->placed[b];
            cost += zp_ct_cost(c, b, r->school[b]);
        }
    int64_t step = placed > 0 ? cost / placed / 2 : 0, best_cost = INT64_MAX;
    for (int round = 0; !rc && round < GROW_ROUNDS; round++, step = step * 3 / 4) {
        if ((rc = grow(c, price, cc)))
            break;
        int64_t now = 0, room = 0;
        for (size_t b = 0; b < c->nb; b++) {
            now += (int64_t)r->unplaced[b] * pen;
            if (r->school[b] >= 0 && r->placed[b] > 0)
                now += cached_cost(c, cc, (int32_t)b, r->school[b]) * r->placed[b];
        }
        if (now < best_cost && !(rc = zp_ct_plan_save(c, &best)))
            best_cost = now;
        for (size_t s = 0; s < c->ns; s++)
            room += c->room[s] > 0 ? c->room[s] : 0;
        if (room == 0 || zp_ct_plan_shortfall(c) == 0 || step == 0)
            break;
        for (size_t s = 0; s < c->ns; s++)
            price[s] += c->room[s] > 0 ? -step : step / 2;
    }
    if (!rc && best.school)
        zp_ct_plan_restore(c, &best);
    zp_ct_plan_free(&best);
    free(price);
    free(cc);
    return rc;
}

/* Blocks growing left outside every catchment go back to the start plan's school, as pieces
 * for the joining passes (or the report) to take on: those with children while that school
 * has room, those without children (an island, a park behind blocks without a place)
 * always, so that no block loses the catchment it had. */
static void place_rest(contig *c, const zp_ct_plan *start)
{
    zp_alloc_result *r = c->r;
    for (size_t b = 0; b < c->nb; b++) {
        int32_t s = start->school[b];
        if (r->school[b] >= 0 || s < 0)
            continue;
        if (c->in->demand[b] > 0 &&
            (r->unplaced[b] <= 0 || c->room[s] <= 0 || start->placed[b] <= 0))
            continue;
        take(c, (int32_t)b, s);
        c->in_main[b] = 0;
    }
}

int zp_ct_grow(contig *c, const zp_ct_plan *start)
{
    if (grow_rounds(c))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    c->work = 0; /* a fresh budget for the pull chains (contig.c's join sets the size) */
    for (int pass = 0; pass < SHIFT_PASSES; pass++) {
        int moved = zp_ct_fill(c);
        if (!shift(c) && !moved)
            break;
    }
    place_rest(c, start);
    return c->failed ? zp_error_set(ZP_ENOMEM, "out of memory") : ZP_OK;
}
