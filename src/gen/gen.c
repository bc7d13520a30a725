/* `zoneplan gen`: options, the generator pipeline, and the all-or-nothing output folder.
 *
 * zp_gen_district() checks the options, sets up GEOS and PROJ, runs layout -> cells ->
 * people -> schools -> resources -> names -> write into a staging folder beside out_dir, which
 * replaces out_dir whole only when every file is complete (zoneplan/stage.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zoneplan/errors.h"
#include "zoneplan/out.h"
#include "zoneplan/stage.h"
#include "gen_internal.h"

#define MIN_BLOCKS 20
#define MAX_BLOCKS 5000000
#define MIN_BLOCKS_PER_SCHOOL 4
#define MAX_EXTENT_KM 2000.0
#define PATH_BUF 4096

void zp_gen_defaults(zp_gen_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->blocks = GEN_DEFAULT_BLOCKS;
    opt->schools = GEN_DEFAULT_SCHOOLS;
    opt->width_km = GEN_DEFAULT_WIDTH_KM;
    opt->height_km = GEN_DEFAULT_HEIGHT_KM;
    opt->seed = GEN_DEFAULT_SEED;
    opt->epsg = GEN_DEFAULT_EPSG;
    opt->encoding = "GBK";
}

int zp_gen_check(const zp_gen_options *o)
{
    if (!o || !o->out_dir || !o->out_dir[0])
        return zp_error_set(ZP_EINPUT, "gen: no output folder given");
    if (o->blocks < MIN_BLOCKS || o->blocks > MAX_BLOCKS)
        return zp_error_set(ZP_EINPUT, "gen: blocks must be %d to %d, not %d", MIN_BLOCKS,
                            MAX_BLOCKS, o->blocks);
    if (o->schools < 1 || o->schools > o->blocks / MIN_BLOCKS_PER_SCHOOL)
        return zp_error_set(ZP_EINPUT, "gen: schools must be 1 to %d for %d blocks, not %d",
                            o->blocks / MIN_BLOCKS_PER_SCHOOL, o->blocks, o->schools);
    if (!(o->width_km >= 1 && o->width_km <= MAX_EXTENT_KM && o->height_km >= 1 &&
          o->height_km <= MAX_EXTENT_KM))
        return zp_error_set(ZP_EINPUT, "gen: district extent must be 1 to %.0f km, not %g x %g",
                            MAX_EXTENT_KM, o->width_km, o->height_km);
    if (!o->encoding || !o->encoding[0])
        return zp_error_set(ZP_EINPUT, "gen: no text encoding given");
    if (o->epsg <= 0)
        return zp_error_set(ZP_EINPUT, "gen: EPSG code must be positive, not %d", o->epsg);
    return gen_text_check(o->encoding);
}

/* dir/name into buf; 0 when it does not fit. */
static int path_in(char *buf, size_t size, const char *dir, const char *name)
{
    int n = snprintf(buf, size, "%s/%s", dir, name);
    return n > 0 && (size_t)n < size;
}

static void geos_message(const char *msg, void *user)
{
    (void)msg;
    (void)user; /* GEOS failures surface as NULL results, reported where they happen */
}

static int write_blocks_shp(gen_world *w, const char *tmp)
{
    char path[PATH_BUF];
    if (!path_in(path, sizeof path, tmp, "blocks.shp"))
        return zp_error_set(ZP_EIO, "gen: output folder name too long: %s", tmp);
    SAHooks hooks;
    zp_out_hooks(&hooks);
    SHPHandle shp = SHPCreateLL(path, SHPT_POLYGON, &hooks);
    if (!shp)
        return zp_error_set(ZP_EIO, "gen: cannot create %s/blocks.shp: %s", w->opt->out_dir,
                            strerror(errno));
    int rc = gen_cells(w, shp);
    SHPClose(shp);
    return rc;
}

static int run(gen_world *w, const char *tmp)
{
    unsigned failures = zp_out_hook_failures();
    int rc = gen_layout(w);
    if (rc == ZP_OK)
        rc = write_blocks_shp(w, tmp);
    if (rc == ZP_OK)
        rc = gen_roads_finish(w);
    if (rc == ZP_OK)
        rc = gen_people(w);
    if (rc == ZP_OK)
        rc = gen_ages(w);
    if (rc == ZP_OK)
        rc = gen_schools(w);
    if (rc == ZP_OK)
        rc = gen_resources(w);
    if (rc == ZP_OK)
        rc = gen_names(w);
    if (rc == ZP_OK)
        rc = gen_write_layers(w, tmp);
    if (rc == ZP_OK && zp_out_hook_failures() != failures) /* a write or a close failed */
        rc = zp_error_set(ZP_EIO, "gen: cannot write the layers into %s: %s", w->opt->out_dir,
                          zp_out_hook_message());
    return rc;
}

static void world_free(gen_world *w)
{
    gen_layout_free(w);
    gen_schools_free(w);
    gen_roads_free(w);
    free(w->bseed);
    free(w->bx);
    free(w->by);
    free(w->barea);
    free(w->pri);
    free(w->jun);
    for (int a = 0; a < 6; a++)
        free(w->age[a]);
    free(w->bzero);
    free(w->bname);
    free(w->broot);
    free(w->schname);
    free(w->names.buf);
    gen_crs_free(w);
    if (w->geos)
        GEOS_finish_r(w->geos);
}

int zp_gen_district(const zp_gen_options *opt)
{
    int rc = zp_gen_check(opt);
    if (rc != ZP_OK)
        return rc;
    gen_world w = {.opt = opt};
    int grow = opt->width_km == GEN_DEFAULT_WIDTH_KM && opt->height_km == GEN_DEFAULT_HEIGHT_KM &&
               opt->blocks > GEN_DEFAULT_BLOCKS;
    double scale = grow ? sqrt((double)opt->blocks / GEN_DEFAULT_BLOCKS) : 1.0;
    w.w = opt->width_km * 1000 * scale;
    w.h = opt->height_km * 1000 * scale;
    w.geos = GEOS_init_r();
    if (!w.geos)
        return zp_error_set(ZP_ENOMEM, "gen: cannot create a GEOS context");
    GEOSContext_setErrorMessageHandler_r(w.geos, geos_message, NULL);
    GEOSContext_setNoticeMessageHandler_r(w.geos, geos_message, NULL);
    rc = gen_crs_init(&w);
    zp_stage *st = NULL;
    if (rc == ZP_OK)
        rc = zp_stage_open(opt->out_dir, ZP_FOLDER_GEN, NULL, &st);
    if (rc == ZP_OK && strlen(zp_stage_dir(st)) > PATH_BUF - 64)
        rc = zp_error_set(ZP_EIO, "gen: output folder name too long: %s", opt->out_dir);
    if (rc == ZP_OK)
        rc = run(&w, zp_stage_dir(st));
    if (rc == ZP_OK)
        rc = zp_stage_commit(st);
    else
        zp_stage_abort(st);
    world_free(&w);
    return rc;
}
