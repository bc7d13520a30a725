/* catchments.geojson and schools.geojson of the sample run against RFC 7946 and against
 * the run's own files: a FeatureCollection in WGS 84 with no "crs", closed rings of at
 * least four positions, exterior rings counter-clockwise and holes clockwise (signed area
 * computed here), one feature per record of catchments.shp / schools.shp with the .dbf's
 * field names in order and of the same types, children per level as summary.json's
 * placed, and the same bytes when the run folder is published twice. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "publish/pub_internal.h"
#include "support.h"
#include "zoneplan/errors.h"

static char *dir;
static char run_dir[1024];

/* Publish the GeoJSON of run_dir into dir/NAME (the writer's part of `zoneplan publish`). */
static void write_geojson(const char *name)
{
    char out[1100];
    snprintf(out, sizeof out, "%s/%s", dir, name);
    cr_assert_eq(mkdir(out, 0755), 0);
    zp_pub *p = NULL;
    int rc = zp_pub_load(run_dir, ZP_LANG_ZH, &p);
    cr_assert_eq(rc, 0, "load: %s", zp_error_last());
    rc = zp_pub_write_geojson(p, out);
    cr_assert_eq(rc, 0, "write: %s", zp_error_last());
    zp_pub_free(p);
}

static void setup(void)
{
    dir = zpt_tmpdir();
    snprintf(run_dir, sizeof run_dir, "%s/run", dir);
    char cmd[2048], *log = NULL;
    snprintf(cmd, sizeof cmd, "%s run %s/scenarios/sample-baseline.yaml --out %s --no-publish",
             ZP_CLI, ZP_SOURCE_DIR, run_dir);
    int rc = zpt_run(cmd, &log);
    cr_assert_eq(rc, 0, "%s", log);
    free(log);
    write_geojson("pub");
}

static void setup_dir(void)
{
    dir = zpt_tmpdir();
}

static void teardown(void)
{
    zpt_rmtree(dir);
    free(dir);
}

static json_t *load_json(const char *path)
{
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    cr_assert_not_null(root, "%s: line %d: %s", path, err.line, err.text);
    return root;
}

static json_t *load_collection(const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/pub/%s", dir, name);
    json_t *fc = load_json(path);
    cr_assert_str_eq(json_string_value(json_object_get(fc, "type")), "FeatureCollection");
    cr_assert_null(json_object_get(fc, "crs"), "%s: RFC 7946 has no crs member", name);
    cr_assert(json_is_array(json_object_get(fc, "features")));
    return fc;
}

/* A position [lon, lat] in WGS 84, inside the sample district (about 114.3 E, 30.6 N) and
 * inside the collection's bbox. */
static void check_position(json_t *pos, const double *bbox)
{
    cr_assert(json_is_array(pos) && json_array_size(pos) == 2, "a position is [lon, lat]");
    double lon = json_number_value(json_array_get(pos, 0));
    double lat = json_number_value(json_array_get(pos, 1));
    cr_assert(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90, "(%f, %f)", lon, lat);
    cr_assert(lon > 113.5 && lon < 115.5 && lat > 20 && lat < 46,
              "(%f, %f) not lon/lat of the "
              "sample",
              lon, lat);
    cr_assert(lon >= bbox[0] && lat >= bbox[1] && lon <= bbox[2] && lat <= bbox[3],
              "(%f, %f) outside the bbox", lon, lat);
}

/* Twice the signed area, positive counter-clockwise (x east, y north). */
static double ring_area2(json_t *ring)
{
    double a = 0;
    size_t n = json_array_size(ring);
    for (size_t i = 0; i + 1 < n; i++) {
        json_t *p = json_array_get(ring, i), *q = json_array_get(ring, i + 1);
        a += json_number_value(json_array_get(p, 0)) * json_number_value(json_array_get(q, 1)) -
             json_number_value(json_array_get(q, 0)) * json_number_value(json_array_get(p, 1));
    }
    return a;
}

