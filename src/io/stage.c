/* Output folders written whole beside themselves and swapped in (see zoneplan/stage.h).
 *
 * A folder of outputs is only useful whole: a new blocks.dbf beside an old summary.json is
 * worse than either run. So nothing is written into the output folder itself. Everything
 * goes into a hidden sibling, ".<name>.zoneplan-stage-<pid>-XXXXXX", which is flushed to
 * disk and then exchanged with the output folder by one renameat2(RENAME_EXCHANGE): the
 * name points at the old folder or at the new one, at every instant. The old folder, now
 * under the staging name, is removed afterwards. The staging folder is flock()ed while its
 * process lives, so a staging folder whose lock can be taken was left by a killed process
 * and is removed by the next command that writes beside it.
 *
 * Replacing a folder whole means deleting what it held, so the folder must be zoneplan's
 * own (folder.c) and must not hold anything the command reads: both are checked before any
 * work is done, by device and inode rather than by spelling. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sys.h"
#include "core/util.h"
#include "io/folder.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"
#include "zoneplan/stage.h"

struct zp_stage {
    zp_folder_kind kind;
    char *target; /* the output folder, absolute, links resolved */
    char *parent; /* its folder */
    char *path;   /* the staging folder */
    int lock_fd;  /* the staging folder, flock()ed */
};

/* ---- inputs ------------------------------------------------------------------------- */

int zp_inputs_add(zp_inputs *in, const char *path)
{
    char *copy = strdup(path);
    if (!copy || zp_grow((void **)&in->path, &in->cap, in->n + 1, sizeof *in->path)) {
        free(copy);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    in->path[in->n++] = copy;
    return ZP_OK;
}

int zp_inputs_add_layer(zp_inputs *in, const char *shp_path)
{
    static const char *const PARTS[] = {".shp", ".shx", ".dbf", ".prj", ".cpg",
                                        ".SHP", ".SHX", ".DBF", ".PRJ", ".CPG"};
    const char *dot = strrchr(shp_path, '.'), *slash = strrchr(shp_path, '/');
    size_t n = dot && (!slash || dot > slash) ? (size_t)(dot - shp_path) : strlen(shp_path);
    int rc = zp_inputs_add(in, shp_path);
    for (int k = 0; !rc && k < 10; k++) {
        char *p = malloc(n + 5);
        if (!p)
            return zp_error_set(ZP_ENOMEM, "out of memory");
        memcpy(p, shp_path, n);
        strcpy(p + n, PARTS[k]);
        rc = zp_inputs_add(in, p);
        free(p);
    }
    return rc;
}

void zp_inputs_free(zp_inputs *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->path[i]);
    free(in->path);
    memset(in, 0, sizeof *in);
}

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Whether the folder `out` is the file `path` or one of the folders above it; -1 when out
 * of memory. */
static int holds(const struct stat *out, const char *path, int *is)
{
    struct stat st;
    *is = 0;
    if (stat(path, &st) != 0)
        return 0; /* not there: nothing to read, nothing to lose */
    if (same_file(out, &st))
        return *is = 1;
    char *real = realpath(path, NULL);
    if (!real)
        return errno == ENOMEM ? -1 : 0; /* else gone since the stat: nothing to lose */
    int found = 0;
    for (char *slash; !found && (slash = strrchr(real, '/'));) {
        slash[slash == real] = '\0'; /* "/a/b" -> "/a" -> "/" */
        found = stat(real, &st) == 0 && same_file(out, &st);
        if (slash == real)
            break;
    }
    free(real);
    return found;
}

static int check_inputs(const char *dir, const struct stat *out, const zp_inputs *in)
{
    for (size_t i = 0; in && i < in->n; i++) {
        int is, found = holds(out, in->path[i], &is);
        if (found < 0)
            return zp_error_set(ZP_ENOMEM, "out of memory");
        if (found)
            return zp_error_set(ZP_EIO,
                                "%s: the output folder %s %s, which this command reads; write "
                                "the outputs to another folder (zoneplan replaces its output "
                                "folder whole)",
                                dir, is ? "is" : "holds", in->path[i]);
    }
    return ZP_OK;
}

