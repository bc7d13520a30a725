/* The LP relaxation of the assignment, solved exactly by successive shortest paths
 * on a graph whose nodes are schools (plus one shortfall node), not blocks.
 *
 * Start with every block at its nearest candidate: optimal but for capacity. Then
 * route each over-full school's excess to a school with room along a shortest path,
 * where moving one child from school u to school v through block b costs
 * t_bv - t_bu. The cheapest such move for each (u, v) pair is the top of a heap of
 * the blocks at u, so a shortest-path search touches schools and school pairs only:
 * schools are few, blocks many. Potentials keep reduced costs non-negative
 * (Dijkstra), and at the end they are the schools' dual prices. All costs are
 * integers (centimetres) and flows whole children, so the optimum is exact. */
#include <stdlib.h>
#include <string.h>

#include "lp.h"
#include "zoneplan/errors.h"

#define INF INT64_MAX

typedef struct entry {
    int64_t key;     /* cost[to] - cost[from] */
    size_t from, to; /* arcs of one block */
} entry;

typedef struct edge {
    int32_t u, v;
    int64_t topkey; /* key of heap[0], INF when empty; trusted while u is not dirty */
    size_t n, cap;
    entry *heap;
} edge;

typedef struct graph {
    zp_lp *lp;
    edge *edges;
    size_t nedges, capedges;
    int64_t *slot; /* open-addressing table: edge id + 1, 0 empty */
    uint64_t *slot_key;
    size_t nslots;
    int32_t **adj;
    size_t *nadj, *capadj;
    char *dirty; /* per node: some block left it, so its edges' tops may be stale */
} graph;

static uint64_t hash64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

static int rehash(graph *g)
{
    size_t n = g->nslots ? g->nslots * 2 : 1024;
    int64_t *slot = calloc(n, sizeof *slot);
    uint64_t *keys = calloc(n, sizeof *keys);
    if (!slot || !keys) {
        free(slot);
        free(keys);
        return -1;
    }
    for (size_t i = 0; i < g->nslots; i++) {
        if (!g->slot[i])
            continue;
        size_t h = hash64(g->slot_key[i]) & (n - 1);
        while (slot[h])
            h = (h + 1) & (n - 1);
        slot[h] = g->slot[i];
        keys[h] = g->slot_key[i];
    }
    free(g->slot);
    free(g->slot_key);
    g->slot = slot;
    g->slot_key = keys;
    g->nslots = n;
    return 0;
}

/* The edge u -> v, created on first use. */
static edge *edge_get(graph *g, int32_t u, int32_t v)
{
    if ((g->nedges + 1) * 2 > g->nslots && rehash(g))
        return NULL;
    uint64_t key = (uint64_t)u * (g->lp->ns + 1) + (uint64_t)v;
    size_t h = hash64(key) & (g->nslots - 1);
    while (g->slot[h]) {
        if (g->slot_key[h] == key)
            return &g->edges[g->slot[h] - 1];
        h = (h + 1) & (g->nslots - 1);
    }
    if (zp_grow((void **)&g->edges, &g->capedges, g->nedges + 1, sizeof *g->edges) ||
        zp_grow((void **)&g->adj[u], &g->capadj[u], g->nadj[u] + 1, sizeof **g->adj))
        return NULL;
    edge *e = &g->edges[g->nedges];
    memset(e, 0, sizeof *e);
    e->u = u;
    e->v = v;
    e->topkey = INF;
    g->adj[u][g->nadj[u]++] = (int32_t)g->nedges;
    g->slot[h] = (int64_t)++g->nedges;
    g->slot_key[h] = key;
    return e;
}

static int entry_less(const entry *a, const entry *b)
{
    if (a->key != b->key)
        return a->key < b->key;
    return a->from < b->from; /* deterministic ties */
}

static int heap_push(edge *e, entry x)
{
    if (zp_grow((void **)&e->heap, &e->cap, e->n + 1, sizeof *e->heap))
        return -1;
    size_t i = e->n++;
    while (i > 0 && entry_less(&x, &e->heap[(i - 1) / 2])) {
        e->heap[i] = e->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    e->heap[i] = x;
    e->topkey = e->heap[0].key;
    return 0;
}

static void heap_pop(edge *e)
{
    entry x = e->heap[--e->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= e->n)
            break;
        if (c + 1 < e->n && entry_less(&e->heap[c + 1], &e->heap[c]))
            c++;
        if (!entry_less(&e->heap[c], &x))
            break;
        e->heap[i] = e->heap[c];
        i = c;
    }
    if (e->n)
        e->heap[i] = x;
}

/* Drop the stale tops (blocks that left u) of every edge out of u. Reading a block's
 * flow for every edge of every search was the solver's hottest cache miss, so edges
 * keep their top key and are re-checked only after a block has left their node. */
