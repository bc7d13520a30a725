/* Internal helpers of the run's own writers (the shared ones are in zoneplan/out.h). */
#ifndef ZP_OUT_INTERNAL_H
#define ZP_OUT_INTERNAL_H

#include <shapefil.h>
#include <stdio.h>

#include "zoneplan/out.h"
#include "zoneplan/run.h"

/* shapelib hooks that buffer writes (bufile.c), how many writes through them failed on this
 * thread so far, and what shapelib last reported through them (it would print it). */
void zp_out_hooks(SAHooks *hooks);
unsigned zp_out_hook_failures(void);
const char *zp_out_hook_message(void);

/* Polsby-Popper compactness 4 pi A / P^2 (0 when there is no perimeter). */
double zp_out_polsby_popper(double area_m2, double perimeter_m);
/* The redraw sections of report.md: contiguity, moves, catchment shape (redraw.c). */
void zp_out_report_redraw(FILE *fp, const zp_run *run);

#endif
