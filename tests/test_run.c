/* End to end through the CLI on hand-solved districts: exact outputs, flags, exit
 * codes, and byte-identical reruns. */
#include <criterion/criterion.h>
#include <geos_c.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Three blocks in a row (centres at x = 100, 300, 500 m), 10 primary children each.
 * School A (primary, 15 places) at x = 100, B (nine-year) at x = 560.
 * LP: block 1 at A (0), block 2 split 5 A + 5 B (5x200 + 5x260), block 3 at B (10x60):
 *     2,900 child-m. Whole blocks: 1 at A, 2 and 3 at B: 0 + 2,600 + 600 = 3,200.
 * Junior (5 each) all go to B, the only junior school: 5 x (460 + 260 + 60) = 3,900. */
static const zpt_school line_schools[] = {
    {"A", "城关小学", "primary", 100, 100, 15, 0, 1, 0},
    {"B", "东湖九年一贯制学校", "nine_year", 560, 100, 50, 100, 1, 2},
};

static char *line_district(void)
{
    zpt_grid g = {.nx = 3, .ny = 1, .schools = line_schools, .nschools = 2};
    return zpt_write_grid(dir, &g, NULL);
}

Test(run, hand_solved_line, .init = setup, .fini = teardown)
{
    char *sc = line_district(), *log = NULL, args[1200];
    snprintf(args, sizeof args, "run %s", sc);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    char *csv = out_file("assignment.csv");
    cr_assert_str_eq(csv, "block_id,block_name,level,school_id,children,distance_m\n"
                          "B001,幸福小区1号,primary,A,10,0.0\n"
                          "B002,幸福小区2号,primary,B,10,260.0\n"
                          "B003,幸福小区3号,primary,B,10,60.0\n"
                          "B001,幸福小区1号,junior,B,5,460.0\n"
                          "B002,幸福小区2号,junior,B,5,260.0\n"
                          "B003,幸福小区3号,junior,B,5,60.0\n");
    char *json = out_file("summary.json");
    cr_assert(strstr(json, "\"lp_bound\": 2900.0"), "%s", json);
    cr_assert(strstr(json, "\"objective\": 3200.0"), "%s", json);
    cr_assert(strstr(json, "\"objective\": 3900.0"), "%s", json);
    /* B has one primary class for 20 pupils: fine; 1 class would need 45 max. A: 10 in 1. */
    char *schools = out_file("schools.csv");
    cr_assert(strstr(schools, "B,东湖九年一贯制学校,nine_year,primary,20,50,50,1,20.00,45"), "%s",
              schools);
    free(csv), free(json), free(schools), free(log), free(sc);
}

/* Same input, same bytes: run twice into two folders and compare every file. */
Test(run, deterministic_bytes, .init = setup, .fini = teardown)
{
    char *sc = line_district(), args[1200];
    snprintf(args, sizeof args, "run %s --out %s/o1", sc, dir);
    cr_assert_eq(zpt_cli(args, NULL), 0);
    snprintf(args, sizeof args, "run %s --out %s/o2", sc, dir);
    cr_assert_eq(zpt_cli(args, NULL), 0);
    const char *files[] = {"assignment.csv", "schools.csv",    "flags.csv",      "summary.json",
                           "report.md",      "catchments.shp", "catchments.shx", "catchments.dbf",
                           "catchments.prj", "catchments.cpg"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char cmd[2048];
        snprintf(cmd, sizeof cmd, "cmp %s/o1/%s %s/o2/%s", dir, files[i], dir, files[i]);
        cr_assert_eq(zpt_run(cmd, NULL), 0, "%s differs between runs", files[i]);
    }
    free(sc);
}

/* Class-size flags: 100 primary children in 2 classes at one school is 50 a class:
 * over 45, not yet "large" (56). With 1 class it is 100: very large (66+). */
