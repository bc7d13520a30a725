/* The quality-balance audit (优质均衡, 2017) in whole runs, through the CLI: enforce_audit
 * checked against the rule re-applied here from the raw files (generated districts'
 * schools.dbf and the run's assignment.csv, not the code under test), a hand-solved district
 * where the plan flips a school from fail to pass, and the audit's outputs written only when
 * the scenario maps resources. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "support.h"

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

static char *slurp_in(const char *folder, const char *name)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    return zpt_slurp(path, NULL);
}

/* ---- CSV: one record per line (the run's CSVs have no line breaks in fields) ---- */

#define MAXF 40

/* Splits the line at *p (RFC 4180 quotes) into f[] (copies into buf), advances *p past it.
 * Returns the number of fields, 0 at the end of the text. */
static int csv_next(const char **p, char *buf, size_t size, char *f[MAXF])
{
    const char *s = *p;
    if (!*s)
        return 0;
    int n = 0;
    size_t k = 0;
    f[n++] = buf;
    int quoted = 0;
    for (; *s && (quoted || (*s != '\n' && *s != '\r')); s++) {
        if (quoted && *s == '"' && s[1] == '"')
            buf[k++] = *s++;
        else if (*s == '"')
            quoted = !quoted;
        else if (!quoted && *s == ',') {
            buf[k++] = '\0';
            if (n < MAXF)
                f[n++] = buf + k;
        } else
            buf[k++] = *s;
        cr_assert(k < size - 1, "CSV line too long");
    }
    buf[k] = '\0';
    while (*s == '\r' || *s == '\n')
        s++;
    *p = s;
    return n;
}

static int column(char *const *f, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(f[i], name))
            return i;
    cr_assert_fail("no column %s", name);
    return -1;
}

/* ---- the rule, written out again from the standard ---- */

enum { PRI = 0, JUN = 1 };
enum { T_PRIMARY, T_JUNIOR, T_NINE };
#define NIND 7

static const char *const res_field[NIND] = {"TCH_QUAL",   "TCH_KEY",    "TCH_PEART", "AREA_TEACH",
                                            "AREA_SPORT", "EQUIP_YUAN", "MM_ROOMS"};
static const double per[NIND] = {100, 100, 100, 1, 1, 1, 100};
static const double thr[2][NIND] = {{4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3},
                                    {5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4}};

/* A figure this close below its threshold is at it (decimals such as 2.3 are not exact). */
#define AT(v, t) ((v) >= (t) * (1 - 1e-9))

/* Pass: at least 6 of the 7 met, and the one missed (if any) at least 85 % of its threshold. */
static int passes(const double value[NIND], int level)
{
    int missed = 0, floor_ok = 1;
    for (int i = 0; i < NIND; i++)
        if (!AT(value[i], thr[level][i])) {
            missed++;
            floor_ok &= AT(value[i], 0.85 * thr[level][i]);
        }
    return missed <= 1 && floor_ok;
}

typedef struct school {
    char id[32];
    int type;
    double whole[NIND];
    long long pupils[2];
} school;

typedef struct district {
    school s[64];
    int ns;
    long long children[2]; /* from blocks.dbf */
} district;

static int school_at(district *d, const char *id)
{
    for (int i = 0; i < d->ns; i++)
        if (!strcmp(d->s[i].id, id))
            return i;
    cr_assert_fail("assignment names an unknown school %s", id);
    return -1;
}

