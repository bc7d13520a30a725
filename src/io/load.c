/* Loading blocks and schools into the model, as the scenario maps their fields.
 *
 * Values are checked here, once: ids present and unique, counts whole and not
 * negative, school types known, capacities positive for the levels a school serves.
 * Current-school ids are resolved to indices last, when both layers are in memory. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "layer.h"
#include "zoneplan/audit.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"
#include "zoneplan/number.h"

static int is_polygon(int t)
{
    return t == SHPT_POLYGON || t == SHPT_POLYGONZ || t == SHPT_POLYGONM;
}
static int is_point(int t)
{
    return t == SHPT_POINT || t == SHPT_POINTZ || t == SHPT_POINTM;
}

/* Mapped column indices of the blocks layer; -1 where the scenario maps none. */
typedef struct block_fields {
    int id, name, children[ZP_NLEVELS], grades[ZP_NGRADES], current[ZP_NLEVELS], locked;
    int ages[6];
    int migration;
} block_fields;

static int optional_field(zp_layer *ly, const char *field, const char *key, int *index)
{
    *index = -1;
    return field ? zp_layer_field(ly, field, key, index) : ZP_OK;
}

static int map_block_fields(zp_layer *ly, const zp_blocks_spec *sp, block_fields *f)
{
    static const char *ckeys[] = {"children.primary", "children.junior"};
    static const char *curkeys[] = {"current.primary", "current.junior"};
    int rc = zp_layer_field(ly, sp->id, "id", &f->id);
    if (!rc)
        rc = optional_field(ly, sp->name, "name", &f->name);
    if (!rc)
        rc = optional_field(ly, sp->locked, "locked", &f->locked);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++)
        rc = optional_field(ly, sp->children[l], ckeys[l], &f->children[l]);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++)
        rc = optional_field(ly, sp->current[l], curkeys[l], &f->current[l]);
    for (int g = 0; !rc && g < ZP_NGRADES; g++) {
        char key[32];
        snprintf(key, sizeof key, "grades.g%d", g + 1);
        rc = optional_field(ly, sp->grades[g], key, &f->grades[g]);
    }
    for (int a = 0; !rc && a < 6; a++) {
        char key[32];
        snprintf(key, sizeof key, "ages.a%d", a);
        rc = optional_field(ly, sp->ages[a], key, &f->ages[a]);
    }
    if (!rc)
        rc = optional_field(ly, sp->migration, "migration", &f->migration);
    return rc;
}

/* A block's yearly net migration: a rate above -1 (-0.02: 2 % fewer children a year); NULL
 * leaves horizon.migration. */
static int read_block_migration(zp_layer *ly, int field, int rec, zp_block *b)
{
    double v;
    int is_null = 0, rc = zp_layer_real(ly, rec, field, &v, &is_null);
    if (!rc && !is_null && v <= -1) {
        char fname[XBASE_FLDNAME_LEN_READ + 1];
        DBFGetFieldInfo(ly->dbf, field, fname, NULL, NULL);
        rc = zp_error_set(ZP_EINPUT,
                          "%s: record %d: field %s: expected a yearly rate above -1 (-0.02: 2 %% "
                          "fewer children a year), found %g",
                          ly->dbf_path, rec + 1, fname, v);
    }
    if (!rc && !is_null)
        b->migration = v;
    return rc;
}

/* Grade g's count (field) added to its level's total: each grade is a count of at most 1e9,
 * and so must their sum be, or the level's int32 would overflow. */
static int add_grade(zp_layer *ly, int rec, int field, int g, const char *noun, int32_t grade,
                     int32_t *level)
{
    int64_t sum = (int64_t)*level + grade;
    if (sum <= 1000000000) {
        *level = (int32_t)sum;
        return ZP_OK;
    }
    char fname[XBASE_FLDNAME_LEN_READ + 1];
    DBFGetFieldInfo(ly->dbf, field, fname, NULL, NULL);
    return zp_error_set(ZP_EINPUT,
                        "%s: record %d, field %s: the %s grades up to this field add up to %lld "
                        "%s; expected at most 1000000000 in all",
                        ly->dbf_path, rec + 1, fname, zp_level_name(g < 6 ? ZP_PRIMARY : ZP_JUNIOR),
                        (long long)sum, noun);
}

