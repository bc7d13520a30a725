/* Internal: the state of one assignment solve, shared by alloc.c (candidates, LP,
 * pricing) and solve.c (set-up, rounding, results). */
#ifndef ZP_ALLOC_INTERNAL_H
#define ZP_ALLOC_INTERNAL_H

#include "core/util.h"
#include "lp.h"
#include "zoneplan/alloc.h"

typedef struct zp_pair {
    int32_t block; /* active block */
    int32_t school;
} zp_pair;

typedef struct zp_arc_tmp {
    int64_t cost;
    int32_t school;
} zp_arc_tmp;

typedef struct zp_solver {
    const zp_alloc_input *in;
    int k;
    int64_t penalty;        /* cm per child */
    size_t nlive;           /* schools with capacity > 0 */
    uint8_t *use;           /* per provider site: a live school's site */
    int32_t *school_of;     /* per provider site: its live school, -1 none */
    int32_t *knn_school;    /* per block: its k nearest live schools (-1 past the reachable) */
    int64_t *floor;         /* per block: cost floor (cm) of every school past the k nearest */
    int32_t *pcand, *psite; /* pricing: schools one block may prefer, and their sites */
    double *pdist;
    size_t *active; /* blocks with children */
    size_t nactive;
    int32_t *demand; /* per active block */
    int64_t *cap;    /* per school, plus the shortfall node */
    zp_lp lp;
    zp_pair *extra; /* pairs added by pricing */
    size_t nextra, capextra;
    size_t pricing_rounds, arcs_added, augmentations, lp_rounds;
    double t_candidates, t_lp, t_pricing;
} zp_solver;

/* zp_seconds (monotonic clock) is in core/util.h */
/* Union-find root of x, halving the path (contig.c's pieces, exact.c's islands). */
static inline int32_t zp_uf_find(int32_t *p, int32_t x)
{
    while (p[x] != x)
        x = p[x] = p[p[x]];
    return x;
}
/* Join a's and b's sets under the lower root: results independent of edge order. */
static inline void zp_uf_unite(int32_t *p, int32_t a, int32_t b)
{
    a = zp_uf_find(p, a);
    b = zp_uf_find(p, b);
    if (a != b)
        p[a > b ? a : b] = a < b ? a : b;
}
/* Result arrays for nb blocks and ns schools, every block at no school. */
int zp_alloc_result_alloc(zp_alloc_result *r, size_t nb, size_t ns);

/* Solve the LP over candidates with pricing until no pair outside them can improve it. */
int zp_solver_lp(zp_solver *sv);
/* Improve the rounded plan by whole-block moves and ejections (repair.c). */
int zp_repair_rounding(zp_solver *sv, zp_alloc_result *r, int64_t *room, const size_t *split,
                       size_t nsplit);

/* Cost per child of active block i at school s over its candidate pairs, -1 when s is not
 * one of them. */
int64_t zp_solver_arc_cost(const zp_solver *sv, size_t i, int32_t s);
/* Shifts and swaps of whole blocks, each judged exactly, until none helps (local.c). */
int zp_local_search(zp_solver *sv, zp_alloc_result *r);

#endif
