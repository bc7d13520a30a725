/* The run pipeline: load, project, assign each level, check, write.
 *
 * The plan's capacities come from the policy (enforce_caps may tighten them), the
 * current catchments from the blocks' current-school fields; both are checked with
 * the same rules so the report compares like with like. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "zoneplan/changes.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"
#include "zoneplan/run.h"

static size_t warn_first(const zp_run *run)
{
    size_t all = zp_warn_count(); /* fewer when someone cleared them since */
    return run->sc->warn_first < all ? run->sc->warn_first : all;
}

size_t zp_run_warn_count(const zp_run *run)
{
    return zp_warn_count() - warn_first(run);
}

const char *zp_run_warn_get(const zp_run *run, size_t i)
{
    return zp_warn_get(warn_first(run) + i);
}

int zp_run_load(const char *scenario_path, zp_run **out)
{
    zp_scenario *sc = NULL;
    *out = NULL;
    int rc = zp_scenario_load(scenario_path, &sc);
    return rc ? rc : zp_run_load_scenario(sc, out);
}

int zp_run_load_lang(const char *scenario_path, const zp_lang *lang, zp_run **out)
{
    zp_scenario *sc = NULL;
    *out = NULL;
    int rc = zp_scenario_load(scenario_path, &sc);
    if (rc)
        return rc;
    if (lang) /* before the changes are applied: their summaries are in it too */
        sc->lang = sc->publish_opts.lang = *lang;
    return zp_run_load_scenario(sc, out);
}

