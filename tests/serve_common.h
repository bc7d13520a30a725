/* Shared by the tests of `zoneplan serve` (test_serve.c: painting, undo, refusals, the table
 * out and in; test_serve_save.c: saved redraws served again, locks, feeder zones): a 4 x 4
 * grid district written with the fixture, whose children and today's schools are below, the
 * server started on it and driven through zp_serve_request (its routing without sockets),
 * and readers of its replies (inline: a test uses some of them). One test program includes
 * it once. */
#ifndef ZP_TEST_SERVE_COMMON_H
#define ZP_TEST_SERVE_COMMON_H

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "support.h"
#include "zoneplan/errors.h"
#include "zoneplan/run.h"
#include "zoneplan/serve.h"

#define NB 16 /* blocks B001..B016, row by row from the south-west, 200 m squares */
#define NS 4

/* Places enough for every child at any one school, so no plan leaves a child unplaced and
 * a block's pupils are its children wherever it goes. */
static const zpt_school schools[NS] = {
    {"S001", "城关小学", "primary", 100, 100, 400, 0, 10, 0},
    {"S002", "实验初中", "junior", 700, 700, 0, 200, 0, 5},
    {"S003", "新华九年一贯制学校", "nine_year", 700, 100, 400, 200, 10, 5},
    {"S004", "东湖小学", "primary", 100, 700, 400, 0, 10, 0},
};
/* Children: primary 11..26 (block r has 11 + r), junior 3, 4, 5 in turn. */
static const int pri[NB] = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26};
static const int jun[NB] = {3, 4, 5, 3, 4, 5, 3, 4, 5, 3, 4, 5, 3, 4, 5, 3};
static const char *cur_pri[NB] = {"S001", "S001", "S003", "S003", "S001", "S001", "S003", "S003",
                                  "S004", "S004", "S003", "S003", "S004", "S004", NULL,   NULL};

static char *top, *scenario, *saves;
static zp_server *srv;
static const char *plan_dir; /* the next start's --plan RUN_DIR (NULL: none) */
static json_t *data;         /* GET /api/data */

static inline void setup(void)
{
    top = zpt_tmpdir();
    cr_assert_not_null(top);
    zp_warn_set_echo(0);
    zpt_grid g = {.nx = 4, .ny = 4, .pri = pri, .jun = jun, .cur_pri = cur_pri};
    g.schools = schools;
    g.nschools = NS;
    scenario = zpt_write_grid(top, &g, NULL);
    saves = zpt_path(top, "saves");
    cr_assert_eq(mkdir(saves, 0755), 0);
}

static inline void teardown(void)
{
    zp_serve_stop(srv);
    srv = NULL;
    json_decref(data);
    data = NULL;
    zpt_rmtree(top);
    free(top), free(scenario), free(saves);
}

TestSuite(serve, .init = setup, .fini = teardown);

/* ---- driving the server ----------------------------------------------------------------- */

static inline int request(const char *method, const char *url, const char *origin, const char *body,
                          size_t len, char **reply)
{
    size_t n = 0;
    const char *type = NULL;
    int status = zp_serve_request(srv, method, url, origin, body, len, reply, &n, &type);
    cr_assert_not_null(*reply, "%s %s: no reply body", method, url);
    cr_assert_eq(strlen(*reply), n, "%s %s: reply length", method, url);
    return status;
}

static inline json_t *parse(const char *text)
{
    json_error_t err;
    json_t *v = json_loads(text, 0, &err);
    cr_assert_not_null(v, "reply is not JSON (%s): %.300s", err.text, text);
    return v;
}

/* The reply to method url with body, which must have status want, as JSON. */
static inline json_t *call(const char *method, const char *url, const char *body, int want)
{
    char *text = NULL;
    int status = request(method, url, NULL, body, body ? strlen(body) : 0, &text);
    cr_assert_eq(status, want, "%s %s %s: %d %s", method, url, body ? body : "", status, text);
    json_t *v = parse(text);
    free(text);
    return v;
}

/* POST path with the JSON body (taken), expecting want. */
static inline json_t *post(const char *path, json_t *body, int want)
{
    cr_assert_not_null(body);
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    json_t *v = call("POST", path, text, want);
    free(text);
    return v;
}

/* Serve path (a scenario), saving into save_dir (NULL: beside it); a server running is
 * stopped first. */
