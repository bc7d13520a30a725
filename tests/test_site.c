/* Tests of the single-source capacitated facility location module (include/zoneplan/site.h),
 * the solver behind new-school siting. Every result of zp_sscflp_solve carries a proven gap,
 * and siting trusts zp_sscflp_bound to prune: a bound above the true optimum would silently
 * discard the best plan, so both are checked against exact optima.
 *
 *  - random small instances solved exactly by GLPK's branch and cut: the plan is valid and
 *    its cost recomputes, the lower bound never exceeds the optimum (the gap is honest), and
 *    the heuristic reaches the optimum on most of them;
 *  - the bound alone in its siting forms (sites forced open or shut, a shortfall site of
 *    unlimited capacity, a limit on free sites opened, fractional knapsacks, pairs left out
 *    with capped multipliers) stays below the exact optimum of the full instance;
 *  - Holmberg's file format: a published instance (tests/data/sscflp/p1, optimum 8848) read
 *    and solved to its optimum, NUL padding passed over and reported, malformed files
 *    refused with the file and number position;
 *  - the same instance solved twice gives the same plan. */
#include <criterion/criterion.h>
#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support.h"
#include "zoneplan/errors.h"
#include "zoneplan/site.h"

#define EPS 1e-6

static int quiet(void)
{
    return getenv("ZP_QUIET") != NULL;
}

