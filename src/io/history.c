/* Reading a history table (horizon.history): past enrolments per school or block, year and
 * grade, as a bureau exports them from its enrolment register (学籍) into a spreadsheet. CSV
 * parsed by libcsv (quoting, embedded commas and line ends are its job), checked here field by
 * field: every message names the file, the line, the column and what was expected. */
#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "zoneplan/errors.h"
#include "zoneplan/number.h"
#include "zoneplan/project.h"

#define HISTORY_MAX_BYTES (256u << 20)
#define NCOLS (2 + ZP_NGRADES)

/* One row as it is parsed: its fields, then checked into the table at the row's end. */
typedef struct reader {
    const char *path;
    size_t line, col;
    char *field[NCOLS];
    int rc;
    /* rows, as read: unit index, year, grades */
    zp_history *h;
    size_t nrows, caprows;
    int32_t *row_unit;
    int *row_year;
    double *row_g;
} reader;

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->rc)
        return;
    if (r->col >= NCOLS) {
        r->rc = zp_error_set(ZP_EINPUT,
                             "%s:%zu: more than %d columns (school or block, year, "
                             "g1 .. g9)",
                             r->path, r->line + 1, NCOLS); /* the row not yet ended */
        return;
    }
    r->field[r->col] = strndup(s ? s : "", s ? len : 0);
    if (!r->field[r->col++])
        r->rc = zp_error_set(ZP_ENOMEM, "out of memory");
}

static const char *column_name(size_t c)
{
    static const char *const names[NCOLS] = {"school", "year", "g1", "g2", "g3", "g4",
                                             "g5",     "g6",   "g7", "g8", "g9"};
    return names[c];
}

static int header(reader *r)
{
    r->h->by_block = !strcasecmp(r->field[0], "block");
    for (size_t c = 0; c < NCOLS; c++)
        if (c >= r->col ||
            strcasecmp(r->field[c], c == 0 && r->h->by_block ? "block" : column_name(c)))
            return zp_error_set(ZP_EINPUT,
                                "%s:1: expected the header school (or block),year,g1,...,g9; "
                                "column %zu is '%.40s'",
                                r->path, c + 1, c < r->col ? r->field[c] : "");
    return ZP_OK;
}

static int32_t unit_of(reader *r, const char *id)
{
    zp_history *h = r->h;
    for (size_t u = h->nunits; u-- > 0;) /* rows of a unit come together: from the end */
        if (!strcmp(h->id[u], id))
            return (int32_t)u;
    char **ids = realloc(h->id, (h->nunits + 1) * sizeof *ids);
    if (!ids)
        return -1;
    h->id = ids;
    if (!(h->id[h->nunits] = strdup(id)))
        return -1;
    return (int32_t)h->nunits++;
}

static int grow_rows(reader *r)
{
    if (r->nrows < r->caprows)
        return ZP_OK;
    size_t cap = r->caprows ? 2 * r->caprows : 256;
    int32_t *u = realloc(r->row_unit, cap * sizeof *u);
    if (u)
        r->row_unit = u;
    int *y = realloc(r->row_year, cap * sizeof *y);
    if (y)
        r->row_year = y;
    double *g = realloc(r->row_g, cap * ZP_NGRADES * sizeof *g);
    if (g)
        r->row_g = g;
    if (!u || !y || !g)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    r->caprows = cap;
    return ZP_OK;
}

static int data_row(reader *r)
{
    const char *who = r->h->by_block ? "block" : "school";
    if (r->col != NCOLS)
        return zp_error_set(ZP_EINPUT,
                            "%s:%zu: expected %d columns (%s, year, g1 .. g9), found "
                            "%zu",
                            r->path, r->line, NCOLS, who, r->col);
    if (!r->field[0][0])
        return zp_error_set(ZP_EINPUT, "%s:%zu: column %s: empty", r->path, r->line, who);
    long long year;
    if (zp_number_parse_int(r->field[1], strlen(r->field[1]), &year) || year < 1900 || year > 2200)
        return zp_error_set(ZP_EINPUT, "%s:%zu: column year: expected a year, found '%.20s'",
                            r->path, r->line, r->field[1]);
    int rc = grow_rows(r);
    for (int g = 0; !rc && g < ZP_NGRADES; g++) {
        double *v = &r->row_g[r->nrows * ZP_NGRADES + (size_t)g];
        const char *f = r->field[2 + g];
        if (zp_number_parse(f, strlen(f), v) || *v < 0 || *v > 1e9)
            rc = zp_error_set(ZP_EINPUT,
                              "%s:%zu: column g%d: expected pupils (a number from 0 to 1e9), found "
                              "'%.20s'",
                              r->path, r->line, g + 1, f);
    }
    int32_t u = rc ? 0 : unit_of(r, r->field[0]);
    if (!rc && u < 0)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc) {
        r->row_unit[r->nrows] = u;
        r->row_year[r->nrows++] = (int)year;
    }
    return rc;
}

