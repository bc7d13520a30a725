/* Scenario loading: reads the YAML scenario file into a zp_scenario.
 *
 * The scenario is the planner's interface, so the loader is strict: libyaml builds the
 * node tree and we walk it against a fixed schema, rejecting unknown keys, duplicate
 * keys and wrong types with FILE:LINE and what was expected. A typo such as class_capp
 * would otherwise fall back silently to a default policy value and change the plan.
 * The generic strict readers (mappings, strings, numbers) live in yaml_walk.c; this
 * file knows the schema. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "zoneplan/errors.h"
#include "zoneplan/scenario.h"
#include "scenario/scenario_internal.h"
#include "scenario/yaml_walk.h"

/* Scenario files are a few hundred bytes; the cap only stops a wrong file (a shapefile
 * passed by mistake) from being read whole into memory. */
#define MAX_SCENARIO_BYTES (16u << 20) /* read whole, then parsed from memory */

static const char *const ROOT_KEYS[] = {"name",     "crs",     "blocks", "schools", "roads",
                                        "barriers", "policy",  "output", "changes", "siting",
                                        "base",     "horizon", NULL};
static const char *const BASED_KEYS[] = {"base", "name", "output", "changes", NULL};
static const char *const BLOCK_KEYS[] = {"path",   "id",      "name",     "children",
                                         "grades", "current", "encoding", "crs",
                                         "locked", "ages",    "migration", NULL};
static const char *const SCHOOL_KEYS[] = {"path",        "id",       "name",      "type",
                                          "type_values", "capacity", "classes",   "enrolment",
                                          "encoding",    "crs",      "resources", NULL};
const char *const ZP_POLICY_KEYS[] = {"class_cap",
                                      "school_cap",
                                      "service_radius_m",
                                      "enforce_caps",
                                      "large_class",
                                      "very_large_class",
                                      "shortfall_penalty_m",
                                      "candidates",
                                      "move_penalty_m",
                                      "feeder",
                                      "contiguity",
                                      "adjacency",
                                      "distance",
                                      "access",
                                      "exact_seconds",
                                      "exact_nodes",
                                      "profile",
                                      "audit",
                                      "enforce_audit",
                                      "redraw_applies_to",
                                      NULL};
static const char *const ADJACENCY_KEYS[] = {"tolerance_m", "min_shared_m", NULL};
static const char *const LEVEL_KEYS[] = {"primary", "junior", NULL};
static const char *const TYPE_KEYS[] = {"primary", "junior", "nine_year", NULL};
static const char *const GRADE_KEYS[] = {"g1", "g2", "g3", "g4", "g5",
                                         "g6", "g7", "g8", "g9", NULL};
/* schools.classes takes per-level or per-grade fields; which one is checked after. */
static const char *const CLASS_KEYS[] = {"primary", "junior", "g1", "g2", "g3", "g4",
                                         "g5",      "g6",     "g7", "g8", "g9", NULL};

/* Field values meaning each school type when the scenario gives none: the English
 * names and the usual Chinese ones found in bureau exports. */
static const char *const DEFAULT_TYPE_VALUES[ZP_NTYPES][3] = {
    {"primary", "小学", NULL},
    {"junior", "初中", NULL},
    {"nine_year", "九年一贯制", NULL},
};

void zp_policy_defaults(zp_policy *p)
{
    p->class_cap[ZP_PRIMARY] = 45;
    p->class_cap[ZP_JUNIOR] = 50;
    for (int t = 0; t < ZP_NTYPES; t++)
        p->school_cap[t] = 2500;
    p->service_radius_m[ZP_PRIMARY] = 500;
    p->service_radius_m[ZP_JUNIOR] = 1000;
    p->enforce_caps = 0;
    p->large_class = 56;
    p->very_large_class = 66;
    p->shortfall_penalty_m = 100000;
    p->candidates = 8;
    p->move_penalty_m = 0;
    p->exact_nodes = 5000;
    p->feeder = 0;
    p->contiguity = 1;
    p->adjacency_tolerance_m = 1.0;
    p->adjacency_min_shared_m = 5.0;
    p->distance = ZP_DISTANCE_DEFAULT;
    p->access_max_m = 300;
    zp_audit_policy_defaults(&p->audit);
    p->redraw_applies_to = ZP_REDRAW_DEFAULT;
}

