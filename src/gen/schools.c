/* Schools of the synthetic district: sites, types, current catchments and capacities.
 *
 * Sites: one nine-year school at the heart of the county seat's old town, the others at
 * equal shares of a weight (children plus a little land area, so the countryside keeps
 * its village schools) taken in Hilbert-curve order over the blocks: more schools where
 * more children live, spread out, found in O(n log n). Nobody else may stand within 2R
 * of the central school, where the disc of radius R holds a set number of pupils, so its
 * nearest-school catchment is large; R grows until that school passes 2,500 pupils.
 * Current catchments are the nearest school serving each level (a grid, never blocks x
 * schools), with a few random exceptions. Capacities follow the enrolment: old-town
 * schools get fewer seats than pupils (large classes), estates and villages spare seats,
 * and totals land at 1.06-1.09 x demand. */
#include <stdlib.h>
#include <string.h>

#include "zoneplan/errors.h"
#include "gen_internal.h"

#define AREA_WEIGHT 0.25 /* share of the siting weight that follows land area */
#define CORE_DISC 400.0  /* pupils within R of the central school, first try */
#define CORE_GROWTH 1.15 /* R's pupil target grows by this while the school is too small */
#define CORE_ATTEMPTS 24
#define MIN_CLASSES_PRI 6 /* one class per grade */
#define MIN_CLASSES_JUN 3

static const int level_class[2] = {GEN_CLASS_PRI, GEN_CLASS_JUN};
static const int level_min_classes[2] = {MIN_CLASSES_PRI, MIN_CLASSES_JUN};

static int serves(int type, int level)
{
    return type == ZP_TYPE_NINE_YEAR || type == level;
}

static gen_kind school_kind(const gen_world *w, int s)
{
    return (gen_kind)w->skind[w->bseed[w->schblock[s]]];
}

typedef struct dist_demand {
    double d2;
    int32_t demand;
} dist_demand;

/* Site search state shared by one placement attempt. */
typedef struct siting {
    gen_world *w;
    int32_t *order; /* blocks along the Hilbert curve */
    double *weight;
    int core;        /* block of the central school, -1 when there is none */
    double ox, oy;   /* the seat's old-town centre */
    int count[3];    /* schools per type, the central school included */
    uint8_t *taken;  /* blocks holding a school */
    dist_demand *dd; /* blocks by distance from the central school */
} siting;

static void school_counts(int s, int count[3])
{
    count[ZP_TYPE_NINE_YEAR] = (int)round(0.20 * s);
    count[ZP_TYPE_JUNIOR] = (int)round(0.25 * s);
    if (count[ZP_TYPE_NINE_YEAR] + count[ZP_TYPE_JUNIOR] == 0)
        count[ZP_TYPE_NINE_YEAR] = 1;
    count[ZP_TYPE_PRIMARY] = s - count[ZP_TYPE_NINE_YEAR] - count[ZP_TYPE_JUNIOR];
    if (count[ZP_TYPE_PRIMARY] < 0) { /* s == 1 */
        count[ZP_TYPE_JUNIOR] += count[ZP_TYPE_PRIMARY];
        count[ZP_TYPE_PRIMARY] = 0;
    }
}

static int find_core(const gen_world *w, double ox, double oy)
{
    int best = -1;
    double bd = HUGE_VAL;
    for (size_t b = 0; b < w->nb; b++) {
        double dx = w->bx[b] - ox, dy = w->by[b] - oy, d = dx * dx + dy * dy;
        if (w->pri[b] > 0 && w->skind[w->bseed[b]] == KIND_OLD && d < bd) {
            bd = d;
            best = (int)b;
        }
    }
    return best;
}

static int cmp_dist(const void *a, const void *b)
{
    double p = ((const dist_demand *)a)->d2, q = ((const dist_demand *)b)->d2;
    return (p > q) - (p < q);
}

/* Blocks by distance from the central school, with their pupils, for core_radius(). */
static int core_distances(siting *st)
{
    const gen_world *w = st->w;
    st->dd = malloc(w->nb * sizeof *st->dd);
    if (!st->dd)
        return zp_error_set(ZP_ENOMEM, "gen: out of memory sizing the central school");
    double cx = w->bx[st->core], cy = w->by[st->core];
    for (size_t b = 0; b < w->nb; b++) {
        double dx = w->bx[b] - cx, dy = w->by[b] - cy;
        st->dd[b] = (dist_demand){dx * dx + dy * dy, w->pri[b] + w->jun[b]};
    }
    qsort(st->dd, w->nb, sizeof *st->dd, cmp_dist);
    return ZP_OK;
}

