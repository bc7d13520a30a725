/* `zoneplan site`: where to build so the shortfall disappears. Candidate sites (a grid over
 * the blocks with children lacking a place or beyond the service radius) times the
 * scenario's designs are the options; a plan is a set of options, scored by the core's
 * exact assignment (zp_alloc_solve on every level: shortfall at the policy's penalty plus
 * child-metres, so least shortfall comes first, then distance). The search opens greedily
 * and then swaps opened options for others, and it never scores every option: the plan's
 * LP duals (each block's cost per child, each full school's price per place) estimate what
 * an option would save, and only the most promising few are scored exactly - the
 * incremental re-evaluation that keeps a district with hundreds of candidates quick. The
 * lower bound is the SSCFLP Lagrangian (site.h) of the same objective with the limit on
 * openings, so the plan carries a proven gap. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/layer.h"
#include "site_internal.h"
#include "zoneplan/check.h"
#include "zoneplan/errors.h"
#include "zoneplan/errors.h"
#include "zoneplan/siting.h"

/* Capacity of a design at a level, as the run will count it (class cap, school cap). */
static int64_t design_places(const zp_run *run, const zp_siting_design *d, int l)
{
    if (!zp_school_serves(d->type, (zp_level)l))
        return 0;
    /* both levels: the school cap holds them together; its resources, enforce_audit's cap */
    zp_school s = {.type = d->type, .res = d->res};
    for (int k = 0; k < ZP_NLEVELS; k++) {
        s.classes[k] = d->classes[k];
        s.seats[k] = d->classes[k] * run->sc->policy.class_cap[k];
    }
    return zp_check_capacity(&s, &run->sc->policy, (zp_level)l);
}

/* Blocks that want a school nearer or with room: children unplaced or beyond the radius. */
static int block_wants(const zp_run *run, size_t b)
{
    for (int l = 0; l < ZP_NLEVELS; l++) {
        const zp_alloc_result *r = &run->plan[l];
        double radius = run->sc->policy.service_radius_m[l];
        if (run->active[l] && run->ds.blocks[b].children[l] > 0 &&
            (r->unplaced[b] > 0 || (radius > 0 && r->dist_m[b] > radius)))
            return 1;
    }
    return 0;
}

/* One more candidate; id and name are taken over (name may be NULL). */
static int add_candidate(zp_siting *st, double x, double y, char *id, char *name, double cost)
{
    if (st->ncand % 64 == 0) {
        size_t cap = st->ncand + 64;
        double *nx = realloc(st->cx, cap * sizeof *nx);
        st->cx = nx ? nx : st->cx;
        double *ny = nx ? realloc(st->cy, cap * sizeof *ny) : NULL;
        st->cy = ny ? ny : st->cy;
        double *nc = ny ? realloc(st->cand_cost, cap * sizeof *nc) : NULL;
        st->cand_cost = nc ? nc : st->cand_cost;
        char **ni = nc ? realloc(st->cand_id, cap * sizeof *ni) : NULL;
        st->cand_id = ni ? ni : st->cand_id;
        char **nn = ni ? realloc(st->cand_name, cap * sizeof *nn) : NULL;
        st->cand_name = nn ? nn : st->cand_name;
        if (!nn) {
            free(id);
            free(name);
            return zp_error_set(ZP_ENOMEM, "out of memory");
        }
    }
    st->cx[st->ncand] = x;
    st->cy[st->ncand] = y;
    st->cand_cost[st->ncand] = cost;
    st->cand_id[st->ncand] = id;
    st->cand_name[st->ncand++] = name;
    return id ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
}

