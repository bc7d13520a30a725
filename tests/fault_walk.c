/* The fault-injection walk: a command run again and again in a test build (ZP_FAULT), each
 * time with one allocation or one writing call failing, or the process killed at one writing
 * call, and what is left checked every time.
 *
 *   fault_walk --mode alloc|write|kill [--occurrences first|both] [--jobs N]
 *              --old 'CMD' --cmd 'CMD' --work DIR [--inputs DIR]
 *
 * CMD is a shell command in which {OUT} stands for the output folder. --old writes the
 * folder as it was before (a different run), --cmd is the command under test. A first run of
 * --cmd with ZP_FAULT_TRACE lists every place the command allocates or writes (core/fault.c);
 * then, for each place, at its first occurrence (and its last, with both), a fresh copy of the
 * old folder is written over by --cmd with that event failing. Each time:
 *   - the exit code is 2 or 3 (alloc, write) with a "zoneplan: " message, or 0 when the
 *     failure came after the new folder was in place; a kill ends the process;
 *   - nothing from AddressSanitizer, LeakSanitizer or UBSan on stderr: no crash, no leak;
 *   - the output folder is the old one or the new one, file for file and byte for byte;
 *   - nothing else is left beside it (no staging folder), except after a kill, where the
 *     next run must remove it and write the new folder;
 *   - every file under --inputs is unchanged.
 * Prints one line per failed check and a summary; exit 1 when any check failed. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct entry {
    char *name; /* relative path, "/" after folders */
    uint64_t hash;
} entry;

typedef struct snapshot {
    entry *e;
    size_t n, cap;
} snapshot;

typedef struct place {
    char kind[8]; /* alloc | write */
    char where[160];
    unsigned long first, last;
} place;

static const char *mode = "alloc", *occurrences = "first", *old_cmd, *cmd, *work, *inputs;
static int jobs = 2;

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fault_walk: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = NULL;
    if (vasprintf(&s, f, ap) < 0)
        die("out of memory");
    va_end(ap);
    return s;
}

/* ---- snapshots: every file under a folder with a hash of its bytes --------------------- */

static uint64_t hash_file(const char *path)
{
    uint64_t h = 1469598103934665603ULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    unsigned char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        for (size_t i = 0; i < n; i++)
            h = (h ^ buf[i]) * 1099511628211ULL;
    fclose(f);
    return h;
}

static void snap_add(snapshot *s, char *name, uint64_t hash)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->e = realloc(s->e, s->cap * sizeof *s->e);
        if (!s->e)
            die("out of memory");
    }
    s->e[s->n++] = (entry){name, hash};
}

static void snap_walk(snapshot *s, const char *root, const char *rel)
{
    char *dir = *rel ? fmt("%s/%s", root, rel) : fmt("%s", root);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *r = *rel ? fmt("%s/%s", rel, e->d_name) : fmt("%s", e->d_name);
        char *path = fmt("%s/%s", root, r);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            snap_add(s, fmt("%s/", r), 0);
            snap_walk(s, root, r);
        } else {
            snap_add(s, fmt("%s", r), hash_file(path));
        }
        free(path);
        free(r);
    }
    if (d)
        closedir(d);
    free(dir);
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static snapshot snap(const char *root)
{
    snapshot s = {0};
    struct stat st;
    if (stat(root, &st) != 0)
        return s;              /* no folder: the empty snapshot */
    snap_add(&s, fmt("."), 1); /* the folder itself exists ("." sorts first) */
    snap_walk(&s, root, "");
    qsort(s.e, s.n, sizeof *s.e, entry_cmp);
    return s;
}

static int snap_equal(const snapshot *a, const snapshot *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->e[i].name, b->e[i].name) || a->e[i].hash != b->e[i].hash)
            return 0;
    return 1;
}

/* The first difference, for the report. */
static const char *snap_diff(const snapshot *a, const snapshot *b)
{
    static char buf[512];
    size_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        int c = strcmp(a->e[i].name, b->e[j].name);
        if (c < 0) {
            snprintf(buf, sizeof buf, "%s only in the folder", a->e[i].name);
            return buf;
        }
        if (c > 0) {
            snprintf(buf, sizeof buf, "%s missing", b->e[j].name);
            return buf;
        }
        if (a->e[i].hash != b->e[j].hash) {
            snprintf(buf, sizeof buf, "%s differs", a->e[i].name);
            return buf;
        }
        i++, j++;
    }
    snprintf(buf, sizeof buf, "%s", i < a->n ? a->e[i].name : j < b->n ? b->e[j].name : "?");
    return buf;
}

static void snap_free(snapshot *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->e[i].name);
    free(s->e);
    memset(s, 0, sizeof *s);
}

