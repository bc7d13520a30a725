/* Read-only shapelib file hooks over memory-mapped files.
 *
 * shapelib seeks before every record it reads; through stdio each seek is a system
 * call, and reading a million blocks spent more time in lseek than in parsing. Mapping
 * the file once makes a seek an assignment. Semantics follow stdio's, so truncated
 * files are still detected exactly as before. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/util.h"
#include "layer.h"

typedef struct memfile {
    const unsigned char *data;
    size_t size, pos;
} memfile;

/* Opened as every input is (zp_input_open): a FIFO or device is refused with the error set,
 * which zp_layer_open reports; a missing file is left to shapelib, which tries .SHP too. */
static SAFile mem_open(const char *filename, const char *access)
{
    if (strchr(access, 'w') || strchr(access, 'a') || strchr(access, '+'))
        return NULL; /* input files are never written */
    int fd;
    size_t size = 0;
    if (zp_input_open(filename, 1, &fd, &size) || fd < 0)
        return NULL;
    memfile *m = calloc(1, sizeof *m);
    if (!m) {
        close(fd);
        return NULL;
    }
    m->size = size;
    if (m->size > 0) {
        void *p = mmap(NULL, m->size, PROT_READ, MAP_PRIVATE, fd, 0);
        m->data = p == MAP_FAILED ? NULL : p;
    }
    close(fd);
    if (m->size > 0 && !m->data) {
        free(m);
        return NULL;
    }
    return (SAFile)m;
}

static SAOffset mem_read(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    memfile *m = (memfile *)file;
    if (size == 0 || m->pos >= m->size)
        return 0;
    size_t items = (m->size - m->pos) / size;
    if (items > nmemb)
        items = nmemb;
    memcpy(p, m->data + m->pos, items * size);
    m->pos += items * size;
    return items;
}

static SAOffset mem_write(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    (void)p, (void)size, (void)nmemb, (void)file;
    return 0;
}

static SAOffset mem_seek(SAFile file, SAOffset offset, int whence)
{
    memfile *m = (memfile *)file;
    size_t base = whence == SEEK_CUR ? m->pos : whence == SEEK_END ? m->size : 0;
    m->pos = base + offset;
    return 0;
}

static SAOffset mem_tell(SAFile file)
{
    return ((memfile *)file)->pos;
}
static int mem_flush(SAFile file)
{
    return (void)file, 0;
}

static int mem_close(SAFile file)
{
    memfile *m = (memfile *)file;
    if (m->data)
        munmap((void *)m->data, m->size);
    free(m);
    return 0;
}

static int mem_remove(const char *filename)
{
    return (void)filename, -1;
}

void zp_memfile_hooks(SAHooks *hooks)
{
    SASetupDefaultHooks(hooks);
    hooks->FOpen = mem_open;
    hooks->FRead = mem_read;
    hooks->FWrite = mem_write;
    hooks->FSeek = mem_seek;
    hooks->FTell = mem_tell;
    hooks->FFlush = mem_flush;
    hooks->FClose = mem_close;
    hooks->Remove = mem_remove;
}
