/* zoneplan command line: parses arguments and calls the library, nothing more.
 *
 * Exit codes, the same for every command (EXIT_CODES, README): 0 the command finished (policy
 * flags are results, not errors), 1 usage (an unknown option, a wrong number of arguments, an
 * option value the option does not take, no output folder given), 2 bad input or an output
 * folder that cannot be written, 3 internal failure. */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/zoneplan.h"

#define EXIT_CODES                                                                                 \
    "\nExit codes: 0 finished, 1 usage (unknown option, wrong arguments, an option value it\n"     \
    "does not take, no output folder given), 2 bad input or an output folder that cannot be\n"     \
    "written, 3 internal failure.\n"

static const char *USAGE =
    "usage: zoneplan <command> [options]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO [--out DIR]   assign blocks to schools, check the policy, write outputs\n"
    "  check SCENARIO             validate the scenario and its data, list problems, solve "
    "nothing\n"
    "  gen [options]              write the synthetic sample district (shapefiles)\n"
    "  diff RUN_A RUN_B [options] compare two runs: blocks that change school, moves, flags\n"
    "  publish RUN_DIR [options]  maps, admission sheets (PDF/PNG/SVG) and web files of a run\n"
    "  site SCENARIO [--out DIR]  where to build new schools so the shortfall disappears\n"
    "  plan SCENARIO [--years A..B]  demand over the years and a build-before-close schedule\n"
    "  project SCENARIO [--backtest K]  the projection alone, and its error on past years\n"
    "\n"
    "Run `zoneplan <command> --help` for a command's options.\n" EXIT_CODES;

static const char *RUN_HELP =
    "usage: zoneplan run SCENARIO [--out DIR] [--quiet] [--no-publish] [--stats FILE]\n"
    "                    [--export-instance PREFIX] [--csv utf-8|utf-8-bom|gb18030]\n"
    "                    [--lang zh|en]\n"
    "\n"
    "Loads the scenario's blocks and schools, assigns every block whole to one school per level\n"
    "(nearest with room; exact LP bound, whole-block plan and gap), checks class size, school\n"
    "size, capacity, service radius and shortfall for the current catchments and the plan, and\n"
    "writes catchments.shp, blocks.shp, schools.shp, assignment.csv, schools.csv, flags.csv,\n"
    "summary.json and report.md (and, walking on roads, routes.geojson: each block's route to\n"
    "its school) into DIR (default: the scenario's output.dir), then publishes DIR as\n"
    "`zoneplan publish` does (maps, sheets, web files in DIR/publish) unless output.publish\n"
    "is false.\n"
    "  --no-publish              write the run's files only (as output.publish: false)\n"
    "  --csv ENCODING            the CSVs in UTF-8 (default), UTF-8 with a byte-order mark\n"
    "                            (Excel on Chinese Windows) or GB18030 (as output.csv)\n"
    "  --lang zh|en              report.md, this summary and the maps in Chinese or English\n"
    "                            (as output.lang; default: report English, maps Chinese)\n"
    "  --stats FILE              also write stage timings and peak memory (JSON, for benchmarks)\n"
    "  --export-instance PREFIX  also write each level's solved transportation instance to\n"
    "                            PREFIX-primary.txt / PREFIX-junior.txt for peer "
    "solvers\n" EXIT_CODES;

static const char *CHECK_HELP =
    "usage: zoneplan check SCENARIO [--quiet] [--lang zh|en]\n"
    "\n"
    "Validates the scenario file and reads both layers (fields, ids, counts, shapes, CRS),\n"
    "prints what it found and every warning, and solves nothing: exit 0 when the inputs are\n"
    "usable, 2 when they are not. --lang zh prints it in Chinese (as output.lang).\n" EXIT_CODES;

static const char *SERVE_HELP =
    "usage: zoneplan serve SCENARIO [--port N] [--host ADDR] [--plan RUN_DIR] [--save-dir DIR]\n"
    "                      [--quiet]\n"
    "\n"
    "Solves the scenario once and serves a page on http://127.0.0.1:N/ (default 8080; 0 takes\n"
    "any free port) on which blocks are painted onto schools per level, locked, undone and\n"
    "redone, the rest optimised around them, compared with today's catchments, the served\n"
    "plan or another run (--plan RUN_DIR), and saved as a scenario (`base:` SCENARIO, with\n"
    "assign changes) that `zoneplan run` reproduces, or as a block_id,level,school_id table.\n"
    "Each browser tab edits on its own. Only this machine can connect (--host 127.0.0.1),\n"
    "and only the page itself may call it. Ctrl-C stops it.\n"
    "  --save-dir DIR   where saved scenarios go (default: SCENARIO's folder)\n" EXIT_CODES;

