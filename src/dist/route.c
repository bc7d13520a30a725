/* Routes: the walks from a site to its blocks as lines, for the maps (map.html shows the
 * route of the block under the mouse). One search from the site settles the blocks' ends;
 * the walks share their way near the school, so they are kept as a tree (each road node
 * once, with its line to its parent) and each block adds only its own way onto the road.
 *
 * The tree is read off the search without recording parents in it (the searches stay as
 * lean as they are): a node's parent is a neighbour settled before it whose distance plus
 * the arc's is the node's; lengths are whole micrometres, so that equality is exact. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "walk_internal.h"
#include "zoneplan/errors.h"

typedef struct lines {
    double *x, *y;
    size_t n, cx, cy;
    size_t *start; /* start[i]: line i's first vertex; start[nl]: n */
    size_t nl, cs;
} lines;

static int put(lines *l, double x, double y)
{
    if (zp_grow((void **)&l->x, &l->cx, l->n + 1, sizeof *l->x) ||
        zp_grow((void **)&l->y, &l->cy, l->n + 1, sizeof *l->y))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    l->x[l->n] = x, l->y[l->n++] = y;
    return ZP_OK;
}

/* Close the line begun at the last close (every line gets an entry, even an empty one). */
static int close_line(lines *l)
{
    if (zp_grow((void **)&l->start, &l->cs, l->nl + 2, sizeof *l->start))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    if (l->nl == 0)
        l->start[0] = 0;
    l->start[++l->nl] = l->n;
    return ZP_OK;
}

static void lines_free(lines *l)
{
    free(l->x);
    free(l->y);
    free(l->start);
}

/* The point t metres along the edge (at: each vertex's position). */
static int point_at(const double *vx, const double *vy, const double *at, size_t nv, double t,
                    lines *l)
{
    size_t s = 1;
    while (s + 1 < nv && at[s] < t)
        s++;
    double len = at[s] - at[s - 1], f = len > 0 ? (t - at[s - 1]) / len : 0;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return put(l, vx[s - 1] + f * (vx[s] - vx[s - 1]), vy[s - 1] + f * (vy[s] - vy[s - 1]));
}

/* Edge e from o1 to o2 micrometres along it (either way round): the two cut points and the
 * vertices between them. Offsets count the geometry's own length (roads.c rounds it). */
static int along(const zp_roads *r, int32_t e, int64_t o1, int64_t o2, lines *l)
{
    size_t v0 = r->vstart[e], nv = r->vstart[e + 1] - v0;
    const double *vx = r->vx + v0, *vy = r->vy + v0;
    double from = (double)o1 / 1e6, to = (double)o2 / 1e6;
    double lo = from < to ? from : to, hi = from < to ? to : from;
    double *at = malloc((nv + 1) * sizeof *at);
    if (!at)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    at[0] = 0;
    for (size_t i = 1; i < nv; i++)
        at[i] = at[i - 1] + hypot(vx[i] - vx[i - 1], vy[i] - vy[i - 1]);
    int rc = point_at(vx, vy, at, nv, from, l);
    for (size_t k = 0; !rc && k < nv; k++) {
        size_t i = from <= to ? k : nv - 1 - k;
        if (at[i] > lo && at[i] < hi)
            rc = put(l, vx[i], vy[i]);
    }
    if (!rc)
        rc = point_at(vx, vy, at, nv, to, l);
    free(at);
    return rc;
}

/* Where node v sits along the edge of arc a leaving it (v at the arc's start). */
static int64_t start_off(const zp_walk *w, size_t a, int32_t v)
{
    int32_t e = w->arc[a].edge;
    size_t o = (size_t)w->orig[v];
    if (o >= w->r->nnodes)
        return w->soff[o - w->r->nnodes];
    return e >= 0 ? 0 : w->r->elen[~e];
}

static int64_t end_off(const zp_walk *w, size_t a, int32_t u)
{
    int32_t e = w->arc[a].edge;
    size_t o = (size_t)w->orig[u];
    if (o >= w->r->nnodes)
        return w->soff[o - w->r->nnodes];
    return e >= 0 ? w->r->elen[e] : 0;
}

/* v's arc to its parent: the first neighbour settled before it at its distance less the arc. */
static size_t parent_arc(const zp_walk *w, const int32_t *order, int32_t v)
{
    for (size_t a = w->start[v]; a < w->start[v + 1]; a++) {
        int32_t u = w->arc[a].to;
        if (zp_walk_settled(w, u) && order[u] < order[v] &&
            w->dist[u] + w->arc[a].len == w->dist[v])
            return a;
    }
    return SIZE_MAX; /* only the search's source has none */
}

typedef struct step {
    size_t arc; /* the node's arc to its parent */
    int32_t node;
} step;

typedef struct tree_build {
    const zp_dist *d;
    zp_walk *w;
    const int32_t *order;
    int32_t *tix; /* per graph node: its tree index + 1, 0: not in the tree yet */
    step *chain;  /* the nodes climbed to reach the tree, each with its arc up */
    lines nodes, blocks;
    int32_t *parent;
    size_t np, cp;
} tree_build;

