/* Internal: one open shapefile layer (shp + dbf) with its text encoding and the
 * helpers that read checked values out of it. Shared by the block and school loaders. */
#ifndef ZP_IO_LAYER_H
#define ZP_IO_LAYER_H

#include <iconv.h>
#include <shapefil.h>
#include <stdint.h>

#include "zoneplan/model.h"

typedef struct zp_layer {
    const char *what; /* "blocks" or "schools", for messages */
    char *shp_path;   /* as given */
    char *dbf_path;   /* for messages */
    SHPHandle shp;
    DBFHandle dbf;
    int nrecords;
    const char *encoding; /* iconv name of the DBF text */
    iconv_t to_utf8;      /* opened once per layer: converting each value is the hot path */
    char *prj;            /* .prj text or NULL */
    int run_folder;       /* a table zoneplan wrote (zp_layer_open_run): UTF-8 whatever else */
} zp_layer;

/* shapelib hooks reading through memory maps (memfile.c). */
void zp_memfile_hooks(SAHooks *hooks);

int zp_layer_open(zp_layer *ly, const char *what, const char *path, const char *encoding);
/* A layer of a run folder (diff, publish): read as UTF-8, as zoneplan writes it, and text that
 * is not is reported as a damaged run folder rather than as an encoding to set. */
int zp_layer_open_run(zp_layer *ly, const char *what, const char *path);
void zp_layer_close(zp_layer *ly);

/* Column index of a mapped field, or an error naming the scenario key and the fields. */
int zp_layer_field(zp_layer *ly, const char *field, const char *key, int *index);
/* Text of a field as UTF-8 (trimmed); empty string for NULL. Caller frees. */
int zp_layer_text(zp_layer *ly, int rec, int field, char **out);
/* A DBF number: blanks around it allowed (numeric fields pad with them), otherwise only what
 * zp_number_parse takes; *is_null set for a NULL or blank field (then *out is untouched). */
int zp_layer_real(zp_layer *ly, int rec, int field, double *out, int *is_null);
/* A whole non-negative count; NULL counts as 0 (counted in *nulls). */
int zp_layer_count(zp_layer *ly, int rec, int field, int32_t *out, int *nulls);
/* A number >= 0 (as zp_layer_real reads it); NULL gives dflt. An error names the file, record
 * and field (name), and says the value is not `noun` ("a distance"). */
int zp_layer_nonneg_real(zp_layer *ly, int rec, int field, const char *name, const char *noun,
                         double dflt, double *out);
/* Every record's shape can be read (a null shape can): the error names the first that
 * cannot, for readers that take only some of the shapes but must not use a corrupt file. */
int zp_layer_check_shapes(zp_layer *ly);
/* The record's shape copied into a zp_shape (error for null or unreadable shapes). */
int zp_layer_shape(zp_layer *ly, int rec, zp_shape *out);

#endif
