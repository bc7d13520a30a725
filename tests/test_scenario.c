/* Tests of the scenario loader: every value of the full example, the defaults, path
 * resolution, and one fixture per malformed case checking the code, FILE:LINE and what
 * the message names. Fixtures are in tests/data/scenario/. */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "support.h"
#include "zoneplan/errors.h"
#include "zoneplan/publish.h"
#include "zoneplan/scenario.h"

#define SCN_DIR ZP_TEST_DATA "/scenario"

static zp_scenario *load_ok(const char *fixture)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", SCN_DIR, fixture);
    zp_scenario *sc = NULL;
    int rc = zp_scenario_load(path, &sc);
    cr_assert_eq(rc, ZP_OK, "%s: rc %d: %s", fixture, rc, zp_error_last());
    cr_assert_not_null(sc);
    return sc;
}

/* Load a malformed fixture: ZP_EINPUT, no scenario, a message starting with FILE:LINE:
 * (line 0: FILE: only) and containing each of the NULL-terminated needles. */
static void expect_error_at(const char *path, int line, const char *const *needles)
{
    zp_scenario *sc = (zp_scenario *)&sc; /* any non-NULL value: must be reset */
    zp_error_clear();
    int rc = zp_scenario_load(path, &sc);
    const char *msg = zp_error_last();
    cr_assert_eq(rc, ZP_EINPUT, "%s: rc %d: %s", path, rc, msg);
    cr_assert_eq(zp_error_code(), ZP_EINPUT);
    cr_assert_null(sc, "%s: scenario returned on error", path);
    char where[PATH_MAX + 32];
    if (line)
        snprintf(where, sizeof where, "%s:%d: ", path, line);
    else
        snprintf(where, sizeof where, "%s: ", path);
    cr_assert(!strncmp(msg, where, strlen(where)), "%s: expected '%s' at the start of: %s", path,
              where, msg);
    for (int i = 0; needles[i]; i++)
        cr_assert(strstr(msg, needles[i]), "%s: '%s' missing from: %s", path, needles[i], msg);
}

#define EXPECT_ERROR_AT(path, line, ...)                                                           \
    do {                                                                                           \
        const char *const needles_[] = {__VA_ARGS__, NULL};                                        \
        expect_error_at(path, line, needles_);                                                     \
    } while (0)

#define EXPECT_ERROR(fixture, line, ...)                                                           \
    do {                                                                                           \
        const char *const needles_[] = {__VA_ARGS__, NULL};                                        \
        expect_error_at(SCN_DIR "/" fixture, line, needles_);                                      \
    } while (0)

static void assert_values(char **values, const char *const *expected)
{
    cr_assert_not_null(values);
    int i = 0;
    for (; expected[i]; i++) {
        cr_assert_not_null(values[i], "value %d missing, expected %s", i, expected[i]);
        cr_assert_str_eq(values[i], expected[i]);
    }
    cr_assert_null(values[i], "more values than expected");
}

#define ASSERT_VALUES(values, ...)                                                                 \
    do {                                                                                           \
        const char *const expected_[] = {__VA_ARGS__, NULL};                                       \
        assert_values(values, expected_);                                                          \
    } while (0)

/* ---- valid scenarios ---------------------------------------------------------------- */

Test(scenario, full_every_value)
{
    zp_scenario *sc = load_ok("full.yaml");
    cr_assert_str_eq(sc->file, SCN_DIR "/full.yaml");
    cr_assert_str_eq(sc->dir, SCN_DIR);
    cr_assert_str_eq(sc->name, "Sample district, 2026 baseline");
    cr_assert_str_eq(sc->crs, "EPSG:4547");

    const zp_blocks_spec *b = &sc->blocks;
    cr_assert_str_eq(b->path, SCN_DIR "/../sample/blocks.shp");
    cr_assert_str_eq(b->id, "BLOCK_ID");
    cr_assert_str_eq(b->name, "NAME");
    cr_assert_str_eq(b->children[ZP_PRIMARY], "PRI");
    cr_assert_str_eq(b->children[ZP_JUNIOR], "JUN");
    for (int g = 0; g < ZP_NGRADES; g++)
        cr_assert_null(b->grades[g]);
    cr_assert_str_eq(b->current[ZP_PRIMARY], "CUR_PRI");
    cr_assert_str_eq(b->current[ZP_JUNIOR], "CUR_JUN");
    cr_assert_str_eq(b->encoding, "GBK");
    cr_assert_str_eq(b->crs, "EPSG:4549");
    cr_assert_eq(b->line, 4);

    const zp_schools_spec *s = &sc->schools;
    cr_assert_str_eq(s->path, "/srv/gis/schools.shp"); /* absolute: kept */
    cr_assert_str_eq(s->id, "SCHOOL_ID");
    cr_assert_str_eq(s->name, "校名");
    cr_assert_str_eq(s->type, "TYPE");
    ASSERT_VALUES(s->type_values[ZP_TYPE_PRIMARY], "小学", "完全小学");
    ASSERT_VALUES(s->type_values[ZP_TYPE_JUNIOR], "初中", "初级中学");
    ASSERT_VALUES(s->type_values[ZP_TYPE_NINE_YEAR], "九年一贯制"); /* plain string */
    cr_assert_str_eq(s->capacity[ZP_PRIMARY], "CAP_PRI");
    cr_assert_str_eq(s->capacity[ZP_JUNIOR], "CAP_JUN");
    cr_assert_str_eq(s->classes[ZP_PRIMARY], "CLS_PRI");
    cr_assert_str_eq(s->classes[ZP_JUNIOR], "CLS_JUN");
    for (int g = 0; g < ZP_NGRADES; g++)
        cr_assert_null(s->grade_classes[g]);
    cr_assert_str_eq(s->enrolment[ZP_PRIMARY], "ENR_PRI");
    cr_assert_str_eq(s->enrolment[ZP_JUNIOR], "ENR_JUN");
    cr_assert_str_eq(s->encoding, "GB18030");
    cr_assert_str_eq(s->crs, "EPSG:4490");
    cr_assert_eq(s->line, 12);

    const zp_policy *p = &sc->policy;
    cr_assert_eq(p->class_cap[ZP_PRIMARY], 40);
    cr_assert_eq(p->class_cap[ZP_JUNIOR], 48);
    cr_assert_eq(p->school_cap[ZP_TYPE_PRIMARY], 2000);
    cr_assert_eq(p->school_cap[ZP_TYPE_JUNIOR], 2100);
    cr_assert_eq(p->school_cap[ZP_TYPE_NINE_YEAR], 2500); /* missing key keeps the default */
    cr_assert_float_eq(p->service_radius_m[ZP_PRIMARY], 800.5, 1e-9);
    cr_assert_float_eq(p->service_radius_m[ZP_JUNIOR], 3000.0, 1e-9);
    cr_assert_eq(p->enforce_caps, 1);
    cr_assert_eq(p->large_class, 55);
    cr_assert_eq(p->very_large_class, 65);
    cr_assert_float_eq(p->shortfall_penalty_m, 250000.0, 1e-9);
    cr_assert_eq(p->candidates, 12);

    cr_assert_str_eq(sc->output_dir, SCN_DIR "/../../out/full");
    zp_scenario_free(sc);
}

