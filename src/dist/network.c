/* The walk: distances along the road graph between blocks and sites.
 *
 * Every block and site joins the graph at its own point along an edge (attach.c); the
 * edge is split there, so a walk from a block starts at its node with the access link's
 * length already counted. Lengths are whole micrometres: a distance is the same integer
 * whether it came from the many-source search, a search from the block or one from the
 * school, so a cost compared twice never rounds two ways.
 *
 * - nearest: one search from every site at once, each node keeping its k best labels of
 *   distinct sites (label-setting: a node settles at most k labels, each site once), so
 *   all blocks' k nearest sites come from one pass, not a search per block or per school.
 * - many / pair: a search from the block, stopped when the sites asked for are settled
 *   or the bound is passed; answers are kept per block, as pricing and repair ask again.
 * - from_site: one whole search from a site. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "dist_internal.h"
#include "zoneplan/errors.h"

#define UNREACHED INT64_MAX

typedef struct known {
    int32_t site, next;
    int64_t um; /* UNREACHED: no walk exists */
} known;

typedef struct hent {
    int64_t d;
    int32_t node, site;
} hent;

typedef struct heap {
    hent *a;
    size_t n, cap;
} heap;

/* ---- heap ordered by (distance, site, node): ties settle the same way every time ---- */

static int before(const hent *x, const hent *y)
{
    if (x->d != y->d)
        return x->d < y->d;
    if (x->site != y->site)
        return x->site < y->site;
    return x->node < y->node;
}

static int push(heap *h, int64_t d, int32_t node, int32_t site)
{
    if (zp_grow((void **)&h->a, &h->cap, h->n + 1, sizeof *h->a))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t i = h->n++;
    hent e = {d, node, site};
    while (i > 0 && before(&e, &h->a[(i - 1) / 2])) {
        h->a[i] = h->a[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->a[i] = e;
    return ZP_OK;
}

static hent pop(heap *h)
{
    hent top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && before(&h->a[c + 1], &h->a[c]))
            c++;
        if (!before(&h->a[c], &last))
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n)
        h->a[i] = last;
    return top;
}

/* ---- radix heap: distances only grow during a search (integer micrometres), so entries
 * wait in buckets by the highest bit in which they differ from the last distance taken and
 * are sorted only when their bucket comes up; the entries at exactly that distance go
 * through a binary heap, in (site, node) order, so ties settle the same way every time ---- */

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

static int bucket_of(int64_t d, int64_t last)
{
    return 64 - __builtin_clzll((unsigned long long)(d ^ last));
}

static int rpush(rheap *h, int64_t d, int32_t node, int32_t site)
{
    h->n++;
    if (d == h->last)
        return push(&h->zero, d, node, site);
    rbucket *b = &h->b[bucket_of(d, h->last)];
    if (zp_grow((void **)&b->a, &b->cap, b->n + 1, sizeof *b->a))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    b->a[b->n++] = (hent){d, node, site};
    return ZP_OK;
}

/* The next entry; h->n must be > 0. Fails only for want of memory (*rc set). */
static hent rpop(rheap *h, int *rc)
{
    if (!h->zero.n) {
        int i = 1;
        while (!h->b[i].n)
            i++;
        rbucket *b = &h->b[i];
        int64_t m = b->a[0].d;
        for (size_t j = 1; j < b->n; j++)
            m = b->a[j].d < m ? b->a[j].d : m;
        h->last = m;
        size_t n = b->n;
        b->n = 0;
        h->n -= n;
        for (size_t j = 0; j < n && !*rc; j++) /* every entry moves to a lower bucket */
            *rc = rpush(h, b->a[j].d, b->a[j].node, b->a[j].site);
    }
    h->n--;
    return pop(&h->zero);
}

static void rheap_reset(rheap *h)
{
    for (int i = 0; i < 65; i++)
        h->b[i].n = 0;
    h->zero.n = 0;
    h->n = 0;
    h->last = 0;
}

static void rheap_free(rheap *h)
{
    for (int i = 0; i < 65; i++)
        free(h->b[i].a);
    free(h->zero.a);
}

struct zp_walk {
    const zp_roads *r;
    size_t nn;     /* road nodes, then one per joined point */
    size_t *start; /* CSR over nodes */
    int32_t *to;
    int64_t *w;
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
    uint32_t *seen2;
    rheap h;
};

