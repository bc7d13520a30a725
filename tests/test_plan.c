/* `zoneplan plan` (zoneplan/plan.h) on tiny fixture districts: the projection of a block's
 * children year by year worked out by hand (cohorts, the birth trend, the low / central / high
 * variants), horizon estates phased in exactly (yield per home and per 1,000 residents), a
 * one-year horizon agreeing with a plain `zoneplan run`, the build-before-close schedule (no
 * shortfall in any year, a closure never before its pupils have places elsewhere, checked by
 * re-scoring every year independently), the horizon: section's parse errors (file:line and the
 * key), and the CLI's folder (files, years.csv's rows, projection.csv against the library's
 * demand, reruns byte-identical, refusals). Every expected figure is worked out in the comment
 * above it. */
#include <criterion/criterion.h>
#include <shapefil.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "support.h"
#include "zoneplan/errors.h"
#include "zoneplan/plan.h"
#include "zoneplan/run.h"
#include "zoneplan/scenario.h"

#define FIRST 8 /* the line of the fixture's scenario where the test's YAML starts */

static char *dir;

static void setup(void)
{
    dir = zpt_tmpdir();
    cr_assert_not_null(dir);
    zp_warn_set_echo(0);
    zp_progress_set_quiet(1);
}

static void teardown(void)
{
    if (dir)
        zpt_rmtree(dir);
    free(dir);
    dir = NULL;
}

TestSuite(plan, .init = setup, .fini = teardown);

static zp_plan *load_plan(const char *scenario)
{
    zp_plan *p = NULL;
    cr_assert_eq(zp_plan_load(scenario, 0, 0, &p), ZP_OK, "%s", zp_error_last());
    cr_assert_not_null(p);
    return p;
}

/* ---- the 3 x 1 district: A, B, C in a row ------------------------------------------- */

/* Blocks B001 (A), B002 (B), B003 (C), 200 m each, west to east. A has 60 primary and 30
 * junior children, B and C none; one nine-year school in A with room for all. The fixture
 * gives level totals only, so the projection spreads them over the grades: 10 per grade. */
static const int row_pri[3] = {60, 0, 0}, row_jun[3] = {30, 0, 0};
static const zpt_school row_school[] = {
    {"S1", "城关九年一贯制学校", "nine_year", 100, 100, 200, 100, 5, 2}};

static char *row_district(const char *yaml)
{
    zpt_grid g = {
        .nx = 3, .ny = 1, .pri = row_pri, .jun = row_jun, .schools = row_school, .nschools = 1};
    return zpt_write_grid(dir, &g, yaml);
}

enum { A = 0, B = 1, C = 2 };

/* Block A, central variant, birth trend -10 %, default progression (1 within a level, 0.98
 * from g6 to g7), no ages (entrants = this year's g1 x 0.9^y):
 *   2026: g1..g6 = 10 -> 60;               g7..g9 = 10 -> 30
 *   2027: g1 = 10 x 0.9 = 9, g2..g6 = 10 -> 59;   g7 = 10 x 0.98 = 9.8, g8 = g9 = 10 -> 29.8 -> 30
 *   2028: g1 = 10 x 0.81 = 8.1, g2 = 9, g3..g6 = 10 -> 57.1 -> 57
 *         g7 = 10 x 0.98 = 9.8 (2027's g6), g8 = 9.8 (2027's g7), g9 = 10 -> 29.6 -> 30
 * Low variant (entry x 0.95, migration -1 % a year: every grade x 0.99 a year, the entrants of
 * year y x 0.99^y), 2028:
 *   2027: g1 = 10 x 0.9 x 0.95 x 0.99 = 8.4645, g2..g6 = 9.9; g7 = 10 x 0.98 x 0.99 = 9.702,
 *         g8 = g9 = 9.9
 *   2028: g1 = 10 x 0.81 x 0.95 x 0.9801 = 7.54187, g2 = 8.4645 x 0.99 = 8.37986,
 *         g3..g6 = 9.801 -> 55.126 -> 55;
 *         g7 = 9.9 x 0.98 x 0.99 = 9.60498, g8 = 9.702 x 0.99 = 9.60498, g9 = 9.801 -> 29.01 -> 29
 * High variant (entry x 1.05, migration +1 %), 2028:
 *   2027: g1 = 10 x 0.9 x 1.05 x 1.01 = 9.5445, g2..g6 = 10.1; g7 = 9.898, g8 = g9 = 10.1
 *   2028: g1 = 10 x 0.81 x 1.05 x 1.0201 = 8.67595, g2 = 9.5445 x 1.01 = 9.63995,
 *         g3..g6 = 10.201 -> 59.12 -> 59;
 *         g7 = 10.1 x 0.98 x 1.01 = 9.99698, g8 = 9.898 x 1.01 = 9.99698, g9 = 10.201 -> 30.19
 *         -> 30 */
#define ROW_HORIZON                                                                                \
    "horizon:\n"                                                                                   \
    "  years: 2026..2028\n"                                                                        \
    "  birth_trend: -0.1\n"

Test(plan, progression_by_hand)
{
    char *sc = row_district(ROW_HORIZON);
    zp_plan *p = load_plan(sc);
    cr_assert_eq(p->first, 2026);
    cr_assert_eq(p->nyears, 3);
    cr_assert_eq(p->offset, 0);
    cr_assert_eq(p->st->run->ds.nblocks, 3);
    cr_assert_str_eq(p->st->run->ds.blocks[A].id, "B001");

    const int32_t want[3][ZP_NLEVELS] = {{60, 30}, {59, 30}, {57, 30}};
    for (int y = 0; y < 3; y++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            int32_t got = zp_plan_demand(p, ZP_VARIANT_CENTRAL, y, l, A);
            cr_assert_eq(got, want[y][l], "A, %d, %s: %d, by hand %d", 2026 + y,
                         zp_level_name((zp_level)l), got, want[y][l]);
            for (size_t b = B; b <= C; b++)
                for (int v = 0; v < ZP_NVARIANTS; v++)
                    cr_assert_eq(zp_plan_demand(p, (zp_variant)v, y, l, b), 0,
                                 "an empty block stays empty");
        }
    /* the data's year is the data in every variant */
    for (int v = 0; v < ZP_NVARIANTS; v++) {
        cr_assert_eq(zp_plan_demand(p, (zp_variant)v, 0, ZP_PRIMARY, A), 60);
        cr_assert_eq(zp_plan_demand(p, (zp_variant)v, 0, ZP_JUNIOR, A), 30);
    }
    /* the fractional projection itself: 2027's g7 = 9.8, 2028's g1 = 8.1, g2 = 9 */
    double out[3 * ZP_NGRADES];
    zp_plan_block(p, A, ZP_VARIANT_CENTRAL, out);
    cr_assert_float_eq(out[1 * ZP_NGRADES + 6], 9.8, 1e-9);
    cr_assert_float_eq(out[2 * ZP_NGRADES + 0], 8.1, 1e-9);
    cr_assert_float_eq(out[2 * ZP_NGRADES + 1], 9.0, 1e-9);
    cr_assert_float_eq(out[2 * ZP_NGRADES + 7], 9.8, 1e-9);

    /* the variants in 2028: low 55 < central 57 < high 59 (primary), 29 / 30 / 30 (junior) */
    int32_t lo = zp_plan_demand(p, ZP_VARIANT_LOW, 2, ZP_PRIMARY, A),
            mid = zp_plan_demand(p, ZP_VARIANT_CENTRAL, 2, ZP_PRIMARY, A),
            hi = zp_plan_demand(p, ZP_VARIANT_HIGH, 2, ZP_PRIMARY, A);
    cr_assert(lo < mid && mid < hi, "low %d, central %d, high %d", lo, mid, hi);
    cr_assert_eq(lo, 55);
    cr_assert_eq(hi, 59);
    cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_LOW, 2, ZP_JUNIOR, A), 29);
    cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_HIGH, 2, ZP_JUNIOR, A), 30);
    zp_plan_free(p);
    free(sc);
}

