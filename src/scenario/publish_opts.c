/* What to publish: the format and audience names of output.publish and of `zoneplan
 * publish`'s options, read in one place for both. */
#include <string.h>
#include <strings.h>

#include "zoneplan/errors.h"
#include "zoneplan/scenario.h"

static const char *const FORMAT_NAMES[ZP_PUB_NFORMATS] = {"pdf", "png", "svg", "geojson", "html"};

const char *zp_publish_format_name(int i)
{
    return FORMAT_NAMES[i];
}

int zp_publish_parse_formats(const char *list, unsigned *out)
{
    *out = 0;
    const char *s = list;
    while (*s) {
        size_t n = strcspn(s, ",");
        int found = 0;
        for (int i = 0; i < ZP_PUB_NFORMATS && !found; i++)
            if (n == strlen(FORMAT_NAMES[i]) && !strncmp(s, FORMAT_NAMES[i], n)) {
                *out |= 1u << i;
                found = 1;
            }
        if (!found)
            return zp_error_set(ZP_EINPUT,
                                "--formats: '%.*s' is not one of pdf, png, svg, geojson, html",
                                (int)n, s);
        s += n + (s[n] == ',');
    }
    return *out ? ZP_OK : zp_error_set(ZP_EINPUT, "--formats: no format named");
}

int zp_publish_parse_audience(const char *text, zp_audience *out)
{
    if (!strcmp(text, "public") || !strcmp(text, "internal")) {
        *out = text[0] == 'p' ? ZP_AUDIENCE_PUBLIC : ZP_AUDIENCE_INTERNAL;
        return ZP_OK;
    }
    return zp_error_set(ZP_EINPUT, "--audience: '%s' is not public or internal", text);
}

int zp_csv_parse_encoding(const char *text, zp_csv_encoding *out)
{
    static const char *const names[] = {"utf-8", "utf-8-bom", "gb18030"};
    for (int i = 0; i < 3; i++)
        if (!strcasecmp(text, names[i])) {
            *out = (zp_csv_encoding)i;
            return ZP_OK;
        }
    return zp_error_set(ZP_EINPUT, "CSV encoding '%s' is not utf-8, utf-8-bom or gb18030", text);
}
