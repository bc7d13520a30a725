/* The exact finish's MILP (exact.c decides which pairs): a binary per block and school,
 * capacities over whole blocks with children cut short at the penalty, the closer-neighbour
 * rule as rows; solved by CBC through its C interface, started from the plan in hand; the
 * plan read back from its solution with the children placed as the model would. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "exact_internal.h"
#include "zoneplan/errors.h"

/* ---- the model ---- */

static int add_row(model *m, double lo, double hi)
{
    if (zp_exact_grow((void **)&m->rlo, &m->caprow, (size_t)m->nrows + 1, sizeof *m->rlo) ||
        zp_exact_grow((void **)&m->rhi, &m->caprow2, (size_t)m->nrows + 1, sizeof *m->rhi))
        return -1;
    m->rlo[m->nrows] = lo;
    m->rhi[m->nrows] = hi;
    return m->nrows++;
}

static int add_col(model *m, double lo, double hi, double obj, int integer)
{
    size_t old = m->capcol;
    if (zp_exact_grow((void **)&m->clo, &m->capcol, (size_t)m->ncols + 1, sizeof *m->clo))
        return -1;
    if (m->capcol != old) {
        double *a = realloc(m->chi, m->capcol * sizeof *a);
        if (a)
            m->chi = a;
        double *o = a ? realloc(m->obj, m->capcol * sizeof *o) : NULL;
        if (o)
            m->obj = o;
        uint8_t *g = o ? realloc(m->integer, m->capcol) : NULL;
        if (!g)
            return -1;
        m->integer = g;
    }
    m->clo[m->ncols] = lo;
    m->chi[m->ncols] = hi;
    m->obj[m->ncols] = obj;
    m->integer[m->ncols] = (uint8_t)integer;
    return m->ncols++;
}

static int put(model *m, int row, int col, double val)
{
    if (zp_exact_grow((void **)&m->t, &m->capt, m->nt + 1, sizeof *m->t))
        return ZP_ENOMEM;
    m->t[m->nt++] = (triple){row, col, val};
    return ZP_OK;
}

void zp_exact_model_free(model *m)
{
    free(m->t);
    free(m->rlo);
    free(m->rhi);
    free(m->clo);
    free(m->chi);
    free(m->obj);
    free(m->integer);
    memset(m, 0, sizeof *m);
}

static int locked_at(const exact *e, size_t j, int32_t s)
{
    return zp_alloc_is_locked(e->in, j) && e->in->current[j] == s;
}

/* Block b in s's catchment needs a kept neighbour closer to s: a row x_bs <= sum x_js (none
 * when a locked neighbour is there already; the pair is closed when no neighbour can be). */
static int contig_row(exact *e, model *m, size_t b, const xpair *p, zp_exact_report *rep)
{
    const size_t *as = e->opt->adj_start;
    const int32_t *adj = e->opt->adj;
    size_t nterms = 0;
    for (size_t k = as[b]; k < as[b + 1]; k++) {
        size_t j = (size_t)adj[k];
        if (locked_at(e, j, p->school) &&
            zp_exact_closer(zp_alloc_dist(e->in, j, (size_t)p->school), j, p->dist, b))
            return ZP_OK;
        const xpair *q = e->kind[j] ? zp_exact_find_pair(e, j, p->school) : NULL;
        nterms += q && q->col >= 0 && zp_exact_closer(q->dist, j, p->dist, b);
    }
    if (nterms == 0) {
        m->chi[p->col] = 0.0;
        return ZP_OK;
    }
    int row = add_row(m, -m->inf, 0.0);
    if (row < 0 || put(m, row, p->col, 1.0))
        return ZP_ENOMEM;
    for (size_t k = as[b]; k < as[b + 1]; k++) {
        size_t j = (size_t)adj[k];
        const xpair *q = e->kind[j] ? zp_exact_find_pair(e, j, p->school) : NULL;
        if (q && q->col >= 0 && zp_exact_closer(q->dist, j, p->dist, b) &&
            put(m, row, q->col, -1.0))
            return ZP_ENOMEM;
    }
    rep->rows_contig++;
    return ZP_OK;
}

