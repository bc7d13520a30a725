/* Chains of hand-ons: a piece apart joins a full neighbour, which hands edge blocks to the
 * next catchment, and so on until one has room.
 *
 * A piece no single neighbour can take (eject in contig.c tries one hand-on) is joined by a
 * chain t0 -> t1 -> ... -> tk of touching catchments: t0 takes the piece, each school hands
 * its cheapest edge blocks towards the next until the next has room, every school staying
 * one piece (checked before anything moves). The search is breadth first over schools
 * (each school once per piece, at most MAX_HOPS long, MAX_STATES hops weighed), and the
 * cheapest finished chain wins.
 *
 * Where places are short, no chain finds room: then the last school of a chain may keep
 * the blocks and leave some of its children without a place (each block keeps at least one
 * child placed, so no catchment changes shape), while the piece's own school, which the
 * piece left, places children it could not before: its own blocks' unplaced children and
 * blocks without a place next to its area. That is the plan's own price of an unplaced
 * child (the shortfall penalty) weighed against the distance: the shortfall then falls on
 * blocks that keep every catchment whole. It is allowed only when the level is short of
 * places already (allow_shed): a district with spare places never loses a place to it.
 *
 * Pull chains (zp_ct_fill) run the other way: a school with room takes an edge block of a
 * neighbour (placing as many of its children as the room allows), which then has room and
 * takes from the next, until a school can place children who had none. Both searches count
 * the blocks they visit against the repair's budget (contig.c), so the work stays linear in
 * the district and the result does not depend on the machine. */
#include <stdlib.h>
#include <string.h>

#include "contig_internal.h"

#define MAX_HOPS 12
#define MAX_STATES 512
#define MAX_FILL_PASSES 4
#define FILL_OPTIONS 2 /* hops per school in one pull-chain search */

typedef struct hop {
    int32_t school; /* takes in[] */
    int32_t prev;   /* the hop that handed in[] on; -1: in[] is the piece */
    int depth;
    size_t in_off, in_n; /* in the pool */
    int64_t deficit;     /* children the school must hand on */
    int64_t cost;        /* cost added so far (cm) */
    int32_t cut;         /* pull chains: children of in[0] placed where it goes (-1: all) */
} hop;

typedef struct cand {
    int32_t to, q;
    int64_t delta, per_child;
} cand;

typedef struct chain {
    contig *c;
    int32_t s; /* the piece's school */
    int64_t need;
    hop h[MAX_STATES];
    size_t nh;
    int32_t *pool;
    size_t npool, cappool;
    int32_t *members, *pick, *best_pick;
    size_t npick, nbest_pick;
    cand *cd;
    size_t capcd;
    int32_t *visited; /* per school: hops of this search that take it */
    int best_kind;    /* 0 none, 1 a school with room ends it, 2 the last school sheds, 3 the last
                         school places children without a place (a pull chain) */
    size_t best_hop;
    int32_t best_to;
    int64_t best_cost;
} chain;

static int64_t room_of(const chain *ch, int32_t x)
{
    return ch->c->room[x] + (x == ch->s ? ch->need : 0);
}

static int on_path(const chain *ch, size_t hi, int32_t x)
{
    for (int32_t k = (int32_t)hi; k >= 0; k = ch->h[k].prev)
        if (ch->h[k].school == x)
            return 1;
    return 0;
}

static int pool_add(chain *ch, const int32_t *blk, size_t n, size_t *off)
{
    if (zp_grow((void **)&ch->pool, &ch->cappool, ch->npool + n, sizeof *ch->pool))
        return ch->c->failed = 1, -1;
    if (n) /* a pull chain's first hop hands nothing on */
        memcpy(ch->pool + ch->npool, blk, sizeof *blk * n);
    *off = ch->npool;
    ch->npool += n;
    return 0;
}

