/* Internal helpers of the run's own writers (the shared ones are in zoneplan/out.h). */
#ifndef ZP_OUT_INTERNAL_H
#define ZP_OUT_INTERNAL_H

#include <shapefil.h>
#include <stdio.h>

#include "zoneplan/out.h"
#include "zoneplan/run.h"

/* Polsby-Popper compactness 4 pi A / P^2 (0 when there is no perimeter). */
double zp_out_polsby_popper(double area_m2, double perimeter_m);
/* The redraw sections of report.md: contiguity, moves, catchment shape (redraw.c). */
void zp_out_report_redraw(FILE *fp, const zp_run *run);

#endif
