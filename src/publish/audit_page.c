/* The booklet's audit page of a level (优质均衡督导评估, the bureau's, never the public
 * notice's): after the level's overview, a landscape table of the level's schools as the
 * plan leaves them, each with its pupils, its seven per-pupil indicators against their
 * thresholds (those below drawn on red), the indicators met, and its verdict (beside today's
 * when the run has current catchments); under the table the county's difference
 * coefficients against their limit and the schools that pass. A long list flows onto further
 * pages, marked continued, as a sheet's communities do. It is the page a planner takes to the
 * inspection: which schools the plan leaves short, and of what. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "pages.h"
#include "zoneplan/errors.h"

#define PW ZP_PAGE_H /* A4 landscape */
#define PH ZP_PAGE_W
#define TABLE_TOP 104.0
#define TABLE_BOTTOM (PH - 34.0)
#define HEAD_H 26.0
#define ROW_H 12.0
#define BLOCK_ROWS 5 /* the coefficients and counts under the table, in rows */
#define TEXT_PT 7.5
#define NCOLS (ZP_NRESOURCES + 5)

/* Columns: school, pupils, the indicators, met, today's verdict (when any), the plan's. */
typedef struct cols {
    double x[NCOLS], w[NCOLS];
    int cur; /* the column of today's verdict, -1 without one */
    int plan;
} cols;

static int rows_per_page(void)
{
    return (int)floor((TABLE_BOTTOM - TABLE_TOP - HEAD_H) / ROW_H);
}

int zp_pub_audit_pages(const zp_pub *p, int level)
{
    const zp_pub_audit_level *lv = &p->audit.level[level];
    if (p->public_notice || p->changes || !p->audit.present || !lv->present)
        return 0;
    int per = rows_per_page(); /* the block under the table goes on the last page */
    return (int)((lv->nrows + BLOCK_ROWS + (size_t)per - 1) / (size_t)per);
}

/* The school column takes what the others leave: the indicators are as wide with or without
 * today's verdict, so their heads read alike in both. */
static void layout(const zp_pub_audit_level *lv, cols *c)
{
    double pupils = 44, met = 34, verdict = 52, school = 140;
    double ind = (PW - 2 * ZP_MARGIN - school - pupils - met - 2 * verdict) / ZP_NRESOURCES;
    int n = 0;
    c->cur = lv->cur.present ? 3 + ZP_NRESOURCES : -1;
    c->plan = 3 + ZP_NRESOURCES + lv->cur.present;
    c->w[n++] = school + (lv->cur.present ? 0 : verdict);
    c->w[n++] = pupils;
    for (int i = 0; i < ZP_NRESOURCES; i++)
        c->w[n++] = ind;
    c->w[n++] = met;
    while (n <= c->plan)
        c->w[n++] = verdict;
    for (int i = 0; i < n; i++)
        c->x[i] = i ? c->x[i - 1] + c->w[i - 1] : ZP_MARGIN;
}

/* A figure as the page prints it: yuan whole, the others to two decimals; "—" for none;
 * rounded toward dir (zp_audit_shown: a short figure never reads as its threshold). */
static void figure(char *buf, size_t size, const char *key, double v, int dir)
{
    if (!isfinite(v))
        snprintf(buf, size, "—");
    else if (!strcmp(key, "equipment_value"))
        zp_format_thousands(buf, size, llround(zp_audit_shown(v, 0, dir)), 0);
    else
        snprintf(buf, size, "%.2f", zp_audit_shown(v, 2, dir));
}

static void heading(cairo_t *cr, const zp_pub *p, int level, int k)
{
    const zp_pub_audit_level *lv = &p->audit.level[level];
    char line[1200];
    cairo_set_source_rgb(cr, 0, 0, 0);
    snprintf(line, sizeof line, "%s · %s%s%s", zp_pub_word(p, "audit_title"),
             zp_pub_word(p, zp_level_name((zp_level)level)), k && p->lang == ZP_LANG_EN ? " " : "",
             k ? zp_pub_word(p, "continued") : "");
    zp_draw_text(cr, line, 15, 1, ZP_MARGIN, ZP_MARGIN - 4, 0, NULL, NULL);
    zp_draw_text(cr, p->title, 9, 0, ZP_MARGIN, ZP_MARGIN + 18, 0, NULL, NULL);
    char rule[900], split[300] = "";
    snprintf(rule, sizeof rule, zp_pub_word(p, "audit_rule"), lv->need_met, lv->rest_share * 100,
             zp_pub_word(p, p->audit.unweighted ? "audit_unweighted" : "audit_weighted"),
             lv->cv_limit);
    for (size_t i = 0; i < lv->nrows && !split[0]; i++) /* where a nine-year school splits */
        if (lv->rows[i].split)
            snprintf(split, sizeof split, zp_pub_word(p, "audit_split"), p->audit.junior_weight);
    snprintf(line, sizeof line, "%s%s%s", rule, split[0] && p->lang == ZP_LANG_EN ? " " : "",
             split);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    zp_draw_text_wrap(cr, line, 7, ZP_MARGIN, ZP_MARGIN + 36, PW - 2 * ZP_MARGIN);
}

