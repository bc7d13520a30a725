/* The quality-balance audit (优质均衡, national standard of 2017): seven per-pupil resource
 * indicators per school, the rule a school passes by, and the inter-school difference
 * coefficient (校际差异系数) of each indicator across a level's schools. Pure arithmetic over
 * plain numbers: the run supplies each school's resources and pupils (today's catchments, or
 * the plan), so one audit serves both. */
#ifndef ZONEPLAN_AUDIT_H
#define ZONEPLAN_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "zoneplan/model.h"

typedef enum {
    ZP_IND_QUALIFIED_TEACHERS = 0, /* teachers above the required qualification, per 100 pupils */
    ZP_IND_KEY_TEACHERS,           /* county-level or higher key teachers (骨干教师), per 100 */
    ZP_IND_PE_ARTS_TEACHERS,       /* PE and arts specialist teachers, per 100 pupils */
    ZP_IND_TEACHING_AREA,          /* teaching and auxiliary floor area, m² per pupil */
    ZP_IND_SPORTS_AREA,            /* sports ground and hall area, m² per pupil */
    ZP_IND_EQUIPMENT_VALUE,        /* teaching equipment value, yuan per pupil */
    ZP_IND_MULTIMEDIA_ROOMS,       /* networked multimedia classrooms, per 100 pupils */
    ZP_NINDICATORS
} zp_indicator;
_Static_assert(ZP_NINDICATORS == ZP_NRESOURCES, "one resource per indicator (model.h)");

/* The scenario key of an indicator (e.g. "qualified_teachers"), NULL out of range. */
const char *zp_indicator_key(zp_indicator i);
/* Pupils the indicator is counted per: 100 for teachers and rooms, 1 for areas and value. */
double zp_indicator_per(zp_indicator i);

typedef struct zp_audit_rules {
    double threshold[ZP_NINDICATORS]; /* per indicator, in its unit (per 100 or per pupil) */
    int need_met;                     /* indicators at least at their threshold: 6 */
    double rest_share;                /* the others at least this share of it: 0.85 */
    double cv_limit;                  /* difference coefficient at most: 0.50 / 0.45 */
    int unweighted;                   /* 1: the plain coefficient of variation of the schools'
                                         figures; 0: weighted by pupils (the common method) */
} zp_audit_rules;

/* The 2017 standard's values for a level. */
void zp_audit_rules_2017(zp_level level, zp_audit_rules *r);
/* A figure rounded to `decimals` places for people to read, toward the side it is on: dir -1
 * rounds down (a figure short of its threshold never reads as reaching it: 4.1996 is 4.19,
 * not 4.20), +1 up (a coefficient over its limit never reads as within it), 0 to nearest. */
double zp_audit_shown(double v, int decimals, int dir);

/* The indicator of a scenario key, -1 when none. */
int zp_indicator_find(const char *key);
/* Every indicator's key in order, NULL-terminated (a scenario mapping's allowed keys). */
const char *const *zp_indicator_keys(void);

/* How a school's resources reach a level (audit.csv's `resources` column). */
typedef enum {
    ZP_RES_NONE = 0, /* nothing given: not assessed */
    ZP_RES_LEVEL,    /* given per level */
    ZP_RES_WHOLE,    /* the whole school's, and it serves this level alone */
    ZP_RES_SPLIT     /* a nine-year school's whole, split between its levels by pupils */
} zp_res_source;
const char *zp_res_source_name(zp_res_source s); /* "none", "level", "whole", "split" */

/* The audit's policy values (policy.audit, policy.profile, policy.enforce_audit). */
typedef struct zp_audit_policy {
    zp_audit_rules rules[ZP_NLEVELS];
    /* A nine-year school's whole-school resources go to its levels in proportion to their
     * pupils, a junior pupil counting junior_weight primary pupils (1: per head). */
    double junior_weight;
    int enforce;                   /* enforce_audit: places capped where the school still passes */
    uint8_t level_off[ZP_NLEVELS]; /* levels the run does not solve (no children mapped): no
                                      pupils there, so no places held back for them */
    char profile[24];              /* "national-2017" when the scenario names it, else "" */
} zp_audit_policy;

/* The 2017 rules for both levels, per-head split, not enforced, no profile named. */
void zp_audit_policy_defaults(zp_audit_policy *p);

/* A school's resources at a level for pupils[] pupils per level (a split needs both):
 * res/has per indicator, and how they were found (the most derived of the indicators'). */
zp_res_source zp_audit_resources(const zp_school *s, const zp_audit_policy *p,
                                 const int64_t pupils[ZP_NLEVELS], zp_level level, double *res,
                                 uint8_t *has);