static inline void start_on(const char *path, const char *save_dir)
{
    zp_serve_stop(srv);
    srv = NULL;
    json_decref(data);
    zp_run *run = NULL;
    cr_assert_eq(zp_run_load(path, &run), ZP_OK, "%s", zp_error_last());
    zp_serve_options opt = {.port = 0, .save_dir = save_dir, .plan_dir = plan_dir};
    int port = -1;
    cr_assert_eq(zp_serve_start(run, path, &opt, &srv, &port), ZP_OK, "%s", zp_error_last());
    cr_assert_gt(port, 0, "port 0 binds a free port");
    data = call("GET", "/api/data", NULL, 200);
}

static inline void start(const char *save_dir)
{
    start_on(scenario, save_dir);
}

/* A new session's state; id gets its name. */
static inline json_t *session(char id[40])
{
    json_t *st = post("/api/session", json_object(), 200);
    snprintf(id, 40, "%s", json_string_value(json_object_get(st, "session")));
    cr_assert(id[0], "no session id");
    return st;
}

static inline json_t *paint(const char *sid, const char *level, const char *block,
                            const char *school)
{
    return post("/api/edit",
                json_pack("{sssss[s]ss}", "session", sid, "level", level, "blocks", block, "school",
                          school),
                200);
}

static inline json_t *simple(const char *path, const char *sid)
{
    return post(path, json_pack("{ss}", "session", sid), 200);
}

static inline char *get_text(const char *path, const char *sid)
{
    char url[256], *text = NULL;
    snprintf(url, sizeof url, "%s?session=%s", path, sid);
    int status = request("GET", url, NULL, NULL, 0, &text);
    cr_assert_eq(status, 200, "GET %s: %d %s", url, status, text);
    return text;
}

/* ---- the fixture's data, by hand --------------------------------------------------------- */

static inline int block_index(const char *id)
{
    int r = 0;
    cr_assert_eq(sscanf(id, "B%3d", &r), 1, "block id %s", id);
    cr_assert(r >= 1 && r <= NB, "block id %s", id);
    return r - 1;
}

static inline int school_index(const char *id)
{
    for (int s = 0; s < NS; s++)
        if (!strcmp(schools[s].id, id))
            return s;
    cr_assert_fail("unknown school id %s", id);
    return -1;
}

/* Today's primary school of block r (-1: none), from the fixture. */
static inline int today_pri(int r)
{
    return cur_pri[r] ? school_index(cur_pri[r]) : -1;
}

/* The index of a school in /api/data's schools (the page's numbering), checked by id. */
static inline int data_school(const char *id)
{
    json_t *list = json_object_get(data, "schools");
    for (size_t i = 0; i < json_array_size(list); i++)
        if (!strcmp(json_string_value(json_object_get(json_array_get(list, i), "id")), id))
            return (int)i;
    cr_assert_fail("school %s not in /api/data", id);
    return -1;
}

static inline const char *data_school_id(json_int_t i)
{
    if (i < 0)
        return "";
    json_t *s = json_array_get(json_object_get(data, "schools"), (size_t)i);
    cr_assert_not_null(s, "school index %lld", (long long)i);
    return json_string_value(json_object_get(s, "id"));
}

/* Level li of /api/data's levels ("primary" first here: both levels have children). */
static inline int level_index(const char *name)
{
    json_t *levels = json_object_get(data, "levels");
    for (size_t i = 0; i < json_array_size(levels); i++)
        if (!strcmp(json_string_value(json_array_get(levels, i)), name))
            return (int)i;
    cr_assert_fail("level %s not served", name);
    return -1;
}

/* An export CSV as school ids per level index and block (fixture numbering; "" none). */
typedef struct plan_table {
    char school[2][NB][32];
} plan_table;

/* One CSV field at *p (quoted or not, "" inside quotes for a quote) into out; *p moves past
 * the comma or newline that ends it. */
static inline void csv_field(const char **p, char *out, size_t size)
{
    size_t n = 0;
    int quoted = **p == '"';
    const char *q = *p + quoted;
    for (; *q && (quoted ? !(q[0] == '"' && q[1] != '"') : *q != ',' && *q != '\n'); q++) {
        q += quoted && q[0] == '"'; /* "" */
        if (n + 1 < size)
            out[n++] = *q;
    }
    out[n] = '\0';
    q += quoted && *q == '"';
    cr_assert(*q == ',' || *q == '\n', "a field that does not end: %.40s", *p);
    *p = q + 1;
}