/* zp_plan_block is the projection from the data (plan.h: "One block's projection ... from
 * the data's year on"), also after zp_plan_solve: block A's 2026 row is 10 per grade, B's 0,
 * before and after solving.
 * A bug this test found (fixed: the plan keeps the data's children at load, zp_plan.data):
 * grades_now() took a block's level totals from ds.blocks[b].children, which
 * zp_plan_set_demand overwrites with a year's demand while zp_plan_solve scores the years;
 * after the solve they held the last year's central demand (A: 57 primary in 2028), so A's
 * 2026 grades came out 57 / 6 = 9.5 instead of 10, and projection.csv (written after the
 * solve) with them: see cli_plan_writes_the_folder. */
Test(plan, block_projection_unchanged_by_solve, .timeout = 120)
{
    char *sc = row_district(ROW_HORIZON "  estates:\n"
                                        "    - {id: E, blocks: [B002, B003], completion: 2027, "
                                        "dwellings: 200,\n"
                                        "       yield: {primary: 0.6, junior: 0.3}, maturation: "
                                        "[0.5, 1]}\n");
    zp_plan *p = load_plan(sc);
    double before[3][3 * ZP_NGRADES], after[3][3 * ZP_NGRADES];
    for (size_t b = 0; b < 3; b++)
        zp_plan_block(p, b, ZP_VARIANT_CENTRAL, before[b]);
    for (int g = 0; g < ZP_NGRADES; g++) {
        cr_assert_float_eq(before[A][g], 10.0, 1e-9, "A, 2026, g%d: %.4f", g + 1, before[A][g]);
        cr_assert_float_eq(before[B][g], 0.0, 1e-9, "B, 2026, g%d: %.4f", g + 1, before[B][g]);
    }
    /* B in 2028: the estate alone, 60 / 6 = 10 per primary grade, 30 / 3 = 10 per junior one */
    for (int g = 0; g < ZP_NGRADES; g++)
        cr_assert_float_eq(before[B][2 * ZP_NGRADES + g], 10.0, 1e-9);
    cr_assert_eq(zp_plan_solve(p), ZP_OK, "%s", zp_error_last());
    for (size_t b = 0; b < 3; b++) {
        zp_plan_block(p, b, ZP_VARIANT_CENTRAL, after[b]);
        for (int k = 0; k < 3 * ZP_NGRADES; k++)
            cr_assert_float_eq(after[b][k], before[b][k], 1e-9,
                               "%s, %d, g%d: %.4f after solving, %.4f before",
                               p->st->run->ds.blocks[b].id, 2026 + k / ZP_NGRADES,
                               k % ZP_NGRADES + 1, after[b][k], before[b][k]);
    }
    zp_plan_free(p);
    free(sc);
}

/* grades: 5-4 (五四制): A's 60 primary children spread over g1..g5 (12 each), its 30 junior
 * over g6..g9 (7.5 each); the 0.98 step moves to g5 -> g6. Birth trend -10 %, central:
 *   2027: g1 = 12 x 0.9 = 10.8, g2..g5 = 12 -> 58.8 -> 59;
 *         g6 = 12 x 0.98 = 11.76, g7..g9 = 7.5 -> 34.26 -> 34
 *   2028: g1 = 12 x 0.81 = 9.72, g2 = 10.8, g3..g5 = 12 -> 56.52 -> 57;
 *         g6 = 11.76, g7 = 11.76, g8 = g9 = 7.5 -> 38.52 -> 39 */
Test(plan, five_four_split_by_hand)
{
    char *sc = row_district(ROW_HORIZON "  grades: 5-4\n");
    zp_plan *p = load_plan(sc);
    const int32_t want[3][ZP_NLEVELS] = {{60, 30}, {59, 34}, {57, 39}};
    for (int y = 0; y < 3; y++)
        for (int l = 0; l < ZP_NLEVELS; l++)
            cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, y, l, A), want[y][l],
                         "A, %d, %s: %d, by hand %d", 2026 + y, zp_level_name((zp_level)l),
                         zp_plan_demand(p, ZP_VARIANT_CENTRAL, y, l, A), want[y][l]);
    double out[3 * ZP_NGRADES];
    zp_plan_block(p, A, ZP_VARIANT_CENTRAL, out);
    cr_assert_float_eq(out[0 * ZP_NGRADES + 5], 7.5, 1e-9, "2026 g6 is junior under 5-4");
    cr_assert_float_eq(out[1 * ZP_NGRADES + 5], 11.76, 1e-9);
    zp_plan_free(p);
    free(sc);
}

/* --years 2027..2028: the projection still starts from the data's year (2026), so the years
 * planned are 2027's and 2028's figures above: 59/30 and 57/30. */
Test(plan, years_option_keeps_the_data_year)
{
    char *sc = row_district(ROW_HORIZON);
    zp_plan *p = NULL;
    cr_assert_eq(zp_plan_load(sc, 2027, 2028, &p), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(p->first, 2027);
    cr_assert_eq(p->nyears, 2);
    cr_assert_eq(p->offset, 1);
    cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, 0, ZP_PRIMARY, A), 59);
    cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, 1, ZP_PRIMARY, A), 57);
    cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, 1, ZP_JUNIOR, A), 30);
    zp_plan_free(p);
    /* and it may not start before the data's year */
    cr_assert_eq(zp_plan_load(sc, 2025, 2028, &p), ZP_EINPUT);
    cr_assert_null(p);
    cr_assert(strstr(zp_error_last(), "horizon.years"), "%s", zp_error_last());
    free(sc);
}

/* ---- 2. estates --------------------------------------------------------------------- */

/* Estate E: 200 homes over B and C (100 each), 0.6 primary and 0.3 junior pupils per home
 * once mature, completion 2027, maturation [0.5, 1]:
 *   2026 (before completion): 0 / 0
 *   2027 (half mature): 100 x 0.6 x 0.5 = 30 primary, 100 x 0.3 x 0.5 = 15 junior per block
 *   2028 (mature):      100 x 0.6 = 60, 100 x 0.3 = 30
 * A keeps its own figures (60/30, 59/30, 57/30). */
Test(plan, estate_phases_in_exactly)
{
    char *sc = row_district(ROW_HORIZON "  estates:\n"
                                        "    - {id: E, blocks: [B002, B003], completion: 2027, "
                                        "dwellings: 200,\n"
                                        "       yield: {primary: 0.6, junior: 0.3}, maturation: "
                                        "[0.5, 1]}\n");
    zp_plan *p = load_plan(sc);
    const int32_t want[3][ZP_NLEVELS] = {{0, 0}, {30, 15}, {60, 30}};
    const int32_t want_a[3][ZP_NLEVELS] = {{60, 30}, {59, 30}, {57, 30}};
    for (int y = 0; y < 3; y++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            for (size_t b = B; b <= C; b++) {
                int32_t got = zp_plan_demand(p, ZP_VARIANT_CENTRAL, y, l, b);
                cr_assert_eq(got, want[y][l], "%s, %d, %s: %d, by hand %d",
                             p->st->run->ds.blocks[b].id, 2026 + y, zp_level_name((zp_level)l), got,
                             want[y][l]);
            }
            cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, y, l, A), want_a[y][l]);
        }
    zp_plan_free(p);
    free(sc);
}

