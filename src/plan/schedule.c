/* zoneplan plan, second part: the build-before-close schedule and every year's figures.
 *
 * The siting (site/) chooses its openings once, for the peak of each block's central demand
 * over the years: a plan that has room for every block at its peak has room in every year,
 * since no year asks more of any block. The schedule then times them: opening r (rank order,
 * most valuable first) in the first year whose demand needs more than r of them to place every
 * child it can place; and each closure candidate (siting.close) in the first year from which,
 * with the openings of every later year, closing it leaves no child without a place who would
 * have one (先建后撤: build first, close after), or never. Every year is scored with the core's
 * assignment, so "needs" means what `zoneplan run` would find. */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "plan/plan_internal.h"
#include "zoneplan/errors.h"

#define KEEP_SEARCHES 6 /* today's schools, and the schedule's sets of a few years */

/* Children without a place in year y, variant v, with the first k openings and the closures
 * in force (close_year up to that year; with also: school extra closed too). */
static int score(zp_plan *p, zp_variant v, int y, size_t k, int closing, int extra,
                 zp_siting_score *sc)
{
    zp_siting *st = p->st;
    zp_plan_set_demand(p, v, y);
    for (size_t s = 0; st->closed && s < st->run->ds.nschools; s++)
        st->closed[s] =
            closing && ((p->close_year[s] && p->close_year[s] <= p->first + y) || (int)s == extra);
    zp_alloc_result res[ZP_NLEVELS];
    int rc = zp_siting_score_set(st, st->chosen, k, sc, res);
    for (int l = 0; l < ZP_NLEVELS; l++)
        zp_alloc_result_free(&res[l]);
    return rc;
}

/* The same for path (0 today's schools, 1 the schedule, 2 the schedule with the high variant):
 * under intake, year y of that path, whose years before must be done (intake.c). */
static int year_score(zp_plan *p, int path, zp_variant v, int y, size_t k, int closing, int extra,
                      zp_siting_score *sc)
{
    return p->intake ? zp_plan_intake_year(p, path, v, y, k, closing, extra, sc)
                     : score(p, v, y, k, closing, extra, sc);
}

static int64_t unplaced(const zp_siting_score *sc)
{
    return sc->shortfall[0] + sc->shortfall[1];
}

/* The openings in force in year y: a prefix of the ranked list. */
static size_t opened(const zp_plan *p, int y)
{
    size_t k = 0;
    while (p->st && k < p->st->nchosen && p->open_year[k] && p->open_year[k] <= p->first + y)
        k++;
    return k;
}

static zp_variant plan_for(const zp_plan *p)
{
    return p->st->run->sc->horizon.plan_for;
}

/* The peak of each block's demand (the variant planned for), for the siting to plan for. */
static void peak_demand(zp_plan *p)
{
    zp_dataset *ds = &p->st->run->ds;
    for (size_t b = 0; b < ds->nblocks; b++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            int32_t m = 0;
            for (int y = 0; y < p->nyears; y++) {
                int32_t d = zp_plan_demand(p, plan_for(p), y, l, b);
                m = d > m ? d : m;
            }
            ds->blocks[b].children[l] = m;
        }
}

/* Each opening's year: the first year that needs more openings than its rank. */
static int time_openings(zp_plan *p)
{
    size_t n = p->st->nchosen, cum = 0;
    int rc = ZP_OK;
    for (int y = 0; !rc && y < p->nyears; y++) {
        zp_siting_score all, sc;
        rc = year_score(p, 1, plan_for(p), y, n, 0, -1, &all);
        size_t k = cum; /* fewer than last year's never: a school once built stays */
        while (!rc && k < n && !(rc = year_score(p, 1, plan_for(p), y, k, 0, -1, &sc)) &&
               unplaced(&sc) > unplaced(&all))
            k++;
        for (size_t r = cum; !rc && r < k; r++)
            p->open_year[r] = p->first + y;
        cum = k > cum ? k : cum;
        if (!rc && p->intake) /* the path's year y as the schedule has it, for the next */
            rc = year_score(p, 1, plan_for(p), y, cum, 0, -1, &sc);
    }
    return rc;
}

/* Each closure the siting made: the first year from which closing it costs no child a place
 * in any later year, given the openings of each year and the closures timed before it. */
/* Under intake a year depends on the years before (who stays where), so a closure is tried
 * from each year on over the whole path: the first year from which no year has more children
 * without a place than with the school kept. */
