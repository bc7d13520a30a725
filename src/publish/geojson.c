/* catchments.geojson and schools.geojson: the plan for web maps and GIS tools that read
 * GeoJSON (RFC 7946), with the same attribute names and types as catchments.dbf and
 * schools.dbf. RFC 7946 fixes WGS 84 longitude/latitude (so no "crs" member) and the
 * right-hand rule, which the shapefile's clockwise exteriors break: every ring is
 * oriented again here after rounding, on the positions actually written. Coordinates are
 * printed with fixed decimals and properties through jansson in insertion order, so the
 * same run folder gives the same bytes. map.html embeds its geometries through the same
 * functions. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/out.h"
#include "core/util.h"
#include "web_assets.h"
#include "zoneplan/errors.h"

enum { DECIMALS = 7 }; /* 1e-7 degrees is about 1 cm */

/* One ring: n positions from pair start of ll_geom.c, closed, oriented for RFC 7946. */
typedef struct ll_ring {
    size_t start, n;
    int exterior; /* starts a new polygon */
} ll_ring;

/* A geometry's polygons in lon/lat, built before writing because rings that rounding
 * collapses are left out, and with them the choice of Polygon or MultiPolygon. */
typedef struct ll_geom {
    double *c; /* lon, lat, lon, lat, ... */
    size_t nc, capc;
    ll_ring *r;
    size_t nr, capr;
    double scale; /* 10^decimals */
} ll_geom;

/* zp_grow (core/util.h) with the error set. */
static int grow(void **a, size_t *cap, size_t need, size_t size)
{
    return zp_grow(a, cap, need, size) ? zp_error_set(ZP_ENOMEM, "out of memory") : ZP_OK;
}

static int push(ll_geom *g, double lon, double lat)
{
    int rc = grow((void **)&g->c, &g->capc, 2 * (g->nc + 1), sizeof *g->c);
    if (!rc) {
        g->c[2 * g->nc] = lon;
        g->c[2 * g->nc + 1] = lat;
        g->nc++;
    }
    return rc;
}

/* Twice the signed area of a closed ring (shoelace, relative to its first position so
 * degrees far from zero keep their precision): positive when counter-clockwise. */
static double ring_area2(const double *c, size_t n)
{
    double a = 0;
    for (size_t i = 1; i + 1 < n; i++)
        a += (c[2 * i] - c[0]) * (c[2 * i + 3] - c[1]) -
             (c[2 * i + 2] - c[0]) * (c[2 * i + 1] - c[1]);
    return a;
}

static void reverse(double *c, size_t n)
{
    for (size_t i = 0, j = n - 1; i < j; i++, j--)
        for (int k = 0; k < 2; k++) {
            double t = c[2 * i + k];
            c[2 * i + k] = c[2 * j + k];
            c[2 * j + k] = t;
        }
}

static int lonlat(const zp_pub *p, double x, double y, double *lon, double *lat)
{
    if (zp_pub_to_lonlat(p, x, y, lon, lat))
        return zp_error_set(ZP_ERROR, "%s: cannot turn plane (%.1f, %.1f) into longitude/latitude",
                            p->dir, x, y);
    return ZP_OK;
}

/* Append one ring (longitude/latitude on the grid) without repeated positions; a ring with
 * no area is dropped and *kept is 0. */
static int ring_add(const zp_pub *p, ll_geom *g, const GEOSGeometry *ring, int exterior, int *kept)
{
    *kept = 0;
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(p->gctx, ring);
    unsigned int n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(p->gctx, seq, &n))
        return zp_error_set(ZP_ERROR, "GEOS: cannot read the positions of a ring");
    size_t start = g->nc;
    for (unsigned int i = 0; i < n; i++) {
        double lon, lat;
        int rc = ZP_OK;
        if (!GEOSCoordSeq_getXY_r(p->gctx, seq, i, &lon, &lat))
            return zp_error_set(ZP_ERROR, "GEOS: cannot read position %u of a ring", i);
        lon = round(lon * g->scale) / g->scale; /* on the grid already: drops float noise */
        lat = round(lat * g->scale) / g->scale;
        const double *last = g->nc > start ? &g->c[2 * (g->nc - 1)] : NULL;
        if (!(last && last[0] == lon && last[1] == lat) && (rc = push(g, lon, lat)))
            return rc;
    }
    size_t m = g->nc - start;
    double a = m >= 4 ? ring_area2(&g->c[2 * start], m) : 0;
    if (a == 0) {
        g->nc = start;
        return ZP_OK;
    }
    if ((a > 0) != (exterior != 0))
        reverse(&g->c[2 * start], m);
    int rc = grow((void **)&g->r, &g->capr, g->nr + 1, sizeof *g->r);
    if (!rc) {
        g->r[g->nr++] = (ll_ring){start, m, exterior};
        *kept = 1;
    }
    return rc;
}