/* per_thousand: 80 primary and 40 junior places per 1,000 residents at 3.0 persons per home:
 * 0.24 and 0.12 pupils per home; 1000 homes in B, completed in 2027 (the first year after the
 * data's) and mature at once (maturation [1]): none in 2026, 240 primary and 120 junior in
 * every year from 2027. */
Test(plan, estate_per_thousand)
{
    char *sc = row_district(ROW_HORIZON "  estates:\n"
                                        "    - {id: P, block: B002, completion: 2027, dwellings: "
                                        "1000,\n"
                                        "       per_thousand: {primary: 80, junior: 40}, "
                                        "persons_per_household: 3.0,\n"
                                        "       maturation: [1]}\n");
    zp_plan *p = load_plan(sc);
    cr_assert_float_eq(p->st->run->sc->horizon.estates[0].e.yield[ZP_PRIMARY], 0.24, 1e-12);
    cr_assert_float_eq(p->st->run->sc->horizon.estates[0].e.yield[ZP_JUNIOR], 0.12, 1e-12);
    for (int y = 0; y < 3; y++) {
        cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, y, ZP_PRIMARY, B), y ? 240 : 0, "%d: %d",
                     2026 + y, zp_plan_demand(p, ZP_VARIANT_CENTRAL, y, ZP_PRIMARY, B));
        cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, y, ZP_JUNIOR, B), y ? 120 : 0, "%d: %d",
                     2026 + y, zp_plan_demand(p, ZP_VARIANT_CENTRAL, y, ZP_JUNIOR, B));
        cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, y, ZP_PRIMARY, C), 0);
    }
    zp_plan_free(p);
    free(sc);
}

/* ---- 3. a one-year horizon is a plain run ------------------------------------------- */

/* test_siting.c's one_small district: 6 x 4 blocks, 5 + (7 r mod 11) primary children in
 * block r (237 in all: test_siting.c's comment says 239, its assertions compute the sum), no
 * junior children, one primary school of 60 places: a shortfall of 177. */
static int pri_uneven[24], jun_none[24];
static const zpt_school one_small[] = {{"S1", "城关小学", "primary", 100, 100, 60, 0, 2, 0}};

static void fill_uneven(void)
{
    for (int r = 0; r < 24; r++) {
        pri_uneven[r] = 5 + (r * 7) % 11;
        jun_none[r] = 0;
    }
}

Test(plan, one_year_equals_a_plain_run, .timeout = 120)
{
    fill_uneven();
    int64_t total = 0;
    for (int r = 0; r < 24; r++)
        total += pri_uneven[r];
    cr_assert_eq(total, 237);
    zpt_grid g = {
        .nx = 6, .ny = 4, .pri = pri_uneven, .jun = jun_none, .schools = one_small, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g, "horizon: {years: 2026..2026}\n");
    zp_plan *p = load_plan(sc);
    cr_assert_eq(p->nyears, 1);
    cr_assert_not(p->has_siting);
    cr_assert_eq(zp_plan_solve(p), ZP_OK, "%s", zp_error_last());

    zp_run *run = NULL;
    cr_assert_eq(zp_run_load(sc, &run), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_run_solve(run), ZP_OK, "%s", zp_error_last());
    int active = 0;
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        active++;
        const zp_plan_year *py = &p->years[l];
        int64_t children = 0;
        for (size_t b = 0; b < run->ds.nblocks; b++)
            children += run->ds.blocks[b].children[l];
        cr_log_info("%s: plan shortfall %lld, child-m %.1f; run shortfall %lld, distance %.1f",
                    zp_level_name((zp_level)l), (long long)py->shortfall_today, py->child_m,
                    (long long)run->plan[l].shortfall, run->plan[l].distance);
        cr_assert_eq(py->children[ZP_VARIANT_CENTRAL], children, "%s: %lld children, run %lld",
                     zp_level_name((zp_level)l), (long long)py->children[ZP_VARIANT_CENTRAL],
                     (long long)children);
        /* the data's year in every variant */
        cr_assert_eq(py->children[ZP_VARIANT_LOW], children);
        cr_assert_eq(py->children[ZP_VARIANT_HIGH], children);
        cr_assert_eq(py->shortfall_today, run->plan[l].shortfall, "%s: %lld vs %lld",
                     zp_level_name((zp_level)l), (long long)py->shortfall_today,
                     (long long)run->plan[l].shortfall);
        /* no siting: the schedule is today's schools */
        cr_assert_eq(py->shortfall, py->shortfall_today);
        cr_assert_eq(py->places, py->places_today);
        cr_assert_eq(py->places_today, run->capacity[l][0]);
        double rel = fabs(py->child_m - run->plan[l].distance) / fmax(1.0, run->plan[l].distance);
        cr_assert_leq(rel, 1e-6, "%s: child-metres %.3f, the run's distance %.3f",
                      zp_level_name((zp_level)l), py->child_m, run->plan[l].distance);
    }
    cr_assert_eq(active, 2, "both levels are mapped");
    /* and the figures are the district's: 237 children, 60 places, 177 without one */
    cr_assert_eq(p->years[ZP_PRIMARY].children[ZP_VARIANT_CENTRAL], 237);
    cr_assert_eq(p->years[ZP_PRIMARY].places_today, 60);
    cr_assert_eq(p->years[ZP_PRIMARY].shortfall_today, 177);
    cr_assert_eq(p->years[ZP_JUNIOR].shortfall_today, 0);
    zp_run_free(run);
    zp_plan_free(p);
    free(sc);
}

/* ---- 4. build before close ---------------------------------------------------------- */

/* 4 x 1 blocks of 200 m (centres at x = 100, 300, 500, 700): B001 and B002 have 20 primary
 * children each, B003 and B004 none, no junior children today. S1 (30 primary places) stands
 * in B001, S2 (20) in B002: today 40 children in 50 places. No birth trend, so the primary
 * children stay as they are (20 = 6 x 3.33 in every year); grade 6 moves on into junior
 * school (3.27 a year per block), for whom the junior school S3 (100 places) has room. An estate of
 * 100 homes at 0.6 primary pupils each is handed over in B003 in 2028, mature at once: 60 more
 * children from 2028, 100 in all against 50 places, a shortfall of 50 with today's schools. The
 * siting (one primary design of 2 classes: 90 places, open 1, close [S1]) plans for the peak: the
 * opening N near B003 leaves no child without a place (N 90 + S2 20 = 110 >= 100, whole blocks:
 * B003 60 + B001 20 at N, B002 20 at S2) even with S1 closed, so S1 closes. Timing: N is needed
 * from 2028 only (2026-2027: 40 children in S1 + S2's 50 places); and S1 cannot close before N
 * opens: without N, closing S1 leaves S2's 20 places for 40 children (20 unplaced), so its closure
 * is forced to 2028 or later; from 2028 on N takes its pupils. */
static const int bbc_pri[4] = {20, 20, 0, 0}, bbc_jun[4] = {0, 0, 0, 0};
static const zpt_school bbc_schools[] = {{"S1", "城关小学", "primary", 100, 100, 30, 0, 1, 0},
                                         {"S2", "东门小学", "primary", 300, 100, 20, 0, 1, 0},
                                         {"S3", "城关中学", "junior", 300, 100, 0, 100, 0, 2}};

