/* Internal to the diff module: reading one run folder, and the writers. */
#ifndef ZP_DIFF_INTERNAL_H
#define ZP_DIFF_INTERNAL_H

#include <jansson.h>

#include "zoneplan/diff.h"

/* A run folder's JSON file (summary.json) as an object; missing, unreadable (a FIFO), not
 * JSON or not an object is ZP_EINPUT naming the path. */
int zp_diff_read_json(const char *path, json_t **root);
/* Order of two flags by school, level, grade, flag: equal means the same flag. */
int zp_diff_flag_cmp(const zp_diff_flag *x, const zp_diff_flag *y);

/* The changed block as the diff shows it: run B's when it is there, else run A's. */
const zp_diff_block *zp_diff_change_block(const zp_diff_change *c);
/* The change's school before and after ("" on a missing side). */
const char *zp_diff_change_from(const zp_diff_change *c);
const char *zp_diff_change_to(const zp_diff_change *c);

/* summary.json's "audit" into s (audit.c): absent leaves has_audit 0; a malformed one is
 * ZP_EINPUT naming path and the JSON path. */
int zp_diff_read_audit(zp_diff_side *s, const char *path, json_t *root);
void zp_diff_audit_free(zp_diff_side *s);
/* A JSON list of the 7 indicators' numbers (null: NAN) into v; -1 when it is not one. */
int zp_diff_json_numbers(json_t *a, double *v);
/* diff.md's audit section: CVs and school verdicts that change (nothing when neither run
 * audits). */
void zp_diff_write_audit(FILE *fp, const zp_diff *d);

/* diff.md (report.c). */
int zp_diff_write_md(const zp_diff *d, const char *dir);

#endif
