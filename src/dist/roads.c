/* The road graph: lines in the metric plane cut into edges between nodes.
 *
 * A vertex is a node where a line ends or where it is shared: with another line, or twice
 * by one line. Vertices are matched on a millimetre grid (coordinates that went through
 * PROJ the same way are equal, and a millimetre is far below any survey's precision).
 * `intersections` first nodes the lines with GEOS (GEOSNode: every crossing becomes a
 * shared vertex), then the same rule applies. Lengths are summed along the geometry and
 * rounded once per edge to whole micrometres: path sums are then exact integers, the same
 * in every search direction, which is what makes the distances reproducible bit for bit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "dist_internal.h"
#include "zoneplan/errors.h"

static void geos_quiet(const char *fmt, ...)
{
    (void)fmt;
}

/* ---- polylines to cut: the walkable parts, or GEOS's noded version of them ---- */

typedef struct polys {
    size_t n, cap, nv, capv;
    size_t *start; /* n + 1 */
    double *x, *y;
} polys;

static int polys_add(polys *p, const double *x, const double *y, size_t n)
{
    if (zp_grow((void **)&p->start, &p->cap, p->n + 2, sizeof *p->start))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t capx = p->capv;
    if (zp_grow((void **)&p->x, &capx, p->nv + n + 1, sizeof *p->x) ||
        zp_grow((void **)&p->y, &p->capv, p->nv + n + 1, sizeof *p->y))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    if (p->n == 0)
        p->start[0] = 0;
    for (size_t i = 0; i < n; i++) /* consecutive repeats carry no length */
        if (i == 0 || x[i] != x[i - 1] || y[i] != y[i - 1]) {
            p->x[p->nv] = x[i];
            p->y[p->nv++] = y[i];
        }
    p->start[++p->n] = p->nv;
    return ZP_OK;
}

static void polys_free(polys *p)
{
    free(p->start);
    free(p->x);
    free(p->y);
}

static double part_length(const double *x, const double *y, size_t n)
{
    double len = 0;
    for (size_t i = 1; i < n; i++)
        len += hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
    return len;
}

static int walkable_parts(zp_roads *r, const zp_roads_input *in, polys *p)
{
    int rc = ZP_OK;
    for (size_t l = 0; !rc && l < in->nlines; l++) {
        const zp_shape *s = &in->lines[l];
        r->st.lines++;
        if (in->walkable && !in->walkable[l])
            continue;
        r->st.walkable_lines++;
        double len = 0;
        for (int k = 0; k < s->nparts; k++) {
            int a = s->part_start[k], b = k + 1 < s->nparts ? s->part_start[k + 1] : s->nverts;
            double pl = part_length(s->x + a, s->y + a, (size_t)(b - a));
            len += pl;
            if (pl > 0)
                rc = polys_add(p, s->x + a, s->y + a, (size_t)(b - a));
        }
        r->st.zero_length += len == 0;
    }
    return rc;
}

static GEOSGeometry *line_geom(GEOSContextHandle_t g, const double *x, const double *y, size_t n)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromArrays_r(g, x, y, NULL, NULL, (unsigned)n);
    return cs ? GEOSGeom_createLineString_r(g, cs) : NULL;
}