static const char *GEN_HELP =
    "usage: zoneplan gen [--out DIR] [--blocks N] [--schools N] [--seed S] [--epsg CODE]\n"
    "                    [--width-km W] [--height-km H] [--encoding ENC] [--quiet]\n"
    "\n"
    "Writes a seeded synthetic county district: blocks.shp (residential block polygons with\n"
    "children per level and current schools), schools.shp and river.shp, GBK attribute tables\n"
    "with a .cpg and a .prj. Defaults: --out data/sample --blocks 2000 --schools 40 --seed 2026\n"
    "--epsg 4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E), 15 x 12 km, GBK.\n" EXIT_CODES;

static const char *DIFF_HELP =
    "usage: zoneplan diff RUN_A RUN_B [--out DIR] [--quiet] [--lang zh|en]\n"
    "\n"
    "Compares two output folders of `zoneplan run` (their blocks.shp and summary.json): the\n"
    "blocks whose school changes at each level (matched by BLOCK_ID; a block in one run only\n"
    "has no school on the other side), the children moved between each pair of schools, the\n"
    "change in walking distance, and the policy flags resolved and introduced. Writes\n"
    "diff.csv, moves.csv, diff.md, changed_blocks.shp and the map of what changed\n"
    "(changed.pdf, changed-<level>.png: moved blocks in their new school's colour, old\n"
    "boundaries dashed) into DIR (default:\n"
    "diff-<A>-vs-<B> in the current folder, from the run folders' names); RUN_A and RUN_B are\n"
    "only read. --lang zh writes diff.md, the maps and this summary in Chinese (default\n"
    "English).\n" EXIT_CODES;

static const char *PUBLISH_HELP =
    "usage: zoneplan publish RUN_DIR [--formats pdf,png,svg,geojson,html] [--lang zh|en]\n"
    "                        [--audience public|internal] [--dpi N] [--quiet]\n"
    "\n"
    "Makes what a bureau prints and posts from a run folder (its catchments.shp, blocks.shp,\n"
    "schools.shp and summary.json; nothing is solved again) into RUN_DIR/publish:\n"
    "  booklet.pdf           an overview map per level (and, when the run audits, its\n"
    "                        quality-balance audit page), then every school's admission sheet\n"
    "                        (its catchment, figures, flags and communities)\n"
    "  *.png                 each of those pages (overview-primary.png, audit-primary.png,\n"
    "                        S001-primary.png, ...)\n"
    "  overview-<level>.svg  the overview maps\n"
    "  catchments.geojson, schools.geojson  RFC 7946, WGS 84\n"
    "  map.html              a self-contained web map (opens from disk, no network)\n"
    "--audience public makes the admission notice a bureau posts (招生范围公告) instead:\n"
    "  notice.pdf, notice-*.png  the school, its map and the communities it admits from,\n"
    "                        signed with output.publish's bureau, year and approval (审图号);\n"
    "                        no figures, flags or distances. The other audience's files stay.\n"
    "Default: every format, Chinese (--lang zh), PNGs at 150 dpi (A4 pages), the audience\n"
    "the run's output.publish.audience gives (else internal).\n" EXIT_CODES;

static const char *SITE_HELP =
    "usage: zoneplan site SCENARIO [--out DIR] [--quiet] [--lang zh|en]\n"
    "\n"
    "New-school siting. Loads the scenario (its changes applied: the growth to plan for),\n"
    "solves today's plan, and opens up to siting.open of the candidate sites x designs of its\n"
    "siting: section so that the fewest children lack a place and then the walks are\n"
    "shortest, every plan scored by the exact assignment of `zoneplan run`; the result's gap\n"
    "to a Lagrangian lower bound is proven. Writes into DIR (default: the scenario's\n"
    "output.dir with -siting added): sites.csv, sites.shp, changes.yaml (the add_school items\n"
    "that reproduce the plan with `zoneplan run`), report.md, and plan/ (the plan's run folder:\n"
    "catchments and every output of a run). --lang zh: the report and this summary in "
    "Chinese.\n" EXIT_CODES;