static int push(chain *ch, int32_t school, int32_t prev, const int32_t *in, size_t n,
                int64_t deficit, int64_t cost)
{
    if (ch->nh == MAX_STATES)
        return 0;
    hop *h = &ch->h[ch->nh];
    *h = (hop){school, prev, prev < 0 ? 1 : ch->h[prev].depth + 1, 0, n, deficit, cost, -1};
    if (pool_add(ch, in, n, &h->in_off))
        return -1;
    ch->visited[school]++;
    ch->nh++;
    return 0;
}

static int cmp_cand(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->to != b->to)
        return a->to < b->to ? -1 : 1;
    if (a->per_child != b->per_child)
        return a->per_child < b->per_child ? -1 : 1;
    return (a->q > b->q) - (a->q < b->q);
}

/* Room in the candidate list for entry n. */
static int cand_room(chain *ch, size_t n)
{
    if (zp_grow((void **)&ch->cd, &ch->capcd, n + 1, sizeof *ch->cd))
        return ch->c->failed = 1, -1;
    return 0;
}

/* Edge blocks of school a (its main piece: members[0..nm)) that touch another school's
 * main piece off the chain, one entry per (school, block), cheapest per child first. */
static size_t edge_cands(chain *ch, size_t hi, size_t nm)
{
    contig *c = ch->c;
    int32_t a = ch->h[hi].school;
    size_t n = 0;
    for (size_t m = 0; m < nm; m++) {
        int32_t q = ch->members[m];
        if (zp_alloc_is_locked(c->in, (size_t)q) || c->r->placed[q] <= 0)
            continue;
        for (size_t k = c->start[q]; k < c->start[q + 1]; k++) {
            int32_t u = c->r->school[c->nbr[k]];
            if (u < 0 || u == a || !c->in_main[c->nbr[k]] || on_path(ch, hi, u))
                continue;
            if (cand_room(ch, n))
                return 0;
            int64_t d = zp_ct_cost(c, (size_t)q, u) - zp_ct_cost(c, (size_t)q, a);
            ch->cd[n++] = (cand){u, q, d, d / c->r->placed[q]};
        }
    }
    qsort(ch->cd, n, sizeof *ch->cd, cmp_cand);
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (w == 0 || ch->cd[i].to != ch->cd[w - 1].to || ch->cd[i].q != ch->cd[w - 1].q)
            ch->cd[w++] = ch->cd[i];
    return w;
}

/* The cheapest blocks of one group that cover the deficit (then those not needed dropped):
 * pick[0..npick), their added cost; INT64_MAX when the group cannot cover it. */
static int64_t pick_cover(chain *ch, const cand *g, size_t ng, int64_t deficit, int64_t *took)
{
    const int32_t *placed = ch->c->r->placed;
    int64_t sum = 0, delta = 0;
    size_t n = 0;
    for (size_t i = 0; i < ng && sum < deficit; i++) {
        ch->pick[n++] = (int32_t)i;
        sum += placed[g[i].q];
    }
    if (sum < deficit)
        return INT64_MAX;
    for (size_t i = n; i-- > 0;)
        if (sum - placed[g[ch->pick[i]].q] >= deficit) {
            sum -= placed[g[ch->pick[i]].q];
            ch->pick[i] = -1;
        }
    ch->npick = 0;
    for (size_t i = 0; i < n; i++)
        if (ch->pick[i] >= 0) {
            delta += g[ch->pick[i]].delta;
            ch->pick[ch->npick++] = g[ch->pick[i]].q;
        }
    *took = sum;
    return delta;
}

/* Children of the hop's school that can go without a place (every block keeps one), most
 * distant first, to cover its deficit; and the children the piece's school can then place.
 * apply: do it. Returns the cost added, INT64_MAX when the school cannot shed enough. */
static int64_t shed(chain *ch, size_t hi, int apply);

static void record(chain *ch, int kind, size_t hi, int32_t to, int64_t cost)
{
    if (ch->best_kind && cost >= ch->best_cost)
        return;
    ch->best_kind = kind;
    ch->best_hop = hi;
    ch->best_to = to;
    ch->best_cost = cost;
    memcpy(ch->best_pick, ch->pick, sizeof *ch->pick * ch->npick);
    ch->nbest_pick = ch->npick;
}

