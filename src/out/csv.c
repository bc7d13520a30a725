/* The CSV outputs: assignment.csv (one row per block and level), schools.csv (one row
 * per school and level) and flags.csv (one row per policy violation, for the current
 * catchments and for the plan). UTF-8, RFC 4180 quoting, fixed decimals, input order:
 * the same run gives the same bytes. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "core/sys.h"
#include "out_internal.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

int zp_out_open(const char *dir, const char *name, FILE **fp)
{
    char *path = zp_path_join(dir, name);
    *fp = path ? zp_sys_fopen(path) : NULL;
    int rc =
        *fp ? ZP_OK
            : zp_error_set(ZP_EIO, "%s: cannot write: %s", path ? path : name, strerror(errno));
    free(path);
    return rc;
}

int zp_out_close(FILE *fp, const char *dir, const char *name)
{
    int bad = ferror(fp);
    if (fclose(fp) == 0 && !bad)
        return ZP_OK;
    int e = errno;
    char *path = zp_path_join(dir, name);
    int rc = zp_error_set(ZP_EIO, "%s: cannot write: %s", path ? path : name, strerror(e));
    free(path);
    return rc;
}

void zp_csv_field(FILE *fp, const char *text)
{
    if (!text)
        return;
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, fp);
        return;
    }
    fputc('"', fp);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', fp);
        fputc(*p, fp);
    }
    fputc('"', fp);
}

int zp_out_csv_open(zp_out_csv *c)
{
    c->buf = NULL;
    c->len = 0;
    c->fp = open_memstream(&c->buf, &c->len);
    return c->fp ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
}

static int gb18030_write(FILE *fp, const char *text, size_t len, const char *path)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == (iconv_t)-1)
        return zp_error_set(ZP_ERROR, "%s: iconv has no GB18030", path);
    char out[4096], *in = (char *)text;
    size_t left = len;
    int rc = ZP_OK;
    while (!rc && left > 0) {
        char *op = out;
        size_t room = sizeof out;
        if (iconv(cd, &in, &left, &op, &room) == (size_t)-1 && errno != E2BIG)
            rc = zp_error_set(ZP_ERROR, "%s: cannot convert to GB18030 at byte %zu: %s", path,
                              len - left, strerror(errno));
        fwrite(out, 1, (size_t)(op - out), fp);
    }
    iconv_close(cd);
    return rc;
}

int zp_out_csv_close(zp_out_csv *c, const zp_run *run, const char *dir, const char *name)
{
    int rc = fclose(c->fp) == 0 ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    FILE *fp = NULL;
    if (!rc)
        rc = zp_out_open(dir, name, &fp);
    if (!rc) {
        zp_csv_encoding enc = run->sc->csv;
        if (enc == ZP_CSV_UTF8_BOM)
            fputs("\xEF\xBB\xBF", fp);
        if (enc == ZP_CSV_GB18030)
            rc = gb18030_write(fp, c->buf, c->len, name);
        else
            fwrite(c->buf, 1, c->len, fp);
        int rc2 = zp_out_close(fp, dir, name);
        rc = rc ? rc : rc2;
    }
    free(c->buf);
    return rc;
}

const char *zp_out_level(int level)
{
    return level < 0 ? "all" : zp_level_name((zp_level)level);
}

int zp_out_assignment_csv(const zp_run *run, const char *dir)
{
    zp_out_csv c;
    int rc = zp_out_csv_open(&c);
    if (rc)
        return rc;
    FILE *fp = c.fp;
    fputs("block_id,block_name,level,school_id,children,distance_m\n", fp);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!run->active[l])
            continue;
        const zp_alloc_result *r = &run->plan[l];
        for (size_t b = 0; b < run->ds.nblocks; b++) {
            const char *bid = run->ds.blocks[b].id;
            if (r->school[b] >= 0 && (r->placed[b] > 0 || run->ds.blocks[b].children[l] == 0)) {
                zp_csv_field(fp, bid);
                fputc(',', fp);
                zp_csv_field(fp, run->ds.blocks[b].name);
                fprintf(fp, ",%s,", zp_level_name((zp_level)l));
                zp_csv_field(fp, run->ds.schools[r->school[b]].id);
                fprintf(fp, ",%d,%.1f\n", r->placed[b], r->dist_m[b]);
            }
            if (r->unplaced[b] > 0) { /* the children with no place: empty school */
                zp_csv_field(fp, bid);
                fputc(',', fp);
                zp_csv_field(fp, run->ds.blocks[b].name);
                fprintf(fp, ",%s,,%d,\n", zp_level_name((zp_level)l), r->unplaced[b]);
            }
        }
    }
    return zp_out_csv_close(&c, run, dir, "assignment.csv");
}

