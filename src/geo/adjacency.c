/* Block adjacency: which blocks share a boundary, and how long that boundary is.
 *
 * Catchments must be one connected piece, and "connected" means across a shared edge:
 * two blocks that only touch at a corner are not neighbours (a parent cannot walk
 * through a point). Real exports are not perfect tilings, so a boundary counts where the
 * two blocks run within tolerance_m of each other, for at least min_shared_m.
 *
 * Candidate pairs come from a GEOS STRtree over the blocks' envelopes (grown by the
 * tolerance), queried on the calling thread; the exact tests, the expensive part, run on
 * worker threads with their own GEOS contexts. Exactly shared edges are found by
 * intersecting the two boundaries; only pairs that fail that and still lie within the
 * tolerance pay for a buffer. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "geo_internal.h"
#include "zoneplan/errors.h"

typedef struct adj_pair {
    int32_t a, b;    /* a < b */
    double shared_m; /* < 0: not neighbours */
} adj_pair;

typedef struct adj_collect {
    int32_t self;
    adj_pair *pairs;
    size_t n, cap;
    int failed;
} adj_collect;

typedef struct adj_job {
    zp_geo *geo;
    adj_pair *pairs;
    size_t npairs;
    GEOSGeometry **bound; /* per block boundary, built by the workers */
    double tol, min_shared;
    int stage; /* 0: boundaries, 1: pairs */
} adj_job;

static void collect(void *item, void *userdata)
{
    adj_collect *c = userdata;
    int32_t other = *(const int32_t *)item;
    if (other <= c->self || c->failed)
        return;
    if (zp_grow((void **)&c->pairs, &c->cap, c->n + 1, sizeof *c->pairs)) {
        c->failed = 1;
        return;
    }
    c->pairs[c->n++] = (adj_pair){c->self, other, -1.0};
}

static int candidate_pairs(zp_geo *geo, double tol, int32_t *ids, adj_collect *c)
{
    GEOSContextHandle_t h = geo->gctx;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    if (!tree)
        return zp_error_set(ZP_ERROR, "adjacency: cannot build the spatial index");
    for (size_t b = 0; b < geo->nblocks; b++) {
        ids[b] = (int32_t)b;
        if (geo->blocks[b])
            GEOSSTRtree_insert_r(h, tree, geo->blocks[b], &ids[b]);
    }
    for (size_t b = 0; b < geo->nblocks && !c->failed; b++) {
        const GEOSGeometry *g = geo->blocks[b];
        double x0, y0, x1, y1;
        if (!g || !GEOSGeom_getXMin_r(h, g, &x0) || !GEOSGeom_getYMin_r(h, g, &y0) ||
            !GEOSGeom_getXMax_r(h, g, &x1) || !GEOSGeom_getYMax_r(h, g, &y1))
            continue;
        GEOSGeometry *env = GEOSGeom_createRectangle_r(h, x0 - tol, y0 - tol, x1 + tol, y1 + tol);
        if (!env) {
            c->failed = 1;
            break;
        }
        c->self = (int32_t)b;
        GEOSSTRtree_query_r(h, tree, env, collect, c);
        GEOSGeom_destroy_r(h, env);
    }
    GEOSSTRtree_destroy_r(h, tree);
    return c->failed ? zp_error_set(ZP_ENOMEM, "adjacency: out of memory") : ZP_OK;
}

static double length_of(GEOSContextHandle_t h, GEOSGeometry *g)
{
    double len = 0;
    if (g) {
        GEOSLength_r(h, g, &len);
        GEOSGeom_destroy_r(h, g);
    }
    return len;
}

/* Length of a's boundary that runs along b: exactly shared, or within the tolerance. */
static double shared_length(GEOSContextHandle_t h, const adj_job *job, const adj_pair *p)
{
    const GEOSGeometry *ga = job->geo->blocks[p->a], *gb = job->geo->blocks[p->b];
    if (GEOSDistanceWithin_r(h, ga, gb, job->tol) != 1)
        return -1.0;
    double len = length_of(h, GEOSIntersection_r(h, job->bound[p->a], job->bound[p->b]));
    if (len >= job->min_shared || job->tol <= 0)
        return len;
    GEOSGeometry *buf = GEOSBuffer_r(h, gb, job->tol, 4);
    if (!buf)
        return -1.0;
    len = length_of(h, GEOSIntersection_r(h, job->bound[p->a], buf));
    GEOSGeom_destroy_r(h, buf);
    return len;
}