int zp_run_load_scenario(zp_scenario *sc, zp_run **out)
{
    zp_run *run = calloc(1, sizeof *run);
    if (!run) {
        zp_scenario_free(sc);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    double t0 = zp_seconds();
    run->sc = sc;
    int rc = zp_data_load(run->sc, &run->ds);
    if (!rc)
        rc = zp_changes_apply(run->sc, &run->ds);
    double t1 = zp_seconds();
    if (!rc)
        rc = zp_geo_prepare(run->sc, &run->ds, &run->geo);
    if (!rc)
        rc = zp_run_dist(run);
    run->seconds_load = t1 - t0;
    run->seconds_geo = zp_seconds() - t1;
    if (rc) {
        zp_run_free(run);
        return rc;
    }
    for (int l = 0; l < ZP_NLEVELS; l++)
        run->active[l] = run->sc->blocks.children[l] || run->sc->blocks.grades[0];
    *out = run;
    return ZP_OK;
}

/* Block graph for contiguity, once per run (both levels share it). */
static int adjacency(zp_run *run)
{
    if (!run->sc->policy.contiguity || run->contig_on)
        return ZP_OK;
    double t0 = zp_seconds();
    int rc = zp_geo_adjacency(run->geo, run->sc->policy.adjacency_tolerance_m,
                              run->sc->policy.adjacency_min_shared_m, &run->adj);
    run->contig_on = !rc;
    run->seconds_adjacency = zp_seconds() - t0;
    return rc;
}

/* Junior level by whole primary catchments (对口直升): each block's group is its primary
 * school in the plan (the nearest one for a block with no place). */
static int solve_feeder(zp_run *run, const zp_alloc_input *in)
{
    const zp_alloc_result *pri = &run->plan[ZP_PRIMARY];
    size_t ns = run->ds.nschools;
    int32_t *group = malloc(sizeof *group * (in->nblocks + 1));
    int32_t *own = malloc(sizeof *own * (ns + 1));
    if (!group || !own) {
        free(group);
        free(own);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (size_t b = 0; b < in->nblocks; b++)
        group[b] = pri->school[b] >= 0 ? pri->school[b] : pri->nearest[b];
    for (size_t s = 0; s < ns; s++) /* a nine-year school's catchment feeds its own section */
        own[s] = run->ds.schools[s].type == ZP_TYPE_NINE_YEAR && !run->ds.schools[s].closed
                     ? (int32_t)s
                     : -1;
    int rc = zp_alloc_solve_feeder(in, group, own, ns, &run->plan[ZP_JUNIOR]);
    long long locked = 0, moved = 0; /* locks are not applied to whole catchments: say so */
    const zp_alloc_result *jun = &run->plan[ZP_JUNIOR];
    for (size_t b = 0; !rc && b < in->nblocks; b++)
        if (zp_alloc_is_locked(in, b) && in->demand[b] > 0) {
            locked += in->demand[b];
            moved += jun->school[b] != in->current[b] ? jun->placed[b] + jun->unplaced[b] : 0;
        }
    if (moved)
        zp_warn("feeder: locks do not bind feeder zones: %lld of the %lld junior children in "
                "locked blocks do not keep today's school",
                moved, locked);
    free(group);
    free(own);
    return rc;
}

/* Runs are reproducible under the node limit; the time limit is a safety net that is not. */
static void warn_time(const zp_exact_report *x, int l, const char *model)
{
    if (x->stopped_on_time)
        zp_warn("exact finish (%s, %s): exact_seconds ran out before exact_nodes, so the plan "
                "may differ on a faster or slower machine; raise exact_seconds or lower "
                "exact_nodes for a reproducible run",
                l == ZP_PRIMARY ? "primary" : "junior", model);
}

/* The plain whole-block optimum (or its proven gap), kept for the price of contiguity. */
static int exact_level(zp_run *run, const zp_alloc_input *in, int l)
{
    zp_exact_options opt = {.seconds = run->sc->policy.exact_seconds,
                            .max_nodes = (int64_t)run->sc->policy.exact_nodes};
    int rc = zp_alloc_exact(in, &opt, &run->plan[l], &run->exact_plain[l]);
    if (!rc)
        warn_time(&run->exact_plain[l], l, "whole blocks");
    run->has_exact[l] = !rc;
    run->plain_objective[l] = run->plan[l].objective;
    run->plain_distance[l] = run->plan[l].distance;
    run->plain_shortfall[l] = run->plan[l].shortfall;
    return rc;
}

/* From the repaired plan, the optimum under the closer-neighbour rule; the pieces counted
 * again afterwards (by the repair's counter, which the rule does not use). plain: each
 * block's school in the plain optimum, for the children the rule moves. */
#define CONTIG_MAX_PAIRS 20000 /* the closer-neighbour model: pairs in the MILP at most */

static int exact_contig_level(zp_run *run, const zp_alloc_input *in, int l, const int32_t *plain)
{
    zp_contig_report before = run->contig[l];
    /* CBC's first LP does not stop on its time limit, and with the closer-neighbour rows it
     * ran past ten minutes on the sample's 30,000 pairs: larger models are not tried */
    zp_exact_options opt = {.seconds = run->sc->policy.exact_seconds,
                            .max_nodes = (int64_t)run->sc->policy.exact_nodes,
                            .max_pairs = CONTIG_MAX_PAIRS,
                            .adj_start = run->adj.start,
                            .adj = run->adj.nbr};
    int rc = zp_alloc_exact(in, &opt, &run->plan[l], &run->exact_contig[l]);
    if (!rc)
        warn_time(&run->exact_contig[l], l, "contiguous");
    memset(&run->contig[l], 0, sizeof run->contig[l]);
    if (!rc)
        rc = zp_contig_count(in, run->adj.start, run->adj.nbr, &run->plan[l], &run->contig[l]);
    if (!rc) {
        run->contig[l].pieces_before = before.pieces_before;
        run->contig[l].chained = before.chained;
        run->contig[l].grown = before.grown;
        run->contig[l].settled = before.settled;
        run->contig[l].merged = before.merged;
        run->contig[l].shed = before.shed;
        run->contig[l].objective_before = before.objective_before;
        run->contig[l].distance_before = before.distance_before;
        run->contig[l].fewer_crossings = before.fewer_crossings;
    }
    zp_contig_report_free(&before);
    const zp_alloc_result *r = &run->plan[l];
    for (size_t b = 0; !rc && b < run->ds.nblocks; b++)
        if (in->demand[b] > 0 && r->school[b] != plain[b]) {
            run->contig_moved[l] += in->demand[b];
            run->contig[l].blocks_moved++; /* from the plain optimum, as the count says */
            run->contig[l].children_moved += r->placed[b];
        }
    return rc;
}

/* Pins that cannot hold named one by one at most; the rest are counted. */
#define PIN_WARNINGS 20

/* The pins of assign changes (zp_block.assign) at level l, as the solver takes them: *out
 * NULL when there are none; else the solver's `current`, each pinned block at its pin with
 * locked[b] set and every other block at its school today (-1: none), so the move penalty
 * of the others is what it is without pins. A pin holds only where the run gives its
 * school places at the level (zp_alloc_is_locked): one that cannot is named in a warning. */
static int pin_overlay(const zp_run *run, int l, uint8_t *locked, int32_t **out)
{
    size_t nb = run->ds.nblocks, pins = 0, lost = 0;
    const char *level = zp_level_name((zp_level)l);
    *out = NULL;
    for (size_t b = 0; b < nb; b++)
        pins += run->ds.blocks[b].assign[l] >= 0;
    if (!pins)
        return ZP_OK;
    int32_t *cur = malloc(sizeof *cur * (nb + 1));
    if (!cur)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; b < nb; b++) {
        const zp_block *bl = &run->ds.blocks[b];
        int32_t pin = bl->assign[l];
        cur[b] = run->cur_school[l] ? run->cur_school[l][b] : -1;
        if (pin < 0)
            continue;
        if ((size_t)pin >= run->ds.nschools) {
            free(cur);
            return zp_error_set(ZP_ERROR, "block %s: assigned school %d out of range", bl->id,
                                (int)pin);
        }
        if (run->capacity[l][pin] > 0) { /* a pin that cannot hold keeps today's move penalty */
            cur[b] = pin;
            locked[b] = 1;
            continue;
        }
        const zp_school *s = &run->ds.schools[pin];
        if (lost++ < PIN_WARNINGS)
            zp_warn("assign: block %s is assigned to %s (%s) at %s, but the run gives that "
                    "school no %s places (closed, capacity 0, enforce_caps or enforce_audit): "
                    "the block goes elsewhere",
                    bl->id, s->id, s->name, level, level);
    }
    if (lost > PIN_WARNINGS)
        zp_warn("assign: %zu more blocks assigned to schools without %s places go elsewhere",
                lost - PIN_WARNINGS, level);
    *out = cur;
    return ZP_OK;
}

/* The plan's moves and locks counted against today's schools and the blocks' own locks, not
 * the pins the solver took for current schools: a pinned block placed away from today's
 * school is a move, and is not a lock. */
static void pin_counts(const zp_run *run, int l, const zp_alloc_input *in, zp_alloc_result *r)
{
    const int32_t *today = run->cur_school[l];
    r->moved = r->locked = 0;
    for (size_t b = 0; b < in->nblocks; b++) {
        int32_t s = r->school[b], t = today ? today[b] : -1;
        const zp_block *bl = &run->ds.blocks[b];
        if (s < 0 || in->demand[b] <= 0)
            continue;
        if (t >= 0 && t != s)
            r->moved += r->placed[b];
        if (bl->locked && bl->assign[l] < 0 && t == s && in->capacity[t] > 0)
            r->locked += r->placed[b];
    }
}

/* Contiguity after the solve: repaired, or (feeder zones: whole primary catchments) counted;
 * fewer crossings tried when pre (each block's school before repair) is given; the exact
 * finish under the closer-neighbour rule when plain (the plain optimum's schools) is. */
static int contig_level(zp_run *run, const zp_alloc_input *in, int l, int feeder,
                        const int32_t *pre, const int32_t *plain)
{
    double t0 = zp_seconds();
    int rc = (feeder ? zp_contig_count : zp_contig_repair)(in, run->adj.start, run->adj.nbr,
                                                           &run->plan[l], &run->contig[l]);
    for (size_t i = 0; !rc && feeder && i < run->contig[l].nleft; i++)
        if (run->contig[l].left[i].reason != ZP_PIECE_ISLAND) /* else joinable: not tried */
            run->contig[l].left[i].reason = ZP_PIECE_FEEDER;
    if (!rc && pre)
        rc = zp_contig_fewer_crossings(in, run->adj.start, run->adj.nbr, pre, &run->plan[l],
                                       &run->contig[l]);
    if (!rc && plain)
        rc = exact_contig_level(run, in, l, plain);
    run->seconds_contig += zp_seconds() - t0;
    return rc;
}

static int solve_level(zp_run *run, int l)
{
    const zp_geo_points *bp = zp_geo_block_points(run->geo);
    const zp_geo_points *sp = zp_geo_school_points(run->geo);
    size_t nb = run->ds.nblocks, ns = run->ds.nschools;
    int32_t *demand = malloc(sizeof *demand * (nb + 1)), *pins = NULL;
    uint8_t *locked = calloc(nb + 1, 1);
    if (!demand || !locked) {
        free(demand);
        free(locked);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (size_t b = 0; b < nb; b++) {
        demand[b] = run->ds.blocks[b].children[l];
        locked[b] = run->ds.blocks[b].locked != 0;
    }
    int rc = pin_overlay(run, l, locked, &pins); /* pinned blocks: locked to their pin */
    zp_alloc_input in = {.nblocks = nb,
                         .bx = bp->x,
                         .by = bp->y,
                         .demand = demand,
                         .nschools = ns,
                         .sx = sp->x,
                         .sy = sp->y,
                         .capacity = run->capacity[l],
                         .candidates = run->sc->policy.candidates,
                         .penalty_m = run->sc->policy.shortfall_penalty_m,
                         .keep_arcs = run->keep_arcs || run->sc->policy.exact_seconds > 0,
                         .current = pins ? pins : run->cur_school[l],
                         .move_penalty_m = run->sc->policy.move_penalty_m,
                         .locked = locked,
                         .dist = run->dist};
    int feeder = l == ZP_JUNIOR && run->sc->policy.feeder && run->active[ZP_PRIMARY];
    if (!rc) /* feeder zones do not honour locks, pins neither: solve_feeder warns */
        rc = feeder ? solve_feeder(run, &in) : zp_alloc_solve(&in, &run->plan[l]);
    int exact = !feeder && run->sc->policy.exact_seconds > 0;
    int32_t *plain = exact ? malloc(sizeof *plain * (nb + 1)) : NULL;
    if (!rc && exact && !plain)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc && exact)
        rc = exact_level(run, &in, l);
    if (!rc && exact)
        memcpy(plain, run->plan[l].school, sizeof *plain * nb);
    int32_t *pre = !feeder && run->contig_on ? malloc(sizeof *pre * (nb + 1)) : NULL;
    if (!rc && !feeder && run->contig_on && !pre)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc && pre)
        memcpy(pre, run->plan[l].school, sizeof *pre * nb);
    if (!rc && run->contig_on)
        rc = contig_level(run, &in, l, feeder, pre, plain);
    if (!rc && pins)
        pin_counts(run, l, &in, &run->plan[l]);
    free(plain);
    free(pre);
    free(pins);
    free(demand);
    free(locked);
    return rc;
}

