/* What every fuzz harness shares: a private work folder on tmpfs (so the files written for
 * each input cost no disk I/O and two harnesses never share a file), the fixture district
 * written once by the library's own generator, and the check that a reader given bad bytes
 * fails as bad input (ZP_EINPUT, exit 2) with a message, never with an internal error.
 *
 * Compiled with clang and libFuzzer in the fuzz build, and with gcc in the normal build,
 * where replay.c drives the same harnesses over the committed inputs. */
#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "fuzz.h"
#include "zoneplan/zoneplan.h"

static char work[512];
static char log_text[8192];
static size_t log_len;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_work(void)
{
    if (work[0])
        nftw(work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *work_dir(void)
{
    if (work[0])
        return work;
    const char *base = getenv("ZPF_TMP");
    if (!base || !*base)
        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(work, sizeof work, "%s/zpfuzz-%ld", base, (long)getpid());
    if (mkdir(work, 0700) != 0 && errno != EEXIST)
        zpf_fail("cannot create %s: %s", work, strerror(errno));
    atexit(remove_work);
    return work;
}

const char *zpf_path(const char *rel)
{
    static char bufs[8][1024];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", work_dir(), rel);
    return b;
}

void zpf_mkdir(const char *rel)
{
    if (zp_ensure_dir(zpf_path(rel)))
        zpf_fail("%s", zp_error_last());
}

void zpf_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
        zpf_fail("cannot write %s: %s", path, strerror(errno));
}

char *zpf_read(const char *path, size_t *len)
{
    char *text = NULL;
    size_t n = 0;
    if (zp_input_read(path, (size_t)1 << 30, 1, &text, &n) != ZP_OK)
        return NULL;
    if (len)
        *len = n;
    return text;
}

void zpf_copy(const char *from, const char *to)
{
    size_t len;
    char *data = zpf_read(from, &len);
    if (!data)
        zpf_fail("cannot read %s", from);
    zpf_write(to, data, len);
    free(data);
}

void zpf_copy_layer(const char *from, const char *to)
{
    static const char *exts[] = {"shp", "shx", "dbf", "prj", "cpg"};
    for (int e = 0; e < 5; e++) {
        char a[1024], b[1024];
        snprintf(a, sizeof a, "%s.%s", zpf_path(from), exts[e]);
        snprintf(b, sizeof b, "%s.%s", zpf_path(to), exts[e]);
        if (access(a, R_OK) == 0)
            zpf_copy(a, b);
    }
}

/* Progress lines and warnings would flood the fuzzer's output: off, once per process. */
static void quiet(void)
{
    static int done;
    if (done++)
        return;
    zp_progress_set_quiet(1);
    zp_warn_set_echo(0);
}

int zpf_fixture(void)
{
    static int done;
    if (done++)
        return 0;
    quiet();
    zpf_mkdir("w");
    zp_gen_options g;
    zp_gen_defaults(&g);
    g.out_dir = zpf_path("fix");
    g.blocks = 30;
    g.schools = 4;
    g.width_km = 3;
    g.height_km = 2;
    g.seed = 7;
    if (zp_gen_district(&g))
        zpf_fail("setting up the fixture district: %s", zp_error_last());
    /* The generator's CRS (CGCS2000 GK zone 114E) as a PROJ string instead of its ESRI WKT:
     * PROJ identifies WKT through its database, which made every load 6x slower; the prj
     * harness feeds WKT. */
    static const char *layers[] = {"fix/blocks.prj", "fix/schools.prj", "fix/river.prj"};
    for (int i = 0; i < 3; i++)
        zpf_write(zpf_path(layers[i]), ZPF_CRS, strlen(ZPF_CRS));
    const char *yaml = "name: fuzz fixture\n"
                       "blocks:  {path: blocks.shp, id: BLOCK_ID, name: NAME,\n"
                       "          children: {primary: PRI, junior: JUN},\n"
                       "          current: {primary: CUR_PRI, junior: CUR_JUN}}\n"
                       "schools: {path: schools.shp, id: SCHOOL_ID, name: NAME, type: TYPE,\n"
                       "          capacity: {primary: CAP_PRI, junior: CAP_JUN},\n"
                       "          classes: {primary: CLS_PRI, junior: CLS_JUN},\n"
                       "          enrolment: {primary: ENR_PRI, junior: ENR_JUN}}\n"
                       "output: {dir: out, publish: false}\n";
    zpf_write(zpf_path("fix/scenario.yaml"), yaml, strlen(yaml));
    return 1;
}

int zpf_run_folder(void)
{
    static int done;
    if (done++)
        return 0;
    zpf_fixture();
    zp_run *run = NULL;
    zp_stage *st = NULL;
    if (zp_run_load(zpf_path("fix/scenario.yaml"), &run) ||
        zp_run_stage_open(run, zpf_path("run"), NULL, &st) || zp_run_solve(run) ||
        zp_run_write(run, st, NULL))
        zpf_fail("setting up the fixture run folder: %s", zp_error_last());
    zp_run_free(run);
    zp_warn_clear();
    return 1;
}

void zpf_begin(void)
{
    quiet();
    zp_error_clear();
    zp_warn_clear();
    log_text[0] = '\0';
    log_len = 0;
}

void zpf_end(void)
{
    zp_warn_clear();
    zp_error_clear();
}

void zpf_check(int rc, const char *call)
{
    if (rc == ZP_OK)
        return;
    const char *msg = zp_error_last();
    if (rc != ZP_EINPUT || !zp_error_code() || !strcmp(msg, "no error"))
        zpf_fail("%s returned %d (exit code %d), not 0 or ZP_EINPUT: %s", call, rc,
                 zp_error_exit_code(rc), msg);
    int n =
        snprintf(log_text + log_len, sizeof log_text - log_len, "%s%s", log_len ? "\n" : "", msg);
    if (n > 0)
        log_len = log_len + (size_t)n < sizeof log_text ? log_len + (size_t)n : sizeof log_text - 1;
}

const char *zpf_log(void)
{
    return log_text;
}

static void check_points(const char *what, const zp_geo_points *p, size_t n)
{
    if (!n || !p || p->n != n)
        zpf_fail("a run with %zu %s, %zu points", n, what, p ? p->n : 0);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(p->x[i]) || !isfinite(p->y[i]) || fabs(p->x[i]) > 1e8 || fabs(p->y[i]) > 1e8)
            zpf_fail("%s %zu: point (%g, %g) in the plane", what, i + 1, p->x[i], p->y[i]);
}

void zpf_run_load(const char *path)
{
    zp_run *run = NULL;
    int rc = zp_run_load(path, &run);
    zpf_check(rc, "zp_run_load");
    if (!rc) {
        check_points("blocks", zp_geo_block_points(run->geo), run->ds.nblocks);
        check_points("schools", zp_geo_school_points(run->geo), run->ds.nschools);
    }
    zp_run_free(run);
}

void zpf_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}
