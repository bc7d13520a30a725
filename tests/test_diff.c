/* zoneplan diff on hand-made pairs of runs: the blocks that change school and the moves
 * are exactly the expected rows, a run compared with itself gives empty outputs, every
 * malformed run folder is a clear ZP_EINPUT naming the file, and the bytes do not
 * change between two diffs. Also the run's blocks.shp that the diff reads. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "support.h"
#include "zoneplan/diff.h"
#include "zoneplan/errors.h"

static char *dir;
static void setup(void)
{
    dir = zpt_tmpdir();
}
static void teardown(void)
{
    zpt_rmtree(dir);
    free(dir);
}

static char *path_in(const char *sub, const char *name)
{
    static char path[8][1024];
    static int next;
    char *p = path[next++ % 8];
    snprintf(p, sizeof path[0], "%s/%s/%s", dir, sub, name);
    return p;
}

static int cli(const char *args, char **output)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s %s", ZP_CLI, args);
    return zpt_run(cmd, output);
}

/* Five blocks in a row (centres x = 100 .. 900 m), primary children 10, 30, 10, 10, 10.
 * W (primary) at x = 100, E (primary, one class) at x = 700, J (junior) at x = 400.
 * Run 1, the first four blocks, W with 100 places: B001, B002 at W; B003, B004 at E.
 * Run 2, all five blocks, W with 10 places: B001 at W, B002 (30) moves to E, and the
 * new B005 goes to E (primary) and J (junior). E then has 60 pupils in one class. */
static const int row_pri[] = {10, 30, 10, 10, 10};

static void write_run(const char *name, int nblocks, int w_places)
{
    const zpt_school schools[] = {{"W", "西小", "primary", 100, 100, w_places, 0, 1, 0},
                                  {"E", "东小", "primary", 700, 100, 100, 0, 1, 0},
                                  {"J", "城关初中", "junior", 400, 100, 0, 100, 0, 2}};
    char sub[1024], args[3072], *log = NULL;
    snprintf(sub, sizeof sub, "%s/%s", dir, name);
    snprintf(args, sizeof args, "mkdir -p %s", sub);
    cr_assert_eq(zpt_run(args, NULL), 0);
    zpt_grid g = {.nx = nblocks, .ny = 1, .pri = row_pri, .schools = schools, .nschools = 3};
    char *sc = zpt_write_grid(sub, &g, NULL);
    snprintf(args, sizeof args, "run %s --out %s/run --no-publish", sc, sub);
    cr_assert_eq(cli(args, &log), 0, "%s", log);
    free(log);
    free(sc);
}

static void diff_cli(const char *a, const char *b, const char *out)
{
    char args[3072], *log = NULL;
    snprintf(args, sizeof args, "diff %s/%s %s/%s --out %s/%s", dir, a, dir, b, dir, out);
    cr_assert_eq(cli(args, &log), 0, "%s", log);
    free(log);
}

static char *slurp_in(const char *sub, const char *name)
{
    char *text = zpt_slurp(path_in(sub, name), NULL);
    cr_assert_not_null(text, "missing %s/%s", sub, name);
    return text;
}

static int shp_records(const char *sub, const char *name)
{
    SHPHandle shp = SHPOpen(path_in(sub, name), "rb");
    cr_assert_not_null(shp, "cannot open %s/%s", sub, name);
    int n = -1;
    SHPGetInfo(shp, &n, NULL, NULL, NULL);
    SHPClose(shp);
    return n;
}

/* Polygons among the records of SUB/NAME.shp (a null shape is not one). */
static int polygon_records(const char *sub, const char *name)
{
    SHPHandle shp = SHPOpen(path_in(sub, name), "rb");
    cr_assert_not_null(shp, "cannot open %s/%s", sub, name);
    int n = 0, polygons = 0;
    SHPGetInfo(shp, &n, NULL, NULL, NULL);
    for (int i = 0; i < n; i++) {
        SHPObject *o = SHPReadObject(shp, i);
        polygons += o && o->nSHPType == SHPT_POLYGON && o->nParts >= 1 && o->nVertices >= 4;
        SHPDestroyObject(o);
    }
    SHPClose(shp);
    return polygons;
}

