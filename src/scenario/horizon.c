/* The scenario's keys for demand over the years (issue 17): so far blocks.ages, the fields of
 * each block's children aged 0 to 5, who are the grade-1 entrants of the next six years. All
 * six or none: a projection with a gap in its cohorts would silently lose a year's intake. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario_internal.h"
#include "zoneplan/errors.h"
#include "zoneplan/number.h"

static const char *const AGE_KEYS[] = {"a0", "a1", "a2", "a3", "a4", "a5", NULL};

int zp_scenario_ages(const zpy_ctx *c, zp_blocks_spec *b, const yaml_node_t *m)
{
    zpy_entry e = zpy_lookup(c, m, "ages");
    if (!e.value)
        return 0;
    int rc = zpy_expect_map(c, e.value, "blocks.ages", AGE_KEYS);
    for (int a = 0; !rc && a < 6; a++) {
        if (!zpy_lookup(c, e.value, AGE_KEYS[a]).value)
            return zp_error_set(ZP_EINPUT,
                                "%s:%d: blocks.ages: missing %s; give all six ages a0..a5 "
                                "(children aged 0 to 5)",
                                c->file, e.line, AGE_KEYS[a]);
        rc = zpy_opt_string(c, e.value, "blocks.ages", AGE_KEYS[a], &b->ages[a]);
    }
    return rc;
}

/* ---- horizon: ----------------------------------------------------------------------- */

static const char *const HORIZON_KEYS[] = {
    "years",    "grades",  "progression", "entry_ratio", "birth_trend",   "migration",
    "variants", "estates", "history",     "plan_for",    "discount_rate", NULL};
static const char *const PROGRESSION_KEYS[] = {"g1", "g2", "g3", "g4", "g5",
                                               "g6", "g7", "g8", NULL};
static const char *const VARIANT_KEYS[] = {"low", "central", "high", NULL};
static const char *const VARIANT_VALUE_KEYS[] = {"entry", "migration", NULL};
static const char *const ESTATE_KEYS[] = {"id",        "name",         "block",
                                          "blocks",    "completion",   "dwellings",
                                          "yield",     "per_thousand", "persons_per_household",
                                          "far_scale", "maturation",   NULL};
static const char *const LEVEL_KEYS[] = {"primary", "junior", NULL};

#define HORIZON_MAX_YEARS 50

/* years: "2026..2035" (or one year: 2026). */
static int horizon_years(const zpy_ctx *c, zp_horizon_spec *h, const yaml_node_t *m)
{
    zpy_entry e = zpy_lookup(c, m, "years");
    if (!e.value)
        return zp_error_set(ZP_EINPUT, "%s:%d: horizon: missing years (first..last, 2026..2035)",
                            c->file, h->line);
    const char *s =
        e.value->type == YAML_SCALAR_NODE ? (const char *)e.value->data.scalar.value : "";
    if (zp_horizon_parse_years(s, &h->first, &h->last))
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: horizon.years: expected first..last (2026..2035, at most %d "
                            "years), found '%.40s'",
                            c->file, e.line, HORIZON_MAX_YEARS, s);
    return 0;
}

int zp_horizon_parse_years(const char *s, int *first, int *last)
{
    const char *dots = strstr(s, "..");
    long long a, b;
    if (dots ? zp_number_parse_int(s, (size_t)(dots - s), &a) ||
                   zp_number_parse_int(dots + 2, strlen(dots + 2), &b)
             : zp_number_parse_int(s, strlen(s), &a))
        return -1;
    if (!dots)
        b = a;
    if (a < 1900 || b > 2200 || b < a || b - a >= HORIZON_MAX_YEARS)
        return -1;
    *first = (int)a;
    *last = (int)b;
    return 0;
}

/* A yearly rate or share: a number above -1 (-0.03: 3 % fewer a year). */
static int horizon_share(const zpy_ctx *c, const yaml_node_t *m, const char *where, const char *key,
                         double *out)
{
    zpy_entry e = zpy_lookup(c, m, key);
    double v;
    if (!e.value)
        return 0;
    char name[96];
    snprintf(name, sizeof name, "%s.%s", where, key);
    int rc = zpy_num(c, e.value, name, &v);
    if (!rc && (v <= -1 || v > 1))
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: %s: expected a yearly rate above -1 and at most 1 (-0.03: 3 %% "
                          "fewer a year), found %g",
                          c->file, e.line, name, v);
    if (!rc)
        *out = v;
    return rc;
}

