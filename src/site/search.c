/* The siting search: plans (sets of options) scored by the core's exact assignment, grown
 * greedily and improved by swaps, with the LP duals of the current plan ranking which
 * options are worth scoring (see siting.c for the whole method). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "site_internal.h"
#include "zoneplan/errors.h"

#define SCORED_PER_STEP 8 /* options scored exactly per greedy step or swap */

static void free_results(zp_alloc_result res[ZP_NLEVELS])
{
    for (int l = 0; l < ZP_NLEVELS; l++)
        zp_alloc_result_free(&res[l]);
}

/* The core's assignment of every active level with the options of set[0..n) opened; with
 * xo, each level's whole-block bound too (the exact finish's, summed into *bound). */
static int score(zp_siting *st, const int32_t *set, size_t n, const int64_t *const *room,
                 zp_siting_score *sc, zp_alloc_result res[ZP_NLEVELS], const zp_exact_options *xo,
                 double *bound)
{
    const zp_run *run = st->run;
    size_t nb = run->ds.nblocks, ns = run->ds.nschools, m = ns + n;
    int32_t *site = malloc((m + 1) * sizeof *site);
    int64_t *cap = malloc((m + 1) * sizeof *cap);
    int32_t *demand = malloc((nb + 1) * sizeof *demand);
    int rc = site && cap && demand ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    memset(sc, 0, sizeof *sc);
    memset(res, 0, ZP_NLEVELS * sizeof *res);
    for (size_t k = 0; !rc && k < m; k++) /* the provider's sites: schools, then candidates */
        site[k] = k < ns ? (int32_t)k : (int32_t)ns + st->opt[set[k - ns]].cand;
    for (size_t k = 0; !rc && k < n; k++)
        sc->cost += st->opt[set[k]].cost;
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        for (size_t b = 0; b < nb; b++)
            demand[b] = run->ds.blocks[b].children[l];
        for (size_t k = 0; k < m; k++)
            cap[k] = room     ? room[l][k]
                     : k < ns ? (st->closed && st->closed[k] ? 0 : run->capacity[l][k])
                              : st->opt[set[k - ns]].places[l];
        zp_alloc_input in = {.nblocks = nb,
                             .demand = demand,
                             .nschools = m,
                             .capacity = cap,
                             .candidates = run->sc->policy.candidates,
                             .penalty_m = run->sc->policy.shortfall_penalty_m,
                             .dist = st->dist,
                             .site_of = site,
                             .keep_arcs = xo != NULL};
        rc = zp_alloc_solve(&in, &res[l]);
        if (!rc) {
            sc->shortfall[l] = res[l].shortfall;
            sc->child_m[l] = res[l].distance;
            sc->objective += res[l].objective;
        }
        zp_exact_report x;
        if (!rc && xo && !(rc = zp_alloc_exact(&in, xo, &res[l], &x)))
            *bound += fmax(x.bound, x.lp_bound);
    }
    st->evaluations++;
    free(site);
    free(cap);
    free(demand);
    return rc;
}

int zp_siting_score_set(zp_siting *st, const int32_t *set, size_t n, zp_siting_score *sc,
                        zp_alloc_result res[ZP_NLEVELS])
{
    return score(st, set, n, NULL, sc, res, NULL, NULL);
}

int zp_siting_score_room(zp_siting *st, const int32_t *set, size_t n,
                         const int64_t *const room[ZP_NLEVELS], zp_siting_score *sc,
                         zp_alloc_result res[ZP_NLEVELS])
{
    return score(st, set, n, room, sc, res, NULL, NULL);
}

int zp_siting_bound_set(zp_siting *st, const int32_t *set, size_t n, double *bound)
{
    /* the Lagrangian bound alone: a model of one pair at most is "too large" for branch and
     * bound, and its bound needs no time limit to be reproducible */
    zp_exact_options xo = {.seconds = 60, .max_pairs = 1};
    zp_alloc_result res[ZP_NLEVELS];
    zp_siting_score sc;
    *bound = 0;
    int rc = score(st, set, n, NULL, &sc, res, &xo, bound);
    free_results(res);
    return rc;
}

