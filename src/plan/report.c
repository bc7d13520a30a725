/* zoneplan plan's report.md and terminal summary: the year table per level with its chart,
 * the schedule, the schools today's catchments would overfill and when, the estates, and
 * every assumption of the projection with the scenario key that sets it, so a reader can
 * check each number and change what they disagree with. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_internal.h"
#include "zoneplan/errors.h"
#include "zoneplan/out.h"

void zp_plan_report_assumptions(FILE *fp, const zp_plan *p)
{
    const zp_horizon_spec *h = &p->st->run->sc->horizon;
    const zp_proj_rules *r = &h->rules;
    zp_lang lang = p->st->run->sc->lang;
    fputs(zp_word(lang, "plan_rules_head"), fp);
    fprintf(fp, zp_word(lang, "plan_rule_years"), h->first, p->first, p->first + p->nyears - 1);
    fprintf(fp, zp_word(lang, "plan_rule_split"), r->primary_grades, 9 - r->primary_grades);
    if (p->ratios_from_history)
        fprintf(fp, zp_word(lang, "plan_rule_fitted"), p->history.first,
                p->history.first + p->history.nyears - 1);
    else
        fputs(zp_word(lang, "plan_rule_progression"), fp);
    for (int g = 0; g < ZP_NGRADES - 1; g++)
        fprintf(fp, "%s%d→%d %.3g", g ? ", " : "", g + 1, g + 2, r->progression[g]);
    fputs("\n", fp);
    fprintf(fp, zp_word(lang, "plan_rule_entry"), r->entry_ratio, r->birth_trend * 100);
    fprintf(fp, zp_word(lang, "plan_rule_migration"), h->migration * 100);
    fputs(zp_word(lang, "plan_rule_variants"), fp);
    for (int v = 0; v < ZP_NVARIANTS; v++)
        fprintf(fp, zp_word(lang, "plan_rule_variant"), zp_variant_name((zp_variant)v),
                r->variant_entry[v], r->variant_migration[v] * 100);
    fprintf(fp, zp_word(lang, "plan_rule_plan_for"), zp_variant_name(h->plan_for));
    fputs(zp_word(lang, p->intake ? "plan_rule_intake" : "plan_rule_all"), fp);
    fputs(zp_word(lang, "plan_rule_estates"), fp);
    for (size_t i = 0; i < h->nestates; i++) {
        const zp_horizon_estate *e = &h->estates[i];
        size_t nb = p->estate_start[i + 1] - p->estate_start[i];
        fprintf(fp, zp_word(lang, "plan_estate"), e->id, e->name ? e->name : e->id, e->blocks[0],
                nb - 1, e->year, e->e.dwellings, e->e.yield[0], e->e.yield[1], e->e.far_scale,
                e->e.dwellings * e->e.yield[0] * e->e.far_scale,
                e->e.dwellings * e->e.yield[1] * e->e.far_scale);
    }
    fputs("\n", fp);
}

static void year_table(FILE *fp, const zp_plan *p, int l)
{
    zp_lang lang = p->st->run->sc->lang;
    const char *word = zp_word(lang, l == ZP_PRIMARY ? "primary" : "junior");
    fprintf(fp, zp_word(lang, "plan_level_head"), word, word, zp_level_name(l));
    fputs(zp_word(lang, "plan_table_head"), fp);
    for (int y = 0; y < p->nyears; y++) {
        const zp_plan_year *py = &p->years[(size_t)y * ZP_NLEVELS + (size_t)l];
        fprintf(fp, "| %d | %lld | %lld–%lld | %lld | %lld | %lld | **%lld** | %lld |",
                p->first + y, (long long)py->children[1], (long long)py->children[0],
                (long long)py->children[2], (long long)py->places_today, (long long)py->places,
                (long long)py->shortfall_today, (long long)py->shortfall,
                (long long)py->shortfall_high);
        if (py->over_capacity_fixed < 0)
            fputs(" – | – |\n", fp);
        else
            fprintf(fp, " %lld | %lld |\n", (long long)py->over_capacity_fixed,
                    (long long)py->large_classes_fixed);
    }
    fputs("\n", fp);
}

int zp_plan_schedule_items(FILE *fp, const zp_plan *p)
{
    zp_lang lang = p->st->run->sc->lang;
    const zp_siting *st = p->st;
    int n = 0;
    for (int y = 0; p->has_siting && y < p->nyears; y++) {
        for (size_t r = 0; r < st->nchosen; r++)
            if (p->open_year[r] == p->first + y) {
                const zp_siting_option *o = &st->opt[st->chosen[r]];
                fprintf(fp, zp_word(lang, "plan_open"), p->first + y, r + 1, st->cand_id[o->cand],
                        (long long)o->places[0], (long long)o->places[1]);
                n++;
            }
        for (size_t s = 0; s < st->run->ds.nschools; s++)
            if (p->close_year[s] == p->first + y) {
                fprintf(fp, zp_word(lang, "plan_close"), p->first + y, st->run->ds.schools[s].id,
                        st->run->ds.schools[s].name);
                n++;
            }
    }
    for (char **id = st->run->sc->siting.close; p->has_siting && id && *id; id++)
        for (size_t s = 0; s < st->run->ds.nschools; s++)
            if (!strcmp(st->run->ds.schools[s].id, *id) && !p->close_year[s])
                fprintf(fp, zp_word(lang, "plan_kept"), *id, st->run->ds.schools[s].name), n++;
    for (size_t r = 0; p->has_siting && r < st->nchosen; r++)
        if (!p->open_year[r])
            fprintf(fp, zp_word(lang, "plan_not_needed"), r + 1,
                    st->cand_id[st->opt[st->chosen[r]].cand]);
    return n;
}

/* The openings' costs, each discounted to the first year from the year it opens, and the
 * children x kilometres walked over the years with the schedule. */