static int intake_path(zp_plan *p, int64_t *out)
{
    int rc = ZP_OK;
    for (int y = 0; !rc && y < p->nyears; y++) {
        zp_siting_score sc;
        rc = zp_plan_intake_year(p, 1, plan_for(p), y, opened(p, y), 1, -1, &sc);
        out[y] = unplaced(&sc);
    }
    return rc;
}

static int time_closures_intake(zp_plan *p, const unsigned char *want)
{
    size_t ns = p->st->run->ds.nschools;
    int64_t *kept = malloc(((size_t)p->nyears + 1) * sizeof *kept);
    int64_t *shut = malloc(((size_t)p->nyears + 1) * sizeof *shut);
    int rc = kept && shut ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t s = 0; !rc && s < ns; s++) {
        if (!want[s])
            continue;
        rc = intake_path(p, kept);
        int from = 0;
        for (int c = 0; !rc && !from && c < p->nyears; c++) {
            p->close_year[s] = p->first + c;
            rc = intake_path(p, shut);
            int fine = 1;
            for (int y = 0; y < p->nyears; y++)
                fine &= shut[y] <= kept[y];
            from = fine ? p->first + c : 0;
        }
        p->close_year[s] = from;
    }
    free(kept);
    free(shut);
    return rc;
}

static int time_closures(zp_plan *p, const unsigned char *want)
{
    if (p->intake)
        return time_closures_intake(p, want);
    size_t ns = p->st->run->ds.nschools;
    int rc = ZP_OK;
    for (size_t s = 0; !rc && s < ns; s++) {
        if (!want[s])
            continue;
        int from = 0; /* 0: every year after is fine so far (scanning back from the last) */
        for (int y = p->nyears - 1; !rc && y >= 0; y--) {
            zp_siting_score open, shut;
            size_t k = opened(p, y);
            rc = score(p, plan_for(p), y, k, 1, -1, &open);
            if (!rc)
                rc = score(p, plan_for(p), y, k, 1, (int)s, &shut);
            if (rc || unplaced(&shut) > unplaced(&open))
                break;
            from = p->first + y;
        }
        p->close_year[s] = from;
    }
    return rc;
}

/* The closure candidates (siting.close), each timed on its own: the siting closes one only
 * when its pupils have places at the peak of every block at once, which no single year asks. */
static void closure_candidates(const zp_plan *p, unsigned char *want)
{
    const zp_run *run = p->st->run;
    memset(want, 0, run->ds.nschools + 1);
    for (char **id = run->sc->siting.close; id && *id; id++)
        for (size_t s = 0; s < run->ds.nschools; s++)
            want[s] |= !strcmp(run->ds.schools[s].id, *id);
}

static int schedule(zp_plan *p)
{
    zp_siting *st = p->st;
    size_t ns = st->run->ds.nschools;
    peak_demand(p);
    st->skip_bound = st->allow_none = 1;
    int rc = zp_siting_solve(st);
    if (!rc && !st->closed && !(st->closed = calloc(ns + 1, 1))) /* nothing was sited */
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc) /* every year asks for the same few sets of schools' nearest */
        rc = zp_dist_keep_nearest(st->dist, KEEP_SEARCHES);
    unsigned char *want = rc ? NULL : malloc(ns + 1);
    p->open_year = rc ? NULL : calloc(st->nchosen + 1, sizeof *p->open_year);
    if (!rc && (!want || !p->open_year))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc) {
        closure_candidates(p, want);
        rc = time_openings(p);
    }
    if (!rc)
        rc = time_closures(p, want);
    free(want);
    return rc;
}

/* Whether a closure is in force in year y. */
static int closes_by(const zp_plan *p, int y)
{
    for (size_t s = 0; s < p->st->run->ds.nschools; s++)
        if (p->close_year[s] && p->close_year[s] <= p->first + y)
            return 1;
    return 0;
}

/* Places of level l in year y with the schedule (today when y < 0). */
static int64_t places(const zp_plan *p, int l, int y)
{
    const zp_run *run = p->st->run;
    int64_t sum = 0;
    for (size_t s = 0; s < run->ds.nschools; s++)
        if (y < 0 || !p->close_year[s] || p->close_year[s] > p->first + y)
            sum += run->capacity[l][s];
    for (size_t r = 0; y >= 0 && r < opened(p, y); r++)
        sum += p->st->opt[p->st->chosen[r]].places[l];
    return sum;
}

/* Today's catchments kept with year y's central demand: schools over capacity, with large
 * classes, over their size cap; and each school's first year over capacity. */
