/* summary.json: the run's figures for machines (objective, LP bound, gap, shortfall,
 * flag counts), built with jansson in a fixed key order so the bytes are stable. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#include "out_internal.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

static json_t *num(double v)
{
    return json_real(round(v * 1000.0) / 1000.0);
}

static json_t *flag_counts(const zp_check_result *r)
{
    json_t *o = json_object();
    for (int k = 0; k < ZP_NFLAGS; k++)
        json_object_set_new(o, zp_flag_name((zp_flag_kind)k),
                            json_integer((json_int_t)r->count[k]));
    return o;
}

/* Every flag in check order (school, level, grade, kind: deterministic), for tools such as
 * `zoneplan diff` that compare runs; grade is null for a whole level or school. */
static json_t *flag_list(const zp_run *run, const zp_check_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->nflags; i++) {
        const zp_flag *f = &r->flags[i];
        json_t *o = json_object();
        json_object_set_new(o, "flag", json_string(zp_flag_name(f->kind)));
        json_object_set_new(o, "school_id", json_string(run->ds.schools[f->school].id));
        json_object_set_new(o, "level", json_string(zp_out_level(f->level)));
        json_object_set_new(o, "grade", f->grade > 0 ? json_integer(f->grade) : json_null());
        json_object_set_new(o, "value", num(f->value));
        json_object_set_new(o, "limit", num(f->limit));
        json_object_set_new(o, "children",
                            f->children >= 0 ? json_integer((json_int_t)f->children) : json_null());
        json_array_append_new(a, o);
    }
    return a;
}

/* What `zoneplan publish` of this folder needs from the scenario: the audience of its sheets
 * and the public notice's footer. */
static json_t *publication_json(const zp_publish_options *o)
{
    json_t *p = json_object();
    json_object_set_new(p, "audience",
                        json_string(o->audience == ZP_AUDIENCE_PUBLIC ? "public" : "internal"));
    json_object_set_new(p, "bureau", o->bureau ? json_string(o->bureau) : json_null());
    json_object_set_new(p, "year", o->year ? json_integer(o->year) : json_null());
    json_object_set_new(p, "approval", o->approval ? json_string(o->approval) : json_null());
    return p;
}

/* What the contiguity repair did and what it left, with the reason per piece. */
static json_t *contiguity_json(const zp_run *run, int l)
{
    if (!run->contig_on)
        return json_null();
    const zp_contig_report *c = &run->contig[l];
    static const char *why[] = {"",         "island", "no_room",    "locked",
                                "enclosed", "feeder", "unfinished", "crossing"};
    json_t *o = json_object(), *left = json_array();
    json_object_set_new(o, "pieces_before_repair", json_integer((json_int_t)c->pieces_before));
    json_object_set_new(o, "blocks_moved", json_integer((json_int_t)c->blocks_moved));
    json_object_set_new(o, "children_moved", json_integer(c->children_moved));
    json_object_set_new(o, "method", json_string(c->grown ? "grown" : "joined"));
    json_object_set_new(o, "pieces_joined_by_chains", json_integer((json_int_t)c->chained));
    json_object_set_new(o, "pieces_merged_into_pieces", json_integer((json_int_t)c->merged));
    json_object_set_new(o, "shortfall_added", json_integer(c->shed));
    json_object_set_new(o, "objective_before_repair", num(c->objective_before));
    json_object_set_new(o, "objective_after_repair", num(c->objective_after));
    for (size_t i = 0; i < c->nleft; i++) {
        json_t *p = json_object();
        json_object_set_new(p, "school_id", json_string(run->ds.schools[c->left[i].school].id));
        json_object_set_new(p, "first_block_id",
                            json_string(run->ds.blocks[c->left[i].first_block].id));
        json_object_set_new(p, "blocks", json_integer(c->left[i].nblocks));
        json_object_set_new(p, "children", json_integer(c->left[i].children));
        json_object_set_new(p, "reason", json_string(why[c->left[i].reason]));
        json_array_append_new(left, p);
    }
    json_object_set_new(o, "pieces_left_apart", left);
    json_object_set_new(o, "empty_pieces_settled", json_integer((json_int_t)c->settled));
    json_t *lands = json_array();
    for (size_t i = 0; i < c->nshort; i++) {
        const zp_contig_land *d = &c->short_lands[i];
        json_t *p = json_object();
        json_object_set_new(p, "first_block_id", json_string(run->ds.blocks[d->first_block].id));
        json_object_set_new(p, "blocks", json_integer(d->nblocks));
        json_object_set_new(p, "children", json_integer(d->children));
        json_object_set_new(p, "places", json_integer(d->places));
        json_object_set_new(p, "must_cross", json_integer(d->must_cross));
        json_object_set_new(p, "parts_at_least", json_integer(d->min_parts));
        json_object_set_new(p, "parts", json_integer(d->parts));
        json_array_append_new(lands, p);
    }
    json_object_set_new(o, "lands_short_of_places", lands);
    json_t *fc = json_null();
    if (c->fewer_crossings.parts_before) {
        fc = json_object();
        json_object_set_new(fc, "parts_before", json_integer(c->fewer_crossings.parts_before));
        json_object_set_new(fc, "parts_after", json_integer(c->fewer_crossings.parts_after));
        json_object_set_new(fc, "objective_before", num(c->fewer_crossings.objective_before));
        json_object_set_new(fc, "objective_after", num(c->fewer_crossings.objective_after));
    }
    json_object_set_new(o, "fewer_crossings", fc);
    return o;
}

