/* Publishing a run: the maps and admission-notice sheets a bureau prints and posts, and
 * the files for the web. Everything is made from a run's output folder (catchments.shp,
 * blocks.shp, schools.shp, summary.json), so a run can be published again later, in
 * another language or format, without solving anything. The folder is only read; the
 * results go to RUN_DIR/publish/ through a staging folder. */
#ifndef ZONEPLAN_PUBLISH_H
#define ZONEPLAN_PUBLISH_H

#include <stddef.h>

#include "stage.h"

enum {
    ZP_PUB_PDF = 1 << 0,     /* booklet.pdf: overview per level, then every school sheet */
    ZP_PUB_PNG = 1 << 1,     /* overview-<level>.png and <school>-<level>.png */
    ZP_PUB_SVG = 1 << 2,     /* overview-<level>.svg */
    ZP_PUB_GEOJSON = 1 << 3, /* catchments.geojson, schools.geojson (RFC 7946) */
    ZP_PUB_HTML = 1 << 4,    /* map.html, self-contained */
    ZP_PUB_ALL = (1 << 5) - 1
};

typedef enum { ZP_LANG_ZH = 0, ZP_LANG_EN = 1 } zp_lang;

typedef struct zp_publish_options {
    unsigned formats; /* ZP_PUB_* bits; 0 means all */
    zp_lang lang;
    int dpi; /* PNG resolution; 0 means 150 */
} zp_publish_options;

/* "pdf,png,svg,geojson,html" (any subset, any order) to ZP_PUB_* bits. */
int zp_publish_parse_formats(const char *list, unsigned *out);
/* "zh" or "en". */
int zp_publish_parse_lang(const char *text, zp_lang *out);

/* Publish the run folder run_dir into run_dir/publish/, which is replaced whole (zp_stage_open);
 * the files of formats not asked for this time are kept. Errors (ZP_EINPUT) name the file and
 * record of the run folder that is missing or malformed. */
int zp_publish(const char *run_dir, const zp_publish_options *opt);
/* The same into out_dir, an empty folder (a run's stage publishes into its publish/ before
 * the run folder is swapped in). */
int zp_publish_into(const char *run_dir, const char *out_dir, const zp_publish_options *opt);
/* The files publishing run_dir reads, for zp_stage_open. */
int zp_publish_inputs(const char *run_dir, zp_inputs *in);

#endif
