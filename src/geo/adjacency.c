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
 * to the same metric point, so a segment seen in two blocks is a shared edge. All segments
 * are listed, spread by hash over partitions small enough for the cache, and matched within
 * each partition: linear in the vertices and without the random memory traffic of one big
 * table. GEOS is then only asked about blocks this leaves open (an edge no other block
 * has: near misses within the tolerance, corners, slivers, T-junctions). */

typedef struct seg {
    int32_t k[4];  /* endpoints in cm from the origin, lower endpoint first */
    int32_t block; /* negative (-block - 1) once matched */
} seg;

typedef struct seg_list {
    seg *s;
    size_t n, cap;
    double ox, oy; /* origin: keeps centimetres inside 32 bits for any real district */
    int failed;
} seg_list;

static uint64_t mix(uint64_t x) /* splitmix64's finaliser: every bit reaches the low bits */
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint64_t seg_hash(const int32_t *k)
{
    uint64_t h = mix(((uint64_t)(uint32_t)k[0] << 32) | (uint32_t)k[1]);
    return mix(h ^ (((uint64_t)(uint32_t)k[2] << 32) | (uint32_t)k[3]));
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

/* List one segment; 0 when it cannot be (then its block is open). */
static int seg_add(seg_list *t, int32_t block, double x0, double y0, double x1, double y1)
{
    int32_t a[2], b[2];
    if (!seg_cm(x0, t->ox, &a[0]) || !seg_cm(y0, t->oy, &a[1]) || !seg_cm(x1, t->ox, &b[0]) ||
        !seg_cm(y1, t->oy, &b[1]))
        return 0;
    if (a[0] == b[0] && a[1] == b[1])
        return 1; /* a repeated vertex: no segment */
    int swap = a[0] > b[0] || (a[0] == b[0] && a[1] > b[1]);
    if (zp_grow((void **)&t->s, &t->cap, t->n + 1, sizeof *t->s)) {
        t->failed = 1;
        return 1;
    }
    t->s[t->n++] = (seg){
        {swap ? b[0] : a[0], swap ? b[1] : a[1], swap ? a[0] : b[0], swap ? a[1] : b[1]}, block};
    return 1;
}

static int seg_ring(GEOSContextHandle_t h, seg_list *t, int32_t block, const GEOSGeometry *ring,
                    double *xs, double *ys)
{
    const GEOSCoordSequence *cs = ring ? GEOSGeom_getCoordSeq_r(h, ring) : NULL;
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n) ||
        !GEOSCoordSeq_copyToArrays_r(h, cs, xs, ys, NULL, NULL))
        return 0;
    int ok = 1;
    for (unsigned i = 1; i < n; i++)
        ok &= seg_add(t, block, xs[i - 1], ys[i - 1], xs[i], ys[i]);
    return ok;
}

static size_t seg_count(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    int n = GEOSGetNumCoordinates_r(h, g);
    return n > 0 ? (size_t)n : 0;
}

typedef struct list_job {
    zp_geo *geo;
    seg_list *t; /* shared: origin and the array each worker fills a slice of */
    const size_t *off;
    size_t *count; /* per worker: segments listed */
    size_t maxv;
    unsigned char *open;
} list_job;

/* Worker k lists the blocks of the k-th of step contiguous ranges into its own slice,
 * so the concatenation is in block order whatever the number of threads. */
static void list_work(GEOSContextHandle_t h, size_t k, size_t step, void *ud)
{
    list_job *job = ud;
    size_t nb = job->geo->nblocks, lo = nb * k / step, hi = nb * (k + 1) / step;
    seg_list w = {
        job->t->s + job->off[lo], 0, job->off[hi] - job->off[lo] + 1, job->t->ox, job->t->oy, 0};
    double *xs = malloc(sizeof *xs * (job->maxv + 1)), *ys = malloc(sizeof *ys * (job->maxv + 1));
    w.failed = !xs || !ys;
    for (size_t b = lo; b < hi && !w.failed; b++) {
        const GEOSGeometry *g = job->geo->blocks[b];
        int ok = 1;
        for (int p = 0; g && p < GEOSGetNumGeometries_r(h, g); p++) {
            const GEOSGeometry *poly = GEOSGetGeometryN_r(h, g, p);
            ok &= seg_ring(h, &w, (int32_t)b, GEOSGetExteriorRing_r(h, poly), xs, ys);
            for (int r = 0; r < GEOSGetNumInteriorRings_r(h, poly); r++)
                ok &= seg_ring(h, &w, (int32_t)b, GEOSGetInteriorRingN_r(h, poly, r), xs, ys);
        }
        if (g && !ok)
            job->open[b] = 1;
    }
    job->count[k] = w.failed ? SIZE_MAX : w.n;
    free(xs);
    free(ys);
}

