/* Shared state and helpers of the sample-district generator (src/gen only).
 *
 * The generator runs as a pipeline over one gen_world: layout (towns, clusters, river,
 * seed points) -> cells (Voronoi blocks cut by the river, streamed to blocks.shp) ->
 * people (children per block) -> schools (sites, current catchments, capacities) ->
 * names -> write (DBFs, points, .prj/.cpg). Every random draw comes from a gen_rng
 * stream derived from the seed and a per-stage salt, so stages do not disturb each
 * other and the same options always give the same bytes. Coordinates are local
 * metres with (0,0) at the district centre; crs.c maps them to the output CRS. */
#ifndef ZONEPLAN_GEN_INTERNAL_H
#define ZONEPLAN_GEN_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include <geos_c.h>
#include <proj.h>
#include <shapefil.h>

#include "zoneplan/gen.h"
#include "zoneplan/model.h"

/* ---- policy values of the synthetic district (named, not buried in code) ---- */
#define GEN_DEFAULT_BLOCKS 2000
#define GEN_DEFAULT_SCHOOLS 40
#define GEN_DEFAULT_WIDTH_KM 15.0
#define GEN_DEFAULT_HEIGHT_KM 12.0
#define GEN_DEFAULT_SEED 2026
#define GEN_DEFAULT_EPSG 4547 /* CGCS2000 / 3-degree Gauss-Kruger CM 114E */
#define GEN_LAYOUT_EPSG 4547  /* metric frame used when the output CRS is geographic */
#define GEN_CENTRE_LON 114.3  /* CGCS2000 (EPSG:4490) */
#define GEN_CENTRE_LAT 30.6
#define GEN_GRID_SIZE 0.001        /* metres: every block vertex is snapped to this grid */
#define GEN_PRI_PER_BLOCK_MIN 14.0 /* total primary children = blocks x U(min, max) */
#define GEN_PRI_PER_BLOCK_MAX 16.0
#define GEN_JUN_SHARE_MIN 0.47 /* junior total = primary total x U(min, max) */
#define GEN_JUN_SHARE_MAX 0.53
#define GEN_CLASS_PRI 45 /* seats per class used to size schools */
#define GEN_CLASS_JUN 50
#define GEN_SEAT_RATIO_MIN 1.06 /* total seats per level / demand */
#define GEN_SEAT_RATIO_MAX 1.09
#define GEN_BIG_SCHOOL 2600      /* the old-town nine-year school aims over 2,500 pupils */
#define GEN_EXCEPTION_RATE 0.015 /* blocks sent to their second-nearest school */
/* Children aged 0-5: the block's primary children per grade, each younger year of birth this
 * factor more (new estates still fill) or less (births falling elsewhere), x U(1 -/+ noise) */
#define GEN_BIRTHS_ESTATE 1.04
#define GEN_BIRTHS_ELSEWHERE 0.93
#define GEN_AGE_NOISE 0.10
/* history.csv: enrolments of 2019 to 2026 per school and grade, with these ratios */
#define GEN_HIST_FIRST 2019
#define GEN_HIST_YEARS 8
#define GEN_HIST_PRI 0.99  /* a primary cohort keeps this share from one grade to the next */
#define GEN_HIST_JUN 0.985 /* a junior one */
#define GEN_HIST_BOOM 1.03     /* a year's intake over the last one's in the new estates */
#define GEN_HIST_DECLINE 0.99  /* elsewhere */

/* Resources of the 2017 quality-balance audit (优质均衡), whole-school totals sized from the
 * current enrolment at the standard's thresholds (zp_audit_rules_2017), in the audit's
 * indicator order. */
