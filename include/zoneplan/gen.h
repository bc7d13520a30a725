/* The sample-district generator behind `zoneplan gen`.
 *
 * Writes a seeded, reproducible synthetic county district as real shapefiles: block
 * polygons forming a coverage (Voronoi cells of clustered seeds, clipped to the district
 * and cut by a river), schools as points, GBK-encoded DBFs with a .cpg and a .prj for
 * a CGCS2000 3-degree Gauss-Kruger zone. Same options, same bytes. */
#ifndef ZONEPLAN_GEN_H
#define ZONEPLAN_GEN_H

#include <stdint.h>

typedef struct zp_gen_options {
    const char *out_dir; /* writes blocks.shp/.shx/.dbf/.prj/.cpg and schools.* there */
    int blocks;          /* about this many blocks (default 2000) */
    int schools;         /* about this many schools (default 40) */
    double width_km;     /* district extent (default 15 x 12) */
    double height_km;
    uint64_t seed;        /* default 2026 */
    int epsg;             /* output CRS, default 4547 (CGCS2000 / 3-degree GK CM 114E) */
    const char *encoding; /* DBF text encoding, default "GBK" (written to the .cpg) */
} zp_gen_options;

void zp_gen_defaults(zp_gen_options *opt);
/* The options' values in range (blocks, schools, extent, EPSG code > 0, a known encoding):
 * ZP_EINPUT naming the one that is not. zp_gen_district checks them first too. */
int zp_gen_check(const zp_gen_options *opt);
int zp_gen_district(const zp_gen_options *opt);

/* Fields written (the sample scenario maps them):
 * blocks.dbf : BLOCK_ID (C), NAME (C, Chinese community name), PRI, JUN (N: children),
 *              CUR_PRI, CUR_JUN (C: current school id, may be empty), AGE0..AGE5 (N:
 *              children aged 0..5, for projecting demand)
 * schools.dbf: SCHOOL_ID (C), NAME (C), TYPE (C: 小学 | 初中 | 九年一贯制),
 *              CAP_PRI, CAP_JUN (N: seats), CLS_PRI, CLS_JUN (N: classes),
 *              ENR_PRI, ENR_JUN (N: current enrolment), and the quality-balance audit's
 *              whole-school resources: TCH_QUAL, TCH_KEY, TCH_PEART (N: teachers above the
 *              required qualification, key teachers, PE and arts teachers), AREA_TEACH,
 *              AREA_SPORT (N: m²), EQUIP_YUAN (N: yuan), MM_ROOMS (N: multimedia rooms) */

#endif
