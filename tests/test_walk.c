/* Walking distances through the CLI on hand-solved districts: the river crossed on its one
 * bridge, blocks on a road piece apart reported unreachable (never placed by a straight
 * line), the straight line when asked for, and `check` counting the network. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "support.h"

static char *dir;
static void setup(void)
{
    dir = zpt_tmpdir();
}
static void teardown(void)
{
    zpt_rmtree(dir);
    free(dir);
}

static char *out_file(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/out/%s", dir, name);
    char *text = zpt_slurp(path, NULL);
    cr_assert_not_null(text, "missing output %s", name);
    return text;
}

static char *run(const char *command, const char *scenario, int want_rc)
{
    char cmd[2048], *log = NULL;
    snprintf(cmd, sizeof cmd, "%s %s %s --no-publish", ZP_CLI, command, scenario);
    if (!strcmp(command, "check"))
        snprintf(cmd, sizeof cmd, "%s check %s", ZP_CLI, scenario);
    int rc = zpt_run(cmd, &log);
    cr_assert_eq(rc, want_rc, "exit %d, not %d: %s", rc, want_rc, log);
    return log;
}

/* Two rows of 200 m blocks: the river between them along y = 200, a street along each bank
 * (y = 100 and y = 300) and one bridge at x = 390. The school is north, at (100, 300). */
static char *river_district(const char *extra)
{
    static const int zero[4] = {0};
    static const zpt_school s[] = {{"P1", "North school", "primary", 100, 300, 100, 0, 3, 0}};
    zpt_grid g = {.nx = 2, .ny = 2, .side = 200, .jun = zero, .schools = s, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g, extra);
    static const int n[] = {3, 3, 2};
    static const double xy[] = {0,   100, 390, 100, 400, 100, 0,   300,
                                390, 300, 400, 300, 390, 100, 390, 300};
    zpt_write_lines(dir, "roads", 3, n, xy, (const char *const[]){"street", "street", "bridge"}, 0);
    static const int nb[] = {2};
    static const double bxy[] = {-10, 200, 410, 200};
    zpt_write_lines(dir, "river", 1, nb, bxy, NULL, 0);
    return sc;
}

/* The distance of block id at the level in assignment.csv. */
static double csv_distance(const char *csv, const char *id, const char *level)
{
    char key[64];
    snprintf(key, sizeof key, "\n%s,", id);
    for (const char *p = strstr(csv, key); p; p = strstr(p + 1, key)) {
        const char *end = strchr(p + 1, '\n');
        char line[256];
        snprintf(line, sizeof line, "%.*s", (int)(end ? end - p - 1 : 200), p + 1);
        if (!strstr(line, level))
            continue;
        return strtod(strrchr(line, ',') + 1, NULL);
    }
    cr_assert_fail("%s %s not in assignment.csv", id, level);
    return 0;
}

/* Block id's route at the level from routes.geojson (its line, then node to parent up to
 * node 0), moved back from WGS 84 into the district's plane (EPSG:4547 less the fixture's
 * origin, 520000 / 3385000); returns the points. */
static size_t route_of(const char *id, const char *level, double *xs, double *ys, size_t max)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/out/routes.geojson", dir);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err), *fs = json_object_get(root, "features");
    cr_assert(json_is_array(fs), "%s: %s", path, err.text);
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:4547", NULL);
    PJ *op = proj_normalize_for_visualization(ctx, raw);
    const char *school = NULL;
    json_int_t node = -2;
    size_t n = 0;
    for (int pass = 0; node != -1 && pass < 1000; pass++) {
        json_t *line = NULL;
        for (size_t i = 0; i < json_array_size(fs) && !line; i++) {
            json_t *f = json_array_get(fs, i), *p = json_object_get(f, "properties");
            const char *b = json_string_value(json_object_get(p, "block"));
            if (strcmp(json_string_value(json_object_get(p, "level")), level))
                continue;
            if (node == -2
                    ? b && !strcmp(b, id)
                    : !b && !strcmp(json_string_value(json_object_get(p, "school")), school) &&
                          json_integer_value(json_object_get(p, "node")) == node)
                line = f;
        }
        cr_assert_not_null(line, "%s %s: node %lld not in routes.geojson", id, level,
                           (long long)node);
        json_t *p = json_object_get(line, "properties");
        school = json_string_value(json_object_get(p, "school"));
        json_t *up = json_object_get(p, node == -2 ? "node" : "parent");
        node = json_is_integer(up) ? json_integer_value(up) : -1;
        json_t *c = json_object_get(json_object_get(line, "geometry"), "coordinates");
        for (size_t v = 0; v < json_array_size(c); v++) {
            json_t *pt = json_array_get(c, v);
            PJ_COORD q = proj_trans(op, PJ_FWD,
                                    proj_coord(json_number_value(json_array_get(pt, 0)),
                                               json_number_value(json_array_get(pt, 1)), 0, 0));
            cr_assert_lt(n, max);
            xs[n] = q.xy.x - 520000.0, ys[n++] = q.xy.y - 3385000.0;
        }
    }
    proj_destroy(op);
    proj_destroy(raw);
    proj_context_destroy(ctx);
    json_decref(root);
    return n;
}

