/* The quality-balance audit's arithmetic (zoneplan/audit.h): a school's seven per-pupil
 * figures against the 2017 thresholds, the 6-of-7 rule with its 85 % floor, and the
 * inter-school difference coefficient. Kept apart from the run so that today's catchments
 * and every plan are audited by the same few lines, and so the rules can be checked by hand. */
#include <math.h>
#include <string.h>

#include "zoneplan/audit.h"

#define AT_THRESHOLD 1e-9 /* relative: a figure this close below a threshold is at it */

void zp_audit_school_eval(const zp_audit_rules *r, const double *resource, const uint8_t *has,
                          int64_t pupils, zp_audit_school *out)
{
    memset(out, 0, sizeof *out);
    int short_ok = 1, missed = 0;
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        if (!has[i] || pupils <= 0)
            continue;
        out->assessed[i] = 1;
        out->nassessed++;
        out->value[i] = resource[i] / (double)pupils * zp_indicator_per((zp_indicator)i);
        /* a figure at its threshold meets it: decimals such as 2.3 are not exact in binary */
        out->met[i] = out->value[i] >= r->threshold[i] * (1 - AT_THRESHOLD);
        out->nmet += out->met[i];
        if (!out->met[i]) {
            missed++;
            short_ok &= out->value[i] >= r->rest_share * r->threshold[i] * (1 - AT_THRESHOLD);
        }
    }
    /* the standard's 7 - 6: as many indicators may miss, each by no more than the floor */
    out->pass = out->nassessed > 0 && missed <= ZP_NINDICATORS - r->need_met && short_ok;
}

int zp_audit_cv(const zp_audit_rules *r, size_t n, const double *resource, const uint8_t *has,
                const int64_t *pupils, double *cv)
{
    double total_r = 0, total_p = 0, sum_x = 0;
    size_t k = 0;
    for (size_t s = 0; s < n; s++)
        if (has[s] && pupils[s] > 0) {
            total_r += resource[s];
            total_p += (double)pupils[s];
            sum_x += resource[s] / (double)pupils[s];
            k++;
        }
    *cv = NAN;
    double mean = r->unweighted ? (k ? sum_x / (double)k : 0) : (k ? total_r / total_p : 0);
    if (k < 2 || !(mean > 0))
        return 0;
    double var = 0;
    for (size_t s = 0; s < n; s++)
        if (has[s] && pupils[s] > 0) {
            double d = resource[s] / (double)pupils[s] - mean;
            var += (r->unweighted ? 1.0 / (double)k : (double)pupils[s] / total_p) * d * d;
        }
    *cv = sqrt(var) / mean;
    return 0;
}