/* The columns: a binary per kept pair, its objective the children's cost less the penalty
 * they no longer pay (connectors: 1 cm saved). */
static int pair_columns(exact *e, int64_t target, model *m, zp_exact_report *rep)
{
    rep->kept = 0;
    for (size_t b = 0; b < e->nb; b++)
        for (size_t k = e->start[b]; k < e->start[b + 1]; k++) {
            xpair *p = &e->pair[k];
            p->col = -1;
            if (!e->kind[b] || !zp_exact_kept(e, b, p, target))
                continue;
            rep->kept++;
            double obj =
                e->kind[b] == 2 ? -0.01 : (double)((p->cost - e->P) * e->in->demand[b]) / 100.0;
            if ((p->col = add_col(m, 0, 1, obj, 1)) < 0)
                return zp_error_set(ZP_ENOMEM, "out of memory");
        }
    return ZP_OK;
}

/* Per school, its capacity over whole blocks less the children cut short: s per pair, at most
 * all but one of the block's (a block in a catchment has a child placed there), charged the
 * penalty less the pair's cost. Written so (whole blocks in the row) that CBC's cover and
 * rounding cuts see the knapsack. */
static int capacity_rows(exact *e, model *m)
{
    int32_t *row = malloc(sizeof *row * (e->ns + 1));
    int rc = row ? ZP_OK : ZP_ENOMEM;
    for (size_t s = 0; !rc && s < e->ns; s++)
        row[s] = -1;
    for (size_t b = 0; !rc && b < e->nb; b++)
        for (size_t k = e->start[b]; e->kind[b] == 1 && !rc && k < e->start[b + 1]; k++) {
            const xpair *p = &e->pair[k];
            if (p->col < 0)
                continue;
            int32_t s = p->school, d = e->in->demand[b];
            if (row[s] < 0 &&
                (row[s] = add_row(m, -m->inf, (double)(e->cap[s] > 0 ? e->cap[s] : 0))) < 0) {
                rc = ZP_ENOMEM;
                break;
            }
            rc = put(m, row[s], p->col, (double)d);
            if (rc || d <= 1)
                continue;
            int cut = add_col(m, 0, d - 1, (double)(e->P - p->cost) / 100.0, 0);
            int link = cut < 0 ? -1 : add_row(m, -m->inf, 0.0);
            if (link < 0 || put(m, row[s], cut, -1.0) || put(m, link, cut, 1.0) ||
                put(m, link, p->col, -(double)(d - 1)))
                rc = ZP_ENOMEM;
        }
    free(row);
    return rc ? zp_error_set(ZP_ENOMEM, "out of memory") : ZP_OK;
}

int zp_exact_build(exact *e, int64_t target, model *m, zp_exact_report *rep)
{
    int rc = pair_columns(e, target, m, rep);
    for (size_t b = 0; !rc && b < e->nb; b++) {
        int row = -1;
        for (size_t k = e->start[b]; !rc && k < e->start[b + 1]; k++) {
            if (e->pair[k].col < 0)
                continue;
            if (row < 0 && (row = add_row(m, -m->inf, 1.0)) < 0)
                rc = zp_error_set(ZP_ENOMEM, "out of memory");
            rc = rc ? rc : put(m, row, e->pair[k].col, 1.0);
        }
    }
    rc = rc ? rc : capacity_rows(e, m);
    for (size_t b = 0; !rc && e->opt->adj_start && b < e->nb; b++) {
        if (!e->kind[b] || e->island[b])
            continue;
        for (size_t k = e->start[b]; !rc && k < e->start[b + 1]; k++)
            if (e->pair[k].col >= 0 && e->root[e->pair[k].school] != (int32_t)b)
                rc = contig_row(e, m, b, &e->pair[k], rep);
    }
    return rc ? zp_error_set(ZP_ENOMEM, "out of memory") : ZP_OK;
}