static void prefetch_free(zp_walk *w);

/* ---- the split graph ---- */

typedef struct joined {
    int32_t edge, point;
    int64_t off;
} joined;

static int cmp_joined(const void *a, const void *b)
{
    const joined *x = a, *y = b;
    if (x->edge != y->edge)
        return x->edge < y->edge ? -1 : 1;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    return (x->point > y->point) - (x->point < y->point);
}

static void link(zp_walk *w, size_t *fill, int32_t a, int32_t b, int64_t len)
{
    w->to[fill[a]] = b;
    w->w[fill[a]++] = len;
    w->to[fill[b]] = a;
    w->w[fill[b]++] = len;
}

/* Block b on the piece of its edge between the sites joined there (j: sorted by edge and
 * offset): its two ends and the micrometres to each. */
static void place_block(zp_walk *w, const zp_attach *a, const joined *j, size_t nj, size_t b)
{
    const zp_roads *r = w->r;
    w->ba[b] = w->bb[b] = -1;
    if (a->edge < 0)
        return;
    size_t lo = 0, hi = nj; /* the first site at or after the block along its edge */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (j[mid].edge < a->edge || (j[mid].edge == a->edge && j[mid].off < a->off))
            lo = mid + 1;
        else
            hi = mid;
    }
    int prev = lo > 0 && j[lo - 1].edge == a->edge, next = lo < nj && j[lo].edge == a->edge;
    int64_t at_a = prev ? j[lo - 1].off : 0, at_b = next ? j[lo].off : r->elen[a->edge];
    w->ba[b] = prev ? (int32_t)(r->nnodes + lo - 1) : r->eu[a->edge];
    w->bb[b] = next ? (int32_t)(r->nnodes + lo) : r->ev[a->edge];
    w->boa[b] = a->off - at_a;
    w->bob[b] = at_b - a->off;
}

/* Split every edge at the sites joined to it and build the adjacency (CSR). */
static int split(zp_walk *w, const zp_attach *att, size_t np, size_t nb)
{
    const zp_roads *r = w->r;
    joined *j = malloc((np + 1) * sizeof *j);
    if (!j)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t nj = 0;
    for (size_t p = nb; p < np; p++) /* the sites */
        if (att[p].edge >= 0)
            j[nj++] = (joined){att[p].edge, (int32_t)p, att[p].off};
    qsort(j, nj, sizeof *j, cmp_joined);
    w->nn = r->nnodes + nj;
    size_t ne = r->nedges + nj;
    w->start = calloc(w->nn + 2, sizeof *w->start);
    w->to = malloc((2 * ne + 1) * sizeof *w->to);
    w->w = malloc((2 * ne + 1) * sizeof *w->w);
    w->comp = malloc((w->nn + 1) * sizeof *w->comp);
    w->x = malloc((w->nn + 1) * sizeof *w->x);
    w->y = malloc((w->nn + 1) * sizeof *w->y);
    w->hv = malloc((w->nn + 1) * sizeof *w->hv);
    size_t *fill = malloc((w->nn + 1) * sizeof *fill);
    int rc = w->start && w->to && w->w && w->comp && fill
                 ? ZP_OK
                 : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t pass = 0; !rc && pass < 2; pass++) {
        size_t k = 0;
        for (size_t e = 0; e < r->nedges; e++) {
            int32_t prev = r->eu[e];
            int64_t at = 0;
            for (; k < nj && j[k].edge == (int32_t)e; k++) {
                int32_t node = (int32_t)(r->nnodes + k);
                if (pass == 0) {
                    w->start[prev + 1]++, w->start[node + 1]++;
                    w->comp[node] = r->comp[r->eu[e]];
                    w->x[node] = att[j[k].point].qx;
                    w->y[node] = att[j[k].point].qy;
                    w->snode[(size_t)j[k].point - nb] = node;
                } else {
                    link(w, fill, prev, node, j[k].off - at);
                }
                prev = node;
                at = j[k].off;
            }
            if (pass == 0)
                w->start[prev + 1]++, w->start[r->ev[e] + 1]++;
            else
                link(w, fill, prev, r->ev[e], r->elen[e] - at);
        }
        if (pass == 0) {
            for (size_t v = 0; v < w->nn; v++)
                w->start[v + 1] += w->start[v];
            memcpy(fill, w->start, w->nn * sizeof *fill);
            memcpy(w->comp, r->comp, r->nnodes * sizeof *w->comp);
            memcpy(w->x, r->nx, r->nnodes * sizeof *w->x);
            memcpy(w->y, r->ny, r->nnodes * sizeof *w->y);
        }
    }
    for (size_t b = 0; !rc && b < nb; b++)
        place_block(w, &att[b], j, nj, b);
    free(fill);
    free(j);
    return rc;
}

