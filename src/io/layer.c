/* One shapefile layer: opening it with shapelib, checking that .shp, .shx and .dbf
 * agree, and reading checked values (UTF-8 text, whole counts, shapes).
 *
 * Each failure names the file, the record (1-based, as a GIS shows it) and the field,
 * because planners fix these files by hand in ArcGIS or QGIS. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/util.h"
#include "layer.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"
#include "zoneplan/number.h"

#define MAX_SIDECAR_BYTES (1u << 20) /* a .prj or .cpg is a line or two */

static _Thread_local char shapelib_msg[512];

static void capture_shapelib_error(const char *message)
{
    snprintf(shapelib_msg, sizeof shapelib_msg, "%s", message);
}

static char *with_ext(const char *path, const char *ext)
{
    size_t n = strlen(path);
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash))
        n = (size_t)(dot - path);
    char *out = malloc(n + strlen(ext) + 1);
    if (!out)
        return NULL;
    memcpy(out, path, n);
    strcpy(out + n, ext);
    return out;
}

/* The three parts of a shapefile must all be there; find each in either case. */
static int check_part(zp_layer *ly, const char *ext_lower, const char *ext_upper)
{
    struct stat st;
    char *p = with_ext(ly->shp_path, ext_lower);
    char *q = with_ext(ly->shp_path, ext_upper);
    int ok = (p && stat(p, &st) == 0) || (q && stat(q, &st) == 0);
    int rc = ok ? ZP_OK
                : zp_error_set(ZP_EINPUT,
                               "%s: missing %s (a shapefile needs .shp, .shx and .dbf side by "
                               "side)",
                               ly->shp_path, p ? p : ext_lower);
    free(p);
    free(q);
    return rc;
}

static int pick_encoding(zp_layer *ly, const char *encoding)
{
    if (encoding) {
        const char *known = zp_encoding_from_cpg(encoding);
        ly->encoding = known ? known : encoding;
        return ZP_OK;
    }
    char *cpg_path = with_ext(ly->shp_path, ".cpg"), *cpg = NULL;
    size_t len;
    int rc = cpg_path ? zp_input_read(cpg_path, MAX_SIDECAR_BYTES, 1, &cpg, &len)
                      : zp_error_set(ZP_ENOMEM, "out of memory");
    free(cpg_path);
    if (rc)
        return rc;
    if (cpg) {
        ly->encoding = zp_encoding_from_cpg(cpg);
        if (!ly->encoding) {
            rc = zp_error_set(ZP_EINPUT,
                              "%s: the .cpg names code page '%.40s', which zoneplan does not "
                              "know; set %s.encoding in the scenario (GBK, GB18030, UTF-8)",
                              ly->shp_path, cpg, ly->what);
            free(cpg);
            return rc;
        }
        free(cpg);
        return ZP_OK;
    }
    /* no .cpg: the DBF's language driver byte when it names one (ArcGIS marks GBK tables
     * 0x4D), else UTF-8; text that is not valid in it is an error naming the field */
    const char *ldid = zp_encoding_from_ldid(ly->dbf->iLanguageDriver);
    ly->encoding = ldid ? ldid : "UTF-8";
    return ZP_OK;
}

/* The hooks open each part as zp_input_open does and leave its error (a FIFO, a device) set
 * when they refuse one: that is the reason to report, not shapelib's "unable to open". */
static int open_files(zp_layer *ly)
{
    SAHooks hooks;
    zp_memfile_hooks(&hooks);
    hooks.Error = capture_shapelib_error;
    char *base = with_ext(ly->shp_path, "");
    if (!base)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    shapelib_msg[0] = '\0';
    zp_error_clear();
    ly->shp = SHPOpenLL(base, "rb", &hooks);
    if (!ly->shp) {
        free(base);
        if (zp_error_code())
            return zp_error_code();
        return zp_error_set(ZP_EINPUT, "%s: not a readable shapefile (%s)", ly->shp_path,
                            shapelib_msg[0] ? shapelib_msg : "truncated or corrupt .shp/.shx");
    }
    ly->dbf = DBFOpenLL(base, "rb", &hooks);
    free(base);
    if (!ly->dbf && zp_error_code())
        return zp_error_code();
    if (!ly->dbf)
        return zp_error_set(ZP_EINPUT, "%s: not a readable dBASE table (%s)", ly->dbf_path,
                            shapelib_msg[0] ? shapelib_msg : "truncated or corrupt .dbf");
    return ZP_OK;
}

/* A .dbf cut short (interrupted copy, full disk) still promises all its records in the
 * header, and shapelib reads the missing ones as NULL values: catch it here, by size. */
static int check_dbf_size(zp_layer *ly)
{
    struct stat st;
    char *upper = with_ext(ly->shp_path, ".DBF");
    int found = stat(ly->dbf_path, &st) == 0 || (upper && stat(upper, &st) == 0);
    free(upper);
    long long head = ly->dbf->nHeaderLength, len = ly->dbf->nRecordLength;
    long long need = head + (long long)ly->dbf->nRecords * len;
    if (!found || len <= 0 || (long long)st.st_size >= need)
        return ZP_OK;
    long long whole = st.st_size > head ? (st.st_size - head) / len : 0;
    return zp_error_set(ZP_EINPUT,
                        "%s: truncated: the header promises %d records (%lld bytes) but the file "
                        "has %lld bytes; record %lld is incomplete (copy the file again or "
                        "re-export the layer)",
                        ly->dbf_path, ly->dbf->nRecords, need, (long long)st.st_size, whole + 1);
}

