/* Catchment outlines: the union of each school's blocks, computed by worker threads,
 * then projected back to the blocks' CRS as shapefile rings.
 *
 * Unions of different catchments are independent, so they split across cores (each
 * worker has its own GEOS context); PROJ objects are not shared between threads, so
 * the projection back runs afterwards on the calling thread, on outlines far smaller
 * than the blocks. */
#include <math.h>
#include <pthread.h>
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
    size_t ntasks, first, step;
    GEOSGeometry **out;
} union_job;

static void *union_worker(void *arg)
{
    union_job *job = arg;
    GEOSContextHandle_t h = GEOS_init_r();
    for (size_t t = job->first; h && t < job->ntasks; t += job->step)
        job->out[t] = union_metric(h, job->geo, job->tasks[t].blocks, job->tasks[t].n);
    if (h)
        GEOS_finish_r(h);
    return NULL;
}

static int run_unions(zp_geo *geo, const zp_geo_union_task *tasks, size_t ntasks,
                      GEOSGeometry **out)
{
    size_t nblocks = 0;
    for (size_t t = 0; t < ntasks; t++)
        nblocks += tasks[t].n;
    size_t nt = zp_geo_workers(nblocks);
    pthread_t tid[8];
    union_job jobs[8];
    size_t started = 0;
    int rc = ZP_OK;
    for (size_t k = 0; k < nt; k++) {
        jobs[k] = (union_job){geo, tasks, ntasks, k, nt, out};
        if (k > 0 && pthread_create(&tid[k], NULL, union_worker, &jobs[k]) != 0) {
            rc = zp_error_set(ZP_ERROR, "cannot start a worker thread");
            break;
        }
        started += k > 0;
    }
    if (!rc)
        union_worker(&jobs[0]);
    for (size_t k = 1; k <= started; k++)
        pthread_join(tid[k], NULL);
    return rc;
}

int zp_geo_union_many(zp_geo *geo, const zp_geo_union_task *tasks, size_t ntasks, zp_shape *out)
{
    GEOSGeometry **u = calloc(ntasks + 1, sizeof *u);
    if (!u)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    memset(out, 0, sizeof *out * ntasks);
    int rc = run_unions(geo, tasks, ntasks, u);
    for (size_t t = 0; t < ntasks; t++) {
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