static int polygon_add(const zp_pub *p, ll_geom *g, const GEOSGeometry *poly)
{
    int kept = 0;
    int rc = ring_add(p, g, GEOSGetExteriorRing_r(p->gctx, poly), 1, &kept);
    int holes = GEOSGetNumInteriorRings_r(p->gctx, poly);
    for (int i = 0; !rc && kept && i < holes; i++) {
        int hole_kept;
        rc = ring_add(p, g, GEOSGetInteriorRingN_r(p->gctx, poly, i), 0, &hole_kept);
    }
    return rc;
}

/* Every polygon of g, in order; lines and points have no area and are left out. */
static int collect(const zp_pub *p, ll_geom *g, const GEOSGeometry *geom)
{
    if (GEOSisEmpty_r(p->gctx, geom) == 1)
        return ZP_OK;
    int type = GEOSGeomTypeId_r(p->gctx, geom);
    if (type == GEOS_POLYGON)
        return polygon_add(p, g, geom);
    if (type != GEOS_MULTIPOLYGON && type != GEOS_GEOMETRYCOLLECTION)
        return ZP_OK;
    int n = GEOSGetNumGeometries_r(p->gctx, geom), rc = ZP_OK;
    for (int i = 0; !rc && i < n; i++)
        rc = collect(p, g, GEOSGetGeometryN_r(p->gctx, geom, i));
    return rc;
}

static void put_position(FILE *fp, const double *c, int decimals, double bbox[4])
{
    fprintf(fp, "[%.*f,%.*f]", decimals, c[0], decimals, c[1]);
    bbox[0] = fmin(bbox[0], c[0]);
    bbox[1] = fmin(bbox[1], c[1]);
    bbox[2] = fmax(bbox[2], c[0]);
    bbox[3] = fmax(bbox[3], c[1]);
}

static void put_geom(FILE *fp, const ll_geom *g, int decimals, double bbox[4])
{
    size_t npoly = 0;
    for (size_t i = 0; i < g->nr; i++)
        npoly += g->r[i].exterior != 0;
    if (!npoly) {
        fputs("null", fp);
        return;
    }
    fprintf(fp, "{\"type\":\"%s\",\"coordinates\":[", npoly > 1 ? "MultiPolygon" : "Polygon");
    for (size_t i = 0; i < g->nr; i++) {
        const ll_ring *r = &g->r[i];
        if (!r->exterior)
            fputc(',', fp);
        else if (npoly > 1)
            fputs(i ? "],[" : "[", fp); /* a MultiPolygon's polygons are arrays of rings */
        fputc('[', fp);
        for (size_t k = 0; k < r->n; k++) {
            if (k)
                fputc(',', fp);
            put_position(fp, &g->c[2 * (r->start + k)], decimals, bbox);
        }
        fputc(']', fp);
    }
    fputs(npoly > 1 ? "]]}" : "]}", fp);
}

static int to_lonlat_xy(double *x, double *y, void *ud)
{
    double lon, lat;
    if (zp_pub_to_lonlat(ud, *x, *y, &lon, &lat))
        return 0;
    *x = lon;
    *y = lat;
    return 1;
}

/* g in longitude/latitude on the grid of `decimals` places, by GEOS's precision reducer: it
 * keeps the result valid where rounding each position alone could make a ring cross itself
 * or touch a neighbour's. */
static GEOSGeometry *lonlat_on_grid(const zp_pub *p, const GEOSGeometry *g, double scale)
{
    GEOSGeometry *ll = GEOSGeom_transformXY_r(p->gctx, g, to_lonlat_xy, (void *)p);
    GEOSGeometry *snapped = ll ? GEOSGeom_setPrecision_r(p->gctx, ll, 1 / scale, 0) : NULL;
    if (ll)
        GEOSGeom_destroy_r(p->gctx, ll);
    return snapped;
}

