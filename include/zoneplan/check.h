/* Policy checks on an assignment: class size (45/50), large (56+) and very large
 * (66+) classes, classrooms needed vs available, school size (2,500), capacity,
 * service radius and shortfall. Every flag names school, level, grade, value and
 * limit. The same checks run on the current catchments and on the plan, so a report
 * can say what a redraw resolves. */
#ifndef ZONEPLAN_CHECK_H
#define ZONEPLAN_CHECK_H

#include "model.h"
#include "scenario.h"

typedef enum {
    ZP_FLAG_CLASS_SIZE,       /* average class size over the class cap */
    ZP_FLAG_LARGE_CLASS,      /* average class size 56 or more (大班额) */
    ZP_FLAG_VERY_LARGE_CLASS, /* average class size 66 or more (超大班额) */
    ZP_FLAG_CLASSROOMS,       /* classes needed at the cap exceed classes available */
    ZP_FLAG_SCHOOL_CAP,       /* pupils over both levels above the school-size cap */
    ZP_FLAG_OVER_CAPACITY,    /* enrolment above capacity */
    ZP_FLAG_BEYOND_RADIUS,    /* children farther than the service radius */
    ZP_FLAG_SHORTFALL,        /* children with no place, by their nearest school */
    ZP_NFLAGS
} zp_flag_kind;

const char *zp_flag_name(zp_flag_kind kind);

typedef struct zp_flag {
    zp_flag_kind kind;
    int32_t school; /* index into schools */
    int level;      /* zp_level, or -1 for the whole school */
    int grade;      /* 1..9, or 0 for the whole level */
    double value;   /* the measure held to the limit, in the limit's unit: pupils per class,
                       classrooms, pupils, metres (beyond_radius: the farthest child's walk),
                       children (shortfall) */
    double limit;
    int64_t children; /* the children the flag concerns: over capacity or the school cap,
                         beyond the radius, without a place; -1 for flags on classes */
} zp_flag;

/* Effective capacity of a school at a level under the policy: the seats, or with
 * enforce_caps min(seats, classes x class cap, school cap), where a nine-year school's
 * cap is shared between its levels in proportion to their places; with enforce_audit, no
 * more than the school still passes the quality-balance audit with (zp_audit_cap). */
int64_t zp_check_capacity(const zp_school *s, const zp_policy *p, zp_level level);
/* The same for both levels: before[] without the audit, after[] with it (equal unless
 * enforce_audit lowers them), why[] the indicator that limits each level (-1: none). Returns
 * whether the audit lowers either level. */
int zp_check_audit_places(const zp_school *s, const zp_policy *p, int64_t before[ZP_NLEVELS],
                          int64_t after[ZP_NLEVELS], int why[ZP_NLEVELS]);

/* One level's assignment: per block school (-1 none), children placed, distance. */
typedef struct zp_level_assignment {
    int active; /* 0: this level is not assessed */
    const int32_t *school;
    const int32_t *placed;   /* NULL: all of the block's children */
    const int32_t *unplaced; /* NULL: none */
    const int32_t *nearest;  /* where unplaced children are attributed; NULL: none */
    const double *dist_m;    /* NULL: distances unknown (radius not checked) */
} zp_level_assignment;

typedef struct zp_school_stats {
    int64_t enrolment;
    int64_t capacity;
    int32_t classes;
    double avg_class; /* 0 when classes are unknown */
    int64_t grade_enrolment[ZP_NGRADES];
    int64_t beyond_radius; /* children */
    int64_t shortfall;     /* unplaced children whose nearest school this is */
    double child_metres;   /* sum of children x distance */
    double max_dist_m;
    double p95_dist_m; /* 95% of the placed children live at most this far */
    int64_t blocks;
} zp_school_stats;

typedef struct zp_check_result {
    size_t nschools;
    zp_school_stats *stats; /* [school * ZP_NLEVELS + level] */
    int64_t *school_total;  /* pupils over both levels */
    zp_flag *flags;
    size_t nflags;
    size_t count[ZP_NFLAGS];
} zp_check_result;

int zp_check_run(const zp_dataset *ds, const zp_policy *policy,
                 const zp_level_assignment asg[ZP_NLEVELS], zp_check_result *out);
void zp_check_free(zp_check_result *r);

/* Flag kinds of one school and level as "class_size;beyond_radius" (static buffer per call
 * site is the caller's: writes into buf). */
const char *zp_check_flag_list(const zp_check_result *r, int32_t school, int level, char *buf,
                               size_t size);

#endif