/* ---- blocks and schools ------------------------------------------------------------ */

/* {primary: F, junior: F}: field names per level; need_one when a level-less spec is useless. */
static int level_fields(const zpy_ctx *c, zpy_entry e, const char *where, int need_one,
                        char *out[ZP_NLEVELS])
{
    int rc = zpy_expect_map(c, e.value, where, LEVEL_KEYS);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++)
        rc = zpy_opt_string(c, e.value, where, LEVEL_KEYS[l], &out[l]);
    if (!rc && need_one && !out[ZP_PRIMARY] && !out[ZP_JUNIOR])
        rc = zp_error_set(ZP_EINPUT, "%s:%d: %s: expected at least one of primary, junior", c->file,
                          e.line, where);
    return rc;
}

/* {g1: F, ..., g9: F}: a partial set would leave some grades uncounted, so all nine. */
static int grade_fields(const zpy_ctx *c, zpy_entry e, const char *where, char *out[ZP_NGRADES])
{
    int rc = zpy_expect_map(c, e.value, where, GRADE_KEYS);
    for (int g = 0; !rc && g < ZP_NGRADES; g++) {
        if (!zpy_lookup(c, e.value, GRADE_KEYS[g]).value)
            return zp_error_set(ZP_EINPUT, "%s:%d: %s: missing %s; give all nine grades g1..g9",
                                c->file, e.line, where, GRADE_KEYS[g]);
        rc = zpy_opt_string(c, e.value, where, GRADE_KEYS[g], &out[g]);
    }
    return rc;
}

/* children / grades: alternatives for the blocks' head counts. */
static int block_counts(const zpy_ctx *c, zp_blocks_spec *b, const yaml_node_t *m)
{
    zpy_entry ch = zpy_lookup(c, m, "children"), gr = zpy_lookup(c, m, "grades");
    if (ch.value && gr.value)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: blocks: give either children ({primary, junior}) or grades "
                            "({g1..g9}), not both",
                            c->file, ch.line > gr.line ? ch.line : gr.line);
    if (ch.value)
        return level_fields(c, ch, "blocks.children", 1, b->children);
    if (gr.value)
        return grade_fields(c, gr, "blocks.grades", b->grades);
    return zp_error_set(ZP_EINPUT,
                        "%s:%d: blocks: missing required key 'children' ({primary: F, junior: F}) "
                        "or 'grades' ({g1: F, ..., g9: F})",
                        c->file, b->line);
}

static int load_blocks(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root)
{
    zp_blocks_spec *b = &sc->blocks;
    const yaml_node_t *m;
    int rc = zpy_section(c, root, NULL, "blocks", BLOCK_KEYS, 1, &m, &b->line);
    if (!rc)
        rc = zpy_path(c, m, b->line, "blocks", "path", ZPY_REQUIRED | ZPY_SHAPEFILE, sc->dir,
                      &b->path);
    if (!rc)
        rc = zpy_req_string(c, m, b->line, "blocks", "id", &b->id);
    if (!rc)
        rc = zpy_opt_string(c, m, "blocks", "name", &b->name);
    if (!rc)
        rc = zpy_opt_string(c, m, "blocks", "encoding", &b->encoding);
    if (!rc)
        rc = zpy_opt_string(c, m, "blocks", "crs", &b->crs);
    if (!rc)
        rc = zpy_opt_string(c, m, "blocks", "locked", &b->locked);
    if (!rc)
        rc = block_counts(c, b, m);
    if (!rc) {
        zpy_entry cur = zpy_lookup(c, m, "current");
        if (cur.value)
            rc = level_fields(c, cur, "blocks.current", 0, b->current);
    }
    if (!rc)
        rc = zp_scenario_ages(c, b, m);
    if (!rc)
        rc = zpy_opt_string(c, m, "blocks", "migration", &b->migration);
    return rc;
}

