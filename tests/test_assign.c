/* Tests of the assign and lock changes, which the browser editor writes when a planner saves
 * a hand-drawn redraw: what they do to the data (pins per level, locks, the last assign of a
 * block winning), what the run makes of them on a street of four blocks solved by hand
 * (pinned children placed whole even beyond capacity, the rest solved around them, moves
 * counted against today's schools), and every refusal with FILE:LINE: change N (kind). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "changes_common.h"
#include "zoneplan/run.h"

/* ---- the data: pins and locks --------------------------------------------------------- */

Test(changes, assign_pins_blocks_at_one_level)
{
    apply_ok("changes:\n"
             "  - assign: {blocks: [B001, B006, B001], level: primary, school: S003}\n"
             "  - assign: {blocks: B016, level: junior, school: S002}\n");
    cr_assert_eq(block("B001")->assign[ZP_PRIMARY], 2);
    cr_assert_eq(block("B006")->assign[ZP_PRIMARY], 2);
    cr_assert_eq(block("B001")->assign[ZP_JUNIOR], -1, "the other level stays free");
    cr_assert_eq(block("B016")->assign[ZP_JUNIOR], 1);
    cr_assert_eq(block("B016")->assign[ZP_PRIMARY], -1);
    for (size_t b = 0; b < ds.nblocks; b++) {
        const char *id = ds.blocks[b].id;
        int pinned = !strcmp(id, "B001") || !strcmp(id, "B006") || !strcmp(id, "B016");
        if (!pinned)
            cr_assert(ds.blocks[b].assign[0] == -1 && ds.blocks[b].assign[1] == -1, "%s", id);
        cr_assert_eq(ds.blocks[b].locked, 0, "%s: an assign is not a lock of the data", id);
    }
    cr_assert_eq(block("B001")->current[ZP_PRIMARY], 0, "today's school is kept as it was");
    cr_assert_str_eq(sc->changes[0].summary,
                     "assign 2 blocks to S003 (新华九年一贯制学校), primary: 20 children");
    cr_assert_str_eq(sc->changes[1].summary,
                     "assign 1 block to S002 (实验初中), junior: 5 children");
}

/* A planner painting a block again: the later assign of the same block and level wins. */
Test(changes, assign_last_one_wins)
{
    apply_ok("changes:\n"
             "  - assign: {blocks: [B003, B004], level: primary, school: S003}\n"
             "  - assign: {blocks: [B007], level: junior, school: S003}\n"
             "  - assign: {blocks: [B004, B007], level: primary, school: S001}\n");
    cr_assert_eq(block("B003")->assign[ZP_PRIMARY], 2);
    cr_assert_eq(block("B004")->assign[ZP_PRIMARY], 0);
    cr_assert_eq(block("B007")->assign[ZP_PRIMARY], 0);
    cr_assert_eq(block("B007")->assign[ZP_JUNIOR], 2, "another level is another pin");
}

/* unassign takes the pins of earlier assigns off at its level only (a redraw saved over a
 * saved redraw releases the base's pins so). */
Test(changes, unassign_takes_pins_off_at_its_level)
{
    apply_ok("changes:\n"
             "  - assign: {blocks: [B003, B004], level: primary, school: S003}\n"
             "  - assign: {blocks: [B003], level: junior, school: S003}\n"
             "  - unassign: {blocks: [B003, B005], level: primary}\n");
    cr_assert_eq(block("B003")->assign[ZP_PRIMARY], -1, "taken off");
    cr_assert_eq(block("B004")->assign[ZP_PRIMARY], 2, "another block keeps its pin");
    cr_assert_eq(block("B003")->assign[ZP_JUNIOR], 2, "another level keeps its pin");
    cr_assert_eq(block("B005")->assign[ZP_PRIMARY], -1, "a block without a pin stays so");
}