/* The example from the documentation, flow mappings spread over lines included. */
Test(scenario, documented_example)
{
    zp_scenario *sc = load_ok("example.yaml");
    cr_assert_str_eq(sc->name, "Sample district, 2026 baseline");
    cr_assert_str_eq(sc->crs, "EPSG:4547");
    cr_assert_str_eq(sc->blocks.path, SCN_DIR "/../data/sample/blocks.shp");
    cr_assert_str_eq(sc->blocks.current[ZP_JUNIOR], "CUR_JUN");
    cr_assert_str_eq(sc->blocks.crs, "EPSG:4547");
    cr_assert_eq(sc->blocks.line, 3);
    cr_assert_str_eq(sc->schools.path, SCN_DIR "/../data/sample/schools.shp");
    cr_assert_str_eq(sc->schools.name, "NAME");
    ASSERT_VALUES(sc->schools.type_values[ZP_TYPE_PRIMARY], "小学", "primary");
    ASSERT_VALUES(sc->schools.type_values[ZP_TYPE_JUNIOR], "初中");
    ASSERT_VALUES(sc->schools.type_values[ZP_TYPE_NINE_YEAR], "九年一贯制");
    cr_assert_str_eq(sc->schools.enrolment[ZP_PRIMARY], "ENR_PRI");
    cr_assert_eq(sc->schools.line, 6);
    for (int t = 0; t < ZP_NTYPES; t++)
        cr_assert_eq(sc->policy.school_cap[t], 2500);
    cr_assert_eq(sc->policy.enforce_caps, 0);
    cr_assert_eq(sc->policy.candidates, 8);
    cr_assert_str_eq(sc->output_dir, SCN_DIR "/../out/sample-baseline");
    zp_scenario_free(sc);
}

Test(scenario, minimal_takes_defaults)
{
    zp_scenario *sc = load_ok("minimal.yaml");
    cr_assert_str_eq(sc->name, "Minimal");
    cr_assert_null(sc->crs);
    cr_assert_str_eq(sc->blocks.path, SCN_DIR "/blocks.shp");
    cr_assert_str_eq(sc->blocks.id, "BID");
    cr_assert_null(sc->blocks.name);
    cr_assert_str_eq(sc->blocks.children[ZP_PRIMARY], "KIDS");
    cr_assert_null(sc->blocks.children[ZP_JUNIOR]);
    cr_assert_null(sc->blocks.current[ZP_PRIMARY]);
    cr_assert_null(sc->blocks.current[ZP_JUNIOR]);
    cr_assert_null(sc->blocks.encoding);
    cr_assert_null(sc->blocks.crs);
    cr_assert_str_eq(sc->schools.path, SCN_DIR "/schools.shp");
    cr_assert_null(sc->schools.name);
    cr_assert_str_eq(sc->schools.type, "KIND");
    cr_assert_str_eq(sc->schools.capacity[ZP_PRIMARY], "SEATS");
    cr_assert_null(sc->schools.capacity[ZP_JUNIOR]);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        cr_assert_null(sc->schools.classes[l]);
        cr_assert_null(sc->schools.enrolment[l]);
    }
    for (int g = 0; g < ZP_NGRADES; g++)
        cr_assert_null(sc->schools.grade_classes[g]);
    ASSERT_VALUES(sc->schools.type_values[ZP_TYPE_PRIMARY], "primary", "小学");
    ASSERT_VALUES(sc->schools.type_values[ZP_TYPE_JUNIOR], "junior", "初中");
    ASSERT_VALUES(sc->schools.type_values[ZP_TYPE_NINE_YEAR], "nine_year", "九年一贯制");
    cr_assert_null(sc->schools.encoding);
    cr_assert_null(sc->schools.crs);
    cr_assert_null(sc->output_dir);

    zp_policy def;
    memset(&def, 0, sizeof def); /* padding: the scenario's policy was calloc'ed */
    zp_policy_defaults(&def);
    cr_assert_eq(memcmp(&def, &sc->policy, sizeof def), 0);
    zp_scenario_free(sc);
}

Test(scenario, policy_defaults_are_the_national_rules)
{
    zp_policy p;
    memset(&p, 0x55, sizeof p);
    zp_policy_defaults(&p);
    cr_assert_eq(p.class_cap[ZP_PRIMARY], 45);
    cr_assert_eq(p.class_cap[ZP_JUNIOR], 50);
    for (int t = 0; t < ZP_NTYPES; t++)
        cr_assert_eq(p.school_cap[t], 2500);
    cr_assert_float_eq(p.service_radius_m[ZP_PRIMARY], 500.0, 1e-9);
    cr_assert_float_eq(p.service_radius_m[ZP_JUNIOR], 1000.0, 1e-9);
    cr_assert_eq(p.enforce_caps, 0);
    cr_assert_eq(p.large_class, 56);
    cr_assert_eq(p.very_large_class, 66);
    cr_assert_float_eq(p.shortfall_penalty_m, 100000.0, 1e-9);
    cr_assert_eq(p.candidates, 8);
    cr_assert_float_eq(p.move_penalty_m, 0.0, 1e-12);
    cr_assert_eq(p.feeder, 0);
    cr_assert_eq(p.contiguity, 1);
    cr_assert_float_eq(p.adjacency_tolerance_m, 1.0, 1e-12);
    cr_assert_float_eq(p.adjacency_min_shared_m, 5.0, 1e-12);
}

Test(scenario, minimal_has_no_redraw_settings)
{
    zp_scenario *sc = load_ok("minimal.yaml");
    cr_assert_null(sc->blocks.locked);
    cr_assert_eq(sc->nchanges, 0);
    cr_assert_null(sc->changes);
    cr_assert_eq(sc->policy.contiguity, 1);
    cr_assert_float_eq(sc->policy.adjacency_min_shared_m, 5.0, 1e-12);
    zp_scenario_free(sc);
}

