/* The geometry of one run: contexts, preparation of both layers, and catchment
 * unions turned back into shapefile rings in the blocks' own CRS.
 *
 * Unions run in the metric plane where the blocks' valid polygons already are;
 * only the (much smaller) union result is projected back, through PROJ's inverse. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"
#include "zoneplan/errors.h"

static _Thread_local char geos_msg[512];

static void geos_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(geos_msg, sizeof geos_msg, fmt, ap);
    va_end(ap);
}

static void geos_notice(const char *fmt, ...)
{
    (void)fmt;
}

const char *zp_geo_last_geos_error(void)
{
    return geos_msg[0] ? geos_msg : "unknown GEOS error";
}

int zp_geo_prepare(const zp_scenario *sc, const zp_dataset *ds, zp_geo **out)
{
    zp_geo *geo = calloc(1, sizeof *geo);
    if (!geo)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    geo->gctx = GEOS_init_r();
    geo->pctx = proj_context_create();
    if (!geo->gctx || !geo->pctx) {
        zp_geo_free(geo);
        return zp_error_set(ZP_ERROR, "cannot start GEOS or PROJ");
    }
    GEOSContext_setErrorHandler_r(geo->gctx, geos_error);
    GEOSContext_setNoticeHandler_r(geo->gctx, geos_notice);
    proj_log_level(geo->pctx, PJ_LOG_NONE);
    geo->join_m = sc->policy.adjacency_tolerance_m;
    int rc = zp_geo_make_transforms(geo, sc, ds);
    if (!rc)
        rc = zp_geo_build_blocks(geo, ds);
    if (!rc)
        rc = zp_geo_carve_estates(geo, ds);
    if (!rc)
        rc = zp_geo_build_schools(geo, ds);
    for (size_t b = 0; !rc && b < geo->nblocks; b++)
        if (!geo->blocks[b]) { /* some blocks are points: give them areas */
            rc = zp_geo_point_cells(geo);
            break;
        }
    if (rc) {
        zp_geo_free(geo);
        return rc;
    }
    *out = geo;
    return ZP_OK;
}

void zp_geo_free(zp_geo *geo)
{
    if (!geo)
        return;
    for (size_t i = 0; geo->blocks && i < geo->nblocks; i++)
        if (geo->blocks[i])
            GEOSGeom_destroy_r(geo->gctx, geo->blocks[i]);
    free(geo->blocks);
    for (size_t i = 0; geo->point_geoms && i < geo->nblocks; i++)
        if (geo->point_geoms[i])
            GEOSGeom_destroy_r(geo->gctx, geo->point_geoms[i]);
    free(geo->point_geoms);
    free(geo->reshaped);
    free(geo->block_pts.x);
    free(geo->block_pts.y);
    free(geo->school_pts.x);
    free(geo->school_pts.y);
    free(geo->source_prj);
    proj_destroy(geo->blocks_to_plane);
    proj_destroy(geo->schools_to_plane);
    proj_destroy(geo->plane_to_lonlat);
    if (geo->pctx)
        proj_context_destroy(geo->pctx);
    if (geo->gctx)
        GEOS_finish_r(geo->gctx);
    free(geo);
}

const zp_geo_points *zp_geo_block_points(const zp_geo *geo)
{
    return &geo->block_pts;
}
const zp_geo_points *zp_geo_school_points(const zp_geo *geo)
{
    return &geo->school_pts;
}
const char *zp_geo_source_prj(const zp_geo *geo)
{
    return geo->source_prj;
}

int zp_geo_plane_to_source(const zp_geo *geo, double *x, double *y)
{
    return zp_geo_to_source(x, y, geo->blocks_to_plane)
               ? ZP_OK
               : zp_error_set(ZP_ERROR, "point (%.1f, %.1f) has no place in the blocks' CRS", *x,
                              *y);
}

