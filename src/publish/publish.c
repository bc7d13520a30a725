/* `zoneplan publish`: read a run folder, colour its catchments, and write the chosen
 * formats into RUN_DIR/publish/ through a staging folder (all files appear at once, or
 * none): booklet.pdf (an overview per level, then every school's sheet, with a PDF
 * outline), PNGs of each page for posting online, SVG overviews, and the web files. Pages
 * are drawn once per surface by pages.c/sheet.c, so every format shows the same map. */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sys.h"
#include "zoneplan/out.h"
#include "pages.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"
#include "zoneplan/run.h"
#include "zoneplan/stage.h"

/* One page of the booklet: an overview (catchment OVERVIEW, level set), a sheet page, the
 * redraw map of a level (CHANGES), or a page of a level's audit (AUDIT). */
#define OVERVIEW (-1L)
#define CHANGES (-2L)
#define AUDIT (-3L)
typedef struct page_ref {
    double w, h; /* page size, points */
    int level;
    long catchment; /* index, or OVERVIEW, CHANGES (the redraw map of the level) or AUDIT */
    int k;          /* page of the sheet or of the audit */
} page_ref;

typedef struct plan {
    page_ref *page;
    int n;
    /* progress over every page drawn (the booklet's and the PNGs'), reported each tenth */
    atomic_int drawn;
    int to_draw;
} plan;

/* One page drawn; a progress line when that passes a tenth of them (any thread). */
static void page_done(plan *pl)
{
    int done = atomic_fetch_add(&pl->drawn, 1) + 1;
    if (pl->to_draw > 0 && done * 10 / pl->to_draw != (done - 1) * 10 / pl->to_draw)
        zp_progress("publishing: %d of %d pages", done, pl->to_draw);
}

/* Pages of catchment c's sheet: the bureau's, or the public notice's. */
static int sheet_pages(const zp_pub *p, size_t c)
{
    return p->public_notice ? zp_pub_notice_pages(p, &p->catchments[c])
                            : zp_pub_sheet_pages(&p->catchments[c]);
}

/* A level's first pages: its overview (or redraw map), then its audit pages, if any. */
static void level_pages(const zp_pub *p, plan *pl, int l)
{
    long first = p->changes ? CHANGES : OVERVIEW;
    pl->page[pl->n++] = zp_pub_overview_landscape(p)
                            ? (page_ref){ZP_PAGE_H, ZP_PAGE_W, l, first, 0}
                            : (page_ref){ZP_PAGE_W, ZP_PAGE_H, l, first, 0};
    for (int k = 0; k < zp_pub_audit_pages(p, l); k++)
        pl->page[pl->n++] = (page_ref){ZP_PAGE_H, ZP_PAGE_W, l, AUDIT, k};
}

static int make_plan(const zp_pub *p, plan *pl)
{
    int n = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (p->level_start[l + 1] > p->level_start[l])
            n += 1 + zp_pub_audit_pages(p, l);
    for (size_t c = 0; !p->changes && c < p->ncatchments; c++)
        n += sheet_pages(p, c);
    pl->page = calloc((size_t)n + 1, sizeof *pl->page);
    if (!pl->page)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    pl->n = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (p->level_start[l + 1] > p->level_start[l])
            level_pages(p, pl, l);
    for (size_t c = 0; !p->changes && c < p->ncatchments; c++)
        for (int k = 0; k < sheet_pages(p, c); k++)
            pl->page[pl->n++] =
                (page_ref){ZP_PAGE_W, ZP_PAGE_H, p->catchments[c].level, (long)c, k};
    return ZP_OK;
}