/* Every crossing of the parts becomes a vertex of both (GEOSNode), for un-noded data. */
static int node_parts(zp_roads *r, polys *p)
{
    GEOSGeometry **parts = malloc((p->n + 1) * sizeof *parts);
    if (!parts)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++) {
        parts[n] =
            line_geom(r->g, p->x + p->start[i], p->y + p->start[i], p->start[i + 1] - p->start[i]);
        n += parts[n] != NULL;
    }
    GEOSGeometry *all =
        n == p->n ? GEOSGeom_createCollection_r(r->g, GEOS_MULTILINESTRING, parts, (unsigned)n)
                  : NULL;
    if (!all)
        for (size_t i = 0; i < n; i++)
            GEOSGeom_destroy_r(r->g, parts[i]);
    free(parts);
    GEOSGeometry *noded = all ? GEOSNode_r(r->g, all) : NULL;
    if (all)
        GEOSGeom_destroy_r(r->g, all);
    if (!noded)
        return zp_error_set(ZP_ERROR, "roads: GEOS could not node the lines");
    polys q = {0};
    int rc = ZP_OK;
    int ng = GEOSGetNumGeometries_r(r->g, noded);
    for (int i = 0; !rc && i < ng; i++) {
        const GEOSCoordSequence *cs =
            GEOSGeom_getCoordSeq_r(r->g, GEOSGetGeometryN_r(r->g, noded, i));
        unsigned m = 0;
        if (!cs || !GEOSCoordSeq_getSize_r(r->g, cs, &m))
            rc = zp_error_set(ZP_ERROR, "roads: GEOS noding gave no coordinates");
        double *x = rc ? NULL : malloc((m + 1) * sizeof *x),
               *y = x ? malloc((m + 1) * sizeof *y) : NULL;
        if (!rc && (!x || !y))
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
        if (!rc && !GEOSCoordSeq_copyToArrays_r(r->g, cs, x, y, NULL, NULL))
            rc = zp_error_set(ZP_ERROR, "roads: GEOS noding gave no coordinates");
        if (!rc && part_length(x, y, m) > 0)
            rc = polys_add(&q, x, y, m);
        free(x);
        free(y);
    }
    GEOSGeom_destroy_r(r->g, noded);
    polys_free(p);
    *p = q;
    return rc;
}

/* ---- vertices to nodes: a hash of millimetre keys ---- */

typedef struct vkey {
    int64_t x, y;
} vkey;

typedef struct vhash {
    size_t cap; /* power of two */
    vkey *key;
    int32_t *id;  /* -1 empty; else the distinct vertex's index */
    int32_t *use; /* per distinct vertex: occurrences, ends counted twice */
    int32_t *node;
    size_t n;
} vhash;

static vkey key_of(double x, double y)
{
    return (vkey){llround(x * 1000.0), llround(y * 1000.0)};
}

static size_t slot(const vhash *h, vkey k)
{
    uint64_t v = (uint64_t)k.x * 0x9E3779B97F4A7C15ull ^ ((uint64_t)k.y + 0x632BE59BD9B4E019ull);
    v ^= v >> 31;
    v *= 0xBF58476D1CE4E5B9ull;
    v ^= v >> 29;
    size_t i = (size_t)v & (h->cap - 1);
    while (h->id[i] >= 0 && (h->key[i].x != k.x || h->key[i].y != k.y))
        i = (i + 1) & (h->cap - 1);
    return i;
}

static int vhash_init(vhash *h, size_t nv)
{
    memset(h, 0, sizeof *h);
    h->cap = 16;
    while (h->cap < 2 * nv + 2)
        h->cap *= 2;
    h->key = malloc(h->cap * sizeof *h->key);
    h->id = malloc(h->cap * sizeof *h->id);
    h->use = calloc(nv + 1, sizeof *h->use);
    h->node = malloc((nv + 1) * sizeof *h->node);
    if (!h->key || !h->id || !h->use || !h->node)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; i < h->cap; i++)
        h->id[i] = -1;
    return ZP_OK;
}

static void vhash_free(vhash *h)
{
    free(h->key);
    free(h->id);
    free(h->use);
    free(h->node);
}

static int32_t vertex_of(vhash *h, double x, double y)
{
    vkey k = key_of(x, y);
    size_t i = slot(h, k);
    if (h->id[i] < 0) {
        h->key[i] = k;
        h->node[h->n] = -1;
        h->id[i] = (int32_t)h->n++;
    }
    return h->id[i];
}

/* ---- the graph ---- */

static int add_node(zp_roads *r, size_t *capn, double x, double y)
{
    size_t capy = *capn;
    if (zp_grow((void **)&r->nx, capn, r->nnodes + 1, sizeof *r->nx) ||
        zp_grow((void **)&r->ny, &capy, r->nnodes + 1, sizeof *r->ny))
        return -1;
    r->nx[r->nnodes] = x;
    r->ny[r->nnodes] = y;
    return (int)r->nnodes++;
}

typedef struct grow {
    size_t cu, cv, cl, cs, cx, cy; /* capacities of eu, ev, elen, vstart, vx, vy */
} grow;

