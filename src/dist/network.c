/* The walk: distances along the road graph between blocks and sites.
 *
 * Every block and site joins the graph at its own point along an edge (attach.c). Sites
 * split their edges and become nodes; blocks, being many, do not: a block lies on the piece
 * between two nodes and a walk from it starts at both ends, the access link and the way
 * along the piece counted. Lengths are whole micrometres: a distance is the same integer
 * whether it came from the many-source search (knn.c), a search from the block or one from
 * the school, so a cost compared twice never rounds two ways.
 *
 * - many / pair: a search from the block, stopped when the sites asked for are settled or
 *   the bound is passed (pair: A*, guided by the straight line); answers are kept per
 *   block, as pricing and repair ask again.
 * - from_site: one whole search from a site. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "zoneplan/errors.h"

#include "walk_internal.h"

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

/* The piece of edge e from a to b (a nearer its eu end), both ways; each arc remembers its
 * edge and way (~e: against the geometry) so a route can be drawn along it. */
static void link(zp_walk *w, size_t *fill, int32_t e, int32_t a, int32_t b, int64_t len)
{
    w->arc[fill[a]++] = (zp_arc){len, b, e};
    w->arc[fill[b]++] = (zp_arc){len, a, ~e};
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
    w->arc = malloc((2 * ne + 1) * sizeof *w->arc);
    w->soff = malloc((nj + 1) * sizeof *w->soff);
    w->comp = malloc((w->nn + 1) * sizeof *w->comp);
    w->x = malloc((w->nn + 1) * sizeof *w->x);
    w->y = malloc((w->nn + 1) * sizeof *w->y);
    w->hv = malloc((w->nn + 1) * sizeof *w->hv);
    size_t *fill = malloc((w->nn + 1) * sizeof *fill);
    int rc = w->start && w->arc && w->soff && w->comp && w->x && w->y && w->hv && fill
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
                    w->soff[k] = j[k].off;
                } else {
                    link(w, fill, (int32_t)e, prev, node, j[k].off - at);
                }
                prev = node;
                at = j[k].off;
            }
            if (pass == 0)
                w->start[prev + 1]++, w->start[r->ev[e] + 1]++;
            else
                link(w, fill, (int32_t)e, prev, r->ev[e], r->elen[e] - at);
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

/* ---- the nodes in the order of a Z curve ---- */

typedef struct zkey {
    uint64_t z;
    int32_t v;
} zkey;