/* Another GIS (GDAL's ogrinfo) opens SUB/changed_blocks.shp and finds n features. */
static void gdal_reads(const char *sub, int n)
{
    if (zpt_run("command -v ogrinfo", NULL) != 0)
        cr_skip_test("ogrinfo (gdal-bin) is not installed");
    char cmd[2048], want[64], *out = NULL;
    snprintf(cmd, sizeof cmd, "ogrinfo -ro -so %s changed_blocks",
             path_in(sub, "changed_blocks.shp"));
    cr_assert_eq(zpt_run(cmd, &out), 0, "%s", out);
    snprintf(want, sizeof want, "Feature Count: %d\n", n);
    cr_assert(strstr(out, want), "%s", out);
    free(out);
}

Test(diff, run_with_itself_is_empty, .init = setup, .fini = teardown)
{
    write_run("r1", 4, 100);
    diff_cli("r1/run", "r1/run", "d");
    char *csv = slurp_in("d", "diff.csv"), *moves = slurp_in("d", "moves.csv");
    char *md = slurp_in("d", "diff.md");
    cr_assert_str_eq(csv, "block_id,block_name,level,school_before,school_after,"
                          "children_before,children_after\n");
    cr_assert_str_eq(moves, "from_school,to_school,level,blocks,children\n");
    cr_assert(strstr(md, "Nothing moved"), "%s", md);
    cr_assert_eq(shp_records("d", "changed_blocks"), 0);
    cr_assert_not_null(zpt_slurp(path_in("d", "changed_blocks.prj"), NULL));
    free(csv), free(moves), free(md);
}

Test(diff, known_moves, .init = setup, .fini = teardown)
{
    write_run("r1", 4, 100);
    write_run("r2", 5, 10);
    diff_cli("r1/run", "r2/run", "d");
    char *csv = slurp_in("d", "diff.csv"), *moves = slurp_in("d", "moves.csv");
    cr_assert_str_eq(csv, "block_id,block_name,level,school_before,school_after,"
                          "children_before,children_after\n"
                          "B002,幸福小区2号,primary,W,E,30,30\n"
                          "B005,幸福小区5号,primary,,E,,10\n"
                          "B005,幸福小区5号,junior,,J,,5\n");
    cr_assert_str_eq(moves, "from_school,to_school,level,blocks,children\n"
                            ",E,primary,1,10\n"
                            "W,E,primary,1,30\n"
                            ",J,junior,1,5\n");
    char *md = slurp_in("d", "diff.md");
    char *intro = strstr(md, "### Introduced");
    cr_assert(intro && strstr(intro, "| class_size | E | primary |  | 60.0 | 45 |"), "%s", md);
    cr_assert(strstr(md, "| primary | 2 | 40 |"), "%s", md);
    cr_assert(strstr(md, "0 blocks are only in run A (gone from B), 1 only in run B"), "%s", md);
    cr_assert(strstr(md, "| W | primary | 40 | 10 | -30 |"), "%s", md);
    free(csv), free(moves), free(md);
}

Test(diff, changed_blocks_shapefile, .init = setup, .fini = teardown)
{
    write_run("r1", 4, 100);
    write_run("r2", 5, 10);
    diff_cli("r1/run", "r2/run", "d");
    cr_assert_eq(shp_records("d", "changed_blocks"), 3);
    cr_assert_eq(polygon_records("d", "changed_blocks"), 3);
    DBFHandle dbf = DBFOpen(path_in("d", "changed_blocks.dbf"), "rb");
    cr_assert_not_null(dbf);
    cr_assert_str_eq(DBFReadStringAttribute(dbf, 0, DBFGetFieldIndex(dbf, "BLOCK_ID")), "B002");
    cr_assert_str_eq(DBFReadStringAttribute(dbf, 0, DBFGetFieldIndex(dbf, "FROM_SCH")), "W");
    cr_assert_str_eq(DBFReadStringAttribute(dbf, 0, DBFGetFieldIndex(dbf, "TO_SCH")), "E");
    cr_assert_eq(DBFReadIntegerAttribute(dbf, 0, DBFGetFieldIndex(dbf, "KIDS")), 30);
    cr_assert_str_eq(DBFReadStringAttribute(dbf, 2, DBFGetFieldIndex(dbf, "LEVEL")), "junior");
    DBFClose(dbf);
    char *prj = slurp_in("d", "changed_blocks.prj"), *want = slurp_in("r2/run", "blocks.prj");
    char *cpg = slurp_in("d", "changed_blocks.cpg");
    cr_assert_str_eq(prj, want);
    cr_assert_str_eq(cpg, "UTF-8");
    free(prj), free(want), free(cpg);
    gdal_reads("d", 3);
}

