/* Repair after rounding: better whole-block moves for the blocks rounding touched.
 *
 * Rounding a split block can leave children unplaced even when the district has room,
 * because the room is spread over schools in pieces smaller than the block. For each
 * such block this tries every candidate school, directly or after moving one whole
 * block out of it to one of that block's own candidates (an ejection chain of length
 * two), and takes the move that lowers the objective most; passes repeat until no move
 * helps. Only the split blocks are targets (fewer than the schools in a basic optimum),
 * so the work is bounded by the schools, not by the district. */
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "zoneplan/errors.h"

typedef struct members {
    int32_t **list; /* per school: whole blocks there (active indices) */
    size_t *n, *cap;
    int64_t *pos; /* per active block: index in its school's list, -1 if not listed */
} members;

typedef struct repair {
    zp_solver *sv;
    zp_alloc_result *r;
    int64_t *room;
    members m;
} repair;

typedef struct move {
    int64_t delta;
    int32_t s1;    /* new school of the target */
    int64_t p1;    /* children placed there */
    int32_t j, s2; /* ejected block and its new school, j = -1 for a direct move */
} move;

static int32_t school_of(const repair *rp, size_t i)
{
    return rp->r->school[rp->sv->active[i]];
}
static int64_t placed_of(const repair *rp, size_t i)
{
    return rp->r->placed[rp->sv->active[i]];
}

static int64_t cost_at(const repair *rp, size_t i, int32_t s, int64_t p)
{
    int64_t d = rp->sv->demand[i];
    return (s >= 0 ? zp_solver_arc_cost(rp->sv, i, s) * p : 0) + rp->sv->penalty * (d - p);
}

static int is_whole(const repair *rp, size_t i)
{
    return school_of(rp, i) >= 0 && placed_of(rp, i) == rp->sv->demand[i];
}

static int list_add(members *m, int32_t s, size_t i)
{
    if (zp_grow((void **)&m->list[s], &m->cap[s], m->n[s] + 1, sizeof **m->list))
        return -1;
    m->pos[i] = (int64_t)m->n[s];
    m->list[s][m->n[s]++] = (int32_t)i;
    return 0;
}

static void list_remove(members *m, int32_t s, size_t i)
{
    if (m->pos[i] < 0)
        return;
    int32_t last = m->list[s][--m->n[s]];
    m->list[s][m->pos[i]] = last;
    m->pos[last] = m->pos[i];
    m->pos[i] = -1;
}