static void school_row(FILE *fp, const zp_run *run, size_t s, int l)
{
    const zp_school *sc = &run->ds.schools[s];
    const zp_school_stats *st = &run->plan_check.stats[s * ZP_NLEVELS + (size_t)l];
    const zp_school_stats *cu = &run->cur_check.stats[s * ZP_NLEVELS + (size_t)l];
    const zp_policy *p = &run->sc->policy;
    char flags[256];
    zp_csv_field(fp, sc->id);
    fputc(',', fp);
    zp_csv_field(fp, sc->name);
    fprintf(fp, ",%s,%s,%lld,%lld,%d,%d,", zp_school_type_name(sc->type),
            zp_level_name((zp_level)l), (long long)st->enrolment, (long long)st->capacity,
            sc->seats[l], st->classes);
    if (st->classes > 0)
        fprintf(fp, "%.2f", st->avg_class);
    fprintf(fp, ",%d,%.3f,%lld,%d,%lld,%lld,%.1f,", p->class_cap[l],
            st->capacity > 0 ? (double)st->enrolment / (double)st->capacity : 0.0,
            (long long)run->plan_check.school_total[s], p->school_cap[sc->type],
            (long long)st->beyond_radius, (long long)st->shortfall,
            st->enrolment > 0 ? st->child_metres / (double)st->enrolment : 0.0);
    if (run->has_current[l])
        fprintf(fp, "%lld", (long long)cu->enrolment);
    fputc(',', fp);
    zp_csv_field(fp, zp_check_flag_list(&run->plan_check, (int32_t)s, l, flags, sizeof flags));
    fprintf(fp, ",%s", sc->closed ? "closed" : "open");
    if (run->audit_on) /* the audit's verdict at this level, plan then today */
        for (int cur = 0; cur < 2; cur++) {
            const zp_audit_result *a = cur ? &run->audit_cur : &run->audit_plan;
            const zp_audit_row *row = &a->rows[s * ZP_NLEVELS + (size_t)l];
            fprintf(fp, ",%s", row->on ? zp_audit_verdict(row) : "");
        }
    fputc('\n', fp);
}

int zp_out_schools_csv(const zp_run *run, const char *dir)
{
    zp_out_csv c;
    int rc = zp_out_csv_open(&c);
    if (rc)
        return rc;
    FILE *fp = c.fp;
    fputs("school_id,name,type,level,enrolment,capacity,seats,classes,avg_class_size,class_cap,"
          "utilisation,school_pupils,school_cap,beyond_radius,shortfall,mean_distance_m,"
          "current_enrolment,flags,status",
          fp);
    fputs(run->audit_on ? ",audit,audit_current\n" : "\n", fp);
    for (size_t s = 0; s < run->ds.nschools; s++)
        for (int l = 0; l < ZP_NLEVELS; l++)
            if (run->active[l] && zp_school_serves(run->ds.schools[s].type, (zp_level)l))
                school_row(fp, run, s, l);
    return zp_out_csv_close(&c, run, dir, "schools.csv");
}

static void flag_rows(FILE *fp, const zp_run *run, const zp_check_result *r, const char *which)
{
    for (size_t i = 0; i < r->nflags; i++) {
        const zp_flag *f = &r->flags[i];
        const zp_school *sc = &run->ds.schools[f->school];
        fprintf(fp, "%s,%s,", which, zp_flag_name(f->kind));
        zp_csv_field(fp, sc->id);
        fputc(',', fp);
        zp_csv_field(fp, sc->name);
        fprintf(fp, ",%s,", zp_out_level(f->level));
        if (f->grade > 0)
            fprintf(fp, "g%d", f->grade);
        fprintf(fp, ",%.2f,%.2f,", f->value, f->limit);
        if (f->children >= 0)
            fprintf(fp, "%lld", (long long)f->children);
        fputc('\n', fp);
    }
}

int zp_out_flags_csv(const zp_run *run, const char *dir)
{
    zp_out_csv c;
    int rc = zp_out_csv_open(&c);
    if (rc)
        return rc;
    FILE *fp = c.fp;
    fputs("catchments,flag,school_id,school_name,level,grade,value,limit,children\n", fp);
    flag_rows(fp, run, &run->cur_check, "current");
    flag_rows(fp, run, &run->plan_check, "plan");
    return zp_out_csv_close(&c, run, dir, "flags.csv");
}
