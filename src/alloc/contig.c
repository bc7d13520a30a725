/* Contiguity: every catchment one connected piece, repaired at the least added cost.
 *
 * Nearest-school assignment under capacity can leave a school's catchment in pieces: a
 * cluster of blocks cut off from the school's own area (an enclave in a neighbour's
 * zone). A parent cannot read such a map, so each piece beyond the school's main one
 * (the piece holding the school's nearest block) moves to a neighbouring catchment it
 * touches, whole if a neighbour has the room, else block by block from its edge inward.
 * Among the neighbours that have room the move that adds the least cost (children x
 * distance, plus the move penalty) wins; capacity is never exceeded. A piece on land no
 * school's main area reaches (an island), or that no neighbour has room for, or that
 * holds locked blocks, stays and is reported with its reason rather than "repaired".
 *
 * The graph is block adjacency (shared edges, geo); components come from a union-find
 * per pass, so a pass is linear in blocks plus edges and passes stop when nothing moves. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "contig_internal.h"
#include "zoneplan/errors.h"

#define MAX_PASSES 64
/* Blocks the chain searches of one joining may visit, per block of the district: chains stay
 * linear in the district however many pieces there are. */
#define CHAIN_WORK 64

/* A fresh BFS mark (three values per search); stamps are cleared before the counter
 * could overflow. */
int32_t zp_ct_next_mark(contig *c)
{
    if (c->epoch > INT32_MAX - 8) {
        memset(c->stamp, 0, sizeof *c->stamp * (c->nb + 1));
        c->epoch = 0;
    }
    return c->epoch += 3;
}

int64_t zp_ct_cost(const contig *c, size_t b, int32_t s)
{
    if (c->r->placed[b] <= 0)
        return 0;
    int64_t per = zp_alloc_pair_cost(c->in, b, (size_t)s);
    /* an unreachable or barred school: a cost no move pays, and that sums without overflow */
    return per >= ZP_ALLOC_UNREACHABLE_CM ? ZP_CT_NEVER : per * c->r->placed[b];
}

/* Under the input's limits (a second solve with fewer crossings), a school allowed across to
 * land short of places has a second main piece there, rooted at its nearest block on that
 * land: chains then hand blocks to and through it as to any catchment, the only way room
 * made across reaches the rest of that land. */
static void second_roots(contig *c)
{
    const zp_alloc_input *in = c->in;
    if (!c->anchor2)
        return;
    for (size_t s = 0; s < c->ns; s++)
        c->anchor2[s] = -1;
    double *best = c->one_root ? NULL : malloc(sizeof *best * (c->ns + 1));
    c->failed |= !c->one_root && !best;
    for (size_t b = 0; best && b < c->nb; b++) { /* blocks with children placed: a root */
        int32_t s = c->r->school[b];
        if (s < 0 || c->r->placed[b] <= 0 || in->limit_land[b] < 0 || c->anchor[s] < 0 ||
            in->may_serve[s] != in->limit_land[b] ||
            in->limit_land[c->anchor[s]] == in->limit_land[b])
            continue;
        double d = zp_alloc_dist(in, b, (size_t)s); /* as the anchor's: dist_m lags moves */
        if (c->anchor2[s] < 0 || d < best[s]) {
            c->anchor2[s] = (int32_t)b;
            best[s] = d;
        }
    }
    free(best);
}

/* Components of every catchment and the main piece of each school. */
void zp_ct_components(contig *c)
{
    const int32_t *sch = c->r->school;
    for (size_t b = 0; b < c->nb; b++)
        c->parent[b] = (int32_t)b;
    for (size_t b = 0; b < c->nb; b++)
        for (size_t k = c->start[b]; k < c->start[b + 1]; k++)
            if ((size_t)c->nbr[k] > b && sch[b] >= 0 && sch[b] == sch[c->nbr[k]])
                zp_uf_unite(c->parent, (int32_t)b, c->nbr[k]);
    double *best = malloc(sizeof *best * (c->ns + 1));
    c->failed |= !best;
    for (size_t s = 0; s < c->ns; s++)
        c->anchor[s] = -1;
    for (size_t b = 0; best && b < c->nb; b++) {
        int32_t s = sch[b];
        if (s < 0)
            continue;
        double d = zp_alloc_dist(c->in, b, (size_t)s);
        if (c->anchor[s] < 0 || d < best[s]) {
            c->anchor[s] = (int32_t)b;
            best[s] = d;
        }
    }
    free(best);
    second_roots(c);
    for (size_t b = 0; b < c->nb; b++) {
        int32_t s = sch[b], r = zp_uf_find(c->parent, (int32_t)b);
        c->in_main[b] =
            s >= 0 &&
            ((c->anchor[s] >= 0 && r == zp_uf_find(c->parent, c->anchor[s])) ||
             (c->anchor2 && c->anchor2[s] >= 0 && r == zp_uf_find(c->parent, c->anchor2[s])));
    }
}

