/* Local search on the whole-block plan: shifts (a block to another of its candidate schools)
 * and swaps (two blocks of two schools trade places), each judged exactly.
 *
 * Given the blocks a school has, its best placement is plain: its children cheapest first
 * up to its capacity, the rest at the shortfall penalty. So a move changes the cost of two
 * schools only, and each is recounted from its members. Rounding and repair leave plans
 * whose schools are full under tight capacity; there a single shift rarely helps (it makes
 * one school short), while a swap of two blocks of similar size does: the move rounding
 * cannot see. First improvement, passes until none helps, within a budget of member visits
 * so a district of a million blocks is not searched for minutes (the budget is counted,
 * not timed: the same input gives the same plan). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "zoneplan/errors.h"

/* Member visits over the whole search: real tracts and the sample settle in under 5 million;
 * beyond, linear in the blocks (about half a second a level at a million, where the gains
 * are small: the plans are within a few tenths of a percent of the LP bound already). */
#define VISIT_FLOOR 10000000LL
#define VISITS_PER_BLOCK 10LL

typedef struct member {
    int64_t cost; /* per child at this school, cm */
    int32_t i;    /* active block */
} member;

typedef struct local {
    zp_solver *sv;
    zp_alloc_result *r;
    member **m; /* per school: its blocks */
    size_t *n, *capm;
    int64_t *dsum, *csum; /* per school: its members' children, and their cost if all placed */
    int32_t *at;          /* per active block: its school, -1 none */
    int64_t visits, budget;
} local;