/* The generated schools.dbf (UTF-8: gen --encoding UTF-8) and the children in blocks.dbf. */
static void read_district(const char *folder, district *d)
{
    char base[2048];
    memset(d, 0, sizeof *d);
    snprintf(base, sizeof base, "%s/schools", folder);
    DBFHandle h = DBFOpen(base, "rb");
    cr_assert_not_null(h, "cannot open %s.dbf", base);
    int fid = DBFGetFieldIndex(h, "SCHOOL_ID"), ftype = DBFGetFieldIndex(h, "TYPE"), fres[NIND];
    cr_assert(fid >= 0 && ftype >= 0);
    for (int i = 0; i < NIND; i++) {
        fres[i] = DBFGetFieldIndex(h, res_field[i]);
        cr_assert(fres[i] >= 0, "schools.dbf has no %s", res_field[i]);
    }
    d->ns = DBFGetRecordCount(h);
    cr_assert(d->ns > 0 && d->ns <= 64);
    for (int r = 0; r < d->ns; r++) {
        school *s = &d->s[r];
        snprintf(s->id, sizeof s->id, "%s", DBFReadStringAttribute(h, r, fid));
        const char *t = DBFReadStringAttribute(h, r, ftype);
        s->type = !strcmp(t, "小学") ? T_PRIMARY : !strcmp(t, "初中") ? T_JUNIOR : T_NINE;
        cr_assert(s->type != T_NINE || !strcmp(t, "九年一贯制"), "school type %s", t);
        for (int i = 0; i < NIND; i++) {
            cr_assert_not(DBFIsAttributeNULL(h, r, fres[i]), "%s %s blank", s->id, res_field[i]);
            s->whole[i] = DBFReadDoubleAttribute(h, r, fres[i]);
        }
    }
    DBFClose(h);
    snprintf(base, sizeof base, "%s/blocks", folder);
    h = DBFOpen(base, "rb");
    cr_assert_not_null(h);
    int fk[2] = {DBFGetFieldIndex(h, "PRI"), DBFGetFieldIndex(h, "JUN")};
    for (int r = 0; r < DBFGetRecordCount(h); r++)
        for (int l = 0; l < 2; l++)
            d->children[l] += DBFReadIntegerAttribute(h, r, fk[l]);
    DBFClose(h);
}

/* Pupils per school and level from the run's assignment.csv; every child is either placed or
 * listed unplaced (empty school_id). */
static void read_assignment(const char *out, district *d)
{
    for (int s = 0; s < d->ns; s++)
        d->s[s].pupils[PRI] = d->s[s].pupils[JUN] = 0;
    char *csv = slurp_in(out, "assignment.csv"), buf[4096], *f[MAXF];
    cr_assert_not_null(csv, "no assignment.csv in %s", out);
    const char *p = csv;
    int n = csv_next(&p, buf, sizeof buf, f);
    int clevel = column(f, n, "level"), cschool = column(f, n, "school_id"),
        ckids = column(f, n, "children");
    long long total[2] = {0, 0};
    while ((n = csv_next(&p, buf, sizeof buf, f)) > 0) {
        cr_assert(n == 6, "assignment row of %d fields", n);
        int l = !strcmp(f[clevel], "primary") ? PRI : !strcmp(f[clevel], "junior") ? JUN : -1;
        cr_assert(l >= 0, "level %s", f[clevel]);
        long long kids = atoll(f[ckids]);
        total[l] += kids;
        if (f[cschool][0])
            d->s[school_at(d, f[cschool])].pupils[l] += kids;
    }
    for (int l = 0; l < 2; l++)
        cr_assert_eq(total[l], d->children[l],
                     "%s: %lld children in assignment.csv, %lld in blocks",
                     l ? "junior" : "primary", total[l], d->children[l]);
    free(csv);
}

static int serves(int type, int l)
{
    return type == T_NINE || type == (l == PRI ? T_PRIMARY : T_JUNIOR);
}

/* The school's verdict at level l: 1 pass, 0 fail, -1 not assessed (no pupils). A nine-year
 * school's whole-school resources go to its levels in proportion to pupils (junior weight 1). */
static int verdict(const school *s, int l, double value[NIND])
{
    long long P = s->pupils[l];
    if (P <= 0)
        return -1;
    double share = 1;
    if (s->type == T_NINE) {
        double wp = (double)s->pupils[PRI], wj = 1.0 * (double)s->pupils[JUN];
        share = (l == PRI ? wp : wj) / (wp + wj);
    }
    for (int i = 0; i < NIND; i++)
        value[i] = s->whole[i] * share / (double)P * per[i];
    return passes(value, l);
}