static int cmp_by_root(const void *x, const void *y, void *ud)
{
    int32_t *parent = ud, a = *(const int32_t *)x, b = *(const int32_t *)y;
    int32_t ra = zp_uf_find(parent, a), rb = zp_uf_find(parent, b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    return (a > b) - (a < b);
}

/* The blocks outside their school's main piece, grouped by piece (lowest root first). */
void zp_ct_list_pieces(contig *c)
{
    size_t n = 0;
    for (size_t b = 0; b < c->nb; b++)
        if (c->r->school[b] >= 0 && !c->in_main[b])
            c->order[n++] = (int32_t)b;
    qsort_r(c->order, n, sizeof *c->order, cmp_by_root, c->parent);
    c->npieces = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 ||
            zp_uf_find(c->parent, c->order[i]) != zp_uf_find(c->parent, c->order[i - 1])) {
            c->pstart[c->npieces++] = i;
        }
    c->pstart[c->npieces] = n;
}

void zp_ct_move_block(contig *c, size_t b, int32_t t)
{
    int32_t s = c->r->school[b];
    if (c->journal.on) {
        if (zp_grow((void **)&c->journal.move, &c->journal.cap, c->journal.n + 1,
                    sizeof *c->journal.move))
            c->failed = 1; /* the move is made all the same: failed stops the repair */
        else
            c->journal.move[c->journal.n++] = (zp_ct_move){(int32_t)b, s, c->in_main[b]};
    }
    c->room[s] += c->r->placed[b];
    c->room[t] -= c->r->placed[b];
    c->r->load[s] -= c->r->placed[b];
    c->r->load[t] += c->r->placed[b];
    c->r->school[b] = t;
    c->in_main[b] = 1;
}

/* Best neighbouring main piece that can take the whole piece; -1 when none can. */

/* Target schools already weighed for a piece: a piece touches few schools, but along many
 * edges, and each weighing walks the whole piece. */
typedef struct seen_set {
    int32_t s[32];
    int n;
} seen_set;

static int seen_add(seen_set *v, int32_t t)
{
    for (int i = 0; i < v->n; i++)
        if (v->s[i] == t)
            return 1;
    if (v->n < 32)
        v->s[v->n++] = t;
    return 0;
}

static int32_t whole_target(contig *c, const int32_t *blk, size_t n)
{
    int32_t s = c->r->school[blk[0]], best_t = -1;
    int64_t need = 0, best = 0;
    seen_set seen = {0};
    for (size_t i = 0; i < n; i++) {
        if (zp_alloc_is_locked(c->in, (size_t)blk[i]))
            return -1;
        need += c->r->placed[blk[i]];
    }
    for (size_t i = 0; i < n; i++)
        for (size_t k = c->start[blk[i]]; k < c->start[blk[i] + 1]; k++) {
            int32_t t = c->r->school[c->nbr[k]];
            if (t < 0 || t == s || !c->in_main[c->nbr[k]] || c->room[t] < need ||
                seen_add(&seen, t))
                continue;
            int64_t delta = zp_ct_whole_delta(c, blk, n, t);
            if (best_t < 0 || delta < best || (delta == best && t < best_t)) {
                best_t = t;
                best = delta;
            }
        }
    return best_t;
}

/* Peel a piece from its edge: one block at a time into a touching main piece with room. */
static int peel(contig *c, const int32_t *blk, size_t n)
{
    int moved = 0, progress = 1;
    while (progress) {
        progress = 0;
        for (size_t i = 0; i < n; i++) {
            size_t b = (size_t)blk[i];
            int32_t s = c->r->school[b], best_t = -1;
            if (c->in_main[b] || zp_alloc_is_locked(c->in, b))
                continue;
            int64_t best = 0;
            for (size_t k = c->start[b]; k < c->start[b + 1]; k++) {
                int32_t t = c->r->school[c->nbr[k]];
                if (t < 0 || t == s || !c->in_main[c->nbr[k]] || c->room[t] < c->r->placed[b])
                    continue;
                int64_t delta = zp_ct_cost(c, b, t) - zp_ct_cost(c, b, s);
                if (best_t < 0 || delta < best || (delta == best && t < best_t)) {
                    best_t = t;
                    best = delta;
                }
            }
            if (best_t >= 0) {
                zp_ct_move_block(c, b, best_t);
                moved = progress = 1;
            }
        }
    }
    return moved;
}

