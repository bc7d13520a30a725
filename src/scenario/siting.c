/* The `siting:` section of a scenario (zoneplan site): the candidate sites (a grid over
 * the blocks that lack a place or a near school, or a layer of parcels), the designs a
 * new school may have, and how many may open. Read after every other section, because a
 * design's type may be written as any of schools.type_values. Every mistake stops the
 * load with file:line and what was expected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario_internal.h"
#include "zoneplan/errors.h"

static const char *const SITING_KEYS[] = {"candidates", "designs", "open", "budget", "close", NULL};
static const char *const CAND_KEYS[] = {"grid", "path", "id", "name", "cost", NULL};
static const char *const GRID_KEYS[] = {"spacing_m", NULL};
static const char *const DESIGN_KEYS[] = {"type", "classes", "cost", "resources", NULL};
static const char *const OPEN_KEYS[] = {"min", "max", NULL};
static const char *const LEVEL_KEYS[] = {"primary", "junior", NULL};

static int candidates(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *m, int line)
{
    zp_siting_spec *st = &sc->siting;
    zpy_entry grid = zpy_lookup(c, m, "grid"), path = zpy_lookup(c, m, "path");
    if (!grid.value == !path.value)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: siting.candidates: give either grid: {spacing_m: ..} or a "
                            "layer (path, id, optional name and cost), one of the two",
                            c->file, line);
    if (grid.value) {
        int rc = zpy_expect_map(c, grid.value, "siting.candidates.grid", GRID_KEYS);
        zpy_entry sp = zpy_lookup(c, grid.value, "spacing_m");
        if (!rc && !sp.value)
            rc = zp_error_set(ZP_EINPUT, "%s:%d: siting.candidates.grid: missing spacing_m",
                              c->file, grid.line);
        if (!rc)
            rc = zpy_opt_pos_num(c, grid.value, "siting.candidates.grid", "spacing_m",
                                 &st->grid_spacing_m);
        return rc;
    }
    int rc = zpy_path(c, m, line, "siting.candidates", "path", ZPY_REQUIRED | ZPY_SHAPEFILE,
                      sc->dir, &st->cand_path);
    if (!rc)
        rc = zpy_req_string(c, m, line, "siting.candidates", "id", &st->cand_id);
    if (!rc)
        rc = zpy_opt_string(c, m, "siting.candidates", "name", &st->cand_name);
    if (!rc)
        rc = zpy_opt_string(c, m, "siting.candidates", "cost", &st->cand_cost);
    return rc;
}

/* classes: N for a one-level type, {primary: a, junior: b} for a nine-year school. */
static int design_classes(const zpy_ctx *c, zp_siting_design *d, const yaml_node_t *n, int line,
                          const char *where)
{
    if (n->type == YAML_SCALAR_NODE) {
        if (d->type == ZP_TYPE_NINE_YEAR)
            return zp_error_set(ZP_EINPUT,
                                "%s:%d: %s.classes: a nine-year design needs classes per "
                                "level, e.g. {primary: 30, junior: 18}",
                                c->file, line, where);
        return zpy_pos_int(c, n, where, &d->classes[d->type == ZP_TYPE_JUNIOR]);
    }
    int rc = zpy_expect_map(c, n, where, LEVEL_KEYS);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        zpy_entry e = zpy_lookup(c, n, LEVEL_KEYS[l]);
        int serves = zp_school_serves(d->type, (zp_level)l);
        if (e.value && !serves)
            rc = zp_error_set(ZP_EINPUT, "%s:%d: %s.classes.%s: a %s school has no %s classes",
                              c->file, e.line, where, LEVEL_KEYS[l], zp_school_type_name(d->type),
                              LEVEL_KEYS[l]);
        else if (!e.value && serves)
            rc = zp_error_set(ZP_EINPUT, "%s:%d: %s.classes: missing %s (the type serves it)",
                              c->file, line, where, LEVEL_KEYS[l]);
        else if (e.value)
            rc = zpy_pos_int(c, e.value, where, &d->classes[l]);
    }
    return rc;
}

