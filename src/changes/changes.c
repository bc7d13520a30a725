/* Applying the scenario's changes to the loaded dataset, in list order.
 *
 * Every edit keeps the dataset as io would have built it, so geo, alloc and check need
 * no notion of "changed": new schools and estates are appended with record -1 (indices
 * of existing schools stay valid, and the blocks' current schools with them), a closed
 * school keeps its place with no capacity and no classes, counts change in place. Each
 * change is checked against the data as it stands after the changes before it, and its
 * summary is rewritten with names and numbers for the report. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes/changes_internal.h"
#include "zoneplan/errors.h"

/* Counts above this are data errors (io refuses them in a DBF too). */
#define MAX_COUNT 1000000000.0

/* The file the change was written in: the scenario's, or a base's. */
static const char *change_file(const zp_change_ctx *x)
{
    return x->ch->file ? x->ch->file : x->sc->file;
}

int zp_change_fail(zp_change_ctx *x, int code, const char *fmt, ...)
{
    char msg[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return zp_error_set(code, "%s:%d: change %zu (%s): %s", change_file(x), x->ch->line, x->n,
                        zp_change_kind_name(x->ch->kind), msg);
}

/* "FILE:LINE: change N (add_school ID)": how messages name the school or block this change
 * adds, since it has no record in the layer (zp_school_where). NULL when out of memory. */
static char *added_by(const zp_change_ctx *x)
{
    char *text = NULL;
    if (asprintf(&text, "%s:%d: change %zu (%s %s)", change_file(x), x->ch->line, x->n,
                 zp_change_kind_name(x->ch->kind), x->ch->id) < 0)
        return NULL;
    return text;
}

int zp_change_wrap(zp_change_ctx *x, int rc)
{
    if (rc != ZP_EINPUT)
        return rc;
    char msg[2048];
    snprintf(msg, sizeof msg, "%s", zp_error_last());
    return zp_change_fail(x, rc, "%s", msg);
}

int zp_change_summary(zp_change *ch, const char *fmt, ...)
{
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    free(ch->summary);
    ch->summary = text;
    return ZP_OK;
}

/* ---- schools ------------------------------------------------------------------------ */

int zp_change_find_school(zp_change_ctx *x, zp_school **out)
{
    for (size_t s = 0; s < x->ds->nschools; s++)
        if (!strcmp(x->ds->schools[s].id, x->ch->id)) {
            *out = &x->ds->schools[s];
            return ZP_OK;
        }
    return zp_change_fail(x, ZP_EINPUT, "unknown school id '%s' (no school in %s has it)",
                          x->ch->id, x->ds->schools_path);
}

/* "S003 (城关第一小学)" */
/* "S016 (城关第九小学)" in messages (the summaries have theirs in the report's language). */
static const char *school_label(const zp_school *s, char *buf, size_t size)
{
    snprintf(buf, size, "%s (%s)", s->id, s->name);
    return buf;
}

/* The new school's site as a point in the schools layer's CRS. */
static int school_site(zp_change_ctx *x, zp_shape *shape)
{
    double px = x->ch->x, py = x->ch->y;
    int rc = x->ch->crs ? zp_change_transform(x, x->ch->crs, 1, &px, &py, 1) : ZP_OK;
    if (rc)
        return rc;
    memset(shape, 0, sizeof *shape);
    shape->shp_type = 1; /* SHPT_POINT */
    shape->nverts = 1;
    shape->x = malloc(sizeof *shape->x);
    shape->y = malloc(sizeof *shape->y);
    shape->part_start = malloc(sizeof *shape->part_start);
    if (!shape->x || !shape->y || !shape->part_start) {
        zp_shape_free(shape);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    shape->x[0] = px;
    shape->y[0] = py;
    shape->part_start[0] = 0;
    return ZP_OK;
}

/* "1350 primary, 900 junior" (1350（小学）、900（初中）): a number per level in counts[]
 * (levels with counts[l] < 0 left out), after `first` when any is written. */
static void per_level(zp_lang lang, const char *first, const int64_t counts[ZP_NLEVELS], char *buf,
                      size_t size)
{
    buf[0] = '\0';
    for (int l = 0, used = 0; l < ZP_NLEVELS && (size_t)used < size; l++)
        if (counts[l] >= 0) {
            used += snprintf(buf + used, size - (size_t)used, "%s",
                             used ? zp_word(lang, "sum_sep") : first);
            if ((size_t)used < size)
                used += snprintf(buf + used, size - (size_t)used, zp_word(lang, "sum_level_n"),
                                 (long long)counts[l], zp_word_level(lang, l));
        }
}

static int add_school_summary(zp_change *ch, const zp_school *s, zp_lang lang)
{
    char cap[128], cls[128], type[48];
    int64_t seats[ZP_NLEVELS], classes[ZP_NLEVELS];
    for (int l = 0; l < ZP_NLEVELS; l++) {
        seats[l] = zp_school_serves(s->type, (zp_level)l) ? s->seats[l] : -1;
        classes[l] = ch->classes[l];
    }
    per_level(lang, "", seats, cap, sizeof cap);
    per_level(lang, zp_word(lang, "sum_classes"), classes, cls, sizeof cls);
    snprintf(type, sizeof type, "sum_type_%s", zp_school_type_name(s->type));
    return zp_change_summary(ch, zp_word(lang, "sum_add_school"), s->id, s->name,
                             zp_word(lang, type), cap, cls);
}

static int apply_add_school(zp_change_ctx *x)
{
    zp_change *ch = x->ch;
    zp_dataset *ds = x->ds;
    for (size_t s = 0; s < ds->nschools; s++)
        if (!strcmp(ds->schools[s].id, ch->id))
            return zp_change_fail(x, ZP_EINPUT, "school id '%s' already exists (%s)", ch->id,
                                  ds->schools[s].record < 0 ? "added by an earlier change"
                                                            : ds->schools_path);
    zp_school *grown = realloc(ds->schools, sizeof *grown * (ds->nschools + 1));
    if (!grown)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    ds->schools = grown;
    zp_school *s = &ds->schools[ds->nschools];
    memset(s, 0, sizeof *s);
    int rc = school_site(x, &s->shape);
    s->id = rc ? NULL : strdup(ch->id);
    s->name = rc ? NULL : strdup(ch->name ? ch->name : ch->id);
    s->added_by = rc ? NULL : added_by(x);
    if (!rc && (!s->id || !s->name || !s->added_by))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (rc) {
        free(s->id);
        free(s->name);
        free(s->added_by);
        zp_shape_free(&s->shape);
        return rc;
    }
    s->record = -1;
    s->type = ch->type;
    s->res = ch->res;
    s->has_enrolment = x->sc->schools.enrolment[0] || x->sc->schools.enrolment[1];
    for (int l = 0; l < ZP_NLEVELS; l++) {
        int serves = zp_school_serves(s->type, (zp_level)l);
        s->seats[l] = serves && ch->capacity[l] > 0 ? ch->capacity[l] : 0;
        s->classes[l] = serves && ch->classes[l] > 0 ? ch->classes[l] : 0;
    }
    ds->nschools++;
    return add_school_summary(ch, s, x->sc->lang);
}

static int apply_close_school(zp_change_ctx *x)
{
    zp_school *s = NULL;
    char label[256];
    int rc = zp_change_find_school(x, &s);
    if (rc)
        return rc;
    if (s->closed)
        return zp_change_fail(x, ZP_EINPUT, "school %s is already closed by an earlier change",
                              school_label(s, label, sizeof label));
    for (int l = 0; l < ZP_NLEVELS; l++)
        s->seats[l] = s->classes[l] = 0;
    memset(s->grade_classes, 0, sizeof s->grade_classes);
    s->has_grade_classes = 0;
    s->closed = 1;
    snprintf(label, sizeof label, zp_word(x->sc->lang, "sum_school"), s->id, s->name);
    return zp_change_summary(x->ch, "close_school %s", label);
}

/* set_capacity / set_classes: the given levels, each one the school serves. */
static int apply_set_levels(zp_change_ctx *x)
{
    zp_change *ch = x->ch;
    int capacity = ch->kind == ZP_CHANGE_SET_CAPACITY;
    const int32_t *value = capacity ? ch->capacity : ch->classes;
    zp_school *s = NULL;
    char label[256], text[256] = "";
    int rc = zp_change_find_school(x, &s);
    if (rc)
        return rc;
    school_label(s, label, sizeof label);
    if (s->closed)
        return zp_change_fail(x, ZP_EINPUT, "school %s was closed by an earlier change", label);
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (value[l] >= 0 && !zp_school_serves(s->type, (zp_level)l))
            return zp_change_fail(x, ZP_EINPUT, "school %s is a %s school: it has no %s level",
                                  label, zp_school_type_name(s->type), zp_level_name((zp_level)l));
    int32_t *field = capacity ? s->seats : s->classes;
    for (int l = 0, used = 0; l < ZP_NLEVELS; l++) {
        if (value[l] < 0)
            continue;
        used += snprintf(text + used, sizeof text - (size_t)used, "%s%s %d -> %d",
                         used ? zp_word(x->sc->lang, "sum_sep") : "", zp_word_level(x->sc->lang, l),
                         (int)field[l], (int)value[l]);
        field[l] = value[l];
    }
    const char *grades = "";
    if (!capacity && s->has_grade_classes) { /* level classes replace the per-grade ones */
        memset(s->grade_classes, 0, sizeof s->grade_classes);
        s->has_grade_classes = 0;
        grades = zp_word(x->sc->lang, "sum_grades_dropped");
    }
    snprintf(label, sizeof label, zp_word(x->sc->lang, "sum_school"), s->id, s->name);
    return zp_change_summary(ch, zp_word(x->sc->lang, "sum_set_levels"),
                             zp_change_kind_name(ch->kind), label, text, grades);
}

/* ---- children ----------------------------------------------------------------------- */

static int by_id(const void *a, const void *b, void *blocks)
{
    const zp_block *bl = blocks;
    return strcmp(bl[*(const size_t *)a].id, bl[*(const size_t *)b].id);
}

/* Through a sorted index: lists may name thousands (a redraw's pins). */
int zp_change_mark_blocks(zp_change_ctx *x, unsigned char *mark, size_t *count)
{
    size_t n = x->ds->nblocks, *order = malloc(sizeof *order * (n + 1));
    if (!order)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    qsort_r(order, n, sizeof *order, by_id, x->ds->blocks);
    int rc = ZP_OK;
    *count = 0;
    for (char **id = x->ch->blocks; !rc && *id; id++) {
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(x->ds->blocks[order[mid]].id, *id) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == n || strcmp(x->ds->blocks[order[lo]].id, *id))
            rc = zp_change_fail(x, ZP_EINPUT, "unknown block id '%s' (no block in %s has it)", *id,
                                x->ds->blocks_path);
        else if (!mark[order[lo]]) {
            mark[order[lo]] = 1;
            (*count)++;
        }
    }
    free(order);
    return rc;
}

/* round(n x f), refused when it would not fit a count. */
static int scaled(zp_change_ctx *x, const zp_block *b, int32_t n, int32_t *out)
{
    double v = round((double)n * x->ch->factor);
    if (v > MAX_COUNT)
        return zp_change_fail(x, ZP_EINPUT, "block %s would have %.0f children (more than %.0f)",
                              b->id, v, MAX_COUNT);
    *out = (int32_t)v;
    return ZP_OK;
}

/* One level of one block: each grade when the block has grades (the level is their sum). */
static int scale_level(zp_change_ctx *x, zp_block *b, int l)
{
    if (!b->has_grades)
        return scaled(x, b, b->children[l], &b->children[l]);
    int g0 = zp_level_first_grade((zp_level)l), ng = zp_level_grade_count((zp_level)l);
    int64_t sum = 0;
    for (int g = g0; g < g0 + ng; g++) {
        int rc = scaled(x, b, b->grades[g], &b->grades[g]);
        if (rc)
            return rc;
        sum += b->grades[g];
    }
    if ((double)sum > MAX_COUNT)
        return zp_change_fail(x, ZP_EINPUT, "block %s would have %lld %s children", b->id,
                              (long long)sum, zp_level_name((zp_level)l));
    b->children[l] = (int32_t)sum;
    return ZP_OK;
}

static int scale_summary(zp_change_ctx *x, size_t count, const int64_t before[ZP_NLEVELS],
                         const int64_t after[ZP_NLEVELS])
{
    const zp_change *ch = x->ch;
    zp_lang lang = x->sc->lang;
    char text[256] = "", where[160];
    for (int l = 0, used = 0; l < ZP_NLEVELS; l++)
        if (ch->levels[l])
            used += snprintf(text + used, sizeof text - (size_t)used, "%s%s %lld -> %lld",
                             used ? zp_word(lang, "sum_sep") : "", zp_word_level(lang, l),
                             (long long)before[l], (long long)after[l]);
    if (ch->within) {
        const char *slash = strrchr(ch->within, '/');
        snprintf(where, sizeof where, zp_word(lang, "sum_within"), slash ? slash + 1 : ch->within);
    } else {
        snprintf(where, sizeof where, "%s", zp_word(lang, "sum_listed"));
    }
    return zp_change_summary(x->ch, zp_word(lang, "sum_scale"), ch->factor, count,
                             zp_word(lang, count == 1 ? "sum_block" : "sum_blocks"), where, text);
}

static int apply_scale(zp_change_ctx *x)
{
    size_t count = 0;
    unsigned char *mark = calloc(x->ds->nblocks + 1, 1);
    if (!mark)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    int rc =
        x->ch->within ? zp_change_within(x, mark, &count) : zp_change_mark_blocks(x, mark, &count);
    int64_t before[ZP_NLEVELS] = {0, 0}, after[ZP_NLEVELS] = {0, 0};
    for (size_t i = 0; !rc && i < x->ds->nblocks; i++) {
        if (!mark[i])
            continue;
        zp_block *b = &x->ds->blocks[i];
        for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
            if (!x->ch->levels[l])
                continue;
            before[l] += b->children[l];
            rc = scale_level(x, b, l);
            after[l] += b->children[l];
        }
    }
    free(mark);
    return rc ? rc : scale_summary(x, count, before, after);
}

