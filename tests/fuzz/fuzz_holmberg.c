/* Fuzz harness: Holmberg's SSCFLP instance format (src/site/holmberg.c), as bench/holmberg
 * reads it. Input: the instance file itself, written to tmpfs and read with
 * zp_sscflp_read_holmberg. An instance it accepts that is small (at most 12 sites x 24
 * customers, capacities and total demand up to 10,000; the published instances reach 800
 * and 6,120) is also solved with 40 subgradient iterations, so numbers the reader lets
 * through (zero capacities or demands, extreme costs) meet the solver's arithmetic, and a
 * plan it calls feasible is checked: open sites, capacities kept, its objective recomputed.
 * The size bound is the solver's: its knapsacks are dynamic programmes over capacity (up to
 * 5e7 cells each), so a 3 x 3 instance with demands in the millions took 7 s here
 * (regress/holmberg/slow-knapsack-millions), by design rather than by a defect. */
#include <math.h>

#include "fuzz.h"
#include "zoneplan/errors.h"
#include "zoneplan/site.h"

/* Cost of serving customer i from site s (a pair of the instance), or NAN. */
static double arc_cost(const zp_sscflp *in, size_t i, int32_t s)
{
    for (size_t k = in->start[i]; k < in->start[i + 1]; k++)
        if (in->arcs[k].site == s)
            return in->arcs[k].cost;
    return NAN;
}

/* A plan called feasible serves every customer from an open site within its capacity, at
 * the objective it states, which its lower bound does not exceed. */
static void check_plan(const zp_sscflp *in, const zp_sscflp_result *res)
{
    if (!res->feasible)
        return;
    int64_t load[12] = {0};
    double cost = 0;
    for (size_t s = 0; s < in->nsites; s++)
        cost += res->open[s] ? in->fixed[s] : 0;
    for (size_t i = 0; i < in->ncust; i++) {
        int32_t s = res->site[i];
        if (s < 0 || (size_t)s >= in->nsites || !res->open[s] || isnan(arc_cost(in, i, s)))
            zpf_fail("customer %zu at site %d, which is not open or not a pair", i + 1, s);
        load[s] += in->demand[i];
        cost += arc_cost(in, i, s);
    }
    for (size_t s = 0; s < in->nsites; s++)
        if (load[s] > in->cap[s])
            zpf_fail("site %zu: load %lld over capacity %lld", s + 1, (long long)load[s],
                     (long long)in->cap[s]);
    if (!(fabs(cost - res->objective) <= 1e-9 * fmax(1, fabs(cost))) && cost != res->objective)
        zpf_fail("objective %.17g, but the plan costs %.17g", res->objective, cost);
    if (!(res->lower_bound <= res->objective))
        zpf_fail("lower bound %.17g above the objective %.17g", res->lower_bound, res->objective);
}

/* Small enough to solve in well under the 5 s a harness may take (see above). */
static int small(const zp_sscflp *in)
{
    int64_t demand = 0;
    for (size_t i = 0; i < in->ncust; i++)
        demand += in->demand[i];
    for (size_t s = 0; s < in->nsites; s++)
        if (in->cap[s] > 10000)
            return 0;
    return in->nsites <= 12 && in->ncust <= 24 && demand <= 10000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zpf_begin();
    const char *path = zpf_path("instance.txt");
    zpf_write(path, data, size);
    zp_sscflp in;
    size_t ignored = 0;
    int rc = zp_sscflp_read_holmberg(path, &in, &ignored);
    zpf_check(rc, "zp_sscflp_read_holmberg");
    if (!rc && small(&in)) {
        zp_sscflp_options opt = {.iterations = 40};
        zp_sscflp_result res;
        int src = zp_sscflp_solve(&in, &opt, &res);
        zpf_check(src, "zp_sscflp_solve");
        if (!src)
            check_plan(&in, &res);
        zp_sscflp_result_free(&res);
    }
    if (!rc)
        zp_sscflp_free(&in);
    zpf_end();
    return 0;
}
