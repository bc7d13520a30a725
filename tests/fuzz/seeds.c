/* fuzz_seeds OUTDIR: writes the seed inputs of every harness into OUTDIR/<harness>/, in each
 * harness's input format (see the fuzz_*.c headers), from the fixture district (written by
 * the library's generator), a cut of data/sample, tests/data and scenarios/. The committed
 * corpora (tests/fuzz/corpus) were grown from these and minimised with -merge=1; run this
 * again when a format changes (tests/fuzz/README.md). */
#include <dirent.h>
#include <proj.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "zoneplan/io.h"
#include "zoneplan/errors.h"

static const char *out_dir;

static void seed(const char *harness, const char *name, const void *head, size_t head_len,
                 const void *data, size_t len)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", out_dir, harness);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/%s/%s", out_dir, harness, name);
    char *buf = malloc(head_len + len + 1);
    memcpy(buf, head, head_len);
    memcpy(buf + head_len, data, len);
    zpf_write(path, buf, head_len + len);
    free(buf);
}

static void seed_text(const char *harness, const char *name, const char *text)
{
    seed(harness, name, "", 0, text, strlen(text));
}

/* A file as a seed, after a header (dbf) or none. */
static void seed_file(const char *harness, const char *name, const char *head, const char *path)
{
    size_t len;
    char *data = zpf_read(path, &len);
    if (!data) {
        fprintf(stderr, "fuzz_seeds: cannot read %s\n", path);
        exit(1);
    }
    seed(harness, name, head, strlen(head), data, len);
    free(data);
}

/* Every regular file of a folder (tests/data/scenario, scenarios) as seeds, with a prefix. */
static void seed_folder(const char *harness, const char *prefix, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[2048], name[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(name, sizeof name, "%s%s", prefix, e->d_name);
        seed_file(harness, name, "", path);
    }
    if (d)
        closedir(d);
}

/* The shp harness's container: a 4-byte little-endian .shp length, the .shp, the .shx. */
static void seed_shp(const char *name, const char *base)
{
    char path[1024];
    size_t shp_len, shx_len;
    snprintf(path, sizeof path, "%s.shp", base);
    char *shp = zpf_read(path, &shp_len);
    snprintf(path, sizeof path, "%s.shx", base);
    char *shx = zpf_read(path, &shx_len);
    unsigned char head[4] = {shp_len & 255, shp_len >> 8 & 255, shp_len >> 16 & 255,
                             shp_len >> 24 & 255};
    char *both = malloc(shp_len + shx_len);
    memcpy(both, shp, shp_len);
    memcpy(both + shp_len, shx, shx_len);
    seed("shp", name, head, 4, both, shp_len + shx_len);
    free(both);
    free(shp);
    free(shx);
}

/* The first n shapes of a shapefile into a new one. */
static void cut_shapes(const char *from, const char *to, int n)
{
    SHPHandle in = SHPOpen(from, "rb");
    int count, type;
    SHPGetInfo(in, &count, &type, NULL, NULL);
    SHPHandle out = SHPCreate(to, type);
    for (int i = 0; i < n && i < count; i++) {
        SHPObject *o = SHPReadObject(in, i);
        SHPWriteObject(out, -1, o);
        SHPDestroyObject(o);
    }
    SHPClose(in);
    SHPClose(out);
}

/* The first n records of a table into a new one (seeds stay small: a few KB). */
static void cut_table(const char *from, const char *to, int n)
{
    DBFHandle in = DBFOpen(from, "rb");
    DBFHandle out = DBFCloneEmpty(in, to);
    for (int i = 0; i < n && i < DBFGetRecordCount(in); i++)
        DBFWriteTuple(out, i, (void *)DBFReadTuple(in, i));
    DBFClose(in);
    DBFClose(out);
}