Test(changes, unassign_malformed)
{
    PARSE_ERROR("changes:\n  - unassign: {blocks: [B001]}\n", FIRST + 1, "change 1 (unassign)",
                "missing required key 'level'");
    PARSE_ERROR("changes:\n  - unassign: {blocks: [B001], level: senior}\n", FIRST + 1,
                "change 1 (unassign)", "unassign.level: unknown level 'senior'");
    PARSE_ERROR("changes:\n  - unassign: {blocks: [B001], level: primary, school: S003}\n",
                FIRST + 1, "change 1 (unassign)", "unknown key 'school' in unassign");
}

/* Blocks added by an estate can be pinned, and a school added by a change can take pins. */
Test(changes, assign_added_block_to_added_school)
{
    apply_ok("changes:\n"
             "  - add_school: {id: S100, type: primary, x: 520300, y: 3385500,\n"
             "                 capacity: {primary: 100}}\n"
             "  - add_estate: {id: E1, children: {primary: 40},\n"
             "                 polygon: [[520800, 3385000], [521000, 3385000], [521000, "
             "3385200]]}\n"
             "  - assign: {blocks: [E1], level: primary, school: S100}\n");
    cr_assert_eq(block("E1")->assign[ZP_PRIMARY], 3);
    cr_assert_eq(block("E1")->assign[ZP_JUNIOR], -1);
}

Test(changes, blocks_start_unpinned)
{
    apply_ok("changes:\n"
             "  - add_estate: {id: E1, children: {primary: 40},\n"
             "                 polygon: [[520800, 3385000], [521000, 3385000], [521000, "
             "3385200]]}\n");
    for (size_t b = 0; b < ds.nblocks; b++)
        for (int l = 0; l < ZP_NLEVELS; l++)
            cr_assert_eq(ds.blocks[b].assign[l], -1, "%s", ds.blocks[b].id);
}

Test(changes, lock_sets_the_lock)
{
    apply_ok("changes:\n  - lock: {blocks: [B002, B004]}\n");
    for (size_t b = 0; b < ds.nblocks; b++) {
        int want = !strcmp(ds.blocks[b].id, "B002") || !strcmp(ds.blocks[b].id, "B004");
        cr_assert_eq(ds.blocks[b].locked, want, "%s", ds.blocks[b].id);
        cr_assert_eq(ds.blocks[b].assign[ZP_PRIMARY], -1);
    }
    cr_assert_str_eq(sc->changes[0].summary, "lock 2 blocks at today's school");
}

/* B005 has no school today: its lock keeps nothing, and the run is told so. */
Test(changes, lock_without_a_school_today_warns)
{
    zp_warn_clear();
    apply_ok("changes:\n  - lock: {blocks: [B001, B005, B006]}\n");
    char want[1400];
    snprintf(want, sizeof want,
             "%s:%d: change 1 (lock): 2 of the 3 blocks (B005, ...) have no school today", scenario,
             FIRST + 1);
    int found = 0;
    for (size_t i = 0; i < zp_warn_count(); i++)
        found |= strstr(zp_warn_get(i), want) != NULL;
    cr_assert(found, "no warning '%s'", want);
}

/* ---- refusals ------------------------------------------------------------------------ */

Test(changes, assign_refused)
{
    APPLY_ERROR("changes:\n  - assign: {blocks: [B001, B099], level: primary, school: S003}\n",
                FIRST + 1, "change 1 (assign)", "unknown block id 'B099'", "blocks.shp");
    teardown();
    setup();
    APPLY_ERROR("changes:\n  - assign: {blocks: [B001], level: primary, school: S009}\n", FIRST + 1,
                "change 1 (assign)", "unknown school id 'S009'", "schools.shp");
    teardown();
    setup();
    APPLY_ERROR("changes:\n  - close_school: {id: S003}\n"
                "  - assign: {blocks: [B001], level: junior, school: S003}\n",
                FIRST + 2, "change 2 (assign)", "school S003 (新华九年一贯制学校) was closed");
    teardown();
    setup();
    APPLY_ERROR("changes:\n  - assign: {blocks: [B001], level: primary, school: S002}\n", FIRST + 1,
                "change 1 (assign)", "school S002 (实验初中) is a junior school",
                "no primary level");
    teardown();
    setup();
    APPLY_ERROR("changes:\n  - set_capacity: {id: S003, junior: 0}\n"
                "  - assign: {blocks: [B001], level: junior, school: S003}\n",
                FIRST + 2, "change 2 (assign)", "S003 (新华九年一贯制学校) has no junior places",
                "capacity 0");
}