static void check_polygon(json_t *poly, const double *bbox)
{
    cr_assert(json_is_array(poly) && json_array_size(poly) >= 1, "a polygon has rings");
    for (size_t r = 0; r < json_array_size(poly); r++) {
        json_t *ring = json_array_get(poly, r);
        size_t n = json_array_size(ring);
        cr_assert_geq(n, 4, "a ring has at least four positions");
        for (size_t i = 0; i < n; i++)
            check_position(json_array_get(ring, i), bbox);
        cr_assert(json_equal(json_array_get(ring, 0), json_array_get(ring, n - 1)),
                  "a ring is closed");
        double a = ring_area2(ring);
        if (r == 0)
            cr_assert_gt(a, 0, "exterior ring not counter-clockwise");
        else
            cr_assert_lt(a, 0, "hole not clockwise");
    }
}

/* Polygon or MultiPolygon; returns the number of polygons. */
static size_t check_geometry(json_t *g, const double *bbox)
{
    const char *type = json_string_value(json_object_get(g, "type"));
    json_t *coords = json_object_get(g, "coordinates");
    cr_assert_not_null(type);
    if (!strcmp(type, "Polygon")) {
        check_polygon(coords, bbox);
        return 1;
    }
    cr_assert_str_eq(type, "MultiPolygon");
    cr_assert_geq(json_array_size(coords), 2, "a MultiPolygon of one part should be a Polygon");
    for (size_t i = 0; i < json_array_size(coords); i++)
        check_polygon(json_array_get(coords, i), bbox);
    return json_array_size(coords);
}

static void read_bbox(json_t *fc, double *bbox)
{
    json_t *b = json_object_get(fc, "bbox");
    cr_assert(json_is_array(b) && json_array_size(b) == 4);
    for (int i = 0; i < 4; i++)
        bbox[i] = json_number_value(json_array_get(b, (size_t)i));
    cr_assert(bbox[0] < bbox[2] && bbox[1] < bbox[3]);
}

/* The properties are the .dbf's fields, same names in the same order, same types (text;
 * a number without decimals is an integer, with decimals a real), and the values of
 * record rec. */
static void check_properties(json_t *props, DBFHandle dbf, int rec)
{
    int n = DBFGetFieldCount(dbf);
    cr_assert_eq(json_object_size(props), (size_t)n);
    void *it = json_object_iter(props);
    for (int f = 0; f < n; f++, it = json_object_iter_next(props, it)) {
        char name[XBASE_FLDNAME_LEN_READ + 1];
        int decimals = 0;
        DBFGetFieldInfo(dbf, f, name, NULL, &decimals);
        char type = DBFGetNativeFieldType(dbf, f);
        cr_assert_not_null(it);
        cr_assert_str_eq(json_object_iter_key(it), name, "field %d", f);
        json_t *v = json_object_iter_value(it);
        if (type == 'C')
            cr_assert_str_eq(json_string_value(v), DBFReadStringAttribute(dbf, rec, f), "%s", name);
        else if (decimals == 0)
            cr_assert(json_is_integer(v) &&
                          json_integer_value(v) == (json_int_t)DBFReadDoubleAttribute(dbf, rec, f),
                      "%s: not the integer of record %d", name, rec + 1);
        else
            cr_assert(json_is_real(v) &&
                          fabs(json_real_value(v) - DBFReadDoubleAttribute(dbf, rec, f)) < 1e-9,
                      "%s: %f, record %d", name, json_real_value(v), rec + 1);
    }
}

/* catchments.shp and .dbf of the run. */
static void open_run_layer(const char *name, SHPHandle *shp, DBFHandle *dbf)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", run_dir, name);
    *shp = SHPOpen(path, "rb");
    *dbf = DBFOpen(path, "rb");
    cr_assert(*shp && *dbf, "cannot open %s", path);
}

/* The feature of record rec of dbf in fc, matched on SCHOOL_ID (and LEVEL when the table
 * has it). */
static json_t *find_feature(json_t *fc, DBFHandle dbf, int rec)
{
    /* copies: shapelib returns every text in one buffer of the handle */
    char *id = strdup(DBFReadStringAttribute(dbf, rec, DBFGetFieldIndex(dbf, "SCHOOL_ID")));
    int lf = DBFGetFieldIndex(dbf, "LEVEL");
    char *level = lf >= 0 ? strdup(DBFReadStringAttribute(dbf, rec, lf)) : NULL;
    json_t *found = NULL, *f;
    size_t i;
    json_array_foreach(json_object_get(fc, "features"), i, f)
    {
        json_t *pr = json_object_get(f, "properties");
        if (strcmp(json_string_value(json_object_get(pr, "SCHOOL_ID")), id) ||
            (level && strcmp(json_string_value(json_object_get(pr, "LEVEL")), level)))
            continue;
        cr_assert_null(found, "two features for %s %s", id, level ? level : "");
        found = f;
    }
    cr_assert_not_null(found, "no feature for record %d (%s %s)", rec + 1, id, level ? level : "");
    free(id);
    free(level);
    return found;
}

