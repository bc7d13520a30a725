/* The quality-balance audit's rules by hand (zoneplan/audit.h): a school's per-pupil figures,
 * the 6-of-7 rule with its 85 % floor, "not assessed" never counted as zero, and the
 * inter-school difference coefficient weighted by pupils and plain. Every expected figure
 * below is worked out in the comment above it. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "zoneplan/audit.h"

/* A primary school of 1,000 pupils at the 2017 thresholds or just above: 45 qualified
 * teachers (4.5 per 100 >= 4.2), 10 key teachers (1.0, at it), 9 PE/arts (0.9, at it),
 * 4,600 m² teaching (4.6 >= 4.5), 7,600 m² sports (7.6 >= 7.5), 2.1 M yuan (2,100 >= 2,000),
 * 23 multimedia rooms (2.3, at it). */
static double base[ZP_NINDICATORS] = {45, 10, 9, 4600, 7600, 2100000, 23};
static uint8_t all[ZP_NINDICATORS] = {1, 1, 1, 1, 1, 1, 1};

static zp_audit_school eval(const double *res, const uint8_t *has, int64_t pupils, zp_level l)
{
    zp_audit_rules r;
    zp_audit_rules_2017(l, &r);
    zp_audit_school s;
    zp_audit_school_eval(&r, res, has, pupils, &s);
    return s;
}

Test(audit, thresholds_of_2017)
{
    zp_audit_rules p, j;
    zp_audit_rules_2017(ZP_PRIMARY, &p);
    zp_audit_rules_2017(ZP_JUNIOR, &j);
    double want_p[] = {4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3},
           want_j[] = {5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4};
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        cr_assert_float_eq(p.threshold[i], want_p[i], 1e-12, "%s", zp_indicator_key(i));
        cr_assert_float_eq(j.threshold[i], want_j[i], 1e-12, "%s", zp_indicator_key(i));
    }
    cr_assert_float_eq(p.cv_limit, 0.50, 1e-12);
    cr_assert_float_eq(j.cv_limit, 0.45, 1e-12);
    cr_assert_eq(p.need_met, 6);
    cr_assert_float_eq(p.rest_share, 0.85, 1e-12);
    cr_assert_str_eq(zp_indicator_key(ZP_IND_SPORTS_AREA), "sports_area");
    cr_assert_null(zp_indicator_key(ZP_NINDICATORS));
    cr_assert_float_eq(zp_indicator_per(ZP_IND_KEY_TEACHERS), 100.0, 0);
    cr_assert_float_eq(zp_indicator_per(ZP_IND_EQUIPMENT_VALUE), 1.0, 0);
}

Test(audit, every_indicator_met_at_or_above_its_threshold)
{
    zp_audit_school s = eval(base, all, 1000, ZP_PRIMARY);
    double want[] = {4.5, 1.0, 0.9, 4.6, 7.6, 2100, 2.3};
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        cr_assert_float_eq(s.value[i], want[i], 1e-9, "%s", zp_indicator_key(i));
        cr_assert(s.met[i], "%s at %.6f not met", zp_indicator_key(i), s.value[i]);
    }
    cr_assert_eq(s.nassessed, 7);
    cr_assert_eq(s.nmet, 7);
    cr_assert(s.pass);
}

/* One miss within the floor passes: 8 PE/arts teachers are 0.8 per 100, 0.889 of 0.9 (>= 0.85).
 * One below it fails: 7 are 0.7, 0.778 of 0.9. Two misses fail however close: 8 PE/arts and
 * 4,400 m² teaching (4.4, 0.978 of 4.5). */
Test(audit, six_of_seven_and_the_85_percent_floor)
{
    double r[ZP_NINDICATORS];
    memcpy(r, base, sizeof r);
    r[ZP_IND_PE_ARTS_TEACHERS] = 8;
    zp_audit_school s = eval(r, all, 1000, ZP_PRIMARY);
    cr_assert_eq(s.nmet, 6);
    cr_assert_not(s.met[ZP_IND_PE_ARTS_TEACHERS]);
    cr_assert(s.pass, "one miss at 0.889 of the threshold must pass");
    r[ZP_IND_PE_ARTS_TEACHERS] = 7;
    s = eval(r, all, 1000, ZP_PRIMARY);
    cr_assert_eq(s.nmet, 6);
    cr_assert_not(s.pass, "one miss at 0.778 of the threshold must fail");
    r[ZP_IND_PE_ARTS_TEACHERS] = 8;
    r[ZP_IND_TEACHING_AREA] = 4400;
    s = eval(r, all, 1000, ZP_PRIMARY);
    cr_assert_eq(s.nmet, 5);
    cr_assert_not(s.pass, "two misses must fail");
}

/* The denominator moves the verdict: the same school with 1,100 pupils has every figure below
 * its threshold (45 / 11 = 4.09, 0.91, 0.82, 4.18, 6.91, 1,909, 2.09): none met, fail; with
 * 1,000 it passed. The junior thresholds fail it at 1,000 (4.5 < 5.3, 4.6 < 5.8, 7.6 < 10.2,
 * 2,100 < 2,500, 2.3 < 2.4): only the key and PE/arts teachers meet theirs. */
