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

#endif
