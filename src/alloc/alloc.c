/* Assignment of one level: candidates, exact LP with pricing, whole-block rounding.
 *
 * Candidate pairs come from a k-nearest query per block, never an N x M matrix. The
 * LP over candidates is solved exactly (lp.c); its school prices then prove or
 * disprove optimality over all pairs: a block b can only prefer a school s it does
 * not have as a candidate if t_bs + price_s < u_b, so a radius query of u_b around b
 * finds every such school. Violations are added and the LP re-solved until none
 * remain. Split blocks are then rounded (round.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc_internal.h"
#include "zoneplan/errors.h"

int64_t zp_alloc_cost_cm(double metres)
{
    if (!(metres < 1e13)) /* unreachable (INFINITY), or farther than any district */
        return ZP_ALLOC_UNREACHABLE_CM;
    return (int64_t)llround(metres * 100.0);
}

static size_t site(const zp_alloc_input *in, size_t s)
{
    return in->site_of ? (size_t)in->site_of[s] : s;
}

static size_t block(const zp_alloc_input *in, size_t b)
{
    return in->block_of ? (size_t)in->block_of[b] : b;
}

double zp_alloc_dist(const zp_alloc_input *in, size_t b, size_t s)
{
    return zp_dist_pair(in->dist, block(in, b), site(in, s));
}

int zp_alloc_dist_many(const zp_alloc_input *in, size_t b, const int32_t *schools, size_t n,
                       double bound_m, int32_t *sites, double *out)
{
    for (size_t i = 0; i < n; i++)
        sites[i] = (int32_t)site(in, (size_t)schools[i]);
    return zp_dist_many(in->dist, block(in, b), sites, n, bound_m, out);
}

int zp_alloc_dist_from(const zp_alloc_input *in, size_t s, double *out)
{
    if (!in->block_of)
        return zp_dist_from_site(in->dist, site(in, s), out);
    double *all = malloc(sizeof *all * (zp_dist_nblocks(in->dist) + 1));
    if (!all)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    int rc = zp_dist_from_site(in->dist, site(in, s), all);
    for (size_t b = 0; !rc && b < in->nblocks; b++)
        out[b] = all[in->block_of[b]];
    free(all);
    return rc;
}

int zp_alloc_with_dist(const zp_alloc_input *in, zp_alloc_input *local, zp_dist **own)
{
    *local = *in;
    *own = NULL;
    if (in->dist)
        return ZP_OK;
    int rc = zp_dist_straight(in->nblocks, in->bx, in->by, in->nschools, in->sx, in->sy, own);
    local->dist = *own;
    local->site_of = local->block_of = NULL;
    return rc;
}

int64_t zp_alloc_pair_cost(const zp_alloc_input *in, size_t b, size_t s)
{
    return zp_alloc_cost_at(in, b, s, zp_alloc_dist(in, b, s));
}

int64_t zp_alloc_cost_at(const zp_alloc_input *in, size_t b, size_t s, double metres)
{
    int64_t c = zp_alloc_cost_cm(metres);
    if (c >= ZP_ALLOC_UNREACHABLE_CM)
        return c;
    if (in->limit_land && in->limit_land[b] >= 0 && in->may_serve[s] != in->limit_land[b])
        return ZP_ALLOC_UNREACHABLE_CM;
    /* no penalty where today's school takes nobody (closed): everyone there must move */
    int32_t cur = in->current ? in->current[b] : -1;
    if (cur >= 0 && cur != (int32_t)s && in->capacity[cur] > 0)
        c += zp_alloc_cost_cm(in->move_penalty_m);
    return c;
}

static int cmp_pair(const void *a, const void *b)
{
    const zp_pair *x = a, *y = b;
    if (x->block != y->block)
        return x->block < y->block ? -1 : 1;
    return (x->school > y->school) - (x->school < y->school);
}

static int cmp_arc(const void *a, const void *b)
{
    const zp_arc_tmp *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    return (x->school > y->school) - (x->school < y->school);
}

/* Candidate arcs of one block: k nearest schools with room, its current school under a
 * move penalty (staying is then cheap even when it is not among the nearest), pricing
 * extras, shortfall. */
