/* Internal to the walk (network.c: the graph and one-source searches; knn.c: the nearest
 * sites of every block; heap.c: the priority queues): its state and the helpers they share. */
#ifndef ZP_DIST_WALK_INTERNAL_H
#define ZP_DIST_WALK_INTERNAL_H

#include <stdint.h>

#include "core/heap.h"
#include "dist_internal.h"

#define UNREACHED INT64_MAX

typedef struct known {
    int32_t site, next;
    int64_t um; /* UNREACHED: no walk exists */
} known;

typedef zp_hent hent;
typedef zp_heap heap;

typedef struct rbucket {
    hent *a;
    size_t n, cap;
} rbucket;

typedef struct rheap {
    rbucket b[65];
    heap zero; /* entries at distance `last` */
    int64_t last;
    size_t n;
} rheap;

/* heap.c: the radix heap over core's binary heap (by distance, site, node). */
int zp_rheap_push(rheap *h, int64_t d, int32_t node, int32_t site);
/* The next entry; h->n must be > 0. Fails only for want of memory (*rc set). */
hent zp_rheap_pop(rheap *h, int *rc);
void zp_rheap_reset(rheap *h);
void zp_rheap_free(rheap *h);

/* An arc of the walk's graph: its length, the node it leads to, and the road edge it runs
 * along (~edge: against the edge's geometry), side by side as a search reads them. */
typedef struct zp_arc {
    int64_t len;
    int32_t to, edge;
} zp_arc;

struct knn_done;
struct zp_walk {
    const zp_roads *r;
    size_t nn;     /* road nodes, then one per joined point */
    size_t *start; /* CSR over nodes */
    zp_arc *arc;
    int64_t *soff;  /* per site node (nn - nnodes of them): micrometres along its edge */
    int32_t *orig;  /* per node: its number before renumbering (a road node's, or nnodes + the
                       site node's rank), which the edges and soff go by */
    int32_t *comp;  /* per node */
    zp_attach *att; /* per block, then per site: where it joins */
    double *x, *y;  /* per node: where it is (the straight line to a target guides pair searches) */
    int64_t *hv;    /* per node: its guide to the current pair search's target (stamped by seen) */
    heap ah;        /* the pair search's heap, by distance plus guide */
    int32_t *snode; /* per site: its node, -1 when it could not join */
    /* Blocks are not nodes (they are many; the searches would carry them): a block lies on the
     * piece between nodes ba and bb, boa micrometres from ba and bob to bb (ba -1: it could
     * not join). Sites are nodes: a piece never holds one inside, so a walk from a block
     * leaves its piece by one end or the other. */
    int32_t *ba, *bb;
    int64_t *boa, *bob;
    int64_t *bacc, *sacc;
    double *bacc_m, *sacc_m; /* the same in metres, INFINITY where the point did not join */
    int32_t *head;           /* per block: its known distances */
    known *kn;
    size_t nkn, capkn;
    int64_t *dist; /* search scratch, valid where seen[v] == stamp */
    uint32_t *seen, *done, stamp;
    int32_t *want;        /* per node: targets of a bounded search (stamped by seen2) */
    struct knn_done *pre; /* two searches done ahead, for the two levels */
    struct knn_done *kept; /* the last searches, answered again (zp_dist_keep_nearest) */
    int nkept, kept_next;
    uint32_t *seen2;
    rheap h;
};

/* network.c */
double zp_walk_metres(int64_t um); /* INFINITY for UNREACHED */
/* Keep the walk from block b to site s (um micrometres, UNREACHED: none) for later pairs. */
int zp_walk_remember(zp_walk *w, size_t b, int32_t s, int64_t um);
/* A whole search from site s; then zp_walk_block_walk gives each block's walk to it. */
int zp_walk_search_site(zp_walk *w, size_t s);
int64_t zp_walk_block_walk(const zp_walk *w, size_t b);
/* A search from site s until the target nodes (-1: none) are settled, numbering nodes in the
 * order they settle (order[v]; a node's parent in the tree of shortest walks is then a
 * neighbour settled before it, at its distance less the arc's). */
int zp_walk_search_ordered(zp_walk *w, size_t s, const int32_t *targets, size_t n, int32_t *order);
/* Whether node v was settled by the last search. */
int zp_walk_settled(const zp_walk *w, int32_t v);
/* knn.c */
void zp_walk_prefetch_free(zp_walk *w);
/* The kept searches (zp_walk_keep), freed with the walk. */
void zp_walk_keep_free(zp_walk *w);

#endif
