/* Shared by the tests of scenario changes (test_changes.c: effects and data errors;
 * test_change_parse.c: malformed change items and the blocks.locked field; test_assign.c:
 * the assign and lock changes, in the data and in the run): a 4 x 4 grid
 * district written with the fixture, its scenario with the test's YAML appended at line
 * FIRST, and assertions on "FILE:LINE: change N (kind): ..." messages. One test program
 * includes it once, so the state below is that program's. */
#ifndef ZP_TEST_CHANGES_COMMON_H
#define ZP_TEST_CHANGES_COMMON_H

#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "support.h"
#include "zoneplan/changes.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

#define X0 520000.0 /* the fixture's south-west corner in EPSG:4547 */
#define Y0 3385000.0
#define FIRST 8 /* the line the fixture's scenario hands to the test's YAML */

static char *top;
static char *scenario;
static zp_scenario *sc;
static zp_dataset ds;

/* 4 x 4 blocks of 200 m (B001 south-west, row by row), 10 primary and 5 junior each. */
static const zpt_school schools[] = {
    {"S001", "城关小学", "primary", 100, 100, 400, 0, 10, 0},
    {"S002", "实验初中", "junior", 700, 700, 0, 300, 0, 6},
    {"S003", "新华九年一贯制学校", "nine_year", 500, 300, 300, 200, 8, 4},
};
static const char *cur_pri[16] = {"S001", "S001", NULL, "S003"};

static inline void setup(void)
{
    top = zpt_tmpdir();
    cr_assert_not_null(top);
    zp_warn_set_echo(0);
}

static inline void teardown(void)
{
    zp_dataset_free(&ds);
    zp_scenario_free(sc);
    sc = NULL;
    free(scenario);
    scenario = NULL;
    if (top)
        zpt_rmtree(top);
    free(top);
    top = NULL;
}

TestSuite(changes, .init = setup, .fini = teardown);

static inline void write_district(const char *yaml, int no_prj)
{
    zpt_grid g = {.nx = 4, .ny = 4, .schools = schools, .nschools = 3, .cur_pri = cur_pri};
    g.no_prj = no_prj;
    free(scenario);
    scenario = zpt_write_grid(top, &g, yaml);
}

/* Scenario and data loaded, changes not yet applied (tests may prepare the data first). */
static inline void load(const char *yaml)
{
    write_district(yaml, 0);
    cr_assert_eq(zp_scenario_load(scenario, &sc), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_data_load(sc, &ds), ZP_OK, "%s", zp_error_last());
}

static inline void apply_ok(const char *yaml)
{
    load(yaml);
    cr_assert_eq(zp_changes_apply(sc, &ds), ZP_OK, "%s", zp_error_last());
}

/* msg starts with SCENARIO:LINE: change N (kind): and holds every needle. */
static inline void assert_message(int line, const char *change, const char *const *needles)
{
    const char *msg = zp_error_last();
    char where[PATH_MAX + 96];
    snprintf(where, sizeof where, "%s:%d: %s: ", scenario, line, change);
    cr_assert(!strncmp(msg, where, strlen(where)), "expected '%s' at the start of: %s", where, msg);
    for (int i = 0; needles[i]; i++)
        cr_assert(strstr(msg, needles[i]), "'%s' missing from: %s", needles[i], msg);
}

static inline void expect_parse_error(const char *yaml, int line, const char *change,
                                      const char *const *needles)
{
    write_district(yaml, 0);
    zp_scenario *bad = (zp_scenario *)&bad;
    int rc = zp_scenario_load(scenario, &bad);
    cr_assert_eq(rc, ZP_EINPUT, "rc %d: %s", rc, zp_error_last());
    cr_assert_null(bad);
    assert_message(line, change, needles);
}

static inline void expect_apply_error(const char *yaml, int line, const char *change,
                                      const char *const *needles)
{
    load(yaml);
    int rc = zp_changes_apply(sc, &ds);
    cr_assert_eq(rc, ZP_EINPUT, "rc %d: %s", rc, zp_error_last());
    assert_message(line, change, needles);
}

#define PARSE_ERROR(yaml, line, change, ...)                                                       \
    do {                                                                                           \
        const char *const needles_[] = {__VA_ARGS__, NULL};                                        \
        expect_parse_error(yaml, line, change, needles_);                                          \
    } while (0)

#define APPLY_ERROR(yaml, line, change, ...)                                                       \
    do {                                                                                           \
        const char *const needles_[] = {__VA_ARGS__, NULL};                                        \
        expect_apply_error(yaml, line, change, needles_);                                          \
    } while (0)

static inline zp_school *school(const char *id)
{
    for (size_t s = 0; s < ds.nschools; s++)
        if (!strcmp(ds.schools[s].id, id))
            return &ds.schools[s];
    cr_assert_fail("no school %s", id);
    return NULL;
}

static inline zp_block *block(const char *id)
{
    for (size_t b = 0; b < ds.nblocks; b++)
        if (!strcmp(ds.blocks[b].id, id))
            return &ds.blocks[b];
    cr_assert_fail("no block %s", id);
    return NULL;
}

#endif