static void seeds_shp(double cx, double cy)
{
    cut_shapes(zpf_path("fix/blocks"), zpf_path("seed/fixture6"), 6);
    seed_shp("fixture-6-blocks", zpf_path("seed/fixture6"));
    seed_shp("fixture-schools", zpf_path("fix/schools"));
    cut_shapes(ZP_SOURCE_DIR "/data/sample/blocks", zpf_path("seed/sample3"), 3);
    seed_shp("sample-3-blocks", zpf_path("seed/sample3"));
    /* two blocks: a square with a hole, and a two-part polygon (Z), an empty record */
    double x[] = {cx,       cx,       cx + 400, cx + 400, cx,       cx + 100, cx + 300,
                  cx + 300, cx + 100, cx + 100, cx + 400, cx + 400, cx + 800, cx + 800,
                  cx + 400, cx + 800, cx + 800, cx + 900, cx + 900, cx + 800};
    double y[] = {cy, cy + 400, cy + 400, cy, cy, cy + 100, cy + 100, cy + 300, cy + 300, cy + 100,
                  cy, cy + 400, cy + 400, cy, cy, cy,       cy + 100, cy + 100, cy,       cy};
    double z[20] = {0};
    int hole_parts[] = {0, 5}, two_parts[] = {0, 5};
    SHPHandle shp = SHPCreate(zpf_path("seed/holes"), SHPT_POLYGONZ);
    SHPObject *o = SHPCreateObject(SHPT_POLYGONZ, -1, 2, hole_parts, NULL, 10, x, y, z, NULL);
    SHPWriteObject(shp, -1, o);
    SHPDestroyObject(o);
    o = SHPCreateObject(SHPT_POLYGONZ, -1, 2, two_parts, NULL, 10, x + 10, y + 10, z, NULL);
    SHPWriteObject(shp, -1, o);
    SHPDestroyObject(o);
    SHPClose(shp);
    seed_shp("hole-and-two-parts", zpf_path("seed/holes"));
}

/* A table the dbf harness's mappings g and t read: grades or grade classes. */
static void write_grade_table(const char *base, int schools)
{
    DBFHandle dbf = DBFCreateEx(base, "UTF-8");
    DBFAddField(dbf, schools ? "SCHOOL_ID" : "BLOCK_ID", FTString, 10, 0);
    DBFAddField(dbf, "NAME", FTString, 40, 0);
    DBFAddField(dbf, schools ? "TYPE" : "CUR_PRI", FTString, 12, 0);
    if (schools) {
        DBFAddField(dbf, "CAP_PRI", FTInteger, 9, 0);
        DBFAddField(dbf, "CAP_JUN", FTInteger, 9, 0);
    } else {
        DBFAddField(dbf, "LOCKED", FTString, 6, 0);
    }
    for (int g = 1; g <= 9; g++) {
        char f[8];
        snprintf(f, sizeof f, "%c%d", schools ? 'C' : 'G', g);
        DBFAddField(dbf, f, FTInteger, 6, 0);
    }
    static const char *types[] = {"小学", "junior", "nine_year", "初中"};
    static const char *locks[] = {"1", "是", "F", ""};
    for (int r = 0; r < 4; r++) {
        char id[16], name[40];
        snprintf(id, sizeof id, "%c%03d", schools ? 'S' : 'B', r + 1);
        snprintf(name, sizeof name, "%s%d", schools ? "学校" : "小区", r + 1);
        DBFWriteStringAttribute(dbf, r, 0, id);
        DBFWriteStringAttribute(dbf, r, 1, name);
        DBFWriteStringAttribute(dbf, r, 2, schools ? types[r] : r ? "S001" : "");
        int f = 3;
        if (schools) {
            DBFWriteIntegerAttribute(dbf, r, f++, 400);
            DBFWriteIntegerAttribute(dbf, r, f++, 300);
        } else {
            DBFWriteStringAttribute(dbf, r, f++, locks[r]);
        }
        for (int g = 0; g < 9; g++, f++)
            if (r == 3 && g == 4)
                DBFWriteNULLAttribute(dbf, r, f);
            else
                DBFWriteIntegerAttribute(dbf, r, f, schools ? 2 + g % 3 : 10 + g);
    }
    DBFClose(dbf);
}

