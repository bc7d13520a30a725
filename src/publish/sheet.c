/* A school's admission sheet for one level (招生范围): its figures and flags, its catchment
 * drawn among the neighbouring ones, and the communities it admits from in pinyin order,
 * two columns a page, flowing onto further pages when the list is long. Every community
 * name is printed whole (shrunk to fit its column, never cut), because the list is what
 * parents look themselves up in. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "pages.h"
#include "zoneplan/errors.h"

#define TABLE_TOP_FIRST 458.0
#define TABLE_TOP_NEXT 74.0
#define TABLE_BOTTOM 806.0
#define ROW_H 10.5
#define HEAD_H 14.0
#define TEXT_PT 7.5
#define COL_GAP 14.0

static int rows_per_column(int page)
{
    double top = page == 0 ? TABLE_TOP_FIRST : TABLE_TOP_NEXT;
    return (int)floor((TABLE_BOTTOM - top - HEAD_H) / ROW_H);
}

int zp_pub_sheet_pages(const zp_pub_catchment *c)
{
    size_t left = c->nmembers, first = 2 * (size_t)rows_per_column(0);
    if (left <= first)
        return 1;
    size_t next = 2 * (size_t)rows_per_column(1);
    return 1 + (int)((left - first + next - 1) / next);
}

/* The flags in words ("班额超标、有儿童超出服务半径"), or "" when none. */
static void flag_words(const zp_pub *p, const char *flags, char *out, size_t size)
{
    char copy[256], key[64];
    snprintf(copy, sizeof copy, "%s", flags ? flags : "");
    out[0] = '\0';
    const char *sep = p->lang == ZP_LANG_EN ? ", " : "、";
    for (char *save = NULL, *k = strtok_r(copy, ";", &save); k; k = strtok_r(NULL, ";", &save)) {
        snprintf(key, sizeof key, "flag_%s", k);
        size_t have = strlen(out);
        snprintf(out + have, size - have, "%s%s", have ? sep : "", zp_pub_word(p, key));
    }
}

static void header(cairo_t *cr, const zp_pub *p, const zp_pub_catchment *c, int cont)
{
    const zp_pub_school *s = &p->schools[c->school];
    char line[512], a[32], b[32], d[32], e[32];
    cairo_set_source_rgb(cr, 0, 0, 0);
    snprintf(line, sizeof line, "%s%s", s->name, cont ? zp_pub_word(p, "continued") : "");
    zp_draw_text(cr, line, 15, 1, ZP_MARGIN, ZP_MARGIN - 6, 0, NULL, NULL);
    snprintf(line, sizeof line, "%s · %s · %s%s%s", s->id, p->title,
             zp_pub_word(p, zp_level_name((zp_level)c->level)), p->lang == ZP_LANG_EN ? " " : "",
             zp_pub_word(p, "catchment"));
    zp_draw_text(cr, line, 9, 0, ZP_MARGIN, ZP_MARGIN + 16, 0, NULL, NULL);
    if (cont)
        return;
    zp_format_thousands(a, sizeof a, c->children, 0);
    zp_format_thousands(b, sizeof b, c->capacity, 0);
    zp_format_thousands(d, sizeof d, s->pupils, 0);
    zp_format_thousands(e, sizeof e, s->school_cap, 0);
    snprintf(line, sizeof line, "%s %s · %s %s · %s %.0f%% · %s %s / %s · %s %.0f %s",
             zp_pub_word(p, "enrolment"), a, zp_pub_word(p, "capacity"), b,
             zp_pub_word(p, "utilisation"), c->util * 100, zp_pub_word(p, "school_pupils"), d, e,
             zp_pub_word(p, "mean_distance"), c->mean_m, zp_pub_word(p, "metres"));
    zp_draw_text(cr, line, 8.5, 0, ZP_MARGIN, ZP_MARGIN + 34, 0, NULL, NULL);
    char words[400];
    flag_words(p, c->flags, words, sizeof words);
    snprintf(line, sizeof line, "%s: %s", zp_pub_word(p, "flags"),
             words[0] ? words : zp_pub_word(p, "none"));
    if (words[0])
        cairo_set_source_rgb(cr, 0.8, 0, 0);
    zp_draw_text(cr, line, 8.5, 0, ZP_MARGIN, ZP_MARGIN + 50, 0, NULL, NULL);
}

/* Thin outlines of the catchment's blocks, so the communities show on the map. */
static void member_outlines(cairo_t *cr, const zp_pub *p, const zp_view *v,
                            const zp_pub_catchment *c)
{
    for (size_t i = 0; i < c->nmembers; i++)
        zp_draw_path(cr, p, v, p->blocks[c->members[i]].geom);
    cairo_set_source_rgba(cr, 0.3, 0.3, 0.3, 0.6);
    cairo_set_line_width(cr, 0.25);
    cairo_stroke(cr);
}

