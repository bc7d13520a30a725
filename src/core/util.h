/* Internal helpers every module may use: growing arrays. Not part of the public API. */
#ifndef ZP_CORE_UTIL_H
#define ZP_CORE_UTIL_H

#include <stddef.h>

/* Grow *p (capacity *cap elements of size bytes) to hold need elements, doubling;
 * 0 on success, -1 when out of memory (then *p is unchanged). */
int zp_grow(void **p, size_t *cap, size_t need, size_t size);

/* Monotonic clock, seconds (stage timings, time limits). */
double zp_seconds(void);

#endif
