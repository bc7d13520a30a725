/* schools.shp: one point per school (its site's representative point) in the blocks' CRS,
 * with the plan's figures per level, the school's flags and its status (open, or closed by
 * a scenario change: it has no catchment then, and the maps mark it 停办). The maps and web files
 * of `zoneplan publish` read it back, so a run folder carries everything a publication needs; a GIS
 * user gets the schools on the same CRS as the catchments. */
#include <shapefil.h>
#include <stdio.h>
#include <string.h>

#include "out_internal.h"
#include "zoneplan/errors.h"

enum {
    F_ID,
    F_NAME,
    F_TYPE,
    F_PRI_KIDS,
    F_PRI_CAP,
    F_JUN_KIDS,
    F_JUN_CAP,
    F_PUPILS,
    F_CAP,
    F_FLAGS,
    F_STATUS,
    F_PASS /* only when the run audits */
};

static const zp_out_field school_fields[] = {
    {"SCHOOL_ID", FTString, 80, 0}, {"NAME", FTString, 254, 0},    {"TYPE", FTString, 10, 0},
    {"PRI_KIDS", FTInteger, 10, 0}, {"PRI_CAP", FTInteger, 10, 0}, {"JUN_KIDS", FTInteger, 10, 0},
    {"JUN_CAP", FTInteger, 10, 0},  {"PUPILS", FTInteger, 10, 0},  {"SCHOOL_CAP", FTInteger, 10, 0},
    {"FLAGS", FTString, 200, 0},    {"STATUS", FTString, 8, 0},    {"PASS", FTString, 12, 0}};

/* The plan's audit verdict over the school's levels: fail when one fails, pass when every
 * assessed one passes, not_assessed otherwise. */
const char *zp_out_school_verdict(const zp_run *run, size_t s)
{
    zp_verdict v = ZP_VERDICT_NOT_ASSESSED; /* fail over pass over not assessed */
    for (int l = 0; l < ZP_NLEVELS; l++) {
        zp_verdict w = zp_audit_row_verdict(&run->audit_plan.rows[s * ZP_NLEVELS + (size_t)l]);
        if (run->active[l] && (w == ZP_VERDICT_FAIL || v == ZP_VERDICT_NOT_ASSESSED))
            v = w;
    }
    return zp_verdict_name(v);
}

/* The flags of every level the school serves, each kind once, in the levels' order. */
static void school_flags(const zp_run *run, int32_t s, char *out, size_t size)
{
    out[0] = '\0';
    for (int l = 0; l < ZP_NLEVELS; l++) {
        char buf[256];
        if (!run->active[l] || !zp_school_serves(run->ds.schools[s].type, (zp_level)l))
            continue;
        zp_check_flag_list(&run->plan_check, s, l, buf, sizeof buf);
        for (char *save = NULL, *k = strtok_r(buf, ";", &save); k; k = strtok_r(NULL, ";", &save)) {
            size_t n = strlen(k), have = strlen(out);
            const char *hit = strstr(out, k);
            int dup = hit && (hit == out || hit[-1] == ';') && (hit[n] == ';' || hit[n] == '\0');
            if (!dup && have + n + 2 < size)
                snprintf(out + have, size - have, "%s%s", have ? ";" : "", k);
        }
    }
}

static int write_attrs(DBFHandle dbf, int rec, const zp_run *run, int32_t s)
{
    const zp_school *sc = &run->ds.schools[s];
    const zp_policy *p = &run->sc->policy;
    int64_t kids[ZP_NLEVELS] = {0}, cap[ZP_NLEVELS] = {0};
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (run->active[l] && zp_school_serves(sc->type, (zp_level)l)) {
            const zp_school_stats *st = &run->plan_check.stats[(size_t)s * ZP_NLEVELS + (size_t)l];
            kids[l] = st->enrolment;
            cap[l] = st->capacity;
        }
    char flags[256];
    school_flags(run, s, flags, sizeof flags);
    int ok = DBFWriteStringAttribute(dbf, rec, F_ID, sc->id) &&
             zp_out_dbf_text(dbf, rec, F_NAME, sc->name) &&
             DBFWriteStringAttribute(dbf, rec, F_TYPE, zp_school_type_name(sc->type)) &&
             DBFWriteIntegerAttribute(dbf, rec, F_PRI_KIDS, (int)kids[ZP_PRIMARY]) &&
             DBFWriteIntegerAttribute(dbf, rec, F_PRI_CAP, (int)cap[ZP_PRIMARY]) &&
             DBFWriteIntegerAttribute(dbf, rec, F_JUN_KIDS, (int)kids[ZP_JUNIOR]) &&
             DBFWriteIntegerAttribute(dbf, rec, F_JUN_CAP, (int)cap[ZP_JUNIOR]) &&
             DBFWriteIntegerAttribute(dbf, rec, F_PUPILS, (int)run->plan_check.school_total[s]) &&
             DBFWriteIntegerAttribute(dbf, rec, F_CAP, p->school_cap[sc->type]) &&
             DBFWriteStringAttribute(dbf, rec, F_FLAGS, flags) &&
             DBFWriteStringAttribute(dbf, rec, F_STATUS, sc->closed ? "closed" : "open") &&
             (!run->audit_on ||
              DBFWriteStringAttribute(dbf, rec, F_PASS, zp_out_school_verdict(run, (size_t)s)));
    return ok ? ZP_OK : zp_error_set(ZP_EIO, "schools.dbf: cannot write record %d", rec + 1);
}

int zp_out_schools_shp(const zp_run *run, const char *dir)
{
    zp_out_shp o;
    int n = (int)(sizeof school_fields / sizeof school_fields[0]);
    int rc =
        zp_out_shp_create(&o, dir, "schools", SHPT_POINT, school_fields, run->audit_on ? n : n - 1);
    for (size_t s = 0; !rc && s < run->ds.nschools; s++) {
        double x, y;
        rc = zp_geo_school_source_point(run->geo, s, &x, &y);
        if (!rc)
            rc = zp_out_shp_point(&o, x, y);
        if (!rc)
            rc = write_attrs(o.dbf, (int)s, run, (int32_t)s);
    }
    return zp_out_shp_close(&o, dir, zp_geo_source_prj(run->geo), rc);
}
