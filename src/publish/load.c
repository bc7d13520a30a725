/* Reading a run folder back for publishing: blocks.shp (through the diff module's reader,
 * which already checks every field of it), catchments.shp, schools.shp and summary.json.
 * Every shape is taken from the run's CRS to WGS 84 and on to one transverse Mercator
 * plane centred on the district, so maps are drawn in ground metres with north up and
 * the web files get longitude/latitude from the same numbers. The folder is only read. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff_internal.h"
#include "geo/geo_internal.h"
#include "io/layer.h"
#include "pub_internal.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

#include <unicode/ucol.h>

/* Shapes in the run's CRS, converted in place: first to lon/lat, then to the plane. */
typedef struct pub_shapes {
    zp_shape *s;
    size_t n;
} pub_shapes;

int zp_pub_transform_shape(PJ *op, PJ_DIRECTION dir, zp_shape *s)
{
    size_t n = (size_t)s->nverts;
    proj_trans_generic(op, dir, s->x, sizeof *s->x, n, s->y, sizeof *s->y, n, NULL, 0, 0, NULL, 0,
                       0);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(s->x[i]) || !isfinite(s->y[i]) || fabs(s->x[i]) > 1e8)
            return -1;
    return 0;
}

/* The run CRS (from blocks.prj) to WGS 84 lon/lat. */
static int source_to_lonlat(zp_pub *p, const char *dir, const char *prj, PJ **out)
{
    if (!prj)
        return zp_error_set(ZP_EINPUT, "%s/blocks.prj: missing: the run folder has no CRS", dir);
    PJ *src = proj_create(p->pctx, prj);
    PJ *ll = proj_create(p->pctx, "EPSG:4326");
    PJ *op = src && ll ? proj_create_crs_to_crs_from_pj(p->pctx, src, ll, NULL, NULL) : NULL;
    PJ *norm = op ? proj_normalize_for_visualization(p->pctx, op) : NULL;
    proj_destroy(src);
    proj_destroy(ll);
    proj_destroy(op);
    *out = norm;
    return norm ? ZP_OK
                : zp_error_set(ZP_EINPUT, "%s/blocks.prj: not a CRS PROJ can take to WGS 84", dir);
}

/* The drawing plane: transverse Mercator at the centre of the blocks' lon/lat extent. */
static int make_plane(zp_pub *p, const pub_shapes *sh)
{
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
    for (size_t i = 0; i < sh->n; i++)
        for (int k = 0; k < sh->s[i].nverts; k++) {
            x0 = fmin(x0, sh->s[i].x[k]);
            x1 = fmax(x1, sh->s[i].x[k]);
            y0 = fmin(y0, sh->s[i].y[k]);
            y1 = fmax(y1, sh->s[i].y[k]);
        }
    if (!(x0 <= x1))
        return zp_error_set(ZP_EINPUT, "%s/blocks.shp: no block has a shape", p->dir);
    char crs[200];
    snprintf(crs, sizeof crs,
             "+proj=tmerc +lat_0=%.6f +lon_0=%.6f +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m "
             "+type=crs",
             (y0 + y1) / 2, (x0 + x1) / 2);
    PJ *op = proj_create_crs_to_crs(p->pctx, crs, "EPSG:4326", NULL);
    p->plane_to_ll = op ? proj_normalize_for_visualization(p->pctx, op) : NULL;
    proj_destroy(op);
    return p->plane_to_ll ? ZP_OK : zp_error_set(ZP_ERROR, "PROJ: cannot make the drawing plane");
}

int zp_pub_to_lonlat(const zp_pub *p, double x, double y, double *lon, double *lat)
{
    PJ_COORD c = proj_trans(p->plane_to_ll, PJ_FWD, proj_coord(x, y, 0, 0));
    *lon = c.xy.x;
    *lat = c.xy.y;
    return isfinite(*lon) && isfinite(*lat)
               ? ZP_OK
               : zp_error_set(ZP_ERROR, "PROJ: no longitude/latitude for plane point (%.1f, %.1f)",
                              x, y);
}

/* A shape of layer ly (record rec) as a valid polygonal geometry in the plane; an empty
 * polygon for a null shape when allow_null. */
