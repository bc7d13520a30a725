/* Benchmark side-outputs of a run: stage timings with peak memory (stats JSON), and the
 * solved transportation instance for peer solvers (LEMON, CBC, GLPK) to solve the very
 * same problem. Neither is part of a run's deterministic outputs. */
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "zoneplan/errors.h"
#include "zoneplan/io.h"
#include "zoneplan/run.h"

static json_t *level_stats(const zp_alloc_result *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "candidates_s", json_real(r->t_candidates));
    json_object_set_new(o, "lp_s", json_real(r->t_lp));
    json_object_set_new(o, "pricing_s", json_real(r->t_pricing));
    json_object_set_new(o, "rounding_s", json_real(r->t_round));
    json_object_set_new(o, "augmentations", json_integer((json_int_t)r->augmentations));
    json_object_set_new(o, "lp_rounds", json_integer((json_int_t)r->lp_rounds));
    json_object_set_new(o, "pricing_rounds", json_integer((json_int_t)r->pricing_rounds));
    json_object_set_new(o, "lp_objective_cm", json_integer((json_int_t)llround(r->lp_bound * 100)));
    json_object_set_new(o, "gap", json_real(r->gap));
    return o;
}

int zp_run_write_stats(const zp_run *run, const char *path)
{
    double cand = run->seconds_prefetch, lp = 0, round_s = 0, exact = 0;
    json_t *levels = json_object();
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        const zp_alloc_result *r = &run->plan[l];
        cand += r->t_candidates;
        lp += r->t_lp + r->t_pricing;
        round_s += r->t_round;
        json_t *ls = level_stats(r);
        if (run->has_exact[l]) { /* the contiguous finish is part of the contiguity stage */
            exact += run->exact_plain[l].seconds;
            json_object_set_new(ls, "exact_s", json_real(run->exact_plain[l].seconds));
            json_object_set_new(ls, "exact_contiguous_s", json_real(run->exact_contig[l].seconds));
        }
        json_object_set_new(levels, zp_level_name((zp_level)l), ls);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    json_t *st = json_object();
    json_object_set_new(st, "load", json_real(run->seconds_load));
    json_object_set_new(st, "project", json_real(run->seconds_geo));
    json_object_set_new(st, "candidates", json_real(cand));
    json_object_set_new(st, "solve", json_real(lp));
    json_object_set_new(st, "rounding", json_real(round_s));
    json_object_set_new(st, "exact", json_real(exact));
    json_object_set_new(st, "adjacency", json_real(run->seconds_adjacency));
    json_object_set_new(st, "contiguity", json_real(run->seconds_contig));
    json_object_set_new(st, "checks",
                        json_real(run->seconds_solve - cand - lp - round_s - exact -
                                  run->seconds_adjacency - run->seconds_contig));
    json_object_set_new(st, "union", json_real(run->seconds_union));
    json_object_set_new(st, "write", json_real(run->seconds_write)); /* union is apart */
    json_t *root = json_object();
    json_object_set_new(root, "blocks", json_integer((json_int_t)run->ds.nblocks));
    json_object_set_new(root, "schools", json_integer((json_int_t)run->ds.nschools));
    json_object_set_new(root, "stages_s", st);
    json_object_set_new(root, "levels", levels);
    json_object_set_new(root, "peak_rss_mib", json_real((double)ru.ru_maxrss / 1024.0));
    zp_outfile of;
    int rc = zp_outfile_open(&of, path);
    if (!rc && json_dumpf(root, of.fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 &&
        !ferror(of.fp)) { /* jansson out of memory; a failed write shows at the commit */
        zp_outfile_abort(&of);
        rc = zp_error_set(ZP_ENOMEM, "%s: out of memory", path);
    } else if (!rc) {
        rc = zp_outfile_commit(&of);
    }
    json_decref(root);
    return rc;
}

static void write_instance(FILE *fp, const zp_run *run, int l)
{
    const zp_alloc_result *r = &run->plan[l];
    size_t nb = 0;
    for (size_t b = 0; b < run->ds.nblocks; b++)
        nb += run->ds.blocks[b].children[l] > 0;
    fprintf(fp, "zoneplan-instance 1 %s\n", zp_level_name((zp_level)l));
    fprintf(fp, "blocks %zu schools %zu arcs %zu penalty_cm %" PRId64 "\n", nb, run->ds.nschools,
            r->arc_start[run->ds.nblocks], r->penalty_cm);
    for (size_t s = 0; s < run->ds.nschools; s++)
        fprintf(fp, "%" PRId64 "\n", run->capacity[l][s]);
    for (size_t b = 0; b < run->ds.nblocks; b++) {
        if (run->ds.blocks[b].children[l] <= 0)
            continue;
        fprintf(fp, "%d %zu", run->ds.blocks[b].children[l], r->arc_start[b + 1] - r->arc_start[b]);
        for (size_t a = r->arc_start[b]; a < r->arc_start[b + 1]; a++)
            fprintf(fp, " %d %" PRId64, r->arc_school[a], r->arc_cost[a]);
        fputc('\n', fp);
    }
}

int zp_run_export_instance(const zp_run *run, const char *prefix)
{
    zp_inputs in = {0};
    int rc = zp_data_inputs(run->sc, &in);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        if (!run->plan[l].arc_start || run->plan[l].locked > 0) {
            rc = zp_error_set(ZP_EINPUT,
                              "--export-instance: the %s level is not one transportation "
                              "problem (feeder zones or locked blocks); export without them",
                              zp_level_name((zp_level)l));
            break;
        }
        char path[4096];
        snprintf(path, sizeof path, "%s-%s.txt", prefix, zp_level_name((zp_level)l));
        zp_outfile of;
        rc = zp_output_file_check(path, &in);
        if (!rc)
            rc = zp_outfile_open(&of, path);
        if (!rc) {
            write_instance(of.fp, run, l);
            rc = zp_outfile_commit(&of);
        }
    }
    zp_inputs_free(&in);
    return rc;
}
