/* Writing the generated layers with shapelib: polygons, points, DBF tables, .prj, .cpg.
 *
 * Text fields are converted from UTF-8 to the requested encoding (GBK by default) with
 * iconv and the .cpg names that encoding, as the bureaus' own exports do. Ring order is
 * left to SHPRewindObject (outer rings clockwise). The DBF date is fixed so the same
 * options always give the same bytes. Files go into the caller's (temporary) folder;
 * gen.c moves them into place once everything is written. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/sys.h"
#include "zoneplan/errors.h"
#include "zoneplan/out.h"
#include "gen_internal.h"

#define NAME_WIDTH 60
#define TYPE_WIDTH 16
#define COUNT_WIDTH 9
#define AREA_WIDTH 12      /* m2 */
#define REAL_DECIMALS 1    /* m2 to 0.1 */
#define VALUE_WIDTH 12     /* yuan */
#define DBF_YEAR 126       /* fixed DBF date, 2026-01-01, for byte-identical output */
#define LDID_GBK "LDID/77" /* code page 936 in the DBF header */
#define LDID_NONE "LDID/0" /* no code page in the header: the .cpg says it */

static int is_utf8(const char *enc)
{
    return strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
}

static int is_gbk(const char *enc)
{
    return strcasecmp(enc, "GBK") == 0 || strcasecmp(enc, "CP936") == 0 || strcmp(enc, "936") == 0;
}

/* ---- text in the output encoding ---- */
typedef struct gen_text {
    iconv_t cd;
    char buf[1024];
} gen_text;

static int text_open(gen_text *t, const char *enc)
{
    t->cd = (iconv_t)-1;
    if (is_utf8(enc))
        return ZP_OK;
    t->cd = iconv_open(strcmp(enc, "936") == 0 ? "CP936" : enc, "UTF-8");
    if (t->cd == (iconv_t)-1)
        return zp_error_set(ZP_EINPUT, "gen: unknown text encoding \"%s\"", enc);
    return ZP_OK;
}

static void text_close(gen_text *t)
{
    if (t->cd != (iconv_t)-1)
        iconv_close(t->cd);
}

/* s in the output encoding (valid until the next call), NULL when it cannot be. */
static const char *text_conv(gen_text *t, const char *s)
{
    if (t->cd == (iconv_t)-1)
        return s;
    char *in = (char *)s, *out = t->buf;
    size_t inleft = strlen(s), outleft = sizeof t->buf - 1;
    iconv(t->cd, NULL, NULL, NULL, NULL);
    if (iconv(t->cd, &in, &inleft, &out, &outleft) == (size_t)-1 ||
        iconv(t->cd, NULL, NULL, &out, &outleft) == (size_t)-1)
        return NULL;
    *out = '\0';
    return t->buf;
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int write_text(const char *dir, const char *shown_dir, const char *name, const char *text)
{
    char *path = join(dir, name);
    if (!path)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory");
    FILE *f = zp_sys_fopen(path);
    int ok = f && fwrite(text, 1, strlen(text), f) == strlen(text);
    int err = errno;
    if (f && fclose(f) != 0) {
        ok = 0;
        err = errno;
    }
    free(path);
    if (!ok)
        return zp_error_set(ZP_EIO, "gen: cannot write %s/%s: %s", shown_dir, name, strerror(err));
    return ZP_OK;
}

int gen_text_check(const char *enc)
{
    gen_text t;
    int rc = text_open(&t, enc);
    if (rc == ZP_OK)
        text_close(&t);
    return rc;
}

/* ---- geometry ---- */
int gen_count_rings(GEOSContextHandle_t ctx, const GEOSGeometry *g, int *nrings, int *nverts)
{
    int n = GEOSGetNumGeometries_r(ctx, g);
    *nrings = *nverts = 0;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(ctx, g, i);
        int holes = GEOSGetNumInteriorRings_r(ctx, p);
        if (GEOSGeomTypeId_r(ctx, p) != GEOS_POLYGON || holes < 0)
            return 0;
        for (int r = -1; r < holes; r++) {
            const GEOSGeometry *ring =
                r < 0 ? GEOSGetExteriorRing_r(ctx, p) : GEOSGetInteriorRingN_r(ctx, p, r);
            int nv = ring ? GEOSGeomGetNumPoints_r(ctx, ring) : -1;
            if (nv < 0)
                return 0;
            (*nrings)++;
            *nverts += nv;
        }
    }
    return 1;
}

