/* zp_alloc_solve: set-up, the exact LP (alloc.c), and rounding to whole blocks.
 *
 * A basic LP optimum splits few blocks (at most one fewer than the schools), so the
 * rounding is small: each split block goes whole to the school among its candidates
 * that costs least given the room left by the unsplit blocks; children that fit
 * nowhere stay unplaced (a shortfall) rather than overfill a school. The gap to the
 * LP bound says what rounding cost. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "zoneplan/errors.h"

/* A lock holds only where there is a current school that takes pupils at this level. */
int zp_alloc_is_locked(const zp_alloc_input *in, size_t b)
{
    return in->locked && in->locked[b] && in->current && in->current[b] >= 0 &&
           (size_t)in->current[b] < in->nschools && in->capacity[in->current[b]] > 0;
}

static void solver_free(zp_solver *sv)
{
    free(sv->use);
    free(sv->school_of);
    free(sv->knn_school);
    free(sv->floor);
    free(sv->pcand);
    free(sv->psite);
    free(sv->pdist);
    free(sv->active);
    free(sv->demand);
    free(sv->cap);
    free(sv->extra);
    zp_lp_free_results(&sv->lp);
    free(sv->lp.start);
    free(sv->lp.to);
    free(sv->lp.cost);
    free(sv->lp.flow);
    free(sv->lp.owner);
}

/* Every block's k nearest live schools, once: the walk's are one multi-source search. */
static int candidates(zp_solver *sv)
{
    zp_dist_knn knn = {0};
    int k = sv->k > 0 ? sv->k : 1;
    double t0 = zp_seconds();
    int rc = zp_dist_nearest(sv->in->dist, sv->in->block_of, sv->in->nblocks, sv->use, k, &knn);
    sv->t_candidates += zp_seconds() - t0;
    if (rc)
        return rc;
    sv->knn_school = knn.site; /* taken over: mapped from sites to schools in place */
    knn.site = NULL;
    size_t n = sv->in->nblocks * (size_t)k;
    sv->floor = malloc(sizeof *sv->floor * (sv->in->nblocks + 1));
    if (!sv->floor) {
        zp_dist_knn_free(&knn);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    /* every school past the k nearest is at least as far as the k-th: its cost floor */
    for (size_t b = 0; b < sv->in->nblocks; b++) {
        double far = knn.metres[b * (size_t)k + (size_t)(k - 1)];
        int64_t c = zp_alloc_cost_cm(far);
        sv->floor[b] = sv->knn_school[b * (size_t)k + (size_t)(k - 1)] < 0 || c > sv->penalty
                           ? sv->penalty
                           : c;
    }
    for (size_t i = 0; i < n; i++)
        if (sv->knn_school[i] >= 0)
            sv->knn_school[i] = sv->school_of[sv->knn_school[i]];
    zp_dist_knn_free(&knn);
    return ZP_OK;
}

static int solver_init(zp_solver *sv, const zp_alloc_input *in)
{
    memset(sv, 0, sizeof *sv);
    sv->in = in;
    sv->penalty = zp_alloc_cost_cm(in->penalty_m);
    size_t ns = in->nschools, nb = in->nblocks, nsites = zp_dist_nsites(in->dist);
    sv->use = calloc(nsites + 1, sizeof *sv->use);
    sv->school_of = malloc(sizeof *sv->school_of * (nsites + 1));
    sv->pcand = malloc(sizeof *sv->pcand * (ns + 1));
    sv->psite = malloc(sizeof *sv->psite * (ns + 1));
    sv->pdist = malloc(sizeof *sv->pdist * (ns + 1));
    sv->cap = calloc(ns + 1, sizeof *sv->cap);
    sv->active = malloc(sizeof *sv->active * (nb + 1));
    sv->demand = malloc(sizeof *sv->demand * (nb + 1));
    if (!sv->use || !sv->school_of || !sv->pcand || !sv->psite || !sv->pdist || !sv->cap ||
        !sv->active || !sv->demand)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t t = 0; t < nsites; t++)
        sv->school_of[t] = -1;
    for (size_t s = 0; s < ns; s++) {
        sv->cap[s] = in->capacity[s];
        if (in->capacity[s] > 0) {
            size_t t = in->site_of ? (size_t)in->site_of[s] : s;
            sv->use[t] = 1;
            sv->school_of[t] = (int32_t)s;
            sv->nlive++;
        }
    }
    for (size_t b = 0; b < nb; b++) {
        if (in->demand[b] <= 0)
            continue;
        if (zp_alloc_is_locked(in,
                               b)) { /* placed before the LP: only the room it leaves is shared */
            int32_t s = in->current[b];
            sv->cap[s] = sv->cap[s] > in->demand[b] ? sv->cap[s] - in->demand[b] : 0;
            continue;
        }
        sv->demand[sv->nactive] = in->demand[b];
        sv->active[sv->nactive++] = b;
    }
    sv->k = in->candidates < (int)sv->nlive ? in->candidates : (int)sv->nlive;
    sv->lp = (zp_lp){.nb = sv->nactive, .ns = ns, .cap = sv->cap, .demand = sv->demand};
    sv->lp.start = malloc(sizeof *sv->lp.start * (sv->nactive + 1));
    if (!sv->lp.start)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    return candidates(sv);
}

