/* Tests of `zoneplan serve` through zp_serve_request, the server's own routing without
 * sockets, on a 4 x 4 grid district whose children and today's schools are written below:
 * painting moves exactly a block's children between two schools' panel figures and undo and
 * redo replay it to the figure; a saved redraw (optimised, or dirty and so pinned whole) run
 * through the ordinary pipeline gives the page's plan and enrolments; every refusal is the
 * status the API contract (serve-api.md) gives, naming what was wrong and leaving the session
 * and the served scenario as they were; the block-to-school CSV survives a round trip; the
 * comparison with today counts the children a hand count of the data does; and a thousand
 * edits undone leave the panel as it started. Expected figures come from the fixture's
 * arrays and /api/data, never from the figures under test. */
#include "serve_common.h"

/* ---- 1. painting, undo, redo -------------------------------------------------------------- */

/* A primary school other than avoid, to paint onto. */
static const char *other_primary(const char *avoid)
{
    return strcmp(avoid, "S004") ? "S004" : "S001";
}

/* The panel after moving block r's c children from one school to another at level li: those
 * two schools' pupils change by c, every other school's not at all, moved by dmoved. */
static void check_moved(json_t *before, json_t *after, int li, const char *from, const char *to,
                        int c, json_int_t dmoved)
{
    cr_assert_eq(pupils(after, li, from), pupils(before, li, from) - c, "%s loses %d", from, c);
    cr_assert_eq(pupils(after, li, to), pupils(before, li, to) + c, "%s gains %d", to, c);
    for (int s = 0; s < NS; s++)
        if (strcmp(schools[s].id, from) && strcmp(schools[s].id, to) &&
            strcmp(schools[s].type, "junior"))
            cr_assert_eq(pupils(after, li, schools[s].id), pupils(before, li, schools[s].id));
    cr_assert_eq(total(after, li, "moved"), total(before, li, "moved") + dmoved);
    cr_assert_eq(total(after, li, "children"), total(before, li, "children"));
}

Test(serve, paint_moves_exactly_the_blocks_children)
{
    start(saves);
    char sid[40];
    json_t *before = session(sid);
    int li = level_index("primary"), r = 0; /* B001: 11 primary children, today at S001 */
    cr_assert(json_is_false(json_object_get(before, "dirty")));
    const char *from = state_school(before, li, r), *to = other_primary(from);
    cr_assert_str_neq(from, "", "B001 has a school in the plan");
    /* moved counts children away from today's school: leaving it adds them, reaching it
     * takes them off, elsewhere to elsewhere changes nothing */
    int today = today_pri(r), c = pri[r];
    json_int_t dmoved = (today >= 0 && school_index(to) != today ? c : 0) -
                        (today >= 0 && school_index(from) != today ? c : 0);
    cr_assert_neq(dmoved, 0, "the fixture's paint changes moved");
    json_t *after = paint(sid, "primary", "B001", to);
    check_moved(before, after, li, from, to, c, dmoved);
    cr_assert(json_is_true(json_object_get(after, "dirty")), "a paint makes the session dirty");
    cr_assert_eq(int_of(after, "undo"), 1);
    json_t *painted = json_array_get(json_object_get(after, "painted"), (size_t)li);
    cr_assert(json_array_size(painted) == 1 && json_integer_value(json_array_get(painted, 0)) == 0,
              "B001 (index 0) is painted");
    json_t *undone = simple("/api/undo", sid);
    assert_panel_eq(undone, before, "undo");
    cr_assert(json_is_false(json_object_get(undone, "dirty")), "undo restores clean");
    cr_assert(int_of(undone, "undo") == 0 && int_of(undone, "redo") == 1);
    json_t *redone = simple("/api/redo", sid);
    assert_panel_eq(redone, after, "redo");
    cr_assert(json_is_true(json_object_get(redone, "dirty")));
    json_decref(before), json_decref(after), json_decref(undone), json_decref(redone);
}

