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