static int design(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *n, size_t k)
{
    char where[64], *type = NULL;
    snprintf(where, sizeof where, "siting.designs[%zu]", k + 1);
    zp_siting_design *d = &sc->siting.designs[k];
    int line = zpy_line(n);
    int rc = zpy_expect_map(c, n, where, DESIGN_KEYS);
    if (!rc)
        rc = zpy_req_string(c, n, line, where, "type", &type);
    if (!rc && !zp_scenario_school_type(&sc->schools, type, &d->type))
        rc = zp_error_set(ZP_EINPUT, "%s:%d: %s.type: '%s' is not primary, junior or nine_year",
                          c->file, line, where, type);
    free(type);
    zpy_entry cl = rc ? (zpy_entry){0} : zpy_lookup(c, n, "classes");
    if (!rc && !cl.value)
        rc = zp_error_set(ZP_EINPUT, "%s:%d: %s: missing classes", c->file, line, where);
    if (!rc)
        rc = design_classes(c, d, cl.value, cl.line, where);
    if (!rc)
        rc = zpy_opt_nonneg_num(c, n, where, "cost", &d->cost);
    if (!rc)
        rc = zp_scenario_resource_values(c, n, where, &d->res);
    return rc;
}

static int designs(const zpy_ctx *c, zp_scenario *sc, zpy_entry e)
{
    if (!e.value || e.value->type != YAML_SEQUENCE_NODE || zpy_count(e.value) == 0)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: siting.designs: expected a list of designs, e.g. - {type: "
                            "primary, classes: 36}",
                            c->file, e.value ? zpy_line(e.value) : sc->siting.line);
    size_t n = zpy_count(e.value);
    sc->siting.designs = calloc(n, sizeof *sc->siting.designs);
    if (!sc->siting.designs)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    sc->siting.ndesigns = n;
    int rc = ZP_OK;
    for (size_t k = 0; !rc && k < n; k++) {
        const yaml_node_t *item = zpy_item(c, e.value, k);
        rc = item ? design(c, sc, item, k) : ZP_ERROR;
    }
    return rc;
}

/* open: N (up to N), or {min: a, max: b}. */
static int open_range(const zpy_ctx *c, zp_siting_spec *st, zpy_entry e)
{
    if (!e.value)
        return zp_error_set(ZP_EINPUT, "%s:%d: siting: missing open (how many schools may open)",
                            c->file, st->line);
    int rc;
    if (e.value->type == YAML_SCALAR_NODE) {
        st->open_min = 0;
        rc = zpy_pos_int(c, e.value, "siting.open", &st->open_max);
    } else {
        rc = zpy_expect_map(c, e.value, "siting.open", OPEN_KEYS);
        if (!rc)
            rc = zpy_opt_nonneg_int(c, e.value, "siting.open", "min", &st->open_min);
        if (!rc)
            rc = zpy_opt_pos_int(c, e.value, "siting.open", "max", &st->open_max);
        if (!rc && !zpy_lookup(c, e.value, "max").value)
            rc = zp_error_set(ZP_EINPUT, "%s:%d: siting.open: missing max", c->file, e.line);
    }
    if (!rc && st->open_min > st->open_max)
        rc = zp_error_set(ZP_EINPUT, "%s:%d: siting.open: min %d is more than max %d", c->file,
                          e.line, st->open_min, st->open_max);
    return rc;
}

int zp_scenario_siting(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root)
{
    const yaml_node_t *m;
    zp_siting_spec *st = &sc->siting;
    int rc = zpy_section(c, root, NULL, "siting", SITING_KEYS, 0, &m, &st->line);
    if (rc || !m)
        return rc;
    st->present = 1;
    zpy_entry cand = zpy_lookup(c, m, "candidates");
    if (!cand.value)
        rc = zp_error_set(ZP_EINPUT, "%s:%d: siting: missing candidates", c->file, st->line);
    if (!rc)
        rc = zpy_expect_map(c, cand.value, "siting.candidates", CAND_KEYS);
    if (!rc)
        rc = candidates(c, sc, cand.value, cand.line);
    if (!rc)
        rc = designs(c, sc, zpy_lookup(c, m, "designs"));
    if (!rc)
        rc = open_range(c, st, zpy_lookup(c, m, "open"));
    if (!rc)
        rc = zpy_opt_nonneg_num(c, m, "siting", "budget", &st->budget);
    zpy_entry cl = zpy_lookup(c, m, "close");
    if (!rc && cl.value) {
        st->close_line = cl.line;
        rc = zpy_string_list(c, cl.value, "siting.close", &st->close);
    }
    return rc;
}

void zp_scenario_siting_free(zp_scenario *sc)
{
    zp_siting_spec *st = &sc->siting;
    free(st->cand_path);
    free(st->cand_id);
    free(st->cand_name);
    free(st->cand_cost);
    free(st->designs);
    for (size_t i = 0; st->close && st->close[i]; i++)
        free(st->close[i]);
    free(st->close);
    memset(st, 0, sizeof *st);
}
