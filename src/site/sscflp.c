/* The SSCFLP solver: Lagrangian relaxation of "every customer served once" for the lower
 * bound, subgradient optimisation of the multipliers, and plans built from the relaxed
 * solutions. With multipliers lambda the relaxation splits by site into 0-1 knapsacks
 * (which customers a site would take at reduced cost c - lambda, within its capacity),
 * solved exactly by dynamic programming, plus the choice of sites, which must together
 * hold all the demand (a covering knapsack over the sites, also exact). Every bound is
 * valid whatever the multipliers, so the gap reported is proven; the plan is the best
 * found by the heuristics in assign.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "site_internal.h"
#include "zoneplan/errors.h"

#define DP_LIMIT 50000000.0 /* knapsack cells beyond which the LP bound of a knapsack is used */

int zp_site_index_build(const zp_sscflp *in, zp_site_index *ix)
{
    size_t narcs = in->start[in->ncust];
    ix->start = calloc(in->nsites + 1, sizeof *ix->start);
    ix->cust = malloc((narcs + 1) * sizeof *ix->cust);
    ix->cost = malloc((narcs + 1) * sizeof *ix->cost);
    size_t *fill = malloc((in->nsites + 1) * sizeof *fill);
    if (!ix->start || !ix->cust || !ix->cost || !fill) {
        free(fill);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < narcs; k++)
        ix->start[in->arcs[k].site + 1]++;
    for (size_t s = 0; s < in->nsites; s++)
        ix->start[s + 1] += ix->start[s];
    memcpy(fill, ix->start, (in->nsites + 1) * sizeof *fill);
    for (size_t i = 0; i < in->ncust; i++)
        for (size_t k = in->start[i]; k < in->start[i + 1]; k++) {
            size_t at = fill[in->arcs[k].site]++;
            ix->cust[at] = (int32_t)i;
            ix->cost[at] = in->arcs[k].cost;
        }
    free(fill);
    return ZP_OK;
}

void zp_site_index_free(zp_site_index *ix)
{
    free(ix->start);
    free(ix->cust);
    free(ix->cost);
    memset(ix, 0, sizeof *ix);
}

/* Working memory of the relaxation. */
typedef struct relax {
    const zp_sscflp *in;
    zp_site_index ix;
    double *lambda, *value; /* per customer; per site: fixed + best knapsack */
    unsigned char *take;    /* per arc of ix: in the site's knapsack */
    unsigned char *y;       /* per site: open in the relaxed solution */
    double *dp;             /* knapsack table row */
    unsigned char *keep;    /* knapsack choices, items x capacity */
    size_t dp_cap, keep_cap;
    int32_t *items;
    int64_t demand;
    double *gvalue;      /* per site: its group's value at the group's first site, 0 elsewhere */
    int32_t *gfirst;     /* per group: its first site */
    double *best_lambda; /* the multipliers of the best bound (when asked for) */
} relax;

static int by_ratio(const void *a, const void *b, void *ud)
{
    const relax *r = ud;
    size_t x = (size_t) * (const int32_t *)a, y = (size_t) * (const int32_t *)b;
    double rx = (r->ix.cost[x] - r->lambda[r->ix.cust[x]]) / (double)r->in->demand[r->ix.cust[x]];
    double ry = (r->ix.cost[y] - r->lambda[r->ix.cust[y]]) / (double)r->in->demand[r->ix.cust[y]];
    return rx < ry ? -1 : rx > ry ? 1 : (x > y) - (x < y);
}

/* A knapsack too big for the table: its LP bound (most gain per unit first, the last item
 * in part), a valid bound; the whole items taken are marked. */
static double knapsack_lp(relax *r, size_t n, size_t q)
{
    qsort_r(r->items, n, sizeof *r->items, by_ratio, r);
    double best = 0, room = (double)q;
    for (size_t k = 0; k < n && room > 0; k++) {
        size_t a = (size_t)r->items[k];
        double w = (double)r->in->demand[r->ix.cust[a]],
               gain = r->ix.cost[a] - r->lambda[r->ix.cust[a]];
        double part = w <= room ? 1.0 : room / w;
        best += gain * part;
        room -= w * part;
        r->take[a] = part == 1.0;
    }
    return best;
}

