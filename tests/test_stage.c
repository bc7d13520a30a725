/* A user's files are sacred: output folders through the CLI (zoneplan/stage.h).
 *
 * An output folder that is, or holds, a file the command reads is refused before anything
 * is solved (exit 2, both paths named), however the path is spelled; the inputs stay byte
 * for byte. A folder is replaced whole, never mixed: zoneplan's own files go, the planner's
 * own files are carried over, a folder of anyone else's is refused. Staging folders of
 * killed runs are cleaned up by the next run. A full disk while publishing is an exit 2 that
 * names the file, not a crash. (The fault walks of the test build check every failing write
 * and a kill at every write: tests/fault_walk.c.) */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/sys.h"
#include "fixture.h"
#include "support.h"

static char *top;       /* temp folder of one test */
static char data[1100]; /* top/d: the district's layers and scenario.yaml */
static char *scenario;
static char *output; /* stdout and stderr of the last command */

static const zpt_school two_schools[] = {
    {"A", "城关小学", "primary", 100, 100, 100, 0, 1, 0},
    {"B", "东湖九年一贯制学校", "nine_year", 500, 300, 100, 100, 2, 2},
};

static void setup(void)
{
    top = zpt_tmpdir();
    cr_assert_not_null(top);
    snprintf(data, sizeof data, "%s/d", top);
    cr_assert_eq(mkdir(data, 0755), 0);
    zpt_grid g = {.nx = 3, .ny = 2, .schools = two_schools, .nschools = 2};
    scenario = zpt_write_grid(data, &g, NULL);
}

static void teardown(void)
{
    zpt_rmtree(top);
    free(top);
    free(scenario);
    free(output);
    top = scenario = output = NULL;
}

/* top/REL, a few live at once. */
static const char *at(const char *rel)
{
    static char buf[8][1300];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", top, rel);
    return buf[k];
}

/* `cd top && zoneplan ARGS`; the exit code, output kept. */
static int zp(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s %s", top, ZP_CLI, args);
    free(output);
    output = NULL;
    return zpt_run(cmd, &output);
}

static void says(const char *needle)
{
    cr_assert(strstr(output, needle), "output lacks '%s':\n%s", needle, output);
}

/* Every file under a folder with its bytes, sorted: a fingerprint to compare. */
static char *fingerprint(const char *dir)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "cd '%s' 2>/dev/null && find . -type f -print0 | sort -z | xargs -0 -r sha256sum",
             dir);
    char *out = NULL;
    zpt_run(cmd, &out);
    return out;
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Nothing named *.zoneplan-stage-* in the folder. */
static int staging_left(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;
    while (d && (e = readdir(d)))
        found |= strstr(e->d_name, ".zoneplan-stage-") != NULL;
    if (d)
        closedir(d);
    return found;
}

/* `zoneplan ARGS` must be refused: exit 2, the message names `what`, the inputs unchanged,
 * nothing solved (no run line on stdout). */
static void refused(const char *args, const char *what)
{
    char *before = fingerprint(data);
    cr_assert_eq(zp(args), 2, "zoneplan %s: expected exit 2:\n%s", args, output);
    says("which this command reads");
    says(what);
    cr_assert(!strstr(output, "objective"), "solved before refusing:\n%s", output);
    char *after = fingerprint(data);
    cr_assert_str_eq(before, after, "an input changed");
    free(before);
    free(after);
}

/* ---- 1. an output folder that is, or holds, an input ---------------------------------- */

Test(stage, out_is_the_data_folder, .init = setup, .fini = teardown)
{
    refused("run d/scenario.yaml --no-publish --out d", "d/scenario.yaml");
    refused("run d/scenario.yaml --no-publish --out ./d", "scenario.yaml");
    refused("run d/scenario.yaml --no-publish --out d/../d/", "scenario.yaml");
    cr_assert_eq(symlink("d", at("link")), 0);
    refused("run d/scenario.yaml --no-publish --out link", "scenario.yaml");
    /* the scenario's own output.dir, as in the issue: output: {dir: .} beside the layers */
    char *text = zpt_slurp(scenario, NULL);
    char *o = strstr(text, "output: {dir: out}");
    cr_assert_not_null(o);
    memcpy(o, "output: {dir: .  }", 18);
    zpt_write(scenario, text);
    free(text);
    refused("run d/scenario.yaml --no-publish", "d/scenario.yaml");
    text = zpt_slurp(scenario, NULL);
    char *sited = NULL;
    cr_assert_gt(asprintf(&sited,
                          "%ssiting:\n  candidates: {grid: {spacing_m: 200}}\n"
                          "  designs: [{type: primary, classes: 2}]\n  open: 1\n",
                          text),
                 0);
    zpt_write(scenario, sited);
    free(sited);
    free(text);
    refused("site d/scenario.yaml --out d", "d/scenario.yaml");
}

