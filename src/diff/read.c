/* Reading one run folder for a diff: the per-block plan from blocks.dbf (through the
 * io module's shapefile layer, which checks the parts, sizes and text encoding) and the
 * scenario name and plan flags from summary.json (jansson). The folder is read, never
 * written. Every failure names the file, and the record or JSON path, because the
 * folder may have been copied, edited or written by another version. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "core/util.h"
#include "diff_internal.h"
#include "io/layer.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

enum { F_ID, F_NAME, F_SCH, NF = F_SCH + 3 * ZP_NLEVELS };
static const char *FIELDS[NF] = {"BLOCK_ID", "NAME",    "PRI_SCH",  "PRI_KIDS",
                                 "PRI_DIST", "JUN_SCH", "JUN_KIDS", "JUN_DIST"};

static int find_fields(zp_layer *ly, int *idx)
{
    for (int i = 0; i < NF; i++)
        if ((idx[i] = DBFGetFieldIndex(ly->dbf, FIELDS[i])) < 0)
            return zp_error_set(ZP_EINPUT,
                                "%s: no field %s: not the blocks table of a zoneplan run (run "
                                "the scenario again with this version)",
                                ly->dbf_path, FIELDS[i]);
    return ZP_OK;
}

static int read_block(zp_layer *ly, const int *f, int rec, zp_diff_block *b)
{
    b->record = rec;
    int rc = zp_layer_text(ly, rec, f[F_ID], &b->id);
    if (!rc && !b->id[0])
        rc = zp_error_set(ZP_EINPUT, "%s: record %d: empty BLOCK_ID", ly->dbf_path, rec + 1);
    if (!rc)
        rc = zp_layer_text(ly, rec, f[F_NAME], &b->name);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        int k = F_SCH + 3 * l;
        rc = zp_layer_text(ly, rec, f[k], &b->school[l]);
        if (!rc)
            rc = zp_layer_count(ly, rec, f[k + 1], &b->children[l], NULL);
        if (!rc)
            rc = zp_layer_nonneg_real(ly, rec, f[k + 2], FIELDS[k + 2], "a distance", NAN,
                                      &b->dist_m[l]); /* NULL: no school */
        if (!rc && !b->school[l][0])
            b->dist_m[l] = NAN;
    }
    return rc;
}

static int block_cmp(const void *x, const void *y)
{
    const zp_diff_block *a = x, *b = y;
    int c = strcmp(a->id, b->id);
    return c ? c : (a->record > b->record) - (a->record < b->record);
}

static int read_blocks(zp_diff_side *s)
{
    char *path = zp_path_join(s->dir, "blocks.shp");
    s->layer = calloc(1, sizeof *s->layer);
    if (!path || !s->layer) {
        free(path);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    int f[NF];
    int rc = zp_layer_open_run(s->layer, "blocks", path);
    free(path);
    if (!rc)
        rc = find_fields(s->layer, f);
    size_t n = rc ? 0 : (size_t)s->layer->nrecords;
    s->blocks = rc ? NULL : calloc(n + 1, sizeof *s->blocks);
    if (!rc && !s->blocks)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++, s->nblocks++)
        rc = read_block(s->layer, f, (int)i, &s->blocks[i]);
    if (rc)
        return rc;
    qsort(s->blocks, n, sizeof *s->blocks, block_cmp);
    for (size_t i = 1; i < n; i++)
        if (!strcmp(s->blocks[i - 1].id, s->blocks[i].id))
            return zp_error_set(ZP_EINPUT, "%s: duplicate BLOCK_ID '%s' in records %d and %d",
                                s->layer->dbf_path, s->blocks[i].id, s->blocks[i - 1].record + 1,
                                s->blocks[i].record + 1);
    s->prj = s->layer->prj; /* read with the layer */
    s->layer->prj = NULL;
    return ZP_OK;
}

/* The first key of a flag_list item that is missing or of the wrong type, else NULL. */
static const char *bad_key(json_t *item)
{
    static const char *text[] = {"flag", "school_id", "level"}, *nums[] = {"value", "limit"};
    if (!json_is_object(item))
        return "(not an object)";
    for (int i = 0; i < 3; i++)
        if (!json_is_string(json_object_get(item, text[i])))
            return text[i];
    json_t *g = json_object_get(item, "grade");
    if (!json_is_null(g) && !json_is_integer(g))
        return "grade";
    for (int i = 0; i < 2; i++)
        if (!json_is_number(json_object_get(item, nums[i])))
            return nums[i];
    return NULL;
}