static int add_edge(zp_roads *r, grow *g, int32_t u, int32_t v, const double *x, const double *y,
                    size_t n)
{
    size_t nv = r->vstart[r->nedges] + n + 1;
    if (zp_grow((void **)&r->eu, &g->cu, r->nedges + 1, sizeof *r->eu) ||
        zp_grow((void **)&r->ev, &g->cv, r->nedges + 1, sizeof *r->ev) ||
        zp_grow((void **)&r->elen, &g->cl, r->nedges + 1, sizeof *r->elen) ||
        zp_grow((void **)&r->vstart, &g->cs, r->nedges + 2, sizeof *r->vstart) ||
        zp_grow((void **)&r->vx, &g->cx, nv, sizeof *r->vx) ||
        zp_grow((void **)&r->vy, &g->cy, nv, sizeof *r->vy))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t at = r->vstart[r->nedges];
    memcpy(r->vx + at, x, n * sizeof *x);
    memcpy(r->vy + at, y, n * sizeof *y);
    r->eu[r->nedges] = u;
    r->ev[r->nedges] = v;
    double len = part_length(x, y, n);
    r->elen[r->nedges] = llround(len * 1e6);
    r->st.length_m += len;
    r->vstart[++r->nedges] = at + n;
    return ZP_OK;
}

/* Cut every polyline at its node vertices: ends, and vertices used more than once. */
static int cut(zp_roads *r, const polys *p)
{
    vhash h;
    int32_t *vid = malloc((p->nv + 1) * sizeof *vid);
    int rc = vid ? vhash_init(&h, p->nv) : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!vid)
        memset(&h, 0, sizeof h);
    for (size_t i = 0; !rc && i < p->n; i++)
        for (size_t j = p->start[i]; j < p->start[i + 1]; j++) {
            vid[j] = vertex_of(&h, p->x[j], p->y[j]);
            int end = j == p->start[i] || j + 1 == p->start[i + 1];
            h.use[vid[j]] += end ? 2 : 1;
        }
    size_t capn = 0;
    grow g = {0};
    r->vstart = malloc(sizeof *r->vstart);
    if (!rc && !r->vstart)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc) {
        r->vstart[0] = 0;
        g.cs = 1;
    }
    for (size_t i = 0; !rc && i < p->n; i++) {
        size_t from = p->start[i];
        int32_t u = -1;
        for (size_t j = p->start[i]; !rc && j < p->start[i + 1]; j++) {
            int32_t v = vid[j];
            if (h.use[v] < 2)
                continue;
            if (h.node[v] < 0) { /* nodes numbered in order of first appearance */
                int id = add_node(r, &capn, p->x[j], p->y[j]);
                if (id < 0)
                    rc = zp_error_set(ZP_ENOMEM, "out of memory");
                h.node[v] = id;
            }
            if (!rc && u >= 0)
                rc = add_edge(r, &g, u, h.node[v], p->x + from, p->y + from, j - from + 1);
            u = h.node[v];
            from = j;
        }
    }
    vhash_free(&h);
    free(vid);
    return rc;
}

static int32_t find(int32_t *parent, int32_t a)
{
    while (parent[a] != a)
        a = parent[a] = parent[parent[a]];
    return a;
}