/* The blocks of t's main piece as of now, by BFS from its anchor: mlist[0..return).
 * Local to the piece, so a pass with many pieces stays linear in the district. */
size_t zp_ct_main_members(contig *c, int32_t t)
{
    int32_t mark = zp_ct_next_mark(c);
    size_t n = 0;
    for (int i = 0; i < 2; i++) {
        int32_t root = i == 0 ? c->anchor[t] : c->anchor2 ? c->anchor2[t] : -1;
        if (root < 0 || c->r->school[root] != t || c->stamp[root] == mark)
            continue;
        c->stamp[root] = mark;
        c->mlist[n++] = root;
    }
    for (size_t head = 0; head < n; head++) {
        int32_t b = c->mlist[head];
        for (size_t k = c->start[b]; k < c->start[b + 1]; k++) {
            int32_t x = c->nbr[k];
            if (c->stamp[x] == mark || c->r->school[x] != t || !c->in_main[x])
                continue;
            c->stamp[x] = mark;
            c->mlist[n++] = x;
        }
    }
    return n;
}

/* Would school t's main piece, without the blocks out[] and with the piece blk[], be one
 * piece? BFS from t's anchor; stamps mark the piece (+1) and the blocks leaving (+2). */
int zp_ct_still_whole(contig *c, int32_t t, const int32_t *out, size_t nout, const int32_t *blk,
                      size_t n)
{
    size_t nm = zp_ct_main_members(c, t);
    int32_t base = zp_ct_next_mark(c);
    int32_t roots[2] = {c->anchor[t], c->anchor2 ? c->anchor2[t] : -1};
    for (size_t i = 0; i < n; i++)
        c->stamp[blk[i]] = base + 1;
    for (size_t i = 0; i < nout; i++)
        c->stamp[out[i]] = base + 2;
    if (nm == 0)
        return 0;
    size_t want = n, head = 0, tail = 0;
    for (size_t k = 0; k < nm; k++)
        want += c->stamp[c->mlist[k]] != base + 2;
    for (int i = 0; i < 2; i++) { /* every root stays: a main piece keeps its root block */
        int32_t root = roots[i];
        if (root < 0 || c->r->school[root] != t)
            continue;
        if (c->stamp[root] == base + 2)
            return 0;
        if (c->stamp[root] != base) {
            c->stamp[root] = base;
            c->queue[tail++] = root;
        }
    }
    while (head < tail) {
        int32_t b = c->queue[head++];
        for (size_t k = c->start[b]; k < c->start[b + 1]; k++) {
            int32_t x = c->nbr[k];
            int in_t = c->stamp[x] == base + 1 ||
                       (c->r->school[x] == t && c->in_main[x] && c->stamp[x] < base);
            if (!in_t)
                continue;
            c->stamp[x] = base;
            c->queue[tail++] = x;
        }
    }
    return tail == want;
}

typedef struct exit_move {
    int64_t delta, per_child; /* added cost, and per child placed (for the greedy order) */
    int32_t q, u;             /* block q of t goes to u */
} exit_move;

static int cmp_exit(const void *x, const void *y)
{
    const exit_move *a = x, *b = y;
    if (a->per_child != b->per_child)
        return a->per_child < b->per_child ? -1 : 1;
    return (a->q > b->q) - (a->q < b->q);
}

/* Cheapest way out of t for block q: a touching main piece other than t. */
static int exit_of(contig *c, int32_t t, int32_t q, exit_move *e)
{
    int found = 0;
    for (size_t k = c->start[q]; k < c->start[q + 1]; k++) {
        int32_t u = c->r->school[c->nbr[k]];
        if (u < 0 || u == t || !c->in_main[c->nbr[k]])
            continue;
        int64_t delta = zp_ct_cost(c, (size_t)q, u) - zp_ct_cost(c, (size_t)q, t);
        if (!found || delta < e->delta || (delta == e->delta && u < e->u)) {
            *e = (exit_move){delta, 0, q, u};
            found = 1;
        }
    }
    if (found)
        e->per_child = e->delta / (c->r->placed[q] > 0 ? c->r->placed[q] : 1);
    return found;
}

/* Plan for the piece joining t: edge blocks of t, cheapest per child first, leave for
 * touching catchments with room until t has room for the piece; the chosen moves are
 * cand[pick[0..*npick)]. Returns the added cost, or INT64_MAX when t cannot make room. */
