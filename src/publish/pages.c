/* The pages: an overview map per level (every catchment in its colour, school symbols and
 * names, flags, legend, scale bar, north arrow, the scenario's title) and a sheet per
 * school and level (the catchment among its neighbours, the school's figures and flags, and
 * the communities it admits from in pinyin order, flowing onto further pages when long).
 * Each page is drawn in points on any cairo context: publish.c picks the surfaces. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "pages.h"
#include "zoneplan/errors.h"

#define MARGIN ZP_MARGIN

void zp_pub_page_background(cairo_t *cr)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
}

/* Whether g's extent reaches into the view's frame: a sheet shows a few catchments of
 * hundreds, and drawing the rest only to clip them away made big districts slow. */
static int in_view(const zp_pub *p, const zp_view *v, const GEOSGeometry *g)
{
    double x0, y0, x1, y1;
    if (GEOSisEmpty_r(p->gctx, g) || !GEOSGeom_getExtent_r(p->gctx, g, &x0, &y0, &x1, &y1))
        return 0;
    double fx0 = v->wx, fy0 = v->wy, fx1 = v->wx + (v->frame.x1 - v->frame.x0) / v->scale,
           fy1 = v->wy + (v->frame.y1 - v->frame.y0) / v->scale;
    return x0 <= fx1 && x1 >= fx0 && y0 <= fy1 && y1 >= fy0;
}

/* Blocks of the level whose children have no place, hatched in red. */
static void hatch_shortfall(cairo_t *cr, const zp_pub *p, const zp_view *v, int level)
{
    for (size_t b = 0; b < p->nblocks; b++) {
        const zp_pub_block *k = &p->blocks[b];
        if (k->children[level] <= 0 || k->school[level] >= 0 || !in_view(p, v, k->geom))
            continue;
        cairo_save(cr);
        zp_draw_path(cr, p, v, k->geom);
        zp_draw_no_place(cr);
        cairo_restore(cr);
    }
}

/* Catchments of the level filled (in their colours, or grey but for `only`) and outlined. */
void zp_pub_draw_catchments(cairo_t *cr, const zp_pub *p, const zp_view *v, int level, int only)
{
    for (size_t i = p->level_start[level]; i < p->level_start[level + 1]; i++) {
        if (!in_view(p, v, p->catchments[i].geom))
            continue;
        double rgb[3] = {0.92, 0.92, 0.92};
        if (only < 0 || (size_t)only == i)
            zp_pub_palette(p->catchments[i].colour, rgb);
        zp_draw_path(cr, p, v, p->catchments[i].geom);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_fill(cr);
    }
    if (!p->public_notice) /* who lacks a place is the bureau's matter, not a notice's */
        hatch_shortfall(cr, p, v, level);
    zp_draw_roads(cr, p, v, only >= 0);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (size_t i = p->level_start[level]; i < p->level_start[level + 1]; i++) {
        if (!in_view(p, v, p->catchments[i].geom))
            continue;
        zp_draw_path(cr, p, v, p->catchments[i].geom);
        cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
        cairo_set_line_width(cr, (size_t)only == i ? 1.6 : 0.7);
        cairo_stroke(cr);
    }
}