/* school null unpaints: the block stays at its school, no longer pinned. */
Test(serve, unpaint_keeps_the_block_where_it_is)
{
    start(saves);
    char sid[40];
    json_decref(session(sid));
    json_t *painted = paint(sid, "primary", "B007", "S004");
    json_t *freed = post(
        "/api/edit",
        json_pack("{sssss[s]sn}", "session", sid, "level", "primary", "blocks", "B007", "school"),
        200);
    int li = level_index("primary");
    cr_assert_eq(json_array_size(json_array_get(json_object_get(freed, "painted"), (size_t)li)), 0);
    assert_panel_eq(freed, painted, "unpainting moves nothing");
    cr_assert_eq(int_of(freed, "undo"), 2);
    char *csv = get_text("/api/export.csv", sid);
    plan_table t;
    parse_export(csv, &t);
    cr_assert_str_eq(t.school[li][6], "S004", "B007 stays at S004");
    free(csv);
    json_decref(painted), json_decref(freed);
}

/* ---- 2 and 3. saved redraws run through the ordinary pipeline ----------------------------- */

Test(serve, optimised_save_runs_to_the_same_plan)
{
    start(saves);
    char sid[40];
    json_decref(session(sid));
    json_decref(paint(sid, "primary", "B001", "S004"));
    json_decref(paint(sid, "junior", "B006", "S002"));
    json_t *locked = post(
        "/api/lock", json_pack("{sss[s]sb}", "session", sid, "blocks", "B016", "locked", 1), 200);
    json_t *opt = simple("/api/optimise", sid);
    cr_assert(json_is_false(json_object_get(opt, "dirty")), "optimising leaves the session clean");
    json_t *undone = simple("/api/undo", sid), *redone = simple("/api/redo", sid);
    assert_panel_eq(undone, locked, "optimise undone");
    cr_assert(json_is_true(json_object_get(undone, "dirty")), "undone: dirty again");
    assert_panel_eq(redone, opt, "optimise redone");
    json_decref(locked), json_decref(undone), json_decref(redone);
    cr_assert(json_is_array(json_object_get(opt, "warnings")));
    json_t *saved = save(sid, "redraw", 200);
    const char *path = json_string_value(json_object_get(saved, "path"));
    cr_assert_not_null(path);
    char *want = zpt_path(saves, "redraw.yaml");
    char *real = realpath(want, NULL);
    cr_assert_not_null(real, "%s was not written", want);
    cr_assert_str_eq(path, real);
    cr_assert(json_is_null(json_object_get(saved, "delta")), "clean: saved as it is, no solve");
    /* 3 pins: B001 primary, B006 junior, and B016 locked at both levels */
    cr_assert_eq(int_of(saved, "assigned"), 4);
    check_saved_run(path, sid, opt);
    free(want), free(real);
    json_decref(opt), json_decref(saved);
}

/* Saving every block as drawn cannot say "no place for these children" (a plan short of
 * places has such blocks), so a session edited since its last solve is solved first: the
 * reply carries that step, the file holds the pins alone, and the run gives that plan. */
Test(serve, dirty_save_solves_the_rest_first)
{
    start(saves);
    char sid[40];
    json_decref(session(sid));
    json_decref(paint(sid, "primary", "B006", "S004"));
    json_t *st = paint(sid, "primary", "B011", "S001");
    cr_assert(json_is_true(json_object_get(st, "dirty")));
    json_t *saved = save(sid, "drawn", 200);
    json_t *delta = json_object_get(saved, "delta");
    cr_assert(json_is_object(delta), "dirty: the rest solved first, the step in the reply");
    cr_assert(json_is_false(json_object_get(delta, "dirty")));
    cr_assert_eq(int_of(saved, "assigned"), 2, "the two painted blocks, nothing else");
    const char *path = json_string_value(json_object_get(saved, "path"));
    check_saved_run(path, sid, delta);
    json_t *back = simple("/api/undo", sid); /* the solve is one step: undo shows the drawing */
    assert_panel_eq(back, st, "the save's solve undone");
    json_decref(back);
    json_decref(st), json_decref(saved);
}

