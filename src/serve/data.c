/* zoneplan serve: what the page draws, made once when the server starts (GET /api/data):
 * the schools with their map colours, the blocks as GeoJSON in longitude/latitude with their
 * children and today's schools, the extent and the service radii. Colours are the published
 * maps' (DSATUR over which catchments of the served plan touch, the same palette), fixed for
 * the session so a school keeps its colour while its catchment is redrawn. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "serve_internal.h"
#include "zoneplan/errors.h"
#include "zoneplan/publish.h"
#include "zoneplan/words.h"

typedef struct edge {
    int32_t a, b;
} edge;

static int edge_cmp(const void *x, const void *y)
{
    const edge *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

/* Schools whose catchments (any level) share a block boundary, as a CSR graph, coloured. */
static int school_colours(const zp_server *srv, int *col)
{
    size_t ns = srv->run->ds.nschools, ne = 0, cap = 0;
    edge *e = NULL;
    int rc = ZP_OK;
    for (int i = 0; !rc && i < srv->nlevels; i++) {
        const int32_t *sch = srv->plan[srv->level[i]].school;
        for (size_t x = 0; !rc && x < srv->graph->n; x++)
            for (size_t k = srv->graph->start[x]; !rc && k < srv->graph->start[x + 1]; k++) {
                int32_t a = sch[x], b = sch[srv->graph->nbr[k]];
                if (a < 0 || b < 0 || a == b)
                    continue;
                if (zp_grow((void **)&e, &cap, ne + 1, sizeof *e))
                    rc = zp_error_set(ZP_ENOMEM, "out of memory");
                else
                    e[ne++] = (edge){a, b};
            }
    }
    if (!rc && ne) /* none: one school, or no two catchments touch (qsort of NULL is undefined) */
        qsort(e, ne, sizeof *e, edge_cmp);
    size_t *start = calloc(ns + 2, sizeof *start), m = 0;
    int32_t *nbr = malloc(sizeof *nbr * (ne + 1));
    if (!rc && (!start || !nbr))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < ne; i++)
        if (i == 0 || edge_cmp(&e[i], &e[i - 1])) {
            nbr[m++] = e[i].b;
            start[e[i].a + 1]++;
        }
    for (size_t s = 0; !rc && s < ns; s++)
        start[s + 1] += start[s];
    int ncolours = 0;
    if (!rc)
        rc = zp_publish_colour_graph(ns, start, nbr, col, &ncolours);
    free(e);
    free(start);
    free(nbr);
    return rc;
}

static json_t *ring_json(zp_geo *geo, const double *x, const double *y, int n, int *rc)
{
    double *lx = zp_memdup(x, sizeof *x * (size_t)n), *ly = zp_memdup(y, sizeof *y * (size_t)n);
    json_t *ring = json_array();
    if (!lx || !ly || !ring)
        *rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!*rc)
        *rc = zp_geo_source_to_lonlat(geo, lx, ly, (size_t)n);
    for (int i = 0; !*rc && i < n; i++) /* 1e-6 degrees: a tenth of a metre */
        json_array_append_new(
            ring, json_pack("[ff]", round(lx[i] * 1e6) / 1e6, round(ly[i] * 1e6) / 1e6));
    free(lx);
    free(ly);
    return ring;
}

/* A block's rings as one Polygon: the page fills it even-odd, so holes stay holes and a
 * block drawn in several parts shows every part. */
static json_t *block_geometry(zp_server *srv, const zp_shape *sh, double bbox[4], int *rc)
{
    json_t *rings = json_array();
    for (int p = 0; !*rc && p < sh->nparts; p++) {
        int from = sh->part_start[p], to = p + 1 < sh->nparts ? sh->part_start[p + 1] : sh->nverts;
        json_t *ring = ring_json(srv->run->geo, sh->x + from, sh->y + from, to - from, rc);
        for (size_t i = 0; !*rc && i < json_array_size(ring); i++) {
            double lon = json_real_value(json_array_get(json_array_get(ring, i), 0));
            double lat = json_real_value(json_array_get(json_array_get(ring, i), 1));
            bbox[0] = fmin(bbox[0], lon), bbox[1] = fmin(bbox[1], lat);
            bbox[2] = fmax(bbox[2], lon), bbox[3] = fmax(bbox[3], lat);
        }
        json_array_append_new(rings, ring);
    }
    return json_pack("{ssso}", "type", "Polygon", "coordinates", rings);
}