/* grades: 6-3 (六三制, default) or 5-4 (五四制); then the progression defaults for that split
 * and the keys that override them. */
static int horizon_rules(const zpy_ctx *c, zp_horizon_spec *h, const yaml_node_t *m)
{
    zp_proj_rules *r = &h->rules;
    char *split = NULL;
    int rc = zpy_opt_string(c, m, "horizon", "grades", &split);
    if (!rc && split && strcmp(split, "6-3") && strcmp(split, "5-4"))
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: horizon.grades: expected 6-3 (六三制) or 5-4 (五四制), found "
                          "'%.20s'",
                          c->file, zpy_lookup(c, m, "grades").line, split);
    if (!rc && split && !strcmp(split, "5-4"))
        zp_proj_rules_split(r, 5);
    free(split);
    zpy_entry e = zpy_lookup(c, m, "progression");
    h->progression_given = e.value != NULL;
    if (!rc && e.value)
        rc = zpy_expect_map(c, e.value, "horizon.progression", PROGRESSION_KEYS);
    for (int g = 0; !rc && e.value && g < ZP_NGRADES - 1; g++)
        rc = zpy_opt_pos_num(c, e.value, "horizon.progression", PROGRESSION_KEYS[g],
                             &r->progression[g]);
    if (!rc)
        rc = zpy_opt_pos_num(c, m, "horizon", "entry_ratio", &r->entry_ratio);
    if (!rc)
        rc = horizon_share(c, m, "horizon", "birth_trend", &r->birth_trend);
    if (!rc)
        rc = horizon_share(c, m, "horizon", "migration", &h->migration);
    return rc;
}

/* variants: {low: {entry: 0.95, migration: -0.01}, central: {...}, high: {...}}: entrants x
 * entry, migration added to each year's net rate. */
static int horizon_variants(const zpy_ctx *c, zp_proj_rules *r, const yaml_node_t *m)
{
    zpy_entry e = zpy_lookup(c, m, "variants");
    if (!e.value)
        return 0;
    int rc = zpy_expect_map(c, e.value, "horizon.variants", VARIANT_KEYS);
    for (int v = 0; !rc && v < ZP_NVARIANTS; v++) {
        char where[64];
        snprintf(where, sizeof where, "horizon.variants.%s", VARIANT_KEYS[v]);
        zpy_entry ve = zpy_lookup(c, e.value, VARIANT_KEYS[v]);
        if (!ve.value)
            continue;
        rc = zpy_expect_map(c, ve.value, where, VARIANT_VALUE_KEYS);
        if (!rc)
            rc = zpy_opt_pos_num(c, ve.value, where, "entry", &r->variant_entry[v]);
        if (!rc)
            rc = horizon_share(c, ve.value, where, "migration", &r->variant_migration[v]);
    }
    return rc;
}

/* {primary: x, junior: y} (numbers >= 0, either may be absent) into out. */
static int level_numbers(const zpy_ctx *c, const yaml_node_t *n, const char *where,
                         double out[ZP_NLEVELS])
{
    int rc = zpy_expect_map(c, n, where, LEVEL_KEYS);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++)
        rc = zpy_opt_nonneg_num(c, n, where, LEVEL_KEYS[l], &out[l]);
    return rc;
}

/* maturation: [0.4, 0.7, 0.9, 1]: shares of the mature yield, year by year after completion. */
static int estate_maturation(const zpy_ctx *c, zp_proj_estate *e, const yaml_node_t *n,
                             const char *where)
{
    if (n->type != YAML_SEQUENCE_NODE || zpy_count(n) < 1 || zpy_count(n) > ZP_PROJ_MATURATION_MAX)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: %s.maturation: expected a list of 1 to %d shares "
                            "([0.4, 0.7, 0.9, 1]), found %s",
                            c->file, zpy_line(n), where, ZP_PROJ_MATURATION_MAX, zpy_kind(n));
    int rc = 0;
    e->nmaturation = (int)zpy_count(n);
    for (int k = 0; !rc && k < e->nmaturation; k++) {
        rc = zpy_num(c, zpy_item(c, n, (size_t)k), "maturation", &e->maturation[k]);
        if (!rc && (e->maturation[k] < 0 || e->maturation[k] > 1))
            rc = zp_error_set(ZP_EINPUT,
                              "%s:%d: %s.maturation: expected shares from 0 to 1, "
                              "found %g",
                              c->file, zpy_line(n), where, e->maturation[k]);
    }
    return rc;
}

