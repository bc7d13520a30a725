/* net_export SCENARIO DIR [K [STEP]]: the walking network of a scenario as zoneplan builds it,
 * for bench/network.sh to load into PostgreSQL and have pgRouting redo zoneplan's distances.
 *
 * Writes DIR/edges.csv (id, source, target, cost in metres), DIR/points.csv (pid, edge_id,
 * fraction, access metres; blocks are pids 1..nb, schools nb+1..nb+ns), DIR/pairs.csv (block
 * pid, school pid, metres: each block's K nearest schools of any level, for the schools whose
 * index is a multiple of STEP) and prints the seconds of the k-nearest search (all schools, one
 * many-source search) as JSON. Edge costs are what the walk counts (whole micrometres). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "zoneplan/dist.h"
#include "zoneplan/errors.h"
#include "zoneplan/roads.h"
#include "zoneplan/run.h"

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        fprintf(stderr, "net_export: cannot write %s\n", path);
    return f;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: net_export SCENARIO DIR [K [STEP]]\n");
        return 1;
    }
    int k = argc > 3 ? atoi(argv[3]) : 8;
    long step = argc > 4 ? atol(argv[4]) : 1;
    zp_run *run = NULL;
    if (zp_run_load(argv[1], &run) || !run->roads) {
        fprintf(stderr, "net_export: %s\n", run ? "the scenario has no roads" : zp_error_last());
        return 2;
    }
    FILE *e = open_in(argv[2], "edges.csv"), *p = open_in(argv[2], "points.csv"),
         *q = open_in(argv[2], "pairs.csv");
    if (!e || !p || !q)
        return 2;
    fprintf(e, "id,source,target,cost\n");
    for (size_t i = 0; i < zp_roads_nedges(run->roads); i++) {
        size_t u, v;
        double len;
        zp_roads_edge_ends(run->roads, i, &u, &v, &len);
        fprintf(e, "%zu,%zu,%zu,%.6f\n", i + 1, u + 1, v + 1, len);
    }
    size_t nb = run->ds.nblocks, ns = run->ds.nschools;
    fprintf(p, "pid,edge_id,fraction,access\n");
    for (int site = 0; site < 2; site++)
        for (size_t i = 0; i < (site ? ns : nb); i++) {
            long edge;
            double f, a;
            if (zp_dist_join(run->dist, site, i, &edge, &f, &a))
                fprintf(p, "%zu,%ld,%.12f,%.6f\n", (site ? nb : 0) + i + 1, edge + 1, f, a);
        }
    double t0 = seconds();
    zp_dist_knn knn;
    if (zp_dist_nearest(run->dist, NULL, nb, NULL, k, &knn)) {
        fprintf(stderr, "net_export: %s\n", zp_error_last());
        return 3;
    }
    double t = seconds() - t0;
    fprintf(q, "block,school,metres\n");
    for (size_t b = 0; b < nb; b++)
        for (int j = 0; j < k; j++) {
            int32_t s = knn.site[b * (size_t)k + (size_t)j];
            if (s >= 0 && s % step == 0)
                fprintf(q, "%zu,%zu,%.6f\n", b + 1, nb + (size_t)s + 1,
                        knn.metres[b * (size_t)k + (size_t)j]);
        }
    printf("{\"blocks\": %zu, \"schools\": %zu, \"k\": %d, \"knn_s\": %.3f, \"edges\": %zu}\n", nb,
           ns, k, t, zp_roads_nedges(run->roads));
    zp_dist_knn_free(&knn);
    fclose(e);
    fclose(p);
    fclose(q);
    zp_run_free(run);
    return 0;
}
