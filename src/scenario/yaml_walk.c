/* Strict readers over a libyaml node tree (see yaml_walk.h).
 *
 * libyaml only checks syntax; everything a planner can get wrong in a valid YAML file
 * (a typo in a key, a list where a field name belongs, "45x" for a class cap) is caught
 * here, with the line of the offending node so the message points at the fix. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "zoneplan/errors.h"
#include "zoneplan/number.h"
#include "scenario/yaml_walk.h"

#define NAME_LEN 96

static const yaml_node_t *node_at(const zpy_ctx *c, int index)
{
    return yaml_document_get_node(c->doc, index);
}

static const char *text_of(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

/* A "\0" escape would make the C string shorter than the scalar; such text cannot be a
 * key or a field name, so it is refused rather than silently cut. */
static int has_nul(const yaml_node_t *n)
{
    return strlen(text_of(n)) != n->data.scalar.length;
}

int zpy_line(const yaml_node_t *n)
{
    return (int)n->start_mark.line + 1;
}

/* YAML 1.1 null: only unquoted, since "null" in quotes is a string. */
static int is_null(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    const char *s = text_of(n);
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

const char *zpy_kind(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_MAPPING_NODE:
        return "a mapping";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_SCALAR_NODE:
        return is_null(n) ? "an empty value" : "a single value";
    default:
        return "nothing";
    }
}

static const char *qualify(char *buf, const char *where, const char *key)
{
    if (where)
        snprintf(buf, NAME_LEN, "%s.%s", where, key);
    else
        snprintf(buf, NAME_LEN, "%s", key);
    return buf;
}

/* ---- parsing ----------------------------------------------------------------------- */

static int offset_line(const char *text, size_t len, size_t offset)
{
    int line = 1;
    for (size_t i = 0; i < offset && i < len; i++)
        line += text[i] == '\n';
    return line;
}

static int parse_error(const char *file, const yaml_parser_t *p, const char *text, size_t len)
{
    const char *problem = p->problem ? p->problem : "unknown problem";
    if (p->error == YAML_MEMORY_ERROR)
        return zp_error_set(ZP_ENOMEM, "%s: out of memory parsing the scenario", file);
    /* The reader fails on bytes, before any mark exists: mostly a GBK-saved file. */
    if (p->error == YAML_READER_ERROR)
        return zp_error_set(ZP_EINPUT, "%s:%d: YAML syntax error: %s (save the scenario as UTF-8)",
                            file, offset_line(text, len, p->problem_offset), problem);
    int line = (int)p->problem_mark.line + 1;
    if (p->context)
        return zp_error_set(ZP_EINPUT, "%s:%d: YAML syntax error: %s (%s at line %d)", file, line,
                            problem, p->context, (int)p->context_mark.line + 1);
    return zp_error_set(ZP_EINPUT, "%s:%d: YAML syntax error: %s", file, line, problem);
}

/* A second document after `---` would be ignored silently otherwise. */
static int single_document(const char *file, yaml_parser_t *p, const char *text, size_t len)
{
    yaml_document_t extra;
    if (!yaml_parser_load(p, &extra))
        return parse_error(file, p, text, len);
    const yaml_node_t *root = yaml_document_get_root_node(&extra);
    int line = root ? zpy_line(root) : 0;
    yaml_document_delete(&extra);
    if (line)
        return zp_error_set(
            ZP_EINPUT, "%s:%d: a second YAML document; a scenario is a single mapping", file, line);
    return 0;
}

/* The events alone, before any tree is built: a list or mapping deeper than ZPY_MAX_DEPTH
 * stops here, at its line. libyaml's scanner spends time growing with the square of the
 * nesting (100,000 unclosed '[' took minutes), and stopping at the first event past the limit
 * means it never scans further than that. */
