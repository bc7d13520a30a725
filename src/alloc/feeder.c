/* Feeder assignment (对口直升): each primary catchment sends all its junior pupils to one
 * junior school, so the junior level assigns whole primary catchments, not blocks.
 *
 * A group may have its own school (a nine-year school's primary catchment and its junior
 * section: 直升). It goes there first, as far as that school has places: its blocks nearest
 * the school first, each whole block that still fits; the rest of the group, if any, is
 * assigned with the others below (and reported by the caller as the part that could not).
 *
 * Groups are few (one per primary school) and junior schools fewer, so the problem is a
 * small generalised assignment: binary x_gs (group g to school s), each group once,
 * each school within capacity, a whole group unplaced only at the shortfall penalty per
 * child. Groups cannot split, so the LP alone is not enough; GLPK's branch and cut
 * solves it exactly (optimal status, or the best found and its bound within the time
 * limit, reported as the gap). A group's cost at a school is the sum over its blocks of
 * children x (distance + move penalty), the same per-block cost as the block level, so
 * the objective is comparable. Work is blocks x junior schools, done once. */
#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "zoneplan/errors.h"

#define FEEDER_TIME_LIMIT_MS 60000

typedef struct feeder {
    const zp_alloc_input *in;
    size_t ng;             /* groups */
    int32_t *gid;          /* per block: dense group index; -1: fixed at its group's own school */
    int32_t *fixed;        /* per block: the own school it goes to first, -1 none */
    int64_t *left;         /* per school: places left after the fixed blocks */
    double whole_bound_cm; /* the whole-group model's relaxation, without the fixed blocks */
    int64_t *demand;       /* per group */
    int32_t *sch;          /* junior schools with places */
    size_t nsch;
    double *cost; /* ng x nsch, cm */
} feeder;

/* Every group's cost at every school: one search from each school (the walk), not one per
 * block and school. A school a block cannot reach costs the group more than leaving the
 * block's children without a place, so the exact model never sends the group there. */
static int group_costs(feeder *f)
{
    const zp_alloc_input *in = f->in;
    double *m = malloc(sizeof *m * (in->nblocks + 1));
    int rc = m ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    int64_t worst = 2 * zp_alloc_cost_cm(in->penalty_m);
    for (size_t j = 0; !rc && j < f->nsch; j++) {
        size_t s = (size_t)f->sch[j];
        rc = zp_alloc_dist_from(in, s, m);
        for (size_t b = 0; !rc && b < in->nblocks; b++)
            if (in->demand[b] > 0 && f->gid[b] >= 0) {
                int64_t c = zp_alloc_cost_at(in, b, s, m[b]);
                f->cost[(size_t)f->gid[b] * f->nsch + j] +=
                    (double)((c < worst ? c : worst) * in->demand[b]);
            }
    }
    free(m);
    return rc;
}

static int groups(feeder *f, const int32_t *group)
{
    const zp_alloc_input *in = f->in;
    size_t nb = in->nblocks, n = 0, maxg = 0;
    /* group ids (-1: the block alone) made dense in order of first appearance */
    for (size_t b = 0; b < nb; b++)
        if (group[b] >= 0 && (size_t)group[b] + 1 > maxg)
            maxg = (size_t)group[b] + 1;
    int32_t *dense = malloc(sizeof *dense * (maxg + 1));
    f->gid = malloc(sizeof *f->gid * (nb + 1));
    if (!dense || !f->gid) {
        free(dense);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    for (size_t g = 0; g < maxg; g++)
        dense[g] = -1;
    for (size_t b = 0; b < nb; b++) {
        int32_t g = group[b];
        if (f->fixed[b] >= 0) {
            f->gid[b] = -1;
            continue;
        }
        if (g >= 0 && dense[g] < 0)
            dense[g] = (int32_t)n++;
        f->gid[b] = g >= 0 ? dense[g] : (int32_t)n++;
    }
    free(dense);
    f->ng = n;
    f->demand = calloc(n + 1, sizeof *f->demand);
    f->sch = malloc(sizeof *f->sch * (in->nschools + 1));
    if (!f->demand || !f->sch)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; b < nb; b++)
        if (f->gid[b] >= 0)
            f->demand[f->gid[b]] += in->demand[b] > 0 ? in->demand[b] : 0;
    for (size_t s = 0; s < in->nschools; s++)
        if (in->capacity[s] > 0)
            f->sch[f->nsch++] = (int32_t)s;
    if (f->ng > (size_t)INT32_MAX / (f->nsch + 1) - 1)
        return zp_error_set(ZP_EINPUT, "feeder: %zu catchments x %zu schools is too large", f->ng,
                            f->nsch);
    f->cost = calloc(f->ng * f->nsch + 1, sizeof *f->cost);
    if (!f->cost)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    return group_costs(f);
}