/* The served scenario's output folder is `out` (the fixture's): a redraw saved as "out",
 * beside the scenario or in another folder, must not be given that folder, which a run of
 * it would replace whole. */
static char *resolved_output(const char *path)
{
    zp_run *run = NULL;
    cr_assert_eq(zp_run_load(path, &run), ZP_OK, "%s", zp_error_last());
    char *od = strdup(run->sc->output_dir), *slash = strrchr(od, '/'), *real = NULL;
    cr_assert_not_null(slash, "%s", od);
    *slash = '\0';
    char *parent = realpath(od, NULL);
    cr_assert_not_null(parent, "%s", od);
    real = zpt_path(parent, slash + 1);
    free(od), free(parent);
    zp_run_free(run);
    return real;
}

static void save_as_out_keeps_the_served_output(void)
{
    char sid[40];
    json_decref(session(sid));
    json_decref(paint(sid, "primary", "B001", "S004"));
    json_t *saved = save(sid, "out", 200);
    char *mine = resolved_output(json_string_value(json_object_get(saved, "path")));
    char *served = resolved_output(scenario);
    cr_assert_str_neq(mine, served, "the saved redraw would write over the served run's folder");
    free(mine), free(served);
    json_decref(saved);
}

Test(serve, saved_redraw_gets_its_own_output_folder)
{
    start(saves);
    save_as_out_keeps_the_served_output();
    zp_serve_stop(srv), json_decref(data);
    srv = NULL, data = NULL;
    start(NULL); /* saved beside the scenario */
    save_as_out_keeps_the_served_output();
}

/* ---- 4. refusals -------------------------------------------------------------------------- */

/* method url (origin, body of len) is refused with status, its message holding each of the
 * NULL-terminated needles. */
static void refused(int status, const char *method, const char *url, const char *origin,
                    const char *body, size_t len, ...)
{
    char *text = NULL;
    int got = request(method, url, origin, body, len, &text);
    cr_assert_eq(got, status, "%s %s: %d, not %d: %s", method, url, got, status, text);
    json_t *v = parse(text);
    const char *msg = json_string_value(json_object_get(v, "error"));
    cr_assert_not_null(msg, "no error message: %s", text);
    va_list ap;
    va_start(ap, len);
    for (const char *n = va_arg(ap, const char *); n; n = va_arg(ap, const char *))
        cr_assert_not_null(strstr(msg, n), "%s %s: '%s' does not say '%s'", method, url, msg, n);
    va_end(ap);
    json_decref(v);
    free(text);
}

static void refused_post(const char *path, json_t *body, const char *n1, const char *n2)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    refused(400, "POST", path, NULL, text, strlen(text), n1, n2, NULL);
    free(text);
}

Test(serve, refuses_bad_bodies_and_routes)
{
    start(saves);
    const char *bad = "{\"session\": ";
    refused(400, "POST", "/api/edit", NULL, bad, strlen(bad), "malformed JSON", NULL);
    refused(400, "POST", "/api/edit", NULL, "[1,2]", 5, "JSON object", NULL);
    refused(403, "POST", "/api/session", "http://evil.example", "{}", 2, "refused", NULL);
    refused(403, "GET", "/api/data", "http://127.0.0.1:1", NULL, 0, "refused", NULL);
    refused(404, "GET", "/api/nothing", NULL, NULL, 0, "/api/nothing", NULL);
    refused(405, "GET", "/api/edit", NULL, NULL, 0, "GET", "/api/edit", NULL);
    size_t big = 17u << 20;
    char *body = malloc(big);
    cr_assert_not_null(body);
    memset(body, ' ', big);
    refused(413, "POST", "/api/edit", NULL, body, big, "16 MiB", NULL);
    free(body);
    /* the server goes on answering */
    json_decref(call("GET", "/api/data", NULL, 200));
}

