/* The distance provider: the straight line itself, and dispatch to the walk (network.c).
 *
 * The straight line is the distance between the representative points, hypot of the
 * differences, nothing else: every other module used to write it inline, and results must
 * stay byte for byte what they were. A kd-tree over the sites answers the nearest and
 * within-radius questions; the within query is also every provider's lower bound. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dist_internal.h"
#include "zoneplan/errors.h"

static double *copy(const double *v, size_t n)
{
    double *c = malloc(sizeof *c * (n ? n : 1));
    if (c && n)
        memcpy(c, v, sizeof *c * n);
    return c;
}

static int dist_new(size_t nb, const double *bx, const double *by, size_t ns, const double *sx,
                    const double *sy, zp_dist **out)
{
    *out = NULL;
    zp_dist *d = calloc(1, sizeof *d);
    if (!d)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    d->nb = nb;
    d->ns = ns;
    d->bx = copy(bx, nb);
    d->by = copy(by, nb);
    d->sx = copy(sx, ns);
    d->sy = copy(sy, ns);
    if (!d->bx || !d->by || !d->sx || !d->sy) {
        zp_dist_free(d);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    int rc = zp_kdtree_build(&d->sites, d->sx, d->sy, ns);
    if (rc) {
        zp_dist_free(d);
        return rc;
    }
    *out = d;
    return ZP_OK;
}

int zp_dist_straight(size_t nb, const double *bx, const double *by, size_t ns, const double *sx,
                     const double *sy, zp_dist **out)
{
    return dist_new(nb, bx, by, ns, sx, sy, out);
}

int zp_dist_network(const zp_roads *roads, size_t nb, const double *bx, const double *by, size_t ns,
                    const double *sx, const double *sy, zp_dist **out)
{
    int rc = dist_new(nb, bx, by, ns, sx, sy, out);
    if (rc)
        return rc;
    (*out)->mode = ZP_DIST_NETWORK;
    rc = zp_walk_new(*out, roads);
    if (rc) {
        zp_dist_free(*out);
        *out = NULL;
    }
    return rc;
}

void zp_dist_free(zp_dist *d)
{
    if (!d)
        return;
    zp_walk_free(d->walk);
    zp_kdtree_free(&d->sites);
    free(d->bx);
    free(d->by);
    free(d->sx);
    free(d->sy);
    free(d);
}

int zp_dist_status(const zp_dist *d)
{
    return d->rc;
}

int zp_dist_mode(const zp_dist *d)
{
    return d->mode;
}

size_t zp_dist_nblocks(const zp_dist *d)
{
    return d->nb;
}

size_t zp_dist_nsites(const zp_dist *d)
{
    return d->ns;
}

static double straight(const zp_dist *d, size_t b, size_t s)
{
    return hypot(d->bx[b] - d->sx[s], d->by[b] - d->sy[s]);
}

double zp_dist_pair(zp_dist *d, size_t b, size_t s)
{
    return d->mode == ZP_DIST_NETWORK ? zp_walk_pair(d, b, s) : straight(d, b, s);
}

void zp_dist_knn_free(zp_dist_knn *knn)
{
    free(knn->site);
    free(knn->metres);
    memset(knn, 0, sizeof *knn);
}

static int knn_alloc(zp_dist_knn *out, size_t nb, int k)
{
    memset(out, 0, sizeof *out);
    out->nblocks = nb;
    out->k = k > 0 ? k : 0;
    size_t n = nb * (size_t)out->k + 1;
    out->site = malloc(sizeof *out->site * n);
    out->metres = malloc(sizeof *out->metres * n);
    if (!out->site || !out->metres) {
        zp_dist_knn_free(out);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        out->site[i] = -1;
        out->metres[i] = INFINITY;
    }
    return ZP_OK;
}

/* The k nearest used sites by straight line: a kd-tree over just those sites, so ties
 * fall to the lower site index as they always have. */
static int straight_nearest(zp_dist *d, const int32_t *blocks, const uint8_t *use, zp_dist_knn *out)
{
    int k = out->k;
    size_t m = 0;
    int32_t *map = malloc(sizeof *map * (d->ns + 1));
    double *x = malloc(sizeof *x * (d->ns + 1)), *y = malloc(sizeof *y * (d->ns + 1));
    int32_t *got = malloc(sizeof *got * (size_t)(k + 1));
    double *d2 = malloc(sizeof *d2 * (size_t)(k + 1));
    zp_kdtree t = {0};
    int rc = map && x && y && got && d2 ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t s = 0; !rc && s < d->ns; s++)
        if (!use || use[s]) {
            x[m] = d->sx[s];
            y[m] = d->sy[s];
            map[m++] = (int32_t)s;
        }
    if (!rc)
        rc = zp_kdtree_build(&t, x, y, m);
    for (size_t i = 0; !rc && i < out->nblocks; i++) {
        size_t b = blocks ? (size_t)blocks[i] : i;
        int n = zp_kdtree_nearest(&t, d->bx[b], d->by[b], k, got, d2);
        for (int j = 0; j < n; j++) {
            int32_t s = map[got[j]];
            out->site[i * (size_t)k + (size_t)j] = s;
            out->metres[i * (size_t)k + (size_t)j] = straight(d, b, (size_t)s);
        }
    }
    zp_kdtree_free(&t);
    free(map);
    free(x);
    free(y);
    free(got);
    free(d2);
    return rc;
}