/* Best value (most negative) of site s's knapsack over customers of negative reduced cost;
 * marks take[]. Exact by DP when small enough, else the LP bound (still a valid bound) with
 * the greedy integer choice marked. */
static double knapsack(relax *r, size_t s)
{
    const zp_sscflp *in = r->in;
    size_t n = 0, a0 = r->ix.start[s], a1 = r->ix.start[s + 1];
    int64_t weight = 0;
    for (size_t a = a0; a < a1; a++) {
        r->take[a] = 0;
        if (r->ix.cost[a] - r->lambda[r->ix.cust[a]] < 0) {
            r->items[n++] = (int32_t)a;
            weight += in->demand[r->ix.cust[a]];
        }
    }
    double best = 0;
    if (weight > in->cap[s] && in->fractional)
        return knapsack_lp(r, n, (size_t)in->cap[s]);
    if (weight <= in->cap[s]) { /* everything fits */
        for (size_t k = 0; k < n; k++) {
            r->take[r->items[k]] = 1;
            best += r->ix.cost[r->items[k]] - r->lambda[r->ix.cust[r->items[k]]];
        }
        return best;
    }
    size_t q = (size_t)in->cap[s];
    if ((double)n * (double)(q + 1) > DP_LIMIT || (q + 1) > r->dp_cap || n * (q + 1) > r->keep_cap)
        return knapsack_lp(r, n, q);
    for (size_t c = 0; c <= q; c++)
        r->dp[c] = 0;
    for (size_t k = 0; k < n; k++) {
        size_t a = (size_t)r->items[k];
        size_t w = (size_t)in->demand[r->ix.cust[a]];
        double gain = r->ix.cost[a] - r->lambda[r->ix.cust[a]];
        unsigned char *row = r->keep + k * (q + 1);
        for (size_t c = q + 1; c-- > 0;) {
            row[c] = 0;
            if (c >= w && r->dp[c - w] + gain < r->dp[c]) {
                r->dp[c] = r->dp[c - w] + gain;
                row[c] = 1;
            }
        }
    }
    best = r->dp[q];
    for (size_t k = n, c = q; k-- > 0;) /* walk the choices back */
        if (r->keep[k * (q + 1) + c]) {
            r->take[r->items[k]] = 1;
            c -= (size_t)in->demand[r->ix.cust[r->items[k]]];
        }
    return best;
}

static int must(const zp_sscflp *in, size_t s)
{
    return in->fixed_open ? in->fixed_open[s] : 0;
}

/* The sites' choice: those of negative value (or required) open, then the cheapest way to
 * add capacity for all the demand (exact DP over the missing capacity when small, else its
 * LP bound). Returns the sum of the chosen values. */
static int by_value(const void *a, const void *b, void *ud)
{
    const double *v = ud;
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return v[x] < v[y] ? -1 : v[x] > v[y] ? 1 : (x > y) - (x < y);
}

/* With a limit on free sites: the required ones, and up to max_open free ones of the most
 * negative values (the demand's cover is left to a site of unlimited capacity, such as the
 * shortfall site of siting, so it is not imposed here: a relaxation, still a bound). */
static double choose_limited(relax *r)
{
    const zp_sscflp *in = r->in;
    double total = 0;
    size_t n = 0;
    /* a group's value is its sites' together, held by its first site (r->gvalue) */
    for (size_t s = 0; s < in->nsites; s++) {
        r->y[s] = must(in, s) > 0;
        total += r->y[s] ? r->value[s] : 0;
        r->gvalue[s] = must(in, s) ? 0 : r->value[s];
        int32_t g = in->group ? in->group[s] : -1;
        if (g >= 0 && r->gfirst[g] != (int32_t)s && !must(in, s)) {
            r->gvalue[r->gfirst[g]] += r->value[s];
            r->gvalue[s] = 0;
        }
    }
    for (size_t s = 0; s < in->nsites; s++)
        if (!must(in, s) && r->gvalue[s] < 0 &&
            (!in->group || in->group[s] < 0 || r->gfirst[in->group[s]] == (int32_t)s))
            r->items[n++] = (int32_t)s;
    qsort_r(r->items, n, sizeof *r->items, by_value, r->gvalue);
    for (size_t k = 0; k < n && k < (size_t)in->max_open; k++) {
        int32_t s = r->items[k], g = in->group ? in->group[s] : -1;
        total += r->gvalue[s];
        r->y[s] = 1;
        for (size_t t = 0; g >= 0 && t < in->nsites; t++) /* its group's other sites */
            if (in->group[t] == g && !must(in, t))
                r->y[t] = 1;
    }
    return total;
}

