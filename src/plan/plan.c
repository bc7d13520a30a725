/* zoneplan plan, first part: the scenario loaded with its horizon, and every block's demand
 * projected year by year (project.h does the arithmetic; this file feeds it each block's
 * pupils, its children aged 0-5, the estates built in it and the migration rate). Demand is
 * kept as whole children per block, level, year and variant: a level's pupils are rounded once,
 * from the sum of its grades, so year 0 is exactly the data. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "zoneplan/errors.h"
#include "zoneplan/plan.h"

/* Block b's pupils per grade now: its grades, or each level's children (the data's, kept at
 * load: the years write theirs into the blocks) spread evenly over the level's grades. */
static void grades_now(const zp_plan *p, size_t b, double g0[ZP_NGRADES])
{
    const zp_proj_rules *r = &p->st->run->sc->horizon.rules;
    const zp_block *bk = &p->st->run->ds.blocks[b];
    int per[ZP_NLEVELS] = {r->primary_grades, ZP_NGRADES - r->primary_grades};
    for (int g = 0; g < ZP_NGRADES; g++) {
        zp_level l = zp_proj_grade_level(r, g);
        g0[g] = bk->has_grades ? bk->grades[g] : (double)p->data[b * ZP_NLEVELS + l] / per[l];
    }
}

void zp_plan_block(const zp_plan *p, size_t b, zp_variant v, double *out)
{
    const zp_horizon_spec *h = &p->st->run->sc->horizon;
    const zp_block *bk = &p->st->run->ds.blocks[b];
    double g0[ZP_NGRADES], a0[6];
    grades_now(p, b, g0);
    for (int a = 0; a < 6; a++)
        a0[a] = bk->has_ages ? bk->ages[a] : 0;
    int last = p->offset + p->nyears - 1;
    double mig = isnan(bk->migration) ? h->migration : bk->migration;
    zp_proj_block(&h->rules, v, g0, bk->has_ages ? a0 : NULL, mig, last, out);
    for (size_t i = 0; i < h->nestates; i++)
        for (size_t k = p->estate_start[i]; k < p->estate_start[i + 1]; k++)
            if (p->estate_block[k] == (int32_t)b) {
                zp_proj_estate e = h->estates[i].e;
                e.completion = h->estates[i].year - h->first;
                e.dwellings /= (double)(p->estate_start[i + 1] - p->estate_start[i]);
                zp_proj_estate_add(&h->rules, &e, last, out);
            }
}

/* Each estate's blocks, by id (blocks of the layer or ones add_estate changes made). */
static int estate_blocks(zp_plan *p)
{
    const zp_scenario *sc = p->st->run->sc;
    const zp_dataset *ds = &p->st->run->ds;
    size_t n = 0, ne = sc->horizon.nestates;
    for (size_t i = 0; i < ne; i++)
        for (char **id = sc->horizon.estates[i].blocks; *id; id++)
            n++;
    p->estate_start = calloc(ne + 2, sizeof *p->estate_start);
    p->estate_block = calloc(n + 1, sizeof *p->estate_block);
    if (!p->estate_start || !p->estate_block)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    n = 0;
    for (size_t i = 0; i < ne; i++) {
        const zp_horizon_estate *e = &sc->horizon.estates[i];
        for (char **id = e->blocks; *id; id++) {
            size_t b = 0;
            while (b < ds->nblocks && strcmp(ds->blocks[b].id, *id))
                b++;
            if (b == ds->nblocks)
                return zp_error_set(ZP_EINPUT,
                                    "%s:%d: horizon.estates: estate %s: no block %s (a block id "
                                    "of the blocks layer, or of an add_estate change)",
                                    sc->file, e->line, e->id, *id);
            p->estate_block[n++] = (int32_t)b;
        }
        p->estate_start[i + 1] = n;
    }
    return ZP_OK;
}

/* Each block's children per level as the data has them. */
static int keep_data(zp_plan *p)
{
    const zp_dataset *ds = &p->st->run->ds;
    p->data = malloc((ds->nblocks * ZP_NLEVELS + 1) * sizeof *p->data);
    if (!p->data)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; b < ds->nblocks; b++)
        for (int l = 0; l < ZP_NLEVELS; l++)
            p->data[b * ZP_NLEVELS + (size_t)l] = ds->blocks[b].children[l];
    return ZP_OK;
}

