/* Internal helpers every module may use: growing arrays, the clock, opening input files.
 * Not part of the public API. */
#ifndef ZP_CORE_UTIL_H
#define ZP_CORE_UTIL_H

#include <stddef.h>

/* Grow *p (capacity *cap elements of size bytes) to hold need elements, doubling;
 * 0 on success, -1 when out of memory (then *p is unchanged). */
int zp_grow(void **p, size_t *cap, size_t need, size_t size);
/* A malloc'd copy of n bytes at p (n 0: one byte, so NULL means out of memory). */
void *zp_memdup(const void *p, size_t n);

/* v with thousands separators ("12,345", "-3,542"); plus: "+" before a positive v, for a
 * change ("+1,203"). Returns buf. */
const char *zp_format_thousands(char *buf, size_t size, long long v, int plus);

/* Monotonic clock, seconds (stage timings, time limits). */
double zp_seconds(void);

/* Open an input file for reading (input.c): never blocks, and anything but a regular file
 * (a FIFO, a device, a folder) is ZP_EINPUT "PATH: is not a regular file (a FIFO); ...".
 * On success *fd is a blocking descriptor and *size the file's size. optional: a path that
 * does not exist is 0 with *fd = -1 and no error set; else ZP_EINPUT "PATH: cannot open". */
int zp_input_open(const char *path, int optional, int *fd, size_t *size);

/* A whole input file opened as zp_input_open does, NUL-terminated (it may hold NUL bytes:
 * *len is its length); more than max bytes is ZP_EINPUT naming the limit. optional: *text
 * NULL and 0 when the file does not exist. */
int zp_input_read(const char *path, size_t max, int optional, char **text, size_t *len);

#endif
