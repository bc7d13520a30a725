/* Output folders as zoneplan's own: the manifest, the ownership check, removal and flush.
 *
 * zoneplan replaces an output folder whole, so it must know that everything in it is its
 * own: a planner's notes dropped into a run folder, or a folder of survey data named as
 * the output by mistake, must never be deleted. Each folder zoneplan writes carries a
 * manifest (.zoneplan: "zoneplan <kind>" then every name in it, folders with a '/'); a
 * folder written by an earlier version has none, and then only the names that kind of
 * folder has always held count as its own. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sys.h"
#include "core/util.h"
#include "io/folder.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

static const char *const KIND_NAMES[] = {"run", "publish", "diff", "site", "gen", "plan", "project"};
#define NKINDS ((int)(sizeof KIND_NAMES / sizeof *KIND_NAMES))

/* Names each kind of folder held before folders had manifests. "x.*" stands for a
 * shapefile's parts. */
static const char *const LEGACY_RUN[] = {"catchments.*",   "blocks.*",    "schools.*",
                                         "assignment.csv", "schools.csv", "flags.csv",
                                         "summary.json",   "report.md",   NULL};
static const char *const LEGACY_PUBLISH[] = {"*.pdf",     "*.png",  "*.svg",
                                             "*.geojson", "*.html", NULL};
static const char *const LEGACY_DIFF[] = {"diff.csv", "moves.csv", "diff.md", "changed_blocks.*",
                                          NULL};
static const char *const LEGACY_SITE[] = {"sites.csv", "sites.*",   "changes.yaml",
                                          "plan.yaml", "report.md", NULL};
static const char *const LEGACY_GEN[] = {"blocks.*", "schools.*", "river.*", NULL};
static const char *const LEGACY_PLAN[] = {NULL}; /* plan and project folders always had one */
static const char *const *const LEGACY[] = {LEGACY_RUN, LEGACY_PUBLISH, LEGACY_DIFF, LEGACY_SITE,
                                            LEGACY_GEN, LEGACY_PLAN,    LEGACY_PLAN};

const char *zp_folder_kind_name(zp_folder_kind kind)
{
    return KIND_NAMES[kind];
}

int zp_folder_is_stage(const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    /* ours, and those of earlier versions (inside the output folder, and gen's) */
    return (base[0] == '.' && (strstr(base, ZP_STAGE_MARK) || strstr(base, ZP_PENDING_MARK))) ||
           !strncmp(base, ".zoneplan-staging-", 18) || !strncmp(base, ".zpgen-", 7);
}

static int legacy_file(zp_folder_kind kind, const char *name)
{
    static const char *const SHP_PARTS[] = {"shp", "shx", "dbf", "prj", "cpg"};
    for (const char *const *p = LEGACY[kind]; *p; p++) {
        size_t n = strlen(*p);
        if (n > 2 && !strcmp(*p + n - 2, ".*")) {
            for (int k = 0; k < (int)(sizeof SHP_PARTS / sizeof *SHP_PARTS); k++)
                if (!strncmp(name, *p, n - 1) && !strcmp(name + n - 1, SHP_PARTS[k]))
                    return 1;
        } else if (!fnmatch(*p, name, 0)) {
            return 1;
        }
    }
    return 0;
}

/* The kind a subfolder of an old folder had: a run's publish/, a siting's plan/. */
static int legacy_subfolder(zp_folder_kind kind, const char *name, zp_folder_kind *sub)
{
    if (kind == ZP_FOLDER_RUN && !strcmp(name, "publish"))
        *sub = ZP_FOLDER_PUBLISH;
    else if (kind == ZP_FOLDER_SITE && !strcmp(name, "plan"))
        *sub = ZP_FOLDER_RUN;
    else
        return 0;
    return 1;
}

typedef struct manifest {
    int present;
    zp_folder_kind kind;
    char *text; /* the lines after the first, each ending in '\n' */
} manifest;

static int read_manifest(const char *dir, manifest *m)
{
    memset(m, 0, sizeof *m);
    char *path = zp_path_join(dir, ZP_MANIFEST);
    if (!path)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    char *text = NULL;
    size_t len;
    int rc = zp_input_read(path, (size_t)1 << 20, 1, &text, &len);
    free(path);
    if (rc || !text)
        return rc;
    m->present = 1;
    m->kind = (zp_folder_kind)-1;
    for (int k = 0; k < NKINDS; k++) {
        size_t n = strlen(KIND_NAMES[k]);
        if (!strncmp(text, "zoneplan ", 9) && !strncmp(text + 9, KIND_NAMES[k], n) &&
            text[9 + n] == '\n')
            m->kind = (zp_folder_kind)k;
    }
    char *nl = strchr(text, '\n');
    memmove(text, nl ? nl + 1 : text + strlen(text), strlen(nl ? nl + 1 : "") + 1);
    m->text = text;
    return ZP_OK;
}

