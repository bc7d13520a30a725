/* Backtesting the projection on the history it is given (project.h): hide the last k years,
 * fit on the years before, project the hidden years unit by unit, and measure the error as a
 * share of what happened. A school's model: its own intake trend at each entry grade, the
 * county's progression ratios for every cohort after, so a history made with known ratios
 * and trends comes back with an error near zero. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/errors.h"
#include "zoneplan/project.h"

static double at(const zp_history *h, size_t u, int y, int g)
{
    return h->pupils[(u * (size_t)h->nyears + (size_t)y) * ZP_NGRADES + (size_t)g];
}

/* Grade g's geometric yearly change over years 0 .. last of unit u (1 when it has no pupils
 * at either end). */
static double trend(const zp_history *h, size_t u, int g, int last)
{
    double a = at(h, u, 0, g), b = at(h, u, last, g);
    return a > 0 && b > 0 && last > 0 ? pow(b / a, 1.0 / last) : 1.0;
}

/* Unit u's total pupils h = 1 .. k years after year t. */
static void project_unit(const zp_proj_rules *r, const double *prog, const zp_history *hi, size_t u,
                         int t, int k, double *total)
{
    double g[ZP_NGRADES], next[ZP_NGRADES], step[ZP_NGRADES] = {0};
    int entry[ZP_NGRADES] = {0};
    entry[0] = entry[r->primary_grades] = 1;
    for (int i = 0; i < ZP_NGRADES; i++)
        g[i] = at(hi, u, t, i);
    for (int i = 0; i < ZP_NGRADES; i++)
        step[i] = entry[i] ? trend(hi, u, i, t) : 0;
    for (int h = 0; h < k; h++) {
        for (int i = 0; i < ZP_NGRADES; i++)
            next[i] = entry[i] ? g[i] * step[i] : g[i - 1] * prog[i - 1];
        memcpy(g, next, sizeof g);
        total[h] = 0;
        for (int i = 0; i < ZP_NGRADES; i++)
            total[h] += g[i];
    }
}

static double unit_total(const zp_history *h, size_t u, int y)
{
    double s = 0;
    for (int g = 0; g < ZP_NGRADES; g++)
        s += at(h, u, y, g);
    return s;
}

/* The county's fitted ratios over years 0 .. t. */
static int fit(const zp_history *h, int t, double prog[ZP_NGRADES - 1])
{
    double *county = malloc(((size_t)t + 1) * ZP_NGRADES * sizeof *county);
    if (!county)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (int y = 0; y <= t; y++)
        zp_history_county(h, y, county + (size_t)y * ZP_NGRADES);
    zp_proj_ratios(county, t + 1, prog);
    free(county);
    return ZP_OK;
}

static void errors(zp_backtest *b)
{
    int k = b->k;
    for (int h = 0; h < k; h++) {
        double p = 0, a = 0, sum = 0;
        int n = 0;
        for (size_t u = 0; u < b->nunits; u++) {
            size_t i = u * (size_t)k + (size_t)h;
            p += b->projected[i];
            a += b->actual[i];
            b->ape[i] =
                b->actual[i] > 0 ? fabs(b->projected[i] - b->actual[i]) / b->actual[i] : NAN;
            if (!isnan(b->ape[i]))
                sum += b->ape[i], n++;
        }
        b->county_ape[h] = a > 0 ? fabs(p - a) / a : NAN;
        b->mape[h] = n ? sum / n : NAN;
    }
}

int zp_proj_backtest(const zp_proj_rules *r, const zp_history *h, int k, int fit_ratios,
                     zp_backtest *out)
{
    memset(out, 0, sizeof *out);
    if (k < 1 || k > ZP_BACKTEST_MAX || h->nyears < k + 2)
        return zp_error_set(ZP_EINPUT,
                            "--backtest %d: the history has %d years (%d..%d); hiding k of "
                            "them needs k + 2 (two to fit on), k from 1 to %d",
                            k, h->nyears, h->first, h->first + h->nyears - 1, ZP_BACKTEST_MAX);
    int t = h->nyears - 1 - k; /* the last year fitted on */
    out->k = k;
    out->fit_first = h->first;
    out->fit_last = h->first + t;
    out->nunits = h->nunits;
    memcpy(out->progression, r->progression, sizeof out->progression);
    size_t n = h->nunits * (size_t)k + 1;
    out->projected = malloc(n * sizeof *out->projected);
    out->actual = malloc(n * sizeof *out->actual);
    out->ape = malloc(n * sizeof *out->ape);
    int rc = out->projected && out->actual && out->ape ? ZP_OK
                                                       : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc && fit_ratios)
        rc = fit(h, t, out->progression);
    for (size_t u = 0; !rc && u < h->nunits; u++) {
        project_unit(r, out->progression, h, u, t, k, out->projected + u * (size_t)k);
        for (int y = 0; y < k; y++)
            out->actual[u * (size_t)k + (size_t)y] = unit_total(h, u, t + 1 + y);
    }
    if (!rc)
        errors(out);
    else
        zp_backtest_free(out);
    return rc;
}

void zp_backtest_free(zp_backtest *b)
{
    free(b->projected);
    free(b->actual);
    free(b->ape);
    memset(b, 0, sizeof *b);
}
