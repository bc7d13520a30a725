/* The quality-balance audit in the run's outputs: audit.csv (every school and level, each
 * indicator's figure against its threshold, under the current catchments and the plan),
 * summary.json's "audit" (the same, with the county's difference coefficients, for the
 * booklet and diff to read back) and report.md's section. Written only when the scenario maps
 * resources, so runs without them keep their files as they were. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "out_internal.h"
#include "zoneplan/errors.h"

static json_t *num3(double v)
{
    return isfinite(v) ? json_real(round(v * 1000.0) / 1000.0) : json_null();
}

/* The audit rows of one assignment, or NULL for a level it does not cover. */
static const zp_audit_result *audit_of(const zp_run *run, int cur, int l)
{
    const zp_audit_result *a = cur ? &run->audit_cur : &run->audit_plan;
    int active = cur ? run->active[l] && run->has_current[l] : run->active[l];
    return a->rows && active ? a : NULL;
}

/* The school has a row at the level on that side. */
static int listed(const zp_audit_result *a, size_t s, int l)
{
    return a && a->rows && a->rows[s * ZP_NLEVELS + (size_t)l].on;
}

/* ---- audit.csv ---- */

static void csv_row(FILE *fp, const zp_run *run, const zp_audit_row *row, size_t s, int l,
                    const char *which)
{
    const zp_school *sc = &run->ds.schools[s];
    const zp_audit_rules *r = &run->sc->policy.audit.rules[l];
    fprintf(fp, "%s,", which);
    zp_csv_field(fp, sc->id);
    fputc(',', fp);
    zp_csv_field(fp, sc->name);
    fprintf(fp, ",%s,%s,%lld,%s", zp_school_type_name(sc->type), zp_level_name((zp_level)l),
            (long long)row->pupils, zp_res_source_name(row->source));
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        fputc(',', fp);
        if (row->eval.assessed[i])
            fprintf(fp, "%.3f", zp_audit_shown(row->eval.value[i], 3, row->eval.met[i] ? 0 : -1));
        fprintf(fp, ",%g,", r->threshold[i]);
        if (row->eval.assessed[i])
            fputs(row->eval.met[i] ? "yes" : "no", fp);
    }
    fprintf(fp, ",%d,%d,%s,", row->eval.nmet, row->eval.nassessed, zp_audit_verdict(row));
    for (int i = 0, k = 0; i < ZP_NINDICATORS; i++)
        if (row->eval.assessed[i] && !row->eval.met[i])
            fprintf(fp, "%s%s", k++ ? ";" : "", zp_indicator_key((zp_indicator)i));
    fputc('\n', fp);
}

int zp_out_audit_csv(const zp_run *run, const char *dir)
{
    if (!run->audit_on)
        return ZP_OK;
    zp_out_csv c;
    int rc = zp_out_csv_open(&c);
    if (rc)
        return rc;
    FILE *fp = c.fp;
    fputs("catchments,school_id,name,type,level,pupils,resources", fp);
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        const char *k = zp_indicator_key((zp_indicator)i);
        fprintf(fp, ",%s,%s_threshold,%s_met", k, k, k);
    }
    fputs(",met,assessed,verdict,short_of\n", fp);
    for (size_t s = 0; s < run->ds.nschools; s++)
        for (int l = 0; l < ZP_NLEVELS; l++)
            for (int cur = 1; cur >= 0; cur--) {
                const zp_audit_result *a = audit_of(run, cur, l);
                if (listed(a, s, l))
                    csv_row(fp, run, &a->rows[s * ZP_NLEVELS + (size_t)l], s, l,
                            cur ? "current" : "plan");
            }
    return zp_out_csv_close(&c, run, dir, "audit.csv");
}

/* ---- summary.json ---- */

static json_t *school_json(const zp_run *run, const zp_audit_row *row, size_t s)
{
    json_t *o = json_object(), *v = json_array(), *m = json_array();
    json_object_set_new(o, "school_id", json_string(run->ds.schools[s].id));
    json_object_set_new(o, "name", json_string(run->ds.schools[s].name));
    json_object_set_new(o, "pupils", json_integer(row->pupils));
    json_object_set_new(o, "resources", json_string(zp_res_source_name(row->source)));
    json_object_set_new(o, "verdict", json_string(zp_audit_verdict(row)));
    json_object_set_new(o, "met", json_integer(row->eval.nmet));
    json_object_set_new(o, "assessed", json_integer(row->eval.nassessed));
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        json_array_append_new(
            v, row->eval.assessed[i]
                   ? json_real(zp_audit_shown(row->eval.value[i], 3, row->eval.met[i] ? 0 : -1))
                   : json_null());
        json_array_append_new(m,
                              row->eval.assessed[i] ? json_boolean(row->eval.met[i]) : json_null());
    }
    json_object_set_new(o, "value", v);
    json_object_set_new(o, "value_met", m);
    return o;
}

