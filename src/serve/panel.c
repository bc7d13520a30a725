/* zoneplan serve: the side panel, counted afresh from a session's plan after every edit.
 *
 * The figures are zp_check_run's, the very checks `zoneplan run` writes into schools.csv,
 * so the page and a run of the saved scenario agree to the pupil. A full count is linear in
 * blocks (a few milliseconds at 20,000), which is why an edit does not need to patch the
 * figures of the schools it touched: counting again cannot drift from the run's rules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "serve_internal.h"
#include "zoneplan/check.h"
#include "zoneplan/errors.h"

/* Pieces of each school's catchment over the block graph: blocks of one school that share
 * a boundary form one piece (the run's count; its map count of parts apart is not redone). */
static int pieces(const zp_server *srv, const zp_alloc_result *r, int32_t *out)
{
    size_t nb = r->nblocks;
    int32_t *stack = malloc(sizeof *stack * (nb + 1));
    uint8_t *seen = calloc(nb + 1, 1);
    if (!stack || !seen) {
        free(stack);
        free(seen);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    memset(out, 0, sizeof *out * r->nschools);
    for (size_t b = 0; b < nb; b++) {
        int32_t s = r->school[b];
        if (s < 0 || seen[b])
            continue;
        out[s]++;
        size_t top = 0;
        stack[top++] = (int32_t)b;
        seen[b] = 1;
        while (top > 0) {
            int32_t x = stack[--top];
            for (size_t k = srv->graph->start[x]; k < srv->graph->start[x + 1]; k++) {
                int32_t y = srv->graph->nbr[k];
                if (!seen[y] && r->school[y] == s) {
                    seen[y] = 1;
                    stack[top++] = y;
                }
            }
        }
    }
    free(stack);
    free(seen);
    return ZP_OK;
}

/* The school's flags at the level as schools.csv lists them (zp_check_flag_list), split. */
static json_t *flag_names(const zp_check_result *chk, int32_t s, int l)
{
    char buf[512];
    json_t *a = json_array();
    const char *p = zp_check_flag_list(chk, s, l, buf, sizeof buf);
    while (a && *p) {
        size_t n = strcspn(p, ";");
        json_array_append_new(a, json_stringn(p, n));
        p += n + (p[n] == ';');
    }
    return a;
}

static json_t *school_row(const zp_server *srv, const zp_check_result *chk, const int32_t *np,
                          size_t s, int l)
{
    const zp_school *sc = &srv->run->ds.schools[s];
    const zp_policy *p = &srv->run->sc->policy;
    const zp_school_stats *st = &chk->stats[s * ZP_NLEVELS + (size_t)l];
    double cap = p->class_cap[l] > 0 ? p->class_cap[l] : 1;
    json_t *o = json_object();
    json_object_set_new(o, "school", json_integer((json_int_t)s));
    json_object_set_new(o, "pupils", json_integer(st->enrolment));
    json_object_set_new(o, "places", json_integer(st->capacity));
    json_object_set_new(
        o, "util",
        json_real(st->capacity > 0 ? (double)st->enrolment / (double)st->capacity : 0.0));
    json_object_set_new(o, "classes", json_integer(st->classes));
    json_object_set_new(o, "classes_needed", json_integer((json_int_t)ceil(st->enrolment / cap)));
    json_object_set_new(o, "avg_class", json_real(st->classes > 0 ? st->avg_class : 0.0));
    json_object_set_new(o, "class_cap", json_integer(p->class_cap[l]));
    json_object_set_new(o, "school_pupils", json_integer(chk->school_total[s]));
    json_object_set_new(o, "school_cap", json_integer(p->school_cap[sc->type]));
    json_object_set_new(o, "beyond_radius", json_integer(st->beyond_radius));
    json_object_set_new(o, "shortfall", json_integer(st->shortfall));
    json_object_set_new(
        o, "mean_m", json_real(st->enrolment > 0 ? st->child_metres / (double)st->enrolment : 0.0));
    json_object_set_new(o, "pieces", json_integer(np[s]));
    json_object_set_new(o, "closed", json_boolean(sc->closed));
    json_object_set_new(o, "flags", flag_names(chk, (int32_t)s, l));
    return o;
}

static json_t *totals(const zp_server *srv, const zp_check_result *chk, const zp_alloc_result *r,
                      int l)
{
    int64_t children = 0, placed = 0, unplaced = 0, moved = 0, flags = 0;
    double metres = 0;
    const zp_run *run = srv->run;
    for (size_t b = 0; b < r->nblocks; b++) {
        children += srv->demand[l][b];
        placed += r->placed[b];
        unplaced += r->unplaced[b];
        metres += r->placed[b] * r->dist_m[b];
        int32_t cur = run->ds.blocks[b].current[l];
        if (cur >= 0 && r->school[b] != cur)
            moved += r->placed[b];
    }
    for (size_t i = 0; i < chk->nflags; i++)
        flags += chk->flags[i].level == l;
    return json_pack("{sIsIsIsfsIsI}", "children", (json_int_t)children, "placed",
                     (json_int_t)placed, "shortfall", (json_int_t)unplaced, "mean_m",
                     placed > 0 ? metres / (double)placed : 0.0, "flags", (json_int_t)flags,
                     "moved", (json_int_t)moved);
}

json_t *sv_panel(zp_server *srv, sv_session *s)
{
    const zp_dataset *ds = &srv->run->ds;
    zp_level_assignment asg[ZP_NLEVELS] = {{0}};
    for (int i = 0; i < srv->nlevels; i++) {
        const zp_alloc_result *r = &s->r[srv->level[i]];
        asg[srv->level[i]] =
            (zp_level_assignment){1, r->school, r->placed, r->unplaced, r->nearest, r->dist_m};
    }
    zp_check_result chk = {0};
    int32_t *np = malloc(sizeof *np * (ds->nschools + 1));
    json_t *levels = json_array();
    int rc = np && levels ? zp_check_run(ds, &srv->run->sc->policy, asg, &chk) : ZP_ENOMEM;
    for (int i = 0; !rc && i < srv->nlevels; i++) {
        int l = srv->level[i];
        rc = pieces(srv, &s->r[l], np);
        json_t *rows = json_array();
        for (size_t sc = 0; !rc && rows && sc < ds->nschools; sc++)
            if (zp_school_serves(ds->schools[sc].type, (zp_level)l))
                json_array_append_new(rows, school_row(srv, &chk, np, sc, l));
        json_array_append_new(levels,
                              json_pack("{sssoso}", "level", zp_level_name((zp_level)l), "totals",
                                        totals(srv, &chk, &s->r[l], l), "schools", rows));
    }
    zp_check_free(&chk);
    free(np);
    if (rc) {
        json_decref(levels);
        return NULL;
    }
    return json_pack("{so}", "levels", levels);
}
