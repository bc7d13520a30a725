/* catchments.shp: one (multi)polygon per school and level, the union of its blocks,
 * in the blocks' own CRS, with a UTF-8 attribute table (.cpg says so) and the input's
 * .prj. Written with shapelib so any GIS opens it. The shapefile helpers here serve every
 * polygon layer zoneplan writes (blocks.shp, the diff's changed_blocks.shp). */
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out_internal.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

enum {
    F_ID,
    F_NAME,
    F_LEVEL,
    F_TYPE,
    F_CHILDREN,
    F_CAPACITY,
    F_UTIL,
    F_BLOCKS,
    F_FLAGS,
    F_PIECES,
    F_AREA,
    F_PP,
    F_MEAN,
    F_P95,
    F_MAX
};

static const zp_out_field catchment_fields[] = {
    {"SCHOOL_ID", FTString, 80, 0}, {"NAME", FTString, 254, 0},     {"LEVEL", FTString, 8, 0},
    {"TYPE", FTString, 10, 0},      {"CHILDREN", FTInteger, 10, 0}, {"CAPACITY", FTInteger, 10, 0},
    {"UTIL", FTDouble, 8, 3},       {"BLOCKS", FTInteger, 9, 0},    {"FLAGS", FTString, 200, 0},
    {"PIECES", FTInteger, 6, 0},    {"AREA_KM2", FTDouble, 12, 4},  {"PP", FTDouble, 7, 4},
    {"MEAN_M", FTDouble, 10, 1},    {"P95_M", FTDouble, 10, 1},     {"MAX_M", FTDouble, 10, 1}};

int zp_out_text_width(size_t n)
{
    return n < 1 ? 1 : n > 254 ? 254 : (int)n;
}

int zp_out_dbf_text(DBFHandle dbf, int rec, int field, const char *text)
{
    int width = 0;
    DBFGetFieldInfo(dbf, field, NULL, &width, NULL);
    size_t n = strlen(text);
    if (n <= (size_t)width)
        return DBFWriteStringAttribute(dbf, rec, field, text);
    char cut[256];
    n = (size_t)width < sizeof cut ? (size_t)width : sizeof cut - 1;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) /* text[n] continues a character */
        n--;
    memcpy(cut, text, n);
    cut[n] = '\0';
    return DBFWriteStringAttribute(dbf, rec, field, cut);
}

int zp_out_shp_create(zp_out_shp *o, const char *dir, const char *name, int shp_type,
                      const zp_out_field *fields, int nfields)
{
    memset(o, 0, sizeof *o);
    snprintf(o->name, sizeof o->name, "%s", name);
    char *base = zp_path_join(dir, name);
    SAHooks hooks;
    zp_out_hooks(&hooks);
    o->failures = zp_out_hook_failures();
    o->shp = base ? SHPCreateLL(base, shp_type, &hooks) : NULL;
    o->dbf = base ? DBFCreateLL(base, "UTF-8", &hooks) : NULL; /* also writes the .cpg */
    int rc = (o->shp && o->dbf) ? ZP_OK
                                : zp_error_set(ZP_EIO, "%s.shp: cannot create: %s",
                                               base ? base : name, zp_out_hook_message());
    for (int i = 0; !rc && i < nfields; i++)
        if (DBFAddField(o->dbf, fields[i].name, fields[i].type, fields[i].width,
                        fields[i].decimals) != i)
            rc = zp_error_set(ZP_EIO, "%s.dbf: cannot add field %s", name, fields[i].name);
    free(base);
    return rc;
}

/* A 2-D polygon from rings, or a null shape when there are none. */
static int write_rings(zp_out_shp *o, int nparts, const int *start, int nverts, const double *x,
                       const double *y)
{
    SHPObject *obj = nparts > 0 ? SHPCreateObject(SHPT_POLYGON, -1, nparts, start, NULL, nverts, x,
                                                  y, NULL, NULL)
                                : SHPCreateSimpleObject(SHPT_NULL, 0, NULL, NULL, NULL);
    if (!obj)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    if (nparts > 0)
        SHPRewindObject(o->shp, obj); /* outer rings clockwise, as the format requires */
    int id = SHPWriteObject(o->shp, -1, obj);
    SHPDestroyObject(obj);
    return id >= 0 ? ZP_OK : zp_error_set(ZP_EIO, "%s.shp: cannot write a shape", o->name);
}

int zp_out_shp_object(zp_out_shp *o, const SHPObject *obj)
{
    int t = obj->nSHPType;
    int polygon = t == SHPT_POLYGON || t == SHPT_POLYGONZ || t == SHPT_POLYGONM;
    return write_rings(o, polygon ? obj->nParts : 0, obj->panPartStart, obj->nVertices, obj->padfX,
                       obj->padfY);
}

int zp_out_shp_shape(zp_out_shp *o, const zp_shape *s)
{
    return write_rings(o, s->nparts, s->part_start, s->nverts, s->x, s->y);
}