typedef struct gain {
    double per_child; /* the saving per child, counting a place freed at a full school */
    double plain;     /* the saving per child once no child lacking a place is left */
    int64_t children;
} gain;

static int by_gain(const void *a, const void *b)
{
    double x = ((const gain *)a)->per_child, y = ((const gain *)b)->per_child;
    return x > y ? -1 : x < y;
}

/* What option o would save on the plan res: each block's cost per child now (its distance
 * plus its school's price of a place, or the penalty when unplaced) against the distance
 * to o, the best savings first until o is full. A place freed at a full school is worth
 * its price only while children lack a place: beyond the level's shortfall, a child counts
 * its walk alone. An estimate, used only for ranking. */
static double estimate(zp_siting *st, const zp_alloc_result res[ZP_NLEVELS], int32_t o, gain *buf)
{
    const zp_run *run = st->run;
    double total = 0;
    int rc = zp_dist_from_site(st->dist, run->ds.nschools + (size_t)st->opt[o].cand, st->cand_m);
    if (rc) { /* ranking only: the search stops on it after the short list */
        st->dist_rc = st->dist_rc ? st->dist_rc : rc;
        return 0;
    }
    double penalty = run->sc->policy.shortfall_penalty_m;
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l] || st->opt[o].places[l] <= 0 || !res[l].school)
            continue;
        size_t n = 0;
        for (size_t b = 0; b < run->ds.nblocks; b++) {
            double d = st->cand_m[b]; /* INFINITY when it cannot be reached: no gain */
            int32_t s = res[l].school[b];
            if (res[l].unplaced[b] > 0 && penalty > d)
                buf[n++] = (gain){penalty - d, 0, res[l].unplaced[b]};
            double now = s >= 0 ? res[l].dist_m[b] + res[l].price_m[s] : 0;
            if (s >= 0 && res[l].placed[b] > 0 && now > d)
                buf[n++] = (gain){now - d, res[l].dist_m[b] - d, res[l].placed[b]};
        }
        qsort(buf, n, sizeof *buf, by_gain);
        int64_t room = st->opt[o].places[l], lacking = res[l].shortfall;
        for (size_t k = 0; k < n && room > 0; k++) {
            int64_t take = buf[k].children < room ? buf[k].children : room;
            int64_t priced = take < lacking ? take : lacking;
            int64_t rest = buf[k].plain > 0 ? take - priced : 0;
            total += buf[k].per_child * (double)priced + buf[k].plain * (double)rest;
            lacking -= priced;
            room -= priced + rest;
        }
    }
    return total;
}

static int cand_used(const zp_siting *st, const int32_t *set, size_t n, int32_t o)
{
    for (size_t k = 0; k < n; k++)
        if (st->opt[set[k]].cand == st->opt[o].cand)
            return 1;
    return 0;
}

/* The SCORED_PER_STEP options of design d with the highest estimates on plan res, not at a
 * used candidate (per design: one design's estimates must not crowd out another's). */
static size_t shortlist(zp_siting *st, const zp_alloc_result res[ZP_NLEVELS], const int32_t *set,
                        size_t n, int32_t d, int32_t *out, gain *buf)
{
    double best[SCORED_PER_STEP];
    size_t k = 0;
    for (size_t o = 0; o < st->nopt; o++) {
        if (st->opt[o].design != d || cand_used(st, set, n, (int32_t)o))
            continue;
        double e = estimate(st, res, (int32_t)o, buf);
        if (e <= 0 || (k == SCORED_PER_STEP && e <= best[k - 1]))
            continue;
        size_t at = k < SCORED_PER_STEP ? k++ : k - 1; /* insertion into the sorted short list */
        while (at > 0 && best[at - 1] < e) {
            best[at] = best[at - 1];
            out[at] = out[at - 1];
            at--;
        }
        best[at] = e;
        out[at] = (int32_t)o;
    }
    return k;
}