typedef struct by_dist {
    double d;
    int32_t b;
} by_dist;

static int cmp_dist(const void *x, const void *y)
{
    const by_dist *a = x, *c = y;
    if (a->d != c->d)
        return a->d < c->d ? -1 : 1;
    return (a->b > c->b) - (a->b < c->b);
}

/* Each group with its own school takes that school's places first: its blocks nearest the
 * school first, every whole block that still fits; blocks without children go along. A
 * group's blocks are found by one counting pass, so this is linear in blocks (plus a sort per
 * group). */
static int own_first(feeder *f, const int32_t *group, const int32_t *own, size_t nown)
{
    const zp_alloc_input *in = f->in;
    size_t nb = in->nblocks;
    f->fixed = malloc(sizeof *f->fixed * (nb + 1));
    f->left = malloc(sizeof *f->left * (in->nschools + 1));
    size_t *start = calloc(nown + 2, sizeof *start);
    by_dist *v = malloc(sizeof *v * (nb + 1));
    int rc = f->fixed && f->left && start && v ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0; !rc && b < nb; b++)
        f->fixed[b] = -1;
    for (size_t s = 0; !rc && s < in->nschools; s++)
        f->left[s] = in->capacity[s];
    if (rc || !own) {
        free(start);
        free(v);
        return rc;
    }
    for (size_t b = 0; b < nb; b++) /* blocks bucketed by group, for groups with an own school */
        if (group[b] >= 0 && (size_t)group[b] < nown && own[group[b]] >= 0)
            start[group[b] + 2]++;
    for (size_t g = 0; g < nown; g++)
        start[g + 2] += start[g + 1];
    for (size_t b = 0; b < nb; b++)
        if (group[b] >= 0 && (size_t)group[b] < nown && own[group[b]] >= 0) {
            int32_t o = own[group[b]];
            v[start[group[b] + 1]++] = (by_dist){zp_alloc_dist(in, b, (size_t)o), (int32_t)b};
        }
    for (size_t g = 0; g < nown; g++) {
        int32_t o = own[g];
        by_dist *w = v + start[g];
        size_t n = start[g + 1] - start[g], took = 0;
        if (o < 0 || in->capacity[o] <= 0 || !n)
            continue;
        qsort(w, n, sizeof *w, cmp_dist);
        for (size_t i = 0; i < n; i++) {
            int32_t b = w[i].b, d = in->demand[b] > 0 ? in->demand[b] : 0;
            if (d > f->left[o])
                continue;
            f->fixed[b] = o;
            f->left[o] -= d;
            took += d > 0;
        }
        for (size_t i = 0; !took && i < n; i++) /* no child fitted: the group goes on whole */
            f->fixed[w[i].b] = -1;
    }
    free(start);
    free(v);
    return ZP_OK;
}

/* Columns: x_gj for every group and school, then one "unplaced" column per group. */
static glp_prob *model(const feeder *f)
{
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    int ng = (int)f->ng, ns = (int)f->nsch;
    glp_add_rows(lp, ng + ns);
    for (int g = 0; g < ng; g++)
        glp_set_row_bnds(lp, g + 1, GLP_FX, 1.0, 1.0);
    for (int j = 0; j < ns; j++)
        glp_set_row_bnds(lp, ng + j + 1, GLP_UP, 0.0, (double)f->left[f->sch[j]]);
    glp_add_cols(lp, ng * ns + ng);
    double pen = (double)zp_alloc_cost_cm(f->in->penalty_m);
    for (int g = 0; g < ng; g++) {
        for (int j = 0; j <= ns; j++) {
            int col = j < ns ? g * ns + j + 1 : ng * ns + g + 1;
            int ind[3] = {0, g + 1, ng + j + 1};
            double val[3] = {0, 1.0, (double)f->demand[g]};
            glp_set_col_kind(lp, col, GLP_BV);
            glp_set_obj_coef(lp, col,
                             j < ns ? f->cost[(size_t)g * f->nsch + (size_t)j]
                                    : pen * (double)f->demand[g]);
            glp_set_mat_col(lp, col, j < ns ? 2 : 1, ind, val);
        }
    }
    return lp;
}