/* audit.csv's plan rows against our own verdicts and pupils; returns the plan rows seen. */
static int cross_check_audit_csv(const char *out, district *d)
{
    char *csv = slurp_in(out, "audit.csv"), buf[8192], *f[MAXF];
    cr_assert_not_null(csv, "no audit.csv in %s", out);
    const char *p = csv;
    int n = csv_next(&p, buf, sizeof buf, f), rows = 0;
    cr_assert_eq(n, 7 + 3 * NIND + 4, "audit.csv header of %d columns", n);
    int cwhich = column(f, n, "catchments"), cid = column(f, n, "school_id"),
        clevel = column(f, n, "level"), cpup = column(f, n, "pupils"),
        cverdict = column(f, n, "verdict");
    while ((n = csv_next(&p, buf, sizeof buf, f)) > 0) {
        cr_assert_eq(n, 7 + 3 * NIND + 4);
        if (strcmp(f[cwhich], "plan"))
            continue;
        rows++;
        school *s = &d->s[school_at(d, f[cid])];
        int l = !strcmp(f[clevel], "primary") ? PRI : JUN;
        cr_assert(serves(s->type, l), "%s listed at a level it does not serve", s->id);
        cr_assert_eq(atoll(f[cpup]), s->pupils[l], "%s %s: audit.csv %s pupils, assignment %lld",
                     s->id, f[clevel], f[cpup], s->pupils[l]);
        double v[NIND];
        int mine = verdict(s, l, v);
        const char *want = mine < 0 ? "not_assessed" : mine ? "pass" : "fail";
        cr_assert_str_eq(f[cverdict], want, "%s %s (%lld pupils): audit.csv says %s, the rule %s",
                         s->id, f[clevel], s->pupils[l], f[cverdict], want);
    }
    free(csv);
    return rows;
}

/* A generated district and a scenario over it mapping all seven resources, straight-line
 * distances (no roads), contiguity as by default. */
static void gen_district(const char *folder, int blocks, int schools, int seed)
{
    char args[2048], *log = NULL;
    snprintf(args, sizeof args,
             "gen --out %s --blocks %d --schools %d --seed %d --encoding UTF-8 --quiet", folder,
             blocks, schools, seed);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    free(log);
    for (int enforce = 0; enforce < 2; enforce++) {
        char path[2048], yaml[2048];
        snprintf(path, sizeof path, "%s/audit-%d.yaml", folder, enforce);
        snprintf(yaml, sizeof yaml,
                 "name: generated district %d, audited\n"
                 "blocks: {path: blocks.shp, id: BLOCK_ID, name: NAME,\n"
                 "         children: {primary: PRI, junior: JUN},\n"
                 "         current: {primary: CUR_PRI, junior: CUR_JUN}}\n"
                 "schools:\n"
                 "  path: schools.shp\n"
                 "  id: SCHOOL_ID\n"
                 "  name: NAME\n"
                 "  type: TYPE\n"
                 "  capacity: {primary: CAP_PRI, junior: CAP_JUN}\n"
                 "  classes: {primary: CLS_PRI, junior: CLS_JUN}\n"
                 "  resources: {qualified_teachers: TCH_QUAL, key_teachers: TCH_KEY,\n"
                 "              pe_arts_teachers: TCH_PEART, teaching_area: AREA_TEACH,\n"
                 "              sports_area: AREA_SPORT, equipment_value: EQUIP_YUAN,\n"
                 "              multimedia_rooms: MM_ROOMS}\n"
                 "policy:\n"
                 "  enforce_audit: %s\n"
                 "output: {dir: out-%d, publish: false}\n",
                 seed, enforce ? "true" : "false", enforce);
        zpt_write(path, yaml);
    }
}