static int check_depth(const char *file, const char *text, size_t len)
{
    yaml_parser_t p;
    yaml_event_t ev;
    if (!yaml_parser_initialize(&p))
        return zp_error_set(ZP_ENOMEM, "%s: out of memory parsing the scenario", file);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    int depth = 0, rc = 0, done = 0;
    while (!rc && !done) {
        if (!yaml_parser_parse(&p, &ev)) {
            rc = parse_error(file, &p, text, len);
            break;
        }
        if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
            if (++depth > ZPY_MAX_DEPTH)
                rc = zp_error_set(ZP_EINPUT,
                                  "%s:%d: lists and mappings nested more than %d levels deep; a "
                                  "scenario needs a handful",
                                  file, (int)ev.start_mark.line + 1, ZPY_MAX_DEPTH);
        } else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return rc;
}

int zpy_parse(const char *file, const char *text, size_t len, yaml_document_t *doc)
{
    int rc = check_depth(file, text, len);
    if (rc)
        return rc;
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return zp_error_set(ZP_ENOMEM, "%s: out of memory parsing the scenario", file);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    if (!yaml_parser_load(&p, doc)) {
        int rc = parse_error(file, &p, text, len); /* libyaml already freed doc */
        yaml_parser_delete(&p);
        return rc;
    }
    if (!yaml_document_get_root_node(doc))
        rc = zp_error_set(ZP_EINPUT,
                          "%s: the scenario is empty; expected a mapping with name, blocks and "
                          "schools",
                          file);
    else
        rc = single_document(file, &p, text, len);
    if (rc)
        yaml_document_delete(doc);
    yaml_parser_delete(&p);
    return rc;
}

/* ---- mappings ---------------------------------------------------------------------- */

zpy_entry zpy_lookup(const zpy_ctx *c, const yaml_node_t *map, const char *key)
{
    zpy_entry e = {NULL, 0};
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        const yaml_node_t *k = node_at(c, p->key), *v = node_at(c, p->value);
        if (k && v && k->type == YAML_SCALAR_NODE && !has_nul(k) && !strcmp(text_of(k), key)) {
            e.line = zpy_line(k);
            e.value = is_null(v) ? NULL : v;
            return e;
        }
    }
    return e;
}

/* Case-insensitive edit distance, for "did you mean"; long keys are never close. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[33];
    if (la > 32 || lb > 32)
        return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best =
                diag + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static int unknown_key(const zpy_ctx *c, const yaml_node_t *k, const char *where,
                       const char *const *allowed)
{
    char list[320] = "", hint[64] = "";
    size_t used = 0, best = 3;
    for (int i = 0; allowed[i]; i++) {
        int n = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", allowed[i]);
        used += (n > 0 && (size_t)n < sizeof list - used) ? (size_t)n : 0;
        size_t d = distance(text_of(k), allowed[i]);
        if (d < best) {
            best = d;
            snprintf(hint, sizeof hint, " (did you mean '%s'?)", allowed[i]);
        }
    }
    if (where)
        return zp_error_set(ZP_EINPUT, "%s:%d: unknown key '%.80s' in %s%s; allowed keys: %s",
                            c->file, zpy_line(k), text_of(k), where, hint, list);
    return zp_error_set(ZP_EINPUT, "%s:%d: unknown top-level key '%.80s'%s; allowed keys: %s",
                        c->file, zpy_line(k), text_of(k), hint, list);
}

static int allowed_key(const char *key, const char *const *allowed)
{
    for (int i = 0; allowed[i]; i++)
        if (!strcmp(key, allowed[i]))
            return 1;
    return 0;
}

int zpy_check_map(const zpy_ctx *c, const yaml_node_t *map, const char *where,
                  const char *const *allowed)
{
    yaml_node_pair_t *start = map->data.mapping.pairs.start;
    for (yaml_node_pair_t *p = start; p < map->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = node_at(c, p->key);
        if (!k || k->type != YAML_SCALAR_NODE)
            return zp_error_set(ZP_EINPUT, "%s:%d: expected a key name %s%s, found %s", c->file,
                                k ? zpy_line(k) : zpy_line(map), where ? "in " : "at the top level",
                                where ? where : "", k ? zpy_kind(k) : "nothing");
        if (has_nul(k) || !allowed_key(text_of(k), allowed))
            return unknown_key(c, k, where, allowed);
        for (yaml_node_pair_t *q = start; q < p; q++) {
            const yaml_node_t *prev = node_at(c, q->key);
            if (!strcmp(text_of(prev), text_of(k)))
                return zp_error_set(
                    ZP_EINPUT, "%s:%d: duplicate key '%s' %s%s (first given at line %d)", c->file,
                    zpy_line(k), text_of(k), where ? "in " : "at the top level", where ? where : "",
                    zpy_line(prev));
        }
    }
    return 0;
}

int zpy_expect_map(const zpy_ctx *c, const yaml_node_t *n, const char *where,
                   const char *const *allowed)
{
    if (n->type != YAML_MAPPING_NODE) {
        char keys[256] = "";
        size_t used = 0;
        for (int i = 0; allowed[i] && used < sizeof keys; i++) {
            int w = snprintf(keys + used, sizeof keys - used, "%s%s", i ? ", " : "", allowed[i]);
            used += w > 0 ? (size_t)w : 0;
        }
        return zp_error_set(ZP_EINPUT, "%s:%d: %s: expected a mapping {%s}, found %s", c->file,
                            zpy_line(n), where, keys, zpy_kind(n));
    }
    return zpy_check_map(c, n, where, allowed);
}

/* A required key that is absent, or present with an empty value. */
static int missing(const zpy_ctx *c, zpy_entry e, int parent_line, const char *where,
                   const char *key, const char *expected)
{
    char name[NAME_LEN];
    if (e.line)
        return zp_error_set(ZP_EINPUT, "%s:%d: %s: expected %s, found an empty value", c->file,
                            e.line, qualify(name, where, key), expected);
    if (where)
        return zp_error_set(ZP_EINPUT, "%s:%d: %s: missing required key '%s' (%s)", c->file,
                            parent_line, where, key, expected);
    return zp_error_set(ZP_EINPUT, "%s:%d: missing required top-level key '%s' (%s)", c->file,
                        parent_line, key, expected);
}