Test(audit, pupils_are_the_denominator)
{
    zp_audit_school s = eval(base, all, 1100, ZP_PRIMARY);
    cr_assert_float_eq(s.value[ZP_IND_QUALIFIED_TEACHERS], 45.0 / 11.0, 1e-9);
    cr_assert_float_eq(s.value[ZP_IND_EQUIPMENT_VALUE], 2100000.0 / 1100.0, 1e-6);
    cr_assert_eq(s.nmet, 0);
    cr_assert_not(s.pass);
    s = eval(base, all, 1000, ZP_JUNIOR);
    cr_assert_eq(s.nmet, 2, "junior: only key and PE/arts teachers meet, not %d", s.nmet);
    cr_assert_not(s.pass);
}

/* An indicator without data is not assessed, never zero: no sports area given, the other six
 * met: passes on six assessed. No pupils: nothing assessed, no verdict of pass. */
Test(audit, not_assessed_is_not_zero)
{
    uint8_t has[ZP_NINDICATORS] = {1, 1, 1, 1, 0, 1, 1};
    zp_audit_school s = eval(base, has, 1000, ZP_PRIMARY);
    cr_assert_eq(s.nassessed, 6);
    cr_assert_eq(s.nmet, 6);
    cr_assert_not(s.assessed[ZP_IND_SPORTS_AREA]);
    cr_assert(s.pass);
    s = eval(base, all, 0, ZP_PRIMARY);
    cr_assert_eq(s.nassessed, 0);
    cr_assert_not(s.pass);
}

/* Three schools: resources 100, 300, 200 for 100, 100, 200 pupils, figures 1, 3, 1.
 * Weighted: mean 600 / 400 = 1.5, weights 0.25, 0.25, 0.5: variance 0.25 x 0.25 + 0.25 x 2.25
 * + 0.5 x 0.25 = 0.75, CV = sqrt(0.75) / 1.5 = 0.577350. Plain: mean 5/3, variance
 * (4/9 + 16/9 + 4/9) / 3 = 8/9, CV = sqrt(8/9) / (5/3) = 0.565685. The second school without
 * data: the others' figures are both 1, CV 0. One school: no coefficient (NAN). */
Test(audit, difference_coefficient_weighted_and_plain)
{
    zp_audit_rules r;
    zp_audit_rules_2017(ZP_PRIMARY, &r);
    double res[] = {100, 300, 200};
    int64_t pupils[] = {100, 100, 200};
    uint8_t has[] = {1, 1, 1};
    double cv;
    cr_assert_eq(zp_audit_cv(&r, 3, res, has, pupils, &cv), 0);
    cr_assert_float_eq(cv, sqrt(0.75) / 1.5, 1e-12);
    r.unweighted = 1;
    cr_assert_eq(zp_audit_cv(&r, 3, res, has, pupils, &cv), 0);
    cr_assert_float_eq(cv, sqrt(8.0 / 9.0) / (5.0 / 3.0), 1e-12);
    r.unweighted = 0;
    has[1] = 0;
    cr_assert_eq(zp_audit_cv(&r, 3, res, has, pupils, &cv), 0);
    cr_assert_float_eq(cv, 0.0, 1e-12);
    cr_assert_eq(zp_audit_cv(&r, 1, res, has, pupils, &cv), 0);
    cr_assert(isnan(cv));
}

/* ---- a nine-year school's whole-school resources split between its levels ---------------- */

static zp_school school_of(zp_school_type type)
{
    zp_school s;
    memset(&s, 0, sizeof s);
    s.type = type;
    return s;
}

static void give_whole(zp_school *s, const double *whole)
{
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        s->res.whole[i] = whole[i];
        s->res.has_whole[i] = 1;
    }
}

/* A nine-year school with 100 qualified teachers (and the other six given) for the whole
 * school, 1,200 primary and 800 junior pupils. Per head (junior_weight 1): primary's share
 * 1,200 / 2,000 = 0.6, 60 teachers, 60 / 1,200 x 100 = 5.0 per 100; junior's 0.4, 40 teachers,
 * 40 / 800 x 100 = 5.0. Every other indicator splits alike: 10,000 m² teaching area -> 6,000
 * and 4,000, 5 m² per pupil at both levels. */