/* Node v into the tree with every ancestor not in it yet; returns its tree index. */
static int add_node(tree_build *t, int32_t v, int32_t *out)
{
    zp_walk *w = t->w;
    size_t n = 0;
    while (!t->tix[v]) {
        size_t a = parent_arc(w, t->order, v);
        t->chain[n++] = (step){a, v};
        v = w->arc[a].to;
    }
    int rc = ZP_OK;
    int32_t up = t->tix[v] - 1;
    while (!rc && n > 0) { /* from the top down, so a parent comes before its children */
        step st = t->chain[--n];
        int32_t c = st.node;
        size_t a = st.arc;
        int32_t e = w->arc[a].edge;
        e = e >= 0 ? e : ~e;
        if (zp_grow((void **)&t->parent, &t->cp, t->np + 1, sizeof *t->parent))
            return zp_error_set(ZP_ENOMEM, "out of memory");
        t->parent[t->np] = up;
        rc = along(w->r, e, start_off(w, a, c), end_off(w, a, w->arc[a].to), &t->nodes);
        if (!rc)
            rc = close_line(&t->nodes);
        up = (int32_t)t->np++;
        t->tix[c] = up + 1;
    }
    *out = up;
    return rc;
}

/* Block b's end its walk leaves by (as zp_walk_block_walk picks it), and its line there. */
static int add_block(tree_build *t, size_t b, int32_t *node)
{
    zp_walk *w = t->w;
    const zp_attach *at = &w->att[b];
    int32_t v = -1;
    int64_t best = UNREACHED, off = 0;
    if (zp_walk_settled(w, w->ba[b]))
        v = w->ba[b], best = w->dist[v] + w->boa[b], off = at->off - w->boa[b];
    if (zp_walk_settled(w, w->bb[b]) && w->dist[w->bb[b]] + w->bob[b] < best)
        v = w->bb[b], off = at->off + w->bob[b];
    *node = -1;
    int rc = ZP_OK;
    if (v >= 0) {
        rc = add_node(t, v, node);
        if (!rc)
            rc = put(&t->blocks, t->d->bx[b], t->d->by[b]);
        if (!rc)
            rc = along(w->r, at->edge, at->off, off, &t->blocks);
    }
    return rc ? rc : close_line(&t->blocks);
}

static int tree_out(tree_build *t, size_t n, zp_dist_tree *out)
{
    size_t nl = t->np + n, nv = t->nodes.n + t->blocks.n;
    out->nodes = t->np;
    out->start = malloc((nl + 1) * sizeof *out->start);
    out->x = malloc((nv + 1) * sizeof *out->x);
    out->y = malloc((nv + 1) * sizeof *out->y);
    if (!out->start || !out->x || !out->y)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    if (t->nodes.n) {
        memcpy(out->x, t->nodes.x, t->nodes.n * sizeof *out->x);
        memcpy(out->y, t->nodes.y, t->nodes.n * sizeof *out->y);
    }
    if (t->blocks.n) {
        memcpy(out->x + t->nodes.n, t->blocks.x, t->blocks.n * sizeof *out->x);
        memcpy(out->y + t->nodes.n, t->blocks.y, t->blocks.n * sizeof *out->y);
    }
    for (size_t i = 0; i < t->np; i++)
        out->start[i] = t->nodes.start[i];
    for (size_t j = 0; j <= n; j++)
        out->start[t->np + j] = t->nodes.n + t->blocks.start[j];
    out->parent = t->parent;
    t->parent = NULL;
    return ZP_OK;
}

int zp_walk_routes(zp_dist *d, size_t s, size_t n, const size_t *blocks, zp_dist_tree *out)
{
    zp_walk *w = d->walk;
    tree_build t = {d, w, NULL, NULL, NULL, {0}, {0}, NULL, 0, 0};
    int32_t *targets = malloc((2 * n + 1) * sizeof *targets);
    int32_t *order = malloc((w->nn + 1) * sizeof *order);
    t.order = order;
    t.tix = calloc(w->nn + 1, sizeof *t.tix);
    t.chain = malloc((w->nn + 1) * sizeof *t.chain);
    int rc =
        targets && order && t.tix && t.chain ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t j = 0; !rc && j < n; j++)
        targets[2 * j] = w->ba[blocks[j]], targets[2 * j + 1] = w->bb[blocks[j]];
    if (!rc)
        rc = zp_walk_search_ordered(w, s, targets, 2 * n, order);
    int32_t root = w->snode[s];
    if (!rc && zp_walk_settled(w, root)) { /* node 0: from the road to the school */
        t.tix[root] = 1;
        t.np = 1;
        rc = zp_grow((void **)&t.parent, &t.cp, 1, sizeof *t.parent);
        if (!rc) {
            t.parent[0] = -1;
            rc = put(&t.nodes, w->x[root], w->y[root]);
        }
        if (!rc)
            rc = put(&t.nodes, d->sx[s], d->sy[s]);
        if (!rc)
            rc = close_line(&t.nodes);
    }
    for (size_t j = 0; !rc && j < n; j++)
        rc = add_block(&t, blocks[j], &out->node[j]);
    if (!rc && n == 0)
        rc = close_line(&t.blocks); /* start[0] */
    if (!rc)
        rc = tree_out(&t, n, out);
    free(targets);
    free(order);
    free(t.tix);
    free(t.chain);
    free(t.parent);
    lines_free(&t.nodes);
    lines_free(&t.blocks);
    return rc;
}