Test(run, class_size_flags, .init = setup, .fini = teardown)
{
    int pri[] = {50, 50};
    const zpt_school one[] = {{"S1", "一小", "primary", 200, 100, 200, 0, 2, 0}};
    zpt_grid g = {.nx = 2, .ny = 1, .pri = pri, .schools = one, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g, NULL), args[1200], *log = NULL;
    snprintf(args, sizeof args, "run %s", sc);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    char *flags = out_file("flags.csv");
    cr_assert(strstr(flags, "plan,class_size,S1,一小,primary,,50.00,45.00,\n"), "%s", flags);
    cr_assert(strstr(flags, "plan,classrooms,S1,一小,primary,,3.00,2.00,\n"), "%s", flags);
    cr_assert_null(strstr(flags, "large_class"), "%s", flags);
    free(flags), free(log), free(sc);
}

/* The school cap counts both levels of a nine-year school. */
Test(run, school_cap_counts_both_levels, .init = setup, .fini = teardown)
{
    int pri[] = {1500, 0}, jun[] = {0, 1200};
    const zpt_school nine[] = {{"N1", "九年制", "nine_year", 200, 100, 2000, 2000, 40, 30}};
    zpt_grid g = {.nx = 2, .ny = 1, .pri = pri, .jun = jun, .schools = nine, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g, NULL), args[1200], *log = NULL;
    snprintf(args, sizeof args, "run %s", sc);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    char *flags = out_file("flags.csv");
    cr_assert(strstr(flags, "plan,school_cap,N1,九年制,all,,2700.00,2500.00,200\n"), "%s", flags);
    free(flags), free(log), free(sc);
}

/* Beyond the radius, by hand: five blocks of 200 m in a row, 10 children each, the school in
 * the first; walks 0, 200, 400, 600 and 800 m, radius 500 m. The flag's value and limit are
 * metres (the farthest child, the radius) and its children the 20 beyond; report.md counts
 * children, not flags, in the children column. */
Test(run, beyond_radius_in_children_and_metres, .init = setup, .fini = teardown)
{
    const zpt_school one[] = {{"S1", "一小", "primary", 100, 100, 100, 0, 2, 0}};
    zpt_grid g = {.nx = 5, .ny = 1, .schools = one, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g, NULL), args[1200], *log = NULL;
    snprintf(args, sizeof args, "run %s", sc);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    char *flags = out_file("flags.csv");
    cr_expect(strstr(flags, "plan,beyond_radius,S1,一小,primary,,800.00,500.00,20\n"), "%s", flags);
    char *report = out_file("report.md");
    cr_expect(strstr(report, "| beyond the service radius | 1 | 20 |"), "%s", report);
    cr_expect(strstr(report, "| beyond_radius | 800.0 | 500 | m | 20 |"), "%s", report);
    char *json = out_file("summary.json");
    cr_expect(strstr(json, "\"value\": 800.0,") && strstr(json, "\"limit\": 500.0,") &&
                  strstr(json, "\"children\": 20\n"),
              "%s", json);
    free(flags), free(report), free(json), free(log), free(sc);
}

/* A block in two parts 400 m apart (as a block split by a river in an export): the block graph
 * sees one piece, the map two. PIECES counts what the map shows: 2, in catchments.dbf and in
 * report.md's shape table. The fixture's projected CRS is metres, so the parts are placed in
 * metres from the grid's corner (EPSG:4547, false easting 500 km; the grid starts there). */
