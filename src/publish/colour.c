/* Map colours: catchments that touch get different colours. The catchment graph comes
 * from the catchments themselves (GEOS: within a few metres, so catchments across a
 * road or touching at a corner count too: on paper they read as neighbours), and DSATUR
 * colours it, taking among the free colours the one used least so the map stays varied.
 * A district's catchment graph is near-planar: DSATUR needs 4 to 6 colours, and the
 * palette has 10 before it makes up more. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "pub_internal.h"
#include "zoneplan/errors.h"

#define NEIGHBOUR_M 25.0 /* catchments this close read as touching on a map */

/* Pale, distinct fills (ColorBrewer Set3 without its red and grey: red marks flags, grey is
 * the context around a sheet's catchment). */
static const unsigned PALETTE[] = {0x8dd3c7, 0xffffb3, 0xbebada, 0x80b1d3, 0xfdb462,
                                   0xb3de69, 0xfccde5, 0xbc80bd, 0xccebc5, 0xffed6f};
#define NPALETTE ((int)(sizeof PALETTE / sizeof PALETTE[0]))

void zp_pub_palette(int k, double rgb[3])
{
    if (k < NPALETTE) {
        for (int i = 0; i < 3; i++)
            rgb[i] = (double)((PALETTE[k] >> (16 - 8 * i)) & 0xff) / 255.0;
        return;
    }
    double h = fmod((double)(k - NPALETTE) * 0.618033988749895, 1.0) * 6.0; /* golden angle */
    double f = h - floor(h), lo = 0.72, hi = 0.95, up = lo + (hi - lo) * f, dn = hi - (hi - lo) * f;
    double tab[6][3] = {{hi, up, lo}, {dn, hi, lo}, {lo, hi, up},
                        {lo, dn, hi}, {up, lo, hi}, {hi, lo, dn}};
    memcpy(rgb, tab[(int)h % 6], sizeof tab[0]);
}

/* Catchments of one level that share a boundary (or touch): CSR, neighbours ascending,
 * indices relative to level_start[level]. */
typedef struct pub_graph {
    size_t n;
    size_t *start;
    int32_t *nbr;
} pub_graph;
typedef struct pair_sink {
    size_t *a, *b, n, cap_a, cap_b;
    int oom;
} pair_sink;

static void add_pair(pair_sink *s, size_t a, size_t b)
{
    if (zp_grow((void **)&s->a, &s->cap_a, s->n + 1, sizeof *s->a) ||
        zp_grow((void **)&s->b, &s->cap_b, s->n + 1, sizeof *s->b)) {
        s->oom = 1;
        return;
    }
    s->a[s->n] = a;
    s->b[s->n++] = b;
}

typedef struct query_ctx {
    const zp_pub *p;
    size_t first, self;
    const GEOSPreparedGeometry *prep;
    pair_sink *sink;
} query_ctx;

static void on_candidate(void *item, void *ud)
{
    query_ctx *q = ud;
    size_t other = (size_t)(uintptr_t)item;
    if (other <= q->self)
        return; /* each pair once, from its lower index */
    const GEOSGeometry *g = q->p->catchments[q->first + other].geom;
    if (GEOSPreparedDistanceWithin_r(q->p->gctx, q->prep, g, NEIGHBOUR_M) == 1)
        add_pair(q->sink, q->self, other);
}

