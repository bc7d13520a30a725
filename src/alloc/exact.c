/* zp_alloc_exact: the whole-block optimum, proven, with every catchment one piece if asked.
 *
 * The LP's school prices p give each block a dual v (the least of the penalty and of cost
 * plus price over its schools) and a bound L = sum d v - sum cap p that every plan costs at
 * least; a plan that uses pair (block i, school j) for q of its d children costs at least
 * L + q (c + p_j - v_i) + (d - q)(P - v_i). So a pair whose least charge d min(c + p - v,
 * P - v) exceeds target - L is in no plan costing at most target: it is dropped. Pairs past
 * a block's k nearest are charged from the k-th's distance; when that does not rule them out
 * the block gets every school. What is left, usually a few pairs per block, goes to CBC's
 * branch and cut (binary block-at-school, children placed, capacities), started from the plan
 * in hand. When CBC proves the reduced model's optimum and it costs at most the target, it is
 * the optimum of the whole problem; when it lies above, the target rises to it and CBC runs
 * again on the larger model. Otherwise the bound is the least of CBC's bound and the target.
 *
 * Contiguity (the closer-neighbour rule): a block may be in school s's catchment only next
 * to a block of the same catchment closer to s (distance, then index); s's root, the block
 * nearest it, needs none. Following closer neighbours from any block ends at the root, so
 * each catchment is one piece by construction. Blocks without children join the model as
 * connectors (at a reward of 1 cm, so the bound stays valid); land that holds no root (an
 * island) is exempt: it cannot be joined, and is counted. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "exact_internal.h"
#include "zoneplan/errors.h"

#define EXPAND_LIMIT 4000000 /* pairs computed to complete blocks' lists */
#define MAX_ROUNDS 4

int zp_exact_grow(void **p, size_t *cap, size_t need, size_t size)
{
    return zp_grow(p, cap, need, size) ? zp_error_set(ZP_ENOMEM, "out of memory") : ZP_OK;
}

static int add_pair(exact *e, int32_t s, int64_t cost)
{
    if (zp_exact_grow((void **)&e->pair, &e->cap_pair, e->npair + 1, sizeof *e->pair))
        return ZP_ENOMEM;
    e->pair[e->npair++] = (xpair){s, cost, 0.0, -1};
    return ZP_OK;
}

/* Block b's pairs: the solver's candidates, or, when the block is completed, every school
 * that could be in a plan within target. Such a school costs at most m + (target - L) / d,
 * m the least candidate's cost plus price (listing only raises the block's dual value v to
 * at most m, and the bound L only rises): farther schools are never kept, and e->reach[b]
 * records the cost below which every school is listed (a floor for the unlisted ones). */
static int block_pairs(exact *e, size_t b, int all, int64_t target)
{
    const zp_alloc_result *r = e->r;
    if (!all) {
        for (size_t a = r->arc_start[b]; a < r->arc_start[b + 1]; a++)
            if (add_pair(e, r->arc_school[a], r->arc_cost[a]))
                return ZP_ENOMEM;
        return ZP_OK;
    }
    int64_t m_cm = e->P, d = e->in->demand[b], slack = target > e->L ? target - e->L : 0;
    for (size_t a = r->arc_start[b]; a < r->arc_start[b + 1]; a++)
        if (r->arc_cost[a] + e->price[r->arc_school[a]] < m_cm)
            m_cm = r->arc_cost[a] + e->price[r->arc_school[a]];
    int64_t reach = d > 0 && m_cm < e->P && (e->P - m_cm) > (slack + d - 1) / d
                        ? m_cm + (slack + d - 1) / d
                        : e->P;
    e->reach[b] = reach;
    /* one bounded search from the block for every school (a walk per pair, out to the
     * penalty, was most of the exact finish's time on the streets) */
    int32_t *sch = malloc(sizeof *sch * 2 * (e->ns + 1));
    double *m = malloc(sizeof *m * (e->ns + 1));
    size_t n = 0;
    int rc = sch && m ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t s = 0; !rc && s < e->ns; s++)
        if (e->in->capacity[s] > 0)
            sch[n++] = (int32_t)s;
    if (!rc)
        rc = zp_alloc_dist_many(e->in, b, sch, n, (double)reach / 100.0 + 1e-6, sch + e->ns + 1, m);
    for (size_t i = 0; !rc && i < n; i++) {
        int64_t c = zp_alloc_cost_at(e->in, b, (size_t)sch[i], m[i]);
        if (c < e->P && add_pair(e, sch[i], c))
            rc = ZP_ENOMEM;
    }
    free(sch);
    free(m);
    return rc;
}

