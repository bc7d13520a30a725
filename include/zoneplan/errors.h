/* Error codes and the last-error message, libgit2 style.
 *
 * Every fallible zoneplan call returns 0 (ZP_OK) or a negative ZP_E* code and
 * leaves a message with context (file, record, field, what was expected) that
 * zp_error_last() returns. Warnings (repaired polygons, schools outside every
 * block, ...) are collected per thread so the report can list them. */
#ifndef ZONEPLAN_ERRORS_H
#define ZONEPLAN_ERRORS_H

#include <stddef.h>

enum {
    ZP_OK = 0,
    ZP_ERROR = -1,  /* internal failure: exit code 3 */
    ZP_EINPUT = -2, /* bad input: scenario, shapefile, field values; exit code 2 */
    ZP_ENOMEM = -3, /* out of memory: exit code 3 */
    ZP_EIO = -4     /* cannot write an output: exit code 2 (the user's folder) */
};

/* Record an error and return its code, so callers can write `return zp_error_set(...)`. */
int zp_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *zp_error_last(void);
/* Replace the first `from` in the message by `to` (a staging folder by the folder it stands
 * for, so the user reads the path the file was to have). */
void zp_error_replace(const char *from, const char *to);
int zp_error_code(void);
void zp_error_clear(void);
/* Exit code of the command line for an error code: 2 for input/output problems, 3 otherwise. */
int zp_error_exit_code(int code);

/* Warnings: appended to a per-thread list and echoed to stderr unless silenced. */
void zp_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A warning about the files around the run rather than the data (a staging folder of a
 * killed run removed): on stderr like a warning, but not kept for the report, whose bytes
 * depend on the inputs alone. */
void zp_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
size_t zp_warn_count(void);
/* Warnings printed but not kept (out of memory): a report would be incomplete without them. */
size_t zp_warn_lost(void);
const char *zp_warn_get(size_t i);
void zp_warn_clear(void);
void zp_warn_set_echo(int echo);

/* Progress lines on stderr for steps that may take over a second. */
void zp_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void zp_progress_set_quiet(int quiet);
/* Whether progress is silenced on this thread (a thread started for the work takes it over). */
int zp_progress_quiet(void);

#endif
