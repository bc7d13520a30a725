/* The 2017 quality-balance standard's indicators and values (zoneplan/audit.h): keys, units
 * and thresholds as plain data. Here in core, below every module, because the scenario's
 * policy defaults and key checks need them as much as the audit that applies them. */
#include <math.h>
#include <string.h>

#include "zoneplan/audit.h"

static const char *const KEYS[ZP_NINDICATORS + 1] = {
    "qualified_teachers", "key_teachers",    "pe_arts_teachers", "teaching_area",
    "sports_area",        "equipment_value", "multimedia_rooms", NULL};
static const char *const VERDICTS[ZP_NVERDICTS] = {"pass", "fail", "not_assessed"};

const char *const *zp_indicator_keys(void)
{
    return KEYS;
}

const char *zp_verdict_name(zp_verdict v)
{
    return (unsigned)v < ZP_NVERDICTS ? VERDICTS[v] : VERDICTS[ZP_VERDICT_NOT_ASSESSED];
}

int zp_verdict_find(const char *name)
{
    for (int v = 0; name && v < ZP_NVERDICTS; v++)
        if (!strcmp(VERDICTS[v], name))
            return v;
    return -1;
}

const char *zp_indicator_key(zp_indicator i)
{
    return (unsigned)i < ZP_NINDICATORS ? KEYS[i] : NULL;
}

int zp_indicator_find(const char *key)
{
    for (int i = 0; key && i < ZP_NINDICATORS; i++)
        if (strcmp(KEYS[i], key) == 0)
            return i;
    return -1;
}

double zp_indicator_per(zp_indicator i)
{
    return i == ZP_IND_QUALIFIED_TEACHERS || i == ZP_IND_KEY_TEACHERS ||
                   i == ZP_IND_PE_ARTS_TEACHERS || i == ZP_IND_MULTIMEDIA_ROOMS
               ? 100.0
               : 1.0;
}

void zp_audit_rules_2017(zp_level level, zp_audit_rules *r)
{
    /* 县域义务教育优质均衡发展督导评估办法 (2017): primary, then junior */
    static const double t[2][ZP_NINDICATORS] = {{4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3},
                                                {5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4}};
    memset(r, 0, sizeof *r);
    memcpy(r->threshold, t[level == ZP_JUNIOR], sizeof r->threshold);
    r->need_met = 6;
    r->rest_share = 0.85;
    r->cv_limit = level == ZP_JUNIOR ? 0.45 : 0.50;
}

void zp_audit_policy_defaults(zp_audit_policy *p)
{
    memset(p, 0, sizeof *p);
    for (int l = 0; l < ZP_NLEVELS; l++)
        zp_audit_rules_2017((zp_level)l, &p->rules[l]);
    p->junior_weight = 1.0;
}

double zp_audit_shown(double v, int decimals, int dir)
{
    double s = pow(10, decimals), x = v * s;
    /* a hair of slack: 4.19 is 4.18999.. in binary and must stay 4.19 */
    x = dir < 0 ? floor(x + 1e-7) : dir > 0 ? ceil(x - 1e-7) : round(x);
    return x / s;
}

const char *zp_res_source_name(zp_res_source s)
{
    static const char *names[] = {"none", "level", "whole", "split"};
    return (unsigned)s < 4 ? names[s] : "none";
}
