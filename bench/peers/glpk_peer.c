/* glpk_peer: solve a zoneplan transportation instance as an LP with GLPK's simplex.
 *
 *   glpk_peer FILE
 *
 * FILE: see lemon_peer.cpp (written by `zoneplan run --export-instance PREFIX`).
 * LP: min sum cost*x + P*u  s.t.  sum_arcs(b) x + u_b = demand_b  (one row per block),
 *     sum_arcs(s) x <= cap_s  (one row per school),  x, u >= 0.
 * Solved with glp_simplex (presolve on, messages off, primal simplex, default pricing).
 *
 * Prints one JSON line {"solver":"GLPK simplex","build_s":..,"solve_s":..,"objective_cm":..}.
 * build_s = reading + building the problem; solve_s = glp_simplex alone.
 * objective_cm is the exact integer sum cost*round(x) + P*round(u) of the returned basic
 * solution (a basic solution of a transportation LP with integer data is integral; the
 * largest deviation from an integer is reported as max_frac); objective_glpk is GLPK's own
 * floating-point objective value.
 *
 * Build: gcc -O2 -o glpk_peer glpk_peer.c -lglpk
 */
#include <glpk.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef long long i64;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void die(const char *msg) {
    fprintf(stderr, "glpk_peer: %s\n", msg);
    exit(2);
}

static char *buf;
static size_t pos, len;