/* ---- estates ------------------------------------------------------------------------ */

/* A level's children spread over its grades (the remainder to the youngest), for layers
 * counted per grade: the checks of grade classes then see the estate too. */
static void spread_grades(zp_block *b)
{
    b->has_grades = 1;
    for (int l = 0; l < ZP_NLEVELS; l++) {
        int g0 = zp_level_first_grade((zp_level)l), ng = zp_level_grade_count((zp_level)l);
        for (int g = 0; g < ng; g++)
            b->grades[g0 + g] = b->children[l] / ng + (g < b->children[l] % ng);
    }
}

static int estate_block(zp_change_ctx *x, zp_block *b)
{
    const zp_change *ch = x->ch;
    zp_shape *s = &b->shape;
    memset(b, 0, sizeof *b);
    *s = ch->ring;
    s->part_start = malloc(sizeof *s->part_start);
    s->x = malloc(sizeof *s->x * (size_t)s->nverts);
    s->y = malloc(sizeof *s->y * (size_t)s->nverts);
    b->id = strdup(ch->id);
    b->name = strdup(ch->name ? ch->name : ch->id);
    b->added_by = added_by(x);
    int rc = (!s->part_start || !s->x || !s->y || !b->id || !b->name || !b->added_by)
                 ? zp_error_set(ZP_ENOMEM, "out of memory")
                 : ZP_OK;
    if (!rc) {
        s->part_start[0] = 0;
        memcpy(s->x, ch->ring.x, sizeof *s->x * (size_t)s->nverts);
        memcpy(s->y, ch->ring.y, sizeof *s->y * (size_t)s->nverts);
        if (ch->crs)
            rc = zp_change_transform(x, ch->crs, 0, s->x, s->y, (size_t)s->nverts);
    }
    if (rc) {
        free(b->id);
        free(b->name);
        free(b->added_by);
        zp_shape_free(s);
        return rc;
    }
    b->record = -1;
    b->current[0] = b->current[1] = -1;
    b->assign[0] = b->assign[1] = -1;
    b->migration = NAN; /* the horizon's, as any block without a rate of its own */
    for (int l = 0; l < ZP_NLEVELS; l++)
        b->children[l] = ch->children[l];
    if (x->sc->blocks.grades[0])
        spread_grades(b);
    return ZP_OK;
}