static int passes(const double *xs, const double *ys, size_t n, double x, double y)
{
    for (size_t i = 0; i < n; i++)
        if (hypot(xs[i] - x, ys[i] - y) < 0.05)
            return 1;
    return 0;
}

Test(walk, the_river_is_crossed_on_its_bridge, .init = setup, .fini = teardown)
{
    char *sc = river_district("roads: {path: roads.shp}\nbarriers: {path: river.shp}\n");
    free(run("run", sc, 0));
    char *csv = out_file("assignment.csv");
    /* B001 (centre 100, 100) is on the south street: 290 m to the bridge, 200 over, 290
     * back west to the school on the north street; the straight line is 200 m */
    cr_assert_float_eq(csv_distance(csv, "B001", "primary"), 780.0, 0.05);
    cr_assert_float_eq(csv_distance(csv, "B002", "primary"), 90 + 200 + 290.0, 0.05);
    free(csv);
    char *report = out_file("report.md");
    cr_assert(strstr(report, "Distances are walked on the road network (3 walkable lines"), "%s",
              report);
    cr_assert(strstr(report, "unreachable): 0"));
    free(report);
    /* routes.geojson: B001's route runs from its point over the bridge to the school, as
     * long as its walk; the same bytes from a second run */
    double xs[64], ys[64], len = 0;
    size_t n = route_of("B001", "primary", xs, ys, 64);
    for (size_t i = 1; i < n; i++)
        len += hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
    cr_assert_float_eq(len, 780.0, 0.1, "route of B001: %.3f m", len);
    cr_assert(hypot(xs[0] - 100, ys[0] - 100) < 0.05 &&
                  hypot(xs[n - 1] - 100, ys[n - 1] - 300) < 0.05,
              "from the block (%.2f, %.2f) to the school (%.2f, %.2f)", xs[0], ys[0], xs[n - 1],
              ys[n - 1]);
    cr_assert(passes(xs, ys, n, 390, 100) && passes(xs, ys, n, 390, 300), "over the bridge");
    char *routes = out_file("routes.geojson");
    free(run("run", sc, 0));
    char *again = out_file("routes.geojson");
    cr_assert_str_eq(routes, again);
    free(routes);
    free(again);
    free(sc);
}

Test(walk, straight_when_asked, .init = setup, .fini = teardown)
{
    char *sc = river_district("roads: {path: roads.shp}\nbarriers: {path: river.shp}\n"
                              "policy: {distance: straight}\n");
    free(run("run", sc, 0));
    char *csv = out_file("assignment.csv");
    cr_assert_float_eq(csv_distance(csv, "B001", "primary"), 200.0, 0.05);
    free(csv);
    char *report = out_file("report.md");
    cr_assert(strstr(report, "Distances are straight lines"), "%s", report);
    free(report);
    char path[1024];
    snprintf(path, sizeof path, "%s/out/routes.geojson", dir);
    cr_assert(access(path, F_OK) != 0, "no routes for a straight-line run");
    free(sc);
}

/* Four blocks in a row; the west two on a street that reaches the school, the east two on
 * one that meets nothing: their children are shortfall, unreachable. */
