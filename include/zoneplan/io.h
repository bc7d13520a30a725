/* Reading blocks and schools from shapefiles (shapelib) with text converted to
 * UTF-8 (iconv), and the safe-write helpers every output uses.
 *
 * io knows nothing of policy: it maps fields named by the scenario, checks ids and
 * counts, and reports bad records with file, record and field. */
#ifndef ZONEPLAN_IO_H
#define ZONEPLAN_IO_H

#include <iconv.h>
#include <stdio.h>
#include "model.h"
#include "scenario.h"
#include "stage.h"

/* Load both layers named by the scenario. Resolves current school ids to indices
 * (unknown ids are warnings). Returns ZP_EINPUT with file/record/field context. */
int zp_data_load(const zp_scenario *sc, zp_dataset *out);

/* Append every file loading sc reads (the scenario, its bases, each layer with its sidecars,
 * `within:` polygons, parcels) to in, for zp_stage_open. */
int zp_data_inputs(const zp_scenario *sc, zp_inputs *in);

/* Every polygon of a shapefile (`within:` areas of a scenario change) in its own CRS, with
 * its .prj text (NULL when absent). Null shapes and other shape types are errors naming
 * the file and record; what names the file's role ("scale_children.within"). Free each
 * shape with zp_shape_free, then the array. */
int zp_polygons_read(const char *path, const char *what, zp_shape **shapes, size_t *n, char **prj);

/* Every shape of a layer of the kinds asked for (ZP_SHAPES_*), in its own CRS, with its .prj
 * text (NULL when absent); with a field, excluded[i] is 1 where record i's value of it is
 * one of exclude (case ignored): the roads the walk may not use. Null shapes and other
 * kinds are errors naming the file and record; what names the file's role ("roads"). */
enum { ZP_SHAPES_POLYGONS = 1, ZP_SHAPES_LINES = 2 };
typedef struct zp_shapes_spec {
    const char *path, *what, *encoding; /* encoding NULL: from the .cpg */
    unsigned kinds;
    const char *field;     /* or NULL */
    const char *field_key; /* the scenario key naming the field, for messages */
    char *const *exclude;  /* NULL-terminated, with field */
} zp_shapes_spec;
typedef struct zp_shapes {
    size_t n;
    zp_shape *shape;
    uint8_t *excluded;
    char *prj;
} zp_shapes;
int zp_shapes_read(const zp_shapes_spec *spec, zp_shapes *out);
void zp_shapes_free(zp_shapes *s);

/* Encoding named by a .cpg text ("GBK", "936", "UTF-8", "65001", ...) as an iconv name. */
const char *zp_encoding_from_cpg(const char *cpg);
/* Encoding named by a DBF's language driver byte (header byte 29, LDID) as an iconv name:
 * 0x4D and 0x7A GBK (as ArcGIS writes Chinese tables), 0x4F and 0x78 BIG5, 0x03 CP1252, 0x01
 * CP437; NULL for 0 and the rest, which name no encoding zoneplan can rely on. */
const char *zp_encoding_from_ldid(int ldid);

/* Convert text between encodings with iconv; returns a malloc'd string or NULL with
 * an error set when the bytes are not valid in `from`. */
char *zp_iconv_dup(const char *text, const char *from, const char *to);
/* The same with an open descriptor, for converting many values (one iconv_open per layer). */
char *zp_iconv_conv(iconv_t cd, const char *text, const char *from);

/* One output file written atomically (--stats, --export-instance): open writes PATH's
 * hidden temp file beside it; commit flushes it to disk and renames it to PATH; abort
 * removes it. A crash never leaves a half-written PATH. */
typedef struct zp_outfile {
    FILE *fp;
    char *tmp_path;
    char *final_path;
} zp_outfile;
int zp_outfile_open(zp_outfile *of, const char *path);
int zp_outfile_commit(zp_outfile *of);
void zp_outfile_abort(zp_outfile *of);

/* Make sure an output folder exists and is writable (creating parents). */
int zp_ensure_dir(const char *dir);

/* Join a folder and a relative path; absolute paths are returned as they are. */
char *zp_path_join(const char *dir, const char *rel);

/* The path of `target` relative to folder `from` ("../data/scenario.yaml"), both resolved
 * first (realpath: links followed, so the result holds wherever the pair is moved together);
 * NULL with the error set when either cannot be resolved. */
char *zp_path_relative(const char *from, const char *target);

#endif
