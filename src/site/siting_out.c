/* What `zoneplan site` writes: sites.csv (the openings, most valuable first, with the plan's
 * figures before and after each), sites.shp (their points, in the blocks' CRS), changes.yaml
 * (the add_school items), plan.yaml (the scenario as its base plus those items: `zoneplan
 * run plan.yaml` reproduces the plan), report.md, and plan/, the plan's run folder. The files
 * appear together through a staging folder; plan/ is then written by the run itself. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sys.h"
#include "zoneplan/out.h"
#include "site_internal.h"
#include "zoneplan/audit.h"
#include "zoneplan/errors.h"
#include "zoneplan/io.h"

static const zp_siting_design *design_of(const zp_siting *st, int32_t o)
{
    return &st->run->sc->siting.designs[st->opt[o].design];
}

/* "primary, 36 classes" / "nine_year, 30 + 18 classes" (小学，36 个班 / 九年一贯制，30 + 18 个班)
 */
static void design_text(zp_lang lang, const zp_siting_design *d, char *buf, size_t size)
{
    if (d->type == ZP_TYPE_NINE_YEAR)
        snprintf(buf, size, zp_word(lang, "site_design_nine"), d->classes[0], d->classes[1]);
    else
        snprintf(buf, size, zp_word(lang, "site_design"),
                 zp_word(lang, d->type == ZP_TYPE_JUNIOR ? "site_junior" : "site_primary"),
                 d->classes[d->type == ZP_TYPE_JUNIOR]);
}

static int site_lonlat(const zp_siting *st, int32_t o, double *lon, double *lat)
{
    *lon = st->cx[st->opt[o].cand];
    *lat = st->cy[st->opt[o].cand];
    return zp_geo_plane_to_lonlat(st->run->geo, lon, lat);
}

static int write_csv(const zp_siting *st, const char *dir)
{
    FILE *fp;
    int rc = zp_out_open(dir, "sites.csv", &fp);
    if (rc)
        return rc;
    fputs("rank,site_id,school_id,design,places_primary,places_junior,cost,lon,lat,"
          "served_primary,served_junior,shortfall_before,shortfall_after,child_m_before,"
          "child_m_after\n",
          fp);
    for (size_t r = 0; !rc && r < st->nchosen; r++) {
        int32_t o = st->chosen[r];
        const zp_siting_score *b = r ? &st->step[r - 1] : &st->before, *a = &st->step[r];
        char design[64];
        double lon, lat;
        design_text(ZP_LANG_EN, design_of(st, o), design, sizeof design); /* read by machines */
        rc = site_lonlat(st, o, &lon, &lat);
        fprintf(fp, "%zu,", r + 1); /* ids of parcels are the layer's: quoted when need be */
        zp_csv_field(fp, st->cand_id[st->opt[o].cand]);
        fprintf(fp, ",N%02zu,", r + 1);
        zp_csv_field(fp, design);
        fprintf(fp, ",%lld,%lld,%g,%.7f,%.7f,%lld,%lld,%lld,%lld,%.1f,%.1f\n",
                (long long)st->opt[o].places[0], (long long)st->opt[o].places[1], st->opt[o].cost,
                lon, lat, (long long)st->served[0][r], (long long)st->served[1][r],
                (long long)zp_siting_shortfall(b), (long long)zp_siting_shortfall(a),
                b->child_m[0] + b->child_m[1], a->child_m[0] + a->child_m[1]);
    }
    int rc2 = zp_out_close(fp, dir, "sites.csv");
    return rc ? rc : rc2;
}

