/* `zoneplan publish` on the sample district, checked against the run itself rather than
 * against the publish code: the plan in memory (zp_run_solve) says which communities each
 * sheet must list and which catchments touch (from the block graph, not from colour.c), and
 * the pages are read back as a reader gets them (PNG pixels, pdftotext, pdfinfo). Covered:
 * PNG page sizes at a chosen dpi; every catchment drawn in its palette colour on the
 * overviews; neighbouring catchments never share a colour; the booklet's pages (overviews,
 * sheets, continuation pages) and every community of every catchment on its sheet; labels
 * never overlapping each other or a symbol, and every school labelled; the same bytes when
 * published twice; errors naming the file, record and field of a malformed run folder, and
 * the CLI's exit codes; the English booklet (words matched ignoring case).
 *
 * Each test runs the sample in process (zp_run_load/zp_run_solve/zp_run_write: the same
 * calls as `zoneplan run --no-publish`, ~0.4 s) and keeps the run for its plan. */
#include <cairo.h>
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <shapefil.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "publish/pages.h"
#include "support.h"
#include "zoneplan/audit.h"
#include "zoneplan/errors.h"
#include "zoneplan/geo.h"
#include "zoneplan/publish.h"
#include "zoneplan/run.h"

#define A4_LONG 841.890 /* A4 in points */
#define A4_SHORT 595.276

static char *dir;          /* the test's temp folder */
static char run_dir[1100]; /* dir/run: the sample's run folder */
static zp_run *run;        /* the same run in memory: the truth the pages are held to */

/* ---- fixture ---------------------------------------------------------------------- */

static void setup(void)
{
    dir = zpt_tmpdir();
    cr_assert_not_null(dir);
    snprintf(run_dir, sizeof run_dir, "%s/run", dir);
    int rc = zp_run_load(ZP_SOURCE_DIR "/scenarios/sample-baseline.yaml", &run);
    cr_assert_eq(rc, 0, "load: %s", zp_error_last());
    rc = zp_run_solve(run);
    cr_assert_eq(rc, 0, "solve: %s", zp_error_last());
    zp_stage *st = NULL;
    rc = zp_run_stage_open(run, run_dir, NULL, &st);
    cr_assert_eq(rc, 0, "stage: %s", zp_error_last());
    rc = zp_run_write(run, st, NULL);
    cr_assert_eq(rc, 0, "write: %s", zp_error_last());
}

static void teardown(void)
{
    zp_run_free(run);
    run = NULL;
    zpt_rmtree(dir);
    free(dir);
}

/* ---- helpers ---------------------------------------------------------------------- */

static void publish(unsigned formats, zp_lang lang, int dpi)
{
    zp_publish_options o = {.formats = formats, .lang = lang, .dpi = dpi};
    int rc = zp_publish(run_dir, &o);
    cr_assert_eq(rc, 0, "publish: %s", zp_error_last());
}

/* RUN/publish/NAME (into a static buffer: one at a time). */
static const char *pub_file(const char *name)
{
    static char path[1400];
    snprintf(path, sizeof path, "%s/publish/%s", run_dir, name);
    return path;
}

/* The run folder read back and coloured, as zp_publish does. */
static zp_pub *load_pub(zp_lang lang)
{
    zp_pub *p = NULL;
    int ncolours = 0;
    int rc = zp_pub_load(run_dir, lang, &p);
    cr_assert_eq(rc, 0, "load: %s", zp_error_last());
    rc = zp_pub_colour(p, &ncolours);
    cr_assert_eq(rc, 0, "colour: %s", zp_error_last());
    return p;
}

static cairo_surface_t *read_png(const char *path)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    cr_assert_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS, "%s: %s", path,
                 cairo_status_to_string(cairo_surface_status(s)));
    return s;
}

/* 0xRRGGBB of pixel (x, y) of an RGB24/ARGB32 image. */
static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
    const unsigned char *row =
        cairo_image_surface_get_data(s) + (size_t)y * (size_t)cairo_image_surface_get_stride(s);
    return ((const uint32_t *)(const void *)row)[x] & 0xffffff;
}

/* Palette entry k as the 8-bit pixel a solid cairo fill gives (round(v * 255)). */
static uint32_t palette_pixel(int k)
{
    double rgb[3];
    zp_pub_palette(k, rgb);
    uint32_t px = 0;
    for (int i = 0; i < 3; i++)
        px = px << 8 | (uint32_t)lround(rgb[i] * 255);
    return px;
}

/* The overview's map view, as pages.c draws it. */
static zp_view overview_view(const zp_pub *p)
{
    zp_view v;
    zp_pub_overview_view(p, &v);
    return v;
}

/* The catchment of school id `id` at `level` in p, or -1. */
static long find_catchment(const zp_pub *p, int level, const char *id)
{
    for (size_t c = p->level_start[level]; c < p->level_start[level + 1]; c++)
        if (!strcmp(p->schools[p->catchments[c].school].id, id))
            return (long)c;
    return -1;
}

/* Number of pages pdfinfo reports. */
static int pdfinfo_pages(const char *pdf)
{
    char cmd[1600], *out = NULL;
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
    cr_assert_eq(zpt_run(cmd, &out), 0, "pdfinfo: %s", out);
    const char *line = strstr(out, "\nPages:");
    cr_assert_not_null(line, "%s", out);
    int n = atoi(line + strlen("\nPages:"));
    free(out);
    return n;
}

/* The text of a PDF's pages [first, last] (0: to the end) split at form feeds; the pages
 * point into one buffer, freed with free(pages[0]) and free(pages). */
static char **pdf_pages(const char *pdf, int first, int last, int *npages)
{
    char txt[1200], cmd[3000], range[64] = "", *log = NULL;
    snprintf(txt, sizeof txt, "%s/booklet-%d.txt", dir, first);
    if (first > 0)
        snprintf(range, sizeof range, "-f %d -l %d", first, last);
    snprintf(cmd, sizeof cmd, "pdftotext -layout %s '%s' '%s'", range, pdf, txt);
    cr_assert_eq(zpt_run(cmd, &log), 0, "pdftotext: %s", log);
    free(log);
    char *text = zpt_slurp(txt, NULL);
    cr_assert_not_null(text);
    size_t n = 0;
    for (const char *s = text; *s; s++)
        n += *s == '\f';
    char **pages = calloc(n + 1, sizeof *pages);
    char *s = text;
    for (size_t i = 0; i < n; i++) { /* every page ends with a form feed */
        pages[i] = s;
        s = strchr(s, '\f');
        *s++ = '\0';
    }
    if (!n)
        free(text);
    *npages = (int)n;
    return pages;
}

static void free_pages(char **pages)
{
    if (pages && pages[0])
        free(pages[0]);
    free(pages);
}

/* Whether a page is a sheet of school `id` at the level: its header line reads
 * "<id> · <title> · 小学招生范围" (or 初中). */
static int sheet_of(const char *page, const char *id, int level)
{
    char head[64];
    snprintf(head, sizeof head, "%s · ", id);
    const char *h = strstr(page, head);
    if (!h)
        return 0;
    const char *eol = strchr(h, '\n');
    size_t len = eol ? (size_t)(eol - h) : strlen(h);
    char line[512];
    snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), h);
    return strstr(line, level == ZP_PRIMARY ? "小学招生范围" : "初中招生范围") != NULL;
}

/* Whether `name` stands as a whole cell of pdftotext -layout's text (spaces or line ends
 * either side), so 交通路12号院 is not found inside 交通路112号院 or a longer name. */
static int has_cell(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *h = text; n && (h = strstr(h, name)); h++)
        if ((h == text || h[-1] == ' ' || h[-1] == '\n') &&
            (h[n] == ' ' || h[n] == '\n' || h[n] == '\0'))
            return 1;
    return 0;
}

