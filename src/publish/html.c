/* map.html: one self-contained page that a bureau can mail or put on a USB stick and open
 * from file:// with no network. Leaflet, our script and style (embedded at build time,
 * see web_assets.h) and the data go inline, so there are no tiles and no file beside it.
 * The data is JSON inside a non-executed <script type="application/json"> element: the
 * catchments per level in the colours of the printed maps (zp_pub_palette), the schools
 * with their figures, and the blocks with their school and distance per level for the
 * hover box. Above BLOCKS_MAX blocks the page would be too heavy for a browser, so the
 * blocks are left out and the page says so. The same run folder gives the same bytes.
 * The public notice's page (notice-map.html) carries no figures or flags: the schools, their
 * catchments, and the communities with children, their school and distance. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/out.h"
#include "web_assets.h"
#include "zoneplan/check.h"
#include "zoneplan/errors.h"

enum {
    DECIMALS = 6,                   /* 1e-6 degrees is about 10 cm: plenty on a screen */
    BLOCKS_MAX = ZP_MAP_BLOCKS_MAX, /* more blocks are left out of the page */
    BLOCKS_SVG = 20000 /* more blocks are drawn on a canvas: an SVG path each is too slow */
};

/* The page's own words (text.c, under "web_" + key). Level, school type and flag names are
 * the printed maps' words, so the page says what they say. */
static const char *const PAGE_KEYS[] = {
    "school",         "distance",   "metres",   "children", "enrolled", "capacity",
    "pupils",         "school_cap", "flags",    "none",     "no_place", "hint",
    "blocks_omitted", "search",     "no_match", "changes",  "was",      "was_new"};

/* text.c's word for key, under the page's key (flag names: "flag_" and the flag). */
static void shared_word(json_t *o, const zp_pub *p, const char *prefix, const char *name)
{
    char key[64];
    snprintf(key, sizeof key, "%s%s", prefix, name);
    json_object_set_new(o, key, json_string(zp_pub_word(p, key)));
}

static json_t *words_json(const zp_pub *p)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < sizeof PAGE_KEYS / sizeof PAGE_KEYS[0]; i++) {
        char key[64];
        snprintf(key, sizeof key, "web_%s", PAGE_KEYS[i]);
        json_object_set_new(o, PAGE_KEYS[i], json_string(zp_pub_word(p, key)));
    }
    for (int l = 0; o && l < ZP_NLEVELS; l++)
        shared_word(o, p, "", zp_level_name((zp_level)l));
    for (int t = 0; o && t < ZP_NTYPES; t++)
        shared_word(o, p, "school_", zp_school_type_name((zp_school_type)t));
    for (int k = 0; o && k < ZP_NFLAGS; k++)
        shared_word(o, p, "flag_", zp_flag_name((zp_flag_kind)k));
    return o;
}

/* A JSON value made here, consumed; NULL means building it failed. */
static int put_json(FILE *fp, json_t *v)
{
    if (!v)
        return zp_error_code() ? zp_error_code() : zp_error_set(ZP_ENOMEM, "out of memory");
    int rc = zp_pub_json_put(fp, v, 1);
    json_decref(v);
    return rc;
}

static int put_text(FILE *fp, const char *text)
{
    zp_error_clear(); /* so put_json tells a bad text (error set) from no memory */
    return put_json(fp, zp_pub_json_text(text));
}

static void put_colour(FILE *fp, int k)
{
    double rgb[3];
    zp_pub_palette(k, rgb);
    int v[3];
    for (int i = 0; i < 3; i++)
        v[i] = (int)lround(fmin(fmax(rgb[i], 0.0), 1.0) * 255.0);
    fprintf(fp, "\"#%02x%02x%02x\"", v[0], v[1], v[2]);
}

/* levels: [{level, key, catchments: [{school, colour, figures, geometry}]}], only the
 * levels the run has catchments at (a run may solve one level only). */
