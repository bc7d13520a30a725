/* Internal helpers shared by the output writers. */
#ifndef ZP_OUT_INTERNAL_H
#define ZP_OUT_INTERNAL_H

#include <stdio.h>

#include "zoneplan/run.h"

/* Open DIR/NAME for writing; error names the file. */
int zp_out_open(const char *dir, const char *name, FILE **fp);
/* Close, turning any write error into ZP_EIO naming the file. */
int zp_out_close(FILE *fp, const char *name);
/* One CSV field, quoted when it holds a comma, quote or newline (RFC 4180). */
void zp_csv_field(FILE *fp, const char *text);
/* Level label for output: "primary", "junior" or "all". */
const char *zp_out_level(int level);

#endif