Test(stage, out_holds_the_data_folder, .init = setup, .fini = teardown)
{
    refused("run d/scenario.yaml --no-publish --out .", "holds");
    refused("run d/scenario.yaml --no-publish --out ..", "holds");
}

/* Layers in one folder, the scenario in another: the layers' folder is refused too, and so
 * are a within: layer's and a base: scenario's folders. */
Test(stage, out_is_a_layers_folder, .init = setup, .fini = teardown)
{
    cr_assert_eq(mkdir(at("sc"), 0755), 0);
    char *text = zpt_slurp(scenario, NULL);
    char *fixed = NULL;
    /* paths in the fixture's scenario are relative to d/: make them relative to sc/ */
    cr_assert_gt(asprintf(&fixed, "%s", text), 0);
    for (size_t from = 0; strstr(fixed + from, "path: ");) {
        char *p = strstr(fixed + from, "path: "), *edited = NULL;
        cr_assert_gt(asprintf(&edited, "%.*spath: ../d/%s", (int)(p - fixed), fixed, p + 6), 0);
        from = (size_t)(p - fixed) + 6;
        free(fixed);
        fixed = edited;
    }
    char *path = NULL;
    cr_assert_gt(asprintf(&path, "%s/sc/s.yaml", top), 0);
    zpt_write(path, fixed);
    refused("run sc/s.yaml --no-publish --out d", "d/blocks.");
    /* a base: scenario in the output folder */
    zpt_write(at("based.yaml"), "base: sc/s.yaml\nname: on top\n");
    refused("run based.yaml --no-publish --out sc", "sc/s.yaml");
    /* a within: layer in the output folder */
    cr_assert_eq(mkdir(at("zones"), 0755), 0);
    zpt_grid z = {.nx = 1, .ny = 1, .side = 700, .schools = two_schools, .nschools = 1};
    free(zpt_write_grid(at("zones"), &z, NULL));
    char *within = NULL;
    cr_assert_gt(
        asprintf(&within,
                 "%schanges:\n  - scale_children: {factor: 2, within: ../zones/blocks.shp}\n",
                 fixed),
        0);
    zpt_write(path, within);
    refused("run sc/s.yaml --no-publish --out zones", "zones/blocks.");
    free(within);
    free(path);
    free(fixed);
    free(text);
}

/* --stats naming an input: refused before solving, the input intact. */
Test(stage, stats_file_is_an_input, .init = setup, .fini = teardown)
{
    refused("run d/scenario.yaml --no-publish --out o --stats d/blocks.dbf", "blocks.dbf");
    cr_assert(!exists(at("o")), "the output folder was made");
}

/* diff and publish: their run folders are their inputs. */
Test(stage, diff_and_publish_outputs, .init = setup, .fini = teardown)
{
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out a"), 0, "%s", output);
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out b"), 0, "%s", output);
    char *a = fingerprint(at("a"));
    cr_assert_eq(zp("diff a b --out a"), 2, "%s", output);
    says("which this command reads");
    cr_assert_eq(zp("diff a b --out ."), 2, "%s", output);
    says("holds");
    char *a2 = fingerprint(at("a"));
    cr_assert_str_eq(a, a2, "run folder a changed");
    /* a diff inside a run folder reads nothing there it writes: allowed; the run folder is
     * then not zoneplan's alone to replace: the diff is kept, the run refused */
    cr_assert_eq(zp("diff a b --out a/diff"), 0, "%s", output);
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out a"), 2, "%s", output);
    says("diff/ (a zoneplan diff folder)");
    cr_assert(exists(at("a/diff/diff.md")), "the diff inside the run folder was removed");
    /* publish/ as a link to the run folder itself */
    cr_assert_eq(symlink(".", at("b/publish")), 0);
    cr_assert_eq(zp("publish b --formats geojson"), 2, "%s", output);
    says("which this command reads");
    free(a);
    free(a2);
}

/* ---- 2. replaced whole: the planner's files kept, anyone else's folders refused -------- */

