/* The years chart of issue 17 (include/zoneplan/chart.h): one level's projected demand against
 * its places, year by year, for report.md and the booklet's planning pages. The central
 * projection is a dark line with a dot per year over a light band from the low to the high
 * variant; the places a step line (places change when a school year starts), today's places,
 * when given, a dashed one. The y axis starts at 0 with round steps, so the gap between demand
 * and places reads at its true size. Drawn once in page points with cairo and pango (Chinese
 * titles and labels shape as on the maps), onto a 150 dpi image for the PNG and onto an SVG
 * surface; the same numbers give the same bytes in both. */
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sys.h"
#include "core/util.h"
#include "draw.h"
#include "zoneplan/chart.h"
#include "zoneplan/errors.h"

#define CHART_W ZP_CHART_W /* points: 1240 x 720 px at 150 dpi */
#define CHART_H ZP_CHART_H
#define CHART_DPI 150.0
#define MARGIN 14.0
#define TITLE_PT 12.5
#define LABEL_PT 8.0
#define TICK_PT 7.5
#define LINE_W 1.8

/* Colours as 0xRRGGBB; tests/test_chart.c looks for DEMAND, PLACES and AXIS in the PNG. */
#define DEMAND 0x1f4e9a
#define PLACES 0xd95f02
#define BAND 0x6baed6 /* at BAND_ALPHA */
#define BAND_ALPHA 0.35
#define TODAY 0x787878
#define GRID 0xe1e1e1
#define AXIS 0x6e6e6e
#define INK 0x282828
#define MUTED 0x5f5f5f

/* Where the years and the counts fall on the page. */
typedef struct geom {
    zp_box plot;       /* the plot area, points */
    double ymax, step; /* the y axis' top and its tick step, children */
    double slot;       /* points per year */
    double title_h;    /* the title's line, points */
    int n;
} geom;

/* The legend's rows: the swatch kind and its words. */
enum { SW_DEMAND, SW_BAND, SW_PLACES, SW_TODAY };
typedef struct entry {
    int kind;
    const char *label;
} entry;

static const char *str(const char *s)
{
    return s ? s : "";
}

static void set_rgba(cairo_t *cr, unsigned c, double a)
{
    cairo_set_source_rgba(cr, (c >> 16) / 255.0, (c >> 8 & 0xff) / 255.0, (c & 0xff) / 255.0, a);
}

static void set_rgb(cairo_t *cr, unsigned c)
{
    set_rgba(cr, c, 1);
}

/* Page x of year i's centre (fractional i between years), page y of a count. */
static double gx(const geom *g, double i)
{
    return g->plot.x0 + (i + 0.5) * g->slot;
}

static double gy(const geom *g, double v)
{
    return g->plot.y1 - v / g->ymax * (g->plot.y1 - g->plot.y0);
}

/* A y on a device pixel's centre, so thin horizontal rules stay crisp in the PNG. */
static double snap(cairo_t *cr, double y)
{
    double x = 0;
    cairo_user_to_device(cr, &x, &y);
    y = floor(y) + 0.5;
    cairo_device_to_user(cr, &x, &y);
    return y;
}

/* ---- input ------------------------------------------------------------------------------- */

static int check_series(const zp_chart_years *c, const double *v, const char *what)
{
    if (!v)
        return zp_error_set(ZP_EINPUT, "chart: no %s figures", what);
    for (int i = 0; i < c->nyears; i++)
        if (!isfinite(v[i]) || v[i] < 0)
            return zp_error_set(ZP_EINPUT, "chart: %s of %d is %g, not a count", what,
                                c->first_year + i, v[i]);
    return ZP_OK;
}

static int check_input(const zp_chart_years *c)
{
    if (!c)
        return zp_error_set(ZP_EINPUT, "chart: no chart");
    if (c->nyears < 1)
        return zp_error_set(ZP_EINPUT, "chart: %d years (at least 1)", c->nyears);
    const double *v[5] = {c->low, c->central, c->high, c->places, c->today};
    static const char *what[5] = {"low variant", "central projection", "high variant", "places",
                                  "today's places"};
    int rc = ZP_OK;
    for (int k = 0; !rc && k < 5; k++)
        if (k < 4 || v[k]) /* today's are optional */
            rc = check_series(c, v[k], what[k]);
    return rc;
}

/* ---- axes -------------------------------------------------------------------------------- */

/* The smallest step of 1, 2 or 5 x 10^k that covers top in at most 7 intervals. */
static double nice_step(double top)
{
    static const double m[3] = {1, 2, 5};
    for (double p = 1;; p *= 10)
        for (int k = 0; k < 3; k++)
            if (ceil(top / (m[k] * p)) <= 7)
                return m[k] * p;
}

