/* The siting plan's lower bound. Each level is an SSCFLP: its blocks are the customers
 * (children as demand), today's schools are sites that stay open, every option serving the
 * level is a free site, and one more site of unlimited capacity stands for the shortfall at
 * the penalty per child; at most open_max free sites may open. The Lagrangian (site.h) with
 * fractional knapsacks bounds the core's assignment, which may leave part of a block
 * without a place. Each block keeps every site (small districts) or its BOUND_ARCS nearest,
 * its multiplier then kept at or below the farthest of them, so the sites left out could
 * not lower the bound. Both levels are one instance: an option's places at each level open
 * together (zp_sscflp's groups). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "site_internal.h"
#include "zoneplan/errors.h"

#define BOUND_ARCS 64       /* nearest sites per block when not all are kept */
#define ALL_ARCS_UP_TO 4e6  /* blocks x sites up to which every pair is kept (no cap needed) */
#define BRANCH_TOP 20       /* options of best Lagrangian value branched on */
#define BRANCH_SETS 96      /* choices of options given their LP at most */
#define BRANCH_WHOLE 8      /* ... and their whole-block bound (seconds each) at most */
#define BRANCH_CHOICES 1140 /* choices of up to 3 of BRANCH_TOP */

typedef struct near {
    double cost;
    int32_t site;
} near;

static int by_cost(const void *a, const void *b)
{
    const near *x = a, *y = b;
    return x->cost < y->cost   ? -1
           : x->cost > y->cost ? 1
                               : (x->site > y->site) - (x->site < y->site);
}

/* Sites of the level: today's schools with places, then the options with places; site[m] is
 * each one's site in the siting's provider (options of one candidate share it, and come
 * one after another), group[m] the option's index (an option serving both levels opens
 * both sites or neither), -1 for a school. */
static size_t level_sites(const zp_siting *st, int l, int32_t *site, int64_t *cap,
                          signed char *must, int32_t *group)
{
    size_t m = 0, ns = st->run->ds.nschools;
    for (size_t s = 0; s < ns; s++)
        if (st->run->capacity[l][s] > 0) {
            site[m] = (int32_t)s, cap[m] = st->run->capacity[l][s], group[m] = -1;
            must[m++] = 1;
        }
    for (size_t o = 0; o < st->nopt; o++)
        if (st->opt[o].places[l] > 0) {
            site[m] = (int32_t)ns + st->opt[o].cand;
            cap[m] = st->opt[o].places[l], group[m] = (int32_t)o, must[m++] = 0;
        }
    return m;
}

/* Arcs of block b (its row of the provider's nearest sites, `row` of them asked for): the
 * level's sites there, nearest first, `want` at most (cost children x metres), and the
 * shortfall site; site indices from `base` on. A level site left out caps the block's
 * multiplier at the farthest kept; one that cannot be reached needs no cap. */
static void block_arcs(const zp_dist_knn *knn, size_t b, int32_t kids, const size_t *first,
                       const size_t *count, size_t m, size_t want, size_t base, double penalty,
                       near *buf, zp_sscflp *in, size_t *na, double *cap_out)
{
    size_t n = 0, k = (size_t)knn->k;
    int full = 1;
    for (size_t j = 0; j < k; j++) {
        int32_t t = knn->site[b * k + j];
        if (t < 0) {
            full = 0;
            break;
        }
        for (size_t i = first[t]; i < first[t] + count[t]; i++)
            buf[n++] = (near){kids * knn->metres[b * k + j], (int32_t)i};
    }
    qsort(buf, n, sizeof *buf, by_cost);
    size_t keep = n < want ? n : want;
    for (size_t i = 0; i < keep; i++)
        in->arcs[(*na)++] = (zp_site_arc){(int32_t)(base + (size_t)buf[i].site), buf[i].cost};
    in->arcs[(*na)++] = (zp_site_arc){(int32_t)(base + m), penalty};
    *cap_out = keep < n || (full && keep < m) ? fmin(buf[keep - 1].cost, penalty) : penalty;
}

/* Every block's nearest sites of the level in the siting's provider (enough of them for
 * `want` level sites), and per provider site its level sites first[t] .. + count[t]. */
