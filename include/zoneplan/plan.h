/* `zoneplan plan`: places over the years (issue 17). The scenario's horizon: section projects
 * every block's children grade by grade and year by year (project.h: cohort survival from the
 * children aged 0-5, estates phased in after completion, migration; low / central / high
 * variants); each year is then assigned with the core's solver, today's schools alone and with
 * a build-before-close schedule: the openings the siting chooses for the peak of every block's
 * central demand, each opened in the first year that needs it for places, and each closure
 * made in the first year from which its pupils have places every year after (先建后撤). */
#ifndef ZONEPLAN_PLAN_H
#define ZONEPLAN_PLAN_H

#include "siting.h"

/* One year and level. The _fixed figures keep today's catchments (the blocks' current schools)
 * with that year's demand: what happens if nothing is redrawn; -1 when today's catchments are
 * unknown. */
typedef struct zp_plan_year {
    int64_t children[ZP_NVARIANTS]; /* projected, per variant */
    int64_t places_today;           /* today's schools */
    int64_t places;                 /* with the schedule's openings and closings of the year */
    int64_t shortfall_today;        /* central demand, today's schools, catchments re-drawn */
    int64_t shortfall;              /* central demand with the schedule */
    int64_t shortfall_high;         /* high variant with the schedule */
    int64_t assigned; /* children the year's assignment placed or left without a place (schedule):
                         all of them, or under intake the entrants and the pupils of closed
                         schools */
    double child_m;   /* children x metres of those placed (schedule) */
    int64_t over_capacity_fixed; /* schools over capacity, today's catchments */
    int64_t large_classes_fixed; /* schools with classes of 56 or more on average */
    int64_t over_cap_fixed;      /* schools over their size cap (both levels counted) */
    int64_t outside_fixed;       /* children in blocks no catchment of today's holds (new
                                    estates): not in the three counts above */
} zp_plan_year;

typedef struct zp_plan {
    zp_siting *st;     /* the scenario's run, its candidates and the openings chosen (st->chosen) */
    int first, nyears; /* the years planned: first .. first + nyears - 1 */
    int offset;        /* first - horizon's first (the data's year) */
    size_t *estate_start; /* horizon estate i's blocks: estate_block[start[i] .. start[i+1]) */
    int32_t *estate_block;
    int32_t *data;      /* [b * ZP_NLEVELS + l]: the blocks' children as loaded (the years overwrite
                           the blocks' own with theirs) */
    zp_history history; /* horizon.history (nunits 0: none) */
    /* policy.redraw_applies_to intake: each year's catchments take the entering grades only;
     * a cohort stays at the school it entered (today's, for those enrolled in the data year) */
    int intake;
    float *grades; /* intake: every block's pupils per variant, year and grade */
    /* intake: per path (today's schools, the schedule, the schedule for the high variant),
     * the site each block's entering cohort of each year and level was given:
     * [(y * ZP_NLEVELS + l) * nblocks + b], a school, nschools + an opening's rank, or -1 */
    int32_t *entered[3];
    float *placed_share[3];  /* the share of that cohort that got a place (the rest is placed
                                again each year) */
    int ratios_from_history; /* the progression was fitted on it */
    int32_t *demand;         /* [((v * nyears + y) * ZP_NLEVELS + l) * nblocks + b] */
    int has_siting;          /* the scenario has a siting: section: a schedule is made */
    int *open_year;          /* per chosen opening (rank order): the year it opens; 0: not needed */
    int *close_year;         /* per school: the year the schedule closes it; 0: stays open */
    int *first_over[ZP_NLEVELS]; /* per school: first year over capacity, today's catchments */
    int *first_cap;              /* per school: first year over its size cap (both levels) */
    zp_plan_year *years;         /* [y * ZP_NLEVELS + l] */
    double seconds_project, seconds_schedule, seconds_years;
} zp_plan;

/* Load the scenario (it must have a horizon: section) and project; years_first/years_last
 * (when > 0) replace horizon.years as the years planned (the projection still starts from the
 * data's year, horizon.years' first). ZP_EINPUT names what is missing. */
int zp_plan_load(const char *scenario_path, int years_first, int years_last, zp_plan **out);
/* The schedule (with a siting: section) and every year's assignment. */
int zp_plan_solve(zp_plan *p);
/* Block b's children at level l in year y (0: first) of variant v. */
int32_t zp_plan_demand(const zp_plan *p, zp_variant v, int y, int l, size_t b);
/* The county's children at level l in year y of variant v (the blocks' sum). */
int64_t zp_plan_county(const zp_plan *p, zp_variant v, int y, int l);
/* Block b's pupils of grade g (0-based) in year y of variant v (intake only). */
float zp_plan_grade(const zp_plan *p, zp_variant v, int y, size_t b, int g);
/* The year y's demand of variant v into the run's blocks (children per level). */
void zp_plan_set_demand(zp_plan *p, zp_variant v, int y);
/* One block's projection, variant v: (offset + nyears) x ZP_NGRADES pupils, fractional, from
 * the data's year on. */
void zp_plan_block(const zp_plan *p, size_t b, zp_variant v, double *out);

/* The output folder of `plan` (project 0) or `project` (1), folders of their own kind:
 * zp_stage_open with every file the scenario reads. */
int zp_plan_stage_open(const zp_plan *p, const char *dir, int project, zp_stage **stage);
/* projection.csv, years.csv, schedule.yaml, chart-<level>.png/.svg, plan.pdf and report.md into the
 * stage, then put in place; the stage is freed either way. */
int zp_plan_write(const zp_plan *p, zp_stage *stage);
void zp_plan_print(const zp_plan *p, const char *dir, FILE *fp);
/* zoneplan project: projection.csv, report.md (the county's children per year, level and
 * variant, the assumptions) and, when bt is not NULL, backtest.csv and its section; into the
 * stage, then put in place (the stage is freed either way). */
int zp_plan_project_write(const zp_plan *p, const zp_backtest *bt, zp_stage *stage);
void zp_plan_project_print(const zp_plan *p, const zp_backtest *bt, const char *dir, FILE *fp);
/* The backtest of horizon.history (ZP_EINPUT when the scenario has none). */
int zp_plan_backtest(const zp_plan *p, int k, zp_backtest *out);
/* The scenario's output.dir with suffix ("-plan", "-project") added (NULL when it has none). */
int zp_plan_default_dir(const zp_plan *p, const char *suffix, char **dir);
void zp_plan_free(zp_plan *p);

#endif