static double series_max(const zp_chart_years *c)
{
    double top = 0;
    for (int i = 0; i < c->nyears; i++) {
        top = fmax(top, fmax(fmax(c->low[i], c->central[i]), fmax(c->high[i], c->places[i])));
        if (c->today)
            top = fmax(top, c->today[i]);
    }
    return top;
}

/* The y scale from the figures, then the plot area from the words around it. */
static void layout(cairo_t *cr, const zp_chart_years *c, geom *g)
{
    double top = series_max(c) * 1.04; /* headroom over the highest figure */
    g->n = c->nyears;
    g->step = nice_step(top);
    g->ymax = g->step * fmax(1, ceil(top / g->step));
    double lw = 0, w, h, yh, xh;
    char buf[32];
    for (int k = 0; k <= (int)llround(g->ymax / g->step); k++) {
        zp_format_thousands(buf, sizeof buf, llround(k * g->step), 0);
        zp_text_size(cr, buf, TICK_PT, 0, &w, &h);
        lw = fmax(lw, w);
    }
    zp_text_size(cr, str(c->title), TITLE_PT, 1, &w, &g->title_h);
    zp_text_size(cr, str(c->y_label), LABEL_PT, 0, &w, &yh);
    zp_text_size(cr, "2026", TICK_PT, 0, &w, &xh);
    g->plot.x0 = MARGIN + lw + 6;
    g->plot.x1 = CHART_W - MARGIN - 2;
    g->plot.y0 = MARGIN - 2 + g->title_h + 2 + yh + 10;
    g->plot.y1 = CHART_H - MARGIN + 4 - xh - 6;
    g->slot = (g->plot.x1 - g->plot.x0) / g->n;
}

static void draw_titles(cairo_t *cr, const zp_chart_years *c, const geom *g)
{
    double top = MARGIN - 2, w = CHART_W - 2 * MARGIN;
    set_rgb(cr, INK);
    zp_draw_text_fit_bold(cr, str(c->title), TITLE_PT, 1, MARGIN, top, w, g->title_h, 0);
    set_rgb(cr, MUTED);
    zp_draw_text(cr, str(c->y_label), LABEL_PT, 0, MARGIN, top + g->title_h + 2, 0, NULL, NULL);
}

/* Grid lines at every step above 0, their counts right-aligned left of the plot. */
static void draw_y_axis(cairo_t *cr, const geom *g)
{
    char buf[32];
    int nt = (int)llround(g->ymax / g->step);
    cairo_set_line_width(cr, 0.5);
    for (int k = 0; k <= nt; k++) {
        double y = gy(g, k * g->step);
        if (k > 0) {
            double ys = snap(cr, y);
            set_rgb(cr, GRID);
            cairo_move_to(cr, g->plot.x0, ys);
            cairo_line_to(cr, g->plot.x1, ys);
            cairo_stroke(cr);
        }
        set_rgb(cr, MUTED);
        zp_format_thousands(buf, sizeof buf, llround(k * g->step), 0);
        zp_draw_text_fit(cr, buf, TICK_PT, MARGIN, y - 6, g->plot.x0 - 6 - MARGIN, 12, 1);
    }
}

/* The base line, a tick per year, a label per year (every other, or sparser, when they would
 * crowd). */
static void draw_x_axis(cairo_t *cr, const zp_chart_years *c, const geom *g)
{
    double w, h, yb = snap(cr, g->plot.y1);
    zp_text_size(cr, "0000", TICK_PT, 0, &w, &h);
    int every = g->n > 12 ? 2 : 1;
    while (every * g->slot < w * 1.4)
        every++;
    set_rgb(cr, AXIS);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, g->plot.x0, yb);
    cairo_line_to(cr, g->plot.x1, yb);
    cairo_stroke(cr);
    for (int i = 0; i < g->n; i++) {
        cairo_move_to(cr, gx(g, i), yb);
        cairo_line_to(cr, gx(g, i), yb + 3);
        cairo_stroke(cr);
        if (i % every)
            continue;
        char year[16];
        snprintf(year, sizeof year, "%d", c->first_year + i);
        zp_text_size(cr, year, TICK_PT, 0, &w, &h);
        set_rgb(cr, MUTED);
        zp_draw_text(cr, year, TICK_PT, 0, gx(g, i) - w / 2, g->plot.y1 + 4, 0, NULL, NULL);
        set_rgb(cr, AXIS);
    }
}

/* ---- series ------------------------------------------------------------------------------ */