static int plane_geometry(zp_pub *p, PJ *to_ll, zp_layer *ly, zp_shape *s, int rec,
                          GEOSGeometry **out)
{
    if (zp_pub_transform_shape(to_ll, PJ_FWD, s) ||
        zp_pub_transform_shape(p->plane_to_ll, PJ_INV, s))
        return zp_error_set(ZP_EINPUT, "%s: record %d: coordinates outside the CRS's area",
                            ly->shp_path, rec + 1);
    int repaired = 0, got = zp_geo_polygon(p->gctx, s, s->x, s->y, &repaired, out);
    if (got < 0)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    if (got != 0 || !*out)
        *out = GEOSGeom_createEmptyPolygon_r(p->gctx);
    return *out ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
}

/* The index of the record with this id in an array sorted by id (the id a char * at
 * offset `at` of each size-byte record), -1 when none has it. */
static int sorted_index(const void *base, size_t n, size_t size, size_t at, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *key = *(char *const *)((const char *)base + mid * size + at);
        int c = strcmp(key, id);
        if (!c)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int zp_pub_school_index(const zp_pub *p, const char *id)
{
    if (!id || !id[0])
        return -1;
    int i =
        sorted_index(p->schools, p->nschools, sizeof *p->schools, offsetof(zp_pub_school, id), id);
    return i >= 0 ? i : -2;
}

int zp_pub_block_index(const zp_pub *p, const char *id)
{
    return id ? sorted_index(p->blocks, p->nblocks, sizeof *p->blocks, offsetof(zp_pub_block, id),
                             id)
              : -1;
}

/* Column of a field every run writes, or an error saying the folder is not a run's. */
static int need_field(zp_layer *ly, const char *name, int *idx)
{
    *idx = DBFGetFieldIndex(ly->dbf, name);
    return *idx >= 0 ? ZP_OK
                     : zp_error_set(ZP_EINPUT,
                                    "%s: no field %s: not the %s of a zoneplan run (run the "
                                    "scenario again with this version)",
                                    ly->dbf_path, name, ly->what);
}

/* A number every run writes in the field; blank or NULL is an error, as is any text. */
static int read_real(zp_layer *ly, int rec, const char *name, double *out)
{
    int f, is_null = 0;
    int rc = need_field(ly, name, &f);
    if (!rc)
        rc = zp_layer_real(ly, rec, f, out, &is_null);
    if (!rc && is_null)
        rc = zp_error_set(ZP_EINPUT, "%s: record %d, field %s: empty; expected a number",
                          ly->dbf_path, rec + 1, name);
    return rc;
}

static int read_int(zp_layer *ly, int rec, const char *name, int64_t *out)
{
    double v = 0;
    int rc = read_real(ly, rec, name, &v);
    if (!rc && (v < 0 || v != floor(v) || v > 9e15))
        rc = zp_error_set(ZP_EINPUT, "%s: record %d, field %s: %.17g is not a whole number >= 0",
                          ly->dbf_path, rec + 1, name, v);
    if (!rc)
        *out = (int64_t)v;
    return rc;
}

static int read_text(zp_layer *ly, int rec, const char *name, char **out)
{
    int f;
    int rc = need_field(ly, name, &f);
    return rc ? rc : zp_layer_text(ly, rec, f, out);
}

static int open_layer(zp_pub *p, zp_layer *ly, const char *what, const char *file)
{
    char *path = zp_path_join(p->dir, file);
    int rc = path ? zp_layer_open_run(ly, what, path) : zp_error_set(ZP_ENOMEM, "out of memory");
    free(path);
    if (rc && path)
        zp_layer_close(ly); /* what a failed open had taken: paths, files */
    return rc;
}

static int cmp_school(const void *a, const void *b)
{
    return strcmp(((const zp_pub_school *)a)->id, ((const zp_pub_school *)b)->id);
}

static int read_school(zp_pub *p, zp_layer *ly, PJ *to_ll, int rec, void *item)
{
    zp_pub_school *s = item;
    char *type = NULL;
    int rc = read_text(ly, rec, "SCHOOL_ID", &s->id);
    if (!rc)
        rc = read_text(ly, rec, "NAME", &s->name);
    if (!rc)
        rc = read_text(ly, rec, "FLAGS", &s->flags);
    if (!rc)
        rc = read_text(ly, rec, "TYPE", &type);
    int fstatus = DBFGetFieldIndex(ly->dbf, "STATUS"); /* absent in older run folders: open */
    char *status = NULL;
    if (!rc && fstatus >= 0 && !(rc = zp_layer_text(ly, rec, fstatus, &status)) &&
        strcmp(status, "open") && strcmp(status, "closed"))
        rc = zp_error_set(ZP_EINPUT, "%s: record %d, field STATUS: '%.40s' is not open or closed",
                          ly->dbf_path, rec + 1, status);
    s->closed = status && !strcmp(status, "closed");
    free(status);
    s->type = !type                        ? -1
              : !strcmp(type, "primary")   ? ZP_TYPE_PRIMARY
              : !strcmp(type, "junior")    ? ZP_TYPE_JUNIOR
              : !strcmp(type, "nine_year") ? ZP_TYPE_NINE_YEAR
                                           : -1;
    if (!rc && s->type < 0)
        rc = zp_error_set(ZP_EINPUT,
                          "%s: record %d, field TYPE: '%s' is not primary, junior or "
                          "nine_year",
                          ly->dbf_path, rec + 1, type);
    free(type);
    const char *f[] = {"PRI_KIDS", "PRI_CAP", "JUN_KIDS", "JUN_CAP"};
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        rc = read_int(ly, rec, f[2 * l], &s->children[l]);
        if (!rc)
            rc = read_int(ly, rec, f[2 * l + 1], &s->capacity[l]);
    }
    if (!rc)
        rc = read_int(ly, rec, "PUPILS", &s->pupils);
    if (!rc)
        rc = read_int(ly, rec, "SCHOOL_CAP", &s->school_cap);
    zp_shape sh = {0};
    if (!rc)
        rc = zp_layer_shape(ly, rec, &sh);
    if (!rc && (zp_pub_transform_shape(to_ll, PJ_FWD, &sh) ||
                zp_pub_transform_shape(p->plane_to_ll, PJ_INV, &sh)))
        rc = zp_error_set(ZP_EINPUT, "%s: record %d: coordinates outside the CRS's area",
                          ly->shp_path, rec + 1);
    if (!rc) {
        s->x = sh.x[0];
        s->y = sh.y[0];
    }
    zp_shape_free(&sh);
    return rc;
}

