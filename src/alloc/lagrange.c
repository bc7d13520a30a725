/* The Lagrangian bound of the whole-block problem: a knapsack per school.
 *
 * Relax "every block goes to one school or none" with a multiplier lambda_b per block: the
 * problem splits by school into knapsacks (which blocks school s would take at value
 * c d - lambda, within its places), and L(lambda) = sum lambda + sum of the knapsacks' best
 * values is a bound on every plan, whatever lambda. A block may be placed in part (the rest
 * of its children at the penalty P), so a school's knapsack may hold one block in part: given
 * the set, placing the most children where P - c is largest is best, so at most one block is
 * cut. The knapsack is solved exactly by dynamic programming over places, with a second layer
 * for the one cut block (a sliding-window minimum: linear in places per block). Because a
 * block's value only falls as more of its children are placed, a block worth taking in part
 * is worth taking whole if it fits.
 *
 * Multipliers start from the LP's duals (so the bound starts at least at the LP's) and follow
 * the subgradient (1 - times each block is taken) with Polyak steps towards the plan in hand.
 * lambda_b stays at most d_b times the penalty and, where the block's list of schools is not
 * complete, at most d_b times the floor of its unlisted schools: no school outside the lists
 * could then take it at a gain, so the lists suffice and the bound is valid over every pair.
 * The count of iterations is fixed: the same input gives the same bound. */
#include <stdlib.h>
#include <string.h>

#include "exact_internal.h"
#include "zoneplan/errors.h"

#define ITERATIONS 150
#define DP_CELLS 2000000.0 /* per knapsack: beyond it, the LP of the knapsack (still a bound) */
#define INF (INT64_MAX / 4)
#define WORK 400000000.0 /* table cells over all iterations */

typedef struct item {
    int32_t b;
    int64_t w;     /* children */
    int64_t value; /* c d - lambda, < 0 */
    int64_t gain;  /* P - c: what one more child placed saves */
} item;

typedef struct lag {
    exact *e;
    int64_t *lambda;            /* per block (kind 1) */
    int64_t *cap;               /* per block: the most lambda may be */
    int32_t *taken;             /* per block: knapsacks that take it */
    size_t *by_school, *bstart; /* pairs by school: index into e->pair, CSR */
    int32_t *pblock;            /* per pair: its block */
    item *it;
    int64_t *A, *B, *deq;
    int32_t *keepA; /* item x places: 1 taken whole into A */
    int32_t *keepB; /* item x places: 0 none, 1 whole, 2 + t cut from A[t] */
    size_t cap_cells, cap_cols;
    double cells; /* table cells filled so far: the work is bounded (WORK), not timed */
} lag;

static int cmp_ratio(const void *x, const void *y)
{
    const item *a = x, *b = y;
    /* most saved per child first: value / w ascending (both negative) */
    __int128 l = (__int128)a->value * b->w, r = (__int128)b->value * a->w;
    if (l != r)
        return l < r ? -1 : 1;
    return (a->b > b->b) - (a->b < b->b);
}

/* The LP of the knapsack: whole blocks by value per child, the last in part. Marks nothing
 * taken in part; a valid bound. */
static int64_t knapsack_lp(lag *g, size_t n, int64_t q)
{
    qsort(g->it, n, sizeof *g->it, cmp_ratio);
    int64_t best = 0;
    for (size_t k = 0; k < n && q > 0; k++) {
        if (g->it[k].w <= q) {
            best += g->it[k].value;
            q -= g->it[k].w;
            g->taken[g->it[k].b]++;
        } else {
            best += (int64_t)((__int128)g->it[k].value * q / g->it[k].w) - 1;
            q = 0;
        }
    }
    return best;
}