static int put_levels(FILE *fp, const zp_pub *p, double bbox[4])
{
    int rc = ZP_OK, first = 1;
    fputs("\"levels\":[", fp);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        if (p->level_start[l] == p->level_start[l + 1])
            continue;
        fprintf(fp, "%s{\"level\":%d,\"key\":\"%s\",\"catchments\":[", first ? "" : ",", l,
                zp_level_name((zp_level)l));
        first = 0;
        for (size_t i = p->level_start[l]; !rc && i < p->level_start[l + 1]; i++) {
            const zp_pub_catchment *c = &p->catchments[i];
            fprintf(fp, "%s{\"school\":%d,\"colour\":", i > p->level_start[l] ? "," : "",
                    c->school);
            put_colour(fp, c->colour);
            if (!p->public_notice) {
                fprintf(fp, ",\"children\":%lld,\"capacity\":%lld,\"util\":%.3f,\"flags\":",
                        (long long)c->children, (long long)c->capacity,
                        isfinite(c->util) ? c->util : 0.0);
                rc = put_text(fp, c->flags);
            }
            fputs(",\"geometry\":", fp);
            if (!rc)
                rc = zp_pub_geometry_json(p, c->geom, DECIMALS, fp, bbox);
            fputc('}', fp);
        }
        fputs("]}", fp);
    }
    fputs("]", fp);
    return rc;
}

static int put_school(FILE *fp, const zp_pub *p, const zp_pub_school *s, double bbox[4])
{
    fputs("{\"id\":", fp);
    int rc = put_text(fp, s->id);
    fputs(",\"name\":", fp);
    if (!rc)
        rc = put_text(fp, s->name);
    fprintf(fp, ",\"type\":\"%s\",\"pt\":", zp_school_type_name((zp_school_type)s->type));
    if (!rc)
        rc = zp_pub_position_json(p, s->x, s->y, DECIMALS, fp, bbox);
    fputs(",\"serves\":[", fp);
    for (int l = 0; l < ZP_NLEVELS; l++)
        fprintf(fp, "%s%d", l ? "," : "", s->serves[l] != 0);
    fputc(']', fp);
    if (p->public_notice) { /* the notice's page: no figures or flags */
        fputc('}', fp);
        return rc;
    }
    fputs(",\"children\":[", fp);
    for (int l = 0; l < ZP_NLEVELS; l++)
        fprintf(fp, "%s%lld", l ? "," : "", (long long)s->children[l]);
    fputs("],\"capacity\":[", fp);
    for (int l = 0; l < ZP_NLEVELS; l++)
        fprintf(fp, "%s%lld", l ? "," : "", (long long)s->capacity[l]);
    fprintf(fp, "],\"pupils\":%lld,\"school_cap\":%lld,\"flags\":", (long long)s->pupils,
            (long long)s->school_cap);
    if (!rc)
        rc = put_text(fp, s->flags);
    fputc('}', fp);
    return rc;
}

/* [lon,lat] of a point inside the block (its centroid may fall outside), for tests and
 * scripts to hover over; null for a block without a shape. */
static int put_block_point(FILE *fp, const zp_pub *p, const zp_pub_block *b, double bbox[4])
{
    if (!b->geom || GEOSisEmpty_r(p->gctx, b->geom) != 0) {
        fputs("null", fp);
        return ZP_OK;
    }
    GEOSGeometry *pt = GEOSPointOnSurface_r(p->gctx, b->geom);
    double x, y;
    int ok = pt && !GEOSisEmpty_r(p->gctx, pt) && GEOSGeomGetX_r(p->gctx, pt, &x) &&
             GEOSGeomGetY_r(p->gctx, pt, &y);
    if (pt)
        GEOSGeom_destroy_r(p->gctx, pt);
    if (!ok)
        return zp_error_set(ZP_ERROR, "block %s: GEOS finds no point inside its polygon", b->id);
    return zp_pub_position_json(p, x, y, DECIMALS, fp, bbox);
}