int gen_copy_rings(GEOSContextHandle_t ctx, const GEOSGeometry *g, int *parts, double *x, double *y)
{
    int n = GEOSGetNumGeometries_r(ctx, g), k = 0, off = 0;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(ctx, g, i);
        int holes = GEOSGetNumInteriorRings_r(ctx, p);
        for (int r = -1; r < holes; r++) {
            const GEOSGeometry *ring =
                r < 0 ? GEOSGetExteriorRing_r(ctx, p) : GEOSGetInteriorRingN_r(ctx, p, r);
            const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(ctx, ring);
            unsigned nv = 0;
            if (!seq || !GEOSCoordSeq_getSize_r(ctx, seq, &nv) ||
                !GEOSCoordSeq_copyToArrays_r(ctx, seq, x + off, y + off, NULL, NULL))
                return 0;
            parts[k++] = off;
            off += (int)nv;
        }
    }
    return 1;
}

int gen_write_polygon(gen_world *w, SHPHandle shp, const GEOSGeometry *g, const char *name)
{
    const char *dir = w->opt->out_dir;
    GEOSContextHandle_t ctx = w->geos;
    int nrings, nverts;
    if (!gen_count_rings(ctx, g, &nrings, &nverts) || nrings == 0)
        return zp_error_set(ZP_ERROR, "gen: unexpected geometry for %s/%s", dir, name);
    int *parts = malloc((size_t)nrings * sizeof *parts);
    double *x = malloc((size_t)nverts * sizeof *x), *y = malloc((size_t)nverts * sizeof *y);
    int rc = ZP_OK;
    if (!parts || !x || !y)
        rc = zp_error_set(ZP_ENOMEM, "gen: out of memory writing %s/%s", dir, name);
    else if (!gen_copy_rings(ctx, g, parts, x, y))
        rc = zp_error_set(ZP_ERROR, "gen: GEOS could not read a polygon for %s/%s", dir, name);
    else
        rc = gen_crs_out(w, x, y, (size_t)nverts);
    SHPObject *obj = rc == ZP_OK ? SHPCreateObject(SHPT_POLYGON, -1, nrings, parts, NULL, nverts, x,
                                                   y, NULL, NULL)
                                 : NULL;
    if (rc == ZP_OK && !obj)
        rc = zp_error_set(ZP_ENOMEM, "gen: out of memory writing %s/%s", dir, name);
    if (obj) {
        SHPRewindObject(shp, obj);
        if (SHPWriteObject(shp, -1, obj) < 0)
            rc = zp_error_set(ZP_EIO, "gen: cannot write a shape to %s/%s", dir, name);
        SHPDestroyObject(obj);
    }
    free(parts);
    free(x);
    free(y);
    return rc;
}

/* ---- tables ---- */
typedef struct dbf_field {
    const char *name;
    DBFFieldType type;
    int width; /* FTDouble fields get REAL_DECIMALS */
} dbf_field;

typedef struct table {
    DBFHandle h;
    char *path;  /* where it is written (the temporary folder) */
    char *shown; /* where it will be, for messages */
    gen_text *text;
    const char *enc;
    const char *out_dir;
} table;

/* Through the writers' hooks, so a failed write or close is counted (zp_out_hook_failures). */
static SHPHandle shp_create(const char *path, int type)
{
    SAHooks hooks;
    zp_out_hooks(&hooks);
    return SHPCreateLL(path, type, &hooks);
}

static int table_open(table *tb, const char *dir, const char *name, const dbf_field *f, int n)
{
    tb->path = join(dir, name);
    tb->shown = join(tb->out_dir, name);
    if (!tb->path || !tb->shown)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory");
    SAHooks hooks;
    zp_out_hooks(&hooks);
    tb->h = DBFCreateLL(tb->path, is_gbk(tb->enc) ? LDID_GBK : LDID_NONE, &hooks);
    if (!tb->h)
        return zp_error_set(ZP_EIO, "gen: cannot create %s: %s", tb->shown, strerror(errno));
    DBFSetLastModifiedDate(tb->h, DBF_YEAR, 1, 1);
    for (int i = 0; i < n; i++)
        if (DBFAddField(tb->h, f[i].name, f[i].type, f[i].width,
                        f[i].type == FTDouble ? REAL_DECIMALS : 0) < 0)
            return zp_error_set(ZP_EIO, "gen: cannot add field %s to %s", f[i].name, tb->shown);
    return ZP_OK;
}

