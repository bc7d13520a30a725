/* Demand over the years by hand (zoneplan/project.h): cohort survival on a three-block
 * district, entrants from the children aged 0-5 and then the birth trend, migration and the
 * variants, estates phasing in after completion (六三制 and 五四制), ratios recovered from a
 * history built with known ones, and the error of a projection. Every expected figure is
 * worked out in the comment above it. Also the generator's children aged 0-5, which the
 * projection starts from. */
#include <criterion/criterion.h>
#include <math.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "zoneplan/errors.h"
#include "zoneplan/project.h"

#define AT(out, y, g) (out)[(y)*ZP_NGRADES + (g)]

static zp_proj_rules rules_by_hand(void)
{
    zp_proj_rules r;
    zp_proj_rules_default(&r);
    for (int g = 0; g < ZP_NGRADES - 1; g++)
        r.progression[g] = 1.0;
    r.progression[5] = 0.9; /* g6 -> g7 */
    r.birth_trend = -0.1;
    return r;
}

static void expect_row(const double *out, int y, const double *want)
{
    for (int g = 0; g < ZP_NGRADES; g++)
        cr_assert_float_eq(AT(out, y, g), want[g], 1e-9, "year %d, g%d: %.6f, want %.6f", y, g + 1,
                           AT(out, y, g), want[g]);
}

/* Block A: grades 100, 90, ..., 20; aged 0-5: 60, 70, 80, 90, 95, 100; no migration.
 * Year 1: g1 = the 5-year-olds, 100; g2-g6 = last year's g1-g5 (100, 90, 80, 70, 60);
 *         g7 = g6 x 0.9 = 45; g8, g9 = 40, 30.
 * Year 2: g1 = the 4-year-olds now, 95; g2-g6 = 100, 100, 90, 80, 70; g7 = 60 x 0.9 = 54;
 *         g8, g9 = 45, 40.
 * Year 6: g1 = the babies now, 60. Year 7: beyond them, 60 x 0.9 = 54; year 8: 60 x 0.81 =
 * 48.6. */
Test(project, cohorts_progress_grade_by_grade)
{
    zp_proj_rules r = rules_by_hand();
    const double a0[ZP_NGRADES] = {100, 90, 80, 70, 60, 50, 40, 30, 20};
    const double ages[6] = {60, 70, 80, 90, 95, 100};
    double out[9 * ZP_NGRADES];
    zp_proj_block(&r, ZP_VARIANT_CENTRAL, a0, ages, 0, 8, out);
    expect_row(out, 0, a0);
    expect_row(out, 1, (double[]){100, 100, 90, 80, 70, 60, 45, 40, 30});
    expect_row(out, 2, (double[]){95, 100, 100, 90, 80, 70, 54, 45, 40});
    cr_assert_float_eq(AT(out, 6, 0), 60, 1e-9);
    cr_assert_float_eq(AT(out, 7, 0), 54, 1e-9);
    cr_assert_float_eq(AT(out, 8, 0), 48.6, 1e-9);
}

/* Block B: only 50 in grade 1, no ages known, 2 % net migration a year, births -10 %.
 * Year 1: g1 = 50 x 0.9 x 1.02 = 45.9; g2 = 50 x 1.02 = 51.
 * Year 2: g1 = 50 x 0.81 x 1.0404 = 42.1362; g2 = 45.9 x 1.02 = 46.818; g3 = 52.02.
 * Block C: nothing at all stays nothing. Low variant on block A: entrants x 0.95 and migration
 * -1 %: year 1 g1 = 100 x 0.95 x 0.99 = 94.05, g2 = 100 x 0.99 = 99; high: 100 x 1.05 x 1.01 =
 * 106.05. */
Test(project, migration_trend_and_variants)
{
    zp_proj_rules r = rules_by_hand();
    const double b0[ZP_NGRADES] = {50}, c0[ZP_NGRADES] = {0};
    double out[3 * ZP_NGRADES];
    zp_proj_block(&r, ZP_VARIANT_CENTRAL, b0, NULL, 0.02, 2, out);
    expect_row(out, 1, (double[]){45.9, 51, 0, 0, 0, 0, 0, 0, 0});
    expect_row(out, 2, (double[]){42.1362, 46.818, 52.02, 0, 0, 0, 0, 0, 0});
    zp_proj_block(&r, ZP_VARIANT_CENTRAL, c0, NULL, 0.02, 2, out);
    expect_row(out, 2, c0);
    const double a0[ZP_NGRADES] = {100, 90, 80, 70, 60, 50, 40, 30, 20};
    const double ages[6] = {60, 70, 80, 90, 95, 100};
    zp_proj_block(&r, ZP_VARIANT_LOW, a0, ages, 0, 1, out);
    cr_assert_float_eq(AT(out, 1, 0), 94.05, 1e-9);
    cr_assert_float_eq(AT(out, 1, 1), 99, 1e-9);
    zp_proj_block(&r, ZP_VARIANT_HIGH, a0, ages, 0, 1, out);
    cr_assert_float_eq(AT(out, 1, 0), 106.05, 1e-9);
    cr_assert_str_eq(zp_variant_name(ZP_VARIANT_LOW), "low");
}