/* horizon.history read, and (unless progression: is given) the county's grade progression
 * ratios over all its years put in the rules. */
static int history(zp_plan *p)
{
    zp_horizon_spec *h = &p->st->run->sc->horizon;
    int rc = zp_history_read(h->history, &p->history);
    double *county = rc ? NULL : malloc((size_t)p->history.nyears * ZP_NGRADES * sizeof *county);
    if (!rc && !county)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (int y = 0; !rc && y < p->history.nyears; y++)
        zp_history_county(&p->history, y, county + (size_t)y * ZP_NGRADES);
    if (!rc && !h->progression_given && p->history.nyears >= 2) {
        zp_proj_ratios(county, p->history.nyears, h->rules.progression);
        p->ratios_from_history = 1;
    }
    free(county);
    return rc;
}

static size_t demand_at(const zp_plan *p, int v, int y, int l)
{
    return (((size_t)v * (size_t)p->nyears + (size_t)y) * ZP_NLEVELS + (size_t)l) *
           p->st->run->ds.nblocks;
}

static size_t grade_at(const zp_plan *p, int v, int y, size_t b)
{
    return (((size_t)v * (size_t)p->nyears + (size_t)y) * p->st->run->ds.nblocks + b) * ZP_NGRADES;
}

float zp_plan_grade(const zp_plan *p, zp_variant v, int y, size_t b, int g)
{
    return p->grades[grade_at(p, v, y, b) + (size_t)g];
}

/* A block projected past what any block holds: the horizon's rates must be wrong (a typo, as
 * migration: 0.5 for 0.005); said, never wrapped around. */
#define ZP_PLAN_MAX_CHILDREN 1e8
static int too_many(const zp_plan *p, size_t b, int v, int y, double children)
{
    return zp_error_set(ZP_EINPUT,
                        "%s: horizon: block %s would have %.3g children in %d (%s variant): "
                        "check the horizon's rates (migration, birth_trend, progression, "
                        "variants) and estates",
                        p->st->run->sc->file, p->st->run->ds.blocks[b].id, children, p->first + y,
                        zp_variant_name((zp_variant)v));
}