/* Grid points (spacing s) within s of a block that wants a school: marked cell by cell. */
static int grid_candidates(zp_siting *st)
{
    const zp_run *run = st->run;
    const zp_geo_points *bp = zp_geo_block_points(run->geo);
    double s = run->sc->siting.grid_spacing_m, x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL,
           y1 = -HUGE_VAL;
    for (size_t b = 0; b < run->ds.nblocks; b++) {
        x0 = fmin(x0, bp->x[b]), x1 = fmax(x1, bp->x[b]);
        y0 = fmin(y0, bp->y[b]), y1 = fmax(y1, bp->y[b]);
    }
    size_t nx = (size_t)floor((x1 - x0) / s) + 1, ny = (size_t)floor((y1 - y0) / s) + 1;
    if ((double)nx * (double)ny > 4e6)
        return zp_error_set(ZP_EINPUT,
                            "%s:%d: siting.candidates.grid.spacing_m: %g m makes %zu x "
                            "%zu points over the district: give a wider spacing",
                            run->sc->file, run->sc->siting.line, s, nx, ny);
    unsigned char *mark = calloc(nx * ny, 1);
    if (!mark)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; b < run->ds.nblocks; b++) /* the 3 x 3 cells around a wanting block */
        if (block_wants(run, b)) {
            long cx = lround((bp->x[b] - x0) / s), cy = lround((bp->y[b] - y0) / s);
            for (long dy = -1; dy <= 1; dy++)
                for (long dx = -1; dx <= 1; dx++)
                    if (cx + dx >= 0 && cy + dy >= 0 && (size_t)(cx + dx) < nx &&
                        (size_t)(cy + dy) < ny)
                        mark[(size_t)(cy + dy) * nx + (size_t)(cx + dx)] = 1;
        }
    int rc = ZP_OK;
    for (size_t k = 0; !rc && k < nx * ny; k++)
        if (mark[k]) {
            char id[24];
            snprintf(id, sizeof id, "G%04zu", st->ncand + 1);
            rc = add_candidate(st, x0 + s * (double)(k % nx), y0 + s * (double)(k / nx), strdup(id),
                               NULL, 0);
        }
    free(mark);
    return rc;
}

static int read_parcel(zp_siting *st, zp_layer *ly, int rec, const int *f)
{
    char *id = NULL, *name = NULL;
    double cost = 0, x = 0, y = 0;
    zp_shape sh = {0};
    int rc = zp_layer_text(ly, rec, f[0], &id);
    if (!rc && !id[0])
        rc = zp_error_set(ZP_EINPUT, "%s: record %d: empty id", ly->dbf_path, rec + 1);
    if (!rc && f[1] >= 0)
        rc = zp_layer_text(ly, rec, f[1], &name);
    if (!rc)
        rc = f[2] < 0 ? ZP_OK
                      : zp_layer_nonneg_real(ly, rec, f[2], st->run->sc->siting.cand_cost,
                                             "a cost >= 0", 0, &cost);
    if (!rc)
        rc = zp_layer_shape(ly, rec, &sh);
    if (!rc)
        rc = zp_geo_shape_point(st->run->geo, st->run->sc->crs ? st->run->sc->crs : ly->prj,
                                "candidates", ly->shp_path, &sh, &x, &y);
    zp_shape_free(&sh);
    if (rc) {
        free(id);
        free(name);
        return rc;
    }
    return add_candidate(st, x, y, id, name, cost);
}

/* Parcels: a point or polygon layer with an id field, optional name and cost fields. */
static int layer_candidates(zp_siting *st)
{
    const zp_siting_spec *sp = &st->run->sc->siting;
    zp_layer ly;
    int rc = zp_layer_open(&ly, "candidates", sp->cand_path, NULL);
    int f[3] = {-1, -1, -1};
    if (!rc)
        rc = zp_layer_field(&ly, sp->cand_id, "siting.candidates.id", &f[0]);
    if (!rc && sp->cand_name)
        rc = zp_layer_field(&ly, sp->cand_name, "siting.candidates.name", &f[1]);
    if (!rc && sp->cand_cost)
        rc = zp_layer_field(&ly, sp->cand_cost, "siting.candidates.cost", &f[2]);
    for (int rec = 0; !rc && rec < ly.nrecords; rec++)
        rc = read_parcel(st, &ly, rec, f);
    zp_layer_close(&ly);
    return rc;
}

static int make_options(zp_siting *st)
{
    const zp_siting_spec *sp = &st->run->sc->siting;
    st->nopt = st->ncand * sp->ndesigns;
    st->opt = calloc(st->nopt + 1, sizeof *st->opt);
    if (!st->opt)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t c = 0; c < st->ncand; c++)
        for (size_t d = 0; d < sp->ndesigns; d++) {
            zp_siting_option *o = &st->opt[c * sp->ndesigns + d];
            o->cand = (int32_t)c;
            o->design = (int32_t)d;
            o->cost = sp->designs[d].cost + st->cand_cost[c];
            for (int l = 0; l < ZP_NLEVELS; l++)
                o->places[l] = design_places(st->run, &sp->designs[d], l);
        }
    return ZP_OK;
}

