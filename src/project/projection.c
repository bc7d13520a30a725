/* Demand over the years (zoneplan/project.h): cohort survival by grade progression ratios,
 * entrants from the children aged 0-5 and then a birth trend, estates phased in after
 * completion, net migration, low / central / high variants, the ratios estimated from
 * history and a projection's error against what happened. Kept as arithmetic over plain
 * numbers so each assumption is a named value a planner can read and a test can check. */
#include <math.h>
#include <string.h>

#include "zoneplan/project.h"

const char *zp_variant_name(zp_variant v)
{
    static const char *names[ZP_NVARIANTS] = {"low", "central", "high"};
    return (unsigned)v < ZP_NVARIANTS ? names[v] : "central";
}

void zp_proj_rules_split(zp_proj_rules *r, int primary_grades)
{
    r->primary_grades = primary_grades;
    for (int g = 0; g < ZP_NGRADES - 1; g++)
        r->progression[g] = 1.0;
    r->progression[primary_grades - 1] = 0.98; /* into junior school: some leave for others */
}

void zp_proj_rules_default(zp_proj_rules *r)
{
    memset(r, 0, sizeof *r);
    zp_proj_rules_split(r, 6);
    r->entry_ratio = 1.0;
    r->birth_trend = -0.03;
    const double entry[ZP_NVARIANTS] = {0.95, 1.0, 1.05}, moves[ZP_NVARIANTS] = {-0.01, 0, 0.01};
    memcpy(r->variant_entry, entry, sizeof entry);
    memcpy(r->variant_migration, moves, sizeof moves);
}

zp_level zp_proj_grade_level(const zp_proj_rules *r, int g)
{
    return g < r->primary_grades ? ZP_PRIMARY : ZP_JUNIOR;
}

/* Grade-1 entrants of year y (>= 1), before migration: the cohort aged 5 the year before
 * (aged 6 - y now), beyond the youngest known one by the birth trend. */
static double entrants(const zp_proj_rules *r, const double grades0[ZP_NGRADES],
                       const double ages0[6], int y)
{
    if (!ages0)
        return grades0[0] * pow(1 + r->birth_trend, y);
    int a = 6 - y;
    double cohort = a >= 0 ? ages0[a] : ages0[0] * pow(1 + r->birth_trend, -a);
    return cohort * r->entry_ratio;
}

void zp_proj_block(const zp_proj_rules *r, zp_variant v, const double grades0[ZP_NGRADES],
                   const double ages0[6], double migration, int years, double *out)
{
    double m = migration + r->variant_migration[v];
    memcpy(out, grades0, ZP_NGRADES * sizeof *out);
    for (int y = 1; y <= years; y++) {
        const double *prev = out + (size_t)(y - 1) * ZP_NGRADES;
        double *cur = out + (size_t)y * ZP_NGRADES;
        for (int g = 1; g < ZP_NGRADES; g++)
            cur[g] = prev[g - 1] * r->progression[g - 1] * (1 + m);
        /* the entering cohort has lived here y years: y years of net migration */
        cur[0] = entrants(r, grades0, ages0, y) * r->variant_entry[v] * pow(1 + m, y);
    }
}

double zp_proj_yield_per_thousand(double places_per_1000, double persons_per_household)
{
    return places_per_1000 * persons_per_household / 1000.0;
}

void zp_proj_estate_add(const zp_proj_rules *r, const zp_proj_estate *e, int years, double *out)
{
    static const double dflt[] = {0.4, 0.7, 0.9, 1.0};
    const double *mat = e->nmaturation > 0 ? e->maturation : dflt;
    int nmat = e->nmaturation > 0 ? e->nmaturation : 4;
    int per_level[ZP_NLEVELS] = {r->primary_grades, ZP_NGRADES - r->primary_grades};
    for (int y = e->completion < 0 ? 0 : e->completion; y <= years; y++) {
        int k = y - e->completion;
        double share = mat[k < nmat ? k : nmat - 1];
        for (int g = 0; g < ZP_NGRADES; g++) {
            zp_level l = zp_proj_grade_level(r, g);
            out[(size_t)y * ZP_NGRADES + (size_t)g] +=
                e->dwellings * e->yield[l] * e->far_scale * share / per_level[l];
        }
    }
}

int zp_proj_ratios(const double *history, int nyears, double progression[ZP_NGRADES - 1])
{
    if (nyears < 2)
        return -1;
    for (int g = 0; g < ZP_NGRADES - 1; g++) {
        double num = 0, den = 0;
        for (int y = 0; y + 1 < nyears; y++) {
            num += history[(size_t)(y + 1) * ZP_NGRADES + (size_t)g + 1];
            den += history[(size_t)y * ZP_NGRADES + (size_t)g];
        }
        if (den > 0)
            progression[g] = num / den;
    }
    return 0;
}

double zp_proj_mape(const double *actual, const double *projected, size_t n)
{
    double sum = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (actual[i] > 0) {
            sum += fabs(projected[i] - actual[i]) / actual[i];
            k++;
        }
    return k ? sum / (double)k : NAN;
}
