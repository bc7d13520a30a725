/* Where scenario changes happen: coordinates moved between CRSs with PROJ, and which
 * blocks lie inside the polygons of a `within:` file, with GEOS.
 *
 * Changes work in the layers' own CRSs (geo projects everything to metres afterwards),
 * so a new school given in lon/lat is moved into the schools layer's CRS and the
 * `within` polygons into the blocks'. A shape's area is the even-odd union of its rings
 * (symmetric difference), which gets holes right whatever the ring order or winding of
 * the export, without the shell/hole assembly geo does for the real polygons. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes/changes_internal.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

static void geos_quiet(const char *fmt, ...)
{
    (void)fmt;
}

static int contexts(zp_change_ctx *x)
{
    if (!x->pctx && (x->pctx = proj_context_create()))
        proj_log_level(x->pctx, PJ_LOG_NONE);
    if (!x->gctx && (x->gctx = GEOS_init_r())) {
        GEOSContext_setErrorHandler_r(x->gctx, geos_quiet);
        GEOSContext_setNoticeHandler_r(x->gctx, geos_quiet);
    }
    if (!x->pctx || !x->gctx)
        return zp_error_set(ZP_ERROR, "cannot start PROJ or GEOS");
    return ZP_OK;
}

void zp_change_ctx_free(zp_change_ctx *x)
{
    if (x->gctx)
        GEOS_finish_r(x->gctx);
    if (x->pctx)
        proj_context_destroy(x->pctx);
    x->gctx = NULL;
    x->pctx = NULL;
}

const char *zp_change_layer_crs(const zp_change_ctx *x, int schools)
{
    const char *own = schools ? x->sc->schools.crs : x->sc->blocks.crs;
    const char *prj = schools ? x->ds->schools_prj : x->ds->blocks_prj;
    return own ? own : x->sc->crs ? x->sc->crs : prj;
}

static PJ *make_crs(zp_change_ctx *x, const char *text, const char *what, int *rc)
{
    PJ *crs = proj_create(x->pctx, text);
    if (crs && proj_is_crs(crs))
        return crs;
    int err = proj_context_errno(x->pctx);
    *rc = zp_change_fail(x, ZP_EINPUT, "%s '%.80s' is not a coordinate system PROJ understands: %s",
                         what, text, err ? proj_context_errno_string(x->pctx, err) : "not a CRS");
    proj_destroy(crs);
    return NULL;
}

/* PROJ operation from one CRS text to another, axes in x = east / longitude order. */
static PJ *make_operation(zp_change_ctx *x, const char *from, const char *to, const char *layer,
                          int *rc)
{
    *rc = contexts(x);
    if (*rc)
        return NULL;
    PJ *src = make_crs(x, from, "crs", rc);
    PJ *dst = src ? make_crs(x, to, layer, rc) : NULL;
    PJ *op = dst ? proj_create_crs_to_crs_from_pj(x->pctx, src, dst, NULL, NULL) : NULL;
    PJ *norm = op ? proj_normalize_for_visualization(x->pctx, op) : NULL;
    if (dst && !norm)
        *rc = zp_change_fail(x, ZP_EINPUT, "PROJ finds no transformation from '%.80s' to the %s",
                             from, layer);
    proj_destroy(op);
    proj_destroy(dst);
    proj_destroy(src);
    return norm;
}

static int transform_to(zp_change_ctx *x, const char *from, const char *to, const char *layer,
                        double *xs, double *ys, size_t n)
{
    if (!strcmp(from, to) || n == 0)
        return ZP_OK;
    int rc;
    PJ *op = make_operation(x, from, to, layer, &rc);
    if (!op)
        return rc;
    double *tx = malloc(sizeof *tx * n), *ty = malloc(sizeof *ty * n);
    if (!tx || !ty)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc) {
        memcpy(tx, xs, sizeof *tx * n);
        memcpy(ty, ys, sizeof *ty * n);
        proj_trans_generic(op, PJ_FWD, tx, sizeof *tx, n, ty, sizeof *ty, n, NULL, 0, 0, NULL, 0,
                           0);
    }
    for (size_t i = 0; !rc && i < n; i++)
        if (!isfinite(tx[i]) || !isfinite(ty[i]) || fabs(tx[i]) > 1e8 || fabs(ty[i]) > 1e8)
            rc = zp_change_fail(x, ZP_EINPUT,
                                "(%.6f, %.6f) cannot be moved from '%.80s' to the %s (outside "
                                "the CRS's area, or x and y swapped?)",
                                xs[i], ys[i], from, layer);
    if (!rc) {
        memcpy(xs, tx, sizeof *tx * n);
        memcpy(ys, ty, sizeof *ty * n);
    }
    free(tx);
    free(ty);
    proj_destroy(op);
    return rc;
}

