/* The siting plan's lower bound. Each level is an SSCFLP: its blocks are the customers
 * (children as demand), today's schools are sites that stay open, every option serving the
 * level is a free site, and one more site of unlimited capacity stands for the shortfall at
 * the penalty per child; at most open_max free sites may open. The Lagrangian (site.h) with
 * fractional knapsacks bounds the core's assignment, which may leave part of a block
 * without a place. Each block keeps every site (small districts) or its BOUND_ARCS nearest,
 * its multiplier then kept at or below the farthest of them, so the sites left out could
 * not lower the bound. Levels
 * are bounded apart (a nine-year option may count in both): the sum is still a bound. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "site_internal.h"
#include "zoneplan/errors.h"

#define BOUND_ARCS 64      /* nearest sites per block when not all are kept */
#define ALL_ARCS_UP_TO 4e6 /* blocks x sites up to which every pair is kept (no cap needed) */

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
 * one after another). */
static size_t level_sites(const zp_siting *st, int l, int32_t *site, int64_t *cap,
                          signed char *must)
{
    size_t m = 0, ns = st->run->ds.nschools;
    for (size_t s = 0; s < ns; s++)
        if (st->run->capacity[l][s] > 0) {
            site[m] = (int32_t)s, cap[m] = st->run->capacity[l][s], must[m++] = 1;
        }
    for (size_t o = 0; o < st->nopt; o++)
        if (st->opt[o].places[l] > 0) {
            site[m] = (int32_t)ns + st->opt[o].cand;
            cap[m] = st->opt[o].places[l], must[m++] = 0;
        }
    return m;
}

/* Arcs of block b (its row of the provider's nearest sites, `row` of them asked for): the
 * level's sites there, nearest first, `want` at most (cost children x metres), and the
 * shortfall site. A level site left out caps the block's multiplier at the farthest kept;
 * one that cannot be reached needs no cap. */
static void block_arcs(const zp_dist_knn *knn, size_t b, int32_t kids, const size_t *first,
                       const size_t *count, size_t m, size_t want, double penalty, near *buf,
                       zp_sscflp *in, size_t *na, double *cap_out)
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
        in->arcs[(*na)++] = (zp_site_arc){buf[i].site, buf[i].cost};
    in->arcs[(*na)++] = (zp_site_arc){(int32_t)m, penalty};
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

static int level_bound(zp_siting *st, int l, double upper, double *lb)
{
    size_t nb = st->run->ds.nblocks, ms = st->run->ds.nschools + st->nopt + 1;
    size_t nt = zp_dist_nsites(st->dist) + 1;
    int32_t *site = malloc(ms * sizeof *site);
    size_t *first = malloc(nt * sizeof *first), *count = malloc(nt * sizeof *count);
    double *lcap = NULL;
    near *buf = malloc(ms * sizeof *buf);
    zp_dist_knn knn = {0};
    zp_sscflp in = {0};
    in.cap = malloc(ms * sizeof *in.cap);
    in.fixed = calloc(ms, sizeof *in.fixed);
    in.fixed_open = malloc(ms);
    in.demand = malloc((nb + 1) * sizeof *in.demand);
    in.start = malloc((nb + 2) * sizeof *in.start);
    size_t want = (double)nb * (double)ms <= ALL_ARCS_UP_TO ? ms : BOUND_ARCS;
    in.arcs = malloc((nb * (want + 1) + 1) * sizeof *in.arcs);
    lcap = malloc((nb + 1) * sizeof *lcap);
    int rc = site && first && count && buf && in.cap && in.fixed && in.fixed_open && in.demand &&
                     in.start && in.arcs && lcap
                 ? ZP_OK
                 : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc) {
        size_t m = level_sites(st, l, site, in.cap, in.fixed_open), na = 0, nc = 0;
        int64_t total = 0;
        rc = level_rows(st, site, m, want, first, count, &knn);
        for (size_t b = 0; !rc && b < nb; b++) {
            int32_t kids = st->run->ds.blocks[b].children[l];
            if (kids <= 0)
                continue;
            in.start[nc] = na;
            in.demand[nc] = kids;
            total += kids;
            block_arcs(&knn, b, kids, first, count, m, want,
                       kids * st->run->sc->policy.shortfall_penalty_m, buf, &in, &na, &lcap[nc++]);
        }
        in.start[nc] = na;
        in.cap[m] = total; /* the shortfall site */
        in.fixed_open[m] = 1;
        in.nsites = m + 1;
        in.ncust = nc;
        in.max_open = st->run->sc->siting.open_max;
        in.lambda_cap = lcap;
        in.fractional = 1;
        zp_sscflp_options o = {.iterations = 300};
        if (!rc)
            rc = nc ? zp_sscflp_bound(&in, &o, upper, lb) : ZP_OK;
        if (!rc && !nc)
            *lb = 0;
    }
    zp_dist_knn_free(&knn);
    free(site), free(first), free(count), free(buf), free(lcap);
    zp_sscflp_free(&in);
    return rc;
}

int zp_siting_bound(zp_siting *st)
{
    double total = 0;
    int rc = ZP_OK;
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        if (!st->run->active[l])
            continue;
        double lb = 0, upper = st->after.child_m[l] + st->run->sc->policy.shortfall_penalty_m *
                                                          (double)st->after.shortfall[l];
        rc = level_bound(st, l, upper, &lb);
        total += lb;
    }
    st->lower_bound = fmin(total, st->after.objective);
    st->gap =
        st->after.objective > 0 ? (st->after.objective - st->lower_bound) / st->after.objective : 0;
    return rc;
}