/* schools.classes: {primary, junior} or all nine {g1..g9}, never a mix of the two. */
static int school_classes(const zpy_ctx *c, zp_schools_spec *s, const yaml_node_t *m)
{
    zpy_entry e = zpy_lookup(c, m, "classes");
    if (!e.value)
        return 0;
    int rc = zpy_expect_map(c, e.value, "schools.classes", CLASS_KEYS);
    if (rc)
        return rc;
    int nlevel = 0, ngrade = 0;
    for (int l = 0; LEVEL_KEYS[l]; l++)
        nlevel += zpy_lookup(c, e.value, LEVEL_KEYS[l]).value != NULL;
    for (int g = 0; GRADE_KEYS[g]; g++)
        ngrade += zpy_lookup(c, e.value, GRADE_KEYS[g]).value != NULL;
    if (nlevel && ngrade)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: schools.classes: give either {primary, junior} or {g1..g9}, "
                            "not a mix of the two",
                            c->file, e.line);
    if (ngrade)
        return grade_fields(c, e, "schools.classes", s->grade_classes);
    return level_fields(c, e, "schools.classes", 0, s->classes);
}

static void free_values(char **values)
{
    for (size_t i = 0; values && values[i]; i++)
        free(values[i]);
    free(values);
}

static int default_type_values(zp_schools_spec *s)
{
    for (int t = 0; t < ZP_NTYPES; t++) {
        s->type_values[t] = calloc(3, sizeof(char *));
        if (!s->type_values[t])
            return zp_error_set(ZP_ENOMEM, "out of memory");
        for (int i = 0; DEFAULT_TYPE_VALUES[t][i]; i++)
            if (!(s->type_values[t][i] = strdup(DEFAULT_TYPE_VALUES[t][i])))
                return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    return 0;
}

/* A field value naming two types would make the school's type depend on lookup order. */
static int check_type_values(const zpy_ctx *c, const zp_schools_spec *s, int line)
{
    for (int t = 0; t < ZP_NTYPES; t++)
        for (int u = t + 1; u < ZP_NTYPES; u++)
            for (char **a = s->type_values[t]; *a; a++)
                for (char **b = s->type_values[u]; *b; b++)
                    if (!strcmp(*a, *b))
                        return zp_error_set(ZP_EINPUT,
                                            "%s:%d: schools.type_values: '%s' is listed for both "
                                            "%s and %s",
                                            c->file, line, *a, TYPE_KEYS[t], TYPE_KEYS[u]);
    return 0;
}

/* type_values: each given type replaces that type's default list. */
static int school_type_values(const zpy_ctx *c, zp_schools_spec *s, const yaml_node_t *m)
{
    int rc = default_type_values(s);
    zpy_entry e = zpy_lookup(c, m, "type_values");
    if (rc || !e.value)
        return rc;
    if ((rc = zpy_expect_map(c, e.value, "schools.type_values", TYPE_KEYS)))
        return rc;
    for (int t = 0; t < ZP_NTYPES; t++) {
        zpy_entry v = zpy_lookup(c, e.value, TYPE_KEYS[t]);
        if (!v.value)
            continue;
        char where[64], **list = NULL;
        snprintf(where, sizeof where, "schools.type_values.%s", TYPE_KEYS[t]);
        if ((rc = zpy_string_list(c, v.value, where, &list)))
            return rc;
        free_values(s->type_values[t]);
        s->type_values[t] = list;
    }
    return check_type_values(c, s, e.line);
}

int zp_scenario_school_type(const zp_schools_spec *s, const char *value, zp_school_type *type)
{
    for (int t = 0; t < ZP_NTYPES; t++) {
        int hit = !strcmp(value, TYPE_KEYS[t]);
        for (char **v = s->type_values[t]; !hit && v && *v; v++)
            hit = !strcasecmp(value, *v);
        if (hit) {
            *type = (zp_school_type)t;
            return 1;
        }
    }
    return 0;
}

static int school_fields(const zpy_ctx *c, zp_schools_spec *s, const yaml_node_t *m)
{
    int rc = zpy_req_string(c, m, s->line, "schools", "id", &s->id);
    if (!rc)
        rc = zpy_opt_string(c, m, "schools", "name", &s->name);
    if (!rc)
        rc = zpy_req_string(c, m, s->line, "schools", "type", &s->type);
    if (!rc)
        rc = zpy_opt_string(c, m, "schools", "encoding", &s->encoding);
    if (!rc)
        rc = zpy_opt_string(c, m, "schools", "crs", &s->crs);
    return rc;
}

static int load_schools(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root)
{
    zp_schools_spec *s = &sc->schools;
    const yaml_node_t *m;
    int rc = zpy_section(c, root, NULL, "schools", SCHOOL_KEYS, 1, &m, &s->line);
    if (!rc)
        rc = zpy_path(c, m, s->line, "schools", "path", ZPY_REQUIRED | ZPY_SHAPEFILE, sc->dir,
                      &s->path);
    if (!rc)
        rc = school_fields(c, s, m);
    if (!rc)
        rc = school_type_values(c, s, m);
    if (!rc) {
        zpy_entry cap = zpy_lookup(c, m, "capacity");
        if (!cap.value)
            return zp_error_set(ZP_EINPUT,
                                "%s:%d: schools: missing required key 'capacity' "
                                "({primary: F, junior: F})",
                                c->file, s->line);
        rc = level_fields(c, cap, "schools.capacity", 1, s->capacity);
    }
    if (!rc)
        rc = school_classes(c, s, m);
    if (!rc) {
        zpy_entry enr = zpy_lookup(c, m, "enrolment");
        if (enr.value)
            rc = level_fields(c, enr, "schools.enrolment", 0, s->enrolment);
    }
    if (!rc)
        rc = zp_scenario_resources(c, s, m);
    return rc;
}

/* ---- policy and output ------------------------------------------------------------- */

/* school_cap: one integer for every type, or {primary, junior, nine_year}. */
static int policy_school_cap(const zpy_ctx *c, zp_policy *p, const yaml_node_t *m,
                             const char *pwhere)
{
    zpy_entry e = zpy_lookup(c, m, "school_cap");
    if (!e.value)
        return 0;
    char where[64];
    snprintf(where, sizeof where, "%s.school_cap", pwhere);
    if (e.value->type == YAML_SCALAR_NODE) {
        int cap;
        int rc = zpy_pos_int(c, e.value, where, &cap);
        for (int t = 0; !rc && t < ZP_NTYPES; t++)
            p->school_cap[t] = cap;
        return rc;
    }
    if (e.value->type != YAML_MAPPING_NODE)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: %s: expected an integer or a mapping "
                            "{primary, junior, nine_year}, found %s",
                            c->file, zpy_line(e.value), where, zpy_kind(e.value));
    int rc = zpy_expect_map(c, e.value, where, TYPE_KEYS);
    for (int t = 0; !rc && t < ZP_NTYPES; t++)
        rc = zpy_opt_pos_int(c, e.value, where, TYPE_KEYS[t], &p->school_cap[t]);
    return rc;
}