/* Move block i to school s with p children placed, keeping room, load and lists right. */
static int relocate(repair *rp, size_t i, int32_t s, int64_t p)
{
    size_t b = rp->sv->active[i];
    int32_t old = school_of(rp, i);
    if (old >= 0) {
        list_remove(&rp->m, old, i);
        rp->room[old] += placed_of(rp, i);
        rp->r->load[old] -= placed_of(rp, i);
    }
    rp->r->school[b] = p > 0 ? s : -1;
    rp->r->placed[b] = (int32_t)p;
    rp->r->unplaced[b] = rp->sv->demand[i] - (int32_t)p;
    if (p > 0) {
        rp->room[s] -= p;
        rp->r->load[s] += p;
    }
    return is_whole(rp, i) ? list_add(&rp->m, s, i) : 0;
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

/* Best ejection from s1 to make room for target i (placing p children there). */
static void try_ejections(const repair *rp, size_t i, int32_t s1, int64_t eff, int64_t old_cost,
                          move *best)
{
    const zp_solver *sv = rp->sv;
    int32_t si = school_of(rp, i);
    int64_t di = sv->demand[i], t1 = zp_solver_arc_cost(sv, i, s1);
    for (size_t k = 0; k < rp->m.n[s1]; k++) {
        size_t j = (size_t)rp->m.list[s1][k];
        int64_t dj = sv->demand[j], p1 = min64(di, eff + dj);
        if (j == i || p1 <= min64(di, eff))
            continue;
        int64_t base =
            t1 * p1 + sv->penalty * (di - p1) - old_cost - zp_solver_arc_cost(sv, j, s1) * dj;
        for (size_t a = sv->lp.start[j]; a < sv->lp.start[j + 1]; a++) {
            int32_t s2 = sv->lp.to[a];
            if (s2 == (int32_t)sv->lp.ns || s2 == s1)
                continue;
            int64_t room2 = rp->room[s2] + (s2 == si ? placed_of(rp, i) : 0);
            int64_t delta = base + sv->lp.cost[a] * dj;
            if (room2 >= dj && delta < best->delta)
                *best = (move){delta, s1, p1, (int32_t)j, s2};
        }
    }
}

static move best_move(const repair *rp, size_t i)
{
    const zp_solver *sv = rp->sv;
    int32_t si = school_of(rp, i);
    int64_t di = sv->demand[i], old_cost = cost_at(rp, i, si, placed_of(rp, i));
    move best = {0, -1, 0, -1, -1};
    for (size_t a = sv->lp.start[i]; a < sv->lp.start[i + 1]; a++) {
        int32_t s1 = sv->lp.to[a];
        if (s1 == (int32_t)sv->lp.ns)
            continue;
        int64_t eff = rp->room[s1] + (s1 == si ? placed_of(rp, i) : 0);
        int64_t p1 = min64(di, eff > 0 ? eff : 0);
        int64_t delta = sv->lp.cost[a] * p1 + sv->penalty * (di - p1) - old_cost;
        if (delta < best.delta)
            best = (move){delta, s1, p1, -1, -1};
        if (p1 < di)
            try_ejections(rp, i, s1, eff > 0 ? eff : 0, old_cost, &best);
    }
    return best;
}

static int improve(repair *rp, const size_t *targets, size_t n)
{
    for (int pass = 0; pass < 50; pass++) {
        int moved = 0;
        for (size_t t = 0; t < n; t++) {
            move mv = best_move(rp, targets[t]);
            if (mv.delta >= 0)
                continue;
            if (mv.j >= 0 && relocate(rp, (size_t)mv.j, mv.s2, rp->sv->demand[mv.j]))
                return zp_error_set(ZP_ENOMEM, "out of memory");
            if (relocate(rp, targets[t], mv.s1, mv.p1))
                return zp_error_set(ZP_ENOMEM, "out of memory");
            moved = 1;
        }
        if (!moved)
            break;
    }
    return ZP_OK;
}

/* ---- filling the room rounding left ----
 *
 * Under tight capacity the LP fills every school; rounding split blocks whole leaves some
 * schools with room while children elsewhere have no place (a block goes to one school
 * only). Each school with room then takes the block that gains most: a block with
 * children short at its own school, or one whose school, losing it, hands the seats it
 * frees to its own short blocks (cheapest first). Passes repeat while a move helps. */

typedef struct filler {
    size_t *start; /* per school: the active blocks with a candidate pair to it */
    int32_t *block;
    int64_t *cost;
    size_t *pstart; /* per school: its blocks with children short, cheapest first */
    int32_t *pblock;
} filler;

static void filler_free(filler *f)
{
    free(f->start), free(f->block), free(f->cost), free(f->pstart), free(f->pblock);
}

static int filler_index(const repair *rp, filler *f)
{
    const zp_lp *lp = &rp->sv->lp;
    size_t ns = lp->ns;
    f->start = calloc(ns + 3, sizeof *f->start); /* schools and the shortfall node */
    f->block = malloc((lp->narcs + 1) * sizeof *f->block);
    f->cost = malloc((lp->narcs + 1) * sizeof *f->cost);
    f->pstart = calloc(ns + 2, sizeof *f->pstart);
    f->pblock = malloc((rp->sv->nactive + 1) * sizeof *f->pblock);
    if (!f->start || !f->block || !f->cost || !f->pstart || !f->pblock)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t a = 0; a < lp->narcs; a++)
        f->start[lp->to[a] + 2]++;
    for (size_t s = 0; s <= ns; s++)
        f->start[s + 2] += f->start[s + 1];
    for (size_t i = 0; i < rp->sv->nactive; i++)
        for (size_t a = lp->start[i]; a < lp->start[i + 1]; a++) {
            size_t at = f->start[lp->to[a] + 1]++;
            f->block[at] = (int32_t)i, f->cost[at] = lp->cost[a];
        }
    return ZP_OK;
}

