/* Joining points to the road graph: the nearest point of the nearest walkable edge, as
 * pgRouting's withPoints does (a point along the edge, not the nearest node), by an
 * access link that crosses no barrier.
 *
 * The edges' segments sit in a uniform grid; a query scans rings of cells outwards until
 * no unscanned cell can hold a nearer segment. When the access link to the nearest
 * segment crosses a barrier (GEOS, prepared), that segment is set aside and the next
 * nearest tried: a block by a river reaches the road on its own bank. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dist_internal.h"
#include "zoneplan/errors.h"

#define MAX_SET_ASIDE 256 /* segments tried behind barriers before a point is given up */

int zp_roads_grid(zp_roads *r)
{
    zp_seg_grid *g = &r->grid;
    size_t nseg = r->vstart ? r->vstart[r->nedges] - r->nedges : 0;
    r->seg_edge = malloc((nseg + 1) * sizeof *r->seg_edge);
    r->seg_vert = malloc((nseg + 1) * sizeof *r->seg_vert);
    r->seg_off = malloc((nseg + 1) * sizeof *r->seg_off);
    if (!r->seg_edge || !r->seg_vert || !r->seg_off)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t e = 0; e < r->nedges; e++) {
        double off = 0;
        for (size_t v = r->vstart[e]; v + 1 < r->vstart[e + 1]; v++) {
            r->seg_edge[r->nseg] = (int32_t)e;
            r->seg_vert[r->nseg] = (int32_t)v;
            r->seg_off[r->nseg++] = off;
            off += hypot(r->vx[v + 1] - r->vx[v], r->vy[v + 1] - r->vy[v]);
        }
        for (size_t v = r->vstart[e]; v < r->vstart[e + 1]; v++) {
            x0 = fmin(x0, r->vx[v]), x1 = fmax(x1, r->vx[v]);
            y0 = fmin(y0, r->vy[v]), y1 = fmax(y1, r->vy[v]);
        }
    }
    if (!r->nseg) {
        g->nx = g->ny = 0;
        g->start = calloc(1, sizeof *g->start);
        g->seg = malloc(sizeof *g->seg);
        return g->start && g->seg ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    }
    double w = fmax(x1 - x0, 1.0), h = fmax(y1 - y0, 1.0);
    g->cell = fmax(sqrt(w * h / (double)r->nseg) * 1.5, 1.0);
    g->x0 = x0, g->y0 = y0;
    g->nx = (size_t)(w / g->cell) + 1, g->ny = (size_t)(h / g->cell) + 1;
    size_t nc = g->nx * g->ny;
    g->start = calloc(nc + 2, sizeof *g->start);
    if (!g->start)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (int pass = 0; pass < 2; pass++) {
        for (size_t s = 0; s < r->nseg; s++) {
            size_t v = (size_t)r->seg_vert[s];
            size_t i0 = (size_t)((fmin(r->vx[v], r->vx[v + 1]) - x0) / g->cell);
            size_t i1 = (size_t)((fmax(r->vx[v], r->vx[v + 1]) - x0) / g->cell);
            size_t j0 = (size_t)((fmin(r->vy[v], r->vy[v + 1]) - y0) / g->cell);
            size_t j1 = (size_t)((fmax(r->vy[v], r->vy[v + 1]) - y0) / g->cell);
            for (size_t j = j0; j <= j1 && j < g->ny; j++)
                for (size_t i = i0; i <= i1 && i < g->nx; i++) {
                    if (pass == 0)
                        g->start[j * g->nx + i + 2]++;
                    else
                        g->seg[g->start[j * g->nx + i + 1]++] = (int32_t)s;
                }
        }
        if (pass == 0) {
            for (size_t c = 0; c < nc; c++)
                g->start[c + 2] += g->start[c + 1];
            g->seg = malloc((g->start[nc + 1] + 1) * sizeof *g->seg);
            if (!g->seg)
                return zp_error_set(ZP_ENOMEM, "out of memory");
        }
    }
    return ZP_OK;
}

typedef struct hit {
    int32_t seg;
    double d2, t; /* squared distance (compared without a square root per segment), and where
                     along the segment (0..1) */
} hit;

static void offer(const zp_roads *r, int32_t s, double px, double py, const int32_t *aside,
                  size_t naside, hit *best)
{
    for (size_t k = 0; k < naside; k++)
        if (aside[k] == s)
            return;
    size_t v = (size_t)r->seg_vert[s];
    double ax = r->vx[v], ay = r->vy[v], dx = r->vx[v + 1] - ax, dy = r->vy[v + 1] - ay;
    double l2 = dx * dx + dy * dy, t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double ex = ax + t * dx - px, ey = ay + t * dy - py, d2 = ex * ex + ey * ey;
    if (best->seg < 0 || d2 < best->d2 || (d2 == best->d2 && s < best->seg))
        *best = (hit){s, d2, t};
}

