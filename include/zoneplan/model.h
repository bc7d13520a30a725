/* The plain data every module passes along: blocks, schools and levels.
 *
 * io fills these from shapefiles (UTF-8 strings, ids checked); geo adds metric
 * coordinates; alloc and check read them. No library types appear here so the
 * structs can be built by hand in tests. */
#ifndef ZONEPLAN_MODEL_H
#define ZONEPLAN_MODEL_H

#include <stddef.h>
#include <stdint.h>

typedef enum { ZP_PRIMARY = 0, ZP_JUNIOR = 1 } zp_level;
#define ZP_NLEVELS 2
#define ZP_NGRADES 9 /* g1..g6 primary, g7..g9 junior */

typedef enum { ZP_TYPE_PRIMARY = 0, ZP_TYPE_JUNIOR = 1, ZP_TYPE_NINE_YEAR = 2 } zp_school_type;
#define ZP_NTYPES 3

const char *zp_level_name(zp_level level);            /* "primary", "junior" */
const char *zp_school_type_name(zp_school_type type); /* "primary", "junior", "nine_year" */
/* Grades of a level: primary g1..g6 (indices 0..5), junior g7..g9 (6..8). */
int zp_level_first_grade(zp_level level);
int zp_level_grade_count(zp_level level);
/* Whether a school type admits pupils of a level. */
int zp_school_serves(zp_school_type type, zp_level level);

/* A shape as read from a .shp record, in the file's own CRS. */
typedef struct zp_shape {
    int shp_type;    /* shapelib SHPT_* */
    int nparts;      /* rings for polygons; 0 for points */
    int *part_start; /* nparts offsets into x/y */
    int nverts;
    double *x, *y;
} zp_shape;

typedef struct zp_block {
    char *id;
    char *name;
    int record;                   /* 0-based DBF record, for messages; -1: added by a change */
    char *added_by;               /* record -1: "FILE:LINE: change N (add_estate ID)"; else NULL */
    int32_t children[ZP_NLEVELS]; /* per level (sum of grades when grades are given) */
    int32_t grades[ZP_NGRADES];   /* valid when has_grades */
    int has_grades;
    char *current_id[ZP_NLEVELS]; /* current school id per level, NULL when none */
    int32_t current[ZP_NLEVELS];  /* index into schools, -1 when none or unknown */
    int locked;                   /* keeps its current school (blocks.locked field, lock) */
    int32_t assign[ZP_NLEVELS];   /* pinned school per level by an assign change, -1 none */
    int32_t ages[6];              /* children aged 0..5, valid when has_ages (blocks.ages) */
    int has_ages;
    double migration; /* net migration a year (blocks.migration); NAN: horizon.migration */
    zp_shape shape;
} zp_block;

/* A school's resources for the quality-balance audit (audit.h: the seven indicators, in
 * that order): totals (teachers, m², yuan, rooms), per level where the data gives them, or
 * for the whole school (a nine-year school's are then split by a rule at audit time). A
 * resource not given is "not assessed", never zero. */
#define ZP_NRESOURCES 7
typedef struct zp_resources {
    double level[ZP_NLEVELS][ZP_NRESOURCES];
    uint8_t has_level[ZP_NLEVELS][ZP_NRESOURCES];
    double whole[ZP_NRESOURCES];
    uint8_t has_whole[ZP_NRESOURCES];
} zp_resources;

typedef struct zp_school {
    char *id;
    char *name;
    int record;     /* 0-based DBF record; -1: added by a change (add_school) */
    char *added_by; /* record -1: "FILE:LINE: change N (add_school ID)"; else NULL */
    zp_school_type type;
    int32_t seats[ZP_NLEVELS];         /* capacity field per level (0 when not served) */
    int32_t classes[ZP_NLEVELS];       /* classes per level (sum of grade classes when given) */
    int32_t grade_classes[ZP_NGRADES]; /* valid when has_grade_classes */
    int has_grade_classes;
    int32_t enrolment[ZP_NLEVELS]; /* current enrolment, valid when has_enrolment */
    int has_enrolment;
    int closed; /* closed by a scenario change: no capacity, no classes, receives nobody */
    zp_resources res;
    zp_shape shape; /* point, or polygon site */
} zp_school;

typedef struct zp_dataset {
    zp_block *blocks;
    size_t nblocks;
    zp_school *schools;
    size_t nschools;
    char *blocks_prj;  /* .prj text of the blocks file, NULL when absent */
    char *schools_prj; /* .prj text of the schools file, NULL when absent */
    char *blocks_path;
    char *schools_path;
} zp_dataset;

/* Where a block or school comes from, for messages, written into buf: "PATH: record 5 (block
 * B005)" for a layer record, or the change that added it ("FILE:LINE: change 3 (add_estate
 * E001)"), which has no record in the layer. Returns buf. */
const char *zp_block_where(const zp_dataset *ds, const zp_block *b, char *buf, size_t size);
const char *zp_school_where(const zp_dataset *ds, const zp_school *s, char *buf, size_t size);

void zp_dataset_free(zp_dataset *ds);
void zp_shape_free(zp_shape *shape);

#endif
