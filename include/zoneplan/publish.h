/* Publishing a run: the maps and admission-notice sheets a bureau prints and posts, and
 * the files for the web. Everything is made from a run's output folder (catchments.shp,
 * blocks.shp, schools.shp, summary.json), so a run can be published again later, in
 * another language or format, without solving anything. The folder is only read; the
 * results go to RUN_DIR/publish/ through a staging folder. */
#ifndef ZONEPLAN_PUBLISH_H
#define ZONEPLAN_PUBLISH_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h" /* zp_publish_options: what output.publish or the options ask for */
#include "stage.h"

/* Publish the run folder run_dir into run_dir/publish/, which is replaced whole (zp_stage_open);
 * the files of formats not asked for this time are kept. Errors (ZP_EINPUT) name the file and
 * record of the run folder that is missing or malformed. */
int zp_publish(const char *run_dir, const zp_publish_options *opt);
/* The same into out_dir, an empty folder (a run's stage publishes into its publish/ before
 * the run folder is swapped in). */
int zp_publish_into(const char *run_dir, const char *out_dir, const zp_publish_options *opt);
/* `zoneplan diff`'s folder with its maps: zp_diff_write's files and the map of what changed
 * (changed.pdf, a page per level, and changed-<level>.png: the blocks that change school in
 * their new school's colour, run B's catchments, run A's boundaries dashed), in d->lang, all
 * in dir at once or none. */
struct zp_diff;
int zp_publish_diff(const struct zp_diff *d, const char *dir);
/* The maps' colours, shared with the editing page (zoneplan serve): DSATUR over a graph of n
 * nodes (CSR, symmetric) into col[n], palette indices, neighbours never alike and the pale
 * palette's 10 colours used evenly before any is made up; *ncolours raised to the count. */
int zp_publish_colour_graph(size_t n, const size_t *start, const int32_t *nbr, int *col,
                            int *ncolours);
/* Palette colour k as "#rrggbb". */
void zp_publish_palette_hex(int k, char out[8]);

/* The files publishing run_dir reads, for zp_stage_open. */
int zp_publish_inputs(const char *run_dir, zp_inputs *in);

#endif