int zpy_section(const zpy_ctx *c, const yaml_node_t *parent, const char *where, const char *key,
                const char *const *allowed, int required, const yaml_node_t **out, int *line)
{
    char name[NAME_LEN];
    zpy_entry e = zpy_lookup(c, parent, key);
    *out = NULL;
    *line = e.line;
    if (!e.value)
        return required ? missing(c, e, zpy_line(parent), where, key, "a mapping") : 0;
    int rc = zpy_expect_map(c, e.value, qualify(name, where, key), allowed);
    if (!rc)
        *out = e.value;
    return rc;
}

/* ---- strings ----------------------------------------------------------------------- */

static int string_value(const zpy_ctx *c, const yaml_node_t *n, const char *name, char **out)
{
    if (n->type != YAML_SCALAR_NODE || is_null(n))
        return zp_error_set(ZP_EINPUT, "%s:%d: %s: expected a string, found %s", c->file,
                            zpy_line(n), name, zpy_kind(n));
    if (!*text_of(n) || has_nul(n))
        return zp_error_set(ZP_EINPUT, "%s:%d: %s: expected a non-empty string%s", c->file,
                            zpy_line(n), name, *text_of(n) ? " without NUL characters" : "");
    if (!(*out = strdup(text_of(n))))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    return 0;
}

int zpy_req_string(const zpy_ctx *c, const yaml_node_t *map, int parent_line, const char *where,
                   const char *key, char **out)
{
    char name[NAME_LEN];
    zpy_entry e = zpy_lookup(c, map, key);
    if (!e.value)
        return missing(c, e, parent_line, where, key, "a non-empty string");
    return string_value(c, e.value, qualify(name, where, key), out);
}

int zpy_opt_string(const zpy_ctx *c, const yaml_node_t *map, const char *where, const char *key,
                   char **out)
{
    char name[NAME_LEN];
    zpy_entry e = zpy_lookup(c, map, key);
    return e.value ? string_value(c, e.value, qualify(name, where, key), out) : 0;
}

static void free_list(char **list)
{
    for (size_t i = 0; list && list[i]; i++)
        free(list[i]);
    free(list);
}

