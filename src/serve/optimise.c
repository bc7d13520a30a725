/* zoneplan serve: "optimise the rest" and the comparison with another plan.
 *
 * Optimising solves the served run again with the session's painted blocks pinned to their
 * schools and its locked blocks pinned where they are: the same pins a saved scenario's
 * `assign` changes set, through the same zp_run_solve, so the page then shows exactly what
 * `zoneplan run` of the saved file gives. The run's own pins (from the served scenario's
 * changes) are put back afterwards; the plan every new session starts from is the server's
 * copy and is not touched. */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "serve_internal.h"
#include "zoneplan/errors.h"

int32_t sv_pin(const zp_server *srv, const sv_session *s, int l, size_t b)
{
    if (l == ZP_JUNIOR && srv->feeder) /* whole primary catchments: junior is not pinned */
        return s->pin[l][b];
    if (s->pin[l][b] >= 0)
        return s->pin[l][b];
    return s->lock[b] && s->r[l].school[b] >= 0 ? s->r[l].school[b] : -1;
}

static json_t *warnings_since(size_t first)
{
    json_t *a = json_array();
    for (size_t i = first; a && i < zp_warn_count(); i++)
        json_array_append_new(a, json_string(zp_warn_get(i)));
    return a;
}

/* Solve with the session's pins, then take the plan into a step. */
static int solve_into(zp_server *srv, sv_session *s, sv_step *st)
{
    zp_run *run = srv->run;
    size_t nb = run->ds.nblocks;
    int32_t *keep = malloc(sizeof *keep * (nb * ZP_NLEVELS + 1));
    if (!keep)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; b < nb; b++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            keep[b * ZP_NLEVELS + l] = run->ds.blocks[b].assign[l];
            if (s->r[l].school) /* the tab's pins replace the served scenario's */
                run->ds.blocks[b].assign[l] = sv_pin(srv, s, l, b);
        }
    int rc = zp_run_solve(run);
    for (size_t b = 0; b < nb; b++)
        for (int l = 0; l < ZP_NLEVELS; l++)
            run->ds.blocks[b].assign[l] = keep[b * ZP_NLEVELS + l];
    free(keep);
    for (int i = 0; !rc && i < srv->nlevels; i++) {
        int l = srv->level[i];
        const zp_alloc_result *r = &run->plan[l];
        for (size_t b = 0; !rc && b < nb; b++)
            rc = sv_step_set(
                srv, s, st, l, (int32_t)b,
                (sv_state){r->school[b], r->placed[b], r->unplaced[b], s->pin[l][b], r->dist_m[b]});
    }
    return rc;
}

int sv_resolve(zp_server *srv, sv_session *s, double t0, json_t **delta)
{
    size_t first = zp_warn_count();
    sv_step st = {0};
    int rc = solve_into(srv, s, &st);
    st.dirty_now = 0;
    if (!rc)
        rc = sv_step_commit(srv, s, &st);
    if (rc) {
        sv_step_revert(s, &st);
        return rc;
    }
    *delta = sv_delta(srv, s, &s->undo[s->nundo - 1], t0);
    if (*delta)
        json_object_set_new(*delta, "warnings", warnings_since(first));
    return *delta ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
}

int sv_optimise(zp_server *srv, json_t *req, sv_reply *out)
{
    double t0 = zp_seconds();
    sv_session *s = sv_session_or_400(srv, json_string_value(json_object_get(req, "session")), out);
    if (!s)
        return ZP_OK;
    json_t *delta = NULL;
    int rc = sv_resolve(srv, s, t0, &delta);
    return rc ? rc : sv_json(out, 200, delta);
}

/* One pair of schools a block moves between, for the comparison's table. */
typedef struct pair {
    int32_t from, to;
    int64_t children;
    size_t blocks;
} pair;

static int pair_cmp(const void *x, const void *y)
{
    const pair *a = x, *b = y;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return (a->to > b->to) - (a->to < b->to);
}

static const char *school_id(const zp_server *srv, int32_t s)
{
    return s >= 0 ? srv->run->ds.schools[s].id : "";
}

/* One level: the blocks whose school differs from `was`, and the children per pair. */
static json_t *compare_level(zp_server *srv, sv_session *s, int l, const int32_t *was,
                             json_t **pairs_out)
{
    size_t nb = srv->run->ds.nblocks, np = 0, cap = 0;
    pair *p = NULL;
    json_t *blocks = json_array(), *pairs = json_array();
    const zp_alloc_result *r = &s->r[l];
    for (size_t b = 0; b < nb; b++) {
        int32_t from = was ? was[b] : srv->run->ds.blocks[b].current[l];
        if (from == r->school[b] || srv->demand[l][b] <= 0)
            continue;
        json_array_append_new(blocks, json_integer((json_int_t)b));
        if (zp_grow((void **)&p, &cap, np + 1, sizeof *p))
            break;
        p[np++] = (pair){from, r->school[b], r->placed[b] + r->unplaced[b], 1};
    }
    if (np) /* qsort of NULL, even of 0 items, is undefined */
        qsort(p, np, sizeof *p, pair_cmp);
    for (size_t i = 0; i < np;) {
        pair sum = p[i];
        for (i++; i < np && !pair_cmp(&p[i], &sum); i++) {
            sum.children += p[i].children;
            sum.blocks += p[i].blocks;
        }
        json_array_append_new(pairs, json_pack("{sssssIsI}", "from", school_id(srv, sum.from), "to",
                                               school_id(srv, sum.to), "children",
                                               (json_int_t)sum.children, "blocks",
                                               (json_int_t)sum.blocks));
    }
    free(p);
    *pairs_out = pairs;
    return blocks;
}

int sv_compare(zp_server *srv, const char *session, const char *against, sv_reply *out)
{
    sv_session *s = sv_session_or_400(srv, session, out);
    if (!s)
        return ZP_OK;
    int today = against && !strcmp(against, "today"), plan = against && !strcmp(against, "plan");
    int other = against && !strcmp(against, "run");
    if (!today && !plan && !other)
        return sv_error(out, 400, "against must be today, plan or run, not '%.40s'",
                        against ? against : "(none)");
    if (other && !srv->other[srv->level[0]])
        return sv_error(out, 400, "no other run to compare with (start with --plan RUN_DIR)");
    json_t *blocks = json_array(), *pairs = json_array();
    for (int i = 0; i < srv->nlevels; i++) {
        int l = srv->level[i];
        const int32_t *was = today ? NULL : plan ? srv->plan[l].school : srv->other[l];
        json_t *pl = NULL;
        json_array_append_new(blocks, compare_level(srv, s, l, was, &pl));
        json_array_append_new(pairs, pl);
    }
    return sv_json(out, 200,
                   json_pack("{sssoso}", "against", against, "blocks", blocks, "pairs", pairs));
}
