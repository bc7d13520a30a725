/* zoneplan project: the projection alone (no assignment), and how well it would have done on
 * the past (--backtest k): projection.csv, backtest.csv and report.md, whose figures a planner
 * compares with the bureau's own forecasts (published district forecasts are within about
 * 1-2 % county-wide one year ahead). */
#include <math.h>
#include <stdlib.h>

#include "plan/plan_internal.h"
#include "zoneplan/errors.h"
#include "zoneplan/out.h"

int zp_plan_backtest(const zp_plan *p, int k, zp_backtest *out)
{
    const zp_horizon_spec *h = &p->st->run->sc->horizon;
    if (!h->history)
        return zp_error_set(ZP_EINPUT,
                            "%s: --backtest needs horizon.history (past enrolments per school "
                            "or block, grade and year)",
                            p->st->run->sc->file);
    zp_proj_rules r = h->rules; /* the ratios fitted on every year would leak the hidden ones */
    if (!h->progression_given)
        zp_proj_rules_split(&r, r.primary_grades);
    return zp_proj_backtest(&r, &p->history, k, !h->progression_given, out);
}

static int write_backtest(const zp_plan *p, const zp_backtest *bt, const char *dir)
{
    FILE *fp;
    int rc = zp_out_open(dir, "backtest.csv", &fp);
    if (rc)
        return rc;
    fprintf(fp, "%s,year,years_ahead,projected,actual,error\n",
            p->history.by_block ? "block" : "school");
    for (size_t u = 0; u < bt->nunits; u++)
        for (int h = 0; h < bt->k; h++) {
            size_t i = u * (size_t)bt->k + (size_t)h;
            zp_csv_field(fp, p->history.id[u]);
            fprintf(fp, ",%d,%d,%.1f,%.0f,", bt->fit_last + 1 + h, h + 1, bt->projected[i],
                    bt->actual[i]);
            if (!isnan(bt->ape[i]))
                fprintf(fp, "%.4f", bt->ape[i]);
            fputc('\n', fp);
        }
    return zp_out_close(fp, dir, "backtest.csv");
}

static void county_table(FILE *fp, const zp_plan *p)
{
    zp_lang lang = p->st->run->sc->lang;
    fputs(zp_word(lang, "proj_county_head"), fp);
    for (int y = 0; y < p->nyears; y++) {
        fprintf(fp, "| %d |", p->first + y);
        for (int l = 0; l < ZP_NLEVELS; l++)
            for (int v = 0; v < ZP_NVARIANTS; v++)
                fprintf(fp, " %lld |", (long long)zp_plan_county(p, (zp_variant)v, y, l));
        fputc('\n', fp);
    }
    fputc('\n', fp);
}

static void backtest_section(FILE *fp, const zp_plan *p, const zp_backtest *bt)
{
    zp_lang lang = p->st->run->sc->lang;
    fprintf(fp, zp_word(lang, "proj_bt_head"), bt->fit_last + 1, bt->fit_last + bt->k,
            bt->fit_first, bt->fit_last);
    for (int h = 0; h < bt->k; h++)
        fprintf(fp, "| %d | %d | %.2f %% | %.2f %% |\n", h + 1, bt->fit_last + 1 + h,
                bt->county_ape[h] * 100, bt->mape[h] * 100);
    fputs(zp_word(lang, "proj_bt_ratios"), fp);
    for (int g = 0; g < ZP_NGRADES - 1; g++)
        fprintf(fp, "%s%d→%d %.4f", g ? ", " : "", g + 1, g + 2, bt->progression[g]);
    fputs("\n\n", fp);
}

static int write_report(const zp_plan *p, const zp_backtest *bt, const char *dir)
{
    FILE *fp;
    int rc = zp_out_open(dir, "report.md", &fp);
    if (rc)
        return rc;
    zp_lang lang = p->st->run->sc->lang;
    fprintf(fp, zp_word(lang, "proj_title"), p->st->run->sc->name, p->first,
            p->first + p->nyears - 1);
    county_table(fp, p);
    if (bt)
        backtest_section(fp, p, bt);
    zp_plan_report_assumptions(fp, p);
    return zp_out_close(fp, dir, "report.md");
}

int zp_plan_project_write(const zp_plan *p, const zp_backtest *bt, zp_stage *stage)
{
    const char *dir = zp_stage_dir(stage);
    int rc = zp_plan_write_projection(p, dir);
    if (!rc && bt)
        rc = write_backtest(p, bt, dir);
    if (!rc)
        rc = write_report(p, bt, dir);
    if (!rc)
        rc = zp_stage_commit(stage);
    else
        zp_stage_abort(stage);
    return rc;
}

void zp_plan_project_print(const zp_plan *p, const zp_backtest *bt, const char *dir, FILE *fp)
{
    zp_lang lang = p->st->run->sc->lang;
    fprintf(fp, zp_word(lang, "cli_project"), p->first, p->first + p->nyears - 1,
            p->st->run->ds.nblocks, p->seconds_project);
    if (bt) {
        int last = bt->k - 1;
        fprintf(fp, zp_word(lang, "cli_project_bt"), bt->fit_first, bt->fit_last, bt->k,
                bt->county_ape[0] * 100, bt->mape[0] * 100, bt->k, bt->county_ape[last] * 100,
                bt->mape[last] * 100);
    }
    fprintf(fp, zp_word(lang, "cli_plan_out"), dir);
}