Test(audit, nine_year_split_per_head)
{
    zp_audit_policy p;
    zp_audit_policy_defaults(&p);
    cr_assert_float_eq(p.junior_weight, 1.0, 0);
    zp_school s = school_of(ZP_TYPE_NINE_YEAR);
    double whole[ZP_NINDICATORS] = {100, 20, 20, 10000, 20000, 5000000, 50};
    give_whole(&s, whole);
    int64_t pupils[ZP_NLEVELS] = {1200, 800};
    double res[ZP_NINDICATORS];
    uint8_t has[ZP_NINDICATORS];
    cr_assert_eq(zp_audit_resources(&s, &p, pupils, ZP_PRIMARY, res, has), ZP_RES_SPLIT);
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        cr_assert_eq(has[i], 1, "%s", zp_indicator_key(i));
        cr_assert_float_eq(res[i], whole[i] * 0.6, 1e-9 * whole[i], "%s", zp_indicator_key(i));
    }
    cr_assert_float_eq(res[ZP_IND_QUALIFIED_TEACHERS], 60.0, 1e-9);
    zp_audit_school e;
    zp_audit_school_eval(&p.rules[ZP_PRIMARY], res, has, 1200, &e);
    cr_assert_float_eq(e.value[ZP_IND_QUALIFIED_TEACHERS], 5.0, 1e-9);
    cr_assert_float_eq(e.value[ZP_IND_TEACHING_AREA], 5.0, 1e-9);
    cr_assert_eq(zp_audit_resources(&s, &p, pupils, ZP_JUNIOR, res, has), ZP_RES_SPLIT);
    cr_assert_float_eq(res[ZP_IND_QUALIFIED_TEACHERS], 40.0, 1e-9);
    cr_assert_float_eq(res[ZP_IND_TEACHING_AREA], 4000.0, 1e-6);
    zp_audit_school_eval(&p.rules[ZP_JUNIOR], res, has, 800, &e);
    cr_assert_float_eq(e.value[ZP_IND_QUALIFIED_TEACHERS], 5.0, 1e-9);
    cr_assert_float_eq(e.value[ZP_IND_TEACHING_AREA], 5.0, 1e-9);
}

/* junior_weight 1.5: 800 junior pupils weigh 1,200, so the shares are 1,200 / 2,400 = 0.5
 * each: 50 teachers a level, 50 / 1,200 x 100 = 4.1667 per 100 for primary and
 * 50 / 800 x 100 = 6.25 for junior. */
Test(audit, nine_year_split_junior_weight)
{
    zp_audit_policy p;
    zp_audit_policy_defaults(&p);
    p.junior_weight = 1.5;
    zp_school s = school_of(ZP_TYPE_NINE_YEAR);
    double whole[ZP_NINDICATORS] = {100, 20, 20, 10000, 20000, 5000000, 50};
    give_whole(&s, whole);
    int64_t pupils[ZP_NLEVELS] = {1200, 800};
    double res[ZP_NINDICATORS];
    uint8_t has[ZP_NINDICATORS];
    zp_audit_school e;
    cr_assert_eq(zp_audit_resources(&s, &p, pupils, ZP_PRIMARY, res, has), ZP_RES_SPLIT);
    cr_assert_float_eq(res[ZP_IND_QUALIFIED_TEACHERS], 50.0, 1e-9);
    zp_audit_school_eval(&p.rules[ZP_PRIMARY], res, has, 1200, &e);
    cr_assert_float_eq(e.value[ZP_IND_QUALIFIED_TEACHERS], 50.0 / 12.0, 1e-9); /* 4.1667 */
    cr_assert_eq(zp_audit_resources(&s, &p, pupils, ZP_JUNIOR, res, has), ZP_RES_SPLIT);
    cr_assert_float_eq(res[ZP_IND_QUALIFIED_TEACHERS], 50.0, 1e-9);
    zp_audit_school_eval(&p.rules[ZP_JUNIOR], res, has, 800, &e);
    cr_assert_float_eq(e.value[ZP_IND_QUALIFIED_TEACHERS], 6.25, 1e-9);
}

/* Per-level fields win over the whole: junior given 35 qualified teachers of its own takes 35
 * (not the split's 40), while primary, with none of its own, still takes 60 of the whole (the
 * source is then the most derived: split). Every indicator given per level: ZP_RES_LEVEL, the
 * whole ignored. A primary school's whole fields are its primary level's, unsplit (even with
 * junior pupils passed): ZP_RES_WHOLE. Nothing given: ZP_RES_NONE, has[] all 0. */