static int apply_add_estate(zp_change_ctx *x)
{
    zp_dataset *ds = x->ds;
    for (size_t i = 0; i < ds->nblocks; i++)
        if (!strcmp(ds->blocks[i].id, x->ch->id))
            return zp_change_fail(x, ZP_EINPUT, "block id '%s' already exists (%s)", x->ch->id,
                                  ds->blocks[i].record < 0 ? "added by an earlier change"
                                                           : ds->blocks_path);
    zp_block *grown = realloc(ds->blocks, sizeof *grown * (ds->nblocks + 1));
    if (!grown)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    ds->blocks = grown;
    zp_block *b = &ds->blocks[ds->nblocks];
    int rc = estate_block(x, b);
    if (rc)
        return rc;
    ds->nblocks++;
    char kids[128];
    int64_t counts[ZP_NLEVELS];
    for (int l = 0; l < ZP_NLEVELS; l++)
        counts[l] = x->sc->blocks.children[l] || x->sc->blocks.grades[0] ? b->children[l] : -1;
    per_level(x->sc->lang, "", counts, kids, sizeof kids);
    return zp_change_summary(x->ch, zp_word(x->sc->lang, "sum_add_estate"), b->id, b->name, kids);
}

/* ---- the list ----------------------------------------------------------------------- */