static int64_t plan_join(contig *c, const int32_t *blk, size_t n, int64_t need, int32_t t,
                         exit_move *cand, int32_t *pick, size_t *npick, int64_t *taken)
{
    int32_t s = c->r->school[blk[0]];
    size_t nc = 0, nm = zp_ct_main_members(c, t);
    for (size_t m = 0; m < nm; m++) {
        int32_t q = c->mlist[m];
        if (c->in_main[q] && !zp_alloc_is_locked(c->in, (size_t)q) && c->r->placed[q] > 0 &&
            exit_of(c, t, q, &cand[nc]))
            nc++;
    }
    qsort(cand, nc, sizeof *cand, cmp_exit);
    int64_t deficit = need - c->room[t], delta = zp_ct_whole_delta(c, blk, n, t);
    *npick = 0;
    for (size_t i = 0; i < nc && deficit > 0; i++) {
        int32_t u = cand[i].u, q = cand[i].q;
        int64_t free_u = c->room[u] + (u == s ? need : 0) - taken[u];
        if (free_u < c->r->placed[q])
            continue;
        taken[u] += c->r->placed[q];
        deficit -= c->r->placed[q];
        delta += cand[i].delta;
        pick[(*npick)++] = (int32_t)i;
    }
    for (size_t i = 0; i < *npick; i++)
        taken[cand[pick[i]].u] = 0;
    return deficit > 0 ? INT64_MAX : delta;
}

/* Does a block of blk[] touch school t's main piece? */
static int touches_main(const contig *c, const int32_t *blk, size_t n, int32_t t)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = c->start[blk[i]]; k < c->start[blk[i] + 1]; k++)
            if (c->r->school[c->nbr[k]] == t && c->in_main[c->nbr[k]])
                return 1;
    return 0;
}

/* Two pieces that block each other (each lies next to the other's school's main area, as
 * when two catchments reach past each other along a road) trade places: the piece joins
 * school t and one of t's pieces joins the piece's school, where both stay within their
 * places; the cheapest such trade wins. Each joins a main area it touches: both stay whole. */
static int swap_pieces(contig *c, const int32_t *blk, size_t n)
{
    int32_t s = c->r->school[blk[0]], best_t = -1;
    size_t best_q = 0;
    int64_t need = 0, best = INT64_MAX;
    for (size_t i = 0; i < n; i++) {
        if (zp_alloc_is_locked(c->in, (size_t)blk[i]))
            return 0;
        need += c->r->placed[blk[i]];
    }
    for (size_t q = 0; q < c->npieces; q++) {
        const int32_t *qb = c->order + c->pstart[q];
        size_t qn = c->pstart[q + 1] - c->pstart[q];
        int32_t t = c->r->school[qb[0]];
        if (t < 0 || t == s || c->in_main[qb[0]] || !touches_main(c, blk, n, t) ||
            !touches_main(c, qb, qn, s))
            continue;
        int64_t qneed = 0;
        int locked = 0;
        for (size_t i = 0; i < qn; i++) {
            qneed += c->r->placed[qb[i]];
            locked |= zp_alloc_is_locked(c->in, (size_t)qb[i]) || c->r->school[qb[i]] != t;
        }
        if (locked || c->room[t] + qneed < need || c->room[s] + need < qneed)
            continue;
        int64_t delta = zp_ct_whole_delta(c, blk, n, t) + zp_ct_whole_delta(c, qb, qn, s);
        if (delta >= best)
            continue;
        best = delta;
        best_t = t;
        best_q = q;
    }
    if (best_t < 0)
        return 0;
    const int32_t *qb = c->order + c->pstart[best_q];
    size_t qn = c->pstart[best_q + 1] - c->pstart[best_q];
    for (size_t i = 0; i < qn; i++)
        zp_ct_move_block(c, (size_t)qb[i], s);
    for (size_t i = 0; i < n; i++)
        zp_ct_move_block(c, (size_t)blk[i], best_t);
    return 1;
}

/* A piece no neighbour has room for joins a neighbour t anyway, and t makes room by
 * handing edge blocks to the catchments they touch (the piece's own school among them:
 * the piece leaves room there), so every school stays within capacity and t stays one
 * piece. The cheapest such neighbour wins. */
