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

const char *zp_encoding_from_ldid(int ldid)
{
    switch (ldid) {
    case 0x4D: /* Chinese GBK (PRC), cp936 */
    case 0x7A: /* PRC GBK, cp936 */
        return "GBK";
    case 0x4F: /* Chinese Big5 (Taiwan), cp950 */
    case 0x78: /* Taiwan Big5, cp950 */
        return "BIG5";
    case 0x03: /* Windows ANSI, cp1252 */
        return "CP1252";
    case 0x01: /* US MS-DOS, cp437 */
        return "CP437";
    default:
        return NULL;
    }
}

/* Length of the valid UTF-8 prefix of s (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF), n when all of it is valid. glibc's iconv passes 5- and 6-byte forms and
 * code points above U+10FFFF through from UTF-8 unchanged, so its output is checked here. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len = c < 0x80                 ? 1
                     : c >= 0xc2 && c <= 0xdf ? 2
                     : c >= 0xe0 && c <= 0xef ? 3
                     : c >= 0xf0 && c <= 0xf4 ? 4
                                              : 0;
        if (!len || i + len > n)
            return i;
        unsigned lo = 0x80, hi = 0xbf; /* the second byte's range, narrower after some leads */
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
        else if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
        for (size_t k = 1; k < len; k++)
            if (s[i + k] < (k == 1 ? lo : 0x80) || s[i + k] > (k == 1 ? hi : 0xbf))
                return i;
        i += len;
    }
    return n;
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
    size_t good = utf8_valid_prefix((const unsigned char *)out, (size_t)(op - out));
    if (good < (size_t)(op - out)) { /* only from UTF-8 itself can this happen */
        free(out);
        zp_error_set(ZP_EINPUT, "text is not valid %s (byte %zu)", from, good);
        return NULL;
    }
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
