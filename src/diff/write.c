/* Writing a diff: diff.csv (one row per block and level that changed school),
 * moves.csv (children moved per school pair), diff.md (report.c) and changed_blocks.shp
 * (the changed blocks' polygons, copied from the runs' blocks.shp). All go through the
 * run's staging folder and CSV and shapefile helpers, so a diff is published whole or
 * not at all, quoted and encoded like every other output. */
#include <stdlib.h>
#include <string.h>

#include "diff_internal.h"
#include "io/layer.h"
#include "zoneplan/out.h"
#include "zoneplan/errors.h"
#include "zoneplan/stage.h"

static int write_diff_csv(const zp_diff *d, const char *dir)
{
    FILE *fp;
    int rc = zp_out_open(dir, "diff.csv", &fp);
    if (rc)
        return rc;
    fputs("block_id,block_name,level,school_before,school_after,children_before,children_after\n",
          fp);
    for (size_t i = 0; i < d->nchanges; i++) {
        const zp_diff_change *c = &d->changes[i];
        const zp_diff_block *b = zp_diff_change_block(c);
        zp_csv_field(fp, b->id);
        fputc(',', fp);
        zp_csv_field(fp, b->name);
        fprintf(fp, ",%s,", zp_level_name((zp_level)c->level));
        zp_csv_field(fp, zp_diff_change_from(c));
        fputc(',', fp);
        zp_csv_field(fp, zp_diff_change_to(c));
        fputc(',', fp);
        if (c->a)
            fprintf(fp, "%d", c->a->children[c->level]);
        fputc(',', fp);
        if (c->b)
            fprintf(fp, "%d", c->b->children[c->level]);
        fputc('\n', fp);
    }
    return zp_out_close(fp, dir, "diff.csv");
}

static int write_moves_csv(const zp_diff *d, const char *dir)
{
    FILE *fp;
    int rc = zp_out_open(dir, "moves.csv", &fp);
    if (rc)
        return rc;
    fputs("from_school,to_school,level,blocks,children\n", fp);
    for (size_t i = 0; i < d->nmoves; i++) {
        const zp_diff_move *m = &d->moves[i];
        zp_csv_field(fp, m->from);
        fputc(',', fp);
        zp_csv_field(fp, m->to);
        fprintf(fp, ",%s,%zu,%lld\n", zp_level_name((zp_level)m->level), m->blocks,
                (long long)m->children);
    }
    return zp_out_close(fp, dir, "moves.csv");
}

enum { F_ID, F_NAME, F_LEVEL, F_FROM, F_TO, F_KIDS, NF };

/* Text fields as wide as their longest value among the changes. */
static void field_widths(const zp_diff *d, zp_out_field *f)
{
    size_t w[NF] = {0};
    for (size_t i = 0; i < d->nchanges; i++) {
        const zp_diff_change *c = &d->changes[i];
        const char *text[] = {zp_diff_change_block(c)->id, zp_diff_change_block(c)->name,
                              zp_diff_change_from(c), zp_diff_change_to(c)};
        int field[] = {F_ID, F_NAME, F_FROM, F_TO};
        for (int k = 0; k < 4; k++)
            if (strlen(text[k]) > w[field[k]])
                w[field[k]] = strlen(text[k]);
    }
    f[F_ID] = (zp_out_field){"BLOCK_ID", FTString, zp_out_text_width(w[F_ID]), 0};
    f[F_NAME] = (zp_out_field){"NAME", FTString, zp_out_text_width(w[F_NAME]), 0};
    f[F_LEVEL] = (zp_out_field){"LEVEL", FTString, 8, 0};
    f[F_FROM] = (zp_out_field){"FROM_SCH", FTString, zp_out_text_width(w[F_FROM]), 0};
    f[F_TO] = (zp_out_field){"TO_SCH", FTString, zp_out_text_width(w[F_TO]), 0};
    f[F_KIDS] = (zp_out_field){"KIDS", FTInteger, 10, 0};
}

static int write_changed_block(const zp_diff *d, zp_out_shp *o, int rec, const zp_diff_change *c)
{
    const zp_diff_block *b = zp_diff_change_block(c);
    const zp_diff_side *side = c->b ? &d->b : &d->a;
    SHPObject *obj = SHPReadObject(side->layer->shp, b->record);
    if (!obj)
        return zp_error_set(ZP_EINPUT, "%s: record %d: cannot read the shape",
                            side->layer->shp_path, b->record + 1);
    int rc = zp_out_shp_object(o, obj);
    SHPDestroyObject(obj);
    int ok = !rc && zp_out_dbf_text(o->dbf, rec, F_ID, b->id) &&
             zp_out_dbf_text(o->dbf, rec, F_NAME, b->name) &&
             zp_out_dbf_text(o->dbf, rec, F_LEVEL, zp_level_name((zp_level)c->level)) &&
             zp_out_dbf_text(o->dbf, rec, F_FROM, zp_diff_change_from(c)) &&
             zp_out_dbf_text(o->dbf, rec, F_TO, zp_diff_change_to(c)) &&
             DBFWriteIntegerAttribute(o->dbf, rec, F_KIDS, b->children[c->level]);
    if (!rc && !ok)
        rc = zp_error_set(ZP_EIO, "changed_blocks.dbf: cannot write record %d", rec + 1);
    return rc;
}

static int write_changed_shp(const zp_diff *d, const char *dir)
{
    zp_out_field f[NF];
    field_widths(d, f);
    zp_out_shp o;
    int rc = zp_out_shp_create(&o, dir, "changed_blocks", SHPT_POLYGON, f, NF);
    for (size_t i = 0; !rc && i < d->nchanges; i++)
        rc = write_changed_block(d, &o, (int)i, &d->changes[i]);
    return zp_out_shp_close(&o, dir, d->b.prj ? d->b.prj : d->a.prj, rc);
}

int zp_diff_stage_open(const zp_diff *d, const char *dir, zp_stage **st)
{
    zp_inputs in = {0};
    int rc = zp_inputs_add(&in, d->a.dir);
    if (!rc)
        rc = zp_inputs_add(&in, d->b.dir);
    if (!rc)
        rc = zp_stage_open(dir, ZP_FOLDER_DIFF, &in, st);
    zp_inputs_free(&in);
    return rc;
}

int zp_diff_write_files(const zp_diff *d, const char *dir)
{
    int (*writers[])(const zp_diff *, const char *) = {write_diff_csv, write_moves_csv,
                                                       zp_diff_write_md, write_changed_shp};
    int rc = ZP_OK;
    for (size_t i = 0; !rc && i < sizeof writers / sizeof writers[0]; i++)
        rc = writers[i](d, dir);
    return rc;
}

int zp_diff_write(const zp_diff *d, const char *dir)
{
    zp_stage *st = NULL;
    int rc = zp_diff_stage_open(d, dir, &st);
    if (rc)
        return rc;
    rc = zp_diff_write_files(d, zp_stage_dir(st));
    if (!rc)
        rc = zp_stage_commit(st);
    else
        zp_stage_abort(st);
    return rc;
}
