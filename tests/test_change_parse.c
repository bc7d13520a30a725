/* Malformed change items, one kind at a time: each must stop zp_scenario_load with
 * ZP_EINPUT and "FILE:LINE: change N (kind): what was wrong" before any data is read.
 * Also the blocks.locked field as io reads it (values, unknown field, bad values). */
#include <criterion/criterion.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes_common.h"

Test(changes, add_school_malformed)
{
    PARSE_ERROR("changes:\n"
                "  - add_school: {id: N1, type: primary, x: 1, y: 2}\n",
                FIRST + 1, "change 1 (add_school)", "missing required key 'capacity'");
    PARSE_ERROR("changes:\n"
                "  - add_school: {id: N1, type: primary, x: 1, y: 2,\n"
                "                 capacity: {primary: 5, junior: 5}}\n",
                FIRST + 2, "change 1 (add_school)", "add_school.capacity.junior",
                "a primary school has no junior level");
    PARSE_ERROR("changes:\n"
                "  - add_school: {id: N1, type: nine_year, x: 1, y: 2, capacity: {primary: 5}}\n",
                FIRST + 1, "change 1 (add_school)", "add_school.capacity: missing junior");
    PARSE_ERROR("changes:\n"
                "  - add_school: {id: N1, type: junior, x: 1, y: 2, capacity: {junior: 5},\n"
                "                 classes: {primary: 3}}\n",
                FIRST + 2, "change 1 (add_school)", "add_school.classes.primary",
                "a junior school has no primary level");
    PARSE_ERROR("changes:\n"
                "  - add_school: {id: N1, type: primary, x: 1, y: 2, capacity: {primary: 0}}\n",
                FIRST + 1, "change 1 (add_school)", "add_school.capacity.primary",
                "expected a positive integer", "found 0");
    PARSE_ERROR("changes:\n"
                "  - add_school: {id: N1, type: senior, x: 1, y: 2, capacity: {primary: 5}}\n",
                FIRST + 1, "change 1 (add_school)", "unknown school type 'senior'");
    PARSE_ERROR("changes:\n"
                "  - add_school: {id: N1, type: primary, x: 1, capacity: {primary: 5}}\n",
                FIRST + 1, "change 1 (add_school)", "missing required key 'y' (a number)");
    PARSE_ERROR("changes:\n"
                "  - add_school: {id: N1, type: primary, x: \"1\", y: 2, capacity: {primary: 5}}\n",
                FIRST + 1, "change 1 (add_school)", "add_school.x", "quoted string");
    PARSE_ERROR("changes:\n"
                "  - add_school: {id: N1, type: primary, x: 1, y: 2, capcity: {primary: 5}}\n",
                FIRST + 1, "change 1 (add_school)", "unknown key 'capcity' in add_school",
                "did you mean 'capacity'");
    PARSE_ERROR("changes:\n"
                "  - add_school: {type: primary, x: 1, y: 2, capacity: {primary: 5}}\n",
                FIRST + 1, "change 1 (add_school)", "missing required key 'id'");
}

Test(changes, close_school_malformed)
{
    PARSE_ERROR("changes:\n  - close_school: {}\n", FIRST + 1, "change 1 (close_school)",
                "missing required key 'id'");
    PARSE_ERROR("changes:\n  - close_school: {id: S001, when: 2027}\n", FIRST + 1,
                "change 1 (close_school)", "unknown key 'when' in close_school");
    PARSE_ERROR("changes:\n  - close_school: S001\n", FIRST + 1, "change 1 (close_school)",
                "expected a mapping {id}", "found a single value");
    PARSE_ERROR("changes:\n  - close_school:\n", FIRST + 1, "change 1 (close_school)",
                "found an empty value");
}

Test(changes, set_levels_malformed)
{
    PARSE_ERROR("changes:\n  - set_capacity: {id: S001}\n", FIRST + 1, "change 1 (set_capacity)",
                "expected at least one of primary, junior");
    PARSE_ERROR("changes:\n  - set_capacity: {id: S001, primary: -5}\n", FIRST + 1,
                "change 1 (set_capacity)", "set_capacity.primary", "expected a whole number >= 0",
                "'-5'");
    PARSE_ERROR("changes:\n  - set_classes: {id: S001, primary: 1.5}\n", FIRST + 1,
                "change 1 (set_classes)", "set_classes.primary", "'1.5'");
    PARSE_ERROR("changes:\n  - set_classes: {id: S001, g1: 3}\n", FIRST + 1,
                "change 1 (set_classes)", "unknown key 'g1' in set_classes", "id, primary, junior");
}