/* Copy of the run folder at dir/NAME, for a test to break. */
static void copy_run(const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", dir, name);
    char cmd[3000];
    snprintf(cmd, sizeof cmd, "cp -r '%s' '%s'", run_dir, out);
    cr_assert_eq(zpt_run(cmd, NULL), 0);
}

/* zp_publish on a broken folder: ZP_EINPUT, a message holding every one of `want`, and no
 * publish/ folder left behind. */
static void expect_input_error(const char *folder, const char *const *want, size_t nwant)
{
    zp_publish_options o = {.formats = ZP_PUB_PDF, .lang = ZP_LANG_ZH, .dpi = 72};
    int rc = zp_publish(folder, &o);
    const char *msg = zp_error_last();
    cr_assert_eq(rc, ZP_EINPUT, "%s: rc %d, expected ZP_EINPUT: %s", folder, rc, msg);
    for (size_t i = 0; i < nwant; i++)
        cr_assert(strstr(msg, want[i]), "%s: message lacks '%s': %s", folder, want[i], msg);
    char pub[1300];
    struct stat st;
    snprintf(pub, sizeof pub, "%s/publish", folder);
    cr_assert(stat(pub, &st) != 0, "%s: a failed publish left %s", folder, pub);
}

/* ---- 1. PNG pages at the dpi asked for ---------------------------------------------- */

Test(publish, png_size_as_set, .init = setup, .fini = teardown)
{
    publish(ZP_PUB_PNG, ZP_LANG_ZH, 100);
    zp_pub *p = load_pub(ZP_LANG_ZH);
    int land = zp_pub_overview_landscape(p);
    int ow = (int)lround((land ? A4_LONG : A4_SHORT) * 100 / 72),
        oh = (int)lround((land ? A4_SHORT : A4_LONG) * 100 / 72);
    const char *names[] = {"overview-primary.png", "overview-junior.png", "S001-primary.png"};
    int want_w[] = {ow, ow, (int)lround(A4_SHORT * 100 / 72)};
    int want_h[] = {oh, oh, (int)lround(A4_LONG * 100 / 72)};
    for (int i = 0; i < 3; i++) {
        cairo_surface_t *s = read_png(pub_file(names[i]));
        cr_expect_eq(cairo_image_surface_get_width(s), want_w[i], "%s: width %d, expected %d",
                     names[i], cairo_image_surface_get_width(s), want_w[i]);
        cr_expect_eq(cairo_image_surface_get_height(s), want_h[i], "%s: height %d, expected %d",
                     names[i], cairo_image_surface_get_height(s), want_h[i]);
        cairo_surface_destroy(s);
    }
    zp_pub_free(p);
}

/* ---- 2. every catchment in its colour where it lies ---------------------------------- */

/* Pixels of the overview image inside catchment c shrunk by 3 pixels (clear of its
 * boundary line): how many, and how many show exactly its palette colour. */
static void sample_catchment(const zp_pub *p, const zp_view *v, cairo_surface_t *img, size_t c,
                             int *samples, int *hits)
{
    GEOSContextHandle_t g = p->gctx;
    GEOSGeometry *inner = GEOSBuffer_r(g, p->catchments[c].geom, -3.0 / v->scale, 8);
    cr_assert_not_null(inner);
    *samples = *hits = 0;
    if (GEOSisEmpty_r(g, inner)) {
        GEOSGeom_destroy_r(g, inner);
        return;
    }
    const GEOSPreparedGeometry *prep = GEOSPrepare_r(g, inner);
    double x0, y0, x1, y1, px0, py0, px1, py1;
    GEOSGeom_getExtent_r(g, inner, &x0, &y0, &x1, &y1);
    zp_view_point(v, x0, y1, &px0, &py0); /* top-left pixel */
    zp_view_point(v, x1, y0, &px1, &py1);
    uint32_t want = palette_pixel(p->catchments[c].colour);
    int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    for (int py = (int)fmax(0, floor(py0)); py <= (int)fmin(h - 1, ceil(py1)); py++)
        for (int px = (int)fmax(0, floor(px0)); px <= (int)fmin(w - 1, ceil(px1)); px++) {
            double x = v->wx + (px + 0.5 - v->frame.x0) / v->scale; /* pixel centre, plane */
            double y = v->wy + (v->frame.y1 - (py + 0.5)) / v->scale;
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(g, x, y);
            if (GEOSPreparedContains_r(g, prep, pt) == 1) {
                (*samples)++;
                *hits += pixel(img, px, py) == want;
            }
            GEOSGeom_destroy_r(g, pt);
        }
    GEOSPreparedGeom_destroy_r(g, prep);
    GEOSGeom_destroy_r(g, inner);
}

Test(publish, overview_shows_every_catchment_colour, .init = setup, .fini = teardown)
{
    publish(ZP_PUB_PNG, ZP_LANG_ZH, 72); /* 72 dpi: one pixel per point */
    zp_pub *p = load_pub(ZP_LANG_ZH);
    zp_view v = overview_view(p);
    const char *files[] = {"overview-primary.png", "overview-junior.png"};
    for (int l = 0; l < ZP_NLEVELS; l++) {
        cr_assert_gt(p->level_start[l + 1], p->level_start[l]);
        cairo_surface_t *img = read_png(pub_file(files[l]));
        for (size_t c = p->level_start[l]; c < p->level_start[l + 1]; c++) {
            int samples, hits;
            sample_catchment(p, &v, img, c, &samples, &hits);
            const char *id = p->schools[p->catchments[c].school].id;
            cr_expect_geq(samples, 10, "%s %s: only %d pixels to sample", files[l], id, samples);
            /* labels and school symbols are drawn over the fills: on a small catchment
             * (S002's in the sample, ~480 pixels) they cover about half of it, while a wrong
             * or missing fill shows next to none of its colour */
            cr_expect_geq(3 * hits, samples,
                          "%s %s: %d of %d pixels inside the catchment have its colour %06x",
                          files[l], id, hits, samples, palette_pixel(p->catchments[c].colour));
        }
        cairo_surface_destroy(img);
    }
    zp_pub_free(p);
}

/* ---- 3. neighbouring catchments differ in colour --------------------------------------- */

Test(publish, neighbours_never_share_a_colour, .init = setup, .fini = teardown)
{
    zp_pub *p = load_pub(ZP_LANG_ZH);
    const zp_policy *pol = &run->sc->policy;
    zp_adjacency adj = {0};
    int rc =
        zp_geo_adjacency(run->geo, pol->adjacency_tolerance_m, pol->adjacency_min_shared_m, &adj);
    cr_assert_eq(rc, 0, "adjacency: %s", zp_error_last());
    cr_assert_eq(adj.n, run->ds.nblocks);
    size_t ns = run->ds.nschools, nc = p->ncatchments;
    for (int l = 0; l < ZP_NLEVELS; l++) {
        long *catch_of = malloc(ns * sizeof *catch_of); /* run school -> catchment of p */
        for (size_t s = 0; s < ns; s++)
            catch_of[s] = find_catchment(p, l, run->ds.schools[s].id);
        char *seen = calloc(nc * nc, 1);
        int pairs = 0;
        const int32_t *school = run->plan[l].school;
        for (size_t b = 0; b < adj.n; b++)
            for (size_t k = adj.start[b]; k < adj.start[b + 1]; k++) {
                int32_t a = school[b], o = school[adj.nbr[k]];
                if (a < 0 || o < 0 || a == o)
                    continue;
                long ca = catch_of[a], co = catch_of[o];
                cr_assert(ca >= 0 && co >= 0, "%s: school %s or %s has blocks but no catchment",
                          zp_level_name((zp_level)l), run->ds.schools[a].id, run->ds.schools[o].id);
                if (seen[ca * nc + co])
                    continue;
                seen[ca * nc + co] = seen[co * nc + ca] = 1;
                pairs++;
                cr_expect_neq(p->catchments[ca].colour, p->catchments[co].colour,
                              "%s: %s and %s touch (blocks %s, %s) but share colour %d",
                              zp_level_name((zp_level)l), run->ds.schools[a].id,
                              run->ds.schools[o].id, run->ds.blocks[b].id,
                              run->ds.blocks[adj.nbr[k]].id, p->catchments[ca].colour);
            }
        cr_expect_geq(pairs, 20, "%s: only %d neighbouring catchment pairs checked",
                      zp_level_name((zp_level)l), pairs);
        free(seen);
        free(catch_of);
    }
    zp_adjacency_free(&adj);
    zp_pub_free(p);
}