/* Every segment of every block, in block order; a block GEOS cannot walk is open. */
static int list_segments(zp_geo *geo, seg_list *t, unsigned char *open)
{
    GEOSContextHandle_t h = geo->gctx;
    size_t n = geo->nblocks, maxv = 0, *off = malloc(sizeof *off * (n + 1));
    if (!off)
        return zp_error_set(ZP_ENOMEM, "adjacency: out of memory");
    off[0] = 0;
    for (size_t b = 0; b < n; b++) { /* a ring of v coordinates has v - 1 segments */
        size_t v = geo->blocks[b] ? seg_count(h, geo->blocks[b]) : 0;
        maxv = v > maxv ? v : maxv;
        off[b + 1] = off[b] + v;
    }
    for (size_t b = 0; b < geo->block_pts.n; b++) {
        t->ox = b ? fmin(t->ox, geo->block_pts.x[b]) : geo->block_pts.x[b];
        t->oy = b ? fmin(t->oy, geo->block_pts.y[b]) : geo->block_pts.y[b];
    }
    t->ox -= 1e7; /* 10,000 km of margin below, as much above */
    t->oy -= 1e7;
    size_t nw = zp_geo_workers(n), count[8] = {0};
    list_job job = {geo, t, off, count, maxv, open};
    int rc = zp_grow((void **)&t->s, &t->cap, off[n] + 1, sizeof *t->s)
                 ? zp_error_set(ZP_ENOMEM, "adjacency: out of memory")
                 : zp_geo_parallel(nw, list_work, &job);
    t->n = 0;
    for (size_t k = 0; !rc && k < nw; k++) { /* close the gaps between the slices */
        if (count[k] == SIZE_MAX)
            rc = zp_error_set(ZP_ENOMEM, "adjacency: out of memory");
        else
            memmove(t->s + t->n, t->s + off[n * k / nw], sizeof *t->s * count[k]);
        t->n += rc ? 0 : count[k];
    }
    free(off);
    return rc;
}

#define SEG_PART 8192 /* segments per partition, about: a table that stays in the cache */

static int seg_same(const seg *x, const seg *y)
{
    return x->k[0] == y->k[0] && x->k[1] == y->k[1] && x->k[2] == y->k[2] && x->k[3] == y->k[3];
}

/* Match the segments of one partition; a shared one adds (a, b, length) to hits. */
static int match_part(seg *s, size_t n, int32_t *table, size_t cap, adj_pair **hits, size_t *nhits,
                      size_t *caphits)
{
    for (size_t i = 0; i < cap; i++)
        table[i] = -1;
    for (size_t i = 0; i < n; i++) {
        size_t j = (size_t)(seg_hash(s[i].k) >> 20) & (cap - 1);
        for (; table[j] >= 0; j = (j + 1) & (cap - 1)) {
            seg *o = &s[table[j]];
            if (!seg_same(o, &s[i]))
                continue;
            int32_t ob = o->block < 0 ? -o->block - 1 : o->block, b = s[i].block;
            if (ob != b) {
                if (zp_grow((void **)hits, caphits, *nhits + 1, sizeof **hits))
                    return -1;
                /* length from the centimetre grid: within a centimetre of the true one */
                double len = hypot((double)s[i].k[2] - s[i].k[0], (double)s[i].k[3] - s[i].k[1]);
                (*hits)[(*nhits)++] = (adj_pair){ob < b ? ob : b, ob < b ? b : ob, len / 100.0};
                o->block = -ob - 1;
                s[i].block = -b - 1;
            }
            break;
        }
        if (table[j] < 0)
            table[j] = (int32_t)i;
    }
    return 0;
}