/* An unknown id in a later list is refused even when the blocks before it are known. */
Test(changes, lock_refused)
{
    APPLY_ERROR("changes:\n  - close_school: {id: S001}\n  - lock: {blocks: [B001, X1]}\n",
                FIRST + 2, "change 2 (lock)", "unknown block id 'X1'");
}

Test(changes, assign_malformed)
{
    PARSE_ERROR("changes:\n  - assign: {blocks: [], level: primary, school: S003}\n", FIRST + 1,
                "change 1 (assign)", "assign.blocks: the list is empty");
    PARSE_ERROR("changes:\n  - assign: {level: primary, school: S003}\n", FIRST + 1,
                "change 1 (assign)", "missing required key 'blocks'");
    PARSE_ERROR("changes:\n  - assign: {blocks: [B001], school: S003}\n", FIRST + 1,
                "change 1 (assign)", "missing required key 'level'");
    PARSE_ERROR("changes:\n  - assign: {blocks: [B001], level: senior, school: S003}\n", FIRST + 1,
                "change 1 (assign)", "assign.level: unknown level 'senior'", "primary or junior");
    PARSE_ERROR("changes:\n  - assign: {blocks: [B001], level: primary}\n", FIRST + 1,
                "change 1 (assign)", "missing required key 'school'");
    PARSE_ERROR("changes:\n  - assign:\n      blocks: [B001]\n      level: primary\n"
                "      id: S003\n",
                FIRST + 4, "change 1 (assign)", "unknown key 'id' in assign");
    PARSE_ERROR("changes:\n  - assign: {blocks: [B001, {id: B2}], level: primary, school: S1}\n",
                FIRST + 1, "change 1 (assign)", "assign.blocks", "found a mapping");
    PARSE_ERROR("changes:\n  - close_school: {id: S001}\n  - assign: B001\n", FIRST + 2,
                "change 2 (assign)", "expected a mapping");
}

Test(changes, lock_malformed)
{
    PARSE_ERROR("changes:\n  - lock: {blocks: []}\n", FIRST + 1, "change 1 (lock)",
                "lock.blocks: the list is empty");
    PARSE_ERROR("changes:\n  - lock: {}\n", FIRST + 1, "change 1 (lock)",
                "missing required key 'blocks'");
    PARSE_ERROR("changes:\n  - lock: {blocks: [B001], school: S001}\n", FIRST + 1,
                "change 1 (lock)", "unknown key 'school' in lock");
}

/* A pin at a level the blocks layer does not count is accepted: it holds no children. */
Test(changes, assign_level_not_counted_accepted)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/p.yaml", top);
    zpt_write(path, "name: x\n"
                    "blocks: {path: b.shp, id: B, children: {primary: P}}\n"
                    "schools: {path: s.shp, id: S, type: T, capacity: {primary: C}}\n"
                    "changes:\n"
                    "  - assign: {blocks: [B1], level: junior, school: S1}\n");
    cr_assert_eq(zp_scenario_load(path, &sc), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(sc->changes[0].kind, ZP_CHANGE_ASSIGN);
    cr_assert_eq(sc->changes[0].level, ZP_JUNIOR);
    cr_assert_str_eq(sc->changes[0].id, "S1");
    cr_assert_str_eq(sc->changes[0].blocks[0], "B1");
    cr_assert_null(sc->changes[0].blocks[1]);
    cr_assert_str_eq(zp_change_kind_name(ZP_CHANGE_ASSIGN), "assign");
    cr_assert_str_eq(zp_change_kind_name(ZP_CHANGE_LOCK), "lock");
}

