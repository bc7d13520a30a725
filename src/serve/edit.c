/* zoneplan serve: a session's edits. Painting moves whole blocks to a school at one level
 * and pins them there; locking keeps blocks where they are; undo and redo replay steps;
 * optimising solves the run again with the session's pins and locks as the scenario's
 * `assign` changes would set them, so what the page shows after it is what `zoneplan run`
 * of the saved scenario gives. Every request is checked before anything changes: a bad
 * one is a 400 naming what was wrong, and the session is as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "serve_internal.h"
#include "zoneplan/errors.h"

static sv_session *session_of(zp_server *srv, json_t *req, sv_reply *out)
{
    return sv_session_or_400(srv, json_string_value(json_object_get(req, "session")), out);
}

/* The blocks a request lists, as indices, or a 400 naming the first unknown id. */
static int32_t *blocks_of(zp_server *srv, json_t *req, size_t *n, sv_reply *out)
{
    json_t *list = json_object_get(req, "blocks");
    if (!json_is_array(list) || json_array_size(list) == 0) {
        sv_error(out, 400, "\"blocks\" must be a list of block ids");
        return NULL;
    }
    *n = json_array_size(list);
    int32_t *v = malloc(sizeof *v * (*n + 1));
    if (!v) {
        sv_error(out, 500, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < *n; i++) {
        const char *id = json_string_value(json_array_get(list, i));
        v[i] = id ? sv_block(srv, id) : -1;
        if (v[i] < 0) {
            if (id)
                sv_error(out, 400, "unknown block id '%.100s' (blocks[%zu])", id, i);
            else
                sv_error(out, 400, "blocks[%zu] is not a block id (a string)", i);
            free(v);
            return NULL;
        }
    }
    return v;
}

const char *sv_unpaintable(const zp_server *srv, int32_t s, const char *id, int l, char *buf,
                           size_t size)
{
    const zp_run *run = srv->run;
    if (s < 0)
        snprintf(buf, size, "unknown school id '%.100s'", id);
    else if (!zp_school_serves(run->ds.schools[s].type, (zp_level)l) || run->capacity[l][s] <= 0)
        snprintf(buf, size, "school %s (%s) has no %s places", run->ds.schools[s].id,
                 run->ds.schools[s].name, zp_level_name((zp_level)l));
    else if (l == ZP_JUNIOR && srv->feeder)
        snprintf(buf, size,
                 "junior catchments are whole primary catchments here (policy.feeder, "
                 "对口直升): paint the primary level");
    else
        return NULL;
    return buf;
}

sv_state sv_painted(zp_server *srv, int l, int32_t b, int32_t s)
{
    int32_t d = srv->demand[l][b];
    return (sv_state){s, d > 0 ? d : 0, 0, s, zp_dist_pair(srv->run->dist, (size_t)b, (size_t)s)};
}

/* The school to paint onto at level l; -1 to unpaint; -2 when refused (400 written). */
static int32_t target_school(zp_server *srv, json_t *v, int l, sv_reply *out)
{
    if (json_is_null(v))
        return -1;
    const char *id = json_string_value(v);
    if (!id) {
        sv_error(out, 400, "\"school\" must be a school id or null");
        return -2;
    }
    int32_t s = sv_school(srv, id);
    char why[300];
    if (sv_unpaintable(srv, s, id, l, why, sizeof why)) {
        sv_error(out, 400, "%s", why);
        return -2;
    }
    return s;
}

int sv_edit(zp_server *srv, json_t *req, sv_reply *out)
{
    double t0 = zp_seconds();
    sv_session *s = session_of(srv, req, out);
    if (!s)
        return ZP_OK;
    const char *lname = json_string_value(json_object_get(req, "level"));
    int li = sv_level(srv, lname);
    if (li < 0)
        return sv_error(out, 400, "unknown level '%.40s' (primary or junior, of those served)",
                        lname ? lname : "(none)");
    int l = srv->level[li];
    int32_t school = target_school(srv, json_object_get(req, "school"), l, out);
    size_t n = 0;
    int32_t *blk = school == -2 ? NULL : blocks_of(srv, req, &n, out);
    if (!blk)
        return ZP_OK;
    sv_step st = {0};
    int rc = ZP_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        sv_state v = sv_state_get(srv, s, l, blk[i]);
        if (school >= 0)
            v = sv_painted(srv, l, blk[i], school);
        else
            v.pin = -1;
        rc = sv_step_set(srv, s, &st, l, blk[i], v);
    }
    free(blk);
    if (!rc)
        rc = zp_dist_status(srv->run->dist);
    st.dirty_now = s->dirty || st.n > 0;
    return sv_step_finish(srv, s, &st, rc, t0, out);
}

int sv_lock(zp_server *srv, json_t *req, sv_reply *out)
{
    double t0 = zp_seconds();
    sv_session *s = session_of(srv, req, out);
    if (!s)
        return ZP_OK;
    json_t *flag = json_object_get(req, "locked");
    if (!json_is_boolean(flag))
        return sv_error(out, 400, "\"locked\" must be true or false");
    size_t n = 0;
    int32_t *blk = blocks_of(srv, req, &n, out);
    if (!blk)
        return ZP_OK;
    sv_step st = {0};
    int rc = ZP_OK;
    for (size_t i = 0; !rc && i < n; i++)
        rc = sv_step_set(srv, s, &st, ZP_NLEVELS, blk[i], (sv_state){.pin = json_is_true(flag)});
    free(blk);
    st.dirty_now = s->dirty || st.n > 0; /* a lock is a pin when solving and saving */
    return sv_step_finish(srv, s, &st, rc, t0, out);
}

int sv_undo_redo(zp_server *srv, json_t *req, int redo, sv_reply *out)
{
    double t0 = zp_seconds();
    sv_session *s = session_of(srv, req, out);
    if (!s)
        return ZP_OK;
    sv_step *st = NULL;
    int rc = sv_undo(srv, s, redo, &st);
    if (rc)
        return rc;
    sv_step none = {0};
    return sv_json(out, 200, sv_delta(srv, s, st ? st : &none, t0));
}