int zp_output_file_check(const char *path, const zp_inputs *in)
{
    struct stat out, st;
    if (stat(path, &out) != 0)
        return ZP_OK;
    for (size_t i = 0; in && i < in->n; i++)
        if (stat(in->path[i], &st) == 0 && same_file(&out, &st))
            return zp_error_set(ZP_EIO,
                                "%s: this output is %s, which this command reads; "
                                "name another file",
                                path, in->path[i]);
    return ZP_OK;
}

/* The nearest folder of path that exists, resolved: path's own folder, or the one above. */
static char *existing_folder(const char *path)
{
    char *p = strdup(path);
    char *real = NULL;
    while (p && !real) {
        char *slash = strrchr(p, '/');
        if (!slash)
            real = realpath(".", NULL);
        else if (slash == p)
            real = realpath("/", NULL);
        else {
            *slash = '\0';
            real = realpath(p, NULL);
        }
        if (!real && (errno == ENOMEM || !slash || slash == p))
            break;
    }
    free(p);
    return real;
}

int zp_stage_check_file(const zp_stage *st, const char *path)
{
    char *folder = existing_folder(path);
    if (!folder)
        return zp_error_set(errno == ENOMEM ? ZP_ENOMEM : ZP_EIO,
                            "%s: cannot resolve its folder: %s", path, strerror(errno));
    size_t n = strlen(st->target);
    int inside = !strncmp(folder, st->target, n) && (folder[n] == '\0' || folder[n] == '/');
    free(folder);
    if (inside)
        return zp_error_set(ZP_EIO,
                            "%s: this file would go into the output folder %s, which zoneplan "
                            "replaces whole; name a file outside it",
                            path, st->target);
    return ZP_OK;
}

/* ---- where the folder is ------------------------------------------------------------ */

/* The output folder as an absolute path with links resolved (its parents created when it
 * does not exist yet), and its parent. */
static int locate(const char *dir, zp_stage *st)
{
    struct stat s;
    if (stat(dir, &s) == 0) {
        if (!S_ISDIR(s.st_mode))
            return zp_error_set(ZP_EIO, "%s: exists and is not a folder", dir);
        st->target = realpath(dir, NULL);
    } else if (lstat(dir, &s) == 0) {
        return zp_error_set(ZP_EIO, "%s: a link to nothing; give a folder", dir);
    } else {
        char *copy = strdup(dir);
        if (!copy)
            return zp_error_set(ZP_ENOMEM, "out of memory");
        size_t n = strlen(copy);
        while (n > 1 && copy[n - 1] == '/')
            copy[--n] = '\0';
        char *slash = strrchr(copy, '/');
        const char *base = slash ? slash + 1 : copy;
        char *parent = slash ? (slash == copy ? strdup("/") : strndup(copy, (size_t)(slash - copy)))
                             : strdup(".");
        int rc = parent ? zp_ensure_dir(parent) : zp_error_set(ZP_ENOMEM, "out of memory");
        if (rc == ZP_EIO) { /* name the folder asked for, not only the parent that failed */
            char why[1024];
            snprintf(why, sizeof why, "%s", zp_error_last());
            rc = zp_error_set(rc, "%s: cannot create the output folder (%s)", dir, why);
        }
        char *real = rc ? NULL : realpath(parent, NULL);
        if (!rc && !real)
            rc = zp_error_set(ZP_EIO, "%s: cannot find the folder: %s", parent, strerror(errno));
        if (!rc)
            st->target = zp_path_join(real, base);
        free(real);
        free(parent);
        free(copy);
        if (rc)
            return rc;
    }
    if (!st->target)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    char *slash = strrchr(st->target, '/');
    if (!slash || !slash[1])
        return zp_error_set(ZP_EIO, "%s: cannot be an output folder (the root)", dir);
    st->parent =
        slash == st->target ? strdup("/") : strndup(st->target, (size_t)(slash - st->target));
    return st->parent ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
}

/* The output folder holds nothing in the way of replacing it whole: every folder in it is
 * zoneplan's, of the right kind. The planner's own files in it, when foreign is not NULL,
 * are listed there, to be carried over. */
