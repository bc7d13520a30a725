/* Opening input files: every file zoneplan reads (shapefile parts through shapelib's hooks,
 * .prj and .cpg texts, scenarios, summary.json, Holmberg instances) is opened here.
 *
 * open() on a FIFO waits for a writer, forever, and reading a device such as /dev/zero never
 * ends; a layer path that names one would hang a run rather than fail it. So the file is
 * opened with O_NONBLOCK (which makes open() return at once on a FIFO), checked with fstat to
 * be a regular file, and only then switched back to blocking reads. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "zoneplan/errors.h"

static const char *file_kind(mode_t mode)
{
    return S_ISFIFO(mode)   ? "a FIFO"
           : S_ISCHR(mode)  ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISDIR(mode)  ? "a folder"
           : S_ISSOCK(mode) ? "a socket"
                            : "not a file";
}

int zp_input_open(const char *path, int optional, int *fd, size_t *size)
{
    *fd = -1;
    int f = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (f < 0 && optional && (errno == ENOENT || errno == ENOTDIR))
        return ZP_OK;
    if (f < 0)
        return zp_error_set(ZP_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    int rc = ZP_OK;
    if (fstat(f, &st) != 0)
        rc = zp_error_set(ZP_EINPUT, "%s: cannot read: %s", path, strerror(errno));
    else if (!S_ISREG(st.st_mode))
        rc = zp_error_set(ZP_EINPUT, "%s: is not a regular file (%s); expected a file", path,
                          file_kind(st.st_mode));
    else if (fcntl(f, F_SETFL, fcntl(f, F_GETFL) & ~O_NONBLOCK) != 0)
        rc = zp_error_set(ZP_EINPUT, "%s: cannot read: %s", path, strerror(errno));
    if (rc) {
        close(f);
        return rc;
    }
    *fd = f;
    *size = (size_t)st.st_size;
    return ZP_OK;
}

static int too_large(const char *path, size_t max)
{
    if (max >= (1u << 20))
        return zp_error_set(ZP_EINPUT, "%s: larger than %zu MiB, the most zoneplan reads of it",
                            path, max >> 20);
    return zp_error_set(ZP_EINPUT, "%s: larger than %zu KiB, the most zoneplan reads of it", path,
                        max >> 10);
}

int zp_input_read(const char *path, size_t max, int optional, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    int fd;
    size_t size = 0;
    int rc = zp_input_open(path, optional, &fd, &size);
    if (rc || fd < 0)
        return rc;
    if (size > max) {
        close(fd);
        return too_large(path, max);
    }
    size_t cap = size + 1, n = 0; /* the size may change while reading: read to the end */
    char *buf = malloc(cap + 1);
    while (buf && !rc) {
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            rc = zp_error_set(ZP_EINPUT, "%s: cannot read: %s", path, strerror(errno));
        else if (got == 0)
            break;
        else if ((n += (size_t)got) > max)
            rc = too_large(path, max);
        else if (n == cap) {
            char *grown = cap < SIZE_MAX / 2 ? realloc(buf, 2 * cap + 1) : NULL;
            if (!grown)
                free(buf);
            buf = grown;
            cap *= 2;
        }
    }
    close(fd);
    if (!buf)
        return zp_error_set(ZP_ENOMEM, "%s: out of memory reading it", path);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return ZP_OK;
}
