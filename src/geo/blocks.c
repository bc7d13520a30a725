/* Block geometry for the whole layer: one PROJ call for every vertex, then valid GEOS
 * polygons and representative points built by worker threads.
 *
 * A million blocks is ten million vertices: projecting them in one proj_trans_generic
 * call avoids PROJ's per-call overhead, and building, validating and measuring
 * polygons (the costliest step of a run) splits cleanly across cores because GEOS
 * geometries do not depend on the context that made them. Workers report only a
 * status per block; warnings and errors are written afterwards in block order, so the
 * output does not depend on the threads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "geo_internal.h"
#include "zoneplan/errors.h"

enum { ST_OK, ST_REPAIRED, ST_NO_AREA, ST_GEOS, ST_NOMEM };

typedef struct build_job {
    zp_geo *geo;
    const zp_dataset *ds;
    const double *x, *y;  /* all vertices, metric */
    const size_t *vstart; /* first vertex of each block */
    unsigned char *status;
} build_job;

static void build_one(build_job *job, GEOSContextHandle_t h, size_t i)
{
    const zp_block *b = &job->ds->blocks[i];
    const double *x = job->x + job->vstart[i], *y = job->y + job->vstart[i];
    zp_geo *geo = job->geo;
    if (zp_geo_is_point_type(b->shape.shp_type)) {
        geo->block_pts.x[i] = x[0];
        geo->block_pts.y[i] = y[0];
        return;
    }
    int repaired = 0;
    int got = zp_geo_polygon(h, &b->shape, x, y, &repaired, &geo->blocks[i]);
    if (got) {
        job->status[i] = got < 0 ? ST_NOMEM : ST_NO_AREA;
        return;
    }
    job->status[i] = repaired ? ST_REPAIRED : ST_OK;
    if (zp_geo_rep_point(h, geo->blocks[i], &geo->block_pts.x[i], &geo->block_pts.y[i]))
        job->status[i] = ST_GEOS;
}

static void build_worker(GEOSContextHandle_t h, size_t first, size_t step, void *ud)
{
    build_job *job = ud;
    for (size_t i = first; i < job->ds->nblocks; i += step)
        build_one(job, h, i);
}

/* Copy every block's vertices into two arrays and project them in one call. */
static int project_all(zp_geo *geo, const zp_dataset *ds, double **x, double **y, size_t **vstart)
{
    size_t n = 0;
    *vstart = malloc(sizeof **vstart * (ds->nblocks + 1));
    for (size_t i = 0; *vstart && i < ds->nblocks; i++) {
        (*vstart)[i] = n;
        n += (size_t)ds->blocks[i].shape.nverts;
    }
    *x = malloc(sizeof **x * (n + 1));
    *y = malloc(sizeof **y * (n + 1));
    if (!*vstart || !*x || !*y)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    (*vstart)[ds->nblocks] = n;
    for (size_t i = 0; i < ds->nblocks; i++) {
        const zp_shape *s = &ds->blocks[i].shape;
        memcpy(*x + (*vstart)[i], s->x, sizeof **x * (size_t)s->nverts);
        memcpy(*y + (*vstart)[i], s->y, sizeof **y * (size_t)s->nverts);
    }
    if (zp_geo_project(geo, geo->blocks_to_plane, *x, *y, n, ds->blocks_path) == ZP_OK)
        return ZP_OK;
    char where[1024];
    for (size_t i = 0; i < ds->nblocks; i++) /* name the first block that failed */
        for (size_t v = (*vstart)[i]; v < (*vstart)[i + 1]; v++)
            if (!zp_geo_finite_metres((*x)[v], (*y)[v]))
                return zp_error_set(ZP_EINPUT,
                                    "%s: coordinate (%.6f, %.6f) cannot be projected to metres "
                                    "(outside the CRS's area?)",
                                    zp_block_where(ds, &ds->blocks[i], where, sizeof where),
                                    ds->blocks[i].shape.x[v - (*vstart)[i]],
                                    ds->blocks[i].shape.y[v - (*vstart)[i]]);
    return zp_error_code();
}

