/* zoneplan serve: the HTTP side (libmicrohttpd) and the routes.
 *
 * One internal polling thread answers every connection, so requests run one at a time and
 * the sessions need no locks. Every request is checked before it reaches a handler: a
 * foreign Origin or Host (another site's page, or a DNS name rebound to this machine) is
 * refused, a body over 16 MiB is refused without being kept, a body that is not a JSON object
 * is a 400 naming where it broke. A handler that fails for want of memory answers 500 and
 * the server keeps running. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "serve_internal.h"
#include "zoneplan/errors.h"

/* One request being received: its body so far. */
typedef struct request {
    char *body;
    size_t len, cap;
    int too_big;
} request;

static int is_origin(const zp_server *srv, const char *origin)
{
    return !origin || !strcmp(origin, srv->origin[0]) || !strcmp(origin, srv->origin[1]);
}

static int is_host(const zp_server *srv, const char *host)
{
    /* origin[i] is "http://" + the Host a browser sends for it */
    return !host || !strcmp(host, srv->origin[0] + 7) || !strcmp(host, srv->origin[1] + 7);
}

typedef struct asset {
    const char *path, *type;
    const unsigned char *bytes;
    const size_t *len;
} asset;

static const asset ASSETS[] = {
    {"/", "text/html; charset=utf-8", zp_web_edit_html, &zp_web_edit_html_len},
    {"/edit.js", "text/javascript; charset=utf-8", zp_web_edit_js, &zp_web_edit_js_len},
    {"/edit_words.js", "text/javascript; charset=utf-8", zp_web_edit_words_js,
     &zp_web_edit_words_js_len},
    {"/edit.css", "text/css; charset=utf-8", zp_web_edit_css, &zp_web_edit_css_len},
    {"/leaflet.js", "text/javascript; charset=utf-8", zp_web_leaflet_js, &zp_web_leaflet_js_len},
    {"/leaflet.css", "text/css; charset=utf-8", zp_web_leaflet_css, &zp_web_leaflet_css_len}};

static const asset *asset_of(const char *path)
{
    for (size_t i = 0; i < sizeof ASSETS / sizeof ASSETS[0]; i++)
        if (!strcmp(path, ASSETS[i].path))
            return &ASSETS[i];
    return NULL;
}

/* The body as a JSON object, or a 400. */
static json_t *body_json(const char *body, size_t len, sv_reply *out)
{
    json_error_t err;
    json_t *v = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, &err);
    if (!v)
        sv_error(out, 400, "malformed JSON: line %d, column %d: %s", err.line, err.column,
                 err.text);
    else if (!json_is_object(v)) {
        sv_error(out, 400, "the body must be a JSON object");
        json_decref(v);
        v = NULL;
    }
    return v;
}

typedef int (*json_handler)(zp_server *, json_t *, sv_reply *);

static int with_json(zp_server *srv, json_handler h, const char *body, size_t len, sv_reply *out)
{
    json_t *req = body_json(body, len, out);
    if (!req)
        return ZP_OK;
    int rc = h(srv, req, out);
    json_decref(req);
    return rc;
}

static int session_new(zp_server *srv, json_t *req, sv_reply *out)
{
    (void)req;
    double t0 = zp_seconds();
    sv_session *s = NULL;
    int rc = sv_session_new(srv, &s);
    return rc ? rc : sv_json(out, 200, sv_delta(srv, s, NULL, t0));
}

static int undo(zp_server *srv, json_t *req, sv_reply *out)
{
    return sv_undo_redo(srv, req, 0, out);
}

static int redo(zp_server *srv, json_t *req, sv_reply *out)
{
    return sv_undo_redo(srv, req, 1, out);
}

/* What a handler gets besides the server: the query's session and against, the body. */
typedef struct args {
    const char *session, *against, *body;
    size_t len;
} args;

static int get_data(zp_server *srv, const args *a, sv_reply *out)
{
    (void)a;
    return sv_text(out, "application/json", srv->data_json, srv->data_len);
}

static int get_compare(zp_server *srv, const args *a, sv_reply *out)
{
    return sv_compare(srv, a->session, a->against, out);
}

static int get_export(zp_server *srv, const args *a, sv_reply *out)
{
    return sv_export(srv, a->session, out);
}

static int post_import(zp_server *srv, const args *a, sv_reply *out)
{
    return sv_import(srv, a->session, a->body, a->len, out);
}

/* Every route: a handler of the query and body, or of the body as a JSON object. */
static const struct {
    const char *method, *path;
    int (*h)(zp_server *, const args *, sv_reply *);
    json_handler jh;
} ROUTES[] = {{"GET", "/api/data", get_data, NULL},
              {"GET", "/api/compare", get_compare, NULL},
              {"GET", "/api/export.csv", get_export, NULL},
              {"POST", "/api/import", post_import, NULL},
              {"POST", "/api/session", NULL, session_new},
              {"POST", "/api/edit", NULL, sv_edit},
              {"POST", "/api/lock", NULL, sv_lock},
              {"POST", "/api/undo", NULL, undo},
              {"POST", "/api/redo", NULL, redo},
              {"POST", "/api/optimise", NULL, sv_optimise},
              {"POST", "/api/save", NULL, sv_save}};

