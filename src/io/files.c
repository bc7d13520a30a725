/* Files: joining paths, creating folders, and the one-file atomic output (zp_outfile: a
 * hidden temp file beside it, flushed and renamed into place when complete) for the few
 * outputs that are a single file rather than a folder. Inputs are read through
 * core/input.c. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sys.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

char *zp_path_join(const char *dir, const char *rel)
{
    if (!rel)
        return NULL;
    if (rel[0] == '/' || !dir || !dir[0])
        return strdup(rel);
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", dir, rel);
    return out;
}

char *zp_path_relative(const char *from, const char *target)
{
    char a[PATH_MAX], b[PATH_MAX];
    const char *bad = !realpath(from, a) ? from : !realpath(target, b) ? target : NULL;
    if (bad) {
        zp_error_set(ZP_EIO, "%s: cannot resolve its path: %s", bad, strerror(errno));
        return NULL;
    }
    const char *pa = a, *pb = b; /* past the components both share */
    for (;;) {
        pa += strspn(pa, "/");
        pb += strspn(pb, "/");
        size_t na = strcspn(pa, "/");
        if (!na || na != strcspn(pb, "/") || memcmp(pa, pb, na))
            break;
        pa += na;
        pb += na;
    }
    size_t ups = 0; /* one ../ per component of `from` left */
    for (const char *c = pa; *c; c += strspn(c, "/"))
        ups++, c += strcspn(c, "/");
    size_t n = ups * 3 + strlen(pb) + 2;
    char *out = malloc(n);
    if (!out) {
        zp_error_set(ZP_ENOMEM, "out of memory");
        return NULL;
    }
    out[0] = '\0';
    for (size_t i = 0; i < ups; i++)
        strcat(out, "../");
    if (*pb)
        strcat(out, pb);
    else if (ups) /* target is an ancestor of from */
        out[ups * 3 - 1] = '\0';
    else
        strcpy(out, ".");
    return out;
}

int zp_ensure_dir(const char *dir)
{
    char *path = strdup(dir);
    if (!path)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    /* create each parent in turn, like mkdir -p */
    int rc = ZP_OK;
    for (char *p = path + 1; !rc; p++) {
        if (*p && *p != '/')
            continue;
        char c = *p;
        *p = '\0';
        struct stat st;
        if (stat(path, &st) != 0 && zp_sys_mkdir(path) != 0 && errno != EEXIST)
            rc = zp_error_set(ZP_EIO, "%s: cannot create output folder: %s", dir, strerror(errno));
        *p = c;
        if (!c)
            break;
    }
    free(path);
    struct stat st;
    if (!rc && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
        rc = zp_error_set(ZP_EIO, "%s: output path is not a folder", dir);
    if (!rc && access(dir, W_OK | X_OK) != 0)
        rc = zp_error_set(ZP_EIO, "%s: output folder is not writable: %s", dir, strerror(errno));
    return rc;
}

int zp_outfile_open(zp_outfile *of, const char *path)
{
    memset(of, 0, sizeof *of);
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0, n = strlen(path) + 48;
    of->final_path = strdup(path);
    of->tmp_path = malloc(n);
    if (!of->tmp_path || !of->final_path) {
        zp_outfile_abort(of);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    snprintf(of->tmp_path, n, "%.*s.%s.tmp-%ld", (int)dirlen, path, path + dirlen, (long)getpid());
    of->fp = zp_sys_fopen_new(of->tmp_path);
    if (!of->fp && errno == EEXIST && unlink(of->tmp_path) == 0) /* left by a killed run */
        of->fp = zp_sys_fopen_new(of->tmp_path);
    if (!of->fp) {
        int rc = zp_error_set(ZP_EIO, "%s: cannot write: %s", path, strerror(errno));
        free(of->tmp_path); /* nothing was created */
        of->tmp_path = NULL;
        zp_outfile_abort(of);
        return rc;
    }
    return ZP_OK;
}

int zp_outfile_commit(zp_outfile *of)
{
    int bad = ferror(of->fp);
    if (fclose(of->fp) != 0)
        bad = 1;
    of->fp = NULL;
    int fd = bad ? -1 : open(of->tmp_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || zp_sys_fsync(fd) != 0 || zp_sys_rename(of->tmp_path, of->final_path) != 0)
        bad = 1;
    int e = errno;
    if (fd >= 0)
        close(fd);
    if (bad) {
        int rc = zp_error_set(ZP_EIO, "%s: cannot write: %s", of->final_path, strerror(e));
        zp_outfile_abort(of);
        return rc;
    }
    free(of->tmp_path);
    free(of->final_path);
    of->tmp_path = of->final_path = NULL;
    return ZP_OK;
}

void zp_outfile_abort(zp_outfile *of)
{
    if (of->fp)
        fclose(of->fp);
    if (of->tmp_path)
        unlink(of->tmp_path);
    free(of->tmp_path);
    free(of->final_path);
    memset(of, 0, sizeof *of);
}