/* ---- 4. the booklet: its pages, and every community on its school's sheet -------------- */

/* Communities the plan puts in school s at the level (each a block of the run). */
static size_t plan_members(int level, size_t s)
{
    size_t n = 0;
    for (size_t b = 0; b < run->ds.nblocks; b++)
        n += run->plan[level].school[b] == (int32_t)s;
    return n;
}

static long run_school(const char *id)
{
    for (size_t s = 0; s < run->ds.nschools; s++)
        if (!strcmp(run->ds.schools[s].id, id))
            return (long)s;
    return -1;
}

/* Check one catchment (catchments.dbf's record): its sheet pages list every community the
 * plan assigns to it, and the first says how many. Returns its continuation pages. */
static int check_sheet(char **pages, int npages, const char *id, int level)
{
    long s = run_school(id);
    cr_assert_geq(s, 0, "catchments.dbf: school %s is not in the run", id);
    size_t len = 0, cap = 1;
    int found = 0, cont = 0;
    for (int i = 0; i < npages; i++)
        if (sheet_of(pages[i], id, level))
            cap += strlen(pages[i]) + 1;
    char *text = calloc(cap, 1);
    for (int i = 0; i < npages; i++)
        if (sheet_of(pages[i], id, level)) {
            size_t n = strlen(pages[i]);
            memcpy(text + len, pages[i], n);
            text[len + n] = '\n';
            len += n + 1;
            cont += found++ > 0;
            cr_expect(found == 1 || strstr(pages[i], "（续）"),
                      "%s %s: sheet page %d is not marked continued", id,
                      zp_level_name((zp_level)level), i + 1);
        }
    cr_assert_gt(found, 0, "%s %s: no sheet in the booklet", id, zp_level_name((zp_level)level));
    char count[64];
    snprintf(count, sizeof count, "招生范围内小区（村组） (%zu)", plan_members(level, (size_t)s));
    cr_expect(strstr(text, count), "%s %s: the sheet lacks '%s'", id,
              zp_level_name((zp_level)level), count);
    size_t far = 0;
    double radius = run->sc->policy.service_radius_m[level];
    for (size_t b = 0; b < run->ds.nblocks; b++)
        if (run->plan[level].school[b] == (int32_t)s) {
            cr_expect(has_cell(text, run->ds.blocks[b].name),
                      "%s %s: community %s (%s) is not on its sheet", id,
                      zp_level_name((zp_level)level), run->ds.blocks[b].name, run->ds.blocks[b].id);
            far += run->ds.blocks[b].children[level] > 0 && radius > 0 &&
                   run->plan[level].dist_m[b] > radius;
        }
    /* the note 超出服务半径 only on rows with children who live beyond the radius (in the
     * note column: after a space, or right after a wide distance such as "1,308") */
    size_t notes = 0;
    for (const char *h = text; (h = strstr(h, "超出服务半径")); h++)
        notes += h > text && (h[-1] == ' ' || h[-1] == '\n' || (h[-1] >= '0' && h[-1] <= '9'));
    cr_expect_eq(notes, far, "%s %s: %zu rows noted beyond the radius, the plan has %zu", id,
                 zp_level_name((zp_level)level), notes, far);
    free(text);
    return cont;
}

Test(publish, booklet_pages_and_communities, .init = setup, .fini = teardown)
{
    publish(ZP_PUB_PDF, ZP_LANG_ZH, 0);
    const char *pdf = pub_file("booklet.pdf");
    /* the page plan, by the publish module's own counts */
    zp_pub *p = load_pub(ZP_LANG_ZH);
    int planned = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        planned += p->level_start[l + 1] > p->level_start[l];
    for (size_t c = 0; c < p->ncatchments; c++)
        planned += zp_pub_sheet_pages(&p->catchments[c]);
    zp_pub_free(p);
    int info = pdfinfo_pages(pdf);
    cr_assert_eq(info, planned, "pdfinfo: %d pages, the plan has %d", info, planned);
    /* independently: two overviews, a sheet per record of catchments.dbf, and the
     * continued ones */
    int npages = 0;
    char **pages = pdf_pages(pdf, 0, 0, &npages);
    cr_assert_eq(npages, info, "pdftotext: %d pages, pdfinfo %d", npages, info);
    cr_expect(strstr(pages[0], "学区划分") && strstr(pages[0], "小学"),
              "page 1 is not the primary overview:\n%s", pages[0]);
    cr_expect(strstr(pages[1], "学区划分") && strstr(pages[1], "初中"),
              "page 2 is not the junior overview:\n%s", pages[1]);
    int continued = 0;
    for (int i = 0; i < npages; i++)
        continued += strstr(pages[i], "（续）") != NULL;
    char path[1200];
    snprintf(path, sizeof path, "%s/catchments.dbf", run_dir);
    DBFHandle dbf = DBFOpen(path, "rb");
    cr_assert_not_null(dbf, "%s", path);
    int nrec = DBFGetRecordCount(dbf);
    cr_expect_eq(nrec, 48, "the sample has 48 catchments, catchments.dbf %d", nrec);
    cr_expect_eq(npages, 2 + nrec + continued, "%d pages, expected 2 + %d sheets + %d continued",
                 npages, nrec, continued);
    int fid = DBFGetFieldIndex(dbf, "SCHOOL_ID"), flevel = DBFGetFieldIndex(dbf, "LEVEL");
    cr_assert(fid >= 0 && flevel >= 0);
    int cont = 0;
    for (int r = 0; r < nrec; r++) {
        char id[64];
        snprintf(id, sizeof id, "%s", DBFReadStringAttribute(dbf, r, fid));
        const char *level = DBFReadStringAttribute(dbf, r, flevel);
        cr_assert(!strcmp(level, "primary") || !strcmp(level, "junior"), "record %d: %s", r + 1,
                  level);
        cont += check_sheet(pages, npages, id, !strcmp(level, "primary") ? ZP_PRIMARY : ZP_JUNIOR);
    }
    cr_expect_eq(cont, continued, "%d sheet pages after a first, %d marked continued", cont,
                 continued);
    cr_expect_gt(continued, 0, "no sheet flows on: the continuation pages go untested");
    DBFClose(dbf);
    free_pages(pages);
}

/* ---- 5. labels never collide -------------------------------------------------------- */