size_t zp_geo_workers(size_t nblocks)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = cores < 1 ? 1 : cores > 8 ? 8 : (size_t)cores;
    return nblocks < 2000 ? 1 : n; /* threads are not worth it for a small district */
}

typedef struct par_job {
    zp_geo_work_fn fn;
    void *ud;
    size_t first, step;
    int ok;
} par_job;

static void *par_worker(void *arg)
{
    par_job *job = arg;
    GEOSContextHandle_t h = GEOS_init_r();
    job->ok = h != NULL;
    if (h) {
        job->fn(h, job->first, job->step, job->ud);
        GEOS_finish_r(h);
    }
    return NULL;
}

int zp_geo_parallel(size_t nthreads, zp_geo_work_fn fn, void *ud)
{
    pthread_t tid[8];
    par_job jobs[8];
    size_t started = 1;
    nthreads = nthreads < 1 ? 1 : nthreads > 8 ? 8 : nthreads;
    for (size_t t = 0; t < nthreads; t++)
        jobs[t] = (par_job){fn, ud, t, nthreads, 0};
    /* a thread that cannot start leaves its share to the caller: same result, slower */
    while (started < nthreads &&
           pthread_create(&tid[started], NULL, par_worker, &jobs[started]) == 0)
        started++;
    par_worker(&jobs[0]);
    int ok = jobs[0].ok;
    for (size_t t = started; t < nthreads && ok; t++) {
        par_worker(&jobs[t]);
        ok = jobs[t].ok;
    }
    for (size_t t = 1; t < started; t++) {
        pthread_join(tid[t], NULL);
        ok = ok && jobs[t].ok;
    }
    return ok ? ZP_OK : zp_error_set(ZP_ERROR, "cannot create a GEOS context");
}

static int report(const zp_geo *geo, const zp_dataset *ds, const unsigned char *status)
{
    char where[1024];
    for (size_t i = 0; i < ds->nblocks; i++) {
        if (status[i] == ST_NOMEM)
            return zp_error_set(ZP_ENOMEM, "out of memory");
        if (status[i] != ST_NO_AREA && status[i] != ST_GEOS && status[i] != ST_REPAIRED)
            continue;
        zp_block_where(ds, &ds->blocks[i], where, sizeof where);
        if (status[i] == ST_NO_AREA)
            return zp_error_set(ZP_EINPUT,
                                "%s: the polygon has no area (fewer than three distinct corners)",
                                where);
        if (status[i] == ST_GEOS)
            return zp_error_set(ZP_ERROR, "%s: GEOS failed on the polygon", where);
        int parts = zp_geo_block_parts(geo, i);
        if (parts > 1) /* its catchment's outline will be in as many parts */
            zp_warn("%s: invalid polygon repaired with GEOSMakeValid, now in %d parts apart", where,
                    parts);
        else
            zp_warn("%s: invalid polygon repaired with GEOSMakeValid", where);
    }
    return ZP_OK;
}

int zp_geo_build_blocks(zp_geo *geo, const zp_dataset *ds)
{
    geo->nblocks = ds->nblocks;
    geo->blocks = calloc(ds->nblocks + 1, sizeof *geo->blocks);
    geo->block_pts.n = ds->nblocks;
    geo->block_pts.x = calloc(ds->nblocks + 1, sizeof(double));
    geo->block_pts.y = calloc(ds->nblocks + 1, sizeof(double));
    unsigned char *status = calloc(ds->nblocks + 1, 1);
    double *x = NULL, *y = NULL;
    size_t *vstart = NULL;
    int rc = (!geo->blocks || !geo->block_pts.x || !geo->block_pts.y || !status)
                 ? zp_error_set(ZP_ENOMEM, "out of memory")
                 : project_all(geo, ds, &x, &y, &vstart);
    if (!rc) {
        build_job job = {geo, ds, x, y, vstart, status};
        rc = zp_geo_parallel(zp_geo_workers(ds->nblocks), build_worker, &job);
    }
    free(x);
    free(y);
    free(vstart);
    if (!rc)
        rc = report(geo, ds, status);
    free(status);
    return rc;
}
