/* zoneplan serve: starting and stopping. The run is solved once; its plan is copied as the
 * start of every session (a re-solve for one tab never changes another's start), the block
 * graph is the run's (or built here when the scenario has contiguity off: the panel counts
 * pieces either way), the page's data is made once, and the folder saves go to is checked
 * before anything listens. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/util.h"
#include "serve_internal.h"
#include "zoneplan/diff.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

static const char *id_of(const zp_dataset *ds, size_t i)
{
    return ds->blocks[i].id;
}

static int by_id_cmp(const void *a, const void *b, void *ds)
{
    return strcmp(id_of(ds, *(const size_t *)a), id_of(ds, *(const size_t *)b));
}

int sv_plan_copy(const zp_alloc_result *from, zp_alloc_result *to)
{
    size_t nb = from->nblocks, ns = from->nschools;
    *to = (zp_alloc_result){.nblocks = nb, .nschools = ns};
    to->school = zp_memdup(from->school, sizeof *to->school * (nb + 1));
    to->placed = zp_memdup(from->placed, sizeof *to->placed * (nb + 1));
    to->unplaced = zp_memdup(from->unplaced, sizeof *to->unplaced * (nb + 1));
    to->nearest = zp_memdup(from->nearest, sizeof *to->nearest * (nb + 1));
    to->dist_m = zp_memdup(from->dist_m, sizeof *to->dist_m * (nb + 1));
    to->load = zp_memdup(from->load, sizeof *to->load * (ns + 1));
    to->price_m = calloc(ns + 1, sizeof *to->price_m);
    return to->school && to->placed && to->unplaced && to->nearest && to->dist_m && to->load &&
                   to->price_m
               ? ZP_OK
               : zp_error_set(ZP_ENOMEM, "out of memory");
}

/* --plan RUN_DIR: each block's school there, by id (blocks it does not have: -1). */
static int other_load(zp_server *srv, const char *dir)
{
    zp_diff_side side = {.dir = strdup(dir)};
    const zp_dataset *ds = &srv->run->ds;
    int rc = side.dir ? zp_diff_side_load(&side) : zp_error_set(ZP_ENOMEM, "out of memory");
    for (int i = 0; !rc && i < srv->nlevels; i++) {
        int l = srv->level[i];
        if (!(srv->other[l] = malloc(sizeof *srv->other[l] * (ds->nblocks + 1))))
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
        for (size_t b = 0; !rc && b < ds->nblocks; b++)
            srv->other[l][b] = -1;
        for (size_t k = 0; !rc && k < side.nblocks; k++) {
            int32_t b = sv_block(srv, side.blocks[k].id);
            if (b >= 0 && side.blocks[k].school[l][0])
                srv->other[l][b] = sv_school(srv, side.blocks[k].school[l]);
        }
    }
    zp_diff_side_free(&side);
    return rc;
}

static int prepare(zp_server *srv, const zp_serve_options *opt)
{
    zp_run *run = srv->run;
    size_t nb = run->ds.nblocks;
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (run->active[l])
            srv->level[srv->nlevels++] = l;
    srv->feeder = run->sc->policy.feeder && run->active[ZP_PRIMARY] && run->active[ZP_JUNIOR];
    if (srv->nlevels == 0)
        return zp_error_set(ZP_EINPUT, "%s: no level has children to assign", run->sc->file);
    srv->by_id = malloc(sizeof *srv->by_id * (nb + 1));
    if (!srv->by_id)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; b < nb; b++)
        srv->by_id[b] = b;
    qsort_r(srv->by_id, nb, sizeof *srv->by_id, by_id_cmp, &run->ds);
    int rc = ZP_OK;
    for (int i = 0; !rc && i < srv->nlevels; i++) {
        int l = srv->level[i];
        srv->demand[l] = malloc(sizeof *srv->demand[l] * (nb + 1));
        if (!srv->demand[l])
            return zp_error_set(ZP_ENOMEM, "out of memory");
        for (size_t b = 0; b < nb; b++)
            srv->demand[l][b] = run->ds.blocks[b].children[l];
        rc = sv_plan_copy(&run->plan[l], &srv->plan[l]);
    }
    if (!rc && run->contig_on)
        srv->graph = &run->adj;
    else if (!rc && !(rc = zp_geo_adjacency(run->geo, run->sc->policy.adjacency_tolerance_m,
                                            run->sc->policy.adjacency_min_shared_m, &srv->adj)))
        srv->graph = &srv->adj;
    if (!rc && opt->plan_dir)
        rc = other_load(srv, opt->plan_dir);
    return rc ? rc : sv_data_make(srv);
}

static int save_dir(zp_server *srv, const char *given)
{
    char *dir = given ? strdup(given) : NULL;
    if (!given) {
        char *slash = strrchr(srv->scenario, '/');
        dir = strndup(srv->scenario, slash ? (size_t)(slash - srv->scenario) : 0);
    }
    struct stat st;
    if (!dir)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        int rc = zp_error_set(ZP_EINPUT, "--save-dir: %s is not a folder", dir);
        free(dir);
        return rc;
    }
    srv->save_dir = realpath(dir, NULL);
    free(dir);
    return srv->save_dir ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
}

int zp_serve_start(zp_run *run, const char *scenario_path, const zp_serve_options *opt,
                   zp_server **out, int *port_out)
{
    zp_server *srv = calloc(1, sizeof *srv);
    *out = NULL;
    if (!srv) {
        zp_run_free(run);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    srv->run = run;
    srv->scenario = realpath(scenario_path, NULL);
    int rc = srv->scenario ? ZP_OK
                           : zp_error_set(ZP_EINPUT, "%s: cannot resolve the path", scenario_path);
    if (!rc)
        rc = save_dir(srv, opt->save_dir);
    if (!rc)
        rc = zp_run_solve(run);
    if (!rc)
        rc = prepare(srv, opt);
    if (!rc) { /* Ctrl-C and TERM go to zp_serve_wait, not to the daemon's thread */
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set, NULL);
        rc = sv_http_start(srv, opt->host, opt->port);
    }
    if (rc) {
        zp_serve_stop(srv);
        return rc;
    }
    *port_out = srv->port;
    *out = srv;
    return ZP_OK;
}

void zp_serve_wait(zp_server *srv)
{
    (void)srv;
    sigset_t set;
    int sig;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigwait(&set, &sig);
}

void zp_serve_stop(zp_server *srv)
{
    if (!srv)
        return;
    sv_http_stop(srv);
    for (size_t i = 0; i < SV_MAX_SESSIONS; i++)
        sv_session_free(srv->sessions[i], srv->nlevels);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        free(srv->demand[l]);
        free(srv->other[l]);
        zp_alloc_result_free(&srv->plan[l]);
    }
    zp_adjacency_free(&srv->adj);
    free(srv->by_id);
    free(srv->data_json);
    free(srv->scenario);
    free(srv->save_dir);
    zp_run_free(srv->run);
    free(srv);
}
