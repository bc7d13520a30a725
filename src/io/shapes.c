/* Reading a layer's shapes whole: the areas a scenario change names (`within:` of
 * scale_children), the roads of the walking network and the barriers. Only the shapes,
 * the .prj and, for roads, the one field saying which lines the walk may not use matter,
 * so this is a thin loop over the layer reader, which already names file and record in
 * errors. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "layer.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

static int kind_of(int t)
{
    if (t == SHPT_POLYGON || t == SHPT_POLYGONZ || t == SHPT_POLYGONM)
        return ZP_SHAPES_POLYGONS;
    if (t == SHPT_ARC || t == SHPT_ARCZ || t == SHPT_ARCM)
        return ZP_SHAPES_LINES;
    return 0;
}

void zp_shapes_free(zp_shapes *s)
{
    for (size_t i = 0; i < s->n; i++)
        zp_shape_free(&s->shape[i]);
    free(s->shape);
    free(s->excluded);
    free(s->prj);
    memset(s, 0, sizeof *s);
}

static int excluded(zp_layer *ly, int rec, int field, char *const *values, uint8_t *out)
{
    char *text = NULL;
    int rc = zp_layer_text(ly, rec, field, &text);
    *out = 0;
    for (size_t i = 0; !rc && values[i] && !*out; i++)
        *out = strcasecmp(text, values[i]) == 0;
    free(text);
    return rc;
}

int zp_shapes_read(const zp_shapes_spec *spec, zp_shapes *out)
{
    zp_layer ly;
    memset(out, 0, sizeof *out);
    /* closed whatever happens: a layer that fails to open may hold its paths already */
    int rc = zp_layer_open(&ly, spec->what, spec->path, spec->encoding);
    const char *noun = spec->kinds == ZP_SHAPES_POLYGONS ? "polygons"
                       : spec->kinds == ZP_SHAPES_LINES  ? "lines"
                                                         : "lines or polygons";
    int field = -1;
    if (!rc && ly.nrecords == 0)
        rc = zp_error_set(ZP_EINPUT, "%s: the layer has no %s", ly.shp_path, noun);
    if (!rc && spec->field)
        rc = zp_layer_field(&ly, spec->field, spec->field_key, &field);
    out->shape = rc ? NULL : calloc((size_t)ly.nrecords, sizeof *out->shape);
    out->excluded = rc ? NULL : calloc((size_t)ly.nrecords + 1, 1);
    if (!rc && (!out->shape || !out->excluded))
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (int r = 0; !rc && r < ly.nrecords; r++) {
        zp_shape *s = &out->shape[out->n];
        rc = zp_layer_shape(&ly, r, s);
        if (!rc)
            out->n++;
        if (!rc && !(kind_of(s->shp_type) & spec->kinds))
            rc = zp_error_set(ZP_EINPUT, "%s: record %d: shape type %s; %s must be %s", ly.shp_path,
                              r + 1, SHPTypeName(s->shp_type), spec->what, noun);
        if (!rc && field >= 0)
            rc = excluded(&ly, r, field, spec->exclude, &out->excluded[r]);
    }
    if (rc) {
        zp_shapes_free(out);
    } else {
        out->prj = ly.prj;
        ly.prj = NULL;
    }
    zp_layer_close(&ly);
    return rc;
}

int zp_polygons_read(const char *path, const char *what, zp_shape **shapes, size_t *n, char **prj)
{
    zp_shapes_spec spec = {path, what, NULL, ZP_SHAPES_POLYGONS, NULL, NULL, NULL};
    zp_shapes s;
    int rc = zp_shapes_read(&spec, &s);
    *shapes = rc ? NULL : s.shape;
    *n = rc ? 0 : s.n;
    *prj = rc ? NULL : s.prj;
    if (!rc)
        free(s.excluded);
    return rc;
}