int zp_change_transform(zp_change_ctx *x, const char *from, int schools, double *xs, double *ys,
                        size_t n)
{
    const char *to = zp_change_layer_crs(x, schools);
    const char *layer = schools ? "schools layer's CRS" : "blocks layer's CRS";
    if (!to)
        return zp_change_fail(x, ZP_EINPUT,
                              "crs '%.80s' is given but the %s layer has no CRS (no .prj and no "
                              "%s.crs or crs in the scenario)",
                              from, schools ? "schools" : "blocks", schools ? "schools" : "blocks");
    return transform_to(x, from, to, layer, xs, ys, n);
}

/* ---- areas -------------------------------------------------------------------------- */

/* Part p of a shape as a polygon (closed if the export left it open, repaired if invalid);
 * NULL when it has fewer than 3 corners. */
static GEOSGeometry *ring_polygon(GEOSContextHandle_t h, const zp_shape *s, int p)
{
    int start = s->part_start[p];
    int end = p + 1 < s->nparts ? s->part_start[p + 1] : s->nverts;
    int n = end - start;
    int closed = n > 0 && s->x[start] == s->x[end - 1] && s->y[start] == s->y[end - 1];
    int m = closed ? n : n + 1;
    if (n < 3 || m < 4)
        return NULL;
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, (unsigned)m, 2);
    for (int i = 0; cs && i < m; i++)
        GEOSCoordSeq_setXY_r(h, cs, (unsigned)i, s->x[start + i % n], s->y[start + i % n]);
    GEOSGeometry *ring = cs ? GEOSGeom_createLinearRing_r(h, cs) : NULL;
    GEOSGeometry *poly = ring ? GEOSGeom_createPolygon_r(h, ring, NULL, 0) : NULL;
    if (poly && GEOSisValid_r(h, poly) != 1) {
        GEOSGeometry *fixed = GEOSMakeValid_r(h, poly);
        GEOSGeom_destroy_r(h, poly);
        poly = fixed;
    }
    return poly;
}

/* The even-odd area of all rings of a shape; NULL when GEOS fails or nothing is left. */
static GEOSGeometry *shape_area(GEOSContextHandle_t h, const zp_shape *s)
{
    GEOSGeometry *g = NULL;
    for (int p = 0; p < s->nparts; p++) {
        GEOSGeometry *r = ring_polygon(h, s, p);
        if (!r)
            continue;
        if (!g) {
            g = r;
            continue;
        }
        GEOSGeometry *x = GEOSSymDifference_r(h, g, r);
        GEOSGeom_destroy_r(h, g);
        GEOSGeom_destroy_r(h, r);
        if (!(g = x))
            return NULL;
    }
    if (g && GEOSisEmpty_r(h, g) == 1) {
        GEOSGeom_destroy_r(h, g);
        g = NULL;
    }
    return g;
}

typedef struct box {
    double x0, y0, x1, y1;
} box;

static void box_add(box *b, const zp_shape *s)
{
    for (int v = 0; v < s->nverts; v++) {
        b->x0 = fmin(b->x0, s->x[v]);
        b->y0 = fmin(b->y0, s->y[v]);
        b->x1 = fmax(b->x1, s->x[v]);
        b->y1 = fmax(b->y1, s->y[v]);
    }
}

static int box_overlaps(const box *a, const box *b)
{
    return a->x0 <= b->x1 && b->x0 <= a->x1 && a->y0 <= b->y1 && b->y0 <= a->y1;
}