int zp_walk_new(zp_dist *d, const zp_roads *roads)
{
    zp_walk *w = calloc(1, sizeof *w);
    if (!w)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    d->walk = w;
    w->r = roads;
    size_t nb = d->nb, ns = d->ns, np = nb + ns;
    zp_attach *att = malloc((np + 1) * sizeof *att);
    double *x = malloc((np + 1) * sizeof *x), *y = malloc((np + 1) * sizeof *y);
    w->ba = malloc((nb + 1) * sizeof *w->ba);
    w->bb = malloc((nb + 1) * sizeof *w->bb);
    w->boa = malloc((nb + 1) * sizeof *w->boa);
    w->bob = malloc((nb + 1) * sizeof *w->bob);
    w->snode = malloc((ns + 1) * sizeof *w->snode);
    w->bacc = calloc(nb + 1, sizeof *w->bacc);
    w->sacc = calloc(ns + 1, sizeof *w->sacc);
    w->head = malloc((nb + 1) * sizeof *w->head);
    w->bacc_m = malloc((nb + 1) * sizeof *w->bacc_m);
    w->sacc_m = malloc((ns + 1) * sizeof *w->sacc_m);
    int rc = att && x && y && w->ba && w->bb && w->boa && w->bob && w->snode && w->bacc &&
                     w->sacc && w->head && w->bacc_m && w->sacc_m
                 ? ZP_OK
                 : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc) {
        memcpy(x, d->bx, nb * sizeof *x), memcpy(x + nb, d->sx, ns * sizeof *x);
        memcpy(y, d->by, nb * sizeof *y), memcpy(y + nb, d->sy, ns * sizeof *y);
        for (size_t b = 0; b < nb; b++)
            w->ba[b] = w->bb[b] = w->head[b] = -1;
        for (size_t s = 0; s < ns; s++)
            w->snode[s] = -1;
        rc = zp_roads_attach(roads, np, x, y, att);
    }
    if (!rc)
        rc = split(w, att, np, nb);
    for (size_t p = 0; !rc && p < np; p++) {
        if (p < nb)
            w->bacc[p] = att[p].access, w->bacc_m[p] = att[p].access_m;
        else
            w->sacc[p - nb] = att[p].access, w->sacc_m[p - nb] = att[p].access_m;
    }
    if (!rc) {
        w->dist = malloc((w->nn + 1) * sizeof *w->dist);
        w->seen = calloc(w->nn + 1, sizeof *w->seen);
        w->done = calloc(w->nn + 1, sizeof *w->done);
        w->seen2 = calloc(w->nn + 1, sizeof *w->seen2);
        w->want = malloc((w->nn + 1) * sizeof *w->want);
        if (!w->dist || !w->seen || !w->done || !w->seen2 || !w->want)
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
    }
    w->att = att; /* kept: where each point joins (zp_dist_join) */
    free(x);
    free(y);
    return rc;
}

void zp_walk_free(zp_walk *w)
{
    if (!w)
        return;
    free(w->start);
    free(w->to);
    free(w->w);
    free(w->comp);
    free(w->att);
    free(w->x);
    free(w->y);
    free(w->hv);
    free(w->ah.a);
    free(w->ba);
    free(w->bb);
    free(w->boa);
    free(w->bob);
    free(w->snode);
    free(w->bacc);
    free(w->sacc);
    free(w->head);
    free(w->bacc_m);
    free(w->sacc_m);
    free(w->kn);
    free(w->dist);
    free(w->seen);
    free(w->done);
    free(w->want);
    free(w->seen2);
    rheap_free(&w->h);
    prefetch_free(w);
    free(w);
}