Test(audit, resource_sources)
{
    zp_audit_policy p;
    zp_audit_policy_defaults(&p);
    double whole[ZP_NINDICATORS] = {100, 20, 20, 10000, 20000, 5000000, 50};
    int64_t pupils[ZP_NLEVELS] = {1200, 800};
    double res[ZP_NINDICATORS];
    uint8_t has[ZP_NINDICATORS];

    zp_school s = school_of(ZP_TYPE_NINE_YEAR);
    give_whole(&s, whole);
    s.res.level[ZP_JUNIOR][ZP_IND_QUALIFIED_TEACHERS] = 35;
    s.res.has_level[ZP_JUNIOR][ZP_IND_QUALIFIED_TEACHERS] = 1;
    cr_assert_eq(zp_audit_resources(&s, &p, pupils, ZP_JUNIOR, res, has), ZP_RES_SPLIT);
    cr_assert_float_eq(res[ZP_IND_QUALIFIED_TEACHERS], 35.0, 0);
    cr_assert_float_eq(res[ZP_IND_KEY_TEACHERS], 8.0, 1e-9); /* 20 x 0.4 */
    cr_assert_eq(zp_audit_resources(&s, &p, pupils, ZP_PRIMARY, res, has), ZP_RES_SPLIT);
    cr_assert_float_eq(res[ZP_IND_QUALIFIED_TEACHERS], 60.0, 1e-9);

    for (int i = 0; i < ZP_NINDICATORS; i++) {
        s.res.level[ZP_JUNIOR][i] = i + 1;
        s.res.has_level[ZP_JUNIOR][i] = 1;
    }
    cr_assert_eq(zp_audit_resources(&s, &p, pupils, ZP_JUNIOR, res, has), ZP_RES_LEVEL);
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        cr_assert_float_eq(res[i], i + 1.0, 0, "%s", zp_indicator_key(i));
        cr_assert_eq(has[i], 1);
    }
    cr_assert_str_eq(zp_res_source_name(ZP_RES_LEVEL), "level");

    zp_school pri = school_of(ZP_TYPE_PRIMARY);
    give_whole(&pri, whole);
    cr_assert_eq(zp_audit_resources(&pri, &p, pupils, ZP_PRIMARY, res, has), ZP_RES_WHOLE);
    for (int i = 0; i < ZP_NINDICATORS; i++)
        cr_assert_float_eq(res[i], whole[i], 0, "%s", zp_indicator_key(i));
    cr_assert(zp_audit_has_resources(&pri));

    zp_school none = school_of(ZP_TYPE_NINE_YEAR);
    memset(has, 7, sizeof has);
    cr_assert_eq(zp_audit_resources(&none, &p, pupils, ZP_PRIMARY, res, has), ZP_RES_NONE);
    for (int i = 0; i < ZP_NINDICATORS; i++)
        cr_assert_eq(has[i], 0, "%s", zp_indicator_key(i));
    cr_assert_not(zp_audit_has_resources(&none));
    cr_assert_str_eq(zp_res_source_name(ZP_RES_NONE), "none");
}

/* ---- zp_audit_cap: the most pupils at which a school still passes ---------------------------- */

/* A primary school generous in five indicators (100 key and 100 PE/arts teachers, 100,000 m²
 * teaching and sports area, 100 M yuan: at 2,000 pupils still 5.0, 5.0, 50, 50 and 50,000,
 * far above 1.0, 0.9, 4.5, 7.5 and 2,000). */
static zp_school generous_primary(double qualified, double rooms)
{
    zp_school s = school_of(ZP_TYPE_PRIMARY);
    double whole[ZP_NINDICATORS] = {qualified, 100, 100, 100000, 100000, 1e8, rooms};
    give_whole(&s, whole);
    return s;
}

/* 23 multimedia rooms and 48 qualified teachers:
 * rooms 2,300 / P >= 2.3 up to P = 1,000; at least 85 % (1.955) up to floor(2,300 / 1.955)
 * = 1,176 (1,176: 1.95578; 1,177: 1.95412);
 * teachers 4,800 / P >= 4.2 up to floor(4,800 / 4.2) = floor(1,142.86) = 1,142 (1,143:
 * 4.19948).
 * From 1,001 to 1,142 only the rooms miss, above 85 %: pass. At 1,143 both miss: fail. The
 * cap is 1,142; at 1,143 the rooms are furthest below (2.01225 / 2.3 = 0.875 against the
 * teachers' 4.19948 / 4.2 = 0.9999): the limit. */
Test(audit, cap_second_tightest_indicator)
{
    zp_audit_policy p;
    zp_audit_policy_defaults(&p);
    zp_school s = generous_primary(48, 23);
    int64_t cap[ZP_NLEVELS] = {2000, 0}, out[ZP_NLEVELS];
    int limit[ZP_NLEVELS];
    zp_audit_cap(&s, &p, cap, out, limit);
    cr_assert_eq(out[ZP_PRIMARY], 1142);
    cr_assert_eq(limit[ZP_PRIMARY], ZP_IND_MULTIMEDIA_ROOMS, "limit %d", limit[ZP_PRIMARY]);
    cr_assert_eq(out[ZP_JUNIOR], 0);
    cr_assert_eq(limit[ZP_JUNIOR], -1);
    /* by hand: a primary school's whole resources are its primary level's */
    zp_audit_school e;
    double res[ZP_NINDICATORS] = {48, 100, 100, 100000, 100000, 1e8, 23};
    zp_audit_school_eval(&p.rules[ZP_PRIMARY], res, all, 1142, &e);
    cr_assert(e.pass);
    cr_assert_eq(e.nmet, 6);
    zp_audit_school_eval(&p.rules[ZP_PRIMARY], res, all, 1143, &e);
    cr_assert_not(e.pass);
    cr_assert_eq(e.nmet, 5);
}