static int check_counts(zp_layer *ly)
{
    int nshapes = 0, type = 0;
    double minb[4], maxb[4];
    SHPGetInfo(ly->shp, &nshapes, &type, minb, maxb);
    int nrec = DBFGetRecordCount(ly->dbf);
    if (nshapes != nrec)
        return zp_error_set(ZP_EINPUT,
                            "%s: %d shapes but %d attribute records in %s; the files do not "
                            "belong together (re-export the layer)",
                            ly->shp_path, nshapes, nrec, ly->dbf_path);
    ly->nrecords = nrec;
    return ZP_OK;
}

/* The .prj beside a .shp path as text; *prj NULL when there is none. */
static int read_prj(const char *shp_path, char **prj)
{
    char *path = with_ext(shp_path, ".prj");
    size_t len;
    int rc = path ? zp_input_read(path, MAX_SIDECAR_BYTES, 1, prj, &len)
                  : zp_error_set(ZP_ENOMEM, "out of memory");
    free(path);
    return rc;
}

int zp_layer_open(zp_layer *ly, const char *what, const char *path, const char *encoding)
{
    memset(ly, 0, sizeof *ly);
    ly->to_utf8 = (iconv_t)-1;
    ly->what = what;
    ly->shp_path = strdup(path);
    ly->dbf_path = with_ext(path, ".dbf");
    if (!ly->shp_path || !ly->dbf_path)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    int rc = check_part(ly, ".shp", ".SHP");
    if (!rc)
        rc = check_part(ly, ".shx", ".SHX");
    if (!rc)
        rc = check_part(ly, ".dbf", ".DBF");
    if (!rc)
        rc = open_files(ly);
    if (!rc)
        rc = check_dbf_size(ly);
    if (!rc)
        rc = check_counts(ly);
    if (!rc)
        rc = pick_encoding(ly, encoding);
    if (!rc && (ly->to_utf8 = iconv_open("UTF-8", ly->encoding)) == (iconv_t)-1)
        rc = zp_error_set(ZP_EINPUT, "%s: unknown text encoding '%s'; use GBK, GB18030 or UTF-8",
                          ly->shp_path, ly->encoding);
    if (!rc)
        rc = read_prj(path, &ly->prj);
    return rc;
}

int zp_layer_open_run(zp_layer *ly, const char *what, const char *path)
{
    int rc = zp_layer_open(ly, what, path, "UTF-8");
    ly->run_folder = 1;
    return rc;
}

void zp_layer_close(zp_layer *ly)
{
    if (ly->to_utf8 != (iconv_t)-1 && ly->what)
        iconv_close(ly->to_utf8);
    if (ly->shp)
        SHPClose(ly->shp);
    if (ly->dbf)
        DBFClose(ly->dbf);
    free(ly->shp_path);
    free(ly->dbf_path);
    free(ly->prj);
    memset(ly, 0, sizeof *ly);
}

int zp_layer_field(zp_layer *ly, const char *field, const char *key, int *index)
{
    *index = DBFGetFieldIndex(ly->dbf, field);
    if (*index >= 0)
        return ZP_OK;
    char names[1024] = "";
    size_t len = 0;
    for (int i = 0; i < DBFGetFieldCount(ly->dbf) && len < sizeof names - 16; i++) {
        char fname[XBASE_FLDNAME_LEN_READ + 1];
        DBFGetFieldInfo(ly->dbf, i, fname, NULL, NULL);
        len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "", fname);
    }
    return zp_error_set(ZP_EINPUT, "%s: no field '%s' (scenario key %s.%s); the fields are: %s",
                        ly->dbf_path, field, ly->what, key, names);
}

static char *field_name(zp_layer *ly, int field, char *buf)
{
    DBFGetFieldInfo(ly->dbf, field, buf, NULL, NULL);
    return buf;
}

int zp_layer_text(zp_layer *ly, int rec, int field, char **out)
{
    const char *raw =
        DBFIsAttributeNULL(ly->dbf, rec, field) ? "" : DBFReadStringAttribute(ly->dbf, rec, field);
    if (!raw)
        raw = "";
    while (*raw == ' ')
        raw++;
    char *text = zp_iconv_conv(ly->to_utf8, raw, ly->encoding);
    if (!text && ly->run_folder) {
        char fname[XBASE_FLDNAME_LEN_READ + 1];
        return zp_error_set(ZP_EINPUT,
                            "%s: record %d, field %s: text is not valid UTF-8, which zoneplan "
                            "writes (was the table edited or written by another program? run "
                            "the scenario again)",
                            ly->dbf_path, rec + 1, field_name(ly, field, fname));
    }
    if (!text) {
        char fname[XBASE_FLDNAME_LEN_READ + 1];
        return zp_error_set(ZP_EINPUT,
                            "%s: record %d, field %s: text is not valid %s; set %s.encoding in "
                            "the scenario (e.g. GBK) or add a .cpg file",
                            ly->dbf_path, rec + 1, field_name(ly, field, fname), ly->encoding,
                            ly->what);
    }
    size_t n = strlen(text);
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        text[--n] = '\0';
    *out = text;
    return ZP_OK;
}

