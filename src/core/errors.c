/* Last-error message and warning list, kept per thread.
 *
 * Modules report failures with zp_error_set() and return its code, so the message
 * that reaches the user is the one written where the context (file, record, field)
 * was known. Warnings are kept for the report as well as echoed to stderr. */
#include <stdarg.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/errors.h"

static _Thread_local char err_msg[2048];
static _Thread_local int err_code;
static _Thread_local char **warnings;
static _Thread_local size_t nwarnings, capwarnings, lostwarnings;
static _Thread_local int warn_quiet;
static _Thread_local int progress_quiet;

int zp_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err_msg, sizeof err_msg, fmt, ap);
    va_end(ap);
    err_code = code;
    return code;
}

void zp_error_replace(const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to);
    char *at = nf ? strstr(err_msg, from) : NULL;
    /* whole names only: "<stage>-old" names another folder than the stage */
    while (at && (isalnum((unsigned char)at[nf]) || (at[nf] && strchr("-_.", at[nf]))))
        at = strstr(at + 1, from);
    if (!at)
        return;
    char rest[sizeof err_msg];
    snprintf(rest, sizeof rest, "%s", at + nf);
    snprintf(at, sizeof err_msg - (size_t)(at - err_msg), "%.*s%s", (int)nt, to, rest);
}

const char *zp_error_last(void)
{
    return err_msg[0] ? err_msg : "no error";
}
int zp_error_code(void)
{
    return err_code;
}

void zp_error_clear(void)
{
    err_msg[0] = '\0';
    err_code = ZP_OK;
}

int zp_error_exit_code(int code)
{
    return (code == ZP_EINPUT || code == ZP_EIO) ? 2 : 3;
}

void zp_warn(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (!warn_quiet)
        fprintf(stderr, "warning: %s\n", buf);
    if (nwarnings == capwarnings) {
        size_t cap = capwarnings ? capwarnings * 2 : 16;
        char **w = realloc(warnings, cap * sizeof *w);
        if (!w) {
            lostwarnings++; /* printed, but the report would lack it */
            return;
        }
        warnings = w;
        capwarnings = cap;
    }
    char *copy = strdup(buf);
    if (copy)
        warnings[nwarnings++] = copy;
    else
        lostwarnings++;
}

/* One line on stderr: prefix, then the message. */
static void print_line(const char *prefix, const char *fmt, va_list ap)
{
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void zp_note(const char *fmt, ...)
{
    if (warn_quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    print_line("warning: ", fmt, ap);
    va_end(ap);
}

size_t zp_warn_lost(void)
{
    return lostwarnings;
}

size_t zp_warn_count(void)
{
    return nwarnings;
}
const char *zp_warn_get(size_t i)
{
    return i < nwarnings ? warnings[i] : NULL;
}

void zp_warn_clear(void)
{
    for (size_t i = 0; i < nwarnings; i++)
        free(warnings[i]);
    free(warnings);
    warnings = NULL;
    nwarnings = capwarnings = lostwarnings = 0;
}

void zp_warn_set_echo(int echo)
{
    warn_quiet = !echo;
}
void zp_progress_set_quiet(int quiet)
{
    progress_quiet = quiet;
}

int zp_progress_quiet(void)
{
    return progress_quiet;
}

void zp_progress(const char *fmt, ...)
{
    if (progress_quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    print_line("zoneplan: ", fmt, ap);
    va_end(ap);
}
