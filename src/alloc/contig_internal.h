/* Internal to contiguity (contig.c, chain.c): the state of one repair and the moves that
 * keep every school whole, shared so the chains of moves can live in their own file. */
#ifndef ZP_CONTIG_INTERNAL_H
#define ZP_CONTIG_INTERNAL_H

#include "alloc_internal.h"

/* A block's move, as it was before (to be put back). */
typedef struct zp_ct_move {
    int32_t block, school;
    uint8_t in_main;
} zp_ct_move;

typedef struct contig {
    const zp_alloc_input *in;
    const size_t *start;
    const int32_t *nbr;
    zp_alloc_result *r;
    size_t nb, ns;
    int32_t *parent;   /* union-find over same-school edges */
    int32_t *land;     /* union-find over all edges: the landmass of each block */
    int32_t *anchor;   /* per school: its nearest block, -1 when the school has none */
    int32_t *anchor2;  /* per school: its nearest block on the land the input's limits let it
                          cross to (a second main piece there), -1: none; NULL: no limits */
    int one_root;      /* anchor2 ignored: the report lists what crosses as pieces apart */
    uint8_t *in_main;  /* block is in its school's main piece (kept current during a pass) */
    uint8_t *has_main; /* per landmass root: some school's main piece lies on it */
    int64_t *room;     /* per school: capacity left */
    int32_t *order;    /* blocks grouped by piece */
    size_t *pstart;    /* piece offsets into order */
    size_t npieces;
    int32_t *mlist;
    int32_t *stamp; /* per block: BFS visit mark */
    int32_t *queue;
    int32_t *from; /* BFS predecessor */
    int32_t epoch;
    int failed;     /* out of memory somewhere in a pass */
    int allow_shed; /* places are short at this level: chains may end in shortfall */
    size_t ejected, reclaimed, chained, merged;
    size_t work, budget; /* blocks chain searches visited, and the most they may (a count, so
                            results do not depend on the machine) */
    struct {
        int on; /* zp_ct_move_block records each move */
        zp_ct_move *move;
        size_t n, cap;
    } journal;
} contig;

/* A plan's per-block and per-school state, set aside and brought back (contig.c). */
typedef struct zp_ct_plan {
    int32_t *school, *placed, *unplaced;
    int64_t *load;
} zp_ct_plan;
int zp_ct_plan_save(const contig *c, zp_ct_plan *p);
void zp_ct_plan_restore(contig *c, const zp_ct_plan *p);
void zp_ct_plan_free(zp_ct_plan *p);
/* Cost of the plan as it stands (cm): placed children's costs and the shortfall penalty. */
int64_t zp_ct_plan_cost(const contig *c);
int64_t zp_ct_plan_shortfall(const contig *c);

/* Components of every catchment and each school's main piece (its nearest block's). */
void zp_ct_components(contig *c);
/* The blocks outside their school's main piece, grouped by piece: c->order, c->pstart. */
void zp_ct_list_pieces(contig *c);
/* Pieces without children join the catchment around them (apart.c); how many did. */
size_t zp_ct_settle_empty(contig *c);
/* The pieces left apart with their reasons, and the lands short of places (apart.c). */
int zp_ct_report_left(contig *c, zp_contig_report *rep);

/* A fresh BFS mark (three values per search). */
int32_t zp_ct_next_mark(contig *c);
/* Cost of a block at a school it cannot go to (unreachable, or barred by the input's
 * limits): above any real cost, and some hundreds of them still sum within 64 bits. */
#define ZP_CT_NEVER ((int64_t)1 << 55)
/* Cost of block b's placed children at school s (cm); ZP_CT_NEVER where it cannot go. */
int64_t zp_ct_cost(const contig *c, size_t b, int32_t s);
/* Cost added (cm) if every block of blk[] went to school t with its placed children. */
int64_t zp_ct_whole_delta(contig *c, const int32_t *blk, size_t n, int32_t t);
/* Block b with its placed children to school t, in t's main piece. */
void zp_ct_move_block(contig *c, size_t b, int32_t t);
/* The blocks of t's main piece now, by BFS from its anchor: c->mlist[0..return). */
size_t zp_ct_main_members(contig *c, int32_t t);
/* Would t's main piece, without out[] and with blk[], be one piece? */
int zp_ct_still_whole(contig *c, int32_t t, const int32_t *out, size_t nout, const int32_t *blk,
                      size_t n);
/* A chain of schools each handing edge blocks to the next until one has room, or, with
 * allow_shed where places are short, the last one leaving children without a place
 * (chain.c). 1: joined. */
int zp_ct_chain(contig *c, const int32_t *blk, size_t n, int allow_shed);
/* The piece joins another piece of school t that it touches, t making room by a chain of
 * hand-ons from its main piece (chain.c). 1: joined. */
int zp_ct_chain_into(contig *c, const int32_t *blk, size_t n, int32_t t);
/* Where places are short: schools with room pull edge blocks from their neighbours, chain
 * by chain, so that children without a place get one (chain.c). 1: something moved. */
int zp_ct_fill(contig *c);
/* Catchments grown afresh from each school's anchor block in the LP's price order, each one
 * piece by construction, then improved by pull chains and boundary moves; blocks left
 * without a place go back to start's school where it has room, as pieces (grow.c). */
int zp_ct_grow(contig *c, const zp_ct_plan *start);

#endif
