/* `zoneplan site` end to end on tiny districts: the search and the bound against an
 * exhaustive enumeration of every plan, the shortfall removed and the written files agreeing
 * with the result (sites.csv, changes.yaml, plan.yaml, plan/), `base:` scenarios, and the
 * siting: section's parse errors. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "fixture.h"
#include "site/site_internal.h"
#include "support.h"
#include "zoneplan/errors.h"
#include "zoneplan/scenario.h"
#include "zoneplan/siting.h"

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

TestSuite(siting, .init = setup, .fini = teardown);

/* ---- districts ---------------------------------------------------------------------- */

/* 6 x 4 blocks of 200 m, uneven primary counts (5..15, 239 in all), no junior children;
 * one primary school of 60 places in the south-west corner: a shortfall of 179. */
static int pri_uneven[24], jun_none[24];
static const zpt_school one_small[] = {{"S1", "城关小学", "primary", 100, 100, 60, 0, 2, 0}};

static void fill_uneven(void)
{
    for (int r = 0; r < 24; r++) {
        pri_uneven[r] = 5 + (r * 7) % 11;
        jun_none[r] = 0;
    }
}

/* Two levels: primary as above, junior 2..8 per block; one nine-year school with 80 primary
 * and 40 junior places near the middle of the west side. */
static int jun_uneven[24];
static const zpt_school one_nine[] = {
    {"S1", "城关九年一贯制学校", "nine_year", 100, 500, 80, 40, 2, 1}};

static void fill_two_levels(void)
{
    fill_uneven();
    for (int r = 0; r < 24; r++)
        jun_uneven[r] = 2 + (r * 5) % 7;
}

static int64_t total(const int *a, int n)
{
    int64_t t = 0;
    for (int i = 0; i < n; i++)
        t += a[i];
    return t;
}

/* ---- 1. the search and the bound against every plan ---------------------------------- */

/* The core's objective of the plan set[0..n). */
static double score_of(zp_siting *st, const int32_t *set, size_t n)
{
    zp_siting_score sc;
    zp_alloc_result res[ZP_NLEVELS];
    cr_assert_eq(zp_siting_score_set(st, set, n, &sc, res), ZP_OK, "%s", zp_error_last());
    for (int l = 0; l < ZP_NLEVELS; l++)
        zp_alloc_result_free(&res[l]);
    return sc.objective;
}

/* Every set of at most open_max (<= 2) options, one design per candidate, scored by the
 * core: the best objective, its set, and how many plans were scored. */
static double best_by_enumeration(zp_siting *st, size_t *plans, int32_t best_set[2], size_t *best_n)
{
    const zp_siting_spec *sp = &st->run->sc->siting;
    cr_assert_leq(sp->open_max, 2, "the enumeration covers at most two openings");
    cr_assert_eq(sp->budget, 0, "the enumeration ignores budgets");
    double best = HUGE_VAL;
    *plans = 0;
    *best_n = 0;
    for (size_t n = (size_t)sp->open_min; n <= (size_t)sp->open_max; n++) {
        int32_t set[2];
        for (size_t i = 0; i < (n ? st->nopt : 1); i++)
            for (size_t j = i + 1; j < (n == 2 ? st->nopt : i + 2); j++) {
                set[0] = (int32_t)i;
                set[1] = (int32_t)j;
                if (n == 2 && st->opt[i].cand == st->opt[j].cand)
                    continue; /* one design per candidate */
                double v = score_of(st, set, n);
                (*plans)++;
                if (v < best) {
                    best = v;
                    *best_n = n;
                    memcpy(best_set, set, sizeof set);
                }
            }
    }
    return best;
}

