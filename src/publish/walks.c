/* The walks for the web map: routes.geojson of a walking run (src/out/routes.c) read into
 * per level and school trees and each block's way onto its tree, so map.html can draw the
 * route of the block under the mouse from a few small arrays. A straight-line run, or one
 * above the map's block limit, has no routes.geojson and its page no routes. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zoneplan/io.h"
#include "pub_internal.h"
#include "zoneplan/errors.h"

static const char NAME[] = "routes.geojson";

static int level_of(const char *name)
{
    for (int l = 0; name && l < ZP_NLEVELS; l++)
        if (!strcmp(name, zp_level_name((zp_level)l)))
            return l;
    return -1;
}

/* A line's coordinates: an array of at least two [lon, lat] numbers. */
static int good_line(json_t *g)
{
    json_t *c = json_object_get(g, "coordinates");
    if (!json_is_array(c) || json_array_size(c) < 2)
        return 0;
    for (size_t i = 0; i < json_array_size(c); i++) {
        json_t *pt = json_array_get(c, i);
        if (!json_is_array(pt) || json_array_size(pt) < 2 ||
            !json_is_number(json_array_get(pt, 0)) || !json_is_number(json_array_get(pt, 1)))
            return 0;
    }
    return 1;
}

/* Feature i into p->walks: a tree node (its parent before it, nodes in order) or a block. */
static int take(zp_pub *p, const char *path, size_t i, json_t *f)
{
    json_t *pr = json_object_get(f, "properties"), *g = json_object_get(f, "geometry");
    int l = level_of(json_string_value(json_object_get(pr, "level")));
    int s = zp_pub_school_index(p, json_string_value(json_object_get(pr, "school")));
    json_t *node = json_object_get(pr, "node"), *blk = json_object_get(pr, "block");
    json_t *coords = json_object_get(g, "coordinates");
    if (l < 0 || s < 0 || !json_is_integer(node) || json_integer_value(node) < 0 || !good_line(g))
        return zp_error_set(ZP_EINPUT,
                            "%s: feature %zu: expected a level, a school of the run, a node "
                            "number and a line",
                            path, i + 1);
    json_t *tree = json_array_get(p->walks.tree[l], (size_t)s);
    json_int_t n = json_integer_value(node);
    if (json_is_string(blk)) {
        int b = zp_pub_block_index(p, json_string_value(blk));
        if (b < 0 || n >= (json_int_t)json_array_size(tree))
            return zp_error_set(ZP_EINPUT,
                                "%s: feature %zu: block %s is not the run's or its node %lld "
                                "is not in school %s's tree",
                                path, i + 1, json_string_value(blk), (long long)n,
                                p->schools[s].id);
        return json_array_set_new(p->walks.block[l], (size_t)b, json_pack("[IO]", n, coords))
                   ? zp_error_set(ZP_ENOMEM, "out of memory")
                   : ZP_OK;
    }
    json_t *par = json_object_get(pr, "parent");
    json_int_t up = json_is_integer(par) ? json_integer_value(par) : -1;
    if (n != (json_int_t)json_array_size(tree) || up >= n || (up < 0 && !json_is_null(par)) ||
        (n == 0) != json_is_null(par))
        return zp_error_set(ZP_EINPUT,
                            "%s: feature %zu: node %lld of school %s: expected nodes in order, "
                            "each after its parent, node 0 the school's",
                            path, i + 1, (long long)n, p->schools[s].id);
    return json_array_append_new(tree, json_pack("[IO]", up, coords))
               ? zp_error_set(ZP_ENOMEM, "out of memory")
               : ZP_OK;
}

static int make_arrays(zp_pub *p)
{
    for (int l = 0; l < ZP_NLEVELS; l++) {
        p->walks.tree[l] = json_array();
        p->walks.block[l] = json_array();
        for (size_t s = 0; p->walks.tree[l] && s < p->nschools; s++)
            if (json_array_append_new(p->walks.tree[l], json_array()))
                return zp_error_set(ZP_ENOMEM, "out of memory");
        for (size_t b = 0; p->walks.block[l] && b < p->nblocks; b++)
            if (json_array_append_new(p->walks.block[l], json_null()))
                return zp_error_set(ZP_ENOMEM, "out of memory");
        if (!p->walks.tree[l] || !p->walks.block[l])
            return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    return ZP_OK;
}

int zp_pub_load_walks(zp_pub *p)
{
    char *path = zp_path_join(p->dir, NAME);
    if (!path)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    int rc = ZP_OK;
    if (access(path, F_OK) == 0) {
        json_error_t err;
        json_t *root = json_load_file(path, 0, &err);
        json_t *fs = json_object_get(root, "features");
        if (!json_is_array(fs))
            rc = zp_error_set(ZP_EINPUT, "%s: line %d: %s", path, err.line,
                              root ? "expected a GeoJSON FeatureCollection" : err.text);
        if (!rc)
            rc = make_arrays(p);
        for (size_t i = 0; !rc && i < json_array_size(fs); i++)
            rc = take(p, path, i, json_array_get(fs, i));
        p->walks.loaded = !rc;
        json_decref(root);
    }
    free(path);
    return rc;
}

void zp_pub_walks_free(zp_pub_walks *w)
{
    for (int l = 0; l < ZP_NLEVELS; l++) {
        json_decref(w->tree[l]);
        json_decref(w->block[l]);
    }
    memset(w, 0, sizeof *w);
}

/* A line as flat [lon, lat, lon, lat, ...], decimals places. */
static void put_coords(FILE *fp, json_t *c, int decimals)
{
    fputc('[', fp);
    for (size_t i = 0; i < json_array_size(c); i++) {
        json_t *pt = json_array_get(c, i);
        fprintf(fp, "%s%.*f,%.*f", i ? "," : "", decimals, json_number_value(json_array_get(pt, 0)),
                decimals, json_number_value(json_array_get(pt, 1)));
    }
    fputc(']', fp);
}

/* [parent or node, [coordinates]] */
static void put_entry(FILE *fp, json_t *e, int decimals)
{
    fprintf(fp, "[%lld,", (long long)json_integer_value(json_array_get(e, 0)));
    put_coords(fp, json_array_get(e, 1), decimals);
    fputc(']', fp);
}

void zp_pub_put_walk_trees(FILE *fp, const zp_pub *p, int decimals)
{
    fputs(",\n\"walks\":[", fp);
    for (int l = 0; p->walks.loaded && l < ZP_NLEVELS; l++) {
        fputs(l ? "],\n[" : "[", fp);
        for (size_t s = 0; s < p->nschools; s++) {
            json_t *tree = json_array_get(p->walks.tree[l], s);
            fputs(s ? ",\n[" : "\n[", fp);
            for (size_t i = 0; i < json_array_size(tree); i++) {
                fputs(i ? "," : "", fp);
                put_entry(fp, json_array_get(tree, i), decimals);
            }
            fputc(']', fp);
        }
    }
    fputs(p->walks.loaded ? "]]" : "]", fp);
}

void zp_pub_put_walk_block(FILE *fp, const zp_pub *p, size_t b, int decimals)
{
    if (!p->walks.loaded)
        return;
    fputs(",\"walk\":[", fp);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        json_t *e = json_array_get(p->walks.block[l], b);
        fputs(l ? "," : "", fp);
        if (json_is_array(e))
            put_entry(fp, e, decimals);
        else
            fputs("null", fp);
    }
    fputc(']', fp);
}