static int current_level(zp_run *run, int l)
{
    size_t nb = run->ds.nblocks;
    for (size_t b = 0; b < nb; b++)
        run->has_current[l] |= run->ds.blocks[b].current[l] >= 0;
    if (!run->has_current[l])
        return ZP_OK;
    run->cur_school[l] = malloc(sizeof *run->cur_school[l] * (nb + 1));
    run->cur_dist[l] = calloc(nb + 1, sizeof *run->cur_dist[l]);
    if (!run->cur_school[l] || !run->cur_dist[l])
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; b < nb; b++)
        run->cur_school[l][b] = run->ds.blocks[b].current[l];
    return ZP_OK;
}

/* Distances to today's schools, after the solve: the walk has measured most of them by then
 * (today's school is mostly among a block's nearest), so few need a search of their own. */
static int current_distances(zp_run *run, int l)
{
    for (size_t b = 0; run->has_current[l] && b < run->ds.nblocks; b++) {
        int32_t s = run->cur_school[l][b];
        if (s >= 0)
            run->cur_dist[l][b] = zp_dist_pair(run->dist, b, (size_t)s);
    }
    return zp_dist_status(run->dist);
}

/* One assignment's audit, from its checked pupils per school and level. A level it does not
 * assign (today's catchments unknown there) takes the plan's pupils, which only a nine-year
 * school's split uses: its whole resources are not all the other level's. */
