/* Shared helpers for the Criterion tests: temp folders, running the CLI, reading files. */
#ifndef ZP_TEST_SUPPORT_H
#define ZP_TEST_SUPPORT_H

#include <stddef.h>

/* A fresh empty folder under /tmp; caller frees. */
char *zpt_tmpdir(void);
/* Remove a folder tree. */
void zpt_rmtree(const char *dir);
/* Run a shell command, return its exit status (0..255) and optionally capture stderr+stdout. */
int zpt_run(const char *cmd, char **output);
/* Whole file as a NUL-terminated string, NULL when missing; *len set when non-NULL. */
char *zpt_slurp(const char *path, size_t *len);
/* Write text to a file (creating it). */
void zpt_write(const char *path, const char *text);
/* Copy a file. */
void zpt_copy(const char *from, const char *to);

#endif
