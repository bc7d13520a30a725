/* Internal to the publish module: a run folder read back as plain structs, in one local
 * metric plane for drawing (transverse Mercator centred on the district, so north is up
 * at the centre and a map metre is a ground metre), with the transformation to WGS 84
 * longitude/latitude for the web files. */
#ifndef ZP_PUB_INTERNAL_H
#define ZP_PUB_INTERNAL_H

#include <geos_c.h>
#include <jansson.h>
#include <proj.h>
#include <stdint.h>

#include "zoneplan/model.h"
#include "zoneplan/publish.h"

/* One school of schools.shp. */
typedef struct zp_pub_school {
    char *id, *name;
    int type;                     /* zp_school_type */
    double x, y;                  /* plane metres */
    int serves[ZP_NLEVELS];       /* the school has a catchment at the level */
    int64_t children[ZP_NLEVELS]; /* plan enrolment per level */
    int64_t capacity[ZP_NLEVELS]; /* effective capacity per level */
    int64_t pupils, school_cap;   /* whole school and its cap */
    char *flags;                  /* the plan's flags of the school, ';'-separated */
    int closed; /* closed by a scenario change (STATUS closed): no catchment, marked 停办 */
} zp_pub_school;

/* One catchment of catchments.shp: a school at a level. */
typedef struct zp_pub_catchment {
    int level;
    int school;         /* index into schools */
    GEOSGeometry *geom; /* plane; an empty polygon when the school has no blocks */
    int64_t children, capacity;
    double util;
    int nblocks, pieces;
    char *flags; /* as in catchments.dbf, ';'-separated */
    double area_km2, pp, mean_m, p95_m, max_m;
    int colour;       /* index into the palette, set by zp_pub_colour */
    int32_t *members; /* its blocks (indices), in list order (community name collation) */
    size_t nmembers;
} zp_pub_catchment;

/* One block of blocks.shp. */
typedef struct zp_pub_block {
    char *id, *name;
    GEOSGeometry *geom;     /* plane */
    int school[ZP_NLEVELS]; /* index into schools, -1 when unplaced or not served */
    int32_t children[ZP_NLEVELS];
    double dist_m[ZP_NLEVELS]; /* NAN when no school */
} zp_pub_block;

/* The map of a redraw (changes.c, `zoneplan diff`): run B published with what changed from
 * run A. Its pages are one per level: the blocks that change school in their new school's
 * colour, B's catchments, A's boundaries dashed. */
typedef struct zp_pub_changes {
    const char *from_title;       /* run A's scenario */
    int32_t *moved[ZP_NLEVELS];   /* blocks (indices into blocks) that change school */
    size_t nmoved[ZP_NLEVELS];    /* ... of them drawn: in run B */
    const char **was[ZP_NLEVELS]; /* the school id each had in run A ("" none, NULL new) */
    size_t gone[ZP_NLEVELS];      /* changed blocks only in run A (not drawn) */
    int64_t children[ZP_NLEVELS]; /* children who change school (as diff.md counts them) */
    GEOSGeometry **old;           /* run A's catchments in the plane */
    int *old_level;
    size_t nold;
} zp_pub_changes;

/* The roads of a walking run (summary.json's "roads"), in the plane, for the maps: line i
 * is x, y [start[i], start[i + 1]); bridge[i] where it crosses a barrier. */
typedef struct zp_pub_roads {
    char *path, *encoding, *crs, *field, **exclude, *barriers, *barriers_crs;
    size_t n;
    size_t *start;
    double *x, *y;
    uint8_t *bridge;
} zp_pub_roads;

/* A walking run's routes (routes.geojson) for map.html: per level, each school's tree of
 * [parent, line] and each block's [node, line] (null: none), jansson arrays (walks.c). */
typedef struct zp_pub_walks {
    int loaded;
    json_t *tree[ZP_NLEVELS], *block[ZP_NLEVELS];
} zp_pub_walks;

/* The quality-balance audit of summary.json's "audit" (audit_load.c), for the booklet's audit
 * pages: per level the rules, and every school's plan figures with its verdict today. */
/* verdicts: zp_verdict (zoneplan/audit.h) */
typedef struct zp_pub_audit_row {
    char *id, *name;
    int64_t pupils;
    int verdict;                      /* zp_verdict, -1 when unknown */
    int cur_verdict;                  /* the same under today's catchments, -1 when none */
    int met, assessed;                /* indicators met, of those assessed */
    double value[ZP_NRESOURCES];      /* NAN: not assessed */
    signed char met_i[ZP_NRESOURCES]; /* 1 met, 0 not, -1 not assessed */
    int split;                        /* a nine-year school's resources split by pupils */
} zp_pub_audit_row;

typedef struct zp_pub_audit_side {
    int present; /* the current side is null when the run has no current catchments */
    int schools, pass;
    double cv[ZP_NRESOURCES]; /* NAN: none */
    int cv_met[ZP_NRESOURCES];
    int county_pass;
} zp_pub_audit_side;

typedef struct zp_pub_audit_level {
    int present;
    int need_met;
    double rest_share, cv_limit, threshold[ZP_NRESOURCES];
    zp_pub_audit_side cur, plan;
    zp_pub_audit_row *rows; /* the plan's results, in the file's order */
    size_t nrows;
} zp_pub_audit_level;