static int eject(contig *c, const int32_t *blk, size_t n)
{
    int32_t s = c->r->school[blk[0]], best_t = -1;
    int64_t need = 0, best = INT64_MAX;
    for (size_t i = 0; i < n; i++) {
        if (zp_alloc_is_locked(c->in, (size_t)blk[i]))
            return 0;
        need += c->r->placed[blk[i]];
    }
    exit_move *cand = malloc(sizeof *cand * (c->nb + 1));
    int32_t *pick = malloc(sizeof *pick * (c->nb + 1)), *qs = malloc(sizeof *qs * (c->nb + 1));
    int64_t *taken = calloc(c->ns + 1, sizeof *taken);
    c->failed |= !cand || !pick || !qs || !taken;
    seen_set seen = {0};
    for (size_t i = 0; cand && pick && qs && taken && i < n; i++)
        for (size_t k = c->start[blk[i]]; k < c->start[blk[i] + 1]; k++) {
            int32_t t = c->r->school[c->nbr[k]];
            if (t < 0 || t == s || !c->in_main[c->nbr[k]] || seen_add(&seen, t))
                continue;
            size_t np = 0;
            int64_t d = plan_join(c, blk, n, need, t, cand, pick, &np, taken);
            for (size_t j = 0; j < np; j++)
                qs[j] = cand[pick[j]].q;
            if (d < best && zp_ct_still_whole(c, t, qs, np, blk, n)) {
                best = d;
                best_t = t;
            }
        }
    if (best_t >= 0) {
        size_t np = 0;
        plan_join(c, blk, n, need, best_t, cand, pick, &np, taken);
        for (size_t i = 0; i < n; i++)
            zp_ct_move_block(c, (size_t)blk[i], best_t);
        for (size_t j = 0; j < np; j++)
            zp_ct_move_block(c, (size_t)cand[pick[j]].q, cand[pick[j]].u);
    }
    free(cand);
    free(pick);
    free(qs);
    free(taken);
    return best_t >= 0;
}

/* Path from the piece to its own school's main piece through other catchments' main
 * pieces (fewest blocks, BFS): path[0..return) from the main piece's side back to the
 * piece. 0 when there is none. */
static size_t find_path(contig *c, const int32_t *blk, size_t n, int32_t *path)
{
    int32_t s = c->r->school[blk[0]], mark = zp_ct_next_mark(c);
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < n; i++) {
        c->stamp[blk[i]] = mark + 1; /* the piece itself */
        c->queue[tail++] = blk[i];
    }
    while (head < tail) {
        int32_t b = c->queue[head++];
        for (size_t k = c->start[b]; k < c->start[b + 1]; k++) {
            int32_t x = c->nbr[k], t = c->r->school[x];
            if (t == s && c->in_main[x] && c->stamp[b] == mark) {
                size_t len = 0;
                for (int32_t y = b; c->stamp[y] == mark; y = c->from[y])
                    path[len++] = y;
                return len;
            }
            if (c->stamp[x] >= mark || t < 0 || t == s || !c->in_main[x] ||
                zp_alloc_is_locked(c->in, (size_t)x))
                continue;
            c->stamp[x] = mark;
            c->from[x] = b;
            c->queue[tail++] = x;
        }
    }
    return 0;
}

static int cmp_by_school(const void *x, const void *y, void *ud)
{
    const int32_t *school = ud, a = *(const int32_t *)x, b = *(const int32_t *)y;
    if (school[a] != school[b])
        return school[a] < school[b] ? -1 : 1;
    return (a > b) - (a < b);
}

/* The piece's own school takes the blocks between it and its main piece, when it has room
 * for them and every school that gives a block up stays in one piece. */
static int reclaim(contig *c, const int32_t *blk, size_t n)
{
    int32_t s = c->r->school[blk[0]];
    int32_t *path = malloc(sizeof *path * (c->nb + 1));
    c->failed |= !path;
    size_t len = path ? find_path(c, blk, n, path) : 0;
    int64_t need = 0;
    for (size_t i = 0; i < len; i++)
        need += c->r->placed[path[i]];
    int ok = len > 0 && need <= c->room[s];

    if (ok) {
        qsort_r(path, len, sizeof *path, cmp_by_school, c->r->school);
        for (size_t i = 0, j; ok && i < len; i = j) {
            for (j = i; j < len && c->r->school[path[j]] == c->r->school[path[i]]; j++)
                ;
            ok = zp_ct_still_whole(c, c->r->school[path[i]], path + i, j - i, NULL, 0);
        }
    }
    for (size_t i = 0; ok && i < len; i++)
        zp_ct_move_block(c, (size_t)path[i], s);
    for (size_t i = 0; ok && i < n; i++)
        c->in_main[blk[i]] = 1;
    free(path);
    return ok;
}

/* A piece that touches its own school's main piece (through a block that joined it this
 * pass) is no longer apart. */