static int overlap(zp_box a, zp_box b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

Test(publish, labels_never_collide, .init = setup, .fini = teardown)
{
    zp_pub *p = load_pub(ZP_LANG_ZH);
    int land = zp_pub_overview_landscape(p);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        cairo_surface_t *s =
            cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(land ? A4_LONG : A4_SHORT) + 1,
                                       (int)(land ? A4_SHORT : A4_LONG) + 1);
        cairo_t *cr = cairo_create(s);
        zp_labeler lb = {0};
        int rc = zp_pub_draw_overview(cr, p, l, l + 1, 2, &lb);
        cr_assert_eq(rc, 0, "draw: %s", zp_error_last());
        cr_assert_eq(cairo_status(cr), CAIRO_STATUS_SUCCESS);
        size_t serving = 0;
        for (size_t i = 0; i < p->nschools; i++)
            serving += p->schools[i].serves[l] != 0;
        const char *name = zp_level_name((zp_level)l);
        cr_expect_eq(serving, p->level_start[l + 1] - p->level_start[l]);
        cr_expect_eq(lb.nlabels, serving, "%s: %zu of %zu schools labelled", name, lb.nlabels,
                     serving);
        /* pages.c adds the north arrow's box, then a box per school symbol, then the labels */
        cr_assert_eq(lb.n, 1 + serving + lb.nlabels, "%s: %zu boxes", name, lb.n);
        size_t first = lb.n - lb.nlabels;
        for (size_t i = first; i < lb.n; i++) {
            zp_box a = lb.box[i];
            cr_expect(a.x0 >= lb.bounds.x0 && a.y0 >= lb.bounds.y0 && a.x1 <= lb.bounds.x1 &&
                          a.y1 <= lb.bounds.y1,
                      "%s: label %zu leaves the map frame", name, i - first);
            for (size_t j = 0; j < i; j++)
                cr_expect(!overlap(a, lb.box[j]),
                          "%s: label %zu (%.1f,%.1f)-(%.1f,%.1f) overlaps %s %zu", name, i - first,
                          a.x0, a.y0, a.x1, a.y1, j >= first ? "label" : "symbol box",
                          j >= first ? j - first : j);
        }
        zp_labeler_clear(&lb);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
    }
    zp_pub_free(p);
}

/* ---- 6. the same run folder gives the same bytes -------------------------------------- */

/* RUN/publish copied to dir/COPY. */
static void copy_publish(const char *copy)
{
    char cmd[3000];
    snprintf(cmd, sizeof cmd, "cp -r '%s/publish' '%s/%s'", run_dir, dir, copy);
    cr_assert_eq(zpt_run(cmd, NULL), 0);
}

/* `zoneplan publish RUN --formats LIST --dpi 72`, then its files copied to dir/COPY. */
static void cli_publish_copy(const char *formats, const char *copy)
{
    char cmd[3000], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s publish '%s' --formats %s --dpi 72 --quiet", ZP_CLI, run_dir,
             formats);
    int rc = zpt_run(cmd, &out);
    cr_assert_eq(rc, 0, "%s", out);
    free(out);
    copy_publish(copy);
}

static void expect_same(const char *copy, const char *file)
{
    char a[1400];
    snprintf(a, sizeof a, "%s/%s/%s", dir, copy, file);
    size_t na = 0, nb = 0;
    char *x = zpt_slurp(a, &na), *y = zpt_slurp(pub_file(file), &nb);
    cr_assert(x && y, "%s: missing", file);
    cr_expect(na == nb && !memcmp(x, y, na), "%s: %s differs from the last publish", copy, file);
    free(x);
    free(y);
}

/* Twice in one process (the second publish reuses the fonts the first loaded: half the
 * time of two `zoneplan publish`). */
Test(publish, same_bytes_twice, .init = setup, .fini = teardown)
{
    unsigned f = ZP_PUB_PDF | ZP_PUB_PNG | ZP_PUB_SVG;
    publish(f, ZP_LANG_ZH, 72);
    copy_publish("first");
    publish(f, ZP_LANG_ZH, 72);
    expect_same("first", "booklet.pdf");
    expect_same("first", "overview-primary.png");
    expect_same("first", "overview-junior.png");
    expect_same("first", "S001-primary.png");
    expect_same("first", "overview-primary.svg");
}

/* cairo numbers every surface of the process and writes the number into the SVG (<g
 * id="surfaceN">): the SVG bytes depended on what the process drew before (svg alone:
 * surface1; pdf,png,svg: surface21184 on the sample) until write_svg renumbered them. */
/* A republish removes sheets it no longer writes (in the formats it writes), keeps the
 * others and anything not its own. */
Test(publish, stale_pages_removed, .init = setup, .fini = teardown)
{
    publish(ZP_PUB_PNG | ZP_PUB_SVG, ZP_LANG_ZH, 36);
    /* pages of a school gone from the run, as an earlier publish wrote them: listed in the
     * folder's manifest, so zoneplan's own */
    zpt_write(pub_file("S999-primary.png"), "old sheet of a school gone from the run");
    zpt_write(pub_file("S999-primary.svg"), "<svg/>");
    char *manifest = zpt_slurp(pub_file(".zoneplan"), NULL);
    cr_assert_not_null(manifest);
    char *more = NULL;
    cr_assert_gt(asprintf(&more, "%sS999-primary.png\nS999-primary.svg\n", manifest), 0);
    zpt_write(pub_file(".zoneplan"), more);
    free(manifest);
    free(more);
    zpt_write(pub_file("notes.txt"), "the planner's own file");
    publish(ZP_PUB_PNG, ZP_LANG_ZH, 36);
    struct stat sb;
    cr_expect_neq(stat(pub_file("S999-primary.png"), &sb), 0, "a stale PNG stays");
    cr_expect_eq(stat(pub_file("S999-primary.svg"), &sb), 0, "SVGs were not written: kept");
    cr_expect_eq(stat(pub_file("notes.txt"), &sb), 0, "not ours: kept");
    cr_expect_eq(stat(pub_file("S001-primary.png"), &sb), 0, "written again");
}

Test(publish, svg_same_bytes_whatever_came_before, .init = setup, .fini = teardown)
{
    cli_publish_copy("svg", "svg-alone");
    cli_publish_copy("pdf,png,svg", "all");
    expect_same("svg-alone", "overview-primary.svg");
    publish(ZP_PUB_SVG, ZP_LANG_ZH, 72); /* twice in this process */
    copy_publish("in-process");
    publish(ZP_PUB_SVG, ZP_LANG_ZH, 72);
    expect_same("in-process", "overview-primary.svg");
}

/* ---- 7. malformed run folders and the CLI --------------------------------------------- */

Test(publish, malformed_run_folder, .init = setup, .fini = teardown)
{
    char bad[1200], path[1300];
    /* a folder that does not exist */
    snprintf(bad, sizeof bad, "%s/no-such-run", dir);
    expect_input_error(bad, (const char *[]){"no-such-run"}, 1);
    /* schools.shp removed */
    copy_run("no-schools", bad, sizeof bad);
    snprintf(path, sizeof path, "%s/schools.shp", bad);
    cr_assert_eq(remove(path), 0);
    expect_input_error(bad, (const char *[]){"schools"}, 1);
    /* summary.json cut short */
    copy_run("bad-summary", bad, sizeof bad);
    snprintf(path, sizeof path, "%s/summary.json", bad);
    zpt_write(path, "{");
    expect_input_error(bad, (const char *[]){"summary.json"}, 1);
    /* a catchment of a level zoneplan does not have, in record 7 */
    copy_run("bad-level", bad, sizeof bad);
    snprintf(path, sizeof path, "%s/catchments.dbf", bad);
    DBFHandle dbf = DBFOpen(path, "r+b");
    cr_assert_not_null(dbf);
    int f = DBFGetFieldIndex(dbf, "LEVEL");
    cr_assert_geq(f, 0);
    cr_assert(DBFWriteStringAttribute(dbf, 6, f, "senior"));
    DBFClose(dbf);
    expect_input_error(bad, (const char *[]){"catchments.dbf", "record 7", "LEVEL", "senior"}, 4);
}

/* Text in a run folder's tables that is not UTF-8 (they are written in UTF-8, with a .cpg
 * saying so): an encoding error naming the file, record and field, never the raw bytes
 * drawn. F4 90 80 80 would be a code point above U+10FFFF, which iconv lets through. */