static double cover(relax *r)
{
    const zp_sscflp *in = r->in;
    if (in->max_open > 0)
        return choose_limited(r);
    double total = 0;
    int64_t have = 0;
    for (size_t s = 0; s < in->nsites; s++) {
        r->y[s] = must(in, s) > 0 || (must(in, s) == 0 && r->value[s] < 0);
        if (r->y[s]) {
            total += r->value[s];
            have += in->cap[s];
        }
    }
    int64_t need = r->demand - have;
    if (need <= 0)
        return total;
    size_t R = (size_t)need, m = in->nsites;
    if ((double)m * (double)(R + 1) > DP_LIMIT || R + 1 > r->dp_cap || m * (R + 1) > r->keep_cap) {
        /* LP: cheapest value per unit of capacity first (valid bound; y marks whole sites) */
        double add = 0, left = (double)need;
        while (left > 0) {
            size_t pick = m;
            for (size_t s = 0; s < m; s++)
                if (!r->y[s] && must(in, s) >= 0 && in->cap[s] > 0 &&
                    (pick == m ||
                     r->value[s] / (double)in->cap[s] < r->value[pick] / (double)in->cap[pick]))
                    pick = s;
            if (pick == m)
                return HUGE_VAL; /* not enough capacity anywhere: infeasible */
            double part = fmin(1.0, left / (double)in->cap[pick]);
            add += r->value[pick] * part;
            left -= (double)in->cap[pick];
            r->y[pick] = 1;
        }
        return total + add;
    }
    for (size_t c = 1; c <= R; c++)
        r->dp[c] = HUGE_VAL;
    r->dp[0] = 0;
    for (size_t s = 0; s < m; s++) { /* dp[c]: least value reaching capacity >= c */
        unsigned char *row = r->keep + s * (R + 1);
        memset(row, 0, R + 1);
        if (r->y[s] || must(in, s) < 0)
            continue;
        size_t w = (size_t)in->cap[s];
        for (size_t c = R + 1; c-- > 1;) {
            double from = r->dp[c > w ? c - w : 0] + r->value[s];
            if (from < r->dp[c]) {
                r->dp[c] = from;
                row[c] = 1;
            }
        }
    }
    if (r->dp[R] == HUGE_VAL)
        return HUGE_VAL;
    double add = r->dp[R];
    for (size_t s = m, c = R; s-- > 0 && c > 0;)
        if (r->keep[s * (R + 1) + c]) {
            r->y[s] = 1;
            c = c > (size_t)in->cap[s] ? c - (size_t)in->cap[s] : 0;
        }
    return total + add;
}

/* L(lambda): a lower bound on every plan's cost. */
static double lagrangian(relax *r)
{
    const zp_sscflp *in = r->in;
    double l = 0;
    for (size_t i = 0; i < in->ncust; i++)
        l += r->lambda[i];
    for (size_t s = 0; s < in->nsites; s++)
        r->value[s] = in->fixed[s] + knapsack(r, s);
    return l + cover(r);
}