static void check_against_enumeration(const char *scenario, size_t min_options,
                                      const int64_t short_today[ZP_NLEVELS])
{
    zp_siting *st = NULL;
    cr_assert_eq(zp_siting_run(scenario, &st), ZP_OK, "%s", zp_error_last());
    for (int l = 0; l < ZP_NLEVELS; l++)
        cr_assert_eq(st->before.shortfall[l], short_today[l], "%s: shortfall today %lld",
                     zp_level_name((zp_level)l), (long long)st->before.shortfall[l]);
    const zp_siting_spec *sp = &st->run->sc->siting;
    cr_assert_geq(st->nopt, min_options, "only %zu options (%zu candidates)", st->nopt, st->ncand);
    cr_assert_leq(st->ncand, 40, "%zu candidates: the district is meant to be tiny", st->ncand);
    cr_assert_eq(st->nopt, st->ncand * sp->ndesigns);
    cr_assert_leq(st->nchosen, (size_t)sp->open_max);

    /* the plan reported is the plan chosen: re-scored, the same figures */
    zp_siting_score again;
    zp_alloc_result res[ZP_NLEVELS];
    size_t before_eval = st->evaluations;
    cr_assert_eq(zp_siting_score_set(st, st->chosen, st->nchosen, &again, res), ZP_OK);
    for (int l = 0; l < ZP_NLEVELS; l++)
        zp_alloc_result_free(&res[l]);
    cr_assert_float_eq(again.objective, st->after.objective, 1e-6, "%.3f vs %.3f", again.objective,
                       st->after.objective);
    for (int l = 0; l < ZP_NLEVELS; l++)
        cr_assert_eq(again.shortfall[l], st->after.shortfall[l]);
    for (size_t a = 0; a < st->nchosen; a++)
        for (size_t b = a + 1; b < st->nchosen; b++)
            cr_assert_neq(st->opt[st->chosen[a]].cand, st->opt[st->chosen[b]].cand,
                          "two designs at one candidate");

    size_t plans = 0, best_n = 0;
    int32_t best_set[2] = {-1, -1};
    double best = best_by_enumeration(st, &plans, best_set, &best_n);
    /* sets of at most two options with distinct candidates, plus the empty plan */
    size_t c = st->ncand, d = sp->ndesigns;
    size_t expect = 1 + c * d + (c * d) * (c * d - 1) / 2 - c * d * (d - 1) / 2;
    cr_assert_eq(plans, expect, "%zu plans enumerated, expected %zu", plans, expect);
    cr_log_info("%s: %zu candidates x %zu designs, %zu plans enumerated; best %.1f, heuristic "
                "%.1f (%+.3g %%) after %zu evaluations, bound %.1f, gap %.3g %%",
                scenario, c, d, plans, best, st->after.objective,
                100 * (st->after.objective - best) / best, before_eval, st->lower_bound,
                100 * st->gap);

    cr_assert_geq(st->after.objective, best - 1e-6, "heuristic %.6f beats the optimum %.6f",
                  st->after.objective, best);
    cr_assert_leq(st->lower_bound, best + 1e-6, "bound %.6f above the optimum %.6f",
                  st->lower_bound, best);
    cr_assert_leq(st->after.objective - best, st->gap * st->after.objective + 1e-6,
                  "gap %.6g claims more than is true: objective %.3f, optimum %.3f", st->gap,
                  st->after.objective, best);
    cr_assert_geq(st->gap, 0);
    cr_assert_leq(st->lower_bound, st->after.objective + 1e-6);
    /* The bound is capped by the plan's objective, so on a plan that is optimal it could
     * not show being too high: bound again as if the search had stopped at a worse plan
     * (today's, then the first opening alone); the Lagrangian must still stay below the
     * optimum and the gap must still cover the distance to it. */
    zp_siting_score found = st->after,
                    worse[2] = {st->before, st->nchosen ? st->step[0] : st->before};
    for (size_t w = 0; w < (st->nchosen > 1 ? 2u : 1u); w++) {
        st->after = worse[w];
        cr_assert_eq(zp_siting_bound(st), ZP_OK, "%s", zp_error_last());
        cr_log_info("bound from a plan at %.1f: %.1f, gap %.3g %%", worse[w].objective,
                    st->lower_bound, 100 * st->gap);
        cr_assert_leq(st->lower_bound, best + 1e-6, "bound %.6f above the optimum %.6f",
                      st->lower_bound, best);
        cr_assert_leq(st->after.objective - best, st->gap * st->after.objective + 1e-6,
                      "gap %.6g claims more than is true: objective %.3f, optimum %.3f", st->gap,
                      st->after.objective, best);
    }
    /* and unclamped, aimed at the optimum itself: the per-level targets of the best plan,
     * its objective lifted so the cap does not hide a bound above it */
    zp_siting_score opt;
    zp_alloc_result ores[ZP_NLEVELS];
    cr_assert_eq(zp_siting_score_set(st, best_set, best_n, &opt, ores), ZP_OK);
    for (int l = 0; l < ZP_NLEVELS; l++)
        zp_alloc_result_free(&ores[l]);
    st->after = opt;
    st->after.objective = 1e15;
    cr_assert_eq(zp_siting_bound(st), ZP_OK, "%s", zp_error_last());
    cr_log_info("bound aimed at the optimum, uncapped: %.1f", st->lower_bound);
    cr_assert_leq(st->lower_bound, best + 1e-6, "uncapped bound %.6f above the optimum %.6f",
                  st->lower_bound, best);
    st->after = found;
    for (size_t k = 0; k < st->nchosen; k++)
        cr_log_info("chosen %zu: option %d (candidate %d, design %d)", k + 1, st->chosen[k],
                    st->opt[st->chosen[k]].cand, st->opt[st->chosen[k]].design);
    for (size_t k = 0; k < best_n; k++)
        cr_log_info("optimum %zu: option %d (candidate %d, design %d)", k + 1, best_set[k],
                    st->opt[best_set[k]].cand, st->opt[best_set[k]].design);
    /* a heuristic: within its reported gap (checked above) and, here, within 0.1 % of the
     * optimum (two levels, two designs: before the estimate's fix it was 31 % off; 0.03 % now) */
    cr_assert_leq(st->after.objective, best * 1.001,
                  "heuristic %.3f, optimum %.3f (options %d, %d)", st->after.objective, best,
                  best_set[0], best_n > 1 ? best_set[1] : -1);
    zp_siting_free(st);
}

Test(siting, tiny_primary_district_against_every_plan, .timeout = 120)
{
    fill_uneven();
    zpt_grid g = {
        .nx = 6, .ny = 4, .pri = pri_uneven, .jun = jun_none, .schools = one_small, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g,
                              "siting:\n"
                              "  candidates: {grid: {spacing_m: 250}}\n"
                              "  designs:\n"
                              "    - {type: primary, classes: 2}\n"
                              "  open: 2\n");
    check_against_enumeration(sc, 10, (int64_t[]){total(pri_uneven, 24) - 60, 0});
    free(sc);
}

/* Two levels, a primary and a nine-year design. Fails at present: the optimum is a
 * primary school and a nine-year school (5,172,797), the search opens two nine-year schools
 * (6,761,710, +31 %): search.c's estimate() prices each child at a full school at its
 * school's place price (about the penalty) without limit, so a nine-year option is credited
 * with 50 junior places at the penalty while only 29 juniors lack one, and the short list of
 * 8 holds nothing but nine-year options (12 of them), so no primary option is ever scored. */
Test(siting, two_levels_two_designs_against_every_plan, .timeout = 120)
{
    fill_two_levels();
    zpt_grid g = {
        .nx = 6, .ny = 4, .pri = pri_uneven, .jun = jun_uneven, .schools = one_nine, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g,
                              "siting:\n"
                              "  candidates: {grid: {spacing_m: 300}}\n"
                              "  designs:\n"
                              "    - {type: primary, classes: 2, cost: 1}\n"
                              "    - {type: nine_year, classes: {primary: 1, junior: 1}, "
                              "cost: 1.5}\n"
                              "  open: 2\n");
    check_against_enumeration(sc, 16,
                              (int64_t[]){total(pri_uneven, 24) - 80, total(jun_uneven, 24) - 40});
    free(sc);
}

/* ---- 2. and 3. the shortfall removed, and what is written agrees --------------------- */

