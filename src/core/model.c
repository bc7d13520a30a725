/* Names and small facts about levels and school types, where a block or school comes from
 * (for messages), and freeing a dataset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/model.h"

const char *zp_level_name(zp_level level)
{
    return level == ZP_PRIMARY ? "primary" : "junior";
}

const char *zp_school_type_name(zp_school_type type)
{
    static const char *names[ZP_NTYPES] = {"primary", "junior", "nine_year"};
    return (unsigned)type < ZP_NTYPES ? names[type] : "unknown";
}

int zp_level_first_grade(zp_level level)
{
    return level == ZP_PRIMARY ? 0 : 6;
}
int zp_level_grade_count(zp_level level)
{
    return level == ZP_PRIMARY ? 6 : 3;
}

int zp_school_serves(zp_school_type type, zp_level level)
{
    if (type == ZP_TYPE_NINE_YEAR)
        return 1;
    return (level == ZP_PRIMARY) == (type == ZP_TYPE_PRIMARY);
}

void zp_shape_free(zp_shape *s)
{
    free(s->part_start);
    free(s->x);
    free(s->y);
    s->part_start = NULL;
    s->x = s->y = NULL;
    s->nparts = s->nverts = 0;
}

static const char *where(const char *path, int record, const char *added_by, const char *what,
                         const char *id, char *buf, size_t size)
{
    if (added_by)
        snprintf(buf, size, "%s", added_by);
    else
        snprintf(buf, size, "%s: record %d (%s %s)", path, record + 1, what, id);
    return buf;
}

const char *zp_block_where(const zp_dataset *ds, const zp_block *b, char *buf, size_t size)
{
    return where(ds->blocks_path, b->record, b->added_by, "block", b->id, buf, size);
}

const char *zp_school_where(const zp_dataset *ds, const zp_school *s, char *buf, size_t size)
{
    return where(ds->schools_path, s->record, s->added_by, "school", s->id, buf, size);
}

void zp_dataset_free(zp_dataset *ds)
{
    if (!ds)
        return;
    for (size_t i = 0; i < ds->nblocks; i++) {
        zp_block *b = &ds->blocks[i];
        free(b->id);
        free(b->name);
        free(b->added_by);
        for (int l = 0; l < ZP_NLEVELS; l++)
            free(b->current_id[l]);
        zp_shape_free(&b->shape);
    }
    for (size_t i = 0; i < ds->nschools; i++) {
        zp_school *s = &ds->schools[i];
        free(s->id);
        free(s->name);
        free(s->added_by);
        zp_shape_free(&s->shape);
    }
    free(ds->blocks);
    free(ds->schools);
    free(ds->blocks_prj);
    free(ds->schools_prj);
    free(ds->blocks_path);
    free(ds->schools_path);
    memset(ds, 0, sizeof *ds); /* freeing twice is then harmless */
}