static int relax_init(relax *r, const zp_sscflp *in)
{
    memset(r, 0, sizeof *r);
    r->in = in;
    int rc = zp_site_index_build(in, &r->ix);
    size_t narcs = in->start[in->ncust], qmax = 1;
    for (size_t i = 0; i < in->ncust; i++)
        r->demand += in->demand[i];
    for (size_t s = 0; s < in->nsites; s++)
        qmax = (size_t)in->cap[s] + 1 > qmax ? (size_t)in->cap[s] + 1 : qmax;
    qmax = (size_t)r->demand + 1 > qmax ? (size_t)r->demand + 1 : qmax;
    r->dp_cap = qmax < (size_t)DP_LIMIT ? qmax : (size_t)DP_LIMIT;
    size_t most = 0; /* arcs of the busiest site: items of the largest knapsack */
    for (size_t s = 0; !rc && s < in->nsites; s++)
        most =
            r->ix.start[s + 1] - r->ix.start[s] > most ? r->ix.start[s + 1] - r->ix.start[s] : most;
    double need = fmax((double)(most + 1) * (double)qmax, (double)(in->nsites + 1) * (double)qmax);
    r->keep_cap = need < DP_LIMIT ? (size_t)need : (size_t)DP_LIMIT; /* the tables it can use */
    r->lambda = calloc(in->ncust + 1, sizeof *r->lambda);
    r->value = calloc(in->nsites + 1, sizeof *r->value);
    r->take = calloc(narcs + 1, 1);
    r->y = calloc(in->nsites + 1, 1);
    r->dp = malloc(r->dp_cap * sizeof *r->dp);
    r->keep = malloc(r->keep_cap);
    r->items = malloc((narcs + in->nsites + 1) * sizeof *r->items); /* arcs, or sites */
    int32_t ngroups = 0;
    for (size_t s = 0; in->group && s < in->nsites; s++)
        ngroups = in->group[s] >= ngroups ? in->group[s] + 1 : ngroups;
    r->gvalue = calloc(in->nsites + 1, sizeof *r->gvalue);
    r->gfirst = malloc(((size_t)ngroups + 1) * sizeof *r->gfirst);
    if (!rc && (!r->lambda || !r->value || !r->take || !r->y || !r->dp || !r->keep || !r->items ||
                !r->gvalue || !r->gfirst))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (int32_t g = 0; !rc && g < ngroups; g++)
        r->gfirst[g] = -1;
    for (size_t s = in->nsites; !rc && in->group && s-- > 0;)
        if (in->group[s] >= 0)
            r->gfirst[in->group[s]] = (int32_t)s;
    for (size_t i = 0; !rc && i < in->ncust; i++) { /* start: each customer's cheapest pair */
        r->lambda[i] = HUGE_VAL;
        for (size_t k = in->start[i]; k < in->start[i + 1]; k++)
            r->lambda[i] = fmin(r->lambda[i], in->arcs[k].cost);
        if (r->lambda[i] == HUGE_VAL)
            rc = zp_error_set(ZP_EINPUT, "customer %zu has no site that may serve it", i + 1);
    }
    return rc;
}

static void relax_free(relax *r)
{
    zp_site_index_free(&r->ix);
    free(r->lambda);
    free(r->value);
    free(r->gvalue);
    free(r->gfirst);
    free(r->best_lambda);
    free(r->take);
    free(r->y);
    free(r->dp);
    free(r->keep);
    free(r->items);
}

/* At the best bound's multipliers: base, the bound less the free sites' part, and per site
 * the value of opening it (its group's at the group's first site, 0 at the group's others
 * and at required sites): any choice S of free sites costs at least base + sum over S. */
static int values_at_best(relax *r, double *base, double *value)
{
    const zp_sscflp *in = r->in;
    memcpy(r->lambda, r->best_lambda, in->ncust * sizeof *r->lambda);
    double l = 0;
    for (size_t i = 0; i < in->ncust; i++)
        l += r->lambda[i];
    for (size_t s = 0; s < in->nsites; s++) {
        r->value[s] = in->fixed[s] + knapsack(r, s);
        l += must(in, s) > 0 ? r->value[s] : 0;
    }
    if (in->max_open > 0)
        choose_limited(r); /* fills gvalue */
    for (size_t s = 0; s < in->nsites; s++)
        value[s] = must(in, s) ? 0 : in->max_open > 0 ? r->gvalue[s] : r->value[s];
    *base = l;
    return ZP_OK;
}

/* Customers the relaxed solution gives to exactly one of its open sites keep that site;
 * the others (taken twice or not at all) are -1 and get placed by the heuristic. */