Test(diff, empty_changed_blocks_open_in_gdal, .init = setup, .fini = teardown)
{
    write_run("r1", 4, 100);
    diff_cli("r1/run", "r1/run", "d");
    gdal_reads("d", 0);
}

Test(diff, deterministic_bytes, .init = setup, .fini = teardown)
{
    write_run("r1", 4, 100);
    write_run("r2", 5, 10);
    diff_cli("r1/run", "r2/run", "d1");
    diff_cli("r1/run", "r2/run", "d2");
    const char *files[] = {"diff.csv",
                           "moves.csv",
                           "diff.md",
                           "changed_blocks.shp",
                           "changed_blocks.shx",
                           "changed_blocks.dbf",
                           "changed_blocks.prj",
                           "changed_blocks.cpg",
                           "changed.pdf",
                           "changed-primary.png",
                           "changed-junior.png",
                           "map.html"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char cmd[3072];
        snprintf(cmd, sizeof cmd, "cmp %s %s", path_in("d1", files[i]), path_in("d2", files[i]));
        cr_assert_eq(zpt_run(cmd, NULL), 0, "%s differs between diffs", files[i]);
    }
}

/* The map of what changed: a PDF page and a PNG per level, and map.html's page of changes
 * holding exactly the moved blocks of diff.csv with the school each had. */
Test(diff, map_of_changes, .init = setup, .fini = teardown)
{
    write_run("r1", 4, 100);
    write_run("r2", 5, 10);
    diff_cli("r1/run", "r2/run", "d");
    size_t len = 0;
    char *pdf = zpt_slurp(path_in("d", "changed.pdf"), &len);
    cr_assert(pdf && len > 1000 && !memcmp(pdf, "%PDF-", 5));
    int pages = 0;
    for (char *q = pdf; (q = memmem(q, len - (size_t)(q - pdf), "/Type /Page", 11)); q += 11)
        pages += q[11] != 's';
    cr_assert_eq(pages, 2, "one page per level, got %d", pages);
    for (int l = 0; l < 2; l++) {
        char *png = zpt_slurp(path_in("d", l ? "changed-junior.png" : "changed-primary.png"), &len);
        cr_assert(png && len > 1000 && !memcmp(png, "\x89PNG", 4));
        free(png);
    }
    char *html = slurp_in("d", "map.html");
    char *at = strstr(html, "\"changes\":{\"from\":");
    cr_assert_not_null(at);
    json_error_t err;
    json_t *ch = json_loads(at + strlen("\"changes\":"), JSON_DISABLE_EOF_CHECK, &err);
    cr_assert_not_null(ch, "%s", err.text);
    json_t *moved = json_object_get(ch, "moved");
    cr_assert_eq(json_array_size(json_array_get(moved, 0)), 2, "B002 and B005 at primary");
    cr_assert_eq(json_array_size(json_array_get(moved, 1)), 1, "B005 at junior");
    json_t *m0 = json_array_get(json_array_get(moved, 0), 0),
           *m1 = json_array_get(json_array_get(moved, 0), 1);
    cr_assert_str_eq(json_string_value(json_object_get(m0, "was")), "西小 W", "B002 was at W");
    cr_assert(json_is_null(json_object_get(m1, "was")), "B005 is new in run 2: was null");
    cr_assert_eq(json_array_size(json_object_get(ch, "old")), 3, "run 1's three catchments");
    json_decref(ch);
    free(pdf);
    free(html);
}

/* map.html of the diff's moved blocks per level (the "b" of each entry), as JSON. */
static json_t *changes_of(const char *sub)
{
    char *html = slurp_in(sub, "map.html");
    char *at = strstr(html, "\"changes\":{\"from\":");
    cr_assert_not_null(at);
    json_error_t err;
    json_t *ch = json_loads(at + strlen("\"changes\":"), JSON_DISABLE_EOF_CHECK, &err);
    cr_assert_not_null(ch, "%s", err.text);
    free(html);
    return ch;
}

/* Run B published for the public: the diff's map is still the planner's (map.html, every
 * block); a block gone from run B is counted, not drawn; runs without a CRS still give the
 * tables, and a warning says why there is no map. */
