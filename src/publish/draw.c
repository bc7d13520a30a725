/* Drawing primitives of the maps: geometry paths, hatching, school symbols, text through
 * pango (so Chinese names shape and embed properly in PDF and SVG), label placement that
 * never lets two labels or a label and a symbol overlap, scale bar, north arrow, legend.
 * Everything is in page points; a PNG is the same drawing scaled to its resolution. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "draw.h"
#include "zoneplan/errors.h"

void zp_view_fit(zp_view *v, zp_box frame, double x0, double y0, double x1, double y1,
                 double margin_frac)
{
    double w = fmax(x1 - x0, 1.0), h = fmax(y1 - y0, 1.0);
    x0 -= w * margin_frac;
    y0 -= h * margin_frac;
    w *= 1 + 2 * margin_frac;
    h *= 1 + 2 * margin_frac;
    double fw = frame.x1 - frame.x0, fh = frame.y1 - frame.y0;
    v->frame = frame;
    v->scale = fmin(fw / w, fh / h);
    v->wx = x0 - (fw / v->scale - w) / 2; /* centre the data in the frame */
    v->wy = y0 - (fh / v->scale - h) / 2;
}

void zp_view_point(const zp_view *v, double x, double y, double *px, double *py)
{
    *px = v->frame.x0 + (x - v->wx) * v->scale;
    *py = v->frame.y1 - (y - v->wy) * v->scale;
}

int zp_labeler_add(zp_labeler *lb, zp_box b)
{
    if (zp_grow((void **)&lb->box, &lb->cap, lb->n + 1, sizeof *lb->box))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    lb->box[lb->n++] = b;
    return ZP_OK;
}

int zp_labeler_free_at(const zp_labeler *lb, zp_box b)
{
    if (b.x0 < lb->bounds.x0 || b.y0 < lb->bounds.y0 || b.x1 > lb->bounds.x1 ||
        b.y1 > lb->bounds.y1)
        return 0;
    for (size_t i = 0; i < lb->n; i++) /* labels and symbols of one map: tens, not blocks */
        if (b.x0 < lb->box[i].x1 && lb->box[i].x0 < b.x1 && b.y0 < lb->box[i].y1 &&
            lb->box[i].y0 < b.y1)
            return 0;
    return 1;
}

void zp_labeler_clear(zp_labeler *lb)
{
    free(lb->box);
    memset(lb, 0, sizeof *lb);
}

static void ring_path(cairo_t *cr, const zp_pub *p, const zp_view *v, const GEOSGeometry *ring)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(p->gctx, ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(p->gctx, cs, &n);
    for (unsigned i = 0; i < n; i++) {
        double x, y, px, py;
        GEOSCoordSeq_getXY_r(p->gctx, cs, i, &x, &y);
        zp_view_point(v, x, y, &px, &py);
        if (i == 0)
            cairo_move_to(cr, px, py);
        else
            cairo_line_to(cr, px, py);
    }
    cairo_close_path(cr);
}

void zp_draw_path(cairo_t *cr, const zp_pub *p, const zp_view *v, const GEOSGeometry *g)
{
    int type = GEOSGeomTypeId_r(p->gctx, g);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < GEOSGetNumGeometries_r(p->gctx, g); i++)
            zp_draw_path(cr, p, v, GEOSGetGeometryN_r(p->gctx, g, i));
        return;
    }
    if (type != GEOS_POLYGON || GEOSisEmpty_r(p->gctx, g))
        return;
    ring_path(cr, p, v, GEOSGetExteriorRing_r(p->gctx, g));
    for (int i = 0; i < GEOSGetNumInteriorRings_r(p->gctx, g); i++)
        ring_path(cr, p, v, GEOSGetInteriorRingN_r(p->gctx, g, i));
}

static void roads_pass(cairo_t *cr, const zp_pub *p, const zp_view *v, int bridges)
{
    const zp_pub_roads *r = &p->roads;
    for (size_t i = 0; i < r->n; i++) {
        if (r->bridge[i] != bridges)
            continue;
        for (size_t j = r->start[i]; j < r->start[i + 1]; j++) {
            double px, py;
            zp_view_point(v, r->x[j], r->y[j], &px, &py);
            if (j == r->start[i])
                cairo_move_to(cr, px, py);
            else
                cairo_line_to(cr, px, py);
        }
    }
    cairo_stroke(cr);
}