Test(audit_run, enforce_audit_never_leaves_a_failing_school, .init = setup, .fini = teardown,
     .timeout = 120)
{
    static const struct {
        int seed, blocks, schools;
    } cases[] = {{11, 400, 10}, {12, 500, 12}, {13, 600, 14}, {14, 450, 11}};
    int failing_without = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char folder[1200], args[2048], out[1400], *log = NULL;
        snprintf(folder, sizeof folder, "%s/d%d", dir, cases[c].seed);
        gen_district(folder, cases[c].blocks, cases[c].schools, cases[c].seed);
        district d;
        read_district(folder, &d);
        cr_assert_eq(d.ns, cases[c].schools);
        for (int enforce = 1; enforce >= 0; enforce--) {
            snprintf(args, sizeof args, "run %s/audit-%d.yaml --no-publish", folder, enforce);
            cr_assert_eq(zpt_cli(args, &log), 0, "seed %d: %s", cases[c].seed, log);
            free(log);
            log = NULL;
            snprintf(out, sizeof out, "%s/out-%d", folder, enforce);
            read_assignment(out, &d);
            int fails = 0, assessed = 0;
            for (int s = 0; s < d.ns; s++)
                for (int l = 0; l < 2; l++) {
                    double v[NIND];
                    int ok = verdict(&d.s[s], l, v);
                    if (ok < 0)
                        continue;
                    cr_assert(serves(d.s[s].type, l), "seed %d: %s has %s pupils", cases[c].seed,
                              d.s[s].id, l ? "junior" : "primary");
                    assessed++;
                    fails += !ok;
                    if (enforce)
                        cr_assert(ok,
                                  "seed %d, enforce_audit: %s fails at %s with %lld pupils "
                                  "(%lld primary, %lld junior): %.3f %.3f %.3f %.3f %.3f %.1f %.3f",
                                  cases[c].seed, d.s[s].id, l ? "junior" : "primary",
                                  d.s[s].pupils[l], d.s[s].pupils[PRI], d.s[s].pupils[JUN], v[0],
                                  v[1], v[2], v[3], v[4], v[5], v[6]);
                }
            cr_assert(assessed >= d.ns, "seed %d: only %d school levels have pupils", cases[c].seed,
                      assessed);
            if (!enforce)
                failing_without += fails;
            int rows = cross_check_audit_csv(out, &d);
            cr_assert(rows >= assessed);
        }
    }
    /* Without the cap the same districts' plans do have failing schools: the check above
     * could fail. */
    cr_assert(failing_without > 0, "no district fails without enforce_audit: the test is void");
}

/* ---- a hand-solved flip ---- */

/* Four blocks of 200 m in a row, centres at x = 100, 300, 500, 700 m, 100 primary children
 * each (EPSG:4547 metres, the fixture's grid). School A (城关小学) at x = 100 (B001's centre),
 * B (东湖小学) at x = 700 (B004's centre), 400 places and 10 classes each.
 *
 * Today B001, B002 and B003 go to A (300 pupils), B004 to B (100). A's resources: 20
 * qualified, 5 key, 5 PE/arts teachers, 2,000 m² teaching, 1,800 m² sports, 1,000,000 yuan,
 * 10 multimedia rooms. At 300 pupils: 6.667, 1.667, 1.667 per 100; 6.667 m²; sports
 * 1,800 / 300 = 6.000 m², 80 % of 7.5, below the 85 % floor (6.375): A fails on sports alone
 * (6 of 7 met). B has the same but 3,000 m² of sports ground: at 100 pupils 30.000, passes.
 *
 * The plan (nearest with room; both schools have room for all): B001 (0 m) and B002 (200 m)
 * at A, B003 at B (200 m against 400 m to A), B004 at B (0 m): A 200, B 200. A at 200: 10.000,
 * 2.500, 2.500, 10.000, sports 1,800 / 200 = 9.000 (>= 7.5), 5,000 yuan, 5.000 rooms: 7 of
 * 7, pass. B at 200: 10.000, 2.500, 2.500, 10.000, sports 15.000, 5,000, 5.000: pass. */
static const zpt_school flip_schools[] = {
    {"A", "城关小学", "primary", 100, 100, 400, 0, 10, 0},
    {"B", "东湖小学", "primary", 700, 100, 400, 0, 10, 0},
};
static const double flip_res[2][NIND] = {{20, 5, 5, 2000, 1800, 1000000, 10},
                                         {20, 5, 5, 2000, 3000, 1000000, 10}};

/* The fixture's grid and schools, then schools.dbf rewritten with the resources and a
 * scenario with (resources set) or without them. Returns the scenario path (malloc'd). */