Test(diff, map_of_changes_edge_cases, .init = setup, .fini = teardown)
{
    write_run("r1", 4, 100);
    write_run("r2", 5, 10);
    json_error_t err;
    json_t *sum = json_load_file(path_in("r1/run", "summary.json"), 0, &err);
    cr_assert_not_null(sum, "%s", err.text);
    json_object_set_new(sum, "publication", json_pack("{s:s}", "audience", "public"));
    cr_assert_eq(json_dump_file(sum, path_in("r1/run", "summary.json"), 0), 0);
    json_decref(sum);
    diff_cli("r2/run", "r1/run", "d"); /* B = r1, public; B005 gone from it */
    struct stat st;
    cr_assert_eq(stat(path_in("d", "notice-map.html"), &st), -1, "the diff's map went public");
    json_t *ch = changes_of("d");
    json_t *pri = json_array_get(json_object_get(ch, "moved"), 0);
    cr_assert_eq(json_array_size(pri), 1, "B002 drawn, B005 (gone from run B) not");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(pri, 0), "was")), "东小 E");
    json_decref(ch);
    char *html = slurp_in("d", "map.html");
    cr_assert(strstr(html, "\"kids\":["), "the planner's page carries the children");
    free(html);
    char cmd[3072], *log = NULL;
    snprintf(cmd, sizeof cmd, "rm %s", path_in("r2/run", "blocks.prj"));
    cr_assert_eq(zpt_run(cmd, NULL), 0);
    snprintf(cmd, sizeof cmd, "env -u ZP_QUIET %s diff %s %s --out %s --quiet", ZP_CLI,
             path_in("r1", "run"), path_in("r2", "run"), path_in("noprj", ""));
    cr_assert_eq(zpt_run(cmd, &log), 0, "%s", log);
    cr_assert(strstr(log, "blocks.prj: missing: the map of what changed"), "%s", log);
    free(log);
    cr_assert_eq(stat(path_in("noprj", "diff.csv"), &st), 0);
    cr_assert_eq(stat(path_in("noprj", "changed.pdf"), &st), -1);
}

/* A broken copy of run 1 named bad/run; returns its path. */
static char *broken_copy(void)
{
    write_run("r1", 4, 100);
    char cmd[3072];
    snprintf(cmd, sizeof cmd, "mkdir -p %s/bad && cp -r %s/r1/run %s/bad/run", dir, dir, dir);
    cr_assert_eq(zpt_run(cmd, NULL), 0);
    return path_in("bad", "run");
}

static void assert_input_error(const char *bad, const char *what)
{
    zp_diff *d = NULL;
    int rc = zp_diff_load(path_in("r1", "run"), bad, &d);
    cr_assert_eq(rc, ZP_EINPUT, "rc %d: %s", rc, zp_error_last());
    cr_assert_null(d);
    cr_assert(strstr(zp_error_last(), what), "message does not name %s: %s", what, zp_error_last());
}

Test(diff, missing_folder, .init = setup, .fini = teardown)
{
    write_run("r1", 4, 100);
    assert_input_error(path_in("nowhere", "run"), "nowhere/run");
    char args[3072], *log = NULL;
    snprintf(args, sizeof args, "diff %s %s", path_in("r1", "run"), path_in("nowhere", "run"));
    cr_assert_eq(cli(args, &log), 2, "%s", log);
    cr_assert(strstr(log, "nowhere/run"), "%s", log);
    free(log);
}

Test(diff, missing_blocks_dbf, .init = setup, .fini = teardown)
{
    char *bad = broken_copy();
    cr_assert_eq(remove(path_in("bad", "run/blocks.dbf")), 0);
    assert_input_error(bad, "blocks.dbf");
}

Test(diff, missing_blocks_shp, .init = setup, .fini = teardown)
{
    char *bad = broken_copy();
    cr_assert_eq(remove(path_in("bad", "run/blocks.shp")), 0);
    assert_input_error(bad, "bad/run/blocks.shp: missing");
}

Test(diff, duplicate_block_id, .init = setup, .fini = teardown)
{
    char *bad = broken_copy();
    DBFHandle dbf = DBFOpen(path_in("bad", "run/blocks.dbf"), "rb+");
    cr_assert_not_null(dbf);
    DBFWriteStringAttribute(dbf, 2, DBFGetFieldIndex(dbf, "BLOCK_ID"), "B001");
    DBFClose(dbf);
    assert_input_error(bad, "blocks.dbf: duplicate BLOCK_ID 'B001' in records 1 and 3");
}

