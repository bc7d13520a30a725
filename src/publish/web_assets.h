/* What the web writers share: the files embedded at build time (leaflet from
 * web/node_modules, our map script and style, turned into C arrays by cmake/embed.cmake in
 * the generated web_assets.c) so map.html needs no network and no file beside it, and the
 * GeoJSON pieces that both catchments.geojson and map.html write (geojson.c). */
#ifndef ZP_PUB_WEB_ASSETS_H
#define ZP_PUB_WEB_ASSETS_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "pub_internal.h"

/* Each array holds the file's bytes and a terminating NUL that _len does not count. */
extern const unsigned char zp_web_leaflet_js[];
extern const size_t zp_web_leaflet_js_len;
extern const unsigned char zp_web_leaflet_css[];
extern const size_t zp_web_leaflet_css_len;
extern const unsigned char zp_web_map_js[];
extern const size_t zp_web_map_js_len;
extern const unsigned char zp_web_map_css[];
extern const size_t zp_web_map_css_len;

/* A plane geometry as an RFC 7946 geometry object in WGS 84 (Polygon, MultiPolygon, or
 * null when it has no area): coordinates rounded to `decimals`, repeated positions
 * dropped, exterior rings counter-clockwise and holes clockwise. bbox (min lon, min lat,
 * max lon, max lat) is widened by every position written. */
int zp_pub_geometry_json(const zp_pub *p, const GEOSGeometry *g, int decimals, FILE *fp,
                         double bbox[4]);
/* A plane point as a GeoJSON position [lon,lat], rounded to `decimals`. */
int zp_pub_position_json(const zp_pub *p, double x, double y, int decimals, FILE *fp,
                         double bbox[4]);
/* A JSON value in compact form, keys in insertion order; with `in_html` every '<' is
 * written \u003c so the text cannot end or comment out the <script> element holding it. */
int zp_pub_json_put(FILE *fp, const json_t *v, int in_html);
/* json_string for a text of the run folder: an empty string for NULL; NULL (error set) when
 * the text is not UTF-8. */
json_t *zp_pub_json_text(const char *text);
/* A figure rounded to `decimals` as a JSON number, or null when it is not finite. */
json_t *zp_pub_json_real(double v, int decimals);

#endif