/* The redraw keys, and the change list: kinds, lines, fields, set_policy folded in order. */
Test(scenario, redraw_policy_and_changes)
{
    zp_scenario *sc = load_ok("redraw.yaml");
    cr_assert_str_eq(sc->blocks.locked, "LOCKED");
    const zp_policy *p = &sc->policy;
    cr_assert_float_eq(p->move_penalty_m, 300.0, 1e-9); /* set_policy over policy's 250.5 */
    cr_assert_eq(p->feeder, 1);
    cr_assert_eq(p->contiguity, 1); /* false in policy, true by the last set_policy */
    cr_assert_float_eq(p->adjacency_tolerance_m, 0.0, 1e-12);
    cr_assert_float_eq(p->adjacency_min_shared_m, 12.5, 1e-12);
    cr_assert_eq(p->class_cap[ZP_PRIMARY], 40);
    cr_assert_eq(p->class_cap[ZP_JUNIOR], 50);

    cr_assert_eq(sc->nchanges, 9);
    static const zp_change_kind kinds[] = {
        ZP_CHANGE_ADD_SCHOOL,  ZP_CHANGE_CLOSE_SCHOOL,   ZP_CHANGE_SET_CAPACITY,
        ZP_CHANGE_SET_CLASSES, ZP_CHANGE_SCALE_CHILDREN, ZP_CHANGE_SCALE_CHILDREN,
        ZP_CHANGE_ADD_ESTATE,  ZP_CHANGE_SET_POLICY,     ZP_CHANGE_SET_POLICY};
    static const int lines[] = {18, 21, 22, 23, 24, 25, 26, 31, 32};
    for (size_t i = 0; i < 9; i++) {
        cr_assert_eq(sc->changes[i].kind, kinds[i], "change %zu", i + 1);
        cr_assert_eq(sc->changes[i].line, lines[i], "change %zu", i + 1);
        cr_assert_not_null(sc->changes[i].summary);
    }
    const zp_change *c = sc->changes;
    cr_assert_str_eq(c[0].id, "S100");
    cr_assert_str_eq(c[0].name, "新城九年一贯制学校");
    cr_assert_eq(c[0].type, ZP_TYPE_NINE_YEAR); /* through schools.type_values */
    cr_assert_float_eq(c[0].x, 114.31, 1e-12);
    cr_assert_float_eq(c[0].y, 30.52, 1e-12);
    cr_assert_str_eq(c[0].crs, "EPSG:4490");
    cr_assert_eq(c[0].capacity[ZP_PRIMARY], 1350);
    cr_assert_eq(c[0].capacity[ZP_JUNIOR], 1000);
    cr_assert_eq(c[0].classes[ZP_PRIMARY], 30);
    cr_assert_eq(c[0].classes[ZP_JUNIOR], 20);
    cr_assert_str_eq(c[1].id, "S012");
    cr_assert_eq(c[2].capacity[ZP_PRIMARY], 2400);
    cr_assert_eq(c[2].capacity[ZP_JUNIOR], -1);
    cr_assert_eq(c[3].classes[ZP_PRIMARY], 0);
    cr_assert_eq(c[3].classes[ZP_JUNIOR], 31);
    cr_assert_float_eq(c[4].factor, 1.25, 1e-12);
    ASSERT_VALUES(c[4].blocks, "B001", "B002");
    cr_assert_null(c[4].within);
    cr_assert(!c[4].levels[ZP_PRIMARY] && c[4].levels[ZP_JUNIOR]);
    cr_assert_str_eq(c[5].within, SCN_DIR "/zones/old_town.shp");
    cr_assert_null(c[5].blocks);
    cr_assert(c[5].levels[ZP_PRIMARY] && c[5].levels[ZP_JUNIOR]); /* default: counted levels */
    cr_assert_str_eq(c[6].id, "E1");
    cr_assert_str_eq(c[6].name, "锦绣新城");
    cr_assert_eq(c[6].children[ZP_PRIMARY], 600);
    cr_assert_eq(c[6].children[ZP_JUNIOR], 280);
    /* Closing point dropped and put back; counter-clockwise input stored clockwise. */
    cr_assert_eq(c[6].ring.nparts, 1);
    cr_assert_eq(c[6].ring.nverts, 5);
    static const double rx[] = {0, 0, 100, 100, 0}, ry[] = {0, 50, 50, 0, 0};
    for (int v = 0; v < 5; v++) {
        cr_assert_float_eq(c[6].ring.x[v], rx[v], 1e-12, "vertex %d", v);
        cr_assert_float_eq(c[6].ring.y[v], ry[v], 1e-12, "vertex %d", v);
    }
    cr_assert_str_eq(c[7].summary, "set_policy move_penalty_m: 300, class_cap: {primary: 40}");
    cr_assert_str_eq(c[8].summary, "set_policy contiguity: true");
    zp_scenario_free(sc);
}

Test(scenario, grades_and_grade_classes)
{
    zp_scenario *sc = load_ok("grades.yaml");
    cr_assert_null(sc->crs); /* `crs: ~` is null: absent */
    cr_assert_str_eq(sc->blocks.path, "/data/blocks.shp");
    cr_assert_null(sc->blocks.children[ZP_PRIMARY]);
    cr_assert_null(sc->blocks.children[ZP_JUNIOR]);
    for (int g = 0; g < ZP_NGRADES; g++) {
        char want[16];
        snprintf(want, sizeof want, "G%d", g + 1);
        cr_assert_str_eq(sc->blocks.grades[g], want);
        snprintf(want, sizeof want, "C%d", g + 1);
        cr_assert_str_eq(sc->schools.grade_classes[g], want);
    }
    cr_assert_null(sc->schools.classes[ZP_PRIMARY]);
    cr_assert_null(sc->schools.classes[ZP_JUNIOR]);
    cr_assert_null(sc->schools.capacity[ZP_PRIMARY]);
    cr_assert_str_eq(sc->schools.capacity[ZP_JUNIOR], "SEATS_J");
    /* Only junior replaced: the other types keep their defaults. */
    ASSERT_VALUES(sc->schools.type_values[ZP_TYPE_JUNIOR], "初级中学");
    ASSERT_VALUES(sc->schools.type_values[ZP_TYPE_PRIMARY], "primary", "小学");
    ASSERT_VALUES(sc->schools.type_values[ZP_TYPE_NINE_YEAR], "nine_year", "九年一贯制");
    for (int t = 0; t < ZP_NTYPES; t++)
        cr_assert_eq(sc->policy.school_cap[t], 3000); /* one integer: every type */
    cr_assert_eq(sc->policy.enforce_caps, 0);
    cr_assert_null(sc->output_dir); /* output: {} has no dir */
    zp_scenario_free(sc);
}

Test(scenario, anchors_and_aliases_resolve)
{
    zp_scenario *sc = load_ok("anchors.yaml");
    cr_assert_str_eq(sc->blocks.current[ZP_PRIMARY], "P");
    cr_assert_str_eq(sc->blocks.current[ZP_JUNIOR], "J");
    zp_scenario_free(sc);
}

/* ---- paths -------------------------------------------------------------------------- */

Test(scenario, relative_scenario_path_in_current_folder)
{
    cr_assert_eq(chdir(SCN_DIR), 0);
    zp_scenario *sc = NULL;
    cr_assert_eq(zp_scenario_load("minimal.yaml", &sc), ZP_OK, "%s", zp_error_last());
    cr_assert_str_eq(sc->file, "minimal.yaml");
    cr_assert_str_eq(sc->dir, ".");
    cr_assert_str_eq(sc->blocks.path, "blocks.shp");
    zp_scenario_free(sc);

    cr_assert_eq(zp_scenario_load("full.yaml", &sc), ZP_OK, "%s", zp_error_last());
    cr_assert_str_eq(sc->blocks.path, "../sample/blocks.shp");
    cr_assert_str_eq(sc->output_dir, "../../out/full");
    zp_scenario_free(sc);
}

Test(scenario, relative_scenario_path_in_subfolder)
{
    cr_assert_eq(chdir(ZP_TEST_DATA), 0);
    zp_scenario *sc = NULL;
    cr_assert_eq(zp_scenario_load("scenario/full.yaml", &sc), ZP_OK, "%s", zp_error_last());
    cr_assert_str_eq(sc->file, "scenario/full.yaml");
    cr_assert_str_eq(sc->dir, "scenario");
    cr_assert_str_eq(sc->blocks.path, "scenario/../sample/blocks.shp");
    cr_assert_str_eq(sc->schools.path, "/srv/gis/schools.shp");
    cr_assert_str_eq(sc->output_dir, "scenario/../../out/full");
    zp_scenario_free(sc);
}

Test(scenario, absolute_scenario_path)
{
    char *tmp = zpt_tmpdir();
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/s.yaml", tmp);
    zpt_write(path, "name: n\nblocks: {path: b.shp, id: B, children: {junior: J}}\n"
                    "schools: {path: /abs/s.shp, id: S, type: T, capacity: {junior: C}}\n"
                    "output: {dir: out}\n");
    zp_scenario *sc = NULL;
    cr_assert_eq(zp_scenario_load(path, &sc), ZP_OK, "%s", zp_error_last());
    char want[PATH_MAX + 16];
    snprintf(want, sizeof want, "%s/b.shp", tmp);
    cr_assert_str_eq(sc->blocks.path, want);
    snprintf(want, sizeof want, "%s/out", tmp);
    cr_assert_str_eq(sc->output_dir, want);
    cr_assert_str_eq(sc->dir, tmp);
    zp_scenario_free(sc);
    zpt_rmtree(tmp);
    free(tmp);
}

