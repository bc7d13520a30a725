/* Fuzz harness: a layer's attribute table, the .dbf with its text encoding (shapelib and
 * iconv through src/io/layer.c, text.c and load.c), as `zoneplan check` and `run` read it.
 *
 * Input: a header line, then the .dbf. The header is "LM" + text + "\n" (at most 64 bytes):
 *   L  which layer and mapping the table is read as:
 *      b  blocks: BLOCK_ID, NAME, PRI, JUN, CUR_PRI, CUR_JUN (the sample's fields)
 *      g  blocks by grade: BLOCK_ID, NAME, G1..G9, CUR_PRI, LOCKED
 *      s  schools: SCHOOL_ID, NAME, TYPE, CAP_PRI, CAP_JUN, CLS_PRI, CLS_JUN, ENR_PRI, ENR_JUN
 *      t  schools by grade: SCHOOL_ID, NAME, TYPE, CAP_PRI, CAP_JUN, C1..C9
 *   M  where the encoding comes from: c  text is the layer's .cpg file;
 *      e  text is the scenario's encoding: key; n  neither (UTF-8 by default)
 * Without such a header the whole input is a blocks table (b, n). The table is written as
 * w/blocks.dbf or w/schools.dbf, with a .shp/.shx of as many shapes as the table has
 * records (squares for blocks, points for schools; up to 5000), the other layer being the
 * fixture's. The scenario is loaded (zp_scenario_load), given the encoding for e, and both
 * layers are read with zp_data_load; a dataset it returns is checked against what it
 * promises (ids, counts, current schools, capacities). */
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"
#include "zoneplan/scenario.h"

#define MAX_RECORDS 5000

static const char *const SCENARIOS[] = {
    /* b */
    "name: fuzz dbf b\n"
    "blocks:  {path: blocks.shp, id: BLOCK_ID, name: NAME, children: {primary: PRI, junior: JUN},\n"
    "          current: {primary: CUR_PRI, junior: CUR_JUN}}\n"
    "schools: {path: ../fix/schools.shp, id: SCHOOL_ID, name: NAME, type: TYPE,\n"
    "          capacity: {primary: CAP_PRI, junior: CAP_JUN}}\n",
    /* g */
    "name: fuzz dbf g\n"
    "blocks:  {path: blocks.shp, id: BLOCK_ID, name: NAME, current: {primary: CUR_PRI},\n"
    "          grades: {g1: G1, g2: G2, g3: G3, g4: G4, g5: G5, g6: G6, g7: G7, g8: G8, g9: G9},\n"
    "          locked: LOCKED}\n"
    "schools: {path: ../fix/schools.shp, id: SCHOOL_ID, name: NAME, type: TYPE,\n"
    "          capacity: {primary: CAP_PRI, junior: CAP_JUN}}\n",
    /* s */
    "name: fuzz dbf s\n"
    "blocks:  {path: ../fix/blocks.shp, id: BLOCK_ID, name: NAME,\n"
    "          children: {primary: PRI, junior: JUN}, current: {primary: CUR_PRI, junior: "
    "CUR_JUN}}\n"
    "schools: {path: schools.shp, id: SCHOOL_ID, name: NAME, type: TYPE,\n"
    "          capacity: {primary: CAP_PRI, junior: CAP_JUN},\n"
    "          classes: {primary: CLS_PRI, junior: CLS_JUN},\n"
    "          enrolment: {primary: ENR_PRI, junior: ENR_JUN}}\n",
    /* t */
    "name: fuzz dbf t\n"
    "blocks:  {path: ../fix/blocks.shp, id: BLOCK_ID, name: NAME,\n"
    "          children: {primary: PRI, junior: JUN}}\n"
    "schools: {path: schools.shp, id: SCHOOL_ID, name: NAME, type: TYPE,\n"
    "          type_values: {primary: [小学, primary], junior: [初中, junior],\n"
    "                        nine_year: [九年一贯制, nine_year]},\n"
    "          capacity: {primary: CAP_PRI, junior: CAP_JUN},\n"
    "          classes: {g1: C1, g2: C2, g3: C3, g4: C4, g5: C5, g6: C6, g7: C7, g8: C8, g9: "
    "C9}}\n"};

static void setup(void)
{
    if (!zpf_fixture())
        return;
    for (int m = 0; m < 4; m++) {
        char name[32];
        snprintf(name, sizeof name, "w/scenario-%c.yaml", "bgst"[m]);
        zpf_write(zpf_path(name), SCENARIOS[m], strlen(SCENARIOS[m]));
    }
}

/* Records in the written table as shapelib counts them; 1 when it cannot open it. */
static int dbf_records(const char *base)
{
    DBFHandle dbf = DBFOpen(base, "rb");
    if (!dbf)
        return 1;
    int n = DBFGetRecordCount(dbf);
    DBFClose(dbf);
    return n >= 0 && n <= MAX_RECORDS ? n : 1;
}

