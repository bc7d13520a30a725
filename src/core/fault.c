/* Fault injection for test builds (ZP_FAULT): allocations and writes that fail on demand.
 *
 * The test build links every program with -Wl,--wrap=malloc (calloc, realloc, strdup, ...),
 * so each allocation zoneplan's own code makes comes here first, and every call that writes
 * (core/sys.c) asks zp_fault_write first. Each such event has a place: for an allocation,
 * the three calling frames (as offsets in their binaries, so the same in every run); for a
 * write, its kind and file ("write:blocks.dbf", "rename:sample-baseline"). Then
 *   ZP_FAULT_ALLOC=N[:PLACE]   the N-th allocation fails (or the first from N on at PLACE),
 *   ZP_FAULT_WRITE=N[:PLACE][/ENOSPC|/EIO|/KILL]  likewise for writing calls, with that errno
 *                              or SIGKILL,
 *   ZP_FAULT_TRACE=FILE        at exit, every place with its first and last index and count,
 *   ZP_FAULT_REPORT=FILE       at exit, how many writing calls and allocations there were,
 * so a test walks the failure over every place a run reaches and checks that each is met by
 * a message and an exit code, with nothing leaked and nothing half-written. Libraries (GEOS,
 * PROJ, cairo) allocate on their own and are not counted. */
#ifdef ZP_FAULT
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sys.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
int __real_vasprintf(char **out, const char *fmt, va_list ap);
char *__real_realpath(const char *path, char *resolved);
char *__real_getcwd(char *buf, size_t size);
FILE *__real_open_memstream(char **buf, size_t *size);

typedef struct fault_plan {
    unsigned long at; /* 0: never */
    char place[128];  /* "" : exactly the at-th */
    int err, kill;
    int fired;
} fault_plan;

typedef struct trace_entry {
    char place[128];
    unsigned long first, last, count;
} trace_entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static unsigned long count[2]; /* 0 allocations, 1 writes */
static fault_plan plan[2];
static int tracing;
static trace_entry *trace[2];
static size_t ntrace[2], captrace[2];
static _Thread_local int inside; /* our own bookkeeping allocates: not counted */

static void read_plan(const char *var, fault_plan *p, int default_err)
{
    const char *s = getenv(var);
    p->err = default_err;
    if (!s || !*s)
        return;
    char *end;
    p->at = strtoul(s, &end, 10);
    if (*end == ':') {
        size_t n = strcspn(end + 1, "/");
        snprintf(p->place, sizeof p->place, "%.*s", (int)n, end + 1);
        end += 1 + n;
    }
    if (!strcmp(end, "/EIO"))
        p->err = EIO;
    else if (!strcmp(end, "/KILL"))
        p->kill = 1;
}

static void write_trace(FILE *fp, int k)
{
    for (size_t i = 0; i < ntrace[k]; i++)
        fprintf(fp, "%s %s %lu %lu %lu\n", k ? "write" : "alloc", trace[k][i].place,
                trace[k][i].first, trace[k][i].last, trace[k][i].count);
}

static void at_exit(void)
{
    inside = 1;
    const char *path = getenv("ZP_FAULT_REPORT");
    FILE *fp = path && *path ? fopen(path, "w") : NULL;
    if (fp) {
        fprintf(fp, "writes %lu\nallocations %lu\n", count[1], count[0]);
        fclose(fp);
    }
    path = getenv("ZP_FAULT_TRACE");
    fp = path && *path ? fopen(path, "w") : NULL;
    if (fp) {
        write_trace(fp, 0);
        write_trace(fp, 1);
        fclose(fp);
    }
}

static void setup(void)
{
    read_plan("ZP_FAULT_ALLOC", &plan[0], ENOMEM);
    read_plan("ZP_FAULT_WRITE", &plan[1], ENOSPC);
    const char *t = getenv("ZP_FAULT_TRACE");
    tracing = t && *t;
    atexit(at_exit);
}

/* Where in a binary an address is, the same in every run whatever ASLR does. */
static uintptr_t offset_of(void *addr)
{
    Dl_info info;
    if (dladdr(addr, &info) && info.dli_fbase)
        return (uintptr_t)addr - (uintptr_t)info.dli_fbase;
    return (uintptr_t)addr;
}

