/* report.md: the planner's summary of a run. Figures per level, what the plan fixes
 * and leaves compared with the current catchments, a table of every violation in the
 * plan (flags.csv has them all), and the warnings raised while reading the data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out_internal.h"
#include "zoneplan/errors.h"

/* A flag's label in the checks table, its name and the unit of its value and limit in the
 * violations table: the words "rep_flag_<name>", "rep_flagcol_<name>" and "unit_<name>"
 * (name: flags.csv's, zp_flag_name). */
static const char *flag_word(zp_lang lang, const char *prefix, zp_flag_kind k)
{
    return zp_word_of(lang, prefix, zp_flag_name(k));
}

/* A table cell: a '|' in a school's name would end the cell, so it is escaped. */
void zp_out_md_cell(FILE *fp, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == '|' || *p == '\\')
            fputc('\\', fp);
        fputc(*p == '\n' ? ' ' : *p, fp);
    }
}

static void level_table(FILE *fp, const zp_run *run)
{
    zp_lang lang = run->sc->lang;
    fputs(zp_word(lang, "rep_level_table"), fp);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        const zp_alloc_result *r = &run->plan[l];
        long long kids = 0, placed = 0, cap = 0, beyond = 0;
        for (size_t b = 0; b < run->ds.nblocks; b++) {
            kids += run->ds.blocks[b].children[l];
            placed += r->placed[b];
        }
        for (size_t s = 0; s < run->ds.nschools; s++) {
            cap += run->capacity[l][s];
            beyond += run->plan_check.stats[s * ZP_NLEVELS + (size_t)l].beyond_radius;
        }
        fprintf(fp, "| %s | %lld | %lld | %lld | %lld | %.0f | %lld | %.0f | %.0f | %.4f%% |\n",
                zp_word_level(lang, l), kids, cap, placed, (long long)r->shortfall,
                placed ? r->distance / (double)placed : 0.0, beyond, r->lp_bound, r->objective,
                r->gap * 100.0);
    }
}

static const char *exact_word(const zp_exact_report *x)
{
    static const char *key[] = {"rep_exact_limit", "rep_exact_optimal", "rep_exact_limit",
                                "rep_exact_large", "rep_exact_candidates"};
    return key[x->status >= 0 && x->status <= ZP_EXACT_CANDIDATES ? x->status : 0];
}

static void exact_row(FILE *fp, const zp_run *run, int l, const zp_exact_report *x, int contig)
{
    zp_lang lang = run->sc->lang;
    fprintf(fp, "| %s | %s | %.0f | ", zp_word_level(lang, l),
            zp_word(lang, contig ? "rep_exact_contig" : "rep_exact_plain"), x->lp_bound);
    if (x->lagrange_bound > 0) /* 0: not computed (a model too large to be tried) */
        fprintf(fp, "%.0f", x->lagrange_bound);
    else
        fputs("–", fp);
    fprintf(fp, " | %.0f | %.0f | ", x->bound, x->objective);
    if (contig && !x->contiguous) /* the bound is the rule's; the plan is not under it */
        fputs("–", fp);
    else
        fprintf(fp, "%.4f%%", x->gap * 100.0);
    fprintf(fp, " | %s", zp_word(lang, exact_word(x)));
    if (contig && !x->contiguous && x->status != ZP_EXACT_TOO_LARGE)
        fprintf(fp, "; %s", zp_word(lang, "rep_exact_kept"));
    fprintf(fp, " | %lld |\n", (long long)x->nodes);
}

/* The exact finish per level (policy.exact_seconds): bounds, gap, and the price of
 * contiguity. */
