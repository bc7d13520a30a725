/* `zoneplan site`: which new schools, where and of which design, remove the shortfall of a
 * scenario with the shortest journeys, and how far the answer can be from the best
 * (src/site/siting.c). The scenario's `siting:` section gives the candidates, designs and
 * how many may open; the scenario's schools (after its changes) stay open. */
#ifndef ZONEPLAN_SITING_H
#define ZONEPLAN_SITING_H

#include "run.h"
#include "site.h"

/* A candidate site with one design. */
typedef struct zp_siting_option {
    int32_t cand, design;
    int64_t places[ZP_NLEVELS]; /* as the run will count them (class and school caps) */
    double cost;
} zp_siting_option;

/* A plan's score from the core's exact assignment of every level. */
typedef struct zp_siting_score {
    int64_t shortfall[ZP_NLEVELS];
    double child_m[ZP_NLEVELS]; /* children x metres of the placed children */
    double objective;           /* sum over levels of penalty x shortfall + child-metres */
    double cost;                /* of the options opened */
} zp_siting_score;

typedef struct zp_siting {
    zp_run *run;    /* the scenario, loaded and solved: today's schools */
    zp_dist *dist;  /* sites: today's schools, then the candidates (the run's kind of distance) */
    double *cand_m; /* scratch: metres from one candidate to every block */
    int dist_rc;    /* the first failure measuring them (the estimates cannot return one) */
    size_t ncand;
    double *cx, *cy;   /* candidate points, metric plane */
    char **cand_id;    /* G0001... for a grid, the layer's ids for parcels */
    char **cand_name;  /* NULL entries when unnamed */
    double *cand_cost; /* the site's own cost (parcels' cost field), 0 when none */
    zp_siting_option *opt;
    size_t nopt;
    int32_t *chosen; /* options opened, most valuable first */
    size_t nchosen;
    zp_siting_score before, after;
    zp_siting_score *step;       /* after the first r + 1 openings, in rank order */
    int64_t *served[ZP_NLEVELS]; /* per rank: children the new school takes */
    double lower_bound, gap;     /* proven: no plan within the limits scores less */
    unsigned char *closed;       /* per school: closed by the plan (siting.close) */
    int64_t *close_lost;         /* per siting.close entry: children who would lose a place
                                    were it closed (0: closed, its pupils absorbed) */
    size_t evaluations;          /* plans scored exactly */
    int allow_none; /* set before solving: no candidate site is no error, nothing opens (zoneplan
                       plan: a falling district still times its closures) */
    int skip_bound; /* set before solving: no lower bound (lower_bound, gap stay 0): zoneplan
                       plan times the openings; proving how good they are is zoneplan site's */
    double seconds;
} zp_siting;

/* Load the scenario (zp_siting_load), then make the candidates, search and bound
 * (zp_siting_solve); zp_siting_run does both. Errors: ZP_EINPUT for a scenario without a
 * siting: section or a malformed one (file:line). */
int zp_siting_load(const char *scenario_path, zp_siting **out);
/* The same, also for a scenario without a siting: section when need_siting is 0 (zoneplan
 * plan); then zp_siting_today instead of zp_siting_solve: today's plan and the provider over
 * today's schools, no candidates. */
int zp_siting_open(const char *scenario_path, int need_siting, zp_siting **out);
int zp_siting_today(zp_siting *st);
/* The core's assignment of every active level from the blocks' children as they stand, with
 * the options set[0..n) opened and the schools st->closed marks (when not NULL) closed; res
 * (freed by the caller with zp_alloc_result_free) keeps each level's plan. */
int zp_siting_score_set(zp_siting *st, const int32_t *set, size_t n, zp_siting_score *sc,
                        zp_alloc_result res[ZP_NLEVELS]);
/* The same with the places of each site given: room[l][k] for today's schools (k < nschools,
 * closed ones included: 0 closes them) and then the options of set in order (zoneplan plan's
 * intakes: the places the pupils staying on leave). */
int zp_siting_score_room(zp_siting *st, const int32_t *set, size_t n,
                         const int64_t *const room[ZP_NLEVELS], zp_siting_score *sc,
                         zp_alloc_result res[ZP_NLEVELS]);
int zp_siting_solve(zp_siting *st);
int zp_siting_run(const char *scenario_path, zp_siting **out);
/* The output folder, opened before solving so a refused one costs nothing (zp_stage_open with
 * every file the scenario reads). */
int zp_siting_stage_open(const zp_siting *st, const char *dir, zp_stage **stage);
/* sites.csv, sites.shp, changes.yaml, plan.yaml, report.md and the plan's run folder plan/
 * (as `zoneplan run plan.yaml` writes it) into the stage, then put in place; the stage is
 * freed either way. */
int zp_siting_write(const zp_siting *st, zp_stage *stage);
/* Opening r (rank order) as a changes: item (add_school, CGCS2000 longitude/latitude), each
 * line starting with indent. */
int zp_siting_put_opening(const zp_siting *st, size_t r, FILE *fp, const char *indent);
void zp_siting_print(const zp_siting *st, const char *dir, FILE *fp);
/* The language of the report, the summary and the plan's run (default: output.lang). */
void zp_siting_set_lang(zp_siting *st, zp_lang lang);
/* The scenario's output.dir with "-siting" added into *dir (caller frees); *dir NULL when the
 * scenario has none (the caller must then be given a folder). ZP_ENOMEM only. */
int zp_siting_default_dir(const zp_siting *st, char **dir);
void zp_siting_free(zp_siting *st);

#endif
