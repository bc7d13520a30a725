/* catchments.shp: one (multi)polygon per school and level, the union of its blocks,
 * in the blocks' own CRS, with a UTF-8 attribute table (.cpg says so) and the input's
 * .prj. Written with shapelib so any GIS opens it. */
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out_internal.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

enum { F_ID, F_NAME, F_LEVEL, F_TYPE, F_CHILDREN, F_CAPACITY, F_UTIL, F_BLOCKS, F_FLAGS };

static int add_fields(DBFHandle dbf)
{
    int ok = DBFAddField(dbf, "SCHOOL_ID", FTString, 80, 0) == F_ID &&
             DBFAddField(dbf, "NAME", FTString, 254, 0) == F_NAME &&
             DBFAddField(dbf, "LEVEL", FTString, 8, 0) == F_LEVEL &&
             DBFAddField(dbf, "TYPE", FTString, 10, 0) == F_TYPE &&
             DBFAddField(dbf, "CHILDREN", FTInteger, 10, 0) == F_CHILDREN &&
             DBFAddField(dbf, "CAPACITY", FTInteger, 10, 0) == F_CAPACITY &&
             DBFAddField(dbf, "UTIL", FTDouble, 8, 3) == F_UTIL &&
             DBFAddField(dbf, "BLOCKS", FTInteger, 9, 0) == F_BLOCKS &&
             DBFAddField(dbf, "FLAGS", FTString, 200, 0) == F_FLAGS;
    return ok ? ZP_OK : zp_error_set(ZP_EIO, "catchments.dbf: cannot add fields");
}

/* Blocks of every school at one level, bucketed in one pass (counting sort by school,
 * input order kept within a school): start[s]..start[s+1] in order[]. */
static int bucket_blocks(const zp_run *run, int l, size_t *start, int32_t *order)
{
    const zp_alloc_result *r = &run->plan[l];
    size_t ns = run->ds.nschools;
    memset(start, 0, sizeof *start * (ns + 2));
    for (size_t b = 0; b < run->ds.nblocks; b++)
        if (r->school[b] >= 0)
            start[r->school[b] + 2]++;
    for (size_t s = 0; s < ns; s++)
        start[s + 2] += start[s + 1];
    for (size_t b = 0; b < run->ds.nblocks; b++)
        if (r->school[b] >= 0)
            order[start[r->school[b] + 1]++] = (int32_t)b;
    return ZP_OK;
}

static int write_attrs(DBFHandle dbf, int rec, const zp_run *run, int32_t s, int l, size_t n)
{
    const zp_school *sc = &run->ds.schools[s];
    const zp_school_stats *st = &run->plan_check.stats[(size_t)s * ZP_NLEVELS + (size_t)l];
    char flags[256];
    zp_check_flag_list(&run->plan_check, s, l, flags, sizeof flags);
    int ok =
        DBFWriteStringAttribute(dbf, rec, F_ID, sc->id) &&
        DBFWriteStringAttribute(dbf, rec, F_NAME, sc->name) &&
        DBFWriteStringAttribute(dbf, rec, F_LEVEL, zp_level_name((zp_level)l)) &&
        DBFWriteStringAttribute(dbf, rec, F_TYPE, zp_school_type_name(sc->type)) &&
        DBFWriteIntegerAttribute(dbf, rec, F_CHILDREN, (int)st->enrolment) &&
        DBFWriteIntegerAttribute(dbf, rec, F_CAPACITY, (int)st->capacity) &&
        DBFWriteDoubleAttribute(
            dbf, rec, F_UTIL, st->capacity ? (double)st->enrolment / (double)st->capacity : 0.0) &&
        DBFWriteIntegerAttribute(dbf, rec, F_BLOCKS, (int)n) &&
        DBFWriteStringAttribute(dbf, rec, F_FLAGS, flags);
    return ok ? ZP_OK : zp_error_set(ZP_EIO, "catchments.dbf: cannot write record %d", rec + 1);
}