#define BBC_YAML                                                                                   \
    "horizon:\n"                                                                                   \
    "  years: 2026..2029\n"                                                                        \
    "  birth_trend: 0\n"                                                                           \
    "  estates:\n"                                                                                 \
    "    - {id: NEW, block: B003, completion: 2028, dwellings: 100, yield: {primary: 0.6},\n"      \
    "       maturation: [1]}\n"                                                                    \
    "siting:\n"                                                                                    \
    "  candidates: {grid: {spacing_m: 200}}\n"                                                     \
    "  designs: [{type: primary, classes: 2}]\n"                                                   \
    "  open: 1\n"                                                                                  \
    "  close: [S1]\n"

static char *bbc_district(void)
{
    zpt_grid g = {
        .nx = 4, .ny = 1, .pri = bbc_pri, .jun = bbc_jun, .schools = bbc_schools, .nschools = 3};
    return zpt_write_grid(dir, &g, BBC_YAML);
}

/* Children without a place at every level in year y with the first k openings, the schools
 * closed[] marks closed. */
static int64_t rescore(zp_plan *p, int y, size_t k)
{
    zp_siting_score sc;
    zp_alloc_result res[ZP_NLEVELS];
    zp_plan_set_demand(p, ZP_VARIANT_CENTRAL, y);
    cr_assert_eq(zp_siting_score_set(p->st, p->st->chosen, k, &sc, res), ZP_OK, "%s",
                 zp_error_last());
    for (int l = 0; l < ZP_NLEVELS; l++)
        zp_alloc_result_free(&res[l]);
    return sc.shortfall[ZP_PRIMARY] + sc.shortfall[ZP_JUNIOR];
}

/* Openings in force in year y (0: first): those with an opening year up to it. */
static size_t in_force(const zp_plan *p, int y)
{
    size_t k = 0;
    for (size_t r = 0; r < p->st->nchosen; r++)
        if (p->open_year[r] && p->open_year[r] <= p->first + y)
            k++;
    return k;
}

Test(plan, build_before_close, .timeout = 180)
{
    char *sc = bbc_district();
    zp_plan *p = load_plan(sc);
    cr_assert(p->has_siting);
    /* the demand as described: B001 20, B003 0 then 60 from 2028 */
    for (int y = 0; y < 4; y++) {
        cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, y, ZP_PRIMARY, 0), 20);
        cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, y, ZP_PRIMARY, 2), y >= 2 ? 60 : 0);
    }
    cr_assert_eq(zp_plan_solve(p), ZP_OK, "%s", zp_error_last());
    zp_siting *st = p->st;
    size_t ns = st->run->ds.nschools;
    cr_assert_eq(ns, 3);
    cr_assert_str_eq(st->run->ds.schools[0].id, "S1");
    cr_assert_eq(st->nchosen, 1, "one opening (open: 1; the peak needs one)");
    cr_assert_eq(st->opt[st->chosen[0]].places[ZP_PRIMARY], 90, "2 classes x 45");
    cr_assert_not_null(st->closed);
    cr_log_info("opening at %s in %d; S1 closes %d, S2 %d",
                st->cand_id[st->opt[st->chosen[0]].cand], p->open_year[0], p->close_year[0],
                p->close_year[1]);

    /* (a) with the schedule no year leaves a child without a place; today's schools alone
     * leave 50 from 2028 (100 children, 50 places) and none before */
    for (int y = 0; y < p->nyears; y++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            const zp_plan_year *py = &p->years[y * ZP_NLEVELS + l];
            if (!st->run->active[l])
                continue;
            cr_assert_eq(py->shortfall, 0, "%d %s: %lld without a place", p->first + y,
                         zp_level_name((zp_level)l), (long long)py->shortfall);
            if (l == ZP_PRIMARY) {
                cr_assert_eq(py->children[ZP_VARIANT_CENTRAL], y >= 2 ? 100 : 40);
                cr_assert_eq(py->places_today, 50);
                cr_assert_eq(py->shortfall_today, y >= 2 ? 50 : 0, "%d: today's shortfall %lld",
                             p->first + y, (long long)py->shortfall_today);
            }
        }

    /* the opening in the first year that needs it: 2028, the estate's */
    cr_assert_eq(p->open_year[0], 2028, "opens %d", p->open_year[0]);
    /* places: 50 until 2027; from 2028 S2 20 + N 90 = 110 (S1 closed) */
    cr_assert_eq(p->years[1 * ZP_NLEVELS + ZP_PRIMARY].places, 50);
    cr_assert_eq(p->years[2 * ZP_NLEVELS + ZP_PRIMARY].places, 110);
    cr_assert_eq(p->years[3 * ZP_NLEVELS + ZP_PRIMARY].places, 110);

    /* (b) never closes before pupils have places: re-scored independently, in every year from
     * a school's closure on, closing it leaves no more children without a place than keeping
     * it open (the openings in force that year, the other closures as scheduled) */
    int closures = 0;
    for (size_t s = 0; s < ns; s++) {
        if (!p->close_year[s])
            continue;
        closures++;
        for (int y = p->close_year[s] - p->first; y < p->nyears; y++) {
            size_t k = in_force(p, y);
            for (size_t t = 0; t < ns; t++)
                st->closed[t] = p->close_year[t] && p->close_year[t] <= p->first + y;
            st->closed[s] = 1;
            int64_t shut = rescore(p, y, k);
            st->closed[s] = 0;
            int64_t open = rescore(p, y, k);
            cr_assert_leq(shut, open, "%s closed in %d: %lld without a place, %lld with it open",
                          st->run->ds.schools[s].id, p->first + y, (long long)shut,
                          (long long)open);
        }
    }
    cr_assert_eq(closures, 1, "the siting closes S1 and the schedule times it");

    /* (c) S1 closes in 2028, with N's opening and not before: in 2026 and 2027 (no opening in
     * force) closing S1 leaves 20 children without a place (S2's 20 places for 40) */
    cr_assert_neq(p->close_year[0], 0, "S1 is closed");
    cr_assert_eq(p->close_year[1], 0, "S2 stays");
    cr_assert_eq(p->close_year[2], 0, "S3 stays");
    cr_assert_geq(p->close_year[0], p->open_year[0], "S1 closes %d, before N opens %d",
                  p->close_year[0], p->open_year[0]);
    cr_assert_eq(p->close_year[0], 2028);
    for (int y = 0; y < 2; y++) {
        cr_assert_eq(in_force(p, y), 0);
        memset(st->closed, 0, ns);
        st->closed[0] = 1;
        cr_assert_eq(rescore(p, y, 0), 20, "%d: S1 shut without N", p->first + y);
        st->closed[0] = 0;
        cr_assert_eq(rescore(p, y, 0), 0);
    }
    zp_plan_free(p);
    free(sc);
}

/* ---- 5. the horizon: section's errors ----------------------------------------------- */

/* The 3 x 1 district with yaml appended at line FIRST: loading fails with ZP_EINPUT,
 * "FILE:LINE:" and every part in the message. */
static void parse_error(const char *yaml, int line, const char *const *parts)
{
    char *sc = row_district(yaml), where[1200];
    snprintf(where, sizeof where, "%s:%d:", sc, line);
    zp_scenario *s = NULL;
    int rc = zp_scenario_load(sc, &s);
    cr_assert_eq(rc, ZP_EINPUT, "loaded (rc %d):\n%s", rc, yaml);
    cr_assert_null(s);
    const char *msg = zp_error_last();
    cr_assert(strstr(msg, where), "'%s' not in: %s", where, msg);
    for (size_t i = 0; parts[i]; i++)
        cr_assert(strstr(msg, parts[i]), "'%s' not in: %s", parts[i], msg);
    free(sc);
}

#define PARSE_ERROR(yaml, line, ...) parse_error(yaml, line, (const char *[]){__VA_ARGS__, NULL})

