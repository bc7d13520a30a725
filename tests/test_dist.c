/* The distance provider: hand-solved walks (a river with one bridge, a crossing without a
 * shared vertex, a disconnected piece, a barrier between a block and the nearer road), the
 * walk against networkx (Debian's python3-networkx: its own graph, its own projection onto
 * the nearest segment) on generated street grids, and the exact LP on walking costs
 * against GLPK on the complete matrix. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "zoneplan/alloc.h"
#include "zoneplan/dist.h"
#include "zoneplan/errors.h"
#include "zoneplan/roads.h"

#define MAXV 64

typedef struct line {
    int start0;
    zp_shape s;
    double x[MAXV], y[MAXV];
} line;

static void mkline(line *l, const double *xy, int n)
{
    memset(l, 0, sizeof *l);
    for (int i = 0; i < n; i++) {
        l->x[i] = xy[2 * i];
        l->y[i] = xy[2 * i + 1];
    }
    l->s = (zp_shape){3 /* SHPT_ARC */, 1, &l->start0, n, l->x, l->y};
}

static zp_roads *build(line *ls, int n, int connect, line *bar, int nbar)
{
    zp_shape sh[64], bs[4];
    for (int i = 0; i < n; i++)
        sh[i] = ls[i].s;
    for (int i = 0; i < nbar; i++)
        bs[i] = bar[i].s;
    zp_roads_input in = {(size_t)n, sh, NULL, connect, (size_t)nbar, bs};
    zp_roads *r = NULL;
    cr_assert_eq(zp_roads_build(&in, &r), 0, "%s", zp_error_last());
    return r;
}

static zp_dist *walk(zp_roads *r, int nb, const double *bx, const double *by, int ns,
                     const double *sx, const double *sy)
{
    zp_dist *d = NULL;
    cr_assert_eq(zp_dist_network(r, (size_t)nb, bx, by, (size_t)ns, sx, sy, &d), 0, "%s",
                 zp_error_last());
    return d;
}

/* Two banks with a street each, one bridge at x = 1000, the river along y = 10. */
static zp_roads *river(int with_barrier)
{
    line l[3], bar[1];
    mkline(&l[0], (double[]){0, -20, 1000, -20, 2000, -20}, 3);
    mkline(&l[1], (double[]){0, 20, 1000, 20, 2000, 20}, 3);
    mkline(&l[2], (double[]){1000, -20, 1000, 20}, 2);
    mkline(&bar[0], (double[]){-100, 10, 2100, 10}, 2);
    return build(l, 3, ZP_CONNECT_ENDPOINTS, bar, with_barrier);
}

/* Block j's route in tree t: its line, then each node's line up to node 0 (consecutive
 * repeated points dropped), into xs/ys (at most max points); returns the count. Checks each
 * parent comes before its child. */
static size_t route_points(const zp_dist_tree *t, size_t j, double *xs, double *ys, size_t max)
{
    size_t n = 0;
    int32_t node = t->node[j];
    for (size_t line = t->nodes + j;; line = (size_t)node, node = t->parent[node]) {
        for (size_t v = t->start[line]; v < t->start[line + 1]; v++)
            if (n == 0 || xs[n - 1] != t->x[v] || ys[n - 1] != t->y[v]) {
                cr_assert_lt(n, max);
                xs[n] = t->x[v], ys[n++] = t->y[v];
            }
        if (line < t->nodes && t->parent[line] < 0)
            break;
        if (line < t->nodes)
            cr_assert_lt(t->parent[line], (int32_t)line, "a parent comes before its child");
    }
    return n;
}

static double route_length(const double *xs, const double *ys, size_t n)
{
    double len = 0;
    for (size_t i = 1; i < n; i++)
        len += hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
    return len;
}