static int write_shape(SHPHandle shp, const zp_shape *s)
{
    SHPObject *o = s->nparts ? SHPCreateObject(SHPT_POLYGON, -1, s->nparts, s->part_start, NULL,
                                               s->nverts, s->x, s->y, NULL, NULL)
                             : SHPCreateSimpleObject(SHPT_NULL, 0, NULL, NULL, NULL);
    if (!o)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    if (s->nparts)
        SHPRewindObject(shp, o); /* outer rings clockwise, as the format requires */
    int id = SHPWriteObject(shp, -1, o);
    SHPDestroyObject(o);
    return id >= 0 ? ZP_OK : zp_error_set(ZP_EIO, "catchments.shp: cannot write a shape");
}

/* Catchments in output order (school, then level) with their member blocks. */
static size_t catchment_tasks(const zp_run *run, int32_t *order[], size_t *start[],
                              zp_geo_union_task *tasks, int32_t *school, int *level)
{
    size_t n = 0;
    for (size_t s = 0; s < run->ds.nschools; s++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            if (!run->active[l] || !zp_school_serves(run->ds.schools[s].type, (zp_level)l))
                continue;
            tasks[n] = (zp_geo_union_task){order[l] + start[l][s], start[l][s + 1] - start[l][s]};
            school[n] = (int32_t)s;
            level[n++] = l;
        }
    return n;
}

static int write_catchments(const zp_run *run, SHPHandle shp, DBFHandle dbf)
{
    size_t ns = run->ds.nschools, max = ns * ZP_NLEVELS + 1;
    int32_t *order[ZP_NLEVELS] = {NULL, NULL};
    size_t *start[ZP_NLEVELS] = {NULL, NULL};
    zp_geo_union_task *tasks = malloc(sizeof *tasks * max);
    zp_shape *shapes = calloc(max, sizeof *shapes);
    int32_t *school = malloc(sizeof *school * max);
    int *level = malloc(sizeof *level * max);
    int rc =
        (tasks && shapes && school && level) ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        order[l] = malloc(sizeof *order[l] * (run->ds.nblocks + 1));
        start[l] = malloc(sizeof *start[l] * (ns + 2));
        rc = (order[l] && start[l]) ? bucket_blocks(run, l, start[l], order[l])
                                    : zp_error_set(ZP_ENOMEM, "out of memory");
    }
    size_t n = rc ? 0 : catchment_tasks(run, order, start, tasks, school, level);
    if (!rc)
        rc = zp_geo_union_many(run->geo, tasks, n, shapes);
    for (size_t t = 0; !rc && t < n; t++) {
        rc = write_shape(shp, &shapes[t]);
        if (!rc)
            rc = write_attrs(dbf, (int)t, run, school[t], level[t], tasks[t].n);
    }
    for (size_t t = 0; shapes && t < max; t++)
        zp_shape_free(&shapes[t]);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        free(order[l]);
        free(start[l]);
    }
    free(tasks);
    free(shapes);
    free(school);
    free(level);
    return rc;
}

int zp_out_catchments_shp(const zp_run *run, const char *dir)
{
    char *base = zp_path_join(dir, "catchments");
    SHPHandle shp = base ? SHPCreate(base, SHPT_POLYGON) : NULL;
    DBFHandle dbf = base ? DBFCreateEx(base, "UTF-8") : NULL; /* also writes the .cpg */
    int rc = (shp && dbf) ? add_fields(dbf)
                          : zp_error_set(ZP_EIO, "%s.shp: cannot create", base ? base : dir);
    if (!rc)
        rc = write_catchments(run, shp, dbf);
    if (shp)
        SHPClose(shp);
    if (dbf)
        DBFClose(dbf);
    free(base);
    FILE *fp;
    if (!rc)
        rc = zp_out_open(dir, "catchments.prj", &fp);
    if (!rc) {
        fputs(zp_geo_source_prj(run->geo), fp);
        rc = zp_out_close(fp, "catchments.prj");
    }
    return rc;
}