Test(plan, horizon_section_errors)
{
    /* a well-formed section loads, at the edge of each rule the cases below break: 50 years,
     * grades 5-4, a trend just above -1, maturation shares of 0 and 1 */
    char *ok = row_district("horizon:\n"
                            "  years: 2026..2075\n"
                            "  grades: 5-4\n"
                            "  birth_trend: -0.99\n"
                            "  variants: {low: {entry: 0.9, migration: -0.02}}\n"
                            "  estates:\n"
                            "    - {id: E, block: B002, completion: 2075, dwellings: 10,\n"
                            "       yield: {primary: 0.5}, maturation: [0, 1]}\n");
    zp_scenario *s = NULL;
    cr_assert_eq(zp_scenario_load(ok, &s), ZP_OK, "%s", zp_error_last());
    cr_assert(s->horizon.present);
    cr_assert_eq(s->horizon.first, 2026);
    cr_assert_eq(s->horizon.last, 2075);
    cr_assert_eq(s->horizon.rules.primary_grades, 5);
    cr_assert_float_eq(s->horizon.rules.progression[4], 0.98, 1e-12, "g5 -> g6 under 5-4");
    cr_assert_float_eq(s->horizon.rules.birth_trend, -0.99, 1e-12);
    cr_assert_float_eq(s->horizon.rules.variant_entry[ZP_VARIANT_LOW], 0.9, 1e-12);
    cr_assert_float_eq(s->horizon.rules.variant_migration[ZP_VARIANT_LOW], -0.02, 1e-12);
    cr_assert_float_eq(s->horizon.rules.variant_entry[ZP_VARIANT_HIGH], 1.05, 1e-12);
    cr_assert_eq(s->horizon.nestates, 1);
    cr_assert_eq(s->horizon.estates[0].year, 2075);
    cr_assert_eq(s->horizon.estates[0].e.nmaturation, 2);
    zp_scenario_free(s);
    free(ok);

    PARSE_ERROR("horizon:\n"
                "  birth_trend: -0.1\n",
                FIRST, "horizon", "missing years");
    PARSE_ERROR("horizon:\n"
                "  years: 2035..2026\n",
                FIRST + 1, "horizon.years", "'2035..2026'");
    PARSE_ERROR("horizon:\n"
                "  years: 2026..2090\n",
                FIRST + 1, "horizon.years", "at most 50", "'2026..2090'");
    PARSE_ERROR("horizon:\n"
                "  years: 2026..2028\n"
                "  grades: 7-2\n",
                FIRST + 2, "horizon.grades", "'7-2'");
    PARSE_ERROR("horizon:\n"
                "  years: 2026..2028\n"
                "  estates:\n"
                "    - {id: E, block: B002, completion: 2027, dwellings: 10,\n"
                "       yield: {primary: 0.5}, per_thousand: {primary: 80},\n"
                "       persons_per_household: 3}\n",
                FIRST + 3, "horizon.estates[1]", "yield", "per_thousand");
    PARSE_ERROR("horizon:\n"
                "  years: 2026..2028\n"
                "  estates:\n"
                "    - {id: E, block: B002, completion: 2027, dwellings: 10,\n"
                "       per_thousand: {primary: 80}}\n",
                FIRST + 3, "horizon.estates[1]", "persons_per_household");
    PARSE_ERROR("horizon:\n"
                "  years: 2026..2028\n"
                "  estates:\n"
                "    - {id: E, block: B002, completion: 2027, dwellings: 10,\n"
                "       yield: {primary: 0.5}}\n"
                "    - {id: F, block: B003, completion: 2030, dwellings: 10,\n"
                "       yield: {primary: 0.5}}\n",
                FIRST + 5, "horizon.estates[2].completion", "2030", "2027..2028");
    PARSE_ERROR("horizon:\n"
                "  years: 2026..2028\n"
                "  estates:\n"
                "    - {id: E, block: B002, completion: 2026, dwellings: 10,\n"
                "       yield: {primary: 0.5}}\n",
                FIRST + 3, "horizon.estates[1].completion", "2026");
    PARSE_ERROR("horizon:\n"
                "  years: 2026..2028\n"
                "  estates:\n"
                "    - {id: E, block: B002, completion: 2027, dwellings: 10,\n"
                "       yield: {primary: 0.5},\n"
                "       maturation: [0.5, 1.2]}\n",
                FIRST + 5, "horizon.estates[1].maturation", "1.2");
    PARSE_ERROR("horizon:\n"
                "  years: 2026..2028\n"
                "  variants: {low: {entry: 0}}\n",
                FIRST + 2, "horizon.variants.low.entry", "'0'");
    PARSE_ERROR("horizon:\n"
                "  years: 2026..2028\n"
                "  birth_trend: -1.5\n",
                FIRST + 2, "horizon.birth_trend", "-1.5");
    PARSE_ERROR("horizon:\n"
                "  years: 2026..2028\n"
                "  birth_rate: -0.02\n",
                FIRST + 2, "unknown key 'birth_rate'", "horizon", "birth_trend");
}

/* An estate in a block the district does not have: the scenario parses (ids are checked
 * against the data), zp_plan_load names the file, the estate's line, the estate and the id. */
Test(plan, estate_block_unknown_at_load)
{
    char *sc = row_district("horizon:\n"
                            "  years: 2026..2028\n"
                            "  estates:\n"
                            "    - {id: E, block: B002, completion: 2027, dwellings: 10,\n"
                            "       yield: {primary: 0.5}}\n"
                            "    - {id: WEST, blocks: [B001, B999], completion: 2027,\n"
                            "       dwellings: 10, yield: {primary: 0.5}}\n");
    zp_scenario *s = NULL;
    cr_assert_eq(zp_scenario_load(sc, &s), ZP_OK, "%s", zp_error_last());
    zp_scenario_free(s);
    zp_plan *p = NULL;
    cr_assert_eq(zp_plan_load(sc, 0, 0, &p), ZP_EINPUT);
    cr_assert_null(p);
    char where[1200];
    snprintf(where, sizeof where, "%s:%d:", sc, FIRST + 5);
    const char *msg = zp_error_last();
    cr_assert(strstr(msg, where), "'%s' not in: %s", where, msg);
    cr_assert(strstr(msg, "estate WEST") && strstr(msg, "no block B999"), "%s", msg);
    free(sc);
}

/* ---- 6. the CLI --------------------------------------------------------------------- */

/* The whole of a file; fails the test when it is missing. */
static char *slurp_in(const char *folder, const char *name, size_t *len)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    char *text = zpt_slurp(path, len);
    cr_assert_not_null(text, "missing %s", path);
    return text;
}

/* projection.csv's central rows summed per block, year and level: sum[(y * ZP_NLEVELS + l) *
 * nb + b]; the file's years must be first .. first + ny - 1 and blocks known. */
static void projection_sums(const char *path, const zp_plan *p, double *sum)
{
    const zp_dataset *ds = &p->st->run->ds;
    size_t nb = ds->nblocks;
    FILE *fp = fopen(path, "r");
    cr_assert_not_null(fp, "%s", path);
    char line[512];
    cr_assert_not_null(fgets(line, sizeof line, fp));
    cr_assert_str_eq(line, "block,year,grade,children,variant\n");
    size_t rows = 0;
    while (fgets(line, sizeof line, fp)) {
        char block[64], variant[16];
        int year, grade;
        double children;
        cr_assert_eq(
            sscanf(line, "%63[^,],%d,%d,%lf,%15s", block, &year, &grade, &children, variant), 5,
            "bad row: %s", line);
        rows++;
        if (strcmp(variant, "central"))
            continue;
        size_t b = 0;
        while (b < nb && strcmp(ds->blocks[b].id, block))
            b++;
        cr_assert_lt(b, nb, "unknown block %s", block);
        int y = year - p->first;
        cr_assert(y >= 0 && y < p->nyears, "year %d", year);
        cr_assert(grade >= 1 && grade <= ZP_NGRADES, "grade %d", grade);
        int l = zp_proj_grade_level(&p->st->run->sc->horizon.rules, grade - 1);
        sum[((size_t)y * ZP_NLEVELS + (size_t)l) * nb + b] += children;
    }
    fclose(fp);
    cr_assert_gt(rows, 0);
}