static int grow_cells(lag *g, size_t cells, size_t cols)
{
    if (cols > g->cap_cols) {
        int64_t *a = realloc(g->A, sizeof *a * cols);
        if (!a)
            return -1;
        g->A = a;
        int64_t *b = realloc(g->B, sizeof *b * cols);
        if (!b)
            return -1;
        g->B = b;
        int64_t *d = realloc(g->deq, sizeof *d * cols);
        if (!d)
            return -1;
        g->deq = d;
        g->cap_cols = cols;
    }
    if (cells <= g->cap_cells)
        return 0;
    int32_t *a = realloc(g->keepA, sizeof *a * cells);
    if (!a)
        return -1;
    g->keepA = a;
    int32_t *b = realloc(g->keepB, sizeof *b * cells);
    if (!b)
        return -1;
    g->keepB = b;
    g->cap_cells = cells;
    return 0;
}

/* The knapsack by places: A[c] the best with whole blocks within c places, B[c] with one
 * block cut (w of its children placed, from A[c - w]: a sliding-window minimum). */
static int64_t knapsack_fill(lag *g, size_t n, int64_t q)
{
    size_t cols = (size_t)q + 1;
    int64_t *A = g->A, *B = g->B, *dq = g->deq;
    for (size_t c = 0; c < cols; c++) {
        A[c] = 0;
        B[c] = INF;
    }
    for (size_t k = 0; k < n; k++) {
        const item *it = &g->it[k];
        int32_t *ka = g->keepA + k * cols, *kb = g->keepB + k * cols;
        size_t head = 0, tail = 0;
        int64_t next = q - 1;
        for (int64_t c = q; c >= 0; c--) {
            ka[c] = 0;
            kb[c] = 0;
            int64_t lo = c - (it->w - 1) > 0 ? c - (it->w - 1) : 0, hi = c - 1;
            for (; next >= lo && next >= 0; next--) {
                int64_t f = A[next] + it->gain * next;
                while (tail > head && A[dq[tail - 1]] + it->gain * dq[tail - 1] >= f)
                    tail--;
                dq[tail++] = next;
            }
            while (tail > head && dq[head] > hi)
                head++;
            if (hi >= lo && tail > head) {
                int64_t t = dq[head], v = A[t] + it->value + it->gain * (it->w - (c - t));
                if (v < B[c]) {
                    B[c] = v;
                    kb[c] = 2 + (int32_t)t;
                }
            }
            if (c >= it->w && B[c - it->w] < INF && B[c - it->w] + it->value < B[c]) {
                B[c] = B[c - it->w] + it->value;
                kb[c] = 1;
            }
            if (c >= it->w && A[c - it->w] + it->value < A[c]) {
                A[c] = A[c - it->w] + it->value;
                ka[c] = 1;
            }
        }
    }
    int64_t c = q;
    int inb = B[c] < A[c];
    int64_t best = inb ? B[c] : A[c];
    for (size_t k = n; k-- > 0;) {
        int32_t ch = inb ? g->keepB[k * cols + (size_t)c] : g->keepA[k * cols + (size_t)c];
        if (!ch)
            continue;
        g->taken[g->it[k].b]++;
        if (inb && ch >= 2) {
            c = ch - 2;
            inb = 0;
        } else {
            c -= g->it[k].w;
        }
    }
    return best;
}

/* The same by the blocks to leave out (whole, or one in part) so that the rest fit: a
 * covering knapsack over the excess, smaller than the places where they are nearly full. */