/* Low to high: through the years' centres, or a bar on the one year. */
static void draw_band(cairo_t *cr, const zp_chart_years *c, const geom *g)
{
    cairo_new_path(cr); /* pango leaves a current point behind */
    if (g->n == 1) {
        double x = gx(g, 0) - g->slot * 0.2;
        cairo_rectangle(cr, x, gy(g, c->high[0]), g->slot * 0.4,
                        gy(g, c->low[0]) - gy(g, c->high[0]));
    } else {
        for (int i = 0; i < g->n; i++)
            cairo_line_to(cr, gx(g, i), gy(g, c->high[i]));
        for (int i = g->n - 1; i >= 0; i--)
            cairo_line_to(cr, gx(g, i), gy(g, c->low[i]));
        cairo_close_path(cr);
    }
    set_rgba(cr, BAND, BAND_ALPHA);
    cairo_fill(cr);
}

/* The pen of a line and of its legend swatch: colour, width, dashes. */
static void pen(cairo_t *cr, int kind)
{
    static const double dash[2] = {4, 2.5};
    set_rgb(cr, kind == SW_DEMAND ? DEMAND : kind == SW_PLACES ? PLACES : TODAY);
    cairo_set_line_width(cr, kind == SW_TODAY ? 1.3 : LINE_W);
    cairo_set_dash(cr, dash, kind == SW_TODAY ? 2 : 0, 0);
}

