/* Plans for a fixed set of open sites, and the local search over which sites are open.
 * Assigning whole customers to open sites under capacity is itself NP-hard (generalised
 * assignment), so this is a heuristic: customers in order of regret (how much more their
 * second-best site costs than their best) take their cheapest site with room, then single
 * moves and pairwise swaps polish it. The site-level search re-assigns from scratch for
 * each close/open/swap tried: sites are tens to hundreds, and a fresh assignment avoids the
 * drift of patching one plan through many moves. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "site_internal.h"
#include "zoneplan/errors.h"

/* A site move whose quick assignment lands within this fraction of the best plan is
 * polished with swaps before it is judged: tight capacities hide savings from the greedy. */
#define POLISH_WITHIN 0.02

int zp_site_plan_init(const zp_sscflp *in, zp_site_plan *p)
{
    p->open = calloc(in->nsites + 1, 1);
    p->site = malloc((in->ncust + 1) * sizeof *p->site);
    p->load = calloc(in->nsites + 1, sizeof *p->load);
    p->cost = HUGE_VAL;
    return p->open && p->site && p->load ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
}

void zp_site_plan_copy(const zp_sscflp *in, zp_site_plan *to, const zp_site_plan *from)
{
    memcpy(to->open, from->open, in->nsites);
    memcpy(to->site, from->site, in->ncust * sizeof *to->site);
    memcpy(to->load, from->load, in->nsites * sizeof *to->load);
    to->cost = from->cost;
}

void zp_site_plan_free(zp_site_plan *p)
{
    free(p->open);
    free(p->site);
    free(p->load);
    memset(p, 0, sizeof *p);
}

double zp_site_cost(const zp_sscflp *in, size_t i, int32_t s)
{
    size_t at = in->start[i] + (size_t)s; /* dense instances list every site in order */
    if (s >= 0 && at < in->start[i + 1] && in->arcs[at].site == s)
        return in->arcs[at].cost;
    for (size_t k = in->start[i]; k < in->start[i + 1]; k++)
        if (in->arcs[k].site == s)
            return in->arcs[k].cost;
    return HUGE_VAL;
}

typedef struct regret_item {
    double regret;
    int64_t demand;
    size_t cust;
} regret_item;

static int by_regret(const void *a, const void *b)
{
    const regret_item *x = a, *y = b;
    if (x->regret != y->regret)
        return x->regret > y->regret ? -1 : 1;
    if (x->demand != y->demand)
        return x->demand > y->demand ? -1 : 1;
    return x->cust < y->cust ? -1 : x->cust > y->cust;
}

/* The cheapest open site of customer i with room for it, -1 when none has. */
static int32_t cheapest_with_room(const zp_sscflp *in, const zp_site_plan *p, size_t i)
{
    int32_t best = -1;
    double cost = HUGE_VAL;
    for (size_t k = in->start[i]; k < in->start[i + 1]; k++) {
        const zp_site_arc *a = &in->arcs[k];
        if (p->open[a->site] && p->load[a->site] + in->demand[i] <= in->cap[a->site] &&
            (a->cost < cost || (a->cost == cost && a->site < best))) {
            cost = a->cost;
            best = a->site;
        }
    }
    return best;
}

/* Room for customer i in some open site by moving one customer k out of it to another site
 * with room: the move of least added cost. For tight capacities, where the greedy order
 * leaves a customer with nowhere to go although the sites could hold everyone. */
static int32_t make_room(const zp_sscflp *in, zp_site_plan *p, size_t i)
{
    double best = HUGE_VAL;
    size_t bk = 0;
    int32_t bb = -1, bc = -1;
    for (size_t e = in->start[i]; e < in->start[i + 1]; e++) {
        int32_t b = in->arcs[e].site;
        if (!p->open[b])
            continue;
        for (size_t k = 0; k < in->ncust; k++) {
            if (p->site[k] != b || p->load[b] - in->demand[k] + in->demand[i] > in->cap[b])
                continue;
            double out = zp_site_cost(in, k, b);
            for (size_t f = in->start[k]; f < in->start[k + 1]; f++) {
                int32_t c = in->arcs[f].site;
                double add = in->arcs[e].cost + in->arcs[f].cost - out;
                if (c != b && p->open[c] && p->load[c] + in->demand[k] <= in->cap[c] &&
                    add < best) {
                    best = add;
                    bb = b, bc = c, bk = k;
                }
            }
        }
    }
    if (bb < 0)
        return -1;
    p->site[bk] = bc;
    p->load[bb] -= in->demand[bk];
    p->load[bc] += in->demand[bk];
    return bb;
}