/* Every way hop hi's school can hand on its deficit: finished chains are recorded, the
 * others queued. */
static int expand(chain *ch, size_t hi, int allow_shed)
{
    contig *c = ch->c;
    hop h = ch->h[hi];
    if (allow_shed) {
        int64_t d = shed(ch, hi, 0);
        if (d != INT64_MAX) {
            ch->npick = 0;
            record(ch, 2, hi, -1, h.cost + d);
        }
    }
    if (h.depth >= MAX_HOPS)
        return 0;
    size_t nm = zp_ct_main_members(c, h.school);
    c->work += nm;
    memcpy(ch->members, c->mlist, sizeof *c->mlist * nm);
    size_t n = edge_cands(ch, hi, nm);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i; j < n && ch->cd[j].to == ch->cd[i].to; j++)
            ;
        int32_t u = ch->cd[i].to;
        int64_t took, d = pick_cover(ch, ch->cd + i, j - i, h.deficit, &took);
        if (d == INT64_MAX)
            continue;
        int64_t left = took - room_of(ch, u), cost = h.cost + d;
        int done = left <= 0;
        if (done ? ch->best_kind && cost >= ch->best_cost : ch->visited[u] || ch->nh == MAX_STATES)
            continue;
        c->work += nm;
        if (!zp_ct_still_whole(c, h.school, ch->pick, ch->npick, ch->pool + h.in_off, h.in_n))
            continue;
        if (done)
            record(ch, 1, hi, u, cost);
        else if (push(ch, u, (int32_t)hi, ch->pick, ch->npick, left, cost))
            return -1;
    }
    return 0;
}

/* School x places what room lets it: its own blocks' unplaced children, then blocks
 * without a place that touch its area, nearest first, while a place costs less than the
 * penalty; gone[] (blocks x is handing on) neither count nor make a neighbour. Returns the
 * cost added (cm, <= 0). */
static int64_t refill_at(chain *ch, int32_t x, const int32_t *gone, size_t ngone, int64_t room,
                         int apply)
{
    contig *c = ch->c;
    zp_alloc_result *r = c->r;
    int64_t pen = zp_alloc_cost_cm(c->in->penalty_m), cost = 0;
    size_t nm = zp_ct_main_members(c, x), n = 0;
    c->work += nm;
    int32_t mark = zp_ct_next_mark(c);
    for (size_t i = 0; i < ngone; i++)
        c->stamp[gone[i]] = mark;
    for (size_t m = 0; m < nm; m++) {
        int32_t q = c->mlist[m];
        if (c->stamp[q] == mark)
            continue;
        for (size_t k = c->start[q]; k <= c->start[q + 1]; k++) {
            int32_t y = k == c->start[q + 1] ? q : c->nbr[k];
            if (r->unplaced[y] <= 0 ||
                (y != q && (r->school[y] >= 0 || zp_alloc_is_locked(c->in, (size_t)y))))
                continue;
            if (cand_room(ch, n))
                return 0;
            ch->cd[n++] = (cand){x, y, 0, zp_alloc_pair_cost(c->in, (size_t)y, (size_t)x)};
        }
    }
    qsort(ch->cd, n, sizeof *ch->cd, cmp_cand);
    for (size_t i = 0; i < n && room > 0 && ch->cd[i].per_child < pen; i++) {
        int32_t q = ch->cd[i].q;
        if (i > 0 && q == ch->cd[i - 1].q)
            continue;
        int64_t k = r->unplaced[q] < room ? r->unplaced[q] : room;
        cost -= k * (pen - ch->cd[i].per_child);
        room -= k;
        if (apply) {
            if (r->school[q] < 0) {
                r->school[q] = x;
                c->in_main[q] = 1;
            }
            r->placed[q] += (int32_t)k;
            r->unplaced[q] -= (int32_t)k;
            r->load[x] += k;
            c->room[x] -= k;
        }
    }
    return cost;
}

