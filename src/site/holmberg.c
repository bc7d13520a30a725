/* Reading Holmberg's SSCFLP instances (the published benchmark of single-source facility
 * location): J I, then J lines of capacity and fixed cost, I demands, and the J x I matrix
 * of the cost of serving all of a customer's demand from a site, site by site. Several of
 * the public files end in NUL padding, one with leftover text after it: everything from
 * the first NUL on is passed over once the instance is complete, and reported. */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "zoneplan/errors.h"
#include "zoneplan/number.h"
#include "zoneplan/site.h"

typedef struct reader {
    const char *path, *s, *end;
    size_t count; /* numbers read so far */
} reader;

static int next_number(reader *r, const char *what, double *out)
{
    while (r->s < r->end && (*r->s == ' ' || *r->s == '\t' || *r->s == '\r' || *r->s == '\n'))
        r->s++;
    if (r->s >= r->end)
        return zp_error_set(ZP_EINPUT,
                            "%s: number %zu (%s): the file ends (or turns to NUL "
                            "bytes) before the instance is complete",
                            r->path, r->count + 1, what);
    size_t len = strcspn(r->s, " \t\r\n"); /* the text stops at the first NUL (r->end) */
    if (len > (size_t)(r->end - r->s))
        len = (size_t)(r->end - r->s);
    double v = 0;
    if (zp_number_parse(r->s, len, &v) || v < 0)
        return zp_error_set(ZP_EINPUT, "%s: number %zu (%s): expected a number >= 0, found '%.*s'",
                            r->path, r->count + 1, what, (int)(len > 12 ? 12 : len), r->s);
    r->s += len;
    r->count++;
    *out = v;
    return ZP_OK;
}

static int whole(reader *r, const char *what, int64_t max, int64_t *out)
{
    double v;
    int rc = next_number(r, what, &v);
    if (!rc && (v != floor(v) || v > (double)max))
        rc = zp_error_set(ZP_EINPUT,
                          "%s: number %zu (%s): expected a whole number up to %lld, "
                          "found %g",
                          r->path, r->count, what, (long long)max, v);
    if (!rc)
        *out = (int64_t)v;
    return rc;
}

static int alloc_instance(zp_sscflp *in, size_t j, size_t i)
{
    in->nsites = j;
    in->ncust = i;
    in->fixed = calloc(j, sizeof *in->fixed);
    in->cap = calloc(j, sizeof *in->cap);
    in->demand = calloc(i, sizeof *in->demand);
    in->start = calloc(i + 1, sizeof *in->start);
    in->arcs = calloc(i * j + 1, sizeof *in->arcs);
    if (!in->fixed || !in->cap || !in->demand || !in->start || !in->arcs)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t k = 0; k <= i; k++)
        in->start[k] = k * j;
    return ZP_OK;
}

static int read_body(reader *r, zp_sscflp *in)
{
    int64_t j = 0, i = 0;
    int rc = whole(r, "number of sites", 100000, &j);
    if (!rc)
        rc = whole(r, "number of customers", 1000000, &i);
    if (!rc && (j < 1 || i < 1))
        rc = zp_error_set(ZP_EINPUT,
                          "%s: %lld sites and %lld customers: expected at least one of "
                          "each",
                          r->path, (long long)j, (long long)i);
    size_t left = (size_t)(r->end - r->s); /* a cost takes a byte at least: no allocating
                                               for a header that claims more than the file holds */
    if (!rc && (double)j * (double)i > (double)left)
        rc = zp_error_set(ZP_EINPUT,
                          "%s: %lld sites x %lld customers: more costs than the file's "
                          "%zu remaining bytes can hold",
                          r->path, (long long)j, (long long)i, left);
    if (!rc)
        rc = alloc_instance(in, (size_t)j, (size_t)i);
    for (size_t s = 0; !rc && s < in->nsites; s++) {
        rc = whole(r, "capacity", INT64_MAX / 4, &in->cap[s]);
        if (!rc)
            rc = next_number(r, "fixed cost", &in->fixed[s]);
    }
    int64_t total = 0; /* the solver sums the demands (and loads sites with them) in int64 */
    for (size_t c = 0; !rc && c < in->ncust; c++) {
        rc = whole(r, "demand", INT64_MAX / 4, &in->demand[c]);
        if (!rc && in->demand[c] > INT64_MAX / 4 - total)
            rc = zp_error_set(ZP_EINPUT,
                              "%s: number %zu (demand): the demands so far add up to more than "
                              "%lld; expected a total demand up to that",
                              r->path, r->count, (long long)(INT64_MAX / 4));
        total += rc ? 0 : in->demand[c];
    }
    for (size_t s = 0; !rc && s < in->nsites; s++)
        for (size_t c = 0; !rc && c < in->ncust; c++) {
            zp_site_arc *a = &in->arcs[c * in->nsites + s];
            a->site = (int32_t)s;
            rc = next_number(r, "cost", &a->cost);
        }
    return rc;
}

int zp_sscflp_read_holmberg(const char *path, zp_sscflp *out, size_t *ignored)
{
    memset(out, 0, sizeof *out);
    *ignored = 0;
    size_t len = 0;
    char *text = NULL;
    int rc = zp_input_read(path, SIZE_MAX, 0, &text, &len);
    if (rc)
        return rc;
    const char *nul = memchr(text, '\0', len);
    reader r = {path, text, nul ? nul : text + len, 0};
    rc = read_body(&r, out);
    while (!rc && r.s < r.end && strchr(" \t\r\n", *r.s))
        r.s++;
    if (!rc && r.s < r.end)
        rc = zp_error_set(ZP_EINPUT, "%s: after number %zu: '%.12s' where the instance should end",
                          path, r.count, r.s);
    if (!rc && nul)
        *ignored = (size_t)(text + len - nul);
    free(text);
    if (rc)
        zp_sscflp_free(out);
    return rc;
}

void zp_sscflp_free(zp_sscflp *in)
{
    free(in->fixed);
    free(in->cap);
    free(in->demand);
    free(in->start);
    free(in->arcs);
    free(in->fixed_open);
    memset(in, 0, sizeof *in);
}
