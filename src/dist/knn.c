/* The k nearest sites of every block on the walk: one many-source search (every site a
 * source, each node keeping its k best labels of distinct sites), or, for many sites, one
 * whole search per site; and both levels' searches done ahead on two threads. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "walk_internal.h"
#include "zoneplan/errors.h"

/* ---- the k nearest sites of every block: one search from all sites ---- */

typedef struct cand {
    int64_t um;
    int32_t site;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->um != y->um)
        return x->um < y->um ? -1 : 1;
    return (x->site > y->site) - (x->site < y->site);
}

/* Many nearest sites (the siting's bound asks for all of them): a whole search from each
 * site, then each block's sites sorted; labels of k sites on every node would cost more. */
static int nearest_by_site(zp_dist *d, const int32_t *blocks, const uint8_t *use, zp_dist_knn *out)
{
    zp_walk *w = d->walk;
    size_t k = (size_t)out->k, nb = out->nblocks, m = 0;
    int32_t *sites = malloc((d->ns + 1) * sizeof *sites);
    int rc = sites ? ZP_OK : zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t s = 0; !rc && s < d->ns; s++)
        if ((!use || use[s]) && w->snode[s] >= 0)
            sites[m++] = (int32_t)s;
    cand *c = rc ? NULL : malloc((nb * m + 1) * sizeof *c);
    if (!rc && !c)
        rc = zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t j = 0; !rc && j < m; j++) {
        int32_t s = sites[j];
        rc = zp_walk_search_site(w, (size_t)s);
        for (size_t i = 0; !rc && i < nb; i++)
            c[i * m + j] = (cand){zp_walk_block_walk(w, blocks ? (size_t)blocks[i] : i), s};
    }
    for (size_t i = 0; !rc && i < nb; i++) {
        cand *row = c + i * m;
        qsort(row, m, sizeof *row, cmp_cand);
        for (size_t j = 0; j < k && j < m && row[j].um != UNREACHED; j++) {
            out->site[i * k + j] = row[j].site;
            out->metres[i * k + j] = zp_walk_metres(row[j].um);
        }
    }
    free(c);
    free(sites);
    return rc;
}

#define LABELS_UP_TO 64 /* k up to which every node keeps k labels in one search */

/* Each node's labels: up to k (distance, site) pairs of distinct sites, sorted, the first
 * `fixed` of them settled, the rest tentative. A new label enters only if it beats the
 * node's k-th: with k distinct sites nearer already known, it cannot be among the node's k
 * nearest (that pruning, exact, keeps the heap near k entries per node).
 *
 * The search is bound by memory, not by arithmetic (each step reads a node's labels far from
 * the last one's), so a label is one 64-bit word, distance above site, and a node's k labels
 * share one or two cache lines: (distance, site) order is the order of the words. Settled
 * labels are always the first ones: the heap hands out labels in (distance, site) order, so
 * every label offered later sorts after them. */
typedef uint64_t label;

#define SITE_BITS 20 /* sites below 2^20 (more: one search per site, nearest_by_site) */
#define SITES_MAX ((size_t)1 << SITE_BITS)
#define D_MAX (((int64_t)1 << (63 - SITE_BITS)) - 1) /* micrometres: 8,796 km */

static label make_label(int64_t d, int32_t site)
{
    return (uint64_t)d << SITE_BITS | (uint64_t)site;
}

static int64_t label_d(label l)
{
    return (int64_t)(l >> SITE_BITS);
}

static int32_t label_site(label l)
{
    return (int32_t)(l & (SITES_MAX - 1));
}

typedef struct labels {
    size_t k;
    label *l;
    uint8_t *held; /* per node t: held[2t] labels held, held[2t + 1] of them settled */
    int too_far;   /* a walk past D_MAX was met: the search fails */
} labels;

/* Offer (dist, site) to node t; 1 when it entered (then it must be pushed). */
static int offer_label(labels *L, size_t t, int64_t dist, int32_t site)
{
    size_t k = L->k, c = L->held[2 * t], f = L->held[2 * t + 1];
    label *l = L->l + t * k, key;
    if (dist > D_MAX) {
        L->too_far = 1;
        return 0;
    }
    key = make_label(dist, site);
    /* full and no better than the k-th: out (a label of the same site is then no worse) */
    if (c == k && (f == k || key >= l[k - 1]))
        return 0;
    for (size_t i = 0; i < c; i++)
        if (label_site(l[i]) == site) {
            if (i < f || key >= l[i])
                return 0;
            memmove(l + i, l + i + 1, (c - i - 1) * sizeof *l);
            c--;
            break;
        }
    size_t at = c < k ? c : k - 1; /* the last one drops out when full */
    while (at > f && key < l[at - 1]) {
        l[at] = l[at - 1];
        at--;
    }
    l[at] = key;
    L->held[2 * t] = (uint8_t)(c < k ? c + 1 : k);
    return 1;
}

/* Settle (dist, site) at v if it is still v's first tentative label (not dropped or bettered:
 * a label still held is settled in turn, being the least of v's left in the heap). */