static int table_close(table *tb, int rc)
{
    if (tb->h)
        DBFClose(tb->h);
    tb->h = NULL;
    free(tb->path);
    free(tb->shown);
    tb->path = tb->shown = NULL;
    return rc;
}

static int put_str(table *tb, int rec, int field, int width, const char *utf8)
{
    const char *s = text_conv(tb->text, utf8);
    if (!s)
        return zp_error_set(ZP_EINPUT, "gen: \"%s\" (%s record %d) cannot be written in %s", utf8,
                            tb->shown, rec + 1, tb->enc);
    if ((int)strlen(s) > width)
        return zp_error_set(ZP_ERROR, "gen: \"%s\" is longer than %d bytes in %s", utf8, width,
                            tb->shown);
    if (!DBFWriteStringAttribute(tb->h, rec, field, s))
        return zp_error_set(ZP_EIO, "gen: cannot write record %d of %s", rec + 1, tb->shown);
    return ZP_OK;
}

static int put_int(table *tb, int rec, int field, int value)
{
    if (!DBFWriteIntegerAttribute(tb->h, rec, field, value))
        return zp_error_set(ZP_EIO, "gen: cannot write record %d of %s", rec + 1, tb->shown);
    return ZP_OK;
}

/* A number in a numeric field, at the field's decimals (whole yuan beyond an int's range). */
static int put_num(table *tb, int rec, int field, double value)
{
    if (!DBFWriteDoubleAttribute(tb->h, rec, field, value))
        return zp_error_set(ZP_EIO, "gen: cannot write record %d of %s", rec + 1, tb->shown);
    return ZP_OK;
}

