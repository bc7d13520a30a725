/* Internal helpers shared by the modules (see util.h): growing arrays, numbers for people to
 * read, the clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

int zp_grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 16;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * size);
    if (!q)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

void *zp_memdup(const void *p, size_t n)
{
    void *q = malloc(n ? n : 1);
    if (q && n)
        memcpy(q, p, n);
    return q;
}

const char *zp_format_thousands(char *buf, size_t size, long long v, int plus)
{
    char raw[32];
    snprintf(raw, sizeof raw, "%llu", v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
    size_t n = strlen(raw), o = 0;
    if ((v < 0 || (plus && v > 0)) && o + 1 < size)
        buf[o++] = v < 0 ? '-' : '+';
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        buf[o++] = raw[i];
        if ((n - i - 1) % 3 == 0 && i + 1 < n)
            buf[o++] = ',';
    }
    buf[o] = '\0';
    return buf;
}

double zp_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