/* Every record of a run's layer through read(), into a new array sorted by cmp; the index
 * of the first of two equal records in *dup (or -1). */
typedef int (*record_reader)(zp_pub *p, zp_layer *ly, PJ *to_ll, int rec, void *item);
static int load_layer(zp_pub *p, PJ *to_ll, const char *what, const char *file, size_t size,
                      record_reader read, int (*cmp)(const void *, const void *), void **items,
                      size_t *n, long *dup)
{
    zp_layer ly;
    int rc = open_layer(p, &ly, what, file);
    if (rc)
        return rc;
    *items = calloc((size_t)ly.nrecords + 1, size);
    *n = *items ? (size_t)ly.nrecords : 0; /* what zp_pub_free walks */
    if (!*items)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < *n; i++)
        rc = read(p, &ly, to_ll, (int)i, (char *)*items + i * size);
    if (!rc)
        qsort(*items, *n, size, cmp);
    *dup = -1;
    for (size_t i = 1; !rc && *dup < 0 && i < *n; i++)
        if (!cmp((char *)*items + i * size, (char *)*items + (i - 1) * size))
            *dup = (long)i;
    zp_layer_close(&ly);
    return rc;
}

static int load_schools(zp_pub *p, PJ *to_ll)
{
    long dup;
    int rc = load_layer(p, to_ll, "schools table", "schools.shp", sizeof *p->schools, read_school,
                        cmp_school, (void **)&p->schools, &p->nschools, &dup);
    if (!rc && dup >= 0)
        rc = zp_error_set(ZP_EINPUT, "%s/schools.dbf: SCHOOL_ID %s appears twice", p->dir,
                          p->schools[dup].id);
    return rc;
}

