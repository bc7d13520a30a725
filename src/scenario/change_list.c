/* The scenario's `changes:` list: what-if edits (new and closed schools, capacities and
 * classes, more children, new estates, policy, blocks pinned to a school or locked to
 * today's) read into zp_change records.
 *
 * Each item is a one-key mapping named after its kind, so the list reads like a
 * planner's notes: `- close_school: {id: S012}`. Whatever can be checked without the
 * data is checked here (numbers, rings, which levels a school type serves, which levels
 * the blocks layer counts); what needs the data (ids, CRSs, the `within` polygons) is
 * checked by zp_changes_apply. Every message reads "FILE:LINE: change N (kind): ...".
 * set_policy items go through the policy section's own reader and are folded into the
 * policy at once, in list order, since they do not depend on the data. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <shapefil.h>
#include <string.h>

#include "zoneplan/errors.h"
#include "scenario/scenario_internal.h"

static const char *const KIND_NAMES[] = {
    "add_school", "close_school", "set_capacity", "set_classes", "scale_children",
    "add_estate", "set_policy",   "assign",       "lock",        "unassign",
    NULL};
static const char *const ADD_SCHOOL_KEYS[] = {"id",  "name",     "type",    "x",         "y",
                                              "crs", "capacity", "classes", "resources", NULL};
static const char *const ID_KEYS[] = {"id", NULL};
static const char *const SET_LEVEL_KEYS[] = {"id", "primary", "junior", NULL};
static const char *const SCALE_KEYS[] = {"factor", "blocks", "within", "levels", NULL};
static const char *const ESTATE_KEYS[] = {"id", "name", "children", "polygon", "crs", NULL};
static const char *const ASSIGN_KEYS[] = {"blocks", "level", "school", NULL};
static const char *const LOCK_KEYS[] = {"blocks", NULL};
static const char *const UNASSIGN_KEYS[] = {"blocks", "level", NULL};
static const char *const LEVEL_NAMES[] = {"primary", "junior", NULL};

/* Room for a summary line; set_policy summaries are cut with "..." beyond it. */
#define SUMMARY_LEN 400

const char *zp_change_kind_name(zp_change_kind kind)
{
    return (unsigned)kind < ZP_NCHANGE_KINDS ? KIND_NAMES[kind] : "unknown";
}

/* Put "change N (kind): " after the FILE:LINE: of the message just set, so every
 * reader's message (yaml_walk, the policy reader) says which change it is about. */
static int in_change(const zpy_ctx *c, int rc, size_t n, const char *kind)
{
    if (rc != ZP_EINPUT)
        return rc;
    char msg[2048];
    snprintf(msg, sizeof msg, "%s", zp_error_last());
    size_t flen = strlen(c->file), head = 0;
    if (!strncmp(msg, c->file, flen) && msg[flen] == ':') {
        const char *p = msg + flen + 1;
        size_t d = strspn(p, "0123456789");
        head = flen + 1 + ((d && p[d] == ':' && p[d + 1] == ' ') ? d + 2 : 1);
    }
    char change[96];
    if (kind)
        snprintf(change, sizeof change, "change %zu (%s): ", n, kind);
    else
        snprintf(change, sizeof change, "change %zu: ", n);
    if (!strncmp(msg + head, change, strlen(change)))
        return rc; /* already said */
    return zp_error_set(rc, "%.*s%s%s", (int)head, msg, change, msg + head);
}

/* ---- small readers ------------------------------------------------------------------ */

static int req_num(const zpy_ctx *c, const yaml_node_t *m, int line, const char *where,
                   const char *key, double *out)
{
    char name[96];
    snprintf(name, sizeof name, "%s.%s", where, key);
    zpy_entry e = zpy_lookup(c, m, key);
    if (e.value)
        return zpy_num(c, e.value, name, out);
    if (e.line)
        return zp_error_set(ZP_EINPUT, "%s:%d: %s: expected a number, found an empty value",
                            c->file, e.line, name);
    return zp_error_set(ZP_EINPUT, "%s:%d: %s: missing required key '%s' (a number)", c->file, line,
                        where, key);
}

/* Whether the blocks layer counts children of a level (per level or through grades). */
static int level_counted(const zp_scenario *sc, int l)
{
    return sc->blocks.children[l] || sc->blocks.grades[0];
}