static int by_cost_at_school(const void *x, const void *y, void *ud)
{
    const repair *rp = ud;
    size_t i = (size_t) * (const int32_t *)x, j = (size_t) * (const int32_t *)y;
    int64_t ci = zp_solver_arc_cost(rp->sv, i, school_of(rp, i)),
            cj = zp_solver_arc_cost(rp->sv, j, school_of(rp, j));
    if (ci != cj)
        return ci < cj ? -1 : 1;
    return (i > j) - (i < j);
}

/* Each school's short blocks (placed somewhere, children left), cheapest first. */
static void list_short(const repair *rp, filler *f)
{
    size_t ns = rp->sv->lp.ns;
    memset(f->pstart, 0, (ns + 2) * sizeof *f->pstart);
    for (size_t i = 0; i < rp->sv->nactive; i++) {
        int32_t s = school_of(rp, i);
        if (s >= 0 && rp->r->unplaced[rp->sv->active[i]] > 0)
            f->pstart[s + 2]++;
    }
    for (size_t s = 0; s < ns; s++)
        f->pstart[s + 2] += f->pstart[s + 1];
    for (size_t i = 0; i < rp->sv->nactive; i++) {
        int32_t s = school_of(rp, i);
        if (s >= 0 && rp->r->unplaced[rp->sv->active[i]] > 0)
            f->pblock[f->pstart[s + 1]++] = (int32_t)i;
    }
    for (size_t s = 0; s < ns; s++)
        qsort_r(f->pblock + f->pstart[s], f->pstart[s + 1] - f->pstart[s], sizeof *f->pblock,
                by_cost_at_school, (void *)rp);
}

/* The change of cost when school s loses block i (its p children placed): the seats go to
 * its other short blocks, cheapest first (*given: how many). */
static int64_t refill_delta(const repair *rp, const filler *f, int32_t s, size_t i, int64_t p,
                            int64_t *given)
{
    int64_t delta = 0, left = p;
    *given = 0;
    for (size_t k = f->pstart[s]; k < f->pstart[s + 1] && left > 0; k++) {
        size_t j = (size_t)f->pblock[k];
        if (j == i || school_of(rp, j) != s) /* moved since the lists were made */
            continue;
        int64_t take = min64(left, rp->r->unplaced[rp->sv->active[j]]);
        delta += (zp_solver_arc_cost(rp->sv, j, s) - rp->sv->penalty) * take;
        left -= take, *given += take;
    }
    return delta;
}

/* Give k more of short block j's children a place at its school. */
static int top_up(repair *rp, size_t j, int64_t k)
{
    size_t b = rp->sv->active[j];
    int32_t s = school_of(rp, j);
    rp->r->placed[b] += (int32_t)k;
    rp->r->unplaced[b] -= (int32_t)k;
    rp->room[s] -= k;
    rp->r->load[s] += k;
    return is_whole(rp, j) ? list_add(&rp->m, s, j) : 0;
}