Test(publish, run_folder_text_not_utf8, .init = setup, .fini = teardown)
{
    static const struct {
        const char *table, *field, *bytes;
        int rec;
    } cases[] = {{"schools.dbf", "NAME", "\xf4\x90\x80\x80", 2},
                 {"blocks.dbf", "NAME", "bad \xff name", 3},
                 {"catchments.dbf", "FLAGS", "\xed\xa0\x80", 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char bad[1200], path[1300], rec[32];
        copy_run("bad-utf8", bad, sizeof bad);
        snprintf(path, sizeof path, "%s/%s", bad, cases[i].table);
        DBFHandle dbf = DBFOpen(path, "r+b");
        cr_assert_not_null(dbf);
        int f = DBFGetFieldIndex(dbf, cases[i].field);
        cr_assert_geq(f, 0);
        cr_assert(DBFWriteStringAttribute(dbf, cases[i].rec - 1, f, cases[i].bytes));
        DBFClose(dbf);
        snprintf(rec, sizeof rec, "record %d", cases[i].rec);
        expect_input_error(
            bad, (const char *[]){cases[i].table, rec, cases[i].field, "not valid UTF-8"}, 4);
        snprintf(path, sizeof path, "rm -rf '%s'", bad);
        cr_assert_eq(zpt_run(path, NULL), 0);
    }
}

/* Exit 1 for a bad option, 2 for a missing run folder (after the options are taken: --lang
 * en and --dpi 72 are). Only failing commands: nothing is drawn, so this stays quick. */
Test(publish, cli_exit_codes, .init = setup, .fini = teardown)
{
    static const struct {
        const char *args, *says;
        int code;
    } cases[] = {
        {"'%s' --formats pdf,jpeg", "jpeg", 1},
        {"'%s' --lang fr", "fr", 1},
        {"'%s' --dpi 0", "--dpi", 1},
        {"'%s/no-such-run'", "no-such-run", 2},
        {"'%s/no-such-run' --lang en --dpi 72 --formats pdf", "no-such-run", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[1400], cmd[3000], *out = NULL;
        snprintf(args, sizeof args, cases[i].args, i < 3 ? run_dir : dir);
        snprintf(cmd, sizeof cmd, "%s publish %s", ZP_CLI, args);
        int rc = zpt_run(cmd, &out);
        cr_expect_eq(rc, cases[i].code, "publish %s: exit %d, expected %d: %s", args, rc,
                     cases[i].code, out);
        cr_expect(strstr(out, cases[i].says), "publish %s: the message lacks '%s': %s", args,
                  cases[i].says, out);
        free(out);
    }
}

/* ---- 8. language ------------------------------------------------------------------- */

/* In process: a `zoneplan publish` child would fail the sanitizer build on cairo's leak
 * at exit (cli_exit_codes checks the CLI takes --lang en). */
Test(publish, english_booklet, .init = setup, .fini = teardown)
{
    publish(ZP_PUB_PDF, ZP_LANG_EN, 0);
    int n = 0;
    char **pages = pdf_pages(pub_file("booklet.pdf"), 1, 3, &n);
    cr_assert_eq(n, 3);
    cr_expect(strcasestr(pages[0], "school catchments"), "page 1:\n%s", pages[0]);
    cr_expect(!strstr(pages[0], "学区划分"), "page 1 is still in Chinese:\n%s", pages[0]);
    cr_expect(strcasestr(pages[2], "community"), "page 3 (a sheet):\n%s", pages[2]);
    free_pages(pages);
}

/* ---- 9. a closed school -------------------------------------------------------------- */

/* sample-redraw closes 城关第九小学 (S016): it has no catchment and no sheet, the primary
 * overview marks it 停办, and report.md lists where the children of its current catchment
 * go, as many as data/sample/blocks.dbf gives it today (counted here from the input). */
Test(publish, closed_school_has_no_sheet, .init = setup, .fini = teardown)
{
    char redraw[1200], cmd[3000], *log = NULL;
    snprintf(redraw, sizeof redraw, "%s/redraw", dir);
    snprintf(cmd, sizeof cmd,
             "%s run %s/scenarios/sample-redraw.yaml --out %s --no-publish --quiet", ZP_CLI,
             ZP_SOURCE_DIR, redraw);
    cr_assert_eq(zpt_run(cmd, &log), 0, "%s", log);
    free(log);
    zp_publish_options o = {.formats = ZP_PUB_PDF, .lang = ZP_LANG_ZH, .dpi = 72};
    cr_assert_eq(zp_publish(redraw, &o), 0, "%s", zp_error_last());

    snprintf(cmd, sizeof cmd, "%s/catchments.dbf", redraw);
    DBFHandle dbf = DBFOpen(cmd, "rb");
    cr_assert_not_null(dbf);
    int fid = DBFGetFieldIndex(dbf, "SCHOOL_ID");
    for (int r = 0; r < DBFGetRecordCount(dbf); r++)
        cr_expect_str_neq(DBFReadStringAttribute(dbf, r, fid), "S016", "record %d", r + 1);
    DBFClose(dbf);

    snprintf(cmd, sizeof cmd, "%s/publish/booklet.pdf", redraw);
    int n = 0;
    char **pages = pdf_pages(cmd, 0, 0, &n);
    cr_assert_gt(n, 2);
    for (int i = 0; i < n; i++)
        cr_expect(!sheet_of(pages[i], "S016", ZP_PRIMARY), "page %d is a sheet of S016", i + 1);
    cr_expect(strstr(pages[0], "城关第九小学（停办）"), "the primary overview:\n%s", pages[0]);
    free_pages(pages);

    /* today's S016 children, from the input layer */
    snprintf(cmd, sizeof cmd, "%s/data/sample/blocks.dbf", ZP_SOURCE_DIR);
    dbf = DBFOpen(cmd, "rb");
    cr_assert_not_null(dbf);
    int fcur = DBFGetFieldIndex(dbf, "CUR_PRI"), fpri = DBFGetFieldIndex(dbf, "PRI");
    long long today = 0;
    for (int r = 0; r < DBFGetRecordCount(dbf); r++)
        if (!strcmp(DBFReadStringAttribute(dbf, r, fcur), "S016"))
            today += DBFReadIntegerAttribute(dbf, r, fpri);
    DBFClose(dbf);
    cr_assert_gt(today, 0);
    snprintf(cmd, sizeof cmd, "%s/report.md", redraw);
    char *report = zpt_slurp(cmd, NULL);
    const char *sec = strstr(report, "## Closed schools");
    cr_assert_not_null(sec, "%s", report);
    long long listed = 0;
    for (const char *h = sec; (h = strstr(h, "| S016 城关第九小学 | primary |")); h++) {
        const char *eol = strchr(h, '\n'), *last = eol;
        while (last > h && last[-1] != '|')
            last--;
        const char *num = last - 2;
        while (num > h && num[-1] != '|')
            num--;
        listed += atoll(num);
    }
    cr_expect_eq(listed, today, "report.md sends %lld of S016's %lld children somewhere", listed,
                 today);
    free(report);
}

/* ---- 10. house numbers by value -------------------------------------------------------- */

/* Two names that differ only in one run of digits (沿河街8号院, 沿河街10号院): the smaller
 * number comes first on the sheet. Parsed here, not by ICU. */
static int number_pair(const char *a, const char *b, long *na, long *nb)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i] && !(a[i] >= '0' && a[i] <= '9'))
        i++;
    if (!(a[i] >= '0' && a[i] <= '9') || !(b[i] >= '0' && b[i] <= '9'))
        return 0;
    char *ea, *eb;
    *na = strtol(a + i, &ea, 10);
    *nb = strtol(b + i, &eb, 10);
    return strcmp(ea, eb) == 0;
}

