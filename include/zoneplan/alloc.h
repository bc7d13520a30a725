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

#include "zoneplan/dist.h"

typedef struct zp_alloc_input {
    size_t nblocks;
    const double *bx, *by; /* block representative points, metres (used when dist is NULL) */
    const int32_t *demand; /* children per block (>= 0) */
    size_t nschools;
    const double *sx, *sy;   /* school points, metres (used when dist is NULL) */
    const int64_t *capacity; /* places per school (>= 0) */
    int candidates;          /* nearest schools per block before pricing (>= 1) */
    double penalty_m;        /* cost of one unplaced child, metres */
    int keep_arcs;           /* keep the final candidate pairs in the result (for export) */
    /* Stability (all optional): a child placed anywhere but at the block's current school
     * costs move_penalty_m more; locked blocks stay whole at their current school. */
    const int32_t *current; /* per block: current school, -1 none; NULL: none known */
    double move_penalty_m;  /* >= 0 */
    const uint8_t *locked;  /* per block: 1 keeps its current school; NULL: none */
    /* Distances: the run's provider (dist.h); site_of[s] is the provider's site of school s
     * and block_of[b] its block of block b (NULL: the same index). dist NULL: the straight
     * line between the points above. */
    zp_dist *dist;
    const int32_t *site_of, *block_of;
    /* Crossings (optional, zp_contig_report's limits): a block whose limit_land[b] >= 0 may
     * go only to a school whose may_serve[s] is that land; every other pair is barred (costs
     * ZP_ALLOC_UNREACHABLE_CM). NULL: no pair is barred. */
    const int32_t *limit_land, *may_serve;
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
    int64_t moved;       /* children placed at a school other than their current one */
    int64_t locked;      /* children kept at their current school by a lock */
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
    int64_t *arc_floor; /* per block: every pair not listed costs at least this (cm, at most
                           the penalty): pairs beyond the nearest are no cheaper */
    int64_t penalty_cm;
} zp_alloc_result;

/* Largest shortfall penalty accepted (metres): keeps every objective inside 64 bits. */
#define ZP_ALLOC_MAX_PENALTY_M 1e7

int zp_alloc_solve(const zp_alloc_input *in, zp_alloc_result *out);
void zp_alloc_result_free(zp_alloc_result *r);

/* Integer cost of a distance: centimetres, the unit the solver is exact in. An unreachable
 * school (an infinite walk) costs ZP_ALLOC_UNREACHABLE_CM, never taken. */
int64_t zp_alloc_cost_cm(double metres);
#define ZP_ALLOC_UNREACHABLE_CM ((int64_t)1 << 52)
/* Metres from block b to school s by the input's provider (INFINITY: unreachable). The
 * input must carry its provider (the entry points below supply one when it does not). */
double zp_alloc_dist(const zp_alloc_input *in, size_t b, size_t s);
/* in with a provider: *local = *in with dist set, *own the straight-line provider made from
 * the points when in has none (free it with zp_dist_free; NULL when none was made). */
int zp_alloc_with_dist(const zp_alloc_input *in, zp_alloc_input *local, zp_dist **own);
/* Metres from block b to each of n schools (one bounded search for the lot): as
 * zp_alloc_dist, or INFINITY for a school farther than bound_m. sites: n of scratch. */
int zp_alloc_dist_many(const zp_alloc_input *in, size_t b, const int32_t *schools, size_t n,
                       double bound_m, int32_t *sites, double *out);
/* Metres from school s to every block of the input (out: nblocks), INFINITY: unreachable. */
int zp_alloc_dist_from(const zp_alloc_input *in, size_t s, double *out);
/* The cost of one child of block b at school s that is `metres` away (as zp_alloc_pair_cost). */
int64_t zp_alloc_cost_at(const zp_alloc_input *in, size_t b, size_t s, double metres);
/* Cost of one child of block b at school s, in cm: distance plus the move penalty when s is
 * not the block's current school. The one cost every stage (LP, rounding, repair) uses. */
int64_t zp_alloc_pair_cost(const zp_alloc_input *in, size_t b, size_t s);
/* Objective, distance, shortfall, moves and distances of r recomputed from its per-block
 * schools (after any change to them); the LP bound is left as it is. */
void zp_alloc_rescore(const zp_alloc_input *in, zp_alloc_result *r);

/* Whether block b is locked: a lock holds only where there is a current school that takes
 * pupils at this level. */
int zp_alloc_is_locked(const zp_alloc_input *in, size_t b);