static int read_block_counts(zp_layer *ly, const block_fields *f, int rec, zp_block *b, int *nulls)
{
    int rc = ZP_OK;
    b->has_grades = f->grades[0] >= 0;
    if (b->has_grades) {
        for (int g = 0; !rc && g < ZP_NGRADES; g++) {
            rc = zp_layer_count(ly, rec, f->grades[g], &b->grades[g], nulls);
            if (!rc)
                rc = add_grade(ly, rec, f->grades[g], g, "children", b->grades[g],
                               &b->children[g < 6 ? ZP_PRIMARY : ZP_JUNIOR]);
        }
        return rc;
    }
    for (int l = 0; !rc && l < ZP_NLEVELS; l++)
        if (f->children[l] >= 0)
            rc = zp_layer_count(ly, rec, f->children[l], &b->children[l], nulls);
    return rc;
}

/* A lock flag as exports write it: numbers (non-zero locks), DBF logicals (T/F, Y/N, ?),
 * true/false, 是/否, 锁定/不锁定 (or 未锁定, as bureau tables say it); empty is unlocked. Anything
 * else is refused, since a wrongly mapped field (a name, a date) would otherwise lock or free
 * blocks at random. */
static int parse_lock(const char *v, int *locked)
{
    static const char *const yes[] = {"Y", "T", "true", "yes", "是", "锁定", NULL};
    static const char *const no[] = {"N",      "F",      "false", "no", "否",
                                     "不锁定", "未锁定", "?",     "",   NULL};
    double d;
    if (*v && zp_number_parse(v, strlen(v), &d) == ZP_OK) {
        *locked = d != 0;
        return 1;
    }
    for (int i = 0; yes[i]; i++)
        if (!strcasecmp(v, yes[i])) {
            *locked = 1;
            return 1;
        }
    for (int i = 0; no[i]; i++)
        if (!strcasecmp(v, no[i])) {
            *locked = 0;
            return 1;
        }
    return 0;
}

static int read_block_lock(zp_layer *ly, int field, int rec, zp_block *b)
{
    char *v = NULL;
    int rc = zp_layer_text(ly, rec, field, &v);
    if (!rc && !parse_lock(v, &b->locked)) {
        char fname[XBASE_FLDNAME_LEN_READ + 1];
        DBFGetFieldInfo(ly->dbf, field, fname, NULL, NULL);
        rc = zp_error_set(ZP_EINPUT,
                          "%s: record %d, field %s (block %s): '%.40s' is not a lock flag; "
                          "expected 1/0, Y/N, T/F, true/false, 是/否 or 锁定/不锁定",
                          ly->dbf_path, rec + 1, fname, b->id, v);
    }
    free(v);
    return rc;
}

static int read_block(zp_layer *ly, const block_fields *f, int rec, zp_block *b, int *nulls)
{
    b->record = rec;
    b->current[0] = b->current[1] = -1;
    b->assign[0] = b->assign[1] = -1; /* no pin until an assign change makes one */
    int rc = zp_layer_text(ly, rec, f->id, &b->id);
    if (!rc && !b->id[0]) {
        char fname[XBASE_FLDNAME_LEN_READ + 1];
        DBFGetFieldInfo(ly->dbf, f->id, fname, NULL, NULL);
        rc = zp_error_set(ZP_EINPUT, "%s: record %d: empty block id (field %s)", ly->dbf_path,
                          rec + 1, fname);
    }
    if (!rc)
        rc = f->name >= 0 ? zp_layer_text(ly, rec, f->name, &b->name) : ZP_OK;
    if (!rc && !b->name && !(b->name = strdup(b->id)))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc)
        rc = read_block_counts(ly, f, rec, b, nulls);
    if (!rc && f->locked >= 0)
        rc = read_block_lock(ly, f->locked, rec, b);
    b->has_ages = f->ages[0] >= 0; /* a count each (NULL: 0; not a children count to warn of) */
    for (int a = 0; !rc && b->has_ages && a < 6; a++)
        rc = zp_layer_count(ly, rec, f->ages[a], &b->ages[a], NULL);
    b->migration = NAN;
    if (!rc && f->migration >= 0)
        rc = read_block_migration(ly, f->migration, rec, b);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        if (f->current[l] < 0)
            continue;
        rc = zp_layer_text(ly, rec, f->current[l], &b->current_id[l]);
        if (!rc && !b->current_id[l][0]) {
            free(b->current_id[l]);
            b->current_id[l] = NULL;
        }
    }
    if (!rc)
        rc = zp_layer_shape(ly, rec, &b->shape);
    if (!rc && !is_polygon(b->shape.shp_type) && !is_point(b->shape.shp_type))
        rc = zp_error_set(ZP_EINPUT,
                          "%s: record %d: shape type %s; blocks must be polygons or "
                          "points",
                          ly->shp_path, rec + 1, SHPTypeName(b->shape.shp_type));
    return rc;
}

