/* Catchment outlines: the union of each school's blocks, computed by worker threads,
 * then projected back to the blocks' CRS as shapefile rings.
 *
 * Unions of different catchments are independent, so they split across cores (each
 * worker has its own GEOS context); PROJ objects are not shared between threads, so
 * the projection back runs afterwards on the calling thread, on outlines far smaller
 * than the blocks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"
#include "zoneplan/errors.h"

/* Coverage union is fast and exact for blocks that tile, but GEOS does not promise to
 * refuse overlapping input, and for blocks that overlap without sharing edges it returns
 * an invalid result of the right area: so the result must have the parts' area and be
 * valid, else the general union (which the validity test costs less than). */
static GEOSGeometry *union_of(GEOSContextHandle_t h, GEOSGeometry *coll)
{
    GEOSGeometry *u = GEOSCoverageUnion_r(h, coll);
    double ua = 0, sum = 0;
    int n = GEOSGetNumGeometries_r(h, coll);
    for (int i = 0; u && i < n; i++) {
        double a = 0;
        GEOSArea_r(h, GEOSGetGeometryN_r(h, coll, i), &a);
        sum += a;
    }
    if (u)
        GEOSArea_r(h, u, &ua);
    if (!u || fabs(ua - sum) > 1e-9 * fmax(sum, 1.0) || GEOSisValid_r(h, u) != 1) {
        if (u)
            GEOSGeom_destroy_r(h, u);
        u = GEOSUnaryUnion_r(h, coll);
    }
    return u;
}

static GEOSGeometry *union_metric(GEOSContextHandle_t h, zp_geo *geo, const int32_t *blocks,
                                  size_t n)
{
    GEOSGeometry **parts = malloc(sizeof *parts * (n ? n : 1));
    size_t np = 0;
    for (size_t i = 0; parts && i < n; i++)
        if (geo->blocks[blocks[i]])
            parts[np++] = GEOSGeom_clone_r(h, geo->blocks[blocks[i]]);
    GEOSGeometry *coll =
        np ? GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, (unsigned)np) : NULL;
    free(parts);
    GEOSGeometry *u = coll ? union_of(h, coll) : NULL;
    if (coll)
        GEOSGeom_destroy_r(h, coll);
    return u;
}

typedef struct union_job {
    zp_geo *geo;
    const zp_geo_union_task *tasks;
    size_t ntasks;
    GEOSGeometry **out;
} union_job;

static void union_worker(GEOSContextHandle_t h, size_t first, size_t step, void *ud)
{
    union_job *job = ud;
    for (size_t t = first; t < job->ntasks; t += step)
        job->out[t] = union_metric(h, job->geo, job->tasks[t].blocks, job->tasks[t].n);
}

static int run_unions(zp_geo *geo, const zp_geo_union_task *tasks, size_t ntasks,
                      GEOSGeometry **out)
{
    size_t nblocks = 0;
    for (size_t t = 0; t < ntasks; t++)
        nblocks += tasks[t].n;
    union_job job = {geo, tasks, ntasks, out};
    return zp_geo_parallel(zp_geo_workers(nblocks), union_worker, &job);
}

static int32_t root(int32_t *up, int32_t x)
{
    while (up[x] != x)
        x = up[x] = up[up[x]];
    return x;
}

/* Groups of the union's polygons, two joined when they lie within join_m of each other
 * (envelopes first: pairs far apart cost one comparison). -1 when out of memory. */
