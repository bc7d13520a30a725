/* The map of a redraw, for `zoneplan diff`: per level, run B's catchments in pale colours,
 * the blocks that change school filled in their new school's colour, B's boundaries solid and
 * run A's dashed over them, so a planner sees at a glance what moves and where the line was.
 * Written beside the diff's tables as changed.pdf (a page per level), changed-<level>.png and
 * map.html (run B's web map with a page of what changed), through the diff folder's staging
 * folder: the maps and tables appear together or not at
 * all. The pages go through publish.c's writers, so a full disk is caught as for a booklet. */
#include <stdlib.h>
#include <string.h>

#include "pages.h"
#include "zoneplan/diff.h"
#include "zoneplan/errors.h"
#include "zoneplan/publish.h"

#define OLD_WIDTH 1.0 /* points: the new line, wider, covers the old where it stayed */
#define NEW_WIDTH 1.6

/* The colour of the level's catchment of each school (-1: none), for the moved blocks. */
static void school_colours(const zp_pub *p, int level, int *colour)
{
    for (size_t s = 0; s < p->nschools; s++)
        colour[s] = -1;
    for (size_t i = p->level_start[level]; i < p->level_start[level + 1]; i++)
        colour[p->catchments[i].school] = p->catchments[i].colour;
}

/* B's catchments pale, then the moved blocks in their new school's colour (hatched red when
 * the new plan has no place for them); returns whether any was hatched. */
static int draw_fills(cairo_t *cr, const zp_pub *p, const zp_view *v, int level)
{
    const zp_pub_changes *ch = p->changes;
    int colour[p->nschools + 1], hatched = 0;
    school_colours(p, level, colour);
    for (size_t i = p->level_start[level]; i < p->level_start[level + 1]; i++) {
        double rgb[3];
        zp_pub_palette(p->catchments[i].colour, rgb);
        zp_draw_path(cr, p, v, p->catchments[i].geom);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_set_source_rgb(cr, 1 - 0.3 * (1 - rgb[0]), 1 - 0.3 * (1 - rgb[1]),
                             1 - 0.3 * (1 - rgb[2]));
        cairo_fill(cr);
    }
    for (size_t k = 0; k < ch->nmoved[level]; k++) {
        const zp_pub_block *b = &p->blocks[ch->moved[level][k]];
        int s = b->school[level];
        cairo_save(cr);
        zp_draw_path(cr, p, v, b->geom);
        if (s >= 0 && colour[s] >= 0) {
            double rgb[3];
            zp_pub_palette(colour[s], rgb);
            cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
            cairo_set_line_width(cr, 0.3);
            cairo_stroke(cr);
        } else {
            zp_draw_no_place(cr);
            hatched = 1;
        }
        cairo_restore(cr);
    }
    return hatched;
}

/* A's boundaries dashed in dark red, then B's solid and wider over them: where a line stayed,
 * the solid one covers the dashes, so the dashes show only where the old line is gone. */