static void relaxed_preset(relax *r, int32_t *preset)
{
    const zp_sscflp *in = r->in;
    for (size_t i = 0; i < in->ncust; i++)
        preset[i] = -1;
    for (size_t s = 0; s < in->nsites; s++)
        for (size_t a = r->ix.start[s]; r->y[s] && a < r->ix.start[s + 1]; a++)
            if (r->take[a]) {
                int32_t *at = &preset[r->ix.cust[a]];
                *at = *at == -1 ? (int32_t)s : -2; /* -2: taken twice */
            }
    for (size_t i = 0; i < in->ncust; i++)
        preset[i] = preset[i] < 0 ? -1 : preset[i];
}

/* Open sites of `open` plus the cheapest per place until they hold all the demand, then
 * assign (preset customers first, when given); 0 when a plan serving everyone came out. */
static int plan_from(relax *r, zp_site_plan *p, const int32_t *preset)
{
    const zp_sscflp *in = r->in;
    int64_t have = 0;
    for (size_t s = 0; s < in->nsites; s++) {
        if (must(in, s))
            p->open[s] = must(in, s) > 0;
        have += p->open[s] ? in->cap[s] : 0;
    }
    for (;;) {
        if (have >= r->demand && zp_site_assign_from(in, p, preset) == 0)
            return 0;
        size_t pick = in->nsites; /* one more site: least fixed cost per place */
        for (size_t s = 0; s < in->nsites; s++)
            if (!p->open[s] && must(in, s) >= 0 && in->cap[s] > 0 &&
                (pick == in->nsites ||
                 in->fixed[s] / (double)in->cap[s] < in->fixed[pick] / (double)in->cap[pick]))
                pick = s;
        if (pick == in->nsites)
            return 1;
        p->open[pick] = 1;
        have += in->cap[pick];
    }
}

/* Subgradient of "served once": 1 - times customer i is taken by the chosen sites. */
static double subgradient(relax *r, double *g)
{
    const zp_sscflp *in = r->in;
    for (size_t i = 0; i < in->ncust; i++)
        g[i] = 1;
    for (size_t s = 0; s < in->nsites; s++)
        for (size_t a = r->ix.start[s]; r->y[s] && a < r->ix.start[s + 1]; a++)
            g[r->ix.cust[a]] -= r->take[a];
    double norm = 0;
    for (size_t i = 0; i < in->ncust; i++)
        norm += g[i] * g[i];
    return norm;
}

static int all_integer(const zp_sscflp *in)
{
    for (size_t s = 0; s < in->nsites; s++)
        if (in->fixed[s] != floor(in->fixed[s]))
            return 0;
    for (size_t k = 0; k < in->start[in->ncust]; k++)
        if (in->arcs[k].cost != floor(in->arcs[k].cost))
            return 0;
    return 1;
}

/* The best few plans with different open sites seen during the subgradient phase: each is
 * a start for the local search, which from one start alone can stall in a poor valley. */
#define POOL 6
typedef struct pool {
    zp_site_plan plan[POOL];
    int n;
} pool;

static void pool_offer(const zp_sscflp *in, pool *pl, const zp_site_plan *p)
{
    if (!(p->cost < HUGE_VAL))
        return;
    int worst = 0;
    for (int k = 0; k < pl->n; k++) {
        if (!memcmp(pl->plan[k].open, p->open, in->nsites)) { /* same sites: keep the cheaper */
            if (p->cost < pl->plan[k].cost)
                zp_site_plan_copy(in, &pl->plan[k], p);
            return;
        }
        if (pl->plan[k].cost > pl->plan[worst].cost)
            worst = k;
    }
    if (pl->n < POOL)
        zp_site_plan_copy(in, &pl->plan[pl->n++], p);
    else if (p->cost < pl->plan[worst].cost)
        zp_site_plan_copy(in, &pl->plan[worst], p);
}

/* Subgradient optimisation with a plan tried from the relaxed sites every few steps; with pl
 * NULL the bound alone, steered by res->objective. */
