/* The scenario's quality-balance audit keys: schools.resources (which fields hold each
 * school's resources, for the whole school or per level), and the policy's profile, audit
 * values and enforce_audit. The 2017 standard's values are the defaults; `profile:
 * national-2017` also sets its school-size caps, and is read before every other policy key
 * of its mapping so that anything written beside it overrides it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario_internal.h"
#include "zoneplan/errors.h"

static const char *const LEVELS[] = {"primary", "junior", NULL};
static const char *const AUDIT_KEYS[] = {
    "thresholds", "need_met", "rest_share", "cv_limit", "cv", "nine_year_junior_weight", NULL};
#define INDICATORS zp_indicator_keys()

#define PROFILE_2017 "national-2017"

/* One indicator's fields: F (the whole school's) or {primary: F, junior: F}. */
static int resource_fields(const zpy_ctx *c, zp_schools_spec *s, zpy_entry e, int i)
{
    char where[64];
    snprintf(where, sizeof where, "schools.resources.%s", INDICATORS[i]);
    int rc = zpy_expect_map(c, e.value, where, LEVELS);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++)
        rc = zpy_opt_string(c, e.value, where, LEVELS[l], &s->resources[l][i]);
    if (!rc && !s->resources[0][i] && !s->resources[1][i])
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: %s: expected a field, or at least one of primary, junior",
                          c->file, e.line, where);
    return rc;
}

int zp_scenario_resources(const zpy_ctx *c, zp_schools_spec *s, const yaml_node_t *m)
{
    const yaml_node_t *r;
    int line;
    int rc = zpy_section(c, m, "schools", "resources", INDICATORS, 0, &r, &line);
    for (int i = 0; !rc && r && i < ZP_NINDICATORS; i++) {
        zpy_entry e = zpy_lookup(c, r, INDICATORS[i]);
        if (!e.value)
            continue;
        if (e.value->type == YAML_SCALAR_NODE)
            rc = zpy_opt_string(c, r, "schools.resources", INDICATORS[i], &s->resources_whole[i]);
        else
            rc = resource_fields(c, s, e, i);
        s->has_resources = 1;
    }
    return rc;
}

void zp_scenario_resources_free(zp_schools_spec *s)
{
    for (int i = 0; i < ZP_NINDICATORS; i++) {
        free(s->resources_whole[i]);
        for (int l = 0; l < ZP_NLEVELS; l++)
            free(s->resources[l][i]);
    }
}

/* thresholds: {key: {primary: x, junior: y}, ...}: positive numbers. */
static int audit_thresholds(const zpy_ctx *c, zp_audit_policy *a, const yaml_node_t *m,
                            const char *pwhere)
{
    const yaml_node_t *t;
    int line;
    char where[96];
    snprintf(where, sizeof where, "%s.audit", pwhere);
    int rc = zpy_section(c, m, where, "thresholds", INDICATORS, 0, &t, &line);
    for (int i = 0; !rc && t && i < ZP_NINDICATORS; i++) {
        zpy_entry e = zpy_lookup(c, t, INDICATORS[i]);
        if (!e.value)
            continue;
        snprintf(where, sizeof where, "%s.audit.thresholds.%s", pwhere, INDICATORS[i]);
        rc = zpy_expect_map(c, e.value, where, LEVELS);
        for (int l = 0; !rc && l < ZP_NLEVELS; l++)
            rc = zpy_opt_pos_num(c, e.value, where, LEVELS[l], &a->rules[l].threshold[i]);
    }
    return rc;
}

static int out_of_range(const zpy_ctx *c, const yaml_node_t *m, const char *where, const char *key,
                        const char *expected)
{
    return zp_error_set(ZP_EINPUT, "%s:%d: %s.%s: expected %s", c->file, zpy_lookup(c, m, key).line,
                        where, key, expected);
}

/* need_met (1..7), rest_share (0..1], cv (weighted | unweighted). */
static int audit_rule(const zpy_ctx *c, zp_audit_policy *a, const yaml_node_t *m, const char *where)
{
    int need = a->rules[0].need_met;
    double share = a->rules[0].rest_share;
    char *cv = NULL;
    int rc = zpy_opt_pos_int(c, m, where, "need_met", &need);
    if (!rc && need > ZP_NINDICATORS)
        rc = out_of_range(c, m, where, "need_met", "a whole number from 1 to 7");
    if (!rc)
        rc = zpy_opt_pos_num(c, m, where, "rest_share", &share);
    if (!rc && share > 1)
        rc = out_of_range(c, m, where, "rest_share", "a share above 0 and at most 1 (0.85)");
    if (!rc)
        rc = zpy_opt_string(c, m, where, "cv", &cv);
    if (!rc && cv && strcmp(cv, "weighted") && strcmp(cv, "unweighted"))
        rc = out_of_range(c, m, where, "cv", "weighted (by pupils) or unweighted");
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        a->rules[l].need_met = need;
        a->rules[l].rest_share = share;
        if (cv)
            a->rules[l].unweighted = strcmp(cv, "unweighted") == 0;
    }
    free(cv);
    return rc;
}

