/* Test helpers: temp folders, running the CLI, reading and writing files. */
#include <criterion/criterion.h>
#include <glpk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "support.h"

char *zpt_tmpdir(void)
{
    char tmpl[] = "/tmp/zptest-XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

void zpt_rmtree(const char *dir)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

int zpt_run(const char *cmd, char **output)
{
    char full[8192];
    snprintf(full, sizeof full, "%s 2>&1", cmd);
    FILE *p = popen(full, "r");
    if (!p)
        return -1;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    buf[len] = '\0';
    int st = pclose(p);
    if (output)
        *output = buf;
    else
        free(buf);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

char *zpt_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    if (len)
        *len = got;
    return buf;
}

void zpt_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
}

void zpt_copy(const char *from, const char *to)
{
    size_t n;
    char *buf = zpt_slurp(from, &n);
    if (!buf)
        return;
    FILE *f = fopen(to, "wb");
    if (f) {
        fwrite(buf, 1, n, f);
        fclose(f);
    }
    free(buf);
}

double zpt_glpk_lp_bound(const zp_alloc_input *in,
                         double (*cost_cm)(const zp_alloc_input *in, int b, int s))
{
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    int nb = (int)in->nblocks, ns = (int)in->nschools, nv = nb * (ns + 1);
    glp_add_rows(lp, nb + ns);
    for (int b = 0; b < nb; b++)
        glp_set_row_bnds(lp, b + 1, GLP_FX, in->demand[b], in->demand[b]);
    for (int s = 0; s < ns; s++)
        glp_set_row_bnds(lp, nb + s + 1, GLP_UP, 0, (double)in->capacity[s]);
    glp_add_cols(lp, nv);
    int *ia = malloc(sizeof(int) * (size_t)(2 * nv + 1)),
        *ja = malloc(sizeof(int) * (size_t)(2 * nv + 1));
    double *ar = malloc(sizeof(double) * (size_t)(2 * nv + 1));
    int k = 0;
    for (int b = 0; b < nb; b++)
        for (int s = 0; s <= ns; s++) {
            int col = b * (ns + 1) + s + 1;
            glp_set_col_bnds(lp, col, GLP_LO, 0, 0);
            glp_set_obj_coef(lp, col,
                             s < ns ? cost_cm(in, b, s) : (double)zp_alloc_cost_cm(in->penalty_m));
            ia[++k] = b + 1, ja[k] = col, ar[k] = 1;
            if (s < ns)
                ia[++k] = nb + s + 1, ja[k] = col, ar[k] = 1;
        }
    glp_load_matrix(lp, k, ia, ja, ar);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    cr_assert_eq(glp_simplex(lp, &parm), 0);
    cr_assert_eq(glp_get_status(lp), GLP_OPT);
    double z = glp_get_obj_val(lp);
    glp_delete_prob(lp);
    free(ia);
    free(ja);
    free(ar);
    return z / 100.0;
}

double zpt_glpk_whole_block(const zp_alloc_input *in,
                            double (*cost_cm)(const zp_alloc_input *in, int b, int s))
{
    return zpt_glpk_contiguous(in, cost_cm, NULL, NULL, NULL, NULL);
}