static int64_t knapsack_cover(lag *g, size_t n, int64_t excess)
{
    int64_t all = 0, best;
    size_t cols = (size_t)excess + 1;
    int64_t *C = g->A, *D = g->B, *dq = g->deq;
    for (size_t k = 0; k < n; k++)
        all += g->it[k].value;
    for (size_t e = 0; e < cols; e++) {
        C[e] = e == 0 ? 0 : INF;
        D[e] = INF;
    }
    for (size_t k = 0; k < n; k++) {
        const item *it = &g->it[k];
        int64_t out = -it->value; /* leaving the block out loses its value */
        int32_t *kc = g->keepA + k * cols, *kd = g->keepB + k * cols;
        size_t head = 0, tail = 0;
        int64_t next = excess - 1;
        for (int64_t e = excess; e >= 0; e--) {
            kc[e] = 0;
            kd[e] = 0;
            int64_t from = e - it->w > 0 ? e - it->w : 0;
            /* one block in part: u of its children left out, 1 <= u < w, from C[e - u]
             * (C[0] once u >= e): the window t = e - u of C[t] - g t, plus g e */
            int64_t lo = e - (it->w - 1) > 0 ? e - (it->w - 1) : 0, hi = e - 1;
            for (; next >= lo && next >= 0; next--) {
                int64_t f = C[next] - it->gain * next;
                while (tail > head && C[dq[tail - 1]] - it->gain * dq[tail - 1] >= f)
                    tail--;
                dq[tail++] = next;
            }
            while (tail > head && dq[head] > hi)
                head++;
            if (hi >= lo && tail > head && C[dq[head]] < INF) {
                int64_t t = dq[head], v = C[t] + it->gain * (e - t);
                if (v < D[e]) {
                    D[e] = v;
                    kd[e] = 2 + (int32_t)t;
                }
            }
            if (e > 0 && D[from] < INF && D[from] + out < D[e]) {
                D[e] = D[from] + out;
                kd[e] = 1;
            }
            if (e > 0 && C[from] < INF && C[from] + out < C[e]) {
                C[e] = C[from] + out;
                kc[e] = 1;
            }
        }
    }
    /* walk the choices back: a block not left out whole is taken (the one in part too) */
    int64_t e = excess;
    int ind = D[e] < C[e];
    best = all + (ind ? D[e] : C[e]);
    for (size_t k = n; k-- > 0;) {
        int32_t ch = ind ? g->keepB[k * cols + (size_t)e] : g->keepA[k * cols + (size_t)e];
        if (ch == 1) {
            e = e - g->it[k].w > 0 ? e - g->it[k].w : 0;
            continue;
        }
        g->taken[g->it[k].b]++;
        if (ind && ch >= 2) {
            e = ch - 2;
            ind = 0;
        }
    }
    return best;
}

/* School s's knapsack at the current multipliers: its best value (<= 0); taken[] counts the
 * blocks it takes (whole or in part). */
static int64_t knapsack(lag *g, size_t s)
{
    exact *ex = g->e;
    int64_t q = ex->cap[s] > 0 ? ex->cap[s] : 0, total = 0;
    size_t n = 0;
    for (size_t k = g->bstart[s]; k < g->bstart[s + 1]; k++) {
        const xpair *p = &ex->pair[g->by_school[k]];
        int32_t b = g->pblock[g->by_school[k]];
        int64_t d = ex->in->demand[b], v = p->cost * d - g->lambda[b];
        if (v < 0) {
            g->it[n++] = (item){b, d, v, ex->P - p->cost};
            total += d;
        }
    }
    int64_t best = 0;
    if (total <= q) { /* everything fits */
        for (size_t k = 0; k < n; k++) {
            best += g->it[k].value;
            g->taken[g->it[k].b]++;
        }
        return best;
    }
    /* by places or by the excess, whichever table is smaller; too big: the LP (a bound) */
    int64_t excess = total - q, cols = (excess < q ? excess : q) + 1;
    g->cells += (double)n * (double)cols;
    if ((double)n * (double)cols > DP_CELLS || grow_cells(g, n * (size_t)cols, (size_t)cols))
        return knapsack_lp(g, n, q);
    return excess < q ? knapsack_cover(g, n, excess) : knapsack_fill(g, n, q);
}

static int64_t evaluate(lag *g)
{
    exact *e = g->e;
    int64_t L = e->locked_cm;
    memset(g->taken, 0, sizeof *g->taken * (e->nb + 1));
    for (size_t b = 0; b < e->nb; b++)
        if (e->kind[b] == 1)
            L += g->lambda[b];
    for (size_t s = 0; s < e->ns; s++)
        L += knapsack(g, s);
    return L;
}