Test(geojson, catchments_rfc7946, .init = setup, .fini = teardown)
{
    json_t *fc = load_collection("catchments.geojson"), *f;
    double bbox[4];
    read_bbox(fc, bbox);
    SHPHandle shp;
    DBFHandle dbf;
    open_run_layer("catchments", &shp, &dbf);
    int n = 0;
    SHPGetInfo(shp, &n, NULL, NULL, NULL);
    cr_assert_eq(json_array_size(json_object_get(fc, "features")), (size_t)n,
                 "one feature per record of catchments.shp");
    size_t i, multi = 0;
    json_array_foreach(json_object_get(fc, "features"), i, f)
    {
        cr_assert_str_eq(json_string_value(json_object_get(f, "type")), "Feature");
        json_t *g = json_object_get(f, "geometry");
        cr_assert(json_is_object(g), "feature %zu: a catchment of the sample has a shape", i);
        multi += check_geometry(g, bbox) > 1;
    }
    cr_assert_gt(multi, 0, "the sample has catchments in several parts (the river)");
    for (int rec = 0; rec < n; rec++) {
        f = find_feature(fc, dbf, rec);
        check_properties(json_object_get(f, "properties"), dbf, rec);
    }
    SHPClose(shp);
    DBFClose(dbf);
    json_decref(fc);
}

Test(geojson, children_per_level_as_summary, .init = setup, .fini = teardown)
{
    json_t *fc = load_collection("catchments.geojson"), *f;
    char path[1200];
    snprintf(path, sizeof path, "%s/summary.json", run_dir);
    json_t *summary = load_json(path);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        const char *level = zp_level_name((zp_level)l);
        json_int_t sum = 0,
                   want = json_integer_value(json_object_get(
                       json_object_get(json_object_get(summary, "levels"), level), "placed"));
        size_t i;
        json_array_foreach(json_object_get(fc, "features"), i, f)
        {
            json_t *pr = json_object_get(f, "properties");
            if (!strcmp(json_string_value(json_object_get(pr, "LEVEL")), level))
                sum += json_integer_value(json_object_get(pr, "CHILDREN"));
        }
        cr_assert_gt(want, 0);
        cr_assert_eq(sum, want, "%s: %lld children in the catchments, summary.json placed %lld",
                     level, (long long)sum, (long long)want);
    }
    json_decref(summary);
    json_decref(fc);
}

Test(geojson, schools_points, .init = setup, .fini = teardown)
{
    json_t *fc = load_collection("schools.geojson"), *f;
    double bbox[4];
    read_bbox(fc, bbox);
    SHPHandle shp;
    DBFHandle dbf;
    open_run_layer("schools", &shp, &dbf);
    int n = 0;
    SHPGetInfo(shp, &n, NULL, NULL, NULL);
    cr_assert_eq(json_array_size(json_object_get(fc, "features")), (size_t)n);
    size_t i;
    json_array_foreach(json_object_get(fc, "features"), i, f)
    {
        json_t *g = json_object_get(f, "geometry");
        cr_assert_str_eq(json_string_value(json_object_get(g, "type")), "Point");
        check_position(json_object_get(g, "coordinates"), bbox);
    }
    for (int rec = 0; rec < n; rec++) {
        f = find_feature(fc, dbf, rec);
        check_properties(json_object_get(f, "properties"), dbf, rec);
    }
    SHPClose(shp);
    DBFClose(dbf);
    json_decref(fc);
}

Test(geojson, same_bytes_twice, .init = setup, .fini = teardown)
{
    write_geojson("again");
    const char *names[] = {"catchments.geojson", "schools.geojson"};
    for (int k = 0; k < 2; k++) {
        char a[1200], b[1200];
        snprintf(a, sizeof a, "%s/pub/%s", dir, names[k]);
        snprintf(b, sizeof b, "%s/again/%s", dir, names[k]);
        size_t na = 0, nb = 0;
        char *x = zpt_slurp(a, &na), *y = zpt_slurp(b, &nb);
        cr_assert(x && y && na > 0);
        cr_assert(na == nb && !memcmp(x, y, na), "%s differs between two writes", names[k]);
        free(x), free(y);
    }
}

