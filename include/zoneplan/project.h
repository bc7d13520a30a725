/* Demand over the years (issue 17): each block's children projected grade by grade and year
 * by year by cohort survival (grade progression ratios), entrants from the children aged 0-5
 * (then a birth trend), new estates phased in after completion, net migration, and low /
 * central / high variants from named assumptions; the ratios estimated from past enrolments,
 * and the error of a projection against what happened (backtesting). Plain arithmetic over
 * plain numbers, so every rule can be checked by hand; the run feeds it blocks and history. */
#ifndef ZONEPLAN_PROJECT_H
#define ZONEPLAN_PROJECT_H

#include <stddef.h>

#include "zoneplan/model.h"

typedef enum { ZP_VARIANT_LOW = 0, ZP_VARIANT_CENTRAL, ZP_VARIANT_HIGH } zp_variant;
#define ZP_NVARIANTS 3
/* "low", "central", "high". */
const char *zp_variant_name(zp_variant v);

/* The projection's assumptions, each a named policy value. */
typedef struct zp_proj_rules {
    /* progression[g]: grade g+2 next year per grade g+1 this year (g1 -> g2 is [0], g8 -> g9
     * is [7]); 1 keeps a cohort whole, below 1 loses pupils (to private schools, moves away) */
    double progression[ZP_NGRADES - 1];
    double entry_ratio; /* grade-1 entrants per child aged 5 the year before */
    double birth_trend; /* beyond the youngest known cohort: each cohort this share larger
                           (-0.03: 3 % fewer births a year) */
    int primary_grades; /* 6 (六三制: g1-g6 primary, g7-g9 junior) or 5 (五四制) */
    double variant_entry[ZP_NVARIANTS];     /* entrants x this: 0.95, 1, 1.05 */
    double variant_migration[ZP_NVARIANTS]; /* added to each year's net migration: -0.01, 0,
                                               +0.01 */
} zp_proj_rules;

/* Progression 1 within a level and 0.98 from the last primary grade to the first junior one,
 * entry ratio 1, birth trend -0.03, 六三制, variants as above. */
void zp_proj_rules_default(zp_proj_rules *r);
/* The grade split: primary_grades 6 (六三制) or 5 (五四制), with the default progression for it
 * (1 within a level, 0.98 from the last primary grade to the first junior one). */
void zp_proj_rules_split(zp_proj_rules *r, int primary_grades);
/* The level of grade g (0-based) under the rules' grade split. */
zp_level zp_proj_grade_level(const zp_proj_rules *r, int g);

/* One block from year 0 (now) to year `years`: grades0[g] its pupils per grade now, ages0[a]
 * its children aged a (0-5) now (NULL: none known, entrants then follow the birth trend from
 * this year's grade 1), migration its net factor per year (0.01: 1 % more each year). out
 * holds (years + 1) x ZP_NGRADES figures, year by year (year 0 is grades0). Fractional: the
 * caller rounds where it needs people. */
void zp_proj_block(const zp_proj_rules *r, zp_variant v, const double grades0[ZP_NGRADES],
                   const double ages0[6], double migration, int years, double *out);

/* A new estate: `dwellings` homes completing in year `completion` (0: this year), each
 * yielding yield[l] pupils at level l once mature (学位配建: pupils per home), reached over the
 * years after completion by maturation[k] (k = 0, 1, ...; the last value holds); far_scale the
 * raised floor area ratio over the planned one (1: as planned). */
#define ZP_PROJ_MATURATION_MAX 8
typedef struct zp_proj_estate {
    int completion;
    double dwellings;
    double yield[ZP_NLEVELS];
    double far_scale;
    double maturation[ZP_PROJ_MATURATION_MAX];
    int nmaturation; /* 0: the default 0.4, 0.7, 0.9, 1 */
} zp_proj_estate;

/* Pupils per home from a per-thousand-residents norm (千人学位指标): places per 1,000 residents
 * x persons per household / 1,000. */
double zp_proj_yield_per_thousand(double places_per_1000, double persons_per_household);

/* Adds the estate's pupils to out ((years + 1) x ZP_NGRADES, as zp_proj_block writes), spread
 * evenly over each level's grades. */
void zp_proj_estate_add(const zp_proj_rules *r, const zp_proj_estate *e, int years, double *out);

/* Progression ratios from history (nyears x ZP_NGRADES, year by year, oldest first): for
 * each grade, the pupils of the next grade a year later over this grade's, summed over the
 * years (the grade-progression-ratio method); a grade with no pupils keeps its value in
 * progression. Returns 0, or -1 when there are fewer than two years. */
int zp_proj_ratios(const double *history, int nyears, double progression[ZP_NGRADES - 1]);

/* Past enrolments (horizon.history): per unit (a school, or a block) and year, the pupils of
 * each grade; every unit has every year first .. first + nyears - 1. */
typedef struct zp_history {
    int by_block;  /* the first column is `block` (else `school`) */
    size_t nunits; /* in the order they first appear */
    char **id;
    int first, nyears;
    double *pupils; /* [(unit * nyears + y) * ZP_NGRADES + g] */
} zp_history;

/* Reads a history table: a CSV file (RFC 4180, UTF-8) with the header school|block, year,
 * g1, ..., g9 and one row per unit and year, pupils >= 0. Errors (ZP_EINPUT) name the file,
 * line and column and what was expected; a unit missing a year, or a year given twice, is one. */
int zp_history_read(const char *path, zp_history *out);
void zp_history_free(zp_history *h);
/* The county's pupils per grade in year y (summed over units) into out[ZP_NGRADES]. */
void zp_history_county(const zp_history *h, int y, double out[ZP_NGRADES]);

/* Backtesting (zoneplan project --backtest k): the last k years of the history hidden, the
 * projection fitted on the years before them (the county's progression ratios, unless the
 * scenario fixes them, and each unit's trend of its entry grades) and run over the hidden
 * years, unit by unit: each entry grade (grade 1, and the first junior grade: a school's own
 * intake) follows the unit's own geometric trend over the fitted years, every other grade is
 * the grade below a year earlier x its ratio. Compared on the units' total pupils. */
#define ZP_BACKTEST_MAX 20
typedef struct zp_backtest {
    int k;                              /* years hidden */
    int fit_first, fit_last;            /* the years fitted on */
    double progression[ZP_NGRADES - 1]; /* the ratios used */
    double county_ape[ZP_BACKTEST_MAX]; /* [h - 1]: the county's error h years ahead */
    double mape[ZP_BACKTEST_MAX];       /* [h - 1]: the mean of the units' errors */
    size_t nunits;
    double *projected, *actual, *ape; /* [unit * k + h - 1]; ape NAN when actual is 0 */
} zp_backtest;
/* fit_ratios: the progression from the fitted years (else r's). ZP_EINPUT when the history has
 * fewer than k + 2 years or k is not 1 .. ZP_BACKTEST_MAX. */
int zp_proj_backtest(const zp_proj_rules *r, const zp_history *h, int k, int fit_ratios,
                     zp_backtest *out);
void zp_backtest_free(zp_backtest *b);

/* Mean absolute percentage error of n projected figures against the actual ones (those with
 * actual > 0), as a share (0.02: 2 %); NAN when none counts. */
double zp_proj_mape(const double *actual, const double *projected, size_t n);

#endif
