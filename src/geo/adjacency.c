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
    GEOSGeometry **bound; /* per block boundary, built by the workers where needed */
    unsigned char *need;  /* per block: in a pair left to GEOS */
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

static int candidate_pairs(zp_geo *geo, double tol, const unsigned char *open, int32_t *ids,
                           adj_collect *c)
{
    GEOSContextHandle_t h = geo->gctx;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    if (!tree)
        return zp_error_set(ZP_ERROR, "adjacency: cannot build the spatial index");
    for (size_t b = 0; b < geo->nblocks; b++) {
        ids[b] = (int32_t)b;
        if (geo->blocks[b] && open[b])
            GEOSSTRtree_insert_r(h, tree, geo->blocks[b], &ids[b]);
    }
    for (size_t b = 0; b < geo->nblocks && !c->failed; b++) {
        const GEOSGeometry *g = geo->blocks[b];
        double x0, y0, x1, y1;
        if (!g || !open[b] || !GEOSGeom_getXMin_r(h, g, &x0) || !GEOSGeom_getYMin_r(h, g, &y0) ||
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

/* Length of a's boundary that runs along b: exactly shared, or within the tolerance.
 * pa is a prepared for the many distance tests it takes part in. */
static double shared_length(GEOSContextHandle_t h, const adj_job *job, const adj_pair *p,
                            const GEOSPreparedGeometry *pa)
{
    const GEOSGeometry *gb = job->geo->blocks[p->b];
    if (GEOSPreparedDistanceWithin_r(h, pa, gb, job->tol) != 1)
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
            if (job->geo->blocks[b] && job->need[b])
                job->bound[b] = GEOSBoundary_r(h, job->geo->blocks[b]);
        return;
    }
    /* pairs come sorted by a: a worker takes every step-th block a, prepared once */
    for (size_t i = 0, j; i < job->npairs; i = j) {
        int32_t a = job->pairs[i].a;
        for (j = i; j < job->npairs && job->pairs[j].a == a; j++)
            ;
        if ((size_t)a % step != first || !job->need[a] || !job->bound[a])
            continue;
        const GEOSPreparedGeometry *pa = GEOSPrepare_r(h, job->geo->blocks[a]);
        for (size_t k = i; pa && k < j; k++) {
            adj_pair *p = &job->pairs[k];
            if (p->shared_m < 0 && job->bound[p->b])
                p->shared_m = shared_length(h, job, p, pa);
        }
        if (pa)
            GEOSPreparedGeom_destroy_r(h, pa);
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

/* ---- exact shared edges by segment matching ----
 * Blocks that tile share their edges vertex for vertex, and the same input vertex projects
 * to the same metric point, so a segment seen in two blocks is a shared edge. Matching
 * segments in a hash table is linear in the vertices; GEOS is then only asked about pairs
 * this leaves open (near misses within the tolerance, corners, slivers). */

typedef struct seg_entry {
    int32_t k[4];  /* endpoints in cm from the origin, lower endpoint first */
    int32_t block; /* block + 1; 0: empty slot; negative: seen in two blocks */
} seg_entry;

typedef struct seg_table {
    seg_entry *e;
    size_t cap;
    double ox, oy;  /* origin: keeps centimetres inside 32 bits for any real district */
    adj_pair *hits; /* (a, b, length) per shared segment */
    size_t nhits, caphits;
    int failed;
} seg_table;

static uint64_t mix(uint64_t x) /* splitmix64's finaliser: every bit reaches the low bits */
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static size_t seg_slot(const seg_table *t, const int32_t *k)
{
    uint64_t h = mix(((uint64_t)(uint32_t)k[0] << 32) | (uint32_t)k[1]);
    h = mix(h ^ (((uint64_t)(uint32_t)k[2] << 32) | (uint32_t)k[3]));
    return (size_t)(((unsigned __int128)h * t->cap) >> 64); /* h mapped onto [0, cap) */
}

/* Centimetres from the origin; 0 when out of 32-bit range (that segment is left to GEOS). */
static int seg_cm(double v, double o, int32_t *out)
{
    double c = (v - o) * 100.0;
    if (!(c > -2e9 && c < 2e9))
        return 0;
    *out = (int32_t)llround(c);
    return 1;
}

static void seg_add(seg_table *t, int32_t block, double x0, double y0, double x1, double y1)
{
    int32_t a[2], b[2];
    if (!seg_cm(x0, t->ox, &a[0]) || !seg_cm(y0, t->oy, &a[1]) || !seg_cm(x1, t->ox, &b[0]) ||
        !seg_cm(y1, t->oy, &b[1]))
        return;
    int swap = a[0] > b[0] || (a[0] == b[0] && a[1] > b[1]);
    int32_t k[4] = {swap ? b[0] : a[0], swap ? b[1] : a[1], swap ? a[0] : b[0], swap ? a[1] : b[1]};
    if (k[0] == k[2] && k[1] == k[3])
        return;
    for (size_t i = seg_slot(t, k);; i = i + 1 == t->cap ? 0 : i + 1) {
        seg_entry *e = &t->e[i];
        if (!e->block) {
            *e = (seg_entry){{k[0], k[1], k[2], k[3]}, block + 1};
            return;
        }
        if (e->k[0] != k[0] || e->k[1] != k[1] || e->k[2] != k[2] || e->k[3] != k[3])
            continue;
        if (e->block == block + 1 || e->block == -(block + 1))
            return;
        int32_t other = (e->block > 0 ? e->block : -e->block) - 1;
        e->block = -(e->block > 0 ? e->block : -e->block);
        if (zp_grow((void **)&t->hits, &t->caphits, t->nhits + 1, sizeof *t->hits)) {
            t->failed = 1;
            return;
        }
        int32_t lo = other < block ? other : block, hi = other < block ? block : other;
        t->hits[t->nhits++] = (adj_pair){lo, hi, hypot(x1 - x0, y1 - y0)};
        return;
    }
}

static void seg_ring(GEOSContextHandle_t h, seg_table *t, int32_t block, const GEOSGeometry *ring,
                     double *xs, double *ys)
{
    const GEOSCoordSequence *cs = ring ? GEOSGeom_getCoordSeq_r(h, ring) : NULL;
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n) ||
        !GEOSCoordSeq_copyToArrays_r(h, cs, xs, ys, NULL, NULL))
        return;
    for (unsigned i = 1; i < n; i++)
        seg_add(t, block, xs[i - 1], ys[i - 1], xs[i], ys[i]);
}

static size_t seg_count(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    int n = GEOSGetNumCoordinates_r(h, g);
    return n > 0 ? (size_t)n : 0;
}

/* Shared-edge lengths per block pair, sorted by (a, b) and summed. */
static int shared_edges(zp_geo *geo, adj_pair **out, size_t *nout, unsigned char *open)
{
    GEOSContextHandle_t h = geo->gctx;
    size_t total = 0, cap = 16;
    for (size_t b = 0; b < geo->nblocks; b++)
        total += geo->blocks[b] ? seg_count(h, geo->blocks[b]) : 0;
    size_t maxv = 0;
    for (size_t b = 0; b < geo->nblocks; b++)
        if (geo->blocks[b] && seg_count(h, geo->blocks[b]) > maxv)
            maxv = seg_count(h, geo->blocks[b]);
    cap = total + total / 2 + 16;
    seg_table t = {calloc(cap, sizeof(seg_entry)), cap, 0, 0, NULL, 0, 0, 0};
    for (size_t b = 0; b < geo->block_pts.n; b++) {
        t.ox = b ? fmin(t.ox, geo->block_pts.x[b]) : geo->block_pts.x[b];
        t.oy = b ? fmin(t.oy, geo->block_pts.y[b]) : geo->block_pts.y[b];
    }
    t.ox -= 1e7; /* 10,000 km of margin below, as much above */
    t.oy -= 1e7;
    double *xs = malloc(sizeof *xs * (maxv + 1)), *ys = malloc(sizeof *ys * (maxv + 1));
    if (!t.e || !xs || !ys) {
        free(t.e);
        free(xs);
        free(ys);
        return zp_error_set(ZP_ENOMEM, "adjacency: out of memory");
    }
    for (size_t b = 0; b < geo->nblocks && !t.failed; b++) {
        const GEOSGeometry *g = geo->blocks[b];
        for (int p = 0; g && p < GEOSGetNumGeometries_r(h, g); p++) {
            const GEOSGeometry *poly = GEOSGetGeometryN_r(h, g, p);
            seg_ring(h, &t, (int32_t)b, GEOSGetExteriorRing_r(h, poly), xs, ys);
            for (int r = 0; r < GEOSGetNumInteriorRings_r(h, poly); r++)
                seg_ring(h, &t, (int32_t)b, GEOSGetInteriorRingN_r(h, poly, r), xs, ys);
        }
    }
    /* a block with a segment no other block has is open: the district's edge, a river
     * bank, or a gap where only GEOS can tell how near the next block is */
    for (size_t i = 0; i < t.cap; i++)
        if (t.e[i].block > 0)
            open[t.e[i].block - 1] = 1;
    for (size_t b = 0; b < geo->nblocks; b++)
        if (geo->blocks[b] && GEOSGetNumGeometries_r(h, geo->blocks[b]) > 0 &&
            seg_count(h, geo->blocks[b]) == 0)
            open[b] = 1;
    free(t.e);
    free(xs);
    free(ys);
    if (t.failed) {
        free(t.hits);
        return zp_error_set(ZP_ENOMEM, "adjacency: out of memory");
    }
    if (t.nhits) /* hits is NULL when no edge is shared */
        qsort(t.hits, t.nhits, sizeof *t.hits, cmp_pair);
    size_t m = 0;
    for (size_t i = 0; i < t.nhits; i++) {
        if (m && t.hits[m - 1].a == t.hits[i].a && t.hits[m - 1].b == t.hits[i].b)
            t.hits[m - 1].shared_m += t.hits[i].shared_m;
        else
            t.hits[m++] = t.hits[i];
    }
    *out = t.hits;
    *nout = m;
    return ZP_OK;
}

/* Pairs whose exact shared edges already reach min_shared need no GEOS. */
static void settle_exact(adj_pair *pairs, size_t n, const adj_pair *hits, size_t nhits,
                         double min_shared)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        while (j < nhits && cmp_pair(&hits[j], &pairs[i]) < 0)
            j++;
        if (j < nhits && cmp_pair(&hits[j], &pairs[i]) == 0 && hits[j].shared_m >= min_shared)
            pairs[i].shared_m = hits[j].shared_m;
    }
}