static void exact_table(FILE *fp, const zp_run *run)
{
    zp_lang lang = run->sc->lang;
    int any = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        any |= run->active[l] && run->has_exact[l];
    if (!any)
        return;
    fputs(zp_word(lang, "rep_exact_head"), fp);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l] || !run->has_exact[l])
            continue;
        exact_row(fp, run, l, &run->exact_plain[l], 0);
        if (run->contig_on)
            exact_row(fp, run, l, &run->exact_contig[l], 1);
    }
    for (int l = 0; run->contig_on && l < ZP_NLEVELS; l++) {
        if (!run->active[l] || !run->has_exact[l])
            continue;
        double a = run->plain_objective[l], b = run->plan[l].objective;
        fprintf(fp, zp_word(lang, "rep_exact_price"), zp_word_level(lang, l), a, b, b - a,
                a > 0 ? 100.0 * (b - a) / a : 0.0, (long long)run->contig_moved[l],
                (long long)(run->plan[l].shortfall - run->plain_shortfall[l]));
    }
}

/* Whether a flag concerns countable children (zp_flag.children), not classes. */
static int counts_children(zp_flag_kind k)
{
    return k == ZP_FLAG_SCHOOL_CAP || k == ZP_FLAG_OVER_CAPACITY || k == ZP_FLAG_BEYOND_RADIUS ||
           k == ZP_FLAG_SHORTFALL;
}

/* One row per check: how many flags (rows of flags.csv: one per school and level, or
 * grade) and how many children they concern, under the current catchments and the plan. */
static void compare_table(FILE *fp, const zp_run *run)
{
    int cur = run->has_current[0] || run->has_current[1];
    const zp_check_result *side[2] = {cur ? &run->cur_check : NULL, &run->plan_check};
    zp_lang lang = run->sc->lang;
    fputs(zp_word(lang, cur ? "rep_compare_cur" : "rep_compare"), fp);
    for (int k = 0; k < ZP_NFLAGS; k++) {
        fprintf(fp, "| %s ", flag_word(lang, "rep_flag_", (zp_flag_kind)k));
        for (int i = 0; i < 2; i++)
            if (side[i])
                fprintf(fp, "| %zu ", side[i]->count[k]);
        for (int i = 0; i < 2; i++) {
            if (!side[i])
                continue;
            long long kids = 0;
            for (size_t f = 0; f < side[i]->nflags; f++)
                if (side[i]->flags[f].kind == (zp_flag_kind)k)
                    kids += side[i]->flags[f].children;
            if (counts_children((zp_flag_kind)k))
                fprintf(fp, "| %lld ", kids);
            else
                fputs("| – ", fp);
        }
        fputs("|\n", fp);
    }
    fputs(zp_word(lang, "rep_children_note"), fp);
}

static void violations(FILE *fp, const zp_run *run)
{
    const zp_check_result *r = &run->plan_check;
    zp_lang lang = run->sc->lang;
    if (r->nflags == 0) {
        fputs(zp_word(lang, "rep_no_violations"), fp);
        return;
    }
    fputs(zp_word(lang, "rep_violations_table"), fp);
    size_t shown = r->nflags < 300 ? r->nflags : 300;
    for (size_t i = 0; i < shown; i++) {
        const zp_flag *f = &r->flags[i];
        const zp_school *s = &run->ds.schools[f->school];
        fputs("| ", fp);
        zp_out_md_cell(fp, s->id);
        fputs(" | ", fp);
        zp_out_md_cell(fp, s->name);
        fprintf(fp, " | %s | ", zp_word_level(lang, f->level));
        if (f->grade)
            fprintf(fp, "g%d", f->grade);
        fprintf(fp, " | %s | %.1f | %.0f | %s | ", flag_word(lang, "rep_flagcol_", f->kind),
                f->value, f->limit, flag_word(lang, "unit_", f->kind));
        if (f->children >= 0)
            fprintf(fp, "%lld", (long long)f->children);
        fputs(" |\n", fp);
    }
    if (shown < r->nflags)
        fprintf(fp, zp_word(lang, "rep_more_rows"), r->nflags - shown);
}

static int cmp_most(const void *a, const void *b, void *ud)
{
    const int64_t *to = ud;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (to[x] != to[y])
        return to[x] > to[y] ? -1 : 1;
    return (x > y) - (x < y);
}