static void schedule_cost(FILE *fp, const zp_plan *p)
{
    const zp_siting *st = p->st;
    double r = st->run->sc->horizon.discount_rate, cost = 0, present = 0, child_km = 0;
    for (size_t k = 0; k < st->nchosen; k++)
        if (p->open_year[k]) {
            cost += st->opt[st->chosen[k]].cost;
            present += st->opt[st->chosen[k]].cost / pow(1 + r, p->open_year[k] - p->first);
        }
    for (size_t i = 0; i < (size_t)p->nyears * ZP_NLEVELS; i++)
        child_km += p->years[i].child_m / 1000;
    fprintf(fp, zp_word(st->run->sc->lang, "plan_cost"), cost, present, r * 100, child_km);
}

static void schedule_list(FILE *fp, const zp_plan *p)
{
    zp_lang lang = p->st->run->sc->lang;
    fputs(zp_word(lang, "plan_schedule_head"), fp);
    if (!p->has_siting)
        fputs(zp_word(lang, "plan_no_siting"), fp);
    else
        fputs(zp_plan_schedule_items(fp, p) ? "\n" : zp_word(lang, "plan_nothing"), fp);
    if (p->has_siting)
        schedule_cost(fp, p);
}

/* A year for the table, or a dash. */
static void year_cell(FILE *fp, int year)
{
    if (year)
        fprintf(fp, " %d |", year);
    else
        fputs(" – |", fp);
}

static void first_over(FILE *fp, const zp_plan *p)
{
    zp_lang lang = p->st->run->sc->lang;
    const zp_run *run = p->st->run;
    int n = 0;
    fputs(zp_word(lang, "plan_over_head"), fp);
    for (size_t s = 0; s < run->ds.nschools; s++)
        for (int l = 0; l < ZP_NLEVELS; l++)
            if (p->first_over[l][s] || (p->first_cap[s] && run->active[l] &&
                                        zp_school_serves(run->ds.schools[s].type, (zp_level)l))) {
                fprintf(fp, "| %s | ", run->ds.schools[s].id);
                zp_out_md_cell(fp, run->ds.schools[s].name);
                fprintf(fp, " | %s | %lld |", zp_word_level(lang, l),
                        (long long)run->capacity[l][s]);
                year_cell(fp, p->first_over[l][s]);
                year_cell(fp, p->first_cap[s]);
                fputc('\n', fp);
                n++;
            }
    fputs(n ? "\n" : zp_word(lang, "plan_over_none"), fp);
}

int zp_plan_report(const zp_plan *p, const char *dir)
{
    FILE *fp;
    int rc = zp_out_open(dir, "report.md", &fp);
    if (rc)
        return rc;
    zp_lang lang = p->st->run->sc->lang;
    fprintf(fp, zp_word(lang, "plan_title"), p->st->run->sc->name, p->first,
            p->first + p->nyears - 1);
    fputs(zp_word(lang, "plan_intro"), fp);
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (p->st->run->active[l])
            year_table(fp, p, l);
    schedule_list(fp, p);
    first_over(fp, p);
    zp_plan_report_assumptions(fp, p);
    return zp_out_close(fp, dir, "report.md");
}

void zp_plan_print(const zp_plan *p, const char *dir, FILE *fp)
{
    zp_lang lang = p->st->run->sc->lang;
    fprintf(fp, zp_word(lang, "cli_plan"), p->first, p->first + p->nyears - 1,
            p->st->run->ds.nblocks, p->seconds_project + p->seconds_schedule + p->seconds_years,
            p->seconds_project, p->seconds_schedule, p->seconds_years);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!p->st->run->active[l])
            continue;
        int64_t worst = 0, worst_today = 0, peak = 0;
        int worst_year = 0;
        for (int y = 0; y < p->nyears; y++) {
            const zp_plan_year *py = &p->years[(size_t)y * ZP_NLEVELS + (size_t)l];
            worst_today = py->shortfall_today > worst_today ? py->shortfall_today : worst_today;
            if (py->shortfall > worst)
                worst = py->shortfall, worst_year = p->first + y;
            peak = py->children[1] > peak ? py->children[1] : peak;
        }
        fprintf(fp, zp_word(lang, "cli_plan_level"), zp_word_level(lang, l), (long long)peak,
                (long long)worst_today, (long long)worst);
        if (worst)
            fprintf(fp, zp_word(lang, "cli_plan_worst"), worst_year);
        fputs("\n", fp);
    }
    fprintf(fp, zp_word(lang, "cli_plan_out"), dir);
}
