/* zoneplan plan under policy.redraw_applies_to: intake. A redraw binds the entering grades
 * (grade 1 and the first junior grade) while the pupils already enrolled stay at their school:
 * that is how a bureau phases a new catchment in. So a year's assignment places only the
 * entering cohorts (and the pupils of a school that has closed) in the places the staying
 * cohorts leave, and each cohort keeps the school it entered until it leaves the level;
 * those enrolled in the data's year stay at today's school. Years follow one another: every
 * path (today's schools, the schedule, the schedule for the high variant) is run from the
 * first year on. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_internal.h"
#include "zoneplan/errors.h"

/* Whether site (a school, or nschools + an opening's rank) takes pupils in year y with the
 * first k openings, the schedule's closures when closing is set, and school extra closed. */
static int site_open(const zp_plan *p, int32_t site, int y, size_t k, int closing, int extra)
{
    size_t ns = p->st->run->ds.nschools;
    if (site < 0)
        return 0;
    if ((size_t)site >= ns)
        return (size_t)site - ns < k;
    int shut = closing && p->close_year[site] && p->close_year[site] <= p->first + y;
    return !shut && site != extra;
}

/* The school a block's cohort of grade g (offset j within its level) attends in year y, and
 * the share of it that got a place there when it entered (the rest is placed again). */
static int32_t cohort_site(const zp_plan *p, int path, int l, size_t b, int y, int j, double *share)
{
    const zp_run *run = p->st->run;
    int e = y - j; /* the year it entered */
    *share = 1;
    if (e < 0)
        return run->has_current[l] ? run->cur_school[l][b] : -1;
    size_t at = ((size_t)e * ZP_NLEVELS + (size_t)l) * run->ds.nblocks + b;
    *share = p->placed_share[path][at];
    return p->entered[path][at];
}

/* The staying cohorts' pupils per site (load) and each block's entrants, plus the pupils
 * whose school is gone, into the blocks' children. */
static void stayers(zp_plan *p, int path, zp_variant v, int y, size_t k, int closing, int extra,
                    int l, double *load)
{
    zp_run *run = p->st->run;
    const zp_proj_rules *r = &run->sc->horizon.rules;
    int entry = l == ZP_PRIMARY ? 0 : r->primary_grades;
    int n = l == ZP_PRIMARY ? r->primary_grades : ZP_NGRADES - r->primary_grades;
    for (size_t b = 0; b < run->ds.nblocks; b++) {
        double in = zp_plan_grade(p, v, y, b, entry);
        for (int j = 1; j < n; j++) {
            double pupils = zp_plan_grade(p, v, y, b, entry + j), share;
            int32_t site = cohort_site(p, path, l, b, y, j, &share);
            double staying = site_open(p, site, y, k, closing, extra) ? pupils * share : 0;
            if (staying > 0)
                load[site] += staying;
            in += pupils - staying;
        }
        run->ds.blocks[b].children[l] = (int32_t)llround(in);
    }
}

int zp_plan_intake_year(zp_plan *p, int path, zp_variant v, int y, size_t k, int closing, int extra,
                        zp_siting_score *sc)
{
    zp_siting *st = p->st;
    zp_run *run = st->run;
    size_t nb = run->ds.nblocks, ns = run->ds.nschools, m = ns + k;
    size_t per_path = (size_t)p->nyears * ZP_NLEVELS * nb;
    if (!p->entered[path] && !(p->entered[path] = malloc((per_path + 1) * sizeof(int32_t))))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    if (!p->placed_share[path] && !(p->placed_share[path] = malloc((per_path + 1) * sizeof(float))))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    double *load = calloc(ZP_NLEVELS * (m + 1), sizeof *load);
    int64_t *room = malloc(ZP_NLEVELS * (m + 1) * sizeof *room);
    if (!load || !room) {
        free(load);
        free(room);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    const int64_t *rooms[ZP_NLEVELS];
    for (int l = 0; l < ZP_NLEVELS; l++) {
        double *ld = load + (size_t)l * (m + 1);
        int64_t *rm = room + (size_t)l * (m + 1);
        if (run->active[l])
            stayers(p, path, v, y, k, closing, extra, l, ld);
        for (size_t s = 0; s < m; s++) {
            int64_t places = !site_open(p, (int32_t)s, y, k, closing, extra) ? 0
                             : s < ns ? run->capacity[l] ? run->capacity[l][s] : 0
                                      : st->opt[st->chosen[s - ns]].places[l];
            int64_t left = places - llround(ld[s]);
            rm[s] = left > 0 ? left : 0;
        }
        rooms[l] = rm;
    }
    zp_alloc_result res[ZP_NLEVELS];
    int rc = zp_siting_score_room(st, st->chosen, k, rooms, sc, res);
    for (int l = 0; l < ZP_NLEVELS; l++) {
        size_t at = ((size_t)y * ZP_NLEVELS + (size_t)l) * nb;
        int32_t *row = p->entered[path] + at;
        float *share = p->placed_share[path] + at;
        int known = !rc && run->active[l] && res[l].school;
        for (size_t b = 0; b < nb; b++) {
            double placed = known ? res[l].placed[b] : 0, lost = known ? res[l].unplaced[b] : 0;
            row[b] = known ? res[l].school[b] : -1;
            share[b] = placed + lost > 0 ? (float)(placed / (placed + lost)) : 1.0f;
        }
        zp_alloc_result_free(&res[l]);
    }
    free(load);
    free(room);
    return rc;
}