Test(serve, refuses_unknown_names_and_leaves_the_session)
{
    start(saves);
    char sid[40];
    json_t *st = session(sid);
    refused_post("/api/edit",
                 json_pack("{sssss[s]ss}", "session", "s999", "level", "primary", "blocks", "B001",
                           "school", "S004"),
                 "unknown session", "s999");
    refused_post("/api/edit",
                 json_pack("{sssss[s]ss}", "session", sid, "level", "senior", "blocks", "B001",
                           "school", "S004"),
                 "unknown level", "senior");
    /* B001 is fine: the list is checked whole before anything changes */
    refused_post("/api/edit",
                 json_pack("{sssss[ss]ss}", "session", sid, "level", "primary", "blocks", "B001",
                           "B999", "school", "S004"),
                 "unknown block", "B999");
    refused_post("/api/edit",
                 json_pack("{sssss[s]ss}", "session", sid, "level", "primary", "blocks", "B001",
                           "school", "S777"),
                 "unknown school", "S777");
    refused_post("/api/edit",
                 json_pack("{sssss[s]ss}", "session", sid, "level", "primary", "blocks", "B001",
                           "school", "S002"),
                 "S002", "primary");
    refused_post("/api/lock",
                 json_pack("{sss[s]sb}", "session", sid, "blocks", "B404", "locked", 1),
                 "unknown block", "B404");
    json_t *now = simple("/api/undo", sid); /* nothing to undo: the state as it is */
    assert_panel_eq(now, st, "after refusals");
    cr_assert_eq(int_of(now, "undo"), 0, "no refused edit became a step");
    cr_assert(json_is_false(json_object_get(now, "dirty")));
    json_decref(st), json_decref(now);
}

Test(serve, refuses_bad_save_names)
{
    start(saves);
    char sid[40];
    json_decref(session(sid));
    refused_post("/api/save", json_pack("{ssss}", "session", sid, "name", "a/b"), "\"name\"", NULL);
    refused_post("/api/save", json_pack("{ssss}", "session", sid, "name", ".."), "\"name\"", NULL);
    refused_post("/api/save", json_pack("{ssss}", "session", sid, "name", "../x"), "\"name\"",
                 NULL);
    refused_post("/api/save", json_pack("{ssss}", "session", "s42", "name", "x"), "unknown session",
                 "s42");
    char cmd[1200], *out = NULL;
    snprintf(cmd, sizeof cmd, "ls -A %s", saves);
    cr_assert_eq(zpt_run(cmd, &out), 0);
    cr_assert_str_eq(out, "", "nothing written by a refused save: %s", out);
    free(out);
}

Test(serve, refuses_to_overwrite_the_served_scenario)
{
    start(NULL); /* saves go beside the scenario: top/scenario.yaml is NAME "scenario" */
    size_t n0 = 0, n1 = 0;
    char *was = zpt_slurp(scenario, &n0);
    char sid[40];
    json_decref(session(sid));
    json_decref(paint(sid, "primary", "B001", "S004"));
    refused_post("/api/save", json_pack("{ssss}", "session", sid, "name", "scenario"),
                 "scenario.yaml", NULL);
    char *now = zpt_slurp(scenario, &n1);
    cr_assert(n0 == n1 && !memcmp(was, now, n0), "the served scenario was changed");
    free(was), free(now);
}

static void refused_import(const char *sid, const char *csv, const char *n1, const char *n2)
{
    char url[128];
    snprintf(url, sizeof url, "/api/import?session=%s", sid);
    refused(400, "POST", url, NULL, csv, strlen(csv), n1, n2, NULL);
}

