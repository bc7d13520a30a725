/* summary.json's "audit" (src/out/audit.c writes it) read back for the booklet's audit pages:
 * per level the rules (thresholds, rest share, difference-coefficient limit), the county's
 * coefficients under the plan and today's catchments, and every school's plan figures with
 * today's verdict beside them. A run folder is an input like any other: every value is
 * checked, and a malformed one is an error naming the file and the JSON path, never a guess
 * drawn on a page a bureau prints. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff_internal.h"
#include "pub_internal.h"
#include "zoneplan/errors.h"

static int bad(const char *path, const char *at, const char *what)
{
    return zp_error_set(ZP_EINPUT, "%s: %s: %s", path, at, what);
}

/* A list of ZP_NRESOURCES numbers into v, as the diff reads them; nulls (NAN) only when
 * allow_null. */
static int numbers(json_t *a, double *v, int allow_null)
{
    if (zp_diff_json_numbers(a, v) != 0)
        return -1;
    for (size_t i = 0; !allow_null && i < ZP_NRESOURCES; i++)
        if (isnan(v[i]))
            return -1;
    return 0;
}

/* A list of ZP_NRESOURCES booleans into m (1, 0; -1 for a null when allow_null). */
static int booleans(json_t *a, signed char *m, int allow_null)
{
    if (!json_is_array(a) || json_array_size(a) != ZP_NRESOURCES)
        return -1;
    for (size_t i = 0; i < ZP_NRESOURCES; i++) {
        json_t *x = json_array_get(a, i);
        if (!json_is_boolean(x) && !(allow_null && json_is_null(x)))
            return -1;
        m[i] = json_is_null(x) ? -1 : json_is_true(x);
    }
    return 0;
}

/* o.key as a whole number in [lo, hi], or an error naming at.key. */
static int whole(const char *path, const char *at, json_t *o, const char *key, int64_t lo,
                 int64_t hi, int64_t *out)
{
    json_t *x = json_object_get(o, key);
    if (!json_is_integer(x) || json_integer_value(x) < lo || json_integer_value(x) > hi) {
        char where[300];
        snprintf(where, sizeof where, "%.200s.%s", at, key);
        return bad(path, where, "missing, or not a whole number in range");
    }
    *out = json_integer_value(x);
    return ZP_OK;
}

static int verdict_of(json_t *v)
{
    return zp_verdict_find(json_string_value(v));
}

/* One school of the plan's results. */
static int read_row(const char *path, const char *at, json_t *o, zp_pub_audit_row *r)
{
    json_t *id = json_object_get(o, "school_id"), *name = json_object_get(o, "name");
    const char *res = json_string_value(json_object_get(o, "resources"));
    char where[300];
    int64_t v[3];
    r->cur_verdict = -1;
    if (!json_is_object(o))
        return bad(path, at, "not an object");
    const char *miss = !json_is_string(id)                                            ? "school_id"
                       : !json_is_string(name)                                        ? "name"
                       : (r->verdict = verdict_of(json_object_get(o, "verdict"))) < 0 ? "verdict"
                       : numbers(json_object_get(o, "value"), r->value, 1)            ? "value"
                       : booleans(json_object_get(o, "value_met"), r->met_i, 1)       ? "value_met"
                                                                                      : NULL;
    if (miss) {
        snprintf(where, sizeof where, "%.200s.%s", at, miss);
        return bad(path, where,
                   !strcmp(miss, "verdict") ? "missing, or not pass, fail or not_assessed"
                   : !strcmp(miss, "value") ? "missing, or not 7 figures (or null)"
                   : miss[0] == 'v'         ? "missing, or not 7 booleans (or null)"
                                            : "missing, or not a string");
    }
    const char *keys[] = {"pupils", "met", "assessed"};
    int64_t hi[] = {INT64_C(1) << 50, ZP_NRESOURCES, ZP_NRESOURCES};
    for (int k = 0; k < 3; k++) {
        int rc = whole(path, at, o, keys[k], 0, hi[k], &v[k]);
        if (rc)
            return rc;
    }
    r->pupils = v[0];
    r->met = (int)v[1];
    r->assessed = (int)v[2];
    r->split = res && !strcmp(res, "split");
    r->id = strdup(json_string_value(id));
    r->name = strdup(json_string_value(name));
    return r->id && r->name ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
}

