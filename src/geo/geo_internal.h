/* Internal state of a zp_geo: the GEOS and PROJ contexts of one run, the
 * transformations between each layer's CRS and the local metric plane, and the
 * blocks' metric geometries. */
#ifndef ZP_GEO_INTERNAL_H
#define ZP_GEO_INTERNAL_H

#include <geos_c.h>
#include <proj.h>

#include "zoneplan/geo.h"

struct zp_geo {
    GEOSContextHandle_t gctx;
    PJ_CONTEXT *pctx;
    PJ *blocks_to_plane; /* blocks' CRS -> local transverse Mercator, normalised axes */
    PJ *schools_to_plane;
    PJ *plane_to_lonlat;   /* made on first use (zp_geo_plane_to_lonlat) */
    char *source_prj;      /* blocks' CRS as ESRI WKT (or the .prj as read) */
    GEOSGeometry **blocks; /* metric, valid, polygonal; NULL for point blocks */
    size_t nblocks;
    GEOSGeometry **point_geoms; /* point blocks' points (for their Voronoi cells) */
    unsigned char *reshaped;    /* per block: an added estate cut into it; NULL when none did */
    zp_geo_points block_pts, school_pts;
    double join_m; /* adjacency tolerance: polygons of a union this close are one piece */
};

/* PROJ inverse to the blocks' CRS, as a GEOSGeom_transformXY callback (userdata: the PJ). */
int zp_geo_to_source(double *x, double *y, void *userdata);
/* Polygons of g as shapefile rings. */
int zp_geo_geometry_to_shape(GEOSContextHandle_t h, const GEOSGeometry *g, zp_shape *s);
/* Worker threads for n items: 1 for small inputs, else the cores (at most 8). */
size_t zp_geo_workers(size_t n);
/* Run fn on nthreads threads (the caller is worker 0), each with its own GEOS context:
 * worker k handles items k, k + nthreads, ... Returns once every worker has finished. */
typedef void (*zp_geo_work_fn)(GEOSContextHandle_t h, size_t first, size_t step, void *ud);
int zp_geo_parallel(size_t nthreads, zp_geo_work_fn fn, void *ud);

/* Groups of u's n polygons, two joined when they lie within join_m of each other (union.c);
 * -1 when out of memory. */
int zp_geo_groups_apart(GEOSContextHandle_t h, const GEOSGeometry *u, int n, double join_m);

/* Last GEOS error of this thread (set by the context's message handler). */
const char *zp_geo_last_geos_error(void);

/* CRS set-up (crs.c): source CRS for a layer from the scenario or its .prj. */
int zp_geo_make_transforms(zp_geo *geo, const zp_scenario *sc, const zp_dataset *ds);
/* A projected coordinate PROJ could compute (not HUGE_VAL, inside +-1e8 m). */
int zp_geo_finite_metres(double x, double y);
/* Project n points in place from a layer's CRS to the plane; error names the layer. */
int zp_geo_project(zp_geo *geo, PJ *to_plane, double *x, double *y, size_t n, const char *what);

/* Shapes (shape.c); the two GEOS helpers are thread-safe given their own context. */
int zp_geo_is_point_type(int shp_type);
/* Rings of a shape as one valid polygonal geometry: 0, 1 when nothing with an area is left,
 * -1 when out of memory. */
int zp_geo_polygon(GEOSContextHandle_t h, const zp_shape *s, const double *x, const double *y,
                   int *repaired, GEOSGeometry **out);
/* The polygonal parts of g (consumed) as one valid polygonal geometry: GEOSMakeValid and
 * GEOSDifference can leave lines and points where edges met. */
GEOSGeometry *zp_geo_polygonal_part(GEOSContextHandle_t h, GEOSGeometry *g);
int zp_geo_rep_point(GEOSContextHandle_t h, const GEOSGeometry *g, double *px, double *py);
int zp_geo_build_blocks(zp_geo *geo, const zp_dataset *ds);
int zp_geo_build_schools(zp_geo *geo, const zp_dataset *ds);
/* Added estates (record < 0) cut out of the input blocks they overlap (carve.c). */
int zp_geo_carve_estates(zp_geo *geo, const zp_dataset *ds);
/* Voronoi cells for point blocks (voronoi.c); a no-op when every block is a polygon. */
int zp_geo_point_cells(zp_geo *geo);

#endif
