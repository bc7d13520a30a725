/* The one strict number parser (core/number.c) that every reader uses: DBF fields, YAML
 * scalars, Holmberg files and command-line options. What strtod would also take (hex, inf,
 * nan, blanks, trailing text) is refused; plain decimals are read exactly as strtod reads
 * them. */
#include <criterion/criterion.h>
#include <string.h>

#include "zoneplan/errors.h"
#include "zoneplan/number.h"

static int real(const char *s, double *v)
{
    return zp_number_parse(s, strlen(s), v);
}

static int whole(const char *s, long long *v)
{
    return zp_number_parse_int(s, strlen(s), v);
}

Test(number, decimals_read_as_written)
{
    static const struct {
        const char *text;
        double value;
    } ok[] = {{"12", 12},       {"-3", -3}, {"+4", 4},     {"12.5", 12.5},
              {".5", 0.5},      {"5.", 5},  {"1e3", 1000}, {"1E+3", 1000},
              {"2.5e-1", 0.25}, {"0", 0},   {"007", 7},    {"-0.0", 0}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double v = -1;
        cr_assert_eq(real(ok[i].text, &v), ZP_OK, "'%s': %s", ok[i].text, zp_error_last());
        cr_assert_eq(v, ok[i].value, "'%s' read as %g", ok[i].text, v);
    }
}

Test(number, what_strtod_would_also_take_is_refused)
{
    static const char *bad[] = {"0x10", "0X1p3", "inf",   "-Infinity", "nan",   "NAN(1)", " 12",
                                "12 ",  "12abc", "1 2",   "",          "-",     ".",      "e3",
                                "1e",   "1e+",   "1.2.3", "--1",       "1e999", "-1e999", "١٢"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v = 42;
        cr_assert_eq(real(bad[i], &v), ZP_EINPUT, "'%s' was read as %g", bad[i], v);
        cr_assert_eq(v, 42, "'%s': the value was overwritten", bad[i]);
        cr_assert(strstr(zp_error_last(), "'"), "the message quotes the text: %s", zp_error_last());
    }
    double v;
    cr_assert_eq(real("1e999", &v), ZP_EINPUT);
    cr_assert(strstr(zp_error_last(), "out of range"), "%s", zp_error_last());
}

/* The span is all the parser looks at: a DBF field is not cut where its number ends. */
Test(number, only_the_given_span)
{
    double v = 0;
    cr_assert_eq(zp_number_parse("12345", 2, &v), ZP_OK);
    cr_assert_eq(v, 12);
    long long w = 0;
    cr_assert_eq(zp_number_parse_int("-7x", 2, &w), ZP_OK);
    cr_assert_eq(w, -7);
    cr_assert_eq(zp_number_parse("12", 0, &v), ZP_EINPUT);
}

Test(number, whole_numbers)
{
    long long v = 0;
    cr_assert_eq(whole("2026", &v), ZP_OK);
    cr_assert_eq(v, 2026);
    cr_assert_eq(whole("-15", &v), ZP_OK);
    cr_assert_eq(v, -15);
    cr_assert_eq(whole("999999999999999999", &v), ZP_OK);
    cr_assert_eq(v, 999999999999999999LL);
    static const char *bad[] = {
        "12.0", "1e3", "0x10", "abc", " 1", "1 ", "+", "", "9999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(whole(bad[i], &v), ZP_EINPUT, "'%s' was read as %lld", bad[i], v);
}