/* Teachers generous (100: 5.0 per 100 at 2,000), 23 rooms alone: one miss is allowed down to
 * 85 %, so the cap is the rooms' 85 % point, 1,176 (above). */
Test(audit, cap_tightest_at_85_percent)
{
    zp_audit_policy p;
    zp_audit_policy_defaults(&p);
    zp_school s = generous_primary(100, 23);
    int64_t cap[ZP_NLEVELS] = {2000, 0}, out[ZP_NLEVELS];
    int limit[ZP_NLEVELS];
    zp_audit_cap(&s, &p, cap, out, limit);
    cr_assert_eq(out[ZP_PRIMARY], 1176);
    cr_assert_eq(limit[ZP_PRIMARY], ZP_IND_MULTIMEDIA_ROOMS);
}

/* A nine-year school whose whole resources are shared, in a run that solves no junior level
 * (level_off): all of them serve its primary pupils, so its primary cap is that of a primary
 * school with the same resources, 1,176 (above), and nothing is held back for a junior level
 * that has no pupils. With the junior level on and 800 junior places, both levels scale down
 * together by k / 2,000: primary 2,000 k / 2,000 and junior 800 k / 2,000 pupils share the
 * 23 rooms, 2,300 / (2,800 k / 2,000) >= 1.955 (85 % of primary's 2.3) up to k = 840 (1.9558;
 * 841: 1.9535), but junior's threshold 2.4 (85 %: 2.04) binds first: 2,300 / (1.4 k) >= 2.04
 * up to k = 805 (2.0408; 806: 2.0383): 805 primary and 322 junior places. Its limit is the
 * rooms at the junior level, and the primary level, which still passes one step on, gets the
 * same (they are held back together). */
Test(audit, cap_of_a_level_the_run_does_not_solve)
{
    zp_audit_policy p;
    zp_audit_policy_defaults(&p);
    zp_school s = generous_primary(1000, 23);
    s.type = ZP_TYPE_NINE_YEAR;
    int64_t cap[ZP_NLEVELS] = {2000, 800}, out[ZP_NLEVELS];
    int limit[ZP_NLEVELS];
    p.level_off[ZP_JUNIOR] = 1;
    zp_audit_cap(&s, &p, cap, out, limit);
    cr_assert_eq(out[ZP_PRIMARY], 1176);
    cr_assert_eq(out[ZP_JUNIOR], 0);
    cr_assert_eq(limit[ZP_PRIMARY], ZP_IND_MULTIMEDIA_ROOMS);
    p.level_off[ZP_JUNIOR] = 0;
    zp_audit_cap(&s, &p, cap, out, limit);
    cr_assert_eq(out[ZP_PRIMARY], 805, "primary %lld", (long long)out[ZP_PRIMARY]);
    cr_assert_eq(out[ZP_JUNIOR], 322, "junior %lld", (long long)out[ZP_JUNIOR]);
    cr_assert_eq(limit[ZP_JUNIOR], ZP_IND_MULTIMEDIA_ROOMS);
    cr_assert_eq(limit[ZP_PRIMARY], ZP_IND_MULTIMEDIA_ROOMS);
}

/* An indicator exactly at its threshold decides the cap: 9 PE/arts teachers are 0.9 per 100
 * at 1,000 pupils, but 9 / 1,000 x 100 is 0.8999999999999999 in binary; 22 rooms are 2.2 at
 * 1,000 (0.957 of 2.3: the one miss allowed, down to 85 % at floor(2,200 / 1.955) = 1,125).
 * Within the 1e-9 relative tolerance the PE/arts figure is met at 1,000: one miss, pass. At
 * 1,001 it is 0.8991: two misses, fail. Cap 1,000 (without the tolerance 999). At 1,001 the
 * rooms are furthest below (2.1978 / 2.3 = 0.956 against 0.999): the limit. */
Test(audit, cap_at_exact_threshold)
{
    zp_audit_policy p;
    zp_audit_policy_defaults(&p);
    zp_school s = generous_primary(100, 22);
    s.res.whole[ZP_IND_PE_ARTS_TEACHERS] = 9;
    int64_t cap[ZP_NLEVELS] = {2000, 0}, out[ZP_NLEVELS];
    int limit[ZP_NLEVELS];
    zp_audit_cap(&s, &p, cap, out, limit);
    cr_assert_eq(out[ZP_PRIMARY], 1000);
    cr_assert_eq(limit[ZP_PRIMARY], ZP_IND_MULTIMEDIA_ROOMS, "limit %d", limit[ZP_PRIMARY]);
    double res[ZP_NINDICATORS] = {100, 100, 9, 100000, 100000, 1e8, 22};
    zp_audit_school e;
    zp_audit_school_eval(&p.rules[ZP_PRIMARY], res, all, 1000, &e);
    cr_assert(e.met[ZP_IND_PE_ARTS_TEACHERS], "0.9 at its threshold, %.17g", e.value[2]);
    cr_assert(e.pass);
    zp_audit_school_eval(&p.rules[ZP_PRIMARY], res, all, 1001, &e);
    cr_assert_not(e.met[ZP_IND_PE_ARTS_TEACHERS]);
    cr_assert_not(e.pass);
}