int zp_dist_nearest(zp_dist *d, const int32_t *blocks, size_t n, const uint8_t *use, int k,
                    zp_dist_knn *out)
{
    int rc = knn_alloc(out, blocks ? n : d->nb, k);
    if (rc || out->k == 0)
        return rc;
    rc = d->mode == ZP_DIST_NETWORK ? zp_walk_nearest(d, blocks, use, out)
                                    : straight_nearest(d, blocks, use, out);
    if (rc)
        zp_dist_knn_free(out);
    return rc;
}

typedef struct within_q {
    const zp_dist *d;
    const uint8_t *use;
    void (*fn)(int32_t, double, void *);
    void *ud;
} within_q;

static void within_visit(int32_t s, double d2, void *ud)
{
    (void)d2;
    within_q *q = ud;
    if (!q->use || q->use[s])
        q->fn(s, sqrt(d2), q->ud);
}

void zp_dist_within_lb(const zp_dist *d, size_t b, double r, const uint8_t *use,
                       void (*fn)(int32_t site, double straight_m, void *ud), void *ud)
{
    within_q q = {d, use, fn, ud};
    zp_kdtree_within(&d->sites, d->bx[b], d->by[b], r, within_visit, &q);
}

int zp_dist_many(zp_dist *d, size_t b, const int32_t *sites, size_t n, double bound_m, double *out)
{
    if (d->mode == ZP_DIST_NETWORK)
        return zp_walk_many(d, b, sites, n, bound_m, out);
    for (size_t i = 0; i < n; i++)
        out[i] = straight(d, b, (size_t)sites[i]);
    return ZP_OK;
}

int zp_dist_from_site(zp_dist *d, size_t s, double *out)
{
    if (d->mode == ZP_DIST_NETWORK)
        return zp_walk_from_site(d, s, out);
    for (size_t b = 0; b < d->nb; b++)
        out[b] = straight(d, b, s);
    return ZP_OK;
}

/* The straight line's tree: node 0 the site's point, each block a segment to it. */
static int straight_routes(const zp_dist *d, size_t s, size_t n, const size_t *blocks,
                           zp_dist_tree *out)
{
    out->nodes = 1;
    out->parent = malloc(sizeof *out->parent);
    out->start = malloc((n + 2) * sizeof *out->start);
    out->x = malloc((2 * n + 1) * sizeof *out->x);
    out->y = malloc((2 * n + 1) * sizeof *out->y);
    if (!out->parent || !out->start || !out->x || !out->y)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    out->parent[0] = -1;
    out->start[0] = 0;
    out->x[0] = d->sx[s], out->y[0] = d->sy[s];
    for (size_t j = 0; j < n; j++) {
        out->node[j] = 0;
        out->start[j + 1] = 1 + 2 * j;
        out->x[1 + 2 * j] = d->bx[blocks[j]], out->y[1 + 2 * j] = d->by[blocks[j]];
        out->x[2 + 2 * j] = d->sx[s], out->y[2 + 2 * j] = d->sy[s];
    }
    out->start[n + 1] = 1 + 2 * n;
    return ZP_OK;
}

int zp_dist_routes(zp_dist *d, size_t s, size_t n, const size_t *blocks, zp_dist_tree *out)
{
    *out = (zp_dist_tree){0};
    out->nblocks = n;
    out->node = malloc((n + 1) * sizeof *out->node);
    int rc = out->node ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc)
        rc = d->mode == ZP_DIST_NETWORK ? zp_walk_routes(d, s, n, blocks, out)
                                        : straight_routes(d, s, n, blocks, out);
    if (rc)
        zp_dist_tree_free(out);
    return rc;
}

void zp_dist_tree_free(zp_dist_tree *t)
{
    free(t->parent);
    free(t->node);
    free(t->start);
    free(t->x);
    free(t->y);
    *t = (zp_dist_tree){0};
}

double zp_dist_access_m(const zp_dist *d, int site, size_t i)
{
    return d->mode == ZP_DIST_NETWORK ? zp_walk_access_m(d, site, i) : 0.0;
}

long zp_dist_part(const zp_dist *d, int site, size_t i)
{
    return d->mode == ZP_DIST_NETWORK ? zp_walk_part(d, site, i) : -1;
}

int zp_dist_keep_nearest(zp_dist *d, int n)
{
    return d->mode == ZP_DIST_NETWORK ? zp_walk_keep(d->walk, n) : ZP_OK;
}

int zp_dist_prefetch(zp_dist *d, const uint8_t *const *use, size_t n, int k)
{
    return d->mode == ZP_DIST_NETWORK ? zp_walk_prefetch(d, use, n, k) : ZP_OK;
}

int zp_dist_join(const zp_dist *d, int site, size_t i, long *edge, double *fraction,
                 double *access_m)
{
    if (d->mode == ZP_DIST_NETWORK)
        return zp_walk_join(d, site, i, edge, fraction, access_m);
    *edge = -1;
    *fraction = *access_m = 0;
    return 0;
}
