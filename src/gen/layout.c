/* Layout of the synthetic district: towns, settlement clusters, the river and the seed
 * points whose Voronoi cells become blocks.
 *
 * A default district (15 x 12 km, 2,000 blocks) is one "unit": a dense old town beside
 * the river, three or four new estates and an industrial park around it, villages and
 * scattered hamlets in the countryside. Larger runs tile the (grown) extent with units
 * so density stays plausible. Seeds keep a minimum spacing per settlement kind (so cells
 * are not slivers), never fall in the river, and are finally sorted along a Hilbert curve
 * so block numbers follow space. */
#include <stdlib.h>
#include <string.h>

#include "zoneplan/errors.h"
#include "gen_internal.h"

#define DEFAULT_AREA (GEN_DEFAULT_WIDTH_KM * GEN_DEFAULT_HEIGHT_KM * 1e6)
#define OLD_SHARE 0.44
#define ESTATE_SHARE 0.24
#define INDUSTRY_SHARE 0.05
#define VILLAGE_SHARE 0.14
#define VILLAGE_SIZE 5 /* mean seeds per village */
#define TRIES_PER_RELAX 50
#define TRIES_PER_CLUSTER 1500

/* minimum seed spacing per kind at the default density, metres */
static const double kind_spacing[KIND_COUNT] = {45, 70, 120, 55, 260};

static int layout_units(gen_world *w)
{
    double k = (double)w->opt->blocks / GEN_DEFAULT_BLOCKS;
    w->gx = w->gy = 1;
    if (k >= 1.5) {
        double aspect = (w->w / w->h) / (GEN_DEFAULT_WIDTH_KM / GEN_DEFAULT_HEIGHT_KM);
        w->gx = (int)fmax(1, round(sqrt(k * aspect)));
        w->gy = (int)fmax(1, round(k / w->gx));
    }
    w->nunits = w->gx * w->gy;
    w->units = calloc((size_t)w->nunits, sizeof *w->units);
    if (!w->units)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory for %d towns", w->nunits);
    double uw = w->w / w->gx, uh = w->h / w->gy, best = HUGE_VAL;
    int left = w->opt->blocks;
    for (int u = 0; u < w->nunits; u++) {
        gen_unit *t = &w->units[u];
        t->x0 = -w->w / 2 + (u % w->gx) * uw;
        t->y0 = -w->h / 2 + (u / w->gx) * uh;
        t->x1 = t->x0 + uw;
        t->y1 = t->y0 + uh;
        t->blocks = left / (w->nunits - u);
        left -= t->blocks;
        t->g = sqrt(uw * uh / DEFAULT_AREA);
        t->sp = sqrt((uw * uh / t->blocks) / (DEFAULT_AREA / GEN_DEFAULT_BLOCKS));
        double mx = (t->x0 + t->x1) / 2, my = (t->y0 + t->y1) / 2;
        if (mx * mx + my * my < best) {
            best = mx * mx + my * my;
            w->seat_unit = u;
        }
    }
    return ZP_OK;
}

double gen_river_y(const gen_world *w, double x)
{
    double y = w->river_y0 + w->river_slope * x;
    for (int i = 0; i < 3; i++)
        y += w->river_a[i] * sin(2 * M_PI * x / w->river_l[i] + w->river_p[i]);
    return y;
}