static int level_rows(zp_siting *st, const int32_t *site, size_t m, size_t want, size_t *first,
                      size_t *count, zp_dist_knn *knn)
{
    size_t nt = zp_dist_nsites(st->dist), used = 0;
    uint8_t *use = calloc(nt + 1, 1);
    if (!use)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t t = 0; t < nt; t++)
        count[t] = 0;
    for (size_t i = m; i-- > 0;) {
        used += !use[site[i]];
        use[site[i]] = 1;
        first[site[i]] = i;
        count[site[i]]++;
    }
    size_t k = want < used ? want : used;
    int rc = zp_dist_nearest(st->dist, NULL, st->run->ds.nblocks, use, (int)(k ? k : 1), knn);
    free(use);
    return rc;
}

/* Pairs kept per block at level sites: every one on small districts, else the nearest. */
static size_t level_want(const zp_siting *st)
{
    size_t nb = st->run->ds.nblocks, ms = st->run->ds.nschools + st->nopt + 1;
    return (double)nb * (double)ms <= ALL_ARCS_UP_TO ? ms : BOUND_ARCS;
}

/* Per level site, the price of a place in the plan res (schools, then the options of
 * set[0..n) in that order), -1 for an option the plan does not open; the shortfall site's
 * is 0. */
static void level_prices(const zp_siting *st, int l, const zp_alloc_result *res, const int32_t *set,
                         size_t n, const int32_t *group, size_t m, double *price)
{
    size_t ns = st->run->ds.nschools, k = 0;
    for (size_t s = 0; s < ns; s++)
        if (st->run->capacity[l][s] > 0)
            price[k++] = res->price_m ? fmax(res->price_m[s], 0) : 0;
    for (; k < m; k++) {
        price[k] = -1;
        for (size_t j = 0; j < n; j++)
            if (set[j] == group[k])
                price[k] = res->price_m ? fmax(res->price_m[ns + j], 0) : 0;
    }
    price[m] = 0;
}

/* A customer's multiplier in the plan's LP: its cheapest open site, the site's price of a
 * place added (price per level site, -1 when the plan does not open it). */
static double plan_dual(const zp_sscflp *in, size_t base, size_t from, size_t to, int32_t kids,
                        const double *price)
{
    double best = HUGE_VAL;
    for (size_t a = from; a < to; a++) {
        double p = price[(size_t)in->arcs[a].site - base];
        if (p >= 0)
            best = fmin(best, in->arcs[a].cost + kids * p);
    }
    return best;
}

/* Level l's sites, customers and pairs added to the one instance (sites from in->nsites,
 * customers from in->ncust, pairs from *na on); lambda0: each customer's multiplier in the
 * plan res. */
static int level_add(zp_siting *st, int l, zp_sscflp *in, int32_t *group, double *lcap, size_t *na,
                     const zp_alloc_result *res, double *lambda0)
{
    size_t nb = st->run->ds.nblocks, ms = st->run->ds.nschools + st->nopt + 1;
    size_t nt = zp_dist_nsites(st->dist) + 1, want = level_want(st), base = in->nsites;
    int32_t *site = malloc(ms * sizeof *site);
    size_t *first = malloc(nt * sizeof *first), *count = malloc(nt * sizeof *count);
    near *buf = malloc(ms * sizeof *buf);
    double *price = malloc((ms + 1) * sizeof *price);
    zp_dist_knn knn = {0};
    int rc =
        site && first && count && buf && price ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    size_t m = 0, nc = in->ncust;
    int64_t total = 0;
    if (!rc) {
        m = level_sites(st, l, site, in->cap + base, in->fixed_open + base, group + base);
        level_prices(st, l, res, st->chosen, st->nchosen, group + base, m, price);
        rc = level_rows(st, site, m, want, first, count, &knn);
    }
    for (size_t b = 0; !rc && b < nb; b++) {
        int32_t kids = st->run->ds.blocks[b].children[l];
        if (kids <= 0)
            continue;
        in->start[nc] = *na;
        in->demand[nc] = kids;
        total += kids;
        block_arcs(&knn, b, kids, first, count, m, want, base,
                   kids * st->run->sc->policy.shortfall_penalty_m, buf, in, na, &lcap[nc]);
        lambda0[nc] = plan_dual(in, base, in->start[nc], *na, kids, price);
        nc++;
    }
    if (!rc) {
        in->cap[base + m] = total; /* the level's shortfall site */
        in->fixed_open[base + m] = 1;
        group[base + m] = -1;
        in->nsites = base + m + 1;
        in->ncust = nc;
        in->start[nc] = *na;
    }
    zp_dist_knn_free(&knn);
    free(site), free(first), free(count), free(buf), free(price);
    return rc;
}