/* The 3 x 1 district with estate E (above) and today's school: `zoneplan plan` writes its
 * folder; years.csv has 3 years x 2 levels; projection.csv agrees with the library. */
#define CLI_YAML                                                                                   \
    ROW_HORIZON "  estates:\n"                                                                     \
                "    - {id: E, blocks: [B002, B003], completion: 2027, dwellings: 200,\n"          \
                "       yield: {primary: 0.6, junior: 0.3}, maturation: [0.5, 1]}\n"

Test(plan, cli_plan_writes_the_folder, .timeout = 180)
{
    char *sc = row_district(CLI_YAML), *out = zpt_path(dir, "plan-out"), *log = NULL, args[3000];
    snprintf(args, sizeof args, "plan %s --out %s --quiet", sc, out);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    free(log);
    const char *files[] = {"projection.csv",    "years.csv",         "schedule.yaml",
                           "chart-primary.png", "chart-primary.svg", "report.md"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        size_t len = 0;
        char *text = slurp_in(out, files[i], &len);
        cr_assert_gt(len, 0, "%s is empty", files[i]);
        free(text);
    }
    size_t len = 0;
    char *png = slurp_in(out, "chart-primary.png", &len);
    cr_assert(len > 8 && !memcmp(png, "\x89PNG\r\n\x1a\n", 8), "chart-primary.png is no PNG");
    free(png);

    /* years.csv: the header, then one row per year and level, in order; A's and the
     * estate's children (central): 2026 60 / 30, 2027 59 + 60 = 119 / 30 + 30 = 60,
     * 2028 57 + 120 = 177 / 30 + 60 = 90; places: S1's 200 and 100 */
    char *years = slurp_in(out, "years.csv", NULL);
    const char *header =
        "year,level,children_low,children,children_high,places_today,places,shortfall_today,"
        "shortfall,shortfall_high,assigned,mean_walk_m,over_capacity_fixed,large_classes_fixed,"
        "over_cap_fixed,outside_fixed\n";
    cr_assert(!strncmp(years, header, strlen(header)), "years.csv begins:\n%.300s", years);
    const long want_children[3][2] = {{60, 30}, {119, 60}, {177, 90}};
    char *row = years + strlen(header);
    int nrows = 0;
    for (char *nl; *row; row = nl + 1, nrows++) {
        nl = strchr(row, '\n');
        cr_assert_not_null(nl);
        cr_assert_lt(nrows, 6, "more than 3 years x 2 levels: %s", row);
        int year = 0;
        char level[16];
        long lo, mid, hi, places_today, places;
        cr_assert_eq(sscanf(row, "%d,%15[^,],%ld,%ld,%ld,%ld,%ld", &year, level, &lo, &mid, &hi,
                            &places_today, &places),
                     7, "row %.*s", (int)(nl - row), row);
        int y = nrows / 2, l = nrows % 2;
        cr_assert_eq(year, 2026 + y);
        cr_assert_str_eq(level, zp_level_name((zp_level)l));
        cr_assert_eq(mid, want_children[y][l], "%d %s: %ld children", year, level, mid);
        cr_assert(lo <= mid && mid <= hi);
        cr_assert_eq(places_today, l == ZP_PRIMARY ? 200 : 100);
        cr_assert_eq(places, places_today, "no siting: today's places");
    }
    cr_assert_eq(nrows, 6, "%d rows", nrows);
    free(years);

    /* projection.csv's central rows, summed per block, year and level and rounded, are the
     * library's demand.
     * projection.csv is written after zp_plan_solve from zp_plan_block, which projected from
     * the last year's demand instead of the data until fixed (see
     * block_projection_unchanged_by_solve): B001's 2026 rows read 9.50 per primary grade (57,
     * 2028's figure) where the data has 10 (60), and B002's 2026 rows 10.00 per grade (its 2028
     * demand, estate included) before the estate exists. */
    zp_plan *p = load_plan(sc);
    size_t nb = p->st->run->ds.nblocks, n = (size_t)p->nyears * ZP_NLEVELS * nb;
    double *sum = calloc(n, sizeof *sum);
    char *csv = zpt_path(dir, "plan-out/projection.csv");
    projection_sums(csv, p, sum);
    int wrong = 0;
    char first_wrong[256] = "";
    for (int y = 0; y < p->nyears; y++)
        for (int l = 0; l < ZP_NLEVELS; l++)
            for (size_t b = 0; b < nb; b++) {
                double s = sum[((size_t)y * ZP_NLEVELS + (size_t)l) * nb + b];
                int32_t d = zp_plan_demand(p, ZP_VARIANT_CENTRAL, y, l, b);
                if ((int32_t)llround(s) != d && !wrong++)
                    snprintf(first_wrong, sizeof first_wrong,
                             "%s %d %s: projection.csv %.2f, demand %d",
                             p->st->run->ds.blocks[b].id, p->first + y, zp_level_name((zp_level)l),
                             s, d);
            }
    /* not fatal: the reruns below are checked either way */
    cr_expect_eq(wrong, 0, "%d of %zu block-year-level sums differ; the first: %s", wrong, n,
                 first_wrong);
    /* and the sums are not all zero: A's 2028 primary is 57 */
    cr_expect_eq(llround(sum[((size_t)2 * ZP_NLEVELS + ZP_PRIMARY) * nb + A]), 57);
    free(sum);
    free(csv);
    zp_plan_free(p);

    /* again into the same folder: succeeds, the same bytes */
    const char *same[] = {"years.csv", "projection.csv", "chart-primary.png"};
    char *before[3];
    size_t blen[3];
    for (int i = 0; i < 3; i++)
        before[i] = slurp_in(out, same[i], &blen[i]);
    cr_assert_eq(zpt_cli(args, &log), 0, "second run: %s", log);
    free(log);
    for (int i = 0; i < 3; i++) {
        size_t alen = 0;
        char *after = slurp_in(out, same[i], &alen);
        cr_assert(alen == blen[i] && !memcmp(after, before[i], alen), "%s differs between runs",
                  same[i]);
        free(after);
        free(before[i]);
    }
    free(sc), free(out);
}

/* The build-before-close district through the CLI: schedule.yaml names 2028 with the opening
 * before S1's closure, and nothing before. years.csv's primary rows:
 *   2027: 40 children in every variant (B001 low: g1 = 3.333 x 0.95 x 0.99 = 3.135, g2..g6 =
 *         3.3 -> 19.6 -> 20; high: 3.535 + 5 x 3.367 = 20.4 -> 20), 50 places, none short;
 *   2028: low 19 + 19 + 60 = 98 (B001: 2 x 3.104 + 4 x 3.267 = 19.3), high 21 + 21 + 60 = 102
 *         (2 x 3.570 + 4 x 3.400 = 20.7); places 50 today, 110 scheduled (S2 20 + N 90);
 *         50 short today, none scheduled; the high variant 1 short: whole blocks, N takes B003's
 *         60 and one block of 21 (81 of 90), S2 the other 21 in its 20 places. */