Test(run, pieces_count_the_map, .init = setup, .fini = teardown)
{
    const zpt_school one[] = {{"S1", "一小", "primary", 100, 100, 100, 0, 2, 0}};
    zpt_grid g = {.nx = 3, .ny = 1, .schools = one, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g, NULL), args[1200], *log = NULL, base[1100];
    snprintf(base, sizeof base, "%s/blocks", dir);
    SHPHandle h = SHPOpen(base, "r+b");
    cr_assert_not_null(h);
    SHPObject *o = SHPReadObject(h, 2);
    double x0 = o->padfX[0], y0 = o->padfY[0], x1 = x0, y1 = y0;
    for (int i = 0; i < o->nVertices; i++) {
        x0 = o->padfX[i] < x0 ? o->padfX[i] : x0, x1 = o->padfX[i] > x1 ? o->padfX[i] : x1;
        y0 = o->padfY[i] < y0 ? o->padfY[i] : y0, y1 = o->padfY[i] > y1 ? o->padfY[i] : y1;
    }
    SHPDestroyObject(o);
    double far = y1 + 400; /* a second square 400 m north of the block */
    double px[] = {x0, x0, x1, x1, x0, x0, x0, x1, x1, x0};
    double py[] = {y0, y1, y1, y0, y0, far, far + (y1 - y0), far + (y1 - y0), far, far};
    int starts[] = {0, 5};
    o = SHPCreateObject(SHPT_POLYGON, 2, 2, starts, NULL, 10, px, py, NULL, NULL);
    cr_assert_eq(SHPWriteObject(h, 2, o), 2);
    SHPDestroyObject(o);
    SHPClose(h);
    snprintf(args, sizeof args, "run %s", sc);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    char path[1100];
    snprintf(path, sizeof path, "%s/out/catchments", dir);
    DBFHandle dbf = DBFOpen(path, "rb");
    cr_assert_not_null(dbf);
    cr_expect_eq(DBFReadIntegerAttribute(dbf, 0, DBFGetFieldIndex(dbf, "PIECES")), 2);
    DBFClose(dbf);
    char *report = out_file("report.md");
    cr_expect(strstr(report, "| primary | 3 | 30 | 2 |"), "%s", strstr(report, "| school |"));
    free(report), free(log), free(sc);
}

/* Shortfall: 30 children, 20 places: 10 unplaced, listed with an empty school. */
Test(run, shortfall_rows, .init = setup, .fini = teardown)
{
    int pri[] = {10, 10, 10};
    const zpt_school one[] = {{"S1", "一小", "primary", 100, 100, 20, 0, 1, 0}};
    zpt_grid g = {.nx = 3, .ny = 1, .pri = pri, .schools = one, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g, NULL), args[1200], *log = NULL;
    snprintf(args, sizeof args, "run %s", sc);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    char *csv = out_file("assignment.csv");
    cr_assert(strstr(csv, "B003,幸福小区3号,primary,,10,\n"), "%s", csv);
    char *json = out_file("summary.json");
    cr_assert(strstr(json, "\"shortfall\": 10"), "%s", json);
    free(csv), free(json), free(log), free(sc);
}

/* Blocks as points still give drawable catchments: each point's Voronoi cell. Two
 * schools at opposite ends of a 4 x 1 row split it in half; each catchment is one
 * polygon covering its two points. */
Test(run, point_blocks_get_polygon_catchments, .init = setup, .fini = teardown)
{
    const zpt_school two[] = {{"W", "西小", "primary", 100, 100, 100, 0, 3, 0},
                              {"E", "东小", "primary", 700, 100, 100, 0, 3, 0}};
    zpt_grid g = {.nx = 4, .ny = 1, .schools = two, .nschools = 2, .points = 1};
    char *sc = zpt_write_grid(dir, &g, NULL), args[1200], *log = NULL, base[1024];
    snprintf(args, sizeof args, "run %s", sc);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    snprintf(base, sizeof base, "%s/out/catchments", dir);
    SHPHandle shp = SHPOpen(base, "rb");
    cr_assert_not_null(shp);
    int n = 0;
    SHPGetInfo(shp, &n, NULL, NULL, NULL);
    cr_assert_eq(n, 2);
    for (int i = 0; i < n; i++) {
        SHPObject *o = SHPReadObject(shp, i);
        cr_assert_eq(o->nSHPType, SHPT_POLYGON, "catchment %d is not a polygon", i);
        cr_assert_eq(o->nParts, 1);
        cr_assert(o->nVertices >= 4);
        SHPDestroyObject(o);
    }
    SHPClose(shp);
    free(log), free(sc);
}