/* The value of whichever of keys a and b n has, its key in *key; NULL when it has both or
 * neither (the two are ways to say one thing). */
static const yaml_node_t *one_of(const zpy_ctx *c, const yaml_node_t *n, const char *a,
                                 const char *b, const char **key)
{
    const yaml_node_t *va = zpy_lookup(c, n, a).value, *vb = zpy_lookup(c, n, b).value;
    *key = va ? a : b;
    return !va == !vb ? NULL : va ? va : vb;
}

/* The yield per home: yield: {primary, junior} (pupils per home, 学位配建), or per_thousand:
 * {primary, junior} (places per 1,000 residents, 千人学位指标) with persons_per_household. */
static int estate_yield(const zpy_ctx *c, zp_horizon_estate *he, const yaml_node_t *n,
                        const char *where)
{
    const char *key;
    const yaml_node_t *v = one_of(c, n, "yield", "per_thousand", &key);
    char sub[96];
    if (!v)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: %s: give either yield: {primary, junior} (pupils per home) "
                            "or per_thousand: {primary, junior} (places per 1,000 residents)",
                            c->file, he->line, where);
    snprintf(sub, sizeof sub, "%s.%s", where, key);
    int rc = level_numbers(c, v, sub, he->e.yield);
    double pph = 0;
    if (!rc && !strcmp(key, "per_thousand")) {
        if (!zpy_lookup(c, n, "persons_per_household").value)
            return zp_error_set(ZP_EINPUT,
                                "%s:%d: %s: per_thousand needs "
                                "persons_per_household (2.8)",
                                c->file, he->line, where);
        rc = zpy_opt_pos_num(c, n, where, "persons_per_household", &pph);
        for (int l = 0; !rc && l < ZP_NLEVELS; l++)
            he->e.yield[l] = zp_proj_yield_per_thousand(he->e.yield[l], pph);
    }
    return rc;
}

/* block: B1 or blocks: [B1, B2, ...]: where the homes stand, shared evenly. */
static int estate_blocks(const zpy_ctx *c, zp_horizon_estate *he, const yaml_node_t *n,
                         const char *where)
{
    const char *key;
    const yaml_node_t *v = one_of(c, n, "block", "blocks", &key);
    char name[96];
    if (!v)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: %s: give block: ID or blocks: [ID, ...] (where its homes "
                            "stand: blocks of the blocks layer or of add_estate changes)",
                            c->file, he->line, where);
    snprintf(name, sizeof name, "%s.%s", where, key);
    int rc = zpy_string_list(c, v, name, &he->blocks);
    if (!rc && !he->blocks[0])
        rc = zp_error_set(ZP_EINPUT, "%s:%d: %s: expected at least one block id", c->file,
                          zpy_line(v), name);
    return rc;
}

static int horizon_estate(const zpy_ctx *c, zp_horizon_estate *he, const yaml_node_t *n,
                          const char *where)
{
    he->line = zpy_line(n);
    he->e.far_scale = 1;
    int rc = zpy_expect_map(c, n, where, ESTATE_KEYS);
    if (!rc)
        rc = zpy_req_string(c, n, he->line, where, "id", &he->id);
    if (!rc)
        rc = zpy_opt_string(c, n, where, "name", &he->name);
    if (!rc)
        rc = estate_blocks(c, he, n, where);
    zpy_entry y = zpy_lookup(c, n, "completion");
    if (!rc && !y.value)
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: %s: missing completion (the year its homes are "
                          "handed over)",
                          c->file, he->line, where);
    if (!rc)
        rc = zpy_pos_int(c, y.value, "completion", &he->year);
    if (!rc && !zpy_lookup(c, n, "dwellings").value)
        rc = zp_error_set(ZP_EINPUT, "%s:%d: %s: missing dwellings (homes)", c->file, he->line,
                          where);
    if (!rc)
        rc = zpy_opt_nonneg_num(c, n, where, "dwellings", &he->e.dwellings);
    if (!rc)
        rc = estate_yield(c, he, n, where);
    if (!rc)
        rc = zpy_opt_pos_num(c, n, where, "far_scale", &he->e.far_scale);
    zpy_entry mat = zpy_lookup(c, n, "maturation");
    if (!rc && mat.value)
        rc = estate_maturation(c, &he->e, mat.value, where);
    return rc;
}

