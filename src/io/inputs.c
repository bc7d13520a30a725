/* Every file loading a scenario reads: the scenario and the bases it builds on, both
 * layers, the `within:` polygons of its changes and the siting's parcels, each layer with
 * its sidecars. zp_stage_open refuses an output folder that is, or holds, any of them. */
#include "zoneplan/errors.h"
#include "zoneplan/io.h"
#include "zoneplan/stage.h"

int zp_data_inputs(const zp_scenario *sc, zp_inputs *in)
{
    int rc = zp_inputs_add(in, sc->file);
    for (size_t i = 0; !rc && sc->bases && sc->bases[i]; i++)
        rc = zp_inputs_add(in, sc->bases[i]);
    if (!rc && sc->blocks.path)
        rc = zp_inputs_add_layer(in, sc->blocks.path);
    if (!rc && sc->schools.path)
        rc = zp_inputs_add_layer(in, sc->schools.path);
    for (size_t i = 0; !rc && i < sc->nchanges; i++)
        if (sc->changes[i].within)
            rc = zp_inputs_add_layer(in, sc->changes[i].within);
    if (!rc && sc->roads.path)
        rc = zp_inputs_add_layer(in, sc->roads.path);
    if (!rc && sc->roads.barriers)
        rc = zp_inputs_add_layer(in, sc->roads.barriers);
    if (!rc && sc->siting.cand_path)
        rc = zp_inputs_add_layer(in, sc->siting.cand_path);
    if (!rc && sc->horizon.history)
        rc = zp_inputs_add(in, sc->horizon.history);
    return rc;
}
