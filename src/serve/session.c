/* zoneplan serve: a browser tab's own copy of the plan, and its undo and redo.
 *
 * A session starts from the served scenario's solved plan. Every edit is one step: the
 * cells (block and level) it touched with their state before and after, so undo and redo
 * replay cells rather than copy plans, and an edit costs what it touches. The panel is
 * counted afresh from the session's plan each time (panel.c). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "core/util.h"
#include "serve_internal.h"
#include "zoneplan/errors.h"

void sv_step_free(sv_step *st)
{
    free(st->cells);
    memset(st, 0, sizeof *st);
}

void sv_session_free(sv_session *s, int nlevels)
{
    (void)nlevels;
    if (!s)
        return;
    for (int l = 0; l < ZP_NLEVELS; l++) {
        zp_alloc_result_free(&s->r[l]);
        free(s->pin[l]);
    }
    free(s->lock);
    for (size_t i = 0; i < s->nundo; i++)
        sv_step_free(&s->undo[i]);
    for (size_t i = 0; i < s->nredo; i++)
        sv_step_free(&s->redo[i]);
    free(s->undo);
    free(s->redo);
    free(s);
}

/* The session least recently used goes when every slot is taken (a tab left open long ago). */
static size_t free_slot(zp_server *srv)
{
    size_t best = 0;
    for (size_t i = 0; i < SV_MAX_SESSIONS; i++) {
        if (!srv->sessions[i])
            return i;
        if (srv->sessions[i]->used < srv->sessions[best]->used)
            best = i;
    }
    sv_session_free(srv->sessions[best], srv->nlevels);
    srv->sessions[best] = NULL;
    return best;
}

int sv_session_new(zp_server *srv, sv_session **out)
{
    size_t nb = srv->run->ds.nblocks;
    sv_session *s = calloc(1, sizeof *s);
    int rc = s ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (int i = 0; !rc && i < srv->nlevels; i++) {
        int l = srv->level[i];
        rc = sv_plan_copy(&srv->plan[l], &s->r[l]);
        s->pin[l] = malloc(sizeof *s->pin[l] * (nb + 1));
        if (!rc && !s->pin[l])
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
        for (size_t b = 0; !rc && b < nb; b++) /* a saved redraw served again: its pins show */
            s->pin[l][b] = srv->run->ds.blocks[b].assign[l];
    }
    if (!rc && !(s->lock = calloc(nb + 1, 1)))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (rc) {
        sv_session_free(s, srv->nlevels);
        return rc;
    }
    uint64_t r = 0; /* not guessable: another local page must not drive this tab */
    if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
        r = (uint64_t)(zp_seconds() * 1e9);
    snprintf(s->id, sizeof s->id, "s%" PRIu64 "-%016" PRIx64, ++srv->nsessions, r);
    s->used = srv->nrequests;
    srv->sessions[free_slot(srv)] = s;
    *out = s;
    return ZP_OK;
}

sv_session *sv_session_find(zp_server *srv, const char *id)
{
    for (size_t i = 0; id && i < SV_MAX_SESSIONS; i++)
        if (srv->sessions[i] && !strcmp(srv->sessions[i]->id, id)) {
            srv->sessions[i]->used = srv->nrequests;
            return srv->sessions[i];
        }
    return NULL;
}

sv_session *sv_session_or_400(zp_server *srv, const char *id, sv_reply *out)
{
    sv_session *s = sv_session_find(srv, id);
    if (!s)
        sv_error(out, 400, "unknown session '%.40s' (reload the page)", id ? id : "(none)");
    return s;
}

sv_state sv_state_get(const zp_server *srv, const sv_session *s, int level, int32_t b)
{
    (void)srv;
    if (level == ZP_NLEVELS)
        return (sv_state){.pin = s->lock[b]};
    const zp_alloc_result *r = &s->r[level];
    return (sv_state){r->school[b], r->placed[b], r->unplaced[b], s->pin[level][b], r->dist_m[b]};
}

static void state_put(sv_session *s, int level, int32_t b, sv_state v)
{
    if (level == ZP_NLEVELS) {
        s->lock[b] = (uint8_t)v.pin;
        return;
    }
    zp_alloc_result *r = &s->r[level];
    if (r->school[b] >= 0)
        r->load[r->school[b]] -= r->placed[b];
    r->school[b] = v.school;
    r->placed[b] = v.placed;
    r->unplaced[b] = v.unplaced;
    r->dist_m[b] = v.dist;
    if (v.school >= 0)
        r->load[v.school] += v.placed;
    s->pin[level][b] = v.pin;
}

static int same(sv_state a, sv_state b)
{
    return a.school == b.school && a.placed == b.placed && a.unplaced == b.unplaced &&
           a.pin == b.pin && a.dist == b.dist;
}

int sv_step_set(zp_server *srv, sv_session *s, sv_step *st, int level, int32_t b, sv_state now)
{
    sv_state was = sv_state_get(srv, s, level, b);
    if (same(was, now))
        return ZP_OK;
    if (zp_grow((void **)&st->cells, &st->cap, st->n + 1, sizeof *st->cells))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    st->cells[st->n++] = (sv_cell){b, level, was, now};
    state_put(s, level, b, now);
    return ZP_OK;
}

void sv_step_revert(sv_session *s, sv_step *st)
{
    for (size_t i = st->n; i-- > 0;)
        state_put(s, st->cells[i].level, st->cells[i].block, st->cells[i].was);
    sv_step_free(st);
}

/* Cells kept in a stack. */
static size_t cells(const sv_step *stack, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += stack[i].n;
    return c;
}