/* The within polygons moved to the blocks' CRS. */
static int read_within(zp_change_ctx *x, zp_shape **shapes, size_t *n)
{
    char *prj = NULL;
    const char *path = x->ch->within;
    int rc = zp_polygons_read(path, "scale_children.within", shapes, n, &prj);
    if (rc)
        return zp_change_wrap(x, rc);
    const char *to = zp_change_layer_crs(x, 0);
    if (!prj)
        rc = zp_change_fail(x, ZP_EINPUT,
                            "%s: no .prj file, so the polygons' CRS is unknown; export the "
                            "layer with its coordinate system",
                            path);
    else if (!to)
        rc = zp_change_fail(x, ZP_EINPUT,
                            "the blocks layer has no CRS (no .prj and no blocks.crs or crs in "
                            "the scenario), so %s cannot be placed on it",
                            path);
    for (size_t i = 0; !rc && i < *n; i++)
        rc = transform_to(x, prj, to, "blocks layer's CRS", (*shapes)[i].x, (*shapes)[i].y,
                          (size_t)(*shapes)[i].nverts);
    free(prj);
    return rc;
}

/* One prepared area for all polygons of the file. */
static int within_area(zp_change_ctx *x, const zp_shape *shapes, size_t n, GEOSGeometry **out)
{
    GEOSContextHandle_t h = x->gctx;
    GEOSGeometry **parts = calloc(n, sizeof *parts);
    if (!parts)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        if ((parts[np] = shape_area(h, &shapes[i])))
            np++;
    GEOSGeometry *all =
        np ? GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)np) : NULL;
    free(parts);
    *out = all ? GEOSUnaryUnion_r(h, all) : NULL;
    if (all)
        GEOSGeom_destroy_r(h, all);
    if (!*out)
        return zp_change_fail(x, ZP_EINPUT, "%s: no polygon with an area could be read",
                              x->ch->within);
    return ZP_OK;
}

/* A block's representative point: the point itself, or a point on its polygon's surface. */
static GEOSGeometry *block_point(GEOSContextHandle_t h, const zp_shape *s)
{
    if (s->nparts == 0)
        return GEOSGeom_createPointFromXY_r(h, s->x[0], s->y[0]);
    GEOSGeometry *a = shape_area(h, s);
    GEOSGeometry *p = a ? GEOSPointOnSurface_r(h, a) : NULL;
    if (a)
        GEOSGeom_destroy_r(h, a);
    return p;
}

static int mark_blocks(zp_change_ctx *x, const GEOSGeometry *area, const box *wb,
                       unsigned char *inside, size_t *count)
{
    GEOSContextHandle_t h = x->gctx;
    const GEOSPreparedGeometry *pg = GEOSPrepare_r(h, area);
    if (!pg)
        return zp_error_set(ZP_ERROR, "GEOS cannot prepare the within polygons");
    *count = 0;
    for (size_t b = 0; b < x->ds->nblocks; b++) {
        const zp_shape *s = &x->ds->blocks[b].shape;
        box bb = {HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
        box_add(&bb, s);
        if (!box_overlaps(&bb, wb))
            continue;
        GEOSGeometry *pt = block_point(h, s);
        if (pt && GEOSPreparedIntersects_r(h, pg, pt) == 1) {
            inside[b] = 1;
            (*count)++;
        }
        if (pt)
            GEOSGeom_destroy_r(h, pt);
    }
    GEOSPreparedGeom_destroy_r(h, pg);
    return ZP_OK;
}

int zp_change_within(zp_change_ctx *x, unsigned char *inside, size_t *count)
{
    zp_shape *shapes = NULL;
    size_t n = 0;
    GEOSGeometry *area = NULL;
    box wb = {HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
    box all = wb;
    int rc = contexts(x);
    if (!rc)
        rc = read_within(x, &shapes, &n);
    for (size_t i = 0; !rc && i < n; i++)
        box_add(&wb, &shapes[i]);
    if (!rc)
        rc = within_area(x, shapes, n, &area);
    if (!rc)
        rc = mark_blocks(x, area, &wb, inside, count);
    for (size_t b = 0; !rc && !*count && b < x->ds->nblocks; b++)
        box_add(&all, &x->ds->blocks[b].shape);
    if (!rc && !*count)
        rc = zp_change_fail(x, ZP_EINPUT,
                            "no block lies inside the polygons of %s (a CRS mistake? in the "
                            "blocks' CRS the polygons span x %.1f..%.1f, y %.1f..%.1f and the "
                            "blocks x %.1f..%.1f, y %.1f..%.1f)",
                            x->ch->within, wb.x0, wb.x1, wb.y0, wb.y1, all.x0, all.x1, all.y0,
                            all.y1);
    if (area)
        GEOSGeom_destroy_r(x->gctx, area);
    for (size_t i = 0; i < n; i++)
        zp_shape_free(&shapes[i]);
    free(shapes);
    return rc;
}
