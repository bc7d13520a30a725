/* The command line's exit codes, one table for every command (README): 0 the command
 * finished, 1 usage (an unknown option, a wrong number of arguments, an option value the option
 * does not take, no output folder given), 2 bad input or an output folder that cannot be
 * written, 3 internal failure. For each command: --help, an unknown option, too few and too
 * many arguments, a missing input and a malformed one; then numeric options read strictly.
 * Every case fails early, so nothing here solves or draws. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "support.h"

static char *dir;      /* temp folder of one test */
static char *scenario; /* dir/scenario.yaml: a valid 2 x 2 district with a siting: section */
static char run_dir[1200], bad_yaml[1200], bad_run[1200];

static const zpt_school schools[] = {
    {"S1", "城关九年一贯制学校", "nine_year", 100, 100, 100, 50, 3, 1}};

/* A valid scenario (with siting:), a malformed one (YAML syntax), a folder that is no run
 * (summary.json not JSON, no blocks.shp), and a run folder that does not exist. */
static void setup(void)
{
    dir = zpt_tmpdir();
    cr_assert_not_null(dir);
    zpt_grid g = {.nx = 2, .ny = 2, .schools = schools, .nschools = 1};
    scenario = zpt_write_grid(dir, &g,
                              "siting:\n"
                              "  candidates: {path: schools.shp, id: SCHOOL_ID}\n"
                              "  designs: [{type: primary, classes: 2}]\n"
                              "  open: 1\n");
    snprintf(bad_yaml, sizeof bad_yaml, "%s/bad.yaml", dir);
    zpt_write(bad_yaml, "name: x\nblocks: {path: [\n");
    snprintf(bad_run, sizeof bad_run, "%s/bad-run", dir);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", bad_run);
    cr_assert_eq(zpt_run(cmd, NULL), 0);
    snprintf(cmd, sizeof cmd, "%s/summary.json", bad_run);
    zpt_write(cmd, "{ not json");
    snprintf(run_dir, sizeof run_dir, "%s/no-such-run", dir);
}

static void teardown(void)
{
    zpt_rmtree(dir);
    free(dir);
    free(scenario);
}

TestSuite(cli, .init = setup, .fini = teardown);

/* `zoneplan ARGS` (ARGS a format over the fixture's paths) from inside dir: its exit code, and
 * every needle in its output (stdout and stderr). */
static void expect(int code, const char *needle, const char *args)
{
    char cmd[8000], *out = NULL;
    snprintf(cmd, sizeof cmd, "cd '%s' && timeout 60 %s %s", dir, ZP_CLI, args);
    int rc = zpt_run(cmd, &out);
    cr_expect_eq(rc, code, "zoneplan %s: exit %d, expected %d:\n%s", args, rc, code, out);
    cr_expect(!needle || strstr(out, needle), "zoneplan %s: the output lacks '%s':\n%s", args,
              needle, out);
    free(out);
}

/* One command's table: its name, and the arguments of each case (NULL: not applicable). */
typedef struct command_cases {
    const char *name;
    const char *good;     /* valid positional arguments */
    const char *few;      /* too few */
    const char *many;     /* too many */
    const char *missing;  /* an input that does not exist */
    const char *bad;      /* a malformed input */
    const char *says_bad; /* what the message of the malformed one names */
} command_cases;

static void check_command(const command_cases *c)
{
    char args[6000], help[64];
    snprintf(args, sizeof args, "%s --help", c->name);
    snprintf(help, sizeof help, "usage: zoneplan %s", c->name);
    expect(0, help, args);
    snprintf(args, sizeof args, "%s --no-such-option %s", c->name, c->good);
    expect(1, "unknown option", args);
    if (c->few) {
        snprintf(args, sizeof args, "%s %s", c->name, c->few);
        expect(1, help, args);
    }
    snprintf(args, sizeof args, "%s %s", c->name, c->many);
    expect(1, help, args);
    snprintf(args, sizeof args, "%s %s", c->name, c->missing);
    expect(2, "zoneplan: ", args);
    snprintf(args, sizeof args, "%s %s", c->name, c->bad);
    expect(2, c->says_bad, args);
}

