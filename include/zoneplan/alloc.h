/* The assignment of whole blocks to schools under capacity, for one level.
 *
 * Minimise sum d_b * t_bs over blocks and schools with each block at one school and
 * each school within capacity; children a school cannot take are shortfall at a
 * per-child penalty. The LP relaxation (a transportation problem) is solved exactly by
 * successive shortest paths between schools over k-nearest candidate pairs, with
 * reduced-cost pricing against every school proving no other pair could improve it.
 * Split blocks are then rounded to one school each without exceeding capacity; the
 * LP bound, integer objective and gap are reported. Costs are integer centimetres,
 * so results are exact and reproducible byte for byte. */
#ifndef ZONEPLAN_ALLOC_H
#define ZONEPLAN_ALLOC_H

#include <stddef.h>
#include <stdint.h>

typedef struct zp_alloc_input {
    size_t nblocks;
    const double *bx, *by; /* block representative points, metres */
    const int32_t *demand; /* children per block (>= 0) */
    size_t nschools;
    const double *sx, *sy;   /* school points, metres */
    const int64_t *capacity; /* places per school (>= 0) */
    int candidates;          /* nearest schools per block before pricing (>= 1) */
    double penalty_m;        /* cost of one unplaced child, metres */
    int keep_arcs;           /* keep the final candidate pairs in the result (for export) */
} zp_alloc_input;

typedef struct zp_alloc_result {
    size_t nblocks, nschools;
    int32_t *school;   /* per block: school index, -1 when no child is placed */
    int32_t *placed;   /* children placed at that school */
    int32_t *unplaced; /* children with no place (shortfall) */
    int32_t *nearest;  /* nearest school, for attributing shortfall */
    double *dist_m;    /* distance to school (or to nearest school when none) */
    int64_t *load;     /* per school: children placed */
    double *price_m;   /* per school: dual price of one place (metres), 0 when not full */
    /* Objectives in child-metres; shortfall counted at penalty_m per child. */
    double lp_bound;     /* optimum of the LP relaxation (exact) */
    double objective;    /* whole-block solution */
    double gap;          /* (objective - lp_bound) / objective, 0 when the objective is 0 */
    double lp_shortfall; /* children unplaced in the LP optimum */
    int64_t shortfall;   /* children unplaced in the whole-block solution */
    double distance;     /* child-metres of placed children in the whole-block solution */
    size_t split_blocks; /* blocks the LP split between schools */
    size_t pricing_rounds;
    size_t arcs_added; /* candidate pairs added by pricing */
    size_t augmentations;
    size_t lp_rounds; /* shortest-path rounds of the LP (all pricing rounds) */
    /* Seconds per stage: k-nearest candidates, LP (all rounds), pricing checks, rounding. */
    double t_candidates, t_lp, t_pricing, t_round;
    /* With keep_arcs: the final candidate pairs (after pricing), CSR by block, costs in cm;
     * every block with children also has a shortfall option at the penalty (not listed). */
    size_t *arc_start; /* nblocks + 1 */
    int32_t *arc_school;
    int64_t *arc_cost;
    int64_t penalty_cm;
} zp_alloc_result;

/* Largest shortfall penalty accepted (metres): keeps every objective inside 64 bits. */
#define ZP_ALLOC_MAX_PENALTY_M 1e7

int zp_alloc_solve(const zp_alloc_input *in, zp_alloc_result *out);
void zp_alloc_result_free(zp_alloc_result *r);

/* Integer cost of a distance: centimetres, the unit the solver is exact in. */
int64_t zp_alloc_cost_cm(double metres);

#endif