typedef struct taken {
    int32_t school, block;
    int64_t cost;
} taken;

static int cmp_taken(const void *a, const void *b)
{
    const taken *x = a, *y = b;
    if (x->school != y->school)
        return x->school < y->school ? -1 : 1;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    return (x->block > y->block) - (x->block < y->block);
}

/* The MILP's choice of school per block, with the children placed as the model would: one
 * per chosen block, then the nearest first, within each school's places. */
static int apply(exact *e, const double *x)
{
    zp_alloc_result *r = e->r;
    taken *t = malloc(sizeof *t * (e->nb + 1));
    if (!t)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    size_t n = 0;
    for (size_t b = 0; b < e->nb; b++) {
        if (!e->kind[b])
            continue;
        const xpair *pick = NULL;
        for (size_t k = e->start[b]; k < e->start[b + 1]; k++)
            if (e->pair[k].col >= 0 && x[e->pair[k].col] > 0.5)
                pick = &e->pair[k];
        if (e->kind[b] == 2) { /* a connector left out is in no catchment, not a piece */
            r->school[b] = pick ? pick->school : -1;
            continue;
        }
        r->school[b] = -1;
        r->placed[b] = 0;
        r->unplaced[b] = e->in->demand[b];
        if (pick)
            t[n++] = (taken){pick->school, (int32_t)b, pick->cost};
    }
    qsort(t, n, sizeof *t, cmp_taken);
    for (size_t s = 0; s < e->ns; s++)
        r->load[s] = e->in->capacity[s] - e->cap[s]; /* the locked blocks' */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            int32_t s = t[i].school, b = t[i].block;
            int64_t room = e->in->capacity[s] - r->load[s];
            int64_t want = pass == 0 ? 1 : e->in->demand[b] - r->placed[b];
            int64_t q = want < room ? want : room;
            if (q <= 0)
                continue;
            r->school[b] = s;
            r->placed[b] += (int32_t)q;
            r->unplaced[b] -= (int32_t)q;
            r->load[s] += q;
        }
    free(t);
    zp_alloc_rescore(e->in, r);
    return ZP_OK;
}

void zp_exact_saved_free(saved *sv)
{
    free(sv->school);
    free(sv->placed);
    free(sv->unplaced);
    free(sv->load);
}

int zp_exact_save(const exact *e, saved *sv)
{
    size_t nb = e->nb + 1, ns = e->ns + 1;
    sv->school = malloc(sizeof *sv->school * nb);
    sv->placed = malloc(sizeof *sv->placed * nb);
    sv->unplaced = malloc(sizeof *sv->unplaced * nb);
    sv->load = malloc(sizeof *sv->load * ns);
    if (!sv->school || !sv->placed || !sv->unplaced || !sv->load)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    memcpy(sv->school, e->r->school, sizeof *sv->school * e->nb);
    memcpy(sv->placed, e->r->placed, sizeof *sv->placed * e->nb);
    memcpy(sv->unplaced, e->r->unplaced, sizeof *sv->unplaced * e->nb);
    memcpy(sv->load, e->r->load, sizeof *sv->load * e->ns);
    return ZP_OK;
}

void zp_exact_restore(const exact *e, const saved *sv)
{
    memcpy(e->r->school, sv->school, sizeof *sv->school * e->nb);
    memcpy(e->r->placed, sv->placed, sizeof *sv->placed * e->nb);
    memcpy(e->r->unplaced, sv->unplaced, sizeof *sv->unplaced * e->nb);
    memcpy(e->r->load, sv->load, sizeof *sv->load * e->ns);
    zp_alloc_rescore(e->in, e->r);
}

/* The plan in hand as CBC's first solution (its binaries; CBC completes the rest). CBC 2.10.8
 * fails on a start when its preprocessing has added columns (it looks up their names), so
 * preprocessing is off with a start. */