/* ---- the run: a street of four blocks ------------------------------------------------ */

/* B001..B004 of 200 m in a row (points at x = 100, 300, 500, 700 m); two primary schools at
 * the ends: SA at B001's point with 20 places, SB at B004's with 50. No junior children. */
static const zpt_school street[] = {
    {"SA", "东街小学", "primary", 100, 100, 20, 0, 1, 0},
    {"SB", "西街小学", "primary", 700, 100, 50, 0, 2, 0},
};
static const int no_junior[4] = {0, 0, 0, 0};

static zp_run *run_street_of(const zpt_school *schools2, const int pri[4], const int jun[4],
                             const char **cur, const char *yaml)
{
    zpt_grid g = {.nx = 4, .ny = 1, .schools = schools2, .nschools = 2};
    g.pri = pri;
    g.jun = jun;
    g.cur_pri = cur;
    free(scenario);
    scenario = zpt_write_grid(top, &g, yaml);
    zp_run *run = NULL;
    cr_assert_eq(zp_run_load(scenario, &run), ZP_OK, "%s", zp_error_last());
    cr_assert_eq(zp_run_solve(run), ZP_OK, "%s", zp_error_last());
    return run;
}

static zp_run *run_street(const int pri[4], const char **cur, const char *yaml)
{
    return run_street_of(street, pri, no_junior, cur, yaml);
}

static int64_t enrolment(const zp_run *run, int s)
{
    return run->plan_check.stats[s * ZP_NLEVELS + ZP_PRIMARY].enrolment;
}

static int over_capacity(const zp_run *run, int s, int64_t *children)
{
    for (size_t i = 0; i < run->plan_check.nflags; i++) {
        const zp_flag *f = &run->plan_check.flags[i];
        if (f->kind == ZP_FLAG_OVER_CAPACITY && f->school == s && f->level == ZP_PRIMARY) {
            *children = f->children;
            return 1;
        }
    }
    return 0;
}

/* Children 10, 10, 10, 30. Without a pin: SA takes B001 (0 m) and B002 (200 m), full at 20;
 * SB takes B003 (200 m) and B004 (0 m), 40 of 50. B004 pinned to SA, which has no room:
 * its 30 children take SA's 20 places first and all go there (600 m each), SA 10 over its
 * capacity; B001 and B002, displaced, go to the next school with room, SB (600 m and
 * 400 m), with B003: SB 30 of 50. Every child has a place. */
Test(changes, assign_beyond_capacity_solved_around)
{
    static const int pri[4] = {10, 10, 10, 30};
    static const char *today[4] = {"SA", "SA", "SB", "SB"};
    zp_run *run = run_street(pri, today, NULL);
    const zp_alloc_result *r = &run->plan[ZP_PRIMARY];
    static const int32_t before[4] = {0, 0, 1, 1};
    for (int b = 0; b < 4; b++)
        cr_assert_eq(r->school[b], before[b], "without the pin, B00%d", b + 1);
    cr_assert_eq(r->moved, 0);
    zp_run_free(run);

    run = run_street(pri, today,
                     "changes:\n  - assign: {blocks: [B004], level: primary, school: SA}\n");
    r = &run->plan[ZP_PRIMARY];
    static const int32_t after[4] = {1, 1, 1, 0};
    static const double metres[4] = {600, 400, 200, 600};
    for (int b = 0; b < 4; b++) {
        cr_assert_eq(r->school[b], after[b], "B00%d", b + 1);
        cr_assert_eq(r->placed[b], pri[b], "B00%d", b + 1);
        cr_assert_eq(r->unplaced[b], 0, "B00%d", b + 1);
        cr_assert_float_eq(r->dist_m[b], metres[b], 1e-6, "B00%d: %f", b + 1, r->dist_m[b]);
    }
    cr_assert_eq(r->shortfall, 0);
    cr_assert_eq(enrolment(run, 0), 30);
    cr_assert_eq(enrolment(run, 1), 30);
    int64_t over = 0;
    cr_assert(over_capacity(run, 0, &over), "SA is over its capacity");
    cr_assert_eq(over, 10);
    cr_assert_not(over_capacity(run, 1, &over));
    /* moves against today's schools: B004 (30, pinned away from SB), B001 and B002 (20) */
    cr_assert_eq(r->moved, 50);
    cr_assert_eq(r->locked, 0, "a pin is not a lock of today's school");
    cr_assert_float_eq(r->distance, 30 * 600 + 10 * 600 + 10 * 400 + 10 * 200, 1e-6);
    zp_run_free(run);
}