static int write_shp(const zp_siting *st, const char *dir)
{
    static const zp_out_field f[] = {{"RANK", FTInteger, 4, 0},     {"SITE_ID", FTString, 8, 0},
                                     {"SCHOOL_ID", FTString, 8, 0}, {"DESIGN", FTString, 40, 0},
                                     {"PRI_CAP", FTInteger, 9, 0},  {"JUN_CAP", FTInteger, 9, 0},
                                     {"PRI_KIDS", FTInteger, 9, 0}, {"JUN_KIDS", FTInteger, 9, 0}};
    zp_out_shp o;
    int rc = zp_out_shp_create(&o, dir, "sites", SHPT_POINT, f, (int)(sizeof f / sizeof f[0]));
    for (size_t r = 0; !rc && r < st->nchosen; r++) {
        int32_t k = st->chosen[r];
        double x = st->cx[st->opt[k].cand], y = st->cy[st->opt[k].cand];
        char site[24], school[24], design[64];
        snprintf(site, sizeof site, "%s", st->cand_id[st->opt[k].cand]);
        snprintf(school, sizeof school, "N%02zu", r + 1);
        design_text(ZP_LANG_EN, design_of(st, k), design, sizeof design); /* read by machines */
        rc = zp_geo_plane_to_source(st->run->geo, &x, &y);
        if (!rc)
            rc = zp_out_shp_point(&o, x, y);
        int i = (int)r;
        if (!rc && !(DBFWriteIntegerAttribute(o.dbf, i, 0, i + 1) &&
                     DBFWriteStringAttribute(o.dbf, i, 1, site) &&
                     DBFWriteStringAttribute(o.dbf, i, 2, school) &&
                     DBFWriteStringAttribute(o.dbf, i, 3, design) &&
                     DBFWriteIntegerAttribute(o.dbf, i, 4, (int)st->opt[k].places[0]) &&
                     DBFWriteIntegerAttribute(o.dbf, i, 5, (int)st->opt[k].places[1]) &&
                     DBFWriteIntegerAttribute(o.dbf, i, 6, (int)st->served[0][r]) &&
                     DBFWriteIntegerAttribute(o.dbf, i, 7, (int)st->served[1][r])))
            rc = zp_error_set(ZP_EIO, "sites.dbf: cannot write record %d", i + 1);
    }
    return zp_out_shp_close(&o, dir, zp_geo_source_prj(st->run->geo), rc);
}

/* A YAML double-quoted string. */
static void put_quoted(FILE *fp, const char *text)
{
    fputc('"', fp);
    for (const char *c = text; *c; c++) {
        if (*c == '"' || *c == '\\')
            fputc('\\', fp);
        fputc(*c, fp);
    }
    fputc('"', fp);
}

/* The design's resources, as add_school takes them (nothing when it has none). */
static void put_resources(FILE *fp, const zp_resources *r)
{
    int n = 0;
    for (int i = 0; i < ZP_NRESOURCES; i++) {
        int lv = r->has_level[0][i] || r->has_level[1][i];
        if (!r->has_whole[i] && !lv)
            continue;
        fprintf(fp, "%s%s: ", n++ ? ", " : ", resources: {", zp_indicator_key((zp_indicator)i));
        if (!lv) {
            fprintf(fp, "%.17g", r->whole[i]);
            continue;
        }
        for (int l = 0, k = 0; l < ZP_NLEVELS; l++)
            if (r->has_level[l][i])
                fprintf(fp, "%s%s: %.17g", k++ ? ", " : "{", zp_level_name((zp_level)l),
                        r->level[l][i]);
        fputc('}', fp);
    }
    if (n)
        fputc('}', fp);
}

int zp_siting_put_opening(const zp_siting *st, size_t r, FILE *fp, const char *indent)
{
    static const char *const word[] = {"小学", "初级中学", "九年一贯制学校"};
    int32_t o = st->chosen[r];
    const zp_siting_design *d = design_of(st, o);
    double lon, lat;
    int rc = site_lonlat(st, o, &lon, &lat);
    if (rc)
        return rc;
    fprintf(fp,
            "%s- add_school: {id: N%02zu, name: 规划新建%s%zu, type: %s, x: %.7f, y: %.7f, "
            "crs: \"EPSG:4490\",\n%s                capacity: {",
            indent, r + 1, word[d->type], r + 1, zp_school_type_name(d->type), lon, lat, indent);
    for (int l = 0, n = 0; l < ZP_NLEVELS; l++)
        if (zp_school_serves(d->type, (zp_level)l))
            fprintf(fp, "%s%s: %lld", n++ ? ", " : "", zp_level_name((zp_level)l),
                    (long long)st->opt[o].places[l]);
    fputs("}, classes: {", fp);
    for (int l = 0, n = 0; l < ZP_NLEVELS; l++)
        if (zp_school_serves(d->type, (zp_level)l))
            fprintf(fp, "%s%s: %d", n++ ? ", " : "", zp_level_name((zp_level)l), d->classes[l]);
    fputc('}', fp);
    put_resources(fp, &d->res);
    fprintf(fp, "}   # site %s\n", st->cand_id[st->opt[o].cand]);
    return ZP_OK;
}

/* One add_school item per opening, CGCS2000 longitude/latitude. */
static int put_changes(const zp_siting *st, FILE *fp, const char *indent)
{
    for (size_t r = 0; r < st->nchosen; r++) {
        int rc = zp_siting_put_opening(st, r, fp, indent);
        if (rc)
            return rc;
    }
    for (size_t k = 0; st->closed && k < st->run->ds.nschools; k++)
        if (st->closed[k]) /* after the openings: 先建后撤, build first, then close */
            fprintf(fp, "%s- close_school: {id: %s}\n", indent, st->run->ds.schools[k].id);
    return ZP_OK;
}