static int read_flag(json_t *item, zp_diff_flag *f)
{
    f->flag = strdup(json_string_value(json_object_get(item, "flag")));
    f->school_id = strdup(json_string_value(json_object_get(item, "school_id")));
    f->level = strdup(json_string_value(json_object_get(item, "level")));
    json_t *g = json_object_get(item, "grade");
    f->grade = json_is_integer(g) ? (int)json_integer_value(g) : 0;
    f->value = json_number_value(json_object_get(item, "value"));
    f->limit = json_number_value(json_object_get(item, "limit"));
    return f->flag && f->school_id && f->level ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
}

static int flag_qsort(const void *x, const void *y)
{
    return zp_diff_flag_cmp(x, y);
}

static int read_summary(zp_diff_side *s, const char *path, json_t *root)
{
    json_t *name = json_object_get(root, "scenario");
    json_t *plan = json_object_get(json_object_get(root, "flag_list"), "plan");
    if (!json_is_string(name))
        return zp_error_set(ZP_EINPUT, "%s: no \"scenario\" string", path);
    if (!json_is_array(plan))
        return zp_error_set(ZP_EINPUT,
                            "%s: no \"flag_list\".\"plan\" array (written by an older zoneplan? "
                            "run the scenario again)",
                            path);
    s->scenario = strdup(json_string_value(name));
    s->flags = calloc(json_array_size(plan) + 1, sizeof *s->flags);
    if (!s->scenario || !s->flags)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; i < json_array_size(plan); i++) {
        const char *bad = bad_key(json_array_get(plan, i));
        if (bad)
            return zp_error_set(ZP_EINPUT,
                                "%s: flag_list.plan[%zu]: %s is missing or of the "
                                "wrong type",
                                path, i, bad);
        s->nflags = i + 1;
        int rc = read_flag(json_array_get(plan, i), &s->flags[i]);
        if (rc)
            return rc;
    }
    qsort(s->flags, s->nflags, sizeof *s->flags, flag_qsort);
    return zp_diff_read_audit(s, path, root);
}

int zp_diff_read_json(const char *path, json_t **root)
{
    char *text = NULL;
    size_t len = 0;
    json_error_t err;
    *root = NULL;
    int rc = zp_input_read(path, SIZE_MAX, 1, &text, &len);
    if (!rc && !text)
        rc =
            zp_error_set(ZP_EINPUT, "%s: missing (not the output folder of `zoneplan run`?)", path);
    else if (!rc && !(*root = json_loadb(text, len, 0, &err)))
        rc = zp_error_set(ZP_EINPUT, "%s: line %d: not valid JSON: %s", path, err.line, err.text);
    else if (!rc && !json_is_object(*root))
        rc = zp_error_set(ZP_EINPUT, "%s: not a JSON object", path);
    free(text);
    if (rc) {
        json_decref(*root);
        *root = NULL;
    }
    return rc;
}

static int load_summary(zp_diff_side *s)
{
    char *path = zp_path_join(s->dir, "summary.json");
    if (!path)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    json_t *root = NULL;
    int rc = zp_diff_read_json(path, &root);
    if (!rc)
        rc = read_summary(s, path, root);
    json_decref(root);
    free(path);
    return rc;
}

int zp_diff_side_load(zp_diff_side *s)
{
    struct stat st;
    if (stat(s->dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return zp_error_set(ZP_EINPUT, "%s: no such folder (give output folders of `zoneplan run`)",
                            s->dir);
    int rc = read_blocks(s);
    return rc ? rc : load_summary(s);
}

void zp_diff_side_free(zp_diff_side *s)
{
    for (size_t i = 0; s->blocks && i < s->nblocks; i++) {
        free(s->blocks[i].id);
        free(s->blocks[i].name);
        for (int l = 0; l < ZP_NLEVELS; l++)
            free(s->blocks[i].school[l]);
    }
    for (size_t i = 0; s->flags && i < s->nflags; i++) {
        free(s->flags[i].flag);
        free(s->flags[i].school_id);
        free(s->flags[i].level);
    }
    zp_diff_audit_free(s);
    if (s->layer)
        zp_layer_close(s->layer);
    free(s->layer);
    free(s->blocks);
    free(s->flags);
    free(s->prj);
    free(s->scenario);
    free(s->dir);
    memset(s, 0, sizeof *s);
}
