/* Resources of the synthetic schools for the 2017 quality-balance audit (优质均衡).
 *
 * Every school gets seven whole-school totals (qualified, key and PE-arts teachers, teaching
 * and sports area, equipment value, multimedia rooms), sized from its current enrolment: the
 * indicator's threshold x pupils x a factor U(1.03, 1.45), counts rounded up, so an ordinary
 * school meets every threshold. A nine-year school's resources are shared by all its pupils
 * (the audit splits them by head), so it is sized at the higher (junior) threshold for all of
 * them, and passes at both levels. Equipment spreads far more (rich and poor schools: a
 * lognormal factor), keeping its difference coefficient near but under the 0.50 limit. Then
 * about 10 % of the schools miss one indicator mildly (within the 85 % floor: they still
 * pass; measured against the highest threshold the school serves, so it passes at every
 * level) and about 8 % fail (one indicator far short, or two short, against the lowest: they
 * fail at every level), the old-town central school on its sports ground. All draws come from their
 * own stream (RNG_RESOURCES). */
#include <stdlib.h>

#include "zoneplan/audit.h"
#include "zoneplan/errors.h"
#include "gen_internal.h"

/* The standard's own values (zoneplan/audit.h), in the generator's indicator order, which is
 * the audit's. */
static double threshold_of(int i, int level)
{
    zp_audit_rules r;
    zp_audit_rules_2017((zp_level)level, &r);
    return r.threshold[i];
}

/* Smallest step of the written value: a teacher or room, 0.1 m2, one yuan. */
static double quantum(int i)
{
    return i == GEN_RES_TEACH || i == GEN_RES_SPORT ? 0.1 : 1.0;
}

static double round_up(int i, double x)
{
    double q = quantum(i);
    return ceil(x / q - 1e-9) * q;
}

/* The resource at threshold for the school's pupils: at the highest (hi) or the lowest
 * threshold of the levels it serves. */
static double at_threshold(const gen_world *w, int s, int i, int hi, double pupils)
{
    double t = -1;
    for (int l = 0; l < 2; l++)
        if (zp_school_serves((zp_school_type)w->schtype[s], (zp_level)l) &&
            (t < 0 || (hi ? threshold_of(i, l) > t : threshold_of(i, l) < t)))
            t = threshold_of(i, l);
    return t * pupils / zp_indicator_per((zp_indicator)i);
}

static double pupils_of(const gen_world *w, int s)
{
    return (double)w->enr[0][s] + w->enr[1][s];
}

/* A value short of `base` at about share f of it, rounded down to the indicator's step,
 * within [lo, hi) of base and above 0; -1 when the rounding leaves none. */
static double short_value(int i, double base, double f, double lo, double hi)
{
    double q = quantum(i), v = floor(base * f / q + 1e-9) * q;
    if (v < lo * base)
        v = round_up(i, lo * base);
    return v > 0 && v >= lo * base && v < hi * base ? v : -1;
}

static void shuffle(gen_rng *r, int *a, int n)
{
    for (int k = n - 1; k > 0; k--) {
        int j = gen_int(r, k + 1), t = a[k];
        a[k] = a[j];
        a[j] = t;
    }
}

/* Short of threshold at `want` indicators of school s (first = the one to try first, -1 for
 * any), each at a share in [lo, hi); returns how many it could set. */
static int set_short(gen_world *w, gen_rng *r, int s, int want, int first, double lo, double hi,
                     double fmin, double fmax, int base_hi)
{
    int order[GEN_NRES], done = 0;
    for (int i = 0; i < GEN_NRES; i++)
        order[i] = i;
    shuffle(r, order, GEN_NRES);
    for (int k = 0; first >= 0 && k < GEN_NRES; k++)
        if (order[k] == first) {
            order[k] = order[0];
            order[0] = first;
        }
    double pupils = pupils_of(w, s);
    for (int k = 0; k < GEN_NRES && done < want; k++) {
        int i = order[k];
        double f = gen_range(r, fmin, fmax);
        double v = short_value(i, at_threshold(w, s, i, base_hi, pupils), f, lo, hi);
        if (v > 0) {
            w->res[i][s] = v;
            done++;
        }
    }
    return done;
}

