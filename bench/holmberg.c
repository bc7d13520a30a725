/* The Holmberg benchmark of single-source capacitated facility location: solve every
 * instance named on the command line with zoneplan's SSCFLP solver and print a Markdown
 * table of our objective, the published optimum (from the `os` file given with --optima),
 * the gap to it, our proven gap (to our own lower bound) and the time. bench/holmberg.sh
 * runs it on ../shared/data/sscflp-holmberg and writes bench/results/holmberg.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zoneplan/errors.h"
#include "zoneplan/site.h"

static int load_optima(const char *path, double *opt, int max)
{
    FILE *fp = fopen(path, "r");
    int n = 0;
    while (fp && n < max && fscanf(fp, "%lf", &opt[n]) == 1)
        n++;
    if (fp)
        fclose(fp);
    return n;
}

/* p12 -> 12: the instance's number names its line in `os`. */
static int instance_number(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return base[0] == 'p' ? atoi(base + 1) : 0;
}

int main(int argc, char **argv)
{
    double opt[256];
    int nopt = 0, first = 1;
    if (argc > 2 && !strcmp(argv[1], "--optima")) {
        nopt = load_optima(argv[2], opt, 256);
        first = 3;
    }
    printf("| instance | sites x customers | ours | optimum | gap to optimum %% | proven gap %% | "
           "seconds |\n|---|---|---|---|---|---|---|\n");
    double total = 0, sum_gap = 0, worst = 0;
    int solved = 0, failed = 0;
    for (int a = first; a < argc; a++) {
        zp_sscflp in;
        size_t ignored = 0;
        if (zp_sscflp_read_holmberg(argv[a], &in, &ignored)) {
            fprintf(stderr, "holmberg: %s\n", zp_error_last());
            failed++;
            continue;
        }
        zp_sscflp_result res;
        int rc = zp_sscflp_solve(&in, NULL, &res);
        int k = instance_number(argv[a]);
        double best = k >= 1 && k <= nopt ? opt[k - 1] : NAN;
        double gap = isnan(best) ? NAN : (res.objective - best) / best * 100;
        printf("| %s%s | %zu x %zu | %.0f | %.0f | %.3f | %.3f | %.3f |\n",
               strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a], ignored ? "*" : "",
               in.nsites, in.ncust, res.objective, best, gap, res.gap * 100, res.seconds);
        if (rc || !res.feasible)
            failed++;
        else if (!isnan(gap)) {
            solved++;
            sum_gap += gap;
            worst = fmax(worst, gap);
        }
        total += res.seconds;
        zp_sscflp_result_free(&res);
        zp_sscflp_free(&in);
    }
    printf("\n%d instances solved, %d failed; mean gap to the optimum %.3f %%, worst %.3f %%; "
           "%.1f s in all.\n",
           solved, failed, solved ? sum_gap / solved : 0, worst, total);
    printf("(* the file ends in NUL padding after the instance, passed over)\n");
    return failed ? 1 : 0;
}