/* A hand-built publication: a catchment of two squares, the first with a hole, given the
 * shapefile way round (exteriors clockwise, hole counter-clockwise), plus a 1 mm
 * triangle that rounding to 1e-7 degrees flattens; and a catchment with no blocks. The
 * sample has no holes and no empty catchment, so this is where they are checked. */
static zp_pub *hand_pub(void)
{
    static const char *wkt = "MULTIPOLYGON(((0 0, 0 1000, 1000 1000, 1000 0, 0 0),"
                             "(200 200, 800 200, 800 800, 200 800, 200 200)),"
                             "((2000 0, 2000 500, 2500 500, 2500 0, 2000 0)),"
                             "((3000 0, 3000 0.001, 3000.001 0.001, 3000 0)))";
    zp_pub *p = calloc(1, sizeof *p);
    p->dir = "hand";
    p->gctx = GEOS_init_r();
    p->pctx = proj_context_create();
    PJ *op = proj_create_crs_to_crs(p->pctx,
                                    "+proj=tmerc +lat_0=30.6 +lon_0=114.3 +k=1 +x_0=0 +y_0=0 "
                                    "+ellps=WGS84 +units=m +type=crs",
                                    "EPSG:4326", NULL);
    p->plane_to_ll = proj_normalize_for_visualization(p->pctx, op);
    proj_destroy(op);
    static zp_pub_school school = {.id = "S1", .name = "城关<小学>\"一\"", .type = 0};
    p->schools = &school;
    p->nschools = 1;
    p->catchments = calloc(2, sizeof *p->catchments);
    p->ncatchments = 2;
    GEOSWKTReader *r = GEOSWKTReader_create_r(p->gctx);
    p->catchments[0].geom = GEOSWKTReader_read_r(p->gctx, r, wkt);
    p->catchments[1].geom = GEOSGeom_createEmptyPolygon_r(p->gctx);
    p->catchments[1].level = 1;
    GEOSWKTReader_destroy_r(p->gctx, r);
    p->level_start[1] = 1;
    p->level_start[2] = 2;
    return p;
}

Test(geojson, holes_parts_and_empty, .init = setup_dir, .fini = teardown)
{
    zp_pub *p = hand_pub();
    char out[1100];
    snprintf(out, sizeof out, "%s/hand", dir);
    cr_assert_eq(mkdir(out, 0755), 0);
    cr_assert_eq(zp_pub_write_geojson(p, out), 0, "%s", zp_error_last());
    for (size_t i = 0; i < p->ncatchments; i++)
        GEOSGeom_destroy_r(p->gctx, p->catchments[i].geom);
    free(p->catchments);
    proj_destroy(p->plane_to_ll);
    proj_context_destroy(p->pctx);
    GEOS_finish_r(p->gctx);
    free(p);

    char path[1200];
    snprintf(path, sizeof path, "%s/catchments.geojson", out);
    json_t *fc = load_json(path), *features = json_object_get(fc, "features");
    double bbox[4];
    read_bbox(fc, bbox);
    json_t *g = json_object_get(json_array_get(features, 0), "geometry");
    cr_assert_eq(check_geometry(g, bbox), 2, "two parts; the flattened triangle left out");
    json_t *first = json_array_get(json_object_get(g, "coordinates"), 0);
    cr_assert_eq(json_array_size(first), 2, "the first part keeps its hole");
    cr_assert(json_is_null(json_object_get(json_array_get(features, 1), "geometry")),
              "a catchment with no blocks has a null geometry");
    json_t *pr = json_object_get(json_array_get(features, 0), "properties");
    cr_assert_str_eq(json_string_value(json_object_get(pr, "NAME")), "城关<小学>\"一\"");
    cr_assert_str_eq(json_string_value(json_object_get(pr, "LEVEL")), "primary");
    cr_assert_str_eq(json_string_value(json_object_get(
                         json_object_get(json_array_get(features, 1), "properties"), "LEVEL")),
                     "junior");
    json_decref(fc);
}
