/* The run's distances: the walking network when the scenario has roads (and the policy does
 * not ask for straight lines), else the straight line; and the warnings a planner needs
 * about points far from any road or cut off from it.
 *
 * The layers are read by io, moved into the run's metric plane by geo and made into a
 * graph by the dist module; the run only strings the three together. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/errors.h"
#include "zoneplan/io.h"
#include "zoneplan/run.h"

static int read_layer(zp_run *run, const zp_shapes_spec *spec, const char *crs, zp_shapes *out)
{
    int rc = zp_shapes_read(spec, out);
    if (!rc)
        rc = zp_geo_shapes_to_plane(run->geo, crs, run->sc->crs, out->prj, spec->what, spec->path,
                                    out->shape, out->n);
    return rc;
}

int zp_run_roads(zp_run *run)
{
    const zp_roads_spec *rs = &run->sc->roads;
    if (zp_scenario_distance(run->sc) != ZP_DISTANCE_NETWORK)
        return ZP_OK;
    if (!rs->path) /* a set_policy change can ask for it too */
        return zp_error_set(ZP_EINPUT,
                            "%s: policy.distance: network needs a roads: layer (a line "
                            "shapefile of the streets)",
                            run->sc->file);
    zp_shapes roads = {0}, bars = {0};
    zp_shapes_spec rspec = {rs->path,           "roads",
                            rs->encoding,       ZP_SHAPES_LINES,
                            rs->walkable_field, "walkable.field",
                            rs->exclude};
    zp_shapes_spec bspec = {
        rs->barriers, "barriers", rs->barriers_encoding, ZP_SHAPES_LINES | ZP_SHAPES_POLYGONS, NULL,
        NULL,         NULL};
    int rc = read_layer(run, &rspec, rs->crs, &roads);
    if (!rc && rs->barriers)
        rc = read_layer(run, &bspec, rs->barriers_crs, &bars);
    uint8_t *walkable = rc ? NULL : malloc(roads.n + 1);
    if (!rc && !walkable)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < roads.n; i++)
        walkable[i] = !roads.excluded[i];
    zp_roads_input in = {roads.n, roads.shape, walkable, rs->connect, bars.n, bars.shape};
    if (!rc)
        rc = zp_roads_build(&in, &run->roads);
    if (!rc && zp_roads_stats_get(run->roads)->edges == 0)
        rc = zp_error_set(ZP_EINPUT, "%s: no walkable line of any length: every line is %s",
                          rs->path, roads.n ? "excluded or of no length" : "missing");
    free(walkable);
    zp_shapes_free(&roads);
    zp_shapes_free(&bars);
    return rc;
}

int zp_run_site_dist(const zp_run *run, size_t ns, const double *sx, const double *sy,
                     zp_dist **out)
{
    const zp_geo_points *bp = zp_geo_block_points(run->geo);
    if (run->roads)
        return zp_dist_network(run->roads, run->ds.nblocks, bp->x, bp->y, ns, sx, sy, out);
    return zp_dist_straight(run->ds.nblocks, bp->x, bp->y, ns, sx, sy, out);
}

#define NAMED 5 /* points named in one warning; the rest are counted */

/* One warning per kind: blocks or schools farther than access.max_m from any walkable
 * line (joined anyway, by a straight link), and those that could not join at all (every
 * way to a road crosses a barrier). */
static void warn_points(const zp_run *run, int site)
{
    size_t n = site ? run->ds.nschools : run->ds.nblocks, far = 0, cut = 0;
    double max_m = run->sc->policy.access_max_m;
    char named_far[512] = "", named_cut[512] = "";
    for (size_t i = 0; i < n; i++) {
        double a = zp_dist_access_m(run->dist, site, i);
        const char *id = site ? run->ds.schools[i].id : run->ds.blocks[i].id;
        if (isinf(a) && cut++ < NAMED)
            snprintf(named_cut + strlen(named_cut), sizeof named_cut - strlen(named_cut), "%s%s",
                     cut > 1 ? ", " : "", id);
        else if (!isinf(a) && a > max_m && far++ < NAMED)
            snprintf(named_far + strlen(named_far), sizeof named_far - strlen(named_far),
                     "%s%s (%.0f m)", far > 1 ? ", " : "", id, a);
    }
    const char *what = site ? "schools" : "blocks";
    if (far)
        zp_warn("roads: %zu %s farther than access.max_m (%.0f m) from any walkable road, "
                "joined by a straight link: %s%s",
                far, what, max_m, named_far, far > NAMED ? ", ..." : "");
    if (cut)
        zp_warn("roads: %zu %s cannot reach any walkable road without crossing a barrier: %s%s "
                "(their children are reported unreachable)",
                cut, what, named_cut, cut > NAMED ? ", ..." : "");
}

int zp_run_dist(zp_run *run)
{
    const zp_geo_points *sp = zp_geo_school_points(run->geo);
    int rc = zp_run_roads(run);
    if (!rc)
        rc = zp_run_site_dist(run, run->ds.nschools, sp->x, sp->y, &run->dist);
    if (!rc && run->roads) {
        warn_points(run, 0);
        warn_points(run, 1);
    }
    return rc;
}