static size_t block_arcs(zp_solver *sv, size_t i, const zp_pair *extra, size_t nextra,
                         zp_arc_tmp *tmp)
{
    const zp_alloc_input *in = sv->in;
    size_t b = sv->active[i], n = 0;
    for (int j = 0; j < sv->k; j++) {
        int32_t s = sv->knn_school[b * (size_t)sv->k + (size_t)j];
        if (s < 0)
            break;
        tmp[n++] = (zp_arc_tmp){zp_alloc_pair_cost(in, b, (size_t)s), s};
    }
    int32_t cur = in->current && in->move_penalty_m > 0 ? in->current[b] : -1;
    if (cur >= 0 && in->capacity[cur] > 0) {
        int dup = 0;
        for (size_t j = 0; j < n && !dup; j++)
            dup = tmp[j].school == cur;
        if (!dup)
            tmp[n++] = (zp_arc_tmp){zp_alloc_pair_cost(in, b, (size_t)cur), cur};
    }
    for (size_t e = 0; e < nextra; e++) {
        int dup = 0;
        for (size_t j = 0; j < n && !dup; j++)
            dup = tmp[j].school == extra[e].school;
        if (!dup)
            tmp[n++] =
                (zp_arc_tmp){zp_alloc_pair_cost(in, b, (size_t)extra[e].school), extra[e].school};
    }
    size_t keep = 0;
    for (size_t j = 0; j < n; j++)
        if (tmp[j].cost < sv->penalty) /* never cheaper than leaving the child unplaced */
            tmp[keep++] = tmp[j];
    qsort(tmp, keep, sizeof *tmp, cmp_arc);
    tmp[keep++] = (zp_arc_tmp){sv->penalty, (int32_t)sv->in->nschools};
    return keep;
}