/* Regression (review): blocks that overlap without sharing edges made GEOS's coverage
 * union return an invalid catchment of the right area. Three blocks in a row, the
 * middle one shifted half a block east and a quarter north, all to one school: the
 * catchment must be valid. */
static int catchment_valid(const char *base, int rec)
{
    SHPHandle shp = SHPOpen(base, "rb");
    SHPObject *o = SHPReadObject(shp, rec);
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSGeometry **polys = calloc((size_t)o->nParts, sizeof *polys);
    for (int p = 0; p < o->nParts; p++) {
        int a = o->panPartStart[p], b = p + 1 < o->nParts ? o->panPartStart[p + 1] : o->nVertices;
        GEOSCoordSequence *cs = GEOSCoordSeq_copyFromArrays_r(h, o->padfX + a, o->padfY + a, NULL,
                                                              NULL, (unsigned)(b - a));
        polys[p] = GEOSGeom_createPolygon_r(h, GEOSGeom_createLinearRing_r(h, cs), NULL, 0);
    }
    /* shells only: any hole would show up as an overlapping shell and fail too */
    GEOSGeometry *g = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys, (unsigned)o->nParts);
    int valid = GEOSisValid_r(h, g) == 1;
    GEOSGeom_destroy_r(h, g);
    free(polys);
    GEOS_finish_r(h);
    SHPDestroyObject(o);
    SHPClose(shp);
    return valid;
}

Test(run, overlapping_blocks_give_valid_catchment, .init = setup, .fini = teardown)
{
    const zpt_school one[] = {{"S1", "一小", "primary", 300, 100, 100, 0, 3, 0}};
    zpt_grid g = {.nx = 3, .ny = 1, .schools = one, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g, NULL), args[1200], *log = NULL, base[1024];
    snprintf(base, sizeof base, "%s/blocks", dir);
    SHPHandle shp = SHPOpen(base, "rb+");
    SHPObject *o = SHPReadObject(shp, 1);
    for (int v = 0; v < o->nVertices; v++) { /* overlaps its east neighbour, no shared edge */
        o->padfX[v] += 100;
        o->padfY[v] += 50;
    }
    SHPComputeExtents(o);
    SHPWriteObject(shp, 1, o);
    SHPDestroyObject(o);
    SHPClose(shp);
    snprintf(args, sizeof args, "run %s", sc);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    snprintf(base, sizeof base, "%s/out/catchments", dir);
    cr_assert(catchment_valid(base, 0), "the primary catchment is not a valid polygon");
    free(log), free(sc);
}

/* A school closed in data with no current catchments: report.md says why it cannot list
 * where the pupils go (it once printed an empty table), and with current catchments it lists
 * them (B001's 10 primary children from A to B). */
Test(run, closed_school_without_current_catchments, .init = setup, .fini = teardown)
{
    const char *cur[] = {"A", "A", "B"};
    for (int with_current = 0; with_current < 2; with_current++) {
        zpt_grid g = {.nx = 3,
                      .ny = 1,
                      .schools = line_schools,
                      .nschools = 2,
                      .cur_pri = with_current ? cur : NULL};
        char *sc = zpt_write_grid(dir, &g, "changes:\n  - close_school: {id: A}\n");
        char *log = NULL, args[1200];
        snprintf(args, sizeof args, "run %s --out %s/out --no-publish", sc, dir);
        cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
        char *md = out_file("report.md");
        char *closed = strstr(md, "## Closed schools");
        cr_assert_not_null(closed, "%s", md);
        if (with_current)
            cr_expect(strstr(closed, "| A 城关小学 | primary | B | 东湖九年一贯制学校 | 20 |"),
                      "%s", closed);
        else
            cr_expect(strstr(closed, "gives no current catchments") &&
                          !strstr(closed, "| closed school |"),
                      "%s", closed);
        free(md), free(log), free(sc);
    }
}
