/* diff.md: what a redraw changes, for the planner who must explain it. Which runs were
 * compared, how many blocks and children change school, what happens to walking distance,
 * which policy flags the redraw resolves and which it introduces, each school's children
 * before and after, and the moves between schools. Figures come from the two runs'
 * blocks.shp and summary.json, so the report agrees with diff.csv and moves.csv. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diff_internal.h"
#include "zoneplan/out.h"
#include "zoneplan/errors.h"

static void school_cell(FILE *fp, zp_lang lang, const char *id)
{
    if (*id)
        zp_out_md_cell(fp, id);
    else
        fputs(zp_word(lang, "diff_no_school"), fp);
}

/* A level named in summary.json ("primary", "junior") in the report's language. */
static const char *level_text(zp_lang lang, const char *level)
{
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (!strcmp(level, zp_level_name((zp_level)l)))
            return zp_word_level(lang, l);
    return level;
}

static void runs(FILE *fp, const zp_diff *d)
{
    const zp_diff_side *side[2] = {&d->a, &d->b};
    fputs("# ", fp);
    zp_out_md_cell(fp, d->b.scenario);
    fputs(zp_word(d->lang, "diff_compared"), fp);
    zp_out_md_cell(fp, d->a.scenario);
    fputs("\n\n", fp);
    for (int i = 0; i < 2; i++) {
        fprintf(fp, zp_word(d->lang, "diff_run"), "AB"[i]);
        zp_out_md_cell(fp, side[i]->dir);
        fputs(zp_word(d->lang, "diff_run_scenario"), fp);
        zp_out_md_cell(fp, side[i]->scenario);
        fprintf(fp, zp_word(d->lang, "diff_run_tail"), side[i]->nblocks, side[i]->nflags);
    }
}

static void moved(FILE *fp, const zp_diff *d)
{
    fputs(zp_word(d->lang, "diff_moved_head"), fp);
    fputs(zp_word(d->lang, d->nchanges ? "diff_moved_table" : "diff_nothing"), fp);
    for (int l = 0; d->nchanges && l < ZP_NLEVELS; l++)
        fprintf(fp, "| %s | %zu | %lld |\n", zp_word_level(d->lang, l), d->moved_blocks[l],
                (long long)d->moved_children[l]);
    if (d->only_a || d->only_b)
        fprintf(fp, zp_word(d->lang, "diff_only"), d->only_a, d->only_b);
}

/* Children with a school and their child-metres, at one level of one run. */
static void walking(const zp_diff_side *s, int l, double *child_m, long long *kids)
{
    *child_m = 0;
    *kids = 0;
    for (size_t i = 0; i < s->nblocks; i++) {
        const zp_diff_block *b = &s->blocks[i];
        if (!b->school[l][0] || !isfinite(b->dist_m[l]))
            continue;
        *child_m += b->children[l] * b->dist_m[l];
        *kids += b->children[l];
    }
}

static void distance(FILE *fp, const zp_diff *d)
{
    fputs(zp_word(d->lang, "diff_distance_head"), fp);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        double ma, mb;
        long long ka, kb;
        walking(&d->a, l, &ma, &ka);
        walking(&d->b, l, &mb, &kb);
        double mean_a = ka ? ma / (double)ka : 0, mean_b = kb ? mb / (double)kb : 0;
        fprintf(fp, "| %s | %.0f | %.0f | %+.0f | %.1f | %.1f | %+.1f |\n",
                zp_word_level(d->lang, l), ma, mb, mb - ma, mean_a, mean_b, mean_b - mean_a);
    }
}

static int flag_bsearch(const void *key, const void *item)
{
    return zp_diff_flag_cmp(key, item);
}

/* The flags of x that y does not have, as a table; returns how many. */
static size_t flags_only_in(FILE *fp, zp_lang lang, const zp_diff_side *x, const zp_diff_side *y)
{
    size_t n = 0;
    for (size_t i = 0; i < x->nflags; i++) {
        const zp_diff_flag *f = &x->flags[i];
        if (bsearch(f, y->flags, y->nflags, sizeof *y->flags, flag_bsearch))
            continue;
        if (!n++)
            fputs(zp_word(lang, "diff_flags_table"), fp);
        fputs("| ", fp);
        zp_out_md_cell(fp, zp_word_of(lang, "rep_flagcol_", f->flag)); /* as report.md */
        fputs(" | ", fp);
        zp_out_md_cell(fp, f->school_id);
        fputs(" | ", fp);
        zp_out_md_cell(fp, level_text(lang, f->level));
        fputs(" | ", fp);
        if (f->grade)
            fprintf(fp, "g%d", f->grade);
        fprintf(fp, " | %.1f | %.0f |\n", f->value, f->limit);
    }
    if (!n)
        fputs(zp_word(lang, "rep_none"), fp);
    return n;
}

