/* The years chart (src/publish/chart.c): PNG at 1240 x 720 and an SVG; the same figures give
 * the same bytes (twice in one process, where cairo's surface counters differ); the lines are
 * read back from the PNG's pixels where they must be (places above demand when there are more
 * places); one year and many years draw; bad input is ZP_EINPUT and a file that cannot be
 * written ZP_EIO naming it. */
#include <cairo.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "zoneplan/chart.h"
#include "zoneplan/errors.h"

#define NY 10

static char *dir; /* the test's temp folder */

static void setup(void)
{
    dir = zpt_tmpdir();
    cr_assert_not_null(dir);
}

static void teardown(void)
{
    zpt_rmtree(dir);
    free(dir);
}

TestSuite(chart, .init = setup, .fini = teardown);

static double low[NY], central[NY], high[NY], places[NY], today[NY];

/* 2026..2035: demand rising from 9,000 to 11,500 then falling to 10,000, the band widening
 * from 5 % to 10 %, places stepping up in 2028 and 2030, today's flat. */
static zp_chart_years example(void)
{
    static const double mid[NY] = {9000,  9500,  10100, 10700, 11200,
                                   11500, 11300, 10900, 10400, 10000};
    for (int i = 0; i < NY; i++) {
        double f = 0.05 + 0.05 * i / (NY - 1);
        central[i] = mid[i];
        low[i] = mid[i] * (1 - f);
        high[i] = mid[i] * (1 + f);
        places[i] = i < 2 ? 10000 : i < 4 ? 11620 : 13240;
        today[i] = 10000;
    }
    return (zp_chart_years){.title = "小学：学位需求与学位供给 2026–2035",
                            .y_label = "人数 / 学位",
                            .demand_label = "中方案预测",
                            .band_label = "低—高方案",
                            .places_label = "学位（含建设计划）",
                            .today_label = "现有学位",
                            .first_year = 2026,
                            .nyears = NY,
                            .low = low,
                            .central = central,
                            .high = high,
                            .places = places,
                            .today = today};
}

static void paths(const char *stem, char *png, char *svg, size_t size)
{
    snprintf(png, size, "%s/%s.png", dir, stem);
    snprintf(svg, size, "%s/%s.svg", dir, stem);
}

static uint32_t be32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void assert_png_size(const char *png)
{
    size_t len = 0;
    unsigned char *b = (unsigned char *)zpt_slurp(png, &len);
    cr_assert_not_null(b, "%s missing", png);
    cr_assert_geq(len, 24);
    cr_assert_eq(memcmp(b + 1, "PNG", 3), 0);
    cr_assert_eq(memcmp(b + 12, "IHDR", 4), 0);
    cr_assert_eq(be32(b + 16), 1240, "width %u", be32(b + 16));
    cr_assert_eq(be32(b + 20), 720, "height %u", be32(b + 20));
    free(b);
}

Test(chart, writes_png_and_svg)
{
    char png[1200], svg[1200];
    paths("chart", png, svg, sizeof png);
    zp_chart_years c = example();
    cr_assert_eq(zp_chart_years_write(&c, png, svg), ZP_OK, "%s", zp_error_last());
    assert_png_size(png);
    char *text = zpt_slurp(svg, NULL);
    cr_assert_not_null(text);
    cr_assert_not_null(strstr(text, "<svg"));
    cr_assert_not_null(strstr(text, "width=\"595.2pt\""), "SVG size in points");
    free(text);
}

Test(chart, same_figures_same_bytes)
{
    char png[2][1200], svg[2][1200];
    zp_chart_years c = example();
    for (int k = 0; k < 2; k++) {
        paths(k ? "b" : "a", png[k], svg[k], sizeof png[k]);
        cr_assert_eq(zp_chart_years_write(&c, png[k], svg[k]), ZP_OK, "%s", zp_error_last());
    }
    for (int f = 0; f < 2; f++) {
        size_t la = 0, lb = 0;
        char *a = zpt_slurp(f ? svg[0] : png[0], &la), *b = zpt_slurp(f ? svg[1] : png[1], &lb);
        cr_assert(a && b);
        cr_assert_eq(la, lb, "%s: %zu bytes against %zu", f ? "svg" : "png", la, lb);
        cr_assert_eq(memcmp(a, b, la), 0, "%s bytes differ", f ? "svg" : "png");
        free(a);
        free(b);
    }
}

/* The middle (mean of the first and last row) of the pixels of column x that are exactly
 * (r, g, b); -1 if none. */
static double row_of(cairo_surface_t *s, int x, int r, int g, int b)
{
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s), h = cairo_image_surface_get_height(s);
    uint32_t want = (uint32_t)r << 16 | (uint32_t)g << 8 | (uint32_t)b;
    int first = -1, last = -1;
    for (int y = 0; y < h; y++) {
        uint32_t px = *(const uint32_t *)(const void *)(data + (size_t)y * stride + 4 * x);
        if ((px & 0xffffff) == want) {
            first = first < 0 ? y : first;
            last = y;
        }
    }
    return first < 0 ? -1 : (first + last) / 2.0;
}

/* No band (low = central = high at 4,000) and 10,000 places throughout: in the middle column,
 * away from the legend, the places line must be above the demand line, at 2.5 times its
 * height over the base line (the y axis starts at 0). */
