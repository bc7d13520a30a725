/* Tests of the scenario's `changes:` list applied to a loaded grid district: each kind's
 * effect (ids, capacities, classes, children, the new block's ring, blocks inside a
 * polygon file with a hole and in another CRS), the summaries the report prints, and the
 * data errors of zp_changes_apply with FILE:LINE: change N (kind), through the library
 * and the command line. Malformed items are in test_change_parse.c. */
#include <criterion/criterion.h>
#include <proj.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes_common.h"
#include "zoneplan/run.h"

/* Grid metres -> EPSG:4490 lon/lat, as a planner would read them off a web map. */
static void to_lonlat(double *x, double *y, int n)
{
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *op = proj_create_crs_to_crs(ctx, "EPSG:4547", "EPSG:4490", NULL);
    PJ *norm = proj_normalize_for_visualization(ctx, op);
    for (int i = 0; i < n; i++) {
        x[i] += X0;
        y[i] += Y0;
    }
    proj_trans_generic(norm, PJ_FWD, x, sizeof *x, (size_t)n, y, sizeof *y, (size_t)n, NULL, 0, 0,
                       NULL, 0, 0);
    proj_destroy(norm);
    proj_destroy(op);
    proj_context_destroy(ctx);
}

/* One polygon record of rings (grid metres, or lon/lat when epsg is 4490) in top/NAME.shp,
 * with a .prj for epsg (0: none). */
static void write_polygons(const char *name, int nparts, const int *start, int nverts,
                           const double *gx, const double *gy, int epsg, int shp_type)
{
    char base[1200];
    double x[64], y[64];
    for (int i = 0; i < nverts; i++) {
        x[i] = gx[i];
        y[i] = gy[i];
    }
    if (epsg == 4490) {
        to_lonlat(x, y, nverts);
    } else {
        for (int i = 0; i < nverts; i++) {
            x[i] += X0;
            y[i] += Y0;
        }
    }
    snprintf(base, sizeof base, "%s/%s", top, name);
    SHPHandle shp = SHPCreate(base, shp_type);
    SHPObject *o = shp_type == SHPT_POINT ? SHPCreateSimpleObject(SHPT_POINT, 1, x, y, NULL)
                                          : SHPCreateObject(shp_type, -1, nparts, start, NULL,
                                                            nverts, x, y, NULL, NULL);
    SHPWriteObject(shp, -1, o);
    SHPDestroyObject(o);
    SHPClose(shp);
    DBFHandle dbf = DBFCreate(base);
    DBFAddField(dbf, "ZONE", FTString, 10, 0);
    DBFWriteStringAttribute(dbf, 0, 0, "Z1");
    DBFClose(dbf);
    if (!epsg)
        return;
    zpt_write_prj(base, epsg);
}

/* A square from (x0, y0) to (x1, y1), grid metres, clockwise and closed. */
static void square(double x0, double y0, double x1, double y1, double *x, double *y)
{
    double sx[5] = {x0, x0, x1, x1, x0}, sy[5] = {y0, y1, y1, y0, y0};
    memcpy(x, sx, sizeof sx);
    memcpy(y, sy, sizeof sy);
}

/* ---- add_school --------------------------------------------------------------------- */

Test(changes, add_school_appends_a_school)
{
    apply_ok("changes:\n"
             "  - add_school: {id: S100, name: 新城学校, type: nine_year, x: 520300, y: 3385500,\n"
             "                 capacity: {primary: 1350, junior: 1000}, classes: {junior: 20}}\n");
    cr_assert_eq(ds.nschools, 4);
    zp_school *s = &ds.schools[3];
    cr_assert_str_eq(s->id, "S100");
    cr_assert_str_eq(s->name, "新城学校");
    cr_assert_eq(s->type, ZP_TYPE_NINE_YEAR);
    cr_assert_eq(s->record, -1);
    cr_assert_eq(s->seats[ZP_PRIMARY], 1350);
    cr_assert_eq(s->seats[ZP_JUNIOR], 1000);
    cr_assert_eq(s->classes[ZP_PRIMARY], 0); /* not given: unknown, as with no classes field */
    cr_assert_eq(s->classes[ZP_JUNIOR], 20);
    cr_assert_eq(s->closed, 0);
    cr_assert_eq(s->shape.shp_type, SHPT_POINT);
    cr_assert_eq(s->shape.nverts, 1);
    cr_assert_float_eq(s->shape.x[0], 520300.0, 1e-9);
    cr_assert_float_eq(s->shape.y[0], 3385500.0, 1e-9);
    cr_assert_str_eq(sc->changes[0].summary, "add_school S100 (新城学校): nine_year, capacity "
                                             "1350 primary, 1000 junior, classes 20 junior");
    /* Existing schools and today's catchments are untouched. */
    cr_assert_eq(block("B001")->current[ZP_PRIMARY], 0);
    cr_assert_eq(school("S001")->seats[ZP_PRIMARY], 400);
}