/* ---- seeded random numbers (splitmix64) ---- */

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int rng_int(uint64_t *s, int lo, int hi)
{
    return lo + (int)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

static double rng_unit(uint64_t *s)
{
    return (double)(rng_next(s) >> 11) / 9007199254740992.0;
}

/* ---- instances ---- */

/* Room for J sites, I customers and narcs pairs (start[] left for the caller). */
static void inst_alloc(zp_sscflp *in, size_t J, size_t I, size_t narcs)
{
    memset(in, 0, sizeof *in);
    in->nsites = J;
    in->ncust = I;
    in->fixed = calloc(J, sizeof *in->fixed);
    in->cap = calloc(J, sizeof *in->cap);
    in->demand = calloc(I, sizeof *in->demand);
    in->start = calloc(I + 1, sizeof *in->start);
    in->arcs = calloc(narcs + 1, sizeof *in->arcs);
    cr_assert(in->fixed && in->cap && in->demand && in->start && in->arcs);
}

static int64_t total_demand(const zp_sscflp *in)
{
    int64_t d = 0;
    for (size_t i = 0; i < in->ncust; i++)
        d += in->demand[i];
    return d;
}

/* Test 1's instances: 4-8 sites, 8-20 customers, all pairs, demands 1..20, fixed costs
 * 10..100, pair costs 1..100, capacities (each at least the largest demand) adding up to
 * 1.2-2 times the demand. */
static void gen_dense(zp_sscflp *in, uint64_t seed)
{
    uint64_t s = seed;
    size_t J = (size_t)rng_int(&s, 4, 8), I = (size_t)rng_int(&s, 8, 20);
    inst_alloc(in, J, I, J * I);
    int64_t dmax = 0;
    for (size_t i = 0; i < I; i++) {
        in->demand[i] = rng_int(&s, 1, 20);
        dmax = in->demand[i] > dmax ? in->demand[i] : dmax;
    }
    double want = (1.2 + 0.8 * rng_unit(&s)) * (double)total_demand(in), w[8], wsum = 0;
    for (size_t j = 0; j < J; j++)
        wsum += w[j] = rng_int(&s, 1, 10);
    for (size_t j = 0; j < J; j++) {
        in->cap[j] = llround(want * w[j] / wsum);
        in->cap[j] = in->cap[j] < dmax ? dmax : in->cap[j];
        in->fixed[j] = rng_int(&s, 10, 100);
    }
    for (size_t i = 0; i < I; i++) {
        in->start[i] = i * J;
        for (size_t j = 0; j < J; j++)
            in->arcs[i * J + j] = (zp_site_arc){(int32_t)j, rng_int(&s, 1, 100)};
    }
    in->start[I] = I * J;
}

/* Test 2's instances, shaped like siting: real sites 0 .. J-2 (some forced open, a few shut,
 * the rest free; real capacity 0.6-1.3 times the demand) and the shortfall site J-1 (forced
 * open, no fixed cost, room for all the demand, dearer than any real pair), all pairs. */
static void gen_siting(zp_sscflp *in, uint64_t seed)
{
    uint64_t s = seed;
    size_t R = (size_t)rng_int(&s, 4, 7), J = R + 1, I = (size_t)rng_int(&s, 8, 16);
    inst_alloc(in, J, I, J * I);
    in->fixed_open = calloc(J, 1);
    cr_assert_not_null(in->fixed_open);
    for (size_t i = 0; i < I; i++)
        in->demand[i] = rng_int(&s, 1, 20);
    int64_t D = total_demand(in);
    double want = (0.6 + 0.7 * rng_unit(&s)) * (double)D, w[8], wsum = 0;
    for (size_t j = 0; j < R; j++)
        wsum += w[j] = rng_int(&s, 1, 10);
    for (size_t j = 0; j < R; j++) {
        in->cap[j] = 1 + llround(want * w[j] / wsum);
        in->fixed[j] = rng_int(&s, 30, 300);
        double u = rng_unit(&s);
        in->fixed_open[j] = (signed char)(j < 2 ? 0 : u < 0.25 ? 1 : u < 0.35 ? -1 : 0);
    }
    in->cap[R] = D;
    in->fixed[R] = 0;
    in->fixed_open[R] = 1;
    for (size_t i = 0; i < I; i++) {
        in->start[i] = i * J;
        for (size_t j = 0; j < R; j++)
            in->arcs[i * J + j] = (zp_site_arc){(int32_t)j, rng_int(&s, 1, 100)};
        in->arcs[i * J + R] = (zp_site_arc){(int32_t)R, 120.0 + 5.0 * (double)in->demand[i]};
    }
    in->start[I] = I * J;
    int nfree = 0;
    for (size_t j = 0; j < R; j++)
        nfree += in->fixed_open[j] == 0;
    in->max_open = rng_int(&s, 1, nfree > 3 ? 3 : nfree);
}

static int by_cost(const void *a, const void *b)
{
    const zp_site_arc *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    return (x->site > y->site) - (x->site < y->site);
}

/* The instance as siting hands it over: each customer keeps its 3 cheapest real sites and
 * the shortfall site (the last), and cap[i] becomes the cost of the third (no pair left out
 * costs less). Shares all but start, arcs and fixed_open (copied) with full. */
static void restrict_arcs(const zp_sscflp *full, zp_sscflp *out, double *cap)
{
    size_t J = full->nsites, R = J - 1, I = full->ncust;
    *out = *full;
    out->start = calloc(I + 1, sizeof *out->start);
    out->arcs = calloc(4 * I, sizeof *out->arcs);
    out->fixed_open = malloc(J);
    cr_assert(out->start && out->arcs && out->fixed_open);
    memcpy(out->fixed_open, full->fixed_open, J);
    zp_site_arc real[8];
    size_t n = 0;
    for (size_t i = 0; i < I; i++) {
        size_t m = 0;
        for (size_t k = full->start[i]; k < full->start[i + 1]; k++)
            if ((size_t)full->arcs[k].site < R)
                real[m++] = full->arcs[k];
        cr_assert_geq(m, 3);
        qsort(real, m, sizeof *real, by_cost);
        out->start[i] = n;
        for (size_t k = 0; k < 3; k++)
            out->arcs[n++] = real[k];
        out->arcs[n++] = (zp_site_arc){(int32_t)R, full->arcs[full->start[i] + R].cost};
        cr_assert_eq(full->arcs[full->start[i] + R].site, (int32_t)R);
        cap[i] = real[2].cost;
    }
    out->start[I] = n;
}

static void restricted_free(zp_sscflp *r)
{
    free(r->start);
    free(r->arcs);
    free(r->fixed_open);
}

static double pair_cost(const zp_sscflp *in, size_t i, int32_t s)
{
    for (size_t k = in->start[i]; k < in->start[i + 1]; k++)
        if (in->arcs[k].site == s)
            return in->arcs[k].cost;
    return HUGE_VAL;
}

/* ---- the exact optimum by GLPK ---- */

/* Minimum of fixed + assignment cost by GLPK's branch and cut: y_j binary (fixed by
 * fixed_open), x per pair binary (in [0, 1] when split: a customer may be shared), each
 * customer served once, sum_i d_i x_ij <= Q_j y_j, x_ij <= y_j, and at most max_open free
 * sites open when max_open > 0. HUGE_VAL when no plan exists. */
static double glpk_optimum(const zp_sscflp *in, int split)
{
    int J = (int)in->nsites, I = (int)in->ncust, A = (int)in->start[in->ncust];
    int limit = in->max_open > 0;
    glp_prob *P = glp_create_prob();
    glp_set_obj_dir(P, GLP_MIN);
    glp_add_rows(P, I + J + A + limit);
    glp_add_cols(P, J + A);
    size_t nz = (size_t)(4 * A + 4 * J + 1);
    int *ia = malloc(nz * sizeof *ia), *ja = malloc(nz * sizeof *ja);
    double *ar = malloc(nz * sizeof *ar);
    cr_assert(ia && ja && ar);
    int k = 0;
    for (int j = 0; j < J; j++) { /* column j+1: y_j; row I+j+1: capacity of j */
        int must = in->fixed_open ? in->fixed_open[j] : 0;
        glp_set_col_kind(P, j + 1, GLP_BV);
        if (must)
            glp_set_col_bnds(P, j + 1, GLP_FX, must > 0, must > 0);
        glp_set_obj_coef(P, j + 1, in->fixed[j]);
        glp_set_row_bnds(P, I + j + 1, GLP_UP, 0, 0);
        ia[++k] = I + j + 1, ja[k] = j + 1, ar[k] = -(double)in->cap[j];
        if (limit && !must)
            ia[++k] = I + J + A + 1, ja[k] = j + 1, ar[k] = 1;
    }
    if (limit)
        glp_set_row_bnds(P, I + J + A + 1, GLP_UP, 0, in->max_open);
    for (int j = 0; j < J && in->group; j++) /* a group opens together: y_j = y of its first */
        for (int f = 0; f < j; f++)
            if (in->group[j] >= 0 && in->group[f] == in->group[j]) {
                int row = glp_add_rows(P, 1);
                glp_set_row_bnds(P, row, GLP_FX, 0, 0);
                ia[++k] = row, ja[k] = j + 1, ar[k] = 1;
                ia[++k] = row, ja[k] = f + 1, ar[k] = -1;
                for (int q = k - 2; q >= 1; q--) /* it counts once against max_open */
                    if (ia[q] == I + J + A + 1 && ja[q] == j + 1)
                        ar[q] = 0;
                break;
            }
    for (int i = 0; i < I; i++) {
        glp_set_row_bnds(P, i + 1, GLP_FX, 1, 1);
        for (size_t a = in->start[i]; a < in->start[i + 1]; a++) {
            int col = J + (int)a + 1, link = I + J + (int)a + 1, s = in->arcs[a].site;
            if (split)
                glp_set_col_bnds(P, col, GLP_DB, 0, 1);
            else
                glp_set_col_kind(P, col, GLP_BV);
            glp_set_obj_coef(P, col, in->arcs[a].cost);
            ia[++k] = i + 1, ja[k] = col, ar[k] = 1;
            ia[++k] = I + s + 1, ja[k] = col, ar[k] = (double)in->demand[i];
            glp_set_row_bnds(P, link, GLP_UP, 0, 0); /* x_ij - y_j <= 0 */
            ia[++k] = link, ja[k] = col, ar[k] = 1;
            ia[++k] = link, ja[k] = s + 1, ar[k] = -1;
        }
    }
    glp_load_matrix(P, k, ia, ja, ar);
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    parm.tm_lim = 20000;
    int ret = glp_intopt(P, &parm);
    double z = HUGE_VAL;
    if (ret == 0 && glp_mip_status(P) == GLP_OPT)
        z = glp_mip_obj_val(P);
    else
        cr_assert(ret == GLP_ENOPFS || (ret == 0 && glp_mip_status(P) == GLP_NOFEAS),
                  "GLPK did not finish: glp_intopt %d, status %d", ret, glp_mip_status(P));
    glp_delete_prob(P);
    free(ia);
    free(ja);
    free(ar);
    return z;
}

/* ---- checks of a result ---- */

/* The plan serves every customer from an open site it has a pair with, within capacity,
 * honours fixed_open, costs what res says, and the gap is (objective - bound) / objective. */
static void check_plan(const zp_sscflp *in, const zp_sscflp_result *res, const char *what)
{
    cr_assert(res->feasible, "%s: no plan", what);
    int64_t *load = calloc(in->nsites, sizeof *load);
    double cost = 0;
    for (size_t s = 0; s < in->nsites; s++) {
        int must = in->fixed_open ? in->fixed_open[s] : 0;
        cr_assert(res->open[s] == 0 || res->open[s] == 1, "%s: open[%zu] = %d", what, s,
                  res->open[s]);
        cr_assert(must == 0 || res->open[s] == (must > 0), "%s: site %zu fixed_open %d, open %d",
                  what, s, must, res->open[s]);
        cost += res->open[s] ? in->fixed[s] : 0;
    }
    for (size_t i = 0; i < in->ncust; i++) {
        int32_t s = res->site[i];
        cr_assert(s >= 0 && (size_t)s < in->nsites, "%s: customer %zu at site %d", what, i, s);
        cr_assert(res->open[s], "%s: customer %zu at closed site %d", what, i, s);
        double c = pair_cost(in, i, s);
        cr_assert(c < HUGE_VAL, "%s: customer %zu at site %d, not one of its pairs", what, i, s);
        cost += c;
        load[s] += in->demand[i];
    }
    for (size_t s = 0; s < in->nsites; s++)
        cr_assert_leq(load[s], in->cap[s], "%s: site %zu holds %lld over capacity %lld", what, s,
                      (long long)load[s], (long long)in->cap[s]);
    free(load);
    cr_assert(fabs(cost - res->objective) <= EPS, "%s: plan costs %.6f, result says %.6f", what,
              cost, res->objective);
    cr_assert(res->lower_bound <= res->objective + EPS, "%s: bound %.6f over objective %.6f", what,
              res->lower_bound, res->objective);
    if (res->objective > 0)
        cr_assert(fabs(res->gap - (res->objective - res->lower_bound) / res->objective) <= 1e-9,
                  "%s: gap %.9f for objective %.6f and bound %.6f", what, res->gap, res->objective,
                  res->lower_bound);
}

/* ---- 1. random instances against GLPK's exact optimum ---- */

#define NRANDOM 30

Test(sscflp_exact, random_instances_against_glpk, .timeout = 120)
{
    int optimal = 0;
    double worst_gap = 0;
    for (int t = 0; t < NRANDOM; t++) {
        zp_sscflp in;
        gen_dense(&in, 1000 + (uint64_t)t);
        char what[64];
        snprintf(what, sizeof what, "random %d (%zu sites x %zu customers)", t, in.nsites,
                 in.ncust);
        double opt = glpk_optimum(&in, 0);
        cr_assert(opt < HUGE_VAL, "%s: GLPK finds no plan (generator)", what);
        zp_sscflp_result res;
        cr_assert_eq(zp_sscflp_solve(&in, NULL, &res), ZP_OK, "%s: %s", what, zp_error_last());
        check_plan(&in, &res, what);
        cr_assert(res.lower_bound <= opt + EPS, "%s: bound %.6f over the optimum %.6f", what,
                  res.lower_bound, opt);
        cr_assert(res.objective >= opt - EPS, "%s: plan %.6f below the optimum %.6f", what,
                  res.objective, opt);
        /* the reported gap covers the true one: objective <= optimum / (1 - gap) */
        cr_assert(res.objective * (1 - res.gap) <= opt + EPS,
                  "%s: objective %.6f, gap %.9f, optimum %.6f", what, res.objective, res.gap, opt);
        optimal += res.objective <= opt + EPS;
        worst_gap = fmax(worst_gap, (res.objective - opt) / opt);
        zp_sscflp_result_free(&res);
        zp_sscflp_free(&in);
    }
    if (!quiet())
        fprintf(stderr, "sscflp: %d of %d random instances solved to optimality (worst %.2f %%)\n",
                optimal, NRANDOM, 100 * worst_gap);
    cr_assert_geq(optimal, NRANDOM * 8 / 10, "only %d of %d solved to optimality", optimal,
                  NRANDOM);
}

/* A customer no site may serve is refused; customers whose only site cannot hold them all
 * give no plan. */
Test(sscflp_exact, unservable_customers)
{
    zp_sscflp in;
    inst_alloc(&in, 2, 2, 2);
    in.cap[0] = in.cap[1] = 10;
    in.fixed[0] = in.fixed[1] = 1;
    in.demand[0] = in.demand[1] = 3;
    in.arcs[0] = (zp_site_arc){0, 1};
    in.arcs[1] = (zp_site_arc){1, 1};
    in.start[0] = 0, in.start[1] = 2, in.start[2] = 2; /* customer 1: no pair */
    zp_sscflp_result res;
    cr_assert_eq(zp_sscflp_solve(&in, NULL, &res), ZP_EINPUT);
    cr_assert_not_null(strstr(zp_error_last(), "customer 2"), "%s", zp_error_last());
    zp_sscflp_result_free(&res);
    double lb = 0;
    cr_assert_eq(zp_sscflp_bound(&in, NULL, 10, &lb), ZP_EINPUT);

    in.arcs[0] = (zp_site_arc){1, 1}; /* both customers at site 1 only, 6 > its 5 */
    in.arcs[1] = (zp_site_arc){1, 1};
    in.start[1] = 1;
    in.start[2] = 2;
    in.cap[1] = 5;
    cr_assert_eq(zp_sscflp_solve(&in, NULL, &res), ZP_OK, "%s", zp_error_last());
    cr_assert_not(res.feasible);
    zp_sscflp_result_free(&res);
    zp_sscflp_free(&in);
}

/* ---- 2. the bound alone, as siting uses it ---- */

#define NSITING 16

Test(sscflp_bound, limited_fractional_and_capped_stay_below_the_optimum, .timeout = 120)
{
    zp_sscflp_options opt = {.iterations = 300};
    double ratio = 0, ratio_frac = 0, ratio_cap = 0;
    int over_uncapped = 0;
    for (int t = 0; t < NSITING; t++) {
        zp_sscflp in;
        gen_siting(&in, 5000 + (uint64_t)t);
        char what[96];
        snprintf(what, sizeof what, "siting %d (%zu sites x %zu customers, max_open %d)", t,
                 in.nsites, in.ncust, in.max_open);
        double mip = glpk_optimum(&in, 0), split = glpk_optimum(&in, 1);
        cr_assert(mip < HUGE_VAL && split <= mip + EPS, "%s: MIP %.6f, split %.6f", what, mip,
                  split);

        /* the bound is valid whatever plan cost steers it: the optimum, and in turn twice
         * and half of it, and none known (fractional knapsacks steered by the optimum) */
        const double steer[] = {2 * mip, 0.5 * mip, HUGE_VAL, mip};
        const double uppers[][2] = {{mip, steer[t % 4]}, {mip, mip}};
        for (int f = 0; f < 2; f++) {
            in.fractional = f;
            for (int u = 0; u < 2 - f; u++) {
                double lb = -HUGE_VAL;
                cr_assert_eq(zp_sscflp_bound(&in, &opt, uppers[f][u], &lb), ZP_OK, "%s",
                             zp_error_last());
                cr_assert(lb <= mip + EPS, "%s, fractional %d, upper %g: bound %.6f > MIP %.6f",
                          what, f, uppers[f][u], lb, mip);
                /* knapsacks in LP bound the plans that may split a customer, too */
                cr_assert(!f || lb <= split + EPS, "%s: fractional bound %.6f > split optimum %.6f",
                          what, lb, split);
                if (u == 0)
                    *(f ? &ratio_frac : &ratio) += lb / mip / NSITING;
            }
        }
        in.fractional = 0;

        /* pairs left out, multipliers capped: still below the full instance's optimum */
        zp_sscflp few;
        double *cap = malloc(in.ncust * sizeof *cap);
        restrict_arcs(&in, &few, cap);
        double lb = -HUGE_VAL;
        cr_assert_eq(zp_sscflp_bound(&few, &opt, mip, &lb), ZP_OK, "%s", zp_error_last());
        over_uncapped += lb > mip + EPS; /* without the cap it need not be */
        few.lambda_cap = cap;
        for (int f = 0; f < 2; f++) {
            few.fractional = f;
            cr_assert_eq(zp_sscflp_bound(&few, &opt, mip, &lb), ZP_OK, "%s", zp_error_last());
            cr_assert(lb <= mip + EPS,
                      "%s, 3 pairs + shortfall, lambda_cap, fractional %d: bound %.6f > full "
                      "MIP %.6f",
                      what, f, lb, mip);
            if (!f)
                ratio_cap += lb / mip / NSITING;
        }
        restricted_free(&few);
        free(cap);

        /* without the limit: solve honours fixed_open and its bound stays below GLPK's */
        in.max_open = 0;
        double nolimit = glpk_optimum(&in, 0);
        cr_assert_eq(zp_sscflp_bound(&in, &opt, nolimit, &lb), ZP_OK);
        cr_assert(lb <= nolimit + EPS, "%s, no limit: bound %.6f > MIP %.6f", what, lb, nolimit);
        zp_sscflp_result res;
        cr_assert_eq(zp_sscflp_solve(&in, NULL, &res), ZP_OK, "%s", zp_error_last());
        check_plan(&in, &res, what);
        cr_assert(res.lower_bound <= nolimit + EPS && res.objective >= nolimit - EPS,
                  "%s, no limit: bound %.6f, plan %.6f, optimum %.6f", what, res.lower_bound,
                  res.objective, nolimit);
        zp_sscflp_result_free(&res);
        zp_sscflp_free(&in);
    }
    if (!quiet())
        fprintf(stderr,
                "sscflp bound / MIP optimum, mean over %d: %.3f, fractional %.3f, 3 pairs "
                "capped %.3f; uncapped over the full optimum %d times\n",
                NSITING, ratio, ratio_frac, ratio_cap, over_uncapped);
}

/* ---- 3. Holmberg's format ---- */

#define P1 ZP_TEST_DATA "/sscflp/p1"

/* The n-th number (from 0) of in written in Holmberg's order: J I, capacity and fixed cost
 * per site, demands, then the costs site by site. */
/* Sites in groups (a nine-year school's primary and junior places open together and count
 * once): the free sites of gen_siting paired up. The bound stays below GLPK's optimum with
 * the groups written out, and each choice of groups S within max_open costs at least
 * base + its values (GLPK with exactly S open). */
Test(sscflp_bound, groups_open_together_and_bound_each_choice, .timeout = 120)
{
    zp_sscflp_options opt = {.iterations = 300};
    int tighter = 0;
    for (int t = 0; t < NSITING; t++) {
        zp_sscflp in;
        gen_siting(&in, 7000 + (uint64_t)t);
        int32_t *group = malloc(in.nsites * sizeof *group), ng = 0, nfree = 0;
        for (size_t j = 0; j < in.nsites; j++)
            group[j] = in.fixed_open[j] ? -1 : nfree++ / 2;
        ng = (nfree + 1) / 2;
        in.group = group;
        double mip = glpk_optimum(&in, 0), lb = -HUGE_VAL, base = 0;
        double *value = malloc(in.nsites * sizeof *value);
        cr_assert_eq(zp_sscflp_bound_values(&in, &opt, mip, &lb, &base, value), ZP_OK);
        cr_assert(lb <= mip + EPS, "instance %d: grouped bound %.6f > MIP %.6f", t, lb, mip);
        in.group = NULL;
        double apart = -HUGE_VAL;
        cr_assert_eq(zp_sscflp_bound(&in, &opt, mip, &apart), ZP_OK);
        tighter += lb > apart + EPS;
        /* every choice of groups (a bit mask) within max_open */
        signed char *fixed = in.fixed_open, *only = malloc(in.nsites);
        int max_open = in.max_open;
        for (int mask = 0; mask < 1 << ng; mask++) {
            if (__builtin_popcount((unsigned)mask) > max_open)
                continue;
            double b = base;
            for (size_t j = 0; j < in.nsites; j++) {
                only[j] = fixed[j] ? fixed[j] : group[j] >= 0 && mask >> group[j] & 1 ? 1 : -1;
                b += group[j] >= 0 && mask >> group[j] & 1 ? value[j] : 0;
            }
            in.fixed_open = only;
            in.max_open = 0;
            double z = glpk_optimum(&in, 0);
            cr_assert(b <= z + EPS, "instance %d, groups %#x open: base + values %.6f > MIP %.6f",
                      t, mask, b, z);
            in.fixed_open = fixed;
            in.max_open = max_open;
        }
        free(only);
        free(value);
        free(group);
        zp_sscflp_free(&in);
    }
    cr_log_info("grouped bound above the bound with sites apart on %d of %d instances", tighter,
                NSITING);
}

static double holmberg_number(const zp_sscflp *in, size_t n)
{
    size_t J = in->nsites, I = in->ncust;
    if (n < 2)
        return n ? (double)I : (double)J;
    if ((n -= 2) < 2 * J)
        return n % 2 ? in->fixed[n / 2] : (double)in->cap[n / 2];
    if ((n -= 2 * J) < I)
        return (double)in->demand[n];
    n -= I;
    return pair_cost(in, n % I, (int32_t)(n / I));
}

Test(holmberg, p1_reads_as_the_file_says)
{
    zp_sscflp in;
    size_t ignored = 99;
    cr_assert_eq(zp_sscflp_read_holmberg(P1, &in, &ignored), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(ignored, 0);
    cr_assert_eq(in.nsites, 10);
    cr_assert_eq(in.ncust, 50);
    cr_assert_null(in.fixed_open);
    cr_assert_eq(in.max_open, 0);
    /* spot values from the file: sites 0, 3, 9; demands 0, 17, 49; costs by site and customer */
    cr_assert_eq(in.cap[0], 258);
    cr_assert_eq(in.fixed[0], 366);
    cr_assert_eq(in.cap[3], 225);
    cr_assert_eq(in.fixed[3], 504);
    cr_assert_eq(in.cap[9], 321);
    cr_assert_eq(in.fixed[9], 316);
    cr_assert_eq(in.demand[0], 49);
    cr_assert_eq(in.demand[17], 45);
    cr_assert_eq(in.demand[49], 49);
    cr_assert_eq(total_demand(&in), 1456);
    cr_assert_eq(pair_cost(&in, 0, 0), 260);
    cr_assert_eq(pair_cost(&in, 1, 0), 239);
    cr_assert_eq(pair_cost(&in, 49, 0), 68);
    cr_assert_eq(pair_cost(&in, 0, 9), 567);
    cr_assert_eq(pair_cost(&in, 49, 9), 673);
    cr_assert_eq(pair_cost(&in, 17, 3), 205);

    /* every number against an independent read: matrix site by site */
    FILE *f = fopen(P1, "r");
    cr_assert_not_null(f);
    double v;
    size_t n = 0, J = 10, I = 50;
    while (fscanf(f, "%lf", &v) == 1) {
        double got = holmberg_number(&in, n);
        cr_assert_eq(got, v, "number %zu: file %g, read %g", n + 1, v, got);
        n++;
    }
    fclose(f);
    cr_assert_eq(n, 2 + 2 * J + I + J * I);
    for (size_t i = 0; i < I; i++)
        cr_assert_eq(in.start[i + 1] - in.start[i], J, "customer %zu: all sites", i);
    zp_sscflp_free(&in);
}

Test(holmberg, p1_solves_to_its_published_optimum, .timeout = 60)
{
    zp_sscflp in;
    size_t ignored;
    cr_assert_eq(zp_sscflp_read_holmberg(P1, &in, &ignored), ZP_OK, "%s", zp_error_last());
    zp_sscflp_result res;
    cr_assert_eq(zp_sscflp_solve(&in, NULL, &res), ZP_OK, "%s", zp_error_last());
    check_plan(&in, &res, "p1");
    cr_assert_eq(res.objective, 8848, "p1: %.6f, published optimum 8848", res.objective);
    cr_assert_leq(res.lower_bound, 8848);
    cr_assert_gt(res.lower_bound, 0.9 * 8848, "p1: bound %.3f is weak", res.lower_bound);
    zp_sscflp_result_free(&res);

    /* few iterations: still a valid plan and bound */
    zp_sscflp_options few = {.iterations = 3};
    cr_assert_eq(zp_sscflp_solve(&in, &few, &res), ZP_OK, "%s", zp_error_last());
    check_plan(&in, &res, "p1, 3 iterations");
    cr_assert_leq(res.lower_bound, 8848);
    cr_assert_leq(res.iterations, 3);
    zp_sscflp_result_free(&res);
    zp_sscflp_free(&in);
}

/* A hand-checked instance: site 0 (room 10, fixed 5, costs 1 2 3) cannot hold all three
 * customers (4 + 5 + 6), nor can site 1 (room 8, fixed 7, costs 4 5 6); both open, site 0
 * takes 4 + 5 or 4 + 6: 12 + 9 = 21. 15 numbers. */
static const char TINY[] = "2 3\n10 5\n8 7\n4 5 6\n1 2 3\n4 5 6\n";

static char *dir_path(const char *dir, const char *name)
{
    static char path[4][1024];
    static int at;
    char *p = path[at++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", dir, name);
    return p;
}

static void write_bytes(const char *path, const char *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s", path);
    cr_assert_eq(fwrite(bytes, 1, len, f), len);
    fclose(f);
}

/* Refused with ZP_EINPUT, naming the file and `needle`; out left empty. */
static void expect_refused(const char *path, const char *needle)
{
    zp_sscflp in;
    memset(&in, 0xab, sizeof in);
    size_t ignored = 99;
    int rc = zp_sscflp_read_holmberg(path, &in, &ignored);
    cr_assert_eq(rc, ZP_EINPUT, "%s: code %d, expected ZP_EINPUT", path, rc);
    const char *msg = zp_error_last();
    cr_assert_not_null(strstr(msg, path), "message does not name %s: %s", path, msg);
    cr_assert_not_null(strstr(msg, needle), "message lacks '%s': %s", needle, msg);
    cr_assert_eq(ignored, 0);
    cr_assert(in.nsites == 0 && in.ncust == 0 && !in.fixed && !in.cap && !in.demand && !in.start &&
                  !in.arcs && !in.fixed_open,
              "%s: instance not left empty after the error", path);
}

static void expect_tiny(const char *path, size_t ignored_want)
{
    zp_sscflp in;
    size_t ignored = 99;
    cr_assert_eq(zp_sscflp_read_holmberg(path, &in, &ignored), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(ignored, ignored_want, "%s: ignored %zu, expected %zu", path, ignored,
                 ignored_want);
    cr_assert(in.nsites == 2 && in.ncust == 3);
    cr_assert(in.cap[0] == 10 && in.cap[1] == 8 && in.fixed[0] == 5 && in.fixed[1] == 7);
    cr_assert(in.demand[0] == 4 && in.demand[1] == 5 && in.demand[2] == 6);
    cr_assert(pair_cost(&in, 0, 0) == 1 && pair_cost(&in, 2, 0) == 3);
    cr_assert(pair_cost(&in, 0, 1) == 4 && pair_cost(&in, 2, 1) == 6);
    zp_sscflp_result res;
    cr_assert_eq(zp_sscflp_solve(&in, NULL, &res), ZP_OK, "%s", zp_error_last());
    check_plan(&in, &res, path);
    cr_assert_eq(res.objective, 21);
    cr_assert_eq(res.lower_bound, 21, "integer data: the bound rounds up to 21, got %.6f",
                 res.lower_bound);
    zp_sscflp_result_free(&res);
    zp_sscflp_free(&in);
}

Test(holmberg, nul_padding_and_line_endings)
{
    char *dir = zpt_tmpdir(), buf[512];
    size_t n = strlen(TINY);
    write_bytes(dir_path(dir, "tiny"), TINY, n);
    expect_tiny(dir_path(dir, "tiny"), 0);

    memcpy(buf, TINY, n); /* DOS padding: 100 NULs */
    memset(buf + n, 0, 100);
    write_bytes(dir_path(dir, "padded"), buf, n + 100);
    expect_tiny(dir_path(dir, "padded"), 100);

    /* padding with leftover text after it (as in p47): all of it from the first NUL */
    const char left[] = "39.  336.  332.\r\n";
    memset(buf + n, 0, 7);
    memcpy(buf + n + 7, left, sizeof left - 1);
    write_bytes(dir_path(dir, "leftover"), buf, n + 7 + sizeof left - 1);
    expect_tiny(dir_path(dir, "leftover"), 7 + sizeof left - 1);

    /* a NUL straight after the last number, no newline */
    memcpy(buf, TINY, n - 1);
    buf[n - 1] = '\0';
    write_bytes(dir_path(dir, "tight"), buf, n);
    expect_tiny(dir_path(dir, "tight"), 1);

    const char dos[] = "   2   3\r\n  10.   5.\r\n   8.   7.\r\n\t4. 5. 6.\r\n 1. 2. 3.\r\n "
                       "4. 5. 6.\r\n\r\n";
    write_bytes(dir_path(dir, "dos"), dos, sizeof dos - 1);
    expect_tiny(dir_path(dir, "dos"), 0);
    zpt_rmtree(dir);
    free(dir);
}

Test(holmberg, malformed_files_are_refused)
{
    char *dir = zpt_tmpdir(), buf[512];
    size_t n = strlen(TINY);
    const struct {
        const char *name, *text, *needle;
    } bad[] = {
        {"truncated", "2 3\n10 5\n8 7\n4 5 6\n1 2 3\n4 5\n", "number 15"},
        {"truncated_demands", "2 3\n10 5\n8 7\n4 5\n", "number 9"},
        {"letter", "2 3\n10 5\n8 7\n4 x 6\n1 2 3\n4 5 6\n", "number 8"},
        {"letter_glued", "2 3\n10 5\n8 7\n4 5 6\n1 2 3a\n4 5 6\n",
         "number 12 (cost): expected a number >= 0, found '3a'"},
        {"hex", "2 3\n10 5\n8 7\n4 0x5 6\n1 2 3\n4 5 6\n", "number 8"},
        {"trailing_number", "2 3\n10 5\n8 7\n4 5 6\n1 2 3\n4 5 6\n7\n", "number 15"},
        {"trailing_text", "2 3\n10 5\n8 7\n4 5 6\n1 2 3\n4 5 6\nEOF\n", "EOF"},
        {"negative_demand", "2 3\n10 5\n8 7\n4 -5 6\n1 2 3\n4 5 6\n", "number 8"},
        {"negative_cost", "2 3\n10 5\n8 7\n4 5 6\n1 2 -3\n4 5 6\n", "number 12"},
        {"fractional_capacity", "2 3\n10.5 5\n8 7\n4 5 6\n1 2 3\n4 5 6\n", "number 3"},
        {"fractional_demand", "2 3\n10 5\n8 7\n4 5.5 6\n1 2 3\n4 5 6\n", "number 8"},
        {"not_finite", "2 3\n10 5\n8 7\n4 5 6\n1 inf 3\n4 5 6\n", "number 11"},
        {"zero_sites", "0 3\n4 5 6\n", "0 sites"},
        {"zero_customers", "2 0\n10 5\n8 7\n", "0 customers"},
        {"empty", "", "number 1"},
        {"blank", " \n\r\n", "number 1"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        const char *path = dir_path(dir, bad[k].name);
        write_bytes(path, bad[k].text, strlen(bad[k].text));
        expect_refused(path, bad[k].needle);
    }

    /* NUL bytes before the instance is complete: after 11 of the 15 numbers */
    const char *cut = strstr(TINY, "3\n4 5 6\n");
    size_t head = (size_t)(cut - TINY);
    memcpy(buf, TINY, head);
    memset(buf + head, 0, 40);
    write_bytes(dir_path(dir, "nul_early"), buf, head + 40);
    expect_refused(dir_path(dir, "nul_early"), "number 12");

    /* a NUL inside the numbers, the rest of the instance after it */
    memcpy(buf, TINY, n);
    buf[head - 1] = '\0'; /* the blank before the 12th number */
    write_bytes(dir_path(dir, "nul_inside"), buf, n);
    expect_refused(dir_path(dir, "nul_inside"), "number 12");

    expect_refused(dir_path(dir, "missing"), "cannot open");
    zpt_rmtree(dir);
    free(dir);
}

/* A FIFO (or device) named as an instance is refused at once, not waited on in open(); the
 * time limit turns a regression into a failure instead of a hang. */
Test(holmberg, fifo_is_refused, .timeout = 10)
{
    char *dir = zpt_tmpdir();
    const char *path = dir_path(dir, "fifo");
    cr_assert_eq(mkfifo(path, 0644), 0);
    expect_refused(path, "is not a regular file (a FIFO)");
    expect_refused("/dev/zero", "is not a regular file (a character device)");
    zpt_rmtree(dir);
    free(dir);
}

/* ---- 4. determinism ---- */

static void expect_same_twice(const zp_sscflp *in, const char *what)
{
    zp_sscflp_result a, b;
    cr_assert_eq(zp_sscflp_solve(in, NULL, &a), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_sscflp_solve(in, NULL, &b), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(a.objective, b.objective, "%s: %.6f then %.6f", what, a.objective, b.objective);
    cr_assert_eq(a.lower_bound, b.lower_bound, "%s", what);
    cr_assert_eq(a.iterations, b.iterations, "%s", what);
    cr_assert_arr_eq(a.site, b.site, in->ncust * sizeof *a.site, "%s: sites differ", what);
    cr_assert_arr_eq(a.open, b.open, in->nsites, "%s: open sites differ", what);
    zp_sscflp_result_free(&a);
    zp_sscflp_result_free(&b);
}

Test(sscflp_determinism, same_instance_same_plan, .timeout = 60)
{
    zp_sscflp in;
    size_t ignored;
    cr_assert_eq(zp_sscflp_read_holmberg(P1, &in, &ignored), ZP_OK, "%s", zp_error_last());
    expect_same_twice(&in, "p1");
    zp_sscflp_free(&in);
    for (uint64_t seed = 1000; seed < 1003; seed++) {
        gen_dense(&in, seed);
        expect_same_twice(&in, "random");
        zp_sscflp_free(&in);
        gen_siting(&in, seed);
        in.max_open = 0;
        expect_same_twice(&in, "siting");
        zp_sscflp_free(&in);
    }
}