/* One block: its school per level (index into schools, -1 none), distance and children. */
static int put_block(FILE *fp, const zp_pub *p, size_t i, double bbox[4])
{
    const zp_pub_block *b = &p->blocks[i];
    fputs("{\"id\":", fp);
    int rc = put_text(fp, b->id);
    fputs(",\"name\":", fp);
    if (!rc)
        rc = put_text(fp, b->name);
    fputs(",\"school\":[", fp);
    for (int l = 0; l < ZP_NLEVELS; l++)
        fprintf(fp, "%s%d", l ? "," : "", b->school[l]);
    fputs("],\"dist\":[", fp);
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (isfinite(b->dist_m[l]))
            fprintf(fp, "%s%.1f", l ? "," : "", b->dist_m[l]);
        else
            fputs(l ? ",null" : "null", fp);
    fputc(']', fp);
    if (!p->public_notice) {
        fputs(",\"kids\":[", fp);
        for (int l = 0; l < ZP_NLEVELS; l++)
            fprintf(fp, "%s%ld", l ? "," : "", (long)b->children[l]);
        fputc(']', fp);
    }
    zp_pub_put_walk_block(fp, p, i, DECIMALS);
    fputs(",\"pt\":", fp);
    if (!rc)
        rc = put_block_point(fp, p, b, bbox);
    fputs(",\"geometry\":", fp);
    if (!rc)
        rc = zp_pub_geometry_json(p, b->geom, DECIMALS, fp, bbox);
    fputc('}', fp);
    return rc;
}

/* The redraw's page (zoneplan diff's map.html): run A's catchment boundaries per level, and
 * the blocks that change school with the school they had ("城关第一小学 S003"; "" none; null
 * for a block new in run B). */
static int put_changes(FILE *fp, const zp_pub *p, double bbox[4])
{
    const zp_pub_changes *ch = p->changes;
    fputs(",\n\"changes\":{\"from\":", fp);
    int rc = put_text(fp, ch->from_title);
    fputs(",\"old\":[", fp);
    for (size_t i = 0; !rc && i < ch->nold; i++) {
        fprintf(fp, "%s{\"level\":%d,\"geometry\":", i ? ",\n" : "\n", ch->old_level[i]);
        rc = zp_pub_geometry_json(p, ch->old[i], DECIMALS, fp, bbox);
        fputc('}', fp);
    }
    fputs("],\"moved\":[", fp);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        fputs(l ? "],\n[" : "[", fp);
        for (size_t k = 0; !rc && k < ch->nmoved[l]; k++) {
            fprintf(fp, "%s{\"b\":%d,\"was\":", k ? "," : "", ch->moved[l][k]);
            const char *id = ch->was[l][k];
            char text[400];
            int s = id ? zp_pub_school_index(p, id) : -1;
            snprintf(text, sizeof text, "%s%s%s", s >= 0 ? p->schools[s].name : "",
                     s >= 0 ? " " : "", id ? id : "");
            if (id)
                rc = put_text(fp, text);
            else
                fputs("null", fp); /* a block new in run B */
            fputc('}', fp);
        }
    }
    fputs("]]}", fp);
    return rc;
}

/* Whether a block is on the page: every block on the bureau's, on the public's only those with
 * children (a notice lists communities, not factories and parks). */
static int admits(const zp_pub *p, const zp_pub_block *b)
{
    int kids = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        kids |= b->children[l] > 0;
    return !p->public_notice || kids;
}

