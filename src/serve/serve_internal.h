/* Internal to zoneplan serve: the server, its sessions (one per browser tab) and the undo
 * steps they keep. Other modules do not include this. */
#ifndef ZP_SERVE_INTERNAL_H
#define ZP_SERVE_INTERNAL_H

#include <jansson.h>
#include <stdint.h>

#include "zoneplan/run.h"
#include "zoneplan/serve.h"

#define SV_MAX_SESSIONS 64   /* tabs at once; the longest unused goes first */
#define SV_MAX_UNDO 200      /* steps kept per tab */
#define SV_MAX_CELLS 2000000 /* and cells over its steps (56 bytes each) */
#define SV_MAX_BODY (16u << 20)

/* One block's place at one level in a session; level ZP_NLEVELS holds the block's lock in pin. */
typedef struct sv_state {
    int32_t school, placed, unplaced, pin;
    double dist;
} sv_state;

typedef struct sv_cell {
    int32_t block;
    int level;
    sv_state was, now;
} sv_cell;

/* One edit as it can be undone: every cell it touched, before and after. */
typedef struct sv_step {
    sv_cell *cells;
    size_t n, cap;
    int dirty_was, dirty_now;
} sv_step;

typedef struct sv_session {
    char id[40];
    uint64_t used; /* request counter when last used */
    zp_alloc_result r[ZP_NLEVELS];
    int32_t *pin[ZP_NLEVELS]; /* per block: the school it is painted onto, -1 none */
    uint8_t *lock;            /* per block: kept where it is when optimising */
    sv_step *undo, *redo;
    size_t nundo, nredo;
    int dirty; /* edited since the last solve */
} sv_session;

struct zp_server {
    zp_run *run;
    char *scenario; /* absolute path of the scenario served */
    char *save_dir; /* absolute */
    struct MHD_Daemon *daemon;
    int port;
    char origin[2][80];             /* http://127.0.0.1:PORT, http://localhost:PORT */
    int nlevels, level[ZP_NLEVELS]; /* the active levels, in order */
    int feeder; /* junior catchments are whole primary ones: junior is not painted */
    int32_t *demand[ZP_NLEVELS];
    size_t *by_id;                    /* block indices sorted by id */
    zp_adjacency adj, *graph;         /* the block graph (the run's when it has one) */
    zp_alloc_result plan[ZP_NLEVELS]; /* the served scenario's plan, every session's start */
    int32_t *other[ZP_NLEVELS];       /* --plan RUN_DIR's school per block (NULL: none) */
    char *data_json;                  /* GET /api/data, made once */
    size_t data_len;
    sv_session *sessions[SV_MAX_SESSIONS];
    uint64_t nrequests, nsessions;
};

/* The page and leaflet, embedded at build time (cmake/embed.cmake's generated web_assets.c,
 * which publish's map.html takes leaflet from too): each followed by a NUL _len leaves out. */
extern const unsigned char zp_web_edit_html[], zp_web_edit_js[], zp_web_edit_css[];
extern const unsigned char zp_web_edit_words_js[];
extern const size_t zp_web_edit_words_js_len;
extern const unsigned char zp_web_leaflet_js[], zp_web_leaflet_css[];
extern const size_t zp_web_edit_html_len, zp_web_edit_js_len, zp_web_edit_css_len;
extern const size_t zp_web_leaflet_js_len, zp_web_leaflet_css_len;

/* http.c: the daemon on host:port (0: any free port; srv->port is the one bound). */
int sv_http_start(zp_server *srv, const char *host, int port);
void sv_http_stop(zp_server *srv);

/* A reply: status, body (malloc'd) and type. */
typedef struct sv_reply {
    int status;
    char *body;
    size_t len;
    const char *type;
} sv_reply;

/* reply.c */
int sv_json(sv_reply *out, int status, json_t *v); /* takes v */
int sv_error(sv_reply *out, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int sv_text(sv_reply *out, const char *type, const char *text, size_t len); /* copies */

/* edit.c: the state of block b painted onto school s at level l (all its children there,
 * pinned); and why school s (-1: unknown, named by id) cannot be painted onto at l, written
 * into buf, or NULL when it can. */
sv_state sv_painted(zp_server *srv, int l, int32_t b, int32_t s);
const char *sv_unpaintable(const zp_server *srv, int32_t s, const char *id, int l, char *buf,
                           size_t size);

/* reply.c: ids to indices (-1 unknown); levels by name among the active ones. */
int32_t sv_block(const zp_server *srv, const char *id);
int32_t sv_school(const zp_server *srv, const char *id);
int sv_level(const zp_server *srv, const char *name); /* index into srv->level, -1 */

/* data.c: GET /api/data, made once at start. */
int sv_data_make(zp_server *srv);

/* server.c: the per-block arrays of a plan, copied (a session edits its own). */
int sv_plan_copy(const zp_alloc_result *from, zp_alloc_result *to);

/* session.c */
int sv_session_new(zp_server *srv, sv_session **out);
sv_session *sv_session_find(zp_server *srv, const char *id);
/* The session id names, or NULL after writing the 400 into out. */
sv_session *sv_session_or_400(zp_server *srv, const char *id, sv_reply *out);
void sv_session_free(sv_session *s, int nlevels);
/* Steps: begin one, record cells (their `was` taken from the session), apply, commit. */
int sv_step_set(zp_server *srv, sv_session *s, sv_step *st, int level, int32_t b, sv_state now);
int sv_step_commit(zp_server *srv, sv_session *s, sv_step *st);
/* Commit st when rc is ZP_OK and reply with its delta, else put the session back and
 * return rc. */
int sv_step_finish(zp_server *srv, sv_session *s, sv_step *st, int rc, double t0, sv_reply *out);
void sv_step_free(sv_step *st);
/* Put the session back as it was before a step that is not committed, and free the step. */
void sv_step_revert(sv_session *s, sv_step *st);
/* The pin a session gives block b at level l for a solve (and a save): the school it is
 * painted onto, else where it is when locked, else -1. */
int32_t sv_pin(const zp_server *srv, const sv_session *s, int l, size_t b);
sv_state sv_state_get(const zp_server *srv, const sv_session *s, int level, int32_t b);
int sv_undo(zp_server *srv, sv_session *s, int redo, sv_step **applied);
/* The session's state, delta (the cells of step, or everything when step is NULL) and panel. */
json_t *sv_delta(zp_server *srv, sv_session *s, const sv_step *step, double t0);

/* panel.c: the figures schools.csv gives for the session's plan. */
json_t *sv_panel(zp_server *srv, sv_session *s);

/* edit.c: the handlers of the session's edits. */
int sv_edit(zp_server *srv, json_t *req, sv_reply *out);
int sv_lock(zp_server *srv, json_t *req, sv_reply *out);
int sv_undo_redo(zp_server *srv, json_t *req, int redo, sv_reply *out);
int sv_optimise(zp_server *srv, json_t *req, sv_reply *out);
/* Solve again with the session's pins as one undoable step; *delta its Delta, with the
 * solver's warnings (optimise.c; save runs it first when the session is dirty). */
int sv_resolve(zp_server *srv, sv_session *s, double t0, json_t **delta);
int sv_compare(zp_server *srv, const char *session, const char *against, sv_reply *out);

/* save.c: save as a scenario, the block-to-school CSV out and in. */
int sv_save(zp_server *srv, json_t *req, sv_reply *out);
int sv_export(zp_server *srv, const char *session, sv_reply *out);
int sv_import(zp_server *srv, const char *session, const char *body, size_t len, sv_reply *out);

#endif
