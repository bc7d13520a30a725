/* zoneplan serve: a session saved as a scenario, and its plan as a block-to-school table.
 *
 * The scenario is written by libyaml's emitter: `base:` the scenario served, its own name and
 * output folder, and `changes:` with one `assign` per school and level listing the blocks
 * pinned there (painted, or locked where they are). The rest is the solver's: a session edited
 * since its last solve is solved first (one undoable step, which the reply carries), so
 * `zoneplan run` of the file gives the plan the page shows. Saving every block as drawn instead
 * cannot say "these children have no place", which a plan short of places has. The file is
 * written beside nothing the scenario reads (inodes compared) and put in place whole. The
 * table (block_id, level, school_id) is the one redistricting tools exchange; its CSV is
 * libcsv's, both ways. */
#include <csv.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "core/util.h"
#include "serve_internal.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

static int scalar(yaml_emitter_t *e, const char *text, int quoted)
{
    yaml_event_t ev;
    yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, -1, !quoted, quoted,
                                 quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
    return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int open_map(yaml_emitter_t *e, int flow)
{
    yaml_event_t ev;
    yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                        flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
    return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int open_seq(yaml_emitter_t *e, int flow)
{
    yaml_event_t ev;
    yaml_sequence_start_event_initialize(
        &ev, NULL, NULL, 1, flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
    return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int close_map(yaml_emitter_t *e)
{
    yaml_event_t ev;
    yaml_mapping_end_event_initialize(&ev);
    return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int close_seq(yaml_emitter_t *e)
{
    yaml_event_t ev;
    yaml_sequence_end_event_initialize(&ev);
    return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

/* The pin block b gets from the saved file at level l, when it differs from the served
 * scenario's own (which the file inherits through base:): the school, -1 to take the served
 * pin off (unassign), -2 when nothing is to be written. */
static int32_t saved_pin(const zp_server *srv, const sv_session *s, int l, size_t b)
{
    int32_t pin = sv_pin(srv, s, l, b), base = srv->run->ds.blocks[b].assign[l];
    return pin == base ? -2 : pin;
}

/* One change item `- KIND: {level, [school,] blocks: [...]}` of the n blocks blk whose saved
 * pin is `want` (-1: unassign). */
static int emit_item(yaml_emitter_t *e, const zp_dataset *ds, int l, int32_t want,
                     const int32_t *blk, size_t n)
{
    int rc = open_map(e, 0) || scalar(e, want >= 0 ? "assign" : "unassign", 0) || open_map(e, 1) ||
             scalar(e, "level", 0) || scalar(e, zp_level_name((zp_level)l), 0);
    if (want >= 0)
        rc = rc || scalar(e, "school", 0) || scalar(e, ds->schools[want].id, 1);
    rc = rc || scalar(e, "blocks", 0) || open_seq(e, 1);
    for (size_t i = 0; !rc && i < n; i++)
        rc = scalar(e, ds->blocks[blk[i]].id, 1);
    return rc || close_seq(e) || close_map(e) || close_map(e);
}

/* One level's items: the served pins taken off, then one assign per school. The blocks are
 * put in order of their saved pin in one pass (a counting sort: start[k] is where pin k - 1's
 * blocks begin), not scanned once per school. */
static int emit_level(yaml_emitter_t *e, const zp_server *srv, const sv_session *s, int l,
                      size_t *count)
{
    const zp_dataset *ds = &srv->run->ds;
    size_t nk = ds->nschools + 1, *start = calloc(nk + 1, sizeof *start);
    int32_t *blk = malloc(sizeof *blk * (ds->nblocks + 1));
    int rc = start && blk ? 0 : -1;
    for (size_t b = 0; !rc && b < ds->nblocks; b++) {
        int32_t pin = saved_pin(srv, s, l, b);
        if (pin >= -1)
            start[(size_t)(pin + 1) + 1]++;
    }
    for (size_t k = 0; !rc && k < nk; k++)
        start[k + 1] += start[k];
    for (size_t b = 0; !rc && b < ds->nblocks; b++) {
        int32_t pin = saved_pin(srv, s, l, b);
        if (pin >= -1)
            blk[start[(size_t)(pin + 1)]++] = (int32_t)b; /* start[k] ends at k's end */
    }
    for (size_t k = 0, from = 0; !rc && k < nk; k++) { /* start[k] is now where k ends */
        size_t n = start[k] - from;
        if (n)
            rc = emit_item(e, ds, l, (int32_t)k - 1, blk + from, n);
        *count += n;
        from = start[k];
    }
    free(start);
    free(blk);
    return rc;
}

static int emit_assigns(yaml_emitter_t *e, const zp_server *srv, const sv_session *s, size_t *count)
{
    int rc = 0;
    for (int i = 0; !rc && i < srv->nlevels; i++)
        rc = emit_level(e, srv, s, srv->level[i], count);
    return rc;
}

static int write_yaml(yaml_emitter_t *e, const zp_server *srv, const sv_session *s,
                      const char *base, const char *name, const char *out_dir, size_t *count)
{
    yaml_event_t ev;
    yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
    int rc = yaml_emitter_emit(e, &ev) ? 0 : -1;
    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
    rc = rc || !yaml_emitter_emit(e, &ev);
    char title[512];
    snprintf(title, sizeof title, "%s: %s", srv->run->sc->name ? srv->run->sc->name : "redraw",
             name);
    rc = rc || open_map(e, 0) || scalar(e, "base", 0) || scalar(e, base, 1) ||
         scalar(e, "name", 0) || scalar(e, title, 1);
    rc = rc || scalar(e, "output", 0) || open_map(e, 1) || scalar(e, "dir", 0) ||
         scalar(e, out_dir, 1) || close_map(e);
    rc = rc || scalar(e, "changes", 0) || open_seq(e, 0) || emit_assigns(e, srv, s, count) ||
         close_seq(e) || close_map(e);
    yaml_document_end_event_initialize(&ev, 1);
    rc = rc || !yaml_emitter_emit(e, &ev);
    yaml_stream_end_event_initialize(&ev);
    rc = rc || !yaml_emitter_emit(e, &ev);
    return rc ? zp_error_set(ZP_ERROR, "writing the scenario: %s",
                             e->problem ? e->problem : "libyaml failed")
              : ZP_OK;
}

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
    return fwrite(buffer, 1, size, data) == size;
}

static int valid_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", name[i]))
            return 0;
    return 1;
}

/* The run folder of the saved scenario, relative to the saved file's folder: NAME-run beside
 * the served one's (in its output.dir's parent), else beside the file. The suffix keeps it off
 * the served folder and off other scenarios' folders there, which a run would replace. */
static char *out_dir_for(const zp_server *srv, const char *name)
{
    const char *od = srv->run->sc->output_dir;
    char *copy = od ? strdup(od) : NULL, *parent = NULL, *rel = NULL;
    if (copy)
        parent = zp_path_relative(srv->save_dir, dirname(copy));
    size_t n = (parent ? strlen(parent) : 0) + strlen(name) + 8;
    if ((rel = malloc(n)) != NULL)
        snprintf(rel, n, "%s%s%s-run", parent ? parent : "", parent ? "/" : "", name);
    free(copy);
    free(parent);
    return rel;
}

/* Write the scenario to path through a temporary file put in place whole. */
static int save_file(const zp_server *srv, const sv_session *s, const char *path, const char *name,
                     size_t *count)
{
    char *base = zp_path_relative(srv->save_dir, srv->scenario);
    char *out_dir = out_dir_for(srv, name);
    zp_outfile of;
    int rc =
        base && out_dir ? zp_outfile_open(&of, path) : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc) {
        yaml_emitter_t e;
        yaml_emitter_initialize(&e);
        yaml_emitter_set_unicode(&e, 1);
        yaml_emitter_set_width(&e, 100);
        yaml_emitter_set_output(&e, write_handler, of.fp);
        rc = write_yaml(&e, srv, s, base, name, out_dir, count);
        yaml_emitter_delete(&e);
        if (rc)
            zp_outfile_abort(&of);
        else
            rc = zp_outfile_commit(&of);
    }
    free(base);
    free(out_dir);
    return rc;
}

int sv_save(zp_server *srv, json_t *req, sv_reply *out)
{
    sv_session *s = sv_session_or_400(srv, json_string_value(json_object_get(req, "session")), out);
    if (!s)
        return ZP_OK;
    const char *name = json_string_value(json_object_get(req, "name"));
    if (!valid_name(name))
        return sv_error(out, 400,
                        "\"name\" must be 1 to 64 letters, digits, '-' or '_' (it becomes "
                        "NAME.yaml in %s)",
                        srv->save_dir);
    char *file = malloc(strlen(name) + 6);
    if (!file)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    sprintf(file, "%s.yaml", name);
    char *path = zp_path_join(srv->save_dir, file);
    free(file);
    if (!path)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    zp_inputs in = {0}; /* never a file the served scenario reads, overwrite or not */
    int rc = zp_data_inputs(srv->run->sc, &in);
    if (!rc)
        rc = zp_inputs_add(&in, srv->scenario);
    if (!rc)
        rc = zp_output_file_check(path, &in);
    zp_inputs_free(&in);
    struct stat st;
    if (!rc && stat(path, &st) == 0 && !json_is_true(json_object_get(req, "overwrite"))) {
        int rc = sv_error(out, 409, "%s exists: save again with overwrite to replace it", path);
        free(path);
        return rc;
    }
    size_t count = 0;
    json_t *delta = NULL;
    if (!rc && s->dirty)
        rc = sv_resolve(srv, s, zp_seconds(), &delta);
    if (!rc)
        rc = save_file(srv, s, path, name, &count);
    if (rc && delta) { /* nothing saved: the page keeps the plan it shows */
        sv_step *back = NULL;
        sv_undo(srv, s, 0, &back);
        json_decref(delta);
        delta = NULL;
    }
    if (rc == ZP_EINPUT || rc == ZP_EIO) { /* the planner's to mend: say so, keep serving */
        rc = sv_error(out, 400, "%s", zp_error_last());
        free(path);
        return rc;
    }
    char cmd[4200];
    int plain =
        strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-") ==
        strlen(path); /* else quoted for the shell (the save's name never has a ') */
    snprintf(cmd, sizeof cmd, plain ? "zoneplan run %s" : "zoneplan run '%s'", path);
    if (!rc)
        rc = sv_json(out, 200,
                     json_pack("{sssIsssO}", "path", path, "assigned", (json_int_t)count, "command",
                               cmd, "delta", delta ? delta : json_null()));
    json_decref(delta);
    free(path);
    return rc;
}

/* The session's plan as block_id,level,school_id rows, by block then level. */
int sv_export(zp_server *srv, const char *session, sv_reply *out)
{
    sv_session *s = sv_session_or_400(srv, session, out);
    if (!s)
        return ZP_OK;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    const zp_dataset *ds = &srv->run->ds;
    fputs("block_id,level,school_id\n", fp);
    for (size_t b = 0; b < ds->nblocks; b++)
        for (int i = 0; i < srv->nlevels; i++) {
            int l = srv->level[i];
            int32_t sc = s->r[l].school[b];
            if (sc < 0)
                continue;
            csv_fwrite(fp, ds->blocks[b].id, strlen(ds->blocks[b].id));
            fprintf(fp, ",%s,", zp_level_name((zp_level)l));
            csv_fwrite(fp, ds->schools[sc].id, strlen(ds->schools[sc].id));
            fputc('\n', fp);
        }
    if (fclose(fp) != 0 || !buf) {
        free(buf);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    *out = (sv_reply){200, buf, len, "text/csv; charset=utf-8"};
    return ZP_OK;
}

/* The import's rows as libcsv hands them over, checked at each row's end. */
typedef struct importer {
    zp_server *srv;
    sv_session *s;
    sv_step st;
    size_t line, col;
    char *field[3];
    sv_reply *out;
    int failed, rc;
} importer;

static void on_field(void *text, size_t len, void *data)
{
    importer *im = data;
    if (im->failed || im->col >= 3) {
        im->col++;
        return;
    }
    im->field[im->col++] = strndup(text ? text : "", text ? len : 0);
}

static void fail(importer *im, const char *fmt, const char *what)
{
    if (!im->failed)
        sv_error(im->out, 400, fmt, im->line, what);
    im->failed = 1;
}

/* One row: a header first, then block, level, school (empty school: the block is skipped). */
static void row(importer *im)
{
    zp_server *srv = im->srv;
    if (im->col != 3 || !im->field[0] || !im->field[1] || !im->field[2])
        return fail(im, "line %zu: expected 3 columns: block_id,level,school_id%s", "");
    if (im->line == 1) {
        if (strcmp(im->field[0], "block_id") || strcmp(im->field[1], "level") ||
            strcmp(im->field[2], "school_id"))
            fail(im, "line %zu: the header must be block_id,level,school_id%s", "");
        return;
    }
    int32_t b = sv_block(srv, im->field[0]);
    int li = sv_level(srv, im->field[1]);
    if (b < 0)
        return fail(im, "line %zu: unknown block id '%.100s'", im->field[0]);
    if (li < 0)
        return fail(im, "line %zu: unknown level '%.40s' (primary or junior, of those served)",
                    im->field[1]);
    if (!im->field[2][0])
        return fail(im, "line %zu: no school_id (every row names the block's school)%s", "");
    int l = srv->level[li];
    int32_t sc = sv_school(srv, im->field[2]);
    char why[300];
    if (sv_unpaintable(srv, sc, im->field[2], l, why, sizeof why))
        return fail(im, "line %zu: %s", why);
    sv_state v = sv_painted(srv, l, b, sc);
    im->rc = sv_step_set(srv, im->s, &im->st, l, b, v);
    im->failed |= im->rc != 0;
}

static void on_row(int c, void *data)
{
    (void)c;
    importer *im = data;
    im->line++;
    if (!im->failed)
        row(im);
    for (int i = 0; i < 3; i++) {
        free(im->field[i]);
        im->field[i] = NULL;
    }
    im->col = 0;
}

int sv_import(zp_server *srv, const char *session, const char *body, size_t len, sv_reply *out)
{
    double t0 = zp_seconds();
    sv_session *s = sv_session_or_400(srv, session, out);
    if (!s)
        return ZP_OK;
    importer im = {.srv = srv, .s = s, .out = out};
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    if (len >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3)) { /* Excel's "CSV UTF-8" begins so */
        body += 3;
        len -= 3;
    }
    if (csv_parse(&p, body, len, on_field, on_row, &im) != len ||
        csv_fini(&p, on_field, on_row, &im) != 0)
        if (!im.failed) {
            sv_error(out, 400, "line %zu: malformed CSV: %s", im.line + 1,
                     csv_strerror(csv_error(&p)));
            im.failed = 1;
        }
    csv_free(&p);
    for (int i = 0; i < 3; i++)
        free(im.field[i]);
    if (!im.failed && im.line == 0) {
        sv_error(out, 400, "the table is empty (block_id,level,school_id)");
        im.failed = 1;
    }
    im.st.dirty_now = s->dirty || im.st.n > 0;
    int rc = im.rc ? im.rc : zp_dist_status(srv->run->dist);
    if (im.failed && !rc) { /* the 400 is written: put the session back */
        sv_step_revert(s, &im.st);
        return ZP_OK;
    }
    return sv_step_finish(srv, s, &im.st, rc, t0, out);
}
