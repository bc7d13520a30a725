/* The children aged 0-5 of each synthetic block, so that demand can be projected from the
 * data as a bureau has it (户籍 and birth registers by community). A block's cohorts follow
 * its primary children per grade: in the new estates each younger year of birth is larger
 * (young families still move in), elsewhere smaller (births fell nationally after 2016),
 * with some noise per block and age; their own random stream (RNG_AGES) leaves every other
 * draw as it was. */
#include <math.h>
#include <stdlib.h>

#include "zoneplan/errors.h"
#include "gen_internal.h"

int gen_ages(gen_world *w)
{
    gen_rng rng;
    gen_rng_seed(&rng, w->opt->seed, RNG_AGES);
    for (int a = 0; a < 6; a++)
        if (!(w->age[a] = calloc(w->nb + 1, sizeof *w->age[a])))
            return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; b < w->nb; b++) {
        int estate = w->skind[w->bseed[b]] == KIND_ESTATE;
        double step = estate ? GEN_BIRTHS_ESTATE : GEN_BIRTHS_ELSEWHERE;
        double per_grade = w->pri[b] / 6.0;
        /* aged 6 is about this year's grade 1: age a was born 6 - a years later */
        for (int a = 0; a < 6; a++) {
            double x = per_grade * pow(step, 6 - a) *
                       gen_range(&rng, 1 - GEN_AGE_NOISE, 1 + GEN_AGE_NOISE);
            w->age[a][b] = (int32_t)lround(x);
        }
    }
    return ZP_OK;
}