static void optimise(relax *r, zp_site_plan *best, zp_site_plan *trial, pool *pl, double *g,
                     int32_t *preset, int iters, zp_sscflp_result *res)
{
    const zp_sscflp *in = r->in;
    double theta = 2.0, bound = -HUGE_VAL;
    int stale = 0, it = 0;
    for (; it < iters; it++) {
        double l = lagrangian(r);
        if (l == HUGE_VAL)
            break; /* not enough capacity in all the sites together */
        int better = l > bound + 1e-9;
        if (better) {
            bound = l;
            stale = 0;
            if (r->best_lambda)
                memcpy(r->best_lambda, r->lambda, in->ncust * sizeof *r->lambda);
        } else if (++stale >= 25) {
            theta /= 2;
            stale = 0;
        }
        if (pl && (better || it % 5 == 0)) {
            for (int way = 0; way < 2; way++) { /* regret greedy, then the relaxed choice */
                memcpy(trial->open, r->y, in->nsites);
                if (way)
                    relaxed_preset(r, preset);
                if (plan_from(r, trial, way ? preset : NULL) != 0)
                    continue;
                pool_offer(in, pl, trial);
                if (trial->cost < best->cost)
                    zp_site_plan_copy(in, best, trial);
            }
        }
        double norm = subgradient(r, g);
        double known = pl ? best->cost : res->objective;
        double ub = known < HUGE_VAL ? known : fabs(bound) * 1.2 + 1;
        if (norm == 0 || theta < 1e-4 || (ub - bound) <= 1e-6 * fabs(ub))
            break;
        double step = theta * (ub - bound) / norm;
        for (size_t i = 0; i < in->ncust; i++) {
            r->lambda[i] += step * g[i];
            if (in->lambda_cap && r->lambda[i] > in->lambda_cap[i])
                r->lambda[i] = in->lambda_cap[i];
        }
    }
    res->lower_bound = bound;
    res->iterations = it;
}

static int finish(const zp_sscflp *in, zp_site_plan *best, zp_sscflp_result *res)
{
    res->feasible = best->cost < HUGE_VAL;
    res->objective = best->cost;
    if (res->feasible && all_integer(in)) /* integer data: the bound rounds up */
        res->lower_bound = ceil(res->lower_bound - 1e-6);
    res->lower_bound = fmin(res->lower_bound, res->objective);
    res->gap = res->feasible && res->objective > 0
                   ? (res->objective - res->lower_bound) / res->objective
                   : 0;
    res->site = malloc((in->ncust + 1) * sizeof *res->site);
    res->open = malloc(in->nsites + 1);
    if (!res->site || !res->open)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    memcpy(res->site, best->site, in->ncust * sizeof *res->site);
    memcpy(res->open, best->open, in->nsites);
    return ZP_OK;
}

/* Site moves, then customer swaps and ejections until none saves. */
static void improve(const zp_sscflp *in, zp_site_plan *p)
{
    zp_site_local_search(in, p);
    for (double before = HUGE_VAL; p->cost < before - 1e-9;) {
        before = p->cost;
        zp_site_swap_pass(in, p);
        zp_site_eject_pass(in, p);
    }
}

/* Kicks out of the local optimum: close one of the KICKS least-used open sites even when
 * that costs more, re-assign, and search again from there; kept when it ends cheaper. The
 * site search moves one site at a time, and the best plan can be two closures away across
 * plans that cost more (tight capacity makes every closure look bad on its own). */
#define KICKS 4
static void kick(relax *r, zp_site_plan *best, zp_site_plan *trial)
{
    const zp_sscflp *in = r->in;
    unsigned char *tried = calloc(in->nsites + 1, 1);
    zp_sscflp tabu = *in; /* the kicked site stays closed while searching from the kick */
    tabu.fixed_open = calloc(in->nsites + 1, 1);
    for (int k = 0; tried && tabu.fixed_open && k < KICKS; k++) {
        size_t pick = in->nsites;
        for (size_t s = 0; s < in->nsites; s++) /* least load per place among the untried */
            if (best->open[s] && !tried[s] && must(in, s) <= 0 &&
                (pick == in->nsites || (double)best->load[s] * (double)in->cap[pick] <
                                           (double)best->load[pick] * (double)in->cap[s]))
                pick = s;
        if (pick == in->nsites)
            break;
        tried[pick] = 1;
        memcpy(trial->open, best->open, in->nsites);
        trial->open[pick] = 0;
        if (plan_from(r, trial, NULL) != 0)
            continue;
        for (size_t s = 0; s < in->nsites; s++)
            tabu.fixed_open[s] = (signed char)must(in, s);
        tabu.fixed_open[pick] = -1;
        improve(&tabu, trial);
        if (trial->cost < best->cost - 1e-9) {
            zp_site_plan_copy(in, best, trial);
            memset(tried, 0, in->nsites);
            k = -1; /* a better plan: kick it again from its own least-used sites */
        }
    }
    free(tried);
    free(tabu.fixed_open);
}