static void draw_demand(cairo_t *cr, const double *v, const geom *g)
{
    pen(cr, SW_DEMAND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_new_path(cr);
    for (int i = 0; i < g->n; i++)
        cairo_line_to(cr, gx(g, i), gy(g, v[i]));
    cairo_stroke(cr);
    for (int i = 0; i < g->n; i++) {
        cairo_arc(cr, gx(g, i), gy(g, v[i]), 2.4, 0, 2 * M_PI);
        cairo_fill(cr);
    }
}

/* A level across each year's whole slot, the jumps on the boundaries between years. */
static void draw_step(cairo_t *cr, const double *v, const geom *g, int kind)
{
    cairo_save(cr);
    pen(cr, kind);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_move_to(cr, g->plot.x0, gy(g, v[0]));
    for (int i = 0; i < g->n; i++) {
        double x = g->plot.x0 + i * g->slot;
        cairo_line_to(cr, x, gy(g, v[i]));
        cairo_line_to(cr, x + g->slot, gy(g, v[i]));
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* ---- legend ------------------------------------------------------------------------------ */

#define PAD 6.0
#define SWATCH 20.0
#define ROW_GAP 1.5

/* Figure at fractional year t, linear between the years' centres. */
static double at(const double *v, int n, double t)
{
    if (t <= 0 || n == 1)
        return v[0];
    if (t >= n - 1)
        return v[n - 1];
    int i = (int)floor(t);
    return v[i] + (v[i + 1] - v[i]) * (t - i);
}

static int meets(double ya, double yb, zp_box b)
{
    return fmax(ya, yb) >= b.y0 - 4 && fmin(ya, yb) <= b.y1 + 4;
}

/* How much of the data a legend at b would cover: points of it, sampled each point of x. */
static int legend_hits(const zp_chart_years *c, const geom *g, zp_box b)
{
    int hits = 0, n = g->n;
    for (double x = b.x0 - 4; x <= b.x1 + 4; x += 1) {
        double t = (x - g->plot.x0) / g->slot - 0.5;
        int s = (int)floor(t + 0.5);
        s = s < 0 ? 0 : s >= n ? n - 1 : s;
        double mid = gy(g, at(c->central, n, t));
        hits += meets(gy(g, at(c->low, n, t)), gy(g, at(c->high, n, t)), b);
        hits += meets(mid, mid, b) + meets(gy(g, c->places[s]), gy(g, c->places[s]), b);
        if (c->today)
            hits += meets(gy(g, c->today[s]), gy(g, c->today[s]), b);
    }
    return hits;
}

/* Bottom right, top left, bottom left, top right: the first that covers nothing, else the one
 * that covers least (its white ground keeps it legible). */
static zp_box legend_place(const zp_chart_years *c, const geom *g, double w, double h)
{
    static const int order[4][2] = {{1, 1}, {0, 0}, {0, 1}, {1, 0}}; /* {right, bottom} */
    zp_box best = {0};
    int least = -1;
    for (int k = 0; k < 4 && least != 0; k++) {
        double x = order[k][0] ? g->plot.x1 - 8 - w : g->plot.x0 + 8;
        double y = order[k][1] ? g->plot.y1 - 8 - h : g->plot.y0 + 8;
        zp_box b = {x, y, x + w, y + h};
        int hits = legend_hits(c, g, b);
        if (least < 0 || hits < least) {
            least = hits;
            best = b;
        }
    }
    return best;
}

static void draw_swatch(cairo_t *cr, int kind, double x, double cy)
{
    cairo_save(cr);
    if (kind == SW_BAND) {
        cairo_rectangle(cr, x, cy - 4.5, SWATCH, 9);
        set_rgba(cr, BAND, BAND_ALPHA);
        cairo_fill(cr);
    } else {
        pen(cr, kind);
        cairo_move_to(cr, x, cy);
        cairo_line_to(cr, x + SWATCH, cy);
        cairo_stroke(cr);
        if (kind == SW_DEMAND) {
            cairo_arc(cr, x + SWATCH / 2, cy, 2.4, 0, 2 * M_PI);
            cairo_fill(cr);
        }
    }
    cairo_restore(cr);
}

static void draw_legend(cairo_t *cr, const zp_chart_years *c, const geom *g)
{
    const entry all[4] = {{SW_DEMAND, c->demand_label},
                          {SW_BAND, c->band_label},
                          {SW_PLACES, c->places_label},
                          {SW_TODAY, c->today ? c->today_label : NULL}};
    entry e[4];
    int n = 0;
    for (int k = 0; k < 4; k++)
        if (all[k].label && *all[k].label) /* no words, no row */
            e[n++] = all[k];
    double tw = 0, rowh = 0, w, h;
    for (int k = 0; k < n; k++) {
        zp_text_size(cr, e[k].label, LABEL_PT, 0, &w, &h);
        tw = fmax(tw, w);
        rowh = fmax(rowh, h);
    }
    if (!n)
        return;
    zp_box b =
        legend_place(c, g, PAD + SWATCH + 5 + tw + PAD, 2 * PAD + n * rowh + (n - 1) * ROW_GAP);
    cairo_rectangle(cr, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.92);
    cairo_fill_preserve(cr);
    set_rgb(cr, GRID);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    for (int k = 0; k < n; k++) {
        double y = b.y0 + PAD + k * (rowh + ROW_GAP);
        draw_swatch(cr, e[k].kind, b.x0 + PAD, y + rowh / 2);
        set_rgb(cr, INK);
        zp_draw_text(cr, e[k].label, LABEL_PT, 0, b.x0 + PAD + SWATCH + 5, y, 0, NULL, NULL);
    }
}

/* The whole chart in points on any surface: white ground, axes, band, lines, legend. */
void zp_chart_draw(cairo_t *cr, const zp_chart_years *c)
{
    geom g;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    layout(cr, c, &g);
    draw_titles(cr, c, &g);
    draw_y_axis(cr, &g);
    draw_band(cr, c, &g);
    draw_x_axis(cr, c, &g);
    if (c->today)
        draw_step(cr, c->today, &g, SW_TODAY);
    draw_step(cr, c->places, &g, SW_PLACES);
    draw_demand(cr, c->central, &g);
    draw_legend(cr, c, &g);
}

/* ---- files ------------------------------------------------------------------------------- */

static int write_png(const zp_chart_years *c, const char *path)
{
    int w = (int)lround(CHART_W * CHART_DPI / 72), h = (int)lround(CHART_H * CHART_DPI / 72);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, CHART_DPI / 72, CHART_DPI / 72);
    zp_chart_draw(cr, c);
    cairo_destroy(cr);
    int rc = zp_pub_write_png(s, path);
    cairo_surface_destroy(s);
    return rc;
}

/* The SVG renumbered (zp_pub_put_svg) into memory, then into the file. */
static int put_svg(const char *svg, const char *path)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    zp_pub_put_svg(mem, svg);
    int rc = fclose(mem) == 0 ? zp_pub_put_bytes(buf, len, path)
                              : zp_error_set(ZP_ENOMEM, "out of memory");
    free(buf);
    return rc;
}

/* Drawn into memory first (SVG 1.1, sizes in points whatever cairo's default), renumbered on
 * the way to the file. */
static int write_svg(const zp_chart_years *c, const char *path)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    cairo_surface_t *s =
        cairo_svg_surface_create_for_stream(zp_pub_to_stream, mem, CHART_W, CHART_H);
    cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
    cairo_t *cr = cairo_create(s);
    zp_chart_draw(cr, c);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    int shut = fclose(mem);
    int rc = st != CAIRO_STATUS_SUCCESS
                 ? zp_error_set(ZP_EIO, "%s: cannot write: %s", path, cairo_status_to_string(st))
             : shut != 0 || !buf ? zp_error_set(ZP_ENOMEM, "out of memory")
                                 : put_svg(buf, path);
    free(buf);
    return rc;
}

int zp_chart_years_write(const zp_chart_years *c, const char *png_path, const char *svg_path)
{
    int rc = check_input(c);
    if (!rc && png_path)
        rc = write_png(c, png_path);
    if (!rc && svg_path)
        rc = write_svg(c, svg_path);
    return rc;
}
