/* Children per block: how many primary and junior pupils live in each block.
 *
 * Children follow density times area per settlement kind: the old town is dense (and
 * densest at its centre), new estates hold many young families (fewer junior pupils per
 * primary pupil), villages and hamlets are sparse and older, and parks, industrial land
 * and some farmland have none. Totals are then scaled to a plausible county district
 * (about 15 primary pupils per block, junior about half) with seeded, unbiased rounding. */
#include <stdlib.h>

#include "zoneplan/errors.h"
#include "gen_internal.h"

/* relative children per m2, by kind: old town, estate, industry, village, rural */
static const double kind_density[KIND_COUNT] = {3.5, 1.6, 0.0, 0.30, 0.04};
/* share of blocks with no children (parks, offices, plants, empty farmland) */
static const double kind_zero[KIND_COUNT] = {0.06, 0.05, 1.0, 0.08, 0.25};
/* junior pupils per primary pupil */
static const double kind_junior[KIND_COUNT] = {0.50, 0.40, 0.50, 0.60, 0.62};
#define NOISE_SIGMA 0.35 /* lognormal spread of children per block */
#define AREA_CAP 2.0     /* fringe cells count at most this times their kind's mean area */

/* Round v up or down at random so the expected value is v. */
static int32_t round_random(gen_rng *r, double v)
{
    double f = floor(v);
    return (int32_t)(f + (gen_unif(r) < v - f ? 1 : 0));
}

/* Big cells at the edge of a settlement are mostly fields: cap the area that counts. */
static void area_caps(const gen_world *w, double cap[KIND_COUNT])
{
    double n[KIND_COUNT] = {0}, sum[KIND_COUNT] = {0};
    for (size_t b = 0; b < w->nb; b++) {
        int k = w->skind[w->bseed[b]];
        n[k]++;
        sum[k] += w->barea[b];
    }
    for (int k = 0; k < KIND_COUNT; k++)
        cap[k] = n[k] > 0 ? AREA_CAP * sum[k] / n[k] : 0;
}

static double raw_primary(gen_world *w, size_t b, const double cap[KIND_COUNT], gen_rng *r)
{
    int32_t s = w->bseed[b];
    gen_kind k = (gen_kind)w->skind[s];
    const gen_cluster *c = &w->clusters[w->scluster[s]];
    w->bzero[b] = gen_unif(r) < kind_zero[k];
    double noise = exp(NOISE_SIGMA * gen_normal(r)), dens = kind_density[k];
    if (k == KIND_OLD) {
        double dx = w->sx[s] - c->x, dy = w->sy[s] - c->y;
        dens *= 1.3 - 0.6 * fmin(1.0, sqrt(dx * dx + dy * dy) / c->r);
    }
    return w->bzero[b] ? 0.0 : dens * fmin(w->barea[b], cap[k]) * noise;
}

int gen_people(gen_world *w)
{
    size_t n = w->nb;
    gen_rng r;
    gen_rng_seed(&r, w->opt->seed, RNG_PEOPLE);
    w->pri = malloc(n * sizeof *w->pri);
    w->jun = malloc(n * sizeof *w->jun);
    w->bzero = malloc(n);
    double *rp = malloc(n * sizeof *rp), *rj = malloc(n * sizeof *rj), sp = 0, sj = 0;
    if (!w->pri || !w->jun || !w->bzero || !rp || !rj) {
        free(rp);
        free(rj);
        return zp_error_set(ZP_ENOMEM, "gen: out of memory for children of %zu blocks", n);
    }
    double cap[KIND_COUNT];
    area_caps(w, cap);
    for (size_t b = 0; b < n; b++) {
        rp[b] = raw_primary(w, b, cap, &r);
        rj[b] = rp[b] * kind_junior[w->skind[w->bseed[b]]] * gen_range(&r, 0.75, 1.25);
        sp += rp[b];
        sj += rj[b];
    }
    double total = w->opt->blocks * gen_range(&r, GEN_PRI_PER_BLOCK_MIN, GEN_PRI_PER_BLOCK_MAX);
    double fp = sp > 0 ? total / sp : 0;
    double fj = sj > 0 ? total * gen_range(&r, GEN_JUN_SHARE_MIN, GEN_JUN_SHARE_MAX) / sj : 0;
    for (size_t b = 0; b < n; b++) {
        w->pri[b] = round_random(&r, rp[b] * fp);
        w->jun[b] = round_random(&r, rj[b] * fj);
    }
    free(rp);
    free(rj);
    return ZP_OK;
}