/* Feeder assignment (对口直升, feeder.c): blocks in one group (group[b], e.g. the primary
 * school of the block; -1: the block alone) all go to one school, exactly (GLPK branch and
 * cut over groups x schools; lp_bound is its LP relaxation). Costs as zp_alloc_pair_cost;
 * a whole group is unplaced only at the shortfall penalty. Locks are not applied.
 * own[g] (g < nown; NULL: none): the school group g goes to first (a nine-year school's own
 * junior section, 直升), as far as it has places, its blocks nearest that school first; what
 * does not fit is assigned as the rest of its group, with the others. */
int zp_alloc_solve_feeder(const zp_alloc_input *in, const int32_t *group, const int32_t *own,
                          size_t nown, zp_alloc_result *out);

/* ---- The whole-block optimum, proven (exact.c) ---- */
typedef struct zp_exact_options {
    double seconds;          /* time allowed in all (> 0): a safety net, the plan then depends
                                on the machine's speed (stopped_on_time says so) */
    int64_t max_nodes;       /* branch-and-bound nodes per solve (0: no limit): a limit that
                                keeps runs reproducible */
    size_t max_pairs;        /* model size beyond which no exact finish is tried (0: 400,000) */
    const size_t *adj_start; /* block graph (CSR, symmetric): the closer-neighbour rule; */
    const int32_t *adj;      /* NULL: no contiguity */
} zp_exact_options;
enum {
    ZP_EXACT_OPTIMAL = 1, /* proven optimal over every pair */
    ZP_EXACT_LIMIT,       /* the time ran out: the proven gap is reported */
    ZP_EXACT_TOO_LARGE,   /* not tried: the pairs that could be optimal are too many */
    ZP_EXACT_CANDIDATES   /* optimal over the candidate pairs; farther pairs not ruled out */
};
typedef struct zp_exact_report {
    int status;            /* ZP_EXACT_* */
    int contiguous;        /* the closer-neighbour rule held as a constraint */
    double lp_bound;       /* child-metres: the LP relaxation */
    double lagrange_bound; /* the Lagrangian bound (a knapsack per school), at least the LP's */
    double bound;          /* proven lower bound on the optimum (LP, raised by the search) */
    double start;          /* the plan the search began from */
    double objective;      /* the plan returned */
    double gap;            /* (objective - bound) / objective */
    size_t pairs;          /* pairs considered (candidates, complete where needed) */
    size_t kept;           /* pairs that could be in an optimum: the MILP's blocks x schools */
    size_t rows_contig;    /* closer-neighbour rows */
    size_t islands;        /* blocks on land no school's root block reaches: no rule applies */
    size_t open_blocks;    /* blocks whose farther pairs were not ruled out */
    size_t rounds;         /* MILP solves (the target grows when the optimum lies above it) */
    int64_t nodes;         /* branch-and-bound nodes, all rounds */
    int stopped_on_time;   /* the time ran out before the node limit (not reproducible) */
    double seconds;
} zp_exact_report;
/* The exact finish of a plan from zp_alloc_solve (keep_arcs set): reduced-cost fixing with
 * the LP's prices, then CBC's branch and cut over what is left, started from r. With opt's
 * graph every block of a catchment must touch a block of the same catchment closer to the
 * school (its nearest block is the root), so each catchment is one piece by construction
 * (a locked block counts for its school wherever it is: locks can still leave pieces);
 * blocks with children that no such catchment can reach stay without a place; the graph must
 * list each neighbour once. r is replaced by the MILP's plan when it is better, or, under the
 * rule, when it is the rule's proven optimum, and rescored. bound is a bound on the model's
 * plans (under the rule: on rule-abiding plans, possibly above r's objective when r was kept
 * and breaks the rule). */
int zp_alloc_exact(const zp_alloc_input *in, const zp_exact_options *opt, zp_alloc_result *r,
                   zp_exact_report *rep);

/* ---- Contiguity (contig.c) ---- */

enum {
    ZP_PIECE_ISLAND = 1, /* no school's main area is on the same land: cannot be joined */
    ZP_PIECE_NO_ROOM,    /* the catchments whose main areas touch it are full */
    ZP_PIECE_LOCKED,     /* locked blocks keep it where it is */
    ZP_PIECE_ENCLOSED,   /* no catchment's main area touches it: only blocks without a place
                            or other pieces apart do */
    ZP_PIECE_FEEDER,     /* a feeder zone: whole primary catchments, counted, not re-cut */
    ZP_PIECE_UNFINISHED, /* a neighbour had room when repair stopped (its pass limit) */
    ZP_PIECE_CROSSING    /* on land short of places (zp_contig_land), from a school on other
                            land: with every child placed, some catchment must cross */
};

