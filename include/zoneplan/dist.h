/* Distances between blocks and sites (schools, candidate sites): the one provider of them.
 *
 * Every stage that needs how far a block is from a school (the assignment and its
 * pricing, rounding, contiguity, feeder zones, the service-radius flags, the report,
 * siting, diff) asks a zp_dist; none computes a distance itself. Two providers:
 * the straight line between the representative points, and the walk on a road
 * network (roads.h): an access link from the point to the nearest walkable edge, then
 * the shortest path along the edges. The straight line is never longer than the walk,
 * so it is the lower bound the exact pricing prunes with. */
#ifndef ZONEPLAN_DIST_H
#define ZONEPLAN_DIST_H

#include <stddef.h>
#include <stdint.h>

typedef struct zp_dist zp_dist;
typedef struct zp_roads zp_roads;

enum { ZP_DIST_STRAIGHT = 0, ZP_DIST_NETWORK = 1 };

/* A straight-line provider over nb block points and ns site points (metres, local plane).
 * The arrays are copied. */
int zp_dist_straight(size_t nb, const double *bx, const double *by, size_t ns, const double *sx,
                     const double *sy, zp_dist **out);
/* A walking provider: blocks and sites join the network at the nearest point of the nearest
 * walkable edge whose access link crosses no barrier (roads.h). */
int zp_dist_network(const zp_roads *roads, size_t nb, const double *bx, const double *by, size_t ns,
                    const double *sx, const double *sy, zp_dist **out);
void zp_dist_free(zp_dist *d);

int zp_dist_mode(const zp_dist *d);
size_t zp_dist_nblocks(const zp_dist *d);
size_t zp_dist_nsites(const zp_dist *d);

/* Metres from block b to site s; INFINITY when s cannot be reached from b. Repeated
 * questions get the same answer to the last bit (costs are rounded from it). A failure
 * inside (out of memory while measuring) gives INFINITY and is kept for zp_dist_status. */
double zp_dist_pair(zp_dist *d, size_t b, size_t s);
/* ZP_OK, or the first failure of a zp_dist_pair call: check it after a stage that asked. */
int zp_dist_status(const zp_dist *d);

/* The k nearest sites of the n blocks listed (blocks NULL: every block, n = their number)
 * among those with use[s] != 0 (NULL: all), nearest first, ties by site index:
 * site[i * k + j] for the i-th block (-1 past the reachable ones), metres[...] likewise. */
typedef struct zp_dist_knn {
    size_t nblocks;
    int k;
    int32_t *site;
    double *metres;
} zp_dist_knn;
int zp_dist_nearest(zp_dist *d, const int32_t *blocks, size_t n, const uint8_t *use, int k,
                    zp_dist_knn *out);
void zp_dist_knn_free(zp_dist_knn *knn);
/* The searches zp_dist_nearest will be asked for (n <= 2 masks, one k), done ahead side by
 * side on two threads; the later calls with the same mask and k take their results. Only
 * the walk gains (the straight line ignores it). */
int zp_dist_prefetch(zp_dist *d, const uint8_t *const *use, size_t n, int k);
/* Keep the last n (<= 8) nearest-school searches and answer a later one with the same mask
 * and k from them (zoneplan plan solves every year with the same schools). Only the walk
 * gains; each kept search holds the labels of every road node (k per node). */
int zp_dist_keep_nearest(zp_dist *d, int n);

/* Calls fn(site, straight_m, ud) for every used site whose straight-line distance from block
 * b is at most r metres. The straight line bounds every provider's distance from below: a
 * site not visited is farther than r whatever the provider. */
void zp_dist_within_lb(const zp_dist *d, size_t b, double r, const uint8_t *use,
                       void (*fn)(int32_t site, double straight_m, void *ud), void *ud);

/* Metres from block b to each of n sites, as zp_dist_pair gives them; a site farther than
 * bound_m may get INFINITY instead (one bounded search for the lot). */
int zp_dist_many(zp_dist *d, size_t b, const int32_t *sites, size_t n, double bound_m, double *out);

/* The access link of block i (site 0) or site i (site 1) in metres: from its point to where
 * it joins the network; 0 for the straight line, INFINITY when it could not join. */
double zp_dist_access_m(const zp_dist *d, int site, size_t i);

/* Where block i (site 0) or site i (site 1) joins the walk: an edge of the roads (roads.h),
 * the fraction of its length from its first end, and the access link's metres. Returns 0
 * (edge -1) when it joins none, and always for the straight line. */
int zp_dist_join(const zp_dist *d, int site, size_t i, long *edge, double *fraction,
                 double *access_m);

/* The connected part of the road network block i (site 0) or site i (site 1) joined, -1 when
 * it joined none (also for the straight line). */
long zp_dist_part(const zp_dist *d, int site, size_t i);

/* Metres from site s to every block (out: nblocks), INFINITY where unreachable. */
int zp_dist_from_site(zp_dist *d, size_t s, double *out);

/* The walks from site s to n blocks, as one tree of lines for maps (metric plane). Node 0 is
 * the site: its line runs from where the site joins the road to the site's point. Line i
 * (i < nodes) runs from tree node i to its parent (parent[i] < i). Line nodes + j is block
 * j's way from its point to the road and along it to its tree node node[j] (-1 when it has
 * no walk to s). Followed to node 0, the lines make the walk zp_dist_pair measures (a
 * shortest one: ties go to the neighbour settled first). The straight line: node 0 is the
 * site's point, and each block's line the straight segment to it. */
typedef struct zp_dist_tree {
    size_t nodes, nblocks;
    int32_t *parent; /* per tree node */
    int32_t *node;   /* per block */
    size_t *start;   /* line i: vertices start[i] .. start[i + 1] - 1 */
    double *x, *y;
} zp_dist_tree;
int zp_dist_routes(zp_dist *d, size_t s, size_t n, const size_t *blocks, zp_dist_tree *out);
void zp_dist_tree_free(zp_dist_tree *t);

#endif
