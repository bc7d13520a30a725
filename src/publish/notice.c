/* The public admission notice (招生范围公告) of a school and level: what a bureau posts at the
 * school gate and online. The school, the admission year and grade, its catchment drawn among
 * the neighbouring ones, and the communities it admits from (only those with children of the
 * level: a park or a factory parcel admits nobody), in pinyin order, names only, three
 * columns a page; the issuing bureau and the map approval number (审图号) sign the footer.
 * Nothing the bureau keeps for itself: no enrolment, capacity, flags, distances or counts of
 * children. */
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "zoneplan/errors.h"

#define LIST_TOP_FIRST 476.0
#define LIST_TOP_NEXT 80.0
#define LIST_BOTTOM 800.0
#define ROW_H 13.0
#define NAME_PT 9.0
#define COLUMNS 3
#define COL_GAP 12.0

static int rows_per_column(int page)
{
    double top = page == 0 ? LIST_TOP_FIRST : LIST_TOP_NEXT;
    return (int)((LIST_BOTTOM - top) / ROW_H);
}

/* The communities a notice lists: members with children of the level. */
static size_t listed(const zp_pub *p, const zp_pub_catchment *c, size_t *idx)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nmembers; i++)
        if (p->blocks[c->members[i]].children[c->level] > 0) {
            if (idx)
                idx[n] = i;
            n++;
        }
    return n;
}

int zp_pub_notice_pages(const zp_pub *p, const zp_pub_catchment *c)
{
    size_t n = listed(p, c, NULL), first = COLUMNS * (size_t)rows_per_column(0);
    if (n <= first)
        return 1;
    size_t next = COLUMNS * (size_t)rows_per_column(1);
    return 1 + (int)((n - first + next - 1) / next);
}

static void heading(cairo_t *cr, const zp_pub *p, const zp_pub_catchment *c, int cont)
{
    const zp_pub_school *s = &p->schools[c->school];
    char line[600], year[32] = "";
    if (p->year)
        snprintf(year, sizeof year, "%d%s%s", p->year, zp_pub_word(p, "year_suffix"),
                 p->lang == ZP_LANG_EN ? " " : "");
    cairo_set_source_rgb(cr, 0, 0, 0);
    snprintf(line, sizeof line, "%s%s%s%s", s->name, p->lang == ZP_LANG_EN ? ": " : "", year,
             zp_pub_word(p, "notice"));
    if (cont)
        snprintf(line + strlen(line), sizeof line - strlen(line), "%s",
                 zp_pub_word(p, "continued"));
    zp_draw_text(cr, line, 16, 1, ZP_MARGIN, ZP_MARGIN - 6, 0, NULL, NULL);
    zp_draw_text(
        cr, zp_pub_word(p, c->level == ZP_PRIMARY ? "notice_grade_primary" : "notice_grade_junior"),
        11, 0, ZP_MARGIN, ZP_MARGIN + 20, 0, NULL, NULL);
}

/* Page k's names: COLUMNS columns of rows, in list order down each column. */
static void names(cairo_t *cr, const zp_pub *p, const zp_pub_catchment *c, const size_t *idx,
                  size_t n, int k)
{
    int rows = rows_per_column(k);
    size_t first =
        k == 0 ? 0
               : COLUMNS * (size_t)rows_per_column(0) + (size_t)(k - 1) * COLUMNS * (size_t)rows;
    double top = k == 0 ? LIST_TOP_FIRST : LIST_TOP_NEXT;
    double colw = (ZP_PAGE_W - 2 * ZP_MARGIN - (COLUMNS - 1) * COL_GAP) / COLUMNS;
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int col = 0; col < COLUMNS; col++)
        for (int r = 0; r < rows; r++) {
            size_t i = first + (size_t)col * (size_t)rows + (size_t)r;
            if (i >= n)
                return;
            zp_draw_text_fit(cr, p->blocks[c->members[idx[i]]].name, NAME_PT,
                             ZP_MARGIN + col * (colw + COL_GAP), top + r * ROW_H, colw, ROW_H, 0);
        }
}

int zp_pub_draw_notice(cairo_t *cr, const zp_pub *p, size_t ci, int k, int page, int pages,
                       zp_labeler *lb)
{
    const zp_pub_catchment *c = &p->catchments[ci];
    size_t *idx = malloc(sizeof *idx * (c->nmembers + 1));
    if (!idx)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t n = listed(p, c, idx);
    zp_pub_page_background(cr);
    heading(cr, p, c, k > 0);
    int rc = ZP_OK;
    if (k == 0) {
        rc = zp_pub_sheet_map(cr, p, ci, lb);
        cairo_set_source_rgb(cr, 0, 0, 0);
        zp_draw_text(cr, zp_pub_word(p, "notice_intro"), 10, 1, ZP_MARGIN, LIST_TOP_FIRST - 24, 0,
                     NULL, NULL);
    }
    names(cr, p, c, idx, n, k);
    zp_pub_footer(cr, p, page, pages, ZP_PAGE_W, ZP_PAGE_H);
    free(idx);
    return rc;
}