typedef struct choice {
    double b;       /* base + the sum of its options' values: no plan opening them costs less */
    int32_t opt[3]; /* option indices */
} choice;

static int by_b(const void *x, const void *y)
{
    double a = ((const choice *)x)->b, b = ((const choice *)y)->b;
    return (a > b) - (a < b);
}

typedef struct gval {
    double v;
    int32_t opt;
} gval;

static int by_v(const void *x, const void *y)
{
    const gval *a = x, *b = y;
    return a->v < b->v ? -1 : a->v > b->v ? 1 : (a->opt > b->opt) - (a->opt < b->opt);
}

/* A bound of every plan opening set[0..n) (today's schools all open: a closure only adds
 * cost), in objective units: the LP's, or with whole the exact finish's whole-block bound. */
static int set_bound(zp_siting *st, const int32_t *set, size_t n, int whole, double *lb)
{
    uint8_t *closed = st->closed;
    st->closed = NULL;
    zp_alloc_result res[ZP_NLEVELS] = {0};
    zp_siting_score sc;
    int rc =
        whole ? zp_siting_bound_set(st, set, n, lb) : zp_siting_score_set(st, set, n, &sc, res);
    st->closed = closed;
    for (int l = 0; !whole && l < ZP_NLEVELS; l++) {
        *lb = (l ? *lb : 0) + (st->run->active[l] ? res[l].lp_bound : 0);
        zp_alloc_result_free(&res[l]);
    }
    return rc;
}

/* Branching on the openings, where the Lagrangian leaves a gap: each choice of k options
 * (k = open, up to 3) from the BRANCH_TOP of best value costs at least its own Lagrangian
 * figure (base + its values) and at least its LP with those options open; the choices are
 * taken in the order of their figures and given their LP, up to BRANCH_SETS of them, until
 * the next figure is above the least LP found. Any plan opens at most k options, so it is a
 * subset of some choice of k (opening more never costs more) or holds an option past the top:
 * the least over choices, with the figures of those not given their LP and of the options
 * past the top, bounds every plan. Returns that bound, or -HUGE_VAL when not tried. */
static int branch(zp_siting *st, const zp_sscflp *in, double base, const double *value, double *out)
{
    size_t k = (size_t)st->run->sc->siting.open_max, ng = 0, nc = 0;
    *out = -HUGE_VAL;
    if (k < 1 || k > 3)
        return ZP_OK;
    gval *g = malloc((in->nsites + 1) * sizeof *g);
    choice *c = malloc(BRANCH_CHOICES * sizeof *c);
    int rc = g && c ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t s = 0; !rc && s < in->nsites; s++)
        if (in->group[s] >= 0 && value[s] < 0)
            g[ng++] = (gval){value[s], in->group[s]};
    if (!rc)
        qsort(g, ng, sizeof *g, by_v);
    size_t top = ng < BRANCH_TOP ? ng : BRANCH_TOP, kk = k < top ? k : top;
    /* a plan with an option past the top (of lower value, or of none) holds at most k - 1 of
     * the top, at best the best of them */
    double out_b = base + (top < ng ? g[top].v : 0);
    for (size_t i = 0; !rc && i < (kk < k ? kk : k - 1); i++)
        out_b += g[i].v;
    for (size_t a = 0; !rc && kk >= 1 && a < top; a++)
        for (size_t b = kk >= 2 ? a + 1 : top; b < (kk >= 2 ? top : top + 1); b++)
            for (size_t d = kk >= 3 ? b + 1 : top; d < (kk >= 3 ? top : top + 1); d++) {
                choice x = {base + g[a].v, {g[a].opt, -1, -1}};
                if (kk >= 2)
                    x.b += g[b].v, x.opt[1] = g[b].opt;
                if (kk >= 3)
                    x.b += g[d].v, x.opt[2] = g[d].opt;
                c[nc++] = x;
            }
    if (!rc)
        qsort(c, nc, sizeof *c, by_b);
    double least = st->after.objective; /* no bound need go past the plan in hand */
    size_t i = 0, whole = 0;
    for (; !rc && i < nc && i < BRANCH_SETS && c[i].b < least && c[i].b < out_b; i++) {
        double lp, wb;
        rc = set_bound(st, c[i].opt, kk, 0, &lp);
        double f = fmax(c[i].b, lp);
        if (!rc && f < least && whole < BRANCH_WHOLE) { /* the LP leaves room: whole blocks */
            rc = set_bound(st, c[i].opt, kk, 1, &wb);
            f = fmax(f, wb);
            whole++;
        }
        least = fmin(least, f);
    }
    if (!rc) {
        double rest = i < nc ? c[i].b : HUGE_VAL;
        *out = fmin(least, fmin(rest, out_b));
    }
    free(g);
    free(c);
    return rc;
}