static int build_arcs(zp_solver *sv)
{
    zp_lp *lp = &sv->lp;
    if (sv->nextra)
        qsort(sv->extra, sv->nextra, sizeof *sv->extra, cmp_pair);
    size_t maxper = (size_t)sv->k + 2 + sv->nextra;
    zp_arc_tmp *tmp = malloc(sizeof *tmp * maxper);
    size_t cap = sv->nactive * (size_t)(sv->k + 2) + sv->nextra + 1;
    free(lp->to);
    free(lp->cost);
    free(lp->owner);
    free(lp->flow);
    lp->to = malloc(sizeof *lp->to * cap);
    lp->cost = malloc(sizeof *lp->cost * cap);
    lp->owner = malloc(sizeof *lp->owner * cap);
    lp->flow = calloc(cap, sizeof *lp->flow);
    if (!tmp || !lp->to || !lp->cost || !lp->owner || !lp->flow) {
        free(tmp);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    size_t a = 0, e = 0;
    for (size_t i = 0; i < sv->nactive; i++) {
        size_t e0 = e;
        while (e < sv->nextra && sv->extra[e].block == (int32_t)i)
            e++;
        size_t n = block_arcs(sv, i, sv->extra ? sv->extra + e0 : NULL, e - e0, tmp);
        lp->start[i] = a;
        for (size_t j = 0; j < n; j++, a++) {
            lp->to[a] = tmp[j].school;
            lp->cost[a] = tmp[j].cost;
            lp->owner[a] = (int32_t)i;
        }
    }
    lp->start[sv->nactive] = a;
    lp->narcs = a;
    free(tmp);
    return ZP_OK;
}

/* ---- pricing ---- */

typedef struct price_query {
    zp_solver *sv;
    size_t i;     /* active block */
    int64_t u;    /* its dual value: cost of its current place including price */
    size_t n;     /* schools the straight line cannot rule out */
    double bound; /* the farthest walk that could still pay, metres */
} price_query;

/* A school can only improve the LP if its distance plus its price is below u; the straight
 * line is never longer than any provider's distance, so it rules schools out cheaply and
 * only the rest are measured. */
static void price_visit(int32_t site, double straight_m, void *ud)
{
    price_query *q = ud;
    zp_solver *sv = q->sv;
    int32_t s = sv->school_of[site];
    if (s < 0)
        return;
    double room = (double)(q->u - sv->lp.price[s]) / 100.0 + 0.01;
    if (straight_m > room)
        return;
    sv->psite[q->n] = site;
    sv->pcand[q->n++] = s;
    if (room > q->bound)
        q->bound = room;
}

/* The one school of block i that improves the LP most, -1 when none. The exact test uses
 * pair_cost, the very cost the arc would get: a cost recomputed another way could round
 * the other side of half a centimetre and loop forever. Ties go to the lower school. */
static int32_t price_best(zp_solver *sv, const price_query *q)
{
    zp_lp *lp = &sv->lp;
    int32_t best = -1;
    int64_t best_rc = 0;
    for (size_t j = 0; j < q->n; j++) {
        int32_t s = sv->pcand[j];
        int64_t t = zp_alloc_pair_cost(sv->in, sv->active[q->i], (size_t)s);
        int64_t rc = t + lp->price[s] - q->u;
        if (t >= sv->penalty || rc >= 0 ||
            (best >= 0 && (rc > best_rc || (rc == best_rc && s > best))))
            continue;
        int have = 0;
        for (size_t a = lp->start[q->i]; a < lp->start[q->i + 1] && !have; a++)
            have = lp->to[a] == s;
        if (!have) {
            best = s;
            best_rc = rc;
        }
    }
    return best;
}

/* Add, per block, the one pair that could improve on the LP optimum most (adding every
 * violating pair swamped the LP on districts whose demand sits far from capacity);
 * returns how many were added. */
static int price_out(zp_solver *sv, size_t *added)
{
    zp_lp *lp = &sv->lp;
    size_t before = sv->nextra;
    for (size_t i = 0; i < sv->nactive; i++) {
        size_t a = lp->start[i];
        while (lp->flow[a] == 0)
            a++;
        price_query q = {sv, i, lp->cost[a] + lp->price[lp->to[a]], 0, 0};
        size_t b = sv->active[i];
        /* the exact integer test is in price_best; the radius only needs to cover it */
        b = sv->in->block_of ? (size_t)sv->in->block_of[b] : b;
        zp_dist_within_lb(sv->in->dist, b, (double)q.u / 100.0 + 1.0, sv->use, price_visit, &q);
        if (!q.n)
            continue;
        /* one bounded search measures them all (the walk); the costs are then cached */
        int rc = zp_dist_many(sv->in->dist, b, sv->psite, q.n, q.bound, sv->pdist);
        if (rc)
            return rc;
        int32_t best = price_best(sv, &q);
        if (best < 0)
            continue;
        if (zp_grow((void **)&sv->extra, &sv->capextra, sv->nextra + 1, sizeof *sv->extra))
            return zp_error_set(ZP_ENOMEM, "out of memory");
        sv->extra[sv->nextra++] = (zp_pair){(int32_t)i, best};
    }
    *added = sv->nextra - before;
    return ZP_OK;
}

int zp_solver_lp(zp_solver *sv)
{
    for (;;) {
        double t0 = zp_seconds();
        int rc = build_arcs(sv);
        double t1 = zp_seconds();
        zp_lp_free_results(&sv->lp);
        if (!rc)
            rc = zp_lp_solve(&sv->lp);
        double t2 = zp_seconds();
        sv->augmentations += sv->lp.augmentations;
        sv->lp_rounds += sv->lp.rounds;
        size_t added = 0;
        if (!rc)
            rc = price_out(sv, &added);
        sv->t_candidates += t1 - t0;
        sv->t_lp += t2 - t1;
        sv->t_pricing += zp_seconds() - t2;
        if (rc)
            return rc;
        sv->pricing_rounds++;
        if (!added)
            return ZP_OK;
        sv->arcs_added += added;
    }
}

int64_t zp_solver_arc_cost(const zp_solver *sv, size_t i, int32_t s)
{
    for (size_t a = sv->lp.start[i]; a < sv->lp.start[i + 1]; a++)
        if (sv->lp.to[a] == s)
            return sv->lp.cost[a];
    return -1;
}