/* Blocks from the diff reader (fields checked there), their shapes into the plane. */
static int load_blocks(zp_pub *p, zp_diff_side *side, PJ *to_ll, pub_shapes *sh)
{
    p->blocks = calloc(side->nblocks + 1, sizeof *p->blocks);
    sh->s = calloc(side->nblocks + 1, sizeof *sh->s);
    p->nblocks = p->blocks ? side->nblocks : 0; /* what zp_pub_free walks */
    if (!p->blocks || !sh->s)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    int rc = ZP_OK;
    for (size_t i = 0; !rc && i < p->nblocks; i++) {
        rc = zp_layer_shape(side->layer, side->blocks[i].record, &sh->s[i]);
        if (!rc && zp_pub_transform_shape(to_ll, PJ_FWD, &sh->s[i]))
            rc = zp_error_set(ZP_EINPUT, "%s: record %d: coordinates outside the CRS's area",
                              side->layer->shp_path, side->blocks[i].record + 1);
        sh->n = i + 1;
    }
    if (!rc)
        rc = make_plane(p, sh);
    for (size_t i = 0; !rc && i < p->nblocks; i++) {
        zp_diff_block *d = &side->blocks[i];
        zp_pub_block *b = &p->blocks[i];
        b->id = d->id;
        b->name = d->name;
        d->id = d->name = NULL;
        for (int l = 0; l < ZP_NLEVELS; l++) {
            b->children[l] = d->children[l];
            b->dist_m[l] = d->dist_m[l];
        }
        if (zp_pub_transform_shape(p->plane_to_ll, PJ_INV, &sh->s[i]))
            rc = zp_error_set(ZP_EINPUT, "%s: record %d: coordinates outside the CRS's area",
                              side->layer->shp_path, d->record + 1);
        int repaired = 0, got = rc ? 0
                                   : zp_geo_polygon(p->gctx, &sh->s[i], sh->s[i].x, sh->s[i].y,
                                                    &repaired, &b->geom);
        if (got < 0)
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
        else if (!rc && (got != 0 || !b->geom))
            b->geom = GEOSGeom_createEmptyPolygon_r(p->gctx);
    }
    return rc;
}

/* Each block's school per level as an index, now that the schools are read. */
static int link_blocks(zp_pub *p, zp_diff_side *side)
{
    for (size_t i = 0; i < p->nblocks; i++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            p->blocks[i].school[l] = zp_pub_school_index(p, side->blocks[i].school[l]);
            if (p->blocks[i].school[l] == -2)
                return zp_error_set(ZP_EINPUT,
                                    "%s/blocks.dbf: record %d: school %s is not in schools.shp",
                                    p->dir, side->blocks[i].record + 1, side->blocks[i].school[l]);
        }
    return ZP_OK;
}

static int read_catchment(zp_pub *p, zp_layer *ly, PJ *to_ll, int rec, void *item)
{
    zp_pub_catchment *c = item;
    char *id = NULL, *level = NULL;
    int64_t v = 0;
    int rc = read_text(ly, rec, "SCHOOL_ID", &id);
    if (!rc)
        rc = read_text(ly, rec, "LEVEL", &level);
    c->school = rc ? -1 : zp_pub_school_index(p, id);
    c->level = !level                      ? -1
               : !strcmp(level, "primary") ? ZP_PRIMARY
               : !strcmp(level, "junior")  ? ZP_JUNIOR
                                           : -1;
    if (!rc && c->school < 0)
        rc = zp_error_set(ZP_EINPUT, "%s: record %d, field SCHOOL_ID: %s is not in schools.shp",
                          ly->dbf_path, rec + 1, id);
    if (!rc && c->level < 0)
        rc = zp_error_set(ZP_EINPUT, "%s: record %d, field LEVEL: '%s' is not primary or junior",
                          ly->dbf_path, rec + 1, level);
    free(id);
    free(level);
    if (!rc)
        rc = read_int(ly, rec, "CHILDREN", &c->children);
    if (!rc)
        rc = read_int(ly, rec, "CAPACITY", &c->capacity);
    if (!rc && !(rc = read_int(ly, rec, "BLOCKS", &v)))
        c->nblocks = (int)v;
    if (!rc && !(rc = read_int(ly, rec, "PIECES", &v)))
        c->pieces = (int)v;
    if (!rc)
        rc = read_text(ly, rec, "FLAGS", &c->flags);
    const char *reals[] = {"UTIL", "AREA_KM2", "PP", "MEAN_M", "P95_M", "MAX_M"};
    double *dst[] = {&c->util, &c->area_km2, &c->pp, &c->mean_m, &c->p95_m, &c->max_m};
    for (int k = 0; !rc && k < 6; k++)
        rc = read_real(ly, rec, reals[k], dst[k]);
    if (rc)
        return rc;
    SHPObject *o = SHPReadObject(ly->shp, rec);
    int null = o && (o->nSHPType == SHPT_NULL || o->nVertices == 0);
    SHPDestroyObject(o);
    if (null) /* a school with no blocks at the level */
        return (c->geom = GEOSGeom_createEmptyPolygon_r(p->gctx)) ? ZP_OK : ZP_ENOMEM;
    zp_shape sh = {0};
    rc = zp_layer_shape(ly, rec, &sh);
    if (!rc)
        rc = plane_geometry(p, to_ll, ly, &sh, rec, &c->geom);
    zp_shape_free(&sh);
    return rc;
}