static int64_t shed(chain *ch, size_t hi, int apply)
{
    contig *c = ch->c;
    zp_alloc_result *r = c->r;
    const hop *h = &ch->h[hi];
    int32_t a = h->school;
    int64_t pen = zp_alloc_cost_cm(c->in->penalty_m);
    /* once applied, the blocks handed in are a's main piece already */
    size_t nm = zp_ct_main_members(c, a), nin = apply ? 0 : h->in_n, n = 0;
    if (cand_room(ch, nm + nin))
        return INT64_MAX;
    for (size_t i = 0; i < nm + nin; i++) {
        int32_t q = i < nm ? c->mlist[i] : ch->pool[h->in_off + i - nm];
        if (r->placed[q] > 1)
            ch->cd[n++] = (cand){a, q, 0, -zp_alloc_pair_cost(c->in, (size_t)q, (size_t)a)};
    }
    qsort(ch->cd, n, sizeof *ch->cd, cmp_cand); /* most distant first */
    int64_t left = h->deficit, cost = 0;
    for (size_t i = 0; i < n && left > 0; i++) {
        int32_t q = ch->cd[i].q;
        int64_t k = r->placed[q] - 1 < left ? r->placed[q] - 1 : left;
        cost += k * (pen + ch->cd[i].per_child);
        left -= k;
        if (apply) {
            r->placed[q] -= (int32_t)k;
            r->unplaced[q] += (int32_t)k;
            r->load[a] -= k;
            c->room[a] += k;
        }
    }
    if (left > 0)
        return INT64_MAX;
    if (on_path(ch, hi, ch->s))
        return cost;
    return cost + refill_at(ch, ch->s, NULL, 0, apply ? c->room[ch->s] : room_of(ch, ch->s), apply);
}

/* The best chain found: every hop's blocks to its school, the last hand-on, any shedding. */
static void apply(chain *ch)
{
    contig *c = ch->c;
    for (int32_t k = (int32_t)ch->best_hop; k >= 0; k = ch->h[k].prev)
        for (size_t i = 0; i < ch->h[k].in_n; i++)
            zp_ct_move_block(c, (size_t)ch->pool[ch->h[k].in_off + i], ch->h[k].school);
    for (size_t i = 0; i < ch->nbest_pick; i++)
        zp_ct_move_block(c, (size_t)ch->best_pick[i], ch->best_to);
    if (ch->best_kind == 2)
        shed(ch, ch->best_hop, 1);
}

static int chain_init(chain *ch, contig *c)
{
    memset(ch, 0, sizeof *ch);
    ch->c = c;
    ch->members = malloc(sizeof *ch->members * (c->nb + 1));
    ch->pick = malloc(sizeof *ch->pick * (c->nb + 1));
    ch->best_pick = malloc(sizeof *ch->best_pick * (c->nb + 1));
    ch->visited = calloc(c->ns + 1, sizeof *ch->visited);
    ch->pool = malloc(sizeof *ch->pool * 64); /* never NULL: qsort and memcpy want a base */
    ch->cappool = 64;
    ch->cd = malloc(sizeof *ch->cd * 64);
    ch->capcd = 64;
    if (ch->members && ch->pick && ch->best_pick && ch->visited && ch->pool && ch->cd)
        return 0;
    c->failed = 1;
    return -1;
}

/* A new search with the buffers kept. */
static void chain_reset(chain *ch, int32_t s, int64_t need)
{
    for (size_t i = 0; i < ch->nh; i++)
        ch->visited[ch->h[i].school] = 0;
    ch->nh = ch->npool = ch->npick = ch->nbest_pick = 0;
    ch->best_kind = 0;
    ch->best_cost = 0;
    ch->s = s;
    ch->need = need;
}

static void chain_free(chain *ch)
{
    free(ch->members);
    free(ch->pick);
    free(ch->best_pick);
    free(ch->visited);
    free(ch->pool);
    free(ch->cd);
}

/* The breadth-first search behind both entries: the first hops are the main pieces touching
 * the piece (into < 0), each taking it, or school into alone, taking nothing into its main
 * piece (the piece joins into's piece apart once the chain has made room). 1: joined. */