int zp_geo_plane_to_lonlat(zp_geo *geo, double *x, double *y)
{
    if (!geo->plane_to_lonlat) { /* the plane's own CRS, from the blocks' transformation */
        PJ *plane = proj_get_target_crs(geo->pctx, geo->blocks_to_plane);
        PJ *ll = proj_create(geo->pctx, "EPSG:4490");
        PJ *op =
            plane && ll ? proj_create_crs_to_crs_from_pj(geo->pctx, plane, ll, NULL, NULL) : NULL;
        geo->plane_to_lonlat = op ? proj_normalize_for_visualization(geo->pctx, op) : NULL;
        proj_destroy(plane);
        proj_destroy(ll);
        proj_destroy(op);
    }
    PJ_COORD c = geo->plane_to_lonlat
                     ? proj_trans(geo->plane_to_lonlat, PJ_FWD, proj_coord(*x, *y, 0, 0))
                     : proj_coord(HUGE_VAL, HUGE_VAL, 0, 0);
    if (!isfinite(c.xy.x) || !isfinite(c.xy.y) || fabs(c.xy.x) > 180)
        return zp_error_set(ZP_ERROR, "point (%.1f, %.1f): no longitude/latitude", *x, *y);
    *x = c.xy.x;
    *y = c.xy.y;
    return ZP_OK;
}

int zp_geo_source_to_lonlat(zp_geo *geo, double *x, double *y, size_t n)
{
    int rc = zp_geo_project(geo, geo->blocks_to_plane, x, y, n, "blocks");
    for (size_t i = 0; !rc && i < n; i++)
        rc = zp_geo_plane_to_lonlat(geo, &x[i], &y[i]);
    return rc;
}

int zp_geo_school_source_point(const zp_geo *geo, size_t i, double *x, double *y)
{
    *x = geo->school_pts.x[i];
    *y = geo->school_pts.y[i];
    if (!zp_geo_to_source(x, y, geo->blocks_to_plane))
        return zp_error_set(ZP_ERROR, "school %zu: its point has no place in the blocks' CRS",
                            i + 1);
    return ZP_OK;
}

int zp_geo_to_source(double *x, double *y, void *userdata)
{
    PJ_COORD c = proj_trans((PJ *)userdata, PJ_INV, proj_coord(*x, *y, 0, 0));
    if (!isfinite(c.xy.x) || !isfinite(c.xy.y) || c.xy.x == HUGE_VAL)
        return 0; /* GEOS then fails the transform: no HUGE_VAL written to a shapefile */
    *x = c.xy.x;
    *y = c.xy.y;
    return 1;
}

/* Append one ring's coordinates to a growing zp_shape. */
static int append_ring(GEOSContextHandle_t h, const GEOSGeometry *ring, zp_shape *s)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(h, cs, &n);
    int *ps = realloc(s->part_start, sizeof(int) * (size_t)(s->nparts + 1));
    double *x = realloc(s->x, sizeof(double) * (size_t)(s->nverts + (int)n + 1));
    double *y = realloc(s->y, sizeof(double) * (size_t)(s->nverts + (int)n + 1));
    if (ps)
        s->part_start = ps;
    if (x)
        s->x = x;
    if (y)
        s->y = y;
    if (!ps || !x || !y)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    s->part_start[s->nparts++] = s->nverts;
    GEOSCoordSeq_copyToArrays_r(h, cs, s->x + s->nverts, s->y + s->nverts, NULL, NULL);
    s->nverts += (int)n;
    return ZP_OK;
}

static int polygon_rings(GEOSContextHandle_t h, const GEOSGeometry *poly, zp_shape *s)
{
    int rc = append_ring(h, GEOSGetExteriorRing_r(h, poly), s);
    int nh = GEOSGetNumInteriorRings_r(h, poly);
    for (int i = 0; !rc && i < nh; i++)
        rc = append_ring(h, GEOSGetInteriorRingN_r(h, poly, i), s);
    return rc;
}

int zp_geo_geometry_to_shape(GEOSContextHandle_t h, const GEOSGeometry *g, zp_shape *s)
{
    memset(s, 0, sizeof *s);
    s->shp_type = 5; /* SHPT_POLYGON */
    int n = GEOSGetNumGeometries_r(h, g);
    int rc = ZP_OK;
    for (int i = 0; !rc && i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, g, i);
        if (GEOSGeomTypeId_r(h, p) == GEOS_POLYGON && !GEOSisEmpty_r(h, p))
            rc = polygon_rings(h, p, s);
    }
    return rc;
}
