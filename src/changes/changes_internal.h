/* Internal state of one zp_changes_apply call, shared by the data edits (changes.c, and
 * assign.c for pins and locks) and the geometry they need (place.c: PROJ transforms, GEOS
 * point-in-polygon). */
#ifndef ZP_CHANGES_INTERNAL_H
#define ZP_CHANGES_INTERNAL_H

#include <geos_c.h>
#include <proj.h>

#include "zoneplan/changes.h"

typedef struct zp_change_ctx {
    const zp_scenario *sc;
    zp_dataset *ds;
    zp_change *ch;            /* the change being applied */
    size_t n;                 /* its number in the list, 1-based */
    PJ_CONTEXT *pctx;         /* created on first use */
    GEOSContextHandle_t gctx; /* created on first use */
} zp_change_ctx;

/* ZP_EINPUT (or code) with "FILE:LINE: change N (kind): " and the message. */
int zp_change_fail(zp_change_ctx *x, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same prefix put before the message a called module already set. */
int zp_change_wrap(zp_change_ctx *x, int rc);

/* The change's summary (for the report) set to the formatted text. */
int zp_change_summary(zp_change *ch, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The school whose id is the change's id; an unknown id is an error naming it. */
int zp_change_find_school(zp_change_ctx *x, zp_school **out);

/* Mark (mark[b] = 1) every block the change's `blocks` list names; *count: blocks marked
 * (each once, however often listed). An unknown id is an error naming it. */
int zp_change_mark_blocks(zp_change_ctx *x, unsigned char *mark, size_t *count);

/* assign and lock (assign.c): pins to a school at a level, and locks to today's school. */
int zp_change_apply_assign(zp_change_ctx *x);
int zp_change_apply_lock(zp_change_ctx *x);
int zp_change_apply_unassign(zp_change_ctx *x);

/* The CRS text of a layer as geo will use it: its own key, the scenario's, its .prj. */
const char *zp_change_layer_crs(const zp_change_ctx *x, int schools);

/* n points in place from CRS `from` to the CRS of a layer (schools or blocks); a no-op
 * when the texts are equal. x is longitude and y latitude for geographic CRSs. */
int zp_change_transform(zp_change_ctx *x, const char *from, int schools, double *xs, double *ys,
                        size_t n);

/* Mark (inside[b] = 1) every block whose representative point (GEOSPointOnSurface of its
 * polygon, or the point itself) lies in a polygon of the change's `within` file, moved to
 * the blocks' CRS. *count: blocks marked; none is an error naming both extents. */
int zp_change_within(zp_change_ctx *x, unsigned char *inside, size_t *count);

void zp_change_ctx_free(zp_change_ctx *x);

#endif
