/* Writes the small test districts described in fixture.h with shapelib, PROJ (for
 * the .prj and lon/lat variants) and iconv (for GBK tables). */
#include <iconv.h>
#include <proj.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "support.h"

#define X0 520000.0
#define Y0 3385000.0

static void to_encoding(const char *enc, const char *in, char *out, size_t size)
{
    if (!enc || !strcmp(enc, "UTF-8")) {
        snprintf(out, size, "%s", in);
        return;
    }
    iconv_t cd = iconv_open(enc, "UTF-8");
    char *ip = (char *)in, *op = out;
    size_t il = strlen(in), ol = size - 1;
    iconv(cd, &ip, &il, &op, &ol);
    *op = '\0';
    iconv_close(cd);
}

void zpt_write_prj(const char *base, int epsg)
{
    PJ_CONTEXT *ctx = proj_context_create();
    char code[32], path[1100];
    snprintf(code, sizeof code, "EPSG:%d", epsg);
    PJ *crs = proj_create(ctx, code);
    /* base is at most 1023 chars; the room for ".prj" keeps GCC's truncation check quiet. */
    snprintf(path, sizeof path, "%s.prj", base);
    zpt_write(path, proj_as_wkt(ctx, crs, PJ_WKT1_ESRI, NULL));
    proj_destroy(crs);
    proj_context_destroy(ctx);
}

/* Grid metres -> the file's CRS (GK zone CM 114E, or CGCS2000 lon/lat). */
static void place(const zpt_grid *g, double *x, double *y, int n)
{
    for (int i = 0; i < n; i++) {
        x[i] += X0;
        y[i] += Y0;
    }
    if (g->epsg != 4490)
        return;
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *op = proj_create_crs_to_crs(ctx, "EPSG:4547", "EPSG:4490", NULL);
    PJ *norm = proj_normalize_for_visualization(ctx, op);
    proj_trans_generic(norm, PJ_FWD, x, sizeof *x, (size_t)n, y, sizeof *y, (size_t)n, NULL, 0, 0,
                       NULL, 0, 0);
    proj_destroy(norm);
    proj_destroy(op);
    proj_context_destroy(ctx);
}

static void write_blocks(const char *dir, const zpt_grid *g)
{
    char base[1024], text[256];
    snprintf(base, sizeof base, "%s/blocks", dir);
    SHPHandle shp = SHPCreate(base, g->points ? SHPT_POINT : SHPT_POLYGON);
    DBFHandle dbf = DBFCreateEx(base, g->encoding ? g->encoding : "UTF-8");
    DBFAddField(dbf, "BLOCK_ID", FTString, 20, 0);
    DBFAddField(dbf, "NAME", FTString, 60, 0);
    DBFAddField(dbf, "PRI", FTInteger, 8, 0);
    DBFAddField(dbf, "JUN", FTInteger, 8, 0);
    DBFAddField(dbf, "CUR_PRI", FTString, 20, 0);
    double side = g->side > 0 ? g->side : 200;
    for (int j = 0, r = 0; j < g->ny; j++)
        for (int i = 0; i < g->nx; i++, r++) {
            double x[5] = {i * side, i * side, (i + 1) * side, (i + 1) * side, i * side};
            double y[5] = {j * side, (j + 1) * side, (j + 1) * side, j * side, j * side};
            place(g, x, y, 5);
            if (g->points) { /* the centre */
                x[0] = (x[0] + x[2]) / 2;
                y[0] = (y[0] + y[1]) / 2;
            }
            SHPObject *o = g->points ? SHPCreateSimpleObject(SHPT_POINT, 1, x, y, NULL)
                                     : SHPCreateSimpleObject(SHPT_POLYGON, 5, x, y, NULL);
            SHPWriteObject(shp, -1, o);
            SHPDestroyObject(o);
            snprintf(text, sizeof text, "B%03d", r + 1);
            DBFWriteStringAttribute(dbf, r, 0, text);
            char name[128];
            snprintf(name, sizeof name, "幸福小区%d号", r + 1);
            to_encoding(g->encoding, name, text, sizeof text);
            DBFWriteStringAttribute(dbf, r, 1, text);
            DBFWriteIntegerAttribute(dbf, r, 2, g->pri ? g->pri[r] : 10);
            DBFWriteIntegerAttribute(dbf, r, 3, g->jun ? g->jun[r] : 5);
            DBFWriteStringAttribute(dbf, r, 4, g->cur_pri && g->cur_pri[r] ? g->cur_pri[r] : "");
        }
    SHPClose(shp);
    DBFClose(dbf);
    if (!g->no_prj)
        zpt_write_prj(base, g->epsg ? g->epsg : 4547);
}

