/* Coordinate systems: from each layer's CRS to one local metric plane.
 *
 * Distances must come out in metres and must not depend on how the data arrived:
 * the same district in CGCS2000 geographic (EPSG:4490) or a Gauss-Kruger zone must
 * give the same assignment. So every layer, projected or not, goes through PROJ to a
 * transverse Mercator plane whose central meridian is the data's own longitude
 * (rounded to 0.5 degree so nearby inputs agree), where scale error stays under
 * 0.01% within 50 km of the centre, far inside the 0.1% the policy needs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"
#include "zoneplan/errors.h"

/* Which CRS text applies to a layer: its own scenario key, the scenario-wide key, the .prj. */
static const char *layer_crs(const char *own, const char *global, const char *prj)
{
    return own ? own : global ? global : prj;
}

static PJ *create_crs(zp_geo *geo, const char *text, const char *what, const char *path, int *rc)
{
    PJ *crs = proj_create(geo->pctx, text);
    if (!crs || !proj_is_crs(crs)) {
        int err = proj_context_errno(geo->pctx);
        *rc = zp_error_set(ZP_EINPUT,
                           "%s: CRS '%.80s' (%s) is not a coordinate system PROJ "
                           "understands: %s",
                           path, text, what,
                           err ? proj_context_errno_string(geo->pctx, err) : "not a CRS");
        proj_destroy(crs);
        return NULL;
    }
    *rc = ZP_OK;
    return crs;
}

static int is_geographic(PJ *crs)
{
    PJ_TYPE t = proj_get_type(crs);
    return t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS;
}

/* Geographic coordinates must be in range; a projected file with a geographic .prj
 * is a common export mistake and would give nonsense distances. */
static int check_extent(PJ *crs, const zp_dataset *ds, int schools)
{
    if (!is_geographic(crs))
        return ZP_OK;
    size_t n = schools ? ds->nschools : ds->nblocks;
    char where[1024];
    for (size_t i = 0; i < n; i++) {
        const zp_shape *s = schools ? &ds->schools[i].shape : &ds->blocks[i].shape;
        for (int v = 0; v < s->nverts; v++)
            if (fabs(s->x[v]) > 180 || fabs(s->y[v]) > 90)
                return zp_error_set(
                    ZP_EINPUT,
                    "%s: coordinates (%.3f, %.3f) are not longitude/latitude, but the CRS is "
                    "geographic; fix the .prj or set %s.crs in the scenario",
                    schools ? zp_school_where(ds, &ds->schools[i], where, sizeof where)
                            : zp_block_where(ds, &ds->blocks[i], where, sizeof where),
                    s->x[v], s->y[v], schools ? "schools" : "blocks");
    }
    return ZP_OK;
}

/* Longitude of the blocks' bounding-box centre, through PROJ to WGS 84. */
static int centre_longitude(zp_geo *geo, PJ *crs, const zp_dataset *ds, double *lon)
{
    double minx = HUGE_VAL, miny = HUGE_VAL, maxx = -HUGE_VAL, maxy = -HUGE_VAL;
    for (size_t i = 0; i < ds->nblocks; i++) {
        const zp_shape *s = &ds->blocks[i].shape;
        for (int v = 0; v < s->nverts; v++) {
            minx = fmin(minx, s->x[v]);
            maxx = fmax(maxx, s->x[v]);
            miny = fmin(miny, s->y[v]);
            maxy = fmax(maxy, s->y[v]);
        }
    }
    PJ *wgs = proj_create(geo->pctx, "EPSG:4326");
    PJ *op = wgs ? proj_create_crs_to_crs_from_pj(geo->pctx, crs, wgs, NULL, NULL) : NULL;
    PJ *norm = op ? proj_normalize_for_visualization(geo->pctx, op) : NULL;
    PJ_COORD c = proj_coord((minx + maxx) / 2, (miny + maxy) / 2, 0, 0);
    PJ_COORD r = norm ? proj_trans(norm, PJ_FWD, c) : c;
    proj_destroy(norm);
    proj_destroy(op);
    proj_destroy(wgs);
    if (!norm || !isfinite(r.xy.x) || fabs(r.xy.x) > 180)
        return zp_error_set(ZP_EINPUT,
                            "%s: cannot place the blocks on the globe from their CRS "
                            "(local grid without a datum?); set blocks.crs in the scenario",
                            ds->blocks_path);
    *lon = r.xy.x;
    return ZP_OK;
}

static PJ *plane_transform(zp_geo *geo, PJ *src, PJ *plane, const char *path, int *rc)
{
    PJ *op = proj_create_crs_to_crs_from_pj(geo->pctx, src, plane, NULL, NULL);
    PJ *norm = op ? proj_normalize_for_visualization(geo->pctx, op) : NULL;
    proj_destroy(op);
    *rc = norm ? ZP_OK
               : zp_error_set(ZP_EINPUT,
                              "%s: PROJ finds no transformation from its CRS to "
                              "metres",
                              path);
    return norm;
}

static int layer_transform(zp_geo *geo, const char *crs_text, const char *what, const char *path,
                           PJ *plane, PJ **out, PJ **crs_out)
{
    if (!crs_text)
        return zp_error_set(ZP_EINPUT,
                            "%s: no .prj file and no crs in the scenario; set "
                            "%s.crs (e.g. EPSG:4547) or crs at the top of the scenario",
                            path, what);
    int rc;
    PJ *crs = create_crs(geo, crs_text, what, path, &rc);
    if (rc)
        return rc;
    *out = plane_transform(geo, crs, plane, path, &rc);
    if (crs_out && !rc)
        *crs_out = crs;
    else
        proj_destroy(crs);
    return rc;
}

