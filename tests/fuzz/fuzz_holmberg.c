/* Fuzz harness: Holmberg's SSCFLP instance format (src/site/holmberg.c), as bench/holmberg
 * reads it. Input: the instance file itself, written to tmpfs and read with
 * zp_sscflp_read_holmberg. An instance it accepts that is small (at most 12 sites x 24
 * customers) is also solved with 40 subgradient iterations, so numbers the reader lets
 * through (huge capacities or demands, zero costs) meet the solver's arithmetic. */
#include "fuzz.h"
#include "zoneplan/errors.h"
#include "zoneplan/site.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zpf_begin();
    const char *path = zpf_path("instance.txt");
    zpf_write(path, data, size);
    zp_sscflp in;
    size_t ignored = 0;
    int rc = zp_sscflp_read_holmberg(path, &in, &ignored);
    zpf_check(rc, "zp_sscflp_read_holmberg");
    if (!rc && in.nsites <= 12 && in.ncust <= 24) {
        zp_sscflp_options opt = {.iterations = 40};
        zp_sscflp_result res;
        zpf_check(zp_sscflp_solve(&in, &opt, &res), "zp_sscflp_solve");
        zp_sscflp_result_free(&res);
    }
    if (!rc)
        zp_sscflp_free(&in);
    zpf_end();
    return 0;
}
