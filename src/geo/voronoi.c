/* Areas for point blocks: when blocks arrive as points (a community list geocoded to
 * addresses), a catchment map still needs polygons. Each point block gets its
 * Voronoi cell (GEOS), clipped to the points' convex hull grown by a margin, so the
 * union of a school's cells is a drawable catchment. GEOS 3.11 returns cells in no
 * particular order, so each cell is matched to the point inside it with an STRtree. */
#include <stdlib.h>

#include "geo_internal.h"
#include "zoneplan/errors.h"

#define MARGIN_M 300.0 /* how far the outermost cells reach beyond the outermost points */

typedef struct cell_match {
    zp_geo *geo;
    const GEOSGeometry *cell;
    GEOSGeometry *clip;
    int taken; /* points at one spot share one cell: only the first (in the tree) gets it */
} cell_match;

static void claim(void *item, void *userdata)
{
    cell_match *m = userdata;
    size_t b = (size_t)((GEOSGeometry **)item - m->geo->point_geoms);
    GEOSContextHandle_t h = m->geo->gctx;
    if (m->taken || m->geo->blocks[b] || GEOSIntersects_r(h, m->cell, m->geo->point_geoms[b]) != 1)
        return;
    m->geo->blocks[b] = GEOSIntersection_r(h, m->cell, m->clip);
    m->taken = 1;
}

static GEOSGeometry *points_collection(zp_geo *geo, size_t *n)
{
    GEOSContextHandle_t h = geo->gctx;
    GEOSGeometry **pts = malloc(sizeof *pts * (geo->nblocks + 1));
    *n = 0;
    for (size_t b = 0; pts && b < geo->nblocks; b++)
        if (!geo->blocks[b])
            pts[(*n)++] = GEOSGeom_clone_r(h, geo->point_geoms[b]);
    GEOSGeometry *mp =
        pts ? GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, pts, (unsigned)*n) : NULL;
    free(pts);
    return mp;
}

int zp_geo_point_cells(zp_geo *geo)
{
    GEOSContextHandle_t h = geo->gctx;
    size_t n = 0;
    geo->point_geoms = calloc(geo->nblocks + 1, sizeof *geo->point_geoms);
    if (!geo->point_geoms)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; b < geo->nblocks; b++)
        if (!geo->blocks[b])
            geo->point_geoms[b] =
                GEOSGeom_createPointFromXY_r(h, geo->block_pts.x[b], geo->block_pts.y[b]);
    GEOSGeometry *mp = points_collection(geo, &n);
    GEOSGeometry *hull = mp ? GEOSConvexHull_r(h, mp) : NULL;
    GEOSGeometry *clip = hull ? GEOSBuffer_r(h, hull, MARGIN_M, 8) : NULL;
    GEOSGeometry *cells = clip ? GEOSVoronoiDiagram_r(h, mp, clip, 0.0, 0) : NULL;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    for (size_t b = 0; tree && b < geo->nblocks; b++)
        if (geo->point_geoms[b])
            GEOSSTRtree_insert_r(h, tree, geo->point_geoms[b], &geo->point_geoms[b]);
    int ncells = cells ? GEOSGetNumGeometries_r(h, cells) : 0;
    for (int i = 0; tree && i < ncells; i++) {
        cell_match m = {geo, GEOSGetGeometryN_r(h, cells, i), clip, 0};
        GEOSSTRtree_query_r(h, tree, m.cell, claim, &m);
    }
    int ok = cells != NULL || n < 2;
    size_t shared = 0;
    for (size_t b = 0; ok && b < geo->nblocks; b++)
        shared += geo->point_geoms[b] && !geo->blocks[b];
    if (ok && shared)
        zp_warn("%zu point blocks stand where another point block stands; on the catchment map "
                "each such spot is drawn once, with the first block's school",
                shared);
    if (tree)
        GEOSSTRtree_destroy_r(h, tree);
    GEOSGeometry *owned[] = {mp, hull, clip, cells};
    for (size_t i = 0; i < 4; i++)
        if (owned[i])
            GEOSGeom_destroy_r(h, owned[i]);
    return ok ? ZP_OK : zp_error_set(ZP_ERROR, "GEOS Voronoi cells: %s", zp_geo_last_geos_error());
}