static int fixed_catchments(zp_plan *p, int y)
{
    zp_run *run = p->st->run;
    zp_level_assignment cur[ZP_NLEVELS] = {{0}};
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (run->active[l] && run->has_current[l])
            cur[l] =
                (zp_level_assignment){1, run->cur_school[l], NULL, NULL, NULL, run->cur_dist[l]};
    zp_plan_set_demand(p, ZP_VARIANT_CENTRAL, y);
    zp_check_result chk = {0};
    int rc = zp_check_run(&run->ds, &run->sc->policy, cur, &chk);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        zp_plan_year *py = &p->years[(size_t)y * ZP_NLEVELS + (size_t)l];
        int known = run->active[l] && run->has_current[l];
        py->over_capacity_fixed = py->large_classes_fixed = py->over_cap_fixed = known ? 0 : -1;
        py->outside_fixed = known ? 0 : -1; /* new estates: in no catchment of today's */
        for (size_t b = 0; known && b < run->ds.nblocks; b++)
            py->outside_fixed += run->cur_school[l][b] < 0 ? run->ds.blocks[b].children[l] : 0;
        for (size_t i = 0; known && i < chk.nflags; i++) {
            const zp_flag *f = &chk.flags[i];
            const zp_school *sch = &run->ds.schools[f->school];
            if (f->level == l && f->kind == ZP_FLAG_OVER_CAPACITY) {
                py->over_capacity_fixed++;
                if (!p->first_over[l][f->school])
                    p->first_over[l][f->school] = p->first + y;
            }
            py->large_classes_fixed += f->level == l && f->kind == ZP_FLAG_LARGE_CLASS;
            py->over_cap_fixed += f->kind == ZP_FLAG_SCHOOL_CAP && zp_school_serves(sch->type, l);
            if (f->kind == ZP_FLAG_SCHOOL_CAP && !p->first_cap[f->school])
                p->first_cap[f->school] = p->first + y;
        }
    }
    zp_check_free(&chk);
    return rc;
}

/* Year y's row per level. */
static int year_row(zp_plan *p, int y)
{
    zp_siting_score today, plan, high;
    size_t k = opened(p, y);
    int rc = year_score(p, 0, ZP_VARIANT_CENTRAL, y, 0, 0, -1, &today);
    plan = today;
    /* else the schedule changes nothing yet (under intake each path goes on from its own) */
    if (!rc && (k || closes_by(p, y) || p->intake))
        rc = year_score(p, 1, ZP_VARIANT_CENTRAL, y, k, 1, -1, &plan);
    int64_t assigned[ZP_NLEVELS] = {0}; /* what the plan's score placed: the blocks' children */
    for (size_t b = 0; !rc && b < p->st->run->ds.nblocks; b++)
        for (int l = 0; l < ZP_NLEVELS; l++)
            assigned[l] += p->st->run->ds.blocks[b].children[l];
    if (!rc)
        rc = year_score(p, 2, ZP_VARIANT_HIGH, y, k, 1, -1, &high);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        zp_plan_year *py = &p->years[(size_t)y * ZP_NLEVELS + (size_t)l];
        if (!p->st->run->active[l])
            continue;
        for (int v = 0; v < ZP_NVARIANTS; v++)
            py->children[v] = zp_plan_county(p, (zp_variant)v, y, l);
        py->places_today = places(p, l, -1);
        py->places = places(p, l, y);
        py->shortfall_today = today.shortfall[l];
        py->shortfall = plan.shortfall[l];
        py->shortfall_high = high.shortfall[l];
        py->child_m = plan.child_m[l];
        py->assigned = assigned[l];
    }
    return rc ? rc : fixed_catchments(p, y);
}

int zp_plan_solve(zp_plan *p)
{
    size_t ns = p->st->run->ds.nschools;
    double t0 = zp_seconds();
    p->close_year = calloc(ns + 1, sizeof *p->close_year);
    p->years = calloc((size_t)p->nyears * ZP_NLEVELS + 1, sizeof *p->years);
    for (int l = 0; l < ZP_NLEVELS; l++)
        p->first_over[l] = calloc(ns + 1, sizeof *p->first_over[l]);
    p->first_cap = calloc(ns + 1, sizeof *p->first_cap);
    if (!p->close_year || !p->years || !p->first_over[0] || !p->first_over[1] || !p->first_cap)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    int rc = p->has_siting ? schedule(p) : zp_siting_today(p->st);
    if (!rc && !p->has_siting)
        rc = zp_dist_keep_nearest(p->st->dist, KEEP_SEARCHES);
    p->seconds_schedule = zp_seconds() - t0;
    for (int y = 0; !rc && y < p->nyears; y++)
        rc = year_row(p, y);
    p->seconds_years = zp_seconds() - t0 - p->seconds_schedule;
    return rc;
}
