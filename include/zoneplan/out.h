/* Output files: the pieces every writer shares (the run's, the diff's, the siting's,
 * publishing's). Text files written into a (staging) folder through core/sys.c, CSV and
 * Markdown fields, and polygon and point shapefiles with a UTF-8 attribute table. */
#ifndef ZONEPLAN_OUT_H
#define ZONEPLAN_OUT_H

#include <shapefil.h>
#include <stdio.h>

#include "model.h"

/* Blocks up to which the web map shows each block (and the run writes their walks, see
 * routes.geojson): a browser handles no more. */
#define ZP_MAP_BLOCKS_MAX 50000

/* Open DIR/NAME for writing; error names the file. */
int zp_out_open(const char *dir, const char *name, FILE **fp);
/* Close DIR/NAME, turning any write error into ZP_EIO naming the file and the error. */
int zp_out_close(FILE *fp, const char *dir, const char *name);
/* One CSV field, quoted when it holds a comma, quote or newline (RFC 4180). */
void zp_csv_field(FILE *fp, const char *text);
/* Level label for output: "primary", "junior" or "all". */
const char *zp_out_level(int level);
/* Text for a Markdown table cell: '|' and '\\' escaped, newlines as spaces. */
void zp_out_md_cell(FILE *fp, const char *text);

/* shapelib hooks that buffer writes (bufile.c) through core/sys.c, how many writes through
 * them failed on this thread so far (shapelib's SHPClose and DBFClose report nothing), and
 * what shapelib last reported through them (it would print it). For any shapefile written. */
void zp_out_hooks(SAHooks *hooks);
unsigned zp_out_hook_failures(void);
const char *zp_out_hook_message(void);

/* A shapefile being written: DIR/NAME.shp, .shx, .dbf and a .cpg saying UTF-8. */
typedef struct zp_out_field {
    const char *name;
    DBFFieldType type;
    int width, decimals;
} zp_out_field;
typedef struct zp_out_shp {
    SHPHandle shp;
    DBFHandle dbf;
    char name[64];     /* "catchments", for messages and the .prj */
    unsigned failures; /* writes failed on this thread when created (out/bufile.c) */
} zp_out_shp;
/* Create the files (SHPT_POLYGON or SHPT_POINT) and add the fields in order (field i is
 * column i). */
int zp_out_shp_create(zp_out_shp *o, const char *dir, const char *name, int shp_type,
                      const zp_out_field *fields, int nfields);
/* Append one shape as a 2-D polygon (rings rewound as the format wants; Z and M dropped),
 * or a null shape for anything but a polygon. */
int zp_out_shp_object(zp_out_shp *o, const SHPObject *obj);
/* Append a zp_shape as a polygon (rings) or a null shape (no rings). */
int zp_out_shp_shape(zp_out_shp *o, const zp_shape *s);
/* Append one point. */
int zp_out_shp_point(zp_out_shp *o, double x, double y);
/* Close both files; when rc is 0 and prj is not NULL, also write DIR/NAME.prj. Returns rc,
 * or the first error of closing. */
int zp_out_shp_close(zp_out_shp *o, const char *dir, const char *prj, int rc);
/* Write text into a DBF text field, cut to the field's width on a UTF-8 character
 * boundary (GBK names grow by half in UTF-8 and may no longer fit 254 bytes). */
int zp_out_dbf_text(DBFHandle dbf, int rec, int field, const char *text);
/* Width of a text field that holds n bytes: at least 1, at most dBASE's 254. */
int zp_out_text_width(size_t n);

#endif