static int apply_one(zp_change_ctx *x)
{
    switch (x->ch->kind) {
    case ZP_CHANGE_ADD_SCHOOL:
        return apply_add_school(x);
    case ZP_CHANGE_CLOSE_SCHOOL:
        return apply_close_school(x);
    case ZP_CHANGE_SET_CAPACITY:
    case ZP_CHANGE_SET_CLASSES:
        return apply_set_levels(x);
    case ZP_CHANGE_SCALE_CHILDREN:
        return apply_scale(x);
    case ZP_CHANGE_ADD_ESTATE:
        return apply_add_estate(x);
    case ZP_CHANGE_SET_POLICY:
        return ZP_OK; /* folded into the policy when the scenario was read */
    case ZP_CHANGE_ASSIGN:
        return zp_change_apply_assign(x);
    case ZP_CHANGE_LOCK:
        return zp_change_apply_lock(x);
    case ZP_CHANGE_UNASSIGN:
        return zp_change_apply_unassign(x);
    }
    return zp_error_set(ZP_ERROR, "unknown change kind %d", (int)x->ch->kind);
}

int zp_changes_apply(const zp_scenario *sc, zp_dataset *ds)
{
    if (!sc || !ds)
        return zp_error_set(ZP_ERROR, "zp_changes_apply: no scenario or dataset");
    zp_change_ctx x = {.sc = sc, .ds = ds};
    int rc = ZP_OK;
    for (size_t i = 0; !rc && i < sc->nchanges; i++) {
        x.ch = &sc->changes[i];
        x.n = i + 1;
        rc = apply_one(&x);
    }
    zp_change_ctx_free(&x);
    return rc;
}