static int64_t dual_of(const exact *e, size_t b)
{
    int64_t v = e->P;
    if (!e->complete[b] && e->r->arc_floor && e->r->arc_floor[b] < v)
        v = e->r->arc_floor[b]; /* an unlisted school may cost this little (price >= 0) */
    if (e->complete[b] && e->reach[b] < v)
        v = e->reach[b]; /* so may one past the completed list's reach */
    for (size_t k = e->start[b]; k < e->start[b + 1]; k++) {
        int64_t c = e->pair[k].cost + e->price[e->pair[k].school];
        if (c < v)
            v = c;
    }
    return v;
}

static void dual_bound(exact *e)
{
    int64_t L = e->locked_cm;
    for (size_t b = 0; b < e->nb; b++)
        if (e->kind[b] == 1) {
            e->v[b] = dual_of(e, b);
            L += e->v[b] * e->in->demand[b];
        }
    for (size_t s = 0; s < e->ns; s++)
        L -= e->price[s] * (e->cap[s] > 0 ? e->cap[s] : 0);
    e->L = L;
}

static size_t max_pairs_of(const exact *e)
{
    return e->opt->max_pairs ? e->opt->max_pairs : 400000;
}

/* Listed pairs of blocks with children that a plan within target may use. */
static size_t count_kept(const exact *e, int64_t target)
{
    size_t kept = 0;
    for (size_t b = 0; b < e->nb; b++)
        for (size_t k = e->start[b]; e->kind[b] == 1 && k < e->start[b + 1]; k++)
            kept += zp_exact_kept(e, b, &e->pair[k], target);
    return kept;
}

/* Pairs that completing blocks' lists may compute: under the rule, no more than its model
 * may hold (a loose target would complete every block, one search on the streets each, for a
 * model that is then too large to be tried). */
static size_t expand_limit(const exact *e)
{
    size_t m = max_pairs_of(e);
    return e->opt->adj_start && m < EXPAND_LIMIT ? m : EXPAND_LIMIT;
}

/* The pairs of every block with children, completed where farther schools could be in a
 * plan within target. */
static int list_pairs(exact *e, int64_t target)
{
    e->npair = 0;
    for (size_t b = 0; b < e->nb; b++) {
        e->start[b] = e->npair;
        if (e->kind[b] == 1 && block_pairs(e, b, e->complete[b], target))
            return ZP_ENOMEM;
    }
    e->start[e->nb] = e->npair;
    dual_bound(e);
    /* completing lists costs a search on the streets per block: none for a model that is
     * too large with its candidates alone */
    if (!e->expanded && count_kept(e, target) > max_pairs_of(e)) {
        e->too_large = 1;
        return ZP_OK;
    }
    int again = 0;
    for (size_t b = 0; b < e->nb; b++) {
        if (e->kind[b] != 1 || e->complete[b])
            continue;
        int64_t d = e->in->demand[b], v = e->v[b], fl = e->r->arc_floor[b];
        int64_t least = fl - v < e->P - v ? fl - v : e->P - v;
        if (fl < e->P && d * least <= target - e->L && e->expanded + e->ns <= expand_limit(e)) {
            e->complete[b] = 1;
            e->expanded += e->ns;
            again = 1;
        }
    }
    return again ? list_pairs(e, target) : ZP_OK;
}

/* Blocks whose unlisted pairs could be in a plan within target (their lists were not
 * completed: the budget ran out); *least: the cheapest such plan's floor, L + d x least. */
static size_t open_blocks(const exact *e, int64_t target, int64_t *least_plan)
{
    size_t n = 0;
    *least_plan = INT64_MAX;
    for (size_t b = 0; b < e->nb; b++) {
        if (e->kind[b] != 1 || e->complete[b])
            continue;
        int64_t d = e->in->demand[b], v = e->v[b], fl = e->r->arc_floor[b];
        int64_t least = fl - v < e->P - v ? fl - v : e->P - v;
        if (fl < e->P && d * least <= target - e->L) {
            n++;
            if (e->L + d * least < *least_plan)
                *least_plan = e->L + d * least;
        }
    }
    return n;
}

xpair *zp_exact_find_pair(exact *e, size_t b, int32_t s)
{
    for (size_t k = e->start[b]; k < e->start[b + 1]; k++)
        if (e->pair[k].school == s)
            return &e->pair[k];
    return NULL;
}

