/* Output folders: written whole in a staging folder beside them and swapped into place in
 * one step, so the folder a user opens holds the old outputs or the new ones, never a mix,
 * and never a half-written file.
 *
 * Every command that writes a folder (run, publish, diff, site, gen) goes through here:
 *   zp_stage_open   refuses an output folder that is, or holds, a file the command reads
 *                   (compared by device and inode, so ./data, links and a/../data are the
 *                   same folder), that holds files zoneplan did not write, or that is the
 *                   current folder; removes staging folders left by killed runs; and makes
 *                   a fresh hidden sibling folder, locked while this process lives;
 *   zp_stage_dir    the folder to write everything into;
 *   zp_stage_commit writes the folder's manifest (.zoneplan: the kind and every name in it),
 *                   flushes every file to disk, swaps the staging folder with the output
 *                   folder (renameat2 RENAME_EXCHANGE) and removes the old one;
 *   zp_stage_abort  removes the staging folder.
 * A process killed at any moment leaves the old folder or the new one in place, and at
 * most a staging folder that the next command writing beside it removes. */
#ifndef ZONEPLAN_STAGE_H
#define ZONEPLAN_STAGE_H

#include <stddef.h>

/* What a folder holds; written into its manifest, so one kind never replaces another. */
typedef enum {
    ZP_FOLDER_RUN,     /* zoneplan run: catchments.shp, summary.json, ..., publish/ */
    ZP_FOLDER_PUBLISH, /* RUN_DIR/publish: booklet.pdf, PNG, SVG, GeoJSON, map.html */
    ZP_FOLDER_DIFF,    /* zoneplan diff */
    ZP_FOLDER_SITE,    /* zoneplan site: sites.csv, ..., plan/ */
    ZP_FOLDER_GEN,     /* zoneplan gen: a district's layers */
    ZP_FOLDER_PLAN,    /* zoneplan plan: projection.csv, years.csv, schedule.yaml, ... */
    ZP_FOLDER_PROJECT  /* zoneplan project: projection.csv, backtest.csv, report.md */
} zp_folder_kind;

/* The files a command reads, for zp_stage_open's check. */
typedef struct zp_inputs {
    char **path;
    size_t n, cap;
} zp_inputs;
int zp_inputs_add(zp_inputs *in, const char *path);
/* A shapefile layer: the .shp and every sidecar (.shx .dbf .prj .cpg, either case). */
int zp_inputs_add_layer(zp_inputs *in, const char *shp_path);
void zp_inputs_free(zp_inputs *in);

typedef struct zp_stage zp_stage;

/* Prepare to write the output folder dir (created with its parents when missing). in may be
 * NULL. Errors (ZP_EIO, exit code 2) name the folder and, for an input, both paths. */
int zp_stage_open(const char *dir, zp_folder_kind kind, const zp_inputs *in, zp_stage **out);
const char *zp_stage_dir(const zp_stage *st);
/* Put the staged folder in place of dir and free st (also on failure, after which dir is
 * as it was). */
int zp_stage_commit(zp_stage *st);
/* Remove the staged folder and free st; NULL is fine. */
void zp_stage_abort(zp_stage *st);

/* Write the manifest of a finished folder made inside a stage (a run's publish/, a
 * siting's plan/), so that later commands may replace it on its own. */
int zp_folder_mark(const char *dir, zp_folder_kind kind);

/* 1 when the file name in the folder dir (of that kind) is one zoneplan wrote there (its
 * manifest lists it; in a folder of an earlier version, one of the names it wrote), 0 when
 * it is someone else's, a negative error code when the manifest cannot be read. */
int zp_folder_wrote(const char *dir, zp_folder_kind kind, const char *name);

/* A single output file (--stats, --export-instance) that is not one of the inputs; error
 * naming both paths otherwise. */
int zp_output_file_check(const char *path, const zp_inputs *in);

/* Such a file must not go into the output folder st replaces (where it would replace one
 * of the folder's files, or be taken for the planner's); error naming both otherwise. */
int zp_stage_check_file(const zp_stage *st, const char *path);

#endif