static void seeds_dbf(void)
{
    cut_table(zpf_path("fix/blocks.dbf"), zpf_path("seed/blocks6.dbf"), 6);
    seed_file("dbf", "fixture-blocks-cpg-gbk", "bcGBK\n", zpf_path("seed/blocks6.dbf"));
    seed_file("dbf", "fixture-blocks-enc-gb18030", "beGB18030\n", zpf_path("seed/blocks6.dbf"));
    seed_file("dbf", "fixture-blocks-no-cpg", "bn\n", zpf_path("seed/blocks6.dbf"));
    seed_file("dbf", "fixture-schools-cpg-936", "sc936\n", zpf_path("fix/schools.dbf"));
    cut_table(ZP_SOURCE_DIR "/data/sample/schools.dbf", zpf_path("seed/schools5.dbf"), 5);
    seed_file("dbf", "sample-schools-cpg-gbk", "scGBK\n", zpf_path("seed/schools5.dbf"));
    write_grade_table(zpf_path("seed/grades"), 0);
    seed_file("dbf", "grades-locked-utf8", "gcUTF-8\n", zpf_path("seed/grades.dbf"));
    write_grade_table(zpf_path("seed/grade_classes"), 1);
    seed_file("dbf", "grade-classes-utf8", "tn\n", zpf_path("seed/grade_classes.dbf"));
}

static void seeds_prj(void)
{
    seed_text("prj", "epsg-code", "EPSG:4547");
    seed_text("prj", "proj-string", ZPF_CRS);
    PJ_CONTEXT *ctx = proj_context_create();
    static const struct {
        const char *code, *name;
        PJ_WKT_TYPE type;
    } wkts[] = {{"EPSG:4547", "esri-wkt1-4547", PJ_WKT1_ESRI},
                {"EPSG:4547", "wkt2-4547", PJ_WKT2_2019},
                {"EPSG:4490", "esri-geographic-4490", PJ_WKT1_ESRI},
                {"EPSG:2383", "gdal-wkt1-xian80-2383", PJ_WKT1_GDAL}};
    for (size_t i = 0; i < sizeof wkts / sizeof wkts[0]; i++) {
        PJ *crs = proj_create(ctx, wkts[i].code);
        seed_text("prj", wkts[i].name, proj_as_wkt(ctx, crs, wkts[i].type, NULL));
        proj_destroy(crs);
    }
    proj_context_destroy(ctx);
}

