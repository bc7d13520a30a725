/* Fuzz harness: a layer's .prj through PROJ (src/geo/crs.c), as `zoneplan check` and `run`
 * read it. Input: the .prj text, written as both blocks.prj and schools.prj beside copies of
 * the fixture's layers (shp, shx, dbf, cpg); the fixture's scenario is then loaded with
 * zp_run_load, which reads both layers, checks their extents against the CRS and projects
 * them to the metric plane. */
#include "fuzz.h"

static void setup(void)
{
    if (!zpf_fixture())
        return;
    zpf_copy_layer("fix/blocks", "w/blocks");
    zpf_copy_layer("fix/schools", "w/schools");
    zpf_copy(zpf_path("fix/scenario.yaml"), zpf_path("w/scenario.yaml"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    zpf_begin();
    zpf_write(zpf_path("w/blocks.prj"), data, size);
    zpf_write(zpf_path("w/schools.prj"), data, size);
    zpf_run_load(zpf_path("w/scenario.yaml"));
    zpf_end();
    return 0;
}