Test(changes, scale_malformed)
{
    PARSE_ERROR("changes:\n  - scale_children: {factor: 0, blocks: [B001]}\n", FIRST + 1,
                "change 1 (scale_children)", "scale_children.factor", "expected a number > 0");
    PARSE_ERROR("changes:\n  - scale_children: {blocks: [B001]}\n", FIRST + 1,
                "change 1 (scale_children)", "missing required key 'factor'");
    PARSE_ERROR("changes:\n  - scale_children: {factor: 2}\n", FIRST + 1,
                "change 1 (scale_children)", "missing required key 'blocks'", "'within'");
    PARSE_ERROR("changes:\n  - scale_children: {factor: 2, blocks: [B001],\n"
                "                     within: z.shp}\n",
                FIRST + 2, "change 1 (scale_children)", "either blocks", "not both");
    PARSE_ERROR("changes:\n  - scale_children: {factor: 2, blocks: []}\n", FIRST + 1,
                "change 1 (scale_children)", "scale_children.blocks: the list is empty");
    PARSE_ERROR("changes:\n  - scale_children: {factor: 2, blocks: [B001], levels: [senior]}\n",
                FIRST + 1, "change 1 (scale_children)", "unknown level 'senior'");
    PARSE_ERROR("changes:\n  - scale_children: {factor: 2, blocks: [B001, {id: B2}]}\n", FIRST + 1,
                "change 1 (scale_children)", "scale_children.blocks", "found a mapping");
    /* within: names a shapefile; x.dbf was read as x.shp without a word */
    PARSE_ERROR("changes:\n  - scale_children:\n      factor: 2\n      within: zones.dbf\n",
                FIRST + 3, "change 1 (scale_children)", "scale_children.within", "'zones.dbf'",
                "expected a shapefile: a path ending in .shp");
    PARSE_ERROR("changes:\n  - scale_children: {factor: 2, within: zones}\n", FIRST + 1,
                "change 1 (scale_children)", "scale_children.within", "ending in .shp");
}

Test(changes, add_estate_malformed)
{
    PARSE_ERROR("changes:\n"
                "  - add_estate: {id: E1, children: {primary: 1},\n"
                "                 polygon: [[0, 0], [1, 1], [0, 0], [1, 1]]}\n",
                FIRST + 2, "change 1 (add_estate)", "at least 3 distinct points, found 2");
    PARSE_ERROR("changes:\n"
                "  - add_estate: {id: E1, children: {primary: 1},\n"
                "                 polygon: [[0, 0], [1, 1], [2, 2], [0, 0]]}\n",
                FIRST + 2, "change 1 (add_estate)", "on one line (no area)");
    PARSE_ERROR("changes:\n"
                "  - add_estate: {id: E1, children: {primary: 1},\n"
                "                 polygon: [[0, 0], [1, 1, 1], [2, 0]]}\n",
                FIRST + 2, "change 1 (add_estate)", "add_estate.polygon[2]",
                "expected a point [x, y]");
    PARSE_ERROR("changes:\n"
                "  - add_estate: {id: E1, children: {primary: 1}, polygon: estates.shp}\n",
                FIRST + 1, "change 1 (add_estate)", "expected a list of points");
    PARSE_ERROR("changes:\n"
                "  - add_estate: {id: E1, polygon: [[0, 0], [0, 1], [1, 1]]}\n",
                FIRST + 1, "change 1 (add_estate)", "missing required key 'children'");
    PARSE_ERROR("changes:\n"
                "  - add_estate: {id: E1, children: {primary: -600},\n"
                "                 polygon: [[0, 0], [0, 1], [1, 1]]}\n",
                FIRST + 1, "change 1 (add_estate)", "add_estate.children.primary",
                "expected a whole number >= 0");
    PARSE_ERROR("changes:\n  - add_estate: {id: E1, children: {primary: 1}}\n", FIRST + 1,
                "change 1 (add_estate)", "missing required key 'polygon'");
    PARSE_ERROR("changes:\n"
                "  - add_estate: {id: E1, children: {}, polygon: [[0, 0], [0, 1], [1, 1]]}\n",
                FIRST + 1, "change 1 (add_estate)", "at least one of primary, junior");
}

/* A level the blocks layer does not count cannot receive estate children. */
Test(changes, add_estate_level_not_counted)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/p.yaml", top);
    zpt_write(path, "name: x\n"
                    "blocks: {path: b.shp, id: B, children: {primary: P}}\n"
                    "schools: {path: s.shp, id: S, type: T, capacity: {primary: C}}\n"
                    "changes:\n"
                    "  - add_estate: {id: E1, children: {primary: 5, junior: 5},\n"
                    "                 polygon: [[0, 0], [0, 1], [1, 1]]}\n");
    zp_scenario *bad = NULL;
    cr_assert_eq(zp_scenario_load(path, &bad), ZP_EINPUT);
    char want[1300];
    snprintf(want, sizeof want,
             "%s:5: change 1 (add_estate): add_estate.children.junior: "
             "the blocks layer counts no junior children",
             path);
    cr_assert(!strncmp(zp_error_last(), want, strlen(want)), "%s", zp_error_last());
}