static int draw_page(cairo_t *cr, const zp_pub *p, const plan *pl, int i)
{
    zp_labeler lb = {0};
    const page_ref *r = &pl->page[i];
    int rc = r->catchment == CHANGES    ? zp_pub_draw_changes(cr, p, r->level, i + 1, pl->n, &lb)
             : r->catchment == OVERVIEW ? zp_pub_draw_overview(cr, p, r->level, i + 1, pl->n, &lb)
             : r->catchment == AUDIT    ? zp_pub_draw_audit(cr, p, r->level, r->k, i + 1, pl->n)
             : p->public_notice
                 ? zp_pub_draw_notice(cr, p, (size_t)r->catchment, r->k, i + 1, pl->n, &lb)
                 : zp_pub_draw_sheet(cr, p, (size_t)r->catchment, r->k, i + 1, pl->n, &lb);
    zp_labeler_clear(&lb);
    if (!rc && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        rc = zp_error_set(ZP_ERROR, "cairo: %s", cairo_status_to_string(cairo_status(cr)));
    return rc;
}

/* File name of a page: overview-primary, audit-primary, audit-primary-2, S001-primary,
 * S001-primary-2 (ids made safe for
 * file names; the catchment's index keeps two ids that clean up alike apart); the public
 * notice's with notice- in front. */
static void page_name(const zp_pub *p, const page_ref *r, const char *ext, char *buf, size_t size)
{
    const char *level = zp_level_name((zp_level)r->level);
    const char *pre = p->public_notice ? ZP_NOTICE_PREFIX : "";
    if (r->catchment == CHANGES) {
        snprintf(buf, size, "changed-%s.%s", level, ext);
        return;
    }
    if (r->catchment == AUDIT) { /* the bureau's alone: no notice- */
        if (r->k > 0)
            snprintf(buf, size, "audit-%s-%d.%s", level, r->k + 1, ext);
        else
            snprintf(buf, size, "audit-%s.%s", level, ext);
        return;
    }
    if (r->catchment < 0) {
        snprintf(buf, size, "%soverview-%s.%s", pre, level, ext);
        return;
    }
    const char *id = p->schools[p->catchments[r->catchment].school].id;
    char safe[96];
    size_t n = 0;
    int changed = 0;
    for (const char *s = id; *s && n + 1 < sizeof safe; s++) {
        int ok = isalnum((unsigned char)*s) || *s == '-' || *s == '_';
        safe[n++] = ok ? *s : '_';
        changed |= !ok;
    }
    safe[n] = '\0';
    char extra[48] = "";
    if (changed)
        snprintf(extra, sizeof extra, "-%ld", r->catchment + 1);
    if (r->k > 0)
        snprintf(buf, size, "%s%s%s-%s-%d.%s", pre, safe, extra, level, r->k + 1, ext);
    else
        snprintf(buf, size, "%s%s%s-%s.%s", pre, safe, extra, level, ext);
}

static int surface_done(cairo_surface_t *s, const char *path)
{
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    return st == CAIRO_STATUS_SUCCESS
               ? ZP_OK
               : zp_error_set(ZP_EIO, "%s: cannot write: %s", path, cairo_status_to_string(st));
}

/* PDF outline: a level heading per overview, its audit and the school sheets under it. */
static void outline(cairo_surface_t *s, const zp_pub *p, const page_ref *r, int page, int *parent)
{
    char title[400], dest[32];
    snprintf(dest, sizeof dest, "page=%d", page);
    if (r->catchment == AUDIT) {
        if (r->k == 0)
            cairo_pdf_surface_add_outline(s, parent[r->level], zp_pub_word(p, "audit_title"), dest,
                                          0);
    } else if (r->catchment < 0) {
        snprintf(title, sizeof title, "%s%s%s", zp_pub_word(p, zp_level_name((zp_level)r->level)),
                 p->lang == ZP_LANG_EN ? " " : "",
                 zp_pub_word(p, r->catchment == CHANGES ? "changes" : "catchments"));
        parent[r->level] = cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, title, dest, 0);
    } else if (r->k == 0) {
        const zp_pub_school *sc = &p->schools[p->catchments[r->catchment].school];
        snprintf(title, sizeof title, "%s %s", sc->id, sc->name);
        cairo_pdf_surface_add_outline(s, parent[r->level], title, dest, 0);
    }
}

/* Where cairo's PDF bytes go. A failed write is remembered and cairo is told all is well:
 * cairo's PDF writer asserts and aborts on its own error path (seen with a full disk), so it
 * must never take it. The failure is reported once cairo has finished. */
typedef struct pdf_sink {
    FILE *fp;
    int err; /* errno of the first failed write, 0 while all is well */
} pdf_sink;

static cairo_status_t to_pdf_file(void *closure, const unsigned char *data, unsigned int n)
{
    pdf_sink *k = closure;
    if (!k->err && fwrite(data, 1, n, k->fp) != n)
        k->err = errno ? errno : EIO;
    return CAIRO_STATUS_SUCCESS;
}

