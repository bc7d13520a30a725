/* The quality-balance audit of a whole assignment (zoneplan/audit.h): each school's
 * resources at each level it serves (a nine-year school's whole-school figures split by
 * pupils), its verdict, the county's difference coefficients, and the places at which a
 * school still passes, which `enforce_audit` turns into capacity. A school's per-pupil
 * figures only fall as its pupils rise, so the largest passing enrolment is found by
 * bisection, and any plan within it passes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/audit.h"
#include "zoneplan/errors.h"

int zp_audit_has_resources(const zp_school *s)
{
    for (int i = 0; i < ZP_NINDICATORS; i++)
        if (s->res.has_whole[i] || s->res.has_level[0][i] || s->res.has_level[1][i])
            return 1;
    return 0;
}

zp_res_source zp_audit_resources(const zp_school *s, const zp_audit_policy *p,
                                 const int64_t pupils[ZP_NLEVELS], zp_level level, double *res,
                                 uint8_t *has)
{
    zp_res_source how = ZP_RES_NONE;
    int both = s->type == ZP_TYPE_NINE_YEAR;
    double wp = (double)pupils[ZP_PRIMARY], wj = (double)pupils[ZP_JUNIOR] * p->junior_weight;
    double share = wp + wj > 0 ? (level == ZP_JUNIOR ? wj : wp) / (wp + wj) : 0;
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        zp_res_source src = ZP_RES_NONE;
        has[i] = 1;
        if (s->res.has_level[level][i]) {
            res[i] = s->res.level[level][i];
            src = ZP_RES_LEVEL;
        } else if (s->res.has_whole[i]) {
            res[i] = both ? s->res.whole[i] * share : s->res.whole[i];
            src = both ? ZP_RES_SPLIT : ZP_RES_WHOLE;
        } else {
            res[i] = 0;
            has[i] = 0;
        }
        how = src > how ? src : how;
    }
    return how;
}

/* The indicator furthest below its threshold, -1 when every one is met. */
static int worst(const zp_audit_rules *r, const zp_audit_school *e)
{
    int w = -1;
    for (int i = 0; i < ZP_NINDICATORS; i++)
        if (e->assessed[i] && !e->met[i] &&
            (w < 0 || e->value[i] / r->threshold[i] < e->value[w] / r->threshold[w]))
            w = i;
    return w;
}

/* Whether the school passes (or is not assessed) at level l with pupils P; *why the
 * indicator that fails it. */
static int passes_level(const zp_school *s, const zp_audit_policy *p, const int64_t P[2], int l,
                        int *why)
{
    double res[ZP_NINDICATORS];
    uint8_t has[ZP_NINDICATORS];
    zp_audit_school e;
    if (P[l] <= 0 || !zp_school_serves(s->type, (zp_level)l))
        return 1;
    zp_audit_resources(s, p, P, (zp_level)l, res, has);
    zp_audit_school_eval(&p->rules[l], res, has, P[l], &e);
    if (e.nassessed == 0 || e.pass)
        return 1;
    *why = worst(&p->rules[l], &e);
    return 0;
}

/* The levels share resources through the split rule. */
static int shared(const zp_school *s)
{
    if (s->type != ZP_TYPE_NINE_YEAR)
        return 0;
    for (int i = 0; i < ZP_NINDICATORS; i++)
        for (int l = 0; l < ZP_NLEVELS; l++)
            if (s->res.has_whole[i] && !s->res.has_level[l][i])
                return 1;
    return 0;
}

/* Both levels at k / K of their places. */
static void scaled(const int64_t cap[2], int64_t k, int64_t K, int64_t P[2])
{
    for (int l = 0; l < ZP_NLEVELS; l++)
        P[l] = K > 0 ? (int64_t)((__int128)cap[l] * k / K) : 0;
}

static int passes_both(const zp_school *s, const zp_audit_policy *p, const int64_t P[2], int *why)
{
    return passes_level(s, p, P, ZP_PRIMARY, why) && passes_level(s, p, P, ZP_JUNIOR, why);
}

static void cap_shared(const zp_school *s, const zp_audit_policy *p, const int64_t cap[2],
                       int64_t out[2], int limit[2])
{
    int64_t K = cap[0] > cap[1] ? cap[0] : cap[1], P[2];
    int why = -1;
    scaled(cap, K, K, P);
    if (passes_both(s, p, P, &why)) {
        memcpy(out, cap, 2 * sizeof *out);
        return;
    }
    int64_t lo = 0, hi = K; /* lo passes, hi does not */
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        scaled(cap, mid, K, P);
        if (passes_both(s, p, P, &why))
            lo = mid;
        else
            hi = mid;
    }
    /* each level by its own indicator where it fails one step on; else the other's */
    int own[ZP_NLEVELS] = {-1, -1};
    scaled(cap, hi, K, P);
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (!passes_level(s, p, P, l, &own[l]))
            why = own[l];
    scaled(cap, lo, K, out);
    for (int l = 0; l < ZP_NLEVELS; l++)
        limit[l] = out[l] < cap[l] ? (own[l] >= 0 ? own[l] : why) : -1;
}