Test(dist, river_with_one_bridge)
{
    zp_roads *r = river(1);
    double bx[] = {100, 500}, by[] = {-50, 8};
    double sx[] = {100, 1500}, sy[] = {50, -50};
    zp_dist *d = walk(r, 2, bx, by, 2, sx, sy);
    /* block 0: 30 access + 900 along the south street + 40 bridge + 900 + 30 access */
    cr_assert_float_eq(zp_dist_pair(d, 0, 0), 1900.0, 1e-5);
    cr_assert_float_eq(zp_dist_pair(d, 0, 1), 1460.0, 1e-5);
    /* block 1 is 12 m from the north street but the river is between: it joins the south
     * street 28 m away, walks 500 m to the bridge, 40 over, 900 back and 30 to school 0 */
    cr_assert_float_eq(zp_dist_pair(d, 1, 0), 28 + 500 + 40 + 900 + 30.0, 1e-5);
    zp_dist_knn knn;
    cr_assert_eq(zp_dist_nearest(d, NULL, 2, NULL, 2, &knn), 0);
    cr_assert_eq(knn.site[0], 1);
    cr_assert_eq(knn.site[1], 0);
    cr_assert_float_eq(knn.metres[0], 1460.0, 1e-5);
    cr_assert_float_eq(knn.metres[1], 1900.0, 1e-5);
    zp_dist_knn_free(&knn);
    double from[2];
    cr_assert_eq(zp_dist_from_site(d, 0, from), 0);
    cr_assert_float_eq(from[0], 1900.0, 1e-5);
    cr_assert_float_eq(from[1], 1498.0, 1e-5);
    /* the routes to school 0: block 1 onto the south street, over the bridge, back west */
    zp_dist_tree t;
    cr_assert_eq(zp_dist_routes(d, 0, 2, (size_t[]){0, 1}, &t), 0);
    double xs[16], ys[16];
    size_t n = route_points(&t, 1, xs, ys, 16);
    double wx[] = {500, 500, 1000, 1000, 100, 100}, wy[] = {8, -20, -20, 20, 20, 50};
    cr_assert_eq(n, 6, "route of block 1 has %zu points", n);
    for (size_t i = 0; i < 6; i++)
        cr_assert(fabs(xs[i] - wx[i]) < 1e-9 && fabs(ys[i] - wy[i]) < 1e-9,
                  "point %zu: (%g, %g), expected (%g, %g)", i, xs[i], ys[i], wx[i], wy[i]);
    n = route_points(&t, 0, xs, ys, 16);
    cr_assert_float_eq(route_length(xs, ys, n), 1900.0, 1e-6);
    zp_dist_tree_free(&t);
    const zp_roads_stats *st = zp_roads_stats_get(r);
    cr_assert_eq(st->nodes, 6); /* 4 street ends, 2 bridge ends (shared vertices) */
    cr_assert_eq(st->edges, 5);
    cr_assert_eq(st->components, 1);
    cr_assert_eq(st->dangling, 4);
    zp_dist_free(d);
    zp_roads_free(r);

    /* without the barrier block 1 takes the north street: 12 + 400 + 30 */
    r = river(0);
    d = walk(r, 2, bx, by, 2, sx, sy);
    cr_assert_float_eq(zp_dist_pair(d, 1, 0), 442.0, 1e-5);
    zp_dist_free(d);
    zp_roads_free(r);
}

