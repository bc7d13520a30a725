/* Comparing two runs: which blocks changed school at each level, how many children
 * that moves between which schools, what it does to walking distance and to the
 * policy flags. The inputs are two output folders of `zoneplan run` (their blocks.shp
 * and summary.json), so a redraw can be compared with the baseline long after both
 * were run, and nothing is re-solved. */
#ifndef ZONEPLAN_DIFF_H
#define ZONEPLAN_DIFF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "stage.h"
#include "words.h"

/* One block of a run as blocks.shp has it. */
typedef struct zp_diff_block {
    char *id, *name;
    int record;                   /* 0-based record in blocks.shp */
    char *school[ZP_NLEVELS];     /* the plan's school id, "" when none */
    int32_t children[ZP_NLEVELS]; /* the block's children at the level */
    double dist_m[ZP_NLEVELS];    /* to the plan's school; NAN when none */
} zp_diff_block;

/* One policy flag of a run's plan, from summary.json's flag_list. */
typedef struct zp_diff_flag {
    char *flag, *school_id, *level;
    int grade; /* 1..9, 0 for a whole level or school */
    double value, limit;
} zp_diff_flag;

/* One school's audit in a run's plan (summary.json's audit.levels[].plan.results). */
typedef struct zp_diff_audit_row {
    char *school_id, *name, *verdict; /* verdict: pass | fail | not_assessed */
    double value[ZP_NRESOURCES];      /* per-pupil figure; NAN: not assessed */
    int8_t met[ZP_NRESOURCES];        /* 1 met, 0 not, -1 not assessed */
} zp_diff_audit_row;

/* One level of a run's plan audit; present 0 when the run has none for the level. */
typedef struct zp_diff_audit {
    int present;
    double cv[ZP_NRESOURCES]; /* NAN: not computed */
    double cv_limit;
    int pass, fail;
    zp_diff_audit_row *rows; /* sorted by school id */
    size_t nrows;
} zp_diff_audit;

typedef struct zp_diff_side {
    char *dir;             /* the run folder as given */
    char *scenario;        /* scenario name from summary.json */
    zp_diff_block *blocks; /* sorted by id (byte order); ids unique */
    size_t nblocks;
    zp_diff_flag *flags; /* the plan's flags, sorted by school, level, grade, flag */
    size_t nflags;
    char *prj;              /* blocks.prj text, NULL when absent */
    struct zp_layer *layer; /* blocks.shp kept open for the changed blocks' shapes */
    int has_audit;          /* summary.json has the quality-balance audit */
    zp_diff_audit audit[ZP_NLEVELS];
} zp_diff_side;

/* One block and level whose school differs; a or b is NULL when the block is missing
 * from that run. */
typedef struct zp_diff_change {
    int level;
    const zp_diff_block *a, *b;
} zp_diff_change;

/* Children moved from one school to another at one level ("" for none). */
typedef struct zp_diff_move {
    int level;
    const char *from, *to;
    size_t blocks;
    int64_t children; /* counted at run B's children (A's for blocks gone from B) */
} zp_diff_move;

typedef struct zp_diff {
    zp_diff_side a, b;
    zp_diff_change *changes; /* by level, then block id */
    size_t nchanges;
    zp_diff_move *moves; /* by level, then from and to school id */
    size_t nmoves;
    size_t only_a, only_b;              /* blocks in one run only */
    size_t moved_blocks[ZP_NLEVELS];    /* changes per level */
    int64_t moved_children[ZP_NLEVELS]; /* their children, as in the moves */
    zp_lang lang; /* the words of diff.md, changed.* and the summary: en after zp_diff_load */
} zp_diff;

/* One run folder read back (the public run-folder reader): DIR/blocks.shp (.dbf fields) and
 * DIR/summary.json into s (s->dir set by the caller, malloc'd, freed with s); the blocks end
 * sorted by id, the flags by school, level, grade and flag. Errors as zp_diff_load's. */
int zp_diff_side_load(zp_diff_side *s);
void zp_diff_side_free(zp_diff_side *s);

/* Read both run folders and compare them. Errors (ZP_EINPUT) name the folder or file,
 * and the record or field: a missing folder, blocks.shp or summary.json, a malformed
 * summary.json, a duplicate BLOCK_ID. */
int zp_diff_load(const char *run_a, const char *run_b, zp_diff **out);
/* Write diff.csv, moves.csv, diff.md and changed_blocks.shp (+ .shx .dbf .prj .cpg) into
 * dir (created if needed) through a staging folder: all files appear at once, or none. */
int zp_diff_write(const zp_diff *d, const char *dir);
/* The two steps of zp_diff_write, for writers that add files of their own to the folder
 * (zp_publish_diff's maps): the staging folder of dir (the run folders are its inputs, never
 * written), and the diff's files into a folder. The caller commits or aborts the stage. */
int zp_diff_stage_open(const zp_diff *d, const char *dir, zp_stage **st);
int zp_diff_write_files(const zp_diff *d, const char *dir);
void zp_diff_free(zp_diff *d);

/* Output folder when none is named: diff-<A>-vs-<B> in the current folder, from the
 * run folders' names; never inside either run. Caller frees. */
char *zp_diff_default_dir(const char *run_a, const char *run_b);
/* One line per level for the terminal (in d->lang): blocks and children that moved. */
void zp_diff_print_summary(const zp_diff *d, const char *dir, FILE *fp);

#endif