Test(serve, refuses_bad_imports)
{
    start(saves);
    char sid[40];
    json_decref(session(sid));
    char *before = get_text("/api/export.csv", sid);
    /* line 2 would move B001; line 3 fails, so nothing moves */
    refused_import(sid, "block_id,level,school_id\nB001,primary,S004\nB099,primary,S001\n",
                   "line 3", "B099");
    refused_import(sid, "block,level,school\nB001,primary,S004\n", "line 1", "header");
    refused_import(sid, "block_id,level,school_id\nB001,primary,S002\n", "line 2", "S002");
    refused_import(sid, "block_id,level,school_id\nB001,senior,S001\n", "line 2", "senior");
    refused_import("s77", "block_id,level,school_id\n", "unknown session", "s77");
    char *after = get_text("/api/export.csv", sid);
    cr_assert_str_eq(after, before, "a refused import changed the session");
    free(before), free(after);
}

/* ---- 5. export and import ----------------------------------------------------------------- */

Test(serve, export_import_round_trip)
{
    start(saves);
    char a[40], b[40];
    json_decref(session(a));
    json_decref(paint(a, "primary", "B001", "S004"));
    json_decref(paint(a, "primary", "B016", "S001"));
    json_decref(paint(a, "junior", "B004", "S002"));
    json_decref(paint(a, "junior", "B013", "S003"));
    char *one = get_text("/api/export.csv", a);
    json_decref(session(b));
    char *fresh = get_text("/api/export.csv", b);
    cr_assert_str_neq(one, fresh, "the paints changed the export");
    char url[128];
    snprintf(url, sizeof url, "/api/import?session=%s", b);
    json_t *d = call("POST", url, one, 200);
    cr_assert(json_is_true(json_object_get(d, "dirty")));
    char *two = get_text("/api/export.csv", b);
    cr_assert_str_eq(two, one, "the export of the import differs");
    plan_table t;
    parse_export(one, &t);
    cr_assert_str_eq(t.school[level_index("primary")][0], "S004");
    cr_assert_str_eq(t.school[level_index("junior")][12], "S003");
    free(one), free(fresh), free(two);
    json_decref(d);
}

/* ---- 6. comparison with today ------------------------------------------------------------- */

/* Block r's properties in /api/data. */
static json_t *block_props(int r)
{
    json_t *f =
        json_array_get(json_object_get(json_object_get(data, "blocks"), "features"), (size_t)r);
    cr_assert_not_null(f, "feature %d", r);
    return json_object_get(f, "properties");
}

/* The children, moves and blocks of one level counted by hand from the export and the data,
 * checked against the reply's blocks and pairs. */
static void check_compare_level(json_t *cmp, const plan_table *t, int li)
{
    json_t *blocks = json_array_get(json_object_get(cmp, "blocks"), (size_t)li);
    json_t *pairs = json_array_get(json_object_get(cmp, "pairs"), (size_t)li);
    json_int_t children = 0, nblocks = 0, listed = 0;
    for (int r = 0; r < NB; r++) {
        json_t *p = block_props(r);
        char id[8];
        snprintf(id, sizeof id, "B%03d", r + 1);
        cr_assert_str_eq(json_string_value(json_object_get(p, "id")), id, "feature %d", r);
        json_int_t c = json_integer_value(json_array_get(json_object_get(p, "children"), li));
        const char *today =
            data_school_id(json_integer_value(json_array_get(json_object_get(p, "today"), li)));
        int moved = c > 0 && strcmp(today, t->school[li][r]);
        children += moved ? c : 0;
        nblocks += moved;
        int in_reply = 0;
        for (size_t i = 0; i < json_array_size(blocks); i++)
            in_reply |= json_integer_value(json_array_get(blocks, i)) == r;
        cr_assert_eq(in_reply, moved, "level %d block %d: listed %d, moved %d", li, r, in_reply,
                     moved);
        listed += in_reply;
    }
    cr_assert_eq((json_int_t)json_array_size(blocks), listed, "a block listed twice");
    json_int_t pair_children = 0, pair_blocks = 0;
    for (size_t i = 0; i < json_array_size(pairs); i++) {
        json_t *p = json_array_get(pairs, i);
        const char *from = json_string_value(json_object_get(p, "from"));
        const char *to = json_string_value(json_object_get(p, "to"));
        json_int_t c = 0, n = 0;
        for (int r = 0; r < NB; r++) {
            json_t *pr = block_props(r);
            json_int_t k = json_integer_value(json_array_get(json_object_get(pr, "children"), li));
            const char *today = data_school_id(
                json_integer_value(json_array_get(json_object_get(pr, "today"), li)));
            if (k > 0 && !strcmp(today, from) && !strcmp(t->school[li][r], to)) {
                c += k;
                n++;
            }
        }
        cr_assert_eq(int_of(p, "children"), c, "pair %s -> %s", from, to);
        cr_assert_eq(int_of(p, "blocks"), n, "pair %s -> %s", from, to);
        pair_children += c;
        pair_blocks += n;
    }
    cr_assert_eq(pair_children, children, "level %d: the pairs' children", li);
    cr_assert_eq(pair_blocks, nblocks, "level %d: the pairs' blocks", li);
}