/* {primary: N, junior: N} of whole numbers >= 0 (or > 0 when positive) into out; levels
 * the school type (or the blocks layer, when type < 0) does not have are errors. */
static int level_counts(const zpy_ctx *c, const zp_scenario *sc, zpy_entry e, const char *where,
                        int type, int positive, int32_t out[ZP_NLEVELS])
{
    int rc = zpy_expect_map(c, e.value, where, LEVEL_NAMES);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        zpy_entry v = zpy_lookup(c, e.value, LEVEL_NAMES[l]);
        if (!v.value)
            continue;
        int ok =
            type >= 0 ? zp_school_serves((zp_school_type)type, (zp_level)l) : level_counted(sc, l);
        if (!ok && type >= 0)
            return zp_error_set(ZP_EINPUT,
                                "%s:%d: %s.%s: a %s school has no %s level; remove the key or "
                                "change the type",
                                c->file, v.line, where, LEVEL_NAMES[l],
                                zp_school_type_name((zp_school_type)type), LEVEL_NAMES[l]);
        if (!ok)
            return zp_error_set(ZP_EINPUT,
                                "%s:%d: %s.%s: the blocks layer counts no %s children "
                                "(blocks.children.%s is not mapped)",
                                c->file, v.line, where, LEVEL_NAMES[l], LEVEL_NAMES[l],
                                LEVEL_NAMES[l]);
        char name[96];
        snprintf(name, sizeof name, "%s.%s", where, LEVEL_NAMES[l]);
        int n = 0;
        rc = positive ? zpy_pos_int(c, v.value, name, &n) : zpy_nonneg_int(c, v.value, name, &n);
        out[l] = n;
    }
    return rc;
}

static int set_summary(zp_change *ch, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int set_summary(zp_change *ch, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(ch->summary);
    int n = vasprintf(&ch->summary, fmt, ap);
    va_end(ap);
    if (n < 0) {
        ch->summary = NULL;
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    return 0;
}

/* ---- schools ------------------------------------------------------------------------ */

static int school_type(const zpy_ctx *c, const zp_scenario *sc, zp_change *ch, const yaml_node_t *m,
                       int line)
{
    char *text = NULL;
    int rc = zpy_req_string(c, m, line, "add_school", "type", &text);
    if (!rc && !zp_scenario_school_type(&sc->schools, text, &ch->type))
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: add_school.type: unknown school type '%.80s'; expected "
                          "primary, junior or nine_year (or a value under schools.type_values)",
                          c->file, zpy_lookup(c, m, "type").line, text);
    free(text);
    return rc;
}

/* Capacity for every level the type serves (as the schools layer requires), none other. */
static int school_levels(const zpy_ctx *c, const zp_scenario *sc, zp_change *ch,
                         const yaml_node_t *m, int line)
{
    zpy_entry cap = zpy_lookup(c, m, "capacity"), cls = zpy_lookup(c, m, "classes");
    if (!cap.value)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: add_school: missing required key 'capacity' "
                            "({primary: N, junior: N} for the levels it serves)",
                            c->file, cap.line ? cap.line : line);
    int rc = level_counts(c, sc, cap, "add_school.capacity", (int)ch->type, 1, ch->capacity);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++)
        if (zp_school_serves(ch->type, (zp_level)l) && ch->capacity[l] < 0)
            rc = zp_error_set(ZP_EINPUT,
                              "%s:%d: add_school.capacity: missing %s; a %s school needs a "
                              "capacity for each level it serves",
                              c->file, cap.line, LEVEL_NAMES[l], zp_school_type_name(ch->type));
    if (!rc && cls.value)
        rc = level_counts(c, sc, cls, "add_school.classes", (int)ch->type, 0, ch->classes);
    return rc;
}

