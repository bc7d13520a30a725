/* The walking network's part of a scenario: the roads: and barriers: layers and the
 * policy's distance and access keys.
 *
 *   roads: {path: roads.shp, crs: EPSG:4547, encoding: GBK,
 *           walkable: {field: KIND, exclude: [expressway, railway]},
 *           connect: endpoints | intersections}
 *   barriers: {path: rivers.shp, crs: ..., encoding: ...}
 *   policy: {distance: network | straight, access: {max_m: 300}}
 *
 * A network distance without roads is an error here, not a silent straight line. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scenario_internal.h"
#include "zoneplan/errors.h"

static const char *const ROAD_KEYS[] = {"path", "crs", "encoding", "walkable", "connect", NULL};
static const char *const WALKABLE_KEYS[] = {"field", "exclude", NULL};
static const char *const BARRIER_KEYS[] = {"path", "crs", "encoding", NULL};
static const char *const ACCESS_KEYS[] = {"max_m", NULL};

static int walkable(const zpy_ctx *c, zp_roads_spec *r, const yaml_node_t *m)
{
    zpy_entry e = zpy_lookup(c, m, "walkable");
    if (!e.value)
        return ZP_OK;
    int rc = zpy_expect_map(c, e.value, "roads.walkable", WALKABLE_KEYS);
    if (!rc)
        rc = zpy_req_string(c, e.value, e.line, "roads.walkable", "field", &r->walkable_field);
    zpy_entry x = rc ? (zpy_entry){0} : zpy_lookup(c, e.value, "exclude");
    if (!rc && !x.value)
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: roads.walkable: expected exclude: a list of the values of %s "
                          "the walk may not use (e.g. [expressway, railway])",
                          c->file, e.line, r->walkable_field);
    if (!rc)
        rc = zpy_string_list(c, x.value, "roads.walkable.exclude", &r->exclude);
    return rc;
}

static int connect_mode(const zpy_ctx *c, zp_roads_spec *r, const yaml_node_t *m)
{
    char *text = NULL;
    zpy_entry e = zpy_lookup(c, m, "connect");
    int rc = zpy_opt_string(c, m, "roads", "connect", &text);
    if (!rc && text) {
        if (strcasecmp(text, "endpoints") == 0)
            r->connect = 0;
        else if (strcasecmp(text, "intersections") == 0)
            r->connect = 1;
        else
            rc = zp_error_set(ZP_EINPUT,
                              "%s:%d: roads.connect: expected endpoints (lines meet where they "
                              "share an end or a vertex) or intersections (at every crossing), "
                              "found \"%s\"",
                              c->file, e.line, text);
    }
    free(text);
    return rc;
}

int zp_scenario_roads(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root)
{
    zp_roads_spec *r = &sc->roads;
    const yaml_node_t *m;
    int rc = zpy_section(c, root, NULL, "roads", ROAD_KEYS, 0, &m, &r->line);
    if (!rc && m)
        rc = zpy_path(c, m, r->line, "roads", "path", ZPY_REQUIRED | ZPY_SHAPEFILE, sc->dir,
                      &r->path);
    if (!rc && m)
        rc = zpy_opt_string(c, m, "roads", "crs", &r->crs);
    if (!rc && m)
        rc = zpy_opt_string(c, m, "roads", "encoding", &r->encoding);
    if (!rc && m)
        rc = walkable(c, r, m);
    if (!rc && m)
        rc = connect_mode(c, r, m);
    if (!rc)
        rc = zpy_section(c, root, NULL, "barriers", BARRIER_KEYS, 0, &m, &r->barriers_line);
    if (!rc && m)
        rc = zpy_path(c, m, r->barriers_line, "barriers", "path", ZPY_REQUIRED | ZPY_SHAPEFILE,
                      sc->dir, &r->barriers);
    if (!rc && m)
        rc = zpy_opt_string(c, m, "barriers", "crs", &r->barriers_crs);
    if (!rc && m)
        rc = zpy_opt_string(c, m, "barriers", "encoding", &r->barriers_encoding);
    if (!rc && r->barriers && !r->path)
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: barriers: only a walk on roads can respect barriers; add a "
                          "roads: layer",
                          c->file, r->barriers_line);
    return rc;
}

int zp_scenario_policy_walk(const zpy_ctx *c, zp_policy *p, const yaml_node_t *m, const char *where)
{
    char *text = NULL, name[64];
    zpy_entry e = zpy_lookup(c, m, "distance");
    int rc = zpy_opt_string(c, m, where, "distance", &text);
    if (!rc && text) {
        if (strcasecmp(text, "network") == 0)
            p->distance = ZP_DISTANCE_NETWORK;
        else if (strcasecmp(text, "straight") == 0)
            p->distance = ZP_DISTANCE_STRAIGHT;
        else
            rc = zp_error_set(ZP_EINPUT,
                              "%s:%d: %s.distance: expected network (walking on the roads: "
                              "layer) or straight (the straight line), found \"%s\"",
                              c->file, e.line, where, text);
    }
    free(text);
    zpy_entry a = zpy_lookup(c, m, "access");
    snprintf(name, sizeof name, "%s.access", where);
    if (!rc && a.value)
        rc = zpy_expect_map(c, a.value, name, ACCESS_KEYS);
    if (!rc && a.value)
        rc = zpy_opt_nonneg_num(c, a.value, name, "max_m", &p->access_max_m);
    return rc;
}

int zp_scenario_distance(const zp_scenario *sc)
{
    if (sc->policy.distance != ZP_DISTANCE_DEFAULT)
        return sc->policy.distance;
    return sc->roads.path ? ZP_DISTANCE_NETWORK : ZP_DISTANCE_STRAIGHT;
}

void zp_scenario_roads_free(zp_scenario *sc)
{
    zp_roads_spec *r = &sc->roads;
    free(r->path);
    free(r->encoding);
    free(r->crs);
    free(r->walkable_field);
    for (size_t i = 0; r->exclude && r->exclude[i]; i++)
        free(r->exclude[i]);
    free(r->exclude);
    free(r->barriers);
    free(r->barriers_encoding);
    free(r->barriers_crs);
}