static int audit_one(zp_run *run, const zp_check_result *chk, const int active[ZP_NLEVELS],
                     int plan, zp_audit_result *out)
{
    size_t n = run->ds.nschools * ZP_NLEVELS;
    int64_t *pupils = malloc((n + 1) * sizeof *pupils);
    if (!pupils)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t k = 0; k < n; k++)
        pupils[k] = (active[k % ZP_NLEVELS] ? chk : &run->plan_check)->stats[k].enrolment;
    int rc = zp_audit_run(&run->ds, &run->sc->policy.audit, pupils, active, plan, out);
    free(pupils);
    return rc;
}

/* Whether the run audits: resources mapped, or given to a new school by a change. */
static int audits(const zp_run *run)
{
    for (size_t s = 0; !run->sc->schools.has_resources && s < run->ds.nschools; s++)
        if (zp_audit_has_resources(&run->ds.schools[s]))
            return 1;
    return run->sc->schools.has_resources;
}

/* The quality-balance audit of the plan and of today's catchments (where known). */
static int run_audits(zp_run *run)
{
    int cur_active[ZP_NLEVELS];
    for (int l = 0; l < ZP_NLEVELS; l++)
        cur_active[l] = run->active[l] && run->has_current[l];
    int rc = audit_one(run, &run->plan_check, run->active, 1, &run->audit_plan);
    if (!rc)
        rc = audit_one(run, &run->cur_check, cur_active, 0, &run->audit_cur);
    run->audit_on = !rc;
    return rc;
}