static void clean_node(graph *g, int32_t u)
{
    for (size_t i = 0; i < g->nadj[u]; i++) {
        edge *e = &g->edges[g->adj[u][i]];
        while (e->n && g->lp->flow[e->heap[0].from] == 0)
            heap_pop(e);
        e->topkey = e->n ? e->heap[0].key : INF;
    }
    g->dirty[u] = 0;
}

/* Key of the cheapest valid move along e (INF when none); heap[0] is that move. */
static int64_t edge_key(graph *g, edge *e)
{
    if (g->dirty[e->u])
        clean_node(g, e->u);
    return e->topkey;
}

/* Arc a just gained flow: its block can now move from that school to any other arc. */
static int add_moves(graph *g, size_t a)
{
    zp_lp *lp = g->lp;
    if (lp->to[a] == (int32_t)lp->ns)
        return 0; /* shortfall never has excess: nothing moves out of it */
    int32_t b = lp->owner[a];
    for (size_t a2 = lp->start[b]; a2 < lp->start[b + 1]; a2++) {
        if (a2 == a)
            continue;
        edge *e = edge_get(g, lp->to[a], lp->to[a2]);
        if (!e || heap_push(e, (entry){lp->cost[a2] - lp->cost[a], a, a2}))
            return -1;
    }
    return 0;
}

static void graph_free(graph *g)
{
    for (size_t i = 0; i < g->nedges; i++)
        free(g->edges[i].heap);
    free(g->edges);
    free(g->slot);
    free(g->slot_key);
    for (size_t i = 0; g->adj && i <= g->lp->ns; i++)
        free(g->adj[i]);
    free(g->adj);
    free(g->nadj);
    free(g->capadj);
    free(g->dirty);
}

static int start_flows(graph *g)
{
    zp_lp *lp = g->lp;
    size_t nn = lp->ns + 1;
    g->adj = calloc(nn, sizeof *g->adj);
    g->nadj = calloc(nn, sizeof *g->nadj);
    g->capadj = calloc(nn, sizeof *g->capadj);
    g->dirty = calloc(nn, 1);
    lp->load = calloc(nn, sizeof *lp->load);
    lp->price = calloc(nn, sizeof *lp->price);
    if (!g->adj || !g->nadj || !g->capadj || !g->dirty || !lp->load || !lp->price || rehash(g))
        return -1;
    memset(lp->flow, 0, sizeof *lp->flow * lp->narcs);
    for (size_t b = 0; b < lp->nb; b++) {
        size_t a = lp->start[b]; /* cheapest arc first */
        lp->flow[a] = lp->demand[b];
        lp->load[lp->to[a]] += lp->demand[b];
        if (add_moves(g, a))
            return -1;
    }
    return 0;
}

/* ---- shortest paths over schools ---- */

typedef struct node_heap {
    int64_t *d;
    int32_t *v;
    size_t n, cap;
} node_heap;

static int nh_push(node_heap *h, int64_t d, int32_t v)
{
    if (h->n == h->cap) { /* grow both arrays together */
        size_t cap = h->cap ? h->cap * 2 : 64;
        int64_t *nd = realloc(h->d, cap * sizeof *nd);
        if (nd)
            h->d = nd;
        int32_t *nv = realloc(h->v, cap * sizeof *nv);
        if (nv)
            h->v = nv;
        if (!nd || !nv)
            return -1;
        h->cap = cap;
    }
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h->d[p] < d || (h->d[p] == d && h->v[p] <= v))
            break;
        h->d[i] = h->d[p];
        h->v[i] = h->v[p];
        i = p;
    }
    h->d[i] = d;
    h->v[i] = v;
    return 0;
}

static void nh_pop(node_heap *h, int64_t *d, int32_t *v)
{
    *d = h->d[0];
    *v = h->v[0];
    int64_t xd = h->d[--h->n];
    int32_t xv = h->v[h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n &&
            (h->d[c + 1] < h->d[c] || (h->d[c + 1] == h->d[c] && h->v[c + 1] < h->v[c])))
            c++;
        if (xd < h->d[c] || (xd == h->d[c] && xv <= h->v[c]))
            break;
        h->d[i] = h->d[c];
        h->v[i] = h->v[c];
        i = c;
    }
    if (h->n) {
        h->d[i] = xd;
        h->v[i] = xv;
    }
}

typedef struct search {
    int64_t *dist;
    int32_t *pred; /* edge id into v, -1 at a source */
    char *done;
    node_heap heap;
    /* admissible-path phase */
    size_t *cur; /* next out-edge to try, per node */
    char *dead;  /* no admissible path to a sink from here, this phase */
    char *onpath;
    int32_t *path;    /* nodes of the current path */
    int32_t *touched; /* nodes whose dist/done/dead/cur were set this round */
    char *marked;     /* in touched */
    size_t ntouched;
} search;