/* Whether any resource of the school is given. */
int zp_audit_has_resources(const zp_school *s);

/* Places at which the school still passes at every level it serves, within cap[] (its places
 * without the audit): per level the most pupils that pass, found by bisection (a school's
 * figures only fall as pupils rise); a school whose levels share split resources is scaled
 * down on both levels together, keeping their proportion. out[] <= cap[]; limit[l] the
 * indicator that stops a level from taking one more (the one furthest below its threshold
 * there), -1 when the level is not limited. */
void zp_audit_cap(const zp_school *s, const zp_audit_policy *p, const int64_t cap[ZP_NLEVELS],
                  int64_t out[ZP_NLEVELS], int limit[ZP_NLEVELS]);

typedef struct zp_audit_school {
    double value[ZP_NINDICATORS];     /* per-pupil figure in the indicator's unit */
    uint8_t assessed[ZP_NINDICATORS]; /* resource given and pupils > 0 ("not assessed" is never
                                         counted as zero) */
    uint8_t met[ZP_NINDICATORS];
    int nassessed, nmet;
    int pass; /* every assessed indicator met but at most (7 - need_met), each of those at
                 least rest_share of its threshold; 0 when none is assessed */
} zp_audit_school;

/* One school: resource[i] the school's total of indicator i (teachers, m², yuan, rooms) and
 * has[i] whether it is given, for `pupils` pupils. */
void zp_audit_school_eval(const zp_audit_rules *r, const double *resource, const uint8_t *has,
                          int64_t pupils, zp_audit_school *out);

/* The difference coefficient of one indicator over n schools (resource[k], pupils[k]; schools
 * with has[k] 0 or no pupils left out): weighted, X = total resource / total pupils and
 * sqrt(sum (P_k / P) (X_k - X)^2) / X; unweighted, the schools' figures' standard deviation
 * over their mean. Returns 0 and *cv = NAN when fewer than two schools count or the mean
 * is 0. */
int zp_audit_cv(const zp_audit_rules *r, size_t n, const double *resource, const uint8_t *has,
                const int64_t *pupils, double *cv);

/* One school at one level under one assignment. */
typedef struct zp_audit_row {
    uint8_t on; /* the school is audited at this level (serves it, open on this side) */
    int64_t pupils;
    zp_res_source source;
    double resource[ZP_NINDICATORS]; /* the level's share, in the indicator's total unit */
    uint8_t has[ZP_NINDICATORS];
    zp_audit_school eval;
} zp_audit_row;

/* The audit of one assignment: every school at every level it serves, and per level the
 * difference coefficient of each indicator. */
typedef struct zp_audit_result {
    size_t nschools;
    zp_audit_row *rows;       /* [school * ZP_NLEVELS + level] */
    int level_on[ZP_NLEVELS]; /* the level is active and some school there is assessed */
    double cv[ZP_NLEVELS][ZP_NINDICATORS];  /* NAN: fewer than two schools with the figure */
    int cv_met[ZP_NLEVELS][ZP_NINDICATORS]; /* within the limit (1 where NAN: nothing to fail) */
    int npass[ZP_NLEVELS], nfail[ZP_NLEVELS], nnot[ZP_NLEVELS]; /* schools serving the level */
} zp_audit_result;

/* Audit ds's schools with pupils[s * ZP_NLEVELS + l] pupils each (active[l]: the level is
 * assessed at all; an inactive level's pupils still count in a nine-year school's split).
 * skip_closed: schools closed by a change are not audited (the plan; today they are open). */
int zp_audit_run(const zp_dataset *ds, const zp_audit_policy *p, const int64_t *pupils,
                 const int active[ZP_NLEVELS], int skip_closed, zp_audit_result *out);
void zp_audit_free(zp_audit_result *r);
/* A school's verdict: pass, fail, or not assessed (no pupils, or nothing given). */
typedef enum { ZP_VERDICT_PASS = 0, ZP_VERDICT_FAIL, ZP_VERDICT_NOT_ASSESSED } zp_verdict;
#define ZP_NVERDICTS 3
zp_verdict zp_audit_row_verdict(const zp_audit_row *row);
/* "pass", "fail", "not_assessed" (audit.csv, summary.json; the words' audit_* keys). */
const char *zp_verdict_name(zp_verdict v);
/* The verdict of one of those names, -1 when none. */
int zp_verdict_find(const char *name);
/* zp_verdict_name(zp_audit_row_verdict(row)). */
const char *zp_audit_verdict(const zp_audit_row *row);

#endif