int zpy_string_list(const zpy_ctx *c, const yaml_node_t *n, const char *name, char ***out)
{
    if (n->type == YAML_MAPPING_NODE)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: %s: expected a string or a list of strings, found %s", c->file,
                            zpy_line(n), name, zpy_kind(n));
    int single = n->type == YAML_SCALAR_NODE;
    size_t count = single ? 1 : (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    char **list = calloc(count + 1, sizeof *list);
    if (!list)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; i < count; i++) {
        const yaml_node_t *item = single ? n : node_at(c, n->data.sequence.items.start[i]);
        int rc = item ? string_value(c, item, name, &list[i]) : ZP_ERROR;
        if (rc) {
            free_list(list);
            return rc;
        }
    }
    *out = list;
    return 0;
}

/* ---- numbers and booleans ---------------------------------------------------------- */

/* The text of a number: a plain scalar, since "45" in quotes is a string in YAML. */
static int number_text(const zpy_ctx *c, const yaml_node_t *n, const char *name,
                       const char *expected, const char **out)
{
    if (n->type != YAML_SCALAR_NODE)
        return zp_error_set(ZP_EINPUT, "%s:%d: %s: expected %s, found %s", c->file, zpy_line(n),
                            name, expected, zpy_kind(n));
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || has_nul(n))
        return zp_error_set(ZP_EINPUT, "%s:%d: %s: expected %s, found the quoted string \"%.40s\"",
                            c->file, zpy_line(n), name, expected, text_of(n));
    *out = text_of(n);
    return 0;
}

int zpy_pos_int(const zpy_ctx *c, const yaml_node_t *n, const char *name, int *out)
{
    const char *s = "";
    long long v;
    int rc = number_text(c, n, name, "a positive integer", &s);
    if (rc)
        return rc;
    if (zp_number_parse_int(s, strlen(s), &v))
        return zp_error_set(ZP_EINPUT, "%s:%d: %s: expected a positive integer, found '%.40s'",
                            c->file, zpy_line(n), name, s);
    if (v < 1 || v > INT_MAX)
        return zp_error_set(ZP_EINPUT, "%s:%d: %s: expected a positive integer%s, found %s",
                            c->file, zpy_line(n), name, v < 1 ? "" : " (at most 2147483647)", s);
    *out = (int)v;
    return 0;
}

int zpy_opt_pos_int(const zpy_ctx *c, const yaml_node_t *map, const char *where, const char *key,
                    int *out)
{
    char name[NAME_LEN];
    zpy_entry e = zpy_lookup(c, map, key);
    return e.value ? zpy_pos_int(c, e.value, qualify(name, where, key), out) : 0;
}

/* A number within bounds: lo excluded when lo_open; expected names the range in messages. */
static int bounded_num(const zpy_ctx *c, const yaml_node_t *n, const char *name,
                       const char *expected, double lo, int lo_open, double *out)
{
    const char *s = "";
    double v;
    int rc = number_text(c, n, name, expected, &s);
    if (rc)
        return rc;
    if (zp_number_parse(s, strlen(s), &v) || v < lo || (lo_open && v == lo))
        return zp_error_set(ZP_EINPUT, "%s:%d: %s: expected %s, found '%.40s'", c->file,
                            zpy_line(n), name, expected, s);
    *out = v;
    return 0;
}

int zpy_num(const zpy_ctx *c, const yaml_node_t *n, const char *name, double *out)
{
    return bounded_num(c, n, name, "a number", -HUGE_VAL, 0, out);
}

int zpy_pos_num(const zpy_ctx *c, const yaml_node_t *n, const char *name, double *out)
{
    return bounded_num(c, n, name, "a number > 0", 0, 1, out);
}

int zpy_opt_pos_num(const zpy_ctx *c, const yaml_node_t *map, const char *where, const char *key,
                    double *out)
{
    char name[NAME_LEN];
    zpy_entry e = zpy_lookup(c, map, key);
    return e.value ? zpy_pos_num(c, e.value, qualify(name, where, key), out) : 0;
}