/* The route or page of path and method; 405 for a known path asked with another method. */
static int route_known(zp_server *srv, const char *method, const char *path, const args *a,
                       sv_reply *out)
{
    int get = !strcmp(method, "GET") || !strcmp(method, "HEAD"), known = 0;
    for (size_t i = 0; i < sizeof ROUTES / sizeof ROUTES[0]; i++) {
        if (strcmp(path, ROUTES[i].path))
            continue;
        known = 1;
        if (!strcmp(method, ROUTES[i].method) || (get && !strcmp(ROUTES[i].method, "GET")))
            return ROUTES[i].h ? ROUTES[i].h(srv, a, out)
                               : with_json(srv, ROUTES[i].jh, a->body, a->len, out);
    }
    const asset *f = asset_of(path);
    if (f && get)
        return sv_text(out, f->type, (const char *)f->bytes, *f->len);
    if (known || f)
        return sv_error(out, 405, "%s is not allowed on %s", method, path);
    return sv_error(out, 404, "no such page: %.200s", path);
}

static void route(zp_server *srv, const char *method, const char *path, const char *session,
                  const char *against, const char *origin, const char *host, const char *body,
                  size_t len, int too_big, sv_reply *out)
{
    srv->nrequests++;
    int rc = ZP_OK;
    memset(out, 0, sizeof *out);
    if (!is_origin(srv, origin) || !is_host(srv, host))
        rc = sv_error(out, 403, "refused: requests come only from this server's own page (%s)",
                      srv->origin[0]);
    else if (too_big)
        rc = sv_error(out, 413, "the body is over %u MiB", SV_MAX_BODY >> 20);
    else
        rc = route_known(srv, method, path, &(args){session, against, body, len}, out);
    if (rc) { /* out of memory, or a failure the planner cannot mend: the server goes on */
        free(out->body);
        memset(out, 0, sizeof *out);
        if (sv_error(out, rc == ZP_EINPUT ? 400 : 500, "%s", zp_error_last()))
            *out = (sv_reply){500, NULL, 0, "text/plain"};
    }
}

/* A query argument of url ("?a=1&b=2"), copied into buf; NULL when absent. */
static const char *query_arg(const char *url, const char *key, char *buf, size_t size)
{
    const char *q = strchr(url, '?');
    size_t klen = strlen(key);
    for (const char *p = q ? q + 1 : NULL; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL)
        if (!strncmp(p, key, klen) && p[klen] == '=') {
            size_t n = strcspn(p + klen + 1, "&");
            snprintf(buf, size, "%.*s", (int)n, p + klen + 1);
            return buf;
        }
    return NULL;
}

int zp_serve_request(zp_server *srv, const char *method, const char *url, const char *origin,
                     const char *body, size_t len, char **reply, size_t *reply_len,
                     const char **type)
{
    char path[512], session[64], against[64];
    snprintf(path, sizeof path, "%.*s", (int)strcspn(url, "?"), url);
    sv_reply out;
    route(srv, method, path, query_arg(url, "session", session, sizeof session),
          query_arg(url, "against", against, sizeof against), origin, NULL, body, len,
          len > SV_MAX_BODY, &out);
    *reply = out.body;
    *reply_len = out.len;
    *type = out.type;
    return out.status;
}

static enum MHD_Result answer(struct MHD_Connection *c, sv_reply *r)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(r->len, r->body ? r->body : (void *)"",
                                        r->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(r->body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", r->type ? r->type : "text/plain");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *size, void **con_cls)
{
    (void)version;
    zp_server *srv = cls;
    request *rq = *con_cls;
    if (!rq) { /* the headers: a body announced too big is read and dropped, then refused
                  (answering before it is read makes clients lose the answer to a reset) */
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        *con_cls = rq;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        rq->too_big = cl && strtoull(cl, NULL, 10) > SV_MAX_BODY;
        return MHD_YES;
    }
    if (*size > 0) {
        if (!rq->too_big && rq->len + *size > SV_MAX_BODY)
            rq->too_big = 1;
        if (!rq->too_big) {
            size_t need = rq->len + *size + 1;
            if (need > rq->cap) {
                size_t cap = rq->cap ? rq->cap : 4096;
                while (cap < need)
                    cap *= 2;
                char *b = realloc(rq->body, cap);
                if (!b)
                    return MHD_NO;
                rq->body = b;
                rq->cap = cap;
            }
            memcpy(rq->body + rq->len, data, *size);
            rq->len += *size;
        }
        *size = 0;
        return MHD_YES;
    }
    sv_reply out;
    route(srv, method, url, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "session"),
          MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "against"),
          MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin"),
          MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"), rq->body, rq->len, rq->too_big,
          &out);
    return answer(c, &out);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    request *rq = *con_cls;
    if (rq)
        free(rq->body);
    free(rq);
    *con_cls = NULL;
}

int sv_http_start(zp_server *srv, const char *host, int port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    const char *ip = !host || !strcmp(host, "localhost") ? "127.0.0.1" : host;
    if (inet_pton(AF_INET, ip, &addr.sin_addr) != 1 || (ntohl(addr.sin_addr.s_addr) >> 24) != 127)
        return zp_error_set(ZP_EINPUT,
                            "--host: '%s' is not a loopback address (127.x.x.x or localhost): "
                            "the page saves into your folders, so it serves this machine only",
                            host);
    srv->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, (uint16_t)port, NULL, NULL, on_request, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_NOTIFY_COMPLETED, on_done, srv,
        MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_CONNECTION_LIMIT, 64u, MHD_OPTION_END);
    if (!srv->daemon)
        return zp_error_set(ZP_EIO, "cannot serve on %s:%d (in use? try another --port)", ip, port);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : port;
    snprintf(srv->origin[0], sizeof srv->origin[0], "http://%s:%d", ip, srv->port);
    snprintf(srv->origin[1], sizeof srv->origin[1], "http://localhost:%d", srv->port);
    return ZP_OK;
}

void sv_http_stop(zp_server *srv)
{
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon);
    srv->daemon = NULL;
}