static int parse_add_school(const zpy_ctx *c, const zp_scenario *sc, zp_change *ch,
                            const yaml_node_t *m, int line)
{
    int rc = zpy_expect_map(c, m, "add_school", ADD_SCHOOL_KEYS);
    if (!rc)
        rc = zpy_req_string(c, m, line, "add_school", "id", &ch->id);
    if (!rc)
        rc = zpy_opt_string(c, m, "add_school", "name", &ch->name);
    if (!rc)
        rc = school_type(c, sc, ch, m, line);
    if (!rc)
        rc = req_num(c, m, line, "add_school", "x", &ch->x);
    if (!rc)
        rc = req_num(c, m, line, "add_school", "y", &ch->y);
    if (!rc)
        rc = zpy_opt_string(c, m, "add_school", "crs", &ch->crs);
    if (!rc)
        rc = school_levels(c, sc, ch, m, line);
    if (!rc)
        rc = zp_scenario_resource_values(c, m, "add_school", &ch->res);
    if (!rc)
        rc = set_summary(ch, "add_school %s (%s)", ch->id, zp_school_type_name(ch->type));
    return rc;
}

static int parse_school_id(const zpy_ctx *c, zp_change *ch, const yaml_node_t *m, int line)
{
    const char *kind = zp_change_kind_name(ch->kind);
    int rc = zpy_expect_map(c, m, kind, ID_KEYS);
    if (!rc)
        rc = zpy_req_string(c, m, line, kind, "id", &ch->id);
    if (!rc)
        rc = set_summary(ch, "%s %s", kind, ch->id);
    return rc;
}

/* set_capacity / set_classes: {id, primary: N, junior: N}, at least one level. */
static int parse_set_levels(const zpy_ctx *c, zp_change *ch, const yaml_node_t *m, int line)
{
    const char *kind = zp_change_kind_name(ch->kind);
    int32_t *out = ch->kind == ZP_CHANGE_SET_CAPACITY ? ch->capacity : ch->classes;
    int rc = zpy_expect_map(c, m, kind, SET_LEVEL_KEYS);
    if (!rc)
        rc = zpy_req_string(c, m, line, kind, "id", &ch->id);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        char name[64];
        int n = 0;
        zpy_entry v = zpy_lookup(c, m, LEVEL_NAMES[l]);
        snprintf(name, sizeof name, "%s.%s", kind, LEVEL_NAMES[l]);
        if (v.value && !(rc = zpy_nonneg_int(c, v.value, name, &n)))
            out[l] = n;
    }
    if (!rc && out[ZP_PRIMARY] < 0 && out[ZP_JUNIOR] < 0)
        rc = zp_error_set(ZP_EINPUT, "%s:%d: %s: expected at least one of primary, junior", c->file,
                          line, kind);
    if (!rc)
        rc = set_summary(ch, "%s %s", kind, ch->id);
    return rc;
}

/* ---- children ----------------------------------------------------------------------- */

/* levels: [primary, junior]; default: every level the blocks layer counts. */
static int scale_levels(const zpy_ctx *c, const zp_scenario *sc, zp_change *ch,
                        const yaml_node_t *m)
{
    zpy_entry e = zpy_lookup(c, m, "levels");
    if (!e.value) {
        for (int l = 0; l < ZP_NLEVELS; l++)
            ch->levels[l] = level_counted(sc, l);
        return 0;
    }
    char **list = NULL;
    int rc = zpy_string_list(c, e.value, "scale_children.levels", &list);
    for (size_t i = 0; !rc && list[i]; i++) {
        int l = !strcmp(list[i], "primary") ? 0 : !strcmp(list[i], "junior") ? 1 : -1;
        if (l < 0)
            rc = zp_error_set(ZP_EINPUT,
                              "%s:%d: scale_children.levels: unknown level '%.40s'; expected "
                              "primary or junior",
                              c->file, e.line, list[i]);
        else if (!level_counted(sc, l))
            rc = zp_error_set(ZP_EINPUT,
                              "%s:%d: scale_children.levels: the blocks layer counts no %s "
                              "children",
                              c->file, e.line, list[i]);
        else
            ch->levels[l] = 1;
    }
    for (size_t i = 0; list && list[i]; i++)
        free(list[i]);
    free(list);
    if (!rc && !ch->levels[0] && !ch->levels[1])
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: scale_children.levels: expected primary, junior or both", c->file,
                          e.line);
    return rc;
}