static int solve_mip(const feeder *f, glp_prob *lp, double *bound)
{
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    if (glp_simplex(lp, &sp) != 0 || glp_get_status(lp) != GLP_OPT)
        return zp_error_set(ZP_ERROR, "feeder: GLPK could not solve the relaxation");
    *bound = glp_get_obj_val(lp);
    glp_iocp ip;
    glp_init_iocp(&ip);
    ip.msg_lev = GLP_MSG_OFF;
    ip.tm_lim = FEEDER_TIME_LIMIT_MS;
    ip.presolve = GLP_ON;
    ip.fp_heur = GLP_ON; /* feasibility pump: a first whole assignment early */
    ip.ps_heur = GLP_OFF;
    ip.mir_cuts = GLP_ON; /* capacity rows are knapsacks: MIR and cover cuts tighten them */
    ip.cov_cuts = GLP_ON;
    ip.gmi_cuts = GLP_ON;
    int term = glp_term_out(GLP_OFF); /* proximity search prints even at GLP_MSG_OFF */
    int rc = glp_intopt(lp, &ip);
    glp_term_out(term);
    int st = glp_mip_status(lp);
    if ((rc != 0 && rc != GLP_ETMLIM) || (st != GLP_OPT && st != GLP_FEAS))
        return zp_error_set(ZP_ERROR, "feeder: GLPK found no whole-catchment assignment");
    if (st != GLP_OPT)
        zp_warn("feeder: stopped at the %d s limit with a feasible assignment, not proven optimal",
                FEEDER_TIME_LIMIT_MS / 1000);
    (void)f;
    return ZP_OK;
}

static void read_solution(const feeder *f, glp_prob *lp, zp_alloc_result *r)
{
    const zp_alloc_input *in = f->in;
    size_t ns = f->nsch;
    int32_t *to = malloc(sizeof *to * (f->ng + 1));
    for (size_t g = 0; to && g < f->ng; g++) {
        to[g] = -1;
        for (size_t j = 0; lp && j < ns; j++)
            if (glp_mip_col_val(lp, (int)(g * ns + j + 1)) > 0.5)
                to[g] = f->sch[j];
    }
    for (size_t b = 0; to && b < in->nblocks; b++) {
        int32_t s = f->gid[b] < 0 ? f->fixed[b] : to[f->gid[b]];
        int32_t d = in->demand[b] > 0 ? in->demand[b] : 0;
        r->school[b] = s >= 0 ? s : (d > 0 ? -1 : r->nearest[b]);
        r->placed[b] = s >= 0 ? d : 0;
        r->unplaced[b] = s >= 0 ? 0 : d;
        if (s >= 0)
            r->load[s] += d;
    }
    free(to);
}

/* Nearest school with places, for blocks left without one (the report attributes their
 * shortfall there). Blocks x schools, as the costs are. */
static int nearest(const feeder *f, zp_alloc_result *r)
{
    const zp_alloc_input *in = f->in;
    size_t nsites = zp_dist_nsites(in->dist);
    uint8_t *use = calloc(nsites + 1, sizeof *use);
    int32_t *school_of = malloc(sizeof *school_of * (nsites + 1));
    zp_dist_knn knn = {0};
    int rc = use && school_of ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t j = 0; !rc && j < f->nsch; j++) {
        size_t t = in->site_of ? (size_t)in->site_of[f->sch[j]] : (size_t)f->sch[j];
        use[t] = 1;
        school_of[t] = f->sch[j];
    }
    if (!rc && f->nsch)
        rc = zp_dist_nearest(in->dist, in->block_of, in->nblocks, use, 1, &knn);
    for (size_t b = 0; !rc && f->nsch && b < in->nblocks; b++)
        r->nearest[b] = knn.site[b] >= 0 ? school_of[knn.site[b]] : -1;
    zp_dist_knn_free(&knn);
    free(use);
    free(school_of);
    return rc;
}

/* The block-level assignment of the blocks picked by `take` (1 each) to the places `cap`
 * left: a sub-problem of the same kind as the block level's (zp_alloc_solve). */
static int solve_blocks(const feeder *f, const uint8_t *take, const int64_t *cap,
                        zp_alloc_result *sub, int32_t **idx_out, size_t *n_out)
{
    const zp_alloc_input *in = f->in;
    size_t n = 0;
    for (size_t b = 0; b < in->nblocks; b++)
        n += take[b];
    int32_t *idx = malloc(sizeof *idx * (n + 1));
    double *x = malloc(sizeof *x * (n + 1)), *y = malloc(sizeof *y * (n + 1));
    int32_t *d = malloc(sizeof *d * (n + 1)), *cur = malloc(sizeof *cur * (n + 1));
    int32_t *of = malloc(sizeof *of * (n + 1));
    int rc = idx && x && y && d && cur && of ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t b = 0, i = 0; !rc && b < in->nblocks; b++)
        if (take[b]) {
            idx[i] = (int32_t)b;
            of[i] = in->block_of ? in->block_of[b] : (int32_t)b;
            x[i] = in->bx[b];
            y[i] = in->by[b];
            d[i] = in->demand[b];
            cur[i++] = in->current ? in->current[b] : -1;
        }
    zp_alloc_input si = *in;
    si.nblocks = n;
    si.bx = x;
    si.by = y;
    si.demand = d;
    si.capacity = cap;
    si.current = in->current ? cur : NULL;
    si.locked = NULL;
    si.keep_arcs = 0;
    si.block_of = of;
    if (!rc)
        rc = zp_alloc_solve(&si, sub);
    free(of);
    free(x);
    free(y);
    free(d);
    free(cur);
    *idx_out = idx;
    *n_out = n;
    return rc;
}