/* A side's counts and coefficients (not its results). */
static int read_side(const char *path, const char *at, json_t *o, zp_pub_audit_side *s)
{
    char where[300];
    signed char met[ZP_NRESOURCES];
    json_t *cp = json_object_get(o, "county_pass");
    const char *miss = !json_is_object(o)                               ? ""
                       : numbers(json_object_get(o, "cv"), s->cv, 1)    ? ".cv"
                       : booleans(json_object_get(o, "cv_met"), met, 0) ? ".cv_met"
                       : !json_is_boolean(cp)                           ? ".county_pass"
                       : !json_is_array(json_object_get(o, "results"))  ? ".results"
                                                                        : NULL;
    if (miss) {
        snprintf(where, sizeof where, "%.200s%s", at, miss);
        return bad(path, where, "missing or of the wrong type");
    }
    int64_t n, pass;
    int rc = whole(path, at, o, "schools", 0, INT32_MAX, &n);
    if (!rc)
        rc = whole(path, at, o, "pass", 0, n, &pass);
    for (int i = 0; i < ZP_NRESOURCES; i++)
        s->cv_met[i] = met[i];
    s->schools = (int)n;
    s->pass = (int)pass;
    s->county_pass = json_is_true(cp);
    s->present = !rc;
    return rc;
}

static int read_plan_rows(const char *path, const char *at, json_t *res, zp_pub_audit_level *lv)
{
    lv->rows = calloc(json_array_size(res) + 1, sizeof *lv->rows);
    if (!lv->rows)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; i < json_array_size(res); i++) {
        char where[300];
        snprintf(where, sizeof where, "%.200s.results[%zu]", at, i);
        lv->nrows = i + 1; /* what zp_pub_audit_free walks */
        int rc = read_row(path, where, json_array_get(res, i), &lv->rows[i]);
        if (rc)
            return rc;
    }
    return ZP_OK;
}

/* Today's verdicts, set on the plan's rows of the same schools. */
static int read_current_verdicts(const char *path, const char *at, json_t *res,
                                 zp_pub_audit_level *lv)
{
    for (size_t i = 0; i < json_array_size(res); i++) {
        json_t *o = json_array_get(res, i);
        const char *id = json_string_value(json_object_get(o, "school_id"));
        int v = verdict_of(json_object_get(o, "verdict"));
        if (!id || v < 0) {
            char where[300];
            snprintf(where, sizeof where, "%.200s.results[%zu].%s", at, i,
                     id ? "verdict" : "school_id");
            return bad(path, where,
                       id ? "missing, or not pass, fail or not_assessed"
                          : "missing, or not a string");
        }
        for (size_t k = 0; k < lv->nrows; k++)
            if (!strcmp(lv->rows[k].id, id))
                lv->rows[k].cur_verdict = v;
    }
    return ZP_OK;
}

static int read_rules(const char *path, const char *at, json_t *o, zp_pub_audit_level *lv)
{
    json_t *rs = json_object_get(o, "rest_share"), *cl = json_object_get(o, "cv_limit");
    json_t *nm = json_object_get(o, "need_met");
    const char *miss =
        !json_is_integer(nm) || json_integer_value(nm) < 1 || json_integer_value(nm) > ZP_NRESOURCES
            ? "need_met"
        : !json_is_number(rs)                                         ? "rest_share"
        : !json_is_number(cl)                                         ? "cv_limit"
        : numbers(json_object_get(o, "thresholds"), lv->threshold, 0) ? "thresholds"
                                                                      : NULL;
    if (miss) {
        char where[300];
        snprintf(where, sizeof where, "%.200s.%s", at, miss);
        return bad(path, where, "missing or of the wrong type");
    }
    lv->need_met = (int)json_integer_value(nm);
    lv->rest_share = json_number_value(rs);
    lv->cv_limit = json_number_value(cl);
    return ZP_OK;
}

