/* Internal: a static 2-d tree over school points for k-nearest and radius queries.
 * Schools are few and fixed during a solve, blocks many: each block asks once for its
 * k nearest schools and, during pricing, for the schools within a radius. */
#ifndef ZP_DIST_KDTREE_H
#define ZP_DIST_KDTREE_H

#include <stddef.h>
#include <stdint.h>

typedef struct zp_kdtree {
    size_t n;
    int32_t *idx; /* point indices in tree order (implicit balanced tree) */
    const double *x, *y;
} zp_kdtree;

int zp_kdtree_build(zp_kdtree *t, const double *x, const double *y, size_t n);
void zp_kdtree_free(zp_kdtree *t);
/* The k nearest points to (px, py), nearest first (ties by index); returns how many. */
int zp_kdtree_nearest(const zp_kdtree *t, double px, double py, int k, int32_t *out, double *d2);
/* Calls fn for every point within radius r of (px, py). */
void zp_kdtree_within(const zp_kdtree *t, double px, double py, double r,
                      void (*fn)(int32_t point, double d2, void *ud), void *ud);

#endif