static char *flip_district(int resources)
{
    static const int pri[] = {100, 100, 100, 100}, jun[] = {0, 0, 0, 0};
    static const char *cur[] = {"A", "A", "A", "B"};
    zpt_grid g = {.nx = 4,
                  .ny = 1,
                  .pri = pri,
                  .jun = jun,
                  .cur_pri = cur,
                  .schools = flip_schools,
                  .nschools = 2};
    free(zpt_write_grid(dir, &g, NULL));
    /* the fixture's schools.dbf has no resource fields: write it again with them */
    char base[1100];
    snprintf(base, sizeof base, "%s/schools", dir);
    DBFHandle h = DBFCreateEx(base, "UTF-8");
    cr_assert_not_null(h);
    DBFAddField(h, "SCHOOL_ID", FTString, 20, 0);
    DBFAddField(h, "NAME", FTString, 60, 0);
    DBFAddField(h, "TYPE", FTString, 20, 0);
    DBFAddField(h, "CAP_PRI", FTInteger, 8, 0);
    DBFAddField(h, "CLS_PRI", FTInteger, 8, 0);
    for (int i = 0; i < NIND; i++)
        DBFAddField(h, res_field[i], FTDouble, 14, 1);
    for (int s = 0; s < 2; s++) {
        DBFWriteStringAttribute(h, s, 0, flip_schools[s].id);
        DBFWriteStringAttribute(h, s, 1, flip_schools[s].name);
        DBFWriteStringAttribute(h, s, 2, flip_schools[s].type);
        DBFWriteIntegerAttribute(h, s, 3, flip_schools[s].cap_pri);
        DBFWriteIntegerAttribute(h, s, 4, flip_schools[s].cls_pri);
        for (int i = 0; i < NIND; i++)
            DBFWriteDoubleAttribute(h, s, 5 + i, flip_res[s][i]);
    }
    DBFClose(h);
    char path[1100], yaml[2048];
    snprintf(path, sizeof path, "%s/flip-%d.yaml", dir, resources);
    snprintf(yaml, sizeof yaml,
             "name: the plan flips A\n"
             "blocks: {path: blocks.shp, id: BLOCK_ID, name: NAME, children: {primary: PRI},\n"
             "         current: {primary: CUR_PRI}}\n"
             "schools:\n"
             "  path: schools.shp\n"
             "  id: SCHOOL_ID\n"
             "  name: NAME\n"
             "  type: TYPE\n"
             "  capacity: {primary: CAP_PRI}\n"
             "  classes: {primary: CLS_PRI}\n"
             "%s"
             "crs: \"EPSG:4547\"\n"
             "output: {dir: out-%d, publish: false, lang: en}\n",
             resources ? "  resources: {qualified_teachers: TCH_QUAL, key_teachers: TCH_KEY,\n"
                         "              pe_arts_teachers: TCH_PEART, teaching_area: AREA_TEACH,\n"
                         "              sports_area: AREA_SPORT, equipment_value: EQUIP_YUAN,\n"
                         "              multimedia_rooms: MM_ROOMS}\n"
                       : "",
             resources);
    zpt_write(path, yaml);
    return strdup(path);
}

static char *flip_out(int resources, const char *name)
{
    char folder[1100];
    snprintf(folder, sizeof folder, "%s/out-%d", dir, resources);
    return slurp_in(folder, name);
}

Test(audit_run, a_plan_moving_pupils_flips_a_school_to_pass, .init = setup, .fini = teardown)
{
    char *sc = flip_district(1), args[1200], *log = NULL;
    snprintf(args, sizeof args, "run %s --no-publish", sc);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    cr_expect(strstr(log, "primary 2 of 2 schools pass (current catchments 1 of 2)"), "%s", log);
    char *assign = flip_out(1, "assignment.csv");
    cr_assert_not_null(assign);
    cr_assert_str_eq(assign, "block_id,block_name,level,school_id,children,distance_m\n"
                             "B001,幸福小区1号,primary,A,100,0.0\n"
                             "B002,幸福小区2号,primary,A,100,200.0\n"
                             "B003,幸福小区3号,primary,B,100,200.0\n"
                             "B004,幸福小区4号,primary,B,100,0.0\n");
    char *audit = flip_out(1, "audit.csv");
    cr_assert_not_null(audit);
    /* A: today 300 pupils, sports 6.000 (no), fail; the plan 200, sports 9.000, pass. */
    cr_assert(strstr(audit, "\ncurrent,A,城关小学,primary,primary,300,whole,"
                            "6.667,4.2,yes,1.667,1,yes,1.667,0.9,yes,6.667,4.5,yes,"
                            "6.000,7.5,no,3333.333,2000,yes,3.333,2.3,yes,6,7,fail,sports_area\n"),
              "%s", audit);
    cr_assert(strstr(audit, "\nplan,A,城关小学,primary,primary,200,whole,"
                            "10.000,4.2,yes,2.500,1,yes,2.500,0.9,yes,10.000,4.5,yes,"
                            "9.000,7.5,yes,5000.000,2000,yes,5.000,2.3,yes,7,7,pass,\n"),
              "%s", audit);
    /* B passes both ways: 100 pupils today (sports 30.000), 200 in the plan (15.000). */
    cr_assert(strstr(audit, "\ncurrent,B,东湖小学,primary,primary,100,whole,"
                            "20.000,4.2,yes,5.000,1,yes,5.000,0.9,yes,20.000,4.5,yes,"
                            "30.000,7.5,yes,10000.000,2000,yes,10.000,2.3,yes,7,7,pass,\n"),
              "%s", audit);
    cr_assert(strstr(audit, "\nplan,B,东湖小学,primary,primary,200,whole,"
                            "10.000,4.2,yes,2.500,1,yes,2.500,0.9,yes,10.000,4.5,yes,"
                            "15.000,7.5,yes,5000.000,2000,yes,5.000,2.3,yes,7,7,pass,\n"),
              "%s", audit);
    char *report = flip_out(1, "report.md");
    cr_assert_not_null(report);
    const char *changes = strstr(report, "What the plan changes:");
    cr_assert_not_null(changes, "%s", report);
    cr_assert(strstr(changes, "- 城关小学 (A, primary): fail → pass\n"), "%s", changes);
    cr_assert_null(strstr(changes, "(B, primary)"), "%s", changes);
    free(assign), free(audit), free(report), free(log), free(sc);
}