/* blocks: [ids] (or one id), at least one, into ch->blocks; b: the `blocks` entry. */
static int block_list(const zpy_ctx *c, zp_change *ch, zpy_entry b, int line)
{
    const char *kind = zp_change_kind_name(ch->kind);
    char name[64];
    snprintf(name, sizeof name, "%s.blocks", kind);
    if (!b.value)
        return zp_error_set(
            ZP_EINPUT, "%s:%d: %s: missing required key 'blocks' (a list of block ids)%s", c->file,
            b.line ? b.line : line, kind,
            ch->kind == ZP_CHANGE_SCALE_CHILDREN ? " or 'within' (a polygon shapefile)" : "");
    int rc = zpy_string_list(c, b.value, name, &ch->blocks);
    if (!rc && !ch->blocks[0])
        rc = zp_error_set(ZP_EINPUT, "%s:%d: %s: the list is empty", c->file, b.line, name);
    return rc;
}

/* blocks: [ids] or within: polygons.shp, exactly one of the two. */
static int scale_target(const zpy_ctx *c, const zp_scenario *sc, zp_change *ch,
                        const yaml_node_t *m, int line)
{
    zpy_entry b = zpy_lookup(c, m, "blocks"), w = zpy_lookup(c, m, "within");
    if (b.value && w.value)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: scale_children: give either blocks (a list of ids) or within "
                            "(a polygon shapefile), not both",
                            c->file, b.line > w.line ? b.line : w.line);
    if (w.value)
        return zpy_path(c, m, line, "scale_children", "within", ZPY_SHAPEFILE, sc->dir,
                        &ch->within);
    return block_list(c, ch, b, line);
}

static int parse_scale(const zpy_ctx *c, const zp_scenario *sc, zp_change *ch, const yaml_node_t *m,
                       int line)
{
    int rc = zpy_expect_map(c, m, "scale_children", SCALE_KEYS);
    zpy_entry f = rc ? (zpy_entry){NULL, 0} : zpy_lookup(c, m, "factor");
    if (!rc && !f.value)
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: scale_children: missing required key 'factor' (a number > 0)",
                          c->file, f.line ? f.line : line);
    if (!rc)
        rc = zpy_pos_num(c, f.value, "scale_children.factor", &ch->factor);
    if (!rc)
        rc = scale_target(c, sc, ch, m, line);
    if (!rc)
        rc = scale_levels(c, sc, ch, m);
    if (!rc)
        rc = set_summary(ch, "scale_children x%g", ch->factor);
    return rc;
}

/* ---- pins and locks ----------------------------------------------------------------- */

/* The blocks and the level of an assign or unassign, both required. */
static int blocks_at_level(const zpy_ctx *c, zp_change *ch, const yaml_node_t *m, int line,
                           const char *kind)
{
    char *level = NULL;
    int rc = block_list(c, ch, zpy_lookup(c, m, "blocks"), line);
    if (!rc)
        rc = zpy_req_string(c, m, line, kind, "level", &level);
    if (!rc) {
        ch->level = !strcmp(level, "primary")  ? ZP_PRIMARY
                    : !strcmp(level, "junior") ? ZP_JUNIOR
                                               : -1;
        if (ch->level < 0)
            rc = zp_error_set(ZP_EINPUT,
                              "%s:%d: %s.level: unknown level '%.40s'; expected primary or "
                              "junior",
                              c->file, zpy_lookup(c, m, "level").line, kind, level);
    }
    free(level);
    return rc;
}

/* assign: {blocks: [ids], level: primary|junior, school: ID}, all three required. Which
 * levels the blocks layer counts is not checked: a pin at a level without children holds
 * nothing, and a redraw saved for both levels stays valid over data with one. */
static int parse_assign(const zpy_ctx *c, zp_change *ch, const yaml_node_t *m, int line)
{
    int rc = zpy_expect_map(c, m, "assign", ASSIGN_KEYS);
    if (!rc)
        rc = blocks_at_level(c, ch, m, line, "assign");
    if (!rc)
        rc = zpy_req_string(c, m, line, "assign", "school", &ch->id);
    if (!rc)
        rc = set_summary(ch, "assign %s %s", zp_level_name((zp_level)ch->level), ch->id);
    return rc;
}

/* unassign: {blocks: [ids], level: primary|junior}: the pins of an earlier assign (a base's,
 * as a redraw saved over a saved redraw releases them) taken off again. */
static int parse_unassign(const zpy_ctx *c, zp_change *ch, const yaml_node_t *m, int line)
{
    int rc = zpy_expect_map(c, m, "unassign", UNASSIGN_KEYS);
    if (!rc)
        rc = blocks_at_level(c, ch, m, line, "unassign");
    if (!rc)
        rc = set_summary(ch, "unassign %s", zp_level_name((zp_level)ch->level));
    return rc;
}

