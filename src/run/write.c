/* Writing a run's outputs through a staging folder.
 *
 * Every writer writes into a fresh hidden folder inside the output folder; only
 * when all succeeded are the files renamed into place (rename within one file
 * system is atomic per file). A failure removes the staging folder, so a crashed or
 * refused run never leaves half-written or mixed outputs, and inputs are never
 * touched: nothing is written outside the output folder. `zoneplan diff` publishes its
 * outputs through the same staging functions. */
#include <pthread.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"
#include "zoneplan/run.h"

void zp_run_stage_discard(char *dir)
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
    free(dir);
}

int zp_run_stage_publish(const char *stage, const char *dir)
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

int zp_run_stage_open(const char *dir, char **stage)
{
    int rc = zp_ensure_dir(dir);
    if (rc)
        return rc;
    *stage = zp_path_join(dir, ".zoneplan-staging-XXXXXX");
    if (!*stage || !mkdtemp(*stage)) {
        free(*stage);
        *stage = NULL;
        return zp_error_set(ZP_EIO, "%s: cannot create a staging folder: %s", dir, strerror(errno));
    }
    return ZP_OK;
}

typedef struct side_job {
    const zp_run *run;
    const char *stage;
    int rc;
    char msg[2048];
} side_job;

static void *side_blocks(void *arg)
{
    side_job *job = arg;
    job->rc = zp_out_blocks_shp(job->run, job->stage);
    if (job->rc)
        snprintf(job->msg, sizeof job->msg, "%s", zp_error_last());
    return NULL;
}

int zp_run_write(zp_run *run, const char *dir)
{
    double t0 = zp_seconds();
    char *stage = NULL;
    int rc = zp_run_outlines(run); /* the union: every writer after it reads the outlines */
    double t1 = zp_seconds();
    run->seconds_union = t1 - t0;
    if (!rc)
        rc = zp_run_stage_open(dir, &stage);
    if (rc)
        return rc;
    t0 = t1;
    int (*writers[])(const zp_run *, const char *) = {zp_out_assignment_csv, zp_out_schools_csv,
                                                      zp_out_flags_csv,      zp_out_summary_json,
                                                      zp_out_report_md,      zp_out_catchments_shp,
                                                      zp_out_schools_shp};
    /* blocks.shp, the largest file, is written beside the others: different files, and only
     * it touches the geometry contexts at this point */
    side_job side = {run, stage, ZP_OK, ""};
    pthread_t tid;
    int threaded = pthread_create(&tid, NULL, side_blocks, &side) == 0;
    if (!threaded)
        side_blocks(&side);
    for (size_t i = 0; !rc && i < sizeof writers / sizeof writers[0]; i++)
        rc = writers[i](run, stage);
    if (threaded)
        pthread_join(tid, NULL);
    if (!rc && side.rc) /* errors are per thread: carry the writer's over */
        rc = zp_error_set(side.rc, "%s", side.msg);
    if (!rc)
        rc = zp_run_stage_publish(stage, dir);
    zp_run_stage_discard(stage);
    run->seconds_write = zp_seconds() - t0;
    return rc;
}
