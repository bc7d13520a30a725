/* A binary heap ordered by (key, site, node), so ties settle the same way every time: the
 * walk's searches (dist) and the growth of contiguous catchments (alloc) share it. */
#include <stdlib.h>

#include "core/heap.h"
#include "core/util.h"
#include "zoneplan/errors.h"

static int before(const zp_hent *x, const zp_hent *y)
{
    if (x->d != y->d)
        return x->d < y->d;
    if (x->site != y->site)
        return x->site < y->site;
    return x->node < y->node;
}

int zp_heap_push(zp_heap *h, int64_t d, int32_t node, int32_t site)
{
    if (zp_grow((void **)&h->a, &h->cap, h->n + 1, sizeof *h->a))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t i = h->n++;
    zp_hent e = {d, node, site};
    while (i > 0 && before(&e, &h->a[(i - 1) / 2])) {
        h->a[i] = h->a[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->a[i] = e;
    return ZP_OK;
}

zp_hent zp_heap_pop(zp_heap *h)
{
    zp_hent top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && before(&h->a[c + 1], &h->a[c]))
            c++;
        if (!before(&h->a[c], &last))
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n)
        h->a[i] = last;
    return top;
}