static int run_checks(zp_run *run)
{
    zp_level_assignment plan[ZP_NLEVELS] = {{0}}, cur[ZP_NLEVELS] = {{0}};
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        const zp_alloc_result *r = &run->plan[l];
        plan[l] =
            (zp_level_assignment){1, r->school, r->placed, r->unplaced, r->nearest, r->dist_m};
        if (run->has_current[l])
            cur[l] =
                (zp_level_assignment){1, run->cur_school[l], NULL, NULL, NULL, run->cur_dist[l]};
    }
    int rc = zp_check_run(&run->ds, &run->sc->policy, plan, &run->plan_check);
    if (!rc)
        rc = zp_check_run(&run->ds, &run->sc->policy, cur, &run->cur_check);
    if (!rc && audits(run))
        rc = run_audits(run);
    return rc;
}

/* A school enforce_audit leaves no places at a level fails the audit with one pupil: say so,
 * since its catchment (and any block locked to it) goes elsewhere. */
static void audit_warnings(const zp_run *run)
{
    for (size_t s = 0; s < run->ds.nschools; s++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            const zp_school *sc = &run->ds.schools[s];
            int why = run->places_before[l] ? run->audit_why[l][s] : -1;
            if (run->places_before[l] && run->places_before[l][s] > 0 && run->capacity[l][s] == 0)
                zp_warn("enforce_audit: school %s (%s) fails the audit at %s with a single pupil "
                        "(%s): it gets no places there, and blocks locked to it go elsewhere",
                        sc->id, sc->name, zp_level_name((zp_level)l),
                        why >= 0 ? zp_indicator_key((zp_indicator)why) : "?");
        }
}

/* Every school's places per active level (the audit's caps hold nothing back for a level the
 * run does not solve). */
static int capacities(zp_run *run)
{
    size_t ns = run->ds.nschools;
    for (int l = 0; l < ZP_NLEVELS; l++)
        run->sc->policy.audit.level_off[l] = !run->active[l];
    int enforce = run->sc->policy.audit.enforce;
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        run->capacity[l] = calloc(ns + 1, sizeof *run->capacity[l]);
        if (enforce) {
            run->places_before[l] = calloc(ns + 1, sizeof *run->places_before[l]);
            run->audit_why[l] = calloc(ns + 1, sizeof *run->audit_why[l]);
        }
        if (!run->capacity[l] || (enforce && (!run->places_before[l] || !run->audit_why[l])))
            return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (size_t s = 0; s < ns; s++) { /* both levels at once: a shared school's caps are joint */
        int64_t before[ZP_NLEVELS], after[ZP_NLEVELS];
        int why[ZP_NLEVELS];
        zp_check_audit_places(&run->ds.schools[s], &run->sc->policy, before, after, why);
        for (int l = 0; l < ZP_NLEVELS; l++) {
            if (!run->active[l])
                continue;
            run->capacity[l][s] = after[l];
            if (enforce) {
                run->places_before[l][s] = before[l];
                run->audit_why[l][s] = (int8_t)why[l];
            }
        }
    }
    audit_warnings(run);
    return ZP_OK;
}

