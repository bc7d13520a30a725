/* The walk's radix heap, in front of the binary heap (core/heap.c), for the searches whose
 * distances only grow. */
#include <stdlib.h>

#include "core/util.h"
#include "walk_internal.h"
#include "zoneplan/errors.h"

/* ---- radix heap: distances only grow during a search (integer micrometres), so entries
 * wait in buckets by the highest bit in which they differ from the last distance taken and
 * are sorted only when their bucket comes up; the entries at exactly that distance go
 * through a binary heap, in (site, node) order, so ties settle the same way every time ---- */

static int bucket_of(int64_t d, int64_t last)
{
    return 64 - __builtin_clzll((unsigned long long)(d ^ last));
}

int zp_rheap_push(rheap *h, int64_t d, int32_t node, int32_t site)
{
    if (d == h->last) {
        int rc = zp_heap_push(&h->zero, d, node, site);
        h->n += rc == ZP_OK; /* counted only once it is in */
        return rc;
    }
    rbucket *b = &h->b[bucket_of(d, h->last)];
    if (zp_grow((void **)&b->a, &b->cap, b->n + 1, sizeof *b->a))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    b->a[b->n++] = (hent){d, node, site};
    h->n++;
    return ZP_OK;
}

/* The next entry; h->n must be > 0. Fails only for want of memory (*rc set). */
hent zp_rheap_pop(rheap *h, int *rc)
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
            *rc = zp_rheap_push(h, b->a[j].d, b->a[j].node, b->a[j].site);
        if (*rc) /* out of memory: the search stops on *rc, nothing is taken */
            return (hent){0, 0, 0};
    }
    h->n--;
    return zp_heap_pop(&h->zero);
}

void zp_rheap_reset(rheap *h)
{
    for (int i = 0; i < 65; i++)
        h->b[i].n = 0;
    h->zero.n = 0;
    h->n = 0;
    h->last = 0;
}

void zp_rheap_free(rheap *h)
{
    for (int i = 0; i < 65; i++)
        free(h->b[i].a);
    free(h->zero.a);
}
