/* Bucket grid over points, and a Hilbert key: the generator's only spatial index.
 *
 * Seeds, blocks and schools all need "is anything within r?" or "which is nearest?"
 * queries; a uniform grid with one linked list per cell answers both in near-constant
 * time, so nothing in the generator loops over blocks times schools. Ties are broken
 * by the lower index so results never depend on insertion order. */
#include <stdlib.h>

#include "zoneplan/errors.h"
#include "gen_internal.h"

#define GRID_MAX_CELLS (1 << 24)

int gen_grid_init(gen_grid *g, double x0, double y0, double x1, double y1, size_t expected,
                  size_t capacity, const double *x, const double *y)
{
    double w = x1 - x0, h = y1 - y0;
    if (expected < 1)
        expected = 1;
    g->cell = sqrt(w * h / (double)expected);
    if (g->cell <= 0)
        g->cell = 1;
    while ((w / g->cell + 1) * (h / g->cell + 1) > GRID_MAX_CELLS)
        g->cell *= 1.5;
    g->x0 = x0;
    g->y0 = y0;
    g->nx = (int)(w / g->cell) + 1;
    g->ny = (int)(h / g->cell) + 1;
    g->x = x;
    g->y = y;
    g->head = malloc((size_t)g->nx * g->ny * sizeof *g->head);
    g->next = malloc((capacity ? capacity : 1) * sizeof *g->next);
    if (!g->head || !g->next) {
        gen_grid_free(g);
        return zp_error_set(ZP_ENOMEM, "gen: out of memory for a %d x %d point grid", g->nx, g->ny);
    }
    for (size_t i = 0; i < (size_t)g->nx * g->ny; i++)
        g->head[i] = -1;
    return ZP_OK;
}

void gen_grid_free(gen_grid *g)
{
    free(g->head);
    free(g->next);
    g->head = g->next = NULL;
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static int cell_x(const gen_grid *g, double px)
{
    double f = (px - g->x0) / g->cell;
    return f < 0 ? 0 : f >= g->nx ? g->nx - 1 : (int)f;
}

static int cell_y(const gen_grid *g, double py)
{
    double f = (py - g->y0) / g->cell;
    return f < 0 ? 0 : f >= g->ny ? g->ny - 1 : (int)f;
}

void gen_grid_insert(gen_grid *g, int32_t i)
{
    size_t c = (size_t)cell_y(g, g->y[i]) * g->nx + cell_x(g, g->x[i]);
    g->next[i] = g->head[c];
    g->head[c] = i;
}

int gen_grid_any_within(const gen_grid *g, double px, double py, double r)
{
    int i0 = cell_x(g, px - r), i1 = cell_x(g, px + r);
    int j0 = cell_y(g, py - r), j1 = cell_y(g, py + r);
    double r2 = r * r;
    for (int j = j0; j <= j1; j++)
        for (int i = i0; i <= i1; i++)
            for (int32_t p = g->head[(size_t)j * g->nx + i]; p >= 0; p = g->next[p]) {
                double dx = g->x[p] - px, dy = g->y[p] - py;
                if (dx * dx + dy * dy < r2)
                    return 1;
            }
    return 0;
}

/* Keep the k best (d2, index) pairs, ordered. */
static void consider(int k, int32_t p, double d, int32_t *idx, double *d2, int *found)
{
    int n = *found;
    int pos = n;
    while (pos > 0 && (d < d2[pos - 1] || (d == d2[pos - 1] && p < idx[pos - 1])))
        pos--;
    if (pos >= k)
        return;
    for (int m = (n < k ? n : k - 1); m > pos; m--) {
        idx[m] = idx[m - 1];
        d2[m] = d2[m - 1];
    }
    idx[pos] = p;
    d2[pos] = d;
    if (n < k)
        *found = n + 1;
}

static void scan_cell(const gen_grid *g, int i, int j, double px, double py, int k,
                      gen_grid_filter filter, void *ctx, int32_t *idx, double *d2, int *found)
{
    for (int32_t p = g->head[(size_t)j * g->nx + i]; p >= 0; p = g->next[p]) {
        if (filter && !filter(ctx, p))
            continue;
        double dx = g->x[p] - px, dy = g->y[p] - py;
        consider(k, p, dx * dx + dy * dy, idx, d2, found);
    }
}

int gen_grid_nearest(const gen_grid *g, double px, double py, int k, gen_grid_filter filter,
                     void *ctx, int32_t *idx, double *d2)
{
    int ci = cell_x(g, px), cj = cell_y(g, py), found = 0;
    int rmax = g->nx > g->ny ? g->nx : g->ny;
    for (int r = 0; r <= rmax; r++) {
        int j0 = clampi(cj - r, 0, g->ny - 1), j1 = clampi(cj + r, 0, g->ny - 1);
        int i0 = clampi(ci - r, 0, g->nx - 1), i1 = clampi(ci + r, 0, g->nx - 1);
        for (int j = j0; j <= j1; j++) {
            int edge_row = (j == cj - r || j == cj + r);
            for (int i = i0; i <= i1; i++)
                if (edge_row || i == ci - r || i == ci + r)
                    scan_cell(g, i, j, px, py, k, filter, ctx, idx, d2, &found);
        }
        /* every cell of ring r+1 is at least r cells away from the query */
        double bound = r * g->cell;
        if (found == k && d2[k - 1] <= bound * bound)
            break;
    }
    return found;
}

void gen_grid_visit_box(const gen_grid *g, double x0, double y0, double x1, double y1,
                        void (*fn)(void *ctx, int32_t i), void *ctx)
{
    int i0 = cell_x(g, x0), i1 = cell_x(g, x1), j0 = cell_y(g, y0), j1 = cell_y(g, y1);
    for (int j = j0; j <= j1; j++)
        for (int i = i0; i <= i1; i++)
            for (int32_t p = g->head[(size_t)j * g->nx + i]; p >= 0; p = g->next[p])
                fn(ctx, p);
}

uint32_t gen_hilbert(double x, double y, double x0, double y0, double size)
{
    const uint32_t n = 1u << 16;
    double fx = (x - x0) / size * n, fy = (y - y0) / size * n;
    uint32_t hx = fx < 0 ? 0 : fx >= n ? n - 1 : (uint32_t)fx;
    uint32_t hy = fy < 0 ? 0 : fy >= n ? n - 1 : (uint32_t)fy;
    uint32_t d = 0;
    for (uint32_t s = n / 2; s > 0; s /= 2) {
        uint32_t rx = (hx & s) > 0, ry = (hy & s) > 0;
        d += s * s * ((3 * rx) ^ ry);
        if (ry == 0) { /* rotate the quadrant */
            if (rx == 1) {
                hx = n - 1 - hx;
                hy = n - 1 - hy;
            }
            uint32_t t = hx;
            hx = hy;
            hy = t;
        }
    }
    return d;
}
