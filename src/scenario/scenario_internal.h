/* Internal: pieces of the scenario loader shared between scenario.c (the sections) and
 * change_list.c (the `changes:` list), which reuses the policy reader for set_policy. */
#ifndef ZP_SCENARIO_INTERNAL_H
#define ZP_SCENARIO_INTERNAL_H

#include "scenario/yaml_walk.h"
#include "zoneplan/scenario.h"

/* Keys a policy mapping may hold (policy: and set_policy:). */
extern const char *const ZP_POLICY_KEYS[];

/* Read the policy keys present in mapping m over *p (absent keys keep their value) and
 * check the result; where names the mapping in messages ("policy", "set_policy"). */
int zp_scenario_policy(const zpy_ctx *c, zp_policy *p, const yaml_node_t *m, const char *where);

/* A school type as the scenario writes it: primary | junior | nine_year, or any value
 * listed under schools.type_values. Returns 1 when known. */
int zp_scenario_school_type(const zp_schools_spec *s, const char *value, zp_school_type *type);

/* The `output:` section (output.c). */
int zp_scenario_output(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root);

/* The `changes:` list (absent: none), parsed after every other section. */
int zp_scenario_changes(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root);
void zp_scenario_changes_free(zp_scenario *sc);

/* The `roads:` and `barriers:` layers (roads.c), and the policy's walking keys: distance
 * (network | straight) and access: {max_m}. */
int zp_scenario_roads(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root);
int zp_scenario_policy_walk(const zpy_ctx *c, zp_policy *p, const yaml_node_t *m,
                            const char *where);
void zp_scenario_roads_free(zp_scenario *sc);

/* The quality-balance audit's keys (audit.c): schools.resources; the policy's profile (read
 * before the mapping's other keys, which override it), audit and enforce_audit. */
int zp_scenario_resources(const zpy_ctx *c, zp_schools_spec *s, const yaml_node_t *m);
void zp_scenario_resources_free(zp_schools_spec *s);
/* `resources: {key: x | {primary: x, junior: y}, ...}` under m (an add_school item, a siting
 * design; owner names it in messages): the school's own figures, numbers >= 0. */
int zp_scenario_resource_values(const zpy_ctx *c, const yaml_node_t *m, const char *owner,
                                zp_resources *r);
int zp_scenario_policy_profile(const zpy_ctx *c, zp_policy *p, const yaml_node_t *m,
                               const char *where);
int zp_scenario_policy_audit(const zpy_ctx *c, zp_policy *p, const yaml_node_t *m,
                             const char *where);

/* blocks.ages (horizon.c): {a0: F, ..., a5: F}, all six, for projecting demand. */
int zp_scenario_ages(const zpy_ctx *c, zp_blocks_spec *b, const yaml_node_t *m);
/* The `horizon:` section (horizon.c): years, the projection's rules, variants, estates. */
int zp_scenario_horizon(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root);
void zp_scenario_horizon_free(zp_scenario *sc);
/* policy.redraw_applies_to: intake | all (horizon.c). */
int zp_scenario_policy_redraw_applies(const zpy_ctx *c, zp_policy *p, const yaml_node_t *m,
                                      const char *where);

/* The `siting:` section (siting.c), read last: its designs use the school types. */
int zp_scenario_siting(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root);
void zp_scenario_siting_free(zp_scenario *sc);

#endif