static int settle_label(labels *L, size_t v, int64_t dist, int32_t site)
{
    size_t f = L->held[2 * v + 1];
    if (f < L->held[2 * v] && L->l[v * L->k + f] == make_label(dist, site)) {
        L->held[2 * v + 1] = (uint8_t)(f + 1);
        return 1;
    }
    return 0;
}

/* The many-source search itself: every used site a source, k labels per node. Touches only
 * its own labels and heap, so two can run at once (zp_walk_prefetch). ZP_EINPUT: a walk
 * longer than the labels hold (no district is 8,000 km across: coordinates not in metres). */
static int knn_search(const zp_dist *d, const uint8_t *use, size_t k, labels *L)
{
    const zp_walk *w = d->walk;
    size_t nn = w->nn;
    *L = (labels){k, malloc((nn * k + 1) * sizeof *L->l), calloc(2 * nn + 1, 1), 0};
    rheap h = {0};
    int rc = L->l && L->held ? ZP_OK : ZP_ENOMEM;
    for (size_t s = 0; !rc && s < d->ns; s++)
        if ((!use || use[s]) && w->snode[s] >= 0 &&
            offer_label(L, (size_t)w->snode[s], w->sacc[s], (int32_t)s))
            rc = zp_rheap_push(&h, w->sacc[s], w->snode[s], (int32_t)s);
    while (!rc && h.n) {
        hent e = zp_rheap_pop(&h, &rc);
        if (rc)
            break;
        size_t v = (size_t)e.node;
        /* what this step reads lies far from the last step's: ask for it all at once, not one
         * miss after another (the label's place depends on fixed[v], the arcs on start[v]) */
        __builtin_prefetch(L->l + v * k);
        __builtin_prefetch(&w->start[v]);
        __builtin_prefetch(&L->held[2 * v]);
        if (!settle_label(L, v, e.d, e.site))
            continue;
        for (size_t a = w->start[v]; a < w->start[v + 1]; a++) {
            size_t t = (size_t)w->arc[a].to;
            __builtin_prefetch(L->l + t * k);
            __builtin_prefetch(L->l + t * k + k - 1);
            __builtin_prefetch(&L->held[2 * t]);
        }
        for (size_t a = w->start[v]; !rc && a < w->start[v + 1]; a++) {
            int64_t nd = e.d + w->arc[a].len;
            if (offer_label(L, (size_t)w->arc[a].to, nd, e.site))
                rc = zp_rheap_push(&h, nd, w->arc[a].to, e.site);
        }
    }
    zp_rheap_free(&h);
    return rc ? rc : L->too_far ? ZP_EINPUT : ZP_OK;
}

/* The failure of a search (its message was lost if it ran on another thread). */
static int search_failed(int rc)
{
    if (rc == ZP_EINPUT)
        return zp_error_set(ZP_EINPUT,
                            "roads: a walk longer than %.0f km: are the roads and "
                            "points in metres?",
                            (double)D_MAX / 1e9);
    return zp_error_set(ZP_ENOMEM, "out of memory searching the roads");
}

static void labels_free(labels *L)
{
    free(L->l);
    free(L->held);
    *L = (labels){0};
}

/* Block b's k nearest sites from the labels of its piece's two ends (each end's k best
 * hold the block's: a site missing from an end has k sites nearer there, so nearer to the
 * block that way too), merged in (distance, site) order, each site once; kept for pair. */
static int block_row(zp_walk *w, const labels *L, size_t b, int32_t *site, double *m)
{
    size_t k = L->k, n = 0;
    if (w->ba[b] < 0)
        return ZP_OK;
    const label *la = L->l + (size_t)w->ba[b] * k, *lb = L->l + (size_t)w->bb[b] * k;
    size_t ca = L->held[2 * (size_t)w->ba[b]], cb = L->held[2 * (size_t)w->bb[b]], i = 0, j = 0;
    int64_t oa = w->bacc[b] + w->boa[b], ob = w->bacc[b] + w->bob[b];
    int rc = ZP_OK;
    while (n < k && (i < ca || j < cb)) {
        int64_t da = i < ca ? label_d(la[i]) + oa : 0, db = j < cb ? label_d(lb[j]) + ob : 0;
        int from_a =
            j >= cb || (i < ca && (da != db ? da < db : label_site(la[i]) < label_site(lb[j])));
        int64_t dd = from_a ? da : db;
        int32_t s = from_a ? label_site(la[i++]) : label_site(lb[j++]);
        int dup = 0;
        for (size_t t = 0; t < n && !dup; t++)
            dup = site[t] == s;
        if (dup)
            continue;
        site[n] = s;
        m[n++] = zp_walk_metres(dd);
        if ((rc = zp_walk_remember(w, b, s, dd)) != ZP_OK)
            break;
    }
    return rc;
}

/* A search done ahead (zp_walk_prefetch): its mask and k, and its labels. */
typedef struct knn_done {
    uint8_t *use; /* copy of the mask, or NULL for every site */
    int all;
    size_t k;
    labels L;
    int rc;
} knn_done;

static int same_mask(const zp_dist *d, const knn_done *p, const uint8_t *use, size_t k)
{
    if (!p->L.l || p->k != k || p->all != !use)
        return 0;
    for (size_t s = 0; use && s < d->ns; s++)
        if (!p->use[s] != !use[s])
            return 0;
    return 1;
}