static int write_pdf(const zp_pub *p, plan *pl, const char *stage)
{
    char *path = zp_path_join(stage, p->changes         ? "changed.pdf"
                                     : p->public_notice ? "notice.pdf"
                                                        : "booklet.pdf");
    pdf_sink sink = {path ? zp_sys_fopen(path) : NULL, 0};
    if (!sink.fp) {
        int rc = path ? zp_error_set(ZP_EIO, "%s: cannot write: %s", path, strerror(errno))
                      : zp_error_set(ZP_ENOMEM, "out of memory");
        free(path);
        return rc;
    }
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(to_pdf_file, &sink, ZP_PAGE_W, ZP_PAGE_H);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, p->title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "zoneplan");
    /* an empty creation date: cairo would stamp the clock, and a booklet must be the same
     * bytes for the same run folder */
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
    cairo_t *cr = cairo_create(s);
    int rc = ZP_OK, parent[ZP_NLEVELS] = {CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT};
    for (int i = 0; !rc && !sink.err && i < pl->n; i++) {
        cairo_pdf_surface_set_size(s, pl->page[i].w, pl->page[i].h);
        outline(s, p, &pl->page[i], i + 1, parent);
        rc = draw_page(cr, p, pl, i);
        cairo_show_page(cr);
        page_done(pl);
    }
    cairo_destroy(cr);
    int rc2 = surface_done(s, path);
    if (ferror(sink.fp) && !sink.err)
        sink.err = EIO;
    if (fclose(sink.fp) != 0 && !sink.err)
        sink.err = errno ? errno : EIO;
    if (!rc && !rc2 && sink.err)
        rc2 = zp_error_set(ZP_EIO, "%s: cannot write: %s", path, strerror(sink.err));
    free(path);
    return rc ? rc : rc2;
}

static int write_png_page(const zp_pub *p, const plan *pl, int i, const char *stage, int dpi)
{
    char name[160];
    page_name(p, &pl->page[i], "png", name, sizeof name);
    char *path = zp_path_join(stage, name);
    int w = (int)(pl->page[i].w * dpi / 72.0 + 0.5), h = (int)(pl->page[i].h * dpi / 72.0 + 0.5);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    int rc = path ? draw_page(cr, p, pl, i) : zp_error_set(ZP_ENOMEM, "out of memory");
    cairo_destroy(cr);
    if (!rc)
        rc = zp_pub_write_png(s, path);
    cairo_surface_destroy(s);
    free(path);
    return rc;
}

cairo_status_t zp_pub_to_stream(void *closure, const unsigned char *data, unsigned int n)
{
    return fwrite(data, 1, n, closure) == n ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* cairo names SVG groups after a process-wide surface counter ("surface21184"), so the
 * bytes would depend on what was drawn before: number them from 1 in order of appearance. */
void zp_pub_put_svg(FILE *out, const char *svg)
{
    char seen[64][24];
    int nseen = 0;
    for (const char *s = svg; *s;) {
        const char *hit = strstr(s, "surface");
        if (!hit) {
            fputs(s, out);
            break;
        }
        size_t digits = strspn(hit + 7, "0123456789");
        fwrite(s, 1, (size_t)(hit - s) + 7, out);
        s = hit + 7 + digits;
        if (!digits || digits >= sizeof seen[0])
            continue;
        int k = 0;
        while (k < nseen && (strlen(seen[k]) != digits || strncmp(seen[k], hit + 7, digits)))
            k++;
        if (k == nseen && nseen < 64)
            snprintf(seen[nseen++], sizeof seen[0], "%.*s", (int)digits, hit + 7);
        fprintf(out, "%d", k + 1);
    }
}

static int write_svg(const zp_pub *p, const plan *pl, int i, const char *stage)
{
    char name[160], *buf = NULL;
    size_t len = 0;
    page_name(p, &pl->page[i], "svg", name, sizeof name);
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    cairo_surface_t *s =
        cairo_svg_surface_create_for_stream(zp_pub_to_stream, mem, pl->page[i].w, pl->page[i].h);
    cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
    cairo_t *cr = cairo_create(s);
    int rc = draw_page(cr, p, pl, i);
    cairo_destroy(cr);
    int rc2 = surface_done(s, name);
    fclose(mem);
    FILE *fp = NULL;
    if (!rc && !rc2)
        rc = zp_out_open(stage, name, &fp);
    if (!rc && !rc2) {
        zp_pub_put_svg(fp, buf);
        rc = zp_out_close(fp, stage, name);
    }
    free(buf);
    return rc ? rc : rc2;
}

/* PNG pages are independent: worker threads take the next page until none is left, each
 * with its own GEOS context (the geometries are only read) and pango's per-thread font map;
 * the first error is kept. */
typedef struct png_jobs {
    const zp_pub *p;
    plan *pl;
    const char *stage;
    int dpi;
    int quiet; /* the caller's --quiet: the worker threads take it over */
    atomic_int next;
    pthread_mutex_t lock;
    int rc;
    char msg[1024];
} png_jobs;

static void *png_worker(void *arg)
{
    png_jobs *j = arg;
    zp_progress_set_quiet(j->quiet);
    zp_pub local = *j->p;
    local.gctx = GEOS_init_r();
    int rc = local.gctx ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (int i; !rc && (i = atomic_fetch_add(&j->next, 1)) < j->pl->n;) {
        pthread_mutex_lock(&j->lock);
        int stop = j->rc != ZP_OK;
        pthread_mutex_unlock(&j->lock);
        if (stop)
            break;
        rc = write_png_page(&local, j->pl, i, j->stage, j->dpi);
        page_done(j->pl);
    }
    if (local.gctx)
        GEOS_finish_r(local.gctx);
    pango_cairo_font_map_set_default(NULL); /* this thread's font map, else kept to exit */
    pthread_mutex_lock(&j->lock);
    if (rc && !j->rc) {
        j->rc = rc;
        snprintf(j->msg, sizeof j->msg, "%s", zp_error_last());
    }
    pthread_mutex_unlock(&j->lock);
    return NULL;
}

/* The booklet on this thread while the PNG pages are drawn on the others (and on this one
 * once the booklet is done). */
static int write_pages(const zp_pub *p, plan *pl, unsigned f, const char *stage, int dpi)
{
    png_jobs j = {
        .p = p, .pl = pl, .stage = stage, .dpi = dpi, .quiet = zp_progress_quiet(), .rc = ZP_OK};
    atomic_init(&j.next, 0);
    pthread_mutex_init(&j.lock, NULL);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int nthreads = (f & ZP_PUB_PNG) ? (int)(cores < 1 ? 1 : cores > 8 ? 8 : cores) - 1 : 0;
    pthread_t tid[8];
    int started = 0;
    while (started < nthreads && pthread_create(&tid[started], NULL, png_worker, &j) == 0)
        started++;
    int rc = (f & ZP_PUB_PDF) ? write_pdf(p, pl, stage) : ZP_OK;
    if (rc) {
        pthread_mutex_lock(&j.lock);
        j.rc = j.rc ? j.rc : rc; /* stops the workers after their current page */
        pthread_mutex_unlock(&j.lock);
    }
    if (!rc && (f & ZP_PUB_PNG))
        png_worker(&j);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&j.lock);
    if (!rc && j.rc) /* errors are per thread: carry the worker's over */
        rc = zp_error_set(j.rc, "%s", j.msg);
    return rc;
}