enum {
    GEN_RES_QUAL,  /* TCH_QUAL: teachers above the required qualification */
    GEN_RES_KEY,   /* TCH_KEY: county-level or higher key teachers */
    GEN_RES_PEART, /* TCH_PEART: PE and arts specialist teachers */
    GEN_RES_TEACH, /* AREA_TEACH: teaching and auxiliary floor area, m2 */
    GEN_RES_SPORT, /* AREA_SPORT: sports ground and hall area, m2 */
    GEN_RES_EQUIP, /* EQUIP_YUAN: teaching equipment value, yuan */
    GEN_RES_MM,    /* MM_ROOMS: networked multimedia classrooms */
    GEN_NRES
};
/* resource = threshold x pupils x U(min, max), counts and areas rounded up; a nine-year
 * school's at its junior thresholds (its resources are shared by head between its levels) */
#define GEN_RES_FACTOR_MIN 1.03
#define GEN_RES_FACTOR_MAX 1.45
#define GEN_EQUIP_MEDIAN 0.60  /* equipment: FACTOR_MIN + median x exp(sigma N(0,1)): */
#define GEN_EQUIP_SIGMA 1.20   /* rich and poor; default sample's CV 0.44 pri */
#define GEN_EQUIP_KNEE 2.50    /* ...above it the factor bends towards */
#define GEN_EQUIP_CAP 3.50     /* ...this bound, never reaching it */
#define GEN_RES_MILD_RATE 0.10 /* schools missing one indicator mildly (still passing) */
#define GEN_RES_MILD_MIN 0.87  /* ...at this share of the threshold */
#define GEN_RES_MILD_MAX 0.95
#define GEN_RES_FAIL_RATE 0.08  /* schools failing: one indicator far short or two short */
#define GEN_RES_SEVERE_MIN 0.60 /* one indicator at this share (below the 85 % floor) */
#define GEN_RES_SEVERE_MAX 0.80
#define GEN_RES_SHORT_MIN 0.80 /* or two indicators at this share */
#define GEN_RES_SHORT_MAX 0.97
#define GEN_RES_FLOOR 0.85     /* the rule's floor for the one indicator not met */
#define GEN_RES_MIN_CASES 2    /* mild and failing schools each, at least, */
#define GEN_RES_MIN_SCHOOLS 10 /* ...in districts of this many schools */

/* ---- PRNG: xoshiro256** seeded by splitmix64 ---- */
typedef struct gen_rng {
    uint64_t s[4];
} gen_rng;

enum { /* salts of the independent random streams */
       RNG_LAYOUT = 1,
       RNG_SEEDS,
       RNG_PEOPLE,
       RNG_SCHOOLS,
       RNG_CATCH,
       RNG_CAPACITY,
       RNG_NAMES,
       RNG_RESOURCES,
       RNG_AGES /* last: a new stream never moves another stage's draws */
};

