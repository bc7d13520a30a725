/* Internal: the provider's state, shared by dist.c (the straight line, dispatch) and
 * network.c (the walk). Other modules see only zoneplan/dist.h. */
#ifndef ZP_DIST_INTERNAL_H
#define ZP_DIST_INTERNAL_H

#include "kdtree.h"
#include "zoneplan/dist.h"

typedef struct zp_walk zp_walk; /* network.c */

struct zp_dist {
    int mode;
    size_t nb, ns;
    double *bx, *by, *sx, *sy;
    zp_kdtree sites; /* every site, for the straight-line bound */
    zp_walk *walk;   /* ZP_DIST_NETWORK */
};

int zp_walk_new(zp_dist *d, const zp_roads *roads);
void zp_walk_free(zp_walk *w);
double zp_walk_pair(zp_dist *d, size_t b, size_t s);
int zp_walk_nearest(zp_dist *d, const int32_t *blocks, const uint8_t *use, zp_dist_knn *out);
int zp_walk_many(zp_dist *d, size_t b, const int32_t *sites, size_t n, double bound_m, double *out);
int zp_walk_from_site(zp_dist *d, size_t s, double *out);

#endif