static inline void parse_export(const char *csv, plan_table *t)
{
    memset(t, 0, sizeof *t);
    const char *p = csv;
    cr_assert(!strncmp(csv, "block_id,level,school_id\n", 25), "header: %.60s", csv);
    char block[32], level[32], school[32];
    for (p += 25; *p;) {
        csv_field(&p, block, sizeof block);
        csv_field(&p, level, sizeof level);
        csv_field(&p, school, sizeof school);
        cr_assert_eq(p[-1], '\n', "a row of more than 3 fields: %s", block);
        int li = level_index(level), b = block_index(block);
        cr_assert_eq(t->school[li][b][0], '\0', "%s %s listed twice", block, level);
        snprintf(t->school[li][b], sizeof t->school[li][b], "%s", school);
    }
}

/* ---- the panel ---------------------------------------------------------------------------- */

static inline json_t *panel_level(json_t *state, int li)
{
    json_t *lv =
        json_array_get(json_object_get(json_object_get(state, "panel"), "levels"), (size_t)li);
    cr_assert_not_null(lv, "panel level %d", li);
    return lv;
}

static inline json_int_t pupils(json_t *state, int li, const char *school)
{
    json_t *rows = json_object_get(panel_level(state, li), "schools");
    json_int_t want = data_school(school);
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *row = json_array_get(rows, i);
        if (json_integer_value(json_object_get(row, "school")) == want)
            return json_integer_value(json_object_get(row, "pupils"));
    }
    cr_assert_fail("school %s not in the panel", school);
    return -1;
}

static inline json_int_t total(json_t *state, int li, const char *key)
{
    json_t *v = json_object_get(json_object_get(panel_level(state, li), "totals"), key);
    cr_assert(json_is_integer(v), "totals.%s", key);
    return json_integer_value(v);
}

static inline void assert_panel_eq(json_t *a, json_t *b, const char *what)
{
    json_t *pa = json_object_get(a, "panel"), *pb = json_object_get(b, "panel");
    cr_assert_not_null(pa);
    if (!json_equal(pa, pb)) {
        char *ta = json_dumps(pa, JSON_COMPACT), *tb = json_dumps(pb, JSON_COMPACT);
        cr_assert_fail("%s: the panels differ:\n%s\n%s", what, ta, tb);
    }
}

static inline json_int_t int_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    cr_assert(json_is_integer(v), "%s is not an integer", key);
    return json_integer_value(v);
}

/* The school of block r at level li in a full state ("school" arrays), as an id. */
static inline const char *state_school(json_t *state, int li, int r)
{
    json_t *v =
        json_array_get(json_array_get(json_object_get(state, "school"), (size_t)li), (size_t)r);
    cr_assert(json_is_integer(v), "state school[%d][%d]", li, r);
    return data_school_id(json_integer_value(v));
}

/* ---- saved redraws, run through the ordinary pipeline ------------------------------------ */

static inline json_t *save(const char *sid, const char *name, int want)
{
    return post("/api/save", json_pack("{ssss}", "session", sid, "name", name), want);
}

/* Run the saved file as `zoneplan run` would and check it against the session's export and
 * panel: every block's school at both levels, and every school's enrolment. */
static inline void check_saved_run(const char *path, const char *sid, json_t *state)
{
    zp_run *run = NULL;
    cr_assert_eq(zp_run_load(path, &run), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_run_solve(run), ZP_OK, "%s", zp_error_last());
    char *csv = get_text("/api/export.csv", sid);
    plan_table t;
    parse_export(csv, &t);
    cr_assert_eq(run->ds.nblocks, (size_t)NB);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        int li = level_index(zp_level_name((zp_level)l));
        for (size_t b = 0; b < run->ds.nblocks; b++) {
            int r = block_index(run->ds.blocks[b].id);
            int32_t s = run->plan[l].school[b];
            const char *got = s >= 0 ? run->ds.schools[s].id : "";
            cr_assert_str_eq(got, t.school[li][r], "%s %s: run %s, session %s",
                             run->ds.blocks[b].id, zp_level_name((zp_level)l), got,
                             t.school[li][r]);
        }
        for (size_t s = 0; s < run->ds.nschools; s++) {
            if (!zp_school_serves(run->ds.schools[s].type, (zp_level)l))
                continue;
            int64_t e = run->plan_check.stats[s * ZP_NLEVELS + (size_t)l].enrolment;
            cr_assert_eq(e, pupils(state, li, run->ds.schools[s].id), "%s %s enrolment",
                         run->ds.schools[s].id, zp_level_name((zp_level)l));
        }
    }
    free(csv);
    zp_run_free(run);
}

#endif