Test(serve, compare_with_today_counts_the_moved_children)
{
    start(saves);
    char sid[40];
    json_decref(session(sid));
    json_decref(paint(sid, "primary", "B001", "S004")); /* today S001: a move of 11 */
    json_decref(paint(sid, "primary", "B009", "S003")); /* today S004: a move of 19 */
    json_decref(paint(sid, "junior", "B002", "S003"));
    char url[128];
    snprintf(url, sizeof url, "/api/compare?session=%s&against=today", sid);
    json_t *cmp = call("GET", url, NULL, 200);
    cr_assert_str_eq(json_string_value(json_object_get(cmp, "against")), "today");
    char *csv = get_text("/api/export.csv", sid);
    plan_table t;
    parse_export(csv, &t);
    for (int li = 0; li < 2; li++)
        check_compare_level(cmp, &t, li);
    /* the fixture's primary figures by hand: B001 S001 -> S004 is in a pair of its own
     * unless the plan moved other S001 blocks to S004 */
    json_t *pri_pairs =
        json_array_get(json_object_get(cmp, "pairs"), (size_t)level_index("primary"));
    int seen = 0;
    for (size_t i = 0; i < json_array_size(pri_pairs); i++) {
        json_t *p = json_array_get(pri_pairs, i);
        seen |= !strcmp(json_string_value(json_object_get(p, "from")), "S001") &&
                !strcmp(json_string_value(json_object_get(p, "to")), "S004") &&
                int_of(p, "children") >= 11;
    }
    cr_assert(seen, "no S001 -> S004 pair with B001's 11 children");
    snprintf(url, sizeof url, "/api/compare?session=%s&against=nowhere", sid);
    json_decref(call("GET", url, NULL, 400));
    free(csv);
    json_decref(cmp);
}

/* ---- 7. many edits ------------------------------------------------------------------------ */

Test(serve, thousand_paints_undone_leave_the_panel)
{
    start(saves);
    char sid[40];
    json_t *first = session(sid);
    char *csv0 = get_text("/api/export.csv", sid);
    const char *onto[] = {"S001", "S003", "S004"};
    for (int i = 0; i < 500; i++) {
        char block[8];
        snprintf(block, sizeof block, "B%03d", 1 + i % NB);
        json_decref(paint(sid, i % 2 ? "primary" : "junior", block,
                          i % 2 ? onto[i % 3] : (i % 4 ? "S002" : "S003")));
        json_decref(simple("/api/undo", sid));
    }
    json_t *last = simple("/api/undo", sid);
    assert_panel_eq(last, first, "after 1,000 paints and undos");
    cr_assert_eq(int_of(last, "undo"), 0);
    cr_assert(json_is_false(json_object_get(last, "dirty")));
    char *csv = get_text("/api/export.csv", sid);
    cr_assert_str_eq(csv, csv0, "the plan after 1,000 paints and undos");
    free(csv), free(csv0);
    json_decref(first), json_decref(last);
}
