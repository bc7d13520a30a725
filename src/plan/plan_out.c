/* zoneplan plan, last part: the folder it writes. projection.csv (every block's children by
 * year, grade and variant), years.csv (per year and level: demand, places, shortfall, what
 * today's catchments would break), schedule.yaml (each year's changes, openings before
 * closings), chart-<level>.png/.svg (demand against places) and report.md, which says every
 * assumption the projection made and where the scenario sets it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/chart.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"
#include "zoneplan/out.h"
#include "plan/plan_internal.h"

int zp_plan_write_projection(const zp_plan *p, const char *dir)
{
    FILE *fp;
    int rc = zp_out_open(dir, "projection.csv", &fp);
    size_t rows = (size_t)(p->offset + p->nyears) * ZP_NGRADES;
    double *out = rc ? NULL : malloc(ZP_NVARIANTS * rows * sizeof *out);
    if (!rc && !out)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (rc) {
        if (fp)
            zp_out_close(fp, dir, "projection.csv");
        return rc;
    }
    fputs("block,year,grade,children,variant\n", fp);
    const zp_dataset *ds = &p->st->run->ds;
    for (size_t b = 0; b < ds->nblocks; b++) {
        for (int v = 0; v < ZP_NVARIANTS; v++)
            zp_plan_block(p, b, (zp_variant)v, out + (size_t)v * rows);
        for (int y = 0; y < p->nyears; y++)
            for (int g = 0; g < ZP_NGRADES; g++)
                for (int v = 0; v < ZP_NVARIANTS; v++) {
                    double c =
                        out[(size_t)v * rows + (size_t)(p->offset + y) * ZP_NGRADES + (size_t)g];
                    if (c < 0.005) /* a block without children has no rows */
                        continue;
                    zp_csv_field(fp, ds->blocks[b].id);
                    fprintf(fp, ",%d,%d,%.2f,%s\n", p->first + y, g + 1, c,
                            zp_variant_name((zp_variant)v));
                }
    }
    free(out);
    return zp_out_close(fp, dir, "projection.csv");
}

static void fixed_field(FILE *fp, int64_t v)
{
    if (v < 0)
        fputc(',', fp);
    else
        fprintf(fp, ",%lld", (long long)v);
}

static int write_years(const zp_plan *p, const char *dir)
{
    FILE *fp;
    int rc = zp_out_open(dir, "years.csv", &fp);
    if (rc)
        return rc;
    fputs("year,level,children_low,children,children_high,places_today,places,shortfall_today,"
          "shortfall,shortfall_high,assigned,mean_walk_m,over_capacity_fixed,large_classes_fixed,"
          "over_cap_fixed,outside_fixed\n",
          fp);
    for (int y = 0; y < p->nyears; y++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            const zp_plan_year *py = &p->years[(size_t)y * ZP_NLEVELS + (size_t)l];
            if (!p->st->run->active[l])
                continue;
            int64_t placed = py->assigned - py->shortfall;
            fprintf(fp, "%d,%s,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%.0f", p->first + y,
                    zp_level_name((zp_level)l), (long long)py->children[0],
                    (long long)py->children[1], (long long)py->children[2],
                    (long long)py->places_today, (long long)py->places,
                    (long long)py->shortfall_today, (long long)py->shortfall,
                    (long long)py->shortfall_high, (long long)py->assigned,
                    placed > 0 ? py->child_m / (double)placed : 0);
            fixed_field(fp, py->over_capacity_fixed);
            fixed_field(fp, py->large_classes_fixed);
            fixed_field(fp, py->over_cap_fixed);
            fixed_field(fp, py->outside_fixed);
            fputc('\n', fp);
        }
    return zp_out_close(fp, dir, "years.csv");
}

/* Whether anything happens in year: an opening or a closing. */
static int year_has_changes(const zp_plan *p, int year)
{
    for (size_t r = 0; p->has_siting && r < p->st->nchosen; r++)
        if (p->open_year[r] == year)
            return 1;
    for (size_t s = 0; s < p->st->run->ds.nschools; s++)
        if (p->close_year[s] == year)
            return 1;
    return 0;
}

static int any_change(const zp_plan *p)
{
    for (int y = 0; y < p->nyears; y++)
        if (year_has_changes(p, p->first + y))
            return 1;
    return 0;
}

