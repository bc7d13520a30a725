/* Writing a run's outputs: every writer into one folder, then the folder swapped in whole.
 *
 * The writers write into the staging folder zp_stage_open made beside the output folder
 * (see zoneplan/stage.h); publishing, when asked, writes into its publish/ from those very
 * files; only then is the folder swapped with the old one. So the folder a planner opens
 * holds the old run or the new one, maps included, and an interrupted run leaves nothing
 * half-written. */
#include <pthread.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sys.h"
#include "core/util.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"
#include "zoneplan/publish.h"
#include "zoneplan/run.h"
#include "zoneplan/stage.h"

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

int zp_run_write_files(zp_run *run, const char *dir)
{
    if (zp_warn_lost()) /* report.md and summary.json would be short of them */
        return zp_error_set(ZP_ENOMEM, "out of memory: %zu warnings could not be kept",
                            zp_warn_lost());
    double t0 = zp_seconds();
    int rc = zp_run_outlines(run); /* the union: every writer after it reads the outlines */
    double t1 = zp_seconds();
    run->seconds_union = t1 - t0;
    if (rc)
        return rc;
    int (*writers[])(const zp_run *, const char *) = {
        zp_out_assignment_csv, zp_out_schools_csv,    zp_out_flags_csv,  zp_out_summary_json,
        zp_out_report_md,      zp_out_catchments_shp, zp_out_schools_shp, zp_out_audit_csv};
    /* blocks.shp, the largest file, is written beside the others: different files, and only
     * it touches the geometry contexts at this point */
    side_job side = {run, dir, ZP_OK, ""};
    pthread_t tid;
    int threaded = pthread_create(&tid, NULL, side_blocks, &side) == 0;
    if (!threaded)
        side_blocks(&side);
    for (size_t i = 0; !rc && i < sizeof writers / sizeof writers[0]; i++)
        rc = writers[i](run, dir);
    if (threaded)
        pthread_join(tid, NULL);
    if (!rc && side.rc) /* errors are per thread: carry the writer's over */
        rc = zp_error_set(side.rc, "%s", side.msg);
    if (!rc)
        rc = zp_out_routes_geojson(run, dir);
    if (!rc)
        rc = zp_folder_mark(dir, ZP_FOLDER_RUN);
    run->seconds_write = zp_seconds() - t1;
    return rc;
}

int zp_run_stage_open(const zp_run *run, const char *dir, const char *const *files, zp_stage **st)
{
    zp_inputs in = {0};
    int rc = zp_data_inputs(run->sc, &in);
    for (size_t i = 0; !rc && files && files[i]; i++)
        rc = zp_output_file_check(files[i], &in);
    if (!rc)
        rc = zp_stage_open(dir, ZP_FOLDER_RUN, &in, st);
    for (size_t i = 0; !rc && files && files[i]; i++)
        rc = zp_stage_check_file(*st, files[i]);
    if (rc && *st) {
        zp_stage_abort(*st);
        *st = NULL;
    }
    zp_inputs_free(&in);
    return rc;
}

int zp_run_write(zp_run *run, zp_stage *st, const zp_publish_options *publish)
{
    const char *dir = zp_stage_dir(st);
    int rc = zp_run_write_files(run, dir);
    char *pub = !rc && publish ? zp_path_join(dir, "publish") : NULL;
    if (!rc && publish && !pub)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (pub) {
        zp_progress("publishing maps, sheets and web files");
        if (zp_sys_mkdir(pub) != 0)
            rc = zp_error_set(ZP_EIO, "%s: cannot create: %s", pub, strerror(errno));
        if (!rc)
            rc = zp_publish_into(dir, pub, publish);
        if (!rc)
            rc = zp_folder_mark(pub, ZP_FOLDER_PUBLISH);
        free(pub);
    }
    double t0 = zp_seconds();
    if (!rc)
        rc = zp_stage_commit(st);
    else
        zp_stage_abort(st);
    run->seconds_write += zp_seconds() - t0;
    return rc;
}