static void adj_work(GEOSContextHandle_t h, size_t first, size_t step, void *ud)
{
    adj_job *job = ud;
    if (job->stage == 0) {
        for (size_t b = first; b < job->geo->nblocks; b += step)
            if (job->geo->blocks[b])
                job->bound[b] = GEOSBoundary_r(h, job->geo->blocks[b]);
        return;
    }
    for (size_t i = first; i < job->npairs; i += step) {
        adj_pair *p = &job->pairs[i];
        if (job->bound[p->a] && job->bound[p->b])
            p->shared_m = shared_length(h, job, p);
    }
}

/* Symmetric CSR, neighbours ascending (pairs arrive sorted by a, then b). */
static int build_csr(size_t n, const adj_pair *pairs, size_t npairs, double min_shared,
                     zp_adjacency *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    out->start = calloc(n + 2, sizeof *out->start);
    if (!out->start)
        return zp_error_set(ZP_ENOMEM, "adjacency: out of memory");
    size_t m = 0;
    for (size_t i = 0; i < npairs; i++)
        if (pairs[i].shared_m >= min_shared) {
            out->start[pairs[i].a + 2]++;
            out->start[pairs[i].b + 2]++;
            m += 2;
        }
    for (size_t b = 0; b < n; b++)
        out->start[b + 2] += out->start[b + 1];
    out->nbr = malloc(sizeof *out->nbr * (m + 1));
    out->shared_m = malloc(sizeof *out->shared_m * (m + 1));
    if (!out->nbr || !out->shared_m) {
        zp_adjacency_free(out);
        return zp_error_set(ZP_ENOMEM, "adjacency: out of memory");
    }
    /* two passes keep each list sorted: lower neighbours (as b) first, then higher (as a) */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < npairs; i++) {
            const adj_pair *p = &pairs[i];
            if (p->shared_m < min_shared)
                continue;
            int32_t at = pass == 0 ? p->b : p->a, to = pass == 0 ? p->a : p->b;
            size_t k = out->start[at + 1]++;
            out->nbr[k] = to;
            out->shared_m[k] = p->shared_m;
        }
    return ZP_OK;
}

static int cmp_pair(const void *x, const void *y)
{
    const adj_pair *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

int zp_geo_adjacency(zp_geo *geo, double tolerance_m, double min_shared_m, zp_adjacency *out)
{
    memset(out, 0, sizeof *out);
    size_t n = geo->nblocks;
    int32_t *ids = malloc(sizeof *ids * (n + 1));
    GEOSGeometry **bound = calloc(n + 1, sizeof *bound);
    adj_collect c = {0};
    int rc = ids && bound ? ZP_OK : zp_error_set(ZP_ENOMEM, "adjacency: out of memory");
    if (!rc)
        rc = candidate_pairs(geo, tolerance_m, ids, &c);
    if (!rc)
        qsort(c.pairs, c.n, sizeof *c.pairs, cmp_pair); /* STRtree order is not ours to keep */
    adj_job job = {geo, c.pairs, c.n, bound, tolerance_m, min_shared_m, 0};
    if (!rc)
        rc = zp_geo_parallel(zp_geo_workers(n), adj_work, &job);
    job.stage = 1;
    if (!rc)
        rc = zp_geo_parallel(zp_geo_workers(n), adj_work, &job);
    if (!rc)
        rc = build_csr(n, c.pairs, c.n, min_shared_m, out);
    for (size_t b = 0; bound && b < n; b++)
        if (bound[b])
            GEOSGeom_destroy_r(geo->gctx, bound[b]);
    free(bound);
    free(ids);
    free(c.pairs);
    return rc;
}

void zp_adjacency_free(zp_adjacency *a)
{
    free(a->start);
    free(a->nbr);
    free(a->shared_m);
    memset(a, 0, sizeof *a);
}
