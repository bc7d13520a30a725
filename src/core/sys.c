/* The system calls that create or change files (see sys.h), and the write-failure
 * injection of test builds.
 *
 * Output FILEs are stdio streams over fopencookie, so the bytes of every fprintf reach the
 * disk through zp_sys_write too: one place where a full disk is seen, and one place a test
 * can make it full. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sys.h"

/* All n bytes, retrying short writes; at: pwrite at off rather than write. */
static ssize_t write_all(int fd, const void *buf, size_t n, int at, off_t off)
{
    for (size_t done = 0; done < n;) {
        if (zp_fault_write("write", NULL, fd))
            return -1;
        const char *p = (const char *)buf + done;
        ssize_t k = at ? pwrite(fd, p, n - done, off + (off_t)done) : write(fd, p, n - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = ENOSPC;
            return -1;
        }
        done += (size_t)k;
    }
    return (ssize_t)n;
}

ssize_t zp_sys_write(int fd, const void *buf, size_t n)
{
    return write_all(fd, buf, n, 0, 0);
}

ssize_t zp_sys_pwrite(int fd, const void *buf, size_t n, off_t off)
{
    return write_all(fd, buf, n, 1, off);
}

int zp_sys_fsync(int fd)
{
    return zp_fault_write("fsync", NULL, fd) ? -1 : fsync(fd);
}

/* Never through a link: a link planted under an output's name does not get its target
 * truncated. */
static int create(const char *path, int how)
{
    return zp_fault_write("create", path, -1)
               ? -1
               : open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | how, 0644);
}

int zp_sys_create(const char *path)
{
    return create(path, O_TRUNC);
}

int zp_sys_mkdir(const char *path)
{
    return zp_fault_write("mkdir", path, -1) ? -1 : mkdir(path, 0777);
}

int zp_sys_rename(const char *from, const char *to)
{
    return zp_fault_write("rename", to, -1) ? -1 : rename(from, to);
}

int zp_sys_rename_new(const char *from, const char *to)
{
    return zp_fault_write("rename", to, -1)
               ? -1
               : renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
}

int zp_sys_exchange(const char *a, const char *b)
{
    return zp_fault_write("exchange", b, -1) ? -1
                                             : renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

int zp_sys_link(const char *from, const char *to)
{
    return zp_fault_write("link", to, -1) ? -1 : link(from, to);
}

/* ---- stdio over zp_sys_write --------------------------------------------------------- */

/* fopencookie(3): the bytes taken, or 0 on error, never negative: glibc's stdio counts a -1
 * as bytes taken and then copies past the end of the caller's data (a write fault on
 * flags.csv read out of bounds) */
static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
    return zp_sys_write((int)(intptr_t)cookie, buf, n) < 0 ? 0 : (ssize_t)n;
}

static int cookie_close(void *cookie)
{
    return close((int)(intptr_t)cookie);
}

static FILE *fopen_fd(int fd)
{
    if (fd < 0)
        return NULL;
    cookie_io_functions_t io = {.write = cookie_write, .close = cookie_close};
    FILE *fp = fopencookie((void *)(intptr_t)fd, "w", io);
    if (!fp) {
        int e = errno;
        close(fd);
        errno = e;
        return NULL;
    }
    setvbuf(fp, NULL, _IOFBF, (size_t)1 << 20); /* few writes: few places to fail */
    return fp;
}

FILE *zp_sys_fopen(const char *path)
{
    return fopen_fd(create(path, O_TRUNC));
}

FILE *zp_sys_fopen_new(const char *path)
{
    return fopen_fd(create(path, O_EXCL));
}
