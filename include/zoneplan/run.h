/* One run of a scenario, as data flowing through: scenario -> data -> geometry ->
 * assignment per level -> checks -> outputs. Each step is one call with the run object
 * in and out, so the CLI, tests and a future batch runner share the same path. */
#ifndef ZONEPLAN_RUN_H
#define ZONEPLAN_RUN_H

#include <stdio.h>

#include "alloc.h"
#include "audit.h"
#include "check.h"
#include "geo.h"
#include "model.h"
#include "publish.h"
#include "roads.h"
#include "scenario.h"
#include "stage.h"

/* One catchment's outline: the union of its blocks, in the blocks' CRS, and its size in
 * the metric plane. */
typedef struct zp_run_outline {
    zp_shape shape; /* null shape (no rings) when the school has no blocks */
    size_t blocks;
    double area_m2, perimeter_m;
    int parts;
    int apart; /* pieces on the map: parts further apart than the adjacency tolerance */
} zp_run_outline;

typedef struct zp_run {
    zp_scenario *sc;
    zp_dataset ds;
    zp_geo *geo;
    zp_dist *dist;                 /* every block-to-school distance of the run (dist.h) */
    zp_roads *roads;               /* the walking network (roads.h); NULL: straight lines */
    int active[ZP_NLEVELS];        /* level has children mapped */
    int64_t *capacity[ZP_NLEVELS]; /* effective capacity per school */
    /* with enforce_audit (else NULL): per school its places without the audit and the
     * indicator that limits them (-1: none), from the one zp_check_audit_places per school */
    int64_t *places_before[ZP_NLEVELS];
    int8_t *audit_why[ZP_NLEVELS];
    zp_alloc_result plan[ZP_NLEVELS];
    int has_current[ZP_NLEVELS]; /* current catchments known for the level */
    int32_t *cur_school[ZP_NLEVELS];
    double *cur_dist[ZP_NLEVELS];
    zp_check_result plan_check, cur_check;
    int audit_on; /* the scenario maps resources: the quality-balance audit was run */
    zp_audit_result audit_plan, audit_cur; /* audit_cur: levels with today's catchments */
    zp_adjacency adj;                      /* block graph, built when contiguity is on */
    int contig_on;                         /* contiguity was checked and repaired */
    zp_contig_report contig[ZP_NLEVELS];   /* what the repair did, per level */
    /* The exact finish per level: the plain whole-block optimum, then (contiguity on) the
     * closer-neighbour one; has_exact: which were run. The price of contiguity: the plain
     * plan's objective and the children whose school differs between the two plans. */
    zp_exact_report exact_plain[ZP_NLEVELS], exact_contig[ZP_NLEVELS];
    int has_exact[ZP_NLEVELS];
    double plain_objective[ZP_NLEVELS], plain_distance[ZP_NLEVELS];
    int64_t plain_shortfall[ZP_NLEVELS], contig_moved[ZP_NLEVELS];
    zp_run_outline *outline[ZP_NLEVELS]; /* per school, from zp_run_outlines */
    int solved;
    int keep_arcs; /* set before solving to keep the candidate pairs for export */
    double seconds_load, seconds_geo, seconds_solve, seconds_union, seconds_write;
    double seconds_adjacency, seconds_contig; /* parts of seconds_solve */
    double seconds_prefetch; /* both levels' nearest schools on the roads, searched together */
} zp_run;

/* The run's own warnings, from its scenario's loading on (warnings are kept per process: a
 * second run in it, as the siting's plan, must not report the first one's). */
size_t zp_run_warn_count(const zp_run *run);
const char *zp_run_warn_get(const zp_run *run, size_t i);

/* The run's distance provider (and its roads, when it walks), with warnings about points
 * far from or cut off from the roads; part of loading. */
int zp_run_dist(zp_run *run);

/* A provider of the run's kind (straight or walking) from its blocks to ns other sites, as
 * the siting's candidates (metric plane). */
int zp_run_site_dist(const zp_run *run, size_t ns, const double *sx, const double *sy,
                     zp_dist **out);

