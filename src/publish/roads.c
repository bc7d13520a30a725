/* The roads on the maps of a walking run: the layer summary.json names, its walkable lines
 * moved into the drawing plane, each marked a bridge where it crosses a barrier (a river),
 * so a reader sees where a catchment may cross the water and why.
 *
 * The run folder keeps the path, not a copy (at a million blocks the roads are larger than
 * the run): a layer moved since the run leaves the maps without roads, with a warning. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "pub_internal.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

static char *dup_or_null(json_t *v)
{
    return json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

/* From summary.json's "roads" object (root as read); nothing when absent. */
int zp_pub_roads_spec(zp_pub *p, json_t *root)
{
    json_t *o = json_object_get(root, "roads");
    zp_pub_roads *r = &p->roads;
    if (!json_is_object(o))
        return ZP_OK;
    r->path = dup_or_null(json_object_get(o, "path"));
    r->encoding = dup_or_null(json_object_get(o, "encoding"));
    r->crs = dup_or_null(json_object_get(o, "crs"));
    r->field = dup_or_null(json_object_get(o, "walkable_field"));
    r->barriers = dup_or_null(json_object_get(o, "barriers"));
    r->barriers_crs = dup_or_null(json_object_get(o, "barriers_crs"));
    json_t *ex = json_object_get(o, "exclude");
    size_t n = json_is_array(ex) ? json_array_size(ex) : 0;
    r->exclude = calloc(n + 1, sizeof *r->exclude);
    for (size_t i = 0; r->exclude && i < n; i++)
        r->exclude[i] = dup_or_null(json_array_get(ex, i));
    return r->exclude ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
}

/* A layer's shapes into the plane: its CRS to longitude/latitude, then the plane's inverse. */
static int to_plane(zp_pub *p, const char *crs, zp_shape *s, size_t n)
{
    PJ *op = proj_create_crs_to_crs(p->pctx, crs, "EPSG:4326", NULL);
    PJ *norm = op ? proj_normalize_for_visualization(p->pctx, op) : NULL;
    proj_destroy(op);
    if (!norm)
        return zp_error_set(ZP_EINPUT, "roads: PROJ cannot take %s to longitude/latitude", crs);
    int bad = 0;
    for (size_t i = 0; i < n && !bad; i++) /* to lon/lat, then into the plane */
        bad = zp_pub_transform_shape(norm, PJ_FWD, &s[i]) ||
              zp_pub_transform_shape(p->plane_to_ll, PJ_INV, &s[i]);
    proj_destroy(norm);
    return bad ? zp_error_set(ZP_EINPUT, "roads: a vertex in %s cannot be moved onto the map", crs)
               : ZP_OK;
}

static int read_plane(zp_pub *p, const zp_shapes_spec *spec, const char *crs, zp_shapes *out)
{
    int rc = zp_shapes_read(spec, out);
    const char *c = crs ? crs : out->prj;
    if (!rc && !c)
        rc = zp_error_set(ZP_EINPUT, "%s: no .prj and no crs", spec->path);
    if (!rc)
        rc = to_plane(p, c, out->shape, out->n);
    return rc;
}

static GEOSGeometry *line_of(GEOSContextHandle_t g, const double *x, const double *y, size_t n)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromArrays_r(g, x, y, NULL, NULL, (unsigned)n);
    return cs ? GEOSGeom_createLineString_r(g, cs) : NULL;
}

/* The barriers as pieces: a polygon's every ring as an area (a river, a lake; its islands'
 * rings too), a line as a line. */
typedef struct barrier_set {
    GEOSGeometry **part;
    size_t n;
    GEOSGeometry *all; /* every piece, for the prepared first test */
    const GEOSPreparedGeometry *prep;
} barrier_set;

static void barriers_free(zp_pub *p, barrier_set *b)
{
    if (b->prep)
        GEOSPreparedGeom_destroy_r(p->gctx, b->prep);
    if (b->all) /* owns the parts */
        GEOSGeom_destroy_r(p->gctx, b->all);
    else
        for (size_t i = 0; i < b->n; i++)
            GEOSGeom_destroy_r(p->gctx, b->part[i]);
    free(b->part);
}

static int barrier_parts(zp_pub *p, const zp_shapes *bs, barrier_set *b)
{
    size_t n = 0;
    for (size_t i = 0; i < bs->n; i++)
        n += (size_t)bs->shape[i].nparts;
    b->part = malloc((n + 1) * sizeof *b->part);
    if (!b->part)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; i < bs->n; i++) {
        const zp_shape *s = &bs->shape[i];
        int area = s->shp_type == 5 || s->shp_type == 15 || s->shp_type == 25; /* SHPT_POLYGON* */
        for (int j = 0; j < s->nparts; j++) {
            int a = s->part_start[j], e = j + 1 < s->nparts ? s->part_start[j + 1] : s->nverts;
            if (e - a < (area ? 4 : 2))
                continue;
            GEOSCoordSequence *cs = GEOSCoordSeq_copyFromArrays_r(p->gctx, s->x + a, s->y + a, NULL,
                                                                  NULL, (unsigned)(e - a));
            GEOSGeometry *g = NULL;
            if (cs && area) {
                GEOSGeometry *ring = GEOSGeom_createLinearRing_r(p->gctx, cs);
                g = ring ? GEOSGeom_createPolygon_r(p->gctx, ring, NULL, 0) : NULL;
            } else if (cs) {
                g = GEOSGeom_createLineString_r(p->gctx, cs);
            }
            if (g)
                b->part[b->n++] = g;
        }
    }
    if (!b->n)
        return ZP_OK;
    b->all = GEOSGeom_createCollection_r(p->gctx, GEOS_GEOMETRYCOLLECTION, b->part, (unsigned)b->n);
    b->prep = b->all ? GEOSPrepare_r(p->gctx, b->all) : NULL;
    return b->prep ? ZP_OK : zp_error_set(ZP_ERROR, "barriers: GEOS cannot index them");
}