/* lock: {blocks: [ids]}. */
static int parse_lock(const zpy_ctx *c, zp_change *ch, const yaml_node_t *m, int line)
{
    int rc = zpy_expect_map(c, m, "lock", LOCK_KEYS);
    if (!rc)
        rc = block_list(c, ch, zpy_lookup(c, m, "blocks"), line);
    if (!rc)
        rc = set_summary(ch, "lock");
    return rc;
}

/* ---- estates ------------------------------------------------------------------------ */

/* One [x, y] pair of the polygon list. */
static int ring_point(const zpy_ctx *c, const yaml_node_t *n, size_t i, double *x, double *y)
{
    char name[64];
    snprintf(name, sizeof name, "add_estate.polygon[%zu]", i + 1);
    if (n->type != YAML_SEQUENCE_NODE || zpy_count(n) != 2)
        return zp_error_set(ZP_EINPUT, "%s:%d: %s: expected a point [x, y], found %s%s", c->file,
                            zpy_line(n), name, zpy_kind(n),
                            n->type == YAML_SEQUENCE_NODE ? " without exactly two numbers" : "");
    int rc = zpy_num(c, zpy_item(c, n, 0), name, x);
    if (!rc)
        rc = zpy_num(c, zpy_item(c, n, 1), name, y);
    return rc;
}

/* Twice the signed area (shoelace): > 0 counter-clockwise. */
static double ring_area2(const double *x, const double *y, int n)
{
    double a = 0;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        a += x[i] * y[j] - x[j] * y[i];
    }
    return a;
}

/* Count distinct points of an open ring. */
static int distinct_points(const double *x, const double *y, int n)
{
    int d = 0;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = x[i] == x[j] && y[i] == y[j];
        d += !seen;
    }
    return d;
}

/* The points as one closed clockwise ring (the shapefile's outer-ring order). */
static int make_ring(const zpy_ctx *c, zp_shape *s, int line, double *x, double *y, int n)
{
    int m = 0; /* drop repeats of the previous point, then the closing point */
    for (int i = 0; i < n; i++)
        if (!m || x[i] != x[m - 1] || y[i] != y[m - 1]) {
            x[m] = x[i];
            y[m++] = y[i];
        }
    if (m > 1 && x[0] == x[m - 1] && y[0] == y[m - 1])
        m--;
    int d = distinct_points(x, y, m);
    if (d < 3)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: add_estate.polygon: needs at least 3 distinct points, found %d",
                            c->file, line, d);
    double a2 = ring_area2(x, y, m);
    if (a2 == 0)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: add_estate.polygon: the points lie on one line (no area)",
                            c->file, line);
    s->shp_type = SHPT_POLYGON;
    s->nparts = 1;
    s->nverts = m + 1;
    s->part_start = calloc(1, sizeof *s->part_start);
    s->x = malloc(sizeof *s->x * (size_t)(m + 1));
    s->y = malloc(sizeof *s->y * (size_t)(m + 1));
    if (!s->part_start || !s->x || !s->y)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (int i = 0; i < m; i++) { /* counter-clockwise input is reversed, same first point */
        int k = a2 > 0 ? (m - i) % m : i;
        s->x[i] = x[k];
        s->y[i] = y[k];
    }
    s->x[m] = s->x[0];
    s->y[m] = s->y[0];
    return 0;
}

static int estate_ring(const zpy_ctx *c, zp_change *ch, const yaml_node_t *m, int line)
{
    zpy_entry e = zpy_lookup(c, m, "polygon");
    if (!e.value)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: add_estate: missing required key 'polygon' ([[x, y], [x, y], "
                            "...], at least 3 points)",
                            c->file, e.line ? e.line : line);
    if (e.value->type != YAML_SEQUENCE_NODE)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: add_estate.polygon: expected a list of points [[x, y], ...], "
                            "found %s",
                            c->file, zpy_line(e.value), zpy_kind(e.value));
    size_t n = zpy_count(e.value);
    double *x = malloc(sizeof *x * (n + 1)), *y = malloc(sizeof *y * (n + 1));
    int rc = (!x || !y) ? zp_error_set(ZP_ENOMEM, "out of memory") : 0;
    if (!rc && n > 100000)
        rc = zp_error_set(ZP_EINPUT, "%s:%d: add_estate.polygon: more than 100000 points", c->file,
                          e.line);
    for (size_t i = 0; !rc && i < n; i++)
        rc = ring_point(c, zpy_item(c, e.value, i), i, &x[i], &y[i]);
    if (!rc)
        rc = make_ring(c, &ch->ring, e.line, x, y, (int)n);
    free(x);
    free(y);
    return rc;
}

