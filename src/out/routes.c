/* routes.geojson: the walk of every block to its school, for the web map's hover and for a
 * planner's GIS. Written for walking runs up to ZP_MAP_BLOCKS_MAX blocks (the map shows no
 * blocks beyond; at a million blocks the file would outweigh the run).
 *
 * Per level and school the walks are one tree (zp_dist_routes): a feature per road node of
 * it with its line to its parent ("node", "parent"; node 0 runs from the road to the
 * school), and a feature per block with its line onto the road and along it to its node.
 * Following parents from a block's node to 0 gives the whole route; the walks share the
 * way near a school, so the file stays a few times the size of the roads it uses.
 * Coordinates are WGS 84 (RFC 7946), seven decimals (about a centimetre). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "zoneplan/errors.h"
#include "zoneplan/out.h"
#include "zoneplan/run.h"

static const char NAME[] = "routes.geojson";

/* An id as a JSON string (ids are UTF-8: io converted them); fails only for want of memory. */
static int json_text(FILE *fp, const char *text)
{
    json_t *j = json_string(text);
    char *t = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
    if (t)
        fputs(t, fp);
    free(t);
    json_decref(j);
    return t ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory writing %s", NAME);
}

static int line(FILE *fp, zp_geo *geo, const zp_dist_tree *t, size_t i)
{
    size_t a = t->start[i], n = t->start[i + 1] - a;
    fputs("\"geometry\":{\"type\":\"LineString\",\"coordinates\":[", fp);
    for (size_t k = 0; k < (n < 2 ? 2 : n); k++) { /* one vertex: twice, a line needs two */
        double x = t->x[a + (k < n ? k : 0)], y = t->y[a + (k < n ? k : 0)];
        int rc = zp_geo_plane_to_lonlat(geo, &x, &y);
        if (rc)
            return rc;
        fprintf(fp, "%s[%.7f,%.7f]", k ? "," : "", x, y);
    }
    fputs("]}}", fp);
    return ZP_OK;
}

static int school_tree(FILE *fp, const zp_run *run, int l, size_t s, const size_t *blocks, size_t n,
                       int *first)
{
    zp_dist_tree t;
    int rc = zp_dist_routes(run->dist, s, n, blocks, &t);
    const char *lv = zp_level_name((zp_level)l), *sid = run->ds.schools[s].id;
    for (size_t i = 0; !rc && i < t.nodes; i++) {
        fprintf(fp, "%s\n{\"type\":\"Feature\",\"properties\":{\"level\":\"%s\",\"school\":",
                *first ? "" : ",", lv);
        rc = json_text(fp, sid);
        fprintf(fp, ",\"node\":%zu,\"parent\":", i);
        if (t.parent[i] < 0)
            fputs("null},", fp);
        else
            fprintf(fp, "%d},", (int)t.parent[i]);
        *first = 0;
        if (!rc)
            rc = line(fp, run->geo, &t, i);
    }
    for (size_t j = 0; !rc && j < n; j++) {
        if (t.node[j] < 0)
            continue;
        const zp_alloc_result *r = &run->plan[l];
        fprintf(fp, "%s\n{\"type\":\"Feature\",\"properties\":{\"level\":\"%s\",\"school\":",
                *first ? "" : ",", lv);
        rc = json_text(fp, sid);
        fputs(",\"block\":", fp);
        if (!rc)
            rc = json_text(fp, run->ds.blocks[blocks[j]].id);
        fprintf(fp, ",\"node\":%d,\"walk_m\":%.1f},", (int)t.node[j], r->dist_m[blocks[j]]);
        *first = 0;
        if (!rc)
            rc = line(fp, run->geo, &t, t.nodes + j);
    }
    zp_dist_tree_free(&t);
    return rc;
}

/* Each school's blocks at level l, in block order: a counting sort by school. */
static int by_school(const zp_run *run, int l, size_t **start, size_t **blocks)
{
    size_t ns = run->ds.nschools, nb = run->ds.nblocks;
    const int32_t *school = run->plan[l].school;
    *start = calloc(ns + 2, sizeof **start);
    *blocks = malloc((nb + 1) * sizeof **blocks);
    if (!*start || !*blocks)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; b < nb; b++)
        if (school[b] >= 0)
            (*start)[school[b] + 2]++;
    for (size_t s = 0; s < ns; s++)
        (*start)[s + 2] += (*start)[s + 1];
    for (size_t b = 0; b < nb; b++)
        if (school[b] >= 0)
            (*blocks)[(*start)[school[b] + 1]++] = b;
    return ZP_OK;
}

int zp_out_routes_geojson(const zp_run *run, const char *dir)
{
    if (!run->roads || run->ds.nblocks > ZP_MAP_BLOCKS_MAX)
        return ZP_OK;
    FILE *fp;
    int rc = zp_out_open(dir, NAME, &fp);
    if (rc)
        return rc;
    fputs("{\"type\":\"FeatureCollection\",\"features\":[", fp);
    int first = 1;
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        size_t *start = NULL, *blocks = NULL;
        if (run->active[l])
            rc = by_school(run, l, &start, &blocks);
        for (size_t s = 0; !rc && run->active[l] && s < run->ds.nschools; s++)
            if (start[s + 1] > start[s])
                rc = school_tree(fp, run, l, s, blocks + start[s], start[s + 1] - start[s], &first);
        free(start);
        free(blocks);
    }
    fputs("\n]}\n", fp);
    int rc2 = zp_out_close(fp, dir, NAME);
    return rc ? rc : rc2;
}