double zp_walk_access_m(const zp_dist *d, int site, size_t i)
{
    return site ? d->walk->sacc_m[i] : d->walk->bacc_m[i];
}

int zp_walk_join(const zp_dist *d, int site, size_t i, long *edge, double *fraction,
                 double *access_m)
{
    const zp_attach *a = &d->walk->att[site ? d->nb + i : i];
    int64_t len = a->edge >= 0 ? d->walk->r->elen[a->edge] : 0;
    *edge = a->edge;
    *fraction = len > 0 ? (double)a->off / (double)len : 0.0;
    *access_m = a->access_m;
    return a->edge >= 0;
}

long zp_walk_part(const zp_dist *d, int site, size_t i)
{
    int32_t v = site ? d->walk->snode[i] : d->walk->ba[i];
    return v < 0 ? -1 : (long)d->walk->comp[v];
}

/* ---- known distances per block ---- */

static const known *lookup(const zp_walk *w, size_t b, int32_t s)
{
    for (int32_t k = w->head[b]; k >= 0; k = w->kn[k].next)
        if (w->kn[k].site == s)
            return &w->kn[k];
    return NULL;
}

static int remember(zp_walk *w, size_t b, int32_t s, int64_t um)
{
    if (lookup(w, b, s))
        return ZP_OK;
    if (zp_grow((void **)&w->kn, &w->capkn, w->nkn + 1, sizeof *w->kn))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    w->kn[w->nkn] = (known){s, w->head[b], um};
    w->head[b] = (int32_t)w->nkn++;
    return ZP_OK;
}

static double metres(int64_t um)
{
    return um == UNREACHED ? INFINITY : (double)um / 1e6;
}

/* ---- one-source search ---- */

/* The next search's stamp (marks are valid where they equal it): cleared once every four
 * billion searches, when it wraps. */
static uint32_t next_stamp(zp_walk *w)
{
    if (w->stamp + 1 == 0) {
        memset(w->seen, 0, (w->nn + 1) * sizeof *w->seen);
        memset(w->done, 0, (w->nn + 1) * sizeof *w->done);
        memset(w->seen2, 0, (w->nn + 1) * sizeof *w->seen2);
        w->stamp = 0;
    }
    return w->stamp + 1;
}

static void begin(zp_walk *w)
{
    w->stamp = next_stamp(w);
    rheap_reset(&w->h);
}

static int relax(zp_walk *w, int32_t v, int64_t d)
{
    if (w->seen[v] == w->stamp && w->dist[v] <= d)
        return ZP_OK;
    w->seen[v] = w->stamp;
    w->dist[v] = d;
    return rpush(&w->h, d, v, 0);
}

/* Settle nodes from the n sources (node from[i] at distance d0[i]) until fn says stop or all
 * are settled; fn(node, distance, ud) returns 1 to stop. */
static int search(zp_walk *w, const int32_t *from, const int64_t *d0, int n,
                  int (*fn)(int32_t, int64_t, void *), void *ud)
{
    begin(w);
    int rc = ZP_OK;
    for (int i = 0; !rc && i < n; i++)
        rc = relax(w, from[i], d0[i]);
    while (!rc && w->h.n) {
        hent e = rpop(&w->h, &rc);
        if (rc)
            break;
        if (w->done[e.node] == w->stamp || e.d != w->dist[e.node])
            continue;
        w->done[e.node] = w->stamp;
        if (fn && fn(e.node, e.d, ud))
            break;
        for (size_t a = w->start[e.node]; !rc && a < w->start[e.node + 1]; a++)
            rc = relax(w, w->to[a], e.d + w->w[a]);
    }
    return rc;
}

/* The two ends of block b's piece as a search's sources, at their distance from the block
 * (the access link counted); returns 2, or 0 when the block joined no road. */
static int block_sources(const zp_walk *w, size_t b, int32_t from[2], int64_t d0[2])
{
    if (w->ba[b] < 0)
        return 0;
    from[0] = w->ba[b], d0[0] = w->bacc[b] + w->boa[b];
    from[1] = w->bb[b], d0[1] = w->bacc[b] + w->bob[b];
    return 2;
}

static int search_site(zp_walk *w, size_t s)
{
    int32_t from = w->snode[s];
    int64_t d0 = w->sacc[s];
    return search(w, &from, &d0, 1, NULL, NULL);
}