/* CSR from a symmetric pair list (each pair once). */
static int to_csr(const pair_sink *s, size_t n, pub_graph *g)
{
    g->n = n;
    g->start = calloc(n + 1, sizeof *g->start);
    g->nbr = malloc((2 * s->n + 1) * sizeof *g->nbr);
    if (!g->start || !g->nbr)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n; i++) {
        g->start[s->a[i] + 1]++;
        g->start[s->b[i] + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        g->start[i + 1] += g->start[i];
    size_t *fill = malloc((n + 1) * sizeof *fill);
    if (!fill)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    memcpy(fill, g->start, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < s->n; i++) {
        g->nbr[fill[s->a[i]]++] = (int32_t)s->b[i];
        g->nbr[fill[s->b[i]]++] = (int32_t)s->a[i];
    }
    free(fill);
    return ZP_OK;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static void graph_free(pub_graph *g)
{
    free(g->start);
    free(g->nbr);
    memset(g, 0, sizeof *g);
}

static int catchment_graph(const zp_pub *p, int level, pub_graph *g)
{
    memset(g, 0, sizeof *g);
    size_t first = p->level_start[level], n = p->level_start[level + 1] - first;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(p->gctx, 10);
    pair_sink sink = {0};
    for (size_t i = 0; tree && i < n; i++)
        if (!GEOSisEmpty_r(p->gctx, p->catchments[first + i].geom))
            GEOSSTRtree_insert_r(p->gctx, tree, p->catchments[first + i].geom,
                                 (void *)(uintptr_t)i);
    for (size_t i = 0; tree && i < n && !sink.oom; i++) {
        const GEOSGeometry *gi = p->catchments[first + i].geom;
        if (GEOSisEmpty_r(p->gctx, gi))
            continue;
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        GEOSGeom_getExtent_r(p->gctx, gi, &x0, &y0, &x1, &y1);
        GEOSGeometry *box = GEOSGeom_createRectangle_r(p->gctx, x0 - NEIGHBOUR_M, y0 - NEIGHBOUR_M,
                                                       x1 + NEIGHBOUR_M, y1 + NEIGHBOUR_M);
        const GEOSPreparedGeometry *prep = GEOSPrepare_r(p->gctx, gi);
        query_ctx q = {p, first, i, prep, &sink};
        if (box && prep)
            GEOSSTRtree_query_r(p->gctx, tree, box, on_candidate, &q);
        if (prep)
            GEOSPreparedGeom_destroy_r(p->gctx, prep);
        if (box)
            GEOSGeom_destroy_r(p->gctx, box);
    }
    int rc = !tree || sink.oom ? zp_error_set(ZP_ENOMEM, "out of memory") : to_csr(&sink, n, g);
    for (size_t i = 0; !rc && i < n; i++) /* the tree's visiting order is not ours */
        qsort(g->nbr + g->start[i], g->start[i + 1] - g->start[i], sizeof *g->nbr, cmp_i32);
    if (tree)
        GEOSSTRtree_destroy_r(p->gctx, tree);
    free(sink.a);
    free(sink.b);
    if (rc)
        graph_free(g);
    return rc;
}

void zp_publish_palette_hex(int k, char out[8])
{
    double rgb[3];
    zp_pub_palette(k, rgb);
    snprintf(out, 8, "#%02x%02x%02x", (int)lround(rgb[0] * 255), (int)lround(rgb[1] * 255),
             (int)lround(rgb[2] * 255));
}

/* DSATUR: next the uncoloured node with the most distinct neighbour colours (then most
 * neighbours, then lowest index), given the least-used free colour. */
int zp_publish_colour_graph(size_t n, const size_t *start, const int32_t *nbr, int *col,
                            int *ncolours)
{
    size_t ncol = n + NPALETTE + 1; /* colours that can ever be needed */
    int *used = calloc(ncol, sizeof *used), rc = ZP_OK;
    unsigned char *seen = calloc(ncol, 1);
    if (!used || !seen)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++)
        col[i] = -1;
    for (size_t step = 0; !rc && step < n; step++) {
        size_t best = n;
        int best_sat = -1;
        for (size_t i = 0; i < n; i++) { /* catchments or schools: tens to hundreds, not blocks */
            if (col[i] >= 0)
                continue;
            memset(seen, 0, ncol);
            int sat = 0;
            for (size_t k = start[i]; k < start[i + 1]; k++) {
                int c = col[nbr[k]];
                if (c >= 0 && !seen[c]++)
                    sat++;
            }
            size_t deg = start[i + 1] - start[i];
            if (sat > best_sat || (sat == best_sat && deg > start[best + 1] - start[best])) {
                best = i;
                best_sat = sat;
            }
        }
        memset(seen, 0, ncol);
        for (size_t k = start[best]; k < start[best + 1]; k++)
            if (col[nbr[k]] >= 0)
                seen[col[nbr[k]]] = 1;
        int pick = -1;
        for (int c = 0; c < NPALETTE; c++)
            if (!seen[c] && (pick < 0 || used[c] < used[pick]))
                pick = c;
        for (int c = NPALETTE; pick < 0; c++) /* made-up colours only past the palette */
            if (!seen[c])
                pick = c;
        col[best] = pick;
        used[pick]++;
        *ncolours = pick + 1 > *ncolours ? pick + 1 : *ncolours;
    }
    free(used);
    free(seen);
    return rc;
}

static int colour_level(zp_pub *p, int level, int *ncolours)
{
    pub_graph g;
    int rc = catchment_graph(p, level, &g);
    if (rc)
        return rc;
    size_t first = p->level_start[level], n = g.n;
    int *col = malloc((n + 1) * sizeof *col);
    rc = col ? zp_publish_colour_graph(n, g.start, g.nbr, col, ncolours)
             : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++)
        p->catchments[first + i].colour = col[i];
    free(col);
    graph_free(&g);
    return rc;
}

int zp_pub_colour(zp_pub *p, int *ncolours)
{
    int rc = ZP_OK;
    *ncolours = 0;
    for (int l = 0; !rc && l < ZP_NLEVELS; l++)
        rc = colour_level(p, l, ncolours);
    return rc;
}