/* {primary: N, junior: N} of positive integers (as_int) or positive numbers. */
static int policy_levels(const zpy_ctx *c, const yaml_node_t *m, const char *pwhere,
                         const char *key, int *ints, double *nums)
{
    zpy_entry e = zpy_lookup(c, m, key);
    if (!e.value)
        return 0;
    char where[64];
    snprintf(where, sizeof where, "%s.%s", pwhere, key);
    int rc = zpy_expect_map(c, e.value, where, LEVEL_KEYS);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++)
        rc = ints ? zpy_opt_pos_int(c, e.value, where, LEVEL_KEYS[l], &ints[l])
                  : zpy_opt_pos_num(c, e.value, where, LEVEL_KEYS[l], &nums[l]);
    return rc;
}

/* Very large classes are a worse category than large ones, so the thresholds must be ordered. */
static int policy_class_bands(const zpy_ctx *c, const zp_policy *p, const yaml_node_t *m,
                              const char *where)
{
    if (p->very_large_class > p->large_class)
        return 0;
    zpy_entry e = zpy_lookup(c, m, "very_large_class");
    if (!e.value)
        e = zpy_lookup(c, m, "large_class");
    if (!e.value)
        e.line = zpy_line(m);
    return zp_error_set(ZP_EINPUT,
                        "%s:%d: %s: very_large_class (%d) must be greater than large_class "
                        "(%d)",
                        c->file, e.line, where, p->very_large_class, p->large_class);
}