static void head_cell(cairo_t *cr, const char *top, const char *under, const cols *c, int i,
                      double y, int right)
{
    /* figures end 2 pt before the column's edge; 8 pt keep a head off its left neighbour */
    double x0 = c->x[i] + (i == 0 ? 2 : 8), w = c->x[i] + c->w[i] - 2 - x0;
    cairo_set_source_rgb(cr, 0, 0, 0);
    zp_draw_text_fit_bold(cr, top, 7, 1, x0, y + 1, w, 12, right);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    zp_draw_text_fit(cr, under, 6.5, x0, y + 12, w, 11, right);
}

static void table_head(cairo_t *cr, const zp_pub *p, const zp_pub_audit_level *lv, const cols *c,
                       double y)
{
    cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
    cairo_rectangle(cr, ZP_MARGIN, y, PW - 2 * ZP_MARGIN, HEAD_H - 2);
    cairo_fill(cr);
    head_cell(cr, zp_pub_word(p, "audit_school"), zp_pub_word(p, "audit_threshold"), c, 0, y, 0);
    head_cell(cr, zp_pub_word(p, "audit_pupils"), "", c, 1, y, 1);
    for (int i = 0; i < ZP_NRESOURCES; i++) {
        char th[64];
        figure(th, sizeof th, p->audit.key[i], lv->threshold[i], 0);
        head_cell(cr, zp_word_of(p->lang, "indshort_", p->audit.key[i]), th, c, 2 + i, y, 1);
    }
    head_cell(cr, zp_pub_word(p, "audit_met"), "", c, 2 + ZP_NRESOURCES, y, 1);
    if (c->cur >= 0)
        head_cell(cr, zp_pub_word(p, "audit_verdict"), zp_pub_word(p, "audit_current"), c, c->cur,
                  y, 0);
    head_cell(cr, zp_pub_word(p, "audit_verdict"), zp_pub_word(p, "audit_plan"), c, c->plan, y, 0);
}

/* A figure's cell: red on light red when below its threshold (or over its limit). */
static void figure_cell(cairo_t *cr, const char *text, int short_of, double x, double y, double w)
{
    if (short_of) {
        cairo_set_source_rgb(cr, 1.0, 0.85, 0.85);
        cairo_rectangle(cr, x + 1, y + 0.5, w - 2, ROW_H - 1);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.75, 0, 0);
    } else if (!strcmp(text, "—"))
        cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
    else
        cairo_set_source_rgb(cr, 0, 0, 0);
    zp_draw_text_fit_bold(cr, text, TEXT_PT, short_of, x + 2, y, w - 4, ROW_H, 1);
}

static void verdict_cell(cairo_t *cr, const zp_pub *p, int v, const cols *c, int i, double y)
{
    if (v == ZP_VERDICT_FAIL)
        cairo_set_source_rgb(cr, 0.8, 0, 0);
    else if (v == ZP_VERDICT_PASS)
        cairo_set_source_rgb(cr, 0, 0.42, 0.15);
    else
        cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    zp_draw_text_fit_bold(
        cr, v < 0 ? "—" : zp_word_of(p->lang, "audit_", zp_verdict_name((zp_verdict)v)), TEXT_PT,
        v == ZP_VERDICT_FAIL, c->x[i] + 8, y, c->w[i] - 10, ROW_H, 0);
}

