/* Blocks as Voronoi cells (GEOS): clipped to the district, cut by the river, streamed
 * to blocks.shp as they are made.
 *
 * Small runs take one Voronoi diagram of all seeds. Large runs cut the district into
 * tiles of about TILE_SEEDS seeds; each tile's diagram also sees the seeds within a
 * margin around it and keeps only the cells of its own seeds. A kept cell is provably
 * the cell of the full diagram when every vertex is closer to its seed than to any
 * seed the tile did not see; otherwise the tile is redone with twice the margin. Every
 * vertex lands on a 1 mm grid (rounded by GEOS, or snap-rounded by the overlay where a
 * cell is clipped or cut), so neighbours share identical vertices and the blocks form a
 * coverage. */
#include <stdlib.h>
#include <string.h>

#include "zoneplan/errors.h"
#include "gen_internal.h"

#define TILE_SEEDS 20000 /* seeds per Voronoi tile */
#define ONE_TILE_MAX 40000
#define MIN_BLOCK_AREA 50.0 /* m2: smaller scraps beside the river are dropped */
#define MIN_PART_SHARE 0.02 /* parts under this share of the largest part are dropped */
#define EXACT_SLACK 1.0     /* metres of safety in the tile check */

typedef struct tile_job {
    gen_world *w;
    int tile, tx, ty;
    double tw, th;
    double bx0, by0, bx1, by1; /* seeds seen: the tile plus its margin, inside the district */
    int32_t *pts;
    size_t npts, cappts;
    int32_t *seed; /* results */
    GEOSGeometry **geom;
    size_t nres, capres;
    int failed; /* a kept cell was not provably exact */
} tile_job;

static int tile_of(const tile_job *j, double x, double y)
{
    const gen_world *w = j->w;
    int i = (int)((x + w->w / 2) / j->tw), k = (int)((y + w->h / 2) / j->th);
    i = i < 0 ? 0 : i >= j->tx ? j->tx - 1 : i;
    k = k < 0 ? 0 : k >= j->ty ? j->ty - 1 : k;
    return k * j->tx + i;
}

static int in_box(void *ctx, int32_t i)
{
    const tile_job *j = ctx;
    double x = j->w->sx[i], y = j->w->sy[i];
    return x >= j->bx0 && x <= j->bx1 && y >= j->by0 && y <= j->by1;
}

static void collect(void *ctx, int32_t i)
{
    tile_job *j = ctx;
    if (!in_box(j, i) || j->npts == (size_t)-1)
        return;
    if (j->npts == j->cappts) {
        size_t cap = j->cappts ? j->cappts * 2 : 4096;
        int32_t *p = realloc(j->pts, cap * sizeof *p);
        if (!p) {
            j->npts = (size_t)-1; /* reported by the caller */
            return;
        }
        j->pts = p;
        j->cappts = cap;
    }
    j->pts[j->npts++] = i;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t p = *(const int32_t *)a, q = *(const int32_t *)b;
    return (p > q) - (p < q);
}

static void free_results(tile_job *j)
{
    for (size_t i = 0; i < j->nres; i++)
        GEOSGeom_destroy_r(j->w->geos, j->geom[i]);
    j->nres = 0;
}

static int add_result(tile_job *j, int32_t seed, GEOSGeometry *g)
{
    if (j->nres == j->capres) {
        size_t cap = j->capres ? j->capres * 2 : 1024;
        int32_t *s = realloc(j->seed, cap * sizeof *s);
        if (s)
            j->seed = s;
        GEOSGeometry **gg = s ? realloc(j->geom, cap * sizeof *gg) : NULL;
        if (!gg) {
            GEOSGeom_destroy_r(j->w->geos, g);
            return zp_error_set(ZP_ENOMEM, "gen: out of memory for block cells");
        }
        j->geom = gg;
        j->capres = cap;
    }
    j->seed[j->nres] = seed;
    j->geom[j->nres++] = g;
    return ZP_OK;
}

