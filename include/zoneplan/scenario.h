/* The scenario: one YAML file that says which data to load, how its fields map,
 * which policy values apply and where the outputs go.
 *
 * Parsed with libyaml; every unknown key, wrong type or missing required key is an
 * error naming file:line and what was expected. Paths are resolved relative to the
 * scenario file's folder. Policy defaults are the national rules (DOMAIN.md) and every
 * one of them can be overridden. */
#ifndef ZONEPLAN_SCENARIO_H
#define ZONEPLAN_SCENARIO_H

#include "audit.h"
#include "model.h"
#include "project.h"
#include "words.h"

/* Field mapping of the blocks layer. Field names are DBF column names (matched
 * case-insensitively by io). Either children[] or grades[] is set, not both. */
typedef struct zp_blocks_spec {
    char *path;                 /* resolved path of the .shp */
    char *id;                   /* required */
    char *name;                 /* optional */
    char *children[ZP_NLEVELS]; /* children: {primary: F, junior: F} */
    char *grades[ZP_NGRADES];   /* grades: {g1: F, ..., g9: F} (all nine or none) */
    char *current[ZP_NLEVELS];  /* current: {primary: F, junior: F}, optional each */
    char *encoding;  /* encoding: GBK | GB18030 | UTF-8 ...; NULL: from .cpg, else UTF-8 */
    char *crs;       /* crs: "EPSG:4547" or any PROJ string; NULL: from .prj */
    char *locked;    /* locked: F, optional: non-zero / Y / T / true / 是 keeps today's school */
    char *ages[6];   /* ages: {a0: F, ..., a5: F}, optional (all six): children aged 0-5, the
                        entrants of the coming years when demand is projected */
    char *migration; /* migration: F, optional: the block's net migration a year (0.01: 1 %
                        more children each year; empty: horizon.migration) */
    int line;        /* line of the `blocks:` key, for messages */
} zp_blocks_spec;

typedef struct zp_schools_spec {
    char *path;
    char *id;   /* required */
    char *name; /* optional */
    char *type; /* required: field holding the school type */
    /* type_values: {primary: [..], junior: [..], nine_year: [..]}: field values meaning each type.
     * Defaults: primary: [primary, 小学], junior: [junior, 初中],
     *           nine_year: [nine_year, 九年一贯制]. NULL-terminated arrays. */
    char **type_values[ZP_NTYPES];
    char *capacity[ZP_NLEVELS];      /* capacity: {primary: F, junior: F} (seats) */
    char *classes[ZP_NLEVELS];       /* classes: {primary: F, junior: F} */
    char *grade_classes[ZP_NGRADES]; /* classes: {g1: F, ..., g9: F} instead of per level */
    char *enrolment[ZP_NLEVELS];     /* enrolment: {primary: F, junior: F}, optional */
    /* resources: {qualified_teachers: F | {primary: F, junior: F}, ...}: the audit's fields,
     * a whole school's (one field) or per level; any subset; NULL where not mapped */
    char *resources_whole[ZP_NRESOURCES];
    char *resources[ZP_NLEVELS][ZP_NRESOURCES];
    int has_resources; /* some resource is mapped: the run audits */
    char *encoding;
    char *crs;
    int line;
} zp_schools_spec;

/* roads: the walking network (optional): a line layer, which lines the walk may not use,
 * how lines join; barriers: lines or polygons no access link may cross (optional). */
typedef struct zp_roads_spec {
    char *path;           /* roads.path, resolved; NULL: no roads layer */
    char *encoding;       /* roads.encoding; NULL: from .cpg */
    char *crs;            /* roads.crs; NULL: .prj, else the scenario's crs */
    char *walkable_field; /* walkable: {field: KIND, exclude: [expressway, railway]} */
    char **exclude;       /* NULL-terminated values of that field the walk may not use */
    int connect;          /* connect: endpoints (0, default) | intersections (1) */
    char *barriers;       /* barriers.path, resolved; NULL: none */
    char *barriers_encoding, *barriers_crs;
    int line, barriers_line;
} zp_roads_spec;