static int write_schedule(const zp_plan *p, const char *dir)
{
    FILE *fp;
    int rc = zp_out_open(dir, "schedule.yaml", &fp);
    if (rc)
        return rc;
    fprintf(fp,
            "# The build-before-close schedule zoneplan plan made for %s: per year, the changes\n"
            "# that take effect that school year (add them to a run's changes: list for that\n"
            "# year). Openings come before closings: 先建后撤.\n"
            "schedule:%s",
            p->st->run->sc->file, any_change(p) ? "\n" : " {}   # nothing to build or close\n");
    for (int y = 0; !rc && y < p->nyears; y++) {
        int year = p->first + y;
        if (!year_has_changes(p, year))
            continue;
        fprintf(fp, "  %d:\n", year);
        for (size_t r = 0; !rc && r < p->st->nchosen; r++)
            if (p->open_year[r] == year)
                rc = zp_siting_put_opening(p->st, r, fp, "    ");
        for (size_t s = 0; s < p->st->run->ds.nschools; s++)
            if (p->close_year[s] == year)
                fprintf(fp, "    - close_school: {id: %s}\n", p->st->run->ds.schools[s].id);
    }
    int rc2 = zp_out_close(fp, dir, "schedule.yaml");
    return rc ? rc : rc2;
}

/* A level's chart: its figures (owned: v) and words. */
typedef struct level_chart {
    zp_chart_years c;
    double *v;
    char title[256];
} level_chart;

static int chart_of(const zp_plan *p, int l, level_chart *lc)
{
    zp_lang lang = p->st->run->sc->lang;
    size_t n = (size_t)p->nyears;
    double *v = lc->v = malloc((5 * n + 1) * sizeof *v);
    if (!v)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t y = 0; y < n; y++) {
        const zp_plan_year *py = &p->years[y * ZP_NLEVELS + (size_t)l];
        for (int k = 0; k < ZP_NVARIANTS; k++)
            v[(size_t)k * n + y] = (double)py->children[k];
        v[3 * n + y] = (double)py->places;
        v[4 * n + y] = (double)py->places_today;
    }
    snprintf(lc->title, sizeof lc->title, zp_word(lang, "plan_chart_title"),
             zp_word(lang, l == ZP_PRIMARY ? "primary" : "junior"), p->first,
             p->first + p->nyears - 1);
    lc->c = (zp_chart_years){lc->title,
                             zp_word(lang, "plan_chart_y"),
                             zp_word(lang, "plan_chart_demand"),
                             zp_word(lang, "plan_chart_band"),
                             zp_word(lang, "plan_chart_places"),
                             zp_word(lang, "plan_chart_today"),
                             p->first,
                             p->nyears,
                             v,
                             v + n,
                             v + 2 * n,
                             v + 3 * n,
                             p->has_siting ? v + 4 * n : NULL};
    return ZP_OK;
}

/* chart-<level>.png and .svg. */
static int write_chart(const level_chart *lc, const char *dir, int l)
{
    char *png = NULL, *svg = NULL;
    const char *name = zp_level_name((zp_level)l);
    int rc = asprintf(&png, "%s/chart-%s.png", dir, name) < 0 ||
                     asprintf(&svg, "%s/chart-%s.svg", dir, name) < 0
                 ? zp_error_set(ZP_ENOMEM, "out of memory")
                 : zp_chart_years_write(&lc->c, png, svg);
    free(png);
    free(svg);
    return rc;
}

/* The charts, then plan.pdf's pages with them. */
static int write_charts(const zp_plan *p, const char *dir)
{
    level_chart lc[ZP_NLEVELS] = {0};
    zp_chart_years charts[ZP_NLEVELS] = {0};
    int rc = ZP_OK;
    for (int l = 0; !rc && l < ZP_NLEVELS; l++)
        if (p->st->run->active[l] && !(rc = chart_of(p, l, &lc[l])))
            rc = write_chart(&lc[l], dir, l);
    for (int l = 0; l < ZP_NLEVELS; l++)
        charts[l] = lc[l].c;
    if (!rc)
        rc = zp_plan_write_pages(p, dir, charts);
    for (int l = 0; l < ZP_NLEVELS; l++)
        free(lc[l].v);
    return rc;
}

int zp_plan_stage_open(const zp_plan *p, const char *dir, int project, zp_stage **stage)
{
    zp_inputs in = {0};
    int rc = zp_data_inputs(p->st->run->sc, &in);
    if (!rc)
        rc = zp_stage_open(dir, project ? ZP_FOLDER_PROJECT : ZP_FOLDER_PLAN, &in, stage);
    zp_inputs_free(&in);
    return rc;
}

int zp_plan_write(const zp_plan *p, zp_stage *stage)
{
    const char *dir = zp_stage_dir(stage);
    int (*writers[])(const zp_plan *, const char *) = {
        zp_plan_write_projection, write_years, write_schedule, zp_plan_report, write_charts};
    int rc = ZP_OK;
    for (size_t i = 0; !rc && i < sizeof writers / sizeof writers[0]; i++)
        rc = writers[i](p, dir);
    if (!rc)
        rc = zp_stage_commit(stage);
    else
        zp_stage_abort(stage);
    return rc;
}