static int joined(contig *c, const int32_t *blk, size_t n)
{
    int32_t s = c->r->school[blk[0]];
    for (size_t i = 0; i < n; i++)
        for (size_t k = c->start[blk[i]]; k < c->start[blk[i] + 1]; k++)
            if (c->r->school[c->nbr[k]] == s && c->in_main[c->nbr[k]])
                return 1;
    return 0;
}

int64_t zp_ct_whole_delta(contig *c, const int32_t *blk, size_t n, int32_t t)
{
    int64_t delta = 0;
    for (size_t j = 0; j < n; j++)
        delta +=
            zp_ct_cost(c, (size_t)blk[j], t) - zp_ct_cost(c, (size_t)blk[j], c->r->school[blk[j]]);
    return delta;
}

static int cmp_delta(const void *x, const void *y, void *ud)
{
    const int64_t *delta = ud;
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    if (delta[a] != delta[b])
        return delta[a] < delta[b] ? -1 : 1;
    return (a > b) - (a < b);
}

/* Does block b touch the main piece of a school other than s? */
static int touches_other_main(const contig *c, int32_t b, int32_t s)
{
    for (size_t k = c->start[b]; k < c->start[b + 1]; k++) {
        int32_t t = c->r->school[c->nbr[k]];
        if (t >= 0 && t != s && c->in_main[c->nbr[k]])
            return 1;
    }
    return 0;
}

/* A piece joined block by block, each edge block by its own chain of hand-ons: a whole piece
 * is often more than one boundary can pass on, one block at a time is not. All or nothing:
 * a piece only partly joined is put back (it could be left in more pieces). 1: joined. */
static int chain_peel(contig *c, const int32_t *blk, size_t n)
{
    int32_t s = c->r->school[blk[0]];
    size_t left = n;
    c->journal.on = 1; /* every move recorded, to be put back: no copy of the whole plan */
    c->journal.n = 0;
    for (int progress = 1; progress && left > 0 && c->work < c->budget && !c->failed;) {
        progress = 0;
        for (size_t i = 0; i < n; i++) {
            int32_t b = blk[i];
            if (c->r->school[b] != s || c->in_main[b] || !touches_other_main(c, b, s))
                continue;
            if (zp_ct_chain(c, &b, 1, 0)) {
                progress = 1;
                left--;
            }
        }
    }
    c->journal.on = 0;
    for (size_t i = c->journal.n; left > 0 && i-- > 0;) {
        const zp_ct_move *m = &c->journal.move[i];
        zp_ct_move_block(c, (size_t)m->block, m->school);
        c->in_main[m->block] = m->in_main;
    }
    return left == 0;
}

/* Cheapest moves first: a piece whose neighbour joins elsewhere may then need no move. */
static int one_pass(contig *c)
{
    zp_ct_components(c);
    zp_ct_list_pieces(c);
    size_t np = c->npieces;
    size_t *idx = malloc(sizeof *idx * (np + 1));
    int64_t *delta = malloc(sizeof *delta * (np + 1));
    if (!idx || !delta) {
        free(idx);
        free(delta);
        c->failed = 1;
        return 0;
    }
    for (size_t p = 0; p < np; p++) {
        const int32_t *blk = c->order + c->pstart[p];
        size_t n = c->pstart[p + 1] - c->pstart[p];
        int32_t t = whole_target(c, blk, n);
        idx[p] = p;
        delta[p] = t >= 0 ? zp_ct_whole_delta(c, blk, n, t) : INT64_MAX;
    }
    qsort_r(idx, np, sizeof *idx, cmp_delta, delta);
    int moved = 0;
    for (size_t q = 0; q < np; q++) {
        size_t p = idx[q];
        const int32_t *blk = c->order + c->pstart[p];
        size_t n = c->pstart[p + 1] - c->pstart[p];
        if (joined(c, blk, n)) {
            for (size_t i = 0; i < n; i++)
                c->in_main[blk[i]] = 1;
            continue;
        }
        int32_t t = whole_target(c, blk, n);
        if (t >= 0) {
            for (size_t i = 0; i < n; i++)
                zp_ct_move_block(c, (size_t)blk[i], t);
            moved = 1;
        } else if (swap_pieces(c, blk, n)) {
            moved = 1;
        } else if (eject(c, blk, n)) {
            c->ejected++;
            moved = 1;
        } else if (reclaim(c, blk, n)) {
            c->reclaimed++;
            moved = 1;
        } else if (zp_ct_chain(c, blk, n, 0) || chain_peel(c, blk, n)) {
            c->chained++;
            moved = 1;
        } else if (peel(c, blk, n) || (c->allow_shed && zp_ct_chain(c, blk, n, 1))) {
            moved = 1;
        }
    }
    free(idx);
    free(delta);
    return moved;
}