static int write_yaml(const zp_siting *st, const char *dir)
{
    FILE *fp;
    int rc = zp_out_open(dir, "changes.yaml", &fp);
    if (rc)
        return rc;
    fprintf(fp,
            "# The openings zoneplan site chose for %s, most valuable first: add them to\n"
            "# the scenario's changes: list, or run plan.yaml beside this file.\n",
            st->run->sc->file);
    rc = put_changes(st, fp, "");
    int rc2 = zp_out_close(fp, dir, "changes.yaml");
    if (rc || rc2)
        return rc ? rc : rc2;
    /* relative to plan.yaml, so the folder and its scenario can be moved together */
    char *base = zp_path_relative(dir, st->run->sc->file);
    if (!base)
        return zp_error_code();
    if ((rc = zp_out_open(dir, "plan.yaml", &fp))) {
        free(base);
        return rc;
    }
    fprintf(fp, "# The siting plan: the scenario below with the openings added.\n"
                "#   zoneplan run plan.yaml   (writes plan/ beside this file)\n"
                "base: ");
    put_quoted(fp, base);
    free(base);
    fputs("\nname: ", fp);
    char name[512];
    snprintf(name, sizeof name, "%s, siting plan", st->run->sc->name);
    put_quoted(fp, name);
    /* the plan's run speaks the language this siting was reported in */
    fprintf(fp, "\noutput: {dir: plan%s}\nchanges:\n",
            st->run->sc->lang == ZP_LANG_ZH ? ", lang: zh" : "");
    rc = put_changes(st, fp, "  ");
    rc2 = zp_out_close(fp, dir, "plan.yaml");
    return rc ? rc : rc2;
}

static void level_rows(FILE *fp, const zp_siting *st)
{
    zp_lang lang = st->run->sc->lang;
    fputs(zp_word(lang, "site_level_table"), fp);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        if (!st->run->active[l])
            continue;
        int64_t kids = 0;
        for (size_t b = 0; b < st->run->ds.nblocks; b++)
            kids += st->run->ds.blocks[b].children[l];
        const zp_siting_score *b = &st->before, *a = &st->after;
        double pb = (double)(kids - b->shortfall[l]), pa = (double)(kids - a->shortfall[l]);
        fprintf(fp, zp_word(lang, "site_level_row"), zp_word_level(lang, l),
                (long long)b->shortfall[l], (long long)a->shortfall[l], b->child_m[l],
                a->child_m[l], pb > 0 ? b->child_m[l] / pb : 0, pa > 0 ? a->child_m[l] / pa : 0);
    }
}

/* The chosen plan's quality-balance audit, from its run: schools passing per level. */
static void audit_lines(FILE *fp, const zp_siting *st, const zp_run *plan)
{
    zp_lang lang = st->run->sc->lang;
    if (!plan || !plan->audit_on)
        return;
    fputs(zp_word(lang, "site_audit_head"), fp);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        const zp_audit_result *a = &plan->audit_plan;
        if (plan->active[l])
            fprintf(fp, zp_word(lang, "site_audit_level"), zp_word_level(lang, l), a->npass[l],
                    a->npass[l] + a->nfail[l]);
    }
    fputs(zp_word(lang, plan->sc->policy.audit.enforce ? "site_audit_enforced" : "site_audit_hint"),
          fp);
}

static int write_report(const zp_siting *st, const char *dir, const zp_run *plan)
{
    FILE *fp;
    int rc = zp_out_open(dir, "report.md", &fp);
    if (rc)
        return rc;
    const zp_siting_spec *sp = &st->run->sc->siting;
    zp_lang lang = st->run->sc->lang;
    fprintf(fp, zp_word(lang, "site_title"), st->run->sc->name);
    if (sp->cand_path)
        fprintf(fp, zp_word(lang, "site_cand_layer"), st->ncand, sp->cand_path);
    else
        fprintf(fp, zp_word(lang, "site_cand_grid"), st->ncand, sp->grid_spacing_m);
    fprintf(fp, zp_word(lang, "site_options"), sp->ndesigns, st->nopt, sp->open_max,
            st->evaluations, st->seconds);
    fputs(zp_word(lang, "site_today_head"), fp);
    level_rows(fp, st);
    fprintf(fp, zp_word(lang, "site_objective"), st->run->sc->policy.shortfall_penalty_m,
            st->before.objective, st->after.objective, st->lower_bound, st->gap * 100);
    fputs(zp_word(lang, "site_openings_head"), fp);
    for (size_t r = 0; r < st->nchosen; r++) {
        int32_t o = st->chosen[r];
        char design[64];
        design_text(lang, design_of(st, o), design, sizeof design);
        fprintf(fp, "| %zu | %s | N%02zu | %s | %lld / %lld | %lld / %lld | %lld | %.0f |\n", r + 1,
                st->cand_id[st->opt[o].cand], r + 1, design, (long long)st->opt[o].places[0],
                (long long)st->opt[o].places[1], (long long)st->served[0][r],
                (long long)st->served[1][r], (long long)zp_siting_shortfall(&st->step[r]),
                st->step[r].child_m[0] + st->step[r].child_m[1]);
    }
    if (!st->nchosen)
        fputs(zp_word(lang, "site_no_opening"), fp);
    char **close = st->run->sc->siting.close;
    if (close && close[0])
        fputs(zp_word(lang, "site_closure_head"), fp);
    for (size_t i = 0; close && close[i]; i++)
        fprintf(fp, "| %s | %s | %lld |\n", close[i],
                zp_word(lang, st->close_lost[i] ? "site_no" : "site_yes"),
                (long long)st->close_lost[i]);
    audit_lines(fp, st, plan);
    fputs(zp_word(lang, "site_how_to_run"), fp);
    return zp_out_close(fp, dir, "report.md");
}