static int settled(const zp_walk *w, int32_t v)
{
    return v >= 0 && w->done[v] == w->stamp;
}

/* After a whole search from a site: the walk to block b (UNREACHED when none). */
static int64_t block_walk(const zp_walk *w, size_t b)
{
    int64_t best = UNREACHED;
    if (settled(w, w->ba[b]))
        best = w->dist[w->ba[b]] + w->boa[b];
    if (settled(w, w->bb[b]) && w->dist[w->bb[b]] + w->bob[b] < best)
        best = w->dist[w->bb[b]] + w->bob[b];
    return best == UNREACHED ? UNREACHED : best + w->bacc[b];
}

typedef struct until {
    zp_walk *w;
    int64_t bound; /* stop past this distance */
    size_t left;   /* targets not yet settled */
} until;

static int until_targets(int32_t v, int64_t d, void *ud)
{
    until *u = ud;
    if (d > u->bound)
        return 1;
    if (u->w->seen2[v] == u->w->stamp && u->w->want[v] > 0) {
        u->left--;
        u->w->want[v] = 0;
    }
    return u->left == 0;
}

static int reachable(const zp_walk *w, size_t b, size_t s)
{
    int32_t v = w->ba[b], t = w->snode[s];
    return v >= 0 && t >= 0 && w->comp[v] == w->comp[t];
}

int zp_walk_many(zp_dist *d, size_t b, const int32_t *sites, size_t n, double bound_m, double *out)
{
    zp_walk *w = d->walk;
    uint32_t next = next_stamp(w); /* the coming search's: marks its targets */
    until u = {w, 0, 0};
    int rc = ZP_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        const known *k = lookup(w, b, sites[i]);
        out[i] = k ? metres(k->um) : INFINITY;
        if (k)
            continue;
        if (!reachable(w, b, (size_t)sites[i])) {
            rc = remember(w, b, sites[i], UNREACHED);
            continue;
        }
        int32_t t = w->snode[sites[i]];
        if (w->seen2[t] != next)
            w->seen2[t] = next, w->want[t] = 0;
        if (w->want[t]++ == 0)
            u.left++;
    }
    if (rc || !u.left)
        return rc;
    double um = bound_m * 1e6 - (double)w->bacc[b];
    u.bound = !(um < 9e18) ? INT64_MAX - 1 : um < 0 ? 0 : (int64_t)ceil(um) + 1;
    int32_t from[2];
    int64_t d0[2];
    rc = search(w, from, d0, block_sources(w, b, from, d0), until_targets, &u);
    for (size_t i = 0; !rc && i < n; i++) {
        int32_t s = sites[i], t = w->snode[s];
        if (!isinf(out[i]) || lookup(w, b, s) || !settled(w, t) || w->dist[t] > u.bound)
            continue;
        int64_t um2 = w->dist[t] + w->sacc[s];
        rc = remember(w, b, s, um2);
        out[i] = metres(um2);
    }
    return rc;
}

/* A lower bound of the walk from v to (tx, ty) in micrometres: the straight line, shaved by
 * a millionth so that rounding each edge to a micrometre cannot make it overestimate. */
static int64_t guide(const zp_walk *w, int32_t v, double tx, double ty)
{
    return (int64_t)(hypot(w->x[v] - tx, w->y[v] - ty) * 1e6 * (1 - 1e-6));
}

/* The walk from `from` (at d0) to `to`: A*, guided by the straight line, so a pair far apart
 * searches a corridor, not a disc. The guide is a lower bound (admissible) and nodes are
 * opened again when reached shorter, so the answer is the exact shortest walk. */