static void touch(search *s, int32_t v)
{
    if (!s->marked[v]) {
        s->marked[v] = 1;
        s->touched[s->ntouched++] = v;
    }
}

static int is_sink(const zp_lp *lp, int32_t u)
{
    return u == (int32_t)lp->ns || lp->load[u] < lp->cap[u];
}

static int relax_from(graph *g, search *s, int32_t u, int64_t du)
{
    zp_lp *lp = g->lp;
    for (size_t i = 0; i < g->nadj[u]; i++) {
        edge *e = &g->edges[g->adj[u][i]];
        if (s->done[e->v])
            continue;
        int64_t key = edge_key(g, e);
        if (key == INF)
            continue;
        int64_t rc = key + lp->price[u] - lp->price[e->v];
        if (rc < 0)
            return zp_error_set(ZP_ERROR, "assignment solver: negative reduced cost %lld",
                                (long long)rc);
        if (du + rc < s->dist[e->v]) {
            touch(s, e->v);
            s->dist[e->v] = du + rc;
            s->pred[e->v] = g->adj[u][i];
            if (nh_push(&s->heap, du + rc, e->v))
                return zp_error_set(ZP_ENOMEM, "out of memory");
        }
    }
    return ZP_OK;
}

/* Forget the last round: only the nodes it touched, so a round costs what it explores. */
static void reset_round(search *s)
{
    for (size_t i = 0; i < s->ntouched; i++) {
        int32_t v = s->touched[i];
        s->dist[v] = INF;
        s->pred[v] = -1;
        s->done[v] = 0;
        s->dead[v] = 0;
        s->onpath[v] = 0;
        s->cur[v] = 0;
        s->marked[v] = 0;
    }
    s->ntouched = 0;
}

/* Dijkstra from one over-full school to the nearest node with room. Searching from one
 * source explores only the schools around it, where a search from all sources at once
 * would relax every over-full school's edges each round. */
static int shortest_path(graph *g, search *s, int32_t src, int32_t *sink)
{
    zp_lp *lp = g->lp;
    reset_round(s);
    s->heap.n = 0;
    touch(s, src);
    s->dist[src] = 0;
    if (nh_push(&s->heap, 0, src))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    *sink = -1;
    while (s->heap.n) {
        int64_t d;
        int32_t u;
        nh_pop(&s->heap, &d, &u);
        if (s->done[u] || d > s->dist[u])
            continue;
        s->done[u] = 1;
        if (is_sink(lp, u)) {
            *sink = u;
            return ZP_OK;
        }
        int rc = relax_from(g, s, u, d);
        if (rc)
            return rc;
    }
    return zp_error_set(ZP_ERROR, "assignment solver: excess with no path to spare capacity");
}