int zp_pub_write_formats(const zp_pub *p, unsigned formats, int dpi, const char *stage)
{
    plan pl = {0};
    int rc = make_plan(p, &pl);
    unsigned f = formats ? formats : ZP_PUB_ALL;
    pl.to_draw = ((f & ZP_PUB_PDF) ? pl.n : 0) + ((f & ZP_PUB_PNG) ? pl.n : 0);
    atomic_init(&pl.drawn, 0);
    if (!rc)
        rc = write_pages(p, &pl, f, stage, dpi > 0 ? dpi : 150);
    for (int i = 0; !rc && (f & ZP_PUB_SVG) && i < pl.n; i++)
        if (pl.page[i].catchment == OVERVIEW)
            rc = write_svg(p, &pl, i, stage);
    if (!rc && (f & ZP_PUB_GEOJSON))
        rc = zp_pub_write_geojson(p, stage);
    if (!rc && (f & ZP_PUB_HTML))
        rc = zp_pub_write_html(p, stage);
    free(pl.page);
    return rc;
}

/* The formats not written now keep their files from the publish before (publishing PNGs
 * again leaves the booklet as it was): linked into the new folder, which then replaces the
 * old one whole. Files of a format written now and not written again (a school no longer in
 * the run, a list one page shorter) are left behind with the old folder, so nobody posts a
 * stale sheet. Only files zoneplan wrote: a planner's minutes.pdf is carried over as the
 * planner's (by the swap), never listed as zoneplan's. */
static int is_notice(const char *name)
{
    return !strncmp(name, "notice.", 7) ||
           !strncmp(name, ZP_NOTICE_PREFIX, strlen(ZP_NOTICE_PREFIX));
}