static void cap_level(const zp_school *s, const zp_audit_policy *p, const int64_t cap[2], int l,
                      int64_t out[2], int limit[2])
{
    int64_t P[2] = {0, 0};
    int why = -1;
    P[l] = cap[l];
    out[l] = cap[l];
    if (passes_level(s, p, P, l, &why))
        return;
    int64_t lo = 0, hi = cap[l];
    while (hi - lo > 1) {
        P[l] = lo + (hi - lo) / 2;
        if (passes_level(s, p, P, l, &why))
            lo = P[l];
        else
            hi = P[l];
    }
    P[l] = hi;
    passes_level(s, p, P, l, &why);
    out[l] = lo;
    limit[l] = why;
}

void zp_audit_cap(const zp_school *s, const zp_audit_policy *p, const int64_t cap[ZP_NLEVELS],
                  int64_t out[ZP_NLEVELS], int limit[ZP_NLEVELS])
{
    limit[0] = limit[1] = -1;
    int64_t c[2];
    for (int l = 0; l < ZP_NLEVELS; l++)
        c[l] = cap[l] > 0 && !p->level_off[l] ? cap[l] : 0;
    memcpy(out, c, sizeof c);
    if (!zp_audit_has_resources(s))
        return;
    if (shared(s))
        cap_shared(s, p, c, out, limit);
    else
        for (int l = 0; l < ZP_NLEVELS; l++)
            cap_level(s, p, c, l, out, limit);
}

zp_verdict zp_audit_row_verdict(const zp_audit_row *row)
{
    return row->eval.nassessed == 0 ? ZP_VERDICT_NOT_ASSESSED
           : row->eval.pass         ? ZP_VERDICT_PASS
                                    : ZP_VERDICT_FAIL;
}

const char *zp_audit_verdict(const zp_audit_row *row)
{
    return zp_verdict_name(zp_audit_row_verdict(row));
}

static int level_cvs(const zp_dataset *ds, const zp_audit_policy *p, int l, zp_audit_result *r)
{
    size_t ns = ds->nschools;
    double *res = malloc((ns + 1) * sizeof *res);
    int64_t *pup = malloc((ns + 1) * sizeof *pup);
    uint8_t *has = malloc(ns + 1);
    if (!res || !pup || !has) {
        free(res), free(pup), free(has);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        for (size_t s = 0; s < ns; s++) {
            const zp_audit_row *row = &r->rows[s * ZP_NLEVELS + (size_t)l];
            res[s] = row->resource[i];
            has[s] = row->has[i] && row->eval.nassessed > 0;
            pup[s] = row->pupils;
        }
        zp_audit_cv(&p->rules[l], ns, res, has, pup, &r->cv[l][i]);
        r->cv_met[l][i] = isnan(r->cv[l][i]) || r->cv[l][i] <= p->rules[l].cv_limit;
    }
    free(res), free(pup), free(has);
    return ZP_OK;
}

int zp_audit_run(const zp_dataset *ds, const zp_audit_policy *p, const int64_t *pupils,
                 const int active[ZP_NLEVELS], int skip_closed, zp_audit_result *out)
{
    memset(out, 0, sizeof *out);
    out->nschools = ds->nschools;
    out->rows = calloc(ds->nschools * ZP_NLEVELS + 1, sizeof *out->rows);
    if (!out->rows)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t s = 0; s < ds->nschools; s++) {
        const zp_school *sc = &ds->schools[s];
        for (int l = 0; l < ZP_NLEVELS; l++) {
            zp_audit_row *row = &out->rows[s * ZP_NLEVELS + (size_t)l];
            if (!active[l] || (skip_closed && sc->closed) ||
                !zp_school_serves(sc->type, (zp_level)l))
                continue;
            row->on = 1;
            row->pupils = pupils[s * ZP_NLEVELS + (size_t)l];
            row->source = zp_audit_resources(sc, p, &pupils[s * ZP_NLEVELS], (zp_level)l,
                                             row->resource, row->has);
            zp_audit_school_eval(&p->rules[l], row->resource, row->has, row->pupils, &row->eval);
            zp_verdict v = zp_audit_row_verdict(row);
            out->npass[l] += v == ZP_VERDICT_PASS;
            out->nfail[l] += v == ZP_VERDICT_FAIL;
            out->nnot[l] += v == ZP_VERDICT_NOT_ASSESSED;
            out->level_on[l] |= v != ZP_VERDICT_NOT_ASSESSED;
        }
    }
    for (int l = 0; l < ZP_NLEVELS; l++) {
        int rc = level_cvs(ds, p, l, out);
        if (rc)
            return rc;
    }
    return ZP_OK;
}

void zp_audit_free(zp_audit_result *r)
{
    free(r->rows);
    r->rows = NULL;
}