int zp_siting_stage_open(const zp_siting *st, const char *dir, zp_stage **stage)
{
    zp_inputs in = {0};
    int rc = zp_data_inputs(st->run->sc, &in);
    if (!rc)
        rc = zp_stage_open(dir, ZP_FOLDER_SITE, &in, stage);
    zp_inputs_free(&in);
    return rc;
}

/* The plan as `zoneplan run plan.yaml` makes it, run from the staged plan.yaml into the
 * staged plan/: proof that it reproduces. The run is kept in *out for the report. */
static int write_plan(const char *dir, zp_run **out)
{
    char *plan = zp_path_join(dir, "plan.yaml");
    zp_run *run = NULL;
    int rc = plan ? zp_run_load(plan, &run) : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc)
        rc = zp_run_solve(run);
    if (!rc && zp_sys_mkdir(run->sc->output_dir) != 0)
        rc = zp_error_set(ZP_EIO, "%s: cannot create: %s", run->sc->output_dir, strerror(errno));
    if (!rc)
        rc = zp_run_write_files(run, run->sc->output_dir);
    if (rc)
        zp_run_free(run);
    *out = rc ? NULL : run;
    free(plan);
    return rc;
}

int zp_siting_write(const zp_siting *st, zp_stage *stage)
{
    const char *dir = zp_stage_dir(stage);
    int (*writers[])(const zp_siting *, const char *) = {write_csv, write_shp, write_yaml};
    int rc = ZP_OK;
    zp_run *plan = NULL;
    for (size_t i = 0; !rc && i < sizeof writers / sizeof writers[0]; i++)
        rc = writers[i](st, dir);
    if (!rc) /* the plan first: the report tells its audit */
        rc = write_plan(dir, &plan);
    if (!rc)
        rc = write_report(st, dir, plan);
    zp_run_free(plan);
    if (!rc)
        rc = zp_stage_commit(stage);
    else
        zp_stage_abort(stage);
    return rc;
}

void zp_siting_print(const zp_siting *st, const char *dir, FILE *fp)
{
    zp_lang lang = st->run->sc->lang;
    fprintf(fp, zp_word(lang, "cli_site"), st->ncand, st->run->sc->siting.ndesigns, st->evaluations,
            st->seconds);
    for (int l = 0; l < ZP_NLEVELS; l++)
        if (st->run->active[l])
            fprintf(fp, zp_word(lang, "cli_site_level"), zp_word_level(lang, l),
                    (long long)st->before.shortfall[l], (long long)st->after.shortfall[l],
                    st->before.child_m[l], st->after.child_m[l]);
    for (size_t r = 0; r < st->nchosen; r++) {
        char design[64];
        design_text(lang, design_of(st, st->chosen[r]), design, sizeof design);
        fprintf(fp, zp_word(lang, "cli_site_open"), r + 1, st->cand_id[st->opt[st->chosen[r]].cand],
                design);
    }
    for (size_t i = 0; st->run->sc->siting.close && st->run->sc->siting.close[i]; i++)
        fprintf(fp, zp_word(lang, "cli_site_close"), st->run->sc->siting.close[i],
                zp_word(lang, st->close_lost[i] ? "cli_site_kept" : "cli_site_closed"));
    fprintf(fp, zp_word(lang, "cli_site_bound"), st->lower_bound, st->after.objective,
            st->gap * 100);
    fprintf(fp, zp_word(lang, "cli_outputs"), dir,
            "sites.csv,sites.shp,changes.yaml,plan.yaml,report.md,plan/");
}

int zp_siting_default_dir(const zp_siting *st, char **dir)
{
    const char *d = st->run->sc->output_dir;
    *dir = NULL;
    if (d && asprintf(dir, "%s-siting", d) < 0) {
        *dir = NULL;
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    return ZP_OK;
}