/* 4 x 3 blocks, 10 primary and 4 junior children each (120 and 48); a nine-year school
 * with 60 primary and 48 junior places: primary short by 60, which one new primary school
 * of 2 classes (90 places) absorbs. */
static const zpt_school absorb_school[] = {
    {"S1", "城关九年一贯制学校", "nine_year", 100, 100, 60, 48, 2, 1}};
static const int absorb_jun[12] = {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4};

static char *absorb_district(void)
{
    zpt_grid g = {.nx = 4, .ny = 3, .jun = absorb_jun, .schools = absorb_school, .nschools = 1};
    return zpt_write_grid(dir, &g,
                          "siting:\n"
                          "  candidates: {grid: {spacing_m: 200}}\n"
                          "  designs:\n"
                          "    - {type: primary, classes: 2}\n"
                          "  open: 2\n");
}

/* Fields of one CSV line (double quotes around fields holding commas). */
static size_t csv_fields(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        if (*p == '"') {
            f[n++] = ++p;
            p = strchr(p, '"');
            cr_assert_not_null(p, "unterminated quote");
            *p++ = '\0';
        } else {
            f[n++] = p;
            p += strcspn(p, ",\n");
        }
        if (*p != ',') {
            *p = '\0';
            break;
        }
        *p++ = '\0';
    }
    return n;
}

/* summary.json's shortfall and capacity per level; -1 for a level it does not list. */
static void summary_levels(const char *path, int64_t shortfall[ZP_NLEVELS],
                           int64_t capacity[ZP_NLEVELS])
{
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    cr_assert_not_null(root, "%s: %s (line %d)", path, err.text, err.line);
    json_t *levels = json_object_get(root, "levels");
    cr_assert(json_is_object(levels), "%s: no levels", path);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        json_t *lv = json_object_get(levels, zp_level_name((zp_level)l));
        json_t *s = lv ? json_object_get(lv, "shortfall") : NULL,
               *c = lv ? json_object_get(lv, "capacity") : NULL;
        cr_assert(!lv || (json_is_integer(s) && json_is_integer(c)), "%s: %s", path,
                  zp_level_name((zp_level)l));
        shortfall[l] = lv ? (int64_t)json_integer_value(s) : -1;
        capacity[l] = lv ? (int64_t)json_integer_value(c) : -1;
    }
    json_decref(root);
}

/* The run of the plan has the siting's shortfall, and today's places plus the openings'. */
static void expect_plan_as(const zp_siting *st, const char *summary)
{
    int64_t got[ZP_NLEVELS], cap[ZP_NLEVELS];
    summary_levels(summary, got, cap);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!st->run->active[l])
            continue;
        cr_assert_eq(got[l], st->after.shortfall[l], "%s: %s shortfall %lld, siting %lld", summary,
                     zp_level_name((zp_level)l), (long long)got[l],
                     (long long)st->after.shortfall[l]);
        int64_t want = 0;
        for (size_t s = 0; s < st->run->ds.nschools; s++)
            want += st->run->capacity[l][s];
        for (size_t r = 0; r < st->nchosen; r++)
            want += st->opt[st->chosen[r]].places[l];
        cr_assert_eq(cap[l], want, "%s: %s capacity %lld, today's plus the openings' %lld", summary,
                     zp_level_name((zp_level)l), (long long)cap[l], (long long)want);
    }
}

Test(siting, shortfall_removed_and_sites_csv_agrees, .timeout = 120)
{
    char *sc = absorb_district(), *out = zpt_path(dir, "site-out");
    zp_siting *st = NULL;
    cr_assert_eq(zp_siting_run(sc, &st), ZP_OK, "%s", zp_error_last());
    /* today: 120 primary children, 60 places; juniors all placed */
    cr_assert(st->run->active[ZP_PRIMARY] && st->run->active[ZP_JUNIOR]);
    cr_assert_eq(st->before.shortfall[ZP_PRIMARY], 60);
    cr_assert_eq(st->before.shortfall[ZP_JUNIOR], 0);
    for (int l = 0; l < ZP_NLEVELS; l++)
        cr_assert_eq(st->before.shortfall[l], st->run->plan[l].shortfall,
                     "%s: siting's baseline %lld, the run's %lld", zp_level_name((zp_level)l),
                     (long long)st->before.shortfall[l], (long long)st->run->plan[l].shortfall);
    cr_assert_geq(st->nchosen, 1);
    cr_assert_eq(st->after.shortfall[ZP_PRIMARY], 0);
    cr_assert_eq(st->after.shortfall[ZP_JUNIOR], 0);
    cr_assert_lt(st->after.objective, st->before.objective);
    /* the figures of the last step are the plan's */
    cr_assert_float_eq(st->step[st->nchosen - 1].objective, st->after.objective, 1e-6);
    /* the steps never get worse (the openings are ranked most valuable first) */
    for (size_t r = 1; r < st->nchosen; r++)
        cr_assert_leq(st->step[r].objective, st->step[r - 1].objective + 1e-6);

    zp_stage *stage = NULL;
    cr_assert_eq(zp_siting_stage_open(st, out, &stage), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_siting_write(st, stage), ZP_OK, "%s", zp_error_last());
    char *csv_path = zpt_path(dir, "site-out/sites.csv"), *csv = zpt_slurp(csv_path, NULL);
    cr_assert_not_null(csv);
    char *save = NULL, *line = strtok_r(csv, "\n", &save);
    cr_assert_str_eq(line, "rank,site_id,school_id,design,places_primary,places_junior,cost,lon,"
                           "lat,served_primary,served_junior,shortfall_before,shortfall_after,"
                           "child_m_before,child_m_after");
    long long prev_after = -1;
    double prev_cm = -1;
    size_t rows = 0;
    int64_t served = 0;
    while ((line = strtok_r(NULL, "\n", &save))) {
        char *f[16];
        cr_assert_eq(csv_fields(line, f, 16), 15, "row %zu: %s", rows + 1, line);
        size_t r = rows++;
        cr_assert_lt(r, st->nchosen, "more rows than openings");
        const zp_siting_option *o = &st->opt[st->chosen[r]];
        char want[32];
        cr_assert_eq(atol(f[0]), (long)r + 1);
        snprintf(want, sizeof want, "G%04d", o->cand + 1);
        cr_assert_str_eq(f[1], want);
        snprintf(want, sizeof want, "N%02zu", r + 1);
        cr_assert_str_eq(f[2], want);
        cr_assert_str_eq(f[3], "primary, 2 classes");
        cr_assert_eq(atoll(f[4]), o->places[ZP_PRIMARY]);
        cr_assert_eq(atoll(f[4]), 90);
        cr_assert_eq(atoll(f[5]), 0);
        cr_assert_eq(atoll(f[9]), st->served[ZP_PRIMARY][r]);
        cr_assert_eq(atoll(f[10]), st->served[ZP_JUNIOR][r]);
        served += atoll(f[9]);
        long long before = atoll(f[11]), after = atoll(f[12]);
        double cm_before = atof(f[13]), cm_after = atof(f[14]);
        if (r == 0) {
            cr_assert_eq(before, 60, "first row starts from the baseline shortfall");
            cr_assert_float_eq(
                cm_before, st->before.child_m[ZP_PRIMARY] + st->before.child_m[ZP_JUNIOR], 0.06);
        } else {
            cr_assert_eq(before, prev_after, "row %zu: before %lld, row above after %lld", r + 1,
                         before, prev_after);
            cr_assert_float_eq(cm_before, prev_cm, 1e-9);
        }
        cr_assert_eq(after, st->step[r].shortfall[ZP_PRIMARY] + st->step[r].shortfall[ZP_JUNIOR]);
        cr_assert_float_eq(cm_after,
                           st->step[r].child_m[ZP_PRIMARY] + st->step[r].child_m[ZP_JUNIOR], 0.06);
        prev_after = after;
        prev_cm = cm_after;
    }
    cr_assert_eq(rows, st->nchosen);
    cr_assert_eq(prev_after, 0, "the last row ends without a shortfall");
    cr_assert_geq(served, 60, "the new schools take at least the 60 without a place");

    /* sites.shp: one point per opening */
    char *shp = zpt_path(dir, "site-out/sites");
    SHPHandle h = SHPOpen(shp, "rb");
    cr_assert_not_null(h);
    int count = 0, type = 0;
    SHPGetInfo(h, &count, &type, NULL, NULL);
    SHPClose(h);
    cr_assert_eq(count, (int)st->nchosen);
    cr_assert_eq(type, SHPT_POINT);

    /* plan/: the plan's run folder, the same shortfall per level */
    char *summary = zpt_path(dir, "site-out/plan/summary.json");
    expect_plan_as(st, summary);
    zp_siting_free(st);
    free(sc), free(out), free(csv_path), free(csv), free(shp), free(summary);
}