Test(changes, list_malformed)
{
    PARSE_ERROR("changes:\n  - clos_school: {id: S001}\n", FIRST + 1, "change 1",
                "unknown key 'clos_school' in changes", "did you mean 'close_school'");
    PARSE_ERROR("changes:\n  - close_school: {id: S001}\n"
                "  - {close_school: {id: S002}, set_capacity: {id: S003, primary: 1}}\n",
                FIRST + 2, "change 2", "one kind per item", "with several keys");
    PARSE_ERROR("changes:\n  - close_school\n", FIRST + 1, "change 1", "one kind per item",
                "found a single value");
}

Test(changes, list_not_a_list)
{
    write_district("changes: {close_school: {id: S001}}\n", 0);
    zp_scenario *bad = NULL;
    cr_assert_eq(zp_scenario_load(scenario, &bad), ZP_EINPUT);
    char want[1300];
    snprintf(want, sizeof want, "%s:%d: changes: expected a list of changes", scenario, FIRST);
    cr_assert(!strncmp(zp_error_last(), want, strlen(want)), "%s", zp_error_last());
}

Test(changes, set_policy_malformed)
{
    PARSE_ERROR("changes:\n  - set_policy: {candidates: 0}\n", FIRST + 1, "change 1 (set_policy)",
                "set_policy.candidates", "expected a positive integer");
    PARSE_ERROR("changes:\n  - set_policy: {}\n", FIRST + 1, "change 1 (set_policy)",
                "expected at least one policy key");
    PARSE_ERROR("changes:\n  - set_policy: {move_penalty: 5}\n", FIRST + 1, "change 1 (set_policy)",
                "unknown key 'move_penalty' in set_policy", "did you mean 'move_penalty_m'");
    PARSE_ERROR("changes:\n  - set_policy: {large_class: 70}\n", FIRST + 1, "change 1 (set_policy)",
                "very_large_class (66)", "large_class (70)");
}

/* ---- blocks.locked (io) ------------------------------------------------------------- */

static void add_lock_field(const char *const *values)
{
    char base[1200];
    snprintf(base, sizeof base, "%s/blocks", top);
    DBFHandle dbf = DBFOpen(base, "r+b");
    cr_assert_not_null(dbf);
    int f = DBFAddField(dbf, "LOCKED", FTString, 12, 0);
    cr_assert(f >= 0);
    for (int r = 0; r < 16; r++)
        DBFWriteStringAttribute(dbf, r, f, values[r] ? values[r] : "");
    DBFClose(dbf);
}

Test(changes, locked_field_values)
{
    write_district(NULL, 0);
    static const char *const values[16] = {"1",  "Y",      "是",   "T",     "0",   "N",
                                           NULL, "否",     "true", "f",     "2.5", "锁定",
                                           "y",  "不锁定", "F",    "未锁定"};
    static const int want[16] = {1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0};
    add_lock_field(values);
    char path[1200];
    snprintf(path, sizeof path, "%s/locked.yaml", top);
    char *text = zpt_slurp(scenario, NULL);
    char *at = strstr(text, "current: {primary: CUR_PRI}");
    cr_assert_not_null(at);
    char edited[8192];
    snprintf(edited, sizeof edited, "%.*slocked: LOCKED, %s", (int)(at - text), text, at);
    zpt_write(path, edited);
    free(text);
    cr_assert_eq(zp_scenario_load(path, &sc), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_data_load(sc, &ds), ZP_OK, "%s", zp_error_last());
    for (int r = 0; r < 16; r++)
        cr_assert_eq(ds.blocks[r].locked, want[r], "record %d ('%s')", r + 1,
                     values[r] ? values[r] : "");
}

static int load_with_lock(const char *field, const char *const *values)
{
    write_district(NULL, 0);
    if (values)
        add_lock_field(values);
    char path[1200], edited[8192];
    snprintf(path, sizeof path, "%s/locked.yaml", top);
    char *text = zpt_slurp(scenario, NULL);
    char *at = strstr(text, "current: {primary: CUR_PRI}");
    snprintf(edited, sizeof edited, "%.*slocked: %s, %s", (int)(at - text), text, field, at);
    zpt_write(path, edited);
    free(text);
    cr_assert_eq(zp_scenario_load(path, &sc), ZP_OK, "%s", zp_error_last());
    return zp_data_load(sc, &ds);
}

Test(changes, locked_unknown_field)
{
    cr_assert_eq(load_with_lock("KEEP", NULL), ZP_EINPUT);
    const char *msg = zp_error_last();
    cr_assert(strstr(msg, "blocks.dbf: no field 'KEEP' (scenario key blocks.locked)"), "%s", msg);
}

Test(changes, locked_bad_value)
{
    static const char *const values[16] = {"1", "0", "maybe"};
    cr_assert_eq(load_with_lock("LOCKED", values), ZP_EINPUT);
    const char *msg = zp_error_last();
    cr_assert(strstr(msg, "blocks.dbf: record 3, field LOCKED (block B003): 'maybe' is not a "
                          "lock flag"),
              "%s", msg);
}