/* The cap above cap[] is cut to it: the 1,142 school with 1,100 places keeps 1,100, not
 * limited. A school without resources keeps its places whatever they are. */
Test(audit, cap_within_places_and_without_resources)
{
    zp_audit_policy p;
    zp_audit_policy_defaults(&p);
    zp_school s = generous_primary(48, 23);
    int64_t cap[ZP_NLEVELS] = {1100, 0}, out[ZP_NLEVELS];
    int limit[ZP_NLEVELS];
    zp_audit_cap(&s, &p, cap, out, limit);
    cr_assert_eq(out[ZP_PRIMARY], 1100);
    cr_assert_eq(limit[ZP_PRIMARY], -1);
    zp_school none = school_of(ZP_TYPE_NINE_YEAR);
    int64_t cap2[ZP_NLEVELS] = {1500, 900};
    zp_audit_cap(&none, &p, cap2, out, limit);
    cr_assert_eq(out[ZP_PRIMARY], 1500);
    cr_assert_eq(out[ZP_JUNIOR], 900);
    cr_assert_eq(limit[ZP_PRIMARY], -1);
    cr_assert_eq(limit[ZP_JUNIOR], -1);
}

/* A nine-year school, places {1,200, 800}, whole-school resources: 54 qualified teachers, 24
 * rooms, the rest generous (100 key, 100 PE/arts, 20,000 m² teaching, 30,000 m² sports,
 * 10 M yuan: at 2,000 pupils 5.0, 5.0, 10, 15, 5,000, above even the junior 1.0, 0.9, 5.8,
 * 10.2, 2,500). Per head, each level's figure is the whole's over all T pupils.
 * Junior (5.3, 2.4): teachers 5,400 / T >= 5.3 up to T = 1,018 (1,019: 5.2993); rooms
 * 2,400 / T >= 2.4 up to 1,000, >= 85 % (2.04) up to 1,176. So junior passes up to T = 1,018
 * (only the rooms missing), fails at 1,019 (both). Primary (4.2, 2.3) passes beyond: rooms
 * meet up to 1,043, teachers up to 1,285.
 * Scaled together at k / 1,200: P = {k, floor(800 k / 1,200)}; k = 611: {611, 407}, T =
 * 1,018, passes; k = 612: {612, 408}, T = 1,020, fails. At 1,020 the rooms are furthest below
 * (2.35294 / 2.4 = 0.980 against 5.29412 / 5.3 = 0.999): the limit of both levels. */
Test(audit, cap_nine_year_scales_both_levels)
{
    zp_audit_policy p;
    zp_audit_policy_defaults(&p);
    zp_school s = school_of(ZP_TYPE_NINE_YEAR);
    double whole[ZP_NINDICATORS] = {54, 100, 100, 20000, 30000, 1e7, 24};
    give_whole(&s, whole);
    int64_t cap[ZP_NLEVELS] = {1200, 800}, out[ZP_NLEVELS];
    int limit[ZP_NLEVELS];
    zp_audit_cap(&s, &p, cap, out, limit);
    cr_assert_eq(out[ZP_PRIMARY], 611);
    cr_assert_eq(out[ZP_JUNIOR], 407);
    cr_assert_eq(limit[ZP_PRIMARY], ZP_IND_MULTIMEDIA_ROOMS, "limit %d", limit[ZP_PRIMARY]);
    cr_assert_eq(limit[ZP_JUNIOR], ZP_IND_MULTIMEDIA_ROOMS, "limit %d", limit[ZP_JUNIOR]);

    /* By hand, at {611, 407}: junior's share 407 / 1,018 of each whole; at {612, 408}: 408 /
     * 1,020. Primary's the rest. */
    zp_audit_school e;
    uint8_t has[ZP_NINDICATORS];
    memset(has, 1, sizeof has);
    double jr[ZP_NINDICATORS], pr[ZP_NINDICATORS];
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        jr[i] = whole[i] * 407.0 / 1018.0;
        pr[i] = whole[i] * 611.0 / 1018.0;
    }
    zp_audit_school_eval(&p.rules[ZP_JUNIOR], jr, has, 407, &e);
    cr_assert(e.pass, "junior at {611, 407} must pass");
    cr_assert_eq(e.nmet, 6);
    cr_assert_not(e.met[ZP_IND_MULTIMEDIA_ROOMS]);
    cr_assert_float_eq(e.value[ZP_IND_QUALIFIED_TEACHERS], 5400.0 / 1018.0, 1e-9); /* 5.3045 */
    zp_audit_school_eval(&p.rules[ZP_PRIMARY], pr, has, 611, &e);
    cr_assert(e.pass, "primary at {611, 407} must pass");
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        jr[i] = whole[i] * 408.0 / 1020.0;
        pr[i] = whole[i] * 612.0 / 1020.0;
    }
    zp_audit_school_eval(&p.rules[ZP_JUNIOR], jr, has, 408, &e);
    cr_assert_not(e.pass, "junior at {612, 408} must fail");
    cr_assert_eq(e.nmet, 5);
    zp_audit_school_eval(&p.rules[ZP_PRIMARY], pr, has, 612, &e);
    cr_assert(e.pass, "primary at {612, 408} passes: junior is the level that stops it");
}