Test(publish, house_numbers_sort_by_value, .init = setup, .fini = teardown)
{
    zp_pub *p = load_pub(ZP_LANG_ZH);
    int pairs = 0, wide = 0;
    for (size_t c = 0; c < p->ncatchments; c++) {
        const zp_pub_catchment *k = &p->catchments[c];
        for (size_t i = 0; i < k->nmembers; i++)
            for (size_t j = i + 1; j < k->nmembers; j++) {
                const char *a = p->blocks[k->members[i]].name, *b = p->blocks[k->members[j]].name;
                long na, nb;
                if (!number_pair(a, b, &na, &nb))
                    continue;
                pairs++;
                wide += (na < 10) != (nb < 10) || (na < 100) != (nb < 100);
                cr_expect_leq(na, nb, "%s before %s on the sheet of %s", a, b,
                              p->schools[k->school].id);
            }
    }
    cr_expect_gt(wide, 5, "only %d pairs (of %d) with numbers of different widths", wide, pairs);
    zp_pub_free(p);
}

/* ---- 11. the public notice ------------------------------------------------------------- */

/* Published for the public after the bureau's booklet: notice.pdf beside booklet.pdf (both
 * kept); a page per overview and per notice page; every notice names its school and says
 * 招生范围公告, is signed by the bureau, the year and the approval number, lists exactly the
 * plan's communities with children of the level (not a parcel with none), and shows nothing
 * internal (enrolment, places, flags, distances, children counts, zoneplan's own name). */
Test(publish, public_notice_reads_as_a_notice, .init = setup, .fini = teardown)
{
    publish(ZP_PUB_PDF, ZP_LANG_ZH, 0);
    zp_publish_options o = {.formats = ZP_PUB_PDF,
                            .lang = ZP_LANG_ZH,
                            .audience = ZP_AUDIENCE_PUBLIC,
                            .bureau = "示例县教育局",
                            .approval = "GS(2026)1234号",
                            .year = 2026};
    cr_assert_eq(zp_publish(run_dir, &o), 0, "%s", zp_error_last());
    struct stat st;
    cr_assert_eq(stat(pub_file("booklet.pdf"), &st), 0, "the bureau's booklet was not kept");
    int n = 0;
    char **pages = pdf_pages(pub_file("notice.pdf"), 0, 0, &n);
    cr_assert_gt(n, 2);
    static const char *internal[] = {"招生人数",  "学位数",   "学位使用率",
                                     "预警",      "距离",     "超出服务半径",
                                     "适龄儿童 ", "zoneplan", "平均就学距离"};
    for (int i = 0; i < n; i++) {
        cr_expect(strstr(pages[i], "示例县教育局") && strstr(pages[i], "2026年") &&
                      strstr(pages[i], "审图号：GS(2026)1234号"),
                  "page %d is not signed:\n%s", i + 1, pages[i]);
        for (size_t k = 0; k < sizeof internal / sizeof *internal; k++)
            cr_expect(!strstr(pages[i], internal[k]), "page %d shows '%s':\n%s", i + 1, internal[k],
                      pages[i]);
    }
    /* each school's notice: its pages' text together */
    size_t zero = 0, listed = 0;
    for (size_t s = 0; s < run->ds.nschools; s++)
        for (int l = 0; l < ZP_NLEVELS; l++) {
            if (!plan_members(l, s))
                continue;
            char head[300];
            snprintf(head, sizeof head, "%s2026年招生范围公告", run->ds.schools[s].name);
            size_t len = 1;
            for (int i = 0; i < n; i++)
                len += strlen(pages[i]) + 1;
            char *text = calloc(len, 1);
            for (int i = 0; i < n; i++) {
                const char *grade = l == ZP_PRIMARY ? "小学一年级新生" : "初中七年级新生";
                if (strstr(pages[i], head) && strstr(pages[i], grade)) {
                    strcat(text, pages[i]);
                    strcat(text, "\n");
                }
            }
            cr_assert(text[0], "no notice for %s %s", run->ds.schools[s].id,
                      zp_level_name((zp_level)l));
            for (size_t b = 0; b < run->ds.nblocks; b++) {
                if (run->plan[l].school[b] != (int32_t)s)
                    continue;
                int kids = run->ds.blocks[b].children[l] > 0,
                    on = has_cell(text, run->ds.blocks[b].name);
                zero += !kids;
                listed += kids;
                cr_expect(kids == on, "%s %s: %s (%d children) %s", run->ds.schools[s].id,
                          zp_level_name((zp_level)l), run->ds.blocks[b].name,
                          run->ds.blocks[b].children[l], on ? "is listed" : "is missing");
            }
            free(text);
        }
    cr_expect_gt(zero, 0, "no community without children: the filter goes untested");
    cr_expect_gt(listed, 1000);
    free_pages(pages);
}

/* The public notice's web files: notice-map.html, notice-catchments.geojson and
 * notice-schools.geojson beside the bureau's (kept), carrying no figure or flag: the
 * catchments' properties are the school and level only, and the page's blocks are the
 * communities with children (counted from the run's blocks, not from the page's code). */
Test(publish, public_web_files_carry_nothing_internal, .init = setup, .fini = teardown)
{
    publish(ZP_PUB_HTML | ZP_PUB_GEOJSON, ZP_LANG_ZH, 0);
    zp_publish_options o = {.formats = ZP_PUB_HTML | ZP_PUB_GEOJSON,
                            .lang = ZP_LANG_ZH,
                            .audience = ZP_AUDIENCE_PUBLIC};
    cr_assert_eq(zp_publish(run_dir, &o), 0, "%s", zp_error_last());
    struct stat st;
    cr_assert_eq(stat(pub_file("map.html"), &st), 0, "the bureau's map.html was not kept");
    cr_assert_eq(stat(pub_file("catchments.geojson"), &st), 0);
    json_error_t err;
    json_t *fc = json_load_file(pub_file("notice-catchments.geojson"), 0, &err);
    cr_assert_not_null(fc, "%s", err.text);
    json_t *features = json_object_get(fc, "features");
    cr_assert_gt(json_array_size(features), 10);
    for (size_t i = 0; i < json_array_size(features); i++) {
        json_t *props = json_object_get(json_array_get(features, i), "properties");
        const char *key;
        json_t *v;
        json_object_foreach(props, key, v)
        {
            cr_expect(!strcmp(key, "SCHOOL_ID") || !strcmp(key, "NAME") || !strcmp(key, "LEVEL") ||
                          !strcmp(key, "TYPE"),
                      "the public catchments carry %s", key);
        }
    }
    json_decref(fc);
    fc = json_load_file(pub_file("notice-schools.geojson"), 0, &err);
    cr_assert_not_null(fc, "%s", err.text);
    json_t *props =
        json_object_get(json_array_get(json_object_get(fc, "features"), 0), "properties");
    cr_expect_null(json_object_get(props, "PUPILS"));
    cr_expect_null(json_object_get(props, "FLAGS"));
    cr_expect_not_null(json_object_get(props, "STATUS"));
    json_decref(fc);
    size_t len = 0;
    char *html = zpt_slurp(pub_file("notice-map.html"), &len);
    cr_assert_not_null(html);
    char *at = strstr(html, "<script id=\"zp-data\" type=\"application/json\">");
    cr_assert_not_null(at);
    json_t *data = json_loads(strchr(at, '>') + 1, JSON_DISABLE_EOF_CHECK, &err);
    cr_assert_not_null(data, "%s", err.text);
    cr_assert(json_is_true(json_object_get(data, "public")));
    json_t *items[3] = {
        json_object_get(data, "schools"), json_object_get(data, "blocks"),
        json_object_get(json_array_get(json_object_get(data, "levels"), 0), "catchments")};
    for (int t = 0; t < 3; t++) {
        cr_assert_gt(json_array_size(items[t]), 0);
        for (size_t i = 0; i < json_array_size(items[t]); i++)
            for (const char *k = "kids\0flags\0children\0capacity\0pupils\0util\0"; *k;
                 k += strlen(k) + 1)
                cr_expect_null(json_object_get(json_array_get(items[t], i), k),
                               "notice-map.html's item %zu carries %s", i, k);
    }
    size_t with_children = 0;
    for (size_t b = 0; b < run->ds.nblocks; b++)
        with_children += run->ds.blocks[b].children[0] > 0 || run->ds.blocks[b].children[1] > 0;
    cr_expect_lt(with_children, run->ds.nblocks, "no block without children: untested");
    cr_expect_eq(json_array_size(json_object_get(data, "blocks")), with_children);
    json_decref(data);
    free(html);
}