/* Sort pairs by (a, b): counting sort by a (linear: a comparison sort of millions of
 * segment hits took most of the adjacency time), then insertion sort of each a's few b. */
static int sort_pairs(adj_pair **pairs, size_t n, size_t nblocks)
{
    size_t *start = calloc(nblocks + 2, sizeof *start);
    adj_pair *out = malloc(sizeof *out * (n + 1)), *in = *pairs;
    if (!start || !out) {
        free(start);
        free(out);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        start[in[i].a + 2]++;
    for (size_t b = 0; b < nblocks; b++)
        start[b + 2] += start[b + 1];
    for (size_t i = 0; i < n; i++)
        out[start[in[i].a + 1]++] = in[i];
    for (size_t b = 0; b < nblocks; b++)
        for (size_t i = start[b] + 1; i < start[b + 1]; i++) {
            adj_pair x = out[i];
            size_t j = i;
            for (; j > start[b] && out[j - 1].b > x.b; j--)
                out[j] = out[j - 1];
            out[j] = x;
        }
    free(start);
    free(in);
    *pairs = out;
    return 0;
}

/* Shared-edge lengths per block pair, sorted by (a, b) and summed; open[] marks blocks with
 * an edge no other block has. */
static int shared_edges(zp_geo *geo, adj_pair **out, size_t *nout, unsigned char *open)
{
    seg_list t = {0};
    int rc = list_segments(geo, &t, open);
    size_t nparts = 1;
    while (nparts * SEG_PART < t.n)
        nparts *= 2;
    int bits = 0;
    while (((size_t)1 << bits) < nparts)
        bits++;
    size_t *pstart = rc ? NULL : calloc(nparts + 2, sizeof *pstart);
    seg *sorted = rc ? NULL : malloc(sizeof *sorted * (t.n + 1));
    if (!rc && (!pstart || !sorted))
        rc = zp_error_set(ZP_ENOMEM, "adjacency: out of memory");
    /* counting sort by partition (the hash's top bits) */
    for (size_t i = 0; !rc && i < t.n; i++)
        pstart[(bits ? seg_hash(t.s[i].k) >> (64 - bits) : 0) + 2]++;
    for (size_t p = 0; !rc && p < nparts; p++)
        pstart[p + 2] += pstart[p + 1];
    for (size_t i = 0; !rc && i < t.n; i++)
        sorted[pstart[(bits ? seg_hash(t.s[i].k) >> (64 - bits) : 0) + 1]++] = t.s[i];
    free(t.s);
    size_t maxp = 0;
    for (size_t p = 0; !rc && p < nparts; p++)
        maxp = pstart[p + 1] - pstart[p] > maxp ? pstart[p + 1] - pstart[p] : maxp;
    size_t cap = 16;
    while (cap < 2 * maxp)
        cap *= 2;
    int32_t *table = rc ? NULL : malloc(sizeof *table * cap);
    adj_pair *hits = NULL;
    size_t nhits = 0, caphits = 0;
    if (!rc && !table)
        rc = zp_error_set(ZP_ENOMEM, "adjacency: out of memory");
    for (size_t p = 0; !rc && p < nparts; p++)
        if (match_part(sorted + pstart[p], pstart[p + 1] - pstart[p], table, cap, &hits, &nhits,
                       &caphits))
            rc = zp_error_set(ZP_ENOMEM, "adjacency: out of memory");
    for (size_t i = 0; !rc && i < t.n; i++)
        if (sorted[i].block >= 0) /* nobody else has this edge */
            open[sorted[i].block] = 1;
    free(table);
    free(sorted);
    free(pstart);
    if (rc) {
        free(hits);
        return rc;
    }
    if (nhits && sort_pairs(&hits, nhits, geo->nblocks)) {
        free(hits);
        return zp_error_set(ZP_ENOMEM, "adjacency: out of memory");
    }
    size_t m = 0;
    for (size_t i = 0; i < nhits; i++) {
        if (m && hits[m - 1].a == hits[i].a && hits[m - 1].b == hits[i].b)
            hits[m - 1].shared_m += hits[i].shared_m;
        else
            hits[m++] = hits[i];
    }
    *out = hits;
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
