/* The planning pages of `zoneplan plan` (plan.pdf): per level, on an A4 page, the chart of
 * demand against places, the year table under it and the schedule's lines: what a bureau
 * files with its places plan (学位建设专项规划). The caller owns every word; this file lays
 * them out with the maps' font. */
#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "zoneplan/errors.h"

#define MARGIN 40.0
#define TABLE_TOP (ZP_CHART_H + 12)
#define TABLE_PT 8.0
#define NOTE_PT 9.0

static void table(cairo_t *cr, const zp_chart_page *pg, double *bottom)
{
    double w = (ZP_PAGE_W - 2 * MARGIN) / pg->ncols, rowh = 15.0;
    if (pg->nrows * rowh > ZP_PAGE_H - TABLE_TOP - 160) /* long horizons: rows closer */
        rowh = (ZP_PAGE_H - TABLE_TOP - 160) / pg->nrows;
    for (int r = 0; r < pg->nrows; r++) {
        double y = TABLE_TOP + r * rowh;
        if (r == 0 || r % 2 == 0) {
            cairo_set_source_rgb(cr, r == 0 ? 0.90 : 0.97, r == 0 ? 0.92 : 0.97,
                                 r == 0 ? 0.95 : 0.97);
            cairo_rectangle(cr, MARGIN, y, ZP_PAGE_W - 2 * MARGIN, rowh);
            cairo_fill(cr);
        }
        cairo_set_source_rgb(cr, 0.13, 0.13, 0.13);
        for (int c = 0; c < pg->ncols; c++)
            zp_draw_text_fit_bold(cr, pg->cells[r * pg->ncols + c], TABLE_PT, r == 0,
                                  MARGIN + c * w + 3, y, w - 6, rowh, c > 0);
    }
    *bottom = TABLE_TOP + pg->nrows * rowh;
}

static void page(cairo_t *cr, const zp_chart_page *pg)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    zp_chart_draw(cr, &pg->chart);
    double y;
    table(cr, pg, &y);
    y += 12;
    cairo_set_source_rgb(cr, 0.13, 0.13, 0.13);
    const char *const *n = pg->notes;
    for (; n && *n && y < ZP_PAGE_H - MARGIN - 2 * NOTE_PT; n++)
        y += zp_draw_text_wrap(cr, *n, NOTE_PT, MARGIN, y, ZP_PAGE_W - 2 * MARGIN) + 3;
    int more = 0;
    while (n && n[more])
        more++;
    if (more) { /* never dropped silently: the report has them all */
        char line[32];
        snprintf(line, sizeof line, "… (+%d)", more);
        zp_draw_text_wrap(cr, line, NOTE_PT, MARGIN, y, ZP_PAGE_W - 2 * MARGIN);
    }
}

int zp_chart_pages_pdf(const zp_chart_page *pages, size_t n, const char *title, const char *path)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(zp_pub_to_stream, mem, ZP_PAGE_W, ZP_PAGE_H);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "zoneplan");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
    cairo_t *cr = cairo_create(s);
    for (size_t i = 0; i < n; i++) {
        page(cr, &pages[i]);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    int bad = fclose(mem) != 0 || !ok;
    int rc = bad ? zp_error_set(ZP_EIO, "%s: cannot draw the pages", path)
                 : zp_pub_put_bytes(buf, len, path);
    free(buf);
    return rc;
}