static void table_row(cairo_t *cr, const zp_pub *p, const zp_pub_audit_row *r, const cols *c,
                      double y, int stripe)
{
    char text[600];
    if (stripe) {
        cairo_set_source_rgb(cr, 0.97, 0.97, 0.97);
        cairo_rectangle(cr, ZP_MARGIN, y, PW - 2 * ZP_MARGIN, ROW_H);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    snprintf(text, sizeof text, "%s %s", r->id, r->name);
    zp_draw_text_fit(cr, text, TEXT_PT, c->x[0] + 2, y, c->w[0] - 4, ROW_H, 0);
    zp_format_thousands(text, sizeof text, r->pupils, 0);
    zp_draw_text_fit(cr, text, TEXT_PT, c->x[1] + 2, y, c->w[1] - 4, ROW_H, 1);
    for (int i = 0; i < ZP_NRESOURCES; i++) {
        figure(text, sizeof text, p->audit.key[i], r->value[i], r->met_i[i] == 0 ? -1 : 0);
        figure_cell(cr, text, r->met_i[i] == 0, c->x[2 + i], y, c->w[2 + i]);
    }
    snprintf(text, sizeof text, "%d/%d", r->met, r->assessed);
    cairo_set_source_rgb(cr, 0, 0, 0);
    zp_draw_text_fit(cr, text, TEXT_PT, c->x[2 + ZP_NRESOURCES] + 2, y, c->w[2 + ZP_NRESOURCES] - 4,
                     ROW_H, 1);
    if (c->cur >= 0)
        verdict_cell(cr, p, r->cur_verdict, c, c->cur, y);
    verdict_cell(cr, p, r->verdict, c, c->plan, y);
}

/* A row of the county's difference coefficients of one side, over-limit ones in red. */
static void cv_row(cairo_t *cr, const zp_pub *p, const zp_pub_audit_level *lv,
                   const zp_pub_audit_side *s, const char *side, const cols *c, double y)
{
    char text[300];
    snprintf(text, sizeof text, zp_pub_word(p, "audit_cv_side"), side, lv->cv_limit);
    cairo_set_source_rgb(cr, 0, 0, 0);
    zp_draw_text_fit_bold(cr, text, TEXT_PT, 1, c->x[0] + 2, y, c->w[0] + c->w[1] - 4, ROW_H, 0);
    for (int i = 0; i < ZP_NRESOURCES; i++) {
        if (isfinite(s->cv[i]))
            snprintf(text, sizeof text, "%.3f", zp_audit_shown(s->cv[i], 3, !s->cv_met[i]));
        else
            snprintf(text, sizeof text, "—");
        figure_cell(cr, text, isfinite(s->cv[i]) && !s->cv_met[i], c->x[2 + i], y, c->w[2 + i]);
    }
}

/* "方案：30 所学校中 17 所达标；县域结论：未达标" for one side. */
static void count_line(const zp_pub *p, const zp_pub_audit_side *s, const char *side, char *out,
                       size_t size)
{
    char counts[200];
    snprintf(counts, sizeof counts, zp_pub_word(p, "audit_schools_pass"), s->schools, s->pass);
    snprintf(out, size, zp_pub_word(p, "audit_side_line"), side, counts,
             zp_pub_word(p, s->county_pass ? "audit_pass" : "audit_fail"));
}

static void block(cairo_t *cr, const zp_pub *p, const zp_pub_audit_level *lv, const cols *c,
                  double y)
{
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, ZP_MARGIN, y + 3);
    cairo_line_to(cr, PW - ZP_MARGIN, y + 3);
    cairo_stroke(cr);
    y += 6;
    const char *plan = zp_pub_word(p, "audit_plan"), *cur = zp_pub_word(p, "audit_current");
    if (lv->cur.present) {
        cv_row(cr, p, lv, &lv->cur, cur, c, y);
        y += ROW_H;
    }
    cv_row(cr, p, lv, &lv->plan, plan, c, y);
    y += ROW_H + 3;
    char line[700], today[300], planned[300];
    count_line(p, &lv->plan, zp_pub_word(p, "audit_plan_head"), planned, sizeof planned);
    if (lv->cur.present) /* today first, as the coefficients */
        count_line(p, &lv->cur, zp_pub_word(p, "audit_current_head"), today, sizeof today);
    snprintf(line, sizeof line, "%s%s%s", lv->cur.present ? today : "",
             lv->cur.present ? "    " : "", planned);
    cairo_set_source_rgb(cr, 0, 0, 0);
    zp_draw_text_fit_bold(cr, line, 8, 1, ZP_MARGIN, y, PW - 2 * ZP_MARGIN, ROW_H, 0);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    zp_draw_text_fit(cr, zp_pub_word(p, "audit_legend"), 6.5, ZP_MARGIN, y + ROW_H,
                     PW - 2 * ZP_MARGIN, ROW_H, 0);
}

int zp_pub_draw_audit(cairo_t *cr, const zp_pub *p, int level, int k, int page, int pages)
{
    const zp_pub_audit_level *lv = &p->audit.level[level];
    cols c;
    layout(lv, &c);
    zp_pub_page_background(cr);
    heading(cr, p, level, k);
    size_t per = (size_t)rows_per_page(), first = (size_t)k * per;
    size_t last = first + per < lv->nrows ? first + per : lv->nrows;
    double y = TABLE_TOP + HEAD_H;
    table_head(cr, p, lv, &c, TABLE_TOP); /* on every page: the coefficients' heads too */
    for (size_t i = first; i < last; i++, y += ROW_H)
        table_row(cr, p, &lv->rows[i], &c, y, (i - first) % 2);
    if (k == zp_pub_audit_pages(p, level) - 1)
        block(cr, p, lv, &c, y);
    zp_pub_footer(cr, p, page, pages, PW, PH);
    return ZP_OK;
}