static void skip_ws(void) {
    while (pos < len && (buf[pos] == ' ' || buf[pos] == '\n' || buf[pos] == '\r' || buf[pos] == '\t'))
        ++pos;
}
static void word(char *out, size_t cap) {
    skip_ws();
    size_t n = 0;
    while (pos < len && buf[pos] != ' ' && buf[pos] != '\n' && buf[pos] != '\r' && buf[pos] != '\t') {
        if (n + 1 < cap) out[n++] = buf[pos];
        ++pos;
    }
    out[n] = '\0';
}
static void expect(const char *w) {
    char tmp[64];
    word(tmp, sizeof tmp);
    if (strcmp(tmp, w) != 0) die("unexpected token in header");
}
static i64 num(void) {
    skip_ws();
    int neg = 0;
    if (pos < len && buf[pos] == '-') { neg = 1; ++pos; }
    if (pos >= len || buf[pos] < '0' || buf[pos] > '9') die("expected an integer");
    i64 v = 0;
    while (pos < len && buf[pos] >= '0' && buf[pos] <= '9') v = v * 10 + (buf[pos++] - '0');
    return neg ? -v : v;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: glpk_peer FILE\n");
        return 2;
    }
    const double t0 = now_s();
    FILE *f = fopen(argv[1], "rb");
    if (!f) die("cannot open instance file");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n < 0) die("cannot size instance file");
    len = (size_t)n;
    buf = malloc(len + 1);
    if (!buf || fread(buf, 1, len, f) != len) die("short read");
    buf[len] = '\0';
    fclose(f);

    char level[64];
    expect("zoneplan-instance");
    if (num() != 1) die("unsupported instance version");
    word(level, sizeof level);
    expect("blocks");
    const i64 B = num();
    expect("schools");
    const i64 S = num();
    expect("arcs");
    const i64 A = num();
    expect("penalty_cm");
    const i64 P = num();

    i64 *cap = malloc(sizeof *cap * (size_t)(S > 0 ? S : 1));
    i64 *demand = malloc(sizeof *demand * (size_t)(B > 0 ? B : 1));
    int *arc_block = malloc(sizeof *arc_block * (size_t)(A > 0 ? A : 1));
    int *arc_school = malloc(sizeof *arc_school * (size_t)(A > 0 ? A : 1));
    i64 *arc_cost = malloc(sizeof *arc_cost * (size_t)(A > 0 ? A : 1));
    if (!cap || !demand || !arc_block || !arc_school || !arc_cost) die("out of memory");
    for (i64 s = 0; s < S; ++s) cap[s] = num();
    i64 a = 0;
    for (i64 b = 0; b < B; ++b) {
        demand[b] = num();
        i64 k = num();
        for (i64 j = 0; j < k; ++j) {
            if (a >= A) die("more arcs than the header says");
            i64 s = num();
            if (s < 0 || s >= S) die("school index out of range");
            arc_block[a] = (int)b;
            arc_school[a] = (int)s;
            arc_cost[a] = num();
            ++a;
        }
    }
    if (a != A) die("arc count does not match the header");
    free(buf);
    const double t_read = now_s();

    /* Rows 1..B: blocks (= demand); rows B+1..B+S: schools (<= cap).
     * Columns 1..A: arcs x; columns A+1..A+B: shortfall u. */
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_rows(lp, (int)(B + S));
    for (i64 b = 0; b < B; ++b) glp_set_row_bnds(lp, (int)(b + 1), GLP_FX, (double)demand[b], (double)demand[b]);
    for (i64 s = 0; s < S; ++s) glp_set_row_bnds(lp, (int)(B + s + 1), GLP_UP, 0.0, (double)cap[s]);
    glp_add_cols(lp, (int)(A + B));
    for (i64 j = 0; j < A; ++j) {
        glp_set_col_bnds(lp, (int)(j + 1), GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(lp, (int)(j + 1), (double)arc_cost[j]);
    }
    for (i64 b = 0; b < B; ++b) {
        glp_set_col_bnds(lp, (int)(A + b + 1), GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(lp, (int)(A + b + 1), (double)P);
    }
    const i64 nz = 2 * A + B;
    int *ia = malloc(sizeof *ia * (size_t)(nz + 1));
    int *ja = malloc(sizeof *ja * (size_t)(nz + 1));
    double *ar = malloc(sizeof *ar * (size_t)(nz + 1));
    if (!ia || !ja || !ar) die("out of memory");
    i64 e = 0;
    for (i64 j = 0; j < A; ++j) {
        ++e; ia[e] = arc_block[j] + 1; ja[e] = (int)(j + 1); ar[e] = 1.0;
        ++e; ia[e] = (int)(B + arc_school[j] + 1); ja[e] = (int)(j + 1); ar[e] = 1.0;
    }
    for (i64 b = 0; b < B; ++b) {
        ++e; ia[e] = (int)(b + 1); ja[e] = (int)(A + b + 1); ar[e] = 1.0;
    }
    glp_load_matrix(lp, (int)nz, ia, ja, ar);
    free(ia); free(ja); free(ar);
    const double t_built = now_s();
    fprintf(stderr, "built build_s=%.6f\n", t_built - t0);  /* for a harness that kills slow runs */

    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    const int rc = glp_simplex(lp, &parm);
    const double t_solved = now_s();

    const char *status = "error";
    i64 objective = 0;
    double max_frac = 0.0, obj_glpk = 0.0;
    if (rc == 0) {
        const int st = glp_get_status(lp);
        status = st == GLP_OPT ? "optimal" : st == GLP_FEAS ? "feasible" : st == GLP_INFEAS ? "infeasible"
               : st == GLP_NOFEAS ? "no_feasible" : st == GLP_UNBND ? "unbounded" : "undefined";
        obj_glpk = glp_get_obj_val(lp);
        for (i64 j = 0; j < A + B; ++j) {
            const double x = glp_get_col_prim(lp, (int)(j + 1));
            const double r = floor(x + 0.5);
            if (fabs(x - r) > max_frac) max_frac = fabs(x - r);
            objective += (i64)r * (j < A ? arc_cost[j] : P);
        }
    }
    printf("{\"solver\":\"GLPK simplex\",\"instance\":\"%s\",\"level\":\"%s\",\"blocks\":%lld,"
           "\"schools\":%lld,\"arcs\":%lld,\"read_s\":%.6f,\"build_s\":%.6f,\"solve_s\":%.6f,"
           "\"status\":\"%s\",\"glp_simplex_rc\":%d,\"objective_cm\":%lld,\"objective_glpk\":%.1f,"
           "\"max_frac\":%.3g}\n",
           argv[1], level, B, S, A, t_read - t0, t_built - t0, t_solved - t_built, status, rc,
           objective, obj_glpk, max_frac);
    glp_delete_prob(lp);
    return strcmp(status, "optimal") == 0 ? 0 : 1;
}