/* Radius around the central school holding `target` pupils (0 for no target). */
static double core_radius(const siting *st, double target)
{
    double sum = 0, radius = 0;
    for (size_t b = 0; b < st->w->nb && sum < target; b++) {
        sum += st->dd[b].demand;
        radius = sqrt(st->dd[b].d2);
    }
    return radius;
}

typedef struct block_key {
    uint32_t key;
    int32_t b;
} block_key;

static int cmp_block_key(const void *a, const void *b)
{
    const block_key *p = a, *q = b;
    if (p->key != q->key)
        return p->key < q->key ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

static int siting_init(siting *st, gen_world *w)
{
    size_t n = w->nb;
    double demand = 0, area = 0, size = fmax(w->w, w->h);
    block_key *k = malloc(n * sizeof *k);
    st->w = w;
    st->order = malloc(n * sizeof *st->order);
    st->weight = malloc(n * sizeof *st->weight);
    st->taken = calloc(n, 1);
    if (!k || !st->order || !st->weight || !st->taken) {
        free(k);
        return zp_error_set(ZP_ENOMEM, "gen: out of memory siting schools");
    }
    for (size_t b = 0; b < n; b++) {
        k[b] = (block_key){gen_hilbert(w->bx[b], w->by[b], -w->w / 2, -w->h / 2, size), (int32_t)b};
        demand += w->pri[b] + w->jun[b];
        area += w->barea[b];
    }
    qsort(k, n, sizeof *k, cmp_block_key);
    double lambda = area > 0 ? AREA_WEIGHT / (1 - AREA_WEIGHT) * demand / area : 0;
    for (size_t i = 0; i < n; i++) {
        int32_t b = k[i].b;
        st->order[i] = b;
        st->weight[i] = w->pri[b] + w->jun[b] + lambda * w->barea[b];
    }
    free(k);
    school_counts(w->ns, st->count);
    const gen_cluster *old = &w->clusters[w->units[w->seat_unit].old_cluster];
    st->ox = old->x;
    st->oy = old->y;
    st->core = st->count[ZP_TYPE_NINE_YEAR] > 0 ? find_core(w, old->x, old->y) : -1;
    w->has_core = st->core >= 0;
    return st->core >= 0 ? core_distances(st) : ZP_OK;
}

static void siting_free(siting *st)
{
    free(st->order);
    free(st->weight);
    free(st->taken);
    free(st->dd);
}

static int eligible(const siting *st, int32_t b, double exclude)
{
    if (b == st->core)
        return 0;
    if (st->core < 0 || exclude <= 0)
        return 1;
    const gen_world *w = st->w;
    double dx = w->bx[b] - w->bx[st->core], dy = w->by[b] - w->by[st->core];
    return dx * dx + dy * dy > exclude * exclude;
}

/* The untaken eligible block nearest along the curve to position i. */
static int32_t free_block(const siting *st, size_t i, double exclude)
{
    size_t n = st->w->nb;
    for (size_t d = 0; d < n; d++) {
        if (i + d < n && !st->taken[st->order[i + d]] && eligible(st, st->order[i + d], exclude))
            return st->order[i + d];
        if (d <= i && d > 0 && !st->taken[st->order[i - d]] &&
            eligible(st, st->order[i - d], exclude))
            return st->order[i - d];
    }
    return -1;
}

/* Sites of all but the central school: equal shares of weight along the Hilbert curve. */
static void place_sites(siting *st, double exclude, gen_rng *r)
{
    gen_world *w = st->w;
    size_t n = w->nb, i = 0;
    int first = st->core >= 0, k_all = w->ns - first;
    double total = 0, cum = 0;
    memset(st->taken, 0, n);
    if (first) {
        w->schblock[0] = st->core;
        w->schtype[0] = ZP_TYPE_NINE_YEAR;
        st->taken[st->core] = 1;
    }
    for (size_t j = 0; j < n; j++)
        total += eligible(st, st->order[j], exclude) ? st->weight[j] : 0;
    if (total <= 0 && exclude > 0) {
        place_sites(st, 0, r);
        return;
    }
    for (int k = 0; k < k_all; k++) {
        double target = (k + 0.5 + gen_range(r, -0.3, 0.3)) / k_all * total;
        while (i < n && (!eligible(st, st->order[i], exclude) || cum + st->weight[i] < target)) {
            cum += eligible(st, st->order[i], exclude) ? st->weight[i] : 0;
            i++;
        }
        int32_t b = free_block(st, i < n ? i : n - 1, exclude);
        if (b < 0)
            b = free_block(st, i < n ? i : n - 1, 0);
        st->taken[b] = 1;
        w->schblock[first + k] = b;
    }
}

/* Types along the curve, spread evenly, leaning towards what each area usually has. */
static void assign_types(siting *st)
{
    static const double lean[KIND_COUNT][3] = {
        {0.2, 0.2, 0.0}, {0.0, 0.0, 0.5}, {0.0, 0.0, 0.3}, {0.3, 0.0, 0.0}, {0.3, 0.0, 0.0}};
    gen_world *w = st->w;
    int first = st->core >= 0, k_all = w->ns - first, left[3], used[3] = {0, 0, 0};
    memcpy(left, st->count, sizeof left);
    left[ZP_TYPE_NINE_YEAR] -= first;
    for (int k = 0; k < k_all; k++) {
        gen_kind kind = school_kind(w, first + k);
        int best = -1;
        double best_score = -HUGE_VAL;
        for (int t = 0; t < 3; t++) {
            if (used[t] >= left[t])
                continue;
            double score = left[t] * (k + 1.0) / k_all - used[t] + lean[kind][t];
            if (score > best_score) {
                best_score = score;
                best = t;
            }
        }
        w->schtype[first + k] = (uint8_t)best;
        used[best]++;
    }
    for (int s = 0; s < w->ns; s++) {
        w->schx[s] = w->bx[w->schblock[s]];
        w->schy[s] = w->by[w->schblock[s]];
    }
}

typedef struct level_filter {
    const gen_world *w;
    int level;
} level_filter;

static int serves_filter(void *ctx, int32_t s)
{
    const level_filter *f = ctx;
    return serves(f->w->schtype[s], f->level);
}

/* Current catchments: the nearest school serving the level, a few the second nearest. */
static int catchments(gen_world *w)
{
    gen_grid g;
    gen_rng r;
    int rc = gen_grid_init(&g, -w->w / 2, -w->h / 2, w->w / 2, w->h / 2, (size_t)w->ns,
                           (size_t)w->ns, w->schx, w->schy);
    if (rc != ZP_OK)
        return rc;
    for (int s = w->ns; s-- > 0;)
        gen_grid_insert(&g, s);
    gen_rng_seed(&r, w->opt->seed, RNG_CATCH);
    for (int l = 0; l < 2; l++)
        memset(w->enr[l], 0, (size_t)w->ns * sizeof *w->enr[l]);
    for (size_t b = 0; b < w->nb; b++)
        for (int l = 0; l < 2; l++) {
            level_filter f = {w, l};
            int32_t idx[2];
            double d2[2], u = gen_unif(&r);
            int found = gen_grid_nearest(&g, w->bx[b], w->by[b], 2, serves_filter, &f, idx, d2);
            int32_t pick = found > 0 ? idx[0] : -1;
            if (found == 2 && u < GEN_EXCEPTION_RATE && d2[1] <= 4 * d2[0])
                pick = idx[1];
            w->cur[l][b] = pick;
            if (pick >= 0)
                w->enr[l][pick] += l == 0 ? w->pri[b] : w->jun[b];
        }
    gen_grid_free(&g);
    return ZP_OK;
}

typedef struct sizing {
    gen_world *w;
    int level;
    double *f, *jit; /* seats per enrolled pupil before rounding, and seats per class noise */
    uint8_t *scaled; /* estate schools absorb what the totals need */
} sizing;

/* Total seats of the level when the estates' spare factors are scaled by k. */
static long sized_total(const sizing *z, double k, int write)
{
    gen_world *w = z->w;
    int l = z->level, per = level_class[l];
    long total = 0;
    for (int s = 0; s < w->ns; s++) {
        if (!serves(w->schtype[s], l))
            continue;
        double f = z->scaled[s] ? z->f[s] * k : z->f[s];
        long classes = lround(f * w->enr[l][s] / per);
        if (classes < level_min_classes[l])
            classes = level_min_classes[l];
        long seats = lround(classes * per * z->jit[s]);
        total += seats;
        if (write) {
            w->cls[l][s] = (int32_t)classes;
            w->cap[l][s] = (int32_t)seats;
        }
    }
    return total;
}

/* Seats per pupil: short in the old town (the central school most), spare in estates and
 * villages. Estates are scaled to meet the total; without estates, villages are. */
static void draw_factors(sizing *z, gen_rng *r)
{
    gen_world *w = z->w;
    int estates = 0;
    for (int s = 0; s < w->ns; s++) {
        gen_kind kind = school_kind(w, s);
        int estate = kind == KIND_ESTATE || kind == KIND_INDUSTRY;
        estates += estate && serves(w->schtype[s], z->level);
        z->scaled[s] = (uint8_t)estate;
        if (s == 0 && w->has_core)
            z->f[s] = z->level == 0 ? gen_range(r, 0.70, 0.77) : gen_range(r, 0.80, 0.90);
        else if (kind == KIND_OLD)
            z->f[s] = gen_range(r, 0.82, 1.10);
        else if (estate)
            z->f[s] = gen_range(r, 1.15, 1.40);
        else
            z->f[s] = gen_range(r, 1.05, 1.30);
        z->jit[s] = gen_range(r, 0.97, 1.05);
    }
    /* no estate school at this level: villages absorb it, else every school but the core */
    int rural = 0;
    for (int s = 0; s < w->ns && !estates; s++) {
        z->scaled[s] = school_kind(w, s) != KIND_OLD;
        rural += z->scaled[s] && serves(w->schtype[s], z->level);
    }
    for (int s = 0; s < w->ns && !estates && !rural; s++)
        z->scaled[s] = !(s == 0 && w->has_core);
}

static int capacities(gen_world *w)
{
    gen_rng r;
    gen_rng_seed(&r, w->opt->seed, RNG_CAPACITY);
    sizing z = {.w = w};
    z.f = malloc((size_t)w->ns * sizeof *z.f);
    z.jit = malloc((size_t)w->ns * sizeof *z.jit);
    z.scaled = malloc((size_t)w->ns);
    if (!z.f || !z.jit || !z.scaled) {
        free(z.f);
        free(z.jit);
        free(z.scaled);
        return zp_error_set(ZP_ENOMEM, "gen: out of memory sizing schools");
    }
    for (z.level = 0; z.level < 2; z.level++) {
        long demand = 0;
        for (size_t b = 0; b < w->nb; b++)
            demand += z.level == 0 ? w->pri[b] : w->jun[b];
        double target = demand * gen_range(&r, GEN_SEAT_RATIO_MIN, GEN_SEAT_RATIO_MAX);
        draw_factors(&z, &r);
        double lo = 0.2, hi = 5.0; /* sized_total grows with k */
        for (int it = 0; it < 60; it++) {
            double mid = (lo + hi) / 2;
            if (sized_total(&z, mid, 0) < target)
                lo = mid;
            else
                hi = mid;
        }
        double k = fabs(sized_total(&z, lo, 0) - target) <= fabs(sized_total(&z, hi, 0) - target)
                       ? lo
                       : hi;
        sized_total(&z, k, 1);
    }
    free(z.f);
    free(z.jit);
    free(z.scaled);
    return ZP_OK;
}

typedef struct school_key {
    double d2;
    int s;
} school_key;

static int cmp_school_key(const void *a, const void *b)
{
    const school_key *p = a, *q = b;
    if (p->d2 != q->d2)
        return p->d2 < q->d2 ? -1 : 1;
    return (p->s > q->s) - (p->s < q->s);
}

#define PERMUTE(arr, type)                                                                         \
    do {                                                                                           \
        for (int i = 0; i < w->ns; i++)                                                            \
            ((type *)tmp)[i] = (arr)[k[i].s];                                                      \
        memcpy((arr), tmp, (size_t)w->ns * sizeof(type));                                          \
    } while (0)

/* Number schools outward from the seat's old-town centre (the central school is S001). */
static int order_schools(gen_world *w, double ox, double oy)
{
    school_key *k = malloc((size_t)w->ns * sizeof *k);
    double *tmp = malloc((size_t)w->ns * sizeof(double));
    int32_t *inv = malloc((size_t)w->ns * sizeof *inv);
    if (!k || !tmp || !inv) {
        free(k);
        free(tmp);
        free(inv);
        return zp_error_set(ZP_ENOMEM, "gen: out of memory ordering schools");
    }
    for (int s = 0; s < w->ns; s++) {
        double dx = w->schx[s] - ox, dy = w->schy[s] - oy;
        k[s] = (school_key){s == 0 && w->has_core ? -1.0 : dx * dx + dy * dy, s};
    }
    qsort(k, (size_t)w->ns, sizeof *k, cmp_school_key);
    PERMUTE(w->schx, double);
    PERMUTE(w->schy, double);
    PERMUTE(w->schblock, int32_t);
    PERMUTE(w->schtype, uint8_t);
    for (int l = 0; l < 2; l++) {
        PERMUTE(w->cap[l], int32_t);
        PERMUTE(w->cls[l], int32_t);
        PERMUTE(w->enr[l], int32_t);
    }
    for (int i = 0; i < w->ns; i++)
        inv[k[i].s] = i;
    for (int l = 0; l < 2; l++)
        for (size_t b = 0; b < w->nb; b++)
            if (w->cur[l][b] >= 0)
                w->cur[l][b] = inv[w->cur[l][b]];
    free(k);
    free(tmp);
    free(inv);
    return ZP_OK;
}

static int schools_alloc(gen_world *w)
{
    size_t s = (size_t)w->ns;
    w->schx = malloc(s * sizeof *w->schx);
    w->schy = malloc(s * sizeof *w->schy);
    w->schblock = malloc(s * sizeof *w->schblock);
    w->schtype = malloc(s);
    int ok = w->schx && w->schy && w->schblock && w->schtype;
    for (int l = 0; l < 2; l++) {
        w->cap[l] = calloc(s, sizeof *w->cap[l]);
        w->cls[l] = calloc(s, sizeof *w->cls[l]);
        w->enr[l] = calloc(s, sizeof *w->enr[l]);
        w->cur[l] = malloc(w->nb * sizeof *w->cur[l]);
        ok = ok && w->cap[l] && w->cls[l] && w->enr[l] && w->cur[l];
    }
    return ok ? ZP_OK : zp_error_set(ZP_ENOMEM, "gen: out of memory for %zu schools", s);
}

int gen_schools(gen_world *w)
{
    siting st = {0};
    w->ns = w->opt->schools;
    int rc = schools_alloc(w);
    if (rc == ZP_OK)
        rc = siting_init(&st, w);
    double demand = 0;
    for (size_t b = 0; b < w->nb; b++)
        demand += w->pri[b] + w->jun[b];
    /* first without a free zone, then with a growing one, until the school is big */
    double per_school = demand / w->ns, target = fmin(CORE_DISC, 0.5 * per_school);
    int chase = per_school >= 600; /* a 2,500-pupil school is plausible at this density */
    for (int a = 0; a < CORE_ATTEMPTS && rc == ZP_OK; a++) {
        double radius = st.core >= 0 && a > 0 ? core_radius(&st, target) : 0;
        gen_rng r;
        gen_rng_seed(&r, w->opt->seed, RNG_SCHOOLS);
        place_sites(&st, 2 * radius, &r);
        assign_types(&st);
        rc = catchments(w);
        if (st.core < 0 || !chase || w->enr[0][0] + w->enr[1][0] >= GEN_BIG_SCHOOL)
            break;
        if (a > 0)
            target *= CORE_GROWTH;
    }
    if (rc == ZP_OK)
        rc = capacities(w);
    if (rc == ZP_OK)
        rc = order_schools(w, st.ox, st.oy);
    siting_free(&st);
    return rc;
}

void gen_schools_free(gen_world *w)
{
    free(w->schx);
    free(w->schy);
    free(w->schblock);
    free(w->schtype);
    w->schx = w->schy = NULL;
    w->schblock = NULL;
    w->schtype = NULL;
    for (int l = 0; l < 2; l++) {
        free(w->cap[l]);
        free(w->cls[l]);
        free(w->enr[l]);
        free(w->cur[l]);
        w->cap[l] = w->cls[l] = w->enr[l] = w->cur[l] = NULL;
    }
    for (int i = 0; i < GEN_NRES; i++) {
        free(w->res[i]);
        w->res[i] = NULL;
    }
}