static int astar(zp_walk *w, const int32_t *from, const int64_t *d0, int n, int32_t to,
                 int64_t *out)
{
    begin(w);
    w->ah.n = 0;
    double tx = w->x[to], ty = w->y[to];
    *out = UNREACHED;
    int rc = ZP_OK;
    for (int i = 0; !rc && i < n; i++) {
        if (w->seen[from[i]] == w->stamp && w->dist[from[i]] <= d0[i])
            continue;
        w->seen[from[i]] = w->stamp;
        w->dist[from[i]] = d0[i];
        w->hv[from[i]] = guide(w, from[i], tx, ty);
        rc = push(&w->ah, d0[i] + w->hv[from[i]], from[i], 0);
    }
    while (!rc && w->ah.n) {
        hent e = pop(&w->ah);
        int32_t v = e.node;
        if (e.d != w->dist[v] + w->hv[v])
            continue; /* reached shorter since */
        if (v == to) {
            *out = w->dist[v];
            break;
        }
        for (size_t a = w->start[v]; !rc && a < w->start[v + 1]; a++) {
            int32_t t = w->to[a];
            int64_t g = w->dist[v] + w->w[a];
            if (w->seen[t] == w->stamp && w->dist[t] <= g)
                continue;
            if (w->seen[t] != w->stamp)
                w->hv[t] = guide(w, t, tx, ty);
            w->seen[t] = w->stamp;
            w->dist[t] = g;
            rc = push(&w->ah, g + w->hv[t], t, 0);
        }
    }
    return rc;
}

double zp_walk_pair(zp_dist *d, size_t b, size_t s)
{
    zp_walk *w = d->walk;
    const known *k = lookup(w, b, (int32_t)s);
    if (k)
        return metres(k->um);
    int64_t um = UNREACHED;
    int32_t from[2];
    int64_t d0[2];
    int rc = reachable(w, b, s)
                 ? astar(w, from, d0, block_sources(w, b, from, d0), w->snode[s], &um)
                 : ZP_OK;
    if (!rc && um != UNREACHED)
        um += w->sacc[s];
    if (!rc)
        rc = remember(w, b, (int32_t)s, um);
    if (rc && !d->rc)
        d->rc = rc; /* kept for zp_dist_status: this call cannot return it */
    return rc ? INFINITY : metres(um);
}

int zp_walk_from_site(zp_dist *d, size_t s, double *out)
{
    zp_walk *w = d->walk;
    for (size_t b = 0; b < d->nb; b++)
        out[b] = INFINITY;
    if (w->snode[s] < 0)
        return ZP_OK;
    int rc = search_site(w, s);
    for (size_t b = 0; !rc && b < d->nb; b++)
        out[b] = metres(block_walk(w, b));
    return rc;
}

/* ---- the k nearest sites of every block: one search from all sites ---- */

typedef struct cand {
    int64_t um;
    int32_t site;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->um != y->um)
        return x->um < y->um ? -1 : 1;
    return (x->site > y->site) - (x->site < y->site);
}

/* Many nearest sites (the siting's bound asks for all of them): a whole search from each
 * site, then each block's sites sorted; labels of k sites on every node would cost more. */
static int nearest_by_site(zp_dist *d, const int32_t *blocks, const uint8_t *use, zp_dist_knn *out)
{
    zp_walk *w = d->walk;
    size_t k = (size_t)out->k, nb = out->nblocks, m = 0;
    int32_t *sites = malloc((d->ns + 1) * sizeof *sites);
    int rc = sites ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t s = 0; !rc && s < d->ns; s++)
        if ((!use || use[s]) && w->snode[s] >= 0)
            sites[m++] = (int32_t)s;
    cand *c = rc ? NULL : malloc((nb * m + 1) * sizeof *c);
    if (!rc && !c)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t j = 0; !rc && j < m; j++) {
        int32_t s = sites[j];
        rc = search_site(w, (size_t)s);
        for (size_t i = 0; !rc && i < nb; i++)
            c[i * m + j] = (cand){block_walk(w, blocks ? (size_t)blocks[i] : i), s};
    }
    for (size_t i = 0; !rc && i < nb; i++) {
        cand *row = c + i * m;
        qsort(row, m, sizeof *row, cmp_cand);
        for (size_t j = 0; j < k && j < m && row[j].um != UNREACHED; j++) {
            out->site[i * k + j] = row[j].site;
            out->metres[i * k + j] = metres(row[j].um);
        }
    }
    free(c);
    free(sites);
    return rc;
}

#define LABELS_UP_TO 64 /* k up to which every node keeps k labels in one search */

/* Each node's labels: up to k (distance, site) pairs of distinct sites, sorted, tentative
 * until settled. A new label enters only if it beats the node's k-th: with k distinct sites
 * nearer already known, it cannot be among the node's k nearest (that pruning, exact, keeps
 * the heap near k entries per node). A node's labels sit together in memory: the search is
 * bound by memory, not by arithmetic. */