int zp_pub_sheet_map(cairo_t *cr, const zp_pub *p, size_t ci, zp_labeler *lb)
{
    const zp_pub_catchment *c = &p->catchments[ci];
    zp_box frame = {ZP_MARGIN, 100, ZP_PAGE_W - ZP_MARGIN, 432};
    double x0 = p->schools[c->school].x, y0 = p->schools[c->school].y, x1 = x0, y1 = y0;
    if (!GEOSisEmpty_r(p->gctx, c->geom)) {
        double a, b, cc, d;
        GEOSGeom_getExtent_r(p->gctx, c->geom, &a, &b, &cc, &d);
        x0 = fmin(x0, a), y0 = fmin(y0, b), x1 = fmax(x1, cc), y1 = fmax(y1, d);
    }
    zp_view v;
    zp_view_fit(&v, frame, x0, y0, x1, y1, 0.15);
    cairo_save(cr);
    cairo_rectangle(cr, frame.x0, frame.y0, frame.x1 - frame.x0, frame.y1 - frame.y0);
    cairo_clip(cr);
    zp_pub_draw_catchments(cr, p, &v, c->level, (int)ci);
    member_outlines(cr, p, &v, c);
    lb->bounds = (zp_box){frame.x0 + 2, frame.y0 + 2, frame.x1 - 2, frame.y1 - 2};
    int rc = zp_labeler_add(lb, (zp_box){frame.x1 - 30, frame.y0, frame.x1, frame.y0 + 40});
    size_t unplaced = 0;
    if (!rc)
        rc = zp_pub_draw_schools(cr, p, &v, c->level, c->school, 3.4, 7, lb, &unplaced);
    cairo_restore(cr);
    zp_pub_frame_line(cr, frame);
    zp_draw_north(cr, p, frame.x1 - 15, frame.y0 + 14, 20);
    cairo_save(cr);
    cairo_rectangle(cr, frame.x0 + 4, frame.y1 - 22, 150, 19);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_fill(cr);
    cairo_restore(cr);
    zp_draw_scale_bar(cr, p, &v, frame.x0 + 12, frame.y1 - 19);
    return rc;
}

static void cell(cairo_t *cr, const char *text, double x, double y, double w, int right)
{
    zp_draw_text_fit(cr, text, TEXT_PT, x, y, w, ROW_H, right);
}

/* Column layout of one half of the table: no., community, children, distance, note. */
static const double COL_X[] = {0, 20, 138, 178, 220}, COL_W[] = {18, 116, 38, 40, 42};

static void table_head(cairo_t *cr, const zp_pub *p, double x, double y)
{
    /* a walking run's distances are walks: the column says so */
    const char *k[] = {"#", "community", "children", p->roads.path ? "walk_distance" : "distance",
                       "note"};
    cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
    cairo_rectangle(cr, x, y, COL_X[4] + COL_W[4], HEAD_H - 2);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int i = 0; i < 5; i++)
        cell(cr, i ? zp_pub_word(p, k[i]) : k[i], x + COL_X[i], y + 1, COL_W[i], i >= 2 && i < 4);
}

static void table_row(cairo_t *cr, const zp_pub *p, const zp_pub_catchment *c, size_t i, double x,
                      double y)
{
    const zp_pub_block *b = &p->blocks[c->members[i]];
    char no[24], kids[32], dist[32];
    snprintf(no, sizeof no, "%zu", i + 1);
    zp_format_thousands(kids, sizeof kids, b->children[c->level], 0);
    if (isnan(b->dist_m[c->level]))
        dist[0] = '\0';
    else
        zp_format_thousands(dist, sizeof dist, llround(b->dist_m[c->level]), 0);
    /* a community with no child of this level has nobody beyond the radius */
    int far = b->children[c->level] > 0 && p->radius_m[c->level] > 0 &&
              b->dist_m[c->level] > p->radius_m[c->level];
    cairo_set_source_rgb(cr, 0, 0, 0);
    cell(cr, no, x + COL_X[0], y, COL_W[0], 1);
    cell(cr, b->name, x + COL_X[1], y, COL_W[1], 0);
    cell(cr, kids, x + COL_X[2], y, COL_W[2], 1);
    cell(cr, dist, x + COL_X[3], y, COL_W[3], 1);
    if (far) {
        cairo_set_source_rgb(cr, 0.75, 0, 0);
        cell(cr, zp_pub_word(p, "beyond_radius"), x + COL_X[4] + 3, y, COL_W[4] - 3, 0);
    }
}

static void table(cairo_t *cr, const zp_pub *p, const zp_pub_catchment *c, int k)
{
    int rows = rows_per_column(k);
    size_t first = k == 0 ? 0 : 2 * (size_t)rows_per_column(0) + (size_t)(k - 1) * 2 * (size_t)rows;
    double top = k == 0 ? TABLE_TOP_FIRST : TABLE_TOP_NEXT;
    double colw = (ZP_PAGE_W - 2 * ZP_MARGIN - COL_GAP) / 2;
    if (c->nmembers == 0) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        zp_draw_text(cr, zp_pub_word(p, "none"), 9, 0, ZP_MARGIN, top, 0, NULL, NULL);
        return;
    }
    for (int half = 0; half < 2; half++) {
        size_t from = first + (size_t)half * (size_t)rows;
        if (from >= c->nmembers)
            break;
        double x = ZP_MARGIN + half * (colw + COL_GAP);
        table_head(cr, p, x, top);
        for (int r = 0; r < rows && from + (size_t)r < c->nmembers; r++)
            table_row(cr, p, c, from + (size_t)r, x, top + HEAD_H + r * ROW_H);
    }
}

int zp_pub_draw_sheet(cairo_t *cr, const zp_pub *p, size_t ci, int k, int page, int pages,
                      zp_labeler *lb)
{
    const zp_pub_catchment *c = &p->catchments[ci];
    zp_pub_page_background(cr);
    header(cr, p, c, k > 0);
    int rc = ZP_OK;
    if (k == 0) {
        rc = zp_pub_sheet_map(cr, p, ci, lb);
        char line[200];
        snprintf(line, sizeof line, "%s (%zu)", zp_pub_word(p, "blocks_listed"), c->nmembers);
        cairo_set_source_rgb(cr, 0, 0, 0);
        zp_draw_text(cr, line, 9.5, 1, ZP_MARGIN, TABLE_TOP_FIRST - 15, 0, NULL, NULL);
    }
    table(cr, p, c, k);
    zp_pub_footer(cr, p, page, pages, ZP_PAGE_W, ZP_PAGE_H);
    return rc;
}