/* 500 homes completing in year 2, 0.3 primary and 0.12 junior pupils per home, the floor area
 * ratio raised by 1.2, the default maturation 0.4, 0.7, 0.9, 1:
 * year 2: primary 500 x 0.3 x 1.2 x 0.4 = 72 (12 per grade over g1-g6), junior 28.8 (9.6 per
 * grade over g7-g9); year 3: x 0.7: 21 and 16.8; year 5 (mature): 30 and 24.
 * Under 五四制 (primary g1-g5) year 5: 180 / 5 = 36 and 72 / 4 = 18.
 * 40 places per 1,000 residents x 3 persons per home = 0.12 pupils per home. */
Test(project, estates_phase_in_after_completion)
{
    zp_proj_rules r;
    zp_proj_rules_default(&r);
    zp_proj_estate e = {.completion = 2, .dwellings = 500, .yield = {0.3, 0.12}, .far_scale = 1.2};
    double out[6 * ZP_NGRADES] = {0};
    zp_proj_estate_add(&r, &e, 5, out);
    expect_row(out, 1, (double[]){0, 0, 0, 0, 0, 0, 0, 0, 0});
    expect_row(out, 2, (double[]){12, 12, 12, 12, 12, 12, 9.6, 9.6, 9.6});
    expect_row(out, 3, (double[]){21, 21, 21, 21, 21, 21, 16.8, 16.8, 16.8});
    expect_row(out, 5, (double[]){30, 30, 30, 30, 30, 30, 24, 24, 24});
    memset(out, 0, sizeof out);
    r.primary_grades = 5;
    zp_proj_estate_add(&r, &e, 5, out);
    expect_row(out, 5, (double[]){36, 36, 36, 36, 36, 18, 18, 18, 18});
    cr_assert_eq(zp_proj_grade_level(&r, 4), ZP_PRIMARY);
    cr_assert_eq(zp_proj_grade_level(&r, 5), ZP_JUNIOR);
    cr_assert_float_eq(zp_proj_yield_per_thousand(40, 3), 0.12, 1e-12);
}

/* A history built here with known ratios q[g] = 0.95 + 0.01 g and arbitrary entrants: the
 * grade-progression-ratio estimate recovers every q exactly, and a one-year projection from
 * its last year, with the recovered ratios, has no error in the grades that follow from it
 * (g2-g9). */
Test(project, ratios_recovered_from_history)
{
    const double entry[8] = {100, 120, 90, 110, 105, 98, 101, 99};
    double q[ZP_NGRADES - 1], h[8 * ZP_NGRADES];
    for (int g = 0; g < ZP_NGRADES - 1; g++)
        q[g] = 0.95 + 0.01 * g;
    for (int g = 0; g < ZP_NGRADES; g++)
        AT(h, 0, g) = 100 - 5 * g;
    for (int y = 1; y < 8; y++) {
        AT(h, y, 0) = entry[y];
        for (int g = 1; g < ZP_NGRADES; g++)
            AT(h, y, g) = AT(h, y - 1, g - 1) * q[g - 1];
    }
    zp_proj_rules r;
    zp_proj_rules_default(&r);
    cr_assert_eq(zp_proj_ratios(h, 7, r.progression), 0); /* the last year held back */
    for (int g = 0; g < ZP_NGRADES - 1; g++)
        cr_assert_float_eq(r.progression[g], q[g], 1e-12, "g%d -> g%d", g + 1, g + 2);
    double out[2 * ZP_NGRADES];
    zp_proj_block(&r, ZP_VARIANT_CENTRAL, &AT(h, 6, 0), NULL, 0, 1, out);
    double mape = zp_proj_mape(&AT(h, 7, 1), &AT(out, 1, 1), ZP_NGRADES - 1);
    cr_assert_float_eq(mape, 0, 1e-12);
    cr_assert_eq(zp_proj_ratios(h, 1, r.progression), -1);
}

/* |110 - 100| / 100 = 0.1, |190 - 200| / 200 = 0.05, an actual 0 left out, 50 exact:
 * (0.1 + 0.05 + 0) / 3 = 0.05; nothing to count: NAN. */