typedef struct label {
    int64_t d;
    int32_t site;
    int32_t done;
} label;

typedef struct labels {
    size_t k;
    label *l;
    uint8_t *cnt;
} labels;

static int label_before(int64_t d1, int32_t s1, int64_t d2, int32_t s2)
{
    return d1 != d2 ? d1 < d2 : s1 < s2;
}

/* Offer (dist, site) to node t; 1 when it entered (then it must be pushed). */
static int offer_label(labels *L, size_t t, int64_t dist, int32_t site)
{
    size_t k = L->k, c = L->cnt[t];
    label *l = L->l + t * k;
    /* full and no better than the k-th: out (a label of the same site is then no worse) */
    if (c == k && (l[k - 1].done || !label_before(dist, site, l[k - 1].d, l[k - 1].site)))
        return 0;
    for (size_t i = 0; i < c; i++)
        if (l[i].site == site) {
            if (l[i].done || !label_before(dist, site, l[i].d, site))
                return 0;
            memmove(l + i, l + i + 1, (c - i - 1) * sizeof *l);
            c--;
            break;
        }
    size_t at = c < k ? c : k - 1; /* the last one drops out when full */
    while (at > 0 && label_before(dist, site, l[at - 1].d, l[at - 1].site)) {
        l[at] = l[at - 1];
        at--;
    }
    l[at] = (label){dist, site, 0};
    L->cnt[t] = (uint8_t)(c < k ? c + 1 : k);
    return 1;
}

/* Settle (dist, site) at v if it is still v's tentative label (not dropped or bettered). */
static int settle_label(labels *L, size_t v, int64_t dist, int32_t site)
{
    label *l = L->l + v * L->k;
    for (size_t i = 0; i < L->cnt[v]; i++)
        if (l[i].site == site) {
            if (l[i].done || l[i].d != dist)
                return 0;
            l[i].done = 1;
            return 1;
        }
    return 0;
}

/* The many-source search itself: every used site a source, k labels per node. Touches only
 * its own labels and heap, so two can run at once (zp_walk_prefetch). */
static int knn_search(const zp_dist *d, const uint8_t *use, size_t k, labels *L)
{
    const zp_walk *w = d->walk;
    size_t nn = w->nn;
    *L = (labels){k, malloc((nn * k + 1) * sizeof *L->l), calloc(nn + 1, 1)};
    rheap h = {0};
    int rc = L->l && L->cnt ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t s = 0; !rc && s < d->ns; s++)
        if ((!use || use[s]) && w->snode[s] >= 0 &&
            offer_label(L, (size_t)w->snode[s], w->sacc[s], (int32_t)s))
            rc = rpush(&h, w->sacc[s], w->snode[s], (int32_t)s);
    while (!rc && h.n) {
        hent e = rpop(&h, &rc);
        if (rc)
            break;
        size_t v = (size_t)e.node;
        if (!settle_label(L, v, e.d, e.site))
            continue;
        for (size_t a = w->start[v]; !rc && a < w->start[v + 1]; a++) {
            int64_t nd = e.d + w->w[a];
            if (offer_label(L, (size_t)w->to[a], nd, e.site))
                rc = rpush(&h, nd, w->to[a], e.site);
        }
    }
    rheap_free(&h);
    return rc;
}

static void labels_free(labels *L)
{
    free(L->l);
    free(L->cnt);
    L->l = NULL;
    L->cnt = NULL;
}

/* Block b's k nearest sites from the labels of its piece's two ends (each end's k best
 * hold the block's: a site missing from an end has k sites nearer there, so nearer to the
 * block that way too), merged in (distance, site) order, each site once; kept for pair. */