static int cmp_catchment(const void *a, const void *b)
{
    const zp_pub_catchment *x = a, *y = b;
    return x->level != y->level ? x->level - y->level : x->school - y->school;
}

static int load_catchments(zp_pub *p, PJ *to_ll)
{
    long dup;
    int rc =
        load_layer(p, to_ll, "catchments table", "catchments.shp", sizeof *p->catchments,
                   read_catchment, cmp_catchment, (void **)&p->catchments, &p->ncatchments, &dup);
    if (!rc && dup >= 0)
        rc = zp_error_set(ZP_EINPUT, "%s/catchments.dbf: school %s has two %s catchments", p->dir,
                          p->schools[p->catchments[dup].school].id,
                          zp_level_name((zp_level)p->catchments[dup].level));
    for (size_t i = 0; !rc && i < p->ncatchments; i++) {
        zp_pub_catchment *c = &p->catchments[i];
        p->schools[c->school].serves[c->level] = 1;
    }
    for (int l = 0, i = 0; l <= ZP_NLEVELS; l++) {
        while (!rc && (size_t)i < p->ncatchments && p->catchments[i].level < l)
            i++;
        p->level_start[l] = (size_t)i;
    }
    return rc;
}

/* Community lists read in pinyin order, as a notice in Chinese is (ICU's zh collation;
 * Latin names sort as they would in an English list), and house numbers by value (ICU's
 * numeric collation: 8号院, 10号院, 84号院, 124号院). */
static int cmp_member(const void *a, const void *b, void *ud)
{
    const zp_pub *p = ((void **)ud)[0];
    UCollator *coll = ((void **)ud)[1];
    const zp_pub_block *x = &p->blocks[*(const int32_t *)a], *y = &p->blocks[*(const int32_t *)b];
    UErrorCode st = U_ZERO_ERROR;
    UCollationResult r = ucol_strcollUTF8(coll, x->name, -1, y->name, -1, &st);
    if (U_SUCCESS(st) && r != UCOL_EQUAL)
        return r == UCOL_LESS ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int find_catchment(const zp_pub *p, int level, int school)
{
    size_t lo = p->level_start[level], hi = p->level_start[level + 1];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p->catchments[mid].school == school)
            return (int)mid;
        if (p->catchments[mid].school < school)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int list_members(zp_pub *p)
{
    for (size_t i = 0; i < p->ncatchments; i++) {
        p->catchments[i].members = calloc((size_t)p->catchments[i].nblocks + 1, sizeof(int32_t));
        if (!p->catchments[i].members)
            return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (size_t b = 0; b < p->nblocks; b++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            int s = p->blocks[b].school[l];
            int c = s < 0 ? -1 : find_catchment(p, l, s);
            if (s >= 0 && c < 0)
                return zp_error_set(ZP_EINPUT,
                                    "%s/blocks.dbf: block %s: school %s has no %s "
                                    "catchment in catchments.shp",
                                    p->dir, p->blocks[b].id, p->schools[s].id,
                                    zp_level_name((zp_level)l));
            zp_pub_catchment *k = &p->catchments[c < 0 ? 0 : c];
            if (c >= 0 && k->nmembers >= (size_t)k->nblocks)
                return zp_error_set(ZP_EINPUT,
                                    "%s/catchments.dbf: %s %s says BLOCKS %d but "
                                    "blocks.dbf has more",
                                    p->dir, p->schools[s].id, zp_level_name((zp_level)l),
                                    k->nblocks);
            if (c >= 0)
                k->members[k->nmembers++] = (int32_t)b;
        }
    UErrorCode st = U_ZERO_ERROR;
    UCollator *coll = ucol_open("zh", &st);
    if (U_SUCCESS(st))
        ucol_setAttribute(coll, UCOL_NUMERIC_COLLATION, UCOL_ON, &st);
    if (U_FAILURE(st)) {
        ucol_close(coll);
        return zp_error_set(ZP_ERROR, "ICU: no collation for zh (%s)", u_errorName(st));
    }
    void *ud[2] = {p, coll};
    for (size_t i = 0; i < p->ncatchments; i++)
        qsort_r(p->catchments[i].members, p->catchments[i].nmembers, sizeof(int32_t), cmp_member,
                ud);
    ucol_close(coll);
    return ZP_OK;
}

/* Title and service radii from summary.json (the radii are optional: older runs lack them),
 * and the audit when the run has one. */
static int read_summary(zp_pub *p, const char *scenario)
{
    p->title = strdup(scenario ? scenario : "");
    char *path = zp_path_join(p->dir, "summary.json");
    json_t *root = NULL;
    int rc = path ? zp_diff_read_json(path, &root) : zp_error_set(ZP_ENOMEM, "out of memory");
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        json_t *r = json_object_get(
            json_object_get(json_object_get(root, "levels"), zp_level_name((zp_level)l)),
            "service_radius_m");
        p->radius_m[l] = json_is_number(r) ? json_number_value(r) : 0;
    }
    json_t *pub = json_object_get(root, "publication"); /* older runs lack it: internal */
    const char *aud = json_string_value(json_object_get(pub, "audience"));
    p->public_notice = aud && !strcmp(aud, "public");
    const char *bureau = json_string_value(json_object_get(pub, "bureau")),
               *approval = json_string_value(json_object_get(pub, "approval"));
    json_t *year = json_object_get(pub, "year");
    p->year = json_is_integer(year) ? (int)json_integer_value(year) : 0;
    if (!rc && ((bureau && !(p->bureau = strdup(bureau))) ||
                (approval && !(p->approval = strdup(approval)))))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc)
        rc = zp_pub_roads_spec(p, root);
    if (!rc)
        rc = zp_pub_read_audit(p, path, root);
    json_decref(root);
    free(path);
    return !rc && !p->title ? zp_error_set(ZP_ENOMEM, "out of memory") : rc;
}