Test(project, mean_absolute_percentage_error)
{
    const double actual[] = {100, 200, 0, 50}, proj[] = {110, 190, 5, 50};
    cr_assert_float_eq(zp_proj_mape(actual, proj, 4), 0.05, 1e-12);
    cr_assert(isnan(zp_proj_mape(actual + 2, proj + 2, 1)));
}

/* The generator's children aged 0-5 (blocks.dbf AGE0..AGE5), read back here: in every block
 * each age is its primary children per grade (PRI / 6) x the births step to the power of the
 * years between that age and 6, within the noise of +/- 10 % (and half a child of rounding),
 * with one step for the whole block: 1.04 in a new estate, 0.93 elsewhere. */
Test(project, generated_ages_follow_the_births_steps)
{
    char *dir = zpt_tmpdir(), cmd[2048], path[1100], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s gen --out %s/d --blocks 300 --schools 8 --seed 5", ZP_CLI, dir);
    cr_assert_eq(zpt_run(cmd, &out), 0, "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/d/blocks.dbf", dir);
    DBFHandle h = DBFOpen(path, "rb");
    cr_assert_not_null(h);
    int fp = DBFGetFieldIndex(h, "PRI"), fa[6], estates = 0, others = 0;
    for (int a = 0; a < 6; a++) {
        char name[8];
        snprintf(name, sizeof name, "AGE%d", a);
        cr_assert_geq(fa[a] = DBFGetFieldIndex(h, name), 0, "no field %s", name);
    }
    const double step[2] = {1.04, 0.93};
    for (int r = 0; r < DBFGetRecordCount(h); r++) {
        double per_grade = DBFReadIntegerAttribute(h, r, fp) / 6.0;
        int fits[2] = {1, 1};
        for (int k = 0; k < 2; k++)
            for (int a = 0; a < 6; a++) {
                double x = per_grade * pow(step[k], 6 - a);
                int got = DBFReadIntegerAttribute(h, r, fa[a]);
                fits[k] &= got >= x * 0.9 - 0.5 - 1e-9 && got <= x * 1.1 + 0.5 + 1e-9;
            }
        cr_assert(fits[0] || fits[1], "record %d: ages do not follow either births step", r + 1);
        estates += fits[0] && !fits[1];
        others += fits[1] && !fits[0];
    }
    DBFClose(h);
    cr_assert_gt(estates, 0, "no block reads as a growing estate");
    cr_assert_gt(others, 0, "no block reads as falling births");
    zpt_rmtree(dir);
    free(dir);
}

/* ---- history tables and backtesting ------------------------------------------------- */

static char *history_file(const char *dir, const char *text)
{
    char *path = NULL;
    cr_assert_geq(asprintf(&path, "%s/history.csv", dir), 0);
    zpt_write(path, text);
    return path;
}

/* A table with Excel's byte-order mark, a quoted id holding a comma, rows out of order: read
 * back unit by unit in the order they first appear, every year in place. */
Test(project, history_read_back)
{
    char *dir = zpt_tmpdir(),
         *path = history_file(dir, "\xEF\xBB\xBFschool,year,g1,g2,g3,g4,g5,g6,g7,g8,g9\n"
                                   "\"S1, 城关\",2021,10,11,12,13,14,15,0,0,0\n"
                                   "S2,2020,0,0,0,0,0,0,30,31,32.5\n"
                                   "\"S1, 城关\",2020,9,10,11,12,13,14,0,0,0\n"
                                   "S2,2021,0,0,0,0,0,0,29,30,31\n");
    zp_history h;
    cr_assert_eq(zp_history_read(path, &h), 0, "%s", zp_error_last());
    cr_assert_eq(h.by_block, 0);
    cr_assert_eq(h.nunits, 2);
    cr_assert_str_eq(h.id[0], "S1, 城关");
    cr_assert_eq(h.first, 2020);
    cr_assert_eq(h.nyears, 2);
    cr_assert_float_eq(h.pupils[(0 * 2 + 1) * ZP_NGRADES + 0], 10, 1e-12);   /* S1 2021 g1 */
    cr_assert_float_eq(h.pupils[(1 * 2 + 0) * ZP_NGRADES + 8], 32.5, 1e-12); /* S2 2020 g9 */
    double county[ZP_NGRADES];
    zp_history_county(&h, 0, county); /* 2020: S1's 9 .. 14, S2's 30, 31, 32.5 */
    cr_assert_float_eq(county[0], 9, 1e-12);
    cr_assert_float_eq(county[8], 32.5, 1e-12);
    zp_history_free(&h);
    zpt_rmtree(dir);
    free(path);
    free(dir);
}