/* ---- zp_audit_run over a dataset built by hand ------------------------------------------------
 */

/* Four primary schools, all seven resources given where any are:
 * S0, 100 pupils, whole fields: 4 qualified teachers (4.0 per 100, 0.952 of 4.2: the one
 * miss), 2 key (2.0), 1 PE/arts (1.0), 500 m² teaching (5.0), 800 m² sports (8.0), 300,000
 * yuan (3,000), 3 rooms (3.0): six met, passes; source "whole".
 * S1, 300 pupils, primary-level fields: 18 qualified (6.0), 2 key (0.667, 0.667 of 1.0, under
 * 85 %), 3 PE/arts (1.0), 1,500 m² (5.0), 2,400 m² (8.0), 900,000 yuan (3,000), 9 rooms (3.0):
 * fails; source "level".
 * S2, 200 pupils, nothing given: not assessed.
 * S3 closed (100 qualified teachers for 100 pupils, which would move every coefficient): left
 * out altogether.
 * Primary: 1 pass, 1 fail, 1 not assessed. No school serves junior: level off, nothing counted,
 * coefficients NAN (met: nothing to fail).
 * Qualified teachers weighted: X = (4 + 18) / 400 x 100 = 5.5, weights 0.25 and 0.75:
 * sqrt(0.25 x 2.25 + 0.75 x 0.25) / 5.5 = sqrt(0.75) / 5.5 = 0.157459, within 0.50.
 * Key teachers weighted: X = 4 / 400 x 100 = 1.0, sqrt(0.25 x 1 + 0.75 x 1/9) = sqrt(1/3) =
 * 0.577350 over 1.0: above 0.50, not met. PE/arts, teaching, sports, value, rooms: equal
 * figures, 0.
 * Unweighted: teachers mean 5, standard deviation 1, CV 0.2; key teachers mean 4/3, deviation
 * 2/3, CV 0.5. */
static zp_school run_schools[4];

static void run_dataset(zp_dataset *ds, int64_t *pupils)
{
    static const double s0[ZP_NINDICATORS] = {4, 2, 1, 500, 800, 300000, 3};
    static const double s1[ZP_NINDICATORS] = {18, 2, 3, 1500, 2400, 900000, 9};
    static const double s3[ZP_NINDICATORS] = {100, 100, 100, 1e5, 1e5, 1e8, 100};
    for (int k = 0; k < 4; k++)
        run_schools[k] = school_of(ZP_TYPE_PRIMARY);
    give_whole(&run_schools[0], s0);
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        run_schools[1].res.level[ZP_PRIMARY][i] = s1[i];
        run_schools[1].res.has_level[ZP_PRIMARY][i] = 1;
    }
    give_whole(&run_schools[3], s3);
    run_schools[3].closed = 1;
    memset(ds, 0, sizeof *ds);
    ds->schools = run_schools;
    ds->nschools = 4;
    static const int64_t p[8] = {100, 0, 300, 0, 200, 0, 100, 0};
    memcpy(pupils, p, sizeof p);
}

