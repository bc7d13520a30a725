/* Scenario changes applied to the loaded data: the what-ifs of a redraw.
 *
 * The scenario's `changes:` list (scenario.h) is applied in order to the dataset after
 * it is loaded and before geometry is prepared, so everything downstream (geo, alloc,
 * check, out) sees one consistent dataset: new schools and estates are appended (record
 * -1), closed schools stay in place with no capacity (current catchments still point
 * at them), counts are changed in place. set_policy items were folded into the policy
 * when the scenario was read. Each change's summary is completed with names and counts
 * for the report. */
#ifndef ZONEPLAN_CHANGES_H
#define ZONEPLAN_CHANGES_H

#include "model.h"
#include "scenario.h"

/* Apply sc->changes to ds in order. An invalid change (unknown or duplicate id, a level
 * the school does not serve, a CRS PROJ cannot use, `within` polygons that contain no
 * block, ...) stops with ZP_EINPUT and "FILE:LINE: change N (kind): what was wrong".
 * Writes sc->changes[i].summary (the list itself is not const through sc). */
int zp_changes_apply(const zp_scenario *sc, zp_dataset *ds);

#endif