Test(dist, crossing_without_a_shared_vertex)
{
    line l[3];
    mkline(&l[0], (double[]){0, 0, 100, 0}, 2);
    mkline(&l[1], (double[]){50, -50, 50, 50}, 2);
    mkline(&l[2], (double[]){500, 500, 500, 500}, 2); /* no length */
    double bx[] = {0}, by[] = {-5}, sx[] = {50}, sy[] = {60};
    zp_roads *r = build(l, 3, ZP_CONNECT_ENDPOINTS, NULL, 0);
    zp_dist *d = walk(r, 1, bx, by, 1, sx, sy);
    cr_assert(isinf(zp_dist_pair(d, 0, 0)), "a bridge over a street does not meet it");
    zp_dist_knn knn;
    cr_assert_eq(zp_dist_nearest(d, NULL, 1, NULL, 1, &knn), 0);
    cr_assert_eq(knn.site[0], -1);
    zp_dist_knn_free(&knn);
    const zp_roads_stats *st = zp_roads_stats_get(r);
    cr_assert_eq(st->components, 2);
    cr_assert_eq(st->dangling, 4);
    cr_assert_eq(st->zero_length, 1);
    cr_assert_eq(st->walkable_lines, 3);
    zp_dist_free(d);
    zp_roads_free(r);

    /* connect: intersections nodes the crossing: 5 + 50 + 50 + 10 */
    r = build(l, 3, ZP_CONNECT_INTERSECTIONS, NULL, 0);
    d = walk(r, 1, bx, by, 1, sx, sy);
    cr_assert_float_eq(zp_dist_pair(d, 0, 0), 115.0, 1e-5);
    st = zp_roads_stats_get(r);
    cr_assert_eq(st->nodes, 5);
    cr_assert_eq(st->edges, 4);
    cr_assert_eq(st->components, 1);
    zp_dist_free(d);
    zp_roads_free(r);

    /* a shared vertex joins them in endpoints mode too */
    mkline(&l[0], (double[]){0, 0, 50, 0, 100, 0}, 3);
    mkline(&l[1], (double[]){50, -50, 50, 0, 50, 50}, 3);
    r = build(l, 2, ZP_CONNECT_ENDPOINTS, NULL, 0);
    d = walk(r, 1, bx, by, 1, sx, sy);
    cr_assert_float_eq(zp_dist_pair(d, 0, 0), 115.0, 1e-5);
    zp_dist_free(d);
    zp_roads_free(r);
}

/* The k-nearest labels hold walks up to 8,796 km: a longer one (roads not in metres) is an
 * error naming the likely cause, never a wrong nearest school. */
Test(dist, a_walk_longer_than_the_labels_hold_is_refused)
{
    line l[1];
    mkline(&l[0], (double[]){0, 0, 9e6, 0}, 2);
    zp_roads *r = build(l, 1, ZP_CONNECT_ENDPOINTS, NULL, 0);
    double bx[] = {9e6}, by[] = {10}, sx[] = {0, 8e6}, sy[] = {10, 10};
    zp_dist *d = walk(r, 1, bx, by, 2, sx, sy);
    zp_dist_knn knn;
    cr_assert_eq(zp_dist_nearest(d, NULL, 1, NULL, 2, &knn), ZP_EINPUT);
    cr_assert(strstr(zp_error_last(), "are the roads and points in metres"), "%s", zp_error_last());
    zp_dist_free(d);
    zp_roads_free(r);
}

Test(dist, dead_end_and_points_on_one_edge)
{
    line l[1];
    mkline(&l[0], (double[]){0, 0, 1000, 0}, 2); /* a dead-end lane, both ends dangling */
    double bx[] = {100, 900}, by[] = {10, -10}, sx[] = {400, 950}, sy[] = {5, 5};
    zp_roads *r = build(l, 1, ZP_CONNECT_ENDPOINTS, NULL, 0);
    zp_dist *d = walk(r, 2, bx, by, 2, sx, sy);
    cr_assert_float_eq(zp_dist_pair(d, 0, 0), 10 + 300 + 5.0, 1e-5);
    cr_assert_float_eq(zp_dist_pair(d, 1, 0), 10 + 500 + 5.0, 1e-5);
    cr_assert_float_eq(zp_dist_pair(d, 1, 1), 10 + 50 + 5.0, 1e-5);
    int32_t sites[] = {1, 0};
    double out[2];
    cr_assert_eq(zp_dist_many(d, 0, sites, 2, 1e9, out), 0);
    cr_assert_float_eq(out[0], 10 + 850 + 5.0, 1e-5);
    cr_assert_float_eq(out[1], 315.0, 1e-5);
    zp_dist_free(d);
    zp_roads_free(r);
}