static void on_row(int c, void *data)
{
    (void)c;
    reader *r = data;
    r->line++;
    if (!r->rc)
        r->rc = r->line == 1 ? header(r) : data_row(r);
    for (size_t i = 0; i < NCOLS; i++) {
        free(r->field[i]);
        r->field[i] = NULL;
    }
    r->col = 0;
}

/* The rows into the table: every unit must have each year of the range once. */
static int arrange(reader *r)
{
    zp_history *h = r->h;
    if (!r->nrows)
        return zp_error_set(ZP_EINPUT, "%s: no rows after the header", r->path);
    int lo = r->row_year[0], hi = lo;
    for (size_t i = 0; i < r->nrows; i++) {
        lo = r->row_year[i] < lo ? r->row_year[i] : lo;
        hi = r->row_year[i] > hi ? r->row_year[i] : hi;
    }
    h->first = lo;
    h->nyears = hi - lo + 1;
    size_t n = h->nunits * (size_t)h->nyears;
    h->pupils = malloc((n * ZP_NGRADES + 1) * sizeof *h->pupils);
    unsigned char *seen = calloc(n + 1, 1);
    int rc = h->pupils && seen ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < r->nrows; i++) {
        size_t at = (size_t)r->row_unit[i] * (size_t)h->nyears + (size_t)(r->row_year[i] - lo);
        if (seen[at]++)
            rc = zp_error_set(ZP_EINPUT, "%s: %s %s has two rows for %d", r->path,
                              h->by_block ? "block" : "school", h->id[r->row_unit[i]],
                              r->row_year[i]);
        else
            memcpy(h->pupils + at * ZP_NGRADES, r->row_g + i * ZP_NGRADES,
                   ZP_NGRADES * sizeof *h->pupils);
    }
    for (size_t at = 0; !rc && at < n; at++)
        if (!seen[at])
            rc = zp_error_set(ZP_EINPUT,
                              "%s: %s %s has no row for %d (every one needs each "
                              "year from %d to %d)",
                              r->path, h->by_block ? "block" : "school",
                              h->id[at / (size_t)h->nyears], lo + (int)(at % (size_t)h->nyears), lo,
                              hi);
    free(seen);
    return rc;
}

int zp_history_read(const char *path, zp_history *out)
{
    memset(out, 0, sizeof *out);
    char *text = NULL;
    size_t len = 0;
    int rc = zp_input_read(path, HISTORY_MAX_BYTES, 0, &text, &len);
    if (rc)
        return rc;
    struct csv_parser p;
    reader r = {.path = path, .h = out};
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        free(text);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    size_t skip = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0; /* Excel's BOM */
    if (csv_parse(&p, text + skip, len - skip, on_field, on_row, &r) != len - skip ||
        csv_fini(&p, on_field, on_row, &r) != 0)
        r.rc = r.rc ? r.rc
                    : zp_error_set(ZP_EINPUT, "%s:%zu: not CSV: %s", path, r.line + 1,
                                   csv_strerror(csv_error(&p)));
    csv_free(&p);
    free(text);
    for (size_t i = 0; i < NCOLS; i++)
        free(r.field[i]);
    rc = r.rc ? r.rc : arrange(&r);
    free(r.row_unit);
    free(r.row_year);
    free(r.row_g);
    if (rc)
        zp_history_free(out);
    return rc;
}

void zp_history_free(zp_history *h)
{
    for (size_t u = 0; u < h->nunits; u++)
        free(h->id[u]);
    free(h->id);
    free(h->pupils);
    memset(h, 0, sizeof *h);
}

void zp_history_county(const zp_history *h, int y, double out[ZP_NGRADES])
{
    memset(out, 0, ZP_NGRADES * sizeof *out);
    for (size_t u = 0; u < h->nunits; u++)
        for (int g = 0; g < ZP_NGRADES; g++)
            out[g] += h->pupils[(u * (size_t)h->nyears + (size_t)y) * ZP_NGRADES + (size_t)g];
}