static void write_schools(const char *dir, const zpt_grid *g)
{
    char base[1024], text[256];
    snprintf(base, sizeof base, "%s/schools", dir);
    SHPHandle shp = SHPCreate(base, SHPT_POINT);
    DBFHandle dbf = DBFCreateEx(base, g->encoding ? g->encoding : "UTF-8");
    const char *fields[] = {"CAP_PRI", "CAP_JUN", "CLS_PRI", "CLS_JUN"};
    DBFAddField(dbf, "SCHOOL_ID", FTString, 20, 0);
    DBFAddField(dbf, "NAME", FTString, 60, 0);
    DBFAddField(dbf, "TYPE", FTString, 20, 0);
    for (int f = 0; f < 4; f++)
        DBFAddField(dbf, fields[f], FTInteger, 8, 0);
    for (int s = 0; s < g->nschools; s++) {
        const zpt_school *sc = &g->schools[s];
        double x = sc->x, y = sc->y;
        place(g, &x, &y, 1);
        SHPObject *o = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        DBFWriteStringAttribute(dbf, s, 0, sc->id);
        to_encoding(g->encoding, sc->name, text, sizeof text);
        DBFWriteStringAttribute(dbf, s, 1, text);
        DBFWriteStringAttribute(dbf, s, 2, sc->type);
        DBFWriteIntegerAttribute(dbf, s, 3, sc->cap_pri);
        DBFWriteIntegerAttribute(dbf, s, 4, sc->cap_jun);
        DBFWriteIntegerAttribute(dbf, s, 5, sc->cls_pri);
        DBFWriteIntegerAttribute(dbf, s, 6, sc->cls_jun);
    }
    SHPClose(shp);
    DBFClose(dbf);
    if (!g->no_prj)
        zpt_write_prj(base, g->epsg ? g->epsg : 4547);
}

char *zpt_write_grid(const char *dir, const zpt_grid *g, const char *extra_yaml)
{
    write_blocks(dir, g);
    write_schools(dir, g);
    char path[1024], *yaml = malloc(8192);
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    snprintf(yaml, 8192,
             "name: test grid\n"
             "blocks: {path: blocks.shp, id: BLOCK_ID, name: NAME,\n"
             "         children: {primary: PRI, junior: JUN}, current: {primary: CUR_PRI}}\n"
             "schools: {path: schools.shp, id: SCHOOL_ID, name: NAME, type: TYPE,\n"
             "          capacity: {primary: CAP_PRI, junior: CAP_JUN},\n"
             "          classes: {primary: CLS_PRI, junior: CLS_JUN}}\n"
             "output: {dir: out}\n%s",
             extra_yaml ? extra_yaml : "");
    zpt_write(path, yaml);
    free(yaml);
    return strdup(path);
}

void zpt_write_lines(const char *dir, const char *name, int nlines, const int *n,
                     const double *xy, const char *const *kinds, int polygon)
{
    char base[1024];
    snprintf(base, sizeof base, "%s/%s", dir, name);
    SHPHandle shp = SHPCreate(base, polygon ? SHPT_POLYGON : SHPT_ARC);
    DBFHandle dbf = DBFCreate(base);
    DBFAddField(dbf, "KIND", FTString, 16, 0);
    const zpt_grid g = {0};
    for (int i = 0, at = 0; i < nlines; at += n[i], i++) {
        double x[64], y[64];
        for (int v = 0; v < n[i] && v < 64; v++)
            x[v] = xy[2 * (at + v)], y[v] = xy[2 * (at + v) + 1];
        place(&g, x, y, n[i]);
        SHPObject *o = SHPCreateSimpleObject(polygon ? SHPT_POLYGON : SHPT_ARC, n[i], x, y, NULL);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        DBFWriteStringAttribute(dbf, i, 0, kinds ? kinds[i] : "street");
    }
    SHPClose(shp);
    DBFClose(dbf);
    zpt_write_prj(base, 4547);
    snprintf(base, sizeof base, "%s/%s.cpg", dir, name);
    zpt_write(base, "UTF-8");
}