static int horizon_estates(const zpy_ctx *c, zp_horizon_spec *h, const yaml_node_t *m)
{
    zpy_entry e = zpy_lookup(c, m, "estates");
    if (!e.value)
        return 0;
    if (e.value->type != YAML_SEQUENCE_NODE)
        return zp_error_set(ZP_EINPUT, "%s:%d: horizon.estates: expected a list, found %s", c->file,
                            e.line, zpy_kind(e.value));
    size_t n = zpy_count(e.value);
    h->estates = calloc(n + 1, sizeof *h->estates);
    if (!h->estates)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        char where[64];
        snprintf(where, sizeof where, "horizon.estates[%zu]", i + 1);
        h->nestates = i + 1;
        rc = horizon_estate(c, &h->estates[i], zpy_item(c, e.value, i), where);
        if (!rc && (h->estates[i].year <= h->first || h->estates[i].year > h->last))
            rc = zp_error_set(ZP_EINPUT,
                              "%s:%d: %s.completion: %d is not in horizon.years after the data's "
                              "(%d..%d): homes handed over by the data's year are in its "
                              "children already",
                              c->file, h->estates[i].line, where, h->estates[i].year,
                              h->first + 1, h->last);
    }
    return rc;
}

int zp_scenario_policy_redraw_applies(const zpy_ctx *c, zp_policy *p, const yaml_node_t *m,
                                      const char *where)
{
    char *v = NULL;
    int rc = zpy_opt_string(c, m, where, "redraw_applies_to", &v);
    if (!rc && v && strcmp(v, "intake") && strcmp(v, "all"))
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: %s.redraw_applies_to: expected intake (the entering grades: "
                          "pupils enrolled stay) or all, found '%.20s'",
                          c->file, zpy_lookup(c, m, "redraw_applies_to").line, where, v);
    if (!rc && v)
        p->redraw_applies_to = strcmp(v, "intake") ? ZP_REDRAW_ALL : ZP_REDRAW_INTAKE;
    free(v);
    return rc;
}

/* plan_for: low | central | high: the variant the schedule must give places to. */
static int horizon_plan_for(const zpy_ctx *c, zp_horizon_spec *h, const yaml_node_t *m)
{
    char *v = NULL;
    int rc = zpy_opt_string(c, m, "horizon", "plan_for", &v);
    h->plan_for = ZP_VARIANT_CENTRAL;
    for (int k = 0; !rc && v && k <= ZP_NVARIANTS; k++)
        if (k == ZP_NVARIANTS)
            rc = zp_error_set(ZP_EINPUT,
                              "%s:%d: horizon.plan_for: expected low, central or high, found "
                              "'%.20s'",
                              c->file, zpy_lookup(c, m, "plan_for").line, v);
        else if (!strcmp(v, zp_variant_name((zp_variant)k))) {
            h->plan_for = (zp_variant)k;
            break;
        }
    free(v);
    return rc;
}

int zp_scenario_horizon(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root)
{
    zp_horizon_spec *h = &sc->horizon;
    zp_proj_rules_default(&h->rules);
    const yaml_node_t *m = NULL;
    int rc = zpy_section(c, root, NULL, "horizon", HORIZON_KEYS, 0, &m, &h->line);
    if (rc || !m)
        return rc;
    h->present = 1;
    rc = horizon_years(c, h, m);
    if (!rc)
        rc = horizon_rules(c, h, m);
    if (!rc)
        rc = horizon_variants(c, &h->rules, m);
    if (!rc)
        rc = horizon_estates(c, h, m);
    if (!rc)
        rc = zpy_path(c, m, h->line, "horizon", "history", 0, sc->dir, &h->history);
    if (!rc)
        rc = horizon_plan_for(c, h, m);
    h->discount_rate = 0.08;
    if (!rc)
        rc = zpy_opt_nonneg_num(c, m, "horizon", "discount_rate", &h->discount_rate);
    return rc;
}

void zp_scenario_horizon_free(zp_scenario *sc)
{
    for (size_t i = 0; i < sc->horizon.nestates; i++) {
        free(sc->horizon.estates[i].id);
        free(sc->horizon.estates[i].name);
        for (size_t k = 0; sc->horizon.estates[i].blocks && sc->horizon.estates[i].blocks[k]; k++)
            free(sc->horizon.estates[i].blocks[k]);
        free(sc->horizon.estates[i].blocks);
    }
    free(sc->horizon.estates);
    free(sc->horizon.history);
}