int zp_exact_closer(double da, size_t a, double db, size_t b)
{
    return da < db || (da == db && a < b);
}

/* Is pair k of block b within the target (or forced: the root's, the start plan's)? */
int zp_exact_kept(const exact *e, size_t b, const xpair *p, int64_t target)
{
    if (e->kind[b] == 2)
        return 1;
    int64_t d = e->in->demand[b], v = e->v[b];
    int64_t rc = p->cost + e->price[p->school] - v, out = e->P - v;
    return d * (rc < out ? rc : out) <= target - e->L || e->root[p->school] == (int32_t)b ||
           e->r->school[b] == p->school;
}

/* Connectors: blocks without children take the schools of their neighbours' kept pairs. */
typedef struct clist {
    size_t *start; /* per block (connectors only non-empty) */
    int32_t *school;
    size_t n, cap;
} clist;

static int clist_add(clist *c, int32_t *seen, int32_t mark, int32_t s)
{
    if (s < 0 || seen[s] == mark)
        return ZP_OK;
    seen[s] = mark;
    if (zp_exact_grow((void **)&c->school, &c->cap, c->n + 1, sizeof *c->school))
        return ZP_ENOMEM;
    c->school[c->n++] = s;
    return ZP_OK;
}

/* One pass: each connector's schools are its nearest, its neighbours' kept ones, locked
 * neighbours' own, and (from the pass before, prev) its connector neighbours' lists. */
static int connector_pass(exact *e, int64_t target, const clist *prev, clist *c, int32_t *seen)
{
    const size_t *as = e->opt->adj_start;
    const int32_t *adj = e->opt->adj;
    int rc = ZP_OK;
    c->n = 0;
    for (size_t b = 0; !rc && b < e->nb; b++) {
        c->start[b] = c->n;
        if (e->kind[b] != 2)
            continue;
        int32_t mark = (int32_t)b + 1;
        rc = clist_add(c, seen, mark, e->r->nearest[b]);
        for (size_t k = as[b]; !rc && k < as[b + 1]; k++) {
            size_t j = (size_t)adj[k];
            if (zp_alloc_is_locked(e->in, j))
                rc = clist_add(c, seen, mark, e->in->current[j]);
            for (size_t q = e->start[j]; !rc && e->kind[j] == 1 && q < e->start[j + 1]; q++)
                if (zp_exact_kept(e, j, &e->pair[q], target))
                    rc = clist_add(c, seen, mark, e->pair[q].school);
            for (size_t q = prev->start[j]; !rc && e->kind[j] == 2 && q < prev->start[j + 1]; q++)
                rc = clist_add(c, seen, mark, prev->school[q]);
        }
    }
    c->start[e->nb] = c->n;
    return rc;
}

/* Connectors (blocks without children) take every school a catchment could carry through
 * them: passes until their lists stop growing, so chains of connectors carry schools too.
 * Their pairs are merged into the CSR after each block's own. */
static int connector_pairs(exact *e, int64_t target)
{
    clist c[2] = {{calloc(e->nb + 1, sizeof(size_t)), NULL, 0, 0},
                  {calloc(e->nb + 1, sizeof(size_t)), NULL, 0, 0}};
    int32_t *seen = malloc(sizeof *seen * (e->ns + 1));
    int rc = c[0].start && c[1].start && seen ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    int cur = 0;
    for (int pass = 0; !rc && pass < 64; pass++) {
        for (size_t s = 0; s < e->ns; s++)
            seen[s] = 0; /* marks are block + 1: fresh per pass */
        size_t before = c[cur].n;
        rc = connector_pass(e, target, &c[cur], &c[1 - cur], seen);
        cur = 1 - cur;
        if (pass > 0 && c[cur].n == before)
            break;
    }
    /* each connector pair costs a walk on the streets: none when they are too many already */
    e->too_large = !rc && c[cur].n > (e->opt->max_pairs ? e->opt->max_pairs : 400000);
    xpair *all = rc || e->too_large ? NULL : malloc(sizeof *all * (e->npair + c[cur].n + 1));
    if (!rc && !all && !e->too_large)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc && all) {
        size_t n = 0;
        for (size_t b = 0; b < e->nb; b++) {
            size_t s0 = e->start[b], s1 = e->start[b + 1];
            e->start[b] = n;
            for (size_t k = s0; k < s1; k++)
                all[n++] = e->pair[k];
            for (size_t k = c[cur].start[b]; k < c[cur].start[b + 1]; k++)
                all[n++] = (xpair){c[cur].school[k], 0,
                                   zp_alloc_dist(e->in, b, (size_t)c[cur].school[k]), -1};
        }
        e->start[e->nb] = n;
        free(e->pair);
        e->pair = all;
        e->npair = e->cap_pair = n;
    }
    free(seen);
    for (int i = 0; i < 2; i++) {
        free(c[i].start);
        free(c[i].school);
    }
    return rc;
}