/* ---- running ------------------------------------------------------------------------ */

static char *with_out(const char *tmpl, const char *out)
{
    const char *at = strstr(tmpl, "{OUT}");
    if (!at)
        die("command without {OUT}: %s", tmpl);
    return fmt("%.*s'%s'%s", (int)(at - tmpl), tmpl, out, at + 5);
}

/* Run sh -c "env ENV CMD" with stdout and stderr to err_path; the wait status. */
static int run(const char *env, const char *command, const char *err_path)
{
    char *line = fmt("env %s %s >'%s' 2>&1", env ? env : "", command, err_path);
    int st = system(line);
    free(line);
    return st;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fmt("");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

static void sh(const char *fmtstr, const char *a, const char *b)
{
    char *line = fmt(fmtstr, a, b);
    if (system(line) != 0)
        die("failed: %s", line);
    free(line);
}

/* ---- one trial ---------------------------------------------------------------------- */

static snapshot old_snap, new_snap, inputs_snap;

/* The checks after a run; returns a malloc'd complaint, or NULL when all held. */
static char *check(const char *slot, int st, const char *err_path, int killed_ok)
{
    char *out = fmt("%s/out", slot);
    char *err = slurp(err_path);
    char *bad = NULL;
    snapshot now = snap(out);
    int is_old = snap_equal(&now, &old_snap), is_new = snap_equal(&now, &new_snap);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    /* the shell between reports a child's SIGKILL as exit 128 + 9 */
    int killed = (WIFSIGNALED(st) && WTERMSIG(st) == 9) || code == 137;
    if (strstr(err, "AddressSanitizer") || strstr(err, "LeakSanitizer") ||
        strstr(err, "runtime error"))
        bad = fmt("sanitizer report: %.300s", strstr(err, "Sanitizer") ? strstr(err, "==") : err);
    else if (killed && !killed_ok)
        bad = fmt("killed");
    else if (!killed && code != 0 && code != 2 && code != 3)
        bad = fmt("exit %d (signal %d): %.300s", code, WIFSIGNALED(st) ? WTERMSIG(st) : 0, err);
    else if (!killed && code != 0 && !strstr(err, "zoneplan: "))
        bad = fmt("exit %d without a message", code);
    else if (code == 0 && !is_new)
        bad = fmt("exit 0 but the folder is not the new one: %s", snap_diff(&now, &new_snap));
    else if (!is_old && !is_new) {
        char against_old[512];
        snprintf(against_old, sizeof against_old, "%s", snap_diff(&now, &old_snap));
        bad = fmt("the folder is neither the old nor the new one (%s against the old; %s "
                  "against the new)",
                  against_old, snap_diff(&now, &new_snap));
    }
    if (!bad && !killed) { /* nothing left beside the folder */
        DIR *d = opendir(slot);
        struct dirent *e;
        while (!bad && d && (e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "out") &&
                strcmp(e->d_name, "err.txt"))
                bad = fmt("left beside the folder: %s", e->d_name);
        if (d)
            closedir(d);
    }
    if (!bad && inputs) {
        snapshot in = snap(inputs);
        if (!snap_equal(&in, &inputs_snap))
            bad = fmt("an input changed: %s", snap_diff(&in, &inputs_snap));
        snap_free(&in);
    }
    snap_free(&now);
    free(err);
    free(out);
    return bad;
}

static char *trial(const char *slot, const place *p, unsigned long at)
{
    char *out = fmt("%s/out", slot), *err_path = fmt("%s/err.txt", slot);
    char *old_copy = fmt("%s/old", work);
    sh("rm -rf '%s' && mkdir -p '%s'", slot, slot);
    sh("cp -a '%s' '%s'", old_copy, out);
    /* quoted: place names hold parentheses, e.g. mkdir:out(pending) */
    char *env = fmt("'ZP_FAULT_%s=%lu:%s%s'", !strcmp(p->kind, "alloc") ? "ALLOC" : "WRITE", at,
                    p->where, !strcmp(mode, "kill") ? "/KILL" : "");
    char *command = with_out(cmd, out);
    int st = run(env, command, err_path);
    int kill_mode = !strcmp(mode, "kill");
    char *bad = check(slot, st, err_path, kill_mode);
    if (!bad && kill_mode) { /* the next run cleans up and writes the new folder */
        st = run(NULL, command, err_path);
        bad = check(slot, st, err_path, 0);
        if (!bad && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
            bad = fmt("the run after the kill failed");
        if (bad) {
            char *b = fmt("after the kill: %s", bad);
            free(bad);
            bad = b;
        }
    }
    free(command);
    free(env);
    free(old_copy);
    free(err_path);
    free(out);
    return bad;
}

/* ---- the walk ----------------------------------------------------------------------- */

static place *read_trace(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("no trace at %s", path);
    place *v = NULL;
    size_t cap = 0;
    *n = 0;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        place p = {0};
        unsigned long count;
        if (sscanf(line, "%7s %159s %lu %lu %lu", p.kind, p.where, &p.first, &p.last, &count) != 5)
            continue;
        int wanted = !strcmp(mode, "alloc") ? !strcmp(p.kind, "alloc") : !strcmp(p.kind, "write");
        if (!wanted)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            v = realloc(v, cap * sizeof *v);
        }
        v[(*n)++] = p;
    }
    fclose(f);
    return v;
}