static int chain_search(contig *c, const int32_t *blk, size_t n, int32_t into, int allow_shed)
{
    int64_t need = 0;
    for (size_t i = 0; i < n; i++) {
        if (zp_alloc_is_locked(c->in, (size_t)blk[i]))
            return 0;
        need += c->r->placed[blk[i]];
    }
    chain ch;
    int rc = chain_init(&ch, c);
    chain_reset(&ch, c->r->school[blk[0]], need);
    if (!rc && into >= 0)
        rc = push(&ch, into, -1, NULL, 0, need - c->room[into], zp_ct_whole_delta(c, blk, n, into));
    for (size_t i = 0; !rc && into < 0 && i < n; i++)
        for (size_t k = c->start[blk[i]]; !rc && k < c->start[blk[i] + 1]; k++) {
            int32_t t = c->r->school[c->nbr[k]];
            if (t < 0 || t == ch.s || !c->in_main[c->nbr[k]] || ch.visited[t])
                continue;
            rc = push(&ch, t, -1, blk, n, need - c->room[t], zp_ct_whole_delta(c, blk, n, t));
        }
    for (size_t hi = 0; !rc && hi < ch.nh && c->work < c->budget; hi++) {
        ch.npick = 0;
        if (ch.h[hi].deficit <= 0)
            record(&ch, 1, hi, -1, ch.h[hi].cost);
        else
            rc = expand(&ch, hi, allow_shed && c->allow_shed);
    }
    int joined = !rc && !c->failed && ch.best_kind;
    if (joined)
        apply(&ch);
    for (size_t i = 0; joined && into >= 0 && i < n; i++)
        zp_ct_move_block(c, (size_t)blk[i], into);
    chain_free(&ch);
    return joined;
}

int zp_ct_chain(contig *c, const int32_t *blk, size_t n, int allow_shed)
{
    return chain_search(c, blk, n, -1, allow_shed);
}

/* The piece joins school t's blocks it touches off t's main piece (another piece of t: two
 * pieces become one), t making room by handing edge blocks of its main piece on, chain by
 * chain as above. 1: joined. */
int zp_ct_chain_into(contig *c, const int32_t *blk, size_t n, int32_t t)
{
    return chain_search(c, blk, n, t, 0);
}

/* ---- Room where places are short: pull chains ----
 * A school with room takes edge blocks from a neighbour, which then has room and takes from
 * the next, until a school places children that had no place. Hops here: in[] are the blocks
 * the school hands back to the hop before it, deficit is its room (negative of a need). */