static int by_cost(const void *x, const void *y)
{
    const member *a = x, *b = y;
    if (a->cost != b->cost)
        return a->cost < b->cost ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

/* School s's cost with its members, less block `out` (-1 none), plus block `in` (-1 none),
 * children placed cheapest first. */
static int64_t school_cost(local *L, int32_t s, int32_t out, int32_t in)
{
    const zp_solver *sv = L->sv;
    int64_t dout = out >= 0 ? sv->demand[out] : 0, din = in >= 0 ? sv->demand[in] : 0;
    int64_t cout = out >= 0 ? zp_solver_arc_cost(sv, (size_t)out, s) : 0;
    int64_t cin = in >= 0 ? zp_solver_arc_cost(sv, (size_t)in, s) : 0;
    L->visits++;
    if (L->dsum[s] - dout + din <= sv->cap[s]) /* all placed: no order to find */
        return L->csum[s] - cout * dout + cin * din;
    /* members are kept sorted by cost: one merge pass, i slotted in at its place */
    int64_t room = sv->cap[s], cost = 0;
    member add = {cin, in};
    int pending = in >= 0;
    for (size_t k = 0; k <= L->n[s]; k++) {
        member mk = k < L->n[s] ? L->m[s][k] : (member){INT64_MAX, INT32_MAX};
        if (pending && by_cost(&add, &mk) < 0) {
            int64_t p = din < room ? din : room;
            cost += cin * p + sv->penalty * (din - p);
            room -= p;
            pending = 0;
        }
        if (k == L->n[s] || mk.i == out)
            continue;
        int64_t d = sv->demand[mk.i], p = d < room ? d : room;
        cost += mk.cost * p + sv->penalty * (d - p);
        room -= p;
    }
    L->visits += (int64_t)L->n[s];
    return cost;
}

static int add_member(local *L, int32_t s, int32_t i)
{
    if (zp_grow((void **)&L->m[s], &L->capm[s], L->n[s] + 1, sizeof **L->m))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    int64_t c = zp_solver_arc_cost(L->sv, (size_t)i, s);
    member add = {c, i};
    size_t at = L->n[s];
    while (at > 0 && by_cost(&add, &L->m[s][at - 1]) < 0) {
        L->m[s][at] = L->m[s][at - 1];
        at--;
    }
    L->m[s][at] = add;
    L->n[s]++;
    L->at[i] = s;
    L->dsum[s] += L->sv->demand[i];
    L->csum[s] += c * L->sv->demand[i];
    return ZP_OK;
}

static void remove_member(local *L, int32_t s, int32_t i)
{
    for (size_t k = 0; k < L->n[s]; k++)
        if (L->m[s][k].i == i) {
            L->dsum[s] -= L->sv->demand[i];
            L->csum[s] -= L->m[s][k].cost * L->sv->demand[i];
            memmove(L->m[s] + k, L->m[s] + k + 1, (L->n[s] - k - 1) * sizeof *L->m[s]);
            L->n[s]--;
            break;
        }
    L->at[i] = -1;
}

/* Cost of block i where it is now when it has no school: all its children short. */
static int64_t alone(const local *L, int32_t i)
{
    return L->sv->penalty * L->sv->demand[i];
}

/* Try moving i to t, or swapping it with a block of t; apply the first that lowers the cost. */
static int try_block(local *L, int32_t i, int *moved)
{
    const zp_solver *sv = L->sv;
    int32_t s = L->at[i];
    /* at its cheapest school with every child placed: no shift helps it, and a swap would
     * send it somewhere dearer; most blocks of a district with room are here */
    if (s >= 0 && sv->lp.to[sv->lp.start[i]] == s && L->r->unplaced[sv->active[i]] == 0 &&
        L->dsum[s] <= sv->cap[s])
        return ZP_OK;
    int64_t base_s = s >= 0 ? school_cost(L, s, -1, -1) : alone(L, i);
    for (size_t a = sv->lp.start[i]; a < sv->lp.start[i + 1]; a++) {
        int32_t t = sv->lp.to[a];
        if (t == (int32_t)sv->lp.ns || t == s)
            continue;
        int64_t base_t = school_cost(L, t, -1, -1);
        int64_t shift =
            school_cost(L, t, -1, i) - base_t + (s >= 0 ? school_cost(L, s, i, -1) : 0) - base_s;
        if (shift < 0) {
            if (s >= 0)
                remove_member(L, s, i);
            *moved = 1;
            return add_member(L, t, i);
        }
        /* a swap only where t has no room for i (else the shift said all there is to say) */
        if (s < 0 || L->dsum[t] + sv->demand[i] <= sv->cap[t])
            continue;
        for (size_t k = 0; k < L->n[t]; k++) {
            int32_t j = L->m[t][k].i;
            int64_t dj = sv->demand[j], di = sv->demand[i];
            /* with both schools short of nobody, a swap that leaves one short costs the
             * penalty per child, more than any walk saves: only swaps that fit are tried */
            if (L->dsum[s] <= sv->cap[s] && L->dsum[t] <= sv->cap[t] &&
                (L->dsum[t] - dj + di > sv->cap[t] || L->dsum[s] - di + dj > sv->cap[s]))
                continue;
            if (zp_solver_arc_cost(sv, (size_t)j, s) < 0)
                continue;
            int64_t swap = school_cost(L, t, j, i) - base_t + school_cost(L, s, i, j) - base_s;
            if (swap < 0) {
                remove_member(L, s, i);
                remove_member(L, t, j);
                *moved = 1;
                int rc = add_member(L, t, i);
                return rc ? rc : add_member(L, s, j);
            }
        }
        if (L->visits > L->budget)
            break;
    }
    return ZP_OK;
}

/* The plan from the members: each school's children placed cheapest first. */
static void write_back(local *L)
{
    const zp_solver *sv = L->sv;
    zp_alloc_result *r = L->r;
    for (size_t i = 0; i < sv->nactive; i++) {
        size_t b = sv->active[i];
        if (r->school[b] >= 0)
            r->load[r->school[b]] -= r->placed[b];
        r->school[b] = -1;
        r->placed[b] = 0;
        r->unplaced[b] = sv->demand[i];
    }
    for (size_t s = 0; s < sv->lp.ns; s++) {
        int64_t room = sv->cap[s];
        for (size_t k = 0; k < L->n[s]; k++) {
            size_t i = (size_t)L->m[s][k].i, b = sv->active[i];
            int64_t d = sv->demand[i], p = d < room ? d : room;
            room -= p;
            r->school[b] = p > 0 ? (int32_t)s : -1;
            r->placed[b] = (int32_t)p;
            r->unplaced[b] = (int32_t)(d - p);
            r->load[s] += p;
        }
    }
}

int zp_local_search(zp_solver *sv, zp_alloc_result *r)
{
    size_t ns = sv->lp.ns;
    local L = {sv,
               r,
               calloc(ns + 1, sizeof *L.m),
               calloc(ns + 1, sizeof *L.n),
               calloc(ns + 1, sizeof *L.capm),
               calloc(ns + 1, sizeof *L.dsum),
               calloc(ns + 1, sizeof *L.csum),
               malloc((sv->nactive + 1) * sizeof *L.at),
               0,
               VISIT_FLOOR + VISITS_PER_BLOCK * (int64_t)sv->nactive};
    int rc = L.m && L.n && L.capm && L.dsum && L.csum && L.at
                 ? ZP_OK
                 : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < sv->nactive; i++) {
        int32_t s = r->school[sv->active[i]];
        L.at[i] = -1;
        if (s >= 0)
            rc = add_member(&L, s, (int32_t)i);
    }
    for (int pass = 0; !rc && pass < 20 && L.visits <= L.budget; pass++) {
        int moved = 0;
        for (size_t i = 0; !rc && i < sv->nactive && L.visits <= L.budget; i++)
            rc = try_block(&L, (int32_t)i, &moved);
        if (!moved)
            break;
    }
    if (!rc)
        write_back(&L);
    for (size_t s = 0; L.m && s <= ns; s++)
        free(L.m[s]);
    free(L.m), free(L.n), free(L.capm), free(L.dsum), free(L.csum), free(L.at);
    return rc;
}