static int digits_of(size_t n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

int gen_school_digits(const gen_world *w)
{
    return digits_of((size_t)w->ns) < 3 ? 3 : digits_of((size_t)w->ns);
}

static int write_blocks_dbf(gen_world *w, const char *dir, table *tb)
{
    int bd = digits_of(w->nb) < 5 ? 5 : digits_of(w->nb);
    int sd = gen_school_digits(w);
    const dbf_field f[] = {{"BLOCK_ID", FTString, bd + 1},   {"NAME", FTString, NAME_WIDTH},
                           {"PRI", FTInteger, COUNT_WIDTH},  {"JUN", FTInteger, COUNT_WIDTH},
                           {"CUR_PRI", FTString, sd + 1},    {"CUR_JUN", FTString, sd + 1},
                           {"AGE0", FTInteger, COUNT_WIDTH}, {"AGE1", FTInteger, COUNT_WIDTH},
                           {"AGE2", FTInteger, COUNT_WIDTH}, {"AGE3", FTInteger, COUNT_WIDTH},
                           {"AGE4", FTInteger, COUNT_WIDTH}, {"AGE5", FTInteger, COUNT_WIDTH}};
    int rc = table_open(tb, dir, "blocks.dbf", f, 12);
    char id[32], cur[2][32];
    for (size_t b = 0; b < w->nb && rc == ZP_OK; b++) {
        int rec = (int)b;
        if (snprintf(id, sizeof id, "B%0*zu", bd, b + 1) >= (int)sizeof id)
            return table_close(tb, zp_error_set(ZP_ERROR, "gen: block id too long"));
        for (int l = 0; l < 2; l++) {
            cur[l][0] = '\0';
            if (w->cur[l][b] >= 0)
                if (snprintf(cur[l], sizeof cur[l], "S%0*d", sd, w->cur[l][b] + 1) < 0)
                    cur[l][0] = '\0';
        }
        rc = put_str(tb, rec, 0, bd + 1, id);
        if (rc == ZP_OK)
            rc = put_str(tb, rec, 1, NAME_WIDTH, gen_str(&w->names, w->bname[b]));
        if (rc == ZP_OK)
            rc = put_int(tb, rec, 2, w->pri[b]);
        if (rc == ZP_OK)
            rc = put_int(tb, rec, 3, w->jun[b]);
        for (int l = 0; l < 2 && rc == ZP_OK; l++)
            rc = put_str(tb, rec, 4 + l, sd + 1, cur[l]);
        for (int a = 0; a < 6 && rc == ZP_OK; a++)
            rc = put_int(tb, rec, 6 + a, w->age[a][b]);
    }
    return table_close(tb, rc);
}

static int write_school_row(gen_world *w, table *tb, int s, int sd)
{
    static const char *type_name[3] = {"小学", "初中", "九年一贯制"};
    char id[32];
    if (snprintf(id, sizeof id, "S%0*d", sd, s + 1) >= (int)sizeof id)
        return zp_error_set(ZP_ERROR, "gen: school id too long");
    int rc = put_str(tb, s, 0, sd + 1, id);
    if (rc == ZP_OK)
        rc = put_str(tb, s, 1, NAME_WIDTH, gen_str(&w->names, w->schname[s]));
    if (rc == ZP_OK)
        rc = put_str(tb, s, 2, TYPE_WIDTH, type_name[w->schtype[s]]);
    for (int l = 0; l < 2 && rc == ZP_OK; l++) {
        rc = put_int(tb, s, 3 + l, w->cap[l][s]);
        if (rc == ZP_OK)
            rc = put_int(tb, s, 5 + l, w->cls[l][s]);
        if (rc == ZP_OK)
            rc = put_int(tb, s, 7 + l, w->enr[l][s]);
    }
    for (int i = 0; i < GEN_NRES && rc == ZP_OK; i++)
        rc = put_num(tb, s, 9 + i, w->res[i][s]);
    return rc;
}

static int write_schools(gen_world *w, const char *dir, table *tb)
{
    int sd = gen_school_digits(w);
    const dbf_field f[] = {{"SCHOOL_ID", FTString, sd + 1},
                           {"NAME", FTString, NAME_WIDTH},
                           {"TYPE", FTString, TYPE_WIDTH},
                           {"CAP_PRI", FTInteger, COUNT_WIDTH},
                           {"CAP_JUN", FTInteger, COUNT_WIDTH},
                           {"CLS_PRI", FTInteger, COUNT_WIDTH},
                           {"CLS_JUN", FTInteger, COUNT_WIDTH},
                           {"ENR_PRI", FTInteger, COUNT_WIDTH},
                           {"ENR_JUN", FTInteger, COUNT_WIDTH},
                           /* the audit's resources, whole school (GEN_RES_* order) */
                           {"TCH_QUAL", FTInteger, COUNT_WIDTH},
                           {"TCH_KEY", FTInteger, COUNT_WIDTH},
                           {"TCH_PEART", FTInteger, COUNT_WIDTH},
                           {"AREA_TEACH", FTDouble, AREA_WIDTH},
                           {"AREA_SPORT", FTDouble, AREA_WIDTH},
                           {"EQUIP_YUAN", FTInteger, VALUE_WIDTH},
                           {"MM_ROOMS", FTInteger, COUNT_WIDTH}};
    int rc = table_open(tb, dir, "schools.dbf", f, (int)(sizeof f / sizeof f[0]));
    char *path = join(dir, "schools.shp");
    SHPHandle shp = rc == ZP_OK && path ? shp_create(path, SHPT_POINT) : NULL;
    if (rc == ZP_OK && !shp)
        rc = zp_error_set(ZP_EIO, "gen: cannot create %s/schools.shp", tb->out_dir);
    for (int s = 0; s < w->ns && rc == ZP_OK; s++) {
        double x = w->schx[s], y = w->schy[s];
        rc = gen_crs_out(w, &x, &y, 1);
        SHPObject *o = rc == ZP_OK ? SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL) : NULL;
        if (rc == ZP_OK && (!o || SHPWriteObject(shp, -1, o) < 0))
            rc = zp_error_set(ZP_EIO, "gen: cannot write school %d to %s/schools.shp", s + 1,
                              tb->out_dir);
        SHPDestroyObject(o);
        if (rc == ZP_OK)
            rc = write_school_row(w, tb, s, sd);
    }
    if (shp)
        SHPClose(shp);
    free(path);
    return table_close(tb, rc);
}