static const char *PLAN_HELP =
    "usage: zoneplan plan SCENARIO [--years FIRST..LAST] [--out DIR] [--quiet] [--lang zh|en]\n"
    "\n"
    "Places over the years. Projects every block's children grade by grade and year by year\n"
    "from the scenario's horizon: section (cohort survival from the children aged 0-5, new\n"
    "estates phased in after completion, migration; low, central and high variants), assigns\n"
    "each year with `zoneplan run`'s core assignment (no contiguity repair), with today's\n"
    "schools and, when the scenario has a\n"
    "siting: section, with a build-before-close schedule: the openings the siting chooses for\n"
    "each block's peak demand, each in the first year that needs it, and each closure in the\n"
    "first year from which its pupils have places every year after. Writes into DIR (default:\n"
    "the scenario's output.dir with -plan added): projection.csv, years.csv, schedule.yaml,\n"
    "chart-primary.png/.svg, chart-junior.png/.svg, plan.pdf (a planning page per level) and\n"
    "report.md.\n"
    "  --years FIRST..LAST  the years to plan (default horizon.years; the projection starts\n"
    "                       from the data's year, horizon.years' first, either way)\n" EXIT_CODES;

static const char *PROJECT_HELP =
    "usage: zoneplan project SCENARIO [--backtest K] [--years FIRST..LAST] [--out DIR] [--quiet]\n"
    "                        [--lang zh|en]\n"
    "\n"
    "The projection of `zoneplan plan` alone, without assigning: every block's children by\n"
    "year, grade and variant (projection.csv) and the county's per year (report.md). With\n"
    "--backtest K, the last K years of horizon.history are hidden, the projection fitted on the\n"
    "years before them and run over the hidden ones school by school: backtest.csv and the\n"
    "report give each school's and the county's error 1 to K years ahead. DIR defaults to the\n"
    "scenario's output.dir with -project added.\n" EXIT_CODES;

static int fail(int rc)
{
    fprintf(stderr, "zoneplan: %s\n", zp_error_last());
    return zp_error_exit_code(rc);
}

static int wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return 1;
    return 0;
}

static int usage_error(const char *help, const char *msg)
{
    fprintf(stderr, "zoneplan: %s\n\n%s", msg, help);
    return 1;
}

/* optarg as a whole number from lo to hi, read by the library's strict parser (no hex, no
 * trailing text); 0, or -1 when it is not one, after printing the usage error. */
static int whole_arg(const char *help, const char *opt, long long lo, long long hi, long long *out)
{
    if (zp_number_parse_int(optarg, strlen(optarg), out) == ZP_OK && *out >= lo && *out <= hi)
        return 0;
    char msg[200];
    snprintf(msg, sizeof msg, "%s takes a whole number from %lld to %lld, not '%.40s'", opt, lo, hi,
             optarg);
    usage_error(help, msg);
    return -1;
}

/* optarg as a decimal number (strict, as whole_arg); 0, or -1 after the usage error. */
static int real_arg(const char *help, const char *opt, double *out)
{
    if (zp_number_parse(optarg, strlen(optarg), out) == ZP_OK)
        return 0;
    char msg[200];
    snprintf(msg, sizeof msg, "%s takes a decimal number, not '%.40s'", opt, optarg);
    usage_error(help, msg);
    return -1;
}