Test(changes, add_school_lonlat_moved_to_the_layer_crs)
{
    double x = 300, y = 500;
    to_lonlat(&x, &y, 1);
    char yaml[512];
    snprintf(yaml, sizeof yaml,
             "changes:\n"
             "  - add_school: {id: S100, type: primary, x: %.9f, y: %.9f, crs: \"EPSG:4490\",\n"
             "                 capacity: {primary: 500}}\n",
             x, y);
    apply_ok(yaml);
    zp_school *s = school("S100");
    cr_assert_str_eq(s->name, "S100"); /* no name: the id */
    cr_assert_float_eq(s->shape.x[0], X0 + 300, 1e-3);
    cr_assert_float_eq(s->shape.y[0], Y0 + 500, 1e-3);
    cr_assert_eq(s->seats[ZP_JUNIOR], 0);
}

Test(changes, add_school_runs_through_the_pipeline)
{
    write_district("changes:\n"
                   "  - add_school: {id: S100, type: primary, x: 520700, y: 3385100,\n"
                   "                 capacity: {primary: 300}}\n"
                   "  - close_school: {id: S001}\n",
                   0);
    zp_run *run = NULL;
    cr_assert_eq(zp_run_load(scenario, &run), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(run->ds.nschools, 4);
    cr_assert_eq(zp_geo_school_points(run->geo)->n, 4);
    cr_assert(run->ds.schools[0].closed);
    cr_assert_eq(run->ds.blocks[0].current[ZP_PRIMARY], 0); /* still the closed school */
    zp_run_free(run);
}

Test(changes, add_school_type_from_type_values)
{
    apply_ok("changes:\n"
             "  - add_school: {id: S100, type: 小学, x: 520300, y: 3385500,\n"
             "                 capacity: {primary: 500}}\n");
    cr_assert_eq(school("S100")->type, ZP_TYPE_PRIMARY);
}

Test(changes, add_school_duplicate_id)
{
    APPLY_ERROR("changes:\n"
                "  - add_school: {id: S002, type: primary, x: 1, y: 2, capacity: {primary: 5}}\n",
                FIRST + 1, "change 1 (add_school)", "school id 'S002' already exists",
                "schools.shp");
}

Test(changes, add_school_duplicate_of_an_added_school)
{
    APPLY_ERROR("changes:\n"
                "  - add_school: {id: N1, type: primary, x: 1, y: 2, capacity: {primary: 5}}\n"
                "  - add_school: {id: N1, type: junior, x: 1, y: 2, capacity: {junior: 5}}\n",
                FIRST + 2, "change 2 (add_school)", "'N1' already exists",
                "added by an earlier change");
}

Test(changes, add_school_unknown_crs)
{
    APPLY_ERROR("changes:\n"
                "  - close_school: {id: S003}\n"
                "  - add_school: {id: N1, type: primary, x: 1, y: 2, crs: \"EPSG:999999\",\n"
                "                 capacity: {primary: 5}}\n",
                FIRST + 2, "change 2 (add_school)", "crs 'EPSG:999999'",
                "not a coordinate system PROJ understands");
}

Test(changes, add_school_crs_but_layer_has_none)
{
    write_district(
        "changes:\n"
        "  - add_school: {id: N1, type: primary, x: 114.3, y: 30.5, crs: \"EPSG:4490\",\n"
        "                 capacity: {primary: 5}}\n",
        1);
    cr_assert_eq(zp_scenario_load(scenario, &sc), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_data_load(sc, &ds), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_changes_apply(sc, &ds), ZP_EINPUT);
    const char *const needles[] = {"the schools layer has no CRS", "schools.crs", NULL};
    assert_message(FIRST + 1, "change 1 (add_school)", needles);
}

Test(changes, add_school_lonlat_out_of_range)
{
    APPLY_ERROR("changes:\n"
                "  - add_school: {id: N1, type: primary, x: 30.5, y: 114.3, crs: \"EPSG:4490\",\n"
                "                 capacity: {primary: 5}}\n",
                FIRST + 1, "change 1 (add_school)", "cannot be moved from 'EPSG:4490'",
                "x and y swapped?");
}

/* A school or estate a change added is not a record of the layer (record -1): messages name
 * it by its change, never as "record 0" of schools.shp or blocks.shp. */
Test(changes, added_school_named_by_its_change)
{
    write_district("changes:\n"
                   "  - close_school: {id: S002}\n"
                   "  - add_school: {id: S100, type: primary, x: 530000, y: 3395000,\n"
                   "                 capacity: {primary: 300}}\n",
                   0);
    zp_warn_clear();
    zp_run *run = NULL;
    cr_assert_eq(zp_run_load(scenario, &run), ZP_OK, "%s", zp_error_last());
    char want[1300];
    snprintf(want, sizeof want, "%s:%d: change 2 (add_school S100) lies outside every block",
             scenario, FIRST + 2);
    int found = 0;
    for (size_t i = 0; i < zp_warn_count(); i++) {
        cr_assert_null(strstr(zp_warn_get(i), "record 0"), "%s", zp_warn_get(i));
        found |= strstr(zp_warn_get(i), want) != NULL;
    }
    cr_assert(found, "no warning '%s' among %zu", want, zp_warn_count());
    zp_run_free(run);
}

/* Layers in lon/lat, the new school's and estate's coordinates in metres without crs:: the
 * error names the change that wrote them. */
Test(changes, added_items_out_of_lonlat_named_by_their_change)
{
    static const char *yaml[] = {
        "changes:\n"
        "  - add_school: {id: S100, type: primary, x: 520700, y: 3385100,\n"
        "                 capacity: {primary: 300}}\n",
        "changes:\n"
        "  - close_school: {id: S002}\n"
        "  - add_estate: {id: E1, children: {primary: 5},\n"
        "                 polygon: [[520000, 3385000], [520000, 3385100], [520100, 3385100]]}\n"};
    static const char *want[] = {"change 1 (add_school S100): coordinates",
                                 "change 2 (add_estate E1): coordinates"};
    static const int line[] = {FIRST + 1, FIRST + 2};
    for (int k = 0; k < 2; k++) {
        zpt_grid g = {.nx = 4, .ny = 4, .schools = schools, .nschools = 3, .epsg = 4490};
        free(scenario);
        scenario = zpt_write_grid(top, &g, yaml[k]);
        zp_run *run = NULL;
        cr_assert_eq(zp_run_load(scenario, &run), ZP_EINPUT, "%s", zp_error_last());
        char where[1400];
        snprintf(where, sizeof where, "%s:%d: %s", scenario, line[k], want[k]);
        cr_assert(strstr(zp_error_last(), where), "expected '%s' in: %s", where, zp_error_last());
        cr_assert(strstr(zp_error_last(), "not longitude/latitude"), "%s", zp_error_last());
    }
}

/* ---- close_school, set_capacity, set_classes ---------------------------------------- */

Test(changes, close_school_keeps_it_without_places)
{
    apply_ok("changes:\n  - close_school: {id: S003}\n");
    cr_assert_eq(ds.nschools, 3);
    zp_school *s = school("S003");
    cr_assert_eq(s->closed, 1);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        cr_assert_eq(s->seats[l], 0);
        cr_assert_eq(s->classes[l], 0);
    }
    cr_assert_eq(block("B004")->current[ZP_PRIMARY], 2); /* today's catchment still names it */
    cr_assert_eq(school("S001")->closed, 0);
    cr_assert_str_eq(sc->changes[0].summary, "close_school S003 (新华九年一贯制学校)");
}