enum { ZP_DISTANCE_DEFAULT = -1, ZP_DISTANCE_STRAIGHT = 0, ZP_DISTANCE_NETWORK = 1 };

typedef struct zp_policy {
    int class_cap[ZP_NLEVELS]; /* class_cap: {primary: 45, junior: 50} */
    int school_cap[ZP_NTYPES]; /* school_cap: 2500, or {primary: 2000, junior: 2000, nine_year:
                                  2500} */
    double service_radius_m[ZP_NLEVELS]; /* service_radius_m: {primary: 500, junior: 1000} */
    int enforce_caps;                    /* enforce_caps: false */
    int large_class;                     /* large_class: 56 */
    int very_large_class;                /* very_large_class: 66 */
    double
        shortfall_penalty_m; /* shortfall_penalty_m: 100000 (cost of an unplaced child, metres) */
    int candidates;          /* candidates: 8 (nearest schools per block before pricing) */
    double move_penalty_m;   /* move_penalty_m: 0 (metres per child moved off today's school) */
    int feeder;              /* feeder: false (each primary catchment feeds one junior school) */
    int contiguity;          /* contiguity: true (every catchment one connected piece) */
    double exact_seconds;    /* exact_seconds: 0 (off); > 0: the exact finish (CBC) per level
                                and model, within this many seconds (a safety net) */
    double exact_nodes;      /* exact_nodes: 5000 (branch-and-bound nodes per solve: the limit
                                that keeps runs reproducible) */
    double adjacency_tolerance_m;  /* adjacency: {tolerance_m: 1, ...}: boundaries this close */
    double adjacency_min_shared_m; /* adjacency: {..., min_shared_m: 5} for at least this long */
    int distance;        /* distance: network | straight (ZP_DISTANCE_*); default: network when
                            there is a roads: layer */
    double access_max_m; /* access: {max_m: 300}: a point farther from any walkable line is
                            named in a warning (and joined by a straight link anyway) */
    /* profile: national-2017 (thresholds and school caps of the 2017 standard); audit:
     * {thresholds, need_met, rest_share, cv_limit, cv, nine_year_junior_weight};
     * enforce_audit: false */
    zp_audit_policy audit;
    /* redraw_applies_to: intake | all: whom a horizon's catchments bind (zoneplan plan): the
     * entering grades only, pupils enrolled staying at their school (default when the blocks
     * give grades), or every pupil each year (default otherwise) */
    int redraw_applies_to;
} zp_policy;

enum { ZP_REDRAW_DEFAULT = -1, ZP_REDRAW_ALL = 0, ZP_REDRAW_INTAKE = 1 };

/* The `changes:` list: what-if edits applied in order to the loaded data before geometry
 * is prepared. Each item is a one-key mapping, `- close_school: {id: S012}`. */
typedef enum {
    ZP_CHANGE_ADD_SCHOOL,
    ZP_CHANGE_CLOSE_SCHOOL,
    ZP_CHANGE_SET_CAPACITY,
    ZP_CHANGE_SET_CLASSES,
    ZP_CHANGE_SCALE_CHILDREN,
    ZP_CHANGE_ADD_ESTATE,
    ZP_CHANGE_SET_POLICY,
    ZP_CHANGE_ASSIGN,  /* assign: {blocks: [..], level: primary, school: S003}: a pin */
    ZP_CHANGE_LOCK,    /* lock: {blocks: [..]}: today's school kept, as blocks.locked */
    ZP_CHANGE_UNASSIGN /* unassign: {blocks: [..], level: primary}: earlier pins taken off */
} zp_change_kind;
#define ZP_NCHANGE_KINDS 10

/* "add_school", "close_school", ... as written in the scenario. */
const char *zp_change_kind_name(zp_change_kind kind);

