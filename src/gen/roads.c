/* The sample district's streets: every block boundary is a way to walk, as in a town whose
 * blocks are bounded by streets (a Voronoi cell has about three edges, so there are two to
 * three road edges per block at any size). A boundary's kind comes from the blocks on its
 * two sides: streets in the old town, estate roads in the new estates, lanes in the villages
 * and fields, arterials where two kinds of area meet. The river cut the blocks, so no
 * boundary crosses it: bridges, a few, are the only ways over. An expressway crosses the
 * district without a shared vertex with any street (a walk cannot use it; `connect:
 * endpoints` keeps it from meeting the streets it passes over). */
#include <stdlib.h>
#include <string.h>

#include "gen_internal.h"
#include "zoneplan/errors.h"

#define BRIDGE_SPACING_M 4000.0 /* one bridge per this much river, at least two */
#define BRIDGE_REACH_M 600.0    /* a bridge lands on a bank vertex this close in x */
#define EXPRESSWAY_STEP_M 700.0

static const char *const ROAD_KINDS[GEN_ROAD_KINDS] = {"street", "arterial", "estate",
                                                       "lane",   "bridge",   "expressway"};

const char *gen_road_kind(int road)
{
    return ROAD_KINDS[road];
}

static int64_t mm(double v)
{
    return llround(v * 1000.0);
}

static uint64_t seg_hash(int64_t a, int64_t b, int64_t c, int64_t d)
{
    uint64_t h = 1469598103934665603ull;
    int64_t v[4] = {a, b, c, d};
    for (int i = 0; i < 4; i++) {
        h ^= (uint64_t)v[i];
        h *= 1099511628211ull;
        h ^= h >> 29;
    }
    return h;
}

/* Canonical key: the end with the smaller (x, y) first. */
static void seg_key(const gen_seg *s, int64_t k[4])
{
    int64_t a[2] = {mm(s->ax), mm(s->ay)}, b[2] = {mm(s->bx), mm(s->by)};
    int swap = a[0] > b[0] || (a[0] == b[0] && a[1] > b[1]);
    k[0] = swap ? b[0] : a[0], k[1] = swap ? b[1] : a[1];
    k[2] = swap ? a[0] : b[0], k[3] = swap ? a[1] : b[1];
}

static size_t slot_of(const gen_world *w, const int64_t k[4])
{
    size_t i = (size_t)seg_hash(k[0], k[1], k[2], k[3]) & (w->hcap - 1);
    for (;; i = (i + 1) & (w->hcap - 1)) {
        int32_t s = w->hash[i];
        if (s < 0)
            return i;
        int64_t o[4];
        seg_key(&w->segs[s], o);
        if (!memcmp(o, k, sizeof o))
            return i;
    }
}

static int rehash(gen_world *w)
{
    size_t cap = w->hcap ? w->hcap * 2 : 1024;
    int32_t *h = malloc(cap * sizeof *h);
    if (!h)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory for the roads");
    free(w->hash);
    w->hash = h;
    w->hcap = cap;
    for (size_t i = 0; i < cap; i++)
        h[i] = -1;
    for (size_t s = 0; s < w->nsegs; s++) {
        int64_t k[4];
        seg_key(&w->segs[s], k);
        h[slot_of(w, k)] = (int32_t)s;
    }
    return ZP_OK;
}

static int push_seg(gen_world *w, gen_seg s)
{
    if (w->nsegs == w->capsegs) {
        size_t cap = w->capsegs ? w->capsegs * 2 : 1024;
        gen_seg *n = realloc(w->segs, cap * sizeof *n);
        if (!n)
            return zp_error_set(ZP_ENOMEM, "gen: out of memory for the roads");
        w->segs = n;
        w->capsegs = cap;
    }
    w->segs[w->nsegs++] = s;
    return ZP_OK;
}

static int add_seg(gen_world *w, double ax, double ay, double bx, double by, int kind)
{
    gen_seg s = {ax, ay, bx, by, (uint8_t)kind, (uint8_t)kind, 0};
    int64_t k[4];
    seg_key(&s, k);
    if (k[0] == k[2] && k[1] == k[3])
        return ZP_OK; /* no length */
    if ((w->nsegs + 1) * 2 > w->hcap) {
        int rc = rehash(w);
        if (rc)
            return rc;
    }
    size_t i = slot_of(w, k);
    if (w->hash[i] >= 0) { /* the neighbour's side of a shared boundary */
        w->segs[w->hash[i]].k2 = (uint8_t)kind;
        return ZP_OK;
    }
    w->hash[i] = (int32_t)w->nsegs;
    return push_seg(w, s);
}

int gen_roads_add(gen_world *w, const GEOSGeometry *g, int kind)
{
    int nrings, nverts;
    if (!gen_count_rings(w->geos, g, &nrings, &nverts))
        return zp_error_set(ZP_ERROR, "gen: a block's rings cannot be read for the roads");
    int *parts = malloc(((size_t)nrings + 1) * sizeof *parts);
    double *x = malloc(((size_t)nverts + 1) * sizeof *x),
           *y = malloc(((size_t)nverts + 1) * sizeof *y);
    int rc = parts && x && y ? ZP_OK : zp_error_set(ZP_ENOMEM, "gen: out of memory for the roads");
    if (!rc && !gen_copy_rings(w->geos, g, parts, x, y))
        rc = zp_error_set(ZP_ERROR, "gen: a block's rings cannot be read for the roads");
    for (int r = 0; !rc && r < nrings; r++) {
        int end = r + 1 < nrings ? parts[r + 1] : nverts;
        for (int i = parts[r]; !rc && i + 1 < end; i++)
            rc = add_seg(w, x[i], y[i], x[i + 1], y[i + 1], kind);
    }
    free(parts);
    free(x);
    free(y);
    return rc;
}