/* Both levels' nearest schools searched side by side (the walk's searches are the long part
 * of a solve; the machine has two cores): the same masks and k the solver asks for. */
static int prefetch(zp_run *run)
{
    const uint8_t *use[ZP_NLEVELS];
    uint8_t *mask[ZP_NLEVELS] = {0};
    size_t n = 0, ns = run->ds.nschools;
    int k = -1, rc = ZP_OK;
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        mask[n] = calloc(ns + 1, 1);
        if (!mask[n]) {
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
            break;
        }
        int live = 0;
        for (size_t s = 0; s < ns; s++)
            live += mask[n][s] = run->capacity[l][s] > 0;
        int kl = run->sc->policy.candidates < live ? run->sc->policy.candidates : live;
        k = k < 0 || kl == k ? kl : 0; /* one k for both, or none ahead */
        use[n] = mask[n];
        n++;
    }
    double t0 = zp_seconds();
    if (!rc && k > 0)
        rc = zp_dist_prefetch(run->dist, use, n, k);
    run->seconds_prefetch = zp_seconds() - t0;
    for (size_t i = 0; i < n; i++)
        free(mask[i]);
    return rc;
}

/* What a solve leaves, dropped so the run can be solved again after its dataset is edited
 * (zoneplan serve: blocks painted, pinned or locked). The dataset, geometry, distances and
 * block graph stay: edits change who goes where, not where anything is. */
void zp_run_reset(zp_run *run)
{
    for (int l = 0; l < ZP_NLEVELS; l++) {
        free(run->capacity[l]);
        free(run->places_before[l]);
        free(run->audit_why[l]);
        free(run->cur_school[l]);
        free(run->cur_dist[l]);
        run->capacity[l] = run->places_before[l] = NULL;
        run->audit_why[l] = NULL;
        run->cur_school[l] = NULL;
        run->cur_dist[l] = NULL;
        run->has_current[l] = 0;
        zp_alloc_result_free(&run->plan[l]);
        memset(&run->plan[l], 0, sizeof run->plan[l]);
        zp_contig_report_free(&run->contig[l]);
        memset(&run->contig[l], 0, sizeof run->contig[l]);
        memset(&run->exact_plain[l], 0, sizeof run->exact_plain[l]);
        memset(&run->exact_contig[l], 0, sizeof run->exact_contig[l]);
        run->has_exact[l] = 0;
        run->plain_objective[l] = run->plain_distance[l] = 0;
        run->plain_shortfall[l] = run->contig_moved[l] = 0;
    }
    zp_run_outlines_free(run);
    zp_check_free(&run->plan_check);
    zp_check_free(&run->cur_check);
    zp_audit_free(&run->audit_plan);
    zp_audit_free(&run->audit_cur);
    memset(&run->plan_check, 0, sizeof run->plan_check);
    memset(&run->cur_check, 0, sizeof run->cur_check);
    memset(&run->audit_plan, 0, sizeof run->audit_plan);
    memset(&run->audit_cur, 0, sizeof run->audit_cur);
    run->audit_on = 0;
    run->solved = 0;
    run->seconds_solve = run->seconds_contig = run->seconds_prefetch = 0;
}

int zp_run_solve(zp_run *run)
{
    if (run->solved || run->capacity[0] || run->capacity[1])
        zp_run_reset(run);
    double t0 = zp_seconds();
    int rc = capacities(run);
    if (!rc)
        rc = prefetch(run);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        rc = current_level(run, l); /* first: the move penalty and locks need it */
        if (!rc)
            rc = adjacency(run);
        if (!rc)
            rc = solve_level(run, l);
        if (!rc)
            rc = current_distances(run, l);
    }
    if (!rc)
        rc = run_checks(run);
    run->solved = !rc;
    run->seconds_solve = zp_seconds() - t0;
    return rc;
}

void zp_run_free(zp_run *run)
{
    if (!run)
        return;
    zp_run_reset(run);
    zp_adjacency_free(&run->adj);
    zp_dist_free(run->dist);
    zp_roads_free(run->roads);
    zp_geo_free(run->geo);
    zp_dataset_free(&run->ds);
    zp_scenario_free(run->sc);
    free(run);
}