/* Equipment: a lognormal factor above the floor, its tail bent smoothly under the cap. */
static double equipment_factor(double z)
{
    double f = GEN_RES_FACTOR_MIN + GEN_EQUIP_MEDIAN * exp(GEN_EQUIP_SIGMA * z);
    double room = GEN_EQUIP_CAP - GEN_EQUIP_KNEE;
    return f <= GEN_EQUIP_KNEE ? f
                               : GEN_EQUIP_KNEE + room * (1 - exp(-(f - GEN_EQUIP_KNEE) / room));
}

static int cases(int ns, double rate)
{
    int n = (int)lround(rate * ns);
    return ns >= GEN_RES_MIN_SCHOOLS && n < GEN_RES_MIN_CASES ? GEN_RES_MIN_CASES : n;
}

int gen_resources(gen_world *w)
{
    int ns = w->ns, *pick = malloc((size_t)(ns > 0 ? ns : 1) * sizeof *pick);
    int ok = pick != NULL;
    for (int i = 0; i < GEN_NRES; i++)
        ok = ok && (w->res[i] = calloc((size_t)(ns > 0 ? ns : 1), sizeof *w->res[i])) != NULL;
    if (!ok) {
        free(pick);
        return zp_error_set(ZP_ENOMEM, "gen: out of memory for the schools' resources");
    }
    gen_rng r;
    gen_rng_seed(&r, w->opt->seed, RNG_RESOURCES);
    /* every school above every threshold; a school without pupils is sized by its seats */
    for (int s = 0; s < ns; s++) {
        double pupils = pupils_of(w, s);
        if (pupils <= 0)
            pupils = (double)w->cap[0][s] + w->cap[1][s];
        for (int i = 0; i < GEN_NRES; i++) {
            double f = gen_range(&r, GEN_RES_FACTOR_MIN, GEN_RES_FACTOR_MAX);
            if (i == GEN_RES_EQUIP)
                f = equipment_factor(gen_normal(&r));
            w->res[i][s] = round_up(i, at_threshold(w, s, i, 1, pupils) * f);
        }
    }
    /* the schools that miss: the central school fails on its sports ground, others at random
     * among the schools with pupils */
    int n = 0, nfail = cases(ns, GEN_RES_FAIL_RATE), nmild = cases(ns, GEN_RES_MILD_RATE);
    int core = w->has_core && ns > 0 && pupils_of(w, 0) > 0 && nfail > 0;
    for (int s = core; s < ns; s++)
        if (pupils_of(w, s) > 0)
            pick[n++] = s;
    shuffle(&r, pick, n);
    if (core && set_short(w, &r, 0, 1, GEN_RES_SPORT, GEN_RES_SEVERE_MIN, GEN_RES_FLOOR,
                          GEN_RES_SEVERE_MIN, GEN_RES_SEVERE_MAX, 0) == 1)
        nfail--;
    int k = 0;
    for (; k < n && nfail > 0; k++) {
        int severe = gen_unif(&r) < 0.5;
        if (severe && set_short(w, &r, pick[k], 1, -1, GEN_RES_SEVERE_MIN, GEN_RES_FLOOR,
                                GEN_RES_SEVERE_MIN, GEN_RES_SEVERE_MAX, 0) == 1)
            nfail--;
        else if (!severe && set_short(w, &r, pick[k], 2, -1, GEN_RES_SHORT_MIN, 1.0,
                                      GEN_RES_SHORT_MIN, GEN_RES_SHORT_MAX, 0) == 2)
            nfail--;
    }
    for (; k < n && nmild > 0; k++)
        if (set_short(w, &r, pick[k], 1, -1, GEN_RES_FLOOR, 1.0, GEN_RES_MILD_MIN, GEN_RES_MILD_MAX,
                      1) == 1)
            nmild--;
    free(pick);
    return ZP_OK;
}
