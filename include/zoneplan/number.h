/* Strict decimal numbers: the one parser for every number zoneplan reads, whether from a
 * DBF field, a scenario's YAML scalar, a Holmberg file or a command-line option.
 *
 * A number is [sign] digits [. digits] [e|E [sign] digits] (at least one digit before or
 * after the point) and nothing else: strtod alone would also take hex (0x10), inf, nan
 * and leading spaces, so a mistyped value would be read as something else silently.
 * Blanks are the caller's decision (DBF numeric fields pad with them, YAML and options do
 * not), so the parsers see exactly the span they are given. */
#ifndef ZONEPLAN_NUMBER_H
#define ZONEPLAN_NUMBER_H

#include <stddef.h>

/* The len bytes at s as a finite double. 0, or ZP_EINPUT ("'TEXT' is not a decimal
 * number", "'TEXT' is out of range") for callers that add file, record and field. */
int zp_number_parse(const char *s, size_t len, double *out);

/* The len bytes at s as a whole number: [sign] digits only (at most 18 of them). 0, or
 * ZP_EINPUT as for zp_number_parse. */
int zp_number_parse_int(const char *s, size_t len, long long *out);

#endif