static json_t *exact_json(const zp_exact_report *x)
{
    static const char *status[] = {"", "optimal", "time_limit", "too_large",
                                   "optimal_over_candidates"};
    json_t *o = json_object();
    json_object_set_new(o, "status",
                        json_string(status[x->status <= ZP_EXACT_CANDIDATES ? x->status : 0]));
    json_object_set_new(o, "optimal", json_boolean(x->status == ZP_EXACT_OPTIMAL));
    json_object_set_new(o, "lp_bound", num(x->lp_bound));
    json_object_set_new(o, "lagrange_bound",
                        x->lagrange_bound > 0 ? num(x->lagrange_bound) : json_null());
    json_object_set_new(o, "bound", num(x->bound));
    json_object_set_new(o, "start_objective", num(x->start));
    json_object_set_new(o, "objective", num(x->objective));
    json_object_set_new(o, "proven_gap", json_real(round(x->gap * 1e9) / 1e9));
    json_object_set_new(o, "pairs", json_integer((json_int_t)x->pairs));
    json_object_set_new(o, "pairs_in_model", json_integer((json_int_t)x->kept));
    json_object_set_new(o, "open_blocks", json_integer((json_int_t)x->open_blocks));
    json_object_set_new(o, "nodes", json_integer(x->nodes));
    json_object_set_new(o, "stopped_on_time", json_boolean(x->stopped_on_time));
    return o;
}

/* The exact finish (policy.exact_seconds > 0), plain and contiguous, and what one piece per
 * catchment costs. */
static json_t *exact_level_json(const zp_run *run, int l)
{
    if (!run->has_exact[l])
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "whole_blocks", exact_json(&run->exact_plain[l]));
    if (!run->contig_on)
        return o;
    json_t *c = exact_json(&run->exact_contig[l]);
    if (!run->exact_contig[l].contiguous) /* the bound is the rule's; the plan is not under it */
        json_object_set_new(c, "proven_gap", json_null());
    json_object_set_new(c, "contiguous_by_construction",
                        json_boolean(run->exact_contig[l].contiguous));
    json_object_set_new(c, "rule_rows", json_integer((json_int_t)run->exact_contig[l].rows_contig));
    json_object_set_new(c, "island_blocks", json_integer((json_int_t)run->exact_contig[l].islands));
    json_object_set_new(o, "contiguous", c);
    json_t *p = json_object();
    json_object_set_new(p, "child_metres", num(run->plan[l].objective - run->plain_objective[l]));
    json_object_set_new(p, "children_moved", json_integer(run->contig_moved[l]));
    json_object_set_new(p, "shortfall_change",
                        json_integer(run->plan[l].shortfall - run->plain_shortfall[l]));
    json_object_set_new(o, "price_of_contiguity", p);
    return o;
}

static json_t *level_json(const zp_run *run, int l)
{
    const zp_alloc_result *r = &run->plan[l];
    int64_t children = 0, placed = 0, capacity = 0, beyond = 0;
    for (size_t b = 0; b < run->ds.nblocks; b++) {
        children += run->ds.blocks[b].children[l];
        placed += r->placed[b];
    }
    for (size_t s = 0; s < run->ds.nschools; s++) {
        capacity += run->capacity[l][s];
        beyond += run->plan_check.stats[s * ZP_NLEVELS + (size_t)l].beyond_radius;
    }
    json_t *o = json_object();
    json_object_set_new(o, "children", json_integer(children));
    json_object_set_new(o, "capacity", json_integer(capacity));
    json_object_set_new(o, "placed", json_integer(placed));
    json_object_set_new(o, "shortfall", json_integer(r->shortfall));
    json_object_set_new(o, "lp_shortfall", num(r->lp_shortfall));
    json_object_set_new(o, "objective", num(r->objective));
    json_object_set_new(o, "lp_bound", num(r->lp_bound));
    json_object_set_new(o, "gap", json_real(round(r->gap * 1e9) / 1e9));
    json_object_set_new(o, "child_metres", num(r->distance));
    json_object_set_new(o, "mean_distance_m", num(placed ? r->distance / (double)placed : 0));
    json_object_set_new(o, "service_radius_m", num(run->sc->policy.service_radius_m[l]));
    json_object_set_new(o, "beyond_radius", json_integer(beyond));
    json_object_set_new(o, "split_blocks", json_integer((json_int_t)r->split_blocks));
    json_object_set_new(o, "pricing_rounds", json_integer((json_int_t)r->pricing_rounds));
    json_object_set_new(o, "pairs_added_by_pricing", json_integer((json_int_t)r->arcs_added));
    json_object_set_new(
        o, "feeder",
        json_boolean(l == ZP_JUNIOR && run->sc->policy.feeder && run->active[ZP_PRIMARY]));
    json_object_set_new(o, "moved", run->has_current[l] ? json_integer(r->moved) : json_null());
    json_object_set_new(o, "locked", json_integer(r->locked));
    json_object_set_new(o, "contiguity", contiguity_json(run, l));
    json_object_set_new(o, "exact", exact_level_json(run, l));
    return o;
}