static void extent(zp_pub *p)
{
    p->minx = p->miny = HUGE_VAL;
    p->maxx = p->maxy = -HUGE_VAL;
    for (size_t b = 0; b < p->nblocks; b++) {
        double x0, y0, x1, y1;
        if (GEOSisEmpty_r(p->gctx, p->blocks[b].geom) != 0 ||
            !GEOSGeom_getXMin_r(p->gctx, p->blocks[b].geom, &x0) ||
            !GEOSGeom_getYMin_r(p->gctx, p->blocks[b].geom, &y0) ||
            !GEOSGeom_getXMax_r(p->gctx, p->blocks[b].geom, &x1) ||
            !GEOSGeom_getYMax_r(p->gctx, p->blocks[b].geom, &y1))
            continue;
        p->minx = fmin(p->minx, x0);
        p->miny = fmin(p->miny, y0);
        p->maxx = fmax(p->maxx, x1);
        p->maxy = fmax(p->maxy, y1);
    }
}

static int load_all(zp_pub *p)
{
    zp_diff_side side = {.dir = strdup(p->dir)};
    pub_shapes sh = {0};
    PJ *to_ll = NULL;
    int rc = side.dir ? zp_diff_side_load(&side) : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc)
        rc = read_summary(p, side.scenario);
    if (!rc)
        rc = source_to_lonlat(p, p->dir, side.prj, &to_ll);
    if (!rc)
        rc = load_blocks(p, &side, to_ll, &sh);
    if (!rc)
        rc = load_schools(p, to_ll);
    if (!rc)
        rc = zp_pub_load_roads(p);
    if (!rc)
        rc = link_blocks(p, &side);
    if (!rc)
        rc = load_catchments(p, to_ll);
    if (!rc)
        rc = list_members(p);
    if (!rc)
        extent(p);
    for (size_t i = 0; i < sh.n; i++)
        zp_shape_free(&sh.s[i]);
    free(sh.s);
    proj_destroy(to_ll);
    zp_diff_side_free(&side);
    return rc;
}

/* One record of another run's catchments.shp: its level and its shape in p's plane (none
 * for a school without blocks at the level). */