Test(walk, blocks_on_a_road_apart_are_unreachable, .init = setup, .fini = teardown)
{
    static const int zero[4] = {0};
    static const zpt_school s[] = {{"P1", "West school", "primary", 50, 100, 100, 0, 3, 0}};
    zpt_grid g = {.nx = 4, .ny = 1, .side = 200, .jun = zero, .schools = s, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g, "roads: {path: roads.shp}\n");
    static const int n[] = {2, 2};
    static const double xy[] = {0, 100, 350, 100, 450, 100, 800, 100};
    zpt_write_lines(dir, "roads", 2, n, xy, NULL, 0);
    char *log = run("check", sc, 0);
    cr_assert(strstr(log, "roads:    2 lines (2 walkable, 0 of no length), 4 nodes, 2 edges, 0.7 "
                          "km, connected parts: 2, dangling ends: 4"),
              "%s", log);
    cr_assert(strstr(log, "part 1: 2 blocks, 1 schools, 1 edges"), "%s", log);
    cr_assert(strstr(log, "part 2: 2 blocks, 0 schools, 1 edges"), "%s", log);
    free(log);
    log = run("run", sc, 0);
    cr_assert(strstr(log, "shortfall 20"), "%s", log);
    free(log);
    char *csv = out_file("assignment.csv");
    cr_assert_float_eq(csv_distance(csv, "B002", "primary"), 250.0, 0.05);
    cr_assert(strstr(csv, "\nB003,幸福小区3号,primary,,10,"), "B003 has no school: %s", csv);
    free(csv);
    char *report = out_file("report.md");
    cr_assert(strstr(report, "## Blocks that reach no school on foot"), "%s", report);
    cr_assert(strstr(report, "| primary | B003 | 幸福小区3号 | 10 |"), "%s", report);
    cr_assert(strstr(report, "| primary | B004 | 幸福小区4号 | 10 |"));
    cr_assert(strstr(report, "unreachable): 20"));
    free(report);
    free(sc);
}

/* ---- a real street network: OpenStreetMap's West Oakland (Debian's python-osmnx-doc) ---- */

#define OAKLAND "/usr/share/doc/python-osmnx-doc/examples/tests/input_data/West-Oakland.osm.bz2"

/* The extract's streets, its buildings as blocks (6 primary, 3 junior children each) and its
 * school (Prescott School) as the one school, into dir through GDAL's OSM driver. */
static char *oakland(const char *policy)
{
    char cmd[4096], *log = NULL;
    snprintf(cmd, sizeof cmd,
             "cd %s && bzcat %s > wo.osm && "
             "ogr2ogr -f 'ESRI Shapefile' roads.shp wo.osm lines -where 'highway IS NOT NULL' "
             "-t_srs EPSG:32610 -lco ENCODING=UTF-8 && "
             "ogr2ogr -f 'ESRI Shapefile' blocks.shp wo.osm -dialect sqlite -sql \"select 'B' || "
             "osm_way_id as BLOCK_ID, coalesce(name, 'building ' || osm_way_id) as NAME, 6 as PRI, "
             "3 as JUN, geometry from multipolygons where building is not null\" -t_srs "
             "EPSG:32610 -lco ENCODING=UTF-8 && "
             "ogr2ogr -f 'ESRI Shapefile' schools.shp wo.osm -dialect sqlite -sql \"select 'S1' as "
             "SCHOOL_ID, name as NAME, 'nine_year' as TYPE, 500 as CAP_PRI, 300 as CAP_JUN, 12 as "
             "CLS_PRI, 6 as CLS_JUN, ST_PointOnSurface(geometry) as geometry from multipolygons "
             "where amenity = 'school'\" -t_srs EPSG:32610 -lco ENCODING=UTF-8 -nlt POINT",
             dir, OAKLAND);
    cr_assert_eq(zpt_run(cmd, &log), 0, "GDAL could not read the OSM extract: %s", log);
    free(log);
    char path[1024], text[2048];
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    snprintf(text, sizeof text,
             "name: West Oakland\n"
             "blocks:  {path: blocks.shp, id: BLOCK_ID, name: NAME, children: {primary: PRI, "
             "junior: JUN}}\n"
             "schools: {path: schools.shp, id: SCHOOL_ID, name: NAME, type: TYPE,\n"
             "          capacity: {primary: CAP_PRI, junior: CAP_JUN}, classes: {primary: "
             "CLS_PRI, junior: CLS_JUN}}\n"
             "roads: {path: roads.shp, walkable: {field: highway, exclude: [motorway]}}\n"
             "output: {dir: out}\n%s",
             policy);
    zpt_write(path, text);
    return strdup(path);
}