static int layout_river(gen_world *w, gen_rng *r)
{
    GEOSContextHandle_t ctx = w->geos;
    w->river_half = gen_range(r, 30, 50);
    w->river_y0 = gen_range(r, -0.08, 0.08) * w->h;
    w->river_slope = gen_range(r, -0.08, 0.08);
    w->river_a[0] = (w->nunits > 1 ? 0.12 : 0.035) * w->h;
    w->river_l[0] = w->w * gen_range(r, 0.9, 1.3);
    w->river_a[1] = gen_range(r, 500, 800);
    w->river_l[1] = gen_range(r, 6000, 9000);
    w->river_a[2] = gen_range(r, 120, 220);
    w->river_l[2] = gen_range(r, 1800, 2600);
    for (int i = 0; i < 3; i++)
        w->river_p[i] = gen_range(r, 0, 2 * M_PI);
    w->river_name = gen_int(r, 1 << 20);

    double x0 = -w->w / 2 - 500, step = 20;
    size_t n = (size_t)((w->w + 1000) / step) + 1;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return zp_error_set(ZP_ENOMEM, "gen: out of memory for the river");
    }
    for (size_t i = 0; i < n; i++) {
        x[i] = x0 + step * i;
        y[i] = gen_river_y(w, x[i]);
    }
    GEOSCoordSequence *seq = GEOSCoordSeq_copyFromArrays_r(ctx, x, y, NULL, NULL, (unsigned)n);
    free(x);
    free(y);
    GEOSGeometry *line = seq ? GEOSGeom_createLineString_r(ctx, seq) : NULL;
    GEOSGeometry *band = line ? GEOSBufferWithStyle_r(ctx, line, w->river_half, 8, GEOSBUF_CAP_FLAT,
                                                      GEOSBUF_JOIN_ROUND, 5.0)
                              : NULL;
    GEOSGeom_destroy_r(ctx, line);
    w->river = band ? GEOSIntersectionPrec_r(ctx, band, w->rect, GEN_GRID_SIZE) : NULL;
    GEOSGeom_destroy_r(ctx, band);
    w->river_prep = w->river ? GEOSPrepare_r(ctx, w->river) : NULL;
    if (!w->river_prep)
        return zp_error_set(ZP_ERROR, "gen: GEOS could not build the river band");
    return ZP_OK;
}

static int add_cluster(gen_world *w, int *cap, gen_cluster c)
{
    if (w->nclusters == *cap) {
        int ncap = *cap ? *cap * 2 : 256;
        gen_cluster *nc = realloc(w->clusters, (size_t)ncap * sizeof *nc);
        if (!nc)
            return zp_error_set(ZP_ENOMEM, "gen: out of memory for settlement clusters");
        w->clusters = nc;
        *cap = ncap;
    }
    w->clusters[w->nclusters++] = c;
    return ZP_OK;
}

static double clampd(double v, double lo, double hi)
{
    return lo > hi ? (lo + hi) / 2 : v < lo ? lo : v > hi ? hi : v;
}

/* Centre of the unit's old town: beside the river for the county seat. */
static void old_town_centre(const gen_world *w, int u, gen_rng *r, double *x, double *y)
{
    const gen_unit *t = &w->units[u];
    double mx = (t->x0 + t->x1) / 2, my = (t->y0 + t->y1) / 2, m = 2500 * t->g;
    *x = mx + gen_range(r, -0.2, 0.2) * (t->x1 - t->x0);
    *y = my + gen_range(r, -0.2, 0.2) * (t->y1 - t->y0);
    if (u == w->seat_unit) {
        *x = mx + gen_range(r, -1500, 1500) * t->g;
        *y = gen_river_y(w, *x) + (gen_unif(r) < 0.5 ? -1 : 1) * gen_range(r, 500, 900) * t->g;
    }
    *x = clampd(*x, t->x0 + m, t->x1 - m);
    *y = clampd(*y, t->y0 + m, t->y1 - m);
}

/* Old town, estates and the industrial park of one unit; returns the seeds planned. */
static int urban_clusters(gen_world *w, int u, gen_rng *r, int *cap, int *planned)
{
    gen_unit *t = &w->units[u];
    double g = t->g, ox, oy;
    old_town_centre(w, u, r, &ox, &oy);
    gen_cluster c = {.kind = KIND_OLD, .unit = u, .x = ox, .y = oy, .aspect = 1};
    c.r = 2000 * g * gen_range(r, 0.9, 1.1);
    c.budget = (int)(OLD_SHARE * t->blocks);
    t->old_cluster = w->nclusters;
    int rc = add_cluster(w, cap, c), nest = 3 + (gen_unif(r) < 0.5);
    *planned = c.budget;
    double theta0 = gen_range(r, 0, 2 * M_PI), rad[5], sum2 = 0;
    for (int i = 0; i <= nest; i++) {
        rad[i] = (i < nest ? gen_range(r, 900, 1250) : gen_range(r, 800, 1100)) * g;
        sum2 += i < nest ? rad[i] * rad[i] : 0;
    }
    for (int i = 0; i <= nest && rc == ZP_OK; i++) {
        int industry = (i == nest);
        double th = theta0 + (i + industry * 0.5) * 2 * M_PI / nest + gen_range(r, -0.35, 0.35);
        double d = (industry ? gen_range(r, 3500, 5000) : gen_range(r, 2800, 4500)) * g;
        gen_cluster e = {.kind = industry ? KIND_INDUSTRY : KIND_ESTATE, .unit = u, .r = rad[i]};
        e.x = clampd(ox + d * cos(th), t->x0 + e.r, t->x1 - e.r);
        e.y = clampd(oy + d * sin(th), t->y0 + e.r, t->y1 - e.r);
        e.aspect = industry ? 0.6 : gen_range(r, 0.7, 1.0);
        e.angle = gen_range(r, 0, M_PI);
        e.budget = (int)(industry ? INDUSTRY_SHARE * t->blocks
                                  : ESTATE_SHARE * t->blocks * rad[i] * rad[i] / sum2);
        *planned += e.budget;
        rc = add_cluster(w, cap, e);
    }
    return rc;
}