static int load_blocks(const zp_scenario *sc, zp_dataset *ds)
{
    zp_layer ly;
    block_fields f;
    int rc = zp_layer_open(&ly, "blocks", sc->blocks.path, sc->blocks.encoding);
    if (!rc)
        rc = map_block_fields(&ly, &sc->blocks, &f);
    if (!rc && ly.nrecords == 0)
        rc = zp_error_set(ZP_EINPUT, "%s: the layer has no blocks", ly.shp_path);
    if (!rc && !(ds->blocks = calloc((size_t)ly.nrecords, sizeof *ds->blocks)))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    int nulls = 0;
    for (int r = 0; !rc && r < ly.nrecords; r++) {
        ds->nblocks = (size_t)r + 1;
        rc = read_block(&ly, &f, r, &ds->blocks[r], &nulls);
    }
    if (!rc && nulls)
        zp_warn("%s: %d empty (NULL) children counts read as 0", ly.dbf_path, nulls);
    if (!rc) {
        ds->blocks_prj = ly.prj;
        ly.prj = NULL;
        if (!(ds->blocks_path = strdup(sc->blocks.path)))
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
    }
    zp_layer_close(&ly);
    return rc;
}

/* ---- schools ---- */

typedef struct school_fields {
    int id, name, type, seats[ZP_NLEVELS], classes[ZP_NLEVELS], grade_classes[ZP_NGRADES];
    int enrolment[ZP_NLEVELS];
    int res_whole[ZP_NRESOURCES], res_level[ZP_NLEVELS][ZP_NRESOURCES];
} school_fields;

/* schools.resources: the audit's fields, each optional. */
static int map_resource_fields(zp_layer *ly, const zp_schools_spec *sp, school_fields *f)
{
    static const char *lv[] = {"primary", "junior"};
    char key[64];
    int rc = ZP_OK;
    for (int i = 0; !rc && i < ZP_NRESOURCES; i++) {
        snprintf(key, sizeof key, "resources.%s", zp_indicator_key((zp_indicator)i));
        rc = optional_field(ly, sp->resources_whole[i], key, &f->res_whole[i]);
        for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
            snprintf(key, sizeof key, "resources.%s.%s", zp_indicator_key((zp_indicator)i), lv[l]);
            rc = optional_field(ly, sp->resources[l][i], key, &f->res_level[l][i]);
        }
    }
    return rc;
}

/* One resource: a number >= 0; blank or NULL leaves it not given (not assessed, not 0). */
static int read_resource(zp_layer *ly, int rec, int field, double *out, uint8_t *has)
{
    if (field < 0)
        return ZP_OK;
    char name[XBASE_FLDNAME_LEN_READ + 1] = "";
    DBFGetFieldInfo(ly->dbf, field, name, NULL, NULL);
    int rc = zp_layer_nonneg_real(ly, rec, field, name,
                                  "a resource (expected a number >= 0, or blank when not known)",
                                  NAN, out);
    *has = !rc && !isnan(*out);
    return rc;
}

static int read_school_resources(zp_layer *ly, const school_fields *f, int rec, zp_school *s)
{
    int rc = ZP_OK;
    for (int i = 0; !rc && i < ZP_NRESOURCES; i++) {
        rc = read_resource(ly, rec, f->res_whole[i], &s->res.whole[i], &s->res.has_whole[i]);
        for (int l = 0; !rc && l < ZP_NLEVELS; l++)
            if (zp_school_serves(s->type, (zp_level)l))
                rc = read_resource(ly, rec, f->res_level[l][i], &s->res.level[l][i],
                                   &s->res.has_level[l][i]);
    }
    return rc;
}