/* adjacency: {tolerance_m: 1, min_shared_m: 5}: when two blocks count as neighbours. */
static int policy_adjacency(const zpy_ctx *c, zp_policy *p, const yaml_node_t *m,
                            const char *pwhere)
{
    zpy_entry e = zpy_lookup(c, m, "adjacency");
    if (!e.value)
        return 0;
    char where[64];
    snprintf(where, sizeof where, "%s.adjacency", pwhere);
    int rc = zpy_expect_map(c, e.value, where, ADJACENCY_KEYS);
    if (!rc)
        rc = zpy_opt_nonneg_num(c, e.value, where, "tolerance_m", &p->adjacency_tolerance_m);
    if (!rc)
        rc = zpy_opt_pos_num(c, e.value, where, "min_shared_m", &p->adjacency_min_shared_m);
    return rc;
}

/* The redraw keys: moving children, feeder schools, contiguity, adjacency. */
static int policy_redraw(const zpy_ctx *c, zp_policy *p, const yaml_node_t *m, const char *where)
{
    int rc = zpy_opt_nonneg_num(c, m, where, "move_penalty_m", &p->move_penalty_m);
    if (!rc)
        rc = zpy_opt_bool(c, m, where, "feeder", &p->feeder);
    if (!rc)
        rc = zpy_opt_bool(c, m, where, "contiguity", &p->contiguity);
    if (!rc)
        rc = zpy_opt_nonneg_num(c, m, where, "exact_seconds", &p->exact_seconds);
    if (!rc)
        rc = zpy_opt_nonneg_num(c, m, where, "exact_nodes", &p->exact_nodes);
    if (!rc)
        rc = policy_adjacency(c, p, m, where);
    return rc;
}

int zp_scenario_policy(const zpy_ctx *c, zp_policy *p, const yaml_node_t *m, const char *where)
{
    int rc = zp_scenario_policy_profile(c, p, m, where);
    if (!rc)
        rc = policy_levels(c, m, where, "class_cap", p->class_cap, NULL);
    if (!rc)
        rc = policy_school_cap(c, p, m, where);
    if (!rc)
        rc = policy_levels(c, m, where, "service_radius_m", NULL, p->service_radius_m);
    if (!rc)
        rc = zpy_opt_bool(c, m, where, "enforce_caps", &p->enforce_caps);
    if (!rc)
        rc = zpy_opt_pos_int(c, m, where, "large_class", &p->large_class);
    if (!rc)
        rc = zpy_opt_pos_int(c, m, where, "very_large_class", &p->very_large_class);
    if (!rc)
        rc = zpy_opt_pos_num(c, m, where, "shortfall_penalty_m", &p->shortfall_penalty_m);
    if (!rc)
        rc = zpy_opt_pos_int(c, m, where, "candidates", &p->candidates);
    if (!rc)
        rc = policy_redraw(c, p, m, where);
    if (!rc)
        rc = policy_class_bands(c, p, m, where);
    if (!rc)
        rc = zp_scenario_policy_walk(c, p, m, where);
    if (!rc)
        rc = zp_scenario_policy_audit(c, p, m, where);
    if (!rc)
        rc = zp_scenario_policy_redraw_applies(c, p, m, where);
    return rc;
}

static int load_policy(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root)
{
    const yaml_node_t *m;
    int line;
    int rc = zpy_section(c, root, NULL, "policy", ZP_POLICY_KEYS, 0, &m, &line);
    if (rc || !m)
        return rc;
    return zp_scenario_policy(c, &sc->policy, m, "policy");
}

