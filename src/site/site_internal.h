/* Internal to the site module: the instance seen from the sites (arcs grouped by site, for
 * the Lagrangian knapsacks) and a plan being improved (assign.c). */
#ifndef ZP_SITE_INTERNAL_H
#define ZP_SITE_INTERNAL_H

#include "zoneplan/site.h"

/* Arcs by site: site s serves customers cust[start[s] .. start[s+1]) at cost[...]. */
typedef struct zp_site_index {
    size_t *start;
    int32_t *cust;
    double *cost;
} zp_site_index;

int zp_site_index_build(const zp_sscflp *in, zp_site_index *ix);
void zp_site_index_free(zp_site_index *ix);

/* A plan: which sites are open, each customer's site (-1 none), loads, total cost. */
typedef struct zp_site_plan {
    unsigned char *open;
    int32_t *site;
    int64_t *load;
    double cost; /* fixed + assignment; HUGE_VAL when some customer has no site */
} zp_site_plan;

int zp_site_plan_init(const zp_sscflp *in, zp_site_plan *p);
void zp_site_plan_copy(const zp_sscflp *in, zp_site_plan *to, const zp_site_plan *from);
void zp_site_plan_free(zp_site_plan *p);

/* Cost of serving customer i from site s, HUGE_VAL when there is no such pair. */
double zp_site_cost(const zp_sscflp *in, size_t i, int32_t s);

/* Assign every customer to an open site within capacity (regret greedy, then moves of one
 * customer to a cheaper site with room until none helps): p->open in, the rest out. Returns
 * 0 when every customer was placed (p->cost set), 1 when not (p->cost HUGE_VAL). */
int zp_site_assign(const zp_sscflp *in, zp_site_plan *p);
/* The same, with preset[i] (a site, or -1) placed first wherever it fits. */
int zp_site_assign_from(const zp_sscflp *in, zp_site_plan *p, const int32_t *preset);
/* Move a customer into a cheaper full site by moving one of that site's customers on to a
 * site with room, while that saves (ejection chains of length two). */
void zp_site_eject_pass(const zp_sscflp *in, zp_site_plan *p);
/* Exchange pairs of customers between sites while that lowers the cost (capacity kept). */
void zp_site_swap_pass(const zp_sscflp *in, zp_site_plan *p);
/* Close, open and swap sites while a move lowers the cost (each re-assigned by
 * zp_site_assign), until none does. */
void zp_site_local_search(const zp_sscflp *in, zp_site_plan *best);

/* Siting (siting.c, search.c, bound.c). */
#include "zoneplan/siting.h"
/* Children without a place, both levels. */
static inline int64_t zp_siting_shortfall(const zp_siting_score *s)
{
    return s->shortfall[0] + s->shortfall[1];
}
/* The whole-block bound (LP, raised by the exact finish's Lagrangian) of every active level
 * with the options of set[0..n) opened: no plan opening them costs less. */
int zp_siting_bound_set(zp_siting *st, const int32_t *set, size_t n, double *bound);
/* Greedy openings and swaps; st->chosen (rank order), before, after, step, served. */
int zp_siting_search(zp_siting *st);
/* The Lagrangian bound of every level with at most open_max options (bound.c). */
int zp_siting_bound(zp_siting *st);

#include "core/util.h" /* zp_seconds */

#endif