typedef struct zp_change {
    zp_change_kind kind;
    int line;            /* line of the item's kind key, for messages */
    char *file;          /* the scenario file it was written in (a base's, for base:) */
    char *summary;       /* one printable line for reports: written when parsed, completed with
                            names and counts by zp_changes_apply ("close_school S012 (交通路小学)") */
    char *id;            /* school id (add/close/set_*, assign), new block id (add_estate) */
    char *name;          /* add_school, add_estate; NULL: the id */
    zp_school_type type; /* add_school: parsed with schools.type_values too */
    double x, y;         /* add_school: the site */
    char *crs;           /* add_school, add_estate: CRS of the coordinates; NULL: the
                            layer's own (schools for add_school, blocks for add_estate) */
    int32_t capacity[ZP_NLEVELS]; /* add_school, set_capacity; -1 where not given */
    int32_t classes[ZP_NLEVELS];  /* add_school, set_classes; -1 where not given */
    int32_t children[ZP_NLEVELS]; /* add_estate; 0 where not given */
    zp_shape ring;                /* add_estate: one closed clockwise ring (SHPT_POLYGON) */
    double factor;                /* scale_children: > 0 */
    int levels[ZP_NLEVELS];       /* scale_children: 1 for each level scaled */
    char **blocks;                /* scale_children, assign, lock: block ids, NULL-terminated;
                                     or NULL */
    int level;                    /* assign: the level pinned (zp_level) */
    char *within;                 /* scale_children: polygon shapefile (resolved path); or NULL */
    zp_resources res;             /* add_school: resources (the audit's), none when not given */
} zp_change;

/* What to publish (output.publish, or `zoneplan publish`'s options): the formats, the
 * language of the maps' and sheets' own words, the PNG resolution. */
enum {
    ZP_PUB_PDF = 1 << 0,     /* booklet.pdf: overview per level, then every school sheet */
    ZP_PUB_PNG = 1 << 1,     /* overview-<level>.png and <school>-<level>.png */
    ZP_PUB_SVG = 1 << 2,     /* overview-<level>.svg */
    ZP_PUB_GEOJSON = 1 << 3, /* catchments.geojson, schools.geojson (RFC 7946) */
    ZP_PUB_HTML = 1 << 4,    /* map.html, self-contained */
    ZP_PUB_ALL = (1 << 5) - 1
};
#define ZP_PUB_NFORMATS 5

/* Who the sheets are for: the bureau's own (figures, flags, distances) or the public notice
 * (招生范围公告: the school, its map and the communities it admits from, nothing internal).
 * DEFAULT: the run's (output.publish.audience, kept in summary.json), else internal. */
typedef enum { ZP_AUDIENCE_DEFAULT = 0, ZP_AUDIENCE_INTERNAL, ZP_AUDIENCE_PUBLIC } zp_audience;

typedef struct zp_publish_options {
    unsigned formats; /* ZP_PUB_* bits; 0 means all */
    zp_lang lang;
    int dpi; /* PNG resolution; 0 means 150 */
    zp_audience audience;
    /* the public notice's footer (output.publish; the run keeps them in summary.json):
     * the issuing bureau, the admission year (0: none) and the map approval number (审图号) */
    char *bureau, *approval;
    int year;
} zp_publish_options;

/* The name of format bit i ("pdf", "png", "svg", "geojson", "html"): also its files' ending. */
const char *zp_publish_format_name(int i);
/* "pdf,png,svg,geojson,html" (any subset, any order) to ZP_PUB_* bits. */
int zp_publish_parse_formats(const char *list, unsigned *out);
/* How the run's CSV files are written (output.csv, run --csv): UTF-8 (default), UTF-8 with
 * a byte-order mark (Excel on Chinese Windows opens it right), or GB18030. */
typedef enum { ZP_CSV_UTF8 = 0, ZP_CSV_UTF8_BOM, ZP_CSV_GB18030 } zp_csv_encoding;
/* "utf-8", "utf-8-bom" or "gb18030" (case ignored). */
int zp_csv_parse_encoding(const char *text, zp_csv_encoding *out);

/* "public" or "internal". */
int zp_publish_parse_audience(const char *text, zp_audience *out);

/* siting: (zoneplan site): where new schools could go and which designs could be built. */
typedef struct zp_siting_design {
    zp_school_type type;
    int classes[ZP_NLEVELS]; /* per level the type serves; places = classes x class cap */
    double cost;             /* optional, 0 when not given */
    zp_resources res;        /* resources: what the new school brings (the audit's) */
} zp_siting_design;