/* ---- generated street grids against networkx ---- */

static uint64_t rng;
static double urand(void)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static const char *oracle_py =
    "import sys, math\n"
    "import networkx as nx\n"
    "lines, blocks, sites = [], [], []\n"
    "for ln in open(sys.argv[1]):\n"
    "    t = ln.split()\n"
    "    if t[0] == 'L':\n"
    "        v = [float(a) for a in t[1:]]\n"
    "        lines.append(list(zip(v[0::2], v[1::2])))\n"
    "    elif t[0] == 'B':\n"
    "        blocks.append((float(t[1]), float(t[2])))\n"
    "    else:\n"
    "        sites.append((float(t[1]), float(t[2])))\n"
    "segs = [(a, b) for l in lines for a, b in zip(l, l[1:]) if a != b]\n"
    "def proj(p):\n"
    "    best = None\n"
    "    for i, (a, b) in enumerate(segs):\n"
    "        dx, dy = b[0] - a[0], b[1] - a[1]\n"
    "        t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)\n"
    "        t = min(1.0, max(0.0, t))\n"
    "        d = math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1])\n"
    "        if best is None or d < best[0]:\n"
    "            best = (d, i, t)\n"
    "    return best\n"
    "G = nx.Graph()\n"
    "on = {}\n"
    "for k, p in enumerate(blocks + sites):\n"
    "    d, i, t = proj(p)\n"
    "    on.setdefault(i, []).append((t, ('p', k)))\n"
    "    G.add_edge(('x', k), ('p', k), weight=d)\n"
    "for i, (a, b) in enumerate(segs):\n"
    "    L = math.hypot(b[0] - a[0], b[1] - a[1])\n"
    "    chain = [(0.0, a)] + sorted(on.get(i, []), key=lambda c: c[0]) + [(1.0, b)]\n"
    "    for (t1, n1), (t2, n2) in zip(chain, chain[1:]):\n"
    "        G.add_edge(n1, n2, weight=(t2 - t1) * L)\n"
    "nb = len(blocks)\n"
    "for s in range(len(sites)):\n"
    "    dist = nx.single_source_dijkstra_path_length(G, ('x', nb + s))\n"
    "    print(' '.join(repr(dist.get(('x', b), math.inf)) for b in range(nb)))\n";

#define GRID 7
#define NB 240
#define NSITE 9

/* A jittered street grid (streets share their crossing vertices), a few streets cut in
 * two, a lane with bends, and a square apart from everything with one block by it. */
static int grid_lines(line *ls)
{
    static double vx[GRID][GRID], vy[GRID][GRID];
    for (int i = 0; i < GRID; i++)
        for (int j = 0; j < GRID; j++) {
            vx[i][j] = i * 250.0 + 60 * (urand() - 0.5);
            vy[i][j] = j * 250.0 + 60 * (urand() - 0.5);
        }
    int n = 0;
    for (int i = 0; i < GRID; i++) {
        double xy[2 * GRID];
        for (int j = 0; j < GRID; j++)
            xy[2 * j] = vx[i][j], xy[2 * j + 1] = vy[i][j];
        if (i % 3 == 1) { /* cut at a crossing: still one network */
            mkline(&ls[n++], xy, 4);
            mkline(&ls[n++], xy + 6, GRID - 3);
        } else {
            mkline(&ls[n++], xy, GRID);
        }
        for (int j = 0; j < GRID; j++)
            xy[2 * j] = vx[j][i], xy[2 * j + 1] = vy[j][i];
        mkline(&ls[n++], xy, GRID);
    }
    mkline(&ls[n++], (double[]){vx[0][0], vy[0][0], 90, 40, 160, 200, vx[1][1], vy[1][1]}, 4);
    mkline(&ls[n++], (double[]){5000, 5000, 5200, 5000, 5200, 5200, 5000, 5200, 5000, 5000}, 5);
    return n;
}

