/* A binary heap of (key, node, site) entries popped in (key, site, node) order (heap.c). */
#ifndef ZP_CORE_HEAP_H
#define ZP_CORE_HEAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct zp_hent {
    int64_t d;
    int32_t node, site;
} zp_hent;

typedef struct zp_heap {
    zp_hent *a;
    size_t n, cap;
} zp_heap;

int zp_heap_push(zp_heap *h, int64_t d, int32_t node, int32_t site);
/* The least entry; h->n must be > 0. */
zp_hent zp_heap_pop(zp_heap *h);

#endif