/* A district taller than wide gets portrait overviews, the legend in a band under the map:
 * every word of the first page (the overview: title, names, legend, scale) lies on the page
 * (pdftotext's boxes; the legend's last row once ran past the foot). */
Test(publish, portrait_overview_fits_the_page)
{
    char *tmp = zpt_tmpdir(), cmd[4000], *out = NULL;
    cr_assert_not_null(tmp);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && %s gen --out data --blocks 300 --schools 8 --width-km 5 --height-km 10 "
             "--quiet && printf 'name: Tall\\nblocks: {path: data/blocks.shp, id: BLOCK_ID, name: "
             "NAME, children: {primary: PRI, junior: JUN}}\\nschools: {path: data/schools.shp, id: "
             "SCHOOL_ID, name: NAME, type: TYPE, capacity: {primary: CAP_PRI, junior: "
             "CAP_JUN}}\\n' > s.yaml && %s run s.yaml --out run --no-publish --quiet && %s publish "
             "run --formats pdf --lang en --quiet && pdftotext -f 1 -l 1 -bbox "
             "run/publish/booklet.pdf -",
             tmp, ZP_CLI, ZP_CLI, ZP_CLI);
    cr_assert_eq(zpt_run(cmd, &out), 0, "%s", out);
    double w = 0, h = 0;
    const char *page = strstr(out, "<page width=");
    cr_assert(page && sscanf(page, "<page width=\"%lf\" height=\"%lf\"", &w, &h) == 2, "%s", out);
    cr_assert_lt(w, h, "not a portrait page");
    int words = 0;
    for (const char *p = out; (p = strstr(p, "<word ")); p++) {
        double x0, y0, x1, y1;
        cr_assert_eq(sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0,
                            &y0, &x1, &y1),
                     4);
        const char *end = strstr(p, "</word>");
        cr_expect(x0 >= 0 && y0 >= 0 && x1 <= w && y1 <= h, "a word runs off the page: %.*s",
                  end ? (int)(end - p) : 80, p);
        words++;
    }
    cr_assert_gt(words, 20);
    cr_assert(strstr(out, ">boundary</word>"), "the legend's last row is missing");
    free(out);
    zpt_rmtree(tmp);
    free(tmp);
}

/* ---- 12. the audit pages --------------------------------------------------------------- */

static const double AUDIT_TH[ZP_NLEVELS][ZP_NRESOURCES] = {{4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3},
                                                           {5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4}};

/* School k's row as src/out/audit.c writes it: figures around the thresholds (0.9 to 1.1 of
 * them), every seventh school not assessed. */
static json_t *audit_row(const char *id, const char *name, int level, size_t k, int *verdict)
{
    json_t *v = json_array(), *m = json_array();
    int none = k % 7 == 3, met = 0;
    for (int i = 0; i < ZP_NRESOURCES; i++) {
        double x = AUDIT_TH[level][i] * (0.9 + 0.05 * (double)((k + (size_t)i) % 5));
        met += !none && x >= AUDIT_TH[level][i];
        json_array_append_new(v, none ? json_null() : json_real(x));
        json_array_append_new(m, none ? json_null() : json_boolean(x >= AUDIT_TH[level][i]));
    }
    *verdict = none ? 2 : met >= 6 ? 0 : 1;
    static const char *word[] = {"pass", "fail", "not_assessed"};
    return json_pack("{s:s, s:s, s:I, s:s, s:s, s:i, s:i, s:o, s:o}", "school_id", id, "name", name,
                     "pupils", (json_int_t)(100 + 37 * k), "resources", "whole", "verdict",
                     word[*verdict], "met", met, "assessed", none ? 0 : ZP_NRESOURCES, "value", v,
                     "value_met", m);
}

/* One side of a level: the schools of p's catchments, then `extra` made-up ones. */
static json_t *audit_side(const zp_pub *p, int level, size_t extra)
{
    json_t *rows = json_array(), *cv = json_array(), *ok = json_array();
    int count[3] = {0, 0, 0};
    size_t n = p->level_start[level + 1] - p->level_start[level];
    for (size_t k = 0; k < n + extra; k++) {
        char id[32], name[64];
        const zp_pub_school *s =
            k < n ? &p->schools[p->catchments[p->level_start[level] + k].school] : NULL;
        snprintf(id, sizeof id, "X%03zu", k);
        snprintf(name, sizeof name, "虚拟学校%zu", k);
        int v;
        json_array_append_new(rows, audit_row(s ? s->id : id, s ? s->name : name, level, k, &v));
        count[v]++;
    }
    for (int i = 0; i < ZP_NRESOURCES; i++) { /* the last over the limit */
        json_array_append_new(cv, json_real(0.1 + 0.07 * i));
        json_array_append_new(ok, json_boolean(0.1 + 0.07 * i <= 0.45));
    }
    return json_pack("{s:i, s:i, s:i, s:i, s:o, s:o, s:b, s:o}", "schools",
                     count[0] + count[1] + count[2], "pass", count[0], "fail", count[1],
                     "not_assessed", count[2], "cv", cv, "cv_met", ok, "county_pass", 0, "results",
                     rows);
}

/* summary.json of the run folder `folder` given an audit of its catchments' schools (and
 * `extra` made-up primary ones): the primary level with today's side, the junior without. */
static void inject_audit(const char *folder, size_t extra)
{
    zp_pub *p = load_pub(ZP_LANG_ZH);
    json_t *levels = json_array(), *keys = json_array();
    for (int i = 0; i < ZP_NRESOURCES; i++)
        json_array_append_new(keys, json_string(zp_indicator_key((zp_indicator)i)));
    for (int l = 0; l < ZP_NLEVELS; l++) {
        json_t *th = json_array();
        for (int i = 0; i < ZP_NRESOURCES; i++)
            json_array_append_new(th, json_real(AUDIT_TH[l][i]));
        json_array_append_new(
            levels, json_pack("{s:s, s:i, s:f, s:f, s:o, s:o, s:o, s:n, s:f, s:[]}", "level",
                              zp_level_name((zp_level)l), "need_met", 6, "rest_share", 0.85,
                              "cv_limit", l ? 0.45 : 0.5, "thresholds", th, "current",
                              l ? json_null() : audit_side(p, l, extra), "plan",
                              audit_side(p, l, l ? 0 : extra), "nearest_share_current",
                              "nearest_share_plan", 0.8, "limited"));
    }
    zp_pub_free(p);
    char path[1300];
    snprintf(path, sizeof path, "%s/summary.json", folder);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    cr_assert_not_null(root, "%s: %s", path, err.text);
    json_object_set_new(root, "audit",
                        json_pack("{s:s, s:s, s:f, s:b, s:o, s:o}", "profile", "national-2017",
                                  "cv_method", "weighted", "nine_year_junior_weight", 1.0,
                                  "enforced", 0, "indicators", keys, "levels", levels));
    cr_assert_eq(json_dump_file(root, path, JSON_INDENT(1)), 0);
    json_decref(root);
}

/* Pages the booklet of the run folder has by the publish module's counts: overviews and
 * sheets (the audit's are not counted here). */
static int map_and_sheet_pages(void)
{
    zp_pub *p = load_pub(ZP_LANG_ZH);
    int n = 0;
    for (int l = 0; l < ZP_NLEVELS; l++)
        n += p->level_start[l + 1] > p->level_start[l];
    for (size_t c = 0; c < p->ncatchments; c++)
        n += zp_pub_sheet_pages(&p->catchments[c]);
    zp_pub_free(p);
    return n;
}

