/* Internal to the publish module: the pages (pages.c: overview and the map pieces every
 * page shares; sheet.c: a school's sheet; audit_page.c: a level's audit). */
#ifndef ZP_PUB_PAGES_H
#define ZP_PUB_PAGES_H

#include "draw.h"

#define ZP_MARGIN 28.0

/* Overview of one level as page `page` of `pages`; lb receives the symbols and labels
 * placed (for the collision test), bounds set here. */
int zp_pub_draw_overview(cairo_t *cr, const zp_pub *p, int level, int page, int pages,
                         zp_labeler *lb);
/* Whether the overview pages are A4 landscape (a district wider than tall). */
int zp_pub_overview_landscape(const zp_pub *p);
/* Where the overview's map frame is on its page and the plane window it shows. */
void zp_pub_overview_view(const zp_pub *p, zp_view *v);
/* The overview's map frame, and where its legend (lx, ly) and scale bar (sx, sy) go. */
void zp_pub_overview_layout(const zp_pub *p, zp_box *frame, double *lx, double *ly, double *sx,
                            double *sy);
/* A map of the whole district at one level (the overview, the redraw map): the title and
 * sub-title, fill() drawing the areas inside the clipped frame, the schools over them, the
 * north arrow, the legend with legend_more() (when set) under it, scale bar and footer. */
typedef struct zp_district_page {
    const char *sub;
    void (*fill)(cairo_t *cr, const zp_pub *p, const zp_view *v, int level, void *ud);
    void (*legend_more)(cairo_t *cr, const zp_pub *p, int level, double x, double y, void *ud);
    void *ud;
} zp_district_page;
int zp_pub_draw_district(cairo_t *cr, const zp_pub *p, int level, int page, int pages,
                         zp_labeler *lb, const zp_district_page *dp);
/* The redraw map of one level (changes.c; p->changes set) as page `page` of `pages`. */
int zp_pub_draw_changes(cairo_t *cr, const zp_pub *p, int level, int page, int pages,
                        zp_labeler *lb);
/* Pages sheet of catchment c needs (the community list flows on). */
int zp_pub_sheet_pages(const zp_pub_catchment *c);
/* Page k (0-based) of catchment c's sheet, as page `page` of `pages` of its document. */
int zp_pub_draw_sheet(cairo_t *cr, const zp_pub *p, size_t c, int k, int page, int pages,
                      zp_labeler *lb);

/* Shared pieces. */
void zp_pub_page_background(cairo_t *cr);
/* The level's catchments in their colours; when only >= 0, the others in grey. */
void zp_pub_draw_catchments(cairo_t *cr, const zp_pub *p, const zp_view *v, int level, int only);
/* Symbols and names of the level's schools inside the view; `first` labelled first, bigger. */
int zp_pub_draw_schools(cairo_t *cr, const zp_pub *p, const zp_view *v, int level, int first,
                        double r, double size, zp_labeler *lb, size_t *unplaced);
void zp_pub_frame_line(cairo_t *cr, zp_box f);
void zp_pub_footer(cairo_t *cr, const zp_pub *p, int page, int pages, double pw, double ph);
/* "bureau · year · 审图号" of the public notice, the parts given; "" when none. */
void zp_pub_issuer(const zp_pub *p, char *out, size_t size);
/* A sheet's map: the catchment among its neighbours, its school first and biggest. */
int zp_pub_sheet_map(cairo_t *cr, const zp_pub *p, size_t ci, zp_labeler *lb);

/* The audit pages of a level (audit_page.c): how many (0: none, as for the public notice or
 * a run without an audit), and page k of them, A4 landscape. */
int zp_pub_audit_pages(const zp_pub *p, int level);
int zp_pub_draw_audit(cairo_t *cr, const zp_pub *p, int level, int k, int page, int pages);

/* The public notice (notice.c): pages of catchment c's notice (its communities with children
 * of the level, three columns of names), and page k of it. */
int zp_pub_notice_pages(const zp_pub *p, const zp_pub_catchment *c);
int zp_pub_draw_notice(cairo_t *cr, const zp_pub *p, size_t c, int k, int page, int pages,
                       zp_labeler *lb);

#endif