double zpt_glpk_contiguous(const zp_alloc_input *in,
                           double (*cost_cm)(const zp_alloc_input *in, int b, int s),
                           const size_t *adj_start, const int32_t *adj, const int *root,
                           double (*dist)(const zp_alloc_input *in, int b, int s))
{
    glp_prob *mip = glp_create_prob();
    glp_set_obj_dir(mip, GLP_MIN);
    int nb = (int)in->nblocks, ns = (int)in->nschools;
    double pen = (double)zp_alloc_cost_cm(in->penalty_m), total = 0;
    /* rows: one school per block; y <= d x per pair; capacity per school */
    glp_add_rows(mip, nb + nb * ns + ns);
    for (int b = 0; b < nb; b++) {
        glp_set_row_bnds(mip, b + 1, GLP_UP, 0, 1);
        total += in->demand[b];
    }
    for (int k = 0; k < nb * ns; k++)
        glp_set_row_bnds(mip, nb + k + 1, GLP_UP, 0, 0);
    for (int s = 0; s < ns; s++)
        glp_set_row_bnds(mip, nb + nb * ns + s + 1, GLP_UP, 0, (double)in->capacity[s]);
    glp_add_cols(mip, 2 * nb * ns); /* x then y per pair */
    size_t cap = (size_t)(5 * nb * ns + 1);
    int *ia = malloc(sizeof(int) * cap), *ja = malloc(sizeof(int) * cap);
    double *ar = malloc(sizeof(double) * cap);
    int k = 0;
    for (int b = 0; b < nb; b++)
        for (int s = 0; s < ns; s++) {
            int pair = b * ns + s, x = 2 * pair + 1, y = 2 * pair + 2;
            glp_set_col_kind(mip, x, GLP_BV);
            glp_set_col_bnds(mip, y, GLP_DB, 0, in->demand[b] > 0 ? in->demand[b] : 0);
            if (in->demand[b] <= 0)
                glp_set_col_bnds(mip, y, GLP_FX, 0, 0);
            glp_set_obj_coef(mip, y, cost_cm(in, b, s) - pen);
            ia[++k] = b + 1, ja[k] = x, ar[k] = 1;
            ia[++k] = nb + pair + 1, ja[k] = y, ar[k] = 1;
            ia[++k] = nb + pair + 1, ja[k] = x, ar[k] = -(double)in->demand[b];
            ia[++k] = nb + nb * ns + s + 1, ja[k] = y, ar[k] = 1;
        }
    if (adj_start) { /* y >= x; x_bs <= sum of x_js over neighbours j closer to s */
        int nrow = nb * ns;
        glp_add_rows(mip, 2 * nrow);
        for (int b = 0; b < nb; b++)
            for (int s = 0; s < ns; s++) {
                int pair = b * ns + s, least = nb + nb * ns + ns + 1 + pair, rule = least + nrow;
                glp_set_row_bnds(mip, least, GLP_LO, 0, 0);
                ia = realloc(ia, sizeof(int) * (cap + 64)),
                ja = realloc(ja, sizeof(int) * (cap + 64));
                ar = realloc(ar, sizeof(double) * (cap + 64));
                cap += 64;
                ia[++k] = least, ja[k] = 2 * pair + 2, ar[k] = 1;
                ia[++k] = least, ja[k] = 2 * pair + 1, ar[k] = -1;
                glp_set_row_bnds(mip, rule, GLP_UP, 0, 0);
                if (root[s] == b)
                    continue;
                double db = dist(in, b, s);
                ia[++k] = rule, ja[k] = 2 * pair + 1, ar[k] = 1;
                for (size_t q = adj_start[b]; q < adj_start[b + 1]; q++) {
                    int j = adj[q];
                    double dj = dist(in, j, s);
                    if (dj < db || (dj == db && j < b))
                        ia[++k] = rule, ja[k] = 2 * (j * ns + s) + 1, ar[k] = -1;
                }
            }
    }
    glp_load_matrix(mip, k, ia, ja, ar);
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    cr_assert_eq(glp_intopt(mip, &parm), 0);
    cr_assert_eq(glp_mip_status(mip), GLP_OPT);
    double z = glp_mip_obj_val(mip) + pen * total;
    glp_delete_prob(mip);
    free(ia);
    free(ja);
    free(ar);
    return z / 100.0;
}

int zpt_cli(const char *args, char **output)
{
    char *cmd = NULL;
    if (asprintf(&cmd, "%s %s", ZP_CLI, args) < 0)
        return -1;
    int rc = zpt_run(cmd, output);
    free(cmd);
    return rc;
}

char *zpt_path(const char *dir, const char *name)
{
    char *p = NULL;
    return asprintf(&p, "%s/%s", dir, name) < 0 ? NULL : p;
}