/* Land (blocks joined by shared edges: a river or a gap in the map parts lands) with more
 * children than the schools standing on it have places. With every child placed, at least
 * must_cross of its children go to schools on other land, so at least min_parts catchments
 * reach it from across (the fewest schools elsewhere whose places add up to must_cross):
 * a proof that this many parts apart cannot be avoided. parts: this plan's. */
typedef struct zp_contig_land {
    int32_t first_block; /* lowest block index on the land */
    int32_t nblocks;
    int64_t children, places, must_cross;
    int32_t min_parts, parts;
    int limited; /* its crossings are limited in zp_contig_report's limits */
} zp_contig_land;

/* A catchment piece left apart from its school's main piece after repair. */
typedef struct zp_contig_piece {
    int32_t school;
    int32_t first_block; /* lowest block index in the piece */
    int32_t nblocks;
    int64_t children;
    int reason; /* ZP_PIECE_* */
} zp_contig_piece;

typedef struct zp_contig_report {
    size_t pieces_before; /* pieces beyond each school's main one, before repair */
    size_t passes;
    size_t ejected;   /* pieces joined to a full neighbour that handed edge blocks on */
    size_t reclaimed; /* pieces joined back through the blocks between them and home */
    size_t chained;   /* pieces joined by a chain of catchments handing edge blocks on */
    size_t merged;    /* pieces joined to another school's piece apart they touched */
    int64_t shed;     /* children without a place after contiguity, less before (where places
                         are short, keeping catchments whole can cost places) */
    int grown;        /* the catchments were grown afresh from the schools (cheaper, or fewer
                         pieces, than joining the pieces of the plan) */
    size_t blocks_moved;
    int64_t children_moved;
    double objective_before, objective_after; /* child-metres, as zp_alloc_result.objective */
    double distance_before, distance_after;
    zp_contig_piece *left; /* pieces repair could not join, with the reason */
    size_t nleft;
    int32_t *pieces; /* per school: pieces of its catchment after repair (0: no blocks) */
    zp_contig_land *short_lands; /* lands short of places, when every child has a place */
    size_t nshort;
    size_t settled; /* pieces without children that joined the catchment around them */
    /* Limits for a second solve with fewer parts across (NULL: none to try): where a short
     * land's plan crosses with more parts than its least, its blocks may go only to its own
     * schools and to the fewest of the schools crossing now (most children across first)
     * whose places cover must_cross; zp_alloc_input's limit_land (nblocks) and may_serve
     * (nschools). */
    int32_t *limit_land, *may_serve;
    /* Filled by the caller when the plan under the limits replaced the first one: parts across
     * (all short lands) before and after, and both repaired plans' objectives. */
    struct {
        int32_t parts_before, parts_after;
        double objective_before, objective_after;
    } fewer_crossings;
} zp_contig_report;

/* Make every catchment of r one connected piece over the block graph (CSR adj_start /
 * adj, symmetric) without exceeding capacity, at the least added cost; what cannot be
 * joined is reported with its reason. r is as a solver left it (scored: its objective is
 * the "before" figure); its objective, loads and distances are updated. */
int zp_contig_repair(const zp_alloc_input *in, const size_t *adj_start, const int32_t *adj,
                     zp_alloc_result *r, zp_contig_report *rep);
/* The same report without moving anything (for plans whose units must stay whole, such as
 * feeder catchments). */
int zp_contig_count(const zp_alloc_input *in, const size_t *adj_start, const int32_t *adj,
                    zp_alloc_result *r, zp_contig_report *rep);
void zp_contig_report_free(zp_contig_report *rep);
/* Where land short of places is reached from across by more catchments than it needs (rep's
 * limits from zp_contig_repair), the level solved again with that land's crossings limited to
 * the fewest schools crossing now, and repaired. That plan replaces r (and its report rep)
 * when it leaves fewer pieces apart, or as many at less cost, without more children lacking
 * a place: a notice's lines before its distances; rep.fewer_crossings gives the price. r keeps
 * its LP bound, prices and pairs (the problem without limits). pre: each block's school
 * before repair, for the children moved. rep's limits are freed either way. */
int zp_contig_fewer_crossings(const zp_alloc_input *in, const size_t *adj_start, const int32_t *adj,
                              const int32_t *pre, zp_alloc_result *r, zp_contig_report *rep);

#endif
