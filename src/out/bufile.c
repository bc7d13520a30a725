/* Write-back shapelib file hooks for the shapefiles zoneplan writes.
 *
 * shapelib seeks before every record it writes (and the .dbf steps back over its
 * end-of-file mark each time); through stdio each of those seeks is an lseek and a
 * 4 KiB read, so writing blocks.shp for 100,000 blocks cost a second in system calls.
 * Here a seek only moves a position: writes gather in a 1 MiB buffer over one span of
 * the file, flushed with pwrite when a write falls outside it, before a read, and at
 * close. The bytes on disk are those stdio would write. A failed write is counted, since
 * shapelib ignores what closing returns. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sys.h"
#include "out_internal.h"

#define BUF_SIZE ((size_t)1 << 20)

typedef struct bufile {
    int fd;
    unsigned char *buf;
    off_t start; /* file offset of buf[0] */
    size_t len;  /* bytes held in buf */
    off_t pos;   /* where the next read or write goes */
    off_t size;  /* file size, counting what buf holds */
} bufile;

static _Thread_local unsigned failures;
static _Thread_local int failed_errno; /* of the last failure, for the message */

static void failed(void)
{
    failures++;
    failed_errno = errno;
}

unsigned zp_out_hook_failures(void)
{
    return failures;
}

static int flush_buf(bufile *f)
{
    for (size_t done = 0; done < f->len;) {
        ssize_t n = zp_sys_pwrite(f->fd, f->buf + done, f->len - done, f->start + (off_t)done);
        if (n <= 0) {
            failed();
            return -1;
        }
        done += (size_t)n;
    }
    f->len = 0;
    return 0;
}

static SAFile buf_open(const char *filename, const char *access)
{
    int create = strchr(access, 'w') != NULL;
    int flags = strchr(access, '+') ? O_RDWR : O_RDONLY;
    if (strchr(access, 'a'))
        return NULL;
    bufile *f = calloc(1, sizeof *f);
    struct stat st;
    if (!f || !(f->buf = malloc(BUF_SIZE)) ||
        (f->fd = create ? zp_sys_create(filename) : open(filename, flags | O_CLOEXEC)) < 0) {
        if (f)
            free(f->buf);
        free(f);
        return NULL;
    }
    f->size = fstat(f->fd, &st) == 0 ? st.st_size : 0;
    return (SAFile)f;
}

static SAOffset buf_write(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    bufile *f = (bufile *)file;
    size_t bytes = size * nmemb;
    if (!f) { /* shapelib writes a .cpg without checking that it could create it */
        failed();
        return 0;
    }
    if (!bytes)
        return nmemb;
    int outside = f->pos < f->start || f->pos > f->start + (off_t)f->len ||
                  (size_t)(f->pos - f->start) + bytes > BUF_SIZE;
    if (f->len && outside && flush_buf(f))
        return 0;
    if (!f->len)
        f->start = f->pos;
    if (bytes > BUF_SIZE) { /* larger than the buffer: straight to the file */
        ssize_t n = zp_sys_pwrite(f->fd, p, bytes, f->pos);
        if (n != (ssize_t)bytes) {
            failed();
            return 0;
        }
    } else {
        size_t at = (size_t)(f->pos - f->start);
        memcpy(f->buf + at, p, bytes);
        f->len = at + bytes > f->len ? at + bytes : f->len;
    }
    f->pos += (off_t)bytes;
    f->size = f->pos > f->size ? f->pos : f->size;
    return nmemb;
}

static SAOffset buf_read(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    bufile *f = (bufile *)file;
    if (size == 0 || flush_buf(f))
        return 0;
    ssize_t n = pread(f->fd, p, size * nmemb, f->pos);
    SAOffset items = n > 0 ? (SAOffset)n / size : 0;
    f->pos += (off_t)(items * size);
    return items;
}

static SAOffset buf_seek(SAFile file, SAOffset offset, int whence)
{
    bufile *f = (bufile *)file;
    SAOffset base = whence == SEEK_CUR   ? (SAOffset)f->pos
                    : whence == SEEK_END ? (SAOffset)f->size
                                         : 0;
    f->pos = (off_t)(base + offset); /* unsigned arithmetic: SEEK_CUR by -1 wraps back */
    return 0;
}

static SAOffset buf_tell(SAFile file)
{
    return (SAOffset)((bufile *)file)->pos;
}

static int buf_flush(SAFile file)
{
    return flush_buf((bufile *)file);
}

static int buf_close(SAFile file)
{
    bufile *f = (bufile *)file;
    if (!f)
        return -1;
    int rc = flush_buf(f);
    if (close(f->fd) != 0 && !rc) {
        failed();
        rc = -1;
    }
    free(f->buf);
    free(f);
    return rc;
}

static _Thread_local char shapelib_msg[512];

/* shapelib's own handler prints to stderr; the writer reports the failure itself. */
static void capture_error(const char *message)
{
    snprintf(shapelib_msg, sizeof shapelib_msg, "%s", message);
}

const char *zp_out_hook_message(void)
{
    return shapelib_msg[0] ? shapelib_msg : failed_errno ? strerror(failed_errno) : "write failed";
}

void zp_out_hooks(SAHooks *hooks)
{
    SASetupDefaultHooks(hooks);
    hooks->Error = capture_error;
    hooks->FOpen = buf_open;
    hooks->FRead = buf_read;
    hooks->FWrite = buf_write;
    hooks->FSeek = buf_seek;
    hooks->FTell = buf_tell;
    hooks->FFlush = buf_flush;
    hooks->FClose = buf_close;
}