int zp_alloc_result_alloc(zp_alloc_result *r, size_t nb, size_t ns)
{
    memset(r, 0, sizeof *r);
    r->nblocks = nb;
    r->nschools = ns;
    r->school = malloc(sizeof *r->school * (nb + 1));
    r->placed = calloc(nb + 1, sizeof *r->placed);
    r->unplaced = calloc(nb + 1, sizeof *r->unplaced);
    r->nearest = malloc(sizeof *r->nearest * (nb + 1));
    r->dist_m = calloc(nb + 1, sizeof *r->dist_m);
    r->load = calloc(ns + 1, sizeof *r->load);
    r->price_m = calloc(ns + 1, sizeof *r->price_m);
    if (!r->school || !r->placed || !r->unplaced || !r->nearest || !r->dist_m || !r->load ||
        !r->price_m)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; b < nb; b++)
        r->school[b] = r->nearest[b] = -1;
    return ZP_OK;
}

/* Nearest school with room for every block (also those with no children: they still
 * belong to a catchment on the map). */
static void nearest_schools(zp_solver *sv, zp_alloc_result *r)
{
    const zp_alloc_input *in = sv->in;
    if (sv->nlive == 0)
        return;
    for (size_t b = 0; b < in->nblocks; b++) {
        int32_t p = sv->knn_school[b * (size_t)(sv->k > 0 ? sv->k : 1)];
        r->nearest[b] = p;
        if (zp_alloc_is_locked(in, b)) {
            r->school[b] = in->current[b];
            r->placed[b] = in->demand[b] > 0 ? in->demand[b] : 0;
            r->load[in->current[b]] += r->placed[b];
        } else if (in->demand[b] <= 0 && p >= 0) {
            r->school[b] = p;
            r->dist_m[b] = zp_alloc_dist(in, b, (size_t)p);
        }
    }
}

static int cmp_split(const void *a, const void *b, void *ctx)
{
    const zp_solver *sv = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (sv->demand[x] != sv->demand[y])
        return sv->demand[x] > sv->demand[y] ? -1 : 1;
    return (x > y) - (x < y);
}

static int real_arcs_with_flow(const zp_lp *lp, size_t i)
{
    int n = 0;
    for (size_t a = lp->start[i]; a < lp->start[i + 1]; a++)
        n += lp->flow[a] > 0 && lp->to[a] != (int32_t)lp->ns;
    return n;
}

static void place(zp_solver *sv, zp_alloc_result *r, size_t i, int32_t s, int64_t placed)
{
    size_t b = sv->active[i];
    r->school[b] = placed > 0 ? s : -1;
    r->placed[b] = (int32_t)placed;
    r->unplaced[b] = sv->demand[i] - (int32_t)placed;
    if (s >= 0 && placed > 0)
        r->load[s] += placed;
}

/* Whole-block choice for a split block: least cost given the room that is left. */
static void round_split(zp_solver *sv, zp_alloc_result *r, size_t i, int64_t *room)
{
    const zp_lp *lp = &sv->lp;
    int64_t d = sv->demand[i], best = INT64_MAX, best_placed = 0;
    int32_t best_s = -1;
    for (size_t a = lp->start[i]; a < lp->start[i + 1]; a++) {
        int32_t s = lp->to[a];
        if (s == (int32_t)lp->ns)
            continue;
        int64_t placed = room[s] < d ? (room[s] > 0 ? room[s] : 0) : d;
        int64_t cost = lp->cost[a] * placed + sv->penalty * (d - placed);
        if (cost < best) {
            best = cost;
            best_s = s;
            best_placed = placed;
        }
    }
    place(sv, r, i, best_s, best_placed);
    if (best_s >= 0)
        room[best_s] -= best_placed;
}

