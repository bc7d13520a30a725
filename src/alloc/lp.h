/* Internal: the transportation LP over candidate arcs, solved exactly by successive
 * shortest paths between schools. See lp.c. */
#ifndef ZP_ALLOC_LP_H
#define ZP_ALLOC_LP_H

#include <stddef.h>
#include <stdint.h>

#include "../core/util.h"

typedef struct zp_lp {
    size_t nb;             /* blocks with children */
    size_t ns;             /* schools; node ns is the shortfall node */
    const int64_t *cap;    /* ns + 1 capacities (cap[ns] unused: unlimited) */
    const int32_t *demand; /* per block */
    /* candidate arcs, CSR by block, each block's arcs sorted by cost then school;
     * every block's list ends with its shortfall arc (school ns) */
    size_t *start;
    int32_t *to;
    int64_t *cost; /* centimetres */
    int32_t *flow;
    int32_t *owner;
    size_t narcs;
    /* results */
    int64_t *load;  /* ns + 1 */
    int64_t *price; /* ns + 1 dual prices (cm), 0 where a school has room */
    size_t augmentations;
    size_t rounds;      /* shortest-path (Dijkstra) rounds */
    int64_t price_base; /* potential every untouched node has gained (see lp.c) */
} zp_lp;

/* Solve from scratch: every block starts at its cheapest arc, then excess is routed
 * along shortest paths until no school is over capacity. Fills flow, load, price. */
int zp_lp_solve(zp_lp *lp);
void zp_lp_free_results(zp_lp *lp);

#endif