static void shift_pass(const zp_sscflp *in, zp_site_plan *p)
{
    for (int moved = 1; moved;) {
        moved = 0;
        for (size_t i = 0; i < in->ncust; i++) {
            int32_t from = p->site[i];
            double now = zp_site_cost(in, i, from);
            p->load[from] -= in->demand[i];
            int32_t to = cheapest_with_room(in, p, i);
            if (to >= 0 && zp_site_cost(in, i, to) < now - 1e-9) {
                p->site[i] = to;
                moved = 1;
            } else
                to = from;
            p->load[to] += in->demand[i];
        }
    }
}

static double plan_cost(const zp_sscflp *in, const zp_site_plan *p)
{
    double c = 0;
    for (size_t s = 0; s < in->nsites; s++)
        if (p->open[s])
            c += in->fixed[s];
    for (size_t i = 0; i < in->ncust; i++)
        c += zp_site_cost(in, i, p->site[i]);
    return c;
}

int zp_site_assign(const zp_sscflp *in, zp_site_plan *p)
{
    return zp_site_assign_from(in, p, NULL);
}

int zp_site_assign_from(const zp_sscflp *in, zp_site_plan *p, const int32_t *preset)
{
    regret_item *order = malloc((in->ncust + 1) * sizeof *order);
    if (!order)
        return 1;
    for (size_t i = 0; i < in->ncust; i++) {
        double b1 = HUGE_VAL, b2 = HUGE_VAL;
        for (size_t k = in->start[i]; k < in->start[i + 1]; k++) {
            double c = in->arcs[k].cost;
            if (!p->open[in->arcs[k].site])
                continue;
            if (c < b1) {
                b2 = b1;
                b1 = c;
            } else if (c < b2)
                b2 = c;
        }
        order[i] = (regret_item){b2 == HUGE_VAL ? HUGE_VAL : b2 - b1, in->demand[i], i};
    }
    qsort(order, in->ncust, sizeof *order, by_regret);
    memset(p->load, 0, in->nsites * sizeof *p->load);
    for (size_t i = 0; i < in->ncust; i++) { /* the preset customers first, where they fit */
        int32_t s = preset ? preset[i] : -1;
        if (s >= 0 && (!p->open[s] || p->load[s] + in->demand[i] > in->cap[s]))
            s = -1;
        p->site[i] = s;
        if (s >= 0)
            p->load[s] += in->demand[i];
    }
    int placed_all = 1;
    for (size_t k = 0; k < in->ncust && placed_all; k++) {
        size_t i = order[k].cust;
        if (p->site[i] >= 0)
            continue;
        int32_t s = cheapest_with_room(in, p, i);
        if (s < 0)
            s = make_room(in, p, i);
        p->site[i] = s;
        if (s < 0)
            placed_all = 0;
        else
            p->load[s] += in->demand[i];
    }
    free(order);
    if (!placed_all) {
        p->cost = HUGE_VAL;
        return 1;
    }
    shift_pass(in, p);
    p->cost = plan_cost(in, p);
    return 0;
}

/* Whether swapping customers i and k (at different sites) fits and saves; applied if so. */
static int try_swap(const zp_sscflp *in, zp_site_plan *p, size_t i, size_t k)
{
    int32_t a = p->site[i], b = p->site[k];
    int64_t di = in->demand[i], dk = in->demand[k];
    if (a == b || p->load[a] - di + dk > in->cap[a] || p->load[b] - dk + di > in->cap[b])
        return 0;
    double now = zp_site_cost(in, i, a) + zp_site_cost(in, k, b);
    double then = zp_site_cost(in, i, b) + zp_site_cost(in, k, a);
    if (!(then < now - 1e-9))
        return 0;
    p->site[i] = b;
    p->site[k] = a;
    p->load[a] += dk - di;
    p->load[b] += di - dk;
    p->cost += then - now;
    return 1;
}

/* Customer i into its cheaper site b although b is full, making room by moving one of b's
 * customers k to a site c with room (i's old site included): applied when it saves. */
