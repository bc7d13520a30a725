/* Internal to the plan module: the report's writer (report.c), called by plan_out.c. */
#ifndef ZP_PLAN_INTERNAL_H
#define ZP_PLAN_INTERNAL_H

#include "zoneplan/plan.h"

int zp_plan_report(const zp_plan *p, const char *dir);

#endif