/* Whether the clipped cell of seed s is certainly the cell of the full diagram. */
static int cell_exact(const tile_job *j, const GEOSGeometry *cell, int32_t s)
{
    const gen_world *w = j->w;
    GEOSContextHandle_t ctx = w->geos;
    if (GEOSGeomTypeId_r(ctx, cell) != GEOS_POLYGON)
        return 0;
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(ctx, GEOSGetExteriorRing_r(ctx, cell));
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(ctx, seq, &n))
        return 0;
    int lx = j->bx0 > -w->w / 2, hx = j->bx1 < w->w / 2;
    int ly = j->by0 > -w->h / 2, hy = j->by1 < w->h / 2;
    for (unsigned i = 0; i < n; i++) {
        double x, y, out = HUGE_VAL;
        GEOSCoordSeq_getXY_r(ctx, seq, i, &x, &y);
        /* unseen seeds lie beyond the box sides that are inside the district */
        if (lx)
            out = fmin(out, x - j->bx0);
        if (hx)
            out = fmin(out, j->bx1 - x);
        if (ly)
            out = fmin(out, y - j->by0);
        if (hy)
            out = fmin(out, j->by1 - y);
        if (out == HUGE_VAL)
            continue;
        double dx = x - w->sx[s], dy = y - w->sy[s];
        if (sqrt(dx * dx + dy * dy) >= out - EXACT_SLACK)
            return 0;
    }
    return 1;
}

/* Keep the polygonal parts of g worth a block; NULL when nothing is left. Takes g. */
static GEOSGeometry *keep_parts(GEOSContextHandle_t ctx, GEOSGeometry *g)
{
    int n = GEOSGetNumGeometries_r(ctx, g), nkeep = 0;
    double total = 0, largest = 0, a;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(ctx, g, i);
        if (GEOSGeomTypeId_r(ctx, p) == GEOS_POLYGON && GEOSArea_r(ctx, p, &a))
            largest = fmax(largest, a);
    }
    GEOSGeometry **keep = malloc((n > 0 ? n : 1) * sizeof *keep);
    for (int i = 0; keep && i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(ctx, g, i);
        if (GEOSGeomTypeId_r(ctx, p) != GEOS_POLYGON || !GEOSArea_r(ctx, p, &a) ||
            a < MIN_PART_SHARE * largest || a <= 0)
            continue;
        keep[nkeep++] = GEOSGeom_clone_r(ctx, p);
        total += a;
    }
    GEOSGeom_destroy_r(ctx, g);
    GEOSGeometry *out = NULL;
    if (keep && nkeep == 1)
        out = keep[0];
    else if (keep && nkeep > 1)
        out = GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, keep, (unsigned)nkeep);
    if (out && total < MIN_BLOCK_AREA) {
        GEOSGeom_destroy_r(ctx, out);
        out = NULL;
    }
    free(keep);
    return out;
}

/* The side of the river a polygon lies on (its point on the surface): 1 north, 0 south, -1
 * when GEOS fails. */
static int bank_of(gen_world *w, const GEOSGeometry *p)
{
    GEOSGeometry *pt = GEOSPointOnSurface_r(w->geos, p);
    double x, y;
    int ok = pt && GEOSGeomGetX_r(w->geos, pt, &x) && GEOSGeomGetY_r(w->geos, pt, &y);
    if (pt)
        GEOSGeom_destroy_r(w->geos, pt);
    return ok ? y > gen_river_y(w, x) : -1;
}

/* The parts of g on its largest part's bank of the river, as a new geometry: a block never
 * spans the river (a scrap on the far bank would join the block graph across the water).
 * NULL when GEOS fails. */