static int map_school_fields(zp_layer *ly, const zp_schools_spec *sp, school_fields *f)
{
    static const char *lv[] = {"primary", "junior"};
    char key[40];
    int rc = zp_layer_field(ly, sp->id, "id", &f->id);
    if (!rc)
        rc = optional_field(ly, sp->name, "name", &f->name);
    if (!rc)
        rc = zp_layer_field(ly, sp->type, "type", &f->type);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        snprintf(key, sizeof key, "capacity.%s", lv[l]);
        rc = optional_field(ly, sp->capacity[l], key, &f->seats[l]);
        snprintf(key, sizeof key, "classes.%s", lv[l]);
        if (!rc)
            rc = optional_field(ly, sp->classes[l], key, &f->classes[l]);
        snprintf(key, sizeof key, "enrolment.%s", lv[l]);
        if (!rc)
            rc = optional_field(ly, sp->enrolment[l], key, &f->enrolment[l]);
    }
    for (int g = 0; !rc && g < ZP_NGRADES; g++) {
        snprintf(key, sizeof key, "classes.g%d", g + 1);
        rc = optional_field(ly, sp->grade_classes[g], key, &f->grade_classes[g]);
    }
    if (!rc)
        rc = map_resource_fields(ly, sp, f);
    return rc;
}

static int match_type(const zp_schools_spec *sp, const char *value, zp_school_type *type)
{
    for (int t = 0; t < ZP_NTYPES; t++)
        for (char **v = sp->type_values[t]; v && *v; v++)
            if (strcasecmp(*v, value) == 0) {
                *type = (zp_school_type)t;
                return 1;
            }
    return 0;
}

static int read_school_type(zp_layer *ly, const zp_schools_spec *sp, int tf, int rec, zp_school *s)
{
    char *value;
    int rc = zp_layer_text(ly, rec, tf, &value);
    if (rc)
        return rc;
    if (!match_type(sp, value, &s->type)) {
        char known[512] = "";
        size_t len = 0;
        for (int t = 0; t < ZP_NTYPES; t++)
            for (char **v = sp->type_values[t]; v && *v && len < sizeof known - 64; v++)
                len +=
                    (size_t)snprintf(known + len, sizeof known - len, "%s'%s' (%s)",
                                     len ? ", " : "", *v, zp_school_type_name((zp_school_type)t));
        rc = zp_error_set(ZP_EINPUT,
                          "%s: record %d, field %s: unknown school type '%s'; "
                          "expected one of %s (map more values under schools.type_values)",
                          ly->dbf_path, rec + 1, sp->type, value, known);
    }
    free(value);
    return rc;
}

static int read_school_levels(zp_layer *ly, const school_fields *f, int rec, zp_school *s)
{
    int rc = ZP_OK;
    s->has_grade_classes = f->grade_classes[0] >= 0;
    s->has_enrolment = f->enrolment[0] >= 0 || f->enrolment[1] >= 0;
    for (int g = 0; !rc && s->has_grade_classes && g < ZP_NGRADES; g++) {
        rc = zp_layer_count(ly, rec, f->grade_classes[g], &s->grade_classes[g], NULL);
        if (!rc)
            rc = add_grade(ly, rec, f->grade_classes[g], g, "classes", s->grade_classes[g],
                           &s->classes[g < 6 ? ZP_PRIMARY : ZP_JUNIOR]);
    }
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        if (f->seats[l] >= 0)
            rc = zp_layer_count(ly, rec, f->seats[l], &s->seats[l], NULL);
        if (!rc && !s->has_grade_classes && f->classes[l] >= 0)
            rc = zp_layer_count(ly, rec, f->classes[l], &s->classes[l], NULL);
        if (!rc && f->enrolment[l] >= 0)
            rc = zp_layer_count(ly, rec, f->enrolment[l], &s->enrolment[l], NULL);
        if (!zp_school_serves(s->type, (zp_level)l)) {
            s->seats[l] = s->classes[l] = s->enrolment[l] = 0;
            continue;
        }
        if (!rc && s->seats[l] <= 0) {
            char fname[32] = "(none mapped)";
            if (f->seats[l] >= 0)
                DBFGetFieldInfo(ly->dbf, f->seats[l], fname, NULL, NULL);
            rc = zp_error_set(ZP_EINPUT,
                              "%s: record %d, field %s (school %s): %s capacity is %d; a %s "
                              "school needs a capacity above 0 for that level (or a type that "
                              "does not serve it)",
                              ly->dbf_path, rec + 1, fname, s->id, zp_level_name((zp_level)l),
                              s->seats[l], zp_school_type_name(s->type));
        }
    }
    return rc;
}

