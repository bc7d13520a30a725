/* Block and school shapes in the metric plane: valid GEOS polygons and the point each
 * block's distances are measured from.
 *
 * Shapefile polygons are lists of rings (outer rings clockwise, holes counter-
 * clockwise); GEOS assembles and checks them. Invalid polygons, common in real
 * exports, are repaired with GEOSMakeValid and named in a warning, never dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"
#include "zoneplan/errors.h"

int zp_geo_is_point_type(int t)
{
    return t == 1 || t == 11 || t == 21;
}

/* A closed ring from part p of a shape; NULL when it has fewer than 3 distinct corners. */
static GEOSGeometry *make_ring(GEOSContextHandle_t h, const zp_shape *s, const double *x,
                               const double *y, int p)
{
    int start = s->part_start[p];
    int end = p + 1 < s->nparts ? s->part_start[p + 1] : s->nverts;
    int n = end - start;
    if (n < 3)
        return NULL;
    int closed = x[start] == x[end - 1] && y[start] == y[end - 1];
    int m = closed ? n : n + 1;
    if (m < 4)
        return NULL;
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, (unsigned)m, 2);
    if (!cs)
        return NULL;
    for (int i = 0; i < n; i++)
        GEOSCoordSeq_setXY_r(h, cs, (unsigned)i, x[start + i], y[start + i]);
    if (!closed)
        GEOSCoordSeq_setXY_r(h, cs, (unsigned)n, x[start], y[start]);
    return GEOSGeom_createLinearRing_r(h, cs);
}

static int ring_is_ccw(GEOSContextHandle_t h, const GEOSGeometry *ring)
{
    char ccw = 0;
    GEOSCoordSeq_isCCW_r(h, GEOSGeom_getCoordSeq_r(h, ring), &ccw);
    return ccw;
}

/* Attach each hole to the first shell that contains it; a hole in no shell is a shell. */
static GEOSGeometry *assemble(GEOSContextHandle_t h, GEOSGeometry **rings, int n)
{
    if (n <= 0)
        return NULL;
    int nshell = 0;
    for (int i = 0; i < n; i++)
        nshell += !ring_is_ccw(h, rings[i]);
    int all_shells = nshell == 0 || n == 1; /* mis-wound exports: treat every ring as a shell */
    GEOSGeometry **polys = calloc((size_t)n, sizeof *polys);
    GEOSGeometry **holes = calloc((size_t)n, sizeof *holes);
    int *owner = calloc((size_t)n, sizeof *owner);
    if (!polys || !holes || !owner) {
        free(polys);
        free(holes);
        free(owner);
        for (int i = 0; i < n; i++)
            GEOSGeom_destroy_r(h, rings[i]);
        return NULL;
    }
    int npoly = 0;
    for (int i = 0; i < n; i++) {
        owner[i] = -1;
        if (!all_shells && ring_is_ccw(h, rings[i])) {
            GEOSGeometry *shell = NULL;
            for (int j = 0; j < n && !shell; j++) {
                if (j == i || ring_is_ccw(h, rings[j]))
                    continue;
                GEOSGeometry *poly =
                    GEOSGeom_createPolygon_r(h, GEOSGeom_clone_r(h, rings[j]), NULL, 0);
                GEOSGeometry *probe = GEOSPointOnSurface_r(h, rings[i]);
                if (poly && probe && GEOSIntersects_r(h, poly, probe) == 1) {
                    owner[i] = j;
                    shell = poly;
                }
                if (poly && shell != poly)
                    GEOSGeom_destroy_r(h, poly);
                if (probe)
                    GEOSGeom_destroy_r(h, probe);
            }
            if (shell) {
                GEOSGeom_destroy_r(h, shell);
                continue;
            }
        }
    }
    for (int i = 0; i < n; i++) {
        if (owner[i] >= 0)
            continue;
        int nh = 0;
        for (int j = 0; j < n; j++)
            if (owner[j] == i)
                holes[nh++] = rings[j];
        polys[npoly++] = GEOSGeom_createPolygon_r(h, rings[i], nh ? holes : NULL, (unsigned)nh);
    }
    GEOSGeometry *g =
        npoly == 1 ? polys[0]
                   : GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys, (unsigned)npoly);
    free(polys);
    free(holes);
    free(owner);
    return g;
}

