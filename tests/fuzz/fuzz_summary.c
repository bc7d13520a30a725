/* Fuzz harness: a run folder's summary.json, as `zoneplan diff` (src/diff/read.c) and
 * `zoneplan publish` (src/publish/load.c) read it. Input: the summary.json text. It is
 * written into a copy of the fixture's run folder (blocks, schools and catchments as the run
 * wrote them), which is then compared with the untouched run (zp_diff_load; the comparison
 * written with zp_diff_write, whose diff.md lists the flags) and read for publishing
 * (zp_pub_load, everything up to drawing). */
#include "fuzz.h"
#include "publish/pub_internal.h"
#include "zoneplan/diff.h"
#include "zoneplan/errors.h"

static void setup(void)
{
    if (!zpf_run_folder())
        return;
    zpf_mkdir("a");
    zpf_copy_layer("run/blocks", "a/blocks");
    zpf_copy_layer("run/schools", "a/schools");
    zpf_copy_layer("run/catchments", "a/catchments");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    zpf_begin();
    zpf_write(zpf_path("a/summary.json"), data, size);
    zp_diff *d = NULL;
    int rc = zp_diff_load(zpf_path("a"), zpf_path("run"), &d);
    zpf_check(rc, "zp_diff_load");
    if (!rc)
        zpf_check(zp_diff_write(d, zpf_path("diff")), "zp_diff_write");
    zp_diff_free(d);
    zp_pub *p = NULL;
    zpf_check(zp_pub_load(zpf_path("a"), ZP_LANG_ZH, &p), "zp_pub_load");
    zp_pub_free(p);
    zpf_end();
    return 0;
}
