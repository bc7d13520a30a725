/* Text encodings: .cpg code pages to iconv names, and conversion to UTF-8.
 *
 * Chinese exports are usually GBK (code page 936) and say so in a .cpg, if at all;
 * everything inside zoneplan is UTF-8, converted once on load with iconv. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "zoneplan/errors.h"
#include "zoneplan/io.h"

const char *zp_encoding_from_cpg(const char *cpg)
{
    static const struct {
        const char *cpg, *iconv;
    } map[] = {{"936", "GBK"},          {"CP936", "GBK"},        {"GBK", "GBK"},
               {"GB2312", "GBK"},       {"54936", "GB18030"},    {"GB18030", "GB18030"},
               {"65001", "UTF-8"},      {"UTF-8", "UTF-8"},      {"UTF8", "UTF-8"},
               {"950", "BIG5"},         {"BIG5", "BIG5"},        {"1252", "CP1252"},
               {"ANSI 1252", "CP1252"}, {"88591", "ISO-8859-1"}, {"ISO-8859-1", "ISO-8859-1"},
               {"ASCII", "ASCII"}};
    if (!cpg)
        return NULL;
    char word[64];
    size_t n = 0;
    const char *p = cpg;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    while (*p && *p != '\r' && *p != '\n' && n < sizeof word - 1)
        word[n++] = *p++;
    while (n && (word[n - 1] == ' ' || word[n - 1] == '\t'))
        n--;
    word[n] = '\0';
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(word, map[i].cpg) == 0)
            return map[i].iconv;
    return NULL;
}

char *zp_iconv_conv(iconv_t cd, const char *text, const char *from)
{
    size_t inlen = strlen(text);
    size_t cap = inlen * 4 + 8;
    char *out = malloc(cap);
    if (!out) {
        zp_error_set(ZP_ENOMEM, "out of memory");
        return NULL;
    }
    iconv(cd, NULL, NULL, NULL, NULL); /* reset shift state between strings */
    char *in = (char *)text, *op = out;
    size_t inleft = inlen, outleft = cap - 1;
    if (iconv(cd, &in, &inleft, &op, &outleft) == (size_t)-1) {
        free(out);
        zp_error_set(ZP_EINPUT, "text is not valid %s (byte %zu)", from, inlen - inleft);
        return NULL;
    }
    *op = '\0';
    return out;
}

char *zp_iconv_dup(const char *text, const char *from, const char *to)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1) {
        zp_error_set(ZP_EINPUT, "unknown text encoding %s", from);
        return NULL;
    }
    char *out = zp_iconv_conv(cd, text, from);
    iconv_close(cd);
    return out;
}