Test(diff, summary_not_json, .init = setup, .fini = teardown)
{
    char *bad = broken_copy();
    zpt_write(path_in("bad", "run/summary.json"), "{\"scenario\": \"x\",\n  oops\n");
    assert_input_error(bad, "summary.json: line 2");
}

Test(diff, summary_without_flag_list, .init = setup, .fini = teardown)
{
    char *bad = broken_copy();
    zpt_write(path_in("bad", "run/summary.json"), "{\"scenario\": \"x\", \"flags\": {}}\n");
    assert_input_error(bad, "flag_list");
}

Test(diff, summary_bad_flag, .init = setup, .fini = teardown)
{
    char *bad = broken_copy();
    zpt_write(path_in("bad", "run/summary.json"),
              "{\"scenario\": \"x\", \"flag_list\": {\"plan\": [{\"flag\": \"class_size\", "
              "\"school_id\": \"W\", \"level\": \"primary\", \"grade\": null, \"value\": \"big\", "
              "\"limit\": 45}]}}\n");
    assert_input_error(bad, "summary.json: flag_list.plan[0]: value");
}

/* blocks.dbf of a run is UTF-8 (its .cpg says so): bytes that are not (here a code point
 * above U+10FFFF, which iconv lets through) are an encoding error naming file, record and
 * field, not ids printed as raw bytes. */
Test(diff, block_id_not_utf8, .init = setup, .fini = teardown)
{
    char *bad = broken_copy();
    DBFHandle dbf = DBFOpen(path_in("bad", "run/blocks.dbf"), "rb+");
    cr_assert_not_null(dbf);
    int f = DBFGetFieldIndex(dbf, "BLOCK_ID");
    cr_assert_eq(DBFGetFieldInfo(dbf, f, NULL, NULL, NULL), FTString);
    cr_assert(DBFWriteStringAttribute(dbf, 1, f, "\xf4\x90\x80\x80")); /* as wide as B002 */
    DBFClose(dbf);
    assert_input_error(bad,
                       "bad/run/blocks.dbf: record 2, field BLOCK_ID: text is not valid UTF-8");
    char args[3072], *log = NULL;
    snprintf(args, sizeof args, "diff %s %s --out %s", path_in("r1", "run"), bad, path_in("d", ""));
    cr_assert_eq(cli(args, &log), 2, "%s", log);
    cr_assert(strstr(log, "record 2, field BLOCK_ID") && !strstr(log, "\xf4"), "%s", log);
    free(log);
}

/* A summary.json that is a FIFO: open() would wait for a writer forever. The CLI under a
 * time limit, so a regression fails (exit 124) rather than hangs. */
Test(diff, summary_is_a_fifo, .init = setup, .fini = teardown)
{
    char *bad = broken_copy(), args[3072], *log = NULL;
    cr_assert_eq(remove(path_in("bad", "run/summary.json")), 0);
    cr_assert_eq(mkfifo(path_in("bad", "run/summary.json"), 0644), 0);
    snprintf(args, sizeof args, "timeout 10 %s diff %s %s --out %s", ZP_CLI, path_in("r1", "run"),
             bad, path_in("d", ""));
    cr_assert_eq(zpt_run(args, &log), 2, "%s", log);
    cr_assert(strstr(log, "bad/run/summary.json: is not a regular file (a FIFO)"), "%s", log);
    free(log);
}

/* A copy of SUB/run as NAME/run with its blocks.shp cut in the middle of record 3. */
static void truncated_copy(const char *sub, const char *name)
{
    char cmd[3072];
    snprintf(cmd, sizeof cmd, "mkdir -p %s/%s && cp -r %s/%s/run %s/%s/run", dir, name, dir, sub,
             dir, name);
    cr_assert_eq(zpt_run(cmd, NULL), 0);
    char base[1100];
    snprintf(base, sizeof base, "%s/%s/run/blocks", dir, name);
    SHPHandle shp = SHPOpen(base, "rb");
    cr_assert_not_null(shp);
    off_t at = (off_t)shp->panRecOffset[2] + 20;
    SHPClose(shp);
    cr_assert_eq(truncate(path_in(name, "run/blocks.shp"), at), 0);
}

/* Either run's blocks.shp cut short is an error in both orders, before anything is written:
 * run A's shapes used to be read only for blocks gone from B, so a corrupt A went through. */