/* A bridge: it crosses a barrier line, or its middle is over a barrier area (the water), more
 * than a metre from the edge; a road along the bank only touches the river's edge (within the
 * millimetres the data's own rounding puts it in or out). */
static int is_bridge(zp_pub *p, const barrier_set *b, const GEOSGeometry *l)
{
    if (!b->prep || GEOSPreparedIntersects_r(p->gctx, b->prep, l) != 1)
        return 0;
    GEOSGeometry *mid = GEOSInterpolateNormalized_r(p->gctx, l, 0.5);
    int yes = 0;
    for (size_t i = 0; !yes && i < b->n; i++) {
        if (GEOSGeomTypeId_r(p->gctx, b->part[i]) != GEOS_POLYGON) {
            yes = GEOSRelatePattern_r(p->gctx, l, b->part[i], "T********") == 1;
            continue;
        }
        double d = 0;
        const GEOSGeometry *edge = GEOSGetExteriorRing_r(p->gctx, b->part[i]);
        yes = mid && GEOSContains_r(p->gctx, b->part[i], mid) == 1 && edge &&
              GEOSDistance_r(p->gctx, mid, edge, &d) == 1 && d > 1.0;
    }
    if (mid)
        GEOSGeom_destroy_r(p->gctx, mid);
    return yes;
}

static int keep_roads(zp_pub *p, const zp_shapes *rs, const barrier_set *bar)
{
    zp_pub_roads *r = &p->roads;
    size_t nv = 0, nl = 0;
    for (size_t i = 0; i < rs->n; i++)
        if (!rs->excluded[i])
            nv += (size_t)rs->shape[i].nverts, nl += (size_t)rs->shape[i].nparts;
    r->start = malloc((nl + 1) * sizeof *r->start);
    r->x = malloc((nv + 1) * sizeof *r->x);
    r->y = malloc((nv + 1) * sizeof *r->y);
    r->bridge = calloc(nl + 1, 1);
    if (!r->start || !r->x || !r->y || !r->bridge)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t at = 0;
    r->start[0] = 0;
    for (size_t i = 0; i < rs->n; i++) {
        const zp_shape *s = &rs->shape[i];
        for (int j = 0; !rs->excluded[i] && j < s->nparts; j++) {
            int a = s->part_start[j], e = j + 1 < s->nparts ? s->part_start[j + 1] : s->nverts;
            memcpy(r->x + at, s->x + a, (size_t)(e - a) * sizeof *r->x);
            memcpy(r->y + at, s->y + a, (size_t)(e - a) * sizeof *r->y);
            GEOSGeometry *l =
                bar->n && e - a >= 2 ? line_of(p->gctx, s->x + a, s->y + a, (size_t)(e - a)) : NULL;
            r->bridge[r->n] = l && is_bridge(p, bar, l);
            if (l)
                GEOSGeom_destroy_r(p->gctx, l);
            at += (size_t)(e - a);
            r->start[++r->n] = at;
        }
    }
    return ZP_OK;
}

int zp_pub_load_roads(zp_pub *p)
{
    zp_pub_roads *r = &p->roads;
    if (!r->path)
        return ZP_OK;
    zp_shapes rs = {0}, bs = {0};
    zp_shapes_spec rspec = {r->path,  "roads",          r->encoding, ZP_SHAPES_LINES,
                            r->field, "walkable.field", r->exclude};
    zp_shapes_spec bspec = {r->barriers, "barriers", NULL, ZP_SHAPES_LINES | ZP_SHAPES_POLYGONS,
                            NULL,        NULL,       NULL};
    int rc = read_plane(p, &rspec, r->crs, &rs);
    if (!rc && r->barriers)
        rc = read_plane(p, &bspec, r->barriers_crs, &bs);
    if (rc == ZP_EINPUT) { /* the layer moved or changed since the run: maps without roads */
        zp_warn("%s: the maps are drawn without roads", zp_error_last());
        rc = ZP_OK;
        zp_shapes_free(&rs);
        zp_shapes_free(&bs);
        return rc;
    }
    barrier_set bar = {0};
    if (!rc)
        rc = barrier_parts(p, &bs, &bar);
    if (!rc)
        rc = keep_roads(p, &rs, &bar);
    barriers_free(p, &bar);
    zp_shapes_free(&rs);
    zp_shapes_free(&bs);
    return rc;
}

void zp_pub_roads_free(zp_pub_roads *r)
{
    free(r->path);
    free(r->encoding);
    free(r->crs);
    free(r->field);
    free(r->barriers);
    free(r->barriers_crs);
    for (size_t i = 0; r->exclude && r->exclude[i]; i++)
        free(r->exclude[i]);
    free(r->exclude);
    free(r->start);
    free(r->x);
    free(r->y);
    free(r->bridge);
    memset(r, 0, sizeof *r);
}