int zp_sscflp_solve(const zp_sscflp *in, const zp_sscflp_options *opt, zp_sscflp_result *res)
{
    memset(res, 0, sizeof *res);
    if (in->max_open > 0) /* the plan heuristics do not keep such a limit */
        return zp_error_set(ZP_ERROR, "zp_sscflp_solve: max_open is for zp_sscflp_bound only");
    double t0 = zp_seconds();
    int iters = opt && opt->iterations > 0 ? opt->iterations : 600;
    relax r;
    zp_site_plan best = {0}, trial = {0};
    pool pl = {0};
    for (int k = 0; k < POOL; k++)
        if (zp_site_plan_init(in, &pl.plan[k]))
            return zp_error_set(ZP_ENOMEM, "out of memory");
    double *g = malloc((in->ncust + 1) * sizeof *g);
    int32_t *preset = malloc((in->ncust + 1) * sizeof *preset);
    int rc = relax_init(&r, in);
    if (!rc)
        rc = zp_site_plan_init(in, &best);
    if (!rc)
        rc = zp_site_plan_init(in, &trial);
    if (!rc && (!g || !preset))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc) {
        plan_from(&r, &best, NULL); /* a first plan from the required sites alone */
        optimise(&r, &best, &trial, &pl, g, preset, iters, res);
        pool_offer(in, &pl, &best);
        for (int k = 0; k < pl.n; k++) {
            improve(in, &pl.plan[k]);
            if (pl.plan[k].cost < best.cost)
                zp_site_plan_copy(in, &best, &pl.plan[k]);
        }
        kick(&r, &best, &trial);
        rc = finish(in, &best, res);
    }
    res->seconds = zp_seconds() - t0;
    relax_free(&r);
    zp_site_plan_free(&best);
    zp_site_plan_free(&trial);
    for (int k = 0; k < POOL; k++)
        zp_site_plan_free(&pl.plan[k]);
    free(g);
    free(preset);
    return rc;
}

int zp_sscflp_bound(const zp_sscflp *in, const zp_sscflp_options *opt, double upper, double *lb)
{
    return zp_sscflp_bound_values(in, opt, upper, lb, NULL, NULL);
}

int zp_sscflp_bound_values(const zp_sscflp *in, const zp_sscflp_options *opt, double upper,
                           double *lb, double *base, double *value)
{
    int iters = opt && opt->iterations > 0 ? opt->iterations : 600;
    relax r;
    zp_sscflp_result res = {.objective = upper};
    double *g = malloc((in->ncust + 1) * sizeof *g);
    int rc = relax_init(&r, in);
    if (!rc && value && !(r.best_lambda = calloc(in->ncust + 1, sizeof *r.best_lambda)))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc && !g)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && in->lambda0 && i < in->ncust; i++)
        r.lambda[i] = in->lambda0[i];
    for (size_t i = 0; !rc && in->lambda_cap && i < in->ncust; i++)
        r.lambda[i] = fmin(r.lambda[i], in->lambda_cap[i]);
    if (!rc)
        optimise(&r, NULL, NULL, NULL, g, NULL, iters, &res);
    *lb = res.lower_bound;
    if (!rc && value && res.lower_bound > -HUGE_VAL)
        rc = values_at_best(&r, base, value);
    relax_free(&r);
    free(g);
    return rc;
}

void zp_sscflp_result_free(zp_sscflp_result *res)
{
    free(res->site);
    free(res->open);
    memset(res, 0, sizeof *res);
}