Test(changes, close_school_errors)
{
    APPLY_ERROR("changes:\n  - close_school: {id: S999}\n", FIRST + 1, "change 1 (close_school)",
                "unknown school id 'S999'");
}

Test(changes, close_school_twice)
{
    APPLY_ERROR("changes:\n  - close_school: {id: S001}\n  - close_school: {id: S001}\n", FIRST + 2,
                "change 2 (close_school)", "S001 (城关小学) is already closed");
}

Test(changes, set_capacity_and_classes)
{
    apply_ok("changes:\n"
             "  - set_capacity: {id: S003, junior: 450}\n"
             "  - set_classes: {id: S003, primary: 12, junior: 9}\n"
             "  - set_capacity: {id: S001, primary: 0}\n");
    zp_school *s = school("S003");
    cr_assert_eq(s->seats[ZP_PRIMARY], 300);
    cr_assert_eq(s->seats[ZP_JUNIOR], 450);
    cr_assert_eq(s->classes[ZP_PRIMARY], 12);
    cr_assert_eq(s->classes[ZP_JUNIOR], 9);
    cr_assert_eq(school("S001")->seats[ZP_PRIMARY], 0);
    cr_assert_str_eq(sc->changes[0].summary,
                     "set_capacity S003 (新华九年一贯制学校): junior 200 -> 450");
    cr_assert_str_eq(sc->changes[1].summary,
                     "set_classes S003 (新华九年一贯制学校): primary 8 -> 12, junior 4 -> 9");
}