static int cmp_school_order(const void *a, const void *b, void *ud)
{
    const zp_pub *p = ((const void **)ud)[0];
    int level = *(const int *)((const void **)ud)[1];
    const zp_pub_school *x = &p->schools[*(const int *)a], *y = &p->schools[*(const int *)b];
    if (x->children[level] != y->children[level])
        return x->children[level] > y->children[level] ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* Symbols of the level's schools inside the frame, then their names, biggest schools first
 * (they get the best spots); `first` (a school index or -1) is labelled before all others. */
int zp_pub_draw_schools(cairo_t *cr, const zp_pub *p, const zp_view *v, int level, int first,
                        double r, double size, zp_labeler *lb, size_t *unplaced)
{
    int order[p->nschools + 1];
    size_t n = 0;
    for (size_t s = 0; s < p->nschools; s++) {
        double x, y;
        zp_view_point(v, p->schools[s].x, p->schools[s].y, &x, &y);
        const zp_pub_school *sc = &p->schools[s];
        int shown = sc->serves[level] ||
                    (sc->closed && zp_school_serves((zp_school_type)sc->type, (zp_level)level));
        if (!shown || x < v->frame.x0 || x > v->frame.x1 || y < v->frame.y0 || y > v->frame.y1)
            continue;
        zp_draw_school(cr, sc->type, x, y, (int)s == first ? r * 1.4 : r,
                       p->public_notice ? NULL : sc->flags, sc->closed || sc->capacity[level] == 0);
        double half = zp_school_half(p->public_notice ? NULL : p->schools[s].flags,
                                     (int)s == first ? r * 1.4 : r);
        int rc = zp_labeler_add(lb, (zp_box){x - half, y - half, x + half, y + half});
        if (rc)
            return rc;
        if ((int)s != first)
            order[n++] = (int)s;
    }
    const void *ud[2] = {p, &level};
    qsort_r(order, n, sizeof *order, cmp_school_order, ud);
    int rc = ZP_OK;
    size_t miss = 0;
    if (first >= 0) {
        int one[1] = {first};
        rc = zp_draw_school_labels(cr, p, v, one, 1, size * 1.3, r * 1.4, lb, &miss);
    }
    if (!rc)
        rc = zp_draw_school_labels(cr, p, v, order, n, size, r, lb, unplaced);
    *unplaced += miss;
    return rc;
}

void zp_pub_frame_line(cairo_t *cr, zp_box f)
{
    cairo_rectangle(cr, f.x0, f.y0, f.x1 - f.x0, f.y1 - f.y0);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
}

/* The public notice's issuer line: "城关区教育局 · 2026年 · 审图号：GS(2026)1234号", the parts
 * the run was given; "" when none. */
void zp_pub_issuer(const zp_pub *p, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    if (p->bureau)
        n += (size_t)snprintf(out, size, "%s", p->bureau);
    if (p->year && n < size)
        n += (size_t)snprintf(out + n, size - n, "%s%d%s", n ? " · " : "", p->year,
                              zp_pub_word(p, "year_suffix"));
    if (p->approval && n < size)
        snprintf(out + n, size - n, "%s%s%s", n ? " · " : "", zp_pub_word(p, "approval_no"),
                 p->approval);
}

void zp_pub_footer(cairo_t *cr, const zp_pub *p, int page, int pages, double pw, double ph)
{
    char text[400], issuer[300];
    zp_pub_issuer(p, issuer, sizeof issuer);
    if (p->public_notice) /* the issuer, not the tool, signs a notice */
        snprintf(text, sizeof text, "%s%s%d / %d", issuer, issuer[0] ? " · " : "", page, pages);
    else
        snprintf(text, sizeof text, "%s · %d / %d", zp_pub_word(p, "made_by"), page, pages);
    double w, h;
    zp_text_size(cr, text, 6.5, 0, &w, &h);
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    zp_draw_text(cr, text, 6.5, 0, pw - MARGIN - w, ph - 20, 0, NULL, NULL);
}

int zp_pub_overview_landscape(const zp_pub *p)
{
    return (p->maxx - p->minx) > 1.15 * (p->maxy - p->miny);
}

/* The overview's map frame, and where the legend and scale bar go: a band under the map on
 * a portrait page, a column beside it on a landscape one. */
void zp_pub_overview_layout(const zp_pub *p, zp_box *frame, double *lx, double *ly, double *sx,
                            double *sy)
{
    if (zp_pub_overview_landscape(p)) {
        *frame = (zp_box){MARGIN, 64, ZP_PAGE_H - MARGIN - 128, ZP_PAGE_W - 30};
        *lx = frame->x1 + 14;
        *ly = frame->y0;
        *sx = frame->x1 + 14;
        *sy = frame->y1 - 40;
    } else {
        /* the legend's eight rows (105 pt) end above the page's foot */
        *frame = (zp_box){MARGIN, 70, ZP_PAGE_W - MARGIN, 712};
        *lx = MARGIN;
        *ly = 722;
        *sx = ZP_PAGE_W - MARGIN - 150;
        *sy = 730;
    }
}

static void fit_district(const zp_pub *p, zp_box frame, zp_view *v)
{
    zp_view_fit(v, frame, p->minx, p->miny, p->maxx, p->maxy, 0.02);
}

void zp_pub_overview_view(const zp_pub *p, zp_view *v)
{
    zp_box frame;
    double lx, ly, sx, sy;
    zp_pub_overview_layout(p, &frame, &lx, &ly, &sx, &sy);
    fit_district(p, frame, v);
}

int zp_pub_draw_district(cairo_t *cr, const zp_pub *p, int level, int page, int pages,
                         zp_labeler *lb, const zp_district_page *dp)
{
    zp_pub_page_background(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    char title[400]; /* a notice carries the issuer's name, not the scenario's */
    zp_pub_issuer(p, title, sizeof title);
    zp_draw_text(cr, p->public_notice && title[0] ? title : p->title, 15, 1, MARGIN, MARGIN - 4, 0,
                 NULL, NULL);
    zp_draw_text(cr, dp->sub, 11, 0, MARGIN, MARGIN + 19, 0, NULL, NULL);
    zp_box frame;
    double lx, ly, sx, sy;
    zp_pub_overview_layout(p, &frame, &lx, &ly, &sx, &sy);
    zp_view v;
    fit_district(p, frame, &v);
    cairo_save(cr);
    cairo_rectangle(cr, frame.x0, frame.y0, frame.x1 - frame.x0, frame.y1 - frame.y0);
    cairo_clip(cr);
    dp->fill(cr, p, &v, level, dp->ud);
    lb->bounds = (zp_box){frame.x0 + 2, frame.y0 + 2, frame.x1 - 2, frame.y1 - 2};
    int rc = zp_labeler_add(lb, (zp_box){frame.x1 - 30, frame.y0, frame.x1, frame.y0 + 40});
    size_t unplaced = 0;
    if (!rc)
        rc = zp_pub_draw_schools(cr, p, &v, level, -1, 3.2, 6.5, lb, &unplaced);
    cairo_restore(cr);
    zp_pub_frame_line(cr, frame);
    zp_draw_north(cr, p, frame.x1 - 15, frame.y0 + 14, 20);
    cairo_set_source_rgb(cr, 0, 0, 0);
    double h = zp_draw_legend(cr, p, lx, ly);
    int land = zp_pub_overview_landscape(p);
    if (dp->legend_more) /* under the legend in the side column, beside it in the band below */
        dp->legend_more(cr, p, level, land ? lx : lx + 175, land ? ly + h + 4 : ly, dp->ud);
    zp_draw_scale_bar(cr, p, &v, sx, sy);
    if (unplaced) {
        char note[160];
        snprintf(note, sizeof note, "%s: %zu", zp_pub_word(p, "unlabelled"), unplaced);
        zp_draw_text(cr, note, 6.5, 0, sx, sy + 18, 0, NULL, NULL);
    }
    zp_pub_footer(cr, p, page, pages, land ? ZP_PAGE_H : ZP_PAGE_W, land ? ZP_PAGE_W : ZP_PAGE_H);
    return rc;
}

static void overview_fill(cairo_t *cr, const zp_pub *p, const zp_view *v, int level, void *ud)
{
    (void)ud;
    zp_pub_draw_catchments(cr, p, v, level, -1);
}

int zp_pub_draw_overview(cairo_t *cr, const zp_pub *p, int level, int page, int pages,
                         zp_labeler *lb)
{
    char sub[160];
    snprintf(sub, sizeof sub, "%s%s%s", zp_pub_word(p, zp_level_name((zp_level)level)),
             p->lang == ZP_LANG_EN ? " " : "", zp_pub_word(p, "catchments"));
    zp_district_page dp = {sub, overview_fill, NULL, NULL};
    return zp_pub_draw_district(cr, p, level, page, pages, lb, &dp);
}