/* changes.yaml: a YAML list whose items are each a one-key map add_school: {...}. */
static size_t count_add_school_items(const char *path)
{
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "%s missing", path);
    yaml_parser_t p;
    yaml_document_t doc;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, fp);
    cr_assert(yaml_parser_load(&p, &doc), "%s: not YAML: %s (line %zu)", path, p.problem,
              p.problem_mark.line + 1);
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    cr_assert_not_null(root, "%s: empty", path);
    cr_assert_eq(root->type, YAML_SEQUENCE_NODE, "%s: not a list", path);
    size_t n = 0;
    for (yaml_node_item_t *it = root->data.sequence.items.start; it < root->data.sequence.items.top;
         it++, n++) {
        yaml_node_t *item = yaml_document_get_node(&doc, *it);
        cr_assert_eq(item->type, YAML_MAPPING_NODE);
        yaml_node_pair_t *pairs = item->data.mapping.pairs.start;
        cr_assert_eq(item->data.mapping.pairs.top - pairs, 1, "item %zu: one key", n + 1);
        yaml_node_t *k = yaml_document_get_node(&doc, pairs[0].key),
                    *v = yaml_document_get_node(&doc, pairs[0].value);
        cr_assert_eq(k->type, YAML_SCALAR_NODE);
        cr_assert_str_eq((const char *)k->data.scalar.value, "add_school");
        cr_assert_eq(v->type, YAML_MAPPING_NODE);
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    fclose(fp);
    return n;
}

Test(siting, plan_yaml_reproduces_the_plan, .timeout = 120)
{
    char *sc = absorb_district(), *out = zpt_path(dir, "site-out");
    zp_siting *st = NULL;
    cr_assert_eq(zp_siting_run(sc, &st), ZP_OK, "%s", zp_error_last());
    zp_stage *stage = NULL;
    cr_assert_eq(zp_siting_stage_open(st, out, &stage), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_siting_write(st, stage), ZP_OK, "%s", zp_error_last());

    char *changes = zpt_path(dir, "site-out/changes.yaml");
    cr_assert_eq(count_add_school_items(changes), st->nchosen);

    /* plan.yaml loads as the scenario plus the openings */
    char *plan = zpt_path(dir, "site-out/plan.yaml");
    zp_scenario *ps = NULL;
    cr_assert_eq(zp_scenario_load(plan, &ps), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(ps->nchanges, st->run->sc->nchanges + st->nchosen);
    for (size_t k = 0; k < st->nchosen; k++)
        cr_assert_eq(ps->changes[st->run->sc->nchanges + k].kind, ZP_CHANGE_ADD_SCHOOL);
    cr_assert(ps->siting.present, "the base's siting: section comes along");
    zp_scenario_free(ps);
    /* its base: is relative to it, so the district and the siting's folder move together */
    char *text = zpt_slurp(plan, NULL);
    cr_assert(strstr(text, "\nbase: \"../"), "plan.yaml's base: is not relative:\n%s", text);
    free(text);
    char moved[1200], cmd[3000];
    snprintf(moved, sizeof moved, "%s-moved", dir);
    snprintf(cmd, sizeof cmd, "cp -r '%s' '%s' && mv '%s' '%s-away'", dir, moved, dir, dir);
    cr_assert_eq(zpt_run(cmd, NULL), 0);
    snprintf(cmd, sizeof cmd, "%s/site-out/plan.yaml", moved);
    int loaded = zp_scenario_load(cmd, &ps);
    snprintf(cmd, sizeof cmd, "mv '%s-away' '%s' && rm -rf '%s'", dir, dir, moved);
    cr_assert_eq(zpt_run(cmd, NULL), 0);
    cr_assert_eq(loaded, ZP_OK, "plan.yaml moved with its district: %s", zp_error_last());
    zp_scenario_free(ps);

    /* `zoneplan run plan.yaml` elsewhere: the same shortfall as the siting found */
    char *other = zpt_path(dir, "rerun"), *log = NULL, args[3000];
    snprintf(args, sizeof args, "run %s --out %s --no-publish --quiet", plan, other);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    char *summary = zpt_path(dir, "rerun/summary.json");
    expect_plan_as(st, summary);
    /* and the run folder the siting wrote is that run's: the same summary */
    char *mine = zpt_path(dir, "site-out/plan/summary.json");
    int64_t a[ZP_NLEVELS], b[ZP_NLEVELS], ca[ZP_NLEVELS], cb[ZP_NLEVELS];
    summary_levels(summary, a, ca);
    summary_levels(mine, b, cb);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        cr_assert_eq(a[l], b[l]);
        cr_assert_eq(ca[l], cb[l]);
    }
    zp_siting_free(st);
    free(sc), free(out), free(changes), free(plan), free(other), free(log), free(summary);
    free(mine);
}

