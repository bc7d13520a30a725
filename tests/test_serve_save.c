/* Tests of `zoneplan serve` where a first review found the page and the run parting ways:
 * a tab that only locked blocks saves what the run gives (a lock is a pin when solving and
 * saving, so it marks the tab edited); a saved redraw served again shows its pins as painted,
 * and releasing one saves an `unassign` the run honours; feeder zones refuse junior paints
 * (the run would ignore them); an edit that changes nothing leaves the undo and redo stacks
 * as they were; an imported table may begin with Excel's byte-order mark; the comparison
 * with another run folder (--plan) finds no change against the same plan and then exactly
 * the block painted. Each saved file is
 * run through the ordinary pipeline and held to the session's export and panel. */
#include "serve_common.h"

/* The row of the export for block id at level ("B001,primary,S003"), or NULL. */
static const char *export_school(const char *sid, const char *block, const char *level, char *buf,
                                 size_t size)
{
    char *csv = get_text("/api/export.csv", sid);
    plan_table t;
    parse_export(csv, &t);
    free(csv);
    snprintf(buf, size, "%s", t.school[level_index(level)][block_index(block)]);
    return buf;
}

Test(serve, a_tab_that_only_locks_saves_what_the_run_gives)
{
    start(saves);
    char sid[40];
    json_decref(session(sid));
    json_t *st = post(
        "/api/lock",
        json_pack("{sss[sss]sb}", "session", sid, "blocks", "B003", "B004", "B015", "locked", 1),
        200);
    cr_assert(json_is_true(json_object_get(st, "dirty")), "a lock is a pin: the tab is edited");
    json_t *saved = save(sid, "locked", 200);
    json_t *delta = json_object_get(saved, "delta");
    cr_assert(json_is_object(delta), "saved after a lock: the rest solved first");
    check_saved_run(json_string_value(json_object_get(saved, "path")), sid, delta);
    json_decref(st), json_decref(saved);
}

/* B001 painted onto S004 and saved; served again, B001 shows painted, and released (unpainted)
 * and saved once more, the second file takes the pin off: the run puts B001 where the plan
 * without pins does. */
Test(serve, a_saved_redraw_served_again_can_release_its_pins)
{
    start(saves);
    char sid[40], buf[16];
    json_decref(session(sid));
    json_decref(paint(sid, "primary", "B001", "S004"));
    json_t *first = save(sid, "first", 200);
    char *path = strdup(json_string_value(json_object_get(first, "path")));
    json_decref(first);
    start_on(path, saves);
    json_t *st = session(sid);
    json_t *painted = json_array_get(json_object_get(st, "painted"), level_index("primary"));
    cr_assert_eq(json_array_size(painted), 1, "the served file's pin shows as painted");
    cr_assert_eq(json_integer_value(json_array_get(painted, 0)), block_index("B001"));
    cr_assert_str_eq(export_school(sid, "B001", "primary", buf, sizeof buf), "S004");
    json_t *un = post(
        "/api/edit",
        json_pack("{sssss[s]sn}", "session", sid, "level", "primary", "blocks", "B001", "school"),
        200);
    cr_assert(json_is_true(json_object_get(un, "dirty")));
    json_t *second = save(sid, "second", 200);
    json_t *delta = json_object_get(second, "delta");
    cr_assert(json_is_object(delta));
    const char *p2 = json_string_value(json_object_get(second, "path"));
    char *text = zpt_slurp(p2, NULL);
    cr_assert_not_null(strstr(text, "unassign"), "the base's pin is taken off:\n%s", text);
    check_saved_run(p2, sid, delta);
    /* released, B001 goes where the plan with no pins at all puts it */
    start(saves);
    json_t *fresh = session(sid);
    char want[16];
    export_school(sid, "B001", "primary", want, sizeof want);
    zp_run *run = NULL;
    cr_assert_eq(zp_run_load(p2, &run), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_run_solve(run), ZP_OK, "%s", zp_error_last());
    int32_t b = (int32_t)block_index("B001"), s = run->plan[ZP_PRIMARY].school[b];
    cr_assert_str_eq(run->ds.schools[s].id, want);
    zp_run_free(run);
    free(text), free(path);
    json_decref(st), json_decref(un), json_decref(second), json_decref(fresh);
}