/* Whether (x, y) is clear of the unit's urban clusters by `gap` metres. */
static int outside_urban(const gen_world *w, int first, int last, double x, double y, double gap)
{
    for (int i = first; i < last; i++) {
        const gen_cluster *c = &w->clusters[i];
        if (c->kind > KIND_INDUSTRY)
            continue;
        double dx = x - c->x, dy = y - c->y, rr = c->r + gap;
        if (dx * dx + dy * dy < rr * rr)
            return 0;
    }
    return 1;
}

static int in_river(const gen_world *w, double x, double y)
{
    GEOSGeometry *p = GEOSGeom_createPointFromXY_r(w->geos, x, y);
    int in = p && GEOSPreparedIntersects_r(w->geos, w->river_prep, p) == 1;
    GEOSGeom_destroy_r(w->geos, p);
    return in;
}

static int village_clusters(gen_world *w, int u, int first, gen_rng *r, int *cap, int *planned)
{
    gen_unit *t = &w->units[u];
    int want = (int)round(VILLAGE_SHARE * t->blocks / VILLAGE_SIZE), got = 0, rc = ZP_OK;
    int vfirst = w->nclusters, left = (int)(VILLAGE_SHARE * t->blocks);
    for (int tries = 0; got < want && left >= 3 && tries < want * 200 && rc == ZP_OK; tries++) {
        gen_cluster v = {.kind = KIND_VILLAGE, .unit = u, .aspect = 1};
        v.x = gen_range(r, t->x0 + 200 * t->g, t->x1 - 200 * t->g);
        v.y = gen_range(r, t->y0 + 200 * t->g, t->y1 - 200 * t->g);
        if (!outside_urban(w, first, w->nclusters, v.x, v.y, 600 * t->g) || in_river(w, v.x, v.y))
            continue;
        int clear = 1;
        for (int i = vfirst; i < w->nclusters && clear; i++) {
            double dx = v.x - w->clusters[i].x, dy = v.y - w->clusters[i].y;
            clear = dx * dx + dy * dy >= 700 * 700 * t->g * t->g;
        }
        if (!clear)
            continue;
        v.r = 110 * t->g;
        v.budget = 3 + gen_int(r, 2 * VILLAGE_SIZE - 5);
        if (v.budget > left)
            v.budget = left;
        left -= v.budget;
        *planned += v.budget;
        got++;
        rc = add_cluster(w, cap, v);
    }
    return rc;
}

static int layout_clusters(gen_world *w, gen_rng *r)
{
    int cap = 0, rc = ZP_OK;
    for (int u = 0; u < w->nunits && rc == ZP_OK; u++) {
        int first = w->nclusters, urban = 0, rural = 0;
        gen_unit *t = &w->units[u];
        t->cfirst = first;
        rc = urban_clusters(w, u, r, &cap, &urban);
        if (rc == ZP_OK)
            rc = village_clusters(w, u, first, r, &cap, &rural);
        gen_cluster c = {.kind = KIND_RURAL, .unit = u, .aspect = 1};
        c.x = (t->x0 + t->x1) / 2;
        c.y = (t->y0 + t->y1) / 2;
        c.budget = t->blocks - urban - rural;
        if (c.budget < 0) { /* tiny runs: trim the old town */
            w->clusters[t->old_cluster].budget += c.budget;
            c.budget = 0;
        }
        if (rc == ZP_OK)
            rc = add_cluster(w, &cap, c);
        t->clast = w->nclusters;
    }
    return rc;
}