static int policy_audit(const zpy_ctx *c, zp_audit_policy *a, const yaml_node_t *pm,
                        const char *pwhere)
{
    zpy_entry e = zpy_lookup(c, pm, "audit");
    if (!e.value)
        return 0;
    char where[64];
    snprintf(where, sizeof where, "%s.audit", pwhere);
    int rc = zpy_expect_map(c, e.value, where, AUDIT_KEYS);
    const yaml_node_t *m = e.value;
    if (!rc)
        rc = audit_thresholds(c, a, m, pwhere);
    if (!rc)
        rc = audit_rule(c, a, m, where);
    if (!rc)
        rc = zpy_opt_pos_num(c, m, where, "nine_year_junior_weight", &a->junior_weight);
    zpy_entry cl = zpy_lookup(c, m, "cv_limit");
    if (!rc && cl.value) {
        char w2[80];
        snprintf(w2, sizeof w2, "%s.cv_limit", where);
        rc = zpy_expect_map(c, cl.value, w2, LEVELS);
        for (int l = 0; !rc && l < ZP_NLEVELS; l++)
            rc = zpy_opt_pos_num(c, cl.value, w2, LEVELS[l], &a->rules[l].cv_limit);
    }
    return rc;
}

/* profile: national-2017: the standard's thresholds, difference-coefficient limits and school
 * sizes (2,000 for primary and junior schools, 2,500 for nine-year ones); how the rule is
 * applied (need_met, rest_share, cv, the split's weight, enforce_audit) is left as it is. */
int zp_scenario_policy_profile(const zpy_ctx *c, zp_policy *p, const yaml_node_t *m,
                               const char *where)
{
    char *name = NULL;
    int rc = zpy_opt_string(c, m, where, "profile", &name);
    if (!rc && name && strcmp(name, PROFILE_2017) != 0)
        rc = zp_error_set(ZP_EINPUT, "%s:%d: %s.profile: unknown profile '%.100s'; expected %s",
                          c->file, zpy_lookup(c, m, "profile").line, where, name, PROFILE_2017);
    for (int l = 0; !rc && name && l < ZP_NLEVELS; l++) { /* its values; the rule stays */
        zp_audit_rules r;
        zp_audit_rules_2017((zp_level)l, &r);
        memcpy(p->audit.rules[l].threshold, r.threshold, sizeof r.threshold);
        p->audit.rules[l].cv_limit = r.cv_limit;
    }
    if (!rc && name) {
        snprintf(p->audit.profile, sizeof p->audit.profile, "%s", PROFILE_2017);
        p->school_cap[ZP_TYPE_PRIMARY] = p->school_cap[ZP_TYPE_JUNIOR] = 2000;
        p->school_cap[ZP_TYPE_NINE_YEAR] = 2500;
    }
    free(name);
    return rc;
}

int zp_scenario_policy_audit(const zpy_ctx *c, zp_policy *p, const yaml_node_t *m,
                             const char *where)
{
    int rc = policy_audit(c, &p->audit, m, where);
    if (!rc)
        rc = zpy_opt_bool(c, m, where, "enforce_audit", &p->audit.enforce);
    return rc;
}

/* One indicator's values per level: {primary: x, junior: y}, numbers >= 0. */
static int resource_value(const zpy_ctx *c, zpy_entry e, const char *where, int i, zp_resources *r)
{
    int rc = zpy_expect_map(c, e.value, where, LEVELS);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        zpy_entry v = zpy_lookup(c, e.value, LEVELS[l]);
        if (!v.value)
            continue;
        r->has_level[l][i] = 1;
        rc = zpy_opt_nonneg_num(c, e.value, where, LEVELS[l], &r->level[l][i]);
    }
    return rc;
}

int zp_scenario_resource_values(const zpy_ctx *c, const yaml_node_t *m, const char *owner,
                                zp_resources *r)
{
    const yaml_node_t *n;
    int line;
    char where[96];
    int rc = zpy_section(c, m, owner, "resources", INDICATORS, 0, &n, &line);
    for (int i = 0; !rc && n && i < ZP_NINDICATORS; i++) {
        zpy_entry e = zpy_lookup(c, n, INDICATORS[i]);
        if (!e.value)
            continue;
        snprintf(where, sizeof where, "%s.resources", owner);
        if (e.value->type == YAML_SCALAR_NODE) {
            rc = zpy_opt_nonneg_num(c, n, where, INDICATORS[i], &r->whole[i]);
            r->has_whole[i] = 1;
        } else {
            snprintf(where, sizeof where, "%s.resources.%s", owner, INDICATORS[i]);
            rc = resource_value(c, e, where, i, r);
        }
    }
    return rc;
}