static GEOSGeometry *one_bank(gen_world *w, const GEOSGeometry *g)
{
    GEOSContextHandle_t ctx = w->geos;
    int n = GEOSGetNumGeometries_r(ctx, g), nkeep = 0, big = 0;
    if (n <= 1)
        return GEOSGeom_clone_r(ctx, g);
    double a, most = -1;
    for (int i = 0; i < n; i++)
        if (GEOSArea_r(ctx, GEOSGetGeometryN_r(ctx, g, i), &a) && a > most) {
            most = a;
            big = i;
        }
    int side = bank_of(w, GEOSGetGeometryN_r(ctx, g, big));
    GEOSGeometry **keep = malloc(sizeof *keep * (size_t)n);
    for (int i = 0; keep && side >= 0 && i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(ctx, g, i);
        if (i == big || bank_of(w, p) == side)
            keep[nkeep++] = GEOSGeom_clone_r(ctx, p);
    }
    GEOSGeometry *out =
        !keep || !nkeep ? NULL
        : nkeep == 1    ? keep[0]
                     : GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, keep, (unsigned)nkeep);
    free(keep);
    return out;
}

/* Cut the river out of a clipped cell and tidy it; NULL when no block remains. Takes g. */
static GEOSGeometry *finish_cell(gen_world *w, GEOSGeometry *g, int32_t seed)
{
    GEOSContextHandle_t ctx = w->geos;
    if (GEOSPreparedIntersects_r(ctx, w->river_prep, g) == 1) {
        if (GEOSPreparedContains_r(ctx, w->river_prep, g) == 1) {
            GEOSGeom_destroy_r(ctx, g);
            return NULL;
        }
        GEOSGeometry *d = GEOSDifferencePrec_r(ctx, g, w->river, GEN_GRID_SIZE);
        GEOSGeom_destroy_r(ctx, g);
        g = d;
    }
    if (!g)
        return NULL;
    g = keep_parts(ctx, g);
    if (g && GEOSisValid_r(ctx, g) != 1) {
        GEOSGeometry *v = GEOSMakeValid_r(ctx, g);
        GEOSGeom_destroy_r(ctx, g);
        g = v ? keep_parts(ctx, v) : NULL;
        if (g && GEOSisValid_r(ctx, g) != 1) {
            zp_warn("gen: dropped the cell of seed %d: no valid polygon", (int)seed);
            GEOSGeom_destroy_r(ctx, g);
            g = NULL;
        }
    }
    return g;
}

/* The cell on the 1 mm grid, clipped to the district. Cells well inside only need their
 * vertices rounded; the snap-rounding overlay is kept for cells on the district edge. */
static GEOSGeometry *snap_cell(const gen_world *w, const GEOSGeometry *cell)
{
    GEOSContextHandle_t ctx = w->geos;
    double x0, y0, x1, y1;
    if (GEOSGeom_getExtent_r(ctx, cell, &x0, &y0, &x1, &y1) && x0 > -w->w / 2 && x1 < w->w / 2 &&
        y0 > -w->h / 2 && y1 < w->h / 2)
        return GEOSGeom_setPrecision_r(ctx, cell, GEN_GRID_SIZE, GEOS_PREC_NO_TOPO);
    return GEOSIntersectionPrec_r(ctx, cell, w->rect, GEN_GRID_SIZE);
}

static int process_cell(tile_job *j, const GEOSGeometry *cell)
{
    gen_world *w = j->w;
    GEOSContextHandle_t ctx = w->geos;
    double x, y, d2;
    int32_t s;
    GEOSGeometry *c = GEOSGetCentroid_r(ctx, cell);
    int ok = c && GEOSGeomGetX_r(ctx, c, &x) && GEOSGeomGetY_r(ctx, c, &y);
    GEOSGeom_destroy_r(ctx, c);
    /* every point of a Voronoi cell is nearest to the cell's own seed */
    if (!ok || gen_grid_nearest(&w->sgrid, x, y, 1, in_box, j, &s, &d2) != 1)
        return ZP_OK;
    if (tile_of(j, w->sx[s], w->sy[s]) != j->tile)
        return ZP_OK;
    GEOSGeometry *g = snap_cell(w, cell);
    if (!g)
        return zp_error_set(ZP_ERROR, "gen: GEOS failed to clip the cell of seed %d", (int)s);
    if (GEOSisEmpty_r(ctx, g) || !cell_exact(j, g, s)) {
        j->failed |= !GEOSisEmpty_r(ctx, g);
        GEOSGeom_destroy_r(ctx, g);
        return ZP_OK;
    }
    g = finish_cell(w, g, s);
    return g ? add_result(j, s, g) : ZP_OK;
}

