/* A chart of one level's demand against its places over the years (issue 17): the central
 * projection as a line, the low and high variants as a shaded band around it, and the places
 * as a step line (with the schedule's openings and closings; optionally today's places
 * without them, dashed). Drawn with cairo like the maps (src/publish/chart.c), into a PNG and
 * an SVG, for report.md and the booklet's planning pages. Plain numbers in: the caller owns
 * every word, so the chart speaks the run's language. */
#ifndef ZONEPLAN_CHART_H
#define ZONEPLAN_CHART_H

#include <stddef.h>

typedef struct zp_chart_years {
    const char *title;                  /* "小学：学位需求与学位供给 2026–2035" */
    const char *y_label;                /* "children / places" */
    const char *demand_label;           /* legend: central projection */
    const char *band_label;             /* legend: low to high variants */
    const char *places_label;           /* legend: places with the schedule */
    const char *today_label;            /* legend: places without it (when today is not NULL) */
    int first_year;                     /* the x axis: first_year .. first_year + nyears - 1 */
    int nyears;                         /* >= 1 */
    const double *low, *central, *high; /* children per year, nyears each */
    const double *places;               /* places per year, nyears */
    const double *today;                /* places per year without the schedule, or NULL */
} zp_chart_years;

/* Writes the chart to png_path (150 dpi, 1240 x 720 px) and svg_path (either may be NULL).
 * Same numbers, same bytes. Errors: ZP_EIO naming the file. */
int zp_chart_years_write(const zp_chart_years *c, const char *png_path, const char *svg_path);

/* A planning page (A4 portrait): the chart, a table under it (ncols x nrows strings, row by
 * row, the first row its header) and lines of notes under that (the schedule). */
typedef struct zp_chart_page {
    zp_chart_years chart;
    const char *const *cells;
    int nrows, ncols;
    const char *const *notes; /* NULL-terminated, or NULL */
} zp_chart_page;

/* The pages as one PDF (title in its metadata; no creation date: same pages, same bytes).
 * Errors: ZP_EIO naming the file. */
int zp_chart_pages_pdf(const zp_chart_page *pages, size_t n, const char *title, const char *path);

#endif