static int round_blocks(zp_solver *sv, zp_alloc_result *r)
{
    const zp_lp *lp = &sv->lp;
    int64_t *room = malloc(sizeof *room * (lp->ns + 1));
    size_t *split = malloc(sizeof *split * (sv->nactive + 1));
    if (!room || !split) {
        free(room);
        free(split);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    memcpy(room, sv->cap, sizeof *room * (lp->ns + 1));
    size_t nsplit = 0;
    for (size_t i = 0; i < sv->nactive; i++) {
        if (real_arcs_with_flow(lp, i) > 1) {
            split[nsplit++] = i;
            continue;
        }
        int32_t s = -1;
        int64_t placed = 0;
        for (size_t a = lp->start[i]; a < lp->start[i + 1]; a++)
            if (lp->flow[a] > 0 && lp->to[a] != (int32_t)lp->ns) {
                s = lp->to[a];
                placed = lp->flow[a];
            }
        place(sv, r, i, s, placed);
        if (s >= 0)
            room[s] -= placed;
    }
    qsort_r(split, nsplit, sizeof *split, cmp_split, sv);
    for (size_t j = 0; j < nsplit; j++)
        round_split(sv, r, split[j], room);
    r->split_blocks = nsplit;
    int rc = zp_repair_rounding(sv, r, room, split, nsplit);
    free(room);
    free(split);
    return rc;
}

static void objectives(zp_solver *sv, zp_alloc_result *r)
{
    const zp_lp *lp = &sv->lp;
    const zp_alloc_input *in = sv->in;
    int64_t lp_cm = 0, lp_short = 0;
    for (size_t a = 0; a < lp->narcs; a++) {
        lp_cm += lp->cost[a] * lp->flow[a];
        if (lp->to[a] == (int32_t)lp->ns)
            lp_short += lp->flow[a];
    }
    /* locked blocks are fixed before the LP: the same cost on both sides of the gap */
    for (size_t b = 0; b < in->nblocks; b++)
        if (zp_alloc_is_locked(in, b) && in->demand[b] > 0)
            lp_cm += zp_alloc_pair_cost(in, b, (size_t)in->current[b]) * in->demand[b];
    r->lp_bound = (double)lp_cm / 100.0;
    r->lp_shortfall = (double)lp_short;
    for (size_t s = 0; s < in->nschools; s++)
        r->price_m[s] = (double)lp->price[s] / 100.0;
    zp_alloc_rescore(in, r);
}

void zp_alloc_rescore(const zp_alloc_input *in, zp_alloc_result *r)
{
    int64_t cost_cm = 0, dist_cm = 0;
    r->shortfall = r->moved = r->locked = 0;
    for (size_t b = 0; b < in->nblocks; b++) {
        int32_t s = r->school[b] >= 0 ? r->school[b] : r->nearest[b];
        if (s >= 0)
            r->dist_m[b] = zp_alloc_dist(in, b, (size_t)s);
        r->shortfall += r->unplaced[b];
        if (r->school[b] < 0 || in->demand[b] <= 0)
            continue;
        dist_cm += zp_alloc_cost_cm(r->dist_m[b]) * r->placed[b];
        cost_cm += zp_alloc_pair_cost(in, b, (size_t)s) * r->placed[b];
        if (in->current && in->current[b] >= 0 && in->current[b] != s)
            r->moved += r->placed[b];
        if (zp_alloc_is_locked(in, b) && in->current[b] == s) /* kept: where the lock says */
            r->locked += r->placed[b];
    }
    int64_t int_cm = cost_cm + zp_alloc_cost_cm(in->penalty_m) * r->shortfall;
    int64_t lp_cm = llround(r->lp_bound * 100.0);
    r->objective = (double)int_cm / 100.0;
    r->distance = (double)dist_cm / 100.0;
    r->gap = int_cm > 0 ? (double)(int_cm - lp_cm) / (double)int_cm : 0.0;
}

/* The final candidate pairs by original block, shortfall options left implicit. */
static int keep_arcs(zp_solver *sv, zp_alloc_result *r)
{
    const zp_lp *lp = &sv->lp;
    size_t nb = sv->in->nblocks;
    r->penalty_cm = sv->penalty;
    r->arc_start = calloc(nb + 1, sizeof *r->arc_start);
    r->arc_school = malloc(sizeof *r->arc_school * (lp->narcs + 1));
    r->arc_cost = malloc(sizeof *r->arc_cost * (lp->narcs + 1));
    if (!r->arc_start || !r->arc_school || !r->arc_cost)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t n = 0, i = 0;
    for (size_t b = 0; b < nb; b++) {
        r->arc_start[b] = n;
        if (i < sv->nactive && sv->active[i] == b) {
            for (size_t a = lp->start[i]; a < lp->start[i + 1]; a++)
                if (lp->to[a] != (int32_t)lp->ns) {
                    r->arc_school[n] = lp->to[a];
                    r->arc_cost[n++] = lp->cost[a];
                }
            i++;
        }
    }
    r->arc_start[nb] = n;
    r->arc_floor = sv->floor; /* taken over */
    sv->floor = NULL;
    return ZP_OK;
}

static int solve(const zp_alloc_input *in, zp_alloc_result *out)
{
    if (!(in->move_penalty_m >= 0) ||
        (in->move_penalty_m > 0 && in->move_penalty_m >= in->penalty_m))
        return zp_error_set(ZP_EINPUT,
                            "assignment: move_penalty_m (%.0f m) must be at least 0 and below "
                            "shortfall_penalty_m (%.0f m), or moving a child would cost more "
                            "than leaving it without a place",
                            in->move_penalty_m, in->penalty_m);
    if (in->candidates < 1 || !(in->penalty_m > 0) || in->penalty_m > ZP_ALLOC_MAX_PENALTY_M)
        return zp_error_set(ZP_EINPUT,
                            "assignment: candidates must be >= 1 and the shortfall penalty "
                            "between 0 and %.0f m",
                            ZP_ALLOC_MAX_PENALTY_M);
    int64_t total = 0;
    for (size_t b = 0; b < in->nblocks; b++)
        total += in->demand[b] > 0 ? in->demand[b] : 0;
    /* every objective is at most penalty x children (plus distances below the penalty) */
    if (total > INT64_MAX / 4 / (zp_alloc_cost_cm(in->penalty_m) + 1))
        return zp_error_set(ZP_EINPUT,
                            "assignment: %lld children at a penalty of %.0f m overflow the "
                            "objective; lower shortfall_penalty_m",
                            (long long)total, in->penalty_m);
    zp_solver sv;
    int rc = solver_init(&sv, in);
    if (!rc)
        rc = zp_alloc_result_alloc(out, in->nblocks, in->nschools);
    if (!rc)
        nearest_schools(&sv, out);
    if (!rc)
        rc = zp_solver_lp(&sv);
    double t0 = zp_seconds();
    if (!rc)
        rc = round_blocks(&sv, out);
    if (!rc)
        rc = zp_local_search(&sv, out);
    out->t_round = zp_seconds() - t0;
    if (!rc && in->keep_arcs)
        rc = keep_arcs(&sv, out);
    if (!rc) {
        objectives(&sv, out);
        out->t_candidates = sv.t_candidates;
        out->t_lp = sv.t_lp;
        out->t_pricing = sv.t_pricing;
        out->pricing_rounds = sv.pricing_rounds;
        out->arcs_added = sv.arcs_added;
        out->augmentations = sv.augmentations;
        out->lp_rounds = sv.lp_rounds;
    }
    solver_free(&sv);
    if (rc)
        zp_alloc_result_free(out);
    return rc;
}

int zp_alloc_solve(const zp_alloc_input *in, zp_alloc_result *out)
{
    zp_alloc_input local;
    zp_dist *own;
    int rc = zp_alloc_with_dist(in, &local, &own);
    if (!rc)
        rc = solve(&local, out);
    if (!rc && (rc = zp_dist_status(local.dist)) != ZP_OK)
        zp_alloc_result_free(out);
    zp_dist_free(own);
    return rc;
}

void zp_alloc_result_free(zp_alloc_result *r)
{
    free(r->school);
    free(r->placed);
    free(r->unplaced);
    free(r->nearest);
    free(r->dist_m);
    free(r->load);
    free(r->price_m);
    free(r->arc_start);
    free(r->arc_school);
    free(r->arc_cost);
    free(r->arc_floor);
    memset(r, 0, sizeof *r);
}