static int better(const zp_siting_score *a, const zp_siting_score *b)
{
    if (a->objective < b->objective - 1e-6)
        return 1;
    return fabs(a->objective - b->objective) <= 1e-6 && a->cost < b->cost;
}

/* Of the short list on plan res, the option whose addition to set[0..n) scores best. */
static int best_addition(zp_siting *st, const zp_alloc_result res[ZP_NLEVELS], int32_t *set,
                         size_t n, gain *buf, int32_t *pick, zp_siting_score *score)
{
    size_t nd = st->run->sc->siting.ndesigns, k = 0;
    int32_t *list = malloc((nd * SCORED_PER_STEP + 1) * sizeof *list);
    *pick = -1;
    int rc = list ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t d = 0; !rc && d < nd; d++)
        k += shortlist(st, res, set, n, (int32_t)d, list + k, buf);
    if (!rc && st->dist_rc)
        rc = st->dist_rc;
    for (size_t i = 0; !rc && i < k; i++) {
        zp_alloc_result r[ZP_NLEVELS];
        zp_siting_score sc;
        set[n] = list[i];
        rc = zp_siting_score_set(st, set, n + 1, &sc, r);
        free_results(r);
        if (!rc && (*pick < 0 || better(&sc, score))) {
            *pick = list[i];
            *score = sc;
        }
    }
    free(list);
    return rc;
}

/* Open options one at a time while that helps (and until open_min are open), up to
 * open_max, within the budget. */
static int greedy(zp_siting *st, int32_t *set, size_t *n, zp_siting_score *cur, gain *buf)
{
    const zp_siting_spec *sp = &st->run->sc->siting;
    int rc = ZP_OK;
    while (!rc && *n < (size_t)sp->open_max) {
        zp_alloc_result res[ZP_NLEVELS];
        zp_siting_score sc, base;
        int32_t pick = -1;
        rc = zp_siting_score_set(st, set, *n, &base, res);
        if (!rc)
            rc = best_addition(st, res, set, *n, buf, &pick, &sc);
        free_results(res);
        int within = pick >= 0 && (!sp->budget || sc.cost <= sp->budget);
        if (rc || !within || (!better(&sc, cur) && *n >= (size_t)sp->open_min))
            break;
        set[(*n)++] = pick;
        *cur = sc;
        zp_progress("siting: %zu open, objective %.0f (shortfall %lld)", *n, sc.objective,
                    (long long)zp_siting_shortfall(&sc));
    }
    return rc;
}

/* Replace one opened option by one from the short list of the plan without it, while
 * that scores better (first improvement, then start over). */
static int swaps(zp_siting *st, int32_t *set, size_t n, zp_siting_score *cur, gain *buf)
{
    const zp_siting_spec *sp = &st->run->sc->siting;
    int rc = ZP_OK;
    for (int improved = 1; !rc && improved;) {
        improved = 0;
        for (size_t i = 0; !rc && !improved && i < n; i++) {
            int32_t out = set[i];
            set[i] = set[n - 1]; /* the plan without option i in set[0..n-1) */
            zp_alloc_result res[ZP_NLEVELS];
            zp_siting_score base, sc;
            int32_t pick = -1;
            rc = zp_siting_score_set(st, set, n - 1, &base, res);
            if (!rc)
                rc = best_addition(st, res, set, n - 1, buf, &pick, &sc);
            free_results(res);
            if (!rc && pick >= 0 && pick != out && better(&sc, cur) &&
                (!sp->budget || sc.cost <= sp->budget)) {
                set[n - 1] = pick;
                *cur = sc;
                improved = 1;
            } else {
                set[n - 1] = set[i];
                set[i] = out;
            }
        }
    }
    return rc;
}

typedef struct ranked {
    int32_t opt;
    double loss; /* objective without it minus with all */
} ranked;

static int by_loss(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    return x->loss > y->loss ? -1 : x->loss < y->loss ? 1 : (x->opt > y->opt) - (x->opt < y->opt);
}

/* Rank the opened options by what the plan loses without each, then score the plan after
 * each prefix: the figures of sites.csv, and the children each new school takes. */
