/* New-school siting as single-source capacitated facility location (SSCFLP): open a set
 * of candidate sites, each with a capacity and a fixed cost, and send every customer (a
 * block, with its children as demand) whole to one open site, minimising fixed costs plus
 * assignment costs. Solved by Lagrangian relaxation of the assignment constraints (a 0-1
 * knapsack per site, solved exactly, plus the cover of total demand) for a lower bound,
 * and a heuristic (Lagrangian solutions repaired into capacity-feasible plans, then
 * customer shift/swap and site close/open/swap local search) for the plan, so every
 * result carries its proven gap. Costs are sparse: only the pairs given exist, so a
 * district never builds the blocks x sites matrix. */
#ifndef ZONEPLAN_SITE_H
#define ZONEPLAN_SITE_H

#include <stddef.h>
#include <stdint.h>

/* One pair a customer may be served by: the site and the cost of serving all its demand. */
typedef struct zp_site_arc {
    int32_t site;
    double cost;
} zp_site_arc;

typedef struct zp_sscflp {
    size_t nsites, ncust;
    double *fixed;           /* per site: cost of opening it */
    int64_t *cap;            /* per site: capacity */
    int64_t *demand;         /* per customer */
    size_t *start;           /* ncust + 1 offsets into arcs */
    zp_site_arc *arcs;       /* the pairs of customer i: arcs[start[i] .. start[i+1]) */
    signed char *fixed_open; /* per site: 1 must open, -1 must stay closed, 0 free; NULL: all
                                free */
    /* For siting (all optional, zero when unused): */
    int max_open; /* at most this many free sites open; 0: no limit (zp_sscflp_bound only) */
    const double *lambda_cap; /* per customer: no pair left out of arcs costs less, so the
                                 bound keeps its multiplier at or below (bound stays valid) */
    int fractional;           /* bound plans that may split a customer (knapsacks in LP) */
    const double *lambda0;    /* per customer: the multipliers to start from (a plan's LP
                                 duals); NULL: each customer's cheapest pair */
    const int32_t *group;     /* per site: sites with one group id >= 0 open together and
                                 count once against max_open (a nine-year school's primary and
                                 junior places); -1 or NULL: alone (zp_sscflp_bound only) */
} zp_sscflp;

typedef struct zp_sscflp_options {
    int iterations; /* subgradient iterations; 0 means 600 */
} zp_sscflp_options;

typedef struct zp_sscflp_result {
    int feasible;        /* a plan serving every customer within capacity was found */
    double objective;    /* fixed + assignment cost of the plan */
    double lower_bound;  /* Lagrangian bound: no plan costs less */
    double gap;          /* (objective - lower_bound) / objective */
    int32_t *site;       /* per customer: its site */
    unsigned char *open; /* per site */
    int iterations;      /* subgradient iterations run */
    double seconds;
} zp_sscflp_result;

int zp_sscflp_solve(const zp_sscflp *in, const zp_sscflp_options *opt, zp_sscflp_result *res);
/* The Lagrangian lower bound alone, for a plan found elsewhere costing `upper` (which steers
 * the step sizes; the bound is valid whatever it is). */
int zp_sscflp_bound(const zp_sscflp *in, const zp_sscflp_options *opt, double upper, double *lb);
/* The same, and at the multipliers of that bound: *base and per site value[s], such that any
 * choice of free sites S (within max_open, whole groups) costs at least base + the sum of
 * value over S (a group's value stands at its first site, 0 at its others; required sites
 * 0): the bound of each choice, for choices worth a closer look. */
int zp_sscflp_bound_values(const zp_sscflp *in, const zp_sscflp_options *opt, double upper,
                           double *lb, double *base, double *value);
void zp_sscflp_result_free(zp_sscflp_result *res);
void zp_sscflp_free(zp_sscflp *in);

/* Read an instance in Holmberg's format (J I; J lines capacity, fixed cost; I demands; the
 * J x I cost matrix, site by site). A file may end in NUL padding after the last number
 * (old DOS files): *ignored says how many bytes were passed over (0 when none). Errors
 * (ZP_EINPUT) name the file and what was expected at which number. */
int zp_sscflp_read_holmberg(const char *path, zp_sscflp *out, size_t *ignored);

#endif