static int keep_other_formats(const char *old, const char *stage, unsigned formats, int notice)
{
    DIR *d = opendir(old);
    if (!d)
        return ZP_OK; /* no publish before */
    int rc = ZP_OK;
    struct dirent *e;
    while (!rc && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        int other = 0;
        for (int k = 0; k < ZP_PUB_NFORMATS && !other; k++) {
            const char *ext = zp_publish_format_name(k);
            size_t m = strlen(ext);
            unsigned bit = 1u << k;
            other = n > m + 1 && e->d_name[n - m - 1] == '.' && !strcmp(e->d_name + n - m, ext) &&
                    (!(formats & bit) || is_notice(e->d_name) != notice);
        }
        if (!other)
            continue;
        char *from = zp_path_join(old, e->d_name), *to = zp_path_join(stage, e->d_name);
        struct stat s;
        int ours = 0;
        if (!from || !to)
            rc = zp_error_set(ZP_ENOMEM, "out of memory");
        else if (lstat(from, &s) == 0 && S_ISREG(s.st_mode) &&
                 (ours = zp_folder_wrote(old, ZP_FOLDER_PUBLISH, e->d_name)) < 0)
            rc = ours;
        else if (ours == 1 && zp_sys_link(from, to) != 0)
            rc = zp_error_set(ZP_EIO, "%s: cannot keep it in the new publish folder: %s", from,
                              strerror(errno));
        free(from);
        free(to);
    }
    closedir(d);
    return rc;
}

/* The options given override what the run folder says (its summary.json's publication). */
static int take_notice_options(zp_pub *p, const zp_publish_options *o)
{
    if (o->audience != ZP_AUDIENCE_DEFAULT)
        p->public_notice = o->audience == ZP_AUDIENCE_PUBLIC;
    if (o->year)
        p->year = o->year;
    char **field[] = {&p->bureau, &p->approval};
    const char *given[] = {o->bureau, o->approval};
    for (int i = 0; i < 2; i++) {
        if (!given[i])
            continue;
        free(*field[i]);
        if (!(*field[i] = strdup(given[i])))
            return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    return ZP_OK;
}

/* zp_publish_into, saying whether it made the public notice. */
static int publish_into(const char *run_dir, const char *out_dir, const zp_publish_options *opt,
                        int *notice)
{
    zp_publish_options o = opt ? *opt : (zp_publish_options){0};
    if (o.dpi < 0 || o.dpi > 1200)
        return zp_error_set(ZP_EINPUT, "PNG resolution %d dpi: expected 1 to 1200", o.dpi);
    zp_pub *p = NULL;
    int ncolours = 0;
    int rc = zp_pub_load(run_dir, o.lang, &p);
    if (!rc)
        rc = take_notice_options(p, &o);
    if (!rc)
        rc = zp_pub_colour(p, &ncolours);
    if (!rc)
        rc = zp_pub_write_formats(p, o.formats, o.dpi, out_dir);
    if (notice)
        *notice = p ? p->public_notice : 0;
    zp_pub_free(p);
    pango_cairo_font_map_set_default(NULL); /* this thread's fonts: a library keeps nothing */
    return rc;
}

int zp_publish_into(const char *run_dir, const char *out_dir, const zp_publish_options *opt)
{
    return publish_into(run_dir, out_dir, opt, NULL);
}

int zp_publish_inputs(const char *run_dir, zp_inputs *in)
{
    static const char *const READS[] = {"catchments.shp", "blocks.shp", "schools.shp"};
    int rc = ZP_OK;
    for (int i = 0; !rc && i < 3; i++) {
        char *path = zp_path_join(run_dir, READS[i]);
        rc = path ? zp_inputs_add_layer(in, path) : zp_error_set(ZP_ENOMEM, "out of memory");
        free(path);
    }
    char *path = rc ? NULL : zp_path_join(run_dir, "summary.json");
    if (!rc)
        rc = path ? zp_inputs_add(in, path) : zp_error_set(ZP_ENOMEM, "out of memory");
    free(path);
    return rc;
}

int zp_publish(const char *run_dir, const zp_publish_options *opt)
{
    unsigned formats = opt && opt->formats ? opt->formats : ZP_PUB_ALL;
    zp_inputs in = {0};
    zp_stage *st = NULL;
    char *dir = zp_path_join(run_dir, "publish");
    struct stat s;
    int rc = dir ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc && (stat(run_dir, &s) != 0 || !S_ISDIR(s.st_mode)))
        rc = zp_error_set(ZP_EINPUT, "%s: no such run folder", run_dir);
    if (!rc)
        rc = zp_publish_inputs(run_dir, &in);
    if (!rc)
        rc = zp_stage_open(dir, ZP_FOLDER_PUBLISH, &in, &st);
    int notice = 0;
    if (!rc)
        rc = publish_into(run_dir, zp_stage_dir(st), opt, &notice);
    if (!rc) /* the formats and the audience not made now keep their files */
        rc = keep_other_formats(dir, zp_stage_dir(st), formats, notice);
    if (!rc)
        rc = zp_stage_commit(st);
    else
        zp_stage_abort(st);
    zp_inputs_free(&in);
    free(dir);
    return rc;
}
