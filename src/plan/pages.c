/* plan.pdf: a planning page per level for the bureau's places plan, drawn by publish
 * (zp_chart_pages_pdf): the chart of demand against places, the year table (children with
 * the low-high range, places with the schedule, the shortfall with today's schools, with the
 * schedule and in the high variant) and the schedule's lines, in the run's language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_internal.h"
#include "zoneplan/chart.h"
#include "zoneplan/errors.h"

#define NCOLS 7

/* Every string a page needs, owned here. */
typedef struct page_text {
    char *cells[NCOLS * 64];
    int ncells;
    char *notes_buf;
    char *notes[64];
    char title[256];
} page_text;

static void cell(page_text *t, const char *fmt, long long a, long long b)
{
    if (t->ncells < NCOLS * 64 && asprintf(&t->cells[t->ncells], fmt, a, b) >= 0)
        t->ncells++;
}

/* The header's words ("年份|儿童（中）|..."), split at '|'. */
static void header(page_text *t, zp_lang lang)
{
    const char *h = zp_word(lang, "plan_page_cols");
    for (int c = 0; c < NCOLS; c++) {
        const char *bar = strchr(h, '|');
        size_t n = bar ? (size_t)(bar - h) : strlen(h);
        if ((t->cells[t->ncells] = strndup(h, n)))
            t->ncells++;
        h = bar ? bar + 1 : h + n;
    }
}

static void rows(page_text *t, const zp_plan *p, int l)
{
    for (int y = 0; y < p->nyears && y < 63; y++) {
        const zp_plan_year *py = &p->years[(size_t)y * ZP_NLEVELS + (size_t)l];
        cell(t, "%lld", p->first + y, 0);
        cell(t, "%lld", py->children[ZP_VARIANT_CENTRAL], 0);
        cell(t, "%lld–%lld", py->children[ZP_VARIANT_LOW], py->children[ZP_VARIANT_HIGH]);
        cell(t, "%lld", py->places, 0);
        cell(t, "%lld", py->shortfall_today, 0);
        cell(t, "%lld", py->shortfall, 0);
        cell(t, "%lld", py->shortfall_high, 0);
    }
}

/* The schedule's lines as notes (the report's own lines, one per note). */
static void notes(page_text *t, const zp_plan *p)
{
    size_t len = 0;
    FILE *fp = open_memstream(&t->notes_buf, &len);
    if (!fp)
        return;
    zp_plan_schedule_items(fp, p);
    if (fclose(fp) != 0)
        return;
    int n = 0;
    for (char *line = strtok(t->notes_buf, "\n"); line; line = strtok(NULL, "\n"))
        if (n < 63)
            t->notes[n++] = line;
        else /* more than a page holds: the last note says so (the report has them all) */
            t->notes[62] = (char *)"…";
    t->notes[n] = NULL;
}

static void text_free(page_text *t)
{
    for (int i = 0; i < t->ncells; i++)
        free(t->cells[i]);
    free(t->notes_buf);
}

int zp_plan_write_pages(const zp_plan *p, const char *dir, const zp_chart_years charts[ZP_NLEVELS])
{
    zp_lang lang = p->st->run->sc->lang;
    page_text t[ZP_NLEVELS] = {0};
    zp_chart_page pages[ZP_NLEVELS];
    size_t n = 0;
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!p->st->run->active[l])
            continue;
        header(&t[l], lang);
        rows(&t[l], p, l);
        notes(&t[l], p);
        pages[n++] = (zp_chart_page){charts[l], (const char *const *)t[l].cells,
                                     t[l].ncells / NCOLS, NCOLS, (const char *const *)t[l].notes};
    }
    char *path = NULL, title[512];
    snprintf(title, sizeof title, zp_word(lang, "plan_page_title"), p->st->run->sc->name);
    int rc = asprintf(&path, "%s/plan.pdf", dir) < 0 ? zp_error_set(ZP_ENOMEM, "out of memory")
                                                     : zp_chart_pages_pdf(pages, n, title, path);
    free(path);
    for (int l = 0; l < ZP_NLEVELS; l++)
        text_free(&t[l]);
    return rc;
}