/* n shapes into base.shp/.shx: squares of 100 m in a row, or points. */
static void write_shapes(const char *base, int points, int n)
{
    static int written[2] = {-1, -1};
    if (written[points] == n)
        return;
    SHPHandle shp = SHPCreate(base, points ? SHPT_POINT : SHPT_POLYGON);
    if (!shp)
        abort();
    for (int r = 0; r < n; r++) {
        double x0 = 520000 + 100.0 * r, y0 = 3385000;
        double x[5] = {x0, x0, x0 + 100, x0 + 100, x0}, y[5] = {y0, y0 + 100, y0 + 100, y0, y0};
        SHPObject *o =
            SHPCreateSimpleObject(points ? SHPT_POINT : SHPT_POLYGON, points ? 1 : 5, x, y, NULL);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
    }
    SHPClose(shp);
    written[points] = n;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Ids present and unique in a layer (n ids, gathered by the caller). */
static void check_ids(const char *what, char **ids, size_t n)
{
    qsort(ids, n, sizeof *ids, cmp_str);
    for (size_t i = 0; i < n; i++)
        if (!ids[i] || !ids[i][0] || (i && !strcmp(ids[i - 1], ids[i])))
            zpf_fail("%s: an empty or duplicate id was loaded", what);
}

/* What zp_data_load promises of a dataset it returns (io.h, load.c): ids present and unique,
 * counts whole, 0 to 1e9, current schools that exist and serve the level, capacities above
 * 0 exactly for the levels a school serves, a shape for every record. */
static void check_dataset(const zp_dataset *ds)
{
    if (!ds->nblocks || !ds->nschools)
        zpf_fail("a dataset without blocks or schools was loaded");
    char **ids = calloc(ds->nblocks + ds->nschools, sizeof *ids);
    for (size_t i = 0; i < ds->nblocks; i++) {
        const zp_block *b = &ds->blocks[i];
        ids[i] = b->id;
        for (int l = 0; l < ZP_NLEVELS; l++) {
            if (b->children[l] < 0 || b->children[l] > 1000000000)
                zpf_fail("block %s: %d %s children", b->id, b->children[l], zp_level_name(l));
            int32_t c = b->current[l];
            if (c < -1 || c >= (int32_t)ds->nschools ||
                (c >= 0 && !zp_school_serves(ds->schools[c].type, (zp_level)l)))
                zpf_fail("block %s: current %s school %d", b->id, zp_level_name(l), c);
        }
        if (!b->name || b->shape.nverts < 1)
            zpf_fail("block %s: no name or no shape", b->id);
    }
    check_ids("blocks", ids, ds->nblocks);
    for (size_t i = 0; i < ds->nschools; i++) {
        const zp_school *s = &ds->schools[i];
        ids[ds->nblocks + i] = s->id;
        for (int l = 0; l < ZP_NLEVELS; l++)
            if ((s->seats[l] > 0) != zp_school_serves(s->type, (zp_level)l) || s->classes[l] < 0)
                zpf_fail("school %s: %d %s seats, %d classes", s->id, s->seats[l], zp_level_name(l),
                         s->classes[l]);
        if (!s->name || s->shape.nverts < 1)
            zpf_fail("school %s: no name or no shape", s->id);
    }
    check_ids("schools", ids + ds->nblocks, ds->nschools);
    free(ids);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    zpf_begin();
    char layer = 'b', mode = 'n', text[64] = "";
    const uint8_t *nl = memchr(data, '\n', size < 64 ? size : 64);
    if (nl && nl - data >= 2 && data[0] && strchr("bgst", data[0]) && data[1] &&
        strchr("cen", data[1])) {
        layer = (char)data[0];
        mode = (char)data[1];
        memcpy(text, data + 2, (size_t)(nl - data - 2));
        text[nl - data - 2] = '\0';
        size -= (size_t)(nl - data + 1);
        data = nl + 1;
    }
    int schools = layer == 's' || layer == 't';
    const char *base = zpf_path(schools ? "w/schools" : "w/blocks");
    char path[1024];
    snprintf(path, sizeof path, "%s.dbf", base);
    zpf_write(path, data, size);
    write_shapes(base, schools, dbf_records(base));
    snprintf(path, sizeof path, "%s.cpg", base);
    if (mode == 'c')
        zpf_write(path, text, strlen(text));
    else
        remove(path);

    char name[32];
    snprintf(name, sizeof name, "w/scenario-%c.yaml", layer);
    zp_scenario *sc = NULL;
    int rc = zp_scenario_load(zpf_path(name), &sc);
    if (rc) {
        fprintf(stderr, "fuzz: %s\n", zp_error_last());
        abort();
    }
    if (mode == 'e' && text[0]) {
        char **enc = schools ? &sc->schools.encoding : &sc->blocks.encoding;
        free(*enc);
        *enc = strdup(text);
    }
    zp_dataset ds;
    rc = zp_data_load(sc, &ds);
    zpf_check(rc, "zp_data_load");
    if (!rc)
        check_dataset(&ds);
    zp_dataset_free(&ds);
    zp_scenario_free(sc);
    zpf_end();
    return 0;
}