static int put_data(FILE *fp, const zp_pub *p)
{
    double bbox[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    fputs("{\"title\":", fp);
    int rc = put_text(fp, p->title);
    fprintf(fp, ",\"lang\":\"%s\",\"public\":%s,\"words\":", p->lang == ZP_LANG_EN ? "en" : "zh",
            p->public_notice ? "true" : "false");
    if (!rc) {
        zp_error_clear();
        rc = put_json(fp, words_json(p));
    }
    fputs(",\n", fp);
    if (!rc)
        rc = put_levels(fp, p, bbox);
    fputs(",\n\"schools\":[", fp);
    for (size_t i = 0; !rc && i < p->nschools; i++) {
        fputs(i ? ",\n" : "\n", fp);
        rc = put_school(fp, p, &p->schools[i], bbox);
    }
    int omit = p->nblocks > BLOCKS_MAX;
    fprintf(fp, "],\n\"nblocks\":%zu,\"blocks_omitted\":%s,\"blocks_canvas\":%s,\"blocks\":[",
            p->nblocks, omit ? "true" : "false", p->nblocks > BLOCKS_SVG ? "true" : "false");
    for (size_t i = 0, n = 0; !rc && !omit && i < p->nblocks; i++) {
        if (!admits(p, &p->blocks[i]))
            continue;
        fputs(n++ ? ",\n" : "\n", fp);
        rc = put_block(fp, p, i, bbox);
    }
    fputs("]", fp);
    if (!omit)
        zp_pub_put_walk_trees(fp, p, DECIMALS);
    if (!rc && p->changes && !omit)
        rc = put_changes(fp, p, bbox);
    fputs(",\n\"bbox\":", fp);
    if (bbox[0] <= bbox[2])
        fprintf(fp, "[%.*f,%.*f,%.*f,%.*f]}", DECIMALS, bbox[0], DECIMALS, bbox[1], DECIMALS,
                bbox[2], DECIMALS, bbox[3]);
    else
        fputs("null}", fp);
    return rc;
}

/* An embedded file inside <script> or <style>: "</" becomes "<\/" (the same text in a
 * script's strings and in CSS) so nothing in it can close the element early. */
static void put_asset(FILE *fp, const unsigned char *bytes, size_t len)
{
    size_t from = 0;
    for (size_t i = 0; i + 1 < len; i++)
        if (bytes[i] == '<' && bytes[i + 1] == '/') {
            fwrite(bytes + from, 1, i + 1 - from, fp);
            fputc('\\', fp);
            from = i + 1;
        }
    fwrite(bytes + from, 1, len - from, fp);
}

static void put_html_text(FILE *fp, const char *text)
{
    for (const char *q = text ? text : ""; *q; q++)
        switch (*q) {
        case '&':
            fputs("&amp;", fp);
            break;
        case '<':
            fputs("&lt;", fp);
            break;
        case '>':
            fputs("&gt;", fp);
            break;
        case '"':
            fputs("&quot;", fp);
            break;
        default:
            fputc(*q, fp);
        }
}

static int put_page(FILE *fp, const zp_pub *p)
{
    fprintf(fp,
            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
            p->lang == ZP_LANG_EN ? "en" : "zh-CN");
    put_html_text(fp, p->title);
    fputs("</title>\n<style>\n", fp);
    put_asset(fp, zp_web_leaflet_css, zp_web_leaflet_css_len);
    fputs("\n", fp);
    put_asset(fp, zp_web_map_css, zp_web_map_css_len);
    fputs("</style>\n</head>\n<body>\n<div id=\"zp-map\"></div>\n<div id=\"zp-info\"></div>\n"
          "<script>\n",
          fp);
    put_asset(fp, zp_web_leaflet_js, zp_web_leaflet_js_len);
    fputs("\n</script>\n<script id=\"zp-data\" type=\"application/json\">\n", fp);
    int rc = put_data(fp, p);
    fputs("\n</script>\n<script>\n", fp);
    put_asset(fp, zp_web_map_js, zp_web_map_js_len);
    fputs("</script>\n</body>\n</html>\n", fp);
    return rc;
}

int zp_pub_write_html(const zp_pub *p, const char *dir)
{
    FILE *fp;
    char name[64];
    zp_pub_file_name(p, "map.html", name, sizeof name);
    int rc = zp_out_open(dir, name, &fp);
    if (rc)
        return rc;
    rc = put_page(fp, p);
    int crc = zp_out_close(fp, dir, name);
    return rc ? rc : crc;
}