/* Children 10 each, B004 pinned to SA (20 places), contiguity on and the exact finish: the
 * pin takes 10 of SA's places, the other 10 go to B001 (0 m; B002 there would cost 200 m
 * and B001 at SB 600 m: 800 against 0 + 400), B002 and B003 to SB. SA's catchment is then
 * B001 and B004 apart, and neither repair nor the exact finish may move the pinned block. */
Test(changes, assign_holds_through_contiguity_and_exact)
{
    static const int pri[4] = {10, 10, 10, 10};
    zp_run *run = run_street(pri, NULL,
                             "policy: {exact_seconds: 30}\n"
                             "changes:\n  - assign: {blocks: [B004], level: primary, "
                             "school: SA}\n");
    const zp_alloc_result *r = &run->plan[ZP_PRIMARY];
    cr_assert(run->contig_on);
    cr_assert(run->has_exact[ZP_PRIMARY]);
    static const int32_t want[4] = {0, 1, 1, 0};
    static const double metres[4] = {0, 400, 200, 600};
    for (int b = 0; b < 4; b++) {
        cr_assert_eq(r->school[b], want[b], "B00%d", b + 1);
        cr_assert_eq(r->placed[b], 10, "B00%d", b + 1);
        cr_assert_float_eq(r->dist_m[b], metres[b], 1e-6, "B00%d", b + 1);
    }
    cr_assert_eq(enrolment(run, 0), 20);
    cr_assert_eq(enrolment(run, 1), 20);
    cr_assert_float_eq(r->objective, 10 * (0 + 400 + 200 + 600), 1e-6);
    /* B004 is SA's piece apart, kept there by its pin */
    cr_assert_eq(run->contig[ZP_PRIMARY].nleft, 1);
    cr_assert_eq(run->contig[ZP_PRIMARY].left[0].first_block, 3);
    cr_assert_eq(run->contig[ZP_PRIMARY].left[0].reason, ZP_PIECE_LOCKED);
    zp_run_free(run);
}

/* B004 is at SA today (far) and locked by a change: it stays there, although SB is at its
 * door; without the lock it goes to SB. */
Test(changes, lock_keeps_todays_school_in_the_run)
{
    static const int pri[4] = {10, 10, 10, 10};
    static const char *today[4] = {NULL, NULL, NULL, "SA"};
    zp_run *run = run_street(pri, today, NULL);
    cr_assert_eq(run->plan[ZP_PRIMARY].school[3], 1, "without the lock B004 goes to SB");
    zp_run_free(run);
    run = run_street(pri, today, "changes:\n  - lock: {blocks: [B004]}\n");
    const zp_alloc_result *r = &run->plan[ZP_PRIMARY];
    cr_assert_eq(r->school[3], 0);
    cr_assert_eq(r->placed[3], 10);
    cr_assert_float_eq(r->dist_m[3], 600, 1e-6);
    cr_assert_eq(r->locked, 10);
    cr_assert_eq(r->moved, 0);
    zp_run_free(run);
}