static int block_row(zp_walk *w, const labels *L, size_t b, int32_t *site, double *m)
{
    size_t k = L->k, n = 0;
    if (w->ba[b] < 0)
        return ZP_OK;
    const label *la = L->l + (size_t)w->ba[b] * k, *lb = L->l + (size_t)w->bb[b] * k;
    size_t ca = L->cnt[w->ba[b]], cb = L->cnt[w->bb[b]], i = 0, j = 0;
    int64_t oa = w->bacc[b] + w->boa[b], ob = w->bacc[b] + w->bob[b];
    int rc = ZP_OK;
    while (n < k && (i < ca || j < cb)) {
        int from_a =
            j >= cb || (i < ca && label_before(la[i].d + oa, la[i].site, lb[j].d + ob, lb[j].site));
        int64_t d = from_a ? la[i].d + oa : lb[j].d + ob;
        int32_t s = from_a ? la[i++].site : lb[j++].site;
        int dup = 0;
        for (size_t t = 0; t < n && !dup; t++)
            dup = site[t] == s;
        if (dup)
            continue;
        site[n] = s;
        m[n++] = metres(d);
        if ((rc = remember(w, b, s, d)) != ZP_OK)
            break;
    }
    return rc;
}

/* A search done ahead (zp_walk_prefetch): its mask and k, and its labels. */
typedef struct knn_done {
    uint8_t *use; /* copy of the mask, or NULL for every site */
    int all;
    size_t k;
    labels L;
    int rc;
} knn_done;

static int same_mask(const zp_dist *d, const knn_done *p, const uint8_t *use, size_t k)
{
    if (!p->L.l || p->k != k || p->all != !use)
        return 0;
    for (size_t s = 0; use && s < d->ns; s++)
        if (!p->use[s] != !use[s])
            return 0;
    return 1;
}

int zp_walk_nearest(zp_dist *d, const int32_t *blocks, const uint8_t *use, zp_dist_knn *out)
{
    zp_walk *w = d->walk;
    if (out->k > LABELS_UP_TO)
        return nearest_by_site(d, blocks, use, out);
    size_t k = (size_t)out->k;
    labels L = {0};
    int rc = ZP_OK, found = 0;
    for (int i = 0; w->pre && i < 2 && !found; i++)
        if (same_mask(d, &w->pre[i], use, k)) { /* taken over: a search answers once */
            L = w->pre[i].L;
            w->pre[i].L = (labels){0};
            found = 1;
        }
    if (!found)
        rc = knn_search(d, use, k, &L);
    for (size_t i = 0; !rc && i < out->nblocks; i++)
        rc = block_row(w, &L, blocks ? (size_t)blocks[i] : i, out->site + i * k,
                       out->metres + i * k);
    labels_free(&L);
    return rc;
}

static void prefetch_free(zp_walk *w)
{
    for (int i = 0; w->pre && i < 2; i++) {
        free(w->pre[i].use);
        labels_free(&w->pre[i].L);
    }
    free(w->pre);
}

typedef struct prefetch_job {
    const zp_dist *d;
    knn_done *p;
} prefetch_job;

static void *prefetch_worker(void *arg)
{
    prefetch_job *j = arg;
    j->p->rc = knn_search(j->d, j->p->all ? NULL : j->p->use, j->p->k, &j->p->L);
    return NULL;
}

int zp_walk_prefetch(zp_dist *d, const uint8_t *const *use, size_t n, int k)
{
    zp_walk *w = d->walk;
    if (k < 1 || k > LABELS_UP_TO || n > 2)
        return ZP_OK; /* nothing to gain: the searches run when asked */
    prefetch_job job[2];
    int rc = ZP_OK;
    if (!w->pre && !(w->pre = calloc(2, sizeof *w->pre)))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        knn_done *p = &w->pre[i];
        free(p->use);
        labels_free(&p->L);
        *p = (knn_done){use[i] ? malloc(d->ns + 1) : NULL, !use[i], (size_t)k, {0}, ZP_OK};
        if (use[i] && !p->use)
            return zp_error_set(ZP_ENOMEM, "out of memory");
        if (use[i])
            memcpy(p->use, use[i], d->ns);
        job[i] = (prefetch_job){d, p};
    }
    pthread_t tid;
    int threaded = n == 2 && pthread_create(&tid, NULL, prefetch_worker, &job[1]) == 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || !threaded)
            prefetch_worker(&job[i]);
    if (threaded)
        pthread_join(tid, NULL);
    for (size_t i = 0; i < n && !rc; i++)
        if (w->pre[i].rc) { /* the message was the worker thread's */
            labels_free(&w->pre[i].L);
            rc = zp_error_set(ZP_ENOMEM, "out of memory searching the roads");
        }
    return rc;
}