Test(diff, truncated_shp_on_either_side, .init = setup, .fini = teardown)
{
    write_run("r1", 4, 100);
    write_run("r2", 5, 10);
    truncated_copy("r1", "bad1");
    truncated_copy("r2", "bad2");
    const char *pairs[][3] = {{"bad1", "r2", "bad1"},
                              {"r2", "bad1", "bad1"},
                              {"bad2", "r1", "bad2"},
                              {"r1", "bad2", "bad2"},
                              {"bad1", "bad1", "bad1"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char args[3072], want[1100], *log = NULL;
        snprintf(args, sizeof args, "diff %s/%s/run %s/%s/run --out %s/d%zu", dir, pairs[i][0], dir,
                 pairs[i][1], dir, i);
        int code = cli(args, &log);
        snprintf(want, sizeof want, "%s/%s/run/blocks.shp: record 3", dir, pairs[i][2]);
        cr_expect_eq(code, 2, "diff %s %s: exit %d: %s", pairs[i][0], pairs[i][1], code, log);
        cr_expect(strstr(log, want), "diff %s %s: the message lacks '%s': %s", pairs[i][0],
                  pairs[i][1], want, log);
        struct stat st;
        snprintf(want, sizeof want, "%s/d%zu", dir, i);
        cr_expect_neq(stat(want, &st), 0, "diff %s %s wrote %s", pairs[i][0], pairs[i][1], want);
        free(log);
    }
}

Test(diff, default_dir_names_both_runs, .init = setup, .fini = teardown)
{
    char *name = zp_diff_default_dir("/no/such/out/baseline/", "redraw");
    cr_assert_str_eq(name, "diff-baseline-vs-redraw");
    free(name);
}

/* The run's block layer: one polygon per block in input order, the plan and today's
 * school per level, byte-identical across runs. */
Test(diff, run_writes_blocks_shp, .init = setup, .fini = teardown)
{
    write_run("r1", 4, 100);
    cr_assert_eq(shp_records("r1/run", "blocks"), 4);
    DBFHandle dbf = DBFOpen(path_in("r1", "run/blocks.dbf"), "rb");
    cr_assert_not_null(dbf);
    const char *want[][4] = {{"BLOCK_ID", "B002"}, {"NAME", "幸福小区2号"}, {"PRI_SCH", "W"},
                             {"PRI_KIDS", "30"},   {"PRI_DIST", "200.0"},   {"PRI_CUR", ""},
                             {"JUN_SCH", "J"},     {"JUN_KIDS", "5"},       {"JUN_DIST", "100.0"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int f = DBFGetFieldIndex(dbf, want[i][0]);
        cr_assert(f >= 0, "no field %s", want[i][0]);
        const char *got = DBFReadStringAttribute(dbf, 1, f);
        while (*got == ' ')
            got++;
        cr_assert_str_eq(got, want[i][1], "%s", want[i][0]);
    }
    DBFClose(dbf);
    char args[3072];
    snprintf(args, sizeof args, "run %s/r1/scenario.yaml --out %s/r1/again --no-publish", dir, dir);
    cr_assert_eq(cli(args, NULL), 0);
    const char *files[] = {"blocks.shp", "blocks.shx", "blocks.dbf", "blocks.prj", "blocks.cpg"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char cmd[3072];
        snprintf(cmd, sizeof cmd, "cmp %s %s", path_in("r1/run", files[i]),
                 path_in("r1/again", files[i]));
        cr_assert_eq(zpt_run(cmd, NULL), 0, "%s differs between runs", files[i]);
    }
}

/* Point blocks are drawn as the Voronoi cells their catchments are made of. */
Test(diff, point_blocks_are_cells_in_blocks_shp, .init = setup, .fini = teardown)
{
    const zpt_school two[] = {{"W", "西小", "primary", 100, 100, 100, 0, 3, 0},
                              {"E", "东小", "primary", 700, 100, 100, 0, 3, 0}};
    zpt_grid g = {.nx = 4, .ny = 1, .schools = two, .nschools = 2, .points = 1};
    char *sc = zpt_write_grid(dir, &g, NULL), args[2048], *log = NULL;
    snprintf(args, sizeof args, "run %s --no-publish", sc);
    cr_assert_eq(cli(args, &log), 0, "%s", log);
    cr_assert_eq(shp_records("out", "blocks"), 4);
    cr_assert_eq(polygon_records("out", "blocks"), 4);
    free(log), free(sc);
}