static int parse_add_estate(const zpy_ctx *c, const zp_scenario *sc, zp_change *ch,
                            const yaml_node_t *m, int line)
{
    int rc = zpy_expect_map(c, m, "add_estate", ESTATE_KEYS);
    if (!rc)
        rc = zpy_req_string(c, m, line, "add_estate", "id", &ch->id);
    if (!rc)
        rc = zpy_opt_string(c, m, "add_estate", "name", &ch->name);
    if (!rc)
        rc = zpy_opt_string(c, m, "add_estate", "crs", &ch->crs);
    zpy_entry kids = rc ? (zpy_entry){NULL, 0} : zpy_lookup(c, m, "children");
    if (!rc && !kids.value)
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: add_estate: missing required key 'children' ({primary: N, "
                          "junior: N})",
                          c->file, kids.line ? kids.line : line);
    int32_t given[ZP_NLEVELS] = {-1, -1};
    if (!rc)
        rc = level_counts(c, sc, kids, "add_estate.children", -1, 0, given);
    if (!rc && given[0] < 0 && given[1] < 0)
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: add_estate.children: expected at least one of primary, junior",
                          c->file, kids.line);
    for (int l = 0; l < ZP_NLEVELS; l++)
        ch->children[l] = given[l] > 0 ? given[l] : 0;
    if (!rc)
        rc = estate_ring(c, ch, m, line);
    if (!rc)
        rc = set_summary(ch, "add_estate %s", ch->id);
    return rc;
}

/* ---- policy ------------------------------------------------------------------------- */

static void append(char *buf, size_t size, size_t *used, const char *text, size_t len)
{
    if (*used >= size - 1)
        return;
    size_t room = size - 1 - *used;
    if (len > room)
        len = room;
    memcpy(buf + *used, text, len);
    *used += len;
    buf[*used] = '\0';
}

/* A node in YAML flow style, for the summary of a set_policy item. */
static void render(const zpy_ctx *c, const yaml_node_t *n, char *buf, size_t size, size_t *used,
                   int outer)
{
    if (n->type == YAML_SCALAR_NODE) {
        append(buf, size, used, (const char *)n->data.scalar.value, n->data.scalar.length);
    } else if (n->type == YAML_SEQUENCE_NODE) {
        append(buf, size, used, "[", 1);
        for (size_t i = 0; i < zpy_count(n); i++) {
            if (i)
                append(buf, size, used, ", ", 2);
            render(c, zpy_item(c, n, i), buf, size, used, 0);
        }
        append(buf, size, used, "]", 1);
    } else if (n->type == YAML_MAPPING_NODE) {
        if (!outer)
            append(buf, size, used, "{", 1);
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            if (p != n->data.mapping.pairs.start)
                append(buf, size, used, ", ", 2);
            render(c, yaml_document_get_node(c->doc, p->key), buf, size, used, 0);
            append(buf, size, used, ": ", 2);
            render(c, yaml_document_get_node(c->doc, p->value), buf, size, used, 0);
        }
        if (!outer)
            append(buf, size, used, "}", 1);
    }
}

static int parse_set_policy(const zpy_ctx *c, zp_scenario *sc, zp_change *ch, const yaml_node_t *m,
                            int line)
{
    int rc = zpy_expect_map(c, m, "set_policy", ZP_POLICY_KEYS);
    if (!rc && m->data.mapping.pairs.top == m->data.mapping.pairs.start)
        rc = zp_error_set(ZP_EINPUT, "%s:%d: set_policy: expected at least one policy key", c->file,
                          line);
    if (!rc)
        rc = zp_scenario_policy(c, &sc->policy, m, "set_policy");
    if (rc)
        return rc;
    char text[SUMMARY_LEN] = "set_policy ";
    size_t used = strlen(text);
    render(c, m, text, sizeof text, &used, 1);
    if (used >= sizeof text - 1)
        memcpy(text + sizeof text - 4, "...", 3);
    return set_summary(ch, "%s", text);
}