/* ---- written only with resources ---- */

static json_t *load_json(const char *folder)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/summary.json", folder);
    json_error_t err;
    json_t *j = json_load_file(path, 0, &err);
    cr_assert_not_null(j, "%s: %s", path, err.text);
    return j;
}

static int exists_in(const char *folder, const char *name)
{
    char *text = slurp_in(folder, name);
    free(text);
    return text != NULL;
}

/* schools.csv's audit and audit_current against audit.csv's plan and current verdicts, for
 * every row; returns the rows. */
static int schools_csv_matches_audit(const char *folder)
{
    char *schools = slurp_in(folder, "schools.csv"), *audit = slurp_in(folder, "audit.csv");
    cr_assert(schools && audit);
    char buf[8192], abuf[8192], *f[MAXF], *a[MAXF];
    const char *p = schools;
    int n = csv_next(&p, buf, sizeof buf, f), rows = 0;
    cr_assert_str_eq(f[n - 3], "status");
    cr_assert_str_eq(f[n - 2], "audit");
    cr_assert_str_eq(f[n - 1], "audit_current");
    int cid = column(f, n, "school_id"), clevel = column(f, n, "level"), ncol = n;
    while ((n = csv_next(&p, buf, sizeof buf, f)) > 0) {
        cr_assert_eq(n, ncol);
        const char *want[2] = {NULL, NULL}; /* plan, current */
        const char *q = audit;
        int m = csv_next(&q, abuf, sizeof abuf, a);
        int vcol = column(a, m, "verdict");
        while ((m = csv_next(&q, abuf, sizeof abuf, a)) > 0)
            if (!strcmp(a[1], f[cid]) && !strcmp(a[4], f[clevel])) {
                int cur = !strcmp(a[0], "current");
                cr_assert_null(want[cur], "two %s rows for %s %s", a[0], f[cid], f[clevel]);
                want[cur] = strdup(a[vcol]);
            }
        cr_assert(want[0] && want[1], "%s %s missing from audit.csv", f[cid], f[clevel]);
        cr_assert_str_eq(f[ncol - 2], want[0], "%s %s", f[cid], f[clevel]);
        cr_assert_str_eq(f[ncol - 1], want[1], "%s %s", f[cid], f[clevel]);
        free((char *)want[0]), free((char *)want[1]);
        rows++;
    }
    free(schools), free(audit);
    return rows;
}