/* With enforce_caps a nine-year school's places at both levels together are held to
 * school_cap (zp_check_capacity scales both down). A nine-year design of 2 + 1 classes
 * (90 + 50 places) under school_cap 120 has 77 + 42 places in the plan's run; the siting
 * must count it the same, or its figures are not the plan's. Fails at present: siting.c's
 * design_places() gives zp_check_capacity a school with only the one level's classes, so
 * the share of school_cap is never taken (90 + 50 counted). */
Test(siting, nine_year_design_counted_as_the_run_counts_it, .timeout = 120)
{
    zpt_grid g = {.nx = 4, .ny = 3, .jun = absorb_jun, .schools = absorb_school, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g,
                              "policy:\n"
                              "  enforce_caps: true\n"
                              "  school_cap: {primary: 2500, junior: 2500, nine_year: 120}\n"
                              "siting:\n"
                              "  candidates: {grid: {spacing_m: 200}}\n"
                              "  designs:\n"
                              "    - {type: nine_year, classes: {primary: 2, junior: 1}}\n"
                              "  open: 1\n"),
         *out = zpt_path(dir, "site-out");
    zp_siting *st = NULL;
    cr_assert_eq(zp_siting_run(sc, &st), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(st->nchosen, 1);
    zp_stage *stage = NULL;
    cr_assert_eq(zp_siting_stage_open(st, out, &stage), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_siting_write(st, stage), ZP_OK, "%s", zp_error_last());
    char *summary = zpt_path(dir, "site-out/plan/summary.json");
    int64_t sf[ZP_NLEVELS], cap[ZP_NLEVELS];
    summary_levels(summary, sf, cap);
    cr_log_info("siting's places %lld + %lld; the plan's run: capacity %lld + %lld (today "
                "%lld + %lld)",
                (long long)st->opt[0].places[0], (long long)st->opt[0].places[1], (long long)cap[0],
                (long long)cap[1], (long long)st->run->capacity[0][0],
                (long long)st->run->capacity[1][0]);
    expect_plan_as(st, summary);
    zp_siting_free(st);
    free(sc), free(out), free(summary);
}

/* The CLI: exit 0, the folder written, the figures printed. */
Test(siting, cli_site_writes_the_folder, .timeout = 120)
{
    char *sc = absorb_district(), *out = zpt_path(dir, "cli-out"), *log = NULL, args[3000];
    snprintf(args, sizeof args, "site %s --out %s --quiet", sc, out);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    cr_assert(strstr(log, "primary   shortfall 60 -> 0"), "%s", log);
    const char *files[] = {"sites.csv", "sites.shp", "sites.dbf",        "changes.yaml",
                           "plan.yaml", "report.md", "plan/summary.json"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char p[2048];
        snprintf(p, sizeof p, "%s/%s", out, files[i]);
        char *text = zpt_slurp(p, NULL);
        cr_assert_not_null(text, "missing %s", files[i]);
        free(text);
    }
    free(sc), free(out), free(log);
}

/* Warnings belong to one run: plan/summary.json and plan/report.md give the plan's own, as
 * `zoneplan run plan.yaml` does, not the siting's run's as well (a current school id the
 * layer does not have warns once per load). */
static long summary_warnings(const char *path)
{
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    cr_assert_not_null(root, "%s: %s", path, err.text);
    long n = (long)json_integer_value(json_object_get(root, "warnings"));
    json_decref(root);
    return n;
}

Test(siting, plan_has_its_own_warnings, .timeout = 120)
{
    static const char *cur[12] = {"S1", "S1", "S1", "S1", "S1", "NOPE", "S1", "S1", "S1", "S1"};
    zpt_grid g = {.nx = 4,
                  .ny = 3,
                  .jun = absorb_jun,
                  .cur_pri = cur,
                  .schools = absorb_school,
                  .nschools = 1};
    char *sc = zpt_write_grid(dir, &g,
                              "siting:\n"
                              "  candidates: {grid: {spacing_m: 200}}\n"
                              "  designs:\n"
                              "    - {type: primary, classes: 2}\n"
                              "  open: 2\n");
    char *out = zpt_path(dir, "cli-out"), *log = NULL, args[3000];
    snprintf(args, sizeof args, "site %s --out %s --quiet", sc, out);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    free(log);
    snprintf(args, sizeof args, "run %s/plan.yaml --out %s/rerun --no-publish --quiet", out, dir);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    char *mine = zpt_path(dir, "cli-out/plan/summary.json"), *again = zpt_path(dir, "rerun/summary.json");
    long a = summary_warnings(mine), b = summary_warnings(again);
    cr_expect_gt(b, 0, "the district should warn of its unknown current school");
    cr_expect_eq(a, b, "plan/summary.json has %ld warnings, `zoneplan run plan.yaml` %ld", a, b);
    char *report = zpt_path(dir, "cli-out/plan/report.md"), *text = zpt_slurp(report, NULL);
    const char *first = strstr(text, "NOPE");
    cr_expect(first && !strstr(first + 1, "NOPE"), "plan/report.md names NOPE %s:\n%s",
              first ? "twice" : "never", text);
    cr_expect(!strstr(text, "zoneplan-stage"), "plan/report.md names the staging folder:\n%s",
              text);
    free(text), free(report), free(mine), free(again), free(log), free(out), free(sc);
}

/* ---- 4. base: scenarios ------------------------------------------------------------- */

static const zpt_school base_schools[] = {
    {"S1", "城关小学", "primary", 100, 100, 200, 0, 5, 0},
    {"S2", "实验初中", "junior", 500, 500, 0, 200, 0, 4},
    {"S3", "新华小学", "primary", 700, 700, 200, 0, 5, 0},
};

/* The base: a 4 x 4 district, a policy and one change; returns its path. */
static char *base_district(void)
{
    zpt_grid g = {.nx = 4, .ny = 4, .schools = base_schools, .nschools = 3};
    return zpt_write_grid(dir, &g,
                          "policy:\n"
                          "  class_cap: {primary: 40, junior: 45}\n"
                          "  shortfall_penalty_m: 50000\n"
                          "changes:\n"
                          "  - set_capacity: {id: S1, primary: 150}\n");
}

Test(siting, based_scenario_takes_the_base_and_appends_changes)
{
    char *base = base_district();
    char *sub = zpt_path(dir, "what-if");
    cr_assert_eq(mkdir(sub, 0755), 0);
    char *based = zpt_path(dir, "what-if/based.yaml");
    zpt_write(based, "# a what-if on top of the base\n"
                     "base: ../scenario.yaml\n"
                     "name: close S3\n"
                     "output: {dir: closed}\n"
                     "changes:\n"
                     "  - close_school: {id: S3}\n");
    zp_scenario *b = NULL, *s = NULL;
    cr_assert_eq(zp_scenario_load(base, &b), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_scenario_load(based, &s), ZP_OK, "%s", zp_error_last());
    cr_assert_str_eq(s->name, "close S3");
    cr_assert_str_eq(s->file, based);
    cr_assert_not_null(s->output_dir);
    cr_assert(strstr(s->output_dir, "what-if") && strstr(s->output_dir, "closed"),
              "output dir %s: relative to the based file", s->output_dir);
    char r1[PATH_MAX], r2[PATH_MAX]; /* the base's layers, reached through what-if/.. */
    cr_assert_not_null(realpath(s->blocks.path, r1), "%s", s->blocks.path);
    cr_assert_not_null(realpath(b->blocks.path, r2));
    cr_assert_str_eq(r1, r2);
    cr_assert_not_null(realpath(s->schools.path, r1), "%s", s->schools.path);
    cr_assert_not_null(realpath(b->schools.path, r2));
    cr_assert_str_eq(r1, r2);
    cr_assert_str_eq(s->blocks.id, "BLOCK_ID");
    cr_assert_eq(s->policy.class_cap[ZP_PRIMARY], 40);
    cr_assert_eq(s->policy.class_cap[ZP_JUNIOR], 45);
    cr_assert_float_eq(s->policy.shortfall_penalty_m, 50000, 1e-9);
    cr_assert_eq(s->nchanges, 2);
    cr_assert_eq(s->changes[0].kind, ZP_CHANGE_SET_CAPACITY);
    cr_assert_str_eq(s->changes[0].id, "S1");
    cr_assert_eq(s->changes[1].kind, ZP_CHANGE_CLOSE_SCHOOL);
    cr_assert_str_eq(s->changes[1].id, "S3");
    cr_assert_eq(s->changes[1].line, 6);

    /* a base of a base: changes in order, the name from the nearest file that gives one */
    char *twice = zpt_path(dir, "what-if/twice.yaml");
    zpt_write(twice, "base: based.yaml\n"
                     "changes:\n"
                     "  - set_capacity: {id: S2, junior: 100}\n");
    zp_scenario *t = NULL;
    cr_assert_eq(zp_scenario_load(twice, &t), ZP_OK, "%s", zp_error_last());
    cr_assert_str_eq(t->name, "close S3");
    cr_assert_eq(t->nchanges, 3);
    cr_assert_eq(t->changes[2].kind, ZP_CHANGE_SET_CAPACITY);
    cr_assert_str_eq(t->changes[2].id, "S2");

    /* and it runs: S3 closed, S1 at 150 places */
    zp_run *run = NULL;
    cr_assert_eq(zp_run_load(based, &run), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(run->ds.nschools, 3);
    cr_assert(!run->ds.schools[0].closed && !run->ds.schools[1].closed);
    cr_assert(run->ds.schools[2].closed, "S3 closed");
    cr_assert_eq(zp_run_solve(run), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(run->capacity[ZP_PRIMARY][0], 150, "S1 at 150 places");
    cr_assert_eq(run->capacity[ZP_PRIMARY][2], 0, "S3 has no places");
    zp_run_free(run);
    zp_scenario_free(b), zp_scenario_free(s), zp_scenario_free(t);
    free(base), free(sub), free(based), free(twice);
}

static void expect_load_error(const char *path, const char *const *parts)
{
    zp_scenario *s = NULL;
    int rc = zp_scenario_load(path, &s);
    cr_assert_eq(rc, ZP_EINPUT, "%s loaded (rc %d)", path, rc);
    cr_assert_null(s);
    const char *msg = zp_error_last();
    for (size_t i = 0; parts[i]; i++)
        cr_assert(strstr(msg, parts[i]), "'%s' not in: %s", parts[i], msg);
}

Test(siting, based_scenario_errors)
{
    char *base = base_district();
    char *p = zpt_path(dir, "extra.yaml"), where[1200];
    zpt_write(p, "base: scenario.yaml\n"
                 "name: with a policy\n"
                 "policy: {class_cap: {primary: 30}}\n");
    snprintf(where, sizeof where, "%s:3:", p);
    expect_load_error(p, (const char *[]){where, "'policy'", NULL});

    char *q = zpt_path(dir, "missing.yaml");
    zpt_write(q, "base: nowhere.yaml\nname: x\n");
    expect_load_error(q, (const char *[]){"nowhere.yaml", NULL});

    char *r = zpt_path(dir, "self.yaml");
    zpt_write(r, "base: self.yaml\nname: me\n");
    expect_load_error(r, (const char *[]){"self.yaml", "base:", NULL});

    /* two files naming each other */
    char *a = zpt_path(dir, "a.yaml"), *b = zpt_path(dir, "b.yaml");
    zpt_write(a, "base: b.yaml\n");
    zpt_write(b, "base: a.yaml\n");
    expect_load_error(a, (const char *[]){"base:", NULL});

    /* a bad change of the based file: its own file and line */
    char *c = zpt_path(dir, "bad-change.yaml");
    zpt_write(c, "base: scenario.yaml\n"
                 "changes:\n"
                 "  - close_school: {id: S1, when: 2030}\n");
    snprintf(where, sizeof where, "%s:3:", c);
    expect_load_error(c, (const char *[]){where, "'when'", NULL});
    free(base), free(p), free(q), free(r), free(a), free(b), free(c);
}

/* A change of the base that fails when applied is reported at the base's file and line,
 * not at the based file with the base's line number. Fails at present: changes.c reports
 * every change at sc->file, which for a based scenario is the based file. */
Test(siting, based_scenario_base_change_error_names_the_base)
{
    zpt_grid g = {.nx = 4, .ny = 4, .schools = base_schools, .nschools = 3};
    char *base = zpt_write_grid(dir, &g,
                                "changes:\n"
                                "  - close_school: {id: S9}\n");
    char *based = zpt_path(dir, "based.yaml");
    zpt_write(based, "base: scenario.yaml\nname: on top\n");
    zp_run *run = NULL;
    char where[1200];
    cr_assert_neq(zp_run_load(base, &run), ZP_OK);
    snprintf(where, sizeof where, "%s:%d:", base, FIRST + 1);
    cr_assert(strstr(zp_error_last(), where), "%s", zp_error_last());
    cr_assert_neq(zp_run_load(based, &run), ZP_OK);
    cr_assert(strstr(zp_error_last(), "S9"), "%s", zp_error_last());
    cr_assert(strstr(zp_error_last(), where), "the base's change, reported as: %s",
              zp_error_last());
    free(base), free(based);
}

/* ---- 5. the siting: section's errors ------------------------------------------------ */

static const zpt_school parse_schools[] = {
    {"S1", "城关九年一贯制学校", "nine_year", 100, 100, 100, 50, 3, 1}};

/* The fixture's scenario with yaml appended at line FIRST: loading fails with ZP_EINPUT and
 * "FILE:LINE:" and every part in the message. */
static void parse_error(const char *yaml, int line, const char *const *parts)
{
    zpt_grid g = {.nx = 3, .ny = 3, .schools = parse_schools, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g, yaml), where[1200];
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

Test(siting, siting_section_errors)
{
    const char *design = "  designs: [{type: primary, classes: 2}]\n";
    char y[1024];
    /* a well-formed section loads (the cases below break one thing each) */
    zpt_grid g = {.nx = 3, .ny = 3, .schools = parse_schools, .nschools = 1};
    char *ok = zpt_write_grid(dir, &g,
                              "siting:\n"
                              "  candidates: {grid: {spacing_m: 200}}\n"
                              "  designs:\n"
                              "    - {type: primary, classes: 2, cost: 1}\n"
                              "    - {type: nine_year, classes: {primary: 2, junior: 1}}\n"
                              "  open: {min: 1, max: 2}\n"
                              "  budget: 3\n");
    zp_scenario *s = NULL;
    cr_assert_eq(zp_scenario_load(ok, &s), ZP_OK, "%s", zp_error_last());
    cr_assert(s->siting.present);
    cr_assert_float_eq(s->siting.grid_spacing_m, 200, 1e-9);
    cr_assert_eq(s->siting.ndesigns, 2);
    cr_assert_eq(s->siting.designs[1].type, ZP_TYPE_NINE_YEAR);
    cr_assert_eq(s->siting.designs[1].classes[ZP_PRIMARY], 2);
    cr_assert_eq(s->siting.designs[1].classes[ZP_JUNIOR], 1);
    cr_assert_eq(s->siting.open_min, 1);
    cr_assert_eq(s->siting.open_max, 2);
    cr_assert_float_eq(s->siting.budget, 3, 1e-9);
    zp_scenario_free(s);
    free(ok);

    snprintf(y, sizeof y, "siting:\n%s  open: 2\n", design);
    PARSE_ERROR(y, FIRST, "siting: missing candidates");

    snprintf(y, sizeof y,
             "siting:\n  candidates: {grid: {spacing_m: 200}, path: parcels.shp, id: PID}\n%s"
             "  open: 2\n",
             design);
    PARSE_ERROR(y, FIRST + 1, "siting.candidates", "either grid");

    snprintf(y, sizeof y,
             "siting:\n  candidates:\n    path: parcels.csv\n    id: PID\n%s  open: 2\n", design);
    PARSE_ERROR(y, FIRST + 2, "siting.candidates.path", "'parcels.csv'", "ending in .shp");

    snprintf(y, sizeof y, "siting:\n  candidates:\n    grid: {}\n%s  open: 2\n", design);
    PARSE_ERROR(y, FIRST + 2, "siting.candidates.grid", "spacing_m");

    snprintf(y, sizeof y, "siting:\n  candidates:\n    grid: {spacing: 200}\n%s  open: 2\n",
             design);
    PARSE_ERROR(y, FIRST + 2, "'spacing'", "siting.candidates.grid");

    PARSE_ERROR("siting:\n"
                "  candidates: {grid: {spacing_m: 200}}\n"
                "  designs: []\n"
                "  open: 2\n",
                FIRST + 2, "siting.designs", "expected a list");

    PARSE_ERROR("siting:\n"
                "  candidates: {grid: {spacing_m: 200}}\n"
                "  open: 2\n",
                FIRST, "siting.designs");

    PARSE_ERROR("siting:\n"
                "  candidates: {grid: {spacing_m: 200}}\n"
                "  designs:\n"
                "    - {type: primary, classes: 2}\n"
                "    - {type: senior, classes: 2}\n"
                "  open: 2\n",
                FIRST + 4, "siting.designs[2].type", "'senior'");

    PARSE_ERROR("siting:\n"
                "  candidates: {grid: {spacing_m: 200}}\n"
                "  designs:\n"
                "    - {type: nine_year, classes: 30}\n"
                "  open: 2\n",
                FIRST + 3, "siting.designs[1].classes", "per level");

    PARSE_ERROR("siting:\n"
                "  candidates: {grid: {spacing_m: 200}}\n"
                "  designs:\n"
                "    - {type: nine_year, classes: {primary: 30}}\n"
                "  open: 2\n",
                FIRST + 3, "siting.designs[1].classes", "missing junior");

    /* a primary design with junior classes: refused at the classes (the parser finds the
     * missing primary first), and with primary given, junior is named */
    PARSE_ERROR("siting:\n"
                "  candidates: {grid: {spacing_m: 200}}\n"
                "  designs:\n"
                "    - {type: primary,\n"
                "       classes: {junior: 10}}\n"
                "  open: 2\n",
                FIRST + 4, "siting.designs[1].classes");
    PARSE_ERROR("siting:\n"
                "  candidates: {grid: {spacing_m: 200}}\n"
                "  designs:\n"
                "    - {type: primary,\n"
                "       classes: {primary: 2, junior: 10}}\n"
                "  open: 2\n",
                FIRST + 4, "siting.designs[1].classes.junior", "no junior classes");

    snprintf(y, sizeof y,
             "siting:\n  candidates: {grid: {spacing_m: 200}}\n%s  open: {min: 3, max: 2}\n",
             design);
    PARSE_ERROR(y, FIRST + 3, "siting.open", "min 3 is more than max 2");

    snprintf(y, sizeof y, "siting:\n  candidates: {grid: {spacing_m: 200}}\n%s", design);
    PARSE_ERROR(y, FIRST, "siting", "missing open");

    snprintf(y, sizeof y,
             "siting:\n  candidates: {grid: {spacing_m: 200}}\n%s  open: 2\n  opening: 3\n",
             design);
    PARSE_ERROR(y, FIRST + 4, "unknown key 'opening'", "siting");
}

/* `zoneplan site` refuses a scenario without a siting: section, and a parcels layer that is
 * not there; it reads one that is (here the fixture's schools.shp, points with ids). */
Test(siting, cli_site_refusals)
{
    zpt_grid g = {.nx = 3, .ny = 3, .schools = parse_schools, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g, NULL), *out = zpt_path(dir, "o"), *log = NULL, args[3000];
    snprintf(args, sizeof args, "site %s --out %s", sc, out);
    cr_assert_eq(zpt_cli(args, &log), 2, "%s", log);
    cr_assert(strstr(log, sc) && strstr(log, "no siting: section"), "%s", log);
    free(log);
    free(sc);

    sc = zpt_write_grid(dir, &g,
                        "siting:\n"
                        "  candidates: {path: parcels.shp, id: PID}\n"
                        "  designs: [{type: primary, classes: 2}]\n"
                        "  open: 2\n");
    cr_assert_eq(zpt_cli(args, &log), 2, "%s", log);
    cr_assert(strstr(log, "parcels.shp"), "%s", log);
    struct stat sb;
    cr_assert_neq(stat(out, &sb), 0, "nothing written");
    free(log);
    free(sc);

    sc = zpt_write_grid(dir, &g,
                        "siting:\n"
                        "  candidates: {path: schools.shp, id: SCHOOL_ID, name: NAME}\n"
                        "  designs: [{type: primary, classes: 2}]\n"
                        "  open: 1\n");
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    cr_assert(strstr(log, "siting:   1 candidates x 1 designs"), "one parcel read: %s", log);
    free(log), free(sc), free(out);
}

/* siting.close: an unknown school is an error at the key's line; the only school of the
 * district cannot close (its pupils would lose places) and the report says so. */
Test(siting, closure_candidates)
{
    zpt_grid g = {.nx = 3, .ny = 3, .schools = parse_schools, .nschools = 1};
    char *out = zpt_path(dir, "o"), *log = NULL, args[3000];
    char *sc = zpt_write_grid(dir, &g,
                              "siting:\n"
                              "  candidates: {grid: {spacing_m: 100}}\n"
                              "  designs: [{type: primary, classes: 1}]\n"
                              "  open: 1\n"
                              "  close: [NOPE]\n");
    snprintf(args, sizeof args, "site %s --out %s", sc, out);
    cr_assert_eq(zpt_cli(args, &log), 2, "%s", log);
    char where[1200];
    snprintf(where, sizeof where, "%s:%d: siting.close: no school NOPE", sc, FIRST + 4);
    cr_assert(strstr(log, where), "expected '%s' in: %s", where, log);
    free(log), free(sc);
    sc = zpt_write_grid(dir, &g,
                        "siting:\n"
                        "  candidates: {grid: {spacing_m: 100}}\n"
                        "  designs: [{type: primary, classes: 1}]\n"
                        "  open: 1\n"
                        "  close: [S1]\n");
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    cr_assert(strstr(log, "close:    S1 kept open"), "%s", log);
    char path[1300];
    snprintf(path, sizeof path, "%s/changes.yaml", out);
    char *yaml = zpt_slurp(path, NULL);
    cr_assert(yaml && !strstr(yaml, "close_school"), "no closure in the plan: %s", yaml);
    free(yaml), free(log), free(sc), free(out);
}
