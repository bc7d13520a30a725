/* Internal to the publish module: drawing on a cairo context in page points (1/72 inch),
 * whatever the surface (PDF, PNG, SVG), so the three formats are one drawing. */
#ifndef ZP_PUB_DRAW_H
#define ZP_PUB_DRAW_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "pub_internal.h"

#define ZP_PAGE_W 595.276 /* A4 portrait, points */
#define ZP_PAGE_H 841.890
#define ZP_FONT "Noto Sans CJK SC"

typedef struct zp_box {
    double x0, y0, x1, y1;
} zp_box;

/* A map frame on the page and the plane window it shows. */
typedef struct zp_view {
    zp_box frame;  /* page points */
    double wx, wy; /* plane coordinates of the frame's lower-left corner */
    double scale;  /* points per metre */
} zp_view;

/* Fit the plane box [x0,x1] x [y0,y1] (plus margin_frac on each side) centred in frame. */
void zp_view_fit(zp_view *v, zp_box frame, double x0, double y0, double x1, double y1,
                 double margin_frac);
void zp_view_point(const zp_view *v, double x, double y, double *px, double *py);

/* Placed labels and symbols, so nothing is drawn over what is already there. */
typedef struct zp_labeler {
    zp_box *box;
    size_t n, cap;
    zp_box bounds;  /* labels stay inside */
    size_t nlabels; /* boxes that are labels (the rest are symbols) */
} zp_labeler;
int zp_labeler_add(zp_labeler *lb, zp_box b);
/* Whether b is inside the bounds and overlaps no box placed so far. */
int zp_labeler_free_at(const zp_labeler *lb, zp_box b);
void zp_labeler_clear(zp_labeler *lb);

/* An RGB24 image surface as a PNG file (png.c). */
int zp_pub_write_png(cairo_surface_t *s, const char *path);
/* len bytes into the file at path, whole (png.c); ZP_EIO naming it. */
int zp_pub_put_bytes(const char *buf, size_t len, const char *path);

/* Geometry as a cairo path (polygons and their holes). */
void zp_draw_path(cairo_t *cr, const zp_pub *p, const zp_view *v, const GEOSGeometry *g);
/* A walking run's roads: the streets (when `streets`: a school's sheet, where they are
 * legible; at a whole district's scale they would be a grey veil over the colours) thin light
 * grey over the catchments' fills, under their boundaries; the bridges always, dark and wide,
 * so a reader sees where the walk crosses the water. */
void zp_draw_roads(cairo_t *cr, const zp_pub *p, const zp_view *v, int streets);
/* Parallel lines over the current clip (hatching). */
void zp_draw_hatch(cairo_t *cr, zp_box area, double spacing);
/* The current path hatched in red, clipped to it (blocks whose children have no place); the
 * caller saves and restores the context around it. */
void zp_draw_no_place(cairo_t *cr);
/* The legend's swatch of that hatching, 14 x 9 points from (x, y). */
void zp_draw_legend_hatch(cairo_t *cr, double x, double y);
/* A school symbol by type, radius r; ring colours mark its flags; closed: no places at
 * the level (grey, crossed). */
void zp_draw_school(cairo_t *cr, int type, double x, double y, double r, const char *flags,
                    int closed);
/* How far from its centre a school symbol of radius r reaches, flag rings included. */
double zp_school_half(const char *flags, double r);
/* Text with its top-left at (x, y); size in points; returns its size. halo: white outline. */
void zp_draw_text(cairo_t *cr, const char *text, double size, int bold, double x, double y,
                  int halo, double *w, double *h);
/* Text in a w x h cell at (x, y), vertically centred, left or right aligned, shrunk to fit
 * the width (never below half size: text is never cut). */
void zp_draw_text_fit(cairo_t *cr, const char *text, double size, double x, double y, double w,
                      double h, int right);
/* The same, bold when asked. */
void zp_draw_text_fit_bold(cairo_t *cr, const char *text, double size, int bold, double x, double y,
                           double w, double h, int right);
/* Text from (x, y) wrapped to lines of at most w points; returns its height. */
double zp_draw_text_wrap(cairo_t *cr, const char *text, double size, double x, double y, double w);
/* Size of a text without drawing it. */
void zp_text_size(cairo_t *cr, const char *text, double size, int bold, double *w, double *h);
/* School name labels around their symbols, avoiding lb's boxes; the ones that found no
 * place are counted in *unplaced. */
int zp_draw_school_labels(cairo_t *cr, const zp_pub *p, const zp_view *v, const int *schools,
                          size_t n, double size, double r, zp_labeler *lb, size_t *unplaced);
void zp_draw_scale_bar(cairo_t *cr, const zp_pub *p, const zp_view *v, double x, double y);
void zp_draw_north(cairo_t *cr, const zp_pub *p, double x, double y, double size);
/* The legend's entries in a column from (x, y); returns its height. */
double zp_draw_legend(cairo_t *cr, const zp_pub *p, double x, double y);

/* SVG drawn into memory: cairo's write function for a FILE * (an open_memstream), and the text
 * put out with cairo's surface numbers ("surface21184", a process-wide counter) renumbered from
 * 1 in order of appearance, so the bytes depend only on the drawing. */
cairo_status_t zp_pub_to_stream(void *closure, const unsigned char *data, unsigned int n);
void zp_pub_put_svg(FILE *out, const char *svg);

/* The chart of zoneplan/chart.h at the origin, CHART_W x CHART_H points (chart.c). */
#include "zoneplan/chart.h"
#define ZP_CHART_W 595.2
#define ZP_CHART_H 345.6
void zp_chart_draw(cairo_t *cr, const zp_chart_years *c);

#endif