static uint8_t road_of(uint8_t k1, uint8_t k2)
{
    if (k1 != k2)
        return GEN_ROAD_ARTERIAL;
    switch (k1) {
    case KIND_OLD:
        return GEN_ROAD_STREET;
    case KIND_ESTATE:
        return GEN_ROAD_ESTATE;
    default:
        return GEN_ROAD_LANE;
    }
}

/* Whether (x, y) is at the water's edge: within a metre of the river. */
static int on_bank(const gen_world *w, double x, double y)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(w->geos, 1, 2);
    if (!cs || !GEOSCoordSeq_setXY_r(w->geos, cs, 0, x, y))
        return 0;
    GEOSGeometry *p = GEOSGeom_createPoint_r(w->geos, cs);
    int near = p && GEOSPreparedDistanceWithin_r(w->geos, w->river_prep, p, 1.0) == 1;
    if (p)
        GEOSGeom_destroy_r(w->geos, p);
    return near;
}

typedef struct bank_pt {
    double x, y;
    int side; /* 1 north of the centreline, 0 south */
} bank_pt;

/* Road vertices at the water's edge (within a metre of the river), on either side. Blocks
 * stop at the river, so their boundaries along it are the banks' roads (where a far-bank
 * scrap was dropped there is none: no bridge lands there). */
static int bank_points(const gen_world *w, size_t n, bank_pt **out, size_t *nout)
{
    size_t cap = 0;
    *out = NULL;
    *nout = 0;
    for (size_t s = 0; s < n; s++)
        for (int e = 0; e < 2; e++) {
            double x = e ? w->segs[s].bx : w->segs[s].ax, y = e ? w->segs[s].by : w->segs[s].ay;
            double off = y - gen_river_y(w, x);
            /* the river's slope stays under 2: its banks are within 4 half-widths in y */
            if (fabs(off) > 4 * w->river_half || !on_bank(w, x, y))
                continue;
            if (*nout == cap) {
                cap = cap ? cap * 2 : 256;
                bank_pt *p = realloc(*out, cap * sizeof *p);
                if (!p)
                    return zp_error_set(ZP_ENOMEM, "gen: out of memory for the bridges");
                *out = p;
            }
            (*out)[(*nout)++] = (bank_pt){x, y, off > 0};
        }
    return ZP_OK;
}

/* Bridges evenly along the river: near each place, the shortest way from a road at the
 * north bank's edge to one at the south bank's. */
static int bridges(gen_world *w, size_t n)
{
    bank_pt *bp;
    size_t nb;
    int rc = bank_points(w, n, &bp, &nb);
    int count = (int)(w->w / BRIDGE_SPACING_M);
    count = count < 2 ? 2 : count;
    for (int i = 0; !rc && i < count; i++) {
        double xb = -w->w / 2 + w->w * (i + 0.5) / count, best = INFINITY;
        size_t bn = 0, bs = 0;
        for (size_t a = 0; a < nb; a++) {
            if (!bp[a].side || fabs(bp[a].x - xb) > BRIDGE_REACH_M)
                continue;
            for (size_t c = 0; c < nb; c++) {
                if (bp[c].side || fabs(bp[c].x - xb) > BRIDGE_REACH_M)
                    continue;
                double len = hypot(bp[a].x - bp[c].x, bp[a].y - bp[c].y);
                if (len < best)
                    best = len, bn = a, bs = c;
            }
        }
        if (isinf(best))
            continue; /* the river runs out of the district here */
        rc = push_seg(w, (gen_seg){bp[bs].x, bp[bs].y, bp[bn].x, bp[bn].y, 0, 0, GEN_ROAD_BRIDGE});
    }
    free(bp);
    return rc;
}

/* West to east at a quarter of the height, a gentle bend; its vertices fall where the
 * blocks' do not (they come from no cell), so it meets no street. */
static int expressway(gen_world *w)
{
    double y0 = w->h * 0.28, x = -w->w / 2, step = EXPRESSWAY_STEP_M;
    while (x < w->w / 2) {
        double nx = x + step > w->w / 2 ? w->w / 2 : x + step;
        double ya = y0 + 0.04 * w->h * sin(x / w->w * M_PI);
        double yb = y0 + 0.04 * w->h * sin(nx / w->w * M_PI);
        int rc = push_seg(w, (gen_seg){x, ya, nx, yb, 0, 0, GEN_ROAD_EXPRESSWAY});
        if (rc)
            return rc;
        x = nx;
    }
    return ZP_OK;
}

int gen_roads_finish(gen_world *w)
{
    size_t n = w->nsegs;
    for (size_t s = 0; s < n; s++)
        w->segs[s].road = road_of(w->segs[s].k1, w->segs[s].k2);
    int rc = bridges(w, n);
    if (!rc)
        rc = expressway(w);
    free(w->hash);
    w->hash = NULL;
    w->hcap = 0;
    return rc;
}

void gen_roads_free(gen_world *w)
{
    free(w->segs);
    free(w->hash);
    w->segs = NULL;
    w->hash = NULL;
}