Test(stage, planners_files_carried_over, .init = setup, .fini = teardown)
{
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o"), 0, "%s", output);
    zpt_write(at("o/notes.txt"), "the planner's own notes");
    cr_assert_eq(zp("run d/scenario.yaml --out o"), 0, "%s", output);
    char *notes = zpt_slurp(at("o/notes.txt"), NULL);
    cr_assert_not_null(notes, "notes.txt lost");
    cr_assert_str_eq(notes, "the planner's own notes");
    free(notes);
    cr_assert(exists(at("o/publish/map.html")));
    /* the manifest lists zoneplan's files only */
    char *manifest = zpt_slurp(at("o/.zoneplan"), NULL);
    cr_assert_not_null(manifest);
    cr_assert(!strncmp(manifest, "zoneplan run\n", 13), "%s", manifest);
    cr_assert(strstr(manifest, "\nsummary.json\n") && strstr(manifest, "\npublish/\n"), "%s",
              manifest);
    cr_assert(!strstr(manifest, "notes.txt"), "%s", manifest);
    free(manifest);
    /* --no-publish now: the old maps go with the old run, not left beside the new one */
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o"), 0, "%s", output);
    cr_assert(!exists(at("o/publish")), "maps of the previous run left in the folder");
    cr_assert(exists(at("o/notes.txt")));
    /* a note among the maps, and a run without maps: the note stays, in a publish/ of its own,
     * which is the planner's from then on */
    cr_assert_eq(zp("run d/scenario.yaml --out o"), 0, "%s", output);
    zpt_write(at("o/publish/to-print.txt"), "pages 3 to 5");
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o"), 0, "%s", output);
    cr_assert(exists(at("o/publish/to-print.txt")));
    cr_assert(!exists(at("o/publish/map.html")), "maps of the previous run left in the folder");
    cr_assert_eq(zp("run d/scenario.yaml --out o"), 2, "%s", output);
    says("publish/");
    cr_assert(!staging_left(top));
}

/* --stats and --export-instance write beside the output folder, never into it: there they
 * would replace one of the run's files, or be taken for the planner's. */
Test(stage, single_files_outside_the_folder, .init = setup, .fini = teardown)
{
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o"), 0, "%s", output);
    char *before = fingerprint(at("o"));
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o --stats o/summary.json"), 2, "%s",
                 output);
    says("would go into the output folder");
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o --stats ./o/../o/stats.json"), 2,
                 "%s", output);
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o --export-instance o/inst"), 2, "%s",
                 output);
    cr_assert(!strstr(output, "objective"), "solved before refusing:\n%s", output);
    char *after = fingerprint(at("o"));
    cr_assert_str_eq(before, after, "the run folder changed");
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o --stats stats.json"), 0, "%s",
                 output);
    cr_assert(exists(at("stats.json")));
    cr_assert(!staging_left(top));
    free(before);
    free(after);
}

/* Publishing some formats keeps the others' files from before, but only those zoneplan
 * wrote: a planner's minutes.pdf stays the planner's (never listed in the manifest, so
 * never removed with an old folder). */
Test(stage, publish_keeps_planners_files_as_theirs, .init = setup, .fini = teardown)
{
    cr_assert_eq(zp("run d/scenario.yaml --out o"), 0, "%s", output);
    zpt_write(at("o/publish/minutes.pdf"), "the planner's minutes");
    cr_assert_eq(zp("publish o --formats geojson"), 0, "%s", output);
    char *manifest = zpt_slurp(at("o/publish/.zoneplan"), NULL);
    cr_assert_not_null(manifest);
    cr_assert(!strstr(manifest, "minutes.pdf"), "a planner's file listed as zoneplan's:\n%s",
              manifest);
    cr_assert(strstr(manifest, "\nbooklet.pdf\n"), "the booklet not kept:\n%s", manifest);
    free(manifest);
    cr_assert_eq(zp("publish o"), 0, "%s", output);
    char *minutes = zpt_slurp(at("o/publish/minutes.pdf"), NULL);
    cr_assert_not_null(minutes, "minutes.pdf lost");
    cr_assert_str_eq(minutes, "the planner's minutes");
    free(minutes);
}

/* A staging folder inside the output folder that a live zoneplan holds (publish writing
 * into the run folder about to be replaced): refused, not removed under it. */
