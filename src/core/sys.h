/* Internal: every system call that creates or changes a file, in one place.
 *
 * Writers never call write, rename or fsync themselves: they go through these, so that a
 * failing disk looks the same to every writer, and so that a test build (ZP_FAULT) can make
 * the n-th such call fail with ENOSPC or EIO, or kill the process right there, and check
 * what is left on disk. Not part of the public API. */
#ifndef ZP_CORE_SYS_H
#define ZP_CORE_SYS_H

#include <stdio.h>
#include <sys/types.h>

/* write(2) of all n bytes (retrying short writes); -1 with errno on failure. */
ssize_t zp_sys_write(int fd, const void *buf, size_t n);
/* pwrite(2) of all n bytes at off; -1 with errno on failure. */
ssize_t zp_sys_pwrite(int fd, const void *buf, size_t n, off_t off);
int zp_sys_fsync(int fd);
/* open(2) for reading and writing: a new or truncated regular file, mode 0644, close-on-exec. */
int zp_sys_create(const char *path);
int zp_sys_mkdir(const char *path);
int zp_sys_rename(const char *from, const char *to);
/* rename(2) that fails with EEXIST rather than replace an existing `to`. */
int zp_sys_rename_new(const char *from, const char *to);
/* Swap two paths in one step (renameat2 RENAME_EXCHANGE); EINVAL where the file system
 * cannot. */
int zp_sys_exchange(const char *a, const char *b);
int zp_sys_link(const char *from, const char *to);

/* A new or truncated file for stdio writing whose bytes go through zp_sys_write; NULL with
 * errno set on failure. fclose reports every failed write. */
FILE *zp_sys_fopen(const char *path);
/* The same for a file that must not exist yet (O_EXCL): a temporary name beside a user's
 * files. */
FILE *zp_sys_fopen_new(const char *path);

/* Test builds (ZP_FAULT, core/fault.c): counts a writing call of this kind ("write",
 * "rename", ...) on this path (or open descriptor), and returns -1 with errno set when it is
 * the one to fail. Other builds: always 0. */
#ifdef ZP_FAULT
int zp_fault_write(const char *kind, const char *path, int fd);
#else
static inline int zp_fault_write(const char *kind, const char *path, int fd)
{
    (void)kind, (void)path, (void)fd;
    return 0;
}
#endif

#endif
