/* Comparing two runs block by block: both runs' blocks are sorted by id, so one merge
 * pairs them (a block in one run only, such as a new estate, pairs with nothing and
 * has no school on the missing side). A change is a block and level whose school id
 * differs; the moves are the changes grouped by level and school pair. Everything is
 * ordered by ids, never by file or hash order, so the same runs give the same bytes. */
#include <stdlib.h>
#include <string.h>

#include "diff_internal.h"
#include "io/layer.h"
#include "zoneplan/errors.h"

const zp_diff_block *zp_diff_change_block(const zp_diff_change *c)
{
    return c->b ? c->b : c->a;
}

const char *zp_diff_change_from(const zp_diff_change *c)
{
    return c->a ? c->a->school[c->level] : "";
}

const char *zp_diff_change_to(const zp_diff_change *c)
{
    return c->b ? c->b->school[c->level] : "";
}

int zp_diff_flag_cmp(const zp_diff_flag *x, const zp_diff_flag *y)
{
    int c = strcmp(x->school_id, y->school_id);
    if (!c)
        c = strcmp(x->level, y->level);
    if (!c)
        c = (x->grade > y->grade) - (x->grade < y->grade);
    return c ? c : strcmp(x->flag, y->flag);
}

static int change_cmp(const void *x, const void *y)
{
    const zp_diff_change *a = x, *b = y;
    if (a->level != b->level)
        return a->level - b->level;
    return strcmp(zp_diff_change_block(a)->id, zp_diff_change_block(b)->id);
}

/* Merge the two id-sorted block lists; record every block and level whose school differs. */
static int match_blocks(zp_diff *d)
{
    size_t na = d->a.nblocks, nb = d->b.nblocks, i = 0, j = 0;
    d->changes = malloc(sizeof *d->changes * ((na + nb) * ZP_NLEVELS + 1));
    if (!d->changes)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    while (i < na || j < nb) {
        int c = i == na ? 1 : j == nb ? -1 : strcmp(d->a.blocks[i].id, d->b.blocks[j].id);
        const zp_diff_block *pa = c <= 0 ? &d->a.blocks[i++] : NULL;
        const zp_diff_block *pb = c >= 0 ? &d->b.blocks[j++] : NULL;
        d->only_a += !pb;
        d->only_b += !pa;
        for (int l = 0; l < ZP_NLEVELS; l++) {
            zp_diff_change ch = {l, pa, pb};
            if (strcmp(zp_diff_change_from(&ch), zp_diff_change_to(&ch)))
                d->changes[d->nchanges++] = ch;
        }
    }
    qsort(d->changes, d->nchanges, sizeof *d->changes, change_cmp);
    return ZP_OK;
}

static int move_cmp(const void *x, const void *y)
{
    const zp_diff_move *a = x, *b = y;
    if (a->level != b->level)
        return a->level - b->level;
    int c = strcmp(a->from, b->from);
    return c ? c : strcmp(a->to, b->to);
}

/* One move per change, sorted by level and school pair, then equal pairs summed. */
static int group_moves(zp_diff *d)
{
    d->moves = malloc(sizeof *d->moves * (d->nchanges + 1));
    if (!d->moves)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->nchanges; i++) {
        const zp_diff_change *c = &d->changes[i];
        d->moves[i] = (zp_diff_move){c->level, zp_diff_change_from(c), zp_diff_change_to(c), 1,
                                     zp_diff_change_block(c)->children[c->level]};
        d->moved_blocks[c->level]++;
        d->moved_children[c->level] += d->moves[i].children;
    }
    qsort(d->moves, d->nchanges, sizeof *d->moves, move_cmp);
    for (size_t i = 0; i < d->nchanges; i++) {
        zp_diff_move *last = d->nmoves ? &d->moves[d->nmoves - 1] : NULL;
        if (last && !move_cmp(last, &d->moves[i])) {
            last->blocks++;
            last->children += d->moves[i].children;
        } else {
            d->moves[d->nmoves++] = d->moves[i];
        }
    }
    return ZP_OK;
}

int zp_diff_load(const char *run_a, const char *run_b, zp_diff **out)
{
    *out = NULL;
    zp_diff *d = calloc(1, sizeof *d);
    if (!d)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    d->lang = ZP_LANG_EN;
    d->a.dir = strdup(run_a);
    d->b.dir = strdup(run_b);
    int rc = d->a.dir && d->b.dir ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc)
        rc = zp_diff_side_load(&d->a);
    if (!rc)
        rc = zp_diff_side_load(&d->b);
    /* Only some shapes of each run are copied (the changed blocks'), so a corrupt run would
     * go unnoticed in one order and fail halfway through writing in the other: check all. */
    if (!rc)
        rc = zp_layer_check_shapes(d->a.layer);
    if (!rc)
        rc = zp_layer_check_shapes(d->b.layer);
    if (!rc)
        rc = match_blocks(d);
    if (!rc)
        rc = group_moves(d);
    if (rc)
        zp_diff_free(d);
    else
        *out = d;
    return rc;
}

void zp_diff_free(zp_diff *d)
{
    if (!d)
        return;
    zp_diff_side_free(&d->a);
    zp_diff_side_free(&d->b);
    free(d->changes);
    free(d->moves);
    free(d);
}

/* Last component of a folder's real path ("out/run/" -> "run"); "run" when there is none. */
static char *folder_name(const char *dir)
{
    char *real = realpath(dir, NULL), *path = real ? real : strdup(dir);
    if (!path)
        return NULL;
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        path[--n] = '\0';
    char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    char *out = strdup(*name && strcmp(name, ".") && strcmp(name, "..") ? name : "run");
    free(path);
    return out;
}

char *zp_diff_default_dir(const char *run_a, const char *run_b)
{
    char *a = folder_name(run_a), *b = folder_name(run_b), *out = NULL;
    size_t n = a && b ? strlen(a) + strlen(b) + 16 : 0;
    if (n && (out = malloc(n)))
        snprintf(out, n, "diff-%s-vs-%s", a, b);
    free(a);
    free(b);
    return out;
}

void zp_diff_print_summary(const zp_diff *d, const char *dir, FILE *fp)
{
    zp_lang lang = d->lang;
    fprintf(fp, zp_word(lang, "cli_diff_compared"), d->a.dir, d->a.scenario, d->b.dir,
            d->b.scenario);
    for (int l = 0; l < ZP_NLEVELS; l++)
        fprintf(fp, zp_word(lang, "cli_diff_level"), zp_word_level(lang, l), d->moved_blocks[l],
                (long long)d->moved_children[l]);
    if (d->only_a || d->only_b)
        fprintf(fp, zp_word(lang, "cli_diff_only"), d->a.dir, d->only_a, d->b.dir, d->only_b);
    fprintf(fp, zp_word(lang, "cli_written"), dir);
}