Test(audit, run_by_hand)
{
    zp_dataset ds;
    int64_t pupils[8];
    run_dataset(&ds, pupils);
    zp_audit_policy p;
    zp_audit_policy_defaults(&p);
    int active[ZP_NLEVELS] = {1, 1};
    zp_audit_result r;
    cr_assert_eq(zp_audit_run(&ds, &p, pupils, active, 1, &r), 0);
    cr_assert_eq(r.nschools, 4);
    cr_assert_eq(r.npass[ZP_PRIMARY], 1);
    cr_assert_eq(r.nfail[ZP_PRIMARY], 1);
    cr_assert_eq(r.nnot[ZP_PRIMARY], 1, "the closed school is not counted at all");
    cr_assert(r.level_on[ZP_PRIMARY]);
    cr_assert_not(r.level_on[ZP_JUNIOR]);
    cr_assert_eq(r.npass[ZP_JUNIOR] + r.nfail[ZP_JUNIOR] + r.nnot[ZP_JUNIOR], 0);

    const zp_audit_row *row = &r.rows[0 * ZP_NLEVELS + ZP_PRIMARY];
    cr_assert_str_eq(zp_audit_verdict(row), "pass");
    cr_assert_eq(row->source, ZP_RES_WHOLE);
    cr_assert_eq(row->pupils, 100);
    cr_assert_eq(row->eval.nmet, 6);
    cr_assert_float_eq(row->eval.value[ZP_IND_QUALIFIED_TEACHERS], 4.0, 1e-9);
    row = &r.rows[1 * ZP_NLEVELS + ZP_PRIMARY];
    cr_assert_str_eq(zp_audit_verdict(row), "fail");
    cr_assert_eq(row->source, ZP_RES_LEVEL);
    cr_assert_float_eq(row->eval.value[ZP_IND_KEY_TEACHERS], 2.0 / 3.0, 1e-9);
    row = &r.rows[2 * ZP_NLEVELS + ZP_PRIMARY];
    cr_assert_str_eq(zp_audit_verdict(row), "not_assessed");
    cr_assert_eq(row->source, ZP_RES_NONE);
    row = &r.rows[3 * ZP_NLEVELS + ZP_PRIMARY];
    cr_assert_eq(row->pupils, 0, "closed school skipped");
    cr_assert_eq(row->eval.nassessed, 0);

    cr_assert_float_eq(r.cv[ZP_PRIMARY][ZP_IND_QUALIFIED_TEACHERS], sqrt(0.75) / 5.5, 1e-12);
    cr_assert_float_eq(r.cv[ZP_PRIMARY][ZP_IND_QUALIFIED_TEACHERS], 0.157459, 1e-6);
    cr_assert(r.cv_met[ZP_PRIMARY][ZP_IND_QUALIFIED_TEACHERS]);
    cr_assert_float_eq(r.cv[ZP_PRIMARY][ZP_IND_KEY_TEACHERS], sqrt(1.0 / 3.0), 1e-12);
    cr_assert_not(r.cv_met[ZP_PRIMARY][ZP_IND_KEY_TEACHERS]);
    for (int i = ZP_IND_PE_ARTS_TEACHERS; i < ZP_NINDICATORS; i++) {
        cr_assert_float_eq(r.cv[ZP_PRIMARY][i], 0.0, 1e-12, "%s", zp_indicator_key(i));
        cr_assert(r.cv_met[ZP_PRIMARY][i]);
    }
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        cr_assert(isnan(r.cv[ZP_JUNIOR][i]), "%s", zp_indicator_key(i));
        cr_assert(r.cv_met[ZP_JUNIOR][i]);
    }
    zp_audit_free(&r);
    cr_assert_null(r.rows);

    p.rules[ZP_PRIMARY].unweighted = 1;
    cr_assert_eq(zp_audit_run(&ds, &p, pupils, active, 1, &r), 0);
    cr_assert_float_eq(r.cv[ZP_PRIMARY][ZP_IND_QUALIFIED_TEACHERS], 0.2, 1e-12);
    cr_assert_float_eq(r.cv[ZP_PRIMARY][ZP_IND_KEY_TEACHERS], 0.5, 1e-12);
    cr_assert_eq(r.npass[ZP_PRIMARY], 1);
    zp_audit_free(&r);
}

/* The primary level not active: nothing assessed or counted there, no coefficient. */
Test(audit, run_inactive_level)
{
    zp_dataset ds;
    int64_t pupils[8];
    run_dataset(&ds, pupils);
    zp_audit_policy p;
    zp_audit_policy_defaults(&p);
    int active[ZP_NLEVELS] = {0, 1};
    zp_audit_result r;
    cr_assert_eq(zp_audit_run(&ds, &p, pupils, active, 1, &r), 0);
    cr_assert_eq(r.npass[ZP_PRIMARY] + r.nfail[ZP_PRIMARY] + r.nnot[ZP_PRIMARY], 0);
    cr_assert_not(r.level_on[ZP_PRIMARY]);
    cr_assert(isnan(r.cv[ZP_PRIMARY][ZP_IND_QUALIFIED_TEACHERS]));
    zp_audit_free(&r);
}

/* Figures for people round toward their side: 4.1996 qualified teachers short of 4.2 read
 * 4.19 (to nearest they would read 4.20, the threshold itself, yet marked short; found on the
 * Boston tracts' booklet), 1,999.6 yuan short of 2,000 read 1,999, a coefficient of 0.50004
 * over its 0.50 limit reads 0.501; 4.19, whose binary value is a hair below, stays 4.19; and a
 * met figure rounds to nearest (4.206: 4.21). */
Test(audit, figures_round_toward_their_side)
{
    cr_assert_float_eq(zp_audit_shown(4.1996, 2, -1), 4.19, 1e-12);
    cr_assert_float_eq(zp_audit_shown(1999.6, 0, -1), 1999, 1e-12);
    cr_assert_float_eq(zp_audit_shown(0.50004, 3, 1), 0.501, 1e-12);
    cr_assert_float_eq(zp_audit_shown(4.19, 2, -1), 4.19, 1e-12);
    cr_assert_float_eq(zp_audit_shown(0.5, 3, 1), 0.5, 1e-12);
    cr_assert_float_eq(zp_audit_shown(4.206, 2, 0), 4.21, 1e-12);
}
