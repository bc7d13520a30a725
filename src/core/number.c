/* Strict decimal numbers (see zoneplan/number.h).
 *
 * The grammar is checked by hand before strtod/strtoll see the text, so those only ever
 * convert what is already known to be plain decimal; the span is copied first because DBF
 * fields and YAML scalars are not cut where the number ends. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/errors.h"
#include "zoneplan/number.h"

#define MAX_NUMBER_LEN 80 /* longer is not a number anyone writes by hand or exports */

static size_t digits(const char *s, size_t i, size_t len)
{
    size_t n = 0;
    while (i + n < len && s[i + n] >= '0' && s[i + n] <= '9')
        n++;
    return n;
}

/* noun: "decimal" or "whole" */
static int not_a_number(const char *s, size_t len, const char *noun)
{
    return zp_error_set(ZP_EINPUT, "'%.*s' is not a %s number", (int)(len > 40 ? 40 : len), s,
                        noun);
}

/* The span copied into buf (NUL-terminated); 0 when it is too long to be a number. */
static int copy_span(char *buf, const char *s, size_t len)
{
    if (len >= MAX_NUMBER_LEN)
        return 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return 1;
}

int zp_number_parse(const char *s, size_t len, double *out)
{
    size_t i = len && (s[0] == '+' || s[0] == '-');
    size_t whole = digits(s, i, len), frac = 0;
    i += whole;
    if (i < len && s[i] == '.') {
        frac = digits(s, i + 1, len);
        i += 1 + frac;
    }
    if (whole + frac == 0)
        return not_a_number(s, len, "decimal");
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i += 1 + (i + 1 < len && (s[i + 1] == '+' || s[i + 1] == '-'));
        size_t exp = digits(s, i, len);
        if (!exp)
            return not_a_number(s, len, "decimal");
        i += exp;
    }
    char buf[MAX_NUMBER_LEN];
    if (i != len || !copy_span(buf, s, len))
        return not_a_number(s, len, "decimal");
    errno = 0;
    double v = strtod(buf, NULL);
    if (errno == ERANGE || !isfinite(v))
        return zp_error_set(ZP_EINPUT, "'%s' is out of range", buf);
    *out = v;
    return ZP_OK;
}

int zp_number_parse_int(const char *s, size_t len, long long *out)
{
    size_t sign = len && (s[0] == '+' || s[0] == '-');
    size_t n = digits(s, sign, len);
    char buf[MAX_NUMBER_LEN];
    if (n == 0 || sign + n != len || !copy_span(buf, s, len))
        return not_a_number(s, len, "whole");
    if (n > 18)
        return zp_error_set(ZP_EINPUT, "'%s' is out of range", buf);
    *out = strtoll(buf, NULL, 10);
    return ZP_OK;
}