int zp_layer_real(zp_layer *ly, int rec, int field, double *out, int *is_null)
{
    char fname[XBASE_FLDNAME_LEN_READ + 1];
    const char *raw = DBFIsAttributeNULL(ly->dbf, rec, field)
                          ? NULL
                          : DBFReadStringAttribute(ly->dbf, rec, field);
    size_t len = raw ? strlen(raw) : 0;
    while (len && raw[len - 1] == ' ')
        len--;
    while (len && *raw == ' ')
        raw++, len--;
    *is_null = !len;
    if (*is_null)
        return ZP_OK;
    if (zp_number_parse(raw, len, out))
        return zp_error_set(ZP_EINPUT,
                            "%s: record %d, field %s: '%.*s' is not a number (expected decimal "
                            "digits such as 12, 12.5 or 1e3; no hex, inf or nan)",
                            ly->dbf_path, rec + 1, field_name(ly, field, fname), (int)len, raw);
    return ZP_OK;
}

int zp_layer_count(zp_layer *ly, int rec, int field, int32_t *out, int *nulls)
{
    char fname[XBASE_FLDNAME_LEN_READ + 1];
    double v = 0;
    int is_null;
    int rc = zp_layer_real(ly, rec, field, &v, &is_null);
    if (rc)
        return rc;
    if (is_null) {
        *out = 0;
        if (nulls)
            (*nulls)++;
        return ZP_OK;
    }
    if (v < 0 || v != floor(v) || v > 1e9)
        return zp_error_set(ZP_EINPUT,
                            "%s: record %d, field %s: %s is not a whole number of 0 or more",
                            ly->dbf_path, rec + 1, field_name(ly, field, fname),
                            DBFReadStringAttribute(ly->dbf, rec, field));
    *out = (int32_t)v;
    return ZP_OK;
}

static int copy_shape(const SHPObject *o, zp_shape *out)
{
    memset(out, 0, sizeof *out);
    out->shp_type = o->nSHPType;
    out->nverts = o->nVertices;
    out->nparts = o->nParts;
    out->x = malloc(sizeof(double) * (size_t)(o->nVertices ? o->nVertices : 1));
    out->y = malloc(sizeof(double) * (size_t)(o->nVertices ? o->nVertices : 1));
    out->part_start = malloc(sizeof(int) * (size_t)(o->nParts ? o->nParts : 1));
    if (!out->x || !out->y || !out->part_start) {
        zp_shape_free(out);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    memcpy(out->x, o->padfX, sizeof(double) * (size_t)o->nVertices);
    memcpy(out->y, o->padfY, sizeof(double) * (size_t)o->nVertices);
    if (o->nParts)
        memcpy(out->part_start, o->panPartStart, sizeof(int) * (size_t)o->nParts);
    return ZP_OK;
}

int zp_layer_nonneg_real(zp_layer *ly, int rec, int field, const char *name, const char *noun,
                         double dflt, double *out)
{
    int is_null;
    int rc = zp_layer_real(ly, rec, field, out, &is_null);
    if (!rc && is_null)
        *out = dflt;
    else if (!rc && *out < 0)
        rc = zp_error_set(ZP_EINPUT, "%s: record %d, field %s: '%s' is not %s", ly->dbf_path,
                          rec + 1, name, DBFReadStringAttribute(ly->dbf, rec, field), noun);
    return rc;
}

int zp_layer_check_shapes(zp_layer *ly)
{
    for (int rec = 0; rec < ly->nrecords; rec++) {
        shapelib_msg[0] = '\0';
        SHPObject *o = SHPReadObject(ly->shp, rec);
        if (!o)
            return zp_error_set(ZP_EINPUT, "%s: record %d: cannot read the shape (%s)",
                                ly->shp_path, rec + 1,
                                shapelib_msg[0] ? shapelib_msg : "truncated or corrupt file");
        SHPDestroyObject(o);
    }
    return ZP_OK;
}

int zp_layer_shape(zp_layer *ly, int rec, zp_shape *out)
{
    shapelib_msg[0] = '\0';
    SHPObject *o = SHPReadObject(ly->shp, rec);
    if (!o)
        return zp_error_set(ZP_EINPUT, "%s: record %d: cannot read the shape (%s)", ly->shp_path,
                            rec + 1, shapelib_msg[0] ? shapelib_msg : "truncated or corrupt file");
    int rc = ZP_OK;
    if (o->nSHPType == SHPT_NULL || o->nVertices == 0)
        rc = zp_error_set(ZP_EINPUT,
                          "%s: record %d: null shape (no geometry); delete the "
                          "record or draw its shape",
                          ly->shp_path, rec + 1);
    else
        rc = copy_shape(o, out);
    SHPDestroyObject(o);
    return rc;
}