/* The best block for school t (room > 0); applies it when it lowers the objective. */
static int fill_school(repair *rp, const filler *f, int32_t t, int *moved)
{
    const zp_solver *sv = rp->sv;
    int64_t best = 0, best_given = 0;
    size_t best_i = SIZE_MAX;
    for (size_t k = f->start[t]; k < f->start[t + 1]; k++) {
        size_t i = (size_t)f->block[k];
        int32_t s = school_of(rp, i);
        if (s == t)
            continue;
        int64_t d = sv->demand[i], p = placed_of(rp, i), gain = min64(d, rp->room[t]), given = 0;
        int64_t delta = f->cost[k] * gain + sv->penalty * (d - gain) - cost_at(rp, i, s, p);
        if (s >= 0)
            delta += refill_delta(rp, f, s, i, p, &given);
        if (delta < best || (delta == best && delta < 0 && i < best_i))
            best = delta, best_i = i, best_given = given;
    }
    if (best_i == SIZE_MAX)
        return ZP_OK;
    int32_t s = school_of(rp, best_i);
    if (relocate(rp, best_i, t, min64(sv->demand[best_i], rp->room[t])))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t k = s >= 0 ? f->pstart[s] : 0; s >= 0 && k < f->pstart[s + 1] && best_given > 0;
         k++) {
        size_t j = (size_t)f->pblock[k];
        int64_t take = j == best_i || school_of(rp, j) != s
                           ? 0
                           : min64(best_given, rp->r->unplaced[sv->active[j]]);
        if (take > 0 && top_up(rp, j, take))
            return zp_error_set(ZP_ENOMEM, "out of memory");
        best_given -= take;
    }
    *moved = 1;
    return ZP_OK;
}

static int fill_rooms(repair *rp)
{
    filler f = {0};
    int rc = filler_index(rp, &f);
    for (int pass = 0; !rc && pass < 50; pass++) {
        int moved = 0;
        list_short(rp, &f); /* once a pass: a move only makes a school's list short of one */
        for (size_t t = 0; !rc && t < rp->sv->lp.ns; t++)
            if (rp->room[t] > 0)
                rc = fill_school(rp, &f, (int32_t)t, &moved);
        if (!moved)
            break;
    }
    filler_free(&f);
    return rc;
}

int zp_repair_rounding(zp_solver *sv, zp_alloc_result *r, int64_t *room, const size_t *split,
                       size_t nsplit)
{
    size_t ns = sv->lp.ns;
    repair rp = {sv, r, room, {0}};
    rp.m.list = calloc(ns + 1, sizeof *rp.m.list);
    rp.m.n = calloc(ns + 1, sizeof *rp.m.n);
    rp.m.cap = calloc(ns + 1, sizeof *rp.m.cap);
    rp.m.pos = malloc(sizeof *rp.m.pos * (sv->nactive + 1));
    size_t *targets = malloc(sizeof *targets * (sv->nactive + 1));
    int rc = (!rp.m.list || !rp.m.n || !rp.m.cap || !rp.m.pos || !targets)
                 ? zp_error_set(ZP_ENOMEM, "out of memory")
                 : ZP_OK;
    size_t n = 0;
    for (size_t i = 0; !rc && i < sv->nactive; i++) {
        rp.m.pos[i] = -1;
        if (is_whole(&rp, i) && list_add(&rp.m, school_of(&rp, i), i))
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
    }
    /* Only split blocks: every other block is exactly where the LP optimum put it,
     * shortfall included, so moving it cannot beat the bound (targeting the LP's own
     * short blocks made a short district's repair worse than quadratic). */
    for (int pass = 0; pass < 2; pass++) /* those rounding left short first */
        for (size_t k = 0; !rc && k < nsplit; k++)
            if ((r->unplaced[sv->active[split[k]]] > 0) == (pass == 0))
                targets[n++] = split[k];
    if (!rc)
        rc = improve(&rp, targets, n);
    if (!rc)
        rc = fill_rooms(&rp);
    for (size_t s = 0; rp.m.list && s <= ns; s++)
        free(rp.m.list[s]);
    free(rp.m.list);
    free(rp.m.n);
    free(rp.m.cap);
    free(rp.m.pos);
    free(targets);
    return rc;
}