typedef struct near3 {
    int32_t school, block;
    double dist;
} near3;

static int cmp_near(const void *a, const void *b)
{
    const near3 *x = a, *y = b;
    if (x->school != y->school)
        return x->school < y->school ? -1 : 1;
    if (x->dist != y->dist)
        return x->dist < y->dist ? -1 : 1;
    return (x->block > y->block) - (x->block < y->block);
}

static void pair_dists(exact *e)
{
    for (size_t b = 0; b < e->nb; b++)
        for (size_t k = e->start[b]; k < e->start[b + 1]; k++)
            e->pair[k].dist = zp_alloc_dist(e->in, b, (size_t)e->pair[k].school);
}

/* Each school's root: its nearest block among the pairs (and the connectors' nearest
 * schools), in school order, no block the root of two schools. */
static int find_roots(exact *e)
{
    near3 *t = malloc(sizeof *t * (e->npair + e->nb + 1));
    uint8_t *taken = calloc(e->nb + 1, 1);
    if (!t || !taken) {
        free(t);
        free(taken);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    size_t n = 0;
    for (size_t b = 0; b < e->nb; b++) {
        for (size_t k = e->start[b]; k < e->start[b + 1]; k++)
            t[n++] = (near3){e->pair[k].school, (int32_t)b, e->pair[k].dist};
        if (e->kind[b] == 2 && e->r->nearest[b] >= 0)
            t[n++] = (near3){e->r->nearest[b], (int32_t)b,
                             zp_alloc_dist(e->in, b, (size_t)e->r->nearest[b])};
    }
    qsort(t, n, sizeof *t, cmp_near);
    for (size_t s = 0; s < e->ns; s++)
        e->root[s] = -1;
    for (size_t i = 0; i < n; i++)
        if (e->root[t[i].school] < 0 && !taken[t[i].block]) {
            e->root[t[i].school] = t[i].block;
            taken[t[i].block] = 1;
        }
    free(t);
    free(taken);
    return ZP_OK;
}

/* Land that holds no root: its blocks are exempt from the rule (they cannot be joined). */
static int find_islands(exact *e)
{
    int32_t *land = malloc(sizeof *land * (e->nb + 1));
    uint8_t *rooted = calloc(e->nb + 1, 1);
    if (!land || !rooted) {
        free(land);
        free(rooted);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (size_t b = 0; b < e->nb; b++)
        land[b] = (int32_t)b;
    for (size_t b = 0; b < e->nb; b++)
        for (size_t k = e->opt->adj_start[b]; k < e->opt->adj_start[b + 1]; k++)
            zp_uf_unite(land, (int32_t)b, e->opt->adj[k]);
    for (size_t s = 0; s < e->ns; s++)
        if (e->root[s] >= 0)
            rooted[zp_uf_find(land, e->root[s])] = 1;
    for (size_t b = 0; b < e->nb; b++)
        e->island[b] = !rooted[zp_uf_find(land, (int32_t)b)];
    free(land);
    free(rooted);
    return ZP_OK;
}

static void exact_free(exact *e)
{
    free(e->price);
    free(e->cap);
    free(e->v);
    free(e->kind);
    free(e->complete);
    free(e->reach);
    free(e->start);
    free(e->pair);
    free(e->root);
    free(e->island);
}

static int exact_init(exact *e, const zp_alloc_input *in, const zp_exact_options *opt,
                      zp_alloc_result *r)
{
    memset(e, 0, sizeof *e);
    e->in = in;
    e->opt = opt;
    e->r = r;
    e->nb = in->nblocks;
    e->ns = in->nschools;
    e->P = zp_alloc_cost_cm(in->penalty_m);
    e->price = malloc(sizeof *e->price * (e->ns + 1));
    e->cap = malloc(sizeof *e->cap * (e->ns + 1));
    e->root = malloc(sizeof *e->root * (e->ns + 1));
    e->v = calloc(e->nb + 1, sizeof *e->v);
    e->kind = calloc(e->nb + 1, 1);
    e->complete = calloc(e->nb + 1, 1);
    e->reach = calloc(e->nb + 1, sizeof *e->reach);
    e->island = calloc(e->nb + 1, 1);
    e->start = calloc(e->nb + 1, sizeof *e->start);
    if (!e->price || !e->cap || !e->root || !e->v || !e->kind || !e->complete || !e->reach ||
        !e->island || !e->start)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t s = 0; s < e->ns; s++) {
        e->price[s] = llround(r->price_m[s] * 100.0);
        e->cap[s] = in->capacity[s] > 0 ? in->capacity[s] : 0;
        e->root[s] = -1;
    }
    for (size_t b = 0; b < e->nb; b++) {
        int32_t d = in->demand[b] > 0 ? in->demand[b] : 0;
        if (zp_alloc_is_locked(in, b)) {
            e->cap[in->current[b]] -= d;
            e->locked_cm += zp_alloc_pair_cost(in, b, (size_t)in->current[b]) * d;
        } else if (d > 0) {
            e->kind[b] = 1;
            e->full_cm += e->P * d;
        } else if (opt->adj_start) {
            e->kind[b] = 2;
        }
    }
    return ZP_OK;
}

/* The pairs for a target: listed, completed, and with contiguity the roots, islands and
 * connectors' pairs, with their distances. */
static int prepare(exact *e, int64_t target, zp_exact_report *rep)
{
    int rc = list_pairs(e, target);
    if (!rc && e->opt->adj_start) {
        /* every pair's distance is a walk on the streets: none when the model's own pairs
         * already outnumber max_pairs (connectors only add to them) */
        if (e->too_large || (e->too_large = count_kept(e, target) > max_pairs_of(e)) != 0)
            return ZP_OK;
        pair_dists(e);
        if (!e->rooted) { /* once: every round's rule is the same rule */
            rc = find_roots(e);
            rc = rc ? rc : find_islands(e);
            e->rooted = !rc;
        }
        rc = rc ? rc : connector_pairs(e, target);
    }
    if (!rc) {
        rep->pairs = e->npair;
        rep->open_blocks = open_blocks(e, target, &e->open_floor);
        rep->islands = 0;
        for (size_t b = 0; e->opt->adj_start && b < e->nb; b++)
            rep->islands += e->island[b] && e->kind[b] == 1;
    }
    return rc;
}

/* The Lagrangian bound before the first search (*bound: the bound so far, the LP's, raised to
 * the best of the three); when it meets the plan held (and no block could go through pairs
 * not listed, and no rule is added), the plan is proven optimal. */
static int first_bound(exact *e, int64_t held, zp_exact_report *rep, int64_t *bound)
{
    int64_t lag = 0;
    int rc = zp_exact_lagrange(e, held, &lag);
    if (rc)
        return rc;
    if (lag > *bound) /* *bound: the LP's already */
        *bound = lag;
    if (e->L > *bound)
        *bound = e->L;
    rep->lagrange_bound = (double)*bound / 100.0;
    if (*bound >= held && !rep->open_blocks && !e->opt->adj_start) {
        rep->status = ZP_EXACT_OPTIMAL; /* the bound meets the plan: no search needed */
        *bound = held;
    }
    return ZP_OK;
}

static int exact_rounds(exact *e, zp_exact_report *rep)
{
    const zp_exact_options *opt = e->opt;
    double t0 = zp_seconds(), budget = opt->seconds > 0 ? opt->seconds : 10.0;
    size_t max_pairs = max_pairs_of(e);
    /* the solver's LP bound holds for every plan; e->L, the bound with the lists as they are,
     * is weaker while no list is completed (a model found too large before any is) */
    int64_t lp_cm = llround(e->r->lp_bound * 100.0);
    int64_t start_cm = llround(e->r->objective * 100.0), target = start_cm, bound = lp_cm;
    int64_t held = start_cm; /* the plan held: the start, or the MILP's when taken */
    int rule_ok = 0;         /* it follows the closer-neighbour rule (by construction) */
    saved keep = {0};
    int rc = zp_exact_save(e, &keep);
    rep->start = e->r->objective;
    rep->status = ZP_EXACT_LIMIT;
    for (int round = 0; !rc && round < MAX_ROUNDS; round++) {
        rc = prepare(e, target, rep);
        if (rc)
            break;
        rep->lp_bound = (double)(e->L > lp_cm ? e->L : lp_cm) / 100.0;
        if (round == 0 && !opt->adj_start) { /* a bound even for a model too large */
            rc = first_bound(e, held, rep, &bound);
            if (rc || rep->status == ZP_EXACT_OPTIMAL)
                break;
        }
        if (e->too_large) {
            rep->status = ZP_EXACT_TOO_LARGE;
            bound = bound > e->L ? bound : e->L;
            break;
        }
        model m = {.inf = DBL_MAX};
        rc = zp_exact_build(e, target, &m, rep);
        if (!rc && rep->kept > max_pairs) {
            rep->status = ZP_EXACT_TOO_LARGE;
            zp_exact_model_free(&m);
            bound = bound > e->L ? bound : e->L;
            break;
        }
        if (!rc && round == 0 && opt->adj_start) /* the rule's model: worth a bound only when
                                                    it is small enough to be solved */
            rc = first_bound(e, held, rep, &bound);
        outcome o = {0};
        double left = budget - (zp_seconds() - t0);
        double constant_m = (double)(e->full_cm + e->locked_cm) / 100.0;
        if (!rc)
            rc = zp_exact_cbc(e, &m, left > 0.05 ? left : 0.05, constant_m,
                              opt->adj_start ? DBL_MAX : e->r->objective, &o);
        zp_exact_model_free(&m);
        rep->rounds++;
        rep->nodes += o.nodes;
        rep->stopped_on_time |= o.on_time;
        if (rc)
            break;
        int64_t z = o.found ? llround(e->r->objective * 100.0) : o.empty ? held : INT64_MAX;
        /* the MILP's plan is taken when better than the plan held; under the rule also when
         * the plan held breaks it and the MILP's is proven the rule's optimum (one found at
         * the time limit, or optimal only over the pairs within a target it exceeds, may be
         * far worse than the repaired plan) */
        if (o.found && (z < held || (opt->adj_start && !rule_ok && o.proven && z <= target))) {
            held = z;
            rule_ok = opt->adj_start != NULL;
            zp_exact_saved_free(&keep);
            rc = zp_exact_save(e, &keep);
        } else {
            zp_exact_restore(e, &keep);
        }
        int64_t cbc_cm = o.empty       ? target
                         : o.has_bound ? (int64_t)floor(o.bound_m * 100.0 + 1e-6)
                                       : e->L;
        if (rep->open_blocks && e->open_floor < cbc_cm) /* plans through unlisted pairs */
            cbc_cm = e->open_floor;
        if (!rc && o.proven && z <= target) {
            rep->status = rep->open_blocks ? ZP_EXACT_CANDIDATES : ZP_EXACT_OPTIMAL;
            bound = cbc_cm < z ? cbc_cm : z; /* below z by the connectors' 1 cm rewards */
            break;
        }
        /* past the target, or out of time: what is proven is the least of the two */
        int64_t lb = cbc_cm < target ? cbc_cm : target;
        bound = lb > bound ? lb : bound;
        if (rc || !o.proven || zp_seconds() - t0 >= budget)
            break;
        target = z; /* the optimum lies above the target: widen the model to it */
    }
    zp_exact_saved_free(&keep);
    rep->contiguous = rule_ok;
    rep->bound = (double)bound / 100.0;
    rep->objective = e->r->objective;
    rep->gap = e->r->objective > 0 ? (e->r->objective - rep->bound) / e->r->objective : 0.0;
    return rc;
}

int zp_alloc_exact(const zp_alloc_input *in, const zp_exact_options *opt, zp_alloc_result *r,
                   zp_exact_report *rep)
{
    memset(rep, 0, sizeof *rep);
    if (!r->arc_start || !r->arc_floor || !r->price_m)
        return zp_error_set(ZP_EINPUT, "exact finish: the plan has no candidate pairs (solve it "
                                       "with keep_arcs)");
    double t0 = zp_seconds();
    zp_alloc_input local;
    zp_dist *own;
    int rc = zp_alloc_with_dist(in, &local, &own);
    exact e;
    if (!rc) {
        rc = exact_init(&e, &local, opt, r);
        rc = rc ? rc : exact_rounds(&e, rep);
        exact_free(&e);
    }
    if (!rc)
        rc = zp_dist_status(local.dist);
    zp_dist_free(own);
    rep->seconds = zp_seconds() - t0;
    return rc;
}
