/* Fuzz harness: a blocks layer's geometry, the .shp/.shx pair (shapelib through
 * src/io/layer.c and memfile.c, then src/geo), as `zoneplan check` and `run` read it.
 *
 * Input: a 4-byte little-endian length N, then N bytes of .shp, then the .shx (the rest).
 * A length beyond the input takes all of it as .shp. The pair is written as w/blocks.shp
 * and w/blocks.shx; beside it go a .prj (the fixture's CRS), a .cpg and a .dbf written here
 * with one valid record (BLOCK_ID, NAME, PRI, JUN) per entry shapelib finds in the .shx (up
 * to 5000; more gets one record, so the loader reports the mismatch), so inputs get past
 * the count check to the shapes. zp_run_load then reads the blocks with the fixture's
 * schools, projects them and makes the polygons valid (zpf_run_load checks the result). */
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define MAX_RECORDS 5000

static void setup(void)
{
    if (!zpf_fixture())
        return;
    zpf_copy(zpf_path("fix/blocks.prj"), zpf_path("w/blocks.prj"));
    zpf_write(zpf_path("w/blocks.cpg"), "UTF-8", 5);
    const char *yaml =
        "name: fuzz shp\n"
        "blocks:  {path: blocks.shp, id: BLOCK_ID, name: NAME,\n"
        "          children: {primary: PRI, junior: JUN}}\n"
        "schools: {path: ../fix/schools.shp, id: SCHOOL_ID, name: NAME, type: TYPE,\n"
        "          capacity: {primary: CAP_PRI, junior: CAP_JUN}}\n";
    zpf_write(zpf_path("w/scenario.yaml"), yaml, strlen(yaml));
}

/* Entries in the .shx as shapelib counts them; 1 when it cannot open the pair. */
static int shx_records(void)
{
    SHPHandle shp = SHPOpen(zpf_path("w/blocks"), "rb");
    if (!shp)
        return 1;
    int n = 0, type = 0;
    SHPGetInfo(shp, &n, &type, NULL, NULL);
    SHPClose(shp);
    return n >= 0 && n <= MAX_RECORDS ? n : 1;
}

static void write_dbf(int n)
{
    static int written = -1;
    if (n == written)
        return;
    DBFHandle dbf = DBFCreateEx(zpf_path("w/blocks.dbf"), "UTF-8");
    if (!dbf || DBFAddField(dbf, "BLOCK_ID", FTString, 10, 0) < 0 ||
        DBFAddField(dbf, "NAME", FTString, 30, 0) < 0 ||
        DBFAddField(dbf, "PRI", FTInteger, 9, 0) < 0 ||
        DBFAddField(dbf, "JUN", FTInteger, 9, 0) < 0)
        abort();
    for (int r = 0; r < n; r++) {
        char id[16], name[32];
        snprintf(id, sizeof id, "B%05d", r + 1);
        snprintf(name, sizeof name, "小区%d", r + 1);
        DBFWriteStringAttribute(dbf, r, 0, id);
        DBFWriteStringAttribute(dbf, r, 1, name);
        DBFWriteIntegerAttribute(dbf, r, 2, 10 + r % 7);
        DBFWriteIntegerAttribute(dbf, r, 3, 5 + r % 3);
    }
    DBFClose(dbf);
    written = n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    zpf_begin();
    size_t n = 0;
    if (size >= 4) {
        n = (size_t)data[0] | (size_t)data[1] << 8 | (size_t)data[2] << 16 | (size_t)data[3] << 24;
        data += 4;
        size -= 4;
    }
    if (n > size)
        n = size;
    zpf_write(zpf_path("w/blocks.shp"), data, n);
    zpf_write(zpf_path("w/blocks.shx"), data + n, size - n);
    write_dbf(shx_records());
    zpf_run_load(zpf_path("w/scenario.yaml"));
    zpf_end();
    return 0;
}
