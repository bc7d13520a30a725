/* zoneplan serve: the replies (JSON, text, errors as {"error": ...}) and the lookups of the
 * ids a request names. Requests name blocks and schools by id, as the planner sees them;
 * replies give indices, which the page keys its map layers by. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_internal.h"
#include "zoneplan/errors.h"

int sv_json(sv_reply *out, int status, json_t *v)
{
    if (!v)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    char *text = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(10));
    json_decref(v);
    if (!text)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    *out = (sv_reply){status, text, strlen(text), "application/json"};
    return ZP_OK;
}

int sv_error(sv_reply *out, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sv_json(out, status, json_pack("{ss}", "error", msg));
}

int sv_text(sv_reply *out, const char *type, const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    memcpy(copy, text, len);
    copy[len] = '\0';
    *out = (sv_reply){200, copy, len, type};
    return ZP_OK;
}

int32_t sv_block(const zp_server *srv, const char *id)
{
    const zp_dataset *ds = &srv->run->ds;
    size_t lo = 0, hi = ds->nblocks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ds->blocks[srv->by_id[mid]].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ds->nblocks && !strcmp(ds->blocks[srv->by_id[lo]].id, id) ? (int32_t)srv->by_id[lo]
                                                                          : -1;
}

int32_t sv_school(const zp_server *srv, const char *id)
{
    const zp_dataset *ds = &srv->run->ds;
    for (size_t s = 0; s < ds->nschools; s++) /* tens to hundreds: no index needed */
        if (!strcmp(ds->schools[s].id, id))
            return (int32_t)s;
    return -1;
}

int sv_level(const zp_server *srv, const char *name)
{
    for (int i = 0; name && i < srv->nlevels; i++)
        if (!strcmp(zp_level_name((zp_level)srv->level[i]), name))
            return i;
    return -1;
}
