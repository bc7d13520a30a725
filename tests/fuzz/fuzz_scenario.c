/* Fuzz harness: the scenario YAML (src/scenario: every section, changes and siting included),
 * as `zoneplan check` reads it. Input: the scenario text, written as fuzz.yaml into the
 * fixture district's folder, so relative paths reach its layers (blocks.shp, schools.shp,
 * river.shp for scale_children.within, scenario.yaml for base:). zp_run_load then parses
 * and validates it, loads the layers, applies the changes and prepares the geometry. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zpf_fixture();
    zpf_begin();
    zpf_write(zpf_path("fix/fuzz.yaml"), data, size);
    zpf_run_load(zpf_path("fix/fuzz.yaml"));
    zpf_end();
    return 0;
}