static int rank(zp_siting *st, int32_t *set, size_t n)
{
    ranked *r = calloc(n + 1, sizeof *r);
    st->step = calloc(n + 1, sizeof *st->step);
    for (int l = 0; l < ZP_NLEVELS; l++)
        st->served[l] = calloc(n + 1, sizeof *st->served[l]);
    int rc = r && st->step && st->served[0] && st->served[1]
                 ? ZP_OK
                 : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        zp_alloc_result res[ZP_NLEVELS];
        zp_siting_score sc;
        int32_t keep = set[i];
        set[i] = set[n - 1];
        rc = zp_siting_score_set(st, set, n - 1, &sc, res);
        free_results(res);
        set[n - 1] = set[i];
        set[i] = keep;
        r[i] = (ranked){keep, sc.objective - st->after.objective};
    }
    if (!rc)
        qsort(r, n, sizeof *r, by_loss);
    for (size_t i = 0; !rc && i < n; i++) {
        set[i] = r[i].opt;
        zp_alloc_result res[ZP_NLEVELS];
        rc = zp_siting_score_set(st, set, i + 1, &st->step[i], res);
        size_t ns = st->run->ds.nschools;
        for (int l = 0; !rc && l < ZP_NLEVELS; l++)
            st->served[l][i] = res[l].load ? res[l].load[ns + i] : 0;
        free_results(res);
    }
    free(r);
    return rc;
}

/* Closure candidates, in the order given: each is closed when the plan's openings absorb its
 * pupils (no more children without a place than with it open), else kept open with the count
 * of children who would lose a place. Closing costs walks; that is the bureau's trade. */
static int closures(zp_siting *st, const int32_t *set, size_t n, zp_siting_score *cur)
{
    char **ids = st->run->sc->siting.close;
    size_t ns = st->run->ds.nschools, k = 0;
    while (ids && ids[k])
        k++;
    st->closed = calloc(ns + 1, 1);
    st->close_lost = calloc(k + 1, sizeof *st->close_lost);
    if (!st->closed || !st->close_lost)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    int rc = ZP_OK;
    for (size_t i = 0; !rc && i < k; i++) {
        size_t s = 0;
        while (s < ns && strcmp(st->run->ds.schools[s].id, ids[i]))
            s++;
        if (s == ns)
            return zp_error_set(ZP_EINPUT, "%s:%d: siting.close: no school %s", st->run->sc->file,
                                st->run->sc->siting.close_line, ids[i]);
        st->closed[s] = 1;
        zp_alloc_result res[ZP_NLEVELS];
        zp_siting_score sc;
        rc = zp_siting_score_set(st, set, n, &sc, res);
        free_results(res);
        int64_t lost = zp_siting_shortfall(&sc) - zp_siting_shortfall(cur);
        if (!rc && lost <= 0)
            *cur = sc;
        else
            st->closed[s] = 0;
        st->close_lost[i] = lost > 0 ? lost : 0;
    }
    return rc;
}

int zp_siting_search(zp_siting *st)
{
    const zp_siting_spec *sp = &st->run->sc->siting;
    int32_t *set = calloc((size_t)sp->open_max + 2, sizeof *set);
    gain *buf = malloc((2 * st->run->ds.nblocks + 1) * sizeof *buf);
    size_t n = 0;
    zp_alloc_result res[ZP_NLEVELS];
    int rc = set && buf ? zp_siting_score_set(st, set, 0, &st->before, res)
                        : zp_error_set(ZP_ENOMEM, "out of memory");
    if (set && buf)
        free_results(res);
    zp_siting_score cur = st->before;
    if (!rc)
        rc = greedy(st, set, &n, &cur, buf);
    if (!rc && n > 0)
        rc = swaps(st, set, n, &cur, buf);
    if (!rc)
        rc = closures(st, set, n, &cur);
    st->after = cur;
    if (!rc && n > 0)
        rc = rank(st, set, n);
    st->chosen = set;
    st->nchosen = n;
    free(buf);
    return rc;
}