void zp_draw_roads(cairo_t *cr, const zp_pub *p, const zp_view *v, int streets)
{
    if (!p->roads.n)
        return;
    cairo_save(cr);
    cairo_rectangle(cr, v->frame.x0, v->frame.y0, v->frame.x1 - v->frame.x0,
                    v->frame.y1 - v->frame.y0);
    cairo_clip(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    if (streets) {
        cairo_set_source_rgba(cr, 0.45, 0.45, 0.45, 0.35);
        cairo_set_line_width(cr, 0.3);
        roads_pass(cr, p, v, 0);
    }
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 2.2);
    roads_pass(cr, p, v, 1);
    cairo_restore(cr);
}

void zp_draw_hatch(cairo_t *cr, zp_box a, double spacing)
{
    double h = a.y1 - a.y0;
    for (double x = a.x0 - h; x < a.x1; x += spacing) {
        cairo_move_to(cr, x, a.y1);
        cairo_line_to(cr, x + h, a.y0);
    }
    cairo_stroke(cr);
}

static int has_flag(const char *flags, const char *kind)
{
    size_t n = strlen(kind);
    for (const char *s = flags; s && (s = strstr(s, kind)); s += n)
        if ((s == flags || s[-1] == ';') && (s[n] == ';' || s[n] == '\0'))
            return 1;
    return 0;
}

/* Oversized school (school cap or capacity exceeded) and oversized classes. */
static void flag_rings(const char *flags, int *school, int *classes)
{
    *school = has_flag(flags, "school_cap") || has_flag(flags, "over_capacity");
    *classes = has_flag(flags, "class_size") || has_flag(flags, "large_class") ||
               has_flag(flags, "very_large_class") || has_flag(flags, "classrooms");
}

double zp_school_half(const char *flags, double r)
{
    int big_school, big_classes;
    flag_rings(flags, &big_school, &big_classes);
    /* outermost ring's radius plus half its line (see zp_draw_school) */
    return r * (big_classes ? (big_school ? 2.55 : 2.05) : big_school ? 1.95 : 1.45);
}

void zp_draw_school(cairo_t *cr, int type, double x, double y, double r, const char *flags,
                    int closed)
{
    int big_school, big_classes;
    flag_rings(flags, &big_school, &big_classes);
    cairo_save(cr);
    cairo_new_path(cr); /* an arc would otherwise join whatever path was current */
    if (big_classes) {
        cairo_set_source_rgb(cr, 0.96, 0.55, 0.0);
        cairo_arc(cr, x, y, r * (big_school ? 2.3 : 1.8), 0, 2 * M_PI);
        cairo_set_line_width(cr, r * 0.45);
        cairo_stroke(cr);
    }
    if (big_school) {
        cairo_set_source_rgb(cr, 0.85, 0.0, 0.0);
        cairo_arc(cr, x, y, r * 1.7, 0, 2 * M_PI);
        cairo_set_line_width(cr, r * 0.45);
        cairo_stroke(cr);
    }
    if (type == ZP_TYPE_PRIMARY)
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
    else if (type == ZP_TYPE_JUNIOR)
        cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
    else {
        cairo_move_to(cr, x, y - r * 1.25);
        cairo_line_to(cr, x + r * 1.25, y);
        cairo_line_to(cr, x, y + r * 1.25);
        cairo_line_to(cr, x - r * 1.25, y);
        cairo_close_path(cr);
    }
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    double ink = closed ? 0.55 : 0.1; /* a school with no places at the level: grey, crossed */
    cairo_set_source_rgb(cr, ink, ink, ink);
    cairo_set_line_width(cr, r * 0.35);
    cairo_stroke(cr);
    if (closed) {
        cairo_move_to(cr, x - r * 0.6, y - r * 0.6);
        cairo_line_to(cr, x + r * 0.6, y + r * 0.6);
        cairo_move_to(cr, x + r * 0.6, y - r * 0.6);
        cairo_line_to(cr, x - r * 0.6, y + r * 0.6);
        cairo_stroke(cr);
    } else {
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r * 0.35, 0, 2 * M_PI);
        cairo_fill(cr);
    }
    cairo_restore(cr);
}