/* Only the polygonal parts of GEOSMakeValid's result count as a block's area. */
GEOSGeometry *zp_geo_polygonal_part(GEOSContextHandle_t h, GEOSGeometry *g)
{
    int t = GEOSGeomTypeId_r(h, g);
    if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON)
        return g;
    int n = GEOSGetNumGeometries_r(h, g);
    GEOSGeometry **parts = calloc((size_t)(n ? n : 1), sizeof *parts);
    if (!parts) {
        GEOSGeom_destroy_r(h, g);
        return NULL;
    }
    int np = 0;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, g, i);
        int pt = GEOSGeomTypeId_r(h, p);
        if (pt == GEOS_POLYGON || pt == GEOS_MULTIPOLYGON)
            parts[np++] = GEOSGeom_clone_r(h, p);
    }
    GEOSGeom_destroy_r(h, g);
    GEOSGeometry *all =
        GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)np);
    free(parts);
    GEOSGeometry *u = all ? GEOSUnaryUnion_r(h, all) : NULL;
    if (all)
        GEOSGeom_destroy_r(h, all);
    return u;
}

/* Rings of a shape (metric x/y) as one valid polygonal geometry. Returns 0, or 1 when
 * nothing with an area is left; *repaired says GEOSMakeValid had to fix it. No messages:
 * this runs in worker threads, and the caller reports in block order. */
int zp_geo_polygon(GEOSContextHandle_t h, const zp_shape *s, const double *x, const double *y,
                   int *repaired, GEOSGeometry **out)
{
    *repaired = 0;
    GEOSGeometry **rings = calloc((size_t)s->nparts + 1, sizeof *rings);
    if (!rings)
        return -1;
    int n = 0;
    for (int p = 0; p < s->nparts; p++) {
        GEOSGeometry *r = make_ring(h, s, x, y, p);
        if (r)
            rings[n++] = r;
    }
    GEOSGeometry *g = n ? assemble(h, rings, n) : NULL;
    free(rings);
    if (n && !g)
        return -1;
    if (g && GEOSisValid_r(h, g) != 1) {
        GEOSGeometry *fixed = GEOSMakeValid_r(h, g);
        GEOSGeom_destroy_r(h, g);
        g = fixed ? zp_geo_polygonal_part(h, fixed) : NULL;
        *repaired = 1;
        if (fixed && !g) /* out of memory: no polygonal part (if none) is still a geometry */
            return -1;
    }
    if (!g || GEOSisEmpty_r(h, g)) {
        if (g)
            GEOSGeom_destroy_r(h, g);
        return 1;
    }
    *out = g;
    return 0;
}

/* Centroid when it lies in the polygon, else a point on its surface (GEOS). A prepared
 * point-in-polygon test: the general intersects() builds a full relate graph. */
int zp_geo_rep_point(GEOSContextHandle_t h, const GEOSGeometry *g, double *px, double *py)
{
    GEOSGeometry *c = GEOSGetCentroid_r(h, g);
    const GEOSPreparedGeometry *pg = c ? GEOSPrepare_r(h, g) : NULL;
    if (pg && GEOSPreparedIntersects_r(h, pg, c) != 1) {
        GEOSGeom_destroy_r(h, c);
        c = GEOSPointOnSurface_r(h, g);
    }
    if (pg)
        GEOSPreparedGeom_destroy_r(h, pg);
    if (!c)
        return -1;
    GEOSGeomGetX_r(h, c, px);
    GEOSGeomGetY_r(h, c, py);
    GEOSGeom_destroy_r(h, c);
    return 0;
}