/* Each malformed table is refused with the file, the line or unit, and what was expected. */
Test(project, history_malformed)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"school,year,g1,g2\n", ":1: expected the header school (or block),year,g1,...,g9"},
        {"school,year,g1,g2,g3,g4,g5,g6,g7,g8,g9\nS1,2020,1,2,3\n", ":2: expected 11 columns"},
        {"school,year,g1,g2,g3,g4,g5,g6,g7,g8,g9\nS1,20x0,1,2,3,4,5,6,7,8,9\n",
         ":2: column year: expected a year, found '20x0'"},
        {"school,year,g1,g2,g3,g4,g5,g6,g7,g8,g9\nS1,2020,1,2,-3,4,5,6,7,8,9\n",
         ":2: column g3: expected pupils (a number from 0 to 1e9), found '-3'"},
        {"school,year,g1,g2,g3,g4,g5,g6,g7,g8,g9\nS1,2020,1,2,3,4,5,6,7,8,9,10\n",
         ":2: more than 11 columns"},
        {"school,year,g1,g2,g3,g4,g5,g6,g7,g8,g9\nS1,2020,1,2,3,4,5,6,7,8,9\n"
         "S1,2020,1,2,3,4,5,6,7,8,9\n",
         ": school S1 has two rows for 2020"},
        {"block,year,g1,g2,g3,g4,g5,g6,g7,g8,g9\nB1,2020,1,2,3,4,5,6,7,8,9\n"
         "B2,2021,1,2,3,4,5,6,7,8,9\nB1,2021,1,2,3,4,5,6,7,8,9\n",
         ": block B2 has no row for 2020"},
        {"school,year,g1,g2,g3,g4,g5,g6,g7,g8,g9\n\"S1,2020,1,2,3,4,5,6,7,8,9\n", "not CSV"},
        {"school,year,g1,g2,g3,g4,g5,g6,g7,g8,g9\n", ": no rows after the header"},
    };
    char *dir = zpt_tmpdir();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = history_file(dir, cases[i].text);
        zp_history h;
        cr_assert_eq(zp_history_read(path, &h), ZP_EINPUT, "case %zu read", i);
        cr_assert_not_null(strstr(zp_error_last(), cases[i].want), "case %zu: %s", i,
                           zp_error_last());
        cr_assert_not_null(strstr(zp_error_last(), path), "case %zu: %s", i, zp_error_last());
        free(path);
    }
    zpt_rmtree(dir);
    free(dir);
}

/* A history made with known ratios and intake trends, unrounded: 2 schools, 2015-2024.
 * Primary school P: grade 1 of year t = 100 x 1.05^t, each cohort keeps 0.97 a year; junior
 * school J: grade 7 = 80 x 0.96^t, keeping 0.99. Hiding the last 4 years, the fit on the 6
 * before finds 0.97 and 0.99 and the projection the hidden years exactly. */
Test(project, backtest_recovers_known_ratios)
{
    zp_history h = {0};
    h.nunits = 2;
    h.first = 2015;
    h.nyears = 10;
    char *ids[] = {"P", "J"};
    h.id = ids;
    static double pupils[2 * 10 * ZP_NGRADES];
    h.pupils = pupils;
    for (int t = 0; t < 10; t++)
        for (int g = 0; g < 6; g++) /* entered in t - g, kept g years */
            pupils[(0 * 10 + t) * ZP_NGRADES + g] = 100 * pow(1.05, t - g) * pow(0.97, g);
    for (int t = 0; t < 10; t++)
        for (int g = 6; g < 9; g++)
            pupils[(1 * 10 + t) * ZP_NGRADES + g] = 80 * pow(0.96, t - (g - 6)) * pow(0.99, g - 6);
    zp_proj_rules r;
    zp_proj_rules_default(&r);
    zp_backtest bt;
    cr_assert_eq(zp_proj_backtest(&r, &h, 4, 1, &bt), 0, "%s", zp_error_last());
    cr_assert_eq(bt.fit_first, 2015);
    cr_assert_eq(bt.fit_last, 2020);
    for (int g = 0; g < 5; g++)
        cr_assert_float_eq(bt.progression[g], 0.97, 1e-12, "g%d: %.15f", g + 1, bt.progression[g]);
    for (int g = 6; g < 8; g++)
        cr_assert_float_eq(bt.progression[g], 0.99, 1e-12, "g%d: %.15f", g + 1, bt.progression[g]);
    for (int k = 0; k < 4; k++) {
        cr_assert_lt(bt.county_ape[k], 1e-12, "%d years ahead: %g", k + 1, bt.county_ape[k]);
        cr_assert_lt(bt.mape[k], 1e-12, "%d years ahead: %g", k + 1, bt.mape[k]);
    }
    /* P in 2021 (one year ahead): sum over g of 100 x 1.05^(6-g) x 0.97^g */
    double want = 0;
    for (int g = 0; g < 6; g++)
        want += 100 * pow(1.05, 6 - g) * pow(0.97, g);
    cr_assert_float_eq(bt.projected[0], want, 1e-9);
    zp_backtest_free(&bt);
    /* the default ratios instead (1, and 0.98 into junior): P's cohorts are kept whole, so
     * its projection is too high: an error that grows with the years ahead */
    cr_assert_eq(zp_proj_backtest(&r, &h, 4, 0, &bt), 0);
    cr_assert_gt(bt.mape[0], 0.01);
    cr_assert_gt(bt.mape[3], bt.mape[0]);
    zp_backtest_free(&bt);
    cr_assert_eq(zp_proj_backtest(&r, &h, 9, 1, &bt), ZP_EINPUT, "9 hidden leave one to fit");
    cr_assert_not_null(strstr(zp_error_last(), "the history has 10 years (2015..2024)"));
}

