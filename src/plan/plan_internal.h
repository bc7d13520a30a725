/* Internal to the plan module: the report's writer (report.c), called by plan_out.c. */
#ifndef ZP_PLAN_INTERNAL_H
#define ZP_PLAN_INTERNAL_H

#include <stdio.h>

#include "zoneplan/plan.h"

int zp_plan_report(const zp_plan *p, const char *dir);
/* report.md's list of assumptions, each with its scenario key (report.c). */
void zp_plan_report_assumptions(FILE *fp, const zp_plan *p);
/* projection.csv (plan_out.c). */
int zp_plan_write_projection(const zp_plan *p, const char *dir);

#endif