/* name is a line of the manifest. */
static int listed(const manifest *m, const char *name)
{
    size_t n = strlen(name);
    for (const char *s = m->text; s && *s;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        if (len == n && !strncmp(s, name, n))
            return 1;
        s = nl ? nl + 1 : s + len;
    }
    return 0;
}

void zp_names_free(zp_names *n)
{
    for (size_t i = 0; i < n->n; i++)
        free(n->v[i]);
    free(n->v);
    memset(n, 0, sizeof *n);
}

/* prefix/name onto the list; prefix may be "". */
static int names_add(zp_names *n, const char *prefix, const char *name)
{
    size_t len = strlen(prefix) + strlen(name) + 2;
    char *s = malloc(len);
    if (!s || zp_grow((void **)&n->v, &n->cap, n->n + 1, sizeof *n->v)) {
        free(s);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    snprintf(s, len, "%s%s%s", prefix, *prefix ? "/" : "", name);
    n->v[n->n++] = s;
    return ZP_OK;
}

static int check_tree(const char *dir, const char *rel, zp_folder_kind kind, zp_names *foreign,
                      char **why);

/* Why a folder is not this command's to replace: "rel (a zoneplan KIND folder)". */
static int why_kind(const char *rel, int kind, char **why)
{
    char buf[64];
    snprintf(buf, sizeof buf, " (a zoneplan %s folder)",
             kind >= 0 ? KIND_NAMES[kind] : "(unknown kind)");
    size_t n = strlen(rel) + strlen(buf) + 1;
    if ((*why = malloc(n)))
        snprintf(*why, n, "%s%s", rel, buf);
    return *why ? 0 : zp_error_set(ZP_ENOMEM, "out of memory");
}

/* A subfolder is zoneplan's own only when it is the one its kind has (a run's publish/, a
 * siting's plan/) and of the kind that goes there (its own manifest; in a folder of an
 * earlier version, none). Any other zoneplan folder inside (a diff written into a run
 * folder, a copied run) is someone's to keep, so the folder is refused. */
static int check_subfolder(const char *dir, const char *rel, const char *name, zp_folder_kind kind,
                           int parent_manifest, zp_names *foreign, char **why)
{
    char *sub = zp_path_join(dir, name);
    zp_names path = {0};
    int rc = sub ? names_add(&path, rel, name) : zp_error_set(ZP_ENOMEM, "out of memory");
    manifest sm = {0};
    zp_folder_kind sk = kind;
    int known = legacy_subfolder(kind, name, &sk);
    int ok = rc ? rc : read_manifest(sub, &sm);
    if (!ok && sm.present && !known) {
        char *r = zp_path_join(path.v[0], "");
        ok = r ? why_kind(r, (int)sm.kind, why) : zp_error_set(ZP_ENOMEM, "out of memory");
        ok = ok ? ok : 2;
        free(r);
    } else if (!ok)
        ok = known && (sm.present || !parent_manifest);
    free(sm.text);
    if (ok == 2)
        ok = 0;
    else if (ok == 1)
        ok = check_tree(sub, path.v[0], sk, foreign, why);
    else if (ok == 0 && !(*why = zp_path_join(path.v[0], "")))
        ok = zp_error_set(ZP_ENOMEM, "out of memory");
    free(sub);
    zp_names_free(&path);
    return ok;
}

int zp_folder_pending_alive(const char *mark)
{
    long pid = strtol(mark + strlen(ZP_PENDING_MARK), NULL, 10);
    if (pid <= 0)
        return -1;
    return kill((pid_t)pid, 0) == 0 || errno != ESRCH;
}

/* A staging folder inside the folder that another zoneplan is writing now (publish into a
 * run folder while that run folder is to be replaced): locked, or pending and its process
 * alive. One left by a killed process goes with the old folder. */
static int stage_live(const char *dir, const char *name)
{
    const char *pending = strstr(name, ZP_PENDING_MARK);
    if (pending)
        return zp_folder_pending_alive(pending) == 1;
    char *path = zp_path_join(dir, name);
    int fd = path ? open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
    free(path);
    int live = fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    if (fd >= 0)
        close(fd);
    return live;
}

static int check_tree(const char *dir, const char *rel, zp_folder_kind kind, zp_names *foreign,
                      char **why)
{
    manifest m;
    int rc = read_manifest(dir, &m);
    if (rc)
        return rc;
    if (m.present && m.kind != kind) {
        free(m.text);
        char *r = *rel ? zp_path_join(rel, "") : strdup("");
        rc = r ? why_kind(r, (int)m.kind, why) : zp_error_set(ZP_ENOMEM, "out of memory");
        free(r);
        return rc;
    }
    DIR *d = opendir(dir);
    if (!d) {
        free(m.text);
        return zp_error_set(ZP_EIO, "%s: cannot read the folder: %s", dir, strerror(errno));
    }
    int owned = 1;
    struct dirent *e;
    while (owned == 1 && (e = readdir(d))) {
        const char *name = e->d_name;
        if (!strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, ZP_MANIFEST))
            continue;
        if (zp_folder_is_stage(name)) {
            if (stage_live(dir, name)) {
                size_t n = strlen(rel) + strlen(name) + 2;
                if ((*why = malloc(n)))
                    snprintf(*why, n, "%s%s%s", rel, *rel ? "/" : "", name);
                owned = *why ? 0 : zp_error_set(ZP_ENOMEM, "out of memory");
            }
            continue;
        }
        struct stat st;
        char *path = zp_path_join(dir, name);
        int isdir = path && lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
        free(path);
        if (isdir)
            owned = check_subfolder(dir, rel, name, kind, m.present, foreign, why);
        else if (!(m.present ? listed(&m, name) : legacy_file(kind, name)) &&
                 (rc = names_add(foreign, rel, name)))
            owned = rc;
    }
    closedir(d);
    free(m.text);
    return owned;
}