static json_t *side_json(const zp_run *run, const zp_audit_result *a, int l)
{
    if (!a)
        return json_null();
    json_t *o = json_object(), *cv = json_array(), *ok = json_array(), *rows = json_array();
    json_object_set_new(o, "schools", json_integer(a->npass[l] + a->nfail[l] + a->nnot[l]));
    json_object_set_new(o, "pass", json_integer(a->npass[l]));
    json_object_set_new(o, "fail", json_integer(a->nfail[l]));
    json_object_set_new(o, "not_assessed", json_integer(a->nnot[l]));
    int all_cv = 1;
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        json_array_append_new(
            cv, isfinite(a->cv[l][i])
                    ? json_real(zp_audit_shown(a->cv[l][i], 3, a->cv_met[l][i] ? 0 : 1))
                    : json_null());
        json_array_append_new(ok, json_boolean(a->cv_met[l][i]));
        all_cv &= a->cv_met[l][i];
    }
    json_object_set_new(o, "cv", cv);
    json_object_set_new(o, "cv_met", ok);
    json_object_set_new(o, "county_pass", json_boolean(all_cv && a->nfail[l] == 0));
    for (size_t s = 0; s < run->ds.nschools; s++)
        if (listed(a, s, l))
            json_array_append_new(rows, school_json(run, &a->rows[s * ZP_NLEVELS + (size_t)l], s));
    json_object_set_new(o, "results", rows);
    return o;
}

/* Schools whose places the audit limits (enforce_audit): per level, places without it. */
static json_t *limits_json(const zp_run *run, int l);

static json_t *level_json(const zp_run *run, int l)
{
    const zp_audit_rules *r = &run->sc->policy.audit.rules[l];
    json_t *o = json_object(), *th = json_array();
    json_object_set_new(o, "level", json_string(zp_level_name((zp_level)l)));
    json_object_set_new(o, "need_met", json_integer(r->need_met));
    json_object_set_new(o, "rest_share", num3(r->rest_share));
    json_object_set_new(o, "cv_limit", num3(r->cv_limit));
    for (int i = 0; i < ZP_NINDICATORS; i++)
        json_array_append_new(th, json_real(r->threshold[i]));
    json_object_set_new(o, "thresholds", th);
    json_object_set_new(o, "current", side_json(run, audit_of(run, 1, l), l));
    json_object_set_new(o, "plan", side_json(run, audit_of(run, 0, l), l));
    json_object_set_new(o, "nearest_share_current", num3(zp_out_nearest_share(run, l, 1)));
    json_object_set_new(o, "nearest_share_plan", num3(zp_out_nearest_share(run, l, 0)));
    json_object_set_new(o, "limited", limits_json(run, l));
    return o;
}

json_t *zp_out_audit_json(const zp_run *run)
{
    if (!run->audit_on)
        return NULL;
    const zp_audit_policy *p = &run->sc->policy.audit;
    json_t *o = json_object(), *keys = json_array(), *levels = json_array();
    json_object_set_new(o, "profile", p->profile[0] ? json_string(p->profile) : json_null());
    json_object_set_new(o, "cv_method",
                        json_string(p->rules[0].unweighted ? "unweighted" : "weighted"));
    json_object_set_new(o, "nine_year_junior_weight", num3(p->junior_weight));
    json_object_set_new(o, "enforced", json_boolean(p->enforce));
    for (int i = 0; i < ZP_NINDICATORS; i++)
        json_array_append_new(keys, json_string(zp_indicator_key((zp_indicator)i)));
    json_object_set_new(o, "indicators", keys);
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (run->active[l])
            json_array_append_new(levels, level_json(run, l));
    json_object_set_new(o, "levels", levels);
    return o;
}

/* ---- the enforced places ---- */

int zp_out_audit_limited(const zp_run *run, size_t s, int l, zp_out_audit_limit *out)
{
    /* as the run counted them (capacities): places without and with the audit */
    if (!run->places_before[l] || !listed(&run->audit_plan, s, l))
        return 0;
    *out = (zp_out_audit_limit){s, run->places_before[l][s], run->capacity[l][s],
                                run->audit_why[l][s]};
    return out->after < out->before;
}

static json_t *limits_json(const zp_run *run, int l)
{
    json_t *a = json_array();
    zp_out_audit_limit lim;
    for (size_t s = 0; s < run->ds.nschools; s++) {
        if (!zp_out_audit_limited(run, s, l, &lim))
            continue;
        json_t *o = json_object();
        json_object_set_new(o, "school_id", json_string(run->ds.schools[s].id));
        json_object_set_new(o, "places_without_audit", json_integer(lim.before));
        json_object_set_new(o, "places", json_integer(lim.after));
        json_object_set_new(o, "indicator",
                            lim.indicator >= 0
                                ? json_string(zp_indicator_key((zp_indicator)lim.indicator))
                                : json_null());
        json_array_append_new(a, o);
    }
    return a;
}

double zp_out_nearest_share(const zp_run *run, int l, int cur)
{
    if (!run->active[l] || (cur && !run->has_current[l]))
        return NAN;
    const zp_alloc_result *r = &run->plan[l];
    double near = 0, all = 0;
    for (size_t b = 0; b < run->ds.nblocks; b++) {
        int32_t s = cur ? run->cur_school[l][b] : r->school[b];
        double kids = cur ? run->ds.blocks[b].children[l] : r->placed[b];
        if (s < 0 || kids <= 0)
            continue;
        all += kids;
        near += r->nearest[b] == s ? kids : 0;
    }
    return all > 0 ? near / all : NAN;
}