static int projected_copy(zp_geo *geo, PJ *op, const zp_shape *s, const char *what, double **x,
                          double **y)
{
    *x = malloc(sizeof(double) * (size_t)s->nverts);
    *y = malloc(sizeof(double) * (size_t)s->nverts);
    if (!*x || !*y)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    memcpy(*x, s->x, sizeof(double) * (size_t)s->nverts);
    memcpy(*y, s->y, sizeof(double) * (size_t)s->nverts);
    return zp_geo_project(geo, op, *x, *y, (size_t)s->nverts, what);
}

static int build_school(zp_geo *geo, const zp_dataset *ds, size_t i)
{
    const zp_school *s = &ds->schools[i];
    char what[1024];
    zp_school_where(ds, s, what, sizeof what);
    double *x = NULL, *y = NULL;
    int rc = projected_copy(geo, geo->schools_to_plane, &s->shape, what, &x, &y);
    if (!rc && zp_geo_is_point_type(s->shape.shp_type)) {
        geo->school_pts.x[i] = x[0];
        geo->school_pts.y[i] = y[0];
    } else if (!rc) {
        GEOSGeometry *g = NULL;
        int repaired = 0;
        int got = zp_geo_polygon(geo->gctx, &s->shape, x, y, &repaired, &g);
        if (got < 0)
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
        else if (got)
            rc = zp_error_set(ZP_EINPUT, "%s: the site polygon has no area", what);
        else if (zp_geo_rep_point(geo->gctx, g, &geo->school_pts.x[i], &geo->school_pts.y[i]))
            rc = zp_error_set(ZP_ERROR, "GEOS: %s", zp_geo_last_geos_error());
        if (g)
            GEOSGeom_destroy_r(geo->gctx, g);
    }
    free(x);
    free(y);
    return rc;
}

/* Schools standing in no block are legal (a site beside a road) but worth a look. */
typedef struct outside_query {
    GEOSContextHandle_t h;
    GEOSGeometry *pt;
    int hit;
} outside_query;

static void outside_hit(void *item, void *userdata)
{
    outside_query *q = userdata;
    if (!q->hit && GEOSIntersects_r(q->h, item, q->pt) == 1)
        q->hit = 1;
}

static void warn_outside(zp_geo *geo, const zp_dataset *ds)
{
    GEOSContextHandle_t h = geo->gctx;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    size_t n = 0, shown = 0;
    for (size_t i = 0; i < geo->nblocks; i++)
        if (geo->blocks[i]) {
            GEOSSTRtree_insert_r(h, tree, geo->blocks[i], geo->blocks[i]);
            n++;
        }
    for (size_t i = 0; n && tree && i < ds->nschools; i++) {
        outside_query q = {
            h, GEOSGeom_createPointFromXY_r(h, geo->school_pts.x[i], geo->school_pts.y[i]), 0};
        GEOSSTRtree_query_r(h, tree, q.pt, outside_hit, &q);
        char where[1024];
        if (!q.hit && shown++ < 20)
            zp_warn("%s lies outside every block",
                    zp_school_where(ds, &ds->schools[i], where, sizeof where));
        GEOSGeom_destroy_r(h, q.pt);
    }
    if (shown > 20)
        zp_warn("%s: %zu schools lie outside every block in all", ds->schools_path, shown);
    if (tree)
        GEOSSTRtree_destroy_r(h, tree);
}

int zp_geo_build_schools(zp_geo *geo, const zp_dataset *ds)
{
    geo->school_pts.n = ds->nschools;
    geo->school_pts.x = calloc(ds->nschools + 1, sizeof(double));
    geo->school_pts.y = calloc(ds->nschools + 1, sizeof(double));
    if (!geo->school_pts.x || !geo->school_pts.y)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; i < ds->nschools; i++) {
        int rc = build_school(geo, ds, i);
        if (rc)
            return rc;
    }
    warn_outside(geo, ds);
    return ZP_OK;
}