static json_t *blocks_json(zp_server *srv, double bbox[4], int *rc)
{
    const zp_dataset *ds = &srv->run->ds;
    json_t *features = json_array();
    for (size_t b = 0; !*rc && b < ds->nblocks; b++) {
        const zp_block *bl = &ds->blocks[b];
        json_t *children = json_array(), *today = json_array();
        for (int i = 0; i < srv->nlevels; i++) {
            json_array_append_new(children, json_integer(srv->demand[srv->level[i]][b]));
            json_array_append_new(today, json_integer(bl->current[srv->level[i]]));
        }
        json_t *props = json_pack("{sIsssssoso}", "i", (json_int_t)b, "id", bl->id, "name",
                                  bl->name ? bl->name : "", "children", children, "today", today);
        json_array_append_new(features,
                              json_pack("{sssoso}", "type", "Feature", "properties", props,
                                        "geometry", block_geometry(srv, &bl->shape, bbox, rc)));
    }
    return json_pack("{ssso}", "type", "FeatureCollection", "features", features);
}

static json_t *schools_json(zp_server *srv, int *rc)
{
    const zp_dataset *ds = &srv->run->ds;
    const zp_geo_points *sp = zp_geo_school_points(srv->run->geo);
    int *col = malloc(sizeof *col * (ds->nschools + 1));
    json_t *a = json_array();
    if (!col)
        *rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!*rc)
        *rc = school_colours(srv, col);
    for (size_t s = 0; !*rc && s < ds->nschools; s++) {
        const zp_school *sc = &ds->schools[s];
        double x = sp->x[s], y = sp->y[s];
        char hex[8];
        *rc = zp_geo_plane_to_lonlat(srv->run->geo, &x, &y);
        zp_publish_palette_hex(col[s], hex);
        json_t *serves = json_array();
        for (int i = 0; i < srv->nlevels; i++)
            json_array_append_new(serves, json_boolean(zp_school_serves(sc->type, srv->level[i]) &&
                                                       srv->run->capacity[srv->level[i]][s] > 0));
        json_array_append_new(a, json_pack("{sssssssfsfsssosb}", "id", sc->id, "name",
                                           sc->name ? sc->name : sc->id, "type",
                                           zp_school_type_name(sc->type), "lon",
                                           round(x * 1e6) / 1e6, "lat", round(y * 1e6) / 1e6,
                                           "colour", hex, "serves", serves, "closed", sc->closed));
    }
    free(col);
    return a;
}

/* The words the published maps use for levels, school types and flags ([zh, en] under the
 * key words.c has them by), so the page names them as the maps and the report do. */
static json_t *words_json(void)
{
    json_t *o = json_object();
    char key[64];
    for (int i = 0; o && i < ZP_NLEVELS + ZP_NTYPES + ZP_NFLAGS; i++) {
        if (i < ZP_NLEVELS)
            snprintf(key, sizeof key, "%s", zp_level_name((zp_level)i));
        else if (i < ZP_NLEVELS + ZP_NTYPES)
            snprintf(key, sizeof key, "school_%s",
                     zp_school_type_name((zp_school_type)(i - ZP_NLEVELS)));
        else
            snprintf(key, sizeof key, "flag_%s",
                     zp_flag_name((zp_flag_kind)(i - ZP_NLEVELS - ZP_NTYPES)));
        json_object_set_new(o, key,
                            json_pack("[ss]", zp_word(ZP_LANG_ZH, key), zp_word(ZP_LANG_EN, key)));
    }
    return o;
}

int sv_data_make(zp_server *srv)
{
    const zp_scenario *sc = srv->run->sc;
    double bbox[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    int rc = ZP_OK;
    json_t *levels = json_array(), *radius = json_array(),
           *compare = json_pack("[ss]", "today", "plan");
    for (int i = 0; i < srv->nlevels; i++) {
        json_array_append_new(levels, json_string(zp_level_name((zp_level)srv->level[i])));
        json_array_append_new(radius, json_real(sc->policy.service_radius_m[srv->level[i]]));
    }
    if (srv->other[srv->level[0]])
        json_array_append_new(compare, json_string("run"));
    json_t *schools = schools_json(srv, &rc);
    json_t *blocks = rc ? NULL : blocks_json(srv, bbox, &rc);
    json_t *o = json_pack("{sssssososososososo}", "title", sc->name ? sc->name : "", "lang",
                          sc->publish_opts.lang == ZP_LANG_EN ? "en" : "zh", "levels", levels,
                          "schools", schools, "blocks", blocks ? blocks : json_null(), "bbox",
                          json_pack("[ffff]", bbox[0], bbox[1], bbox[2], bbox[3]), "radius_m",
                          radius, "compare", compare, "words", words_json());
    if (rc || !o) {
        json_decref(o);
        return rc ? rc : zp_error_set(ZP_ENOMEM, "out of memory");
    }
    srv->data_json = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(10));
    json_decref(o);
    if (!srv->data_json)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    srv->data_len = strlen(srv->data_json);
    return ZP_OK;
}