Test(audit_run, audit_is_written_only_when_resources_are_mapped, .init = setup, .fini = teardown,
     .timeout = 120)
{
    char args[2400], out[1200], *log = NULL;
    /* the sample district as shipped: the baseline maps no resources, sample-audit all seven */
    const char *scen[2] = {"sample-baseline", "sample-audit"};
    for (int with = 0; with < 2; with++) {
        snprintf(out, sizeof out, "%s/%s", dir, scen[with]);
        snprintf(args, sizeof args, "run %s/scenarios/%s.yaml --out %s --no-publish", ZP_SOURCE_DIR,
                 scen[with], out);
        cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
        free(log);
        log = NULL;
        cr_assert(exists_in(out, "schools.csv") && exists_in(out, "summary.json"));
        cr_assert_eq(exists_in(out, "audit.csv"), with, "%s: audit.csv %s", scen[with],
                     with ? "missing" : "written without resources");
        json_t *j = load_json(out);
        json_t *audit = json_object_get(j, "audit");
        char *schools = slurp_in(out, "schools.csv");
        const char *eol = strchr(schools, '\n');
        cr_assert_not_null(eol);
        char header[1024];
        snprintf(header, sizeof header, "%.*s", (int)(eol - schools), schools);
        if (!with) {
            cr_assert_null(audit, "summary.json has \"audit\" without resources");
            cr_assert(strlen(header) > 7 && !strcmp(header + strlen(header) - 7, ",status"), "%s",
                      header);
            cr_assert_null(strstr(header, "audit"), "%s", header);
        } else {
            cr_assert(json_is_object(audit), "summary.json has no \"audit\" object");
            cr_assert(json_array_size(json_object_get(audit, "levels")) == 2);
            cr_assert_str_eq(json_string_value(json_object_get(audit, "profile")), "national-2017");
            cr_assert(strlen(header) > 27 &&
                          !strcmp(header + strlen(header) - 27, ",status,audit,audit_current"),
                      "%s", header);
            cr_assert(schools_csv_matches_audit(out) > 0);
        }
        free(schools);
        json_decref(j);
    }

    /* The same on the hand-built district: with the resources unmapped, no audit anywhere. */
    for (int with = 0; with < 2; with++) {
        char *sc = flip_district(with);
        snprintf(args, sizeof args, "run %s --no-publish", sc);
        cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
        free(log), free(sc);
        log = NULL;
        snprintf(out, sizeof out, "%s/out-%d", dir, with);
        cr_assert_eq(exists_in(out, "audit.csv"), with);
        json_t *j = load_json(out);
        cr_assert_eq(json_object_get(j, "audit") != NULL, with);
        json_decref(j);
        char *schools = slurp_in(out, "schools.csv");
        cr_assert_not_null(schools);
        if (with) /* A: pass in the plan, fail today; B: pass both */
            cr_assert(strstr(schools, ",open,pass,fail\n") && strstr(schools, ",open,pass,pass\n"),
                      "%s", schools);
        else
            cr_assert(strstr(schools, ",status\n") && !strstr(schools, "pass"), "%s", schools);
        free(schools);
    }
}

/* The pupils column of audit.csv's row "side,id,...,level" (-1 when there is none), and its
 * qualified_teachers figure. */
static long long audit_row(const char *csv, const char *side, const char *id, const char *level,
                           double *qualified)
{
    char buf[8192], *f[MAXF];
    const char *p = csv;
    int n = csv_next(&p, buf, sizeof buf, f); /* the header */
    int cp = column(f, n, "pupils"), cq = column(f, n, "qualified_teachers");
    while ((n = csv_next(&p, buf, sizeof buf, f)) > 0)
        if (!strcmp(f[0], side) && !strcmp(f[1], id) && !strcmp(f[4], level)) {
            *qualified = atof(f[cq]);
            return atoll(f[cp]);
        }
    return -1;
}

/* Today is audited as it is: a school a change closes is open today, so today's audit has it
 * (the plan's has not); and where today's catchments are known for the primary level only, a
 * nine-year school's whole resources are still split with its junior pupils (the plan's, the
 * only ones known), not given to its primary pupils alone. S001, the old-town nine-year
 * school, has 246 qualified teachers (schools.dbf, read here): today's primary figure is
 * 246 x 100 / (today's primary pupils + the plan's junior pupils). */