static int read_old(zp_pub *p, zp_layer *ly, PJ *to_ll, int rec, zp_pub_changes *ch)
{
    char *level = NULL;
    int rc = read_text(ly, rec, "LEVEL", &level);
    int l = rc                          ? -1
            : !strcmp(level, "primary") ? ZP_PRIMARY
            : !strcmp(level, "junior")  ? ZP_JUNIOR
                                        : -1;
    if (!rc && l < 0)
        rc = zp_error_set(ZP_EINPUT, "%s: record %d, field LEVEL: '%s' is not primary or junior",
                          ly->dbf_path, rec + 1, level);
    free(level);
    SHPObject *o = rc ? NULL : SHPReadObject(ly->shp, rec);
    int null = !o || o->nSHPType == SHPT_NULL || o->nVertices == 0;
    SHPDestroyObject(o);
    if (rc || null)
        return rc;
    zp_shape sh = {0};
    GEOSGeometry *g = NULL;
    rc = zp_layer_shape(ly, rec, &sh);
    if (!rc)
        rc = plane_geometry(p, to_ll, ly, &sh, rec, &g);
    zp_shape_free(&sh);
    if (!rc) {
        ch->old[ch->nold] = g;
        ch->old_level[ch->nold++] = l;
    }
    return rc;
}

int zp_pub_load_old(zp_pub *p, const char *run_dir, const char *prj, zp_pub_changes *ch)
{
    zp_layer ly;
    char *path = zp_path_join(run_dir, "catchments.shp");
    int rc = path ? zp_layer_open_run(&ly, "catchments table", path)
                  : zp_error_set(ZP_ENOMEM, "out of memory");
    free(path);
    if (rc)
        return rc;
    PJ *to_ll = NULL;
    rc = source_to_lonlat(p, run_dir, prj, &to_ll);
    size_t n = (size_t)ly.nrecords;
    GEOSGeometry **old = rc ? NULL : realloc(ch->old, (ch->nold + n + 1) * sizeof *old);
    if (old)
        ch->old = old;
    int *lv = old ? realloc(ch->old_level, (ch->nold + n + 1) * sizeof *lv) : NULL;
    if (lv)
        ch->old_level = lv;
    if (!rc && !lv)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (int i = 0; !rc && i < (int)n; i++)
        rc = read_old(p, &ly, to_ll, i, ch);
    proj_destroy(to_ll);
    zp_layer_close(&ly);
    return rc;
}

int zp_pub_load(const char *dir, zp_lang lang, zp_pub **out)
{
    *out = NULL;
    zp_pub *p = calloc(1, sizeof *p);
    if (!p || !(p->dir = strdup(dir))) {
        free(p);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    p->lang = lang;
    p->gctx = GEOS_init_r();
    p->pctx = proj_context_create();
    int rc = p->gctx && p->pctx ? load_all(p) : zp_error_set(ZP_ERROR, "cannot start GEOS/PROJ");
    if (!rc)
        rc = zp_pub_load_walks(p);
    if (rc) {
        zp_pub_free(p);
        return rc;
    }
    *out = p;
    return ZP_OK;
}

void zp_pub_free(zp_pub *p)
{
    if (!p)
        return;
    free(p->bureau);
    free(p->approval);
    zp_pub_roads_free(&p->roads);
    zp_pub_walks_free(&p->walks);
    zp_pub_audit_free(&p->audit);
    for (size_t i = 0; i < p->nblocks; i++) {
        free(p->blocks[i].id);
        free(p->blocks[i].name);
        if (p->blocks[i].geom)
            GEOSGeom_destroy_r(p->gctx, p->blocks[i].geom);
    }
    for (size_t i = 0; i < p->nschools; i++) {
        free(p->schools[i].id);
        free(p->schools[i].name);
        free(p->schools[i].flags);
    }
    for (size_t i = 0; i < p->ncatchments; i++) {
        free(p->catchments[i].flags);
        free(p->catchments[i].members);
        if (p->catchments[i].geom)
            GEOSGeom_destroy_r(p->gctx, p->catchments[i].geom);
    }
    free(p->blocks);
    free(p->schools);
    free(p->catchments);
    proj_destroy(p->plane_to_ll);
    if (p->pctx)
        proj_context_destroy(p->pctx);
    if (p->gctx)
        GEOS_finish_r(p->gctx);
    free(p->title);
    free(p->dir);
    free(p);
}