static int contig_init(contig *c, const zp_alloc_input *in, const size_t *start, const int32_t *nbr,
                       zp_alloc_result *r)
{
    memset(c, 0, sizeof *c);
    *c = (contig){
        .in = in, .start = start, .nbr = nbr, .r = r, .nb = in->nblocks, .ns = in->nschools};
    size_t nb = c->nb + 1, ns = c->ns + 1;
    c->parent = malloc(sizeof *c->parent * nb);
    c->land = malloc(sizeof *c->land * nb);
    c->anchor = malloc(sizeof *c->anchor * ns);
    if (in->limit_land && in->may_serve && !(c->anchor2 = malloc(sizeof *c->anchor2 * ns)))
        return zp_error_set(ZP_ENOMEM, "out of memory");
    c->in_main = calloc(nb, 1);
    c->has_main = calloc(nb, 1);
    c->room = malloc(sizeof *c->room * ns);
    c->order = malloc(sizeof *c->order * nb);
    c->pstart = malloc(sizeof *c->pstart * (nb + 1));
    c->mlist = malloc(sizeof *c->mlist * nb);
    c->stamp = calloc(nb, sizeof *c->stamp);
    c->queue = malloc(sizeof *c->queue * nb);
    c->from = malloc(sizeof *c->from * nb);
    if (!c->parent || !c->land || !c->anchor || !c->in_main || !c->has_main || !c->room ||
        !c->order || !c->pstart || !c->mlist || !c->stamp || !c->queue || !c->from)
        return zp_error_set(ZP_ENOMEM, "out of memory");
    int64_t places = 0, children = 0;
    for (size_t s = 0; s < c->ns; s++) {
        c->room[s] = in->capacity[s] - r->load[s];
        places += in->capacity[s];
    }
    for (size_t b = 0; b < c->nb; b++)
        children += in->demand[b] > 0 ? in->demand[b] : 0;
    c->allow_shed = places < children;
    return ZP_OK;
}

static void contig_free(contig *c)
{
    free(c->parent);
    free(c->land);
    free(c->anchor);
    free(c->anchor2);
    free(c->in_main);
    free(c->has_main);
    free(c->room);
    free(c->order);
    free(c->pstart);
    free(c->mlist);
    free(c->stamp);
    free(c->queue);
    free(c->from);
    free(c->journal.move);
}

/* One piece that touches another school's piece apart joins it, that school making room by
 * a chain from its main piece: two pieces become one (a river's crossings, split between
 * several schools, gathered into fewer). 1: one did. */
static int merge_one(contig *c)
{
    for (size_t p = 0; p < c->npieces; p++) {
        const int32_t *blk = c->order + c->pstart[p];
        size_t n = c->pstart[p + 1] - c->pstart[p];
        int32_t s = c->r->school[blk[0]];
        seen_set seen = {0};
        for (size_t i = 0; i < n; i++)
            for (size_t k = c->start[blk[i]]; k < c->start[blk[i] + 1]; k++) {
                int32_t t = c->r->school[c->nbr[k]];
                if (t < 0 || t == s || c->in_main[c->nbr[k]] || seen_add(&seen, t))
                    continue;
                if (zp_ct_chain_into(c, blk, n, t))
                    return 1;
            }
    }
    return 0;
}

/* Passes of one_pass until nothing moves, then pull chains and merges of pieces; the pieces
 * left are listed. */
static void join(contig *c, int max_passes, zp_contig_report *rep)
{
    c->work = 0;
    c->budget = CHAIN_WORK * (c->nb + 1);
    for (int pass = 0; pass < max_passes && one_pass(c); pass++)
        rep->passes++;
    zp_ct_components(c);
    zp_ct_fill(c);
    zp_ct_components(c);
    zp_ct_list_pieces(c);
    /* each merge leaves one piece fewer: as many tries as pieces, lists made afresh; merges
     * have a budget of their own (the passes may have spent theirs on pieces left) */
    c->work = 0;
    for (size_t left = c->npieces; left > 0 && !c->failed && merge_one(c); left--) {
        c->merged++;
        zp_ct_components(c);
        zp_ct_list_pieces(c);
    }
}

/* Join the pieces of the plan, and where places are short, grow the catchments afresh from the
 * schools (grow.c), joining what growing leaves apart: the plan with fewer pieces apart, then the
 * cheaper, stays. */