/* How many of the level's audit rows (the plan's results in summary.json) stand as a cell
 * "ID NAME" in text. */
static size_t audit_ids_in(const char *text, int level, size_t *nrows)
{
    char path[1300];
    snprintf(path, sizeof path, "%s/summary.json", run_dir);
    json_t *root = json_load_file(path, 0, NULL);
    json_t *res = json_object_get(
        json_object_get(json_array_get(json_object_get(json_object_get(root, "audit"), "levels"),
                                       (size_t)level),
                        "plan"),
        "results");
    size_t found = 0;
    *nrows = json_array_size(res);
    for (size_t i = 0; i < *nrows; i++) {
        char cell[300];
        json_t *r = json_array_get(res, i);
        snprintf(cell, sizeof cell, "%s %s", json_string_value(json_object_get(r, "school_id")),
                 json_string_value(json_object_get(r, "name")));
        found += has_cell(text, cell);
    }
    json_decref(root);
    return found;
}

/* A run with an audit: one more page per level, right after the level's overview, listing
 * every school of the level with today's verdict where the level has one; without an audit
 * the booklet has its maps and sheets alone; the public notice never shows the audit. */
Test(publish, audit_page_per_level, .init = setup, .fini = teardown)
{
    publish(ZP_PUB_PDF, ZP_LANG_ZH, 0);
    int plain = pdfinfo_pages(pub_file("booklet.pdf"));
    cr_assert_eq(plain, map_and_sheet_pages(), "without an audit: %d pages", plain);
    int n = 0;
    char **pages = pdf_pages(pub_file("booklet.pdf"), 1, 3, &n);
    for (int i = 0; i < n; i++)
        cr_expect(!strstr(pages[i], "优质均衡"), "page %d of a run without audit:\n%s", i + 1,
                  pages[i]);
    free_pages(pages);

    inject_audit(run_dir, 0);
    publish(ZP_PUB_PDF, ZP_LANG_ZH, 0);
    cr_assert_eq(pdfinfo_pages(pub_file("booklet.pdf")), plain + 2);
    pages = pdf_pages(pub_file("booklet.pdf"), 1, 4, &n);
    cr_assert_eq(n, 4);
    cr_expect(strstr(pages[0], "学区划分") && strstr(pages[2], "学区划分"), "overviews moved");
    for (int l = 0; l < ZP_NLEVELS; l++) {
        const char *page = pages[1 + 2 * l];
        cr_expect(strstr(page, l ? "优质均衡督导评估：资源配置 · 初中"
                                 : "优质均衡督导评估：资源配置 · 小学"),
                  "page %d:\n%s", 2 + 2 * l, page);
        size_t rows = 0, found = audit_ids_in(page, l, &rows);
        cr_expect_eq(found, rows, "level %d: %zu of %zu schools on the page", l, found, rows);
        cr_expect(strstr(page, "未达标") && strstr(page, "未评估") && strstr(page, "差异系数"));
        /* today's verdicts only where the level has them (primary) */
        cr_expect_eq(strstr(page, "现行学区") != NULL, l == ZP_PRIMARY, "page %d:\n%s", 2 + 2 * l,
                     page);
    }
    free_pages(pages);

    zp_publish_options o = {
        .formats = ZP_PUB_PDF, .lang = ZP_LANG_ZH, .audience = ZP_AUDIENCE_PUBLIC};
    cr_assert_eq(zp_publish(run_dir, &o), 0, "%s", zp_error_last());
    zp_pub *p = load_pub(ZP_LANG_ZH);
    int notice = 2;
    for (size_t c = 0; c < p->ncatchments; c++)
        notice += zp_pub_notice_pages(p, &p->catchments[c]);
    zp_pub_free(p);
    cr_expect_eq(pdfinfo_pages(pub_file("notice.pdf")), notice, "the notice has audit pages");
    pages = pdf_pages(pub_file("notice.pdf"), 1, 3, &n);
    for (int i = 0; i < n; i++)
        cr_expect(!strstr(pages[i], "优质均衡"), "notice page %d:\n%s", i + 1, pages[i]);
    free_pages(pages);
}

/* More schools than a page holds: the audit flows onto pages marked continued (in English
 * here), every school on exactly one of them. */
Test(publish, audit_flows_onto_continued_pages, .init = setup, .fini = teardown)
{
    int plain = map_and_sheet_pages();
    inject_audit(run_dir, 60);
    zp_pub *p = load_pub(ZP_LANG_EN);
    int audit = zp_pub_audit_pages(p, ZP_PRIMARY);
    cr_assert_gt(audit, 1, "90 primary schools on one page");
    cr_assert_eq(zp_pub_audit_pages(p, ZP_JUNIOR), 1);
    zp_pub_free(p);
    publish(ZP_PUB_PDF, ZP_LANG_EN, 0);
    cr_assert_eq(pdfinfo_pages(pub_file("booklet.pdf")), plain + audit + 1);
    int n = 0;
    char **pages = pdf_pages(pub_file("booklet.pdf"), 2, 1 + audit, &n);
    cr_assert_eq(n, audit);
    size_t total = 0, rows = 0;
    for (int k = 0; k < n; k++) {
        cr_expect(strstr(pages[k], "Quality-balance audit: resources · Primary"), "%s", pages[k]);
        cr_expect_eq(strstr(pages[k], "(continued)") != NULL, k > 0, "audit page %d:\n%s", k + 1,
                     pages[k]);
        total += audit_ids_in(pages[k], ZP_PRIMARY, &rows);
    }
    cr_expect_eq(total, rows, "%zu of %zu schools on the audit pages", total, rows);
    cr_expect(strstr(pages[n - 1], "Difference coefficient, plan (limit 0.50)"), "%s",
              pages[n - 1]);
    free_pages(pages);
}

/* A malformed audit in summary.json: ZP_EINPUT naming the file and the JSON path. */
Test(publish, malformed_audit, .init = setup, .fini = teardown)
{
    static const struct {
        const char *where, *value, *says;
    } cases[] = {
        {"/audit", "7", "audit"},
        {"/audit/levels/0/plan/results/2/pupils", "-3", "audit.levels[0].plan.results[2].pupils"},
        {"/audit/levels/0/current/results/4/verdict", "\"maybe\"",
         "audit.levels[0].current.results[4].verdict"},
        {"/audit/levels/1/thresholds", "[1, 2]", "audit.levels[1].thresholds"},
        {"/audit/levels/1/plan/cv_met", "null", "audit.levels[1].plan.cv_met"},
        {"/audit/indicators", "\"all\"", "audit.indicators"},
    };
    inject_audit(run_dir, 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char bad[1200], path[1300];
        copy_run("bad-audit", bad, sizeof bad);
        snprintf(path, sizeof path, "%s/summary.json", bad);
        json_t *root = json_load_file(path, 0, NULL), *at = root, *parent = NULL;
        char key[64] = "", *save = NULL, spec[200];
        snprintf(spec, sizeof spec, "%s", cases[i].where);
        for (char *t = strtok_r(spec, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
            parent = at;
            snprintf(key, sizeof key, "%s", t);
            at = json_is_array(at) ? json_array_get(at, (size_t)atoi(t)) : json_object_get(at, t);
            cr_assert_not_null(at, "%s: no %s", cases[i].where, t);
        }
        json_t *v = json_loads(cases[i].value, JSON_DECODE_ANY, NULL);
        if (json_is_array(parent))
            json_array_set_new(parent, (size_t)atoi(key), v);
        else
            json_object_set_new(parent, key, v);
        cr_assert_eq(json_dump_file(root, path, 0), 0);
        json_decref(root);
        expect_input_error(bad, (const char *[]){"summary.json", cases[i].says}, 2);
        snprintf(path, sizeof path, "rm -rf '%s'", bad);
        cr_assert_eq(zpt_run(path, NULL), 0);
    }
}
