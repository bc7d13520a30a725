/* The walk on the road network (stub until the network provider lands). */
#include <math.h>

#include "dist_internal.h"
#include "zoneplan/errors.h"

int zp_walk_new(zp_dist *d, const zp_roads *roads)
{
    (void)d;
    (void)roads;
    return zp_error_set(ZP_ERROR, "road network distances are not built yet");
}
void zp_walk_free(zp_walk *w)
{
    (void)w;
}
double zp_walk_pair(zp_dist *d, size_t b, size_t s)
{
    (void)d, (void)b, (void)s;
    return INFINITY;
}
int zp_walk_nearest(zp_dist *d, const int32_t *blocks, const uint8_t *use, zp_dist_knn *out)
{
    (void)d, (void)blocks, (void)use, (void)out;
    return ZP_ERROR;
}
int zp_walk_many(zp_dist *d, size_t b, const int32_t *sites, size_t n, double bound_m, double *out)
{
    (void)d, (void)b, (void)sites, (void)n, (void)bound_m, (void)out;
    return ZP_ERROR;
}
int zp_walk_from_site(zp_dist *d, size_t s, double *out)
{
    (void)d, (void)s, (void)out;
    return ZP_ERROR;
}