Test(stage, live_staging_inside_refused, .init = setup, .fini = teardown)
{
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o"), 0, "%s", output);
    const char *stage = at("o/.publish.zoneplan-stage-1-abcdef");
    cr_assert_eq(mkdir(stage, 0755), 0);
    int fd = open(stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    cr_assert(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0);
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o"), 2, "%s", output);
    says("another zoneplan is writing inside it now");
    cr_assert(!strstr(output, "objective"), "solved before refusing:\n%s", output);
    cr_assert(exists(stage), "a live staging folder was removed");
    close(fd); /* its process gone: removed with the old folder */
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o"), 0, "%s", output);
    cr_assert(!exists(stage));
}

Test(stage, foreign_folders_refused, .init = setup, .fini = teardown)
{
    cr_assert_eq(mkdir(at("home"), 0755), 0);
    cr_assert_eq(mkdir(at("home/photos"), 0755), 0);
    zpt_write(at("home/photos/a.jpg"), "a photo");
    char *before = fingerprint(at("home"));
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out home"), 2, "%s", output);
    says("photos/");
    says("zoneplan did not write");
    cr_assert(!strstr(output, "objective"), "solved before refusing:\n%s", output);
    char *after = fingerprint(at("home"));
    cr_assert_str_eq(before, after);
    /* a diff folder is not a run folder */
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out a"), 0, "%s", output);
    cr_assert_eq(zp("diff a a --out dd"), 0, "%s", output);
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out dd"), 2, "%s", output);
    says("a zoneplan diff folder");
    cr_assert(!staging_left(top));
    free(before);
    free(after);
}

/* The output folder holding the current folder would pull the floor from under the shell. */
Test(stage, current_folder_inside_out, .init = setup, .fini = teardown)
{
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o"), 0, "%s", output);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s/o' && %s run ../d/scenario.yaml --no-publish --out .", top,
             ZP_CLI);
    free(output);
    cr_assert_eq(zpt_run(cmd, &output), 2, "%s", output);
    says("current folder");
}

/* A run folder an earlier version wrote (no manifest, a staging folder left inside it) is
 * recognised by its names and replaced. */
Test(stage, earlier_versions_folder, .init = setup, .fini = teardown)
{
    cr_assert_eq(zp("run d/scenario.yaml --out o"), 0, "%s", output);
    cr_assert_eq(unlink(at("o/.zoneplan")), 0);
    cr_assert_eq(unlink(at("o/publish/.zoneplan")), 0);
    cr_assert_eq(mkdir(at("o/.zoneplan-staging-Ab12Cd"), 0755), 0);
    zpt_write(at("o/.zoneplan-staging-Ab12Cd/blocks.dbf"), "half");
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o"), 0, "%s", output);
    cr_assert(!exists(at("o/.zoneplan-staging-Ab12Cd")));
    cr_assert(exists(at("o/.zoneplan")));
}

/* ---- 6. staging folders of killed runs --------------------------------------------------- */

Test(stage, stale_staging_removed, .init = setup, .fini = teardown)
{
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o"), 0, "%s", output);
    /* a killed run's: its process is gone, so its lock is free */
    cr_assert_eq(mkdir(at(".o.zoneplan-stage-999999-AbCdEf"), 0755), 0);
    zpt_write(at(".o.zoneplan-stage-999999-AbCdEf/summary.json"), "{");
    /* a live run's: locked */
    cr_assert_eq(mkdir(at(".o.zoneplan-stage-1-LiveOn"), 0755), 0);
    int fd = open(at(".o.zoneplan-stage-1-LiveOn"), O_RDONLY | O_DIRECTORY);
    cr_assert_geq(fd, 0);
    cr_assert_eq(flock(fd, LOCK_EX | LOCK_NB), 0);
    /* made and not yet locked, by a live process (this one) and by one that is gone */
    char live[64], gone[64];
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    waitpid(child, NULL, 0);
    snprintf(live, sizeof live, ".o.zoneplan-pending-%ld-AbCdEf", (long)getpid());
    snprintf(gone, sizeof gone, ".o.zoneplan-pending-%ld-AbCdEf", (long)child);
    cr_assert_eq(mkdir(at(live), 0755), 0);
    cr_assert_eq(mkdir(at(gone), 0755), 0);
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && env -u ZP_QUIET %s run d/scenario.yaml --no-publish --out o", top, ZP_CLI);
    free(output);
    cr_assert_eq(zpt_run(cmd, &output), 0, "%s", output);
    says("removed a staging folder left by an interrupted zoneplan");
    cr_assert(!exists(at(".o.zoneplan-stage-999999-AbCdEf")), "stale staging folder kept");
    cr_assert(exists(at(".o.zoneplan-stage-1-LiveOn")), "a live run's staging folder removed");
    cr_assert(exists(at(live)), "a live run's folder, not yet locked, removed");
    cr_assert(!exists(at(gone)), "a dead run's unlocked folder kept");
    close(fd);
    rmdir(at(live));
    /* the old outputs of a two-rename swap cut short, with no output folder: put back */
    cr_assert_eq(rename(at("o"), at(".o.zoneplan-stage-999998-XyZxYz-old")), 0);
    cr_assert_eq(zp("run d/scenario.yaml --no-publish --out o2"), 0, "%s", output);
    cr_assert(exists(at("o/summary.json")), "the previous outputs were not put back");
}

