/* Internal: the exact finish's state, shared by exact.c (pairs, reduced-cost fixing, roots,
 * the rounds) and exact_milp.c (the MILP, CBC, the plan from its solution). */
#ifndef ZP_EXACT_INTERNAL_H
#define ZP_EXACT_INTERNAL_H

#include <Cbc_C_Interface.h>

#include "alloc_internal.h"

typedef struct xpair {
    int32_t school;
    int64_t cost; /* cm per child */
    double dist;  /* metres, for the closer-neighbour order (contiguity only) */
    int32_t col;  /* the pair's binary column; -1 not in the model */
} xpair;

typedef struct exact {
    const zp_alloc_input *in;
    const zp_exact_options *opt;
    zp_alloc_result *r;
    size_t nb, ns;
    int64_t P;
    int64_t *price, *cap, *v; /* per school; per school less locked; per block */
    uint8_t *kind;            /* per block: 0 fixed, 1 children, 2 connector */
    uint8_t *complete;        /* per block: every school below reach is listed */
    int64_t *reach;           /* per completed block: the cost (cm) its list reaches */
    size_t *start;            /* CSR of pairs by block */
    xpair *pair;
    size_t npair, cap_pair;
    int32_t *root; /* per school */
    uint8_t *island;
    int64_t L, locked_cm, full_cm; /* dual bound; cost of locked blocks; P x children */
    int64_t open_floor;            /* least a plan using an open block's unlisted pair costs */
    int rooted;                    /* roots and islands found (once) */
    int too_large;                 /* the rule's model would outnumber max_pairs */
    size_t expanded;
} exact;

typedef struct triple {
    int32_t row, col;
    double val;
} triple;

typedef struct model {
    triple *t;
    size_t nt, capt;
    int32_t nrows, ncols;
    double *rlo, *rhi, *clo, *chi, *obj;
    uint8_t *integer;
    size_t caprow, caprow2, capcol;
    double inf;
} model;

typedef struct saved {
    int32_t *school, *placed, *unplaced;
    int64_t *load;
} saved;

typedef struct outcome {
    int proven, found, on_time;
    int empty;      /* proven: nothing under the cutoff (the plan in hand is optimal) */
    int has_bound;  /* bound_m is CBC's (it had one) */
    double bound_m; /* CBC's bound on the model, the objective's constant added */
    int64_t nodes;
} outcome;

/* exact.c */
int zp_exact_grow(void **p, size_t *cap, size_t need, size_t size);
xpair *zp_exact_find_pair(exact *e, size_t b, int32_t s);
/* a before b in the closer-neighbour order: distance, then index */
int zp_exact_closer(double da, size_t a, double db, size_t b);
/* Pair p of block b may be in a plan costing at most target (or is forced: root, start). */
int zp_exact_kept(const exact *e, size_t b, const xpair *p, int64_t target);

/* lagrange.c: the Lagrangian bound (a knapsack per school) over e's pairs, the multipliers
 * started from the LP's duals and stepped towards upper (cm); *bound in cm. */
int zp_exact_lagrange(exact *e, int64_t upper, int64_t *bound);

/* exact_milp.c */
/* The MILP over the pairs kept for target, with the closer-neighbour rows when e has a graph. */
int zp_exact_build(exact *e, int64_t target, model *m, zp_exact_report *rep);
void zp_exact_model_free(model *m);
/* CBC on m within seconds, started from e's plan; its solution, if any, replaces the plan. */
int zp_exact_cbc(exact *e, model *m, double seconds, double constant_m, double cutoff_m,
                 outcome *out);
int zp_exact_save(const exact *e, saved *sv);
void zp_exact_restore(const exact *e, const saved *sv);
void zp_exact_saved_free(saved *sv);

#endif