Test(plan, cli_schedule_yaml, .timeout = 180)
{
    char *sc = bbc_district(), *out = zpt_path(dir, "plan-out"), *log = NULL, args[3000];
    snprintf(args, sizeof args, "plan %s --out %s --quiet", sc, out);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    free(log);
    char *yaml = slurp_in(out, "schedule.yaml", NULL);
    const char *y2028 = strstr(yaml, "  2028:\n"),
               *add = y2028 ? strstr(y2028, "add_school") : NULL,
               *close = y2028 ? strstr(y2028, "close_school: {id: S1}") : NULL;
    cr_assert(y2028 && add && close && add < close, "schedule.yaml:\n%s", yaml);
    cr_assert_null(strstr(yaml, "  2026:"), "%s", yaml);
    cr_assert_null(strstr(yaml, "  2027:"), "%s", yaml);
    free(yaml);
    char *years = slurp_in(out, "years.csv", NULL);
    cr_assert(strstr(years, "\n2028,primary,98,100,102,50,110,50,0,1,"), "%s", years);
    cr_assert(strstr(years, "\n2027,primary,40,40,40,50,50,0,0,0,"), "%s", years);
    free(years);
    free(sc), free(out);
}

/* Refusals: --years backwards is a usage error (1); a scenario without horizon: is bad input
 * (2, "no horizon"); a `zoneplan run` folder is not overwritten (2, and it stays a run's). */
Test(plan, cli_plan_refusals, .timeout = 180)
{
    char *sc = row_district(ROW_HORIZON), *out = zpt_path(dir, "o"), *log = NULL, args[3000];
    snprintf(args, sizeof args, "plan %s --years 2030..2026 --out %s --quiet", sc, out);
    cr_assert_eq(zpt_cli(args, &log), 1, "%s", log);
    cr_assert(strstr(log, "--years"), "%s", log);
    free(log);
    struct stat sb;
    cr_assert_neq(stat(out, &sb), 0, "nothing written");
    free(sc);

    sc = row_district(NULL);
    snprintf(args, sizeof args, "plan %s --out %s --quiet", sc, out);
    cr_assert_eq(zpt_cli(args, &log), 2, "%s", log);
    cr_assert(strstr(log, "no horizon"), "%s", log);
    free(log);
    cr_assert_neq(stat(out, &sb), 0, "nothing written");
    free(sc);

    sc = row_district(ROW_HORIZON);
    char *runs = zpt_path(dir, "run-out");
    snprintf(args, sizeof args, "run %s --out %s --no-publish --quiet", sc, runs);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    free(log);
    snprintf(args, sizeof args, "plan %s --out %s --quiet", sc, runs);
    cr_assert_eq(zpt_cli(args, &log), 2, "%s", log);
    free(log);
    char *summary = slurp_in(runs, "summary.json", NULL);
    free(summary);
    char years[2048];
    snprintf(years, sizeof years, "%s/years.csv", runs);
    cr_assert_neq(stat(years, &sb), 0, "the run folder got a years.csv");
    free(sc), free(out), free(runs);
}

/* ---- redraw_applies_to: intake ---------------------------------------------------- */

/* Blocks A (B001) and B (B002); A has 60 primary children (10 per grade), today all at S1 in
 * A, which has 55 places; S2 in B has 100. Progression 1, births flat.
 * intake, 2026: grades 2-6 (50) stay at S1, leaving it 5 places; A's 10 entrants cannot go
 *   whole to S1, so they go to S2 (the block is whole at one school). 2027: last year's
 *   entrants (now grade 2, 10) stay at S2, grades 3-6 (40) at S1, which now has 15 places:
 *   A's 10 entrants go to S1, its nearest. Each year assigns 10 children, none short.
 * all, 2026: all 60 go whole to S2 (S1 has 55). */
static const int in_pri[2] = {60, 0}, in_jun[2] = {0, 0};
static const char *in_cur[2] = {"S1", "S1"};
static const zpt_school in_schools[] = {{"S1", "城关小学", "primary", 100, 100, 55, 0, 2, 0},
                                        {"S2", "东门小学", "primary", 300, 100, 100, 0, 3, 0}};

static zp_plan *intake_plan(const char *applies)
{
    char yaml[1024];
    snprintf(yaml, sizeof yaml,
             "policy: {redraw_applies_to: %s}\n"
             "horizon:\n"
             "  years: 2026..2027\n"
             "  birth_trend: 0\n"
             "  progression: {g1: 1, g2: 1, g3: 1, g4: 1, g5: 1, g6: 1, g7: 1, g8: 1}\n",
             applies);
    zpt_grid g = {.nx = 2,
                  .ny = 1,
                  .pri = in_pri,
                  .jun = in_jun,
                  .cur_pri = in_cur,
                  .schools = in_schools,
                  .nschools = 2};
    char *sc = zpt_write_grid(dir, &g, yaml);
    zp_plan *p = load_plan(sc);
    free(sc);
    cr_assert_eq(zp_plan_solve(p), ZP_OK, "%s", zp_error_last());
    return p;
}

Test(plan, intake_entrants_only, .timeout = 120)
{
    zp_plan *p = intake_plan("intake");
    cr_assert_eq(p->intake, 1);
    size_t nb = p->st->run->ds.nblocks;
    cr_assert_eq(nb, 2);
    for (int path = 0; path < 2; path++) { /* today's schools and the (empty) schedule */
        const int32_t *e = p->entered[path];
        cr_assert_not_null(e);
        cr_assert_eq(e[(0 * ZP_NLEVELS + ZP_PRIMARY) * nb + 0], 1, "2026: A's entrants at S2");
        cr_assert_eq(e[(1 * ZP_NLEVELS + ZP_PRIMARY) * nb + 0], 0, "2027: A's entrants at S1");
    }
    for (int y = 0; y < 2; y++) {
        const zp_plan_year *py = &p->years[(size_t)y * ZP_NLEVELS + ZP_PRIMARY];
        cr_assert_eq(py->assigned, 10, "%d: %lld assigned", 2026 + y, (long long)py->assigned);
        cr_assert_eq(py->shortfall, 0);
        cr_assert_eq(py->children[ZP_VARIANT_CENTRAL], 60);
    }
    zp_plan_free(p);
    p = intake_plan("all");
    cr_assert_eq(p->intake, 0);
    cr_assert_null(p->entered[1]);
    cr_assert_eq(p->years[ZP_PRIMARY].assigned, 60, "all: every child each year");
    cr_assert_eq(p->years[ZP_PRIMARY].shortfall, 0);
    zp_plan_free(p);
}

/* Level totals only: `all` unless the policy says intake; a value that is neither is refused. */
Test(plan, redraw_applies_to_default_and_errors)
{
    char *sc = row_district(ROW_HORIZON);
    zp_plan *p = load_plan(sc);
    cr_assert_eq(p->intake, 0, "the blocks give no grades: every pupil is redrawn");
    zp_plan_free(p);
    free(sc);
    sc = row_district("policy: {redraw_applies_to: entrants}\n" ROW_HORIZON);
    zp_scenario *s = NULL;
    cr_assert_eq(zp_scenario_load(sc, &s), ZP_EINPUT);
    cr_assert_not_null(strstr(zp_error_last(), "scenario.yaml:8: policy.redraw_applies_to: "
                                               "expected intake"),
                       "%s", zp_error_last());
    free(sc);
}

/* ---- per-block migration ------------------------------------------------------------- */