static PangoLayout *text_layout(cairo_t *cr, const char *text, double size, int bold)
{
    PangoLayout *layout = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(ZP_FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(layout, text, -1);
    return layout;
}

/* The logical size of a layout, points. */
static void layout_size(PangoLayout *layout, double *w, double *h)
{
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
}

void zp_draw_text_fit_bold(cairo_t *cr, const char *text, double size, int bold, double x, double y,
                           double w, double h, int right)
{
    PangoLayout *layout = text_layout(cr, text, size, bold);
    double tw, th;
    layout_size(layout, &tw, &th);
    if (tw > w) { /* shrink, never below half size, rather than cut the text */
        double fit = fmax(size / 2, size * w / tw);
        PangoFontDescription *fd = pango_font_description_from_string(ZP_FONT);
        pango_font_description_set_absolute_size(fd, fit * PANGO_SCALE);
        pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_layout_set_font_description(layout, fd);
        pango_font_description_free(fd);
        layout_size(layout, &tw, &th);
    }
    cairo_move_to(cr, right ? x + w - tw : x, y + (h - th) / 2);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
}

void zp_draw_text_fit(cairo_t *cr, const char *text, double size, double x, double y, double w,
                      double h, int right)
{
    zp_draw_text_fit_bold(cr, text, size, 0, x, y, w, h, right);
}

double zp_draw_text_wrap(cairo_t *cr, const char *text, double size, double x, double y, double w)
{
    PangoLayout *layout = text_layout(cr, text, size, 0);
    pango_layout_set_width(layout, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    double tw, th;
    layout_size(layout, &tw, &th);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
    return th;
}

void zp_text_size(cairo_t *cr, const char *text, double size, int bold, double *w, double *h)
{
    PangoLayout *layout = text_layout(cr, text, size, bold);
    layout_size(layout, w, h);
    g_object_unref(layout);
}

/* A laid-out text with its top-left at (x, y); halo: a white outline under it. */
static void show_layout(cairo_t *cr, PangoLayout *layout, double size, double x, double y, int halo)
{
    cairo_save(cr);
    cairo_move_to(cr, x, y);
    if (halo) { /* a white outline keeps names readable over any fill */
        pango_cairo_layout_path(cr, layout);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, size * 0.28);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_move_to(cr, x, y);
        cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
    }
    pango_cairo_show_layout(cr, layout);
    cairo_restore(cr);
}

void zp_draw_text(cairo_t *cr, const char *text, double size, int bold, double x, double y,
                  int halo, double *w, double *h)
{
    PangoLayout *layout = text_layout(cr, text, size, bold);
    show_layout(cr, layout, size, x, y, halo);
    double lw, lh;
    layout_size(layout, &lw, &lh);
    if (w)
        *w = lw;
    if (h)
        *h = lh;
    g_object_unref(layout);
}

/* Candidate spots for a label of w x h beside a symbol at (x, y) of radius r reaching out to
 * half: right, left, above, below, then the corners, then the same farther out. */
static zp_box candidate(int k, double x, double y, double r, double half, double w, double h)
{
    double d = half + r * (k < 8 ? 0.3 : 2.5);
    static const double dx[8] = {1, -1, 0, 0, 1, 1, -1, -1}, dy[8] = {0, 0, -1, 1, -1, 1, -1, 1};
    double cx = dx[k % 8], cy = dy[k % 8];
    double x0 = cx > 0 ? x + d : cx < 0 ? x - d - w : x - w / 2;
    double y0 = cy > 0 ? y + d : cy < 0 ? y - d - h : y - h / 2;
    return (zp_box){x0, y0, x0 + w, y0 + h};
}

int zp_draw_school_labels(cairo_t *cr, const zp_pub *p, const zp_view *v, const int *schools,
                          size_t n, double size, double r, zp_labeler *lb, size_t *unplaced)
{
    int rc = ZP_OK;
    *unplaced = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        const zp_pub_school *s = &p->schools[schools[i]];
        double x, y, w, h;
        zp_view_point(v, s->x, s->y, &x, &y);
        char label[600]; /* a closed school's name says so: 城关第九小学（停办） */
        snprintf(label, sizeof label, "%s%s", s->name,
                 s->closed ? zp_pub_word(p, "closed_mark") : "");
        PangoLayout *layout = text_layout(cr, label, size, 0); /* measured and drawn once */
        layout_size(layout, &w, &h);
        int placed = 0;
        for (int k = 0; k < 16 && !placed; k++) {
            zp_box b = candidate(k, x, y, r, zp_school_half(s->flags, r), w, h);
            if (zp_labeler_free_at(lb, b)) {
                show_layout(cr, layout, size, b.x0, b.y0, 1);
                rc = zp_labeler_add(lb, b);
                lb->nlabels++;
                placed = 1;
            }
        }
        g_object_unref(layout);
        *unplaced += !placed;
    }
    return rc;
}

/* 1, 2 or 5 times a power of ten, at most m. */
static double nice_length(double m)
{
    double e = pow(10, floor(log10(m))), f = m / e;
    return (f >= 5 ? 5 : f >= 2 ? 2 : 1) * e;
}

