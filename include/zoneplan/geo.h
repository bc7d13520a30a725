/* Metric geometry for one run: PROJ to a local metric plane, GEOS for valid
 * polygons, representative points and catchment unions.
 *
 * Every layer is projected to one local transverse Mercator plane centred on the
 * data (scale error under 0.01% within 50 km), whatever CRS it arrives in, so the
 * same district in EPSG:4490 or a Gauss-Kruger zone gives the same distances.
 * Contexts are the reentrant GEOS and PROJ ones, owned by zp_geo. */
#ifndef ZONEPLAN_GEO_H
#define ZONEPLAN_GEO_H

#include <stdint.h>

#include "model.h"
#include "scenario.h"

typedef struct zp_geo zp_geo; /* opaque: contexts, transformations, geometries */

typedef struct zp_geo_points {
    double *x, *y; /* metric coordinates, metres */
    size_t n;
} zp_geo_points;

/* Set up CRSs and project both layers: block polygons made valid (GEOSMakeValid, with a
 * warning naming the block), representative points (centroid when inside, else
 * point-on-surface), school points. Blocks with null shapes are errors. */
int zp_geo_prepare(const zp_scenario *sc, const zp_dataset *ds, zp_geo **out);
void zp_geo_free(zp_geo *geo);

const zp_geo_points *zp_geo_block_points(const zp_geo *geo);
const zp_geo_points *zp_geo_school_points(const zp_geo *geo);

/* One catchment to outline: the blocks (indices) it is the union of. */
typedef struct zp_geo_union_task {
    const int32_t *blocks;
    size_t n;
} zp_geo_union_task;

/* Union of each task's block polygons (coverage union, unary union as fallback) as
 * shapefile-ready rings in the blocks' source CRS, out[t] for task t (free each with
 * zp_shape_free), and its metric area, perimeter and parts in stats[t] (stats may be NULL). Unions
 * run on worker threads; results do not depend on them. */
/* Size and shape of one union, in the metric plane (for compactness). */
typedef struct zp_geo_union_stats {
    double area_m2, perimeter_m;
    int parts; /* polygons in the union */
    int apart; /* groups of them further apart than the adjacency tolerance: the pieces a
                  reader of the map sees (a river between two parts makes two) */
} zp_geo_union_stats;

int zp_geo_union_many(zp_geo *geo, const zp_geo_union_task *tasks, size_t ntasks, zp_shape *out,
                      zp_geo_union_stats *stats);

/* Block adjacency as a symmetric graph in CSR form: blocks whose boundaries run within
 * tolerance_m of each other for at least min_shared_m (touching at a point is not
 * adjacency). Neighbours ascending per block. Point blocks use their Voronoi cells. */
typedef struct zp_adjacency {
    size_t n;         /* blocks */
    size_t *start;    /* n + 1 offsets into nbr */
    int32_t *nbr;     /* neighbour block indices */
    double *shared_m; /* length of the shared boundary, metres */
} zp_adjacency;

int zp_geo_adjacency(zp_geo *geo, double tolerance_m, double min_shared_m, zp_adjacency *out);
void zp_adjacency_free(zp_adjacency *a);

/* Parts of block b's own polygon that lie apart (farther than the adjacency tolerance): 1 as
 * a rule, more for a block drawn in several pieces (or split by its repair); -1: out of
 * memory. A catchment holding it shows as many parts on the map whatever the plan. */
int zp_geo_block_parts(const zp_geo *geo, size_t b);

/* Whether block b's polygon is no longer the input's because an added estate took part of it. */
int zp_geo_block_reshaped(const zp_geo *geo, size_t b);

/* School i's point (its site's representative point for polygon sites) in the blocks' source
 * CRS, the CRS every output layer is written in. */
int zp_geo_school_source_point(const zp_geo *geo, size_t i, double *x, double *y);

/* A point or polygon of another layer (CRS from crs_text, e.g. its .prj) as one point of
 * the metric plane: the point itself, or the polygon's representative point. what and path
 * name the layer in messages. */
int zp_geo_shape_point(zp_geo *geo, const char *crs_text, const char *what, const char *path,
                       const zp_shape *s, double *x, double *y);

/* The shapes of another layer (roads, barriers) moved into the metric plane in place; their
 * CRS is own_crs, else global_crs (the scenario's), else the layer's .prj text. */
int zp_geo_shapes_to_plane(zp_geo *geo, const char *own_crs, const char *global_crs,
                           const char *prj, const char *what, const char *path, zp_shape *s,
                           size_t n);

/* A point of the metric plane in the blocks' CRS, or as CGCS2000 longitude/latitude
 * (EPSG:4490, longitude first). */
int zp_geo_plane_to_source(const zp_geo *geo, double *x, double *y);
int zp_geo_plane_to_lonlat(zp_geo *geo, double *x, double *y);
/* n points of the blocks' source CRS to longitude/latitude in place (the web map's). */
int zp_geo_source_to_lonlat(zp_geo *geo, double *x, double *y, size_t n);

/* WKT (ESRI flavour, for a .prj) of the blocks' source CRS. */
const char *zp_geo_source_prj(const zp_geo *geo);

#endif
