/* Strict readers over a libyaml node tree, used by the scenario loader.
 *
 * Each reader checks one node against what the schema expects and, when it does not
 * match, sets a ZP_EINPUT error "FILE:LINE: key.path: expected X, found Y". Keeping
 * these generic lets scenario.c read like the schema it implements. A plain null
 * value (`key:`, `key: ~`, `key: null`) counts as absent, so it means "use the default". */
#ifndef ZONEPLAN_SCENARIO_YAML_WALK_H
#define ZONEPLAN_SCENARIO_YAML_WALK_H

#include <stddef.h>
#include <yaml.h>

typedef struct zpy_ctx {
    const char *file; /* for messages */
    yaml_document_t *doc;
} zpy_ctx;

/* A key's value in a mapping: value NULL when the key is absent or null; line is the
 * key's line (0 when absent). */
typedef struct zpy_entry {
    const yaml_node_t *value;
    int line;
} zpy_entry;

/* Lists and mappings nested deeper than this are refused (a scenario needs about five). */
#define ZPY_MAX_DEPTH 64

/* Parse a whole single-document YAML text; an empty document, a second document, nesting
 * deeper than ZPY_MAX_DEPTH or a syntax error is a ZP_EINPUT error naming the file (and
 * line). On success the caller deletes doc. */
int zpy_parse(const char *file, const char *text, size_t len, yaml_document_t *doc);

int zpy_line(const yaml_node_t *n);         /* 1-based */
const char *zpy_kind(const yaml_node_t *n); /* "a mapping", "a list", ... for messages */

zpy_entry zpy_lookup(const zpy_ctx *c, const yaml_node_t *map, const char *key);
/* Every key a scalar from allowed (NULL-terminated), none twice. where: "policy",
 * "blocks.children", NULL for the top level. */
int zpy_check_map(const zpy_ctx *c, const yaml_node_t *map, const char *where,
                  const char *const *allowed);
/* n is a mapping and passes zpy_check_map. */
int zpy_expect_map(const zpy_ctx *c, const yaml_node_t *n, const char *where,
                   const char *const *allowed);
/* The mapping under key in parent (checked against allowed); *out NULL when absent and
 * not required. *line: the key's line. */
int zpy_section(const zpy_ctx *c, const yaml_node_t *parent, const char *where, const char *key,
                const char *const *allowed, int required, const yaml_node_t **out, int *line);

/* Strings are non-empty scalars copied with strdup; *out stays NULL when optional and absent.
 * parent_line is used for "missing required key" messages. */
int zpy_req_string(const zpy_ctx *c, const yaml_node_t *map, int parent_line, const char *where,
                   const char *key, char **out);
int zpy_opt_string(const zpy_ctx *c, const yaml_node_t *map, const char *where, const char *key,
                   char **out);
/* A string or a list of strings, as a NULL-terminated array (one string: one element). */
int zpy_string_list(const zpy_ctx *c, const yaml_node_t *n, const char *name, char ***out);

/* Numbers are plain scalars: positive int (>= 1), positive finite double; *out kept when
 * the key is absent. Booleans: YAML 1.1 true/false/yes/no/on/off. */
int zpy_pos_int(const zpy_ctx *c, const yaml_node_t *n, const char *name, int *out);
int zpy_opt_pos_int(const zpy_ctx *c, const yaml_node_t *map, const char *where, const char *key,
                    int *out);
int zpy_opt_pos_num(const zpy_ctx *c, const yaml_node_t *map, const char *where, const char *key,
                    double *out);
int zpy_pos_num(const zpy_ctx *c, const yaml_node_t *n, const char *name, double *out);
/* Any finite number (coordinates); numbers >= 0; whole numbers >= 0 (counts, capacities). */
int zpy_num(const zpy_ctx *c, const yaml_node_t *n, const char *name, double *out);
int zpy_opt_nonneg_num(const zpy_ctx *c, const yaml_node_t *map, const char *where, const char *key,
                       double *out);
int zpy_nonneg_int(const zpy_ctx *c, const yaml_node_t *n, const char *name, int *out);
int zpy_opt_nonneg_int(const zpy_ctx *c, const yaml_node_t *map, const char *where, const char *key,
                       int *out);
int zpy_opt_bool(const zpy_ctx *c, const yaml_node_t *map, const char *where, const char *key,
                 int *out);

/* Items of a list node: how many, and the i-th. */
size_t zpy_count(const yaml_node_t *seq);
const yaml_node_t *zpy_item(const zpy_ctx *c, const yaml_node_t *seq, size_t i);

/* The path under key, resolved against dir (the scenario's folder) into *out; *out stays
 * NULL when optional and absent. flags: ZPY_REQUIRED; ZPY_SHAPEFILE, the path of a layer,
 * which must end in .shp (in any case): another part (x.dbf) would be read as x.shp. */
enum { ZPY_REQUIRED = 1, ZPY_SHAPEFILE = 2 };
int zpy_path(const zpy_ctx *c, const yaml_node_t *map, int parent_line, const char *where,
             const char *key, int flags, const char *dir, char **out);

#endif