/* Every block's children per level, year and variant. */
static int project(zp_plan *p)
{
    const zp_proj_rules *r = &p->st->run->sc->horizon.rules;
    size_t nb = p->st->run->ds.nblocks, ny = (size_t)p->nyears;
    p->demand = malloc((ZP_NVARIANTS * ny * ZP_NLEVELS * nb + 1) * sizeof *p->demand);
    if (p->intake) /* the cohorts, whose schools the intake years follow */
        p->grades = malloc((ZP_NVARIANTS * ny * nb * ZP_NGRADES + 1) * sizeof *p->grades);
    double *out = malloc(((size_t)p->offset + ny) * ZP_NGRADES * sizeof *out);
    if (!p->demand || !out || (p->intake && !p->grades)) {
        free(out);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    int rc = ZP_OK;
    for (size_t b = 0; !rc && b < nb; b++)
        for (int v = 0; !rc && v < ZP_NVARIANTS; v++) {
            zp_plan_block(p, b, (zp_variant)v, out);
            for (int y = 0; !rc && y < p->nyears; y++) {
                double sum[ZP_NLEVELS] = {0};
                const double *row = out + (size_t)(p->offset + y) * ZP_NGRADES;
                for (int g = 0; g < ZP_NGRADES; g++)
                    sum[zp_proj_grade_level(r, g)] += row[g];
                for (int g = 0; p->grades && g < ZP_NGRADES; g++)
                    p->grades[grade_at(p, v, y, b) + (size_t)g] = (float)row[g];
                for (int l = 0; !rc && l < ZP_NLEVELS; l++)
                    if (!(sum[l] < ZP_PLAN_MAX_CHILDREN)) /* NaN too */
                        rc = too_many(p, b, v, y, sum[l]);
                    else
                        p->demand[demand_at(p, v, y, l) + b] = (int32_t)llround(sum[l]);
            }
        }
    free(out);
    return rc;
}

int32_t zp_plan_demand(const zp_plan *p, zp_variant v, int y, int l, size_t b)
{
    return p->demand[demand_at(p, v, y, l) + b];
}

int64_t zp_plan_county(const zp_plan *p, zp_variant v, int y, int l)
{
    int64_t sum = 0;
    for (size_t b = 0; b < p->st->run->ds.nblocks; b++)
        sum += zp_plan_demand(p, v, y, l, b);
    return sum;
}

void zp_plan_set_demand(zp_plan *p, zp_variant v, int y)
{
    zp_dataset *ds = &p->st->run->ds;
    for (size_t b = 0; b < ds->nblocks; b++)
        for (int l = 0; l < ZP_NLEVELS; l++)
            ds->blocks[b].children[l] = zp_plan_demand(p, v, y, l, b);
}

int zp_plan_load(const char *scenario_path, int years_first, int years_last, zp_plan **out)
{
    *out = NULL;
    zp_plan *p = calloc(1, sizeof *p);
    if (!p)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    double t0 = zp_seconds();
    int rc = zp_siting_open(scenario_path, 0, &p->st);
    const zp_horizon_spec *h = rc ? NULL : &p->st->run->sc->horizon;
    if (!rc && !h->present)
        rc = zp_error_set(ZP_EINPUT,
                          "%s: no horizon: section (years, and the projection's assumptions): "
                          "see `zoneplan plan --help`",
                          scenario_path);
    if (!rc && years_first > 0 && (years_first < h->first || years_last > h->last))
        rc = zp_error_set(ZP_EINPUT,
                          "--years %d..%d: outside horizon.years (%d..%d), whose first year is "
                          "the data's",
                          years_first, years_last, h->first, h->last);
    if (!rc) {
        p->has_siting = p->st->run->sc->siting.present;
        p->first = years_first > 0 ? years_first : h->first;
        p->nyears = (years_first > 0 ? years_last : h->last) - p->first + 1;
        p->offset = p->first - h->first;
    }
    if (!rc) { /* intake: by default when the blocks give their grades */
        int r = p->st->run->sc->policy.redraw_applies_to;
        p->intake = r == ZP_REDRAW_DEFAULT ? p->st->run->sc->blocks.grades[0] != NULL
                                           : r == ZP_REDRAW_INTAKE;
        if (p->intake && p->offset > 0) /* who stays where depends on every year before */
            rc = zp_error_set(ZP_EINPUT,
                              "--years %d..%d: under policy.redraw_applies_to: intake the years "
                              "start at the data's (%d): each year's pupils stay where the years "
                              "before placed them",
                              years_first, years_last, h->first);
    }
    if (!rc && h->history)
        rc = history(p);
    if (!rc)
        rc = keep_data(p);
    if (!rc)
        rc = estate_blocks(p);
    if (!rc)
        rc = project(p);
    p->seconds_project = zp_seconds() - t0;
    if (rc) {
        zp_plan_free(p);
        return rc;
    }
    *out = p;
    return ZP_OK;
}

int zp_plan_default_dir(const zp_plan *p, const char *suffix, char **dir)
{
    const char *d = p->st->run->sc->output_dir;
    *dir = NULL;
    if (d && asprintf(dir, "%s%s", d, suffix) < 0) {
        *dir = NULL;
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    return ZP_OK;
}

void zp_plan_free(zp_plan *p)
{
    if (!p)
        return;
    zp_siting_free(p->st);
    free(p->demand);
    free(p->estate_block);
    free(p->estate_start);
    free(p->data);
    free(p->grades);
    for (int i = 0; i < 3; i++) {
        free(p->entered[i]);
        free(p->placed_share[i]);
    }
    zp_history_free(&p->history);
    free(p->open_year);
    free(p->close_year);
    for (int l = 0; l < ZP_NLEVELS; l++)
        free(p->first_over[l]);
    free(p->first_cap);
    free(p->years);
    free(p);
}
