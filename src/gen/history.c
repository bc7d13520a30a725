/* Past enrolments per school, grade and year (history.csv, 2019 to 2026), from which the
 * projection estimates its grade progression ratios and against which it is backtested. Made
 * backwards from each school's enrolment today (schools.dbf ENR_PRI, ENR_JUN) with ratios
 * the generator knows: a cohort keeps GEN_HIST_PRI of its pupils from one primary grade to
 * the next and GEN_HIST_JUN in junior school, and each school's intake changes every year by
 * its catchment's trend (rising in the new estates, slowly falling elsewhere: a birth decline
 * with a new-town boom; mild, as the blocks' grades today are about even). No noise beyond
 * rounding to whole pupils, so a backtest must find the ratios and an error near zero. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "gen_internal.h"
#include "zoneplan/errors.h"

/* A school's intake trend at level l: its catchment's blocks' birth steps, weighted by their
 * children (1 when it has none). */
static double intake_trend(const gen_world *w, int l, int s)
{
    double sum = 0, weight = 0;
    for (size_t b = 0; b < w->nb; b++)
        if (w->cur[l][b] == s) {
            double kids = l ? w->jun[b] : w->pri[b];
            sum += kids * (w->skind[w->bseed[b]] == KIND_ESTATE ? GEN_HIST_BOOM : GEN_HIST_DECLINE);
            weight += kids;
        }
    return weight > 0 ? sum / weight : 1.0;
}

/* School s's pupils at level l by grade (g1 .. of the level) and year: row[(y * n) + g]. The
 * last year's grades sum to the enrolment exactly (the rounding goes to grade 1). */
static void level_history(const gen_world *w, int l, int s, long *row)
{
    int n = l ? 3 : 6;
    double rho = l ? GEN_HIST_JUN : GEN_HIST_PRI, t = intake_trend(w, l, s), share = 0;
    for (int g = 0; g < n; g++)
        share += pow(rho / t, g);
    double entrants = w->enr[l][s] / share; /* the last year's grade 1 */
    long last = 0;
    for (int y = 0; y < GEN_HIST_YEARS; y++)
        for (int g = 0; g < n; g++) {
            int back = GEN_HIST_YEARS - 1 - y + g; /* years before the last its cohort entered */
            row[y * n + g] = lround(entrants * pow(t, -back) * pow(rho, g));
            last += y == GEN_HIST_YEARS - 1 ? row[y * n + g] : 0;
        }
    row[(GEN_HIST_YEARS - 1) * n] += w->enr[l][s] - last;
}

int gen_history(const gen_world *w, char **csv)
{
    size_t len = 0;
    FILE *fp = open_memstream(csv, &len);
    if (!fp)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory");
    fputs("school,year,g1,g2,g3,g4,g5,g6,g7,g8,g9\n", fp);
    int sd = gen_school_digits(w);
    for (int s = 0; s < w->ns; s++) {
        long pri[GEN_HIST_YEARS * 6] = {0}, jun[GEN_HIST_YEARS * 3] = {0};
        if (w->enr[0][s] > 0)
            level_history(w, 0, s, pri);
        if (w->enr[1][s] > 0)
            level_history(w, 1, s, jun);
        for (int y = 0; y < GEN_HIST_YEARS; y++) {
            fprintf(fp, "S%0*d,%d", sd, s + 1, GEN_HIST_FIRST + y);
            for (int g = 0; g < 6; g++)
                fprintf(fp, ",%ld", pri[y * 6 + g]);
            for (int g = 0; g < 3; g++)
                fprintf(fp, ",%ld", jun[y * 3 + g]);
            fputc('\n', fp);
        }
    }
    return fclose(fp) == 0 ? ZP_OK : zp_error_set(ZP_ENOMEM, "gen: out of memory");
}