int zp_pub_geometry_json(const zp_pub *p, const GEOSGeometry *g, int decimals, FILE *fp,
                         double bbox[4])
{
    ll_geom ll = {.scale = pow(10, decimals)};
    zp_error_clear();
    GEOSGeometry *grid = g ? lonlat_on_grid(p, g, ll.scale) : NULL;
    int rc = ZP_OK;
    if (g && !grid) { /* PROJ's message (zp_pub_to_lonlat) or else GEOS's, copied first */
        char why[512];
        snprintf(why, sizeof why, "%s",
                 zp_error_code() ? zp_error_last() : "GEOS could not snap it to the grid");
        rc = zp_error_set(ZP_ERROR, "%s: a catchment cannot be put into longitude/latitude: %s",
                          p->dir, why);
    } else if (grid) {
        rc = collect(p, &ll, grid);
    }
    if (!rc)
        put_geom(fp, &ll, decimals, bbox);
    if (grid)
        GEOSGeom_destroy_r(p->gctx, grid);
    free(ll.c);
    free(ll.r);
    return rc;
}

int zp_pub_position_json(const zp_pub *p, double x, double y, int decimals, FILE *fp,
                         double bbox[4])
{
    double c[2], scale = pow(10, decimals);
    int rc = lonlat(p, x, y, &c[0], &c[1]);
    if (rc)
        return rc;
    c[0] = round(c[0] * scale) / scale;
    c[1] = round(c[1] * scale) / scale;
    put_position(fp, c, decimals, bbox);
    return ZP_OK;
}

int zp_pub_json_put(FILE *fp, const json_t *v, int in_html)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
                                JSON_REAL_PRECISION(15));
    if (!s)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (const char *q = s; *q; q++) /* '<' appears only inside strings, where \u003c is it */
        if (in_html && *q == '<')
            fputs("\\u003c", fp);
        else
            fputc(*q, fp);
    free(s);
    return ZP_OK;
}

json_t *zp_pub_json_text(const char *text)
{
    json_t *v = json_string(text ? text : "");
    if (!v)
        zp_error_set(ZP_EINPUT, "'%s': not UTF-8 text (or out of memory)", text);
    return v;
}

json_t *zp_pub_json_real(double v, int decimals)
{
    if (!isfinite(v))
        return json_null();
    double scale = pow(10, decimals);
    return json_real(round(v * scale) / scale);
}

/* Set key to v; a NULL v (its error set) makes the object fail. */
static int put(json_t *o, const char *key, json_t *v)
{
    return v && !json_object_set_new(o, key, v) ? 0 : 1;
}

/* The fields of catchments.dbf, same names, same types, same decimals (the public notice's:
 * the school and level only). */
static json_t *catchment_props(const zp_pub *p, const zp_pub_catchment *c)
{
    const zp_pub_school *s = &p->schools[c->school];
    json_t *o = json_object();
    if (!o)
        return NULL;
    int bad = put(o, "SCHOOL_ID", zp_pub_json_text(s->id));
    bad |= put(o, "NAME", zp_pub_json_text(s->name));
    bad |= put(o, "LEVEL", json_string(zp_level_name((zp_level)c->level)));
    bad |= put(o, "TYPE", json_string(zp_school_type_name((zp_school_type)s->type)));
    if (p->public_notice) /* the notice's: who is admitted where, no figures or flags */
        return bad ? (json_decref(o), NULL) : o;
    bad |= put(o, "CHILDREN", json_integer((json_int_t)c->children));
    bad |= put(o, "CAPACITY", json_integer((json_int_t)c->capacity));
    bad |= put(o, "UTIL", zp_pub_json_real(c->util, 3));
    bad |= put(o, "BLOCKS", json_integer(c->nblocks));
    bad |= put(o, "FLAGS", zp_pub_json_text(c->flags));
    bad |= put(o, "PIECES", json_integer(c->pieces));
    bad |= put(o, "AREA_KM2", zp_pub_json_real(c->area_km2, 4));
    bad |= put(o, "PP", zp_pub_json_real(c->pp, 4));
    bad |= put(o, "MEAN_M", zp_pub_json_real(c->mean_m, 1));
    bad |= put(o, "P95_M", zp_pub_json_real(c->p95_m, 1));
    bad |= put(o, "MAX_M", zp_pub_json_real(c->max_m, 1));
    if (bad)
        json_decref(o);
    return bad ? NULL : o;
}

