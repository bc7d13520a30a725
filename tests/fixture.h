/* Small districts written with shapelib for tests: a grid of square blocks and a few
 * schools, plus a scenario file pointing at them. Malformed-input tests start from one
 * of these and break exactly one thing. */
#ifndef ZP_TEST_FIXTURE_H
#define ZP_TEST_FIXTURE_H

typedef struct zpt_school {
    const char *id, *name, *type; /* type as written in the DBF: primary | junior | nine_year */
    double x, y;                  /* metres from the grid's south-west corner */
    int cap_pri, cap_jun, cls_pri, cls_jun;
} zpt_school;

typedef struct zpt_grid {
    int nx, ny;           /* blocks in x and y */
    double side;          /* block side, metres (default 200) */
    const int *pri;       /* nx*ny children, row-major from south-west; NULL: 10 each */
    const int *jun;       /* NULL: 5 each */
    const char **cur_pri; /* current school ids or NULL */
    const zpt_school *schools;
    int nschools;
    const char *encoding; /* DBF text encoding + .cpg; NULL: UTF-8 */
    int epsg;             /* 4547 (default) or 4490 (written in lon/lat) */
    int no_prj;
    int points; /* blocks as points at the cell centres */
} zpt_grid;

/* BASE.prj for an EPSG code, as ESRI WKT (what ArcGIS writes). */
void zpt_write_prj(const char *base, int epsg);

/* Writes blocks.* and schools.* into dir and dir/scenario.yaml (policy appended from
 * extra_yaml, which may be NULL). Returns the scenario path (malloc'd). */
char *zpt_write_grid(const char *dir, const zpt_grid *g, const char *extra_yaml);

/* dir/NAME.shp (+ .shx .dbf .prj .cpg): one line per entry, n[i] vertices taken in turn from
 * xy (grid metres, x then y), a KIND text field from kinds (NULL: "street"); polygons when
 * polygon is set (each ring closed by the caller). EPSG:4547 as the grid. */
void zpt_write_lines(const char *dir, const char *name, int nlines, const int *n,
                     const double *xy, const char *const *kinds, int polygon);

#endif