static int cmp_zkey(const void *a, const void *b)
{
    const zkey *x = a, *y = b;
    if (x->z != y->z)
        return x->z < y->z ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

/* x's bits spread to the even places of the result (16 bits in, 32 out, twice). */
static uint64_t spread(uint32_t x)
{
    uint64_t v = x;
    v = (v | v << 16) & 0x0000FFFF0000FFFFull;
    v = (v | v << 8) & 0x00FF00FF00FF00FFull;
    v = (v | v << 4) & 0x0F0F0F0F0F0F0F0Full;
    v = (v | v << 2) & 0x3333333333333333ull;
    v = (v | v << 1) & 0x5555555555555555ull;
    return v;
}

/* Every node-indexed array of the walk moved to the new numbering (old v -> perm[v]; order:
 * the old node of each new one). */
static int apply_order(zp_walk *w, const int32_t *order, const int32_t *perm, size_t nb, size_t ns)
{
    size_t nn = w->nn, na = w->start[nn];
    size_t *start = malloc((nn + 2) * sizeof *start);
    zp_arc *arc = malloc((na + 1) * sizeof *arc);
    int32_t *comp = malloc((nn + 1) * sizeof *comp);
    double *x = malloc((nn + 1) * sizeof *x), *y = malloc((nn + 1) * sizeof *y);
    if (!start || !arc || !comp || !x || !y) {
        free(start), free(arc), free(comp), free(x), free(y);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (size_t i = 0, a = 0; i < nn; i++) {
        int32_t v = order[i];
        start[i] = a;
        for (size_t k = w->start[v]; k < w->start[v + 1]; k++, a++) {
            arc[a] = w->arc[k];
            arc[a].to = perm[arc[a].to];
        }
        comp[i] = w->comp[v], x[i] = w->x[v], y[i] = w->y[v];
    }
    start[nn] = na;
    free(w->start), free(w->arc), free(w->comp), free(w->x), free(w->y);
    w->start = start, w->arc = arc, w->comp = comp, w->x = x, w->y = y;
    for (size_t b = 0; b < nb; b++)
        if (w->ba[b] >= 0)
            w->ba[b] = perm[w->ba[b]], w->bb[b] = perm[w->bb[b]];
    for (size_t s = 0; s < ns; s++)
        if (w->snode[s] >= 0)
            w->snode[s] = perm[w->snode[s]];
    return ZP_OK;
}

/* Number the nodes along a Z curve over their positions. A search reads a node's neighbours
 * next; numbered near each other they share cache lines and pages, where the lines' own
 * order (as the file came) scatters them over the whole graph. The searches' answers do not
 * depend on the numbering: labels are ordered by (distance, site). */
static int renumber(zp_walk *w, size_t nb, size_t ns)
{
    size_t nn = w->nn;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t v = 0; v < nn; v++) {
        x0 = fmin(x0, w->x[v]), x1 = fmax(x1, w->x[v]);
        y0 = fmin(y0, w->y[v]), y1 = fmax(y1, w->y[v]);
    }
    double span = fmax(x1 - x0, y1 - y0), scale = span > 0 ? 4294967295.0 / span : 0;
    zkey *key = malloc((nn + 1) * sizeof *key);
    w->orig = malloc((nn + 1) * sizeof *w->orig);
    int32_t *perm = malloc((nn + 1) * sizeof *perm);
    if (!key || !w->orig || !perm) {
        free(key), free(perm);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (size_t v = 0; v < nn; v++) {
        uint32_t qx = (uint32_t)((w->x[v] - x0) * scale), qy = (uint32_t)((w->y[v] - y0) * scale);
        /* the top 16 bits of each: a cell of 1/65536 of the span is fine enough */
        key[v] = (zkey){spread(qx >> 16) | spread(qy >> 16) << 1, (int32_t)v};
    }
    qsort(key, nn, sizeof *key, cmp_zkey);
    for (size_t i = 0; i < nn; i++)
        w->orig[i] = key[i].v, perm[key[i].v] = (int32_t)i;
    free(key);
    int rc = apply_order(w, w->orig, perm, nb, ns);
    free(perm);
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
    if (!rc)
        rc = renumber(w, nb, ns);
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
    free(w->arc);
    free(w->soff);
    free(w->orig);
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
    zp_rheap_free(&w->h);
    zp_walk_prefetch_free(w);
    zp_walk_keep_free(w);
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

int zp_walk_remember(zp_walk *w, size_t b, int32_t s, int64_t um)
{
    if (lookup(w, b, s))
        return ZP_OK;
    if (zp_grow((void **)&w->kn, &w->capkn, w->nkn + 1, sizeof *w->kn))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    w->kn[w->nkn] = (known){s, w->head[b], um};
    w->head[b] = (int32_t)w->nkn++;
    return ZP_OK;
}

double zp_walk_metres(int64_t um)
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
    zp_rheap_reset(&w->h);
}

static int relax(zp_walk *w, int32_t v, int64_t d)
{
    if (w->seen[v] == w->stamp && w->dist[v] <= d)
        return ZP_OK;
    w->seen[v] = w->stamp;
    w->dist[v] = d;
    return zp_rheap_push(&w->h, d, v, 0);
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
        hent e = zp_rheap_pop(&w->h, &rc);
        if (rc)
            break;
        if (w->done[e.node] == w->stamp || e.d != w->dist[e.node])
            continue;
        w->done[e.node] = w->stamp;
        if (fn && fn(e.node, e.d, ud))
            break;
        for (size_t a = w->start[e.node]; !rc && a < w->start[e.node + 1]; a++)
            rc = relax(w, w->arc[a].to, e.d + w->arc[a].len);
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

int zp_walk_search_site(zp_walk *w, size_t s)
{
    int32_t from = w->snode[s];
    int64_t d0 = w->sacc[s];
    return search(w, &from, &d0, 1, NULL, NULL);
}

int zp_walk_settled(const zp_walk *w, int32_t v)
{
    return v >= 0 && w->done[v] == w->stamp;
}

/* After a whole search from a site: the walk to block b (UNREACHED when none). */
int64_t zp_walk_block_walk(const zp_walk *w, size_t b)
{
    int64_t best = UNREACHED;
    if (zp_walk_settled(w, w->ba[b]))
        best = w->dist[w->ba[b]] + w->boa[b];
    if (zp_walk_settled(w, w->bb[b]) && w->dist[w->bb[b]] + w->bob[b] < best)
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

typedef struct ordered {
    until u;
    int32_t *order, next;
} ordered;

static int order_targets(int32_t v, int64_t d, void *ud)
{
    ordered *o = ud;
    o->order[v] = o->next++;
    return until_targets(v, d, &o->u);
}

int zp_walk_search_ordered(zp_walk *w, size_t s, const int32_t *targets, size_t n, int32_t *order)
{
    uint32_t next = next_stamp(w); /* the coming search's: marks its targets */
    ordered o = {{w, INT64_MAX - 1, 0}, order, 0};
    for (size_t i = 0; i < n; i++) {
        int32_t t = targets[i];
        if (t < 0)
            continue;
        if (w->seen2[t] != next)
            w->seen2[t] = next, w->want[t] = 0;
        if (w->want[t]++ == 0)
            o.u.left++;
    }
    int32_t from = w->snode[s];
    int64_t d0 = w->sacc[s];
    if (from < 0 || !o.u.left) {
        begin(w); /* nothing settled */
        return ZP_OK;
    }
    return search(w, &from, &d0, 1, order_targets, &o);
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
        out[i] = k ? zp_walk_metres(k->um) : INFINITY;
        if (k)
            continue;
        if (!reachable(w, b, (size_t)sites[i])) {
            rc = zp_walk_remember(w, b, sites[i], UNREACHED);
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
        if (!isinf(out[i]) || lookup(w, b, s) || !zp_walk_settled(w, t) || w->dist[t] > u.bound)
            continue;
        int64_t um2 = w->dist[t] + w->sacc[s];
        rc = zp_walk_remember(w, b, s, um2);
        out[i] = zp_walk_metres(um2);
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
        rc = zp_heap_push(&w->ah, d0[i] + w->hv[from[i]], from[i], 0);
    }
    while (!rc && w->ah.n) {
        hent e = zp_heap_pop(&w->ah);
        int32_t v = e.node;
        if (e.d != w->dist[v] + w->hv[v])
            continue; /* reached shorter since */
        if (v == to) {
            *out = w->dist[v];
            break;
        }
        for (size_t a = w->start[v]; !rc && a < w->start[v + 1]; a++) {
            int32_t t = w->arc[a].to;
            int64_t g = w->dist[v] + w->arc[a].len;
            if (w->seen[t] == w->stamp && w->dist[t] <= g)
                continue;
            if (w->seen[t] != w->stamp)
                w->hv[t] = guide(w, t, tx, ty);
            w->seen[t] = w->stamp;
            w->dist[t] = g;
            rc = zp_heap_push(&w->ah, g + w->hv[t], t, 0);
        }
    }
    return rc;
}

double zp_walk_pair(zp_dist *d, size_t b, size_t s)
{
    zp_walk *w = d->walk;
    const known *k = lookup(w, b, (int32_t)s);
    if (k)
        return zp_walk_metres(k->um);
    int64_t um = UNREACHED;
    int32_t from[2];
    int64_t d0[2];
    int rc = reachable(w, b, s)
                 ? astar(w, from, d0, block_sources(w, b, from, d0), w->snode[s], &um)
                 : ZP_OK;
    if (!rc && um != UNREACHED)
        um += w->sacc[s];
    if (!rc)
        rc = zp_walk_remember(w, b, (int32_t)s, um);
    if (rc && !d->rc)
        d->rc = rc; /* kept for zp_dist_status: this call cannot return it */
    return rc ? INFINITY : zp_walk_metres(um);
}

int zp_walk_from_site(zp_dist *d, size_t s, double *out)
{
    zp_walk *w = d->walk;
    for (size_t b = 0; b < d->nb; b++)
        out[b] = INFINITY;
    if (w->snode[s] < 0)
        return ZP_OK;
    int rc = zp_walk_search_site(w, s);
    for (size_t b = 0; !rc && b < d->nb; b++)
        out[b] = zp_walk_metres(zp_walk_block_walk(w, b));
    return rc;
}