/* A kept search with this mask and k (zp_walk_keep), or NULL. */
static const labels *kept_labels(const zp_dist *d, const uint8_t *use, size_t k)
{
    for (int i = 0; i < d->walk->nkept; i++)
        if (same_mask(d, &d->walk->kept[i], use, k))
            return &d->walk->kept[i].L;
    return NULL;
}

/* Keep L (taken over: *L emptied) in the oldest slot; NULL (L left as it is) when the mask
 * cannot be copied. */
static const labels *keep_labels(const zp_dist *d, const uint8_t *use, size_t k, labels *L)
{
    zp_walk *w = d->walk;
    knn_done *p = &w->kept[w->kept_next];
    uint8_t *copy = use ? malloc(d->ns + 1) : NULL;
    if (use && !copy)
        return NULL;
    if (use)
        memcpy(copy, use, d->ns);
    free(p->use);
    labels_free(&p->L);
    *p = (knn_done){copy, !use, k, *L, ZP_OK};
    *L = (labels){0};
    w->kept_next = (w->kept_next + 1) % w->nkept;
    return &p->L;
}

int zp_walk_nearest(zp_dist *d, const int32_t *blocks, const uint8_t *use, zp_dist_knn *out)
{
    zp_walk *w = d->walk;
    if (out->k > LABELS_UP_TO || d->ns >= SITES_MAX)
        return nearest_by_site(d, blocks, use, out);
    size_t k = (size_t)out->k;
    labels L = {0};
    int rc = ZP_OK, found = 0;
    for (int i = 0; w->pre && i < 2 && !found; i++)
        if (same_mask(d, &w->pre[i], use, k)) { /* taken over: a search answers once */
            L = w->pre[i].L;
            w->pre[i].L = (labels){0};
            found = 1;
        }
    const labels *kept = found ? NULL : kept_labels(d, use, k);
    if (!found && !kept && (rc = knn_search(d, use, k, &L)) != ZP_OK)
        rc = search_failed(rc);
    if (!rc && !kept && w->nkept)
        kept = keep_labels(d, use, k, &L); /* the kept copy owns them from here */
    for (size_t i = 0; !rc && i < out->nblocks; i++)
        rc = block_row(w, kept ? kept : &L, blocks ? (size_t)blocks[i] : i, out->site + i * k,
                       out->metres + i * k);
    labels_free(&L);
    return rc;
}

int zp_walk_keep(zp_walk *w, int n)
{
    if (n < 1 || n > 8 || w->kept)
        return n >= 0 && n <= 8 ? ZP_OK : zp_error_set(ZP_ERROR, "keep_nearest: 0 to 8");
    w->kept = calloc((size_t)n, sizeof *w->kept);
    if (!w->kept)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    w->nkept = n;
    return ZP_OK;
}

void zp_walk_keep_free(zp_walk *w)
{
    for (int i = 0; i < w->nkept; i++) {
        free(w->kept[i].use);
        labels_free(&w->kept[i].L);
    }
    free(w->kept);
}

void zp_walk_prefetch_free(zp_walk *w)
{
    for (int i = 0; w->pre && i < 2; i++) {
        free(w->pre[i].use);
        labels_free(&w->pre[i].L);
    }
    free(w->pre);
}

typedef struct prefetch_job {
    const zp_dist *d;
    knn_done *p;
} prefetch_job;

static void *prefetch_worker(void *arg)
{
    prefetch_job *j = arg;
    j->p->rc = knn_search(j->d, j->p->all ? NULL : j->p->use, j->p->k, &j->p->L);
    return NULL;
}

int zp_walk_prefetch(zp_dist *d, const uint8_t *const *use, size_t n, int k)
{
    zp_walk *w = d->walk;
    if (k < 1 || k > LABELS_UP_TO || n > 2 || d->ns >= SITES_MAX)
        return ZP_OK; /* nothing to gain: the searches run when asked */
    prefetch_job job[2];
    int rc = ZP_OK;
    if (!w->pre && !(w->pre = calloc(2, sizeof *w->pre)))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        knn_done *p = &w->pre[i];
        free(p->use);
        labels_free(&p->L);
        *p = (knn_done){use[i] ? malloc(d->ns + 1) : NULL, !use[i], (size_t)k, {0}, ZP_OK};
        if (use[i] && !p->use)
            return zp_error_set(ZP_ENOMEM, "out of memory");
        if (use[i])
            memcpy(p->use, use[i], d->ns);
        job[i] = (prefetch_job){d, p};
    }
    pthread_t tid;
    int threaded = n == 2 && pthread_create(&tid, NULL, prefetch_worker, &job[1]) == 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || !threaded)
            prefetch_worker(&job[i]);
    if (threaded)
        pthread_join(tid, NULL);
    for (size_t i = 0; i < n && !rc; i++)
        if (w->pre[i].rc) { /* the message was the worker thread's */
            labels_free(&w->pre[i].L);
            rc = search_failed(w->pre[i].rc);
        }
    return rc;
}