static int read_level(const char *path, size_t i, json_t *o, zp_pub_audit *a)
{
    char at[64], side[96];
    snprintf(at, sizeof at, "audit.levels[%zu]", i);
    const char *name = json_string_value(json_object_get(o, "level"));
    int l = !name                      ? -1
            : !strcmp(name, "primary") ? ZP_PRIMARY
            : !strcmp(name, "junior")  ? ZP_JUNIOR
                                       : -1;
    if (l < 0)
        return bad(path, at, "level: missing, or not primary or junior");
    zp_pub_audit_level *lv = &a->level[l];
    if (lv->present)
        return bad(path, at, "a second entry for the same level");
    lv->present = 1;
    int rc = read_rules(path, at, o, lv);
    snprintf(side, sizeof side, "%s.plan", at);
    if (!rc)
        rc = read_side(path, side, json_object_get(o, "plan"), &lv->plan);
    if (!rc)
        rc = read_plan_rows(path, side, json_object_get(json_object_get(o, "plan"), "results"), lv);
    json_t *cur = json_object_get(o, "current");
    snprintf(side, sizeof side, "%s.current", at);
    if (!rc && cur && !json_is_null(cur))
        rc = read_side(path, side, cur, &lv->cur);
    if (!rc && lv->cur.present)
        rc = read_current_verdicts(path, side, json_object_get(cur, "results"), lv);
    return rc;
}

/* The method, the nine-year weight and the indicators' keys. */
static int read_head(const char *path, json_t *audit, zp_pub_audit *a)
{
    const char *cv = json_string_value(json_object_get(audit, "cv_method"));
    json_t *w = json_object_get(audit, "nine_year_junior_weight"),
           *keys = json_object_get(audit, "indicators");
    if (!cv || (strcmp(cv, "weighted") && strcmp(cv, "unweighted")))
        return bad(path, "audit.cv_method", "missing, or not weighted or unweighted");
    if (!json_is_number(w))
        return bad(path, "audit.nine_year_junior_weight", "missing, or not a number");
    if (!json_is_array(keys) || json_array_size(keys) != ZP_NRESOURCES)
        return bad(path, "audit.indicators", "missing, or not a list of 7 names");
    a->unweighted = !strcmp(cv, "unweighted");
    a->junior_weight = json_number_value(w);
    for (size_t i = 0; i < ZP_NRESOURCES; i++) {
        const char *k = json_string_value(json_array_get(keys, i));
        if (!k)
            return bad(path, "audit.indicators", "missing, or not a list of 7 names");
        if (!(a->key[i] = strdup(k)))
            return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    return ZP_OK;
}

int zp_pub_read_audit(zp_pub *p, const char *path, json_t *root)
{
    json_t *audit = json_object_get(root, "audit");
    if (!audit) /* a run whose scenario maps no resources */
        return ZP_OK;
    if (!json_is_object(audit))
        return bad(path, "audit", "not an object");
    json_t *levels = json_object_get(audit, "levels");
    if (!json_is_array(levels))
        return bad(path, "audit.levels", "missing, or not a list");
    p->audit.present = 1;
    int rc = read_head(path, audit, &p->audit);
    for (size_t i = 0; !rc && i < json_array_size(levels); i++)
        rc = read_level(path, i, json_array_get(levels, i), &p->audit);
    return rc;
}

void zp_pub_audit_free(zp_pub_audit *a)
{
    for (int l = 0; l < ZP_NLEVELS; l++) {
        for (size_t i = 0; i < a->level[l].nrows; i++) {
            free(a->level[l].rows[i].id);
            free(a->level[l].rows[i].name);
        }
        free(a->level[l].rows);
    }
    for (int i = 0; i < ZP_NRESOURCES; i++)
        free(a->key[i]);
    memset(a, 0, sizeof *a);
}
