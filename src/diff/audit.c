/* The quality-balance audit in a diff: each run's plan audit read back from its summary.json
 * (the county's difference coefficients and every school's verdict and figures per level),
 * and diff.md's section on what changes between the runs: coefficients that move, and the
 * schools whose verdict or whose met indicators change. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diff_internal.h"
#include "zoneplan/audit.h"
#include "zoneplan/errors.h"
#include "zoneplan/out.h"

static int bad(const char *path, const char *what, int l, long i)
{
    if (i >= 0)
        return zp_error_set(ZP_EINPUT,
                            "%s: audit.levels[%d].plan.results[%ld]: %s is missing or of the "
                            "wrong type",
                            path, l, i, what);
    return zp_error_set(ZP_EINPUT, "%s: audit.levels[%d]: %s is missing or of the wrong type", path,
                        l, what);
}

int zp_diff_json_numbers(json_t *a, double *v)
{
    if (!json_is_array(a) || json_array_size(a) != ZP_NRESOURCES)
        return -1;
    for (size_t i = 0; i < ZP_NRESOURCES; i++) {
        json_t *x = json_array_get(a, i);
        if (!json_is_null(x) && !json_is_number(x))
            return -1;
        v[i] = json_is_null(x) ? NAN : json_number_value(x);
    }
    return 0;
}

static int read_row(const char *path, int l, size_t i, json_t *o, zp_diff_audit_row *r)
{
    static const char *keys[] = {"school_id", "name", "verdict"};
    char **out[] = {&r->school_id, &r->name, &r->verdict};
    for (int k = 0; k < 3; k++) {
        json_t *t = json_object_get(o, keys[k]);
        if (!json_is_string(t))
            return bad(path, keys[k], l, (long)i);
        if (!(*out[k] = strdup(json_string_value(t))))
            return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    if (zp_verdict_find(r->verdict) < 0)
        return bad(path, "verdict (pass, fail or not_assessed)", l, (long)i);
    json_t *m = json_object_get(o, "value_met");
    if (zp_diff_json_numbers(json_object_get(o, "value"), r->value) != 0)
        return bad(path, "value (7 numbers or null)", l, (long)i);
    for (size_t k = 0; json_is_array(m) && json_array_size(m) == ZP_NRESOURCES && k < ZP_NRESOURCES;
         k++) {
        json_t *x = json_array_get(m, k);
        if (!json_is_null(x) && !json_is_boolean(x))
            return bad(path, "value_met (7 booleans or null)", l, (long)i);
        r->met[k] = (int8_t)(json_is_null(x) ? -1 : json_is_true(x));
    }
    if (!json_is_array(m) || json_array_size(m) != ZP_NRESOURCES)
        return bad(path, "value_met (7 booleans or null)", l, (long)i);
    return ZP_OK;
}

static int row_cmp(const void *x, const void *y)
{
    return strcmp(((const zp_diff_audit_row *)x)->school_id,
                  ((const zp_diff_audit_row *)y)->school_id);
}

static int read_level(const char *path, int l, json_t *lv, zp_diff_side *s)
{
    json_t *name = json_object_get(lv, "level"), *plan = json_object_get(lv, "plan");
    int k = -1;
    for (int j = 0; json_is_string(name) && j < ZP_NLEVELS; j++)
        if (!strcmp(json_string_value(name), zp_level_name((zp_level)j)))
            k = j;
    if (k < 0 || s->audit[k].present)
        return bad(path, "level (primary or junior, each once)", l, -1);
    zp_diff_audit *a = &s->audit[k];
    json_t *res = json_object_get(plan, "results");
    if (!json_is_object(plan) || !json_is_array(res))
        return bad(path, "plan.results", l, -1);
    if (zp_diff_json_numbers(json_object_get(plan, "cv"), a->cv) != 0)
        return bad(path, "plan.cv (7 numbers or null)", l, -1);
    if (!json_is_number(json_object_get(lv, "cv_limit")))
        return bad(path, "cv_limit", l, -1);
    a->cv_limit = json_number_value(json_object_get(lv, "cv_limit"));
    json_t *np = json_object_get(plan, "pass"), *nf = json_object_get(plan, "fail");
    if (!json_is_integer(np) || !json_is_integer(nf))
        return bad(path, "plan.pass, plan.fail (counts)", l, -1);
    a->pass = (int)json_integer_value(np);
    a->fail = (int)json_integer_value(nf);
    a->rows = calloc(json_array_size(res) + 1, sizeof *a->rows);
    if (!a->rows)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    a->present = 1;
    for (size_t i = 0; i < json_array_size(res); i++) {
        a->nrows = i + 1;
        int rc = read_row(path, l, i, json_array_get(res, i), &a->rows[i]);
        if (rc)
            return rc;
    }
    qsort(a->rows, a->nrows, sizeof *a->rows, row_cmp);
    return ZP_OK;
}

int zp_diff_read_audit(zp_diff_side *s, const char *path, json_t *root)
{
    json_t *audit = json_object_get(root, "audit");
    if (!audit)
        return ZP_OK;
    json_t *levels = json_object_get(audit, "levels");
    if (!json_is_array(levels))
        return zp_error_set(ZP_EINPUT, "%s: audit.levels: missing or not a list", path);
    s->has_audit = 1;
    for (size_t l = 0; l < json_array_size(levels); l++) {
        int rc = read_level(path, (int)l, json_array_get(levels, l), s);
        if (rc)
            return rc;
    }
    return ZP_OK;
}

void zp_diff_audit_free(zp_diff_side *s)
{
    for (int l = 0; l < ZP_NLEVELS; l++) {
        for (size_t i = 0; s->audit[l].rows && i < s->audit[l].nrows; i++) {
            free(s->audit[l].rows[i].school_id);
            free(s->audit[l].rows[i].name);
            free(s->audit[l].rows[i].verdict);
        }
        free(s->audit[l].rows);
    }
}

/* ---- diff.md ---- */