/* One provider for the whole search: sites are today's schools, then the candidates. */
static int siting_dist(zp_siting *st)
{
    const zp_geo_points *sp = zp_geo_school_points(st->run->geo);
    size_t ns = st->run->ds.nschools, m = ns + st->ncand;
    double *x = malloc((m + 1) * sizeof *x), *y = malloc((m + 1) * sizeof *y);
    int rc = x && y ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t k = 0; !rc && k < m; k++) {
        x[k] = k < ns ? sp->x[k] : st->cx[k - ns];
        y[k] = k < ns ? sp->y[k] : st->cy[k - ns];
    }
    if (!rc)
        rc = zp_run_site_dist(st->run, m, x, y, &st->dist);
    st->cand_m = rc ? NULL : malloc((st->run->ds.nblocks + 1) * sizeof *st->cand_m);
    if (!rc && !st->cand_m)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    free(x);
    free(y);
    return rc;
}

int zp_siting_load(const char *scenario_path, zp_siting **out)
{
    return zp_siting_open(scenario_path, 1, out);
}

int zp_siting_open(const char *scenario_path, int need_siting, zp_siting **out)
{
    *out = NULL;
    zp_siting *st = calloc(1, sizeof *st);
    if (!st)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    double t0 = zp_seconds();
    int rc = zp_run_load(scenario_path, &st->run);
    if (!rc && need_siting && !st->run->sc->siting.present)
        rc = zp_error_set(ZP_EINPUT,
                          "%s: no siting: section (candidates, designs, open): see "
                          "`zoneplan site --help`",
                          scenario_path);
    st->seconds = zp_seconds() - t0;
    if (rc) {
        zp_siting_free(st);
        return rc;
    }
    *out = st;
    return ZP_OK;
}

int zp_siting_solve(zp_siting *st)
{
    double t0 = zp_seconds();
    const char *file = st->run->sc->file;
    int rc = zp_run_solve(st->run); /* today's plan: capacities, and where the need is */
    if (!rc)
        rc = st->run->sc->siting.cand_path ? layer_candidates(st) : grid_candidates(st);
    if (!rc && st->ncand == 0 && st->allow_none)
        return siting_dist(st); /* nothing to site for: nothing opens */
    if (!rc && st->ncand == 0)
        rc = zp_error_set(ZP_EINPUT, "%s: siting: no candidate site (%s)", file,
                          st->run->sc->siting.cand_path ? "the parcels layer is empty"
                                                        : "no block lacks a place or a near "
                                                          "school: nothing to site for");
    if (!rc)
        rc = make_options(st);
    if (!rc)
        rc = siting_dist(st);
    if (!rc)
        zp_progress("siting: %zu candidate sites x %zu designs", st->ncand,
                    st->run->sc->siting.ndesigns);
    if (!rc)
        rc = zp_siting_search(st);
    if (!rc && !st->skip_bound)
        rc = zp_siting_bound(st);
    st->seconds += zp_seconds() - t0;
    return rc;
}

int zp_siting_today(zp_siting *st)
{
    int rc = zp_run_solve(st->run);
    return rc ? rc : siting_dist(st);
}

int zp_siting_run(const char *scenario_path, zp_siting **out)
{
    int rc = zp_siting_load(scenario_path, out);
    if (!rc && (rc = zp_siting_solve(*out))) {
        zp_siting_free(*out);
        *out = NULL;
    }
    return rc;
}

void zp_siting_set_lang(zp_siting *st, zp_lang lang)
{
    st->run->sc->lang = lang;
}

void zp_siting_free(zp_siting *st)
{
    if (!st)
        return;
    zp_dist_free(st->dist);
    free(st->cand_m);
    zp_run_free(st->run);
    for (size_t c = 0; c < st->ncand; c++) {
        free(st->cand_id[c]);
        free(st->cand_name[c]);
    }
    free(st->cand_id);
    free(st->cand_name);
    free(st->cand_cost);
    free(st->cx);
    free(st->cy);
    free(st->opt);
    free(st->chosen);
    free(st->closed);
    free(st->close_lost);
    free(st->step);
    for (int l = 0; l < ZP_NLEVELS; l++)
        free(st->served[l]);
    free(st);
}