static void oracle(const line *ls, int nl, const double *bx, const double *by, const double *sx,
                   const double *sy, double *out /* NSITE x NB */)
{
    char *dir = zpt_tmpdir();
    char in[512], py[512], cmd[1200];
    snprintf(in, sizeof in, "%s/net.txt", dir);
    snprintf(py, sizeof py, "%s/oracle.py", dir);
    FILE *f = fopen(in, "w");
    for (int l = 0; l < nl; l++) {
        fprintf(f, "L");
        for (int v = 0; v < ls[l].s.nverts; v++)
            fprintf(f, " %.17g %.17g", ls[l].x[v], ls[l].y[v]);
        fprintf(f, "\n");
    }
    for (int b = 0; b < NB; b++)
        fprintf(f, "B %.17g %.17g\n", bx[b], by[b]);
    for (int s = 0; s < NSITE; s++)
        fprintf(f, "S %.17g %.17g\n", sx[s], sy[s]);
    fclose(f);
    zpt_write(py, oracle_py);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s 2>&1", py, in);
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    for (int i = 0; i < NSITE * NB; i++) {
        char word[64];
        cr_assert_eq(fscanf(p, "%63s", word), 1, "networkx oracle gave no answer %d", i);
        out[i] = strcmp(word, "inf") == 0 ? INFINITY : strtod(word, NULL);
    }
    cr_assert_eq(pclose(p), 0, "the networkx oracle failed (python3-networkx installed?)");
    zpt_rmtree(dir);
    free(dir);
}

Test(dist, walks_equal_networkx_on_generated_grids)
{
    for (uint64_t seed = 1; seed <= 3; seed++) {
        rng = seed * 7919;
        static line ls[4 * GRID];
        int nl = grid_lines(ls);
        double bx[NB], by[NB], sx[NSITE], sy[NSITE];
        for (int b = 0; b < NB; b++) {
            bx[b] = -100 + 1700 * urand();
            by[b] = -100 + 1700 * urand();
        }
        bx[NB - 1] = 5100, by[NB - 1] = 5230; /* by the square apart */
        for (int s = 0; s < NSITE; s++) {
            sx[s] = 1500 * urand();
            sy[s] = 1500 * urand();
        }
        static double want[NSITE * NB];
        oracle(ls, nl, bx, by, sx, sy, want);
        zp_roads *r = build(ls, nl, ZP_CONNECT_ENDPOINTS, NULL, 0);
        zp_dist *d = walk(r, NB, bx, by, NSITE, sx, sy);
        /* every site's routes to every block: as long as the walk (networkx's) */
        size_t all[NB];
        for (size_t b = 0; b < NB; b++)
            all[b] = b;
        for (int s = 0; s < NSITE; s++) {
            zp_dist_tree t;
            cr_assert_eq(zp_dist_routes(d, (size_t)s, NB, all, &t), 0);
            for (int b = 0; b < NB; b++) {
                double w = want[s * NB + b];
                cr_assert_eq(t.node[b] < 0, isinf(w) != 0, "seed %llu site %d block %d",
                             (unsigned long long)seed, s, b);
                if (isinf(w))
                    continue;
                static double xs[4096], ys[4096];
                size_t n = route_points(&t, (size_t)b, xs, ys, 4096);
                cr_assert(fabs(route_length(xs, ys, n) - w) < 0.01,
                          "seed %llu site %d block %d: route %.4f m, networkx %.4f m",
                          (unsigned long long)seed, s, b, route_length(xs, ys, n), w);
                cr_assert(xs[0] == bx[b] && ys[0] == by[b] && xs[n - 1] == sx[s] &&
                          ys[n - 1] == sy[s]);
            }
            zp_dist_tree_free(&t);
        }
        zp_dist_knn knn;
        cr_assert_eq(zp_dist_nearest(d, NULL, NB, NULL, 3, &knn), 0);
        for (int b = 0; b < NB; b++) {
            double best[3] = {INFINITY, INFINITY, INFINITY};
            for (int s = 0; s < NSITE; s++) {
                double w = want[s * NB + b], got = zp_dist_pair(d, (size_t)b, (size_t)s);
                if (isinf(w))
                    cr_assert(isinf(got), "seed %llu block %d site %d: %.3f, networkx: none",
                              (unsigned long long)seed, b, s, got);
                else
                    cr_assert(fabs(got - w) < 0.01,
                              "seed %llu block %d site %d: %.4f m, networkx %.4f m",
                              (unsigned long long)seed, b, s, got, w);
                for (int k = 0; k < 3; k++) /* the three smallest, counted here */
                    if (w < best[k]) {
                        for (int m = 2; m > k; m--)
                            best[m] = best[m - 1];
                        best[k] = w;
                        break;
                    }
            }
            for (int k = 0; k < 3; k++) {
                double got = knn.metres[b * 3 + k];
                if (isinf(best[k]))
                    cr_assert_eq(knn.site[b * 3 + k], -1);
                else
                    cr_assert(fabs(got - best[k]) < 0.01,
                              "seed %llu block %d: %d-th nearest %.3f, networkx %.3f",
                              (unsigned long long)seed, b, k, got, best[k]);
            }
        }
        cr_assert_eq(knn.site[(NB - 1) * 3], -1, "the block by the square reaches no school");
        zp_dist_knn_free(&knn);
        /* from a site: the same distances */
        double from[NB];
        cr_assert_eq(zp_dist_from_site(d, 4, from), 0);
        for (int b = 0; b < NB; b++)
            cr_assert(isinf(want[4 * NB + b]) ? isinf(from[b])
                                              : fabs(from[b] - want[4 * NB + b]) < 0.01);
        zp_dist_free(d);
        zp_roads_free(r);
    }
}