/* The walk's inputs, for the maps (zoneplan publish draws the roads and the bridges): the
 * layers' paths as resolved and the walkable filter. Absent for straight-line runs. */
static json_t *roads_json(const zp_run *run)
{
    const zp_roads_spec *r = &run->sc->roads;
    /* the layers were read, so a path that does not resolve is a failure (out of memory), not
     * a path to write as given: the summary must not depend on where it was run from */
    char *path = realpath(r->path, NULL), *bar = r->barriers ? realpath(r->barriers, NULL) : NULL;
    json_t *o = json_object(), *ex = json_array();
    if (!path || (r->barriers && !bar) || !o || !ex) {
        free(path);
        free(bar);
        json_decref(o);
        json_decref(ex);
        return NULL;
    }
    json_object_set_new(o, "distance", json_string("network"));
    json_object_set_new(o, "path", json_string(path));
    json_object_set_new(o, "encoding", r->encoding ? json_string(r->encoding) : json_null());
    const char *crs = r->crs ? r->crs : run->sc->crs,
               *bcrs = r->barriers_crs ? r->barriers_crs : run->sc->crs;
    json_object_set_new(o, "crs", crs ? json_string(crs) : json_null());
    json_object_set_new(o, "walkable_field",
                        r->walkable_field ? json_string(r->walkable_field) : json_null());
    for (size_t i = 0; r->exclude && r->exclude[i]; i++)
        json_array_append_new(ex, json_string(r->exclude[i]));
    json_object_set_new(o, "exclude", ex);
    json_object_set_new(o, "barriers", r->barriers ? json_string(bar) : json_null());
    json_object_set_new(o, "barriers_crs", bcrs ? json_string(bcrs) : json_null());
    free(path);
    free(bar);
    return o;
}

int zp_out_summary_json(const zp_run *run, const char *dir)
{
    json_t *root = json_object();
    json_object_set_new(root, "scenario", json_string(run->sc->name));
    json_object_set_new(root, "publication", publication_json(&run->sc->publish_opts));
    json_object_set_new(root, "blocks", json_integer((json_int_t)run->ds.nblocks));
    json_object_set_new(root, "schools", json_integer((json_int_t)run->ds.nschools));
    json_object_set_new(root, "objective_units",
                        json_string("child-metres; an unplaced child "
                                    "counts shortfall_penalty_m"));
    json_object_set_new(root, "shortfall_penalty_m", num(run->sc->policy.shortfall_penalty_m));
    if (run->roads) { /* straight-line runs keep the summary they always had */
        json_t *roads = roads_json(run);
        if (!roads) {
            json_decref(root);
            return zp_error_set(ZP_ENOMEM, "out of memory");
        }
        json_object_set_new(root, "roads", roads);
    }
    json_t *levels = json_object();
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (run->active[l])
            json_object_set_new(levels, zp_level_name((zp_level)l), level_json(run, l));
    json_object_set_new(root, "levels", levels);
    json_t *flags = json_object();
    json_object_set_new(flags, "plan", flag_counts(&run->plan_check));
    if (run->has_current[0] || run->has_current[1])
        json_object_set_new(flags, "current", flag_counts(&run->cur_check));
    json_object_set_new(root, "flags", flags);
    json_t *list = json_object();
    json_object_set_new(list, "plan", flag_list(run, &run->plan_check));
    if (run->has_current[0] || run->has_current[1])
        json_object_set_new(list, "current", flag_list(run, &run->cur_check));
    json_object_set_new(root, "flag_list", list);
    json_t *audit = zp_out_audit_json(run);
    if (audit)
        json_object_set_new(root, "audit", audit);
    json_object_set_new(root, "warnings", json_integer((json_int_t)zp_run_warn_count(run)));
    FILE *fp;
    int rc = zp_out_open(dir, "summary.json", &fp);
    if (!rc) {
        json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
        fputc('\n', fp);
        rc = zp_out_close(fp, dir, "summary.json");
    }
    json_decref(root);
    return rc;
}