Test(chart, lines_where_the_figures_put_them)
{
    char png[1200], svg[1200];
    paths("lines", png, svg, sizeof png);
    double d[NY], p[NY];
    for (int i = 0; i < NY; i++)
        d[i] = 4000, p[i] = 10000;
    zp_chart_years c = {.title = "lines",
                        .demand_label = "demand",
                        .places_label = "places",
                        .first_year = 2026,
                        .nyears = NY,
                        .low = d,
                        .central = d,
                        .high = d,
                        .places = p};
    cr_assert_eq(zp_chart_years_write(&c, png, NULL), ZP_OK, "%s", zp_error_last());
    cairo_surface_t *s = cairo_image_surface_create_from_png(png);
    cr_assert_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cr_assert_eq(cairo_image_surface_get_width(s), 1240);
    cairo_surface_flush(s);
    /* chart.c's PLACES (217, 95, 2), DEMAND (31, 78, 154) and AXIS (110, 110, 110) */
    double yp = row_of(s, 620, 217, 95, 2), yd = row_of(s, 620, 31, 78, 154);
    double yb = row_of(s, 620, 110, 110, 110);
    cairo_surface_destroy(s);
    cr_assert_geq(yp, 0, "no places line in the middle column");
    cr_assert_geq(yd, 0, "no demand line in the middle column");
    cr_assert_gt(yb, yd, "no base line under the demand line");
    cr_assert_lt(yp, yd, "places (row %g) not above demand (row %g)", yp, yd);
    double ratio = (yb - yp) / (yb - yd);
    cr_assert(fabs(ratio - 2.5) < 0.05, "places %g px and demand %g px over the base line", yb - yp,
              yb - yd);
}

Test(chart, one_year_and_many_years)
{
    char png[1200], svg[1200];
    double v[40], p[40];
    for (int i = 0; i < 40; i++)
        v[i] = 500 + 20 * i, p[i] = 900;
    for (int n = 1; n <= 40; n += 39) {
        paths(n == 1 ? "one" : "many", png, svg, sizeof png);
        zp_chart_years c = {.title = "years",
                            .first_year = 2026,
                            .nyears = n,
                            .low = v,
                            .central = v,
                            .high = v,
                            .places = p};
        cr_assert_eq(zp_chart_years_write(&c, png, svg), ZP_OK, "%d years: %s", n, zp_error_last());
        assert_png_size(png);
    }
}

Test(chart, bad_input_and_unwritable_files)
{
    char png[1200], svg[1200];
    paths("bad", png, svg, sizeof png);
    zp_chart_years c = example();
    c.nyears = 0;
    cr_assert_eq(zp_chart_years_write(&c, png, svg), ZP_EINPUT);
    c = example();
    c.high = NULL;
    cr_assert_eq(zp_chart_years_write(&c, png, svg), ZP_EINPUT);
    c = example();
    central[3] = NAN;
    cr_assert_eq(zp_chart_years_write(&c, png, svg), ZP_EINPUT);
    cr_assert_not_null(strstr(zp_error_last(), "2029"), "%s", zp_error_last());
    c = example();
    snprintf(png, sizeof png, "%s/missing/chart.png", dir);
    cr_assert_eq(zp_chart_years_write(&c, png, NULL), ZP_EIO);
    cr_assert_not_null(strstr(zp_error_last(), png), "%s", zp_error_last());
    snprintf(svg, sizeof svg, "%s/missing/chart.svg", dir);
    cr_assert_eq(zp_chart_years_write(&c, NULL, svg), ZP_EIO);
    cr_assert_not_null(strstr(zp_error_last(), svg), "%s", zp_error_last());
}

/* The planning pages: one PDF page per chart with its table and notes, the same bytes for the
 * same pages, and (poppler's pdfinfo and pdftotext, as the booklet's tests use) the page count
 * and the table's cells and notes as text on the page. */
Test(chart, planning_pages_pdf)
{
    zp_chart_years c = example();
    static const char *const cells[] = {"年份", "儿童", "2026", "9000", "2027", "9500"};
    static const char *const notes[] = {"- 2028 年：新建 N01", "- keep S038", NULL};
    zp_chart_page pages[2] = {{c, cells, 3, 2, notes}, {c, cells, 3, 2, NULL}};
    char a[1024], b[1024];
    snprintf(a, sizeof a, "%s/a.pdf", dir);
    snprintf(b, sizeof b, "%s/b.pdf", dir);
    cr_assert_eq(zp_chart_pages_pdf(pages, 2, "t", a), 0, "%s", zp_error_last());
    cr_assert_eq(zp_chart_pages_pdf(pages, 2, "t", b), 0, "%s", zp_error_last());
    size_t la = 0, lb = 0;
    char *ta = zpt_slurp(a, &la), *tb = zpt_slurp(b, &lb);
    cr_assert(ta && tb && la > 1000 && !memcmp(ta, "%PDF", 4));
    cr_assert(la == lb && !memcmp(ta, tb, la), "two writes differ");
    free(ta);
    free(tb);
    char cmd[2200], *out = NULL;
    snprintf(cmd, sizeof cmd, "pdfinfo %s | grep '^Pages:' && pdftotext -f 1 -l 1 %s -", a, a);
    cr_assert_eq(zpt_run(cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "Pages:") && strstr(out, " 2\n"), "%s", out);
    cr_assert_not_null(strstr(out, "9500"), "%s", out);
    cr_assert_not_null(strstr(out, "新建 N01"), "%s", out);
    cr_assert_not_null(strstr(out, "keep S038"), "%s", out);
    free(out);
    snprintf(a, sizeof a, "%s/no/such/folder/a.pdf", dir);
    cr_assert_eq(zp_chart_pages_pdf(pages, 1, "t", a), ZP_EIO);
    cr_assert_not_null(strstr(zp_error_last(), a), "%s", zp_error_last());
}