static int check_owned(const char *dir, const zp_stage *st, zp_names *foreign)
{
    zp_names none = {0};
    char *why = NULL;
    int owned = zp_folder_check(st->target, st->kind, foreign ? foreign : &none, &why);
    zp_names_free(&none);
    int rc = owned < 0 ? owned : ZP_OK;
    if (owned == 0 && why && zp_folder_is_stage(why))
        rc = zp_error_set(ZP_EIO,
                          "%s: another zoneplan is writing inside it now (%s); run this when it "
                          "has finished",
                          dir, why);
    else if (owned == 0 && why && why[0] == ' ')
        rc = zp_error_set(ZP_EIO, "%s: is%s, not a %s folder; give another output folder", dir, why,
                          zp_folder_kind_name(st->kind));
    else if (owned == 0)
        rc = zp_error_set(ZP_EIO,
                          "%s: holds %s, which zoneplan did not write; zoneplan replaces its "
                          "output folder whole, so move that folder out or give another output "
                          "folder",
                          dir, why ? why : "a folder");
    free(why);
    return rc;
}

/* The folder about to be replaced: zoneplan's own, not the current folder or above it, not
 * a mount point, and not holding an input. */
static int check_existing(const char *dir, zp_stage *st, const zp_inputs *in)
{
    struct stat s, p;
    if (stat(st->target, &s) != 0)
        return ZP_OK;
    if (stat(st->parent, &p) == 0 && p.st_dev != s.st_dev)
        return zp_error_set(ZP_EIO, "%s: a mount point; give a folder inside it", dir);
    int rc = check_inputs(dir, &s, in);
    if (rc)
        return rc;
    char *cwd = getcwd(NULL, 0);
    if (!cwd && errno == ENOMEM)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t n = strlen(st->target);
    int inside = cwd && !strncmp(cwd, st->target, n) && (cwd[n] == '/' || !cwd[n]);
    free(cwd);
    if (inside)
        return zp_error_set(ZP_EIO,
                            "%s: the current folder is in it; zoneplan replaces its output "
                            "folder whole, so run it from another folder",
                            dir);
    return check_owned(dir, st, NULL);
}

/* ---- staging folders ---------------------------------------------------------------- */

/* Staging folders beside the output whose process is gone (their lock is free): a killed
 * run's new outputs, or the old folder it had swapped out and not yet removed. An "-old"
 * folder whose output folder is missing is the old outputs of a swap without
 * RENAME_EXCHANGE that was cut short: put back rather than removed. */
static void clean_pending(const char *parent, const char *name, const char *mark);

static void clean_stale(const char *parent)
{
    DIR *d = opendir(parent);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        const char *mark = strstr(e->d_name, ZP_STAGE_MARK);
        const char *pending = strstr(e->d_name, ZP_PENDING_MARK);
        if (e->d_name[0] == '.' && pending)
            clean_pending(parent, e->d_name, pending);
        if (e->d_name[0] != '.' || !mark)
            continue;
        int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) { /* a live process's */
            close(fd);
            continue;
        }
        char *path = zp_path_join(parent, e->d_name);
        char *name = strndup(e->d_name + 1, (size_t)(mark - e->d_name - 1));
        char *target = name ? zp_path_join(parent, name) : NULL;
        size_t n = strlen(e->d_name);
        struct stat s;
        if (path && target && n > 4 && !strcmp(e->d_name + n - 4, "-old") &&
            lstat(target, &s) != 0 && zp_sys_rename(path, target) == 0)
            zp_note("%s: put back the previous outputs, which an interrupted zoneplan had "
                    "moved aside",
                    target);
        else if (path && zp_folder_remove(path) == 0)
            zp_note("%s: removed a staging folder left by an interrupted zoneplan", path);
        close(fd);
        free(path);
        free(name);
        free(target);
    }
    if (d)
        closedir(d);
}

/* A pending folder is one a process made and had not yet locked: another run's cleaning
 * must not take it for stale in that instant, so it is only removed once its process (the
 * pid in its name) is gone. */
static void clean_pending(const char *parent, const char *name, const char *mark)
{
    if (zp_folder_pending_alive(mark) != 0)
        return;
    char *path = zp_path_join(parent, name);
    if (path && zp_folder_remove(path) == 0)
        zp_note("%s: removed a staging folder left by an interrupted zoneplan", path);
    free(path);
}

/* The staging folder: made under a pending name, locked, then renamed to its staging name,
 * so it is never seen unlocked under a name the cleaning of other runs takes for stale. */