static void cv_rows(FILE *fp, const zp_diff *d, int l, int *any)
{
    const zp_diff_audit *a = &d->a.audit[l], *b = &d->b.audit[l];
    double limit = b->present ? b->cv_limit : a->cv_limit;
    for (int i = 0; i < ZP_NRESOURCES; i++) {
        double x = a->present ? a->cv[i] : NAN, y = b->present ? b->cv[i] : NAN;
        if ((isnan(x) && isnan(y)) || (!isnan(x) && !isnan(y) && fabs(x - y) < 0.0005))
            continue;
        if (!(*any)++)
            fputs(zp_word(d->lang, "diff_audit_cv"), fp);
        fprintf(fp, "| %s | %s | ", zp_word_level(d->lang, l),
                zp_word_of(d->lang, "ind_", zp_indicator_key((zp_indicator)i)));
        fprintf(fp, isnan(x) ? "— | " : "%.3f | ", x);
        fprintf(fp, isnan(y) ? "— | " : "%.3f | ", y);
        fprintf(fp, "%.2f |\n", limit);
    }
}

static const zp_diff_audit_row *find_row(const zp_diff_audit *a, const char *id)
{
    zp_diff_audit_row key = {.school_id = (char *)id};
    return a->rows ? bsearch(&key, a->rows, a->nrows, sizeof key, row_cmp) : NULL;
}

/* Indicators whose met/not met differs, and with `shorts` those short in either run (a
 * verdict can turn on a figure's distance to the 85 % floor alone): "Sports area 7.90 →
 * 7.20". */
static int met_changes(FILE *fp, const zp_diff *d, const zp_diff_audit_row *x,
                       const zp_diff_audit_row *y, int shorts)
{
    int n = 0;
    for (int i = 0; i < ZP_NRESOURCES; i++) {
        int8_t mx = x ? x->met[i] : -1, my = y ? y->met[i] : -1;
        if (mx == my && !(shorts && (mx == 0 || my == 0)))
            continue;
        if (fp) {
            fprintf(fp, "%s%s ", n ? "; " : "",
                    zp_word_of(d->lang, "indshort_", zp_indicator_key((zp_indicator)i)));
            /* a figure short of its threshold never reads as reaching it */
            fprintf(fp, mx < 0 ? "—" : "%.2f", x ? zp_audit_shown(x->value[i], 2, -!mx) : 0.0);
            fprintf(fp, my < 0 ? " → —" : " → %.2f",
                    y ? zp_audit_shown(y->value[i], 2, -!my) : 0.0);
        }
        n++;
    }
    return n;
}

static void school_row(FILE *fp, const zp_diff *d, int l, const zp_diff_audit_row *x,
                       const zp_diff_audit_row *y, int *any)
{
    const char *vx = x ? x->verdict : "", *vy = y ? y->verdict : "";
    int same = !strcmp(vx, vy);
    if (same && !met_changes(NULL, d, x, y, 0))
        return;
    if (!(*any)++)
        fputs(zp_word(d->lang, "diff_audit_schools"), fp);
    const zp_diff_audit_row *r = y ? y : x;
    fputs("| ", fp);
    zp_out_md_cell(fp, r->school_id);
    fputs(" | ", fp);
    zp_out_md_cell(fp, r->name);
    fprintf(fp, " | %s | %s | %s | ", zp_word_level(d->lang, l),
            *vx ? zp_word_of(d->lang, "audit_", vx) : "—",
            *vy ? zp_word_of(d->lang, "audit_", vy) : "—");
    met_changes(fp, d, x, y, !same);
    fputs(" |\n", fp);
}

static void school_rows(FILE *fp, const zp_diff *d, int l, int *any)
{
    const zp_diff_audit *a = &d->a.audit[l], *b = &d->b.audit[l];
    for (size_t i = 0; i < b->nrows; i++)
        school_row(fp, d, l, find_row(a, b->rows[i].school_id), &b->rows[i], any);
    for (size_t i = 0; i < a->nrows; i++)
        if (!find_row(b, a->rows[i].school_id))
            school_row(fp, d, l, &a->rows[i], NULL, any);
}

void zp_diff_write_audit(FILE *fp, const zp_diff *d)
{
    if (!d->a.has_audit && !d->b.has_audit)
        return;
    fputs(zp_word(d->lang, "diff_audit_head"), fp);
    if (!d->a.has_audit || !d->b.has_audit) {
        fprintf(fp, zp_word(d->lang, "diff_audit_one"), d->a.has_audit ? 'B' : 'A');
        return;
    }
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (d->a.audit[l].present || d->b.audit[l].present)
            fprintf(fp, zp_word(d->lang, "diff_audit_count"), zp_word_level(d->lang, l),
                    d->a.audit[l].pass, d->a.audit[l].pass + d->a.audit[l].fail, d->b.audit[l].pass,
                    d->b.audit[l].pass + d->b.audit[l].fail);
    int cv = 0, schools = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        cv_rows(fp, d, l, &cv);
    if (!cv)
        fputs(zp_word(d->lang, "diff_audit_cv_same"), fp);
    for (int l = 0; l < ZP_NLEVELS; l++)
        school_rows(fp, d, l, &schools);
    if (!schools)
        fputs(zp_word(d->lang, "diff_audit_schools_same"), fp);
}
