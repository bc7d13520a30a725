/* Internal to io: what a zoneplan output folder holds (its manifest), whether a folder is
 * all zoneplan's own, and removing and flushing folder trees. Used by stage.c. */
#ifndef ZP_IO_FOLDER_H
#define ZP_IO_FOLDER_H

#include "zoneplan/stage.h"

#define ZP_MANIFEST ".zoneplan"
#define ZP_STAGE_MARK ".zoneplan-stage-"     /* in ".<name>.zoneplan-stage-<pid>-XXXXXX" */
#define ZP_PENDING_MARK ".zoneplan-pending-" /* the same, made and not yet locked */

const char *zp_folder_kind_name(zp_folder_kind kind);

/* Paths relative to a folder. */
typedef struct zp_names {
    char **v;
    size_t n, cap;
} zp_names;
void zp_names_free(zp_names *n);

/* What of dir is zoneplan's own for a folder of this kind: what its manifest lists (or, in a
 * folder an earlier version wrote, the names that kind of folder has always held), zoneplan
 * subfolders likewise, staging folders always. Files that are not (a planner's notes) are
 * added to *foreign, as paths relative to dir, to be carried over into the new folder.
 * Returns 1 when every other entry is zoneplan's; 0 when a folder that is not, or a zoneplan
 * folder of another kind, is in the way, with *why (malloc'd) naming it ("maps/" or
 * " (a zoneplan diff folder)"); a negative ZP_E* code on error. */
int zp_folder_check(const char *dir, zp_folder_kind kind, zp_names *foreign, char **why);

/* A staging folder's name (or a path ending in one). */
int zp_folder_is_stage(const char *name);

/* Remove a folder tree without following links; 0, or -1 with errno. */
int zp_folder_remove(const char *dir);
/* fsync every file and folder of a tree; 0, or -1 with errno and *failed the path (malloc'd). */
int zp_folder_sync(const char *dir, char **failed);
/* Whether the process that made a pending staging folder lives: 1, 0 when it is gone, -1
 * when its name holds no pid. mark points at ZP_PENDING_MARK in the name. */
int zp_folder_pending_alive(const char *mark);

#endif