/* The fields of schools.dbf (the public notice's: the school, its type and status). */
static json_t *school_props(const zp_pub *p, const zp_pub_school *s)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    int bad = put(o, "SCHOOL_ID", zp_pub_json_text(s->id));
    bad |= put(o, "NAME", zp_pub_json_text(s->name));
    bad |= put(o, "TYPE", json_string(zp_school_type_name((zp_school_type)s->type)));
    if (p->public_notice) {
        bad |= put(o, "STATUS", json_string(s->closed ? "closed" : "open"));
        return bad ? (json_decref(o), NULL) : o;
    }
    bad |= put(o, "PRI_KIDS", json_integer((json_int_t)s->children[ZP_PRIMARY]));
    bad |= put(o, "PRI_CAP", json_integer((json_int_t)s->capacity[ZP_PRIMARY]));
    bad |= put(o, "JUN_KIDS", json_integer((json_int_t)s->children[ZP_JUNIOR]));
    bad |= put(o, "JUN_CAP", json_integer((json_int_t)s->capacity[ZP_JUNIOR]));
    bad |= put(o, "PUPILS", json_integer((json_int_t)s->pupils));
    bad |= put(o, "SCHOOL_CAP", json_integer((json_int_t)s->school_cap));
    bad |= put(o, "FLAGS", zp_pub_json_text(s->flags));
    bad |= put(o, "STATUS", json_string(s->closed ? "closed" : "open"));
    if (bad)
        json_decref(o);
    return bad ? NULL : o;
}

/* The start of one Feature up to its geometry; props is consumed, NULL when building it
 * failed (a text not UTF-8 has set the error; otherwise memory ran out). */
static int put_feature(FILE *fp, json_t *props, size_t i)
{
    if (!props)
        return zp_error_code() ? zp_error_code() : zp_error_set(ZP_ENOMEM, "out of memory");
    fputs(i ? ",\n{\"type\":\"Feature\",\"properties\":" : "{\"type\":\"Feature\",\"properties\":",
          fp);
    int rc = zp_pub_json_put(fp, props, 0);
    json_decref(props);
    fputs(",\"geometry\":", fp);
    return rc;
}

static int catchment_features(const zp_pub *p, FILE *fp, double bbox[4])
{
    int rc = ZP_OK;
    for (size_t i = 0; !rc && i < p->ncatchments; i++) {
        const zp_pub_catchment *c = &p->catchments[i];
        zp_error_clear(); /* so put_feature tells a bad text (error set) from no memory */
        rc = put_feature(fp, catchment_props(p, c), i);
        if (!rc)
            rc = zp_pub_geometry_json(p, c->geom, DECIMALS, fp, bbox);
        fputc('}', fp);
    }
    return rc;
}

static int school_features(const zp_pub *p, FILE *fp, double bbox[4])
{
    int rc = ZP_OK;
    for (size_t i = 0; !rc && i < p->nschools; i++) {
        const zp_pub_school *s = &p->schools[i];
        zp_error_clear();
        rc = put_feature(fp, school_props(p, s), i);
        fputs("{\"type\":\"Point\",\"coordinates\":", fp);
        if (!rc)
            rc = zp_pub_position_json(p, s->x, s->y, DECIMALS, fp, bbox);
        fputs("}}", fp);
    }
    return rc;
}

/* Write NAME: the features go through a memory stream first because the collection's
 * bbox, which readers expect before them, is known only once every position is out. */
static int write_collection(const zp_pub *p, const char *dir, const char *name,
                            int (*features)(const zp_pub *, FILE *, double *))
{
    char *body = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&body, &len);
    if (!mem)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    double bbox[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    int rc = features(p, mem, bbox);
    if (fclose(mem) != 0 && !rc)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    FILE *fp = NULL;
    if (!rc)
        rc = zp_out_open(dir, name, &fp);
    if (!rc) {
        fputs("{\"type\":\"FeatureCollection\",", fp);
        if (bbox[0] <= bbox[2])
            fprintf(fp, "\"bbox\":[%.*f,%.*f,%.*f,%.*f],", DECIMALS, bbox[0], DECIMALS, bbox[1],
                    DECIMALS, bbox[2], DECIMALS, bbox[3]);
        fprintf(fp, "\"features\":[%s", len ? "\n" : "");
        fwrite(body, 1, len, fp);
        fputs(len ? "\n]}\n" : "]}\n", fp);
        rc = zp_out_close(fp, dir, name);
    }
    free(body);
    return rc;
}

int zp_pub_write_geojson(const zp_pub *p, const char *dir)
{
    char catchments[64], schools[64];
    zp_pub_file_name(p, "catchments.geojson", catchments, sizeof catchments);
    zp_pub_file_name(p, "schools.geojson", schools, sizeof schools);
    int rc = write_collection(p, dir, catchments, catchment_features);
    return rc ? rc : write_collection(p, dir, schools, school_features);
}