/* The last assign wins in the run too: B003 and B004 to SA, then B004 back to SB. */
Test(changes, assign_last_one_wins_in_the_run)
{
    static const int pri[4] = {10, 10, 10, 10};
    zp_run *run = run_street(pri, NULL,
                             "changes:\n"
                             "  - assign: {blocks: [B003, B004], level: primary, school: SA}\n"
                             "  - assign: {blocks: [B004], level: primary, school: SB}\n");
    const zp_alloc_result *r = &run->plan[ZP_PRIMARY];
    cr_assert_eq(r->school[2], 0, "B003 pinned to SA");
    cr_assert_eq(r->school[3], 1, "B004 repainted to SB");
    zp_run_free(run);
}

/* A pin to a school the run gives no places (its capacity set to 0 by a later change) cannot
 * hold: the block goes elsewhere and a warning names block, school and level. */
Test(changes, assign_to_no_places_warns)
{
    static const int pri[4] = {10, 10, 10, 10};
    zp_warn_clear();
    zp_run *run = run_street(pri, NULL,
                             "changes:\n"
                             "  - assign: {blocks: [B001], level: primary, school: SA}\n"
                             "  - set_capacity: {id: SA, primary: 0}\n");
    cr_assert_eq(run->plan[ZP_PRIMARY].school[0], 1);
    int found = 0;
    for (size_t i = 0; i < zp_warn_count(); i++)
        found |= strstr(zp_warn_get(i), "assign: block B001 is assigned to SA (东街小学) at "
                                        "primary, but the run gives that school no primary "
                                        "places") != NULL;
    cr_assert(found, "no warning about B001's pin");
    zp_run_free(run);
}

/* assignment.csv gives a pinned block's real distance to its school. */
Test(changes, assign_distance_in_assignment_csv)
{
    static const int pri[4] = {10, 10, 10, 30};
    zp_run *run = run_street(
        pri, NULL, "changes:\n  - assign: {blocks: [B004], level: primary, school: SA}\n");
    char dir[1200];
    snprintf(dir, sizeof dir, "%s/csv", top);
    cr_assert_eq(mkdir(dir, 0755), 0);
    cr_assert_eq(zp_out_assignment_csv(run, dir), ZP_OK, "%s", zp_error_last());
    char path[1300];
    snprintf(path, sizeof path, "%s/assignment.csv", dir);
    char *text = zpt_slurp(path, NULL);
    cr_assert(strstr(text, "\nB004,幸福小区4号,primary,SA,30,600.0\n"), "%s", text);
    free(text);
    zp_run_free(run);
}

/* Feeder zones (junior by whole primary catchments) do not honour pins, as they do not honour
 * locks: the warning counts the pinned children. Both schools nine-year: B003 and B004 are in
 * SB's primary catchment, so their junior children go to SB's junior section, B004's against
 * its pin to SA. */
Test(changes, assign_not_honoured_by_feeder_zones)
{
    static const zpt_school nine[] = {
        {"SA", "东街学校", "nine_year", 100, 100, 20, 20, 1, 1},
        {"SB", "西街学校", "nine_year", 700, 100, 50, 50, 2, 2},
    };
    static const int pri[4] = {10, 10, 10, 10}, jun[4] = {5, 5, 5, 5};
    zp_warn_clear();
    zp_run *run = run_street_of(nine, pri, jun, NULL,
                                "policy: {feeder: true}\n"
                                "changes:\n  - assign: {blocks: [B004], level: junior, "
                                "school: SA}\n");
    cr_assert_eq(run->plan[ZP_PRIMARY].school[3], 1);
    cr_assert_eq(run->plan[ZP_JUNIOR].school[3], 1, "the feeder zone, not the pin");
    int found = 0;
    for (size_t i = 0; i < zp_warn_count(); i++)
        found |= strstr(zp_warn_get(i), "feeder: locks do not bind feeder zones: 5 of the 5 "
                                        "junior children") != NULL;
    cr_assert(found, "no feeder warning counting the pinned block");
    zp_run_free(run);
}
