/* Shared helpers for the Criterion tests: temp folders, running the CLI, reading files. */
#ifndef ZP_TEST_SUPPORT_H
#define ZP_TEST_SUPPORT_H

#include <stddef.h>

#include "zoneplan/alloc.h"

/* A fresh empty folder under /tmp; caller frees. */
char *zpt_tmpdir(void);
/* Remove a folder tree. */
void zpt_rmtree(const char *dir);
/* Run a shell command, return its exit status (0..255) and optionally capture stderr+stdout. */
int zpt_run(const char *cmd, char **output);
/* Whole file as a NUL-terminated string, NULL when missing; *len set when non-NULL. */
char *zpt_slurp(const char *path, size_t *len);
/* Write text to a file (creating it). */
void zpt_write(const char *path, const char *text);
/* Copy a file. */
void zpt_copy(const char *from, const char *to);

/* The transportation LP of in over every block-school pair, solved by GLPK's simplex, with
 * the pair costs (cm) cost_cm gives and the shortfall at the penalty: the oracle of the
 * exact LP bound (metres). */
double zpt_glpk_lp_bound(const zp_alloc_input *in,
                         double (*cost_cm)(const zp_alloc_input *in, int b, int s));
/* The whole-block optimum of the same problem (child-metres), exact, by GLPK's branch and
 * cut over every pair: each block at one school at most, its children placed there up to
 * the school's capacity, the rest at the penalty. */
double zpt_glpk_whole_block(const zp_alloc_input *in,
                            double (*cost_cm)(const zp_alloc_input *in, int b, int s));
/* The same with every catchment under the closer-neighbour rule, written out in full: block
 * b at school s (b not root[s]) only beside a block j at s with dist(j, s) < dist(b, s) (ties:
 * the lower index), and a block at a school has at least one child placed there. */
double zpt_glpk_contiguous(const zp_alloc_input *in,
                           double (*cost_cm)(const zp_alloc_input *in, int b, int s),
                           const size_t *adj_start, const int32_t *adj, const int *root,
                           double (*dist)(const zp_alloc_input *in, int b, int s));

/* The command line ZP_CLI ARGS run as zpt_run runs it. */
int zpt_cli(const char *args, char **output);
/* dir/name, malloc'd (the caller frees). */
char *zpt_path(const char *dir, const char *name);

#endif