/* Both levels in one Lagrangian: an option opens its primary and junior places together and
 * counts once against `open`, so the bound can no longer open primary schools for the
 * primary level and nine-year ones for the junior. The multipliers start from the plan's LP
 * duals, which the subgradient then raises. */
int zp_siting_bound(zp_siting *st)
{
    size_t nb = st->run->ds.nblocks, ms = st->run->ds.nschools + st->nopt + 1;
    size_t want = level_want(st), nl = 0, na = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        nl += st->run->active[l] != 0;
    zp_sscflp in = {0};
    int32_t *group = malloc((nl * ms + 1) * sizeof *group);
    double *lcap = malloc((nl * nb + 1) * sizeof *lcap);
    double *lambda0 = malloc((nl * nb + 1) * sizeof *lambda0);
    in.cap = malloc((nl * ms + 1) * sizeof *in.cap);
    in.fixed = calloc(nl * ms + 1, sizeof *in.fixed);
    in.fixed_open = malloc(nl * ms + 1);
    in.demand = malloc((nl * nb + 1) * sizeof *in.demand);
    in.start = malloc((nl * nb + 2) * sizeof *in.start);
    in.arcs = malloc((nl * nb * (want + 1) + 1) * sizeof *in.arcs);
    int rc = group && lcap && lambda0 && in.cap && in.fixed && in.fixed_open && in.demand &&
                     in.start && in.arcs
                 ? ZP_OK
                 : zp_error_set(ZP_ENOMEM, "out of memory");
    double upper = 0, lb = 0;
    zp_alloc_result res[ZP_NLEVELS] = {0};
    zp_siting_score sc;
    if (!rc) /* the plan again, for its prices */
        rc = zp_siting_score_set(st, st->chosen, st->nchosen, &sc, res);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        if (!st->run->active[l])
            continue;
        upper += st->after.child_m[l] +
                 st->run->sc->policy.shortfall_penalty_m * (double)st->after.shortfall[l];
        rc = level_add(st, l, &in, group, lcap, &na, &res[l], lambda0);
    }
    for (int l = 0; l < ZP_NLEVELS; l++)
        zp_alloc_result_free(&res[l]);
    in.max_open = st->run->sc->siting.open_max;
    in.lambda_cap = lcap;
    in.lambda0 = lambda0;
    in.fractional = 1;
    in.group = group;
    zp_sscflp_options o = {.iterations = 300};
    double base = 0, br = -HUGE_VAL, *value = malloc((in.nsites + 1) * sizeof *value);
    if (!rc && !value)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc && in.ncust)
        rc = zp_sscflp_bound_values(&in, &o, upper, &lb, &base, value);
    if (!rc && in.ncust && lb > -HUGE_VAL) /* base and values are those of a bound */
        rc = branch(st, &in, base, value, &br);
    lb = fmax(lb, br);
    free(value);
    free(group);
    free(lcap);
    free(lambda0);
    zp_sscflp_free(&in);
    st->lower_bound = fmin(lb, st->after.objective);
    st->gap =
        st->after.objective > 0 ? (st->after.objective - st->lower_bound) / st->after.objective : 0;
    return rc;
}