typedef struct zp_pub_audit {
    int present;
    int unweighted;
    double junior_weight;
    char *key[ZP_NRESOURCES]; /* the indicators' keys, in the order of the figures */
    zp_pub_audit_level level[ZP_NLEVELS];
} zp_pub_audit;

typedef struct zp_pub {
    char *dir;   /* the run folder */
    char *title; /* the scenario's name from summary.json */
    zp_lang lang;
    GEOSContextHandle_t gctx;
    PJ_CONTEXT *pctx;
    PJ *plane_to_ll; /* plane -> WGS 84, longitude first (proj_normalize_for_visualization) */
    zp_pub_school *schools; /* schools.shp's, sorted by id (the lookup of blocks' schools) */
    size_t nschools;
    zp_pub_block *blocks; /* blocks.shp's, sorted by id (as the diff reader gives them) */
    size_t nblocks;
    zp_pub_catchment *catchments; /* by level, then as in catchments.shp */
    size_t ncatchments;
    size_t
        level_start[ZP_NLEVELS + 1]; /* catchments of level l: [level_start[l], level_start[l+1]) */
    double minx, miny, maxx, maxy;   /* extent of the blocks, plane */
    double radius_m[ZP_NLEVELS];     /* service radius, 0 when unknown */
    zp_pub_roads roads;              /* a walking run's roads, for the maps (none: n 0) */
    zp_pub_walks walks;              /* its routes, for the web map (none: not loaded) */
    int public_notice;       /* the public notice (招生范围公告), not the bureau's sheets */
    char *bureau, *approval; /* its footer (summary.json's publication, or the options) */
    int year;
    zp_pub_changes *changes; /* set: the redraw map (changed.pdf, changed-<level>.png) */
    zp_pub_audit audit;      /* summary.json's audit (none: not present) */
} zp_pub;

/* audit_load.c: summary.json's "audit" (root as read, path for errors) into p->audit;
 * nothing when absent, ZP_EINPUT naming the JSON path when malformed; free. */
int zp_pub_read_audit(zp_pub *p, const char *path, json_t *root);
void zp_pub_audit_free(zp_pub_audit *a);

/* Read RUN_DIR (load.c). */
int zp_pub_load(const char *dir, zp_lang lang, zp_pub **out);
void zp_pub_free(zp_pub *p);

/* Plane metres to WGS 84 degrees (lon, lat), for the GeoJSON and the web map. One PJ for
 * the whole publication: not for two threads at once (the web writers run one after the
 * other). */
int zp_pub_to_lonlat(const zp_pub *p, double x, double y, double *lon, double *lat);

/* The index of the school with this id, -1 when none has it. */
int zp_pub_school_index(const zp_pub *p, const char *id);
/* The index of the block with this id, -1 when none has it. */
int zp_pub_block_index(const zp_pub *p, const char *id);

/* Colour every catchment so that neighbours differ (DSATUR); palette entries used. */
int zp_pub_colour(zp_pub *p, int *ncolours);
/* Palette entry k as 0..1 RGB. */
void zp_pub_palette(int k, double rgb[3]);

/* What the public notice's files start with: the bureau's and the public's files live side
 * by side in one publish folder (notice.pdf, notice-S001-primary.png, notice-map.html). */
#define ZP_NOTICE_PREFIX "notice-"
/* A web file's name for p's audience: name, or notice-name for the public (text.c). */
void zp_pub_file_name(const zp_pub *p, const char *name, char *buf, size_t size);

/* Words of the chosen language (text.c). */
const char *zp_pub_word(const zp_pub *p, const char *key);

/* Another run's catchments (run_dir/catchments.shp, its CRS the WKT prj) into p's plane,
 * appended to ch->old: the old boundaries of a redraw map. */
int zp_pub_load_old(zp_pub *p, const char *run_dir, const char *prj, zp_pub_changes *ch);

/* The pages (PDF and PNG) and web files of p into stage: formats ZP_PUB_* (0: all). */
int zp_pub_write_formats(const zp_pub *p, unsigned formats, int dpi, const char *stage);

/* Web files (geojson.c, html.c), each written into the staging folder. */
int zp_pub_write_geojson(const zp_pub *p, const char *dir);
int zp_pub_write_html(const zp_pub *p, const char *dir);

/* walks.c: routes.geojson of the run folder, when there is one, into p->walks; the page's
 * "walks" (every school's tree per level) and a block's "walk" (its way onto its tree). */
int zp_pub_load_walks(zp_pub *p);
void zp_pub_walks_free(zp_pub_walks *w);
void zp_pub_put_walk_trees(FILE *fp, const zp_pub *p, int decimals);
void zp_pub_put_walk_block(FILE *fp, const zp_pub *p, size_t b, int decimals);

/* roads.c: the roads named in summary.json read into p->roads (none for a straight-line run;
 * a roads layer gone since the run is a warning, the maps then lack roads); free. */
int zp_pub_load_roads(zp_pub *p);
/* s's vertices through op (in place); -1 when one does not come out as a finite coordinate. */
int zp_pub_transform_shape(PJ *op, PJ_DIRECTION dir, zp_shape *s);
/* summary.json's "roads" (root as read) into p->roads' spec; nothing when absent. */
int zp_pub_roads_spec(zp_pub *p, json_t *root);
void zp_pub_roads_free(zp_pub_roads *r);

#endif
