/* zoneplan serve: redrawing catchments by hand in a browser.
 *
 * One scenario is loaded and solved once; a local web server (libmicrohttpd) serves one page
 * on which a planner paints blocks onto schools, locks them, undoes, re-solves the rest, compares
 * with today's catchments or another run, and saves the edit as a scenario (`assign` and `lock`
 * changes over `base:` the one served) that `zoneplan run` reproduces. Each browser tab is a
 * session of its own. Requests are handled one at a time on one thread. */
#ifndef ZONEPLAN_SERVE_H
#define ZONEPLAN_SERVE_H

#include <stddef.h>

#include "run.h"

typedef struct zp_serve_options {
    const char *host;     /* address to bind: "127.0.0.1" (default, NULL) or "localhost" */
    int port;             /* 0: any free port */
    const char *plan_dir; /* another run folder to compare with (NULL: none) */
    const char *save_dir; /* where saved scenarios go (NULL: the scenario's folder) */
} zp_serve_options;

typedef struct zp_server zp_server;

/* Solve run (loaded, not yet solved; the server owns it from here, also on failure) and start
 * serving. *port_out: the port bound. Errors: ZP_EINPUT for a save folder or plan folder that
 * cannot be used, ZP_EIO when the port cannot be bound. */
int zp_serve_start(zp_run *run, const char *scenario_path, const zp_serve_options *opt,
                   zp_server **out, int *port_out);
/* Block until Ctrl-C (SIGINT) or SIGTERM. */
void zp_serve_wait(zp_server *srv);
/* Stop serving and free everything. */
void zp_serve_stop(zp_server *srv);

/* Handle one request in-process, as the server does (tests and benchmarks without sockets):
 * method "GET"/"POST", url with its query, the request's Origin header or NULL, body. Returns
 * the HTTP status; *reply (malloc'd, NUL-terminated) and *type its body and content type. */
int zp_serve_request(zp_server *srv, const char *method, const char *url, const char *origin,
                     const char *body, size_t len, char **reply, size_t *reply_len,
                     const char **type);

#endif
