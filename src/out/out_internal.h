/* Internal helpers of the run's own writers (the shared ones are in zoneplan/out.h). */
#ifndef ZP_OUT_INTERNAL_H
#define ZP_OUT_INTERNAL_H

#include <jansson.h>
#include <shapefil.h>
#include <stdio.h>

#include "zoneplan/out.h"
#include "zoneplan/run.h"

/* A CSV file is written to memory, then out in the run's CSV encoding (output.csv): as it is
 * (UTF-8), after a byte-order mark, or converted to GB18030 (which has every character). */
typedef struct zp_out_csv {
    FILE *fp; /* the memory stream the rows go to */
    char *buf;
    size_t len;
} zp_out_csv;
int zp_out_csv_open(zp_out_csv *c);
/* The rows written, into dir/name in the run's encoding; c's memory freed either way. */
int zp_out_csv_close(zp_out_csv *c, const zp_run *run, const char *dir, const char *name);

/* The quality-balance audit (audit.c): summary.json's "audit" (NULL when the run has none),
 * report.md's section (nothing when none). */
json_t *zp_out_audit_json(const zp_run *run);
void zp_out_report_audit(FILE *fp, const zp_run *run);
/* A school whose places enforce_audit lowers at a level: places without the audit and with
 * it, and the indicator that stops one more pupil (-1: none). */
typedef struct zp_out_audit_limit {
    size_t school;
    int64_t before, after;
    int indicator;
} zp_out_audit_limit;
/* Whether enforce_audit lowers school s's places at level l (then *out says how). */
int zp_out_audit_limited(const zp_run *run, size_t s, int l, zp_out_audit_limit *out);
/* schools.shp's PASS: "fail", "pass" or "not_assessed" over the school's levels (plan). */
const char *zp_out_school_verdict(const zp_run *run, size_t s);
/* Whether the level's catchments admit every pupil to the nearest school: the share of
 * placed pupils who go to it (plan, or today's when cur). NAN when none is placed. */
double zp_out_nearest_share(const zp_run *run, int l, int cur);

/* Polsby-Popper compactness 4 pi A / P^2 (0 when there is no perimeter). */
double zp_out_polsby_popper(double area_m2, double perimeter_m);
/* The redraw sections of report.md: contiguity, moves, catchment shape (redraw.c). */
void zp_out_report_redraw(FILE *fp, const zp_run *run);

#endif