Test(serve, feeder_zones_refuse_junior_paints)
{
    char *feeder = zpt_path(top, "feeder.yaml");
    FILE *fp = fopen(feeder, "w");
    cr_assert_not_null(fp);
    fprintf(fp, "base: scenario.yaml\nname: feeder\nchanges:\n  - set_policy: {feeder: true}\n");
    fclose(fp);
    start_on(feeder, saves);
    char sid[40];
    json_decref(session(sid));
    json_t *r = post("/api/edit",
                     json_pack("{sssss[s]ss}", "session", sid, "level", "junior", "blocks", "B001",
                               "school", "S002"),
                     400);
    const char *msg = json_string_value(json_object_get(r, "error"));
    cr_assert(msg && strstr(msg, "feeder"), "%s", msg ? msg : "(no message)");
    json_decref(r);
    json_decref(paint(sid, "primary", "B001", "S004")); /* primary still paints */
    free(feeder);
}

Test(serve, an_edit_that_changes_nothing_keeps_the_stacks)
{
    start(saves);
    char sid[40];
    json_decref(session(sid));
    json_decref(paint(sid, "primary", "B001", "S004"));
    json_t *undone = simple("/api/undo", sid);
    cr_assert_eq(int_of(undone, "redo"), 1);
    json_t *noop = post(
        "/api/edit",
        json_pack("{sssss[s]sn}", "session", sid, "level", "primary", "blocks", "B002", "school"),
        200);
    cr_assert_eq(int_of(noop, "undo"), 0, "unpainting a block not painted is no step");
    cr_assert_eq(int_of(noop, "redo"), 1, "and keeps the redo");
    json_t *unlock = post(
        "/api/lock", json_pack("{sss[s]sb}", "session", sid, "blocks", "B002", "locked", 0), 200);
    cr_assert_eq(int_of(unlock, "redo"), 1, "unlocking a block not locked keeps the redo too");
    json_decref(undone), json_decref(noop), json_decref(unlock);
}

Test(serve, an_import_may_begin_with_a_byte_order_mark)
{
    start(saves);
    char sid[40], buf[16];
    json_decref(session(sid));
    const char *csv = "\xEF\xBB\xBF"
                      "block_id,level,school_id\nB001,primary,S004\n";
    char url[128];
    snprintf(url, sizeof url, "/api/import?session=%s", sid);
    json_decref(call("POST", url, csv, 200));
    cr_assert_str_eq(export_school(sid, "B001", "primary", buf, sizeof buf), "S004");
}

Test(serve, compare_with_another_run_folder)
{
    char *runs = zpt_path(top, "base-run"), args[2048], *out = NULL;
    snprintf(args, sizeof args, "run %s --out %s --no-publish", scenario, runs);
    cr_assert_eq(zpt_cli(args, &out), 0, "zoneplan %s: %s", args, out);
    free(out);
    plan_dir = runs;
    start(saves);
    plan_dir = NULL;
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(data, "compare"), 2)), "run");
    char sid[40], url[128];
    json_decref(session(sid));
    snprintf(url, sizeof url, "/api/compare?session=%s&against=run", sid);
    json_t *same = call("GET", url, NULL, 200);
    for (int li = 0; li < 2; li++)
        cr_assert_eq(json_array_size(json_array_get(json_object_get(same, "blocks"), li)), 0,
                     "the run of the same scenario: nothing differs");
    char buf[16];
    const char *to =
        strcmp(export_school(sid, "B001", "primary", buf, sizeof buf), "S004") ? "S004" : "S001";
    json_decref(paint(sid, "primary", "B001", to));
    json_t *one = call("GET", url, NULL, 200);
    json_t *changed = json_array_get(json_object_get(one, "blocks"), level_index("primary"));
    cr_assert_eq(json_array_size(changed), 1);
    cr_assert_eq(json_integer_value(json_array_get(changed, 0)), block_index("B001"));
    json_t *pair = json_array_get(json_array_get(json_object_get(one, "pairs"), 0), 0);
    cr_assert_str_eq(json_string_value(json_object_get(pair, "to")), to);
    cr_assert_eq(json_integer_value(json_object_get(pair, "children")), pri[0],
                 "B001's primary children (the fixture's first)");
    json_decref(same), json_decref(one);
    free(runs);
}
