/* Estates added by a scenario change take their ground from the blocks beneath them.
 *
 * A new estate is drawn on land the blocks layer already covers (a vacant block, part of
 * a field). Left as it is, the estate and the old block overlap, and if they go to
 * different schools their catchments overlap on the map. So each added block (record < 0)
 * is cut out of every input block it overlaps, in the metric plane, and those blocks'
 * representative points are recomputed; a block the estate covers entirely keeps its
 * shape (there would be nothing left) and a warning says so. Estates are few: a prepared
 * geometry per estate against every block's envelope is cheap. */
#include <stdlib.h>

#include "geo_internal.h"
#include "zoneplan/errors.h"

#define MIN_OVERLAP_M2 1.0 /* below this the two only touch */

static int carve_one(zp_geo *geo, const zp_dataset *ds, size_t e)
{
    GEOSContextHandle_t h = geo->gctx;
    const GEOSPreparedGeometry *pe = GEOSPrepare_r(h, geo->blocks[e]);
    if (!pe)
        return zp_error_set(ZP_ERROR, "estate %s: GEOS failed", ds->blocks[e].id);
    for (size_t b = 0; b < geo->nblocks; b++) {
        if (b == e || ds->blocks[b].record < 0 || !geo->blocks[b] ||
            GEOSPreparedIntersects_r(h, pe, geo->blocks[b]) != 1)
            continue;
        GEOSGeometry *cut = GEOSIntersection_r(h, geo->blocks[b], geo->blocks[e]);
        double a = 0, rest = 0;
        if (cut)
            GEOSArea_r(h, cut, &a);
        if (cut)
            GEOSGeom_destroy_r(h, cut);
        if (a < MIN_OVERLAP_M2)
            continue;
        GEOSGeometry *d = GEOSDifference_r(h, geo->blocks[b], geo->blocks[e]);
        if (d)
            d = zp_geo_polygonal_part(h, d);
        if (d)
            GEOSArea_r(h, d, &rest);
        if (!d || rest < MIN_OVERLAP_M2) {
            zp_warn("estate %s covers block %s entirely: both kept, overlapping", ds->blocks[e].id,
                    ds->blocks[b].id);
            if (d)
                GEOSGeom_destroy_r(h, d);
            continue;
        }
        if (!geo->reshaped && !(geo->reshaped = calloc(geo->nblocks + 1, 1))) {
            GEOSGeom_destroy_r(h, d);
            GEOSPreparedGeom_destroy_r(h, pe);
            return zp_error_set(ZP_ENOMEM, "out of memory");
        }
        GEOSGeom_destroy_r(h, geo->blocks[b]);
        geo->blocks[b] = d;
        geo->reshaped[b] = 1;
        zp_geo_rep_point(h, d, &geo->block_pts.x[b], &geo->block_pts.y[b]);
        zp_warn("estate %s: %.0f m² of block %s is now the estate's", ds->blocks[e].id, a,
                ds->blocks[b].id);
    }
    GEOSPreparedGeom_destroy_r(h, pe);
    return ZP_OK;
}

int zp_geo_carve_estates(zp_geo *geo, const zp_dataset *ds)
{
    int rc = ZP_OK;
    for (size_t e = 0; !rc && e < geo->nblocks; e++)
        if (ds->blocks[e].record < 0 && geo->blocks[e])
            rc = carve_one(geo, ds, e);
    return rc;
}

int zp_geo_block_reshaped(const zp_geo *geo, size_t b)
{
    return geo->reshaped && b < geo->nblocks && geo->reshaped[b];
}
