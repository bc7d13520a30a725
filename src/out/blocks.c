/* blocks.shp: the plan at block level, one record per block in input order, for the
 * planner's block map and as the input of `zoneplan diff`. Polygon blocks keep the rings
 * they were read with (source CRS); point blocks get the Voronoi cell their catchment is
 * drawn from, so the layer is always polygons. Text fields are as wide as the longest
 * value, not 254 bytes, because a district may have a million blocks. */
#include <stdlib.h>
#include <string.h>

#include "out_internal.h"
#include "zoneplan/errors.h"

enum { F_ID, F_NAME, F_LEVEL0 };                    /* then per level: */
enum { F_SCH, F_KIDS, F_DIST, F_CUR, F_PER_LEVEL }; /* offsets from F_LEVEL0 + l x 4 */
#define CELL_CHUNK 4096 /* point-block cells made at a time: bounds the memory they take */

static size_t longer(size_t m, const char *text)
{
    size_t k = text ? strlen(text) : 0;
    return k > m ? k : m;
}

/* BLOCK_ID, NAME, then per level SCH, KIDS, DIST, CUR (PRI_*, JUN_*). */
static int create(const zp_run *run, const char *dir, zp_out_shp *o)
{
    static const char *names[ZP_NLEVELS][4] = {{"PRI_SCH", "PRI_KIDS", "PRI_DIST", "PRI_CUR"},
                                               {"JUN_SCH", "JUN_KIDS", "JUN_DIST", "JUN_CUR"}};
    size_t id = 0, name = 0, sch = 0, cur[ZP_NLEVELS] = {0, 0};
    for (size_t b = 0; b < run->ds.nblocks; b++) {
        const zp_block *bk = &run->ds.blocks[b];
        id = longer(id, bk->id);
        name = longer(name, bk->name);
        for (int l = 0; l < ZP_NLEVELS; l++)
            cur[l] = longer(cur[l], bk->current_id[l]);
    }
    for (size_t s = 0; s < run->ds.nschools; s++)
        sch = longer(sch, run->ds.schools[s].id);
    zp_out_field f[F_LEVEL0 + ZP_NLEVELS * F_PER_LEVEL] = {
        {"BLOCK_ID", FTString, zp_out_text_width(id), 0},
        {"NAME", FTString, zp_out_text_width(name), 0}};
    for (int l = 0; l < ZP_NLEVELS; l++) {
        zp_out_field *lf = &f[F_LEVEL0 + l * F_PER_LEVEL];
        lf[F_SCH] = (zp_out_field){names[l][F_SCH], FTString, zp_out_text_width(sch), 0};
        lf[F_KIDS] = (zp_out_field){names[l][F_KIDS], FTInteger, 10, 0};
        lf[F_DIST] = (zp_out_field){names[l][F_DIST], FTDouble, 12, 1};
        lf[F_CUR] = (zp_out_field){names[l][F_CUR], FTString, zp_out_text_width(cur[l]), 0};
    }
    return zp_out_shp_create(o, dir, "blocks", SHPT_POLYGON, f, (int)(sizeof f / sizeof f[0]));
}

static int write_attrs(DBFHandle dbf, int rec, const zp_run *run, size_t b)
{
    const zp_block *bk = &run->ds.blocks[b];
    int ok = zp_out_dbf_text(dbf, rec, F_ID, bk->id) && zp_out_dbf_text(dbf, rec, F_NAME, bk->name);
    for (int l = 0; ok && l < ZP_NLEVELS; l++) {
        int base = F_LEVEL0 + l * F_PER_LEVEL;
        int32_t s = run->active[l] ? run->plan[l].school[b] : -1;
        const char *cur = bk->current_id[l] ? bk->current_id[l] : "";
        ok = zp_out_dbf_text(dbf, rec, base + F_SCH, s >= 0 ? run->ds.schools[s].id : "") &&
             DBFWriteIntegerAttribute(dbf, rec, base + F_KIDS, bk->children[l]) &&
             (s >= 0 ? DBFWriteDoubleAttribute(dbf, rec, base + F_DIST, run->plan[l].dist_m[b])
                     : DBFWriteNULLAttribute(dbf, rec, base + F_DIST)) &&
             zp_out_dbf_text(dbf, rec, base + F_CUR, cur);
    }
    return ok ? ZP_OK : zp_error_set(ZP_EIO, "blocks.dbf: cannot write record %d", rec + 1);
}

/* Blocks whose drawn shape is geo's, not the input's: point blocks (their Voronoi cell) and
 * blocks an added estate cut into. */
static int from_geo(const zp_run *run, size_t b)
{
    return run->ds.blocks[b].shape.nparts == 0 || zp_geo_block_reshaped(run->geo, b);
}

/* Shapes of those blocks in [from, to): each is the one-block "union" of its polygon. */
static int point_cells(const zp_run *run, size_t from, size_t to, int32_t *ids,
                       zp_geo_union_task *tasks, zp_shape *cells, size_t *n)
{
    *n = 0;
    for (size_t b = from; b < to; b++)
        if (from_geo(run, b)) {
            ids[*n] = (int32_t)b;
            tasks[*n] = (zp_geo_union_task){&ids[*n], 1};
            (*n)++;
        }
    return *n ? zp_geo_union_many(run->geo, tasks, *n, cells, NULL) : ZP_OK;
}

static int write_records(const zp_run *run, zp_out_shp *o)
{
    int32_t ids[CELL_CHUNK];
    zp_geo_union_task *tasks = malloc(sizeof *tasks * CELL_CHUNK);
    zp_shape *cells = calloc(CELL_CHUNK, sizeof *cells);
    int rc = tasks && cells ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t from = 0; !rc && from < run->ds.nblocks; from += CELL_CHUNK) {
        size_t to = from + CELL_CHUNK < run->ds.nblocks ? from + CELL_CHUNK : run->ds.nblocks;
        size_t ncells = 0, next = 0;
        rc = point_cells(run, from, to, ids, tasks, cells, &ncells);
        for (size_t b = from; !rc && b < to; b++) {
            const zp_shape *s = &run->ds.blocks[b].shape;
            rc = zp_out_shp_shape(o, from_geo(run, b) ? &cells[next++] : s);
            if (!rc)
                rc = write_attrs(o->dbf, (int)b, run, b);
        }
        for (size_t i = 0; i < ncells; i++)
            zp_shape_free(&cells[i]);
    }
    free(tasks);
    free(cells);
    return rc;
}

int zp_out_blocks_shp(const zp_run *run, const char *dir)
{
    zp_out_shp o;
    int rc = create(run, dir, &o);
    if (!rc)
        rc = write_records(run, &o);
    return zp_out_shp_close(&o, dir, zp_geo_source_prj(run->geo), rc);
}