static int augment(graph *g, search *s, int32_t sink)
{
    zp_lp *lp = g->lp;
    int64_t amount = sink == (int32_t)lp->ns ? INF : lp->cap[sink] - lp->load[sink];
    int32_t v = sink;
    while (s->pred[v] >= 0) {
        edge *e = &g->edges[s->pred[v]];
        int64_t f = lp->flow[e->heap[0].from];
        amount = f < amount ? f : amount;
        v = e->u;
    }
    int32_t src = v;
    int64_t excess = lp->load[src] - lp->cap[src];
    amount = excess < amount ? excess : amount;
    for (v = sink; s->pred[v] >= 0;) {
        /* copy out of the edge: add_moves may grow (move) the edge array */
        entry move = g->edges[s->pred[v]].heap[0];
        v = g->edges[s->pred[v]].u;
        lp->flow[move.from] -= (int32_t)amount;
        if (lp->flow[move.from] == 0)
            g->dirty[lp->to[move.from]] = 1;
        int gained = lp->flow[move.to] == 0;
        lp->flow[move.to] += (int32_t)amount;
        if (gained && add_moves(g, move.to))
            return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    lp->load[src] -= amount;
    lp->load[sink] += amount;
    lp->augmentations++;
    return ZP_OK;
}

/* pi += min(dist, D) for every node. Untouched nodes (dist >= D) all gain D, kept as
 * a common base so a round updates only the nodes it touched; prices are used only
 * as differences, where the base cancels. */
static void update_potentials(zp_lp *lp, const search *s, int32_t sink)
{
    int64_t D = s->dist[sink];
    for (size_t i = 0; i < s->ntouched; i++) {
        int32_t v = s->touched[i];
        if (s->dist[v] < D)
            lp->price[v] += s->dist[v] - D;
    }
    /* price[v] + base: the base is folded into every price lazily at the end */
    lp->price_base += D;
}

/* Is edge e admissible: a valid move whose reduced cost is zero? */
static int admissible(graph *g, edge *e)
{
    int64_t key = edge_key(g, e);
    return key != INF && key + g->lp->price[e->u] - g->lp->price[e->v] == 0;
}

/* Depth-first search from src along admissible edges to a node with room; fills pred.
 * Returns the sink or -1. Dead ends stay dead for the phase (Dinic-style), so a phase
 * costs about one pass over the edges plus the paths found. */
static int32_t admissible_path(graph *g, search *s, int32_t src)
{
    int depth = 0;
    s->path[0] = src;
    s->pred[src] = -1;
    s->onpath[src] = 1;
    while (depth >= 0) {
        int32_t u = s->path[depth];
        if (depth > 0 && is_sink(g->lp, u))
            return u;
        int advanced = 0;
        while (s->cur[u] < g->nadj[u] && !advanced) {
            int32_t eid = g->adj[u][s->cur[u]];
            edge *e = &g->edges[eid];
            if (!s->dead[e->v] && !s->onpath[e->v] && admissible(g, e)) {
                touch(s, e->v);
                s->pred[e->v] = eid;
                s->onpath[e->v] = 1;
                s->path[++depth] = e->v;
                advanced = 1;
            } else {
                s->cur[u]++;
            }
        }
        if (advanced)
            continue;
        s->dead[u] = 1; /* retreat */
        s->onpath[u] = 0;
        if (--depth >= 0)
            s->cur[s->path[depth]]++;
    }
    return -1;
}

/* After a Dijkstra round, push what admissible paths from the same source allow before
 * the next round: the potentials stay valid, and some rounds then serve several blocks. */
static int admissible_phase(graph *g, search *s, int32_t src)
{
    zp_lp *lp = g->lp;
    for (size_t i = 0; i < s->ntouched; i++) {
        int32_t v = s->touched[i];
        s->cur[v] = 0;
        s->dead[v] = 0;
        s->onpath[v] = 0;
    }
    while (lp->load[src] > lp->cap[src] && !s->dead[src]) {
        int32_t sink = admissible_path(g, s, src);
        if (sink < 0)
            break;
        for (int32_t v = sink; v >= 0; v = s->pred[v] >= 0 ? g->edges[s->pred[v]].u : -1)
            s->onpath[v] = 0;
        int rc = augment(g, s, sink);
        if (rc)
            return rc;
    }
    return ZP_OK;
}

static int route_excess(graph *g)
{
    zp_lp *lp = g->lp;
    size_t nn = lp->ns + 1;
    search s = {0};
    s.dist = malloc(nn * sizeof *s.dist);
    s.pred = malloc(nn * sizeof *s.pred);
    s.done = calloc(nn, 1);
    s.cur = calloc(nn, sizeof *s.cur);
    s.dead = calloc(nn, 1);
    s.onpath = calloc(nn, 1);
    s.path = malloc(nn * sizeof *s.path);
    s.touched = malloc(nn * sizeof *s.touched);
    s.marked = calloc(nn, 1);
    int rc = (!s.dist || !s.pred || !s.done || !s.cur || !s.dead || !s.onpath || !s.path ||
              !s.touched || !s.marked)
                 ? zp_error_set(ZP_ENOMEM, "out of memory")
                 : ZP_OK;
    for (size_t v = 0; !rc && v < nn; v++) {
        s.dist[v] = INF;
        s.pred[v] = -1;
    }
    int32_t sink = -1;
    for (size_t src = 0; !rc && src < lp->ns; src++) {
        while (!rc && lp->load[src] > lp->cap[src]) {
            rc = shortest_path(g, &s, (int32_t)src, &sink);
            if (!rc) {
                update_potentials(lp, &s, sink);
                rc = augment(g, &s, sink);
            }
            if (!rc)
                rc = admissible_phase(g, &s, (int32_t)src);
            lp->rounds++;
        }
    }
    free(s.dist);
    free(s.pred);
    free(s.done);
    free(s.cur);
    free(s.dead);
    free(s.onpath);
    free(s.path);
    free(s.touched);
    free(s.marked);
    free(s.heap.d);
    free(s.heap.v);
    return rc;
}

int zp_lp_solve(zp_lp *lp)
{
    graph g = {.lp = lp};
    lp->augmentations = 0;
    lp->rounds = 0;
    lp->price_base = 0;
    int rc = start_flows(&g) ? zp_error_set(ZP_ENOMEM, "out of memory") : ZP_OK;
    if (!rc)
        rc = route_excess(&g);
    if (!rc) {
        /* nodes with room all carry the shortfall node's potential: duals are the rest */
        int64_t top = lp->price[lp->ns]; /* the common base cancels here */
        for (size_t v = 0; v <= lp->ns; v++)
            lp->price[v] = top - lp->price[v];
    }
    graph_free(&g);
    return rc;
}

void zp_lp_free_results(zp_lp *lp)
{
    free(lp->load);
    free(lp->price);
    lp->load = lp->price = NULL;
}