static void draw_lines(cairo_t *cr, const zp_pub *p, const zp_view *v, int level)
{
    const zp_pub_changes *ch = p->changes;
    cairo_save(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    static const double dash[] = {3.0, 2.0};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgb(cr, 0.7, 0.05, 0.05);
    cairo_set_line_width(cr, OLD_WIDTH);
    for (size_t i = 0; i < ch->nold; i++)
        if (ch->old_level[i] == level) {
            zp_draw_path(cr, p, v, ch->old[i]);
            cairo_stroke(cr);
        }
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_set_line_width(cr, NEW_WIDTH);
    for (size_t i = p->level_start[level]; i < p->level_start[level + 1]; i++) {
        zp_draw_path(cr, p, v, p->catchments[i].geom);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

/* The redraw's own legend entries, under the standard legend from (x, y). */
static void legend(cairo_t *cr, const zp_pub *p, int level, int hatched, double x, double y)
{
    const zp_pub_changes *ch = p->changes;
    double row = 11.5;
    for (int i = 0; i < 3 + hatched; i++) {
        double cy = y + row * i + 4.5;
        cairo_save(cr);
        if (i == 0) { /* a moved block: a filled swatch */
            double rgb[3];
            zp_pub_palette(0, rgb);
            cairo_rectangle(cr, x, cy - 4, 14, 8);
            cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
            cairo_fill(cr);
        } else if (i < 3) { /* new boundary solid, old dashed */
            static const double dash[] = {3.0, 2.0};
            if (i == 2)
                cairo_set_dash(cr, dash, 2, 0);
            i == 2 ? cairo_set_source_rgb(cr, 0.7, 0.05, 0.05)
                   : cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
            cairo_set_line_width(cr, i == 2 ? OLD_WIDTH : NEW_WIDTH);
            cairo_move_to(cr, x, cy);
            cairo_line_to(cr, x + 14, cy);
            cairo_stroke(cr);
        } else {
            zp_draw_legend_hatch(cr, x, cy - 4.5);
        }
        cairo_restore(cr);
        static const char *keys[] = {"changes_moved", "changes_new", "changes_old",
                                     "changes_no_place"};
        cairo_set_source_rgb(cr, 0, 0, 0);
        zp_draw_text(cr, zp_pub_word(p, keys[i]), 7, 0, x + 20, cy - 5, 0, NULL, NULL);
    }
    char text[300];
    snprintf(text, sizeof text, zp_pub_word(p, "changes_count"),
             ch->nmoved[level] + ch->gone[level], (long long)ch->children[level]);
    double ty = y + row * (3 + hatched) + 4;
    zp_draw_text(cr, text, 7.5, 1, x, ty, 0, NULL, NULL);
    if (ch->gone[level]) {
        snprintf(text, sizeof text, zp_pub_word(p, "changes_gone"), ch->gone[level]);
        zp_draw_text(cr, text, 7, 0, x, ty + row, 0, NULL, NULL);
    }
}

static void changes_fill(cairo_t *cr, const zp_pub *p, const zp_view *v, int level, void *ud)
{
    *(int *)ud = draw_fills(cr, p, v, level);
    draw_lines(cr, p, v, level);
}

static void changes_legend(cairo_t *cr, const zp_pub *p, int level, double x, double y, void *ud)
{
    legend(cr, p, level, *(int *)ud, x, y);
}

int zp_pub_draw_changes(cairo_t *cr, const zp_pub *p, int level, int page, int pages,
                        zp_labeler *lb)
{
    char sub[700];
    snprintf(sub, sizeof sub, zp_pub_word(p, "changes_sub"),
             zp_pub_word(p, zp_level_name((zp_level)level)), p->changes->from_title);
    int hatched = 0;
    zp_district_page dp = {sub, changes_fill, changes_legend, &hatched};
    return zp_pub_draw_district(cr, p, level, page, pages, lb, &dp);
}

static int cmp_block_id(const void *key, const void *item)
{
    return strcmp(key, ((const zp_pub_block *)item)->id);
}

/* The diff's changed blocks as indices into p's blocks (p is run B, its blocks sorted by id
 * as the diff reader sorts them); blocks gone from B are counted, not drawn. */
static int moved_blocks(const zp_pub *p, const zp_diff *d, zp_pub_changes *ch)
{
    for (int l = 0; l < ZP_NLEVELS; l++) {
        ch->children[l] = d->moved_children[l];
        ch->moved[l] = malloc((d->moved_blocks[l] + 1) * sizeof *ch->moved[l]);
        ch->was[l] = malloc((d->moved_blocks[l] + 1) * sizeof *ch->was[l]);
        if (!ch->moved[l] || !ch->was[l])
            return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < d->nchanges; i++) {
        const zp_diff_change *c = &d->changes[i];
        const zp_pub_block *b =
            c->b ? bsearch(c->b->id, p->blocks, p->nblocks, sizeof *p->blocks, cmp_block_id) : NULL;
        size_t k = ch->nmoved[c->level];
        if (b && k < d->moved_blocks[c->level]) {
            ch->moved[c->level][k] = (int32_t)(b - p->blocks);
            ch->was[c->level][k] = c->a ? c->a->school[c->level] : NULL; /* NULL: new in B */
            ch->nmoved[c->level]++;
        } else
            ch->gone[c->level]++;
    }
    return ZP_OK;
}

static void changes_free(const zp_pub *p, zp_pub_changes *ch)
{
    for (int l = 0; l < ZP_NLEVELS; l++) {
        free(ch->moved[l]);
        free(ch->was[l]);
    }
    for (size_t i = 0; i < ch->nold; i++)
        GEOSGeom_destroy_r(p->gctx, ch->old[i]);
    free(ch->old);
    free(ch->old_level);
}

/* changed.pdf and changed-<level>.png of d into folder. */
static int write_maps(const zp_diff *d, const char *folder)
{
    zp_pub *p = NULL;
    zp_pub_changes ch = {.from_title = d->a.scenario};
    int ncolours = 0;
    int rc = zp_pub_load(d->b.dir, d->lang, &p);
    if (p) /* the planner's map, whoever run B was published for */
        p->public_notice = 0;
    if (!rc)
        rc = zp_pub_colour(p, &ncolours);
    if (!rc)
        rc = moved_blocks(p, d, &ch);
    if (!rc)
        rc = zp_pub_load_old(p, d->a.dir, d->a.prj, &ch);
    if (!rc) {
        p->changes = &ch;
        rc = zp_pub_write_formats(p, ZP_PUB_PDF | ZP_PUB_PNG | ZP_PUB_HTML, 150, folder);
        p->changes = NULL;
    }
    if (p)
        changes_free(p, &ch);
    zp_pub_free(p);
    pango_cairo_font_map_set_default(NULL); /* this thread's fonts: a library keeps nothing */
    return rc;
}

int zp_publish_diff(const zp_diff *d, const char *dir)
{
    zp_stage *st = NULL;
    int rc = zp_diff_stage_open(d, dir, &st);
    if (rc)
        return rc;
    rc = zp_diff_write_files(d, zp_stage_dir(st));
    if (!rc && (!d->a.prj || !d->b.prj)) /* the tables need no CRS; a map does */
        zp_warn("%s/blocks.prj: missing: the map of what changed (changed.pdf, map.html) is not "
                "drawn",
                d->a.prj ? d->b.dir : d->a.dir);
    else if (!rc) {
        zp_progress("drawing the map of what changed");
        rc = write_maps(d, zp_stage_dir(st));
    }
    if (!rc)
        rc = zp_stage_commit(st);
    else
        zp_stage_abort(st);
    return rc;
}