int zp_geo_groups_apart(GEOSContextHandle_t h, const GEOSGeometry *u, int n, double join_m)
{
    if (n <= 1)
        return n;
    int32_t *up = malloc(sizeof *up * (size_t)n);
    double *box = malloc(sizeof *box * 4 * (size_t)n);
    int groups = up && box ? n : -1;
    for (int i = 0; groups > 0 && i < n; i++) {
        up[i] = i;
        if (!GEOSGeom_getExtent_r(h, GEOSGetGeometryN_r(h, u, i), &box[4 * i], &box[4 * i + 1],
                                  &box[4 * i + 2], &box[4 * i + 3]))
            box[4 * i] = box[4 * i + 1] = INFINITY, box[4 * i + 2] = box[4 * i + 3] = -INFINITY;
    }
    for (int i = 0; groups > 1 && i < n; i++)
        for (int j = i + 1; j < n; j++) {
            const double *a = &box[4 * i], *b = &box[4 * j];
            double d;
            if (a[0] > b[2] + join_m || b[0] > a[2] + join_m || a[1] > b[3] + join_m ||
                b[1] > a[3] + join_m || root(up, i) == root(up, j))
                continue;
            if (GEOSDistance_r(h, GEOSGetGeometryN_r(h, u, i), GEOSGetGeometryN_r(h, u, j), &d) &&
                d <= join_m) {
                up[root(up, i)] = root(up, j);
                groups--;
            }
        }
    free(up);
    free(box);
    return groups;
}

int zp_geo_block_parts(const zp_geo *geo, size_t b)
{
    const GEOSGeometry *g = b < geo->nblocks ? geo->blocks[b] : NULL;
    if (!g)
        return 1; /* a point block's cell is one polygon */
    return zp_geo_groups_apart(geo->gctx, g, GEOSGetNumGeometries_r(geo->gctx, g), geo->join_m);
}

static void union_stats(GEOSContextHandle_t h, const GEOSGeometry *u, double join_m,
                        zp_geo_union_stats *st)
{
    memset(st, 0, sizeof *st);
    if (!u)
        return;
    GEOSArea_r(h, u, &st->area_m2);
    GEOSLength_r(h, u, &st->perimeter_m);
    st->parts = GEOSGetNumGeometries_r(h, u);
    st->apart = zp_geo_groups_apart(h, u, st->parts, join_m);
}

/* The outline back in the blocks' CRS must still be valid: the projection moves every vertex
 * a little, and where an estate's edge meets a block's at a near-straight angle that can
 * make a ring cross itself or collapse. Repaired, polygonal parts only (a line left by a
 * collapsed sliver is no area to draw). */
static GEOSGeometry *valid_in_source(GEOSContextHandle_t h, GEOSGeometry *g)
{
    if (GEOSisValid_r(h, g) == 1)
        return g;
    GEOSGeometry *fixed = GEOSMakeValid_r(h, g);
    GEOSGeom_destroy_r(h, g);
    return fixed ? zp_geo_polygonal_part(h, fixed) : NULL;
}

int zp_geo_union_many(zp_geo *geo, const zp_geo_union_task *tasks, size_t ntasks, zp_shape *out,
                      zp_geo_union_stats *stats)
{
    memset(out, 0, sizeof *out * ntasks); /* first: out may hold a previous call's shapes */
    GEOSGeometry **u = calloc(ntasks + 1, sizeof *u);
    if (!u)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    int rc = run_unions(geo, tasks, ntasks, u);
    for (size_t t = 0; t < ntasks; t++) {
        if (stats)
            union_stats(geo->gctx, u[t], geo->join_m, &stats[t]);
        if (stats && stats[t].apart < 0 && !rc)
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
        out[t].shp_type = 5; /* SHPT_POLYGON; no rings: a null shape */
        if (rc || !tasks[t].n)
            continue;
        int any = 0;
        for (size_t i = 0; i < tasks[t].n && !any; i++)
            any = geo->blocks[tasks[t].blocks[i]] != NULL;
        if (!u[t] && any) {
            rc = zp_error_set(ZP_ERROR, "catchment union failed in GEOS");
            continue;
        }
        if (!u[t])
            continue;
        GEOSGeometry *src =
            GEOSGeom_transformXY_r(geo->gctx, u[t], zp_geo_to_source, geo->blocks_to_plane);
        if (src)
            src = valid_in_source(geo->gctx, src);
        rc = src ? zp_geo_geometry_to_shape(geo->gctx, src, &out[t])
                 : zp_error_set(ZP_ERROR, "catchment projection failed: %s",
                                zp_geo_last_geos_error());
        if (src)
            GEOSGeom_destroy_r(geo->gctx, src);
    }
    for (size_t t = 0; t < ntasks; t++)
        if (u[t])
            GEOSGeom_destroy_r(geo->gctx, u[t]);
    free(u);
    return rc;
}