/* One row: closed school c's children at level l going to school t (nschools: no place). */
static void closed_row(FILE *fp, const zp_dataset *ds, zp_lang lang, size_t c, int l, size_t t,
                       int64_t kids)
{
    fputs("| ", fp);
    zp_out_md_cell(fp, ds->schools[c].id);
    fputc(' ', fp);
    zp_out_md_cell(fp, ds->schools[c].name);
    fprintf(fp, " | %s | ", zp_word_level(lang, l));
    if (t < ds->nschools) {
        zp_out_md_cell(fp, ds->schools[t].id);
        fputs(" | ", fp);
        zp_out_md_cell(fp, ds->schools[t].name);
    } else {
        fprintf(fp, "%s | ", zp_word(lang, "rep_no_place"));
    }
    fprintf(fp, " | %lld |\n", (long long)kids);
}

/* Where the pupils of each closed school go: the children of its current catchment, by the
 * school the plan gives them (or none), most first. */
static void closed_schools(FILE *fp, const zp_run *run)
{
    const zp_dataset *ds = &run->ds;
    size_t nclosed = 0;
    for (size_t s = 0; s < ds->nschools; s++)
        nclosed += ds->schools[s].closed;
    if (!nclosed)
        return;
    int known = 0; /* where they go is known from the current catchments only */
    for (int l = 0; l < ZP_NLEVELS; l++)
        known |= run->active[l] && run->has_current[l];
    fputs(zp_word(run->sc->lang, known ? "rep_closed_head" : "rep_closed_unknown"), fp);
    int64_t *to = calloc(ds->nschools + 1, sizeof *to); /* last: no place */
    size_t *order = malloc(sizeof *order * (ds->nschools + 1));
    for (size_t c = 0; to && order && c < ds->nschools; c++)
        for (int l = 0; ds->schools[c].closed && l < ZP_NLEVELS; l++) {
            if (!run->active[l] || !run->has_current[l])
                continue;
            memset(to, 0, (ds->nschools + 1) * sizeof *to);
            for (size_t b = 0; b < ds->nblocks; b++)
                if (ds->blocks[b].current[l] == (int32_t)c) {
                    const zp_alloc_result *r = &run->plan[l];
                    if (r->school[b] >= 0)
                        to[r->school[b]] += r->placed[b];
                    to[ds->nschools] += r->unplaced[b];
                }
            size_t n = 0; /* most children first; ties in school order */
            for (size_t t = 0; t <= ds->nschools; t++)
                if (to[t] > 0)
                    order[n++] = t;
            qsort_r(order, n, sizeof *order, cmp_most, to);
            for (size_t k = 0; k < n; k++)
                closed_row(fp, ds, run->sc->lang, c, l, order[k], to[order[k]]);
        }
    free(to);
    free(order);
}

static void warnings(FILE *fp, const zp_run *run)
{
    size_t n = zp_run_warn_count(run);
    zp_lang lang = run->sc->lang;
    fputs(zp_word(lang, "rep_warnings_head"), fp);
    if (!n)
        fputs(zp_word(lang, "rep_none"), fp);
    for (size_t i = 0; i < n && i < 200; i++)
        fprintf(fp, "- %s\n", zp_run_warn_get(run, i));
    if (n > 200)
        fprintf(fp, zp_word(lang, "rep_more_warnings"), n - 200);
}

/* Children a level's plan leaves without a place because no school with places can be
 * reached on the roads (no nearest school: none in reach). */
static long long unreachable_children(const zp_run *run, int l)
{
    long long n = 0;
    int any = 0; /* with no school of the level at all, nothing is out of reach */
    for (size_t s = 0; run->active[l] && s < run->ds.nschools; s++)
        any |= run->capacity[l][s] > 0;
    if (!run->roads || !any)
        return 0;
    for (size_t b = 0; b < run->ds.nblocks; b++)
        if (run->plan[l].nearest[b] < 0)
            n += run->plan[l].unplaced[b];
    return n;
}