/* The generator's history (history.csv beside the layers, made with primary 0.99 and junior
 * 0.985 and rounded to whole pupils), backtested through the command over its last 5 years:
 * the ratios come back within rounding, the county's error is near zero. */
Test(project, backtest_on_the_generated_history)
{
    char *dir = zpt_tmpdir(), cmd[4096], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s gen --out %s/d --blocks 300 --schools 8 --seed 5", ZP_CLI, dir);
    cr_assert_eq(zpt_run(cmd, &out), 0, "%s", out);
    free(out);
    char yaml[1100], *scenario = NULL;
    snprintf(yaml, sizeof yaml,
             "name: backtest\n"
             "blocks: {path: d/blocks.shp, id: BLOCK_ID, children: {primary: PRI, junior: JUN}}\n"
             "schools: {path: d/schools.shp, id: SCHOOL_ID, type: TYPE,\n"
             "          capacity: {primary: CAP_PRI, junior: CAP_JUN}}\n"
             "horizon: {years: 2026..2030, history: d/history.csv}\n");
    cr_assert_geq(asprintf(&scenario, "%s/s.yaml", dir), 0);
    zpt_write(scenario, yaml);
    snprintf(cmd, sizeof cmd, "%s project %s --backtest 5 --out %s/p", ZP_CLI, scenario, dir);
    cr_assert_eq(zpt_run(cmd, &out), 0, "%s", out);
    free(out);
    char path[1200];
    snprintf(path, sizeof path, "%s/p/report.md", dir);
    char *report = zpt_slurp(path, NULL);
    cr_assert_not_null(report);
    const char *ratios = strstr(report, "Progression ratios used: ");
    cr_assert_not_null(ratios, "%s", report);
    double pr[8];
    cr_assert_eq(sscanf(ratios,
                        "Progression ratios used: 1→2 %lf, 2→3 %lf, 3→4 %lf, 4→5 %lf, "
                        "5→6 %lf, 6→7 %lf, 7→8 %lf, 8→9 %lf",
                        &pr[0], &pr[1], &pr[2], &pr[3], &pr[4], &pr[5], &pr[6], &pr[7]),
                 8, "%s", ratios);
    for (int g = 0; g < 5; g++)
        cr_assert(fabs(pr[g] - 0.99) < 0.003, "g%d: %.4f", g + 1, pr[g]);
    for (int g = 6; g < 8; g++)
        cr_assert(fabs(pr[g] - 0.985) < 0.003, "g%d: %.4f", g + 1, pr[g]);
    /* the county's error 1 and 5 years ahead, from the table's rows */
    const char *row1 = strstr(report, "| 1 | 2022 | "), *row5 = strstr(report, "| 5 | 2026 | ");
    double e1, e5;
    cr_assert(row1 && row5, "%s", report);
    cr_assert_eq(sscanf(row1, "| 1 | 2022 | %lf %%", &e1), 1);
    cr_assert_eq(sscanf(row5, "| 5 | 2026 | %lf %%", &e5), 1);
    cr_assert_lt(e1, 0.5, "county error 1 year ahead %.2f %%", e1);
    cr_assert_lt(e5, 1.0, "county error 5 years ahead %.2f %%", e5);
    free(report);
    free(scenario);
    zpt_rmtree(dir);
    free(dir);
}