int main(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--mode"))
            mode = v;
        else if (!strcmp(k, "--occurrences"))
            occurrences = v;
        else if (!strcmp(k, "--jobs"))
            jobs = atoi(v);
        else if (!strcmp(k, "--old"))
            old_cmd = v;
        else if (!strcmp(k, "--cmd"))
            cmd = v;
        else if (!strcmp(k, "--work"))
            work = v;
        else if (!strcmp(k, "--inputs"))
            inputs = v;
        else
            die("unknown option %s", k);
    }
    if (!old_cmd || !cmd || !work || jobs < 1)
        die("usage: fault_walk --mode alloc|write|kill [--occurrences first|both] [--jobs N] "
            "--old CMD --cmd CMD --work DIR [--inputs DIR]");
    /* the references: the old folder, and the new one as --cmd writes it over the old */
    char *slot = fmt("%s/w0", work), *out = fmt("%s/w0/out", work), *err = fmt("%s/err.txt", work);
    sh("rm -rf '%s' && mkdir -p '%s'", work, slot);
    char *c = with_out(old_cmd, out);
    if (run(NULL, c, err) != 0)
        die("the --old command failed (%s): %s", c, slurp(err));
    free(c);
    old_snap = snap(out);
    sh("cp -a '%s' '%s/old'", out, work);
    char *trace = fmt("%s/trace.txt", work);
    char *env = fmt("ZP_FAULT_TRACE='%s'", trace);
    c = with_out(cmd, out);
    if (run(env, c, err) != 0)
        die("the --cmd command failed (%s): %s", c, slurp(err));
    free(c);
    free(env);
    new_snap = snap(out);
    if (inputs)
        inputs_snap = snap(inputs);
    size_t np;
    place *places = read_trace(trace, &np);
    int both = !strcmp(occurrences, "both");
    size_t ntrials = 0;
    for (size_t i = 0; i < np; i++)
        ntrials += 1 + (both && places[i].last != places[i].first);
    printf("%s walk: %zu places, %zu trials, %d at a time\n", mode, np, ntrials, jobs);
    fflush(stdout);
    /* the trials, jobs at a time: each worker takes every jobs-th trial */
    int failures = 0;
    pid_t *pid = calloc((size_t)jobs, sizeof *pid);
    char **report = calloc((size_t)jobs, sizeof *report);
    for (int j = 0; j < jobs; j++) {
        report[j] = fmt("%s/report-%d.txt", work, j);
        pid[j] = fork();
        if (pid[j] == 0) {
            FILE *rep = fopen(report[j], "w");
            char *wslot = fmt("%s/t%d", work, j);
            size_t k = 0;
            for (size_t i = 0; i < np; i++)
                for (int o = 0; o < 1 + (both && places[i].last != places[i].first); o++, k++) {
                    if ((int)(k % (size_t)jobs) != j)
                        continue;
                    unsigned long at = o ? places[i].last : places[i].first;
                    char *bad = trial(wslot, &places[i], at);
                    if (bad)
                        fprintf(rep, "FAIL %s %s at %lu: %s\n", places[i].kind, places[i].where, at,
                                bad);
                    fflush(rep);
                    free(bad);
                }
            fclose(rep);
            _exit(0);
        }
    }
    for (int j = 0; j < jobs; j++) {
        int st;
        waitpid(pid[j], &st, 0);
        char *text = slurp(report[j]);
        for (char *s = text; (s = strstr(s, "FAIL ")); s++)
            failures++;
        fputs(text, stdout);
        free(text);
    }
    printf("%s walk: %zu trials, %d failed\n", mode, ntrials, failures);
    for (int j = 0; j < jobs; j++)
        free(report[j]);
    free(report);
    free(pid);
    free(places);
    free(trace);
    free(slot);
    free(out);
    free(err);
    snap_free(&old_snap);
    snap_free(&new_snap);
    snap_free(&inputs_snap);
    return failures ? 1 : 0;
}