static int load_based(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root);

static int load_root(const zpy_ctx *c, zp_scenario *sc)
{
    const yaml_node_t *root = yaml_document_get_root_node(c->doc);
    if (root->type != YAML_MAPPING_NODE)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: expected a mapping at the top level (name, blocks, schools, "
                            "...), found %s",
                            c->file, zpy_line(root), zpy_kind(root));
    if (zpy_lookup(c, root, "base").value)
        return load_based(c, sc, root);
    int rc = zpy_check_map(c, root, NULL, ROOT_KEYS);
    if (!rc)
        rc = zpy_req_string(c, root, zpy_line(root), NULL, "name", &sc->name);
    if (!rc)
        rc = zpy_opt_string(c, root, NULL, "crs", &sc->crs);
    if (!rc)
        rc = load_blocks(c, sc, root);
    if (!rc)
        rc = load_schools(c, sc, root);
    if (!rc)
        rc = zp_scenario_roads(c, sc, root);
    if (!rc)
        rc = load_policy(c, sc, root);
    if (!rc && sc->policy.distance == ZP_DISTANCE_NETWORK && !sc->roads.path)
        rc = zp_error_set(ZP_EINPUT,
                          "%s: policy.distance: network needs a roads: layer (a line "
                          "shapefile of the streets)",
                          c->file);
    if (!rc)
        rc = zp_scenario_output(c, sc, root);
    if (!rc)
        rc = zp_scenario_changes(c, sc, root);
    if (!rc)
        rc = zp_scenario_siting(c, sc, root);
    if (!rc)
        rc = zp_scenario_horizon(c, sc, root);
    return rc;
}

/* base: another scenario this one builds on: everything is the base's, then this file's
 * name and output (when given) replace the base's and its changes come after the base's.
 * So a what-if (or the plan `zoneplan site` writes) is a few lines on top of a scenario. */
