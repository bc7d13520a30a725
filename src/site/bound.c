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

/* Sites of the level: today's schools with places, then the options with places. */
static size_t level_sites(const zp_siting *st, int l, double *x, double *y, int64_t *cap,
                          signed char *must)
{
    const zp_geo_points *sp = zp_geo_school_points(st->run->geo);
    size_t m = 0;
    for (size_t s = 0; s < st->run->ds.nschools; s++)
        if (st->run->capacity[l][s] > 0) {
            x[m] = sp->x[s], y[m] = sp->y[s], cap[m] = st->run->capacity[l][s], must[m++] = 1;
        }
    for (size_t o = 0; o < st->nopt; o++)
        if (st->opt[o].places[l] > 0) {
            x[m] = st->cx[st->opt[o].cand], y[m] = st->cy[st->opt[o].cand];
            cap[m] = st->opt[o].places[l], must[m++] = 0;
        }
    return m;
}

/* Arcs of block b: its nearest sites (cost children x metres) and the shortfall site. */
static void block_arcs(const zp_siting *st, size_t b, int32_t kids, const double *x,
                       const double *y, size_t m, size_t want, near *buf, zp_sscflp *in, size_t *na,
                       double *cap_out)
{
    const zp_geo_points *bp = zp_geo_block_points(st->run->geo);
    for (size_t s = 0; s < m; s++)
        buf[s] = (near){kids * hypot(bp->x[b] - x[s], bp->y[b] - y[s]), (int32_t)s};
    qsort(buf, m, sizeof *buf, by_cost);
    size_t keep = m < want ? m : want;
    double penalty = kids * st->run->sc->policy.shortfall_penalty_m;
    for (size_t k = 0; k < keep; k++)
        in->arcs[(*na)++] = (zp_site_arc){buf[k].site, buf[k].cost};
    in->arcs[(*na)++] = (zp_site_arc){(int32_t)m, penalty};
    *cap_out = keep < m ? fmin(buf[keep - 1].cost, penalty) : penalty;
}

static int level_bound(zp_siting *st, int l, double upper, double *lb)
{
    size_t nb = st->run->ds.nblocks, ms = st->run->ds.nschools + st->nopt + 1;
    double *x = malloc(ms * sizeof *x), *y = malloc(ms * sizeof *y), *lcap = NULL;
    near *buf = malloc(ms * sizeof *buf);
    zp_sscflp in = {0};
    in.cap = malloc(ms * sizeof *in.cap);
    in.fixed = calloc(ms, sizeof *in.fixed);
    in.fixed_open = malloc(ms);
    in.demand = malloc((nb + 1) * sizeof *in.demand);
    in.start = malloc((nb + 2) * sizeof *in.start);
    size_t want = (double)nb * (double)ms <= ALL_ARCS_UP_TO ? ms : BOUND_ARCS;
    in.arcs = malloc((nb * (want + 1) + 1) * sizeof *in.arcs);
    lcap = malloc((nb + 1) * sizeof *lcap);
    int rc = x && y && buf && in.cap && in.fixed && in.fixed_open && in.demand && in.start &&
                     in.arcs && lcap
                 ? ZP_OK
                 : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc) {
        size_t m = level_sites(st, l, x, y, in.cap, in.fixed_open), na = 0, nc = 0;
        int64_t total = 0;
        for (size_t b = 0; b < nb; b++) {
            int32_t kids = st->run->ds.blocks[b].children[l];
            if (kids <= 0)
                continue;
            in.start[nc] = na;
            in.demand[nc] = kids;
            total += kids;
            block_arcs(st, b, kids, x, y, m, want, buf, &in, &na, &lcap[nc++]);
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
        rc = nc ? zp_sscflp_bound(&in, &o, upper, lb) : ZP_OK;
        if (!nc)
            *lb = 0;
    }
    free(x), free(y), free(buf), free(lcap);
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
