/* The assign and lock changes: a planner's hand on the plan, as the browser editor saves a
 * redraw. An assign pins the listed blocks to one school at one level (zp_block.assign:
 * the run hands the solver each pin as a lock to that school, so the rest of the plan is
 * solved around it); a lock keeps the blocks at today's school, as the blocks.locked field
 * does. Both are checked against the data as it stands after the changes before them: an
 * unknown id, or a school that could not take the blocks at that level (closed, of a type
 * without the level, no places there), is refused. A later assign of a block at a level
 * replaces an earlier one: the last one written wins, as when a planner paints again; an
 * unassign takes pins off (a redraw saved over a saved redraw releases the base's pins). */
#include <stdio.h>
#include <stdlib.h>

#include "changes/changes_internal.h"
#include "zoneplan/errors.h"

/* Whether school s takes pupils at level l now: else the pin could never hold. */
static int assignable(zp_change_ctx *x, const zp_school *s, int l)
{
    char label[256];
    const char *level = zp_level_name((zp_level)l);
    snprintf(label, sizeof label, "%s (%s)", s->id, s->name);
    if (s->closed)
        return zp_change_fail(x, ZP_EINPUT,
                              "school %s was closed by an earlier change: no block can be "
                              "assigned to it",
                              label);
    if (!zp_school_serves(s->type, (zp_level)l))
        return zp_change_fail(x, ZP_EINPUT, "school %s is a %s school: it has no %s level", label,
                              zp_school_type_name(s->type), level);
    if (s->seats[l] <= 0)
        return zp_change_fail(x, ZP_EINPUT, "school %s has no %s places (capacity 0)", label,
                              level);
    return ZP_OK;
}

int zp_change_apply_assign(zp_change_ctx *x)
{
    zp_change *ch = x->ch;
    zp_dataset *ds = x->ds;
    int l = ch->level;
    zp_school *s = NULL;
    if (l < 0 || l >= ZP_NLEVELS)
        return zp_error_set(ZP_ERROR, "assign: level %d out of range", l);
    int rc = zp_change_find_school(x, &s);
    if (!rc)
        rc = assignable(x, s, l);
    unsigned char *mark = rc ? NULL : calloc(ds->nblocks + 1, 1);
    if (!rc && !mark)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    size_t count = 0;
    if (!rc)
        rc = zp_change_mark_blocks(x, mark, &count);
    long long children = 0;
    for (size_t b = 0; !rc && b < ds->nblocks; b++)
        if (mark[b]) {
            ds->blocks[b].assign[l] = (int32_t)(s - ds->schools);
            children += ds->blocks[b].children[l];
        }
    free(mark);
    if (rc)
        return rc;
    zp_lang lang = x->sc->lang;
    char label[256];
    snprintf(label, sizeof label, zp_word(lang, "sum_school"), s->id, s->name);
    return zp_change_summary(ch, zp_word(lang, "sum_assign"), count,
                             zp_word(lang, count == 1 ? "sum_block" : "sum_blocks"), label,
                             zp_word_level(lang, l), children);
}

int zp_change_apply_lock(zp_change_ctx *x)
{
    zp_dataset *ds = x->ds;
    unsigned char *mark = calloc(ds->nblocks + 1, 1);
    if (!mark)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t count = 0, none = 0;
    const char *example = NULL;
    int rc = zp_change_mark_blocks(x, mark, &count);
    for (size_t b = 0; !rc && b < ds->nblocks; b++) {
        if (!mark[b])
            continue;
        zp_block *bl = &ds->blocks[b];
        bl->locked = 1;
        if (bl->current[ZP_PRIMARY] < 0 && bl->current[ZP_JUNIOR] < 0) {
            none++;
            example = example ? example : bl->id;
        }
    }
    free(mark);
    if (rc)
        return rc;
    if (none) /* a lock holds only where there is a school today */
        zp_warn("%s:%d: change %zu (lock): %zu of the %zu blocks (%s%s) have no school today: "
                "the lock keeps nothing there",
                x->ch->file ? x->ch->file : x->sc->file, x->ch->line, x->n, none, count, example,
                none > 1 ? ", ..." : "");
    zp_lang lang = x->sc->lang;
    return zp_change_summary(x->ch, zp_word(lang, "sum_lock"), count,
                             zp_word(lang, count == 1 ? "sum_block" : "sum_blocks"));
}

int zp_change_apply_unassign(zp_change_ctx *x)
{
    zp_dataset *ds = x->ds;
    int l = x->ch->level;
    if (l < 0 || l >= ZP_NLEVELS)
        return zp_error_set(ZP_ERROR, "unassign: level %d out of range", l);
    unsigned char *mark = calloc(ds->nblocks + 1, 1);
    if (!mark)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t count = 0;
    int rc = zp_change_mark_blocks(x, mark, &count);
    for (size_t b = 0; !rc && b < ds->nblocks; b++)
        if (mark[b])
            ds->blocks[b].assign[l] = -1;
    free(mark);
    if (rc)
        return rc;
    zp_lang lang = x->sc->lang;
    return zp_change_summary(x->ch, zp_word(lang, "sum_unassign"), count,
                             zp_word(lang, count == 1 ? "sum_block" : "sum_blocks"),
                             zp_word_level(lang, l));
}