static int mip_start(const exact *e, const model *m, Cbc_Model *cbc)
{
    int *cols = malloc(sizeof *cols * ((size_t)m->ncols + 1));
    double *val = malloc(sizeof *val * ((size_t)m->ncols + 1));
    if (!cols || !val) {
        free(cols);
        free(val);
        return zp_error_set(ZP_ENOMEM, "out of memory");
    }
    int n = 0;
    for (size_t b = 0; b < e->nb; b++)
        for (size_t k = e->start[b]; k < e->start[b + 1]; k++)
            if (e->pair[k].col >= 0) {
                cols[n] = e->pair[k].col;
                val[n++] = e->r->school[b] == e->pair[k].school ? 1.0 : 0.0;
            }
    Cbc_setMIPStartI(cbc, n, cols, val);
    Cbc_setParameter(cbc, "preprocess", "off");
    free(cols);
    free(val);
    return ZP_OK;
}

/* Load the model into CBC, start it from the plan in hand, solve within the seconds. */
int zp_exact_cbc(exact *e, model *m, double seconds, double constant_m, double cutoff_m,
                 outcome *out)
{
    CoinBigIndex *start = calloc((size_t)m->ncols + 1, sizeof *start);
    int *index = malloc(sizeof *index * (m->nt + 1));
    double *value = malloc(sizeof *value * (m->nt + 1));
    Cbc_Model *cbc = start && index && value ? Cbc_newModel() : NULL;
    int rc = cbc ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    if (!rc) {
        for (size_t i = 0; i < m->nt; i++)
            start[m->t[i].col + 1]++;
        for (int c = 0; c < m->ncols; c++)
            start[c + 1] += start[c];
        for (size_t i = 0; i < m->nt; i++) { /* triples are in row order: a stable fill */
            CoinBigIndex at = start[m->t[i].col]++;
            index[at] = m->t[i].row;
            value[at] = m->t[i].val;
        }
        for (int c = m->ncols; c > 0; c--)
            start[c] = start[c - 1];
        start[0] = 0;
        Cbc_loadProblem(cbc, m->ncols, m->nrows, start, index, value, m->clo, m->chi, m->obj,
                        m->rlo, m->rhi);
        for (int c = 0; c < m->ncols; c++)
            if (m->integer[c])
                Cbc_setInteger(cbc, c);
        rc = mip_start(e, m, cbc);
    }
    if (!rc) {
        if (cutoff_m < DBL_MAX)
            Cbc_setCutoff(cbc, cutoff_m - constant_m + 1e-3);
        Cbc_setLogLevel(cbc, 0);
        Cbc_setParameter(cbc, "timeMode", "elapsed"); /* not the process's CPU time so far */
        Cbc_setMaximumSeconds(cbc, seconds);
        if (e->opt->max_nodes > 0)
            Cbc_setMaximumNodes(
                cbc, (int)(e->opt->max_nodes < INT32_MAX ? e->opt->max_nodes : INT32_MAX));
        Cbc_solve(cbc);
        const double *x = Cbc_bestSolution(cbc);
        out->found = x != NULL;
        /* nothing under the cutoff: the plan in hand is the model's optimum */
        out->proven =
            (x && Cbc_isProvenOptimal(cbc)) || (cutoff_m < DBL_MAX && Cbc_isProvenInfeasible(cbc));
        out->empty = !x && out->proven;
        double bd = Cbc_getBestPossibleObjValue(cbc);
        /* a bound CBC never got (before its root LP: +-1e50, inf, nan) is no bound */
        out->has_bound = isfinite(bd) && fabs(bd) < 1e15;
        out->bound_m = out->has_bound ? bd + constant_m : 0.0;
        out->nodes = Cbc_getNodeCount(cbc);
        out->on_time = Cbc_isSecondsLimitReached(cbc);
        if (x)
            rc = apply(e, x);
    }
    if (cbc)
        Cbc_deleteModel(cbc);
    free(start);
    free(index);
    free(value);
    return rc;
}
