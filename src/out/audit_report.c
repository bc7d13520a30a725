/* report.md's quality-balance audit section: the rule and where it comes from, the county's
 * difference coefficients against their limits, how many schools pass, the schools that fail
 * and by which indicators, what the plan changes, the places enforce_audit takes away, and
 * the government-guarantee figures checked beside it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "out_internal.h"
#include "zoneplan/words.h"

static const char *verdict_word(zp_lang lang, const zp_audit_row *row)
{
    return zp_word_of(lang, "audit_", zp_audit_verdict(row));
}

/* A coefficient; one over its limit (over) is rounded up, so it never reads as within it. */
static void cv_cell(FILE *fp, double v, int over)
{
    if (isfinite(v))
        fprintf(fp, " %.3f |", zp_audit_shown(v, 3, over));
    else
        fputs(" — |", fp);
}

static void county_table(FILE *fp, const zp_run *run)
{
    zp_lang lang = run->sc->lang;
    fputs(zp_word(lang, "rep_audit_county"), fp);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        const zp_audit_rules *r = &run->sc->policy.audit.rules[l];
        for (int i = 0; i < ZP_NINDICATORS; i++) {
            fprintf(fp, "| %s | %s | %g |", zp_word_level(lang, l),
                    zp_word_of(lang, "ind_", zp_indicator_key((zp_indicator)i)), r->threshold[i]);
            cv_cell(fp, run->has_current[l] ? run->audit_cur.cv[l][i] : NAN,
                    run->has_current[l] && !run->audit_cur.cv_met[l][i]);
            cv_cell(fp, run->audit_plan.cv[l][i], !run->audit_plan.cv_met[l][i]);
            fprintf(fp, " %.2f | %s |\n", r->cv_limit,
                    isfinite(run->audit_plan.cv[l][i])
                        ? zp_word(lang, run->audit_plan.cv_met[l][i] ? "rep_audit_cv_met"
                                                                     : "rep_audit_cv_over")
                        : "");
        }
    }
}

static void counts(FILE *fp, const zp_run *run)
{
    zp_lang lang = run->sc->lang;
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        const zp_audit_result *p = &run->audit_plan, *c = &run->audit_cur;
        if (run->has_current[l])
            fprintf(fp, zp_word(lang, "rep_audit_count"), zp_word_level(lang, l),
                    c->npass[l] + c->nfail[l], c->npass[l], p->npass[l] + p->nfail[l], p->npass[l]);
        else
            fprintf(fp, zp_word(lang, "rep_audit_count_plan"), zp_word_level(lang, l),
                    p->npass[l] + p->nfail[l], p->npass[l]);
    }
}

static int fails(const zp_audit_row *row)
{
    return zp_audit_row_verdict(row) == ZP_VERDICT_FAIL;
}

/* The plan's indicators below their thresholds: "Sports area 6.12 / 7.5 (82 %)". */
static void short_cell(FILE *fp, const zp_run *run, const zp_audit_row *row, int l)
{
    const zp_audit_rules *r = &run->sc->policy.audit.rules[l];
    for (int i = 0, k = 0; i < ZP_NINDICATORS; i++)
        if (row->eval.assessed[i] && !row->eval.met[i])
            fprintf(fp, "%s%s %.2f / %g (%.0f%%)", k++ ? "; " : "",
                    zp_word_of(run->sc->lang, "indshort_", zp_indicator_key((zp_indicator)i)),
                    zp_audit_shown(row->eval.value[i], 2, -1), r->threshold[i],
                    zp_audit_shown(100.0 * row->eval.value[i] / r->threshold[i], 0, -1));
}

static void failing(FILE *fp, const zp_run *run)
{
    zp_lang lang = run->sc->lang;
    int any = 0;
    for (size_t s = 0; s < run->ds.nschools; s++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            if (!run->active[l])
                continue;
            const zp_audit_row *p = &run->audit_plan.rows[s * ZP_NLEVELS + (size_t)l];
            const zp_audit_row *c =
                run->has_current[l] ? &run->audit_cur.rows[s * ZP_NLEVELS + (size_t)l] : NULL;
            if (!fails(p) && !(c && fails(c)))
                continue;
            if (!any++)
                fputs(zp_word(lang, "rep_audit_failing"), fp);
            fputs("| ", fp);
            zp_out_md_cell(fp, run->ds.schools[s].id);
            fputs(" | ", fp);
            zp_out_md_cell(fp, run->ds.schools[s].name);
            fprintf(fp, " | %s | %s | %s | ", zp_word_level(lang, l),
                    c ? verdict_word(lang, c) : "—", verdict_word(lang, p));
            if (c)
                fprintf(fp, "%lld → ", (long long)c->pupils);
            fprintf(fp, "%lld | ", (long long)p->pupils);
            short_cell(fp, run, p, l);
            fputs(" |\n", fp);
        }
    if (!any)
        fputs(zp_word(lang, "rep_audit_no_failing"), fp);
}

