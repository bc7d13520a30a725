/* Reading a polygon shapefile whole: the areas a scenario change names (`within:` of
 * scale_children). Only shapes and the .prj matter here, no attributes, so this is a
 * thin loop over the layer reader, which already names file and record in errors. */
#include <stdlib.h>
#include <string.h>

#include "layer.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

static int is_polygon_type(int t)
{
    return t == SHPT_POLYGON || t == SHPT_POLYGONZ || t == SHPT_POLYGONM;
}

static void free_shapes(zp_shape *shapes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        zp_shape_free(&shapes[i]);
    free(shapes);
}

int zp_polygons_read(const char *path, const char *what, zp_shape **shapes, size_t *n, char **prj)
{
    zp_layer ly;
    *shapes = NULL;
    *n = 0;
    *prj = NULL;
    int rc = zp_layer_open(&ly, what, path, NULL);
    if (!rc && ly.nrecords == 0)
        rc = zp_error_set(ZP_EINPUT, "%s: the layer has no polygons", ly.shp_path);
    zp_shape *out = rc ? NULL : calloc((size_t)ly.nrecords, sizeof *out);
    if (!rc && !out)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    size_t got = 0;
    for (int r = 0; !rc && r < ly.nrecords; r++) {
        rc = zp_layer_shape(&ly, r, &out[got]);
        if (!rc)
            got++;
        if (!rc && !is_polygon_type(out[got - 1].shp_type))
            rc = zp_error_set(ZP_EINPUT, "%s: record %d: shape type %s; %s must be polygons",
                              ly.shp_path, r + 1, SHPTypeName(out[got - 1].shp_type), what);
    }
    if (rc) {
        free_shapes(out, got);
    } else {
        *shapes = out;
        *n = got;
        *prj = ly.prj;
        ly.prj = NULL;
    }
    zp_layer_close(&ly);
    return rc;
}