void zp_draw_scale_bar(cairo_t *cr, const zp_pub *p, const zp_view *v, double x, double y)
{
    double len = nice_length((v->frame.x1 - v->frame.x0) / v->scale / 5);
    double w = len * v->scale, h = 4;
    cairo_save(cr);
    cairo_set_line_width(cr, 0.6);
    for (int i = 0; i < 4; i++) {
        cairo_rectangle(cr, x + w * i / 4, y, w / 4, h);
        cairo_set_source_rgb(cr, (i % 2) ? 1 : 0.1, (i % 2) ? 1 : 0.1, (i % 2) ? 1 : 0.1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_stroke(cr);
    }
    char text[64];
    if (len >= 1000)
        snprintf(text, sizeof text, "%g %s", len / 1000, zp_pub_word(p, "km"));
    else
        snprintf(text, sizeof text, "%g %s", len, zp_pub_word(p, "metres"));
    zp_draw_text(cr, "0", 6.5, 0, x - 2, y + h + 1, 0, NULL, NULL);
    double tw, th;
    zp_text_size(cr, text, 6.5, 0, &tw, &th);
    zp_draw_text(cr, text, 6.5, 0, x + w - tw / 2, y + h + 1, 0, NULL, NULL);
    cairo_restore(cr);
}

void zp_draw_north(cairo_t *cr, const zp_pub *p, double x, double y, double size)
{
    /* the plane is a transverse Mercator centred on the district: grid north is true north
     * at the centre and within a fraction of a degree across a county */
    cairo_save(cr);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + size * 0.35, y + size);
    cairo_line_to(cr, x, y + size * 0.75);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_fill(cr);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x - size * 0.35, y + size);
    cairo_line_to(cr, x, y + size * 0.75);
    cairo_close_path(cr);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    double w, h;
    const char *n = zp_pub_word(p, "north");
    zp_text_size(cr, n, size * 0.45, 1, &w, &h);
    zp_draw_text(cr, n, size * 0.45, 1, x - w / 2, y - h, 0, NULL, NULL);
    cairo_restore(cr);
}

void zp_draw_no_place(cairo_t *cr)
{
    double x0, y0, x1, y1;
    cairo_path_extents(cr, &x0, &y0, &x1, &y1);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 0.75, 0.0, 0.0);
    cairo_set_line_width(cr, 0.6);
    zp_draw_hatch(cr, (zp_box){x0, y0, x1, y1}, 2.5);
}

void zp_draw_legend_hatch(cairo_t *cr, double x, double y)
{
    cairo_save(cr);
    cairo_rectangle(cr, x, y, 14, 9);
    cairo_clip_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.75, 0.0, 0.0);
    cairo_set_line_width(cr, 0.7);
    zp_draw_hatch(cr, (zp_box){x, y, x + 14, y + 9}, 3);
    cairo_restore(cr);
}

double zp_draw_legend(cairo_t *cr, const zp_pub *p, double x, double y)
{
    static const char *keys[] = {"school_primary", "school_junior",   "school_nine_year",
                                 "no_places",      "flag_school_cap", "flag_class_size",
                                 "shortfall",      "boundary",        "bridge"};
    enum { NKEYS = sizeof keys / sizeof keys[0] };
    zp_draw_text(cr, zp_pub_word(p, "legend"), 8, 1, x, y, 0, NULL, NULL);
    double row = 11.5, top = y + 13;
    int shown = 0;
    for (int i = 0; i < NKEYS; i++) {
        if (p->public_notice && (i == 4 || i == 5 || i == 6))
            continue; /* flags and shortfall are the bureau's, not the notice's */
        if (i == 8 && !p->roads.n)
            continue; /* bridges: a walking run's maps only */
        double cy = top + row * shown++ + 4.5;
        if (i < 4) /* the three types, then a school with no places */
            zp_draw_school(cr,
                           i == 1   ? ZP_TYPE_JUNIOR
                           : i == 2 ? ZP_TYPE_NINE_YEAR
                                    : ZP_TYPE_PRIMARY,
                           x + 7, cy, 3, "", i == 3);
        else if (i < 6)
            zp_draw_school(cr, ZP_TYPE_PRIMARY, x + 7, cy, 2.2,
                           i == 4 ? "school_cap" : "class_size", 0);
        else if (i == 6)
            zp_draw_legend_hatch(cr, x, cy - 4.5);
        else { /* the boundary, or a bridge as the maps draw it */
            cairo_save(cr);
            cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
            cairo_set_line_width(cr, i == 8 ? 2.2 : 1.0);
            cairo_move_to(cr, x + (i == 8 ? 4 : 0), cy);
            cairo_line_to(cr, x + (i == 8 ? 10 : 14), cy);
            cairo_stroke(cr);
            cairo_restore(cr);
        }
        zp_draw_text(cr, zp_pub_word(p, keys[i]), 7, 0, x + 20, cy - 5, 0, NULL, NULL);
    }
    return 13 + row * shown;
}