static int read_school(zp_layer *ly, const zp_schools_spec *sp, const school_fields *f, int rec,
                       zp_school *s)
{
    s->record = rec;
    int rc = zp_layer_text(ly, rec, f->id, &s->id);
    if (!rc && !s->id[0])
        rc = zp_error_set(ZP_EINPUT, "%s: record %d: empty school id (field %s)", ly->dbf_path,
                          rec + 1, sp->id);
    if (!rc)
        rc = f->name >= 0 ? zp_layer_text(ly, rec, f->name, &s->name) : ZP_OK;
    if (!rc && !s->name && !(s->name = strdup(s->id)))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc)
        rc = read_school_type(ly, sp, f->type, rec, s);
    if (!rc)
        rc = read_school_levels(ly, f, rec, s);
    if (!rc)
        rc = read_school_resources(ly, f, rec, s);
    if (!rc)
        rc = zp_layer_shape(ly, rec, &s->shape);
    if (!rc && !is_polygon(s->shape.shp_type) && !is_point(s->shape.shp_type))
        rc = zp_error_set(ZP_EINPUT,
                          "%s: record %d: shape type %s; schools must be points or "
                          "polygons",
                          ly->shp_path, rec + 1, SHPTypeName(s->shape.shp_type));
    return rc;
}

static int load_schools(const zp_scenario *sc, zp_dataset *ds)
{
    zp_layer ly;
    school_fields f;
    int rc = zp_layer_open(&ly, "schools", sc->schools.path, sc->schools.encoding);
    if (!rc)
        rc = map_school_fields(&ly, &sc->schools, &f);
    if (!rc && ly.nrecords == 0)
        rc = zp_error_set(ZP_EINPUT, "%s: the layer has no schools", ly.shp_path);
    if (!rc && !(ds->schools = calloc((size_t)ly.nrecords, sizeof *ds->schools)))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (int r = 0; !rc && r < ly.nrecords; r++) {
        ds->nschools = (size_t)r + 1;
        rc = read_school(&ly, &sc->schools, &f, r, &ds->schools[r]);
    }
    if (!rc) {
        ds->schools_prj = ly.prj;
        ly.prj = NULL;
        if (!(ds->schools_path = strdup(sc->schools.path)))
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
    }
    zp_layer_close(&ly);
    return rc;
}

/* ---- ids ---- */

/* Open-addressing index from id to position: duplicate checks and current-school
 * lookups in O(1) each, where sorting a million ids spent its time in strcmp. */
typedef struct id_index {
    const char **ids;
    int32_t *slot; /* position + 1, 0 empty */
    size_t mask;
} id_index;

static uint64_t hash_id(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Index n ids; on a duplicate, *dup_first / *dup_second are the two positions. */
static int index_ids(id_index *ix, const char **ids, size_t n, size_t *dup_first,
                     size_t *dup_second)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    ix->ids = ids;
    ix->mask = cap - 1;
    ix->slot = calloc(cap, sizeof *ix->slot);
    if (!ix->slot)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    *dup_first = *dup_second = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t h = hash_id(ids[i]) & ix->mask;
        while (ix->slot[h] && strcmp(ids[ix->slot[h] - 1], ids[i]) != 0)
            h = (h + 1) & ix->mask;
        if (ix->slot[h]) {
            *dup_first = (size_t)ix->slot[h] - 1;
            *dup_second = i;
            return ZP_OK;
        }
        ix->slot[h] = (int32_t)i + 1;
    }
    return ZP_OK;
}