static int try_eject(const zp_sscflp *in, zp_site_plan *p, size_t i, const zp_site_arc *to)
{
    int32_t a = p->site[i], b = to->site;
    double gain_i = zp_site_cost(in, i, a) - to->cost;
    if (b == a || !p->open[b] || !(gain_i > 1e-9))
        return 0;
    for (size_t k = 0; k < in->ncust; k++) {
        if (p->site[k] != b || p->load[b] - in->demand[k] + in->demand[i] > in->cap[b])
            continue;
        double here = zp_site_cost(in, k, b);
        for (size_t e = in->start[k]; e < in->start[k + 1]; e++) {
            int32_t c = in->arcs[e].site;
            int64_t room = in->cap[c] - p->load[c] + (c == a ? in->demand[i] : 0);
            if (c == b || !p->open[c] || room < in->demand[k] ||
                !(gain_i - (in->arcs[e].cost - here) > 1e-9))
                continue;
            p->load[a] -= in->demand[i];
            p->load[b] += in->demand[i] - in->demand[k];
            p->load[c] += in->demand[k];
            p->site[i] = b;
            p->site[k] = c;
            return 1;
        }
    }
    return 0;
}

void zp_site_eject_pass(const zp_sscflp *in, zp_site_plan *p)
{
    for (int improved = 1; improved;) {
        improved = 0;
        for (size_t i = 0; i < in->ncust; i++)
            for (size_t e = in->start[i]; e < in->start[i + 1]; e++)
                improved |= try_eject(in, p, i, &in->arcs[e]);
        p->cost = plan_cost(in, p);
    }
}

void zp_site_swap_pass(const zp_sscflp *in, zp_site_plan *p)
{
    for (int improved = 1; improved;) {
        improved = 0;
        for (size_t i = 0; i < in->ncust; i++) /* customers of a siting run: hundreds */
            for (size_t k = i + 1; k < in->ncust; k++)
                improved |= try_swap(in, p, i, k);
        if (improved)
            shift_pass(in, p);
        p->cost = plan_cost(in, p);
    }
}

/* Re-assign with site a closed (a >= 0) and b opened (b >= 0); keep it in best if cheaper. */
static int try_sites(const zp_sscflp *in, zp_site_plan *best, zp_site_plan *trial, int32_t a,
                     int32_t b)
{
    if ((a >= 0 && in->fixed_open && in->fixed_open[a] > 0) ||
        (b >= 0 && in->fixed_open && in->fixed_open[b] < 0))
        return 0;
    memcpy(trial->open, best->open, in->nsites);
    if (a >= 0)
        trial->open[a] = 0;
    if (b >= 0)
        trial->open[b] = 1;
    /* incremental: everyone keeps their site but the closed one's customers (the shift pass
     * then brings customers to an opened site); from scratch when that finds no room */
    int fail = zp_site_assign_from(in, trial, best->site);
    if (fail)
        fail = zp_site_assign(in, trial);
    if (fail || trial->cost > best->cost * (1 + POLISH_WITHIN))
        return 0;
    if (!(trial->cost < best->cost - 1e-9)) /* close: the swaps may still make it better */
        zp_site_swap_pass(in, trial);
    if (!(trial->cost < best->cost - 1e-9))
        return 0;
    zp_site_plan_copy(in, best, trial);
    return 1;
}

void zp_site_local_search(const zp_sscflp *in, zp_site_plan *best)
{
    zp_site_plan trial = {0};
    if (zp_site_plan_init(in, &trial))
        return;
    int32_t n = (int32_t)in->nsites;
    for (int improved = 1; improved;) {
        improved = 0;
        for (int32_t a = 0; a < n && !improved; a++) /* close one */
            if (best->open[a])
                improved = try_sites(in, best, &trial, a, -1);
        for (int32_t b = 0; b < n && !improved; b++) /* open one */
            if (!best->open[b])
                improved = try_sites(in, best, &trial, -1, b);
        for (int32_t a = 0; a < n && !improved; a++) /* swap one open for one closed */
            for (int32_t b = 0; a < n && b < n && !improved && best->open[a]; b++)
                if (!best->open[b])
                    improved = try_sites(in, best, &trial, a, b);
    }
    zp_site_plan_free(&trial);
}