/* Exact pairs (from segments) and GEOS-decided pairs in one sorted list, each pair once. */
static int merge_pairs(adj_pair *hits, size_t nhits, const adj_pair *geos, size_t ngeos,
                       adj_pair **out, size_t *nout)
{
    adj_pair *all = malloc(sizeof *all * (nhits + ngeos + 1));
    if (!all)
        return zp_error_set(ZP_ENOMEM, "adjacency: out of memory");
    size_t i = 0, j = 0, n = 0;
    while (i < nhits || j < ngeos) {
        int c = i == nhits ? 1 : j == ngeos ? -1 : cmp_pair(&hits[i], &geos[j]);
        if (c == 0) /* GEOS measured the whole shared boundary, the segments only part */
            all[n++] = geos[j].shared_m >= hits[i].shared_m ? geos[j] : hits[i], i++, j++;
        else
            all[n++] = c < 0 ? hits[i++] : geos[j++];
    }
    *out = all;
    *nout = n;
    return ZP_OK;
}

int zp_geo_adjacency(zp_geo *geo, double tolerance_m, double min_shared_m, zp_adjacency *out)
{
    memset(out, 0, sizeof *out);
    size_t n = geo->nblocks, nhits = 0, nall = 0;
    int32_t *ids = malloc(sizeof *ids * (n + 1));
    GEOSGeometry **bound = calloc(n + 1, sizeof *bound);
    unsigned char *open = calloc(n + 1, 1), *need = calloc(n + 1, 1);
    adj_pair *hits = NULL, *all = NULL;
    adj_collect c = {0};
    int rc =
        ids && bound && open && need ? ZP_OK : zp_error_set(ZP_ENOMEM, "adjacency: out of memory");
    if (!rc)
        rc = shared_edges(geo, &hits, &nhits, open);
    if (!rc)
        rc = candidate_pairs(geo, tolerance_m, open, ids, &c);
    if (!rc) {
        if (c.n) /* STRtree order is not ours to keep */
            qsort(c.pairs, c.n, sizeof *c.pairs, cmp_pair);
        settle_exact(c.pairs, c.n, hits, nhits, min_shared_m);
        for (size_t i = 0; i < c.n; i++)
            if (c.pairs[i].shared_m < 0)
                need[c.pairs[i].a] = need[c.pairs[i].b] = 1;
    }
    adj_job job = {geo, c.pairs, c.n, bound, need, tolerance_m, min_shared_m, 0};
    if (!rc)
        rc = zp_geo_parallel(zp_geo_workers(c.n), adj_work, &job);
    job.stage = 1;
    if (!rc)
        rc = zp_geo_parallel(zp_geo_workers(c.n), adj_work, &job);
    if (!rc)
        rc = merge_pairs(hits, nhits, c.pairs, c.n, &all, &nall);
    if (!rc)
        rc = build_csr(n, all, nall, min_shared_m, out);
    for (size_t b = 0; bound && b < n; b++)
        if (bound[b])
            GEOSGeom_destroy_r(geo->gctx, bound[b]);
    free(bound);
    free(open);
    free(need);
    free(ids);
    free(hits);
    free(all);
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
