/* Files: joining paths, and atomic output (inputs are read through core/input.c).
 *
 * Every output goes through zp_outfile: it is written to a hidden temp file in the
 * output folder and renamed into place only when complete, so an interrupted run
 * never leaves a half-written file, and nothing outside the output folder is touched. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int zp_ensure_dir(const char *dir)
{
    char *path = strdup(dir);
    if (!path)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    /* create each parent in turn, like mkdir -p */
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            int e = errno;
            *p = '/';
            free(path);
            return zp_error_set(ZP_EIO, "%s: cannot create output folder: %s", dir, strerror(e));
        }
        *p = '/';
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        int e = errno;
        free(path);
        return zp_error_set(ZP_EIO, "%s: cannot create output folder: %s", dir, strerror(e));
    }
    free(path);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return zp_error_set(ZP_EIO, "%s: output path is not a folder", dir);
    if (access(dir, W_OK | X_OK) != 0)
        return zp_error_set(ZP_EIO, "%s: output folder is not writable: %s", dir, strerror(errno));
    return ZP_OK;
}

int zp_outfile_open(zp_outfile *of, const char *dir, const char *name)
{
    memset(of, 0, sizeof *of);
    size_t n = strlen(dir) + strlen(name) + 32;
    of->tmp_path = malloc(n);
    of->final_path = zp_path_join(dir, name);
    if (!of->tmp_path || !of->final_path) {
        zp_outfile_abort(of);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    snprintf(of->tmp_path, n, "%s/.%s.tmp-XXXXXX", dir, name);
    int fd = mkstemp(of->tmp_path);
    if (fd < 0) {
        int e = errno;
        free(of->tmp_path);
        of->tmp_path = NULL;
        zp_outfile_abort(of);
        return zp_error_set(ZP_EIO, "%s/%s: cannot create output file: %s", dir, name, strerror(e));
    }
    fchmod(fd, 0644);
    of->fp = fdopen(fd, "wb");
    if (!of->fp) {
        close(fd);
        zp_outfile_abort(of);
        return zp_error_set(ZP_EIO, "%s/%s: cannot open output file", dir, name);
    }
    return ZP_OK;
}

int zp_outfile_commit(zp_outfile *of)
{
    int bad = ferror(of->fp);
    if (fclose(of->fp) != 0)
        bad = 1;
    of->fp = NULL;
    if (bad) {
        zp_outfile_abort(of);
        return zp_error_set(ZP_EIO, "cannot write an output file (disk full?)");
    }
    if (rename(of->tmp_path, of->final_path) != 0) {
        int e = errno;
        char *final = strdup(of->final_path);
        zp_outfile_abort(of);
        int rc = zp_error_set(ZP_EIO, "%s: cannot rename into place: %s", final ? final : "?",
                              strerror(e));
        free(final);
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