static void changes(FILE *fp, const zp_run *run)
{
    zp_lang lang = run->sc->lang;
    int any = 0, known = 0;
    for (size_t s = 0; s < run->ds.nschools; s++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            if (!run->active[l] || !run->has_current[l])
                continue;
            known = 1;
            const zp_audit_row *p = &run->audit_plan.rows[s * ZP_NLEVELS + (size_t)l];
            const zp_audit_row *c = &run->audit_cur.rows[s * ZP_NLEVELS + (size_t)l];
            if (!c->on || !p->on || zp_audit_row_verdict(p) == zp_audit_row_verdict(c))
                continue;
            if (!any++)
                fputs(zp_word(lang, "rep_audit_changes_head"), fp);
            fprintf(fp, zp_word(lang, "rep_audit_change"), run->ds.schools[s].name,
                    run->ds.schools[s].id, zp_word_level(lang, l), verdict_word(lang, c),
                    verdict_word(lang, p));
        }
    if (known && !any)
        fputs(zp_word(lang, "rep_audit_no_change"), fp);
}

static void limited(FILE *fp, const zp_run *run)
{
    zp_lang lang = run->sc->lang;
    if (!run->sc->policy.audit.enforce)
        return;
    zp_out_audit_limit lim;
    int any = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        for (size_t s = 0; run->active[l] && s < run->ds.nschools; s++) {
            if (!zp_out_audit_limited(run, s, l, &lim))
                continue;
            const zp_school *sc = &run->ds.schools[s];
            if (!any++)
                fputs(zp_word(lang, "rep_audit_enforced"), fp);
            fputs("| ", fp);
            zp_out_md_cell(fp, sc->id);
            fputs(" | ", fp);
            zp_out_md_cell(fp, sc->name);
            fprintf(fp, " | %s | %lld | %lld | %s |\n", zp_word_level(lang, l),
                    (long long)lim.before, (long long)lim.after,
                    lim.indicator >= 0
                        ? zp_word_of(lang, "ind_", zp_indicator_key((zp_indicator)lim.indicator))
                        : "");
        }
    if (!any)
        fputs(zp_word(lang, "rep_audit_enforced_none"), fp);
}

static void guarantee(FILE *fp, const zp_run *run)
{
    const zp_policy *p = &run->sc->policy;
    char shares[256] = "";
    size_t len = 0;
    for (int l = 0; l < ZP_NLEVELS && len < sizeof shares - 96; l++) {
        if (!run->active[l])
            continue;
        double c = zp_out_nearest_share(run, l, 1), q = zp_out_nearest_share(run, l, 0);
        len += (size_t)snprintf(shares + len, sizeof shares - len, "%s%s ", len ? "; " : "",
                                zp_word_level(run->sc->lang, l));
        if (isfinite(c))
            len += (size_t)snprintf(shares + len, sizeof shares - len, "%.1f%% → ", 100 * c);
        len += (size_t)snprintf(shares + len, sizeof shares - len, "%.1f%%",
                                isfinite(q) ? 100 * q : 0.0);
    }
    fprintf(fp, zp_word(run->sc->lang, "rep_audit_guarantee"), p->school_cap[ZP_TYPE_PRIMARY],
            p->school_cap[ZP_TYPE_JUNIOR], p->school_cap[ZP_TYPE_NINE_YEAR], p->class_cap[0],
            p->class_cap[1], shares);
}

void zp_out_report_audit(FILE *fp, const zp_run *run)
{
    if (!run->audit_on)
        return;
    zp_lang lang = run->sc->lang;
    const zp_audit_policy *a = &run->sc->policy.audit;
    char split[256], profile[64] = "";
    snprintf(split, sizeof split, zp_word(lang, "audit_split"), a->junior_weight);
    if (a->profile[0])
        snprintf(profile, sizeof profile, "; policy.profile: %s", a->profile);
    fputs(zp_word(lang, "rep_audit_head"), fp);
    fprintf(
        fp, zp_word(lang, "rep_audit_intro"), profile, a->rules[0].need_met,
        100 * a->rules[0].rest_share,
        zp_word(lang, a->rules[0].unweighted ? "rep_audit_cv_unweighted" : "rep_audit_cv_weighted"),
        split);
    county_table(fp, run);
    counts(fp, run);
    failing(fp, run);
    changes(fp, run);
    limited(fp, run);
    guarantee(fp, run);
}