/* ---- the list ----------------------------------------------------------------------- */

static int parse_kind(const zpy_ctx *c, zp_scenario *sc, zp_change *ch, const yaml_node_t *m,
                      int line)
{
    switch (ch->kind) {
    case ZP_CHANGE_ADD_SCHOOL:
        return parse_add_school(c, sc, ch, m, line);
    case ZP_CHANGE_CLOSE_SCHOOL:
        return parse_school_id(c, ch, m, line);
    case ZP_CHANGE_SET_CAPACITY:
    case ZP_CHANGE_SET_CLASSES:
        return parse_set_levels(c, ch, m, line);
    case ZP_CHANGE_SCALE_CHILDREN:
        return parse_scale(c, sc, ch, m, line);
    case ZP_CHANGE_ADD_ESTATE:
        return parse_add_estate(c, sc, ch, m, line);
    case ZP_CHANGE_SET_POLICY:
        return parse_set_policy(c, sc, ch, m, line);
    case ZP_CHANGE_ASSIGN:
        return parse_assign(c, ch, m, line);
    case ZP_CHANGE_LOCK:
        return parse_lock(c, ch, m, line);
    case ZP_CHANGE_UNASSIGN:
        return parse_unassign(c, ch, m, line);
    }
    return zp_error_set(ZP_ERROR, "unknown change kind %d", (int)ch->kind);
}

/* One item: a one-key mapping `kind: {...}`. */
static int parse_item(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *item, size_t n)
{
    zp_change *ch = &sc->changes[sc->nchanges++];
    ch->capacity[0] = ch->capacity[1] = ch->classes[0] = ch->classes[1] = -1;
    if (!(ch->file = strdup(c->file)))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t npairs = item->type == YAML_MAPPING_NODE
                        ? (size_t)(item->data.mapping.pairs.top - item->data.mapping.pairs.start)
                        : 0;
    if (item->type != YAML_MAPPING_NODE || npairs != 1)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: change %zu: expected one kind per item, as in `- "
                            "close_school: {id: S012}`; found %s%s",
                            c->file, zpy_line(item), n, zpy_kind(item),
                            npairs > 1 ? " with several keys" : "");
    int rc = zpy_check_map(c, item, "changes", KIND_NAMES);
    if (rc)
        return in_change(c, rc, n, NULL);
    const yaml_node_pair_t *p = item->data.mapping.pairs.start;
    const yaml_node_t *key = yaml_document_get_node(c->doc, p->key);
    const yaml_node_t *value = yaml_document_get_node(c->doc, p->value);
    for (int k = 0; KIND_NAMES[k]; k++)
        if (!strcmp((const char *)key->data.scalar.value, KIND_NAMES[k]))
            ch->kind = k;
    ch->line = zpy_line(key);
    return in_change(c, parse_kind(c, sc, ch, value, ch->line), n, KIND_NAMES[ch->kind]);
}

int zp_scenario_changes(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root)
{
    zpy_entry e = zpy_lookup(c, root, "changes");
    if (!e.value)
        return 0;
    if (e.value->type != YAML_SEQUENCE_NODE)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: changes: expected a list of changes (- add_school: {...}, "
                            "- close_school: {...}, ...), found %s",
                            c->file, zpy_line(e.value), zpy_kind(e.value));
    size_t n = zpy_count(e.value);
    sc->changes = calloc(n ? n : 1, sizeof *sc->changes);
    if (!sc->changes)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        const yaml_node_t *item = zpy_item(c, e.value, i);
        rc = item ? parse_item(c, sc, item, i + 1) : ZP_ERROR;
    }
    return rc;
}

void zp_scenario_changes_free(zp_scenario *sc)
{
    for (size_t i = 0; i < sc->nchanges; i++) {
        zp_change *ch = &sc->changes[i];
        free(ch->file);
        free(ch->summary);
        free(ch->id);
        free(ch->name);
        free(ch->crs);
        zp_shape_free(&ch->ring);
        for (size_t b = 0; ch->blocks && ch->blocks[b]; b++)
            free(ch->blocks[b]);
        free(ch->blocks);
        free(ch->within);
    }
    free(sc->changes);
    sc->changes = NULL;
    sc->nchanges = 0;
}