static int lag_init(lag *g, exact *e)
{
    memset(g, 0, sizeof *g);
    g->e = e;
    size_t nb = e->nb + 1, ns = e->ns + 1, np = e->npair + 1;
    g->lambda = calloc(nb, sizeof *g->lambda);
    g->cap = calloc(nb, sizeof *g->cap);
    g->taken = calloc(nb, sizeof *g->taken);
    g->bstart = calloc(ns + 1, sizeof *g->bstart);
    g->by_school = calloc(np, sizeof *g->by_school);
    g->pblock = calloc(np, sizeof *g->pblock);
    g->it = malloc(sizeof *g->it * np);
    if (!g->lambda || !g->cap || !g->taken || !g->bstart || !g->by_school || !g->pblock || !g->it)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; b < e->nb; b++)
        for (size_t k = e->start[b]; k < e->start[b + 1]; k++) {
            g->pblock[k] = (int32_t)b;
            if (e->kind[b] == 1)
                g->bstart[e->pair[k].school + 1]++;
        }
    for (size_t s = 0; s < e->ns; s++)
        g->bstart[s + 1] += g->bstart[s];
    size_t *fill = malloc(sizeof *fill * ns);
    if (!fill)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    memcpy(fill, g->bstart, sizeof *fill * ns);
    for (size_t b = 0; b < e->nb; b++)
        for (size_t k = e->start[b]; e->kind[b] == 1 && k < e->start[b + 1]; k++)
            g->by_school[fill[e->pair[k].school]++] = k;
    free(fill);
    for (size_t b = 0; b < e->nb; b++) {
        if (e->kind[b] != 1)
            continue;
        int64_t d = e->in->demand[b], per = e->P;
        if (!e->complete[b] && e->r->arc_floor && e->r->arc_floor[b] < per)
            per = e->r->arc_floor[b];
        if (e->complete[b] && e->reach[b] < per)
            per = e->reach[b];
        g->cap[b] = per * d;
        g->lambda[b] = e->v[b] * d < g->cap[b] ? e->v[b] * d : g->cap[b];
    }
    return ZP_OK;
}

static void lag_free(lag *g)
{
    free(g->lambda);
    free(g->cap);
    free(g->taken);
    free(g->bstart);
    free(g->by_school);
    free(g->pblock);
    free(g->it);
    free(g->A);
    free(g->B);
    free(g->deq);
    free(g->keepA);
    free(g->keepB);
}

int zp_exact_lagrange(exact *e, int64_t upper, int64_t *bound)
{
    lag g;
    int rc = lag_init(&g, e);
    int64_t best = INT64_MIN;
    double theta = 1.0;
    int stale = 0;
    for (int it = 0; !rc && it < ITERATIONS; it++) {
        int64_t L = evaluate(&g);
        if (L > best) {
            best = L;
            stale = 0;
        } else if (++stale >= 8) {
            theta /= 2;
            stale = 0;
        }
        if (best >= upper || theta < 1e-4 || g.cells > WORK)
            break;
        double norm = 0;
        for (size_t b = 0; b < e->nb; b++)
            if (e->kind[b] == 1) {
                double s = 1.0 - g.taken[b];
                norm += s * s;
            }
        if (norm == 0) /* every block taken once: the relaxed plan is a plan */
            break;
        double step = theta * (double)(upper - L) / norm;
        for (size_t b = 0; b < e->nb; b++) {
            if (e->kind[b] != 1)
                continue;
            int64_t l = g.lambda[b] + (int64_t)(step * (1.0 - g.taken[b]));
            g.lambda[b] = l < g.cap[b] ? l : g.cap[b];
        }
    }
    lag_free(&g);
    *bound = best;
    return rc;
}