/* How distances were measured, and the children beyond the radius by that measure. */
static void distance_note(FILE *fp, const zp_run *run)
{
    zp_lang lang = run->sc->lang;
    long long beyond[ZP_NLEVELS] = {0};
    for (int l = 0; l < ZP_NLEVELS; l++)
        for (size_t s = 0; run->active[l] && s < run->ds.nschools; s++)
            beyond[l] += run->plan_check.stats[s * ZP_NLEVELS + (size_t)l].beyond_radius;
    if (!run->roads) {
        fprintf(fp, zp_word(lang, "rep_dist_straight"), beyond[0], beyond[1]);
        return;
    }
    const zp_roads_stats *st = zp_roads_stats_get(run->roads);
    fprintf(fp, zp_word(lang, "rep_dist_network"), st->walkable_lines, st->length_m / 1000.0,
            st->components, beyond[0], beyond[1],
            unreachable_children(run, 0) + unreachable_children(run, 1));
}

#define UNREACHABLE_LISTED 50

/* Every block whose children reach no school on foot, per level (the first ones listed). */
static void unreachable_blocks(FILE *fp, const zp_run *run)
{
    zp_lang lang = run->sc->lang;
    if (!unreachable_children(run, 0) && !unreachable_children(run, 1))
        return;
    fputs(zp_word(lang, "rep_unreach_head"), fp);
    fputs(zp_word(lang, "rep_unreach_intro"), fp);
    fputs(zp_word(lang, "rep_unreach_table"), fp);
    size_t listed = 0, more = 0;
    long long more_kids = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        for (size_t b = 0; run->active[l] && b < run->ds.nblocks; b++) {
            const zp_alloc_result *r = &run->plan[l];
            if (r->nearest[b] >= 0 || r->unplaced[b] <= 0)
                continue;
            if (listed++ >= UNREACHABLE_LISTED) {
                more++;
                more_kids += r->unplaced[b];
                continue;
            }
            const zp_block *bl = &run->ds.blocks[b];
            fprintf(fp, "| %s | ", zp_word_level(lang, l));
            zp_out_md_cell(fp, bl->id);
            fputs(" | ", fp);
            zp_out_md_cell(fp, bl->name ? bl->name : "");
            fprintf(fp, " | %d |\n", r->unplaced[b]);
        }
    if (more)
        fprintf(fp, zp_word(lang, "rep_unreach_more"), more, more_kids);
}

int zp_out_report_md(const zp_run *run, const char *dir)
{
    FILE *fp;
    int rc = zp_out_open(dir, "report.md", &fp);
    if (rc)
        return rc;
    const zp_policy *p = &run->sc->policy;
    zp_lang lang = run->sc->lang;
    fprintf(fp, "# %s\n\n", run->sc->name);
    fprintf(fp, zp_word(lang, "rep_intro"), run->ds.nblocks, run->ds.nschools, p->class_cap[0],
            p->class_cap[1], p->school_cap[0], p->school_cap[1], p->school_cap[2],
            p->service_radius_m[0], p->service_radius_m[1],
            zp_word(lang, p->enforce_caps ? "rep_caps_enforced" : "rep_caps_checked"));
    if (run->sc->nchanges) {
        fputs(zp_word(lang, "rep_changes_head"), fp);
        for (size_t i = 0; i < run->sc->nchanges; i++)
            fprintf(fp, zp_word(lang, "rep_change_item"), i + 1,
                    run->sc->changes[i].summary ? run->sc->changes[i].summary : "",
                    run->sc->changes[i].line);
        fputs("\n", fp);
    }
    distance_note(fp, run);
    fputs(zp_word(lang, "rep_plan_head"), fp);
    level_table(fp, run);
    exact_table(fp, run);
    fputs(zp_word(lang, "rep_checks_head"), fp);
    compare_table(fp, run);
    fputs(zp_word(lang, "rep_violations_head"), fp);
    violations(fp, run);
    unreachable_blocks(fp, run);
    zp_out_report_audit(fp, run);
    zp_out_report_redraw(fp, run);
    closed_schools(fp, run);
    warnings(fp, run);
    return zp_out_close(fp, dir, "report.md");
}