static int fill_expand(chain *ch, size_t hi)
{
    contig *c = ch->c;
    hop h = ch->h[hi];
    const int32_t *gone = ch->pool + h.in_off;
    int64_t room = -h.deficit, gain = refill_at(ch, h.school, gone, h.in_n, room, 0);
    ch->npick = 0;
    if (gain < 0 && h.cost + gain < ch->best_cost)
        record(ch, 3, hi, -1, h.cost + gain);
    if (h.depth >= MAX_HOPS)
        return 0;
    int64_t pen = zp_alloc_cost_cm(c->in->penalty_m);
    size_t nm = zp_ct_main_members(c, h.school), n = 0;
    ch->c->work += nm;
    memcpy(ch->members, c->mlist, sizeof *c->mlist * nm);
    int32_t mark = zp_ct_next_mark(c);
    for (size_t i = 0; i < h.in_n; i++)
        c->stamp[gone[i]] = mark;
    for (size_t m = 0; m < nm; m++) {
        int32_t x = ch->members[m];
        if (c->stamp[x] == mark)
            continue;
        for (size_t k = c->start[x]; k < c->start[x + 1]; k++) {
            int32_t q = c->nbr[k], u = c->r->school[q];
            if (u < 0 || u == h.school || !c->in_main[q] || c->r->placed[q] <= 0 ||
                zp_alloc_is_locked(c->in, (size_t)q) || on_path(ch, hi, u))
                continue;
            if (cand_room(ch, n))
                return -1;
            int64_t d = zp_ct_cost(c, (size_t)q, h.school) - zp_ct_cost(c, (size_t)q, u);
            ch->cd[n++] = (cand){u, q, d, d / c->r->placed[q]};
        }
    }
    qsort(ch->cd, n, sizeof *ch->cd, cmp_cand);
    /* one block per hop, the few cheapest per neighbour that leave both schools whole; a
     * block bigger than the room is placed as far as the room goes */
    for (size_t i = 0, tried = 0; i < n && ch->nh < MAX_STATES; i++) {
        int32_t u = ch->cd[i].to, q = ch->cd[i].q, p = c->r->placed[q];
        if (i > 0 && u != ch->cd[i - 1].to)
            tried = 0;
        if ((i > 0 && u == ch->cd[i - 1].to && q == ch->cd[i - 1].q) || tried == FILL_OPTIONS ||
            ch->visited[u] >= FILL_OPTIONS || ch->cd[i].per_child >= pen)
            continue;
        int32_t cut = p > room ? (int32_t)room : -1;
        int64_t d = cut < 0 ? ch->cd[i].delta
                            : room * zp_alloc_pair_cost(c->in, (size_t)q, (size_t)h.school) -
                                  p * zp_alloc_pair_cost(c->in, (size_t)q, (size_t)u) +
                                  (p - room) * pen;
        gone = ch->pool + h.in_off; /* the pool moves as hops are queued */
        ch->c->work += 2 * nm;      /* about what the two checks visit */
        if (!zp_ct_still_whole(c, u, &q, 1, NULL, 0) ||
            !zp_ct_still_whole(c, h.school, gone, h.in_n, &q, 1))
            continue;
        tried++;
        if (push(ch, u, (int32_t)hi, &q, 1, -(c->room[u] + p), h.cost + d))
            return -1;
        ch->h[ch->nh - 1].cut = cut;
    }
    return 0;
}

static void fill_apply(chain *ch)
{
    contig *c = ch->c;
    for (int32_t k = (int32_t)ch->best_hop; ch->h[k].prev >= 0; k = ch->h[k].prev) {
        int32_t x = ch->h[ch->h[k].prev].school, q = ch->pool[ch->h[k].in_off];
        for (size_t i = 0; i < ch->h[k].in_n; i++)
            zp_ct_move_block(c, (size_t)ch->pool[ch->h[k].in_off + i], x);
        if (ch->h[k].cut >= 0) {
            int32_t over = c->r->placed[q] - ch->h[k].cut;
            c->r->placed[q] -= over;
            c->r->unplaced[q] += over;
            c->r->load[x] -= over;
            c->room[x] += over;
        }
    }
    int32_t x = ch->h[ch->best_hop].school;
    refill_at(ch, x, NULL, 0, c->room[x], 1);
}

int zp_ct_fill(contig *c)
{
    int64_t unplaced = 0;
    for (size_t b = 0; b < c->nb && !unplaced; b++)
        unplaced = c->r->unplaced[b];
    if (!unplaced)
        return 0;
    chain ch;
    int rc = chain_init(&ch, c), any = 0;
    for (int pass = 0, moved = 1; !rc && moved && pass < MAX_FILL_PASSES; pass++) {
        moved = 0;
        for (size_t a = 0; !rc && a < c->ns && c->work < c->budget; a++) {
            if (c->room[a] <= 0 || c->anchor[a] < 0 || c->r->school[c->anchor[a]] != (int32_t)a)
                continue;
            chain_reset(&ch, (int32_t)a, 0);
            rc = push(&ch, (int32_t)a, -1, NULL, 0, -c->room[a], 0);
            for (size_t hi = 0; !rc && hi < ch.nh && c->work < c->budget; hi++)
                rc = fill_expand(&ch, hi);
            if (!rc && !c->failed && ch.best_kind) {
                fill_apply(&ch);
                moved = any = 1;
            }
        }
    }
    chain_free(&ch);
    return any;
}
