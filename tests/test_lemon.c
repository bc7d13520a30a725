/* Cross-check against LEMON (smoke size): on a generated 10,000-block district the LP
 * optimum zoneplan reports for each level must equal, to the centimetre, what LEMON's
 * cost-scaling and network-simplex min-cost flow find on the very instance zoneplan
 * solved (exported with --export-instance). Timings are not asserted here; bench/ has
 * them. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static long long json_int_at(const char *text, const char *key)
{
    const char *p = strstr(text, key);
    cr_assert_not_null(p, "no %s in %s", key, text);
    p = strchr(p + strlen(key), ':');
    return atoll(p + 1);
}

static long long lemon_objective(const char *instance, const char *algo)
{
    char cmd[2048], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s %s %s 2>/dev/null", ZP_LEMON_PEER, instance, algo);
    cr_assert_eq(zpt_run(cmd, &out), 0, "%s", out);
    long long v = json_int_at(out, "\"objective_cm\"");
    free(out);
    return v;
}

Test(lemon, lp_optimum_equals_lemon_on_10000_blocks, .timeout = 300)
{
    char *dir = zpt_tmpdir(), cmd[4096], path[1024], *log = NULL;
    snprintf(cmd, sizeof cmd, "%s gen --out %s/d --blocks 10000 --schools 50 --seed 11", ZP_CLI,
             dir);
    cr_assert_eq(zpt_run(cmd, &log), 0, "%s", log);
    free(log);
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    char yaml[2048];
    snprintf(yaml, sizeof yaml,
             "name: lemon smoke\n"
             "blocks: {path: d/blocks.shp, id: BLOCK_ID, children: {primary: PRI, junior: JUN}}\n"
             "schools: {path: d/schools.shp, id: SCHOOL_ID, type: TYPE,\n"
             "          capacity: {primary: CAP_PRI, junior: CAP_JUN}}\n");
    zpt_write(path, yaml);
    snprintf(cmd, sizeof cmd,
             "%s run %s --no-publish --out %s/out --stats %s/stats.json --export-instance %s/i",
             ZP_CLI, path, dir, dir, dir);
    cr_assert_eq(zpt_run(cmd, &log), 0, "%s", log);
    free(log);
    snprintf(path, sizeof path, "%s/stats.json", dir);
    json_error_t err;
    json_t *stats = json_load_file(path, 0, &err);
    cr_assert_not_null(stats, "%s", err.text);
    const char *levels[] = {"primary", "junior"};
    for (int l = 0; l < 2; l++) {
        json_t *lv = json_object_get(json_object_get(stats, "levels"), levels[l]);
        long long ours = (long long)json_integer_value(json_object_get(lv, "lp_objective_cm"));
        snprintf(path, sizeof path, "%s/i-%s.txt", dir, levels[l]);
        cr_assert_gt(ours, 0);
        cr_assert_eq(lemon_objective(path, "cs"), ours, "%s: CostScaling disagrees", levels[l]);
        cr_assert_eq(lemon_objective(path, "ns"), ours, "%s: NetworkSimplex disagrees", levels[l]);
    }
    json_decref(stats);
    zpt_rmtree(dir);
    free(dir);
}