static void seeds_scenario(double cx, double cy)
{
    seed_file("scenario", "fixture", "", zpf_path("fix/scenario.yaml"));
    seed_folder("scenario", "tests-", ZP_SOURCE_DIR "/tests/data/scenario");
    seed_folder("scenario", "sample-", ZP_SOURCE_DIR "/scenarios");
    char text[4096];
    snprintf(text, sizeof text,
             "name: fixture with every change\n"
             "blocks:  {path: blocks.shp, id: BLOCK_ID, name: NAME, encoding: GBK,\n"
             "          children: {primary: PRI, junior: JUN}, current: {primary: CUR_PRI}}\n"
             "schools: {path: schools.shp, id: SCHOOL_ID, name: NAME, type: TYPE,\n"
             "          capacity: {primary: CAP_PRI, junior: CAP_JUN},\n"
             "          classes: {primary: CLS_PRI, junior: CLS_JUN}}\n"
             "policy: {move_penalty_m: 200, feeder: true, adjacency: {tolerance_m: 2}}\n"
             "changes:\n"
             "  - add_school: {id: S100, name: 新校, type: nine_year, x: %.1f, y: %.1f,\n"
             "                 capacity: {primary: 300, junior: 200}, classes: {primary: 8}}\n"
             "  - add_school: {id: S101, type: primary, x: 114.3, y: 30.6, crs: \"EPSG:4490\",\n"
             "                 capacity: {primary: 100}}\n"
             "  - close_school: {id: S002}\n"
             "  - set_capacity: {id: S003, primary: 500}\n"
             "  - set_classes: {id: S001, junior: 6}\n"
             "  - scale_children: {factor: 1.5, blocks: [B00001, B00002], levels: [primary]}\n"
             "  - scale_children: {factor: 0.8, within: river.shp}\n"
             "  - add_estate: {id: E1, name: 新城, children: {primary: 120, junior: 40},\n"
             "                 polygon: [[%.1f, %.1f], [%.1f, %.1f], [%.1f, %.1f], [%.1f, %.1f]]}\n"
             "  - set_policy: {contiguity: false, class_cap: {junior: 45}}\n"
             "output: {dir: out, publish: {formats: [pdf, html], lang: en, dpi: 96}}\n",
             cx, cy, cx - 150, cy - 150, cx - 150, cy + 150, cx + 150, cy + 150, cx + 150,
             cy - 150);
    seed_text("scenario", "fixture-changes", text);
    seed_text("scenario", "fixture-siting",
              "name: fixture siting\n"
              "base: scenario.yaml\n"
              "changes:\n"
              "  - scale_children: {factor: 3, within: river.shp, levels: [primary, junior]}\n");
    seed_text(
        "scenario", "fixture-siting-grid",
        "name: fixture siting grid\n"
        "blocks:  {path: blocks.shp, id: BLOCK_ID, children: {primary: PRI, junior: JUN}}\n"
        "schools: {path: schools.shp, id: SCHOOL_ID, type: TYPE, capacity: {primary: CAP_PRI, "
        "junior: CAP_JUN}}\n"
        "siting:\n"
        "  candidates: {grid: {spacing_m: 250}}\n"
        "  designs:\n"
        "    - {type: primary, classes: 12, cost: 1}\n"
        "    - {type: nine_year, classes: {primary: 6, junior: 3}, cost: 1.5}\n"
        "  open: {min: 1, max: 2}\n"
        "  budget: 2.5\n"
        "  close: [S002, S003]\n");
    seed_text(
        "scenario", "fixture-siting-parcels",
        "name: fixture siting parcels\n"
        "blocks:  {path: blocks.shp, id: BLOCK_ID, children: {junior: JUN}}\n"
        "schools: {path: schools.shp, id: SCHOOL_ID, type: TYPE, capacity: {junior: "
        "CAP_JUN}}\n"
        "siting: {candidates: {path: schools.shp, id: SCHOOL_ID, name: NAME, cost: CAP_PRI},\n"
        "         designs: [{type: junior, classes: 4}], open: 1}\n");
}

static void seeds_summary(void)
{
    seed_file("summary", "fixture-run", "", zpf_path("run/summary.json"));
    seed_text("summary", "minimal",
              "{\"scenario\": \"x\", \"flag_list\": {\"plan\": [{\"flag\": \"class_size\", "
              "\"school_id\": \"S001\", \"level\": \"primary\", \"grade\": 3, \"value\": 47, "
              "\"limit\": 45}]}, \"levels\": {\"primary\": {\"service_radius_m\": 500}}}");
}

static void seeds_holmberg(void)
{
    seed_file("holmberg", "p1", "", ZP_SOURCE_DIR "/tests/data/sscflp/p1");
    seed_text("holmberg", "tiny", "2 3\n10 5\n10 7\n3 4 5\n1 2 3\n4 5 6\n");
    static const char padded[] = "1 2\n20 3.5\n4 6\n1.5 2\n\0\0\0x";
    seed("holmberg", "nul-padding", "", 0, padded, sizeof padded - 1);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz_seeds OUTDIR\n");
        return 1;
    }
    out_dir = argv[1];
    mkdir(out_dir, 0777);
    zp_warn_set_echo(0);
    zp_progress_set_quiet(1);
    zpf_run_folder();
    zpf_mkdir("seed");
    SHPHandle blocks = SHPOpen(zpf_path("fix/blocks"), "rb");
    double lo[4], hi[4];
    int n, type;
    SHPGetInfo(blocks, &n, &type, lo, hi);
    SHPClose(blocks);
    double cx = (lo[0] + hi[0]) / 2, cy = (lo[1] + hi[1]) / 2;
    seeds_shp(cx, cy);
    seeds_dbf();
    seeds_prj();
    seeds_scenario(cx, cy);
    seeds_summary();
    seeds_holmberg();
    return 0;
}