/* run, check and site: one scenario file, and opts (--out ...) wherever they apply. */
static void scenario_command(const char *name, const char *opts)
{
    char a[4][1400];
    snprintf(a[0], sizeof a[0], "'%s' %s", scenario, opts);
    snprintf(a[1], sizeof a[1], "'%s' '%s'", scenario, scenario);
    snprintf(a[2], sizeof a[2], "'%s/no.yaml' %s", dir, opts);
    snprintf(a[3], sizeof a[3], "'%s' %s", bad_yaml, opts);
    command_cases c = {name, a[0], opts, a[1], a[2], a[3], "bad.yaml:3:"};
    check_command(&c);
}

Test(cli, run)
{
    scenario_command("run", "--out out --no-publish");
}

Test(cli, check)
{
    scenario_command("check", "");
}

Test(cli, site)
{
    scenario_command("site", "--out out");
}

Test(cli, diff)
{
    char a[5][4000];
    snprintf(a[0], sizeof a[0], "'%s' '%s'", run_dir, run_dir);
    snprintf(a[1], sizeof a[1], "'%s'", run_dir);
    snprintf(a[2], sizeof a[2], "'%s' '%s' '%s'", run_dir, run_dir, run_dir);
    snprintf(a[3], sizeof a[3], "'%s' '%s' --out d", run_dir, run_dir);
    snprintf(a[4], sizeof a[4], "'%s' '%s' --out d", bad_run, bad_run);
    command_cases c = {"diff", a[0], a[1], a[2], a[3], a[4], "bad-run/"};
    check_command(&c);
}

Test(cli, publish)
{
    char a[4][4000];
    snprintf(a[0], sizeof a[0], "'%s'", run_dir);
    snprintf(a[1], sizeof a[1], "'%s' '%s'", run_dir, run_dir);
    snprintf(a[2], sizeof a[2], "'%s'", run_dir);
    snprintf(a[3], sizeof a[3], "'%s'", bad_run);
    command_cases c = {"publish", a[0], "", a[1], a[2], a[3], "bad-run/"};
    check_command(&c);
}

/* gen reads no input file: its "missing input" is an output folder that cannot be made (a
 * path through a regular file), its "malformed input" an EPSG code PROJ does not know. */
Test(cli, gen)
{
    char a[2][1400];
    snprintf(a[0], sizeof a[0], "--out '%s/scenario.yaml/sub' --blocks 20 --schools 1", dir);
    snprintf(a[1], sizeof a[1], "--out '%s/g' --blocks 20 --schools 1 --epsg 999999", dir);
    command_cases c = {"gen", "--blocks 20", NULL, "extra", a[0], a[1], "999999"};
    check_command(&c);
}

/* --quiet is taken by every command and silences the progress lines (stderr), and run's help
 * names every file a run writes. */