/* An allocation's place: the caller and the two frames above it. */
static void alloc_place(void *caller, char *buf, size_t size)
{
    void *frames[24];
    int n = backtrace(frames, 24), i = 0;
    while (i < n && frames[i] != caller)
        i++;
    uintptr_t f[3] = {offset_of(caller), 0, 0};
    for (int k = 1; k < 3 && i + k < n; k++)
        f[k] = offset_of(frames[i + k]);
    snprintf(buf, size, "%lx.%lx.%lx", (unsigned long)f[0], (unsigned long)f[1],
             (unsigned long)f[2]);
}

static void record(int k, const char *place, unsigned long n)
{
    for (size_t i = 0; i < ntrace[k]; i++)
        if (!strcmp(trace[k][i].place, place)) {
            trace[k][i].last = n;
            trace[k][i].count++;
            return;
        }
    if (ntrace[k] == captrace[k]) {
        size_t cap = captrace[k] ? captrace[k] * 2 : 256;
        trace_entry *t = __real_realloc(trace[k], cap * sizeof *t);
        if (!t)
            return;
        trace[k] = t;
        captrace[k] = cap;
    }
    trace_entry *e = &trace[k][ntrace[k]++];
    snprintf(e->place, sizeof e->place, "%s", place);
    e->first = e->last = n;
    e->count = 1;
}

/* Count the event; 1 (errno set) when it is to fail. place is computed only when needed. */
static int event(int k, void *caller, const char *write_place)
{
    if (inside)
        return 0;
    pthread_once(&once, setup);
    inside = 1;
    pthread_mutex_lock(&lock);
    unsigned long n = ++count[k];
    fault_plan *p = &plan[k];
    int want = p->at && !p->fired && n >= p->at && (p->place[0] || n == p->at);
    char place[128] = "";
    if (tracing || (want && p->place[0])) {
        if (k == 0)
            alloc_place(caller, place, sizeof place);
        else
            snprintf(place, sizeof place, "%s", write_place);
    }
    if (tracing)
        record(k, place, n);
    int fail = want && (!p->place[0] || !strcmp(place, p->place));
    if (fail)
        p->fired = 1;
    pthread_mutex_unlock(&lock);
    inside = 0;
    if (fail && p->kill)
        raise(SIGKILL);
    if (fail)
        errno = p->err;
    return fail;
}

int zp_fault_write(const char *kind, const char *path, int fd)
{
    char place[160], link[64], target[4096] = "";
    if (!path && fd >= 0) {
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, target, sizeof target - 1);
        target[n > 0 ? n : 0] = '\0';
        path = target;
    }
    const char *base = path ? strrchr(path, '/') : NULL;
    base = base ? base + 1 : path ? path : "?";
    /* staging folders carry a pid and a random part: name them by what they stage */
    const char *mark = base[0] == '.' ? strstr(base, ".zoneplan-") : NULL;
    int len = mark ? (int)(mark - base - 1) : (int)strlen(base);
    snprintf(place, sizeof place, "%s:%.*s%s", kind, len, base + (mark != NULL),
             mark && strstr(mark, "pending") ? "(pending)" : "");
    return event(1, NULL, place);
}

#define CALLER __builtin_return_address(0)

void *__wrap_malloc(size_t n)
{
    return event(0, CALLER, NULL) ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return event(0, CALLER, NULL) ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return event(0, CALLER, NULL) ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
    return event(0, CALLER, NULL) ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return event(0, CALLER, NULL) ? NULL : __real_strndup(s, n);
}

int __wrap_vasprintf(char **out, const char *fmt, va_list ap)
{
    return event(0, CALLER, NULL) ? -1 : __real_vasprintf(out, fmt, ap);
}

int __wrap_asprintf(char **out, const char *fmt, ...)
{
    if (event(0, CALLER, NULL))
        return -1;
    va_list ap;
    va_start(ap, fmt);
    int n = __real_vasprintf(out, fmt, ap);
    va_end(ap);
    return n;
}

char *__wrap_realpath(const char *path, char *resolved)
{
    return !resolved && event(0, CALLER, NULL) ? NULL : __real_realpath(path, resolved);
}

char *__wrap_getcwd(char *buf, size_t size)
{
    return !buf && event(0, CALLER, NULL) ? NULL : __real_getcwd(buf, size);
}

FILE *__wrap_open_memstream(char **buf, size_t *size)
{
    return event(0, CALLER, NULL) ? NULL : __real_open_memstream(buf, size);
}
#else
typedef int zp_fault_unused; /* ISO C wants something in a translation unit */
#endif
