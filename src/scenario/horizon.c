/* The scenario's keys for demand over the years (issue 17): so far blocks.ages, the fields of
 * each block's children aged 0 to 5, who are the grade-1 entrants of the next six years. All
 * six or none: a projection with a gap in its cohorts would silently lose a year's intake. */
#include <stdio.h>

#include "scenario/scenario_internal.h"
#include "zoneplan/errors.h"

static const char *const AGE_KEYS[] = {"a0", "a1", "a2", "a3", "a4", "a5", NULL};

int zp_scenario_ages(const zpy_ctx *c, zp_blocks_spec *b, const yaml_node_t *m)
{
    zpy_entry e = zpy_lookup(c, m, "ages");
    if (!e.value)
        return 0;
    int rc = zpy_expect_map(c, e.value, "blocks.ages", AGE_KEYS);
    for (int a = 0; !rc && a < 6; a++) {
        if (!zpy_lookup(c, e.value, AGE_KEYS[a]).value)
            return zp_error_set(ZP_EINPUT,
                                "%s:%d: blocks.ages: missing %s; give all six ages a0..a5 "
                                "(children aged 0 to 5)",
                                c->file, e.line, AGE_KEYS[a]);
        rc = zpy_opt_string(c, e.value, "blocks.ages", AGE_KEYS[a], &b->ages[a]);
    }
    return rc;
}
