/* Writing a run's outputs through a staging folder.
 *
 * Every writer writes into a fresh hidden folder inside the output folder; only
 * when all succeeded are the files renamed into place (rename within one file
 * system is atomic per file). A failure removes the staging folder, so a crashed or
 * refused run never leaves half-written or mixed outputs, and inputs are never
 * touched: nothing is written outside the output folder. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "zoneplan/errors.h"
#include "zoneplan/io.h"
#include "zoneplan/run.h"

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *p = zp_path_join(dir, e->d_name);
        if (p)
            unlink(p);
        free(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

static int publish(const char *stage, const char *dir)
{
    DIR *d = opendir(stage);
    if (!d)
        return zp_error_set(ZP_EIO, "%s: cannot read staging folder", stage);
    struct dirent *e;
    int rc = ZP_OK;
    while (!rc && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *from = zp_path_join(stage, e->d_name), *to = zp_path_join(dir, e->d_name);
        if (!from || !to || rename(from, to) != 0)
            rc = zp_error_set(ZP_EIO, "%s: cannot move output into place: %s", to ? to : e->d_name,
                              strerror(errno));
        free(from);
        free(to);
    }
    closedir(d);
    return rc;
}

int zp_run_write(zp_run *run, const char *dir)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = zp_ensure_dir(dir);
    if (rc)
        return rc;
    char *stage = zp_path_join(dir, ".zoneplan-staging-XXXXXX");
    if (!stage || !mkdtemp(stage)) {
        free(stage);
        return zp_error_set(ZP_EIO, "%s: cannot create a staging folder: %s", dir, strerror(errno));
    }
    int (*writers[])(const zp_run *, const char *) = {zp_out_assignment_csv, zp_out_schools_csv,
                                                      zp_out_flags_csv,      zp_out_summary_json,
                                                      zp_out_report_md,      zp_out_catchments_shp};
    for (size_t i = 0; !rc && i < sizeof writers / sizeof writers[0]; i++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        rc = writers[i](run, stage);
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (writers[i] == zp_out_catchments_shp) /* the union dominates it */
            run->seconds_union =
                (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
    }
    if (!rc)
        rc = publish(stage, dir);
    remove_tree(stage);
    free(stage);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    run->seconds_write = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    return rc;
}
