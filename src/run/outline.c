/* Catchment outlines: the union of each school's blocks per level, with its metric area
 * and perimeter (for compactness), computed once per run so catchments.shp, the report
 * and summary.json all describe the same shapes.
 *
 * Blocks are bucketed by school in one counting-sort pass per level; the unions run on
 * worker threads inside geo. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zoneplan/errors.h"
#include "zoneplan/run.h"

/* Blocks of every school at one level: start[s]..start[s+1] in order[], input order kept. */
static void bucket_blocks(const zp_run *run, int l, size_t *start, int32_t *order)
{
    const zp_alloc_result *r = &run->plan[l];
    size_t ns = run->ds.nschools;
    memset(start, 0, sizeof *start * (ns + 2));
    for (size_t b = 0; b < run->ds.nblocks; b++)
        if (r->school[b] >= 0)
            start[r->school[b] + 2]++;
    for (size_t s = 0; s < ns; s++)
        start[s + 2] += start[s + 1];
    for (size_t b = 0; b < run->ds.nblocks; b++)
        if (r->school[b] >= 0)
            order[start[r->school[b] + 1]++] = (int32_t)b;
}

static int outline_level(zp_run *run, int l, size_t *start, int32_t *order,
                         zp_geo_union_task *tasks, zp_shape *shapes, zp_geo_union_stats *stats)
{
    size_t ns = run->ds.nschools;
    run->outline[l] = calloc(ns + 1, sizeof *run->outline[l]);
    if (!run->outline[l])
        return zp_error_set(ZP_ENOMEM, "out of memory");
    bucket_blocks(run, l, start, order);
    for (size_t s = 0; s < ns; s++)
        tasks[s] = (zp_geo_union_task){order + start[s], start[s + 1] - start[s]};
    int rc = zp_geo_union_many(run->geo, tasks, ns, shapes, stats);
    for (size_t s = 0; s < ns; s++) {
        zp_run_outline *o = &run->outline[l][s];
        o->shape = shapes[s];
        o->blocks = tasks[s].n;
        if (!rc) {
            o->area_m2 = stats[s].area_m2;
            o->perimeter_m = stats[s].perimeter_m;
            o->parts = stats[s].parts;
            o->apart = stats[s].apart;
        }
    }
    return rc;
}

int zp_run_outlines(zp_run *run)
{
    if (run->outline[0] || run->outline[1])
        return ZP_OK;
    size_t ns = run->ds.nschools, nb = run->ds.nblocks;
    size_t *start = malloc(sizeof *start * (ns + 2));
    int32_t *order = malloc(sizeof *order * (nb + 1));
    zp_geo_union_task *tasks = malloc(sizeof *tasks * (ns + 1));
    zp_shape *shapes = calloc(ns + 1, sizeof *shapes);
    zp_geo_union_stats *stats = calloc(ns + 1, sizeof *stats);
    int rc = start && order && tasks && shapes && stats ? ZP_OK
                                                        : zp_error_set(ZP_ENOMEM, "out of memory");
    for (int l = 0; !rc && l < ZP_NLEVELS; l++)
        if (run->active[l])
            rc = outline_level(run, l, start, order, tasks, shapes, stats);
    free(start);
    free(order);
    free(tasks);
    free(shapes);
    free(stats);
    return rc;
}

int zp_run_pieces(const zp_run *run, int level, size_t school)
{
    const zp_run_outline *o = run->outline[level] ? &run->outline[level][school] : NULL;
    int graph = run->contig_on && run->contig[level].pieces ? run->contig[level].pieces[school] : 0;
    int map = o ? o->apart : 0;
    return graph > map ? graph : map;
}

void zp_run_outlines_free(zp_run *run)
{
    for (int l = 0; l < ZP_NLEVELS; l++) {
        for (size_t s = 0; run->outline[l] && s < run->ds.nschools; s++)
            zp_shape_free(&run->outline[l][s].shape);
        free(run->outline[l]);
        run->outline[l] = NULL;
    }
}