/* The k nearest among the sites of mask, from networkx's distances (want: site by block). */
static void expect_nearest(const zp_dist_knn *knn, const double *want, const uint8_t *mask)
{
    for (int b = 0; b < NB; b++) {
        double best[3] = {INFINITY, INFINITY, INFINITY};
        for (int s = 0; s < NSITE; s++)
            for (int k = 0; k < 3 && (!mask || mask[s]); k++)
                if (want[s * NB + b] < best[k]) {
                    for (int m = 2; m > k; m--)
                        best[m] = best[m - 1];
                    best[k] = want[s * NB + b];
                    break;
                }
        for (int k = 0; k < 3; k++)
            cr_assert(isinf(best[k]) ? knn->site[b * 3 + k] == -1
                                     : fabs(knn->metres[b * 3 + k] - best[k]) < 0.01 &&
                                           (!mask || mask[knn->site[b * 3 + k]]),
                      "block %d: %d-th nearest %.3f, networkx %.3f", b, k, knn->metres[b * 3 + k],
                      best[k]);
    }
}

/* Kept searches (zoneplan plan's years): a search asked again with its mask and k is answered
 * from the kept one, and every answer, kept or fresh, is networkx's; a third mask pushes the
 * oldest out (two kept), and that one is searched afresh. */