Test(cli, quiet_everywhere)
{
    static const char *cases[] = {
        "gen --quiet --out g --blocks 20 --schools 1",
        "check scenario.yaml --quiet",
        "run scenario.yaml --quiet --out q --no-publish",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char cmd[1400], *out = NULL;
        /* stderr alone (zpt_run takes the subshell's stdout and stderr); ZP_QUIET unset, so
         * it is --quiet that silences */
        snprintf(cmd, sizeof cmd, "cd '%s' && (env -u ZP_QUIET timeout 60 %s %s 2>&1 >/dev/null)",
                 dir, ZP_CLI, cases[i]);
        int rc = zpt_run(cmd, &out);
        cr_expect_eq(rc, 0, "zoneplan %s: exit %d:\n%s", cases[i], rc, out);
        cr_expect(!strstr(out, "zoneplan: "), "zoneplan %s printed progress:\n%s", cases[i], out);
        free(out);
    }
    static const char *files[] = {"catchments.shp", "blocks.shp", "schools.shp",  "assignment.csv",
                                  "schools.csv",    "flags.csv",  "summary.json", "report.md"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        expect(0, files[i], "run --help");
}

/* Publishing says how far it is (pages drawn of pages to draw, each tenth), and ends at all
 * of them; --quiet silences it. */
Test(cli, publish_progress)
{
    char cmd[1400], *out = NULL;
    snprintf(
        cmd, sizeof cmd,
        "cd '%s' && (env -u ZP_QUIET timeout 120 %s run scenario.yaml --out p 2>&1 >/dev/null)",
        dir, ZP_CLI);
    cr_assert_eq(zpt_run(cmd, &out), 0, "%s", out);
    int most = 0, total = 0, lines = 0; /* threads may print the tenths out of order */
    for (const char *h = out; (h = strstr(h, "zoneplan: publishing: ")); h++) {
        int a = 0, b = 0;
        cr_assert_eq(sscanf(h, "zoneplan: publishing: %d of %d pages", &a, &b), 2, "%s", h);
        most = a > most ? a : most;
        total = b;
        lines++;
    }
    cr_expect(lines >= 2 && most == total && total > 2, "%d progress lines, up to %d of %d:\n%s",
              lines, most, total, out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && (env -u ZP_QUIET timeout 120 %s run scenario.yaml --out q --quiet 2>&1 "
             ">/dev/null)",
             dir, ZP_CLI);
    cr_assert_eq(zpt_run(cmd, &out), 0, "%s", out);
    cr_expect(!strstr(out, "publishing:"), "--quiet still shows progress:\n%s", out);
    free(out);
}

/* No command, an unknown one, and help for all. */
Test(cli, top_level)
{
    expect(1, "usage: zoneplan <command>", "");
    expect(1, "unknown command", "frobnicate");
    expect(0, "usage: zoneplan <command>", "--help");
}

/* Numeric options are read by the library's strict parser: a value strtol or strtod would have
 * taken in part, or as hex, or as infinity, is a usage error naming the option. */
Test(cli, numeric_options_strict)
{
    static const char *cases[][2] = {
        {"gen --blocks abc", "--blocks"},
        {"gen --blocks 0x10", "--blocks"},
        {"gen --blocks 2000x", "--blocks"},
        {"gen --blocks ' 2000'", "--blocks"},
        {"gen --schools 4.5", "--schools"},
        {"gen --seed -1", "--seed"},
        {"gen --seed 1e3", "--seed"},
        {"gen --epsg 4547abc", "--epsg"},
        {"gen --epsg 99999999999", "--epsg"},
        {"gen --width-km inf", "--width-km"},
        {"gen --height-km 0x10", "--height-km"},
        {"gen --width-km nan", "--width-km"},
        {"gen --blocks 5", "blocks must be"},
        {"gen --width-km 0.5", "extent"},
        {"gen --encoding NOPE-42", "NOPE-42"},
        {"publish x --dpi 72dpi", "--dpi"},
        {"publish x --dpi 0x48", "--dpi"},
        {"publish x --dpi 0", "--dpi"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect(1, cases[i][1], cases[i][0]);
}

/* Neither --out nor output.dir: a usage error (exit 1) for run and site alike. */
Test(cli, no_output_folder_is_usage)
{
    char *text = zpt_slurp(scenario, NULL), *at = strstr(text, "output: {dir: out}\n");
    cr_assert_not_null(at);
    memmove(at, at + strlen("output: {dir: out}\n"),
            strlen(at + strlen("output: {dir: out}\n")) + 1);
    zpt_write(scenario, text);
    free(text);
    char args[1400];
    snprintf(args, sizeof args, "run '%s' --no-publish", scenario);
    expect(1, "no output folder", args);
    snprintf(args, sizeof args, "site '%s'", scenario);
    expect(1, "no output folder", args);
}