static void sample_point(const gen_world *w, const gen_cluster *c, gen_rng *r, double *x, double *y)
{
    const gen_unit *t = &w->units[c->unit];
    double d, a = gen_range(r, 0, 2 * M_PI), px, py;
    switch (c->kind) {
    case KIND_OLD: /* denser towards the centre */
        d = c->r * pow(gen_unif(r), 0.6);
        px = d * cos(a);
        py = d * sin(a);
        break;
    case KIND_ESTATE:
    case KIND_INDUSTRY: {
        d = c->r * sqrt(gen_unif(r));
        double ex = d * cos(a), ey = d * sin(a) * c->aspect;
        px = ex * cos(c->angle) - ey * sin(c->angle);
        py = ex * sin(c->angle) + ey * cos(c->angle);
        break;
    }
    case KIND_VILLAGE:
        px = c->r * gen_normal(r);
        py = c->r * gen_normal(r);
        break;
    default:
        *x = gen_range(r, t->x0, t->x1);
        *y = gen_range(r, t->y0, t->y1);
        return;
    }
    *x = c->x + px;
    *y = c->y + py;
}

static int seed_ok(const gen_world *w, const gen_cluster *c, double x, double y, double spacing)
{
    if (fabs(x) > w->w / 2 - 1 || fabs(y) > w->h / 2 - 1)
        return 0;
    const gen_unit *t = &w->units[c->unit];
    if (c->kind == KIND_RURAL && !outside_urban(w, t->cfirst, t->clast, x, y, 0))
        return 0;
    if (gen_grid_any_within(&w->sgrid, x, y, spacing < 0.01 ? 0.01 : spacing))
        return 0;
    return !in_river(w, x, y);
}

static void add_seed(gen_world *w, int cluster, double x, double y)
{
    size_t i = w->nseeds++;
    w->sx[i] = x;
    w->sy[i] = y;
    w->scluster[i] = cluster;
    w->skind[i] = (uint8_t)w->clusters[cluster].kind;
    gen_grid_insert(&w->sgrid, (int32_t)i);
}

static double snap(double v)
{
    return round(v / GEN_GRID_SIZE) * GEN_GRID_SIZE;
}

/* One seed of cluster ci, relaxing the spacing while it does not fit; 0 when it gave up. */
static int place_one(gen_world *w, int ci, gen_rng *r, int max_tries)
{
    const gen_cluster *c = &w->clusters[ci];
    double spacing = kind_spacing[c->kind] * w->units[c->unit].sp, x, y;
    for (int tries = 0; tries < max_tries; tries++) {
        if (tries && tries % TRIES_PER_RELAX == 0)
            spacing *= 0.75;
        sample_point(w, c, r, &x, &y);
        x = snap(x);
        y = snap(y);
        if (seed_ok(w, c, x, y, spacing)) {
            add_seed(w, ci, x, y);
            return 1;
        }
    }
    return 0;
}

static int rural_cluster_at(const gen_world *w, double x, double y)
{
    int i = (int)((x + w->w / 2) / (w->w / w->gx)), j = (int)((y + w->h / 2) / (w->h / w->gy));
    i = i < 0 ? 0 : i >= w->gx ? w->gx - 1 : i;
    j = j < 0 ? 0 : j >= w->gy ? w->gy - 1 : j;
    return w->units[j * w->gx + i].clast - 1;
}

static int layout_seeds(gen_world *w, gen_rng *r)
{
    size_t n = (size_t)w->opt->blocks;
    int overflow = 0;
    w->sx = malloc(n * sizeof *w->sx);
    w->sy = malloc(n * sizeof *w->sy);
    w->scluster = malloc(n * sizeof *w->scluster);
    w->skind = malloc(n);
    if (!w->sx || !w->sy || !w->scluster || !w->skind)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory for %zu seed points", n);
    int rc = gen_grid_init(&w->sgrid, -w->w / 2, -w->h / 2, w->w / 2, w->h / 2, n, n, w->sx, w->sy);
    for (int ci = 0; ci < w->nclusters && rc == ZP_OK; ci++)
        for (int k = 0; k < w->clusters[ci].budget; k++)
            if (!place_one(w, ci, r, TRIES_PER_CLUSTER)) {
                overflow += w->clusters[ci].budget - k;
                break;
            }
    /* seeds that found no room in their cluster go anywhere in the countryside */
    for (int k = 0; k < overflow && rc == ZP_OK; k++) {
        double x = gen_range(r, -w->w / 2, w->w / 2), y = gen_range(r, -w->h / 2, w->h / 2);
        int ci = rural_cluster_at(w, x, y);
        if (!place_one(w, ci, r, 1000000))
            rc = zp_error_set(ZP_ERROR, "gen: no room for seed point %zu", w->nseeds);
    }
    return rc;
}