int zp_out_shp_point(zp_out_shp *o, double x, double y)
{
    SHPObject *obj = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
    if (!obj)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    int id = SHPWriteObject(o->shp, -1, obj);
    SHPDestroyObject(obj);
    return id >= 0 ? ZP_OK : zp_error_set(ZP_EIO, "%s.shp: cannot write a shape", o->name);
}

int zp_out_shp_close(zp_out_shp *o, const char *dir, const char *prj, int rc)
{
    if (o->shp)
        SHPClose(o->shp);
    if (o->dbf)
        DBFClose(o->dbf);
    o->shp = NULL;
    o->dbf = NULL;
    if (!rc && zp_out_hook_failures() != o->failures) {
        char *base = zp_path_join(dir, o->name);
        rc = zp_error_set(ZP_EIO, "%s.shp, .shx or .dbf: cannot write: %s", base ? base : o->name,
                          zp_out_hook_message());
        free(base);
    }
    if (rc || !prj)
        return rc;
    char name[80];
    snprintf(name, sizeof name, "%s.prj", o->name);
    FILE *fp;
    rc = zp_out_open(dir, name, &fp);
    if (!rc) {
        fputs(prj, fp);
        rc = zp_out_close(fp, dir, name);
    }
    return rc;
}

static int write_attrs(DBFHandle dbf, int rec, const zp_run *run, int32_t s, int l,
                       const zp_run_outline *ol)
{
    const zp_school *sc = &run->ds.schools[s];
    const zp_school_stats *st = &run->plan_check.stats[(size_t)s * ZP_NLEVELS + (size_t)l];
    char flags[256];
    zp_check_flag_list(&run->plan_check, s, l, flags, sizeof flags);
    int ok =
        DBFWriteStringAttribute(dbf, rec, F_ID, sc->id) &&
        zp_out_dbf_text(dbf, rec, F_NAME, sc->name) &&
        DBFWriteStringAttribute(dbf, rec, F_LEVEL, zp_level_name((zp_level)l)) &&
        DBFWriteStringAttribute(dbf, rec, F_TYPE, zp_school_type_name(sc->type)) &&
        DBFWriteIntegerAttribute(dbf, rec, F_CHILDREN, (int)st->enrolment) &&
        DBFWriteIntegerAttribute(dbf, rec, F_CAPACITY, (int)st->capacity) &&
        DBFWriteDoubleAttribute(
            dbf, rec, F_UTIL, st->capacity ? (double)st->enrolment / (double)st->capacity : 0.0) &&
        DBFWriteIntegerAttribute(dbf, rec, F_BLOCKS, (int)ol->blocks) &&
        DBFWriteStringAttribute(dbf, rec, F_FLAGS, flags) &&
        DBFWriteIntegerAttribute(dbf, rec, F_PIECES, zp_run_pieces(run, l, (size_t)s)) &&
        DBFWriteDoubleAttribute(dbf, rec, F_AREA, ol->area_m2 / 1e6) &&
        DBFWriteDoubleAttribute(dbf, rec, F_PP,
                                zp_out_polsby_popper(ol->area_m2, ol->perimeter_m)) &&
        DBFWriteDoubleAttribute(dbf, rec, F_MEAN,
                                st->enrolment ? st->child_metres / (double)st->enrolment : 0.0) &&
        DBFWriteDoubleAttribute(dbf, rec, F_P95, st->p95_dist_m) &&
        DBFWriteDoubleAttribute(dbf, rec, F_MAX, st->max_dist_m);
    return ok ? ZP_OK : zp_error_set(ZP_EIO, "catchments.dbf: cannot write record %d", rec + 1);
}

/* Catchments in output order (school, then level), from the run's outlines. */
static int write_catchments(const zp_run *run, zp_out_shp *o)
{
    int rc = ZP_OK, rec = 0;
    for (size_t s = 0; !rc && s < run->ds.nschools; s++)
        for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
            if (!run->active[l] || !zp_school_serves(run->ds.schools[s].type, (zp_level)l) ||
                run->ds.schools[s].closed) /* a closed school has no catchment */
                continue;
            const zp_run_outline *ol = &run->outline[l][s];
            rc = zp_out_shp_shape(o, &ol->shape);
            if (!rc)
                rc = write_attrs(o->dbf, rec++, run, (int32_t)s, l, ol);
        }
    return rc;
}

int zp_out_catchments_shp(const zp_run *run, const char *dir)
{
    zp_out_shp o;
    int rc = zp_out_shp_create(&o, dir, "catchments", SHPT_POLYGON, catchment_fields,
                               (int)(sizeof catchment_fields / sizeof catchment_fields[0]));
    if (!rc)
        rc = write_catchments(run, &o);
    return zp_out_shp_close(&o, dir, zp_geo_source_prj(run->geo), rc);
}
