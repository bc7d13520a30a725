/* Policy checks over one assignment (current catchments or the plan).
 *
 * Totals are gathered per school and level in one pass over blocks; flags are then
 * derived per school from those totals, so the cost is O(blocks + schools). Values
 * are the policy's, never literals: the scenario can change every cap. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/audit.h"
#include "zoneplan/check.h"
#include "zoneplan/errors.h"

const char *zp_flag_name(zp_flag_kind kind)
{
    static const char *names[ZP_NFLAGS] = {"class_size",    "large_class", "very_large_class",
                                           "classrooms",    "school_cap",  "over_capacity",
                                           "beyond_radius", "shortfall"};
    return (unsigned)kind < ZP_NFLAGS ? names[kind] : "unknown";
}

static int64_t level_places(const zp_school *s, const zp_policy *p, int l)
{
    int64_t c = s->seats[l];
    if (p->enforce_caps && s->classes[l] > 0) {
        int64_t by_classes = (int64_t)s->classes[l] * p->class_cap[l];
        c = by_classes < c ? by_classes : c;
    }
    return c;
}

/* The places of the caps alone (enforce_caps). */
static int64_t capped_places(const zp_school *s, const zp_policy *p, zp_level level)
{
    if (!zp_school_serves(s->type, level))
        return 0;
    int64_t c = level_places(s, p, level);
    if (!p->enforce_caps)
        return c;
    int64_t cap = p->school_cap[s->type];
    int64_t both = level_places(s, p, ZP_PRIMARY) * zp_school_serves(s->type, ZP_PRIMARY) +
                   level_places(s, p, ZP_JUNIOR) * zp_school_serves(s->type, ZP_JUNIOR);
    if (both <= cap || both == 0)
        return c;
    return (int64_t)floor((double)cap * (double)c / (double)both);
}

int zp_check_audit_places(const zp_school *s, const zp_policy *p, int64_t before[ZP_NLEVELS],
                          int64_t after[ZP_NLEVELS], int why[ZP_NLEVELS])
{
    for (int l = 0; l < ZP_NLEVELS; l++) {
        before[l] = after[l] = capped_places(s, p, (zp_level)l);
        why[l] = -1;
    }
    if (!p->audit.enforce || !zp_audit_has_resources(s))
        return 0;
    zp_audit_cap(s, &p->audit, before, after, why);
    return after[0] < before[0] || after[1] < before[1];
}

int64_t zp_check_capacity(const zp_school *s, const zp_policy *p, zp_level level)
{
    int64_t before[ZP_NLEVELS], after[ZP_NLEVELS];
    int why[ZP_NLEVELS];
    zp_check_audit_places(s, p, before, after, why);
    return after[level];
}

static int add_flag(zp_check_result *r, size_t *capf, zp_flag f)
{
    if (r->nflags == *capf) {
        size_t nc = *capf ? *capf * 2 : 64;
        zp_flag *g = realloc(r->flags, nc * sizeof *g);
        if (!g)
            return zp_error_set(ZP_ENOMEM, "out of memory");
        r->flags = g;
        *capf = nc;
    }
    r->flags[r->nflags++] = f;
    r->count[f.kind]++;
    return ZP_OK;
}

/* Gather enrolment, grades and distances per school and level. */
static void gather(const zp_dataset *ds, const zp_policy *p, const zp_level_assignment *a, int l,
                   zp_check_result *r)
{
    int g0 = zp_level_first_grade((zp_level)l), ng = zp_level_grade_count((zp_level)l);
    for (size_t b = 0; b < ds->nblocks; b++) {
        const zp_block *blk = &ds->blocks[b];
        int64_t kids = blk->children[l];
        int64_t placed = a->placed ? a->placed[b] : kids;
        if (a->unplaced && a->unplaced[b] > 0 && a->nearest && a->nearest[b] >= 0)
            r->stats[(size_t)a->nearest[b] * ZP_NLEVELS + (size_t)l].shortfall += a->unplaced[b];
        int32_t s = a->school[b];
        if (s < 0)
            continue;
        zp_school_stats *st = &r->stats[(size_t)s * ZP_NLEVELS + (size_t)l];
        st->blocks++;
        st->enrolment += placed;
        if (blk->has_grades && kids > 0)
            for (int g = g0; g < g0 + ng; g++) /* a partly placed block keeps its grade mix */
                st->grade_enrolment[g] +=
                    (int64_t)llround((double)blk->grades[g] * (double)placed / (double)kids);
        if (a->dist_m && placed > 0) {
            st->child_metres += a->dist_m[b] * (double)placed;
            st->max_dist_m = fmax(st->max_dist_m, a->dist_m[b]);
            if (a->dist_m[b] > p->service_radius_m[l])
                st->beyond_radius += placed;
        }
    }
}

