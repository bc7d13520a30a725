/* Internal: the provider's state and the road graph, shared by the files of the dist module
 * (dist.c: the straight line, dispatch; roads.c: the graph; attach.c: joining points to it;
 * network.c: the searches). Other modules see only zoneplan/dist.h and zoneplan/roads.h. */
#ifndef ZP_DIST_INTERNAL_H
#define ZP_DIST_INTERNAL_H

#include <geos_c.h>

#include "kdtree.h"
#include "zoneplan/dist.h"
#include "zoneplan/roads.h"

/* Uniform grid of the edges' segments, for the nearest point of the network. */
typedef struct zp_seg_grid {
    double x0, y0, cell;
    size_t nx, ny;
    size_t *start; /* nx * ny + 1, CSR of segment ids per cell */
    int32_t *seg;
} zp_seg_grid;

struct zp_roads {
    GEOSContextHandle_t g;
    size_t nnodes;
    double *nx, *ny;
    size_t nedges;
    int32_t *eu, *ev; /* end nodes; the geometry runs from eu to ev */
    int64_t *elen;    /* micrometres */
    size_t *vstart;   /* edge e's vertices: vstart[e] .. vstart[e + 1] */
    double *vx, *vy;
    int32_t *comp; /* per node: connected component */
    /* segments: the one starting at vertex i of edge e; offset of its start along e (m) */
    size_t nseg;
    int32_t *seg_edge, *seg_vert;
    double *seg_off;
    zp_seg_grid grid;
    GEOSGeometry *barrier; /* every barrier line and ring, or NULL */
    const GEOSPreparedGeometry *barrier_prep;
    zp_roads_stats st;
};

/* Where a point joins the network: edge, micrometres from its eu end, the access link's
 * length (micrometres) and whether it had to cross nothing; edge -1: it cannot join. */
typedef struct zp_attach {
    int32_t edge;
    int64_t off, access;
    double access_m; /* metres, for the access.max_m warning */
    double qx, qy;   /* the point on the edge */
} zp_attach;

int zp_roads_grid(zp_roads *r);
/* Join n points: the nearest point of the nearest edge whose access link crosses no barrier. */
int zp_roads_attach(const zp_roads *r, size_t n, const double *x, const double *y, zp_attach *out);

typedef struct zp_walk zp_walk; /* network.c */

struct zp_dist {
    int mode;
    size_t nb, ns;
    double *bx, *by, *sx, *sy;
    zp_kdtree sites; /* every site, for the straight-line bound */
    zp_walk *walk;   /* ZP_DIST_NETWORK */
    int rc;          /* the first failure inside a call that cannot return one */
};

int zp_walk_new(zp_dist *d, const zp_roads *roads);
void zp_walk_free(zp_walk *w);
double zp_walk_pair(zp_dist *d, size_t b, size_t s);
int zp_walk_nearest(zp_dist *d, const int32_t *blocks, const uint8_t *use, zp_dist_knn *out);
int zp_walk_prefetch(zp_dist *d, const uint8_t *const *use, size_t n, int k);
/* Keep the last n searches (zp_dist_keep_nearest). */
int zp_walk_keep(zp_walk *w, int n);
int zp_walk_many(zp_dist *d, size_t b, const int32_t *sites, size_t n, double bound_m, double *out);
int zp_walk_from_site(zp_dist *d, size_t s, double *out);
int zp_walk_routes(zp_dist *d, size_t s, size_t n, const size_t *blocks, zp_dist_tree *out);
double zp_walk_access_m(const zp_dist *d, int site, size_t i);
long zp_walk_part(const zp_dist *d, int site, size_t i);
int zp_walk_join(const zp_dist *d, int site, size_t i, long *edge, double *fraction,
                 double *access_m);

#endif