int zpy_opt_nonneg_num(const zpy_ctx *c, const yaml_node_t *map, const char *where, const char *key,
                       double *out)
{
    char name[NAME_LEN];
    zpy_entry e = zpy_lookup(c, map, key);
    if (!e.value)
        return 0;
    return bounded_num(c, e.value, qualify(name, where, key), "a number >= 0", 0, 0, out);
}

int zpy_nonneg_int(const zpy_ctx *c, const yaml_node_t *n, const char *name, int *out)
{
    const char *s = "";
    long long v;
    int rc = number_text(c, n, name, "a whole number >= 0", &s);
    if (rc)
        return rc;
    int whole = zp_number_parse_int(s, strlen(s), &v) == ZP_OK;
    if (!whole || v < 0 || v > INT_MAX)
        return zp_error_set(ZP_EINPUT, "%s:%d: %s: expected a whole number >= 0%s, found '%.40s'",
                            c->file, zpy_line(n), name,
                            whole && v > INT_MAX ? " (at most 2147483647)" : "", s);
    *out = (int)v;
    return 0;
}

int zpy_opt_nonneg_int(const zpy_ctx *c, const yaml_node_t *map, const char *where, const char *key,
                       int *out)
{
    char name[NAME_LEN];
    zpy_entry e = zpy_lookup(c, map, key);
    return e.value ? zpy_nonneg_int(c, e.value, qualify(name, where, key), out) : 0;
}

int zpy_opt_bool(const zpy_ctx *c, const yaml_node_t *map, const char *where, const char *key,
                 int *out)
{
    static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
    char name[NAME_LEN];
    const char *s = "";
    zpy_entry e = zpy_lookup(c, map, key);
    if (!e.value)
        return 0;
    qualify(name, where, key);
    int rc = number_text(c, e.value, name, "true or false", &s);
    for (int i = 0; !rc && i < 3; i++) {
        if (!strcasecmp(s, yes[i]) || !strcasecmp(s, no[i])) {
            *out = !strcasecmp(s, yes[i]);
            return 0;
        }
    }
    if (!rc)
        rc = zp_error_set(ZP_EINPUT, "%s:%d: %s: expected true or false, found '%.40s'", c->file,
                          zpy_line(e.value), name, s);
    return rc;
}

/* ---- sequences ------------------------------------------------------------------- */

size_t zpy_count(const yaml_node_t *seq)
{
    return (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
}

const yaml_node_t *zpy_item(const zpy_ctx *c, const yaml_node_t *seq, size_t i)
{
    return node_at(c, seq->data.sequence.items.start[i]);
}

/* ---- paths ------------------------------------------------------------------------- */

/* path relative to dir (kept when absolute), newly allocated. */
static int resolve_path(const char *dir, const char *path, char **out)
{
    int n;
    if (path[0] == '/' || !strcmp(dir, "."))
        n = asprintf(out, "%s", path);
    else
        n = asprintf(out, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", path);
    if (n < 0) {
        *out = NULL;
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    return 0;
}

/* Ends in ".shp", in any case. */
static int shp_name(const char *path)
{
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');
    return n >= 4 && strcasecmp(path + n - 4, ".shp") == 0 && (!slash || slash < path + n - 4);
}

int zpy_path(const zpy_ctx *c, const yaml_node_t *map, int parent_line, const char *where,
             const char *key, int flags, const char *dir, char **out)
{
    char *raw = NULL, name[NAME_LEN];
    int rc = (flags & ZPY_REQUIRED) ? zpy_req_string(c, map, parent_line, where, key, &raw)
                                    : zpy_opt_string(c, map, where, key, &raw);
    if (rc || !raw)
        return rc;
    if ((flags & ZPY_SHAPEFILE) && !shp_name(raw))
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: %s: '%.200s' is not a .shp file; expected a shapefile: a path "
                          "ending in .shp (with its .shx and .dbf beside it)",
                          c->file, zpy_line(zpy_lookup(c, map, key).value),
                          qualify(name, where, key), raw);
    if (!rc)
        rc = resolve_path(dir, raw, out);
    free(raw);
    return rc;
}