/* Scenario, both layers and their geometry; errors carry file/record/field. */
int zp_run_load(const char *scenario_path, zp_run **out);
/* zp_run_load in a language (when lang is not NULL) over the scenario's output.lang: the
 * report, the summary, the changes' summaries and the maps (`run --lang`). */
int zp_run_load_lang(const char *scenario_path, const zp_lang *lang, zp_run **out);
/* The same from a scenario already loaded (and perhaps given more changes, as the siting
 * does for its plan); the run owns sc from here on, also when this fails. */
int zp_run_load_scenario(zp_scenario *sc, zp_run **out);
/* Assign every active level and check the plan and the current catchments. A run may be
 * solved again (after editing its dataset's pins and locks): the last solve's results are
 * dropped first. Warnings stay in the process's list: count them from before the call. */
int zp_run_solve(zp_run *run);
/* Drop the results of the last solve (zp_run_solve does it itself). */
void zp_run_reset(zp_run *run);
/* The output folder of this run, opened before solving so that a refused folder costs
 * nothing: zp_stage_open with every file the scenario reads; files (NULL-terminated, or
 * NULL) are further single output files (--stats; --export-instance's prefix) that must not
 * be inputs either, nor go into the output folder. */
int zp_run_stage_open(const zp_run *run, const char *dir, const char *const *files, zp_stage **st);
/* Write every output into the stage, publish it into its publish/ when publish is not NULL,
 * and put the folder in place (zp_stage_commit); on failure the stage is removed and the old
 * folder stays as it was. st is freed either way. */
int zp_run_write(zp_run *run, zp_stage *st, const zp_publish_options *publish);
/* The outputs alone, into dir, a new empty folder inside some stage (a siting's plan/),
 * marked as a run folder. */
int zp_run_write_files(zp_run *run, const char *dir);
void zp_run_free(zp_run *run);
/* Union every catchment (once; zp_run_write calls it). */
int zp_run_outlines(zp_run *run);
void zp_run_outlines_free(zp_run *run);
/* A catchment's pieces: its block graph's (blocks sharing a boundary) or its map's (polygons
 * further apart than the adjacency tolerance), whichever is more; 1 when contiguous, 0 when
 * it has no blocks. */
int zp_run_pieces(const zp_run *run, int level, size_t school);

/* Human-readable lines for the terminal: what was read (check), what was found (run). */
void zp_run_print_inputs(const zp_run *run, FILE *fp);
void zp_run_print_summary(const zp_run *run, const char *dir, FILE *fp);

/* Timings and peak memory of the run as JSON (not deterministic: kept out of the
 * outputs proper; written only when asked, for benchmarks). */
int zp_run_write_stats(const zp_run *run, const char *path);
/* The transportation instance of each level as solved (final candidate pairs, integer
 * costs) to PREFIX-primary.txt / PREFIX-junior.txt, for peer solvers. Needs keep_arcs. */
int zp_run_export_instance(const zp_run *run, const char *prefix);

/* Writers (src/out), each given the staging folder. */
int zp_out_assignment_csv(const zp_run *run, const char *dir);
int zp_out_schools_csv(const zp_run *run, const char *dir);
int zp_out_flags_csv(const zp_run *run, const char *dir);
int zp_out_summary_json(const zp_run *run, const char *dir);
int zp_out_report_md(const zp_run *run, const char *dir);
/* audit.csv: the quality-balance audit per school and level (only when the run has one). */
int zp_out_audit_csv(const zp_run *run, const char *dir);
/* routes.geojson: each block's walk to its school (walking runs up to ZP_MAP_BLOCKS_MAX
 * blocks; nothing otherwise). Uses the geometry contexts: not beside blocks.shp's writer. */
int zp_out_routes_geojson(const zp_run *run, const char *dir);
int zp_out_catchments_shp(const zp_run *run, const char *dir);
int zp_out_blocks_shp(const zp_run *run, const char *dir);
int zp_out_schools_shp(const zp_run *run, const char *dir);

#endif