/* Level classes replace per-grade classes: the grade detail is dropped, not guessed. */
Test(changes, set_classes_replaces_grade_classes)
{
    load("changes:\n  - set_classes: {id: S003, primary: 12}\n");
    zp_school *s = school("S003");
    s->has_grade_classes = 1;
    for (int g = 0; g < ZP_NGRADES; g++)
        s->grade_classes[g] = g < 6 ? 1 : 2;
    s->classes[ZP_PRIMARY] = 6;
    s->classes[ZP_JUNIOR] = 6;
    cr_assert_eq(zp_changes_apply(sc, &ds), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(s->has_grade_classes, 0);
    cr_assert_eq(s->classes[ZP_PRIMARY], 12);
    cr_assert_eq(s->classes[ZP_JUNIOR], 6); /* the level not set keeps its total */
    cr_assert(strstr(sc->changes[0].summary, "per-grade classes dropped"));
}

Test(changes, set_capacity_level_not_served)
{
    APPLY_ERROR("changes:\n  - set_capacity: {id: S001, junior: 100}\n", FIRST + 1,
                "change 1 (set_capacity)", "S001 (城关小学) is a primary school",
                "no junior level");
}

Test(changes, set_classes_level_not_served)
{
    APPLY_ERROR("changes:\n  - set_classes: {id: S002, primary: 3}\n", FIRST + 1,
                "change 1 (set_classes)", "is a junior school", "no primary level");
}

Test(changes, set_capacity_unknown_or_closed)
{
    APPLY_ERROR("changes:\n  - set_capacity: {id: s001, primary: 100}\n", FIRST + 1,
                "change 1 (set_capacity)", "unknown school id 's001'");
}

Test(changes, set_capacity_of_a_closed_school)
{
    APPLY_ERROR("changes:\n  - close_school: {id: S001}\n"
                "  - set_capacity: {id: S001, primary: 100}\n",
                FIRST + 2, "change 2 (set_capacity)", "was closed by an earlier change");
}

/* ---- scale_children ----------------------------------------------------------------- */

Test(changes, scale_listed_blocks)
{
    apply_ok("changes:\n"
             "  - scale_children: {factor: 1.25, blocks: [B002, B007, B002]}\n"
             "  - scale_children: {factor: 3, blocks: B016, levels: junior}\n");
    cr_assert_eq(block("B002")->children[ZP_PRIMARY], 13); /* round(12.5): duplicates once */
    cr_assert_eq(block("B002")->children[ZP_JUNIOR], 6);   /* round(6.25) */
    cr_assert_eq(block("B007")->children[ZP_PRIMARY], 13);
    cr_assert_eq(block("B001")->children[ZP_PRIMARY], 10);
    cr_assert_eq(block("B016")->children[ZP_PRIMARY], 10); /* levels: junior only */
    cr_assert_eq(block("B016")->children[ZP_JUNIOR], 15);
    cr_assert_str_eq(sc->changes[0].summary,
                     "scale_children x1.25: 2 blocks listed: primary 20 -> 26, junior 10 -> 12 "
                     "children");
    cr_assert_str_eq(sc->changes[1].summary,
                     "scale_children x3: 1 block listed: junior 5 -> 15 children");
}

Test(changes, scale_grades_and_sum_them)
{
    load("changes:\n  - scale_children: {factor: 1.5, blocks: [B003]}\n");
    zp_block *b = block("B003");
    static const int32_t grades[ZP_NGRADES] = {2, 2, 2, 1, 2, 1, 1, 2, 2};
    memcpy(b->grades, grades, sizeof grades);
    b->has_grades = 1;
    cr_assert_eq(zp_changes_apply(sc, &ds), ZP_OK, "%s", zp_error_last());
    static const int32_t want[ZP_NGRADES] = {3, 3, 3, 2, 3, 2, 2, 3, 3};
    for (int g = 0; g < ZP_NGRADES; g++)
        cr_assert_eq(b->grades[g], want[g], "g%d", g + 1);
    cr_assert_eq(b->children[ZP_PRIMARY], 16);
    cr_assert_eq(b->children[ZP_JUNIOR], 8);
}

/* Blocks whose representative point lies in the polygons, the hole left out. */
static void assert_scaled_ring(void)
{
    for (int r = 0; r < 16; r++) {
        char id[8];
        snprintf(id, sizeof id, "B%03d", r + 1);
        int i = r % 4, j = r / 4;
        int in_ring = i < 3 && j < 3 && !(i == 1 && j == 1);
        cr_assert_eq(block(id)->children[ZP_PRIMARY], in_ring ? 20 : 10, "%s", id);
        cr_assert_eq(block(id)->children[ZP_JUNIOR], 5, "%s", id);
    }
}

Test(changes, scale_within_polygons_with_a_hole)
{
    double x[10], y[10];
    square(-10, -10, 610, 610, x, y);         /* the 3 x 3 south-west blocks */
    square(210, 210, 390, 390, x + 5, y + 5); /* less B006's centre: a hole */
    int start[2] = {0, 5};
    write_polygons("zones", 2, start, 10, x, y, 4547, SHPT_POLYGON);
    apply_ok("changes:\n"
             "  - scale_children: {factor: 2, within: zones.shp, levels: [primary]}\n");
    assert_scaled_ring();
    cr_assert_str_eq(sc->changes[0].summary,
                     "scale_children x2: 8 blocks within zones.shp: primary 80 -> 160 children");
}

Test(changes, scale_within_polygons_in_lonlat)
{
    double x[10], y[10];
    square(-10, -10, 610, 610, x, y);
    square(210, 210, 390, 390, x + 5, y + 5);
    int start[2] = {0, 5};
    write_polygons("zones4490", 2, start, 10, x, y, 4490, SHPT_POLYGON);
    apply_ok("changes:\n"
             "  - scale_children: {factor: 2, within: zones4490.shp, levels: [primary]}\n");
    assert_scaled_ring();
}

Test(changes, scale_within_nothing)
{
    double x[5], y[5];
    square(5000, 5000, 6000, 6000, x, y);
    int start[1] = {0};
    write_polygons("far", 1, start, 5, x, y, 4547, SHPT_POLYGON);
    APPLY_ERROR("changes:\n  - scale_children: {factor: 2, within: far.shp}\n", FIRST + 1,
                "change 1 (scale_children)", "no block lies inside the polygons of", "far.shp",
                "a CRS mistake?");
}

Test(changes, scale_within_without_prj)
{
    double x[5], y[5];
    square(0, 0, 400, 400, x, y);
    int start[1] = {0};
    write_polygons("noprj", 1, start, 5, x, y, 0, SHPT_POLYGON);
    APPLY_ERROR("changes:\n  - scale_children: {factor: 2, within: noprj.shp}\n", FIRST + 1,
                "change 1 (scale_children)", "noprj.shp: no .prj file");
}

Test(changes, scale_within_points)
{
    double x[1] = {100}, y[1] = {100};
    write_polygons("pts", 0, NULL, 1, x, y, 4547, SHPT_POINT);
    APPLY_ERROR("changes:\n  - scale_children: {factor: 2, within: pts.shp}\n", FIRST + 1,
                "change 1 (scale_children)", "pts.shp: record 1: shape type Point",
                "must be polygons");
}

Test(changes, scale_within_missing_file)
{
    APPLY_ERROR("changes:\n  - scale_children: {factor: 2, within: nowhere/zones.shp}\n", FIRST + 1,
                "change 1 (scale_children)", "nowhere/zones.shp", "missing");
}

Test(changes, scale_unknown_block)
{
    APPLY_ERROR("changes:\n  - scale_children: {factor: 2, blocks: [B001, B999]}\n", FIRST + 1,
                "change 1 (scale_children)", "unknown block id 'B999'");
}

/* ---- add_estate --------------------------------------------------------------------- */

Test(changes, add_estate_appends_a_block)
{
    apply_ok("changes:\n"
             "  - add_estate:\n"
             "      id: E1\n"
             "      name: 锦绣新城\n"
             "      children: {primary: 600, junior: 280}\n"
             "      polygon: [[520800, 3385000], [521000, 3385000], [521000, 3385200],\n"
             "                [520800, 3385200]]\n");
    cr_assert_eq(ds.nblocks, 17);
    zp_block *b = &ds.blocks[16];
    cr_assert_str_eq(b->id, "E1");
    cr_assert_str_eq(b->name, "锦绣新城");
    cr_assert_eq(b->record, -1);
    cr_assert_eq(b->children[ZP_PRIMARY], 600);
    cr_assert_eq(b->children[ZP_JUNIOR], 280);
    cr_assert_eq(b->has_grades, 0);
    cr_assert_eq(b->current[ZP_PRIMARY], -1);
    cr_assert_eq(b->current[ZP_JUNIOR], -1);
    cr_assert_null(b->current_id[ZP_PRIMARY]);
    cr_assert_eq(b->locked, 0);
    cr_assert_eq(b->shape.shp_type, SHPT_POLYGON);
    cr_assert_eq(b->shape.nparts, 1);
    cr_assert_eq(b->shape.part_start[0], 0);
    cr_assert_eq(b->shape.nverts, 5);                                    /* closed */
    static const double wx[] = {520800, 520800, 521000, 521000, 520800}; /* clockwise */
    static const double wy[] = {3385000, 3385200, 3385200, 3385000, 3385000};
    for (int v = 0; v < 5; v++) {
        cr_assert_float_eq(b->shape.x[v], wx[v], 1e-9, "vertex %d", v);
        cr_assert_float_eq(b->shape.y[v], wy[v], 1e-9, "vertex %d", v);
    }
    cr_assert_str_eq(sc->changes[0].summary,
                     "add_estate E1 (锦绣新城): 600 primary, 280 junior children");
}

Test(changes, add_estate_in_lonlat)
{
    double x[4] = {800, 800, 1000, 1000}, y[4] = {0, 200, 200, 0};
    to_lonlat(x, y, 4);
    char yaml[1024];
    snprintf(yaml, sizeof yaml,
             "changes:\n"
             "  - add_estate: {id: E2, children: {primary: 60}, crs: \"EPSG:4490\",\n"
             "                 polygon: [[%.10f, %.10f], [%.10f, %.10f], [%.10f, %.10f],\n"
             "                           [%.10f, %.10f]]}\n",
             x[0], y[0], x[1], y[1], x[2], y[2], x[3], y[3]);
    apply_ok(yaml);
    zp_block *b = block("E2");
    cr_assert_eq(b->children[ZP_JUNIOR], 0);
    static const double wx[] = {800, 800, 1000, 1000, 800}, wy[] = {0, 200, 200, 0, 0};
    for (int v = 0; v < 5; v++) {
        cr_assert_float_eq(b->shape.x[v], X0 + wx[v], 1e-3, "vertex %d", v);
        cr_assert_float_eq(b->shape.y[v], Y0 + wy[v], 1e-3, "vertex %d", v);
    }
}

/* A layer counted per grade: the estate's children are spread over the grades. */
Test(changes, add_estate_spread_over_grades)
{
    load("changes:\n"
         "  - add_estate: {id: E3, children: {primary: 100, junior: 31},\n"
         "                 polygon: [[0, 0], [0, 1], [1, 1]]}\n");
    sc->blocks.grades[0] = strdup("G1"); /* as if blocks.grades were mapped */
    cr_assert_eq(zp_changes_apply(sc, &ds), ZP_OK, "%s", zp_error_last());
    zp_block *b = block("E3");
    static const int32_t want[ZP_NGRADES] = {17, 17, 17, 17, 16, 16, 11, 10, 10};
    cr_assert_eq(b->has_grades, 1);
    for (int g = 0; g < ZP_NGRADES; g++)
        cr_assert_eq(b->grades[g], want[g], "g%d", g + 1);
    cr_assert_eq(b->children[ZP_PRIMARY], 100);
}

Test(changes, add_estate_duplicate_id)
{
    APPLY_ERROR("changes:\n"
                "  - add_estate: {id: B005, children: {primary: 1}, polygon: [[0, 0], [0, 1], "
                "[1, 1]]}\n",
                FIRST + 1, "change 1 (add_estate)", "block id 'B005' already exists", "blocks.shp");
    teardown();
    setup();
    APPLY_ERROR("changes:\n"
                "  - add_estate: {id: E1, children: {primary: 1}, polygon: [[0, 0], [0, 1], "
                "[1, 1]]}\n"
                "  - add_estate: {id: E1, children: {primary: 1}, polygon: [[0, 0], [0, 1], "
                "[1, 1]]}\n",
                FIRST + 2, "change 2 (add_estate)", "added by an earlier change");
}

/* ---- the list and set_policy -------------------------------------------------------- */

Test(changes, empty_list_changes_nothing)
{
    apply_ok("changes: []\n");
    cr_assert_eq(sc->nchanges, 0);
    cr_assert_eq(ds.nblocks, 16);
    cr_assert_eq(ds.nschools, 3);
}

Test(changes, set_policy_in_order)
{
    apply_ok("policy: {move_penalty_m: 100, candidates: 4}\n"
             "changes:\n"
             "  - set_policy: {move_penalty_m: 200}\n"
             "  - close_school: {id: S001}\n"
             "  - set_policy: {move_penalty_m: 300, feeder: true}\n");
    cr_assert_float_eq(sc->policy.move_penalty_m, 300.0, 1e-9);
    cr_assert_eq(sc->policy.feeder, 1);
    cr_assert_eq(sc->policy.candidates, 4);
    cr_assert_str_eq(sc->changes[0].summary, "set_policy move_penalty_m: 200");
    cr_assert_str_eq(sc->changes[2].summary, "set_policy move_penalty_m: 300, feeder: true");
}

Test(changes, exact_finish_keys_default_and_set)
{
    apply_ok("changes: []\n");
    cr_assert_float_eq(sc->policy.exact_seconds, 0.0, 1e-12); /* off unless asked for */
    cr_assert_float_eq(sc->policy.exact_nodes, 5000.0, 1e-12);
    zp_dataset_free(&ds);
    zp_scenario_free(sc);
    sc = NULL;
    apply_ok("policy: {exact_seconds: 12.5, exact_nodes: 200}\n"
             "changes:\n  - set_policy: {exact_nodes: 300}\n");
    cr_assert_float_eq(sc->policy.exact_seconds, 12.5, 1e-12);
    cr_assert_float_eq(sc->policy.exact_nodes, 300.0, 1e-12);
}

/* ---- through the command line ------------------------------------------------------- */

Test(changes, cli_exit_code_2_with_file_and_line)
{
    write_district("changes:\n  - close_school: {id: S001}\n  - close_school: {id: NOPE}\n", 0);
    char cmd[2600], *output = NULL;
    snprintf(cmd, sizeof cmd, "%s run '%s' --out '%s/out' --quiet --no-publish", ZP_CLI, scenario,
             top);
    int status = zpt_run(cmd, &output);
    cr_assert_eq(status, 2, "%s", output);
    char want[1300];
    snprintf(want, sizeof want, "%s:%d: change 2 (close_school): unknown school id 'NOPE'",
             scenario, FIRST + 2);
    cr_assert(strstr(output, want), "%s", output);
    free(output);
}