/* The row district's blocks.dbf with a MIG field: A 0.1, B empty (NULL), C c_rate. */
static void add_migration(double c_rate)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/blocks.dbf", dir);
    DBFHandle h = DBFOpen(path, "r+b");
    cr_assert_not_null(h);
    int f = DBFAddField(h, "MIG", FTDouble, 10, 4);
    cr_assert_geq(f, 0);
    cr_assert(DBFWriteDoubleAttribute(h, 0, f, 0.1));
    cr_assert(DBFWriteNULLAttribute(h, 1, f));
    cr_assert(DBFWriteDoubleAttribute(h, 2, f, c_rate));
    DBFClose(h);
}

/* blocks.migration: MIG. A (60 primary, 30 junior, 10 per grade), progression 1, births flat,
 * its own rate +10 % a year: every grade x 1.1 in 2027 (60 -> 66 primary, 30 -> 33 junior),
 * x 1.21 in 2028 (72.6 -> 73, 36.3 -> 36). The horizon's rate (0) for B, whose field is
 * empty. A rate of -1 or less is refused with the file, record and field. */
Test(plan, per_block_migration, .timeout = 60)
{
    const char *yaml = "horizon:\n"
                       "  years: 2026..2028\n"
                       "  birth_trend: 0\n"
                       "  migration: 0\n"
                       "  progression: {g1: 1, g2: 1, g3: 1, g4: 1, g5: 1, g6: 1, g7: 1, g8: 1}\n";
    char *sc = row_district(yaml);
    char *text = zpt_slurp(sc, NULL);
    char *mapped = NULL; /* the fixture's blocks mapping with migration: MIG added */
    char *at = strstr(text, "children: {primary: PRI, junior: JUN}");
    cr_assert_not_null(at);
    cr_assert_geq(asprintf(&mapped, "%.*smigration: MIG, %s", (int)(at - text), text, at), 0);
    zpt_write(sc, mapped);
    add_migration(0);
    zp_plan *p = load_plan(sc);
    cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, 1, ZP_PRIMARY, A), 66);
    cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, 1, ZP_JUNIOR, A), 33);
    cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, 2, ZP_PRIMARY, A), 73);
    cr_assert_eq(zp_plan_demand(p, ZP_VARIANT_CENTRAL, 2, ZP_JUNIOR, A), 36);
    zp_plan_free(p);
    free(row_district(NULL)); /* the layer again, C's rate out of range */
    zpt_write(sc, mapped);
    add_migration(-1.5);
    p = NULL;
    cr_assert_eq(zp_plan_load(sc, 0, 0, &p), ZP_EINPUT);
    cr_assert_not_null(strstr(zp_error_last(), "blocks.dbf: record 3: field MIG: expected a "
                                               "yearly rate above -1"),
                       "%s", zp_error_last());
    free(mapped);
    free(text);
    free(sc);
}

/* ---- found by review ------------------------------------------------------------------ */

/* Intake, one block A (60 primary, 10 per grade) at S1 with 55 places, entrants doubling a
 * year (birth_trend 1). The children without a place stay without one: a cohort keeps only
 * the share that got a place, the rest is placed again each year.
 *   2026: grades 2-6 (50) stay, room 5; entrants 10: 5 placed, 5 short (share 0.5).
 *   2027: 2026's cohort, now grade 2: 5 stay, 5 again; grades 3-6 (40) stay: room 10;
 *         entrants 20 + 5 = 25: 10 placed, 15 short (share 0.4).
 *   2028: 2027's cohort: 8 stay, 12 again; 2026's: 5 stay, 5 again; grades 4-6: 30; room 12;
 *         entrants 40 + 12 + 5 = 57: 12 placed, 45 short: 100 children, 55 places. */
Test(plan, intake_keeps_the_unplaced_short, .timeout = 60)
{
    static const int pri[1] = {60}, jun[1] = {0};
    static const char *cur[1] = {"S1"};
    static const zpt_school one[] = {{"S1", "城关小学", "primary", 100, 100, 55, 0, 2, 0}};
    zpt_grid g = {
        .nx = 1, .ny = 1, .pri = pri, .jun = jun, .cur_pri = cur, .schools = one, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g,
                              "policy: {redraw_applies_to: intake}\n"
                              "horizon:\n"
                              "  years: 2026..2028\n"
                              "  birth_trend: 1\n"
                              "  progression: {g1: 1, g2: 1, g3: 1, g4: 1, g5: 1, g6: 1, g7: 1, "
                              "g8: 1}\n");
    zp_plan *p = load_plan(sc);
    cr_assert_eq(zp_plan_solve(p), ZP_OK, "%s", zp_error_last());
    const int64_t want[3] = {5, 15, 45};
    for (int y = 0; y < 3; y++)
        cr_assert_eq(p->years[(size_t)y * ZP_NLEVELS + ZP_PRIMARY].shortfall_today, want[y],
                     "%d: %lld short", 2026 + y,
                     (long long)p->years[(size_t)y * ZP_NLEVELS + ZP_PRIMARY].shortfall_today);
    cr_assert_eq(p->years[2 * ZP_NLEVELS + ZP_PRIMARY].children[ZP_VARIANT_CENTRAL], 100);
    zp_plan_free(p);
    free(sc);
}

/* A siting: section with nothing to site for (every child has a place at the peak): the
 * plan opens nothing and still runs (a falling district times its closures). */
Test(plan, nothing_to_site, .timeout = 60)
{
    char *sc = row_district(ROW_HORIZON "siting:\n"
                                        "  candidates: {grid: {spacing_m: 200}}\n"
                                        "  designs: [{type: primary, classes: 2}]\n"
                                        "  open: 1\n");
    zp_plan *p = load_plan(sc);
    cr_assert_eq(zp_plan_solve(p), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(p->st->nchosen, 0);
    cr_assert_eq(p->years[ZP_PRIMARY].shortfall, 0);
    zp_plan_free(p);
    free(sc);
}

/* --years outside horizon.years, or (intake) after the data's year; rates that would overflow
 * a block; a project folder where a plan folder is. */
Test(plan, refusals_found_by_review, .timeout = 120)
{
    char *sc = row_district(ROW_HORIZON);
    zp_plan *p = NULL;
    cr_assert_eq(zp_plan_load(sc, 2026, 2030, &p), ZP_EINPUT);
    cr_assert_not_null(strstr(zp_error_last(), "outside horizon.years (2026..2028)"), "%s",
                       zp_error_last());
    free(sc);
    sc = row_district("policy: {redraw_applies_to: intake}\n" ROW_HORIZON);
    cr_assert_eq(zp_plan_load(sc, 2027, 2028, &p), ZP_EINPUT);
    cr_assert_not_null(strstr(zp_error_last(), "under policy.redraw_applies_to: intake"), "%s",
                       zp_error_last());
    free(sc);
    sc = row_district("horizon: {years: 2026..2075, migration: 1}\n"); /* 60 x 2^49 */
    cr_assert_eq(zp_plan_load(sc, 0, 0, &p), ZP_EINPUT);
    cr_assert_not_null(strstr(zp_error_last(), "block B001 would have"), "%s", zp_error_last());
    free(sc);
    sc = row_district(ROW_HORIZON);
    char args[2048], *out = NULL;
    snprintf(args, sizeof args, "plan %s --out %s/o --quiet", sc, dir);
    cr_assert_eq(zpt_cli(args, &out), 0, "%s", out);
    free(out);
    snprintf(args, sizeof args, "project %s --out %s/o --quiet", sc, dir);
    cr_assert_eq(zpt_cli(args, &out), 2, "%s", out);
    cr_assert_not_null(strstr(out, "plan folder"), "%s", out);
    free(out);
    free(sc);
}