static inline uint64_t gen_splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline void gen_rng_seed(gen_rng *r, uint64_t seed, uint64_t salt)
{
    uint64_t x = seed ^ (salt * 0xd1b54a32d192ed03ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = gen_splitmix(&x);
}

static inline uint64_t gen_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t gen_rng_next(gen_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = gen_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = gen_rotl(s[3], 45);
    return out;
}

/* Uniform in [0, 1). */
static inline double gen_unif(gen_rng *r)
{
    return (double)(gen_rng_next(r) >> 11) * 0x1.0p-53;
}
static inline double gen_range(gen_rng *r, double a, double b)
{
    return a + (b - a) * gen_unif(r);
}
/* Uniform integer in [0, n). */
static inline int gen_int(gen_rng *r, int n)
{
    return n <= 0 ? 0 : (int)(((gen_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}
static inline double gen_normal(gen_rng *r)
{
    double u = 1.0 - gen_unif(r), v = gen_unif(r);
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* ---- point grid: bucketed points for spacing and nearest-neighbour queries ---- */
typedef struct gen_grid {
    double x0, y0, cell;
    int nx, ny;
    int32_t *head, *next; /* linked lists of point indices per cell */
    const double *x, *y;  /* coordinates, owned by the caller */
} gen_grid;

typedef int (*gen_grid_filter)(void *ctx, int32_t i);

int gen_grid_init(gen_grid *g, double x0, double y0, double x1, double y1, size_t expected,
                  size_t capacity, const double *x, const double *y);
void gen_grid_free(gen_grid *g);
void gen_grid_insert(gen_grid *g, int32_t i);
/* Whether a point lies strictly within r of (px, py). */
int gen_grid_any_within(const gen_grid *g, double px, double py, double r);
/* Up to k (1 or 2) nearest accepted points, nearest first; returns how many were found. */
int gen_grid_nearest(const gen_grid *g, double px, double py, int k, gen_grid_filter filter,
                     void *ctx, int32_t *idx, double *d2);
/* Calls fn for each point whose cell overlaps the box. */
void gen_grid_visit_box(const gen_grid *g, double x0, double y0, double x1, double y1,
                        void (*fn)(void *ctx, int32_t i), void *ctx);
/* Position along a Hilbert curve over the square [x0, x0+size]^2 (16 bits per axis). */
uint32_t gen_hilbert(double x, double y, double x0, double y0, double size);

/* ---- the world ---- */
typedef enum {
    KIND_OLD = 0,
    KIND_ESTATE,
    KIND_INDUSTRY,
    KIND_VILLAGE,
    KIND_RURAL,
    KIND_COUNT
} gen_kind;

typedef struct gen_cluster {
    gen_kind kind;
    int unit;
    double x, y, r; /* centre and radius (metres) */
    double aspect, angle;
    int budget; /* seeds planned */
} gen_cluster;

typedef struct gen_unit {
    double x0, y0, x1, y1; /* box in local metres */
    double g;              /* geometric scale against the 15 x 12 km default */
    double sp;             /* spacing scale against the default density */
    int blocks;            /* seeds planned in this unit */
    int old_cluster;       /* index of its old-town cluster */
    int cfirst, clast;     /* its clusters; the last one is its rural background */
} gen_unit;

typedef struct gen_strings { /* append-only pool of NUL-terminated strings */
    char *buf;
    size_t len, cap;
} gen_strings;

typedef struct gen_seg {
    double ax, ay, bx, by;
    uint8_t k1, k2; /* kinds of the blocks on either side (k2 = k1 when one-sided) */
    uint8_t road;   /* GEN_ROAD_*, set by gen_roads_finish */
} gen_seg;

typedef struct gen_world {
    const zp_gen_options *opt;
    GEOSContextHandle_t geos;
    PJ_CONTEXT *proj;
    double w, h;   /* district extent, metres; local box [-w/2, w/2] x [-h/2, h/2] */
    double cx, cy; /* output-frame coordinates of the local origin (layout CRS) */
    PJ *to_out;    /* layout CRS -> output CRS, NULL when they are the same */
    char *wkt;     /* ESRI WKT1 of the output CRS */
    int nunits, gx, gy, seat_unit;
    gen_unit *units;
    gen_cluster *clusters;
    int nclusters;
    /* river */
    double river_half; /* half width, metres */
    double river_a[3], river_l[3], river_p[3], river_slope, river_y0;
    GEOSGeometry *river; /* river band clipped to the district, on the snap grid */
    const GEOSPreparedGeometry *river_prep;
    GEOSGeometry *rect; /* the district rectangle */
    int river_name;
    /* seeds, sorted along a Hilbert curve */
    size_t nseeds;
    double *sx, *sy;
    int32_t *scluster; /* cluster of each seed (rural seeds: their unit's background) */
    uint8_t *skind;
    gen_grid sgrid;
    /* blocks (kept cells), in file order */
    size_t nb;
    int32_t *bseed;
    double *bx, *by, *barea; /* representative point and area (m2) */
    int32_t *pri, *jun;
    int32_t *age[6]; /* children aged 0..5 per block (ages.c) */
    int32_t *cur[2];
    uint8_t *bzero; /* park / industry / farmland: no children */
    int32_t *bname; /* offsets into names */
    int32_t *broot; /* offset of the name root schools borrow (village, estate, street) */
    /* schools, in file order */
    int ns;
    int has_core; /* school 0 is the central old-town nine-year school */
    double *schx, *schy;
    int32_t *schblock;
    uint8_t *schtype; /* ZP_TYPE_* values: 0 primary, 1 junior, 2 nine-year */
    int32_t *cap[2], *cls[2], *enr[2];
    double *res[GEN_NRES]; /* audit resources, whole school (counts, m2, yuan) */
    int32_t *schname;
    gen_strings names;
    /* roads: unique boundary segments in order of first appearance, then the bridges and
     * the expressway; hashed by their millimetre end points */
    gen_seg *segs;
    size_t nsegs, capsegs, hcap;
    int32_t *hash;
} gen_world;

/* strings */
int32_t gen_str_add(gen_strings *p, const char *s);
static inline const char *gen_str(const gen_strings *p, int32_t off)
{
    return p->buf + off;
}

/* crs.c */
int gen_crs_init(gen_world *w);
void gen_crs_free(gen_world *w);
/* Local metres -> output CRS, in place. */
int gen_crs_out(gen_world *w, double *x, double *y, size_t n);

/* layout.c */
int gen_layout(gen_world *w);
double gen_river_y(const gen_world *w, double x); /* river centreline */
void gen_layout_free(gen_world *w);

/* cells.c: builds the blocks and streams their shapes to an open blocks.shp. */
int gen_cells(gen_world *w, SHPHandle shp);

/* people.c */
int gen_people(gen_world *w);

/* schools.c */
int gen_schools(gen_world *w);
void gen_schools_free(gen_world *w);

/* resources.c: the audit resources of every school (after the schools are ordered). */
int gen_resources(gen_world *w);

/* ages.c: the children aged 0-5 of every block, for projecting demand (after people). */
int gen_ages(gen_world *w);
/* Digits of the school ids (S001 ...: at least 3), the same in every file. */
int gen_school_digits(const gen_world *w);
/* history.csv's text (history.c), into *csv (caller frees). */
int gen_history(const gen_world *w, char **csv);

/* names.c: unique Chinese names of blocks and schools (after the schools are ordered). */
int gen_names(gen_world *w);
const char *gen_river_name(int idx);

/* roads.c: the street network. Every block boundary is a street, lane or estate road (the
 * kind from the blocks on either side), bridges are the only ways over the river and an
 * expressway crosses the district without meeting any street. */
enum {
    GEN_ROAD_STREET,
    GEN_ROAD_ARTERIAL,
    GEN_ROAD_ESTATE,
    GEN_ROAD_LANE,
    GEN_ROAD_BRIDGE,
    GEN_ROAD_EXPRESSWAY,
    GEN_ROAD_KINDS
};
const char *gen_road_kind(int road);
/* The boundary of block polygon g (local metres), whose seed is of kind `kind`. */
int gen_roads_add(gen_world *w, const GEOSGeometry *g, int kind);
/* Kinds, bridges and the expressway, after the last block. */
int gen_roads_finish(gen_world *w);
void gen_roads_free(gen_world *w);

/* Rings of polygonal g: how many and their vertices; then copied (parts: ring offsets). */
int gen_count_rings(GEOSContextHandle_t ctx, const GEOSGeometry *g, int *nrings, int *nverts);
int gen_copy_rings(GEOSContextHandle_t ctx, const GEOSGeometry *g, int *parts, double *x,
                   double *y);

/* write.c: every output but the block shapes, which cells.c streams. */
/* g (local metres) as one record of shp; name (e.g. "blocks.shp") is for messages. */
int gen_write_polygon(gen_world *w, SHPHandle shp, const GEOSGeometry *g, const char *name);
/* blocks.dbf, schools.*, river.*, roads.* and every .prj/.cpg, into dir. */
int gen_write_layers(gen_world *w, const char *dir);
/* ZP_EINPUT unless iconv can write UTF-8 text in enc. */
int gen_text_check(const char *enc);

#endif