/* Groups no school could take whole (unplaced by the model though places are left): their
 * blocks are placed block by block in the places left, as the block level would, rather
 * than leaving children without a place a split catchment could give them. The bound is
 * then the block-level relaxation (with the 直升 blocks fixed): it bounds split and whole
 * plans alike. */
static int place_rest(const feeder *f, zp_alloc_result *r, double *bound_cm)
{
    const zp_alloc_input *in = f->in;
    size_t nb = in->nblocks, n = 0;
    uint8_t *take = calloc(nb + 1, 1);
    int64_t *cap = malloc(sizeof *cap * (in->nschools + 1));
    int rc = take && cap ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    int64_t room = 0;
    for (size_t s = 0; !rc && s < in->nschools; s++)
        room += cap[s] = in->capacity[s] - r->load[s];
    for (size_t b = 0; !rc && b < nb; b++)
        n += take[b] = r->unplaced[b] > 0;
    zp_alloc_result sub = {0};
    int32_t *idx = NULL;
    size_t m = 0;
    if (!rc && n && room > 0)
        rc = solve_blocks(f, take, cap, &sub, &idx, &m);
    for (size_t i = 0; !rc && i < m; i++) {
        size_t b = (size_t)idx[i];
        if (sub.school[i] < 0)
            continue;
        r->school[b] = sub.school[i];
        r->placed[b] = sub.placed[i];
        r->unplaced[b] = sub.unplaced[i];
        r->load[sub.school[i]] += sub.placed[i];
    }
    if (m)
        zp_alloc_result_free(&sub);
    free(idx);
    if (!rc && n && room > 0) { /* the bound of split plans: every unfixed block may split */
        for (size_t b = 0; b < nb; b++)
            take[b] = f->fixed[b] < 0;
        rc = solve_blocks(f, take, f->left, &sub, &idx, &m);
        if (!rc) {
            double fixed_cm = *bound_cm - f->whole_bound_cm;
            *bound_cm = sub.lp_bound * 100.0 + fixed_cm;
            zp_alloc_result_free(&sub);
        }
        free(idx);
    }
    free(take);
    free(cap);
    return rc;
}

static int solve_feeder(const zp_alloc_input *in, const int32_t *group, const int32_t *own,
                        size_t nown, zp_alloc_result *out)
{
    feeder f = {.in = in};
    int rc = zp_alloc_result_alloc(out, in->nblocks, in->nschools);
    if (!rc)
        rc = own_first(&f, group, own, nown);
    if (!rc)
        rc = groups(&f, group);
    if (!rc)
        rc = nearest(&f, out);
    /* no group or no school with places: nothing to decide, every child is unplaced */
    int trivial = !rc && (f.ng == 0 || f.nsch == 0);
    glp_prob *lp = rc || trivial ? NULL : model(&f);
    double bound = 0;
    if (lp)
        rc = solve_mip(&f, lp, &bound);
    if (!rc) {
        read_solution(&f, lp, out);
        f.whole_bound_cm = bound;
        for (size_t b = 0; b < in->nblocks; b++) /* the fixed blocks' cost, on both sides */
            if (f.fixed[b] >= 0 && in->demand[b] > 0)
                bound += (double)(zp_alloc_pair_cost(in, b, (size_t)f.fixed[b]) * in->demand[b]);
        rc = place_rest(&f, out, &bound);
    }
    if (!rc) {
        out->lp_bound = bound / 100.0;
        zp_alloc_rescore(in, out);
        if (trivial) {
            out->lp_bound = out->objective;
            zp_alloc_rescore(in, out);
        }
    }
    if (lp)
        glp_delete_prob(lp);
    free(f.gid);
    free(f.fixed);
    free(f.left);
    free(f.demand);
    free(f.sch);
    free(f.cost);
    if (rc)
        zp_alloc_result_free(out);
    return rc;
}

int zp_alloc_solve_feeder(const zp_alloc_input *in, const int32_t *group, const int32_t *own,
                          size_t nown, zp_alloc_result *out)
{
    zp_alloc_input local;
    zp_dist *own_dist;
    int rc = zp_alloc_with_dist(in, &local, &own_dist);
    if (!rc)
        rc = solve_feeder(&local, group, own, nown, out);
    if (!rc && (rc = zp_dist_status(local.dist)) != ZP_OK)
        zp_alloc_result_free(out);
    zp_dist_free(own_dist);
    return rc;
}
