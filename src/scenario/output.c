/* The scenario's output: section: the folder, the CSV encoding, the language, and what
 * `zoneplan run` publishes (output.publish: formats, language, resolution, audience and the
 * public notice's footer). A based scenario's output replaces its base's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario_internal.h"
#include "zoneplan/errors.h"

static const char *const OUTPUT_KEYS[] = {"dir", "publish", "csv", "lang", NULL};
static const char *const PUBLISH_KEYS[] = {"formats", "lang", "dpi",      "audience",
                                           "bureau",  "year", "approval", NULL};

/* output.publish's audience and the public notice's footer: bureau, year, approval (审图号). */
static int load_notice(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *m)
{
    zp_publish_options *o = &sc->publish_opts;
    char *audience = NULL;
    zpy_entry a = zpy_lookup(c, m, "audience");
    int rc = zpy_opt_string(c, m, "output.publish", "audience", &audience);
    if (!rc && audience && zp_publish_parse_audience(audience, &o->audience))
        rc = zp_error_set(ZP_EINPUT,
                          "%s:%d: output.publish.audience: '%s' is not public or internal", c->file,
                          zpy_line(a.value), audience);
    free(audience);
    if (zpy_lookup(c, m, "bureau").value) { /* a based file's replace its base's */
        free(o->bureau);
        o->bureau = NULL;
    }
    if (zpy_lookup(c, m, "approval").value) {
        free(o->approval);
        o->approval = NULL;
    }
    if (!rc)
        rc = zpy_opt_string(c, m, "output.publish", "bureau", &o->bureau);
    if (!rc)
        rc = zpy_opt_string(c, m, "output.publish", "approval", &o->approval);
    if (!rc)
        rc = zpy_opt_pos_int(c, m, "output.publish", "year", &o->year);
    if (!rc && o->year && (o->year < 1949 || o->year > 2999))
        rc = zp_error_set(ZP_EINPUT, "%s: output.publish.year: %d is not a year", c->file, o->year);
    return rc;
}

/* output.publish as a mapping: the formats, language and PNG resolution of the run's
 * publication (checked here, so a typo stops the run before it solves). */
static int load_publish(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *m)
{
    int rc = zpy_check_map(c, m, "output.publish", PUBLISH_KEYS);
    zpy_entry f = zpy_lookup(c, m, "formats"), l = zpy_lookup(c, m, "lang");
    char **list = NULL, *lang = NULL;
    if (!rc && f.value)
        rc = zpy_string_list(c, f.value, "output.publish.formats", &list);
    for (size_t i = 0; !rc && list && list[i]; i++) {
        unsigned bits;
        if (zp_publish_parse_formats(list[i], &bits) || strchr(list[i], ','))
            rc = zp_error_set(ZP_EINPUT,
                              "%s:%d: output.publish.formats: '%s' is not one of pdf, png, svg, "
                              "geojson, html",
                              c->file, zpy_line(f.value), list[i]);
        else
            sc->publish_opts.formats |= bits;
    }
    for (size_t i = 0; list && list[i]; i++)
        free(list[i]);
    free(list);
    if (!rc && l.value)
        rc = zpy_opt_string(c, m, "output.publish", "lang", &lang);
    if (!rc && lang && zp_lang_parse(lang, &sc->publish_opts.lang))
        rc = zp_error_set(ZP_EINPUT, "%s:%d: output.publish.lang: '%s' is not zh or en", c->file,
                          zpy_line(l.value), lang);
    free(lang);
    if (!rc)
        rc = zpy_opt_pos_int(c, m, "output.publish", "dpi", &sc->publish_opts.dpi);
    if (!rc && sc->publish_opts.dpi > 1200)
        rc = zp_error_set(ZP_EINPUT, "%s: output.publish.dpi: %d is more than 1200", c->file,
                          sc->publish_opts.dpi);
    return rc ? rc : load_notice(c, sc, m);
}

/* output.lang: the language of report.md and the terminal summary; the maps' too unless
 * output.publish.lang names another (it is read after this, so it wins). */
static int load_lang(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *m)
{
    char *lang = NULL;
    int rc = zpy_opt_string(c, m, "output", "lang", &lang);
    if (!rc && lang && zp_lang_parse(lang, &sc->lang))
        rc = zp_error_set(ZP_EINPUT, "%s:%d: output.lang: '%s' is not zh or en", c->file,
                          zpy_line(zpy_lookup(c, m, "lang").value), lang);
    if (!rc && lang)
        sc->publish_opts.lang = sc->lang;
    free(lang);
    return rc;
}

int zp_scenario_output(const zpy_ctx *c, zp_scenario *sc, const yaml_node_t *root)
{
    const yaml_node_t *m;
    int line;
    int rc = zpy_section(c, root, NULL, "output", OUTPUT_KEYS, 0, &m, &line);
    if (rc || !m)
        return rc;
    rc = zpy_path(c, m, line, "output", "dir", 0, sc->dir, &sc->output_dir);
    char *csv = NULL;
    zpy_entry ce = zpy_lookup(c, m, "csv");
    if (!rc)
        rc = zpy_opt_string(c, m, "output", "csv", &csv);
    if (!rc && csv && zp_csv_parse_encoding(csv, &sc->csv))
        rc = zp_error_set(ZP_EINPUT, "%s:%d: output.csv: '%s' is not utf-8, utf-8-bom or gb18030",
                          c->file, zpy_line(ce.value), csv);
    free(csv);
    rc = rc ? rc : load_lang(c, sc, m);
    zpy_entry e = zpy_lookup(c, m, "publish");
    if (rc || !e.value)
        return rc;
    if (e.value->type != YAML_MAPPING_NODE)
        return zpy_opt_bool(c, m, "output", "publish", &sc->publish);
    return load_publish(c, sc, e.value);
}

/* ---- the document ------------------------------------------------------------------ */