Test(audit_run, today_is_audited_as_it_is, .init = setup, .fini = teardown, .timeout = 120)
{
    char *text = zpt_slurp(ZP_SOURCE_DIR "/scenarios/sample-audit.yaml", NULL);
    cr_assert_not_null(text);
    char path[1200], args[2600], out[1200], *log = NULL;
    snprintf(path, sizeof path, "%s/today.yaml", dir);
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp);
    for (const char *p = text; *p;) {
        if (!strncmp(p, "../data/", 8)) {
            fprintf(fp, "%s/data/", ZP_SOURCE_DIR);
            p += 8;
        } else if (!strncmp(p, "junior: CUR_JUN", 15)) { /* today's junior catchments unknown */
            fputs("x_junior: CUR_JUN", fp);
            p += 15;
        } else {
            fputc(*p++, fp);
        }
    }
    fputs("changes:\n  - close_school: {id: S002}\n", fp);
    fclose(fp);
    free(text);
    text = zpt_slurp(path, NULL);
    char *cut = strstr(text, ", x_junior: CUR_JUN");
    cr_assert_not_null(cut, "the scenario's current: mapping changed shape");
    memmove(cut, cut + 19, strlen(cut + 19) + 1);
    fp = fopen(path, "w");
    fputs(text, fp);
    fclose(fp);
    free(text);
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(args, sizeof args, "run %s --out %s --no-publish", path, out);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    free(log);
    char *csv = slurp_in(out, "audit.csv");
    cr_assert_not_null(csv);
    double q, q2;
    cr_assert_gt(audit_row(csv, "current", "S002", "primary", &q), 0,
                 "closed S002 not audited today");
    cr_assert_eq(audit_row(csv, "plan", "S002", "primary", &q), -1,
                 "closed S002 audited in the plan");
    cr_assert_eq(audit_row(csv, "current", "S001", "junior", &q), -1, "today's junior is unknown");

    DBFHandle dbf = DBFOpen(ZP_SOURCE_DIR "/data/sample/schools.dbf", "rb");
    cr_assert_not_null(dbf);
    int fid = DBFGetFieldIndex(dbf, "SCHOOL_ID"), fq = DBFGetFieldIndex(dbf, "TCH_QUAL");
    double teachers = -1;
    for (int r = 0; r < DBFGetRecordCount(dbf); r++)
        if (!strcmp(DBFReadStringAttribute(dbf, r, fid), "S001"))
            teachers = DBFReadDoubleAttribute(dbf, r, fq);
    DBFClose(dbf);
    cr_assert_gt(teachers, 0);
    long long pri = audit_row(csv, "current", "S001", "primary", &q);
    long long jun = audit_row(csv, "plan", "S001", "junior", &q2);
    cr_assert(pri > 0 && jun > 0);
    cr_assert_float_eq(q, teachers * 100.0 / (double)(pri + jun), 0.0006,
                       "S001 today: %.3f, want %.0f x 100 / (%lld + %lld)", q, teachers, pri, jun);
    free(csv);
}

/* enforce_audit on a school that fails with a single pupil (two indicators given as 0: two
 * misses at any size) leaves it no places, and the run says so in a warning: its catchment,
 * and any block locked to it, goes elsewhere. Here C, added by a change at A's site, takes
 * nobody; without enforce_audit it would take half of A's nearest children. */
Test(audit_run, a_school_failing_with_one_pupil_gets_no_places, .init = setup, .fini = teardown)
{
    char *sc = flip_district(1), args[1400], *log = NULL;
    char *text = zpt_slurp(sc, NULL);
    cr_assert_not_null(text);
    FILE *fp = fopen(sc, "a");
    fputs("policy: {enforce_audit: true}\n"
          "changes:\n"
          "  - add_school: {id: C, type: primary, x: 0, y: 0, crs: \"EPSG:4547\",\n"
          "                 capacity: {primary: 100},\n"
          "                 resources: {qualified_teachers: 0, key_teachers: 0}}\n",
          fp);
    fclose(fp);
    free(text);
    snprintf(args, sizeof args, "run %s --no-publish", sc);
    cr_assert_eq(zpt_cli(args, &log), 0, "%s", log);
    free(log);
    char *report = flip_out(1, "report.md");
    cr_assert_not_null(report);
    cr_assert_not_null(strstr(report, "enforce_audit: school C (C) fails the audit at primary "
                                      "with a single pupil (qualified_teachers)"),
                       "%s", report);
    free(report);
    char *schools = flip_out(1, "schools.csv");
    cr_assert_not_null(schools);
    cr_assert_not_null(strstr(schools, "\nC,C,primary,primary,0,0,"), "%s", schools);
    free(schools), free(sc);
}