static int write_river(gen_world *w, const char *dir, table *tb)
{
    const dbf_field f[] = {{"NAME", FTString, NAME_WIDTH}};
    int rc = table_open(tb, dir, "river.dbf", f, 1);
    char *path = join(dir, "river.shp");
    SHPHandle shp = rc == ZP_OK && path ? shp_create(path, SHPT_POLYGON) : NULL;
    if (rc == ZP_OK && !shp)
        rc = zp_error_set(ZP_EIO, "gen: cannot create %s/river.shp", tb->out_dir);
    if (rc == ZP_OK)
        rc = gen_write_polygon(w, shp, w->river, "river.shp");
    if (rc == ZP_OK)
        rc = put_str(tb, 0, 0, NAME_WIDTH, gen_river_name(w->river_name));
    if (shp)
        SHPClose(shp);
    free(path);
    return table_close(tb, rc);
}

/* roads.shp: one line per boundary segment, bridge and stretch of expressway; KIND says
 * which (street, arterial, estate, lane, bridge, expressway). */
static int write_roads(gen_world *w, const char *dir, table *tb)
{
    const dbf_field f[] = {{"KIND", FTString, 12}};
    int rc = table_open(tb, dir, "roads.dbf", f, 1);
    char *path = join(dir, "roads.shp");
    SHPHandle shp = rc == ZP_OK && path ? shp_create(path, SHPT_ARC) : NULL;
    if (rc == ZP_OK && !shp)
        rc = zp_error_set(ZP_EIO, "gen: cannot create %s/roads.shp", tb->out_dir);
    for (size_t s = 0; rc == ZP_OK && s < w->nsegs; s++) {
        const gen_seg *g = &w->segs[s];
        double x[2] = {g->ax, g->bx}, y[2] = {g->ay, g->by};
        rc = gen_crs_out(w, x, y, 2);
        SHPObject *o = rc == ZP_OK ? SHPCreateSimpleObject(SHPT_ARC, 2, x, y, NULL) : NULL;
        if (rc == ZP_OK && (!o || SHPWriteObject(shp, -1, o) < 0))
            rc = zp_error_set(ZP_EIO, "gen: cannot write road %zu to %s/roads.shp", s + 1,
                              tb->out_dir);
        SHPDestroyObject(o);
        if (rc == ZP_OK)
            rc = put_str(tb, (int)s, 0, 12, gen_road_kind(g->road));
    }
    if (shp)
        SHPClose(shp);
    free(path);
    return table_close(tb, rc);
}

int gen_write_layers(gen_world *w, const char *dir)
{
    static const char *layers[] = {"blocks", "schools", "river", "roads"};
    const char *enc = w->opt->encoding;
    gen_text text;
    table tb = {.enc = enc, .text = &text, .out_dir = w->opt->out_dir};
    int rc = text_open(&text, enc);
    if (rc != ZP_OK)
        return rc;
    rc = write_blocks_dbf(w, dir, &tb);
    if (rc == ZP_OK)
        rc = write_schools(w, dir, &tb);
    if (rc == ZP_OK)
        rc = write_river(w, dir, &tb);
    if (rc == ZP_OK)
        rc = write_roads(w, dir, &tb);
    text_close(&text);
    char *history = NULL;
    if (rc == ZP_OK)
        rc = gen_history(w, &history);
    if (rc == ZP_OK) /* UTF-8 whatever the layers' encoding: it holds ids and numbers */
        rc = write_text(dir, w->opt->out_dir, "history.csv", history);
    free(history);
    for (int i = 0; i < 4 && rc == ZP_OK; i++) {
        char name[32];
        snprintf(name, sizeof name, "%s.prj", layers[i]);
        rc = write_text(dir, w->opt->out_dir, name, w->wkt);
        snprintf(name, sizeof name, "%s.cpg", layers[i]);
        if (rc == ZP_OK)
            rc = write_text(dir, w->opt->out_dir, name, is_utf8(enc) ? "UTF-8" : enc);
    }
    return rc;
}