static int join_or_grow(contig *c, const zp_ct_plan *start, int max_passes, zp_contig_report *rep)
{
    join(c, max_passes, rep);
    if (!c->allow_shed)
        return ZP_OK; /* growing pays off where places are short (measured: it never won on
                         districts with places for every child, and costs 12 rounds) */
    size_t joined_left = c->npieces, counts[4] = {c->ejected, c->reclaimed, c->chained, c->merged};
    int64_t joined_cost = zp_ct_plan_cost(c);
    zp_ct_plan joined = {0};
    int rc = zp_ct_plan_save(c, &joined);
    if (!rc) {
        zp_ct_plan_restore(c, start);
        zp_ct_components(c);
        rc = zp_ct_grow(c, start);
    }
    if (!rc) {
        zp_ct_components(c);
        join(c, max_passes, rep);
        int64_t cost = zp_ct_plan_cost(c);
        if (c->npieces < joined_left || (c->npieces == joined_left && cost < joined_cost))
            rep->grown = 1;
        else { /* the joined plan, and its counts */
            zp_ct_plan_restore(c, &joined);
            c->ejected = counts[0];
            c->reclaimed = counts[1];
            c->chained = counts[2];
            c->merged = counts[3];
        }
    }
    zp_ct_plan_free(&joined);
    return rc;
}

static int contig_run(const zp_alloc_input *in, const size_t *adj_start, const int32_t *adj,
                      zp_alloc_result *r, zp_contig_report *rep, int max_passes)
{
    memset(rep, 0, sizeof *rep);
    contig c;
    zp_ct_plan start = {0};
    int rc = contig_init(&c, in, adj_start, adj, r);
    if (!rc)
        rc = zp_ct_plan_save(&c, &start);
    if (!rc) {
        rep->objective_before = r->objective;
        rep->distance_before = r->distance;
        zp_ct_components(&c);
        zp_ct_list_pieces(&c);
        rep->pieces_before = c.npieces;
        if (max_passes > 0 && c.npieces > 0)
            rc = join_or_grow(&c, &start, max_passes, rep);
    }
    if (!rc) {
        c.one_root = 1; /* what crosses is reported as pieces apart, with its proof */
        if (max_passes > 0)
            rep->settled = zp_ct_settle_empty(&c);
        zp_ct_components(&c);
        zp_ct_list_pieces(&c);
        rc = c.failed ? zp_error_set(ZP_ENOMEM, "out of memory") : zp_ct_report_left(&c, rep);
        rep->ejected = c.ejected;
        rep->reclaimed = c.reclaimed;
        rep->chained = c.chained;
        rep->merged = c.merged;
    }
    if (!rc) {
        int64_t shortfall_before = r->shortfall;
        zp_alloc_rescore(in, r);
        rep->objective_after = r->objective;
        rep->distance_after = r->distance;
        rep->shed = r->shortfall - shortfall_before;
        for (size_t b = 0; b < in->nblocks; b++)
            if (start.school[b] != r->school[b]) {
                rep->blocks_moved++;
                rep->children_moved += r->placed[b];
            }
    }
    zp_ct_plan_free(&start);
    contig_free(&c);
    if (rc)
        zp_contig_report_free(rep);
    return rc;
}

void zp_contig_report_free(zp_contig_report *rep)
{
    free(rep->left);
    free(rep->pieces);
    free(rep->short_lands);
    free(rep->limit_land);
    free(rep->may_serve);
    memset(rep, 0, sizeof *rep);
}

static int contig_with_dist(const zp_alloc_input *in, const size_t *adj_start, const int32_t *adj,
                            zp_alloc_result *r, zp_contig_report *rep, int max_passes)
{
    zp_alloc_input local;
    zp_dist *own;
    int rc = zp_alloc_with_dist(in, &local, &own);
    if (!rc)
        rc = contig_run(&local, adj_start, adj, r, rep, max_passes);
    if (!rc && (rc = zp_dist_status(local.dist)) != ZP_OK)
        zp_contig_report_free(rep);
    zp_dist_free(own);
    return rc;
}

int zp_contig_repair(const zp_alloc_input *in, const size_t *adj_start, const int32_t *adj,
                     zp_alloc_result *r, zp_contig_report *rep)
{
    return contig_with_dist(in, adj_start, adj, r, rep, MAX_PASSES);
}

int zp_contig_count(const zp_alloc_input *in, const size_t *adj_start, const int32_t *adj,
                    zp_alloc_result *r, zp_contig_report *rep)
{
    return contig_with_dist(in, adj_start, adj, r, rep, 0);
}