static void flags(FILE *fp, const zp_diff *d)
{
    fputs(zp_word(d->lang, "diff_resolved"), fp);
    flags_only_in(fp, d->lang, &d->a, &d->b);
    fputs(zp_word(d->lang, "diff_introduced"), fp);
    flags_only_in(fp, d->lang, &d->b, &d->a);
}

typedef struct tally {
    const char *school;
    int level;
    long long a, b;
} tally;

static int tally_cmp(const void *x, const void *y)
{
    const tally *p = x, *q = y;
    return p->level != q->level ? p->level - q->level : strcmp(p->school, q->school);
}

/* Children in each school's catchment per level in both runs, summed by (level, school). */
static tally *school_tallies(const zp_diff *d, size_t *n)
{
    tally *t = malloc(sizeof *t * ((d->a.nblocks + d->b.nblocks) * ZP_NLEVELS + 1));
    size_t k = 0;
    const zp_diff_side *side[2] = {&d->a, &d->b};
    for (int s = 0; t && s < 2; s++)
        for (size_t i = 0; i < side[s]->nblocks; i++)
            for (int l = 0; l < ZP_NLEVELS; l++) {
                const zp_diff_block *b = &side[s]->blocks[i];
                if (b->school[l][0])
                    t[k++] =
                        (tally){b->school[l], l, s ? 0 : b->children[l], s ? b->children[l] : 0};
            }
    if (t)
        qsort(t, k, sizeof *t, tally_cmp);
    *n = 0;
    for (size_t i = 0; t && i < k; i++) {
        if (*n && !tally_cmp(&t[*n - 1], &t[i])) {
            t[*n - 1].a += t[i].a;
            t[*n - 1].b += t[i].b;
        } else {
            t[(*n)++] = t[i];
        }
    }
    return t;
}

static int enrolment(FILE *fp, const zp_diff *d)
{
    size_t n = 0, shown = 0;
    tally *t = school_tallies(d, &n);
    if (!t)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    fputs(zp_word(d->lang, "diff_children_head"), fp);
    for (size_t i = 0; i < n; i++) {
        if (t[i].a == t[i].b)
            continue;
        if (!shown++)
            fputs(zp_word(d->lang, "diff_children_table"), fp);
        fputs("| ", fp);
        zp_out_md_cell(fp, t[i].school);
        fprintf(fp, " | %s | %lld | %lld | %+lld |\n", zp_word_level(d->lang, t[i].level), t[i].a,
                t[i].b, t[i].b - t[i].a);
    }
    if (!shown)
        fputs(zp_word(d->lang, "diff_children_same"), fp);
    free(t);
    return ZP_OK;
}

static void moves(FILE *fp, const zp_diff *d)
{
    fputs(zp_word(d->lang, "diff_moves_head"), fp);
    if (!d->nmoves) {
        fputs(zp_word(d->lang, "rep_none"), fp);
        return;
    }
    fputs(zp_word(d->lang, "diff_moves_table"), fp);
    for (size_t i = 0; i < d->nmoves; i++) {
        const zp_diff_move *m = &d->moves[i];
        fputs("| ", fp);
        school_cell(fp, d->lang, m->from);
        fputs(" | ", fp);
        school_cell(fp, d->lang, m->to);
        fprintf(fp, " | %s | %zu | %lld |\n", zp_word_level(d->lang, m->level), m->blocks,
                (long long)m->children);
    }
}

int zp_diff_write_md(const zp_diff *d, const char *dir)
{
    FILE *fp;
    int rc = zp_out_open(dir, "diff.md", &fp);
    if (rc)
        return rc;
    runs(fp, d);
    moved(fp, d);
    distance(fp, d);
    flags(fp, d);
    rc = enrolment(fp, d);
    zp_diff_write_audit(fp, d);
    moves(fp, d);
    int closed = zp_out_close(fp, dir, "diff.md");
    return rc ? rc : closed;
}