int zp_geo_make_transforms(zp_geo *geo, const zp_scenario *sc, const zp_dataset *ds)
{
    const char *bcrs = layer_crs(sc->blocks.crs, sc->crs, ds->blocks_prj);
    const char *scrs = layer_crs(sc->schools.crs, sc->crs, ds->schools_prj);
    if (!bcrs)
        return layer_transform(geo, NULL, "blocks", ds->blocks_path, NULL, NULL, NULL);
    int rc;
    PJ *src = create_crs(geo, bcrs, "blocks", ds->blocks_path, &rc);
    double lon = 0;
    if (!rc)
        rc = check_extent(src, ds, 0);
    if (!rc)
        rc = centre_longitude(geo, src, ds, &lon);
    proj_destroy(src);
    if (!rc && scrs) { /* the same export mistake in the schools layer */
        PJ *ssrc = create_crs(geo, scrs, "schools", ds->schools_path, &rc);
        if (!rc)
            rc = check_extent(ssrc, ds, 1);
        proj_destroy(ssrc);
    }
    if (rc)
        return rc;
    char def[160];
    snprintf(def, sizeof def,
             "+proj=tmerc +lat_0=0 +lon_0=%.1f +k=1 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs "
             "+type=crs",
             round(lon * 2) / 2);
    PJ *plane = proj_create(geo->pctx, def);
    if (!plane)
        return zp_error_set(ZP_ERROR, "PROJ cannot build the local plane %s", def);
    PJ *bsrc = NULL;
    rc = layer_transform(geo, bcrs, "blocks", ds->blocks_path, plane, &geo->blocks_to_plane, &bsrc);
    if (!rc)
        rc = layer_transform(geo, scrs, "schools", ds->schools_path, plane, &geo->schools_to_plane,
                             NULL);
    if (!rc) {
        const char *wkt = ds->blocks_prj && !sc->blocks.crs && !sc->crs
                              ? ds->blocks_prj
                              : proj_as_wkt(geo->pctx, bsrc, PJ_WKT1_ESRI, NULL);
        geo->source_prj = strdup(wkt ? wkt : "");
        if (!geo->source_prj)
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
    }
    proj_destroy(bsrc);
    proj_destroy(plane);
    return rc;
}

int zp_geo_finite_metres(double x, double y)
{
    return isfinite(x) && isfinite(y) && fabs(x) <= 1e8 && fabs(y) <= 1e8;
}

int zp_geo_project(zp_geo *geo, PJ *to_plane, double *x, double *y, size_t n, const char *what)
{
    (void)geo;
    if (n == 0)
        return ZP_OK;
    proj_trans_generic(to_plane, PJ_FWD, x, sizeof *x, n, y, sizeof *y, n, NULL, 0, 0, NULL, 0, 0);
    for (size_t i = 0; i < n; i++)
        if (!zp_geo_finite_metres(x[i], y[i]))
            return zp_error_set(ZP_EINPUT,
                                "%s: a coordinate cannot be projected to metres "
                                "(outside the CRS's area?)",
                                what);
    return ZP_OK;
}

int zp_geo_shape_point(zp_geo *geo, const char *crs_text, const char *what, const char *path,
                       const zp_shape *s, double *x, double *y)
{
    PJ *plane = proj_get_target_crs(geo->pctx, geo->blocks_to_plane), *op = NULL;
    int rc = plane ? layer_transform(geo, crs_text, what, path, plane, &op, NULL)
                   : zp_error_set(ZP_ERROR, "PROJ: the run's plane has no CRS");
    proj_destroy(plane);
    size_t n = (size_t)s->nverts;
    double *px = malloc((n + 1) * sizeof *px), *py = malloc((n + 1) * sizeof *py);
    if (!rc && (!px || !py))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc) {
        memcpy(px, s->x, n * sizeof *px);
        memcpy(py, s->y, n * sizeof *py);
        rc = zp_geo_project(geo, op, px, py, n, path);
    }
    GEOSGeometry *g = NULL;
    int repaired = 0;
    if (!rc && (zp_geo_is_point_type(s->shp_type) || s->nparts == 0)) {
        *x = px[0];
        *y = py[0];
    } else if (!rc) {
        int got = zp_geo_polygon(geo->gctx, s, px, py, &repaired, &g);
        if (got < 0)
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
        else if (got != 0 || !g || zp_geo_rep_point(geo->gctx, g, x, y) != 0)
            rc = zp_error_set(ZP_EINPUT, "%s: a %s shape with no area", path, what);
    }
    if (g)
        GEOSGeom_destroy_r(geo->gctx, g);
    free(px);
    free(py);
    proj_destroy(op);
    return rc;
}

int zp_geo_shapes_to_plane(zp_geo *geo, const char *own_crs, const char *global_crs,
                           const char *prj, const char *what, const char *path, zp_shape *s,
                           size_t n)
{
    PJ *plane = proj_get_target_crs(geo->pctx, geo->blocks_to_plane), *op = NULL;
    int rc = plane ? layer_transform(geo, layer_crs(own_crs, global_crs, prj), what, path, plane,
                                     &op, NULL)
                   : zp_error_set(ZP_ERROR, "PROJ: the run's plane has no CRS");
    proj_destroy(plane);
    for (size_t i = 0; !rc && i < n; i++)
        rc = zp_geo_project(geo, op, s[i].x, s[i].y, (size_t)s[i].nverts, path);
    proj_destroy(op);
    return rc;
}