static GEOSGeometry *seed_multipoint(tile_job *j)
{
    GEOSContextHandle_t ctx = j->w->geos;
    GEOSGeometry **pts = malloc(j->npts * sizeof *pts);
    if (!pts)
        return NULL;
    for (size_t i = 0; i < j->npts; i++) {
        pts[i] = GEOSGeom_createPointFromXY_r(ctx, j->w->sx[j->pts[i]], j->w->sy[j->pts[i]]);
        if (!pts[i]) {
            while (i-- > 0)
                GEOSGeom_destroy_r(ctx, pts[i]);
            free(pts);
            return NULL;
        }
    }
    GEOSGeometry *mp = GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOINT, pts, (unsigned)j->npts);
    free(pts);
    return mp;
}

/* One Voronoi diagram over the seeds the tile sees; keeps the cells of its own seeds. */
static int tile_diagram(tile_job *j)
{
    gen_world *w = j->w;
    GEOSContextHandle_t ctx = w->geos;
    j->npts = 0;
    gen_grid_visit_box(&w->sgrid, j->bx0, j->by0, j->bx1, j->by1, collect, j);
    if (j->npts == (size_t)-1)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory collecting tile seeds");
    if (j->npts == 0)
        return ZP_OK;
    qsort(j->pts, j->npts, sizeof *j->pts, cmp_i32);
    GEOSGeometry *mp = seed_multipoint(j);
    GEOSGeometry *env =
        GEOSGeom_createRectangle_r(ctx, j->bx0 - 100, j->by0 - 100, j->bx1 + 100, j->by1 + 100);
    GEOSGeometry *vor = mp && env ? GEOSVoronoiDiagram_r(ctx, mp, env, 0.0, 0) : NULL;
    GEOSGeom_destroy_r(ctx, mp);
    GEOSGeom_destroy_r(ctx, env);
    if (!vor)
        return zp_error_set(ZP_ERROR, "gen: GEOS Voronoi diagram failed on %zu seeds", j->npts);
    int rc = ZP_OK, n = GEOSGetNumGeometries_r(ctx, vor);
    for (int i = 0; i < n && rc == ZP_OK && !j->failed; i++)
        rc = process_cell(j, GEOSGetGeometryN_r(ctx, vor, i));
    GEOSGeom_destroy_r(ctx, vor);
    return rc;
}

static int run_tile(tile_job *j, double margin)
{
    gen_world *w = j->w;
    int i = j->tile % j->tx, k = j->tile / j->tx;
    for (;;) {
        j->bx0 = fmax(-w->w / 2, -w->w / 2 + i * j->tw - margin);
        j->bx1 = fmin(w->w / 2, -w->w / 2 + (i + 1) * j->tw + margin);
        j->by0 = fmax(-w->h / 2, -w->h / 2 + k * j->th - margin);
        j->by1 = fmin(w->h / 2, -w->h / 2 + (k + 1) * j->th + margin);
        free_results(j);
        j->failed = 0;
        int rc = tile_diagram(j);
        if (rc != ZP_OK || !j->failed)
            return rc;
        margin *= 2; /* some cell may reach seeds the tile did not see */
    }
}

