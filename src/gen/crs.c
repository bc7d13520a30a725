/* Coordinate reference systems of the generated district (PROJ, one PJ_CONTEXT).
 *
 * The district is laid out in metres around lon 114.3, lat 30.6. When the output CRS is
 * projected (metres) the layout happens in that CRS directly; when it is geographic the
 * layout happens in EPSG:4547 and every vertex is converted, so the same seed describes
 * the same places whether the files are written in EPSG:4490 or EPSG:4547. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/errors.h"
#include "gen_internal.h"

static int crs_error(gen_world *w, int code, const char *what, int epsg)
{
    int e = proj_context_errno(w->proj);
    return zp_error_set(code, "gen: %s EPSG:%d: %s", what, epsg,
                        e ? proj_context_errno_string(w->proj, e) : "not supported");
}

/* Accept 2D geographic CRSs and projected CRSs in metres; tell which. */
static int crs_kind(gen_world *w, PJ *crs, int epsg, int *projected)
{
    PJ_TYPE type = proj_get_type(crs);
    if (type == PJ_TYPE_GEOGRAPHIC_2D_CRS) {
        *projected = 0;
        return ZP_OK;
    }
    if (type != PJ_TYPE_PROJECTED_CRS)
        return zp_error_set(ZP_EINPUT,
                            "gen: EPSG:%d is neither a projected nor a 2D geographic CRS", epsg);
    PJ *cs = proj_crs_get_coordinate_system(w->proj, crs);
    double factor = 0;
    int ok =
        cs && proj_cs_get_axis_info(w->proj, cs, 0, NULL, NULL, NULL, &factor, NULL, NULL, NULL);
    proj_destroy(cs);
    if (!ok || factor != 1.0)
        return zp_error_set(ZP_EINPUT, "gen: EPSG:%d is projected but not in metres", epsg);
    *projected = 1;
    return ZP_OK;
}

/* A normalised (x = easting/lon, y = northing/lat) operation between two EPSG codes. */
static PJ *crs_operation(gen_world *w, int from, int to)
{
    char a[32], b[32];
    snprintf(a, sizeof a, "EPSG:%d", from);
    snprintf(b, sizeof b, "EPSG:%d", to);
    PJ *op = proj_create_crs_to_crs(w->proj, a, b, NULL);
    if (!op)
        return NULL;
    PJ *norm = proj_normalize_for_visualization(w->proj, op);
    proj_destroy(op);
    return norm;
}

static int crs_centre(gen_world *w, int layout)
{
    PJ *op = crs_operation(w, 4490, layout);
    if (!op)
        return crs_error(w, ZP_ERROR, "cannot convert CGCS2000 coordinates to", layout);
    PJ_COORD c = proj_coord(GEN_CENTRE_LON, GEN_CENTRE_LAT, 0, 0);
    PJ_COORD r = proj_trans(op, PJ_FWD, c);
    proj_destroy(op);
    if (r.xy.x == HUGE_VAL || !isfinite(r.xy.x) || !isfinite(r.xy.y))
        return zp_error_set(ZP_EINPUT, "gen: lon %.2f lat %.2f has no coordinates in EPSG:%d",
                            GEN_CENTRE_LON, GEN_CENTRE_LAT, layout);
    w->cx = round(r.xy.x);
    w->cy = round(r.xy.y);
    return ZP_OK;
}

int gen_crs_init(gen_world *w)
{
    int epsg = w->opt->epsg, projected = 0, rc;
    char code[32];
    w->proj = proj_context_create();
    if (!w->proj)
        return zp_error_set(ZP_ENOMEM, "gen: cannot create a PROJ context");
    snprintf(code, sizeof code, "EPSG:%d", epsg);
    proj_log_level(w->proj, PJ_LOG_NONE);
    PJ *out = proj_create(w->proj, code);
    if (!out)
        return zp_error_set(ZP_EINPUT, "gen: output CRS EPSG:%d is not in the PROJ database", epsg);
    rc = crs_kind(w, out, epsg, &projected);
    if (rc == ZP_OK) {
        const char *wkt = proj_as_wkt(w->proj, out, PJ_WKT1_ESRI, NULL);
        w->wkt = wkt ? strdup(wkt) : NULL;
        if (!w->wkt)
            rc = crs_error(w, ZP_EINPUT, "cannot write ESRI WKT for", epsg);
    }
    proj_destroy(out);
    if (rc != ZP_OK)
        return rc;
    int layout = projected ? epsg : GEN_LAYOUT_EPSG;
    if ((rc = crs_centre(w, layout)) != ZP_OK)
        return rc;
    if (layout != epsg) {
        w->to_out = crs_operation(w, layout, epsg);
        if (!w->to_out)
            return crs_error(w, ZP_ERROR, "cannot convert the layout to", epsg);
    }
    return ZP_OK;
}

void gen_crs_free(gen_world *w)
{
    proj_destroy(w->to_out);
    free(w->wkt);
    if (w->proj)
        proj_context_destroy(w->proj);
    w->to_out = NULL;
    w->wkt = NULL;
    w->proj = NULL;
}

int gen_crs_out(gen_world *w, double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        x[i] += w->cx;
        y[i] += w->cy;
    }
    if (!w->to_out || n == 0)
        return ZP_OK;
    proj_trans_generic(w->to_out, PJ_FWD, x, sizeof *x, n, y, sizeof *y, n, NULL, 0, 0, NULL, 0, 0);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i]) || x[i] == HUGE_VAL)
            return zp_error_set(ZP_ERROR, "gen: cannot convert %.1f %.1f to EPSG:%d", x[i], y[i],
                                w->opt->epsg);
    return ZP_OK;
}