static double sq(double v)
{
    return v * v;
}

/* How far from the point (fx, fy, in cells) every segment lies that the square of cells
 * around (cx, cy) out to ring has not held: to the nearest side of the square, a side at
 * the grid's edge not counting (nothing lies beyond it). Metres. */
static double scanned_reach(const zp_seg_grid *g, double fx, double fy, long cx, long cy, long ring)
{
    double reach = INFINITY;
    if (cx - ring > 0)
        reach = fmin(reach, fx - (double)(cx - ring));
    if (cx + ring + 1 < (long)g->nx)
        reach = fmin(reach, (double)(cx + ring + 1) - fx);
    if (cy - ring > 0)
        reach = fmin(reach, fy - (double)(cy - ring));
    if (cy + ring + 1 < (long)g->ny)
        reach = fmin(reach, (double)(cy + ring + 1) - fy);
    return reach * g->cell;
}

/* The nearest segment to (px, py) not set aside: rings of cells until none can be nearer. */
static hit nearest_seg(const zp_roads *r, double px, double py, const int32_t *aside, size_t naside)
{
    const zp_seg_grid *g = &r->grid;
    hit best = {-1, INFINITY, 0};
    if (!g->nx)
        return best;
    double fx = (px - g->x0) / g->cell, fy = (py - g->y0) / g->cell;
    long cx = fx < 0 ? 0 : fx >= (double)g->nx ? (long)g->nx - 1 : (long)fx;
    long cy = fy < 0 ? 0 : fy >= (double)g->ny ? (long)g->ny - 1 : (long)fy;
    long rmax = (long)(g->nx > g->ny ? g->nx : g->ny);
    for (long ring = 0; ring <= rmax; ring++) {
        for (long j = cy - ring; j <= cy + ring; j++) {
            if (j < 0 || j >= (long)g->ny)
                continue;
            long step = (j == cy - ring || j == cy + ring) ? 1 : 2 * ring;
            for (long i = cx - ring; i <= cx + ring; i += step ? step : 1) {
                if (i < 0 || i >= (long)g->nx)
                    continue;
                size_t c = (size_t)j * g->nx + (size_t)i;
                for (size_t k = g->start[c]; k < g->start[c + 1]; k++)
                    offer(r, g->seg[k], px, py, aside, naside, &best);
            }
        }
        if (best.seg >= 0 && best.d2 <= sq(scanned_reach(g, fx, fy, cx, cy, ring)))
            break;
    }
    return best;
}

static int crosses_barrier(const zp_roads *r, double px, double py, double qx, double qy)
{
    if (!r->barrier_prep || (px == qx && py == qy))
        return 0;
    double x[2] = {px, qx}, y[2] = {py, qy};
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromArrays_r(r->g, x, y, NULL, NULL, 2);
    GEOSGeometry *line = cs ? GEOSGeom_createLineString_r(r->g, cs) : NULL;
    if (!line)
        return -1;
    char hit = GEOSPreparedIntersects_r(r->g, r->barrier_prep, line);
    GEOSGeom_destroy_r(r->g, line);
    return hit == 2 ? -1 : hit;
}

int zp_roads_attach(const zp_roads *r, size_t n, const double *x, const double *y, zp_attach *out)
{
    int32_t aside[MAX_SET_ASIDE];
    for (size_t p = 0; p < n; p++) {
        out[p] = (zp_attach){-1, 0, 0, INFINITY, 0, 0};
        for (size_t naside = 0; naside < MAX_SET_ASIDE; naside++) {
            hit h = nearest_seg(r, x[p], y[p], aside, naside);
            if (h.seg < 0)
                break;
            size_t v = (size_t)r->seg_vert[h.seg];
            double qx = r->vx[v] + h.t * (r->vx[v + 1] - r->vx[v]);
            double qy = r->vy[v] + h.t * (r->vy[v + 1] - r->vy[v]);
            int c = crosses_barrier(r, x[p], y[p], qx, qy);
            if (c < 0)
                return zp_error_set(ZP_ERROR, "roads: GEOS cannot test an access link");
            if (c) {
                aside[naside] = h.seg;
                continue;
            }
            int32_t e = r->seg_edge[h.seg];
            double along =
                r->seg_off[h.seg] + h.t * hypot(r->vx[v + 1] - r->vx[v], r->vy[v + 1] - r->vy[v]);
            int64_t off = llround(along * 1e6);
            out[p].edge = e;
            out[p].off = off < 0 ? 0 : off > r->elen[e] ? r->elen[e] : off;
            double d = hypot(qx - x[p], qy - y[p]);
            out[p].access = llround(d * 1e6);
            out[p].access_m = d;
            out[p].qx = qx;
            out[p].qy = qy;
            break;
        }
    }
    return ZP_OK;
}
