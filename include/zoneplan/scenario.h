/* The scenario: one YAML file that says which data to load, how its fields map,
 * which policy values apply and where the outputs go.
 *
 * Parsed with libyaml; every unknown key, wrong type or missing required key is an
 * error naming file:line and what was expected. Paths are resolved relative to the
 * scenario file's folder. Policy defaults are the national rules (DOMAIN.md) and every
 * one of them can be overridden. */
#ifndef ZONEPLAN_SCENARIO_H
#define ZONEPLAN_SCENARIO_H

#include "model.h"

/* Field mapping of the blocks layer. Field names are DBF column names (matched
 * case-insensitively by io). Either children[] or grades[] is set, not both. */
typedef struct zp_blocks_spec {
    char *path;                 /* resolved path of the .shp */
    char *id;                   /* required */
    char *name;                 /* optional */
    char *children[ZP_NLEVELS]; /* children: {primary: F, junior: F} */
    char *grades[ZP_NGRADES];   /* grades: {g1: F, ..., g9: F} (all nine or none) */
    char *current[ZP_NLEVELS];  /* current: {primary: F, junior: F}, optional each */
    char *encoding; /* encoding: GBK | GB18030 | UTF-8 ...; NULL: from .cpg, else UTF-8 */
    char *crs;      /* crs: "EPSG:4547" or any PROJ string; NULL: from .prj */
    int line;       /* line of the `blocks:` key, for messages */
} zp_blocks_spec;

typedef struct zp_schools_spec {
    char *path;
    char *id;   /* required */
    char *name; /* optional */
    char *type; /* required: field holding the school type */
    /* type_values: {primary: [..], junior: [..], nine_year: [..]}: field values meaning each type.
     * Defaults: primary: [primary, 小学], junior: [junior, 初中],
     *           nine_year: [nine_year, 九年一贯制]. NULL-terminated arrays. */
    char **type_values[ZP_NTYPES];
    char *capacity[ZP_NLEVELS];      /* capacity: {primary: F, junior: F} (seats) */
    char *classes[ZP_NLEVELS];       /* classes: {primary: F, junior: F} */
    char *grade_classes[ZP_NGRADES]; /* classes: {g1: F, ..., g9: F} instead of per level */
    char *enrolment[ZP_NLEVELS];     /* enrolment: {primary: F, junior: F}, optional */
    char *encoding;
    char *crs;
    int line;
} zp_schools_spec;

typedef struct zp_policy {
    int class_cap[ZP_NLEVELS]; /* class_cap: {primary: 45, junior: 50} */
    int school_cap[ZP_NTYPES]; /* school_cap: 2500, or {primary: 2000, junior: 2000, nine_year:
                                  2500} */
    double service_radius_m[ZP_NLEVELS]; /* service_radius_m: {primary: 500, junior: 1000} */
    int enforce_caps;                    /* enforce_caps: false */
    int large_class;                     /* large_class: 56 */
    int very_large_class;                /* very_large_class: 66 */
    double
        shortfall_penalty_m; /* shortfall_penalty_m: 100000 (cost of an unplaced child, metres) */
    int candidates;          /* candidates: 8 (nearest schools per block before pricing) */
} zp_policy;

typedef struct zp_scenario {
    char *file; /* the scenario file as given */
    char *dir;  /* its folder, for resolving paths */
    char *name; /* name: required */
    char *crs;  /* crs: optional default for both layers */
    zp_blocks_spec blocks;
    zp_schools_spec schools;
    zp_policy policy;
    char *output_dir; /* output: {dir: ...} resolved; NULL when absent */
} zp_scenario;

/* Policy defaults (DOMAIN.md). */
void zp_policy_defaults(zp_policy *policy);

/* Load and validate a scenario file. On error returns ZP_EINPUT with
 * "FILE:LINE: message" in zp_error_last(). */
int zp_scenario_load(const char *path, zp_scenario **out);
void zp_scenario_free(zp_scenario *sc);

#endif