int zp_folder_check(const char *dir, zp_folder_kind kind, zp_names *foreign, char **why)
{
    *why = NULL;
    return check_tree(dir, "", kind, foreign, why);
}

int zp_folder_wrote(const char *dir, zp_folder_kind kind, const char *name)
{
    manifest m;
    int rc = read_manifest(dir, &m);
    if (rc)
        return rc;
    int wrote = m.present ? m.kind == kind && listed(&m, name) : legacy_file(kind, name);
    free(m.text);
    return wrote;
}

/* ---- the manifest ------------------------------------------------------------------- */

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int zp_folder_mark(const char *dir, zp_folder_kind kind)
{
    DIR *d = opendir(dir);
    if (!d)
        return zp_error_set(ZP_EIO, "%s: cannot read the folder: %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = ZP_OK;
    struct dirent *e;
    while (!rc && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !strcmp(e->d_name, ZP_MANIFEST) || zp_folder_is_stage(e->d_name))
            continue;
        char *path = zp_path_join(dir, e->d_name);
        struct stat st;
        int isdir = path && lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
        char *name = path ? malloc(strlen(e->d_name) + 2) : NULL;
        free(path);
        if (!name || zp_grow((void **)&names, &cap, n + 1, sizeof *names)) {
            free(name);
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
            break;
        }
        sprintf(name, "%s%s", e->d_name, isdir ? "/" : "");
        names[n++] = name;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, name_cmp);
    char *path = rc ? NULL : zp_path_join(dir, ZP_MANIFEST);
    if (!rc && !path)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    FILE *fp = rc ? NULL : zp_sys_fopen(path);
    if (!rc && !fp)
        rc = zp_error_set(ZP_EIO, "%s: cannot write: %s", path, strerror(errno));
    if (fp) {
        fprintf(fp, "zoneplan %s\n", KIND_NAMES[kind]);
        for (size_t i = 0; i < n; i++)
            fprintf(fp, "%s\n", names[i]);
        int bad = ferror(fp);
        if (fclose(fp) != 0 || bad)
            rc = zp_error_set(ZP_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(path);
    return rc;
}

/* ---- whole trees -------------------------------------------------------------------- */

static int remove_at(int parent, const char *name)
{
    if (unlinkat(parent, name, 0) == 0 || errno == ENOENT)
        return 0;
    if (errno != EISDIR && errno != EPERM)
        return -1;
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && remove_at(dirfd(d), e->d_name))
            rc = -1;
    closedir(d);
    if (unlinkat(parent, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
        rc = -1;
    return rc;
}

int zp_folder_remove(const char *dir)
{
    return remove_at(AT_FDCWD, dir);
}

static int sync_at(int parent, const char *name, const char *path, char **failed)
{
    int fd = openat(parent, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        *failed = strdup(path);
        return -1;
    }
    int rc = 0;
    if (S_ISDIR(st.st_mode)) {
        int dfd = dup(fd);
        DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
        struct dirent *e;
        while (!rc && d && (e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *sub = zp_path_join(path, e->d_name);
            rc = sub ? sync_at(fd, e->d_name, sub, failed) : -1;
            free(sub);
        }
        if (d)
            closedir(d);
        else {
            if (dfd >= 0)
                close(dfd);
            rc = -1;
        }
    }
    int e = errno;
    if (!rc && zp_sys_fsync(fd) != 0) {
        e = errno;
        rc = -1;
    }
    if (rc && !*failed)
        *failed = strdup(path);
    close(fd);
    errno = e;
    return rc;
}

int zp_folder_sync(const char *dir, char **failed)
{
    *failed = NULL;
    return sync_at(AT_FDCWD, dir, dir, failed);
}