/* The oldest steps are forgotten past SV_MAX_UNDO steps or SV_MAX_CELLS cells (a full import
 * at 20,000 blocks is 40,000 cells, 2 MB: a tab keeps some 100 MB of history at most). */
static void push(sv_step *stack, size_t *n, sv_step st)
{
    size_t kept = cells(stack, *n) + st.n;
    while (*n > 0 && (*n == SV_MAX_UNDO || kept > SV_MAX_CELLS)) {
        kept -= stack[0].n;
        sv_step_free(&stack[0]);
        memmove(stack, stack + 1, sizeof *stack * (*n - 1));
        (*n)--;
    }
    stack[(*n)++] = st;
}

static int stacks(sv_session *s)
{
    if (!s->undo)
        s->undo = calloc(SV_MAX_UNDO, sizeof *s->undo);
    if (!s->redo)
        s->redo = calloc(SV_MAX_UNDO, sizeof *s->redo);
    return s->undo && s->redo ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
}

int sv_step_commit(zp_server *srv, sv_session *s, sv_step *st)
{
    (void)srv;
    int rc = stacks(s);
    if (rc)
        return rc;
    st->dirty_was = s->dirty;
    s->dirty = st->dirty_now;
    for (size_t i = 0; i < s->nredo; i++) /* a new edit ends the redo branch */
        sv_step_free(&s->redo[i]);
    s->nredo = 0;
    push(s->undo, &s->nundo, *st);
    return ZP_OK;
}

int sv_undo(zp_server *srv, sv_session *s, int redo, sv_step **applied)
{
    (void)srv;
    int rc = stacks(s);
    sv_step *from = redo ? s->redo : s->undo, *to = redo ? s->undo : s->redo;
    size_t *nfrom = redo ? &s->nredo : &s->nundo, *nto = redo ? &s->nundo : &s->nredo;
    *applied = NULL;
    if (rc || *nfrom == 0)
        return rc;
    sv_step st = from[--*nfrom];
    if (redo)
        for (size_t i = 0; i < st.n; i++)
            state_put(s, st.cells[i].level, st.cells[i].block, st.cells[i].now);
    else
        for (size_t i = st.n; i-- > 0;)
            state_put(s, st.cells[i].level, st.cells[i].block, st.cells[i].was);
    s->dirty = redo ? st.dirty_now : st.dirty_was;
    push(to, nto, st);
    *applied = &to[*nto - 1];
    return ZP_OK;
}

int sv_step_finish(zp_server *srv, sv_session *s, sv_step *st, int rc, double t0, sv_reply *out)
{
    if (!rc && st->n == 0) { /* nothing changed: no undo step, the redo branch kept */
        sv_step_free(st);
        sv_step none = {0};
        return sv_json(out, 200, sv_delta(srv, s, &none, t0));
    }
    if (!rc)
        rc = sv_step_commit(srv, s, st);
    if (rc) {
        sv_step_revert(s, st);
        return rc;
    }
    return sv_json(out, 200, sv_delta(srv, s, &s->undo[s->nundo - 1], t0));
}

static json_t *int_list(const int32_t *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_integer(v[i]));
    return a;
}

/* Per active level the blocks painted; and the blocks locked. */
static json_t *marks(zp_server *srv, sv_session *s, int level)
{
    json_t *a = json_array();
    size_t nb = srv->run->ds.nblocks;
    for (size_t b = 0; a && b < nb; b++)
        if (level == ZP_NLEVELS ? s->lock[b] != 0 : s->pin[level][b] >= 0)
            json_array_append_new(a, json_integer((json_int_t)b));
    return a;
}

/* The cells of a step as [block, school] per level (the last state of each cell wins). */
static json_t *changed(zp_server *srv, sv_session *s, const sv_step *st)
{
    json_t *all = json_array();
    for (int i = 0; all && i < srv->nlevels; i++) {
        int l = srv->level[i];
        json_t *a = json_array();
        for (size_t c = 0; a && st && c < st->n; c++)
            if (st->cells[c].level == l) {
                int32_t b = st->cells[c].block;
                json_array_append_new(a, json_pack("[ii]", b, s->r[l].school[b]));
            }
        json_array_append_new(all, a);
    }
    return all;
}

json_t *sv_delta(zp_server *srv, sv_session *s, const sv_step *step, double t0)
{
    json_t *o = json_object(), *schools = step ? NULL : json_array(), *painted = json_array();
    for (int i = 0; !step && schools && i < srv->nlevels; i++)
        json_array_append_new(schools, int_list(s->r[srv->level[i]].school, srv->run->ds.nblocks));
    for (int i = 0; painted && i < srv->nlevels; i++)
        json_array_append_new(painted, marks(srv, s, srv->level[i]));
    json_object_set_new(o, "session", json_string(s->id));
    if (step)
        json_object_set_new(o, "changed", changed(srv, s, step));
    else
        json_object_set_new(o, "school", schools);
    json_object_set_new(o, "painted", painted);
    json_object_set_new(o, "locked", marks(srv, s, ZP_NLEVELS));
    json_object_set_new(o, "panel", sv_panel(srv, s));
    json_object_set_new(o, "undo", json_integer((json_int_t)s->nundo));
    json_object_set_new(o, "redo", json_integer((json_int_t)s->nredo));
    json_object_set_new(o, "dirty", json_boolean(s->dirty));
    json_object_set_new(o, "ms", json_real((zp_seconds() - t0) * 1000.0));
    json_object_set_new(o, "warnings", json_array());
    return o;
}
