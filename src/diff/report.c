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

static void school_cell(FILE *fp, const char *id)
{
    if (*id)
        zp_out_md_cell(fp, id);
    else
        fputs("(none)", fp);
}

static void runs(FILE *fp, const zp_diff *d)
{
    const zp_diff_side *side[2] = {&d->a, &d->b};
    fputs("# ", fp);
    zp_out_md_cell(fp, d->b.scenario);
    fputs(" compared with ", fp);
    zp_out_md_cell(fp, d->a.scenario);
    fputs("\n\n", fp);
    for (int i = 0; i < 2; i++) {
        fprintf(fp, "- Run %c: `", "AB"[i]);
        zp_out_md_cell(fp, side[i]->dir);
        fputs("`, scenario \"", fp);
        zp_out_md_cell(fp, side[i]->scenario);
        fprintf(fp, "\", %zu blocks, %zu plan flags\n", side[i]->nblocks, side[i]->nflags);
    }
}

static void moved(FILE *fp, const zp_diff *d)
{
    fputs("\n## Blocks that change school\n\n", fp);
    if (!d->nchanges)
        fputs("Nothing moved: every block keeps its school at every level.\n", fp);
    else
        fputs("| level | blocks | children |\n|---|---:|---:|\n", fp);
    for (int l = 0; d->nchanges && l < ZP_NLEVELS; l++)
        fprintf(fp, "| %s | %zu | %lld |\n", zp_level_name((zp_level)l), d->moved_blocks[l],
                (long long)d->moved_children[l]);
    if (d->only_a || d->only_b)
        fprintf(fp,
                "\n%zu blocks are only in run A (gone from B), %zu only in run B (new); they "
                "count as moves from or to no school.\n",
                d->only_a, d->only_b);
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
    fputs("\n## Distance to school\n\nChildren times distance to the plan's school, over the "
          "children who have one (blocks.shp).\n\n"
          "| level | child-m A | child-m B | change | mean m A | mean m B | change |\n"
          "|---|---:|---:|---:|---:|---:|---:|\n",
          fp);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        double ma, mb;
        long long ka, kb;
        walking(&d->a, l, &ma, &ka);
        walking(&d->b, l, &mb, &kb);
        double mean_a = ka ? ma / (double)ka : 0, mean_b = kb ? mb / (double)kb : 0;
        fprintf(fp, "| %s | %.0f | %.0f | %+.0f | %.1f | %.1f | %+.1f |\n",
                zp_level_name((zp_level)l), ma, mb, mb - ma, mean_a, mean_b, mean_b - mean_a);
    }
}

static int flag_bsearch(const void *key, const void *item)
{
    return zp_diff_flag_cmp(key, item);
}

/* The flags of x that y does not have, as a table; returns how many. */
static size_t flags_only_in(FILE *fp, const zp_diff_side *x, const zp_diff_side *y)
{
    size_t n = 0;
    for (size_t i = 0; i < x->nflags; i++) {
        const zp_diff_flag *f = &x->flags[i];
        if (bsearch(f, y->flags, y->nflags, sizeof *y->flags, flag_bsearch))
            continue;
        if (!n++)
            fputs("| flag | school | level | grade | value | limit |\n"
                  "|---|---|---|---|---:|---:|\n",
                  fp);
        fputs("| ", fp);
        zp_out_md_cell(fp, f->flag);
        fputs(" | ", fp);
        zp_out_md_cell(fp, f->school_id);
        fputs(" | ", fp);
        zp_out_md_cell(fp, f->level);
        fputs(" | ", fp);
        if (f->grade)
            fprintf(fp, "g%d", f->grade);
        fprintf(fp, " | %.1f | %.0f |\n", f->value, f->limit);
    }
    if (!n)
        fputs("None.\n", fp);
    return n;
}

static void flags(FILE *fp, const zp_diff *d)
{
    fputs("\n## Policy flags of the plan\n\n### Resolved (in run A, not in run B)\n\n", fp);
    flags_only_in(fp, &d->a, &d->b);
    fputs("\n### Introduced (in run B, not in run A)\n\n", fp);
    flags_only_in(fp, &d->b, &d->a);
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
    fputs("\n## Children by school\n\nChildren of the blocks in each school's catchment, for "
          "the schools where it changes.\n\n",
          fp);
    for (size_t i = 0; i < n; i++) {
        if (t[i].a == t[i].b)
            continue;
        if (!shown++)
            fputs("| school | level | run A | run B | change |\n|---|---|---:|---:|---:|\n", fp);
        fputs("| ", fp);
        zp_out_md_cell(fp, t[i].school);
        fprintf(fp, " | %s | %lld | %lld | %+lld |\n", zp_level_name((zp_level)t[i].level), t[i].a,
                t[i].b, t[i].b - t[i].a);
    }
    if (!shown)
        fputs("No school's children change.\n", fp);
    free(t);
    return ZP_OK;
}

static void moves(FILE *fp, const zp_diff *d)
{
    fputs("\n## Moves between schools\n\n", fp);
    if (!d->nmoves) {
        fputs("None.\n", fp);
        return;
    }
    fputs("| from | to | level | blocks | children |\n|---|---|---|---:|---:|\n", fp);
    for (size_t i = 0; i < d->nmoves; i++) {
        const zp_diff_move *m = &d->moves[i];
        fputs("| ", fp);
        school_cell(fp, m->from);
        fputs(" | ", fp);
        school_cell(fp, m->to);
        fprintf(fp, " | %s | %zu | %lld |\n", zp_level_name((zp_level)m->level), m->blocks,
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
    moves(fp, d);
    int closed = zp_out_close(fp, dir, "diff.md");
    return rc ? rc : closed;
}
