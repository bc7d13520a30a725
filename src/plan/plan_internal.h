/* Internal to the plan module: the report's writer (report.c), called by plan_out.c. */
#ifndef ZP_PLAN_INTERNAL_H
#define ZP_PLAN_INTERNAL_H

#include <stdio.h>

#include "zoneplan/chart.h"
#include "zoneplan/plan.h"

int zp_plan_report(const zp_plan *p, const char *dir);
/* report.md's list of assumptions, each with its scenario key (report.c). */
void zp_plan_report_assumptions(FILE *fp, const zp_plan *p);
/* Year y of an intake path (intake.c; path 0 today's schools, 1 the schedule, 2 the schedule
 * for the high variant), the years before it done: the entering cohorts and the pupils of
 * closed schools assigned, with the first k openings, the schedule's closures when closing is
 * set and school extra (-1: none) closed, into the places the staying cohorts leave. */
int zp_plan_intake_year(zp_plan *p, int path, zp_variant v, int y, size_t k, int closing, int extra,
                        zp_siting_score *sc);
/* The schedule's lines ("- 2028: open N01 ...\n"), openings and closings by year, then the
 * candidates kept and the openings not needed (report.c); returns how many. */
int zp_plan_schedule_items(FILE *fp, const zp_plan *p);
/* plan.pdf: a planning page per active level with its chart (pages.c). */
int zp_plan_write_pages(const zp_plan *p, const char *dir, const zp_chart_years charts[ZP_NLEVELS]);
/* projection.csv (plan_out.c). */
int zp_plan_write_projection(const zp_plan *p, const char *dir);

#endif