typedef struct seed_key {
    uint32_t key;
    int32_t idx;
} seed_key;

static int cmp_key(const void *a, const void *b)
{
    const seed_key *p = a, *q = b;
    if (p->key != q->key)
        return p->key < q->key ? -1 : 1;
    return (p->idx > q->idx) - (p->idx < q->idx);
}

/* Reorder the seeds along a Hilbert curve and rebuild their grid. */
static int sort_seeds(gen_world *w)
{
    size_t n = w->nseeds;
    seed_key *k = malloc(n * sizeof *k);
    double *t = malloc(n * sizeof *t);
    int32_t *c = malloc(n * sizeof *c);
    if (!k || !t || !c) {
        free(k);
        free(t);
        free(c);
        return zp_error_set(ZP_ENOMEM, "gen: out of memory sorting seed points");
    }
    double size = fmax(w->w, w->h);
    for (size_t i = 0; i < n; i++)
        k[i] = (seed_key){gen_hilbert(w->sx[i], w->sy[i], -w->w / 2, -w->h / 2, size), (int32_t)i};
    qsort(k, n, sizeof *k, cmp_key);
    for (size_t i = 0; i < n; i++)
        t[i] = w->sx[k[i].idx];
    memcpy(w->sx, t, n * sizeof *t);
    for (size_t i = 0; i < n; i++)
        t[i] = w->sy[k[i].idx];
    memcpy(w->sy, t, n * sizeof *t);
    for (size_t i = 0; i < n; i++)
        c[i] = w->scluster[k[i].idx];
    memcpy(w->scluster, c, n * sizeof *c);
    for (size_t i = 0; i < n; i++)
        w->skind[i] = (uint8_t)w->clusters[w->scluster[i]].kind;
    for (size_t i = 0; i < (size_t)w->sgrid.nx * w->sgrid.ny; i++)
        w->sgrid.head[i] = -1;
    for (size_t i = n; i-- > 0;) /* lists end up in ascending index order */
        gen_grid_insert(&w->sgrid, (int32_t)i);
    free(k);
    free(t);
    free(c);
    return ZP_OK;
}

int gen_layout(gen_world *w)
{
    gen_rng r;
    gen_rng_seed(&r, w->opt->seed, RNG_LAYOUT);
    w->rect = GEOSGeom_createRectangle_r(w->geos, -w->w / 2, -w->h / 2, w->w / 2, w->h / 2);
    if (!w->rect)
        return zp_error_set(ZP_ERROR, "gen: GEOS could not build the district rectangle");
    int rc = layout_units(w);
    if (rc == ZP_OK)
        rc = layout_river(w, &r);
    if (rc == ZP_OK)
        rc = layout_clusters(w, &r);
    if (rc != ZP_OK)
        return rc;
    zp_progress("gen: %d towns, %d settlement clusters, placing %d seed points", w->nunits,
                w->nclusters, w->opt->blocks);
    gen_rng_seed(&r, w->opt->seed, RNG_SEEDS);
    rc = layout_seeds(w, &r);
    return rc == ZP_OK ? sort_seeds(w) : rc;
}

void gen_layout_free(gen_world *w)
{
    if (w->river_prep)
        GEOSPreparedGeom_destroy_r(w->geos, w->river_prep);
    GEOSGeom_destroy_r(w->geos, w->river);
    GEOSGeom_destroy_r(w->geos, w->rect);
    gen_grid_free(&w->sgrid);
    free(w->units);
    free(w->clusters);
    free(w->sx);
    free(w->sy);
    free(w->scluster);
    free(w->skind);
    w->river_prep = NULL;
    w->river = w->rect = NULL;
    w->units = NULL;
    w->clusters = NULL;
    w->sx = w->sy = NULL;
    w->scluster = NULL;
    w->skind = NULL;
}