static int rep_point(GEOSContextHandle_t ctx, const GEOSGeometry *g, double *x, double *y)
{
    GEOSGeometry *p = GEOSGetCentroid_r(ctx, g);
    if (p && GEOSContains_r(ctx, g, p) != 1) {
        GEOSGeom_destroy_r(ctx, p);
        p = GEOSPointOnSurface_r(ctx, g);
    }
    int ok = p && GEOSGeomGetX_r(ctx, p, x) && GEOSGeomGetY_r(ctx, p, y);
    GEOSGeom_destroy_r(ctx, p);
    return ok;
}

typedef struct result_order {
    int32_t seed;
    size_t i;
} result_order;

static int cmp_result(const void *a, const void *b)
{
    int32_t p = ((const result_order *)a)->seed, q = ((const result_order *)b)->seed;
    return (p > q) - (p < q);
}

/* Write the tile's blocks in seed order and record their attributes. A block is written on
 * one bank of the river only; its people and the school sites are drawn from its whole cell
 * (area and representative point before the far-bank scrap goes), so dropping the scraps
 * left every block's attributes as they were. */
static int emit_tile(tile_job *j, SHPHandle shp)
{
    gen_world *w = j->w;
    result_order *order = malloc((j->nres ? j->nres : 1) * sizeof *order);
    if (!order)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory ordering blocks");
    for (size_t i = 0; i < j->nres; i++)
        order[i] = (result_order){j->seed[i], i};
    qsort(order, j->nres, sizeof *order, cmp_result);
    int rc = ZP_OK;
    for (size_t k = 0; k < j->nres && rc == ZP_OK; k++) {
        const GEOSGeometry *g = j->geom[order[k].i];
        size_t b = w->nb;
        GEOSGeometry *bank = NULL;
        if (!rep_point(w->geos, g, &w->bx[b], &w->by[b]) || !GEOSArea_r(w->geos, g, &w->barea[b]) ||
            !(bank = one_bank(w, g)))
            rc = zp_error_set(ZP_ERROR, "gen: GEOS failed on block %zu", b + 1);
        else if ((rc = gen_write_polygon(w, shp, bank, "blocks.shp")) == ZP_OK &&
                 (rc = gen_roads_add(w, bank, w->skind[order[k].seed])) == ZP_OK)
            w->bseed[w->nb++] = order[k].seed;
        if (bank)
            GEOSGeom_destroy_r(w->geos, bank);
    }
    free(order);
    return rc;
}

int gen_cells(gen_world *w, SHPHandle shp)
{
    size_t n = w->nseeds;
    w->bseed = malloc(n * sizeof *w->bseed);
    w->bx = malloc(n * sizeof *w->bx);
    w->by = malloc(n * sizeof *w->by);
    w->barea = malloc(n * sizeof *w->barea);
    if (!w->bseed || !w->bx || !w->by || !w->barea)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory for %zu blocks", n);
    tile_job j = {.w = w, .tx = 1, .ty = 1};
    if (n > ONE_TILE_MAX) {
        double nt = ceil((double)n / TILE_SEEDS);
        j.tx = (int)fmax(1, round(sqrt(nt * w->w / w->h)));
        j.ty = (int)ceil(nt / j.tx);
    }
    j.tw = w->w / j.tx;
    j.th = w->h / j.ty;
    double margin = 4 * sqrt(w->w * w->h / (double)n);
    int rc = ZP_OK, ntiles = j.tx * j.ty;
    for (j.tile = 0; j.tile < ntiles && rc == ZP_OK; j.tile++) {
        if (ntiles > 1)
            zp_progress("gen: Voronoi tile %d of %d", j.tile + 1, ntiles);
        rc = run_tile(&j, margin);
        if (rc == ZP_OK)
            rc = emit_tile(&j, shp);
        free_results(&j);
    }
    free(j.pts);
    free(j.seed);
    free(j.geom);
    if (rc == ZP_OK && w->nb == 0)
        rc = zp_error_set(ZP_ERROR, "gen: no block survived the river cut");
    return rc;
}