/* Every block's primary distance in assignment.csv, in file order; returns how many. */
static int distances(double *out, int max)
{
    char *csv = out_file("assignment.csv");
    int n = 0;
    for (char *line = strchr(csv, '\n'); line && n < max; line = strchr(line + 1, '\n')) {
        if (!strstr(line, ",primary,"))
            continue;
        char *school = strstr(line, ",primary,") + 9;
        cr_assert(*school != ',', "a block without a school: %.80s", line + 1);
        char *end = strchr(line + 1, '\n');
        char *last = line + 1;
        for (char *c = line + 1; c < (end ? end : line + strlen(line)); c++)
            if (*c == ',')
                last = c + 1;
        out[n++] = strtod(last, NULL);
    }
    free(csv);
    return n;
}

Test(walk, real_streets_of_west_oakland, .init = setup, .fini = teardown)
{
    char *sc = oakland("");
    char *log = run("check", sc, 0);
    cr_assert(strstr(log, "roads:    31 lines (31 walkable"), "%s", log);
    cr_assert(strstr(log, "part 1: 23 blocks, 1 schools"), "%s", log);
    free(log);
    free(run("run", sc, 0));
    double walk[64], line[64];
    int n = distances(walk, 64);
    cr_assert_eq(n, 23, "every building reaches the school on the streets");
    char *report = out_file("report.md");
    cr_assert(strstr(report, "unreachable): 0"), "%s", report);
    free(report);
    free(sc);
    sc = oakland("policy: {distance: straight}\n");
    free(run("run", sc, 0));
    cr_assert_eq(distances(line, 64), 23);
    for (int b = 0; b < n; b++) /* a walk is never shorter than the straight line */
        cr_assert_geq(walk[b], line[b] - 0.05, "block %d: walk %.1f m, straight %.1f m", b, walk[b],
                      line[b]);
    free(sc);
}

/* Roads that are not lines, a walkable field the layer lacks: exit 2 naming file and record
 * or field, before anything is solved. */
Test(walk, bad_roads_are_named, .init = setup, .fini = teardown)
{
    char *sc = river_district("roads: {path: blocks.shp}\n");
    char *log = run("run", sc, 2);
    cr_assert(strstr(log, "blocks.shp: record 1: shape type Polygon; roads must be lines"), "%s",
              log);
    free(log);
    free(sc);
    sc = river_district("roads: {path: roads.shp, walkable: {field: TYPE, exclude: [x]}}\n");
    log = run("check", sc, 2);
    cr_assert(strstr(log, "roads.dbf: no field 'TYPE' (scenario key roads.walkable.field)"), "%s",
              log);
    free(log);
    free(sc);
}

/* A block whose point a wall encloses (a barrier polygon around it): no access link leaves,
 * so check counts it cut off and its children are unreachable, not placed by a straight line
 * over the wall. */
Test(walk, a_walled_block_is_cut_off, .init = setup, .fini = teardown)
{
    static const int zero[2] = {0};
    static const zpt_school s[] = {{"P1", "School", "primary", 100, 20, 100, 0, 3, 0}};
    zpt_grid g = {.nx = 2, .ny = 1, .side = 200, .jun = zero, .schools = s, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g, "roads: {path: roads.shp}\nbarriers: {path: wall.shp}\n");
    static const int n[] = {2}, nw[] = {5};
    static const double xy[] = {0, 0, 400, 0};
    static const double wall[] = {250, 50, 250, 150, 350, 150, 350, 50, 250, 50};
    zpt_write_lines(dir, "roads", 1, n, xy, NULL, 0);
    zpt_write_lines(dir, "wall", 1, nw, wall, NULL, 1);
    char *log = run("check", sc, 0);
    cr_assert(strstr(log, "cut off by a barrier: 1 blocks, 0 schools"), "%s", log);
    cr_assert(strstr(log, "B002"), "the warning names the block: %s", log);
    free(log);
    free(run("run", sc, 0));
    char *report = out_file("report.md");
    cr_assert(strstr(report, "| primary | B002 | 幸福小区2号 | 10 |"), "%s", report);
    free(report);
    char *csv = out_file("assignment.csv");
    cr_assert_float_eq(csv_distance(csv, "B001", "primary"), 100 + 20.0, 0.05);
    free(csv);
    free(sc);
}