/* Components (numbered in node order) and dangling ends. */
static int components(zp_roads *r)
{
    int32_t *deg = calloc(r->nnodes + 1, sizeof *deg);
    r->comp = malloc((r->nnodes + 1) * sizeof *r->comp);
    int32_t *id = malloc((r->nnodes + 1) * sizeof *id);
    if (!deg || !r->comp || !id) {
        free(deg);
        free(id);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (size_t v = 0; v < r->nnodes; v++)
        r->comp[v] = (int32_t)v, id[v] = -1;
    for (size_t e = 0; e < r->nedges; e++) {
        deg[r->eu[e]]++;
        deg[r->ev[e]]++;
        int32_t a = find(r->comp, r->eu[e]), b = find(r->comp, r->ev[e]);
        if (a != b)
            r->comp[a > b ? a : b] = a < b ? a : b;
    }
    for (size_t v = 0; v < r->nnodes; v++) {
        int32_t root = find(r->comp, (int32_t)v);
        if (id[root] < 0)
            id[root] = (int32_t)r->st.components++;
        r->st.dangling += deg[v] == 1;
    }
    for (size_t v = 0; v < r->nnodes; v++)
        r->comp[v] = id[find(r->comp, (int32_t)v)];
    free(deg);
    free(id);
    return ZP_OK;
}

/* Every barrier line and polygon ring as one prepared geometry: an access link crosses a
 * barrier when it meets it. */
static int barriers(zp_roads *r, const zp_roads_input *in)
{
    size_t n = 0;
    for (size_t i = 0; i < in->nbarriers; i++)
        n += (size_t)(in->barriers[i].nparts > 0 ? in->barriers[i].nparts : 0);
    r->st.barriers = in->nbarriers;
    if (!n)
        return ZP_OK;
    GEOSGeometry **parts = malloc(n * sizeof *parts);
    if (!parts)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t k = 0;
    int rc = ZP_OK;
    for (size_t i = 0; !rc && i < in->nbarriers; i++) {
        const zp_shape *s = &in->barriers[i];
        for (int j = 0; !rc && j < s->nparts; j++) {
            int a = s->part_start[j], b = j + 1 < s->nparts ? s->part_start[j + 1] : s->nverts;
            if (b - a < 2)
                continue;
            parts[k] = line_geom(r->g, s->x + a, s->y + a, (size_t)(b - a));
            if (!parts[k])
                rc = zp_error_set(ZP_ERROR, "barriers: GEOS cannot make a line of part %d", j);
            else
                k++;
        }
    }
    if (!rc) {
        r->barrier = GEOSGeom_createCollection_r(r->g, GEOS_MULTILINESTRING, parts, (unsigned)k);
        r->barrier_prep = r->barrier ? GEOSPrepare_r(r->g, r->barrier) : NULL;
        if (!r->barrier_prep)
            rc = zp_error_set(ZP_ERROR, "barriers: GEOS cannot index the barriers");
    } else {
        for (size_t i = 0; i < k; i++)
            GEOSGeom_destroy_r(r->g, parts[i]);
    }
    free(parts);
    return rc;
}

int zp_roads_build(const zp_roads_input *in, zp_roads **out)
{
    *out = NULL;
    zp_roads *r = calloc(1, sizeof *r);
    if (!r)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    r->g = GEOS_init_r();
    if (!r->g) {
        free(r);
        return zp_error_set(ZP_ERROR, "cannot start GEOS");
    }
    GEOSContext_setErrorHandler_r(r->g, geos_quiet);
    GEOSContext_setNoticeHandler_r(r->g, geos_quiet);
    polys p = {0};
    int rc = walkable_parts(r, in, &p);
    if (!rc && in->connect == ZP_CONNECT_INTERSECTIONS && p.n)
        rc = node_parts(r, &p);
    if (!rc)
        rc = cut(r, &p);
    polys_free(&p);
    if (!rc)
        rc = components(r);
    r->st.nodes = r->nnodes;
    r->st.edges = r->nedges;
    if (!rc)
        rc = barriers(r, in);
    if (!rc)
        rc = zp_roads_grid(r);
    if (rc) {
        zp_roads_free(r);
        return rc;
    }
    *out = r;
    return ZP_OK;
}

void zp_roads_free(zp_roads *r)
{
    if (!r)
        return;
    if (r->barrier_prep)
        GEOSPreparedGeom_destroy_r(r->g, r->barrier_prep);
    if (r->barrier)
        GEOSGeom_destroy_r(r->g, r->barrier);
    GEOS_finish_r(r->g);
    free(r->nx);
    free(r->ny);
    free(r->eu);
    free(r->ev);
    free(r->elen);
    free(r->vstart);
    free(r->vx);
    free(r->vy);
    free(r->comp);
    free(r->seg_edge);
    free(r->seg_vert);
    free(r->seg_off);
    free(r->grid.start);
    free(r->grid.seg);
    free(r);
}

const zp_roads_stats *zp_roads_stats_get(const zp_roads *r)
{
    return &r->st;
}

size_t zp_roads_nedges(const zp_roads *r)
{
    return r->nedges;
}

void zp_roads_edge(const zp_roads *r, size_t e, const double **x, const double **y, size_t *n)
{
    *x = r->vx + r->vstart[e];
    *y = r->vy + r->vstart[e];
    *n = r->vstart[e + 1] - r->vstart[e];
}

size_t zp_roads_edge_part(const zp_roads *r, size_t e)
{
    return (size_t)r->comp[r->eu[e]];
}

void zp_roads_edge_ends(const zp_roads *r, size_t e, size_t *u, size_t *v, double *length_m)
{
    *u = (size_t)r->eu[e];
    *v = (size_t)r->ev[e];
    *length_m = (double)r->elen[e] / 1e6;
}