/* output.publish: on by default, a plain boolean, or formats/lang/dpi checked at load. */
static zp_scenario *load_output(const char *dir, const char *output, int *rc)
{
    char path[PATH_MAX], text[1024];
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    snprintf(text, sizeof text,
             "name: n\nblocks: {path: b.shp, id: B, children: {junior: J}}\n"
             "schools: {path: s.shp, id: S, type: T, capacity: {junior: C}}\n"
             "output: %s\n",
             output);
    zpt_write(path, text);
    zp_scenario *sc = NULL;
    zp_error_clear();
    *rc = zp_scenario_load(path, &sc);
    return sc;
}

Test(scenario, output_publish)
{
    char *tmp = zpt_tmpdir();
    int rc;
    zp_scenario *sc = load_output(tmp, "{dir: out}", &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->publish, 1, "publishing is on unless turned off");
    cr_assert_eq(sc->publish_opts.formats, 0u);
    zp_scenario_free(sc);
    sc = load_output(tmp, "{dir: out, publish: false}", &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->publish, 0);
    zp_scenario_free(sc);
    sc = load_output(tmp, "{publish: {formats: [pdf, geojson], lang: en, dpi: 96}}", &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->publish, 1);
    cr_assert_eq(sc->publish_opts.formats, (unsigned)(ZP_PUB_PDF | ZP_PUB_GEOJSON));
    cr_assert_eq(sc->publish_opts.lang, ZP_LANG_EN);
    cr_assert_eq(sc->publish_opts.dpi, 96);
    zp_scenario_free(sc);
    sc = load_output(tmp,
                     "{publish: {audience: public, bureau: 示例县教育局, year: 2026, "
                     "approval: 'GS(2026)1234号'}}",
                     &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->publish_opts.audience, ZP_AUDIENCE_PUBLIC);
    cr_assert_str_eq(sc->publish_opts.bureau, "示例县教育局");
    cr_assert_str_eq(sc->publish_opts.approval, "GS(2026)1234号");
    cr_assert_eq(sc->publish_opts.year, 2026);
    zp_scenario_free(sc);
    /* output.lang: the report's and summary's language, the maps' unless publish.lang says */
    sc = load_output(tmp, "{dir: out}", &rc);
    cr_assert_eq(sc->lang, ZP_LANG_EN, "report English unless asked");
    cr_assert_eq(sc->publish_opts.lang, ZP_LANG_ZH, "maps Chinese unless asked");
    zp_scenario_free(sc);
    sc = load_output(tmp, "{lang: zh}", &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->lang, ZP_LANG_ZH);
    cr_assert_eq(sc->publish_opts.lang, ZP_LANG_ZH);
    zp_scenario_free(sc);
    sc = load_output(tmp, "{lang: en}", &rc);
    cr_assert_eq(sc->lang, ZP_LANG_EN);
    cr_assert_eq(sc->publish_opts.lang, ZP_LANG_EN, "the maps follow output.lang");
    zp_scenario_free(sc);
    sc = load_output(tmp, "{publish: {lang: zh}, lang: en}", &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->lang, ZP_LANG_EN);
    cr_assert_eq(sc->publish_opts.lang, ZP_LANG_ZH, "output.publish.lang wins for the maps");
    zp_scenario_free(sc);
    sc = load_output(tmp, "{csv: UTF-8-BOM}", &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->csv, ZP_CSV_UTF8_BOM);
    zp_scenario_free(sc);
    const char *bad[][2] = {
        {"{publish: {audience: everyone}}", "'everyone' is not public or internal"},
        {"{publish: {year: 26}}", "26 is not a year"},
        {"{csv: latin1}", "'latin1' is not utf-8, utf-8-bom or gb18030"},
        {"{publish: {year: soon}}", "year"},
        {"{publish: {formats: [pdf, jpeg]}}", "'jpeg' is not one of pdf"},
        {"{publish: {formats: 'pdf,png'}}", "'pdf,png' is not one of"},
        {"{publish: {lang: fr}}", "'fr' is not zh or en"},
        {"{lang: fr}", "output.lang: 'fr' is not zh or en"},
        {"{publish: {dpi: 0}}", "dpi"},
        {"{publish: {dpi: 5000}}", "more than 1200"},
        {"{publish: {colour: red}}", "colour"},
        {"{publish: maybe}", "true or false"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sc = load_output(tmp, bad[i][0], &rc);
        cr_assert_eq(rc, ZP_EINPUT, "%s: rc %d", bad[i][0], rc);
        cr_assert_null(sc);
        cr_assert(strstr(zp_error_last(), bad[i][1]) && strstr(zp_error_last(), "s.yaml:"),
                  "%s: got: %s", bad[i][0], zp_error_last());
    }
    zpt_rmtree(tmp);
    free(tmp);
}

/* roads: and barriers: (the walk), policy.distance and policy.access. */
Test(scenario, roads_and_walking_policy)
{
    char *tmp = zpt_tmpdir();
    int rc;
    zp_scenario *sc = load_output(tmp, "{dir: out}", &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_null(sc->roads.path);
    cr_assert_eq(zp_scenario_distance(sc), ZP_DISTANCE_STRAIGHT, "no roads: the straight line");
    cr_assert_float_eq(sc->policy.access_max_m, 300, 1e-9);
    zp_scenario_free(sc);
    sc = load_output(tmp,
                     "{dir: out}\nroads: {path: r.shp, walkable: {field: KIND, exclude: "
                     "[expressway, Railway]}, connect: intersections, crs: 'EPSG:4547'}\n"
                     "barriers: {path: river.shp}\npolicy: {access: {max_m: 150}}",
                     &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert(strstr(sc->roads.path, "/r.shp"));
    cr_assert(strstr(sc->roads.barriers, "/river.shp"));
    cr_assert_str_eq(sc->roads.walkable_field, "KIND");
    cr_assert_str_eq(sc->roads.exclude[1], "Railway");
    cr_assert_null(sc->roads.exclude[2]);
    cr_assert_eq(sc->roads.connect, 1);
    cr_assert_str_eq(sc->roads.crs, "EPSG:4547");
    cr_assert_eq(zp_scenario_distance(sc), ZP_DISTANCE_NETWORK, "roads given: the walk");
    cr_assert_float_eq(sc->policy.access_max_m, 150, 1e-9);
    zp_scenario_free(sc);
    sc = load_output(tmp, "{dir: out}\nroads: {path: r.shp}\npolicy: {distance: straight}", &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_scenario_distance(sc), ZP_DISTANCE_STRAIGHT, "asked for the straight line");
    zp_scenario_free(sc);
    const char *bad[][2] = {
        {"{dir: out}\npolicy: {distance: network}", "network needs a roads: layer"},
        {"{dir: out}\npolicy: {distance: walking}", "expected network"},
        {"{dir: out}\nroads: {path: r.shp, connect: crossings}", "expected endpoints"},
        {"{dir: out}\nroads: {path: r.shp, walkable: {field: KIND}}", "expected exclude"},
        {"{dir: out}\nroads: {path: r.dbf}", ".shp"},
        {"{dir: out}\nroads: {walkable: {field: KIND, exclude: [x]}}", "path"},
        {"{dir: out}\nbarriers: {path: river.shp}", "add a roads: layer"},
        {"{dir: out}\nroads: {path: r.shp}\npolicy: {access: {max_m: -1}}", "max_m"},
        {"{dir: out}\nroads: {path: r.shp, speed: 5}", "speed"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sc = load_output(tmp, bad[i][0], &rc);
        cr_assert_eq(rc, ZP_EINPUT, "%s: rc %d", bad[i][0], rc);
        cr_assert_null(sc);
        cr_assert(strstr(zp_error_last(), bad[i][1]), "%s: '%s' not in: %s", bad[i][0], bad[i][1],
                  zp_error_last());
    }
    zpt_rmtree(tmp);
    free(tmp);
}

Test(scenario, free_null_is_safe)
{
    zp_scenario_free(NULL);
}

/* ---- malformed files ---------------------------------------------------------------- */

Test(scenario, unknown_top_level_key)
{
    EXPECT_ERROR("bad_unknown_top.yaml", 4, "unknown top-level key 'polcy'",
                 "did you mean 'policy'",
                 "allowed keys: name, crs, blocks, schools, roads, barriers, policy, output");
}

Test(scenario, unknown_nested_key)
{
    EXPECT_ERROR("bad_unknown_nested.yaml", 6, "unknown key 'class_capp' in policy",
                 "did you mean 'class_cap'", "class_cap, school_cap, service_radius_m");
}

Test(scenario, unknown_deep_key)
{
    EXPECT_ERROR("bad_unknown_deep.yaml", 5, "unknown key 'senior' in blocks.children",
                 "allowed keys: primary, junior");
}

Test(scenario, wrong_type_mapping_for_string)
{
    EXPECT_ERROR("bad_type_mapping.yaml", 4, "blocks.id", "expected a string", "found a mapping");
}

Test(scenario, wrong_type_list_for_string)
{
    EXPECT_ERROR("bad_type_list.yaml", 2, "name", "expected a string", "found a list");
}

Test(scenario, wrong_type_list_for_number)
{
    EXPECT_ERROR("bad_type_number.yaml", 5, "policy.candidates", "expected a positive integer",
                 "found a list");
}

Test(scenario, missing_name)
{
    EXPECT_ERROR("bad_missing_name.yaml", 2, "missing required top-level key 'name'");
}

Test(scenario, null_name)
{
    EXPECT_ERROR("bad_null_name.yaml", 1, "name", "expected a non-empty string",
                 "found an empty value");
}

Test(scenario, empty_name)
{
    EXPECT_ERROR("bad_empty_name.yaml", 1, "name", "expected a non-empty string");
}

Test(scenario, missing_blocks_id)
{
    EXPECT_ERROR("bad_missing_blocks_id.yaml", 3, "blocks", "missing required key 'id'");
}

Test(scenario, missing_children_and_grades)
{
    EXPECT_ERROR("bad_missing_children.yaml", 3, "blocks", "'children'", "'grades'");
}

Test(scenario, children_and_grades_both_given)
{
    EXPECT_ERROR("bad_children_and_grades.yaml", 6, "blocks", "either children", "grades",
                 "not both");
}

Test(scenario, grades_incomplete)
{
    EXPECT_ERROR("bad_grades_incomplete.yaml", 5, "blocks.grades", "missing g7", "all nine");
}

Test(scenario, bad_number)
{
    EXPECT_ERROR("bad_number.yaml", 5, "policy.class_cap.primary", "expected a positive integer",
                 "'45x'");
}

Test(scenario, negative_cap)
{
    EXPECT_ERROR("bad_negative_cap.yaml", 5, "policy.school_cap", "expected a positive integer",
                 "-10");
}

Test(scenario, zero_radius)
{
    EXPECT_ERROR("bad_zero_radius.yaml", 5, "policy.service_radius_m.junior",
                 "expected a number > 0", "'0'");
}

Test(scenario, zero_candidates)
{
    EXPECT_ERROR("bad_zero_candidates.yaml", 5, "policy.candidates", "expected a positive integer",
                 "found 0");
}

Test(scenario, fraction_for_integer)
{
    EXPECT_ERROR("bad_float_int.yaml", 5, "policy.large_class", "expected a positive integer",
                 "'56.5'");
}

Test(scenario, quoted_number)
{
    EXPECT_ERROR("bad_quoted_number.yaml", 5, "policy.candidates", "quoted string \"8\"");
}

Test(scenario, non_boolean)
{
    EXPECT_ERROR("bad_bool.yaml", 5, "policy.enforce_caps", "expected true or false", "'maybe'");
}

Test(scenario, class_bands_out_of_order)
{
    EXPECT_ERROR("bad_class_bands.yaml", 5, "very_large_class (66)", "large_class (70)");
}

Test(scenario, duplicate_key)
{
    EXPECT_ERROR("bad_duplicate_key.yaml", 5, "duplicate key 'id' in blocks",
                 "first given at line 3");
}

Test(scenario, yaml_syntax_error)
{
    EXPECT_ERROR("bad_syntax.yaml", 4, "YAML syntax error", "did not find expected key");
}

Test(scenario, undefined_alias)
{
    EXPECT_ERROR("bad_undefined_alias.yaml", 2, "YAML syntax error", "undefined alias");
}

Test(scenario, not_utf8)
{
    EXPECT_ERROR("bad_gbk.yaml", 2, "UTF-8");
}

Test(scenario, empty_file)
{
    EXPECT_ERROR("empty.yaml", 0, "empty", "name, blocks and schools");
}

Test(scenario, comments_only)
{
    EXPECT_ERROR("comments_only.yaml", 0, "empty");
}

Test(scenario, top_level_list)
{
    EXPECT_ERROR("top_list.yaml", 1, "expected a mapping at the top level", "found a list");
}

Test(scenario, two_documents)
{
    EXPECT_ERROR("bad_two_documents.yaml", 5, "second YAML document");
}

Test(scenario, key_not_scalar)
{
    EXPECT_ERROR("bad_key_not_scalar.yaml", 4, "expected a key name at the top level",
                 "found a list");
}

Test(scenario, missing_file)
{
    EXPECT_ERROR("no_such_scenario.yaml", 0, "cannot open", "No such file");
}

Test(scenario, folder_instead_of_file)
{
    const char *const needles[] = {"is not a regular file", "a folder", NULL};
    expect_error_at(SCN_DIR, 0, needles);
}

Test(scenario, classes_levels_and_grades_mixed)
{
    EXPECT_ERROR("bad_classes_mixed.yaml", 8, "schools.classes", "not a mix");
}

Test(scenario, capacity_without_levels)
{
    EXPECT_ERROR("bad_capacity_empty.yaml", 7, "schools.capacity",
                 "at least one of primary, junior");
}

Test(scenario, missing_capacity)
{
    EXPECT_ERROR("bad_missing_capacity.yaml", 3, "schools", "missing required key 'capacity'");
}

Test(scenario, school_cap_mapping_unknown_type)
{
    EXPECT_ERROR("bad_school_cap_key.yaml", 7, "unknown key 'twelve_year' in policy.school_cap",
                 "primary, junior, nine_year");
}

Test(scenario, school_cap_list)
{
    EXPECT_ERROR("bad_school_cap_list.yaml", 5, "policy.school_cap",
                 "expected an integer or a mapping", "found a list");
}

Test(scenario, chinese_type_value_for_two_types)
{
    EXPECT_ERROR("bad_type_values_conflict.yaml", 8, "schools.type_values", "'小学'",
                 "primary and nine_year");
}

Test(scenario, type_values_item_not_string)
{
    EXPECT_ERROR("bad_type_values_item.yaml", 9, "schools.type_values.primary", "expected a string",
                 "found a mapping");
}

Test(scenario, negative_move_penalty)
{
    EXPECT_ERROR("bad_move_penalty.yaml", 5, "policy.move_penalty_m", "expected a number >= 0",
                 "'-5'");
}

Test(scenario, feeder_not_boolean)
{
    EXPECT_ERROR("bad_feeder.yaml", 5, "policy.feeder", "expected true or false", "'2'");
}

Test(scenario, contiguity_not_boolean)
{
    EXPECT_ERROR("bad_contiguity.yaml", 5, "policy.contiguity", "expected true or false",
                 "'sometimes'");
}

Test(scenario, adjacency_min_shared_zero)
{
    EXPECT_ERROR("bad_adjacency_min.yaml", 5, "policy.adjacency.min_shared_m",
                 "expected a number > 0", "'0'");
}

Test(scenario, adjacency_negative_tolerance)
{
    EXPECT_ERROR("bad_adjacency_tolerance.yaml", 5, "policy.adjacency.tolerance_m",
                 "expected a number >= 0", "'-0.5'");
}

Test(scenario, adjacency_unknown_key)
{
    EXPECT_ERROR("bad_adjacency_key.yaml", 5, "unknown key 'tolerance' in policy.adjacency",
                 "did you mean 'tolerance_m'", "tolerance_m, min_shared_m");
}

Test(scenario, adjacency_not_a_mapping)
{
    EXPECT_ERROR("bad_adjacency_scalar.yaml", 5, "policy.adjacency", "expected a mapping",
                 "found a single value");
}

Test(scenario, locked_not_a_field_name)
{
    EXPECT_ERROR("bad_locked_list.yaml", 3, "blocks.locked", "expected a string", "found a list");
}

Test(scenario, null_arguments)
{
    cr_assert_eq(zp_scenario_load("x.yaml", NULL), ZP_ERROR);
    zp_scenario *sc = (zp_scenario *)&sc;
    cr_assert_eq(zp_scenario_load(NULL, &sc), ZP_EINPUT);
    cr_assert_null(sc);
}

/* ---- limits: nesting depth and file size ------------------------------------------------ */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* DIR/NAME: "name: x" then `blocks: ` and unit n times (never closed), all on line 2.
 * Returns the path (static). */
static const char *write_nested(const char *dir, const char *name, const char *unit, size_t n)
{
    static char path[PATH_MAX];
    size_t u = strlen(unit);
    char *text = malloc(32 + n * u), *p = text;
    p += sprintf(p, "name: x\nblocks: ");
    for (size_t i = 0; i < n; i++, p += u)
        memcpy(p, unit, u);
    strcpy(p, "\n");
    snprintf(path, sizeof path, "%s/%s", dir, name);
    zpt_write(path, text);
    free(text);
    return path;
}

/* 100,000 levels took libyaml minutes (time grows with the square of the depth): the first
 * node deeper than 64 stops the parse at once, at its line. The timeout turns a regression
 * into a failure rather than a stall. */
Test(scenario, deep_nesting_refused_quickly, .timeout = 20)
{
    static const char *units[] = {"[", "{a: "};
    char *dir = zpt_tmpdir();
    for (size_t i = 0; i < 2; i++) {
        const char *path = write_nested(dir, "deep.yaml", units[i], 100000);
        double t0 = now();
        EXPECT_ERROR_AT(path, 2, "nested more than 64 levels deep");
        double took = now() - t0;
        cr_assert_lt(took, 0.5, "'%s' x 100000: %.2f s", units[i], took);
    }
    zpt_rmtree(dir);
    free(dir);
}

/* Block style nests too: a mapping 100 levels deep by indentation fails at the 65th level's
 * line (the root mapping, line 1, is level 1; the mapping of level k starts on line k). */
Test(scenario, deep_block_nesting_refused)
{
    char *dir = zpt_tmpdir(), path[PATH_MAX];
    size_t cap = 100 * 120;
    char *text = malloc(cap), *p = text;
    for (int d = 0; d < 100; d++)
        p += sprintf(p, "%*sk%d:\n", d, "", d);
    snprintf(path, sizeof path, "%s/block.yaml", dir);
    zpt_write(path, text);
    free(text);
    EXPECT_ERROR_AT(path, 65, "nested more than 64 levels deep");
    zpt_rmtree(dir);
    free(dir);
}

/* 64 levels are allowed: the scenario fails on its content (blocks is a list), not depth. */
Test(scenario, nesting_at_the_limit_is_read)
{
    char *dir = zpt_tmpdir(), path[PATH_MAX];
    char text[512] = "name: x\nblocks: ";
    for (int i = 0; i < 63; i++)
        strcat(text, "[");
    for (int i = 0; i < 63; i++)
        strcat(text, "]");
    strcat(text, "\n");
    snprintf(path, sizeof path, "%s/limit.yaml", dir);
    zpt_write(path, text);
    EXPECT_ERROR_AT(path, 2, "blocks: expected a mapping");
    zpt_rmtree(dir);
    free(dir);
}

/* A base: file goes through the same parse: its own name and line in the message. */
Test(scenario, deep_nesting_in_a_base_file, .timeout = 20)
{
    char *dir = zpt_tmpdir(), top[PATH_MAX];
    const char *base = write_nested(dir, "base.yaml", "{a: ", 100000);
    snprintf(top, sizeof top, "%s/top.yaml", dir);
    zpt_write(top, "base: base.yaml\nname: what-if\n");
    zp_scenario *sc = NULL;
    double t0 = now();
    cr_assert_eq(zp_scenario_load(top, &sc), ZP_EINPUT);
    cr_assert_lt(now() - t0, 0.5);
    char where[PATH_MAX + 16];
    snprintf(where, sizeof where, "%s:2: ", base);
    cr_assert(strstr(zp_error_last(), where) && strstr(zp_error_last(), "64 levels"), "%s",
              zp_error_last());
    zpt_rmtree(dir);
    free(dir);
}

/* More than 16 MiB is refused before it is parsed (README: the scenario file's limits). */
Test(scenario, file_over_16_mib_refused)
{
    char *dir = zpt_tmpdir(), path[PATH_MAX];
    snprintf(path, sizeof path, "%s/big.yaml", dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs("name: x\n", f);
    for (int i = 0; i < (16 << 20) / 64 + 1; i++)
        fprintf(f, "# %61s\n", "padding");
    fclose(f);
    EXPECT_ERROR_AT(path, 0, "larger than 16 MiB");
    zpt_rmtree(dir);
    free(dir);
}

/* ---- robustness: never crash or leak, whatever the bytes (run under ASan) --------------- */

/* Load text from a temp file; it must either succeed or fail with ZP_EINPUT. */
static void load_any(const char *dir, const char *text)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    zpt_write(path, text);
    zp_scenario *sc = NULL;
    int rc = zp_scenario_load(path, &sc);
    cr_assert(rc == ZP_OK || rc == ZP_EINPUT, "rc %d (%s) for:\n%s", rc, zp_error_last(), text);
    cr_assert(rc == ZP_OK ? sc != NULL : sc == NULL);
    zp_scenario_free(sc);
}

static void every_prefix(const char *fixture)
{
    char *text = zpt_slurp(fixture, NULL);
    cr_assert_not_null(text);
    char *tmp = zpt_tmpdir();
    for (size_t n = strlen(text); n > 0; n--) {
        text[n] = '\0';
        load_any(tmp, text);
    }
    zpt_rmtree(tmp);
    free(tmp);
    free(text);
}

Test(scenario, every_prefix_of_the_full_example)
{
    every_prefix(SCN_DIR "/full.yaml");
}

Test(scenario, every_prefix_of_the_redraw_example)
{
    every_prefix(SCN_DIR "/redraw.yaml");
}

static void byte_mutations(const char *fixture)
{
    char *orig = zpt_slurp(fixture, NULL);
    cr_assert_not_null(orig);
    size_t len = strlen(orig);
    char *text = malloc(len + 1);
    char *tmp = zpt_tmpdir();
    static const char pool[] = "{}[]:,-#&*!|>'\"%@` \n\t0x~?";
    unsigned seed = 12345;
    for (int round = 0; round < 400; round++) {
        memcpy(text, orig, len + 1);
        for (int k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % len;
            seed = seed * 1103515245u + 12345u;
            text[at] = pool[(seed >> 8) % (sizeof pool - 1)];
        }
        load_any(tmp, text);
    }
    zpt_rmtree(tmp);
    free(tmp);
    free(text);
    free(orig);
}

Test(scenario, byte_mutations_of_the_full_example)
{
    byte_mutations(SCN_DIR "/full.yaml");
}

Test(scenario, byte_mutations_of_the_redraw_example)
{
    byte_mutations(SCN_DIR "/redraw.yaml");
}

/* ---- the quality-balance audit's keys (schools.resources, policy.profile/audit) ---------- */

/* A scenario of `schools` (lines 3 to 7) followed by `extra` (from line 8: more schools keys,
 * indented two, then policy and changes), written to dir/a.yaml and loaded. */
static zp_scenario *load_audit(const char *dir, const char *extra, int *rc)
{
    char path[PATH_MAX], text[4096];
    snprintf(path, sizeof path, "%s/a.yaml", dir);
    snprintf(text, sizeof text,
             "name: n\n"                                             /* 1 */
             "blocks: {path: b.shp, id: B, children: {junior: J}}\n" /* 2 */
             "schools:\n"                                            /* 3 */
             "  path: s.shp\n"                                       /* 4 */
             "  id: S\n"                                             /* 5 */
             "  type: T\n"                                           /* 6 */
             "  capacity: {primary: CP, junior: CJ}\n"               /* 7 */
             "%s",
             extra);
    zpt_write(path, text);
    zp_scenario *sc = NULL;
    zp_error_clear();
    *rc = zp_scenario_load(path, &sc);
    cr_assert(*rc == ZP_OK ? sc != NULL : sc == NULL, "rc %d, scenario %p", *rc, (void *)sc);
    return sc;
}

/* Load `extra` expecting ZP_EINPUT at dir/a.yaml:line with every needle in the message. */
static void audit_error(const char *dir, const char *extra, int line, const char *const *needles)
{
    int rc;
    zp_scenario *sc = load_audit(dir, extra, &rc);
    cr_assert_eq(rc, ZP_EINPUT, "rc %d for:\n%s", rc, extra);
    cr_assert_null(sc);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/a.yaml", dir);
    expect_error_at(path, line, needles); /* loads it again: the same error */
}

#define AUDIT_ERROR(dir, extra, line, ...)                                                         \
    do {                                                                                           \
        const char *const needles_[] = {__VA_ARGS__, NULL};                                        \
        audit_error(dir, extra, line, needles_);                                                   \
    } while (0)

Test(scenario, audit_resources_whole_and_per_level)
{
    char *tmp = zpt_tmpdir();
    int rc;
    zp_scenario *sc = load_audit(tmp, "", &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->schools.has_resources, 0, "no resources: no audit");
    for (int i = 0; i < ZP_NRESOURCES; i++) {
        cr_assert_null(sc->schools.resources_whole[i]);
        cr_assert_null(sc->schools.resources[ZP_PRIMARY][i]);
        cr_assert_null(sc->schools.resources[ZP_JUNIOR][i]);
    }
    zp_scenario_free(sc);

    sc = load_audit(tmp,
                    "  resources:\n"
                    "    qualified_teachers: QT\n"
                    "    multimedia_rooms: {primary: MM_P, junior: MM_J}\n"
                    "    sports_area: {junior: SA_J}\n",
                    &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    const zp_schools_spec *s = &sc->schools;
    cr_assert_eq(s->has_resources, 1);
    cr_assert_str_eq(s->resources_whole[ZP_IND_QUALIFIED_TEACHERS], "QT");
    cr_assert_null(s->resources[ZP_PRIMARY][ZP_IND_QUALIFIED_TEACHERS]);
    cr_assert_null(s->resources[ZP_JUNIOR][ZP_IND_QUALIFIED_TEACHERS]);
    cr_assert_null(s->resources_whole[ZP_IND_MULTIMEDIA_ROOMS]);
    cr_assert_str_eq(s->resources[ZP_PRIMARY][ZP_IND_MULTIMEDIA_ROOMS], "MM_P");
    cr_assert_str_eq(s->resources[ZP_JUNIOR][ZP_IND_MULTIMEDIA_ROOMS], "MM_J");
    cr_assert_null(s->resources_whole[ZP_IND_SPORTS_AREA]);
    cr_assert_null(s->resources[ZP_PRIMARY][ZP_IND_SPORTS_AREA]);
    cr_assert_str_eq(s->resources[ZP_JUNIOR][ZP_IND_SPORTS_AREA], "SA_J");
    for (int i = ZP_IND_KEY_TEACHERS; i <= ZP_IND_EQUIPMENT_VALUE; i++)
        if (i != ZP_IND_SPORTS_AREA) {
            cr_assert_null(s->resources_whole[i], "%s", zp_indicator_key(i));
            cr_assert_null(s->resources[ZP_PRIMARY][i], "%s", zp_indicator_key(i));
            cr_assert_null(s->resources[ZP_JUNIOR][i], "%s", zp_indicator_key(i));
        }
    zp_scenario_free(sc);
    zpt_rmtree(tmp);
    free(tmp);
}

Test(scenario, audit_resources_errors)
{
    char *tmp = zpt_tmpdir();
    AUDIT_ERROR(tmp,
                "  resources:\n"         /* 8 */
                "    key_teachers: KT\n" /* 9 */
                "    teachers: QT\n",    /* 10 */
                10, "unknown key 'teachers'", "schools.resources", "qualified_teachers");
    AUDIT_ERROR(tmp,
                "  resources:\n"                                 /* 8 */
                "    key_teachers: {primary: KP, senior: KS}\n", /* 9 */
                9, "'senior'", "schools.resources.key_teachers");
    AUDIT_ERROR(tmp,
                "  resources:\n"          /* 8 */
                "    key_teachers: {}\n", /* 9 */
                9, "schools.resources.key_teachers", "at least one of primary, junior");
    AUDIT_ERROR(tmp, "  resources: [QT]\n", 8, "schools.resources");
    zpt_rmtree(tmp);
    free(tmp);
}

/* profile: national-2017: school caps 2,000 (primary, junior) and 2,500 (nine-year), the 2017
 * thresholds, the profile named; school_cap beside it wins whichever is written first. */
Test(scenario, audit_profile_and_school_cap)
{
    char *tmp = zpt_tmpdir();
    int rc;
    zp_scenario *sc = load_audit(tmp, "policy: {profile: national-2017}\n", &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->policy.school_cap[ZP_TYPE_PRIMARY], 2000);
    cr_assert_eq(sc->policy.school_cap[ZP_TYPE_JUNIOR], 2000);
    cr_assert_eq(sc->policy.school_cap[ZP_TYPE_NINE_YEAR], 2500);
    cr_assert_str_eq(sc->policy.audit.profile, "national-2017");
    cr_assert_float_eq(sc->policy.audit.rules[ZP_JUNIOR].threshold[ZP_IND_SPORTS_AREA], 10.2,
                       1e-12);
    cr_assert_eq(sc->policy.audit.enforce, 0);
    zp_scenario_free(sc);

    static const char *orders[] = {
        "policy: {profile: national-2017, school_cap: 2200}\n",
        "policy: {school_cap: 2200, profile: national-2017}\n",
        "policy:\n  school_cap: 2200\n  class_cap: {primary: 40}\n  profile: national-2017\n",
    };
    for (size_t k = 0; k < sizeof orders / sizeof orders[0]; k++) {
        sc = load_audit(tmp, orders[k], &rc);
        cr_assert_eq(rc, ZP_OK, "%s: %s", orders[k], zp_error_last());
        for (int t = 0; t < ZP_NTYPES; t++)
            cr_assert_eq(sc->policy.school_cap[t], 2200, "%s: type %d: %d", orders[k], t,
                         sc->policy.school_cap[t]);
        cr_assert_str_eq(sc->policy.audit.profile, "national-2017");
        zp_scenario_free(sc);
    }
    sc = load_audit(tmp, "policy: {school_cap: {nine_year: 2300}, profile: national-2017}\n", &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->policy.school_cap[ZP_TYPE_PRIMARY], 2000);
    cr_assert_eq(sc->policy.school_cap[ZP_TYPE_JUNIOR], 2000);
    cr_assert_eq(sc->policy.school_cap[ZP_TYPE_NINE_YEAR], 2300);
    zp_scenario_free(sc);
    /* thresholds and enforce_audit written before the profile are kept too */
    sc = load_audit(tmp,
                    "policy:\n"
                    "  audit: {thresholds: {qualified_teachers: {primary: 5}}}\n"
                    "  enforce_audit: true\n"
                    "  profile: national-2017\n",
                    &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_float_eq(sc->policy.audit.rules[ZP_PRIMARY].threshold[ZP_IND_QUALIFIED_TEACHERS], 5.0,
                       1e-12);
    cr_assert_eq(sc->policy.audit.enforce, 1);
    zp_scenario_free(sc);

    AUDIT_ERROR(tmp,
                "policy:\n"                    /* 8 */
                "  class_cap: {primary: 40}\n" /* 9 */
                "  profile: national-2016\n",  /* 10 */
                10, "policy.profile", "unknown profile 'national-2016'", "national-2017");
    zpt_rmtree(tmp);
    free(tmp);
}

/* policy.audit: one threshold overridden, the others the 2017 values; need_met, rest_share and
 * cv checked; enforce_audit. */
Test(scenario, audit_policy_values)
{
    char *tmp = zpt_tmpdir();
    int rc;
    zp_scenario *sc = load_audit(tmp, "", &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->policy.audit.enforce, 0);
    cr_assert_str_eq(sc->policy.audit.profile, "");
    cr_assert_eq(sc->policy.audit.rules[ZP_PRIMARY].unweighted, 0);
    zp_scenario_free(sc);

    sc = load_audit(tmp,
                    "policy:\n"
                    "  audit:\n"
                    "    thresholds: {multimedia_rooms: {junior: 2.6}}\n"
                    "    need_met: 5\n"
                    "    rest_share: 0.8\n"
                    "    cv: unweighted\n"
                    "    nine_year_junior_weight: 1.5\n"
                    "    cv_limit: {primary: 0.4}\n"
                    "  enforce_audit: true\n",
                    &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    const zp_audit_policy *a = &sc->policy.audit;
    static const double want[2][ZP_NINDICATORS] = {{4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3},
                                                   {5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.6}};
    for (int l = 0; l < ZP_NLEVELS; l++) {
        for (int i = 0; i < ZP_NINDICATORS; i++)
            cr_assert_float_eq(a->rules[l].threshold[i], want[l][i], 1e-12, "level %d %s", l,
                               zp_indicator_key(i));
        cr_assert_eq(a->rules[l].need_met, 5);
        cr_assert_float_eq(a->rules[l].rest_share, 0.8, 1e-12);
        cr_assert_eq(a->rules[l].unweighted, 1, "cv: unweighted on level %d", l);
    }
    cr_assert_float_eq(a->rules[ZP_PRIMARY].cv_limit, 0.4, 1e-12);
    cr_assert_float_eq(a->rules[ZP_JUNIOR].cv_limit, 0.45, 1e-12);
    cr_assert_float_eq(a->junior_weight, 1.5, 1e-12);
    cr_assert_eq(a->enforce, 1);
    zp_scenario_free(sc);

    sc = load_audit(tmp, "policy: {audit: {cv: weighted}}\n", &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->policy.audit.rules[ZP_JUNIOR].unweighted, 0);
    zp_scenario_free(sc);

    AUDIT_ERROR(tmp,
                "policy:\n"          /* 8 */
                "  audit:\n"         /* 9 */
                "    need_met: 8\n", /* 10 */
                10, "policy.audit.need_met", "1 to 7");
    AUDIT_ERROR(tmp,
                "policy:\n"              /* 8 */
                "  audit:\n"             /* 9 */
                "    rest_share: 1.2\n", /* 10 */
                10, "policy.audit.rest_share", "at most 1");
    AUDIT_ERROR(tmp, "policy:\n  audit:\n    rest_share: 0\n", 10, "rest_share");
    AUDIT_ERROR(tmp, "policy:\n  audit:\n    cv: plain\n", 10, "policy.audit.cv", "unweighted");
    AUDIT_ERROR(tmp, "policy:\n  audit:\n    thresholds: {rooms: {primary: 2}}\n", 10,
                "unknown key 'rooms'", "policy.audit.thresholds");
    AUDIT_ERROR(tmp, "policy:\n  audit:\n    thresholds: {key_teachers: {primary: -1}}\n", 10,
                "policy.audit.thresholds.key_teachers");
    AUDIT_ERROR(tmp, "policy:\n  enforce_audit: sometimes\n", 9, "enforce_audit");
    zpt_rmtree(tmp);
    free(tmp);
}

/* set_policy among the changes carries enforce_audit (and the profile) like policy does. */
/* A profile named later sets the standard's values, not how the rule is applied: cv:
 * unweighted, need_met and rest_share written before it stay (it once reset them). */
Test(scenario, audit_profile_keeps_the_rule)
{
    char *tmp = zpt_tmpdir();
    int rc;
    zp_scenario *sc = load_audit(tmp,
                                 "policy: {audit: {cv: unweighted, need_met: 5, rest_share: 0.9,\n"
                                 "                 thresholds: {sports_area: {primary: 6}}}}\n"
                                 "changes:\n"
                                 "  - set_policy: {profile: national-2017}\n",
                                 &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    for (int l = 0; l < ZP_NLEVELS; l++) {
        cr_assert_eq(sc->policy.audit.rules[l].unweighted, 1);
        cr_assert_eq(sc->policy.audit.rules[l].need_met, 5);
        cr_assert_float_eq(sc->policy.audit.rules[l].rest_share, 0.9, 1e-12);
    }
    /* the profile's own values replace what was there */
    cr_assert_float_eq(sc->policy.audit.rules[ZP_PRIMARY].threshold[ZP_IND_SPORTS_AREA], 7.5,
                       1e-12);
    zp_scenario_free(sc);
    zpt_rmtree(tmp);
    free(tmp);
}

Test(scenario, audit_set_policy_change)
{
    char *tmp = zpt_tmpdir();
    int rc;
    zp_scenario *sc = load_audit(tmp,
                                 "policy: {enforce_audit: false}\n"
                                 "changes:\n"
                                 "  - set_policy: {enforce_audit: true}\n"
                                 "  - set_policy: {profile: national-2017}\n",
                                 &rc);
    cr_assert_eq(rc, ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->nchanges, 2);
    cr_assert_eq(sc->changes[0].kind, ZP_CHANGE_SET_POLICY);
    cr_assert_eq(sc->changes[0].line, 10);
    cr_assert_eq(sc->policy.audit.enforce, 1, "set_policy's enforce_audit folded in");
    cr_assert_eq(sc->policy.school_cap[ZP_TYPE_NINE_YEAR], 2500);
    cr_assert_eq(sc->policy.school_cap[ZP_TYPE_PRIMARY], 2000);
    cr_assert_str_eq(sc->policy.audit.profile, "national-2017");
    zp_scenario_free(sc);
    zpt_rmtree(tmp);
    free(tmp);
}