/* ---- 3. a full disk while publishing ------------------------------------------------------ */

/* A real full disk: a 3 MiB tmpfs (needs root to mount; skipped otherwise). The sample run's
 * maps do not fit: exit 2 naming the file, no crash, nothing half-written left, the previous
 * run intact. */
Test(stage, disk_full_while_publishing, .init = setup, .fini = teardown)
{
    cr_assert_eq(mkdir(at("small"), 0755), 0);
    if (mount("tmpfs", at("small"), "tmpfs", 0, "size=3m") != 0)
        cr_skip_test("cannot mount a small tmpfs here (not root)");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s run d/scenario.yaml --no-publish --out small/o", top,
             ZP_CLI);
    int first = zpt_run(cmd, NULL);
    char *before = fingerprint(at("small/o"));
    snprintf(cmd, sizeof cmd, "%s run '%s/scenarios/sample-baseline.yaml' --out '%s'", ZP_CLI,
             ZP_SOURCE_DIR, at("small/o"));
    free(output);
    int code = zpt_run(cmd, &output);
    char *after = fingerprint(at("small/o"));
    int left = staging_left(at("small"));
    umount(at("small"));
    cr_assert_eq(first, 0);
    cr_assert_eq(code, 2, "expected exit 2 on a full disk:\n%s", output);
    says("No space left on device");
    says("small/o/"); /* the file that could not be written, where it was to go */
    cr_assert(!strstr(output, "zoneplan-stage"), "the message names the staging folder:\n%s",
              output);
    cr_assert_str_eq(before, after, "the previous run was changed");
    cr_assert(!left, "a staging folder was left on the full disk");
    free(before);
    free(after);
}

/* A failing write under stdio (zp_sys_fopen's cookie) is an error, never a miscount: the
 * cookie once returned -1, which glibc counts as bytes taken, and a write fault on flags.csv
 * then read past the end of the data being written (ASan: SEGV in memmove). /dev/full fails
 * every write with ENOSPC; a write of several stdio buffers must come short with the error
 * flag set, reading nothing outside the buffer. */
Test(stage, stdio_write_to_a_full_device_fails_cleanly)
{
    FILE *fp = zp_sys_fopen("/dev/full");
    if (!fp)
        cr_skip_test("cannot open /dev/full here");
    size_t n = (size_t)5 << 20; /* five times the stream's 1 MiB buffer */
    char *buf = malloc(n);
    cr_assert_not_null(buf);
    memset(buf, 'x', n);
    size_t put = fwrite(buf, 1, n, fp);
    cr_assert_lt(put, n, "fwrite took %zu of %zu bytes on a full device", put, n);
    cr_assert(ferror(fp), "no error flag after failed writes"); /* what zp_out_close asks */
    fclose(fp);
    free(buf);
}

/* Runs writing beside each other at once (a batch of scenarios into out/a, out/b, ...): each
 * one's cleaning of stale staging folders must leave the others' alone. */
Test(stage, runs_side_by_side, .init = setup, .fini = teardown)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && for i in 1 2 3 4 5 6; do "
             "for o in a b c; do %s run d/scenario.yaml --no-publish --out out/$o >/dev/null "
             "2>err-$o.txt & done; wait; done; "
             "for o in a b c; do test -f out/$o/summary.json || exit 1; done; "
             "cat err-*.txt; ls -a out | grep zoneplan- && exit 1; exit 0",
             top, ZP_CLI);
    free(output);
    cr_assert_eq(zpt_run(cmd, &output), 0, "%s", output);
    cr_assert(!strstr(output, "zoneplan:"), "a run failed:\n%s", output);
}