Test(dist, kept_searches_answer_as_fresh_ones)
{
    rng = 4 * 7919;
    static line ls[4 * GRID];
    int nl = grid_lines(ls);
    double bx[NB], by[NB], sx[NSITE], sy[NSITE];
    for (int b = 0; b < NB; b++)
        bx[b] = -100 + 1700 * urand(), by[b] = -100 + 1700 * urand();
    for (int s = 0; s < NSITE; s++)
        sx[s] = 1500 * urand(), sy[s] = 1500 * urand();
    static double want[NSITE * NB];
    oracle(ls, nl, bx, by, sx, sy, want);
    zp_roads *r = build(ls, nl, ZP_CONNECT_ENDPOINTS, NULL, 0);
    zp_dist *d = walk(r, NB, bx, by, NSITE, sx, sy);
    cr_assert_eq(zp_dist_keep_nearest(d, 2), 0);
    uint8_t even[NSITE], low[NSITE];
    for (int s = 0; s < NSITE; s++)
        even[s] = s % 2 == 0, low[s] = s < NSITE / 2;
    const uint8_t *masks[] = {even, NULL, even, low, NULL, even, even};
    for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
        zp_dist_knn knn;
        cr_assert_eq(zp_dist_nearest(d, NULL, NB, masks[i], 3, &knn), 0);
        expect_nearest(&knn, want, masks[i]);
        zp_dist_knn_free(&knn);
    }
    zp_dist_free(d);
    zp_roads_free(r);
}

/* ---- the exact LP on walking costs against GLPK on the complete matrix ---- */

/* Walking costs in cm; a school out of reach costs more than leaving the child without a
 * place, so no column to it is ever worth taking. */
static double walk_cm(const zp_alloc_input *in, int b, int s)
{
    double m = zp_dist_pair(in->dist, (size_t)b, (size_t)s);
    return isinf(m) ? 2.0 * (double)llround(in->penalty_m * 100) : (double)llround(m * 100);
}

Test(dist, lp_on_walks_equals_glpk_on_the_complete_matrix)
{
    for (uint64_t seed = 11; seed <= 14; seed++) {
        rng = seed * 104729;
        static line ls[4 * GRID];
        int nl = grid_lines(ls);
        double bx[NB], by[NB], sx[NSITE], sy[NSITE];
        int32_t dem[NB];
        int64_t cap[NSITE], total = 0;
        for (int b = 0; b < NB; b++) {
            bx[b] = -100 + 1700 * urand();
            by[b] = -100 + 1700 * urand();
            dem[b] = 1 + (int32_t)(60 * urand());
            total += dem[b];
        }
        bx[NB - 1] = 5100, by[NB - 1] = 5230;
        for (int s = 0; s < NSITE; s++) {
            sx[s] = 1500 * urand();
            sy[s] = 1500 * urand();
            cap[s] = (int64_t)((0.8 + 0.3 * (double)(seed % 2)) * (double)total / NSITE *
                               (0.5 + urand()));
        }
        zp_roads *r = build(ls, nl, ZP_CONNECT_ENDPOINTS, NULL, 0);
        zp_dist *d = walk(r, NB, bx, by, NSITE, sx, sy);
        zp_alloc_input in = {.nblocks = NB,
                             .demand = dem,
                             .nschools = NSITE,
                             .capacity = cap,
                             .candidates = 2,
                             .penalty_m = 20000,
                             .dist = d};
        zp_alloc_result res;
        cr_assert_eq(zp_alloc_solve(&in, &res), 0, "%s", zp_error_last());
        double ref = zpt_glpk_lp_bound(&in, walk_cm);
        cr_assert(fabs(res.lp_bound - ref) < 1e-6 * fmax(1.0, ref),
                  "seed %llu: LP bound %.2f, GLPK on every pair %.2f", (unsigned long long)seed,
                  res.lp_bound, ref);
        cr_assert_geq(res.objective, res.lp_bound - 1e-6);
        cr_assert_eq(res.school[NB - 1], -1, "the block out of reach has no school");
        cr_assert_eq(res.unplaced[NB - 1], dem[NB - 1]);
        for (int b = 0; b < NB; b++)
            if (res.school[b] >= 0)
                cr_assert(isfinite(res.dist_m[b]));
        zp_alloc_result_free(&res);
        zp_dist_free(d);
        zp_roads_free(r);
    }
}