typedef struct zp_siting_spec {
    int present;           /* the scenario has a siting: section */
    int line;              /* its line, for messages */
    double grid_spacing_m; /* candidates: {grid: {spacing_m: ..}}; 0 when from a shapefile */
    char *cand_path;       /* candidates: {path, id, name, cost}: a point or polygon layer */
    char *cand_id, *cand_name, *cand_cost;
    zp_siting_design *designs;
    size_t ndesigns;
    int open_min, open_max; /* open: N (0..N) or {min: a, max: b} */
    double budget;          /* total cost of what is opened at most; 0: none */
    char **close;           /* closure candidates (school ids), NULL-terminated; NULL: none */
    int close_line;
} zp_siting_spec;

/* horizon: (zoneplan plan): demand over the years. Every assumption of the projection is a
 * value here, with the defaults of zp_proj_rules_default. */
typedef struct zp_horizon_estate {
    char *id;         /* the estate's name in outputs */
    char *name;       /* optional */
    char **blocks;    /* the blocks its homes stand in, shared evenly (NULL-terminated): blocks of
                         the layer or of add_estate changes (block: B1 or blocks: [B1, B2]) */
    int year;         /* completion year */
    zp_proj_estate e; /* dwellings, yield per home, far_scale, maturation (completion: later) */
    int line;
} zp_horizon_estate;

typedef struct zp_horizon_spec {
    int present, line;
    int first, last; /* years: 2026..2035; the first is the data's year */
    zp_proj_rules rules;
    double migration;      /* net factor per year, every block (0.01: 1 % more each year) */
    char *history;         /* history: past enrolments (CSV: school|block, year, g1..g9), resolved;
                              NULL: none */
    int progression_given; /* progression: was written (it then wins over the history's) */
    zp_variant plan_for;   /* plan_for: the variant the schedule is made for (central) */
    double discount_rate; /* discount_rate: 0.08 (社会折现率): openings' costs in today's terms */
    zp_horizon_estate *estates;
    size_t nestates;
} zp_horizon_spec;

/* "2026..2035" (or one year, "2026") into first and last: years 1900..2200, at most 50 of them.
 * 0, or -1 when it is not that. */
int zp_horizon_parse_years(const char *text, int *first, int *last);

typedef struct zp_scenario {
    char *file;   /* the scenario file as given */
    char **bases; /* the base: files it builds on (resolved), NULL-terminated; or NULL */
    char *dir;    /* its folder, for resolving paths */
    char *name;   /* name: required */
    char *crs;    /* crs: optional default for both layers */
    zp_blocks_spec blocks;
    zp_schools_spec schools;
    zp_roads_spec roads;
    zp_policy policy;
    char *output_dir;    /* output: {dir: ...} resolved; NULL when absent */
    zp_csv_encoding csv; /* output.csv */
    zp_lang lang;        /* output.lang: report.md and the terminal summary (default en) */
    /* output.publish: true (default), false, or {formats: [pdf, png, svg, geojson, html],
     * lang: zh|en, dpi: 150}: what `zoneplan run` publishes after writing */
    int publish;
    zp_publish_options publish_opts;
    zp_siting_spec siting;
    zp_horizon_spec horizon;
    zp_change *changes; /* changes: in file order; set_policy items are already folded into
                           policy (they keep their place and summary here) */
    size_t nchanges;
    size_t warn_first; /* zp_warn_count() when its loading began: its run's warnings start here */
} zp_scenario;

/* Policy defaults (DOMAIN.md). */
void zp_policy_defaults(zp_policy *policy);
/* The distance the run uses: the policy's, or by default the walk when roads are given. */
int zp_scenario_distance(const zp_scenario *sc);

/* Load and validate a scenario file. On error returns ZP_EINPUT with
 * "FILE:LINE: message" in zp_error_last(). */
int zp_scenario_load(const char *path, zp_scenario **out);
void zp_scenario_free(zp_scenario *sc);

#endif