static int load_based(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root)
{
    static int depth; /* bases of bases, and a guard against a file that is its own base */
    char *path = NULL;
    zp_scenario *base = NULL;
    int rc = zpy_check_map(c, root, NULL, BASED_KEYS);
    if (!rc)
        rc = zpy_path(c, root, zpy_line(root), NULL, "base", ZPY_REQUIRED, sc->dir, &path);
    char *real = rc ? NULL : realpath(path, NULL);
    if (real) { /* messages then name the base's files as they are, not through the folder of
                   this file (for the siting's plan.yaml, a staging folder gone by then) */
        free(path);
        path = real;
    }
    if (!rc && depth >= 8)
        rc = zp_error_set(ZP_EINPUT,
                          "%s: base: more than 8 scenarios deep (does one name "
                          "itself?)",
                          c->file);
    if (!rc) {
        depth++;
        rc = zp_scenario_load(path, &base);
        depth--;
    }
    if (rc) {
        free(path);
        return rc;
    }
    char *file = sc->file, *dir = sc->dir;
    size_t warn_first = sc->warn_first;
    *sc = *base; /* take over the base's values, keep this file's name and folder */
    sc->warn_first = warn_first;
    free(base->file);
    free(base->dir);
    free(base);
    sc->file = file;
    sc->dir = dir;
    size_t nbases = 0; /* the base's own bases, then the base */
    while (sc->bases && sc->bases[nbases])
        nbases++;
    char **bases = realloc(sc->bases, (nbases + 2) * sizeof *bases);
    if (!bases) {
        free(path);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    bases[nbases] = path;
    bases[nbases + 1] = NULL;
    sc->bases = bases;
    char *name = NULL;
    rc = zpy_opt_string(c, root, NULL, "name", &name);
    if (!rc && name) {
        free(sc->name);
        sc->name = name;
    }
    if (!rc && zpy_lookup(c, root, "output").value) {
        free(sc->output_dir);
        sc->output_dir = NULL;
        rc = zp_scenario_output(c, sc, root);
    }
    zp_change *was = sc->changes;
    size_t nwas = sc->nchanges;
    sc->changes = NULL;
    sc->nchanges = 0;
    if (!rc)
        rc = zp_scenario_changes(c, sc, root);
    zp_change *all = calloc(nwas + sc->nchanges + 1, sizeof *all);
    if (!all) {
        sc->changes = was; /* freed with the scenario */
        sc->nchanges = nwas;
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    if (nwas)
        memcpy(all, was, nwas * sizeof *all);
    if (sc->nchanges)
        memcpy(all + nwas, sc->changes, sc->nchanges * sizeof *all);
    free(was);
    free(sc->changes);
    sc->changes = all;
    sc->nchanges += nwas;
    return rc;
}

/* sc->file as given and sc->dir, its folder ("." for a bare file name). */
static int set_file(zp_scenario *sc, const char *path)
{
    const char *slash = strrchr(path, '/');
    sc->file = strdup(path);
    if (!slash)
        sc->dir = strdup(".");
    else
        sc->dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
    if (!sc->file || !sc->dir)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    return 0;
}

static int load_text(const char *path, const char *text, size_t len, zp_scenario *sc)
{
    yaml_document_t doc;
    int rc = zpy_parse(path, text, len, &doc);
    if (rc)
        return rc;
    zpy_ctx c = {path, &doc};
    rc = load_root(&c, sc);
    yaml_document_delete(&doc);
    return rc;
}

int zp_scenario_load(const char *path, zp_scenario **out)
{
    if (!out)
        return zp_error_set(ZP_ERROR, "zp_scenario_load: no output pointer");
    *out = NULL;
    if (!path || !*path)
        return zp_error_set(ZP_EINPUT, "no scenario file given");
    char *text = NULL;
    size_t len = 0, warn_first = zp_warn_count();
    int rc = zp_input_read(path, MAX_SCENARIO_BYTES, 0, &text, &len); /* a FIFO is refused */
    if (rc)
        return rc;
    zp_scenario *sc = calloc(1, sizeof *sc);
    if (!sc) {
        free(text);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    zp_policy_defaults(&sc->policy);
    sc->publish = 1;
    sc->lang = ZP_LANG_EN;
    sc->warn_first = warn_first;
    rc = set_file(sc, path);
    if (!rc)
        rc = load_text(path, text, len, sc);
    free(text);
    if (rc) {
        zp_scenario_free(sc);
        return rc;
    }
    *out = sc;
    return 0;
}

static void free_fields(char **fields, int n)
{
    for (int i = 0; i < n; i++)
        free(fields[i]);
}

void zp_scenario_free(zp_scenario *sc)
{
    if (!sc)
        return;
    free(sc->publish_opts.bureau);
    free(sc->publish_opts.approval);
    zp_blocks_spec *b = &sc->blocks;
    free(b->path);
    free(b->id);
    free(b->name);
    free_fields(b->children, ZP_NLEVELS);
    free_fields(b->grades, ZP_NGRADES);
    free_fields(b->current, ZP_NLEVELS);
    free(b->encoding);
    free(b->crs);
    free(b->locked);
    free(b->migration);
    free_fields(b->ages, 6);
    zp_schools_spec *s = &sc->schools;
    free(s->path);
    free(s->id);
    free(s->name);
    free(s->type);
    for (int t = 0; t < ZP_NTYPES; t++)
        free_values(s->type_values[t]);
    free_fields(s->capacity, ZP_NLEVELS);
    free_fields(s->classes, ZP_NLEVELS);
    free_fields(s->grade_classes, ZP_NGRADES);
    free_fields(s->enrolment, ZP_NLEVELS);
    zp_scenario_resources_free(s);
    free(s->encoding);
    free(s->crs);
    free(sc->file);
    for (size_t i = 0; sc->bases && sc->bases[i]; i++)
        free(sc->bases[i]);
    free(sc->bases);
    free(sc->dir);
    free(sc->name);
    free(sc->crs);
    free(sc->output_dir);
    zp_scenario_changes_free(sc);
    zp_scenario_siting_free(sc);
    zp_scenario_horizon_free(sc);
    zp_scenario_roads_free(sc);
    free(sc);
}