static int make_stage(zp_stage *st)
{
    const char *base = strrchr(st->target, '/') + 1;
    size_t n = strlen(st->parent) + strlen(base) + 64;
    char *pending = malloc(n);
    st->path = malloc(n);
    if (!pending || !st->path) {
        free(pending);
        free(st->path);
        st->path = NULL;
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    snprintf(pending, n, "%s/.%s%s%ld-XXXXXX", st->parent, base, ZP_PENDING_MARK, (long)getpid());
    if (zp_fault_write("mkdir", pending, -1) || !mkdtemp(pending)) {
        int e = errno;
        free(pending);
        free(st->path);
        st->path = NULL;
        return zp_error_set(ZP_EIO, "%s: cannot create a staging folder there: %s", st->parent,
                            strerror(e));
    }
    snprintf(st->path, n, "%s/.%s%s%ld-%s", st->parent, base, ZP_STAGE_MARK, (long)getpid(),
             pending + strlen(pending) - 6);
    st->lock_fd = open(pending, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    mode_t mask = umask(0); /* mkdtemp makes it private: the outputs get the usual mode */
    umask(mask);
    int rc = ZP_OK;
    if (st->lock_fd < 0 || flock(st->lock_fd, LOCK_EX | LOCK_NB) != 0 ||
        fchmod(st->lock_fd, 0777 & ~mask) != 0 || zp_sys_rename_new(pending, st->path) != 0) {
        rc = zp_error_set(ZP_EIO, "%s: cannot set up the staging folder: %s", pending,
                          strerror(errno));
        zp_folder_remove(pending);
        free(st->path); /* never made: nothing of that name is ours to remove */
        st->path = NULL;
    }
    free(pending);
    return rc;
}

static void stage_free(zp_stage *st)
{
    if (st->lock_fd >= 0)
        close(st->lock_fd);
    free(st->target);
    free(st->parent);
    free(st->path);
    free(st);
}

int zp_stage_open(const char *dir, zp_folder_kind kind, const zp_inputs *in, zp_stage **out)
{
    *out = NULL;
    zp_stage *st = calloc(1, sizeof *st);
    if (!st)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    st->kind = kind;
    st->lock_fd = -1;
    int rc = locate(dir, st);
    if (!rc)
        rc = check_existing(dir, st, in);
    if (!rc) {
        clean_stale(st->parent);
        rc = make_stage(st);
    }
    if (rc) {
        if (st->path)
            zp_folder_remove(st->path);
        stage_free(st);
        return rc;
    }
    *out = st;
    return ZP_OK;
}

const char *zp_stage_dir(const zp_stage *st)
{
    return st->path;
}

void zp_stage_abort(zp_stage *st)
{
    if (!st)
        return;
    if (st->path) /* a writer's message names the file where it was to go */
        zp_error_replace(st->path, st->target);
    if (st->path)
        zp_folder_remove(st->path);
    stage_free(st);
}

/* ---- the swap ----------------------------------------------------------------------- */

/* Without RENAME_EXCHANGE (some network file systems): the old folder is moved aside to
 * "<staging>-old" and the new one into place; a kill in between leaves no output folder but
 * the old one aside, which the next run puts back (clean_stale). */
static int swap_by_two_renames(zp_stage *st, const char *dir)
{
    size_t n = strlen(st->path) + 5;
    char *aside = malloc(n);
    if (!aside)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    snprintf(aside, n, "%s-old", st->path);
    int rc = ZP_OK;
    if (zp_sys_rename(st->target, aside) != 0) {
        rc = zp_error_set(ZP_EIO, "%s: cannot move the outputs into place: %s", dir,
                          strerror(errno));
    } else if (zp_sys_rename(st->path, st->target) != 0) {
        int e = errno;
        if (zp_sys_rename(aside, st->target) == 0)
            rc = zp_error_set(ZP_EIO, "%s: cannot move the outputs into place: %s", dir,
                              strerror(e));
        else /* the old outputs stay aside, where the next run beside them puts them back */
            rc = zp_error_set(ZP_EIO,
                              "%s: cannot move the outputs into place (%s) nor the previous "
                              "ones back: they are in %s",
                              dir, strerror(e), aside);
    }
    if (!rc) { /* the old outputs go where the caller removes them from */
        free(st->path);
        st->path = aside;
    } else {
        free(aside);
    }
    return rc;
}

static int sync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = fd >= 0 && zp_sys_fsync(fd) == 0 ? 0 : -1;
    if (fd >= 0)
        close(fd);
    return rc;
}

/* The planner's own files in the output folder (notes beside the report, say) are linked
 * into the new folder, so the swap keeps them; a name the new folder has is zoneplan's to
 * write. Done right before the swap, so files put there while zoneplan worked count too. */
/* The folders between the staging folder and path (a note in publish/ when this run makes
 * no maps: then publish/ holds just the planner's files, and is theirs from then on). */
static int make_parents(const char *stage, const char *path)
{
    char *p = strdup(path);
    if (!p)
        return -1;
    int rc = 0;
    for (char *s = p + strlen(stage) + 1; !rc && (s = strchr(s, '/')); s++) {
        *s = '\0';
        struct stat st;
        if (lstat(p, &st) != 0 && zp_sys_mkdir(p) != 0)
            rc = -1;
        *s = '/';
    }
    free(p);
    return rc;
}

/* The folders from path's up to the staging folder's subfolders, flushed, so a link (or a
 * folder) carried over into a subfolder survives a power cut as the root's do. */
static int sync_parents(const char *stage, const char *path)
{
    char *p = strdup(path);
    int rc = p ? 0 : -1;
    size_t n = strlen(stage);
    for (char *s; !rc && (s = strrchr(p, '/')) && (size_t)(s - p) > n;) {
        *s = '\0';
        rc = sync_dir(p);
    }
    free(p);
    return rc;
}

static int carry_over(const char *dir, zp_stage *st)
{
    zp_names foreign = {0};
    int rc = check_owned(dir, st, &foreign);
    for (size_t i = 0; !rc && i < foreign.n; i++) {
        char *from = zp_path_join(st->target, foreign.v[i]);
        char *to = zp_path_join(st->path, foreign.v[i]);
        struct stat s;
        if (!from || !to)
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
        else if (lstat(to, &s) != 0 && (make_parents(st->path, to) || zp_sys_link(from, to)))
            rc = zp_error_set(ZP_EIO,
                              "%s: holds %s, which zoneplan did not write and cannot carry over "
                              "into the new outputs (%s); move it out, nothing was replaced",
                              dir, foreign.v[i], strerror(errno));
        else if (strchr(foreign.v[i], '/') && sync_parents(st->path, to) != 0)
            rc = zp_error_set(ZP_EIO, "%s: cannot write to disk: %s", to, strerror(errno));
        free(from);
        free(to);
    }
    zp_names_free(&foreign);
    return rc;
}

/* Into place: exchanged with the existing folder (which then sits at st->path), or renamed
 * when there is none. */
static int swap_in(zp_stage *st, const char *dir)
{
    struct stat s;
    int exists = lstat(st->target, &s) == 0;
    if (!exists && zp_sys_rename_new(st->path, st->target) == 0) {
        free(st->path);
        st->path = NULL; /* nothing old to remove */
        return ZP_OK;
    }
    if (!exists && errno != EEXIST)
        return zp_error_set(ZP_EIO, "%s: cannot move the outputs into place: %s", dir,
                            strerror(errno));
    int rc = carry_over(dir, st);
    if (!rc && sync_dir(st->path) != 0) /* the links carried over */
        rc = zp_error_set(ZP_EIO, "%s: cannot write to disk: %s", st->path, strerror(errno));
    if (rc)
        return rc;
    if (zp_sys_exchange(st->path, st->target) == 0)
        return ZP_OK;
    if (errno == EINVAL || errno == ENOSYS)
        return swap_by_two_renames(st, dir);
    return zp_error_set(ZP_EIO, "%s: cannot move the outputs into place: %s", dir, strerror(errno));
}

int zp_stage_commit(zp_stage *st)
{
    const char *dir = st->target;
    char *failed = NULL;
    int rc = zp_folder_mark(st->path, st->kind);
    if (!rc && zp_folder_sync(st->path, &failed) != 0)
        rc = zp_error_set(ZP_EIO, "%s: cannot write to disk: %s", failed ? failed : st->path,
                          strerror(errno));
    free(failed);
    if (!rc)
        rc = swap_in(st, dir);
    if (rc) {
        zp_stage_abort(st);
        return rc;
    }
    /* the new folder is in place; what follows only tidies up */
    if (sync_dir(st->parent) != 0)
        zp_note("%s: the folder could not be flushed to disk: %s", st->parent, strerror(errno));
    if (st->path && zp_folder_remove(st->path) != 0)
        zp_note("%s: the previous outputs could not be removed (%s); the next run beside it "
                "removes them",
                st->path, strerror(errno));
    stage_free(st);
    return ZP_OK;
}
