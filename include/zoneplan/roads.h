/* The walking network: road lines in the metric plane made into a graph, and the barriers
 * no access link may cross.
 *
 * Lines join where they share an end or a vertex (ZP_CONNECT_ENDPOINTS: exported networks
 * are noded, and a bridge that crosses a street without a shared vertex does not meet it),
 * or at every crossing (ZP_CONNECT_INTERSECTIONS, GEOS noding, for un-noded data). Edge
 * lengths are the lengths of their geometry in whole micrometres, so every path sum is
 * exact and the same whichever way it is added up. The distance provider (dist.h) joins
 * blocks and sites to the graph and searches it. */
#ifndef ZONEPLAN_ROADS_H
#define ZONEPLAN_ROADS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

typedef struct zp_roads zp_roads;

enum { ZP_CONNECT_ENDPOINTS = 0, ZP_CONNECT_INTERSECTIONS = 1 };

typedef struct zp_roads_input {
    size_t nlines;
    const zp_shape *lines;   /* metric plane; every part is a line */
    const uint8_t *walkable; /* per line: 0 for a line the walk may not use (NULL: all) */
    int connect;             /* ZP_CONNECT_* */
    size_t nbarriers;
    const zp_shape *barriers; /* lines or polygons (their rings), metric plane */
} zp_roads_input;

typedef struct zp_roads_stats {
    size_t lines, walkable_lines, zero_length; /* zero_length: walkable lines of no length */
    size_t nodes, edges, components, dangling; /* dangling: ends no other edge meets */
    double length_m;                           /* of the walkable edges */
    size_t barriers;
} zp_roads_stats;

int zp_roads_build(const zp_roads_input *in, zp_roads **out);
void zp_roads_free(zp_roads *r);
const zp_roads_stats *zp_roads_stats_get(const zp_roads *r);

/* Edge e's geometry (for maps): its vertices, and n of them. */
size_t zp_roads_nedges(const zp_roads *r);
void zp_roads_edge(const zp_roads *r, size_t e, const double **x, const double **y, size_t *n);
/* Edge e's end nodes (0 .. nodes - 1; its geometry runs from u to v) and its length in
 * metres as the walk counts it (whole micrometres). */
void zp_roads_edge_ends(const zp_roads *r, size_t e, size_t *u, size_t *v, double *length_m);
/* The connected part (0 .. components - 1) edge e belongs to. */
size_t zp_roads_edge_part(const zp_roads *r, size_t e);

#endif