static int cmd_publish(int argc, char **argv)
{
    static struct option opts[] = {
        {"formats", required_argument, 0, 'f'}, {"lang", required_argument, 0, 'l'},
        {"dpi", required_argument, 0, 'd'},     {"audience", required_argument, 0, 'a'},
        {"quiet", no_argument, 0, 'q'},         {0, 0, 0, 0}};
    zp_publish_options o = {0};
    int c, rc = ZP_OK, lang_given = 0; /* the terminal's words: English unless --lang */
    long long v;
    while (!rc && (c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
        if (c == 'f')
            rc = zp_publish_parse_formats(optarg, &o.formats);
        else if (c == 'l')
            rc = zp_lang_parse(optarg, &o.lang), lang_given = 1;
        else if (c == 'a')
            rc = zp_publish_parse_audience(optarg, &o.audience);
        else if (c == 'd') {
            if (whole_arg(PUBLISH_HELP, "--dpi", 1, 1200, &v))
                return 1;
            o.dpi = (int)v;
        } else if (c == 'q')
            zp_progress_set_quiet(1);
        else
            return usage_error(PUBLISH_HELP, "unknown option");
    }
    if (rc)
        return usage_error(PUBLISH_HELP, zp_error_last());
    if (optind != argc - 1)
        return usage_error(PUBLISH_HELP, "publish takes one run folder");
    zp_progress("publishing %s/publish", argv[optind]);
    rc = zp_publish(argv[optind], &o);
    if (!rc)
        printf(zp_word(lang_given ? o.lang : ZP_LANG_EN, "cli_published"), argv[optind]);
    return rc ? fail(rc) : 0;
}

/* --out DIR (when out is not NULL: commands that write one folder), --lang zh|en (when lang
 * is not NULL: commands that write a report; *lang is set only when given) and --quiet; then
 * npos positional arguments. Returns -1 when the arguments are fine, else the exit code. */
static int out_and_quiet(int argc, char **argv, const char *help, int npos, const char *what,
                         const char **out, zp_lang *lang, int *lang_given)
{
    static struct option opts[] = {{"out", required_argument, 0, 'o'},
                                   {"lang", required_argument, 0, 'l'},
                                   {"quiet", no_argument, 0, 'q'},
                                   {0, 0, 0, 0}};
    int c;
    if (out)
        *out = NULL;
    while ((c = getopt_long(argc, argv, out ? "o:q" : "q", opts, NULL)) != -1) {
        if (c == 'o' && out)
            *out = optarg;
        else if (c == 'l' && lang) {
            if (zp_lang_parse(optarg, lang))
                return usage_error(help, zp_error_last());
            *lang_given = 1;
        } else if (c == 'q')
            zp_progress_set_quiet(1);
        else
            return usage_error(help, "unknown option");
    }
    return optind != argc - npos ? usage_error(help, what) : -1;
}

static int cmd_site(int argc, char **argv)
{
    const char *out;
    zp_lang lang = ZP_LANG_EN;
    int given = 0;
    int code = out_and_quiet(argc, argv, SITE_HELP, 1, "site takes one scenario file", &out, &lang,
                             &given);
    if (code >= 0)
        return code;
    zp_siting *st = NULL;
    int rc = zp_siting_load(argv[optind], &st);
    if (rc)
        return fail(rc);
    if (given) /* the report, the summary and the plan's run (plan.yaml) */
        zp_siting_set_lang(st, lang);
    char *dir = NULL;
    rc = out ? ((dir = strdup(out)) ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory"))
             : zp_siting_default_dir(st, &dir);
    if (!rc && !dir) {
        zp_siting_free(st);
        return usage_error(SITE_HELP, "no output folder: give --out DIR or output.dir in the "
                                      "scenario");
    }
    zp_stage *stage = NULL;
    if (!rc)
        rc = zp_siting_stage_open(st, dir, &stage);
    if (!rc && (rc = zp_siting_solve(st)))
        zp_stage_abort(stage);
    if (!rc)
        rc = zp_siting_write(st, stage);
    if (!rc)
        zp_siting_print(st, dir, stdout);
    free(dir);
    zp_siting_free(st);
    return rc ? fail(rc) : 0;
}

/* plan's and project's options: --out, --years, --lang, --quiet and (project) --backtest. */
typedef struct horizon_args {
    const char *out;
    int first, last, lang_given, backtest;
    zp_lang lang;
} horizon_args;

/* -1 when the arguments are fine, else the exit code. */
static int horizon_options(int argc, char **argv, const char *help, int project, horizon_args *a)
{
    static struct option opts[] = {
        {"out", required_argument, 0, 'o'},      {"years", required_argument, 0, 'y'},
        {"lang", required_argument, 0, 'l'},     {"quiet", no_argument, 0, 'q'},
        {"backtest", required_argument, 0, 'b'}, {0, 0, 0, 0}};
    int c;
    long long v;
    *a = (horizon_args){.lang = ZP_LANG_EN};
    while ((c = getopt_long(argc, argv, "o:q", opts, NULL)) != -1) {
        if (c == 'o')
            a->out = optarg;
        else if (c == 'y' && zp_horizon_parse_years(optarg, &a->first, &a->last))
            return usage_error(help, "--years takes FIRST..LAST (2026..2035)");
        else if (c == 'l' && zp_lang_parse(optarg, &a->lang))
            return usage_error(help, zp_error_last());
        else if (c == 'l')
            a->lang_given = 1;
        else if (c == 'q')
            zp_progress_set_quiet(1);
        else if (c == 'b' && project) {
            if (whole_arg(help, "--backtest", 1, ZP_BACKTEST_MAX, &v))
                return 1;
            a->backtest = (int)v;
        } else if (c != 'y')
            return usage_error(help, "unknown option");
    }
    return optind != argc - 1 ? usage_error(help, project ? "project takes one scenario file"
                                                          : "plan takes one scenario file")
                              : -1;
}

/* The plan loaded and its output folder opened, or the exit code. */
static int horizon_open(char **argv, const char *help, const char *suffix, const horizon_args *a,
                        zp_plan **p, char **dir, zp_stage **stage)
{
    int rc = zp_plan_load(argv[optind], a->first, a->last, p);
    if (rc)
        return fail(rc);
    if (a->lang_given)
        zp_siting_set_lang((*p)->st, a->lang);
    rc = a->out ? ((*dir = strdup(a->out)) ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory"))
                : zp_plan_default_dir(*p, suffix, dir);
    if (!rc && !*dir)
        return usage_error(help, "no output folder: give --out DIR or output.dir in the scenario");
    if (!rc)
        rc = zp_plan_stage_open(*p, *dir, !strcmp(suffix, "-project"), stage);
    return rc ? fail(rc) : -1;
}

static int cmd_plan(int argc, char **argv)
{
    horizon_args a;
    int code = horizon_options(argc, argv, PLAN_HELP, 0, &a);
    zp_plan *p = NULL;
    char *dir = NULL;
    zp_stage *stage = NULL;
    if (code < 0)
        code = horizon_open(argv, PLAN_HELP, "-plan", &a, &p, &dir, &stage);
    int rc = ZP_OK;
    if (code < 0 && (rc = zp_plan_solve(p)))
        zp_stage_abort(stage);
    if (code < 0 && !rc)
        rc = zp_plan_write(p, stage);
    if (code < 0 && !rc)
        zp_plan_print(p, dir, stdout);
    free(dir);
    zp_plan_free(p);
    return code >= 0 ? code : rc ? fail(rc) : 0;
}

static int cmd_project(int argc, char **argv)
{
    horizon_args a;
    int code = horizon_options(argc, argv, PROJECT_HELP, 1, &a);
    zp_plan *p = NULL;
    char *dir = NULL;
    zp_stage *stage = NULL;
    if (code < 0)
        code = horizon_open(argv, PROJECT_HELP, "-project", &a, &p, &dir, &stage);
    zp_backtest bt = {0};
    int rc = ZP_OK;
    if (code < 0 && a.backtest && (rc = zp_plan_backtest(p, a.backtest, &bt)))
        zp_stage_abort(stage);
    if (code < 0 && !rc)
        rc = zp_plan_project_write(p, a.backtest ? &bt : NULL, stage);
    if (code < 0 && !rc)
        zp_plan_project_print(p, a.backtest ? &bt : NULL, dir, stdout);
    zp_backtest_free(&bt);
    free(dir);
    zp_plan_free(p);
    return code >= 0 ? code : rc ? fail(rc) : 0;
}

static int cmd_run(int argc, char **argv)
{
    static struct option opts[] = {
        {"out", required_argument, 0, 'o'},   {"quiet", no_argument, 0, 'q'},
        {"stats", required_argument, 0, 's'}, {"export-instance", required_argument, 0, 'x'},
        {"no-publish", no_argument, 0, 'n'},  {"csv", required_argument, 0, 'c'},
        {"lang", required_argument, 0, 'l'},  {0, 0, 0, 0}};
    const char *out = NULL, *stats = NULL, *export = NULL;
    int c, no_publish = 0, csv_given = 0, lang_given = 0;
    zp_csv_encoding csv = ZP_CSV_UTF8;
    zp_lang lang = ZP_LANG_EN;
    while ((c = getopt_long(argc, argv, "o:q", opts, NULL)) != -1) {
        if (c == 'o')
            out = optarg;
        else if (c == 's')
            stats = optarg;
        else if (c == 'x')
            export = optarg;
        else if (c == 'q')
            zp_progress_set_quiet(1);
        else if (c == 'n')
            no_publish = 1;
        else if (c == 'c') {
            if (zp_csv_parse_encoding(optarg, &csv))
                return usage_error(RUN_HELP, zp_error_last());
            csv_given = 1;
        } else if (c == 'l') {
            if (zp_lang_parse(optarg, &lang))
                return usage_error(RUN_HELP, zp_error_last());
            lang_given = 1;
        } else
            return usage_error(RUN_HELP, "unknown option");
    }
    if (optind != argc - 1)
        return usage_error(RUN_HELP, "run takes one scenario file");
    zp_run *run = NULL;
    zp_progress("loading %s", argv[optind]);
    int rc = zp_run_load_lang(argv[optind], lang_given ? &lang : NULL, &run);
    if (rc)
        return fail(rc);
    if (csv_given)
        run->sc->csv = csv;
    const char *dir = out ? out : run->sc->output_dir;
    if (!dir) {
        zp_run_free(run);
        return usage_error(RUN_HELP, "no output folder: give --out DIR or output.dir in the "
                                     "scenario");
    }
    const char *files[3] = {NULL}; /* the files written beside the folder */
    size_t nfiles = 0;
    if (stats)
        files[nfiles++] = stats;
    if (export)
        files[nfiles++] = export;
    zp_stage *st = NULL;
    rc = zp_run_stage_open(run, dir, files, &st);
    if (rc) {
        zp_run_free(run);
        return fail(rc);
    }
    zp_progress("assigning %zu blocks to %zu schools", run->ds.nblocks, run->ds.nschools);
    run->keep_arcs = export != NULL;
    rc = zp_run_solve(run);
    int publish = run->sc->publish && !no_publish;
    if (!rc)
        rc = zp_run_write(run, st, publish ? &run->sc->publish_opts : NULL);
    else
        zp_stage_abort(st);
    if (!rc && export)
        rc = zp_run_export_instance(run, export);
    if (!rc && stats)
        rc = zp_run_write_stats(run, stats);
    if (!rc)
        zp_run_print_summary(run, dir, stdout);
    if (!rc && publish)
        printf(zp_word(run->sc->lang, "cli_published"), dir);
    zp_run_free(run);
    return rc ? fail(rc) : 0;
}

static int cmd_diff(int argc, char **argv)
{
    const char *out;
    zp_lang lang = ZP_LANG_EN;
    int given = 0;
    int code =
        out_and_quiet(argc, argv, DIFF_HELP, 2, "diff takes two run folders", &out, &lang, &given);
    if (code >= 0)
        return code;
    zp_diff *d = NULL;
    int rc = zp_diff_load(argv[optind], argv[optind + 1], &d);
    if (rc)
        return fail(rc);
    d->lang = lang;
    char *dir = out ? strdup(out) : zp_diff_default_dir(argv[optind], argv[optind + 1]);
    rc = dir ? zp_publish_diff(d, dir) : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc)
        zp_diff_print_summary(d, dir, stdout);
    zp_diff_free(d);
    free(dir);
    return rc ? fail(rc) : 0;
}

static int cmd_check(int argc, char **argv)
{
    zp_lang lang = ZP_LANG_EN;
    int given = 0;
    int code = out_and_quiet(argc, argv, CHECK_HELP, 1, "check takes one scenario file", NULL,
                             &lang, &given);
    if (code >= 0)
        return code;
    zp_run *run = NULL;
    int rc = zp_run_load_lang(argv[optind], given ? &lang : NULL, &run);
    if (rc)
        return fail(rc);
    zp_run_print_inputs(run, stdout);
    zp_run_free(run);
    return 0;
}

static int cmd_serve(int argc, char **argv)
{
    static struct option opts[] = {
        {"port", required_argument, 0, 'p'}, {"host", required_argument, 0, 'H'},
        {"plan", required_argument, 0, 'r'}, {"save-dir", required_argument, 0, 's'},
        {"quiet", no_argument, 0, 'q'},      {0, 0, 0, 0}};
    zp_serve_options o = {.port = 8080};
    int c, bad = 0;
    long long v = 0;
    while (!bad && (c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
        if (c == 'p') {
            bad = whole_arg(SERVE_HELP, "--port", 0, 65535, &v);
            o.port = (int)v;
        } else if (c == 'H' || c == 'r' || c == 's')
            *(c == 'H' ? &o.host : c == 'r' ? &o.plan_dir : &o.save_dir) = optarg;
        else if (c == 'q')
            zp_progress_set_quiet(1);
        else
            return usage_error(SERVE_HELP, "unknown option");
    }
    if (bad)
        return 1;
    if (optind != argc - 1)
        return usage_error(SERVE_HELP, "serve takes one scenario file");
    zp_run *run = NULL;
    zp_server *srv = NULL;
    int port = 0, rc = zp_run_load(argv[optind], &run);
    if (!rc)
        rc = zp_serve_start(run, argv[optind], &o, &srv, &port);
    if (rc)
        return fail(rc);
    fprintf(stderr, "zoneplan: serving http://%s:%d/ (Ctrl-C stops)\n",
            o.host && strcmp(o.host, "localhost") ? o.host : "127.0.0.1", port);
    zp_serve_wait(srv);
    zp_serve_stop(srv);
    return 0;
}

static int cmd_gen(int argc, char **argv)
{
    static struct option opts[] = {
        {"out", required_argument, 0, 'o'},       {"blocks", required_argument, 0, 'b'},
        {"schools", required_argument, 0, 's'},   {"seed", required_argument, 0, 'r'},
        {"epsg", required_argument, 0, 'e'},      {"width-km", required_argument, 0, 'w'},
        {"height-km", required_argument, 0, 'h'}, {"encoding", required_argument, 0, 'c'},
        {"quiet", no_argument, 0, 'q'},           {0, 0, 0, 0}};
    zp_gen_options g;
    zp_gen_defaults(&g);
    g.out_dir = "data/sample";
    int c, bad = 0;
    long long v = 0;
    while (!bad && (c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            g.out_dir = optarg;
            break;
        case 'b':
            bad = whole_arg(GEN_HELP, "--blocks", 1, INT_MAX, &v);
            g.blocks = (int)v;
            break;
        case 's':
            bad = whole_arg(GEN_HELP, "--schools", 1, INT_MAX, &v);
            g.schools = (int)v;
            break;
        case 'r':
            bad = whole_arg(GEN_HELP, "--seed", 0, LLONG_MAX, &v);
            g.seed = (uint64_t)v;
            break;
        case 'e':
            bad = whole_arg(GEN_HELP, "--epsg", 1, INT_MAX, &v);
            g.epsg = (int)v;
            break;
        case 'w':
            bad = real_arg(GEN_HELP, "--width-km", &g.width_km);
            break;
        case 'h':
            bad = real_arg(GEN_HELP, "--height-km", &g.height_km);
            break;
        case 'c':
            g.encoding = optarg;
            break;
        case 'q':
            zp_progress_set_quiet(1);
            break;
        default:
            return usage_error(GEN_HELP, "unknown option");
        }
    }
    if (bad)
        return 1;
    if (optind != argc)
        return usage_error(GEN_HELP, "gen takes no positional arguments");
    if (zp_gen_check(&g))
        return usage_error(GEN_HELP, zp_error_last());
    zp_progress("generating %d blocks and %d schools into %s", g.blocks, g.schools, g.out_dir);
    int rc = zp_gen_district(&g);
    return rc ? fail(rc) : 0;
}

int main(int argc, char **argv)
{
    if (getenv("ZP_QUIET")) {
        zp_progress_set_quiet(1);
        zp_warn_set_echo(0);
    }
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(USAGE, argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    const char *cmd = argv[1];
    const char *help = !strcmp(cmd, "run")       ? RUN_HELP
                       : !strcmp(cmd, "check")   ? CHECK_HELP
                       : !strcmp(cmd, "gen")     ? GEN_HELP
                       : !strcmp(cmd, "diff")    ? DIFF_HELP
                       : !strcmp(cmd, "publish") ? PUBLISH_HELP
                       : !strcmp(cmd, "site")    ? SITE_HELP
                       : !strcmp(cmd, "plan")    ? PLAN_HELP
                       : !strcmp(cmd, "project") ? PROJECT_HELP
                       : !strcmp(cmd, "serve")   ? SERVE_HELP
                                                 : NULL;
    if (!help)
        return usage_error(USAGE, "unknown command");
    if (wants_help(argc - 1, argv + 1)) {
        fputs(help, stdout);
        return 0;
    }
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "diff"))
        return cmd_diff(argc - 1, argv + 1);
    if (!strcmp(cmd, "publish"))
        return cmd_publish(argc - 1, argv + 1);
    if (!strcmp(cmd, "site"))
        return cmd_site(argc - 1, argv + 1);
    if (!strcmp(cmd, "plan"))
        return cmd_plan(argc - 1, argv + 1);
    if (!strcmp(cmd, "project"))
        return cmd_project(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve"))
        return cmd_serve(argc - 1, argv + 1);
    return cmd_gen(argc - 1, argv + 1);
}
