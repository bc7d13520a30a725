/* A balanced 2-d tree stored implicitly in one index array (median splits,
 * alternating axes), so building is O(n log n) with no pointers and queries are
 * the textbook branch-and-bound. Ties are broken by point index so results do not
 * depend on memory layout. */
#include <stdlib.h>

#include "kdtree.h"
#include "zoneplan/errors.h"

static _Thread_local const double *kx, *ky;

static double coord(int32_t i, int axis)
{
    return axis ? ky[i] : kx[i];
}

static _Thread_local int sort_axis;

static int cmp_axis(const void *a, const void *b)
{
    int32_t i = *(const int32_t *)a, j = *(const int32_t *)b;
    double u = coord(i, sort_axis), v = coord(j, sort_axis);
    if (u != v)
        return u < v ? -1 : 1;
    return (i > j) - (i < j);
}

/* Full sort of the range: schools are few, so O(n log^2 n) building is cheap and simple. */
static void nth_element(int32_t *a, size_t lo, size_t hi, size_t nth, int axis)
{
    (void)nth;
    sort_axis = axis;
    qsort(a + lo, hi - lo, sizeof *a, cmp_axis);
}

static void build(int32_t *a, size_t lo, size_t hi, int axis)
{
    if (hi - lo <= 1)
        return;
    size_t mid = lo + (hi - lo) / 2;
    nth_element(a, lo, hi, mid, axis);
    build(a, lo, mid, !axis);
    build(a, mid + 1, hi, !axis);
}

int zp_kdtree_build(zp_kdtree *t, const double *x, const double *y, size_t n)
{
    t->n = n;
    t->x = x;
    t->y = y;
    t->idx = malloc(sizeof *t->idx * (n ? n : 1));
    if (!t->idx)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        t->idx[i] = (int32_t)i;
    kx = x;
    ky = y;
    build(t->idx, 0, n, 0);
    return ZP_OK;
}

void zp_kdtree_free(zp_kdtree *t)
{
    free(t->idx);
    t->idx = NULL;
}

typedef struct knn {
    int k, n;
    int32_t *pts;
    double *d2;
} knn;

/* Is (d, i) closer than (e, j)? */
static int closer(double d, int32_t i, double e, int32_t j)
{
    return d < e || (d == e && i < j);
}

static void knn_offer(knn *q, int32_t p, double d2)
{
    if (q->n == q->k && !closer(d2, p, q->d2[q->n - 1], q->pts[q->n - 1]))
        return;
    int i = q->n < q->k ? q->n++ : q->n - 1;
    while (i > 0 && closer(d2, p, q->d2[i - 1], q->pts[i - 1])) {
        q->d2[i] = q->d2[i - 1];
        q->pts[i] = q->pts[i - 1];
        i--;
    }
    q->d2[i] = d2;
    q->pts[i] = p;
}

static void knn_search(const zp_kdtree *t, size_t lo, size_t hi, int axis, double px, double py,
                       knn *q)
{
    if (lo >= hi)
        return;
    size_t mid = lo + (hi - lo) / 2;
    int32_t p = t->idx[mid];
    double dx = t->x[p] - px, dy = t->y[p] - py;
    knn_offer(q, p, dx * dx + dy * dy);
    double diff = axis ? py - t->y[p] : px - t->x[p];
    size_t nlo = diff < 0 ? lo : mid + 1, nhi = diff < 0 ? mid : hi;
    size_t flo = diff < 0 ? mid + 1 : lo, fhi = diff < 0 ? hi : mid;
    knn_search(t, nlo, nhi, !axis, px, py, q);
    if (q->n < q->k || diff * diff <= q->d2[q->n - 1])
        knn_search(t, flo, fhi, !axis, px, py, q);
}

int zp_kdtree_nearest(const zp_kdtree *t, double px, double py, int k, int32_t *out, double *d2)
{
    knn q = {k, 0, out, d2};
    if (k > 0)
        knn_search(t, 0, t->n, 0, px, py, &q);
    return q.n;
}

static void within(const zp_kdtree *t, size_t lo, size_t hi, int axis, double px, double py,
                   double r2, void (*fn)(int32_t, double, void *), void *ud)
{
    if (lo >= hi)
        return;
    size_t mid = lo + (hi - lo) / 2;
    int32_t p = t->idx[mid];
    double dx = t->x[p] - px, dy = t->y[p] - py, d2 = dx * dx + dy * dy;
    if (d2 <= r2)
        fn(p, d2, ud);
    double diff = axis ? py - t->y[p] : px - t->x[p];
    if (diff < 0 || diff * diff <= r2)
        within(t, lo, mid, !axis, px, py, r2, fn, ud);
    if (diff >= 0 || diff * diff <= r2)
        within(t, mid + 1, hi, !axis, px, py, r2, fn, ud);
}

void zp_kdtree_within(const zp_kdtree *t, double px, double py, double r,
                      void (*fn)(int32_t point, double d2, void *ud), void *ud)
{
    within(t, 0, t->n, 0, px, py, r * r, fn, ud);
}