typedef struct dist_kids {
    double d;
    int64_t kids;
} dist_kids;

static int cmp_dist_kids(const void *x, const void *y)
{
    const dist_kids *a = x, *b = y;
    return (a->d > b->d) - (a->d < b->d);
}

/* Children-weighted 95th percentile of distance per school: placed blocks bucketed by
 * school in one counting pass, each school's few sorted by distance, then a walk. */
static int percentiles(const zp_dataset *ds, const zp_level_assignment *a, int l,
                       zp_check_result *r)
{
    if (!a->dist_m)
        return ZP_OK;
    size_t ns = ds->nschools;
    dist_kids *v = malloc(sizeof *v * (ds->nblocks + 1));
    size_t *start = calloc(ns + 2, sizeof *start);
    if (!v || !start) {
        free(v);
        free(start);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (size_t b = 0; b < ds->nblocks; b++) {
        int64_t placed = a->placed ? a->placed[b] : ds->blocks[b].children[l];
        if (a->school[b] >= 0 && placed > 0)
            start[a->school[b] + 2]++;
    }
    for (size_t s = 0; s < ns; s++)
        start[s + 2] += start[s + 1];
    for (size_t b = 0; b < ds->nblocks; b++) {
        int64_t placed = a->placed ? a->placed[b] : ds->blocks[b].children[l];
        if (a->school[b] >= 0 && placed > 0)
            v[start[a->school[b] + 1]++] = (dist_kids){a->dist_m[b], placed};
    }
    for (size_t s = 0; s < ns; s++) {
        zp_school_stats *st = &r->stats[s * ZP_NLEVELS + (size_t)l];
        dist_kids *w = v + start[s];
        size_t n = start[s + 1] - start[s];
        qsort(w, n, sizeof *w, cmp_dist_kids);
        int64_t seen = 0;
        for (size_t j = 0; j < n; j++) {
            seen += w[j].kids;
            if (seen * 100 >= st->enrolment * 95) {
                st->p95_dist_m = w[j].d;
                break;
            }
        }
    }
    free(v);
    free(start);
    return ZP_OK;
}

static int class_flags(zp_check_result *r, size_t *capf, const zp_policy *p, int32_t s, int l,
                       int grade, double enrol, int32_t classes)
{
    if (classes <= 0)
        return ZP_OK;
    double avg = enrol / classes;
    int rc = ZP_OK;
    if (avg > p->class_cap[l])
        rc =
            add_flag(r, capf, (zp_flag){ZP_FLAG_CLASS_SIZE, s, l, grade, avg, p->class_cap[l], -1});
    if (!rc && avg >= p->very_large_class)
        rc = add_flag(
            r, capf,
            (zp_flag){ZP_FLAG_VERY_LARGE_CLASS, s, l, grade, avg, p->very_large_class, -1});
    else if (!rc && avg >= p->large_class)
        rc =
            add_flag(r, capf, (zp_flag){ZP_FLAG_LARGE_CLASS, s, l, grade, avg, p->large_class, -1});
    return rc;
}

static int level_flags(const zp_dataset *ds, const zp_policy *p, int32_t s, int l,
                       zp_check_result *r, size_t *capf)
{
    const zp_school *sc = &ds->schools[s];
    zp_school_stats *st = &r->stats[(size_t)s * ZP_NLEVELS + (size_t)l];
    int rc = class_flags(r, capf, p, s, l, 0, (double)st->enrolment, st->classes);
    int g0 = zp_level_first_grade((zp_level)l), ng = zp_level_grade_count((zp_level)l);
    for (int g = g0; !rc && sc->has_grade_classes && g < g0 + ng; g++)
        rc = class_flags(r, capf, p, s, l, g + 1, (double)st->grade_enrolment[g],
                         sc->grade_classes[g]);
    int64_t needed = (st->enrolment + p->class_cap[l] - 1) / p->class_cap[l];
    if (!rc && st->classes > 0 && needed > st->classes)
        rc = add_flag(r, capf,
                      (zp_flag){ZP_FLAG_CLASSROOMS, s, l, 0, (double)needed, st->classes, -1});
    if (!rc && st->enrolment > st->capacity)
        rc = add_flag(r, capf,
                      (zp_flag){ZP_FLAG_OVER_CAPACITY, s, l, 0, (double)st->enrolment,
                                (double)st->capacity, st->enrolment - st->capacity});
    if (!rc && st->beyond_radius > 0)
        rc = add_flag(r, capf,
                      (zp_flag){ZP_FLAG_BEYOND_RADIUS, s, l, 0, st->max_dist_m,
                                p->service_radius_m[l], st->beyond_radius});
    if (!rc && st->shortfall > 0)
        rc = add_flag(
            r, capf,
            (zp_flag){ZP_FLAG_SHORTFALL, s, l, 0, (double)st->shortfall, 0, st->shortfall});
    return rc;
}

static int school_flags(const zp_dataset *ds, const zp_policy *p,
                        const zp_level_assignment asg[ZP_NLEVELS], int32_t s, zp_check_result *r,
                        size_t *capf)
{
    const zp_school *sc = &ds->schools[s];
    int rc = ZP_OK;
    int64_t before[ZP_NLEVELS], places[ZP_NLEVELS]; /* both levels in one go (the audit's) */
    int why[ZP_NLEVELS];
    zp_check_audit_places(sc, p, before, places, why);
    for (int l = 0; !rc && l < ZP_NLEVELS; l++) {
        zp_school_stats *st = &r->stats[(size_t)s * ZP_NLEVELS + (size_t)l];
        st->capacity = places[l];
        st->classes = sc->classes[l];
        st->avg_class = st->classes > 0 ? (double)st->enrolment / st->classes : 0;
        r->school_total[s] += st->enrolment;
        if (asg[l].active && zp_school_serves(sc->type, (zp_level)l))
            rc = level_flags(ds, p, s, l, r, capf);
    }
    if (!rc && r->school_total[s] > p->school_cap[sc->type])
        rc = add_flag(r, capf,
                      (zp_flag){ZP_FLAG_SCHOOL_CAP, s, -1, 0, (double)r->school_total[s],
                                p->school_cap[sc->type],
                                r->school_total[s] - p->school_cap[sc->type]});
    return rc;
}

int zp_check_run(const zp_dataset *ds, const zp_policy *policy,
                 const zp_level_assignment asg[ZP_NLEVELS], zp_check_result *out)
{
    memset(out, 0, sizeof *out);
    out->nschools = ds->nschools;
    out->stats = calloc(ds->nschools * ZP_NLEVELS + 1, sizeof *out->stats);
    out->school_total = calloc(ds->nschools + 1, sizeof *out->school_total);
    if (!out->stats || !out->school_total) {
        zp_check_free(out);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    int rc = ZP_OK;
    for (int l = 0; !rc && l < ZP_NLEVELS; l++)
        if (asg[l].active) {
            gather(ds, policy, &asg[l], l, out);
            rc = percentiles(ds, &asg[l], l, out);
        }
    size_t capf = 0;
    for (size_t s = 0; !rc && s < ds->nschools; s++)
        rc = school_flags(ds, policy, asg, (int32_t)s, out, &capf);
    if (rc)
        zp_check_free(out);
    return rc;
}

void zp_check_free(zp_check_result *r)
{
    free(r->stats);
    free(r->school_total);
    free(r->flags);
    memset(r, 0, sizeof *r);
}

const char *zp_check_flag_list(const zp_check_result *r, int32_t school, int level, char *buf,
                               size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    int seen[ZP_NFLAGS] = {0};
    for (size_t i = 0; i < r->nflags; i++) {
        const zp_flag *f = &r->flags[i];
        if (f->school != school || (f->level != level && f->level != -1) || seen[f->kind])
            continue;
        seen[f->kind] = 1;
        int n = snprintf(buf + len, size - len, "%s%s", len ? ";" : "", zp_flag_name(f->kind));
        if (n < 0 || (size_t)n >= size - len)
            break;
        len += (size_t)n;
    }
    return buf;
}
