/* Coordinate systems: the same district delivered in CGCS2000 lon/lat (EPSG:4490) and
 * in a 3-degree Gauss-Kruger zone (EPSG:4547) must give the same assignment and the
 * same distances, and a missing .prj must be answered by the scenario's crs key. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "support.h"

#define NX 15
#define NY 12

static const zpt_school schools[] = {
    {"S1", "一小", "primary", 500, 500, 700, 0, 16, 0},
    {"S2", "二小", "primary", 2300, 700, 600, 0, 14, 0},
    {"S3", "三小", "nine_year", 1500, 1900, 700, 600, 16, 12},
    {"S4", "四小", "primary", 300, 2100, 500, 0, 12, 0},
    {"S5", "一中", "junior", 2700, 2200, 0, 500, 0, 10},
};

static void district(const char *dir, int epsg, int *pri, int *jun)
{
    uint64_t x = 7;
    for (int i = 0; i < NX * NY; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        pri[i] = (int)((x >> 33) % 25);
        jun[i] = (int)((x >> 45) % 12);
    }
    zpt_grid g = {.nx = NX,
                  .ny = NY,
                  .pri = pri,
                  .jun = jun,
                  .schools = schools,
                  .nschools = 5,
                  .epsg = epsg};
    free(zpt_write_grid(dir, &g, NULL));
}

static char *run_in(const char *dir)
{
    char cmd[2048], path[1024], *log = NULL;
    snprintf(cmd, sizeof cmd, "%s run %s/scenario.yaml --no-publish", ZP_CLI, dir);
    int rc = zpt_run(cmd, &log);
    cr_assert_eq(rc, 0, "%s", log);
    free(log);
    snprintf(path, sizeof path, "%s/out/assignment.csv", dir);
    return zpt_slurp(path, NULL);
}

Test(geo, same_assignment_in_4490_and_gauss_kruger)
{
    char *a = zpt_tmpdir(), *b = zpt_tmpdir();
    int pri[NX * NY], jun[NX * NY];
    district(a, 4547, pri, jun);
    district(b, 4490, pri, jun);
    char *ca = run_in(a), *cb = run_in(b);
    /* row by row: same block, level, school and children; distances within 1 cm */
    char *sa, *sb;
    char *la = strtok_r(ca, "\n", &sa), *lb = strtok_r(cb, "\n", &sb);
    int rows = 0;
    while (la && lb) {
        char *da = strrchr(la, ','), *db = strrchr(lb, ',');
        cr_assert_eq(da - la, db - lb, "rows differ: %s | %s", la, lb);
        cr_assert_eq(strncmp(la, lb, (size_t)(da - la)), 0, "rows differ: %s | %s", la, lb);
        if (rows > 0 && da[1] && db[1])
            cr_assert(fabs(atof(da + 1) - atof(db + 1)) <= 0.11, "distance %s vs %s", la, lb);
        la = strtok_r(NULL, "\n", &sa);
        lb = strtok_r(NULL, "\n", &sb);
        rows++;
    }
    cr_assert_null(la);
    cr_assert_null(lb);
    cr_assert_eq(rows, 1 + 2 * NX * NY);
    free(ca), free(cb);
    zpt_rmtree(a), zpt_rmtree(b);
    free(a), free(b);
}

/* Gauss-Kruger distances are true to well under 0.1%: a block 1,000 m east of a school
 * is reported 1,000 m away (the local plane's scale error near the data is ~1e-6). */
Test(geo, distances_in_metres)
{
    char *d = zpt_tmpdir(), *log = NULL, cmd[2048], path[1024];
    int pri[6] = {0, 0, 0, 0, 0, 10};
    const zpt_school one[] = {{"S1", "一小", "primary", 100, 100, 100, 0, 1, 0}};
    zpt_grid g = {.nx = 6, .ny = 1, .pri = pri, .schools = one, .nschools = 1};
    free(zpt_write_grid(d, &g, NULL));
    snprintf(cmd, sizeof cmd, "%s run %s/scenario.yaml --no-publish", ZP_CLI, d);
    cr_assert_eq(zpt_run(cmd, &log), 0, "%s", log);
    snprintf(path, sizeof path, "%s/out/assignment.csv", d);
    char *csv = zpt_slurp(path, NULL);
    cr_assert(strstr(csv, "B006,幸福小区6号,primary,S1,10,1000.0\n"), "%s", csv);
    free(csv), free(log);
    zpt_rmtree(d);
    free(d);
}