static int32_t find_id(const id_index *ix, const char *id)
{
    size_t h = hash_id(id) & ix->mask;
    while (ix->slot[h] && strcmp(ix->ids[ix->slot[h] - 1], id) != 0)
        h = (h + 1) & ix->mask;
    return ix->slot[h] - 1;
}

/* Index a layer's ids; a duplicate is an error naming both records. */
static int unique_ids(const char *what, const char *path, const char *field, const char **ids,
                      const int *records, size_t n, id_index *ix)
{
    size_t a, b;
    int rc = index_ids(ix, ids, n, &a, &b);
    if (!rc && a != SIZE_MAX)
        rc = zp_error_set(ZP_EINPUT,
                          "%s: duplicate %s id '%s' (field %s) in records %d and %d; ids must be "
                          "unique",
                          path, what, ids[b], field, records[a] + 1, records[b] + 1);
    return rc;
}

static int check_block_ids(const zp_scenario *sc, zp_dataset *ds)
{
    const char **ids = malloc(sizeof *ids * (ds->nblocks + 1));
    int *recs = malloc(sizeof *recs * (ds->nblocks + 1));
    id_index ix = {0};
    int rc = (!ids || !recs) ? zp_error_set(ZP_ENOMEM, "out of memory") : ZP_OK;
    for (size_t i = 0; !rc && i < ds->nblocks; i++) {
        ids[i] = ds->blocks[i].id;
        recs[i] = ds->blocks[i].record;
    }
    if (!rc)
        rc = unique_ids("block", ds->blocks_path, sc->blocks.id, ids, recs, ds->nblocks, &ix);
    free(ix.slot);
    free(ids);
    free(recs);
    return rc;
}

static void resolve_current(const zp_scenario *sc, zp_dataset *ds, const id_index *ix)
{
    size_t unknown = 0, wrong_level = 0;
    const char *example = NULL, *example_field = NULL;
    int example_record = 0;
    for (size_t i = 0; i < ds->nblocks; i++) {
        zp_block *b = &ds->blocks[i];
        for (int l = 0; l < ZP_NLEVELS; l++) {
            if (!b->current_id[l])
                continue;
            int32_t hit = find_id(ix, b->current_id[l]);
            if (hit < 0) {
                unknown++;
                if (!example) {
                    example = b->current_id[l];
                    example_field = sc->blocks.current[l];
                    example_record = b->record + 1;
                }
            } else if (!zp_school_serves(ds->schools[hit].type, (zp_level)l)) {
                wrong_level++;
            } else {
                b->current[l] = hit;
            }
        }
    }
    if (unknown)
        zp_warn("%s: %zu current-school ids name no school (e.g. '%s' in record %d, field %s); "
                "those blocks have no current school",
                ds->blocks_path, unknown, example, example_record, example_field);
    if (wrong_level)
        zp_warn("%s: %zu current-school ids name a school that does not serve that level; "
                "ignored",
                ds->blocks_path, wrong_level);
}

static int check_school_ids(const zp_scenario *sc, zp_dataset *ds)
{
    const char **ids = malloc(sizeof *ids * (ds->nschools + 1));
    int *recs = malloc(sizeof *recs * (ds->nschools + 1));
    id_index ix = {0};
    int rc = (!ids || !recs) ? zp_error_set(ZP_ENOMEM, "out of memory") : ZP_OK;
    for (size_t i = 0; !rc && i < ds->nschools; i++) {
        ids[i] = ds->schools[i].id;
        recs[i] = ds->schools[i].record;
    }
    if (!rc)
        rc = unique_ids("school", ds->schools_path, sc->schools.id, ids, recs, ds->nschools, &ix);
    if (!rc)
        resolve_current(sc, ds, &ix);
    free(ix.slot);
    free(ids);
    free(recs);
    return rc;
}

int zp_data_load(const zp_scenario *sc, zp_dataset *ds)
{
    memset(ds, 0, sizeof *ds);
    int rc = load_blocks(sc, ds);
    if (!rc)
        rc = load_schools(sc, ds);
    if (!rc)
        rc = check_block_ids(sc, ds);
    if (!rc)
        rc = check_school_ids(sc, ds);
    if (rc) {
        zp_dataset_free(ds); /* leaves the .prj texts and paths dangling: clear them too */
        memset(ds, 0, sizeof *ds);
    }
    return rc;
}
