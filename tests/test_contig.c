/* Contiguity and stability: block adjacency from real polygons, enclave repair on
 * hand-solved graphs, islands reported rather than "repaired", move penalty and locks. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "support.h"
#include "zoneplan/zoneplan.h"

/* A path of blocks 0-1-2-3-4 (plus block 5 with no neighbour). Schools A at x=0 and B at
 * x=1000. Block 2 is a long block whose representative point lies at x=900, so nearest
 * assignment gives A {0,1,3}, B {2,4,5}: A's block 3 and B's block 2 are cut off.
 * Joining block 3 to B adds (800-200) x 10 = 6,000 child-m; joining block 2 to A would
 * add (900-100) x 10 = 8,000. The cheaper move also reconnects block 2 to B. */
static double bx[] = {0, 100, 900, 200, 1000, 1000}, by[] = {0, 0, 0, 0, 0, 50};
static double sx[] = {0, 1000}, sy[] = {0, 0};
static size_t path_start[] = {0, 1, 3, 5, 7, 8, 8};
static int32_t path_nbr[] = {1, 0, 2, 1, 3, 2, 4, 3};

static zp_alloc_input path_input(int32_t *d, int64_t *cap)
{
    return (zp_alloc_input){.nblocks = 6,
                            .bx = bx,
                            .by = by,
                            .demand = d,
                            .nschools = 2,
                            .sx = sx,
                            .sy = sy,
                            .capacity = cap,
                            .candidates = 2,
                            .penalty_m = 100000};
}

Test(contig, enclave_repaired_at_least_cost)
{
    int32_t d[] = {10, 10, 10, 10, 10, 10};
    int64_t cap[] = {100, 100};
    zp_alloc_input in = path_input(d, cap);
    zp_alloc_result r;
    cr_assert_eq(zp_alloc_solve(&in, &r), 0);
    cr_assert_eq(r.school[2], 1);
    cr_assert_eq(r.school[3], 0);
    double before = r.objective;
    zp_contig_report rep;
    cr_assert_eq(zp_contig_repair(&in, path_start, path_nbr, &r, &rep), 0);
    cr_assert_eq(rep.pieces_before, 3); /* A's block 3, B's block 2, B's island block 5 */
    cr_assert_eq(r.school[0], 0);
    cr_assert_eq(r.school[1], 0);
    cr_assert_eq(r.school[2], 1);
    cr_assert_eq(r.school[3], 1, "block 3 joins B (6,000 added) rather than block 2 joining A");
    cr_assert_eq(r.school[4], 1);
    cr_assert_float_eq(rep.objective_before, before, 1e-9);
    cr_assert_float_eq(rep.objective_after - rep.objective_before, 6000.0, 1e-6);
    cr_assert_eq(rep.blocks_moved, 1);
    cr_assert_eq(rep.children_moved, 10);
    /* the island stays with B and is reported as an island */
    cr_assert_eq(r.school[5], 1);
    cr_assert_eq(rep.nleft, 1);
    cr_assert_eq(rep.left[0].first_block, 5);
    cr_assert_eq(rep.left[0].reason, ZP_PIECE_ISLAND);
    cr_assert_eq(rep.pieces[0], 1);
    cr_assert_eq(rep.pieces[1], 2);
    cr_assert_eq(r.load[0], 20);
    cr_assert_eq(r.load[1], 40);
    zp_contig_report_free(&rep);
    zp_alloc_result_free(&r);
}

/* Both schools exactly full with the nearest assignment (A {0,1,3} = 30, B {2,4} = 20; the
 * empty block 5 is an island): neither cut-off block fits next door, and each blocks the
 * other from its school, so they trade places: block 3 joins B and block 2 joins A. On a
 * path the only whole plan with A = 30 and B = 20 is A {0,1,2}, B {3,4}: 0 + 1,000 + 9,000 +
 * 8,000 + 0 = 18,000 child-m against 4,000 before, capacity kept. */
Test(contig, blocking_pieces_trade_places)
{
    int32_t d[] = {10, 10, 10, 10, 10, 0};
    int64_t cap[] = {30, 20};
    zp_alloc_input in = path_input(d, cap);
    zp_alloc_result r;
    cr_assert_eq(zp_alloc_solve(&in, &r), 0);
    cr_assert_eq(r.school[2], 1);
    cr_assert_eq(r.school[3], 0);
    zp_contig_report rep;
    cr_assert_eq(zp_contig_repair(&in, path_start, path_nbr, &r, &rep), 0);
    int32_t want[] = {0, 0, 0, 1, 1};
    for (int b = 0; b < 5; b++)
        cr_assert_eq(r.school[b], want[b], "block %d at school %d", b, r.school[b]);
    cr_assert_eq(r.load[0], 30);
    cr_assert_eq(r.load[1], 20);
    cr_assert_eq(r.shortfall, 0);
    cr_assert_float_eq(rep.objective_before, 4000.0, 1e-6);
    cr_assert_float_eq(rep.objective_after, 18000.0, 1e-6);
    cr_assert_eq(rep.nleft, 1, "only the island is left");
    cr_assert_eq(rep.left[0].reason, ZP_PIECE_ISLAND);
    zp_contig_report_free(&rep);
    zp_alloc_result_free(&r);
}

/* A piece with no children between two blocks without a place: A (x=0) and B (x=1000) have
 * room for 10 each, taken by blocks 0 and 4; blocks 1 and 3 (10 children) get none; block 2
 * (no children, x=450) goes to its nearest school A, apart from A's block 0. Nobody is
 * placed there, so it joins what surrounds it, the area without a place: no piece is left on
 * the map, and no child's place changes. */
Test(contig, empty_piece_between_unplaced_joins_them)
{
    double x[] = {0, 300, 450, 700, 1000}, y[] = {0, 0, 0, 0, 0};
    int32_t d[] = {10, 10, 0, 10, 10};
    int64_t cap[] = {10, 10};
    size_t start[] = {0, 1, 3, 5, 7, 8};
    int32_t nbr[] = {1, 0, 2, 1, 3, 2, 4, 3};
    zp_alloc_input in = path_input(d, cap);
    in.nblocks = 5;
    in.bx = x;
    in.by = y;
    zp_alloc_result r;
    cr_assert_eq(zp_alloc_solve(&in, &r), 0);
    cr_assert_eq(r.school[1], -1);
    cr_assert_eq(r.school[3], -1);
    cr_assert_eq(r.school[2], 0);
    zp_contig_report rep;
    cr_assert_eq(zp_contig_repair(&in, start, nbr, &r, &rep), 0);
    cr_assert_eq(rep.nleft, 0);
    cr_assert_eq(rep.settled, 1);
    cr_assert_eq(r.school[2], -1);
    cr_assert_eq(r.school[0], 0);
    cr_assert_eq(r.school[4], 1);
    cr_assert_eq(r.shortfall, 20);
    cr_assert_eq(rep.nshort, 0, "children go without a place: nothing is proven");
    cr_assert_float_eq(rep.objective_after, rep.objective_before, 1e-6);
    zp_contig_report_free(&rep);
    zp_alloc_result_free(&r);
}

/* Two lands with a river between blocks 2 and 3 (no shared edge): A (x=0, 100 places) on the
 * west land {0,1,2}, B (x=1200, 10 places) on the east land {3,4,5}; 10 children a block.
 * The east land has 30 children and 10 places: 20 must cross to A, so A's catchment reaches
 * over the river whatever the plan (one part at least: A alone holds 20). By hand: B takes
 * its nearest block 5, A takes 3 and 4, one part across, proven unavoidable. */
static void two_lands(int64_t cap_a, zp_alloc_result *r, zp_contig_report *rep)
{
    static double x[] = {0, 100, 200, 1000, 1100, 1200}, y[6];
    static int32_t d[] = {10, 10, 10, 10, 10, 10};
    static size_t start[] = {0, 1, 3, 4, 5, 7, 8};
    static int32_t nbr[] = {1, 0, 2, 1, 4, 3, 5, 4};
    static double lx[] = {0, 1200}, ly[2];
    int64_t cap[] = {cap_a, 10};
    zp_alloc_input in = path_input(d, cap);
    in.bx = x;
    in.by = y;
    in.sx = lx;
    in.sy = ly;
    cr_assert_eq(zp_alloc_solve(&in, r), 0);
    cr_assert_eq(zp_contig_repair(&in, start, nbr, r, rep), 0);
}

Test(contig, land_short_of_places_proves_its_crossing)
{
    zp_alloc_result r;
    zp_contig_report rep;
    two_lands(100, &r, &rep);
    int32_t want[] = {0, 0, 0, 0, 0, 1};
    for (int b = 0; b < 6; b++)
        cr_assert_eq(r.school[b], want[b], "block %d at school %d", b, r.school[b]);
    cr_assert_eq(r.shortfall, 0);
    cr_assert_eq(rep.nleft, 1);
    cr_assert_eq(rep.left[0].first_block, 3);
    cr_assert_eq(rep.left[0].children, 20);
    cr_assert_eq(rep.left[0].reason, ZP_PIECE_CROSSING, "reason %d", rep.left[0].reason);
    cr_assert_eq(rep.nshort, 1);
    const zp_contig_land *l = &rep.short_lands[0];
    cr_assert_eq(l->first_block, 3);
    cr_assert_eq(l->nblocks, 3);
    cr_assert_eq(l->children, 30);
    cr_assert_eq(l->places, 10);
    cr_assert_eq(l->must_cross, 20);
    cr_assert_eq(l->min_parts, 1);
    cr_assert_eq(l->parts, 1);
    zp_contig_report_free(&rep);
    zp_alloc_result_free(&r);
}

/* The same lands with A at 15 places: 35 places for 60 children, so children go without a
 * place and the east land's children could stay home without one: no proof is claimed. */
Test(contig, no_crossing_proof_while_children_lack_places)
{
    zp_alloc_result r;
    zp_contig_report rep;
    two_lands(15, &r, &rep);
    cr_assert_gt(r.shortfall, 0);
    cr_assert_eq(rep.nshort, 0);
    for (size_t i = 0; i < rep.nleft; i++)
        cr_assert_neq(rep.left[i].reason, ZP_PIECE_CROSSING);
    zp_contig_report_free(&rep);
    zp_alloc_result_free(&r);
}

/* Two schools' pieces across a river gather into one school's: west land w2 - w3 - w0 - w1
 * (C, A's w3, A, B), east land e0 - e1 - e2 (D at e2, 10 places). A (30 places) takes e1,
 * B (20) takes e0: two parts across, each touching the other, both schools full. No main
 * area on the east has room, so only a merge joins them: A hands w3 to C (room 90) and takes
 * e0 beside its e1 (or B, by a chain through A, takes e1): one part, the proven least. */
Test(contig, pieces_across_gather_into_one_school)
{
    double x[] = {0, 0, -1000, -300, 300, 300, 1000}, y[] = {0, 100, 0, 0, 100, 0, 0};
    double px[] = {0, 0, -1000, 1000}, py[] = {0, 100, 0, 0};
    int32_t d[] = {10, 10, 10, 10, 10, 10, 10};
    int64_t cap[] = {30, 20, 100, 10};
    size_t start[] = {0, 2, 3, 4, 6, 7, 9, 10};
    int32_t nbr[] = {1, 3, 0, 3, 0, 2, 5, 4, 6, 5};
    zp_alloc_input in = path_input(d, cap);
    in.nblocks = 7;
    in.bx = x;
    in.by = y;
    in.nschools = 4;
    in.sx = px;
    in.sy = py;
    in.candidates = 4;
    zp_alloc_result r;
    cr_assert_eq(zp_alloc_solve(&in, &r), 0);
    int32_t before[] = {0, 1, 2, 0, 1, 0, 3};
    for (int b = 0; b < 7; b++)
        cr_assert_eq(r.school[b], before[b], "block %d at school %d", b, r.school[b]);
    zp_contig_report rep;
    cr_assert_eq(zp_contig_repair(&in, start, nbr, &r, &rep), 0);
    cr_assert_eq(rep.merged, 1);
    cr_assert_eq(r.school[4], r.school[5], "e0 and e1 with one school");
    cr_assert(r.school[4] == 0 || r.school[4] == 1);
    for (int s = 0; s < 4; s++)
        cr_assert_leq(r.load[s], cap[s]);
    cr_assert_eq(r.shortfall, 0);
    cr_assert_eq(rep.nleft, 1);
    cr_assert_eq(rep.left[0].reason, ZP_PIECE_CROSSING);
    cr_assert_eq(rep.left[0].nblocks, 2);
    cr_assert_eq(rep.nshort, 1);
    cr_assert_eq(rep.short_lands[0].must_cross, 20);
    cr_assert_eq(rep.short_lands[0].min_parts, 1);
    cr_assert_eq(rep.short_lands[0].parts, 1);
    zp_contig_report_free(&rep);
    zp_alloc_result_free(&r);
}

/* Two schools cross where one would do. North land a0 - a1 - a2 - a3 at x = 0, 150, 300, 450,
 * y = 500 (5 children each): Y at a0 (20 places), X at a3 (30). South land b0 - b1 - b2 - b3
 * at the same x, y = 0 (10 children each): SB at b1 (20 places), so 20 must cross (X alone
 * holds them: one part at least). By hand, the nearest plan: Y takes b0 and X b3 (500 m
 * each), SB b1 and b2 (0, 150): 13,000 child-m with the north's 1,500, in two parts apart on
 * each side of SB's area that nothing joins (SB is full, they touch no other piece). Limited
 * to X (most children across, the lower index on the tie), X takes b2 and b3 (522.02 and
 * 500 m) and SB b0 and b1 (150, 0): one part, 13,220.20 child-m. */
Test(contig, fewer_crossings_where_one_school_holds_them)
{
    double x[] = {0, 150, 300, 450, 0, 150, 300, 450}, y[] = {500, 500, 500, 500, 0, 0, 0, 0};
    double px[] = {450, 0, 150}, py[] = {500, 500, 0};
    int32_t d[] = {5, 5, 5, 5, 10, 10, 10, 10};
    int64_t cap[] = {30, 20, 20};
    size_t start[] = {0, 1, 3, 5, 6, 7, 9, 11, 12};
    int32_t nbr[] = {1, 0, 2, 1, 3, 2, 5, 4, 6, 5, 7, 6};
    zp_alloc_input in = path_input(d, cap);
    in.nblocks = 8;
    in.bx = x;
    in.by = y;
    in.nschools = 3;
    in.sx = px;
    in.sy = py;
    in.candidates = 3;
    zp_alloc_result r;
    zp_contig_report rep;
    cr_assert_eq(zp_alloc_solve(&in, &r), 0);
    int32_t pre[8], plain[] = {1, 1, 0, 0, 1, 2, 2, 0}, want[] = {1, 1, 0, 0, 2, 2, 0, 0};
    memcpy(pre, r.school, sizeof pre);
    cr_assert_eq(zp_contig_repair(&in, start, nbr, &r, &rep), 0);
    for (int b = 0; b < 8; b++)
        cr_assert_eq(r.school[b], plain[b], "plain: block %d at school %d", b, r.school[b]);
    cr_assert_float_eq(r.objective, 13000.0, 1e-6);
    cr_assert_eq(rep.nleft, 2);
    cr_assert_eq(rep.nshort, 1);
    cr_assert_eq(rep.short_lands[0].must_cross, 20);
    cr_assert_eq(rep.short_lands[0].min_parts, 1);
    cr_assert_eq(rep.short_lands[0].parts, 2);
    cr_assert_not_null(rep.limit_land, "limits for a second solve");
    cr_assert_eq(zp_contig_fewer_crossings(&in, start, nbr, pre, &r, &rep), 0);
    for (int b = 0; b < 8; b++)
        cr_assert_eq(r.school[b], want[b], "limited: block %d at school %d", b, r.school[b]);
    cr_assert_float_eq(r.objective, 13220.20, 1e-6);
    cr_assert_eq(r.shortfall, 0);
    cr_assert_eq(rep.nleft, 1);
    cr_assert_eq(rep.left[0].school, 0);
    cr_assert_eq(rep.left[0].nblocks, 2);
    cr_assert_eq(rep.left[0].reason, ZP_PIECE_CROSSING);
    cr_assert_eq(rep.short_lands[0].parts, 1);
    cr_assert_eq(rep.fewer_crossings.parts_before, 2);
    cr_assert_eq(rep.fewer_crossings.parts_after, 1);
    cr_assert_float_eq(rep.fewer_crossings.objective_before, 13000.0, 1e-6);
    cr_assert_float_eq(rep.fewer_crossings.objective_after, 13220.20, 1e-6);
    cr_assert_eq(rep.children_moved, 20, "b0 and b2 change school: %lld",
                 (long long)rep.children_moved);
    cr_assert_null(rep.limit_land, "limits freed");
    zp_contig_report_free(&rep);
    zp_alloc_result_free(&r);
}

/* A piece too big for one boundary, joined block by block. Schools on a line: C at -1000,
 * B at 0, A at 1000 (A and B 30 places, C 100); blocks of 10 children at
 * their points, joined as a0 (A, alone) | p1 - p2, both beside b0 (B's) - x2 - x1 - c0 (C's).
 * The nearest plan: A {a0, p1, p2} (p at 600: A 400 m, B 600 m), B {b0, x2, x1}, C {c0}; A's
 * p1, p2 lie apart. B is full, and its only edge towards C (x1, 10 children) cannot pass on
 * the 20 of the whole piece; one block at a time it can: p1 in, x1 to C, then p2 in, x2 (now
 * beside C's x1) to C. Added by hand: x1 +600, x2 +800, p1 +200, p2 +200 m, x 10 = 18,000. */
Test(contig, piece_joined_block_by_block)
{
    double x[] = {1000, 600, 600, 0, -100, -200, -900}, y[7] = {0};
    double px[] = {1000, 0, -1000}, py[3] = {0};
    int32_t d[] = {10, 10, 10, 10, 10, 10, 10};
    int64_t cap[] = {30, 30, 100};
    size_t start[] = {0, 0, 2, 4, 7, 9, 11, 12};
    int32_t nbr[] = {2, 3, 1, 3, 1, 2, 4, 3, 5, 4, 6, 5};
    zp_alloc_input in = path_input(d, cap);
    in.nblocks = 7;
    in.bx = x;
    in.by = y;
    in.nschools = 3;
    in.sx = px;
    in.sy = py;
    in.candidates = 3;
    zp_alloc_result r;
    cr_assert_eq(zp_alloc_solve(&in, &r), 0);
    int32_t before[] = {0, 0, 0, 1, 1, 1, 2}, after[] = {0, 1, 1, 1, 2, 2, 2};
    for (int b = 0; b < 7; b++)
        cr_assert_eq(r.school[b], before[b], "block %d at school %d", b, r.school[b]);
    zp_contig_report rep;
    cr_assert_eq(zp_contig_repair(&in, start, nbr, &r, &rep), 0);
    for (int b = 0; b < 7; b++)
        cr_assert_eq(r.school[b], after[b], "block %d at school %d", b, r.school[b]);
    cr_assert_eq(rep.nleft, 0);
    cr_assert_float_eq(rep.objective_after - rep.objective_before, 18000.0, 1e-6);
    for (int s = 0; s < 3; s++)
        cr_assert_leq(r.load[s], cap[s]);
    zp_contig_report_free(&rep);
    zp_alloc_result_free(&r);
}

Test(contig, locked_piece_stays)
{
    int32_t d[] = {10, 10, 10, 10, 10, 10};
    int64_t cap[] = {100, 100};
    int32_t cur[] = {0, 0, 1, 0, 1, 1};
    uint8_t lock[] = {0, 0, 0, 1, 0, 0};
    zp_alloc_input in = path_input(d, cap);
    in.current = cur;
    in.locked = lock;
    zp_alloc_result r;
    cr_assert_eq(zp_alloc_solve(&in, &r), 0);
    cr_assert_eq(r.locked, 10);
    zp_contig_report rep;
    cr_assert_eq(zp_contig_repair(&in, path_start, path_nbr, &r, &rep), 0);
    cr_assert_eq(r.school[3], 0, "a locked block keeps its school");
    cr_assert_eq(r.school[2], 0, "so block 2 joins A, which reconnects block 3");
    zp_contig_report_free(&rep);
    zp_alloc_result_free(&r);
}

/* ---- stability ---- */

Test(stability, zero_penalty_is_the_plain_optimum)
{
    int32_t d[] = {10, 10, 10, 10, 10, 10};
    int64_t cap[] = {30, 100};
    int32_t cur[] = {1, 1, 1, 1, 0, 0};
    zp_alloc_input in = path_input(d, cap);
    zp_alloc_result plain, pen0;
    cr_assert_eq(zp_alloc_solve(&in, &plain), 0);
    in.current = cur;
    cr_assert_eq(zp_alloc_solve(&in, &pen0), 0);
    cr_assert_float_eq(plain.objective, pen0.objective, 1e-9);
    cr_assert_float_eq(plain.lp_bound, pen0.lp_bound, 1e-9);
    for (int b = 0; b < 6; b++)
        cr_assert_eq(plain.school[b], pen0.school[b]);
    cr_assert_gt(pen0.moved, 0);
    zp_alloc_result_free(&plain);
    zp_alloc_result_free(&pen0);
}

Test(stability, large_penalty_moves_nobody_when_capacity_allows)
{
    int32_t d[] = {10, 10, 10, 10, 10, 10};
    int64_t cap[] = {100, 100};
    int32_t cur[] = {1, 1, 1, 1, 0, 0}; /* everyone at the far school today */
    zp_alloc_input in = path_input(d, cap);
    in.current = cur;
    in.move_penalty_m = 5000;
    zp_alloc_result r;
    cr_assert_eq(zp_alloc_solve(&in, &r), 0);
    for (int b = 0; b < 6; b++)
        cr_assert_eq(r.school[b], cur[b], "block %d moved", b);
    cr_assert_eq(r.moved, 0);
    /* the objective is the distance of staying: no penalty paid */
    cr_assert_float_eq(r.objective, r.distance, 1e-9);
    zp_alloc_result_free(&r);
}

Test(stability, penalty_trades_distance_against_moves)
{
    /* block 0 sits at A (0 m) but goes to B today (1000 m): a 500 m penalty still moves it,
     * a 1500 m penalty keeps it */
    int32_t d[] = {10, 0, 0, 0, 0, 0};
    int64_t cap[] = {100, 100};
    int32_t cur[] = {1, -1, -1, -1, -1, -1};
    zp_alloc_input in = path_input(d, cap);
    in.current = cur;
    zp_alloc_result r;
    in.move_penalty_m = 500;
    cr_assert_eq(zp_alloc_solve(&in, &r), 0);
    cr_assert_eq(r.school[0], 0);
    cr_assert_eq(r.moved, 10);
    cr_assert_float_eq(r.objective, 5000.0, 1e-9);
    zp_alloc_result_free(&r);
    in.move_penalty_m = 1500;
    cr_assert_eq(zp_alloc_solve(&in, &r), 0);
    cr_assert_eq(r.school[0], 1);
    cr_assert_float_eq(r.objective, 10000.0, 1e-9);
    zp_alloc_result_free(&r);
}

/* ---- adjacency from polygons ---- */

static char *tmpdir(void)
{
    char tmpl[] = "/tmp/zp_contig_XXXXXX";
    char *d = mkdtemp(tmpl);
    cr_assert_not_null(d);
    return strdup(d);
}

/* A 3 x 3 grid of 200 m blocks with one primary school, loaded into *run; the scenario's
 * path (malloc'd) is returned. */
static char *load_grid3(const char *dir, zp_run **run)
{
    zpt_school sch[] = {{"S1", "A", "primary", 100, 100, 500, 0, 12, 0}};
    zpt_grid g = {.nx = 3, .ny = 3, .schools = sch, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g, NULL);
    cr_assert_eq(zp_run_load(sc, run), 0, "%s", zp_error_last());
    return sc;
}

Test(adjacency, grid_edges_not_corners)
{
    char *dir = tmpdir();
    zp_run *run;
    char *sc = load_grid3(dir, &run);
    zp_adjacency adj;
    cr_assert_eq(zp_geo_adjacency(run->geo, 1.0, 5.0, &adj), 0);
    cr_assert_eq(adj.start[9], 24, "3x3 grid: 12 shared edges, corners do not count");
    /* centre block (4) has exactly its four edge neighbours, ascending, 200 m each */
    cr_assert_eq(adj.start[5] - adj.start[4], 4);
    int32_t want[] = {1, 3, 5, 7};
    for (int k = 0; k < 4; k++) {
        cr_assert_eq(adj.nbr[adj.start[4] + k], want[k]);
        cr_assert_float_eq(adj.shared_m[adj.start[4] + k], 200.0, 1e-6);
    }
    zp_adjacency_free(&adj);
    /* a tolerance wider than the block leaves corners in range, min_shared still rules them out */
    cr_assert_eq(zp_geo_adjacency(run->geo, 3.0, 10.0, &adj), 0);
    cr_assert_eq(adj.start[9], 24);
    zp_adjacency_free(&adj);
    zp_run_free(run);
    free(sc);
    free(dir);
}

Test(adjacency, planned_grid_catchments_are_contiguous)
{
    char *dir = tmpdir();
    zpt_school sch[] = {{"S1", "A", "primary", 100, 100, 200, 0, 6, 0},
                        {"S2", "B", "primary", 900, 900, 200, 0, 6, 0},
                        {"S3", "C", "primary", 100, 900, 200, 0, 6, 0}};
    zpt_grid g = {.nx = 5, .ny = 5, .schools = sch, .nschools = 3};
    char *sc = zpt_write_grid(dir, &g, "policy: {move_penalty_m: 0}\n");
    zp_run *run;
    cr_assert_eq(zp_run_load(sc, &run), 0, "%s", zp_error_last());
    cr_assert_eq(zp_run_solve(run), 0, "%s", zp_error_last());
    cr_assert(run->contig_on);
    for (int s = 0; s < 3; s++)
        cr_assert_eq(run->contig[ZP_PRIMARY].pieces[s], 1, "school %d in pieces", s);
    cr_assert_eq(run->contig[ZP_PRIMARY].nleft, 0);
    zp_run_free(run);
    free(sc);
    free(dir);
}

/* ---- properties on generated grids ---- */

static uint64_t rng = 88172645463325252ULL;
static double urand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* Pieces of school s on an nx x ny grid of 4-neighbours, counted independently. */
static int grid_pieces(const int32_t *school, int nx, int ny, int32_t s)
{
    int n = nx * ny, pieces = 0;
    int *seen = calloc((size_t)n, sizeof *seen), *stack = malloc(sizeof *stack * (size_t)n);
    for (int b0 = 0; b0 < n; b0++) {
        if (school[b0] != s || seen[b0])
            continue;
        pieces++;
        int top = 0;
        stack[top++] = b0;
        seen[b0] = 1;
        while (top) {
            int b = stack[--top], x = b % nx, y = b / nx;
            int nb[4] = {x > 0 ? b - 1 : -1, x < nx - 1 ? b + 1 : -1, y > 0 ? b - nx : -1,
                         y < ny - 1 ? b + nx : -1};
            for (int k = 0; k < 4; k++)
                if (nb[k] >= 0 && !seen[nb[k]] && school[nb[k]] == s) {
                    seen[nb[k]] = 1;
                    stack[top++] = nb[k];
                }
        }
    }
    free(seen);
    free(stack);
    return pieces;
}

/* A random NX x NY grid of 4-neighbours with NS schools: representative points jittered
 * off the cell centres (nearest-school cells then cut across the grid and leave pieces),
 * children min_d.. min_d+29 per block, each school's places lo..lo+span of an even share. */
enum { NX = 12, NY = 12, NS = 6 };
typedef struct grid {
    double bx[NX * NY], by[NX * NY], sx[NS], sy[NS];
    int32_t d[NX * NY];
    int64_t cap[NS], total, places;
    size_t start[NX * NY + 1];
    int32_t nbr[4 * NX * NY];
    zp_alloc_input in;
} grid;

static void make_grid(grid *g, int min_d, double lo, double span)
{
    g->total = g->places = 0;
    for (int b = 0; b < NX * NY; b++) {
        g->bx[b] = (b % NX) * 100 + 50 + 90 * (urand() - 0.5);
        g->by[b] = (b / NX) * 100 + 50 + 90 * (urand() - 0.5);
        g->d[b] = min_d + (int32_t)(urand() * 30);
        g->total += g->d[b];
    }
    for (int s = 0; s < NS; s++) {
        g->sx[s] = urand() * NX * 100;
        g->sy[s] = urand() * NY * 100;
        g->cap[s] = (int64_t)((double)g->total / NS * (lo + span * urand()));
        g->places += g->cap[s];
    }
    size_t m = 0;
    for (int b = 0; b < NX * NY; b++) {
        int x = b % NX, y = b / NX;
        g->start[b] = m;
        if (y > 0)
            g->nbr[m++] = b - NX;
        if (x > 0)
            g->nbr[m++] = b - 1;
        if (x < NX - 1)
            g->nbr[m++] = b + 1;
        if (y < NY - 1)
            g->nbr[m++] = b + NX;
    }
    g->start[NX * NY] = m;
    g->in = (zp_alloc_input){.nblocks = NX * NY,
                             .bx = g->bx,
                             .by = g->by,
                             .demand = g->d,
                             .nschools = NS,
                             .sx = g->sx,
                             .sy = g->sy,
                             .capacity = g->cap,
                             .candidates = 4,
                             .penalty_m = 100000};
}

Test(contig, random_grids_keep_capacity_and_count_pieces_right)
{
    size_t exercised = 0, chains = 0;
    grid *g = malloc(sizeof *g);
    for (int round = 0; round < 20; round++) {
        make_grid(g, 0, 0.9, 0.4);
        zp_alloc_input in = g->in;
        const int64_t *cap = g->cap;
        const size_t *start = g->start;
        const int32_t *nbr = g->nbr;
        zp_alloc_result r;
        cr_assert_eq(zp_alloc_solve(&in, &r), 0);
        int64_t shortfall = r.shortfall;
        zp_contig_report rep;
        cr_assert_eq(zp_contig_repair(&in, start, nbr, &r, &rep), 0);
        cr_assert_eq(r.shortfall, shortfall, "repair never leaves more children unplaced");
        size_t apart = 0;
        for (int s = 0; s < NS; s++) {
            int64_t load = 0;
            for (int b = 0; b < NX * NY; b++)
                load += r.school[b] == s ? r.placed[b] : 0;
            cr_assert_eq(load, r.load[s]);
            cr_assert_leq(load, cap[s], "round %d school %d over capacity", round, s);
            int p = grid_pieces(r.school, NX, NY, s);
            cr_assert_eq(p, rep.pieces[s], "round %d school %d: %d pieces, report says %d", round,
                         s, p, rep.pieces[s]);
            apart += p > 1 ? (size_t)(p - 1) : 0;
        }
        cr_assert_eq(apart, rep.nleft);
        exercised += rep.pieces_before;
        chains += rep.ejected + rep.reclaimed + rep.chained;
        cr_assert_leq(rep.nleft, rep.pieces_before);
        /* repair may even improve on the rounded plan, never on the LP bound */
        cr_assert_geq(rep.objective_after, r.lp_bound - 1e-6);
        zp_contig_report_free(&rep);
        zp_alloc_result_free(&r);
    }
    free(g);
    cr_assert_gt(exercised, 10, "the generated grids must leave pieces to repair");
    cr_assert_gt(chains, 0, "and some only an ejection, a reclaim or a chain can join");
}

/* Places short (each school 0.80-1.0 of an even share): every catchment comes out one piece
 * (a grid has no islands, every block has children), counted independently; no school over
 * its places; every child placed or not, once; a block in a catchment has a child placed
 * there. */
Test(contig, tight_grids_come_out_whole)
{
    size_t exercised = 0, grown = 0;
    grid *g = malloc(sizeof *g);
    for (int round = 0; round < 20; round++) {
        make_grid(g, 1, 0.8, 0.2);
        zp_alloc_input in = g->in;
        const int32_t *d = g->d;
        const int64_t *cap = g->cap, total = g->total, places = g->places;
        const size_t *start = g->start;
        const int32_t *nbr = g->nbr;
        zp_alloc_result r;
        cr_assert_eq(zp_alloc_solve(&in, &r), 0);
        zp_contig_report rep;
        cr_assert_eq(zp_contig_repair(&in, start, nbr, &r, &rep), 0);
        int64_t placed = 0;
        for (int b = 0; b < NX * NY; b++) {
            cr_assert_eq(r.placed[b] + r.unplaced[b], d[b], "round %d block %d", round, b);
            cr_assert(r.school[b] < 0 || r.placed[b] >= 1,
                      "round %d block %d: in a catchment "
                      "with no child placed there",
                      round, b);
            cr_assert(r.school[b] >= 0 || r.placed[b] == 0);
            placed += r.placed[b];
        }
        cr_assert_geq(r.shortfall, total - places);
        cr_assert_eq(placed + r.shortfall, total);
        for (int s = 0; s < NS; s++) {
            int64_t load = 0;
            for (int b = 0; b < NX * NY; b++)
                load += r.school[b] == s ? r.placed[b] : 0;
            cr_assert_eq(load, r.load[s]);
            cr_assert_leq(load, cap[s], "round %d school %d over capacity", round, s);
            int p = grid_pieces(r.school, NX, NY, s);
            cr_assert_leq(p, 1, "round %d school %d in %d pieces", round, s, p);
            cr_assert_eq(p, rep.pieces[s]);
        }
        cr_assert_eq(rep.nleft, 0, "round %d: %zu pieces left", round, rep.nleft);
        cr_assert_geq(rep.objective_after, r.lp_bound - 1e-6);
        exercised += rep.pieces_before;
        grown += (size_t)rep.grown;
        zp_contig_report_free(&rep);
        zp_alloc_result_free(&r);
    }
    free(g);
    cr_assert_gt(exercised, 10, "the generated grids must leave pieces to join");
    cr_log_info("tight grids: %zu pieces joined, %zu plans grown afresh", exercised, grown);
}

/* ---- feeder (对口直升): whole groups, checked against enumeration ---- */

Test(feeder, whole_groups_match_enumeration)
{
    enum { NB = 12, NS = 3, NG = 5 };
    int checked_short = 0;
    for (int round = 0; round < 30; round++) {
        double bx[NB], by[NB], sx[NS], sy[NS];
        int32_t d[NB], group[NB];
        int64_t cap[NS], total = 0;
        for (int b = 0; b < NB; b++) {
            group[b] = b % NG;
            bx[b] = 1000 * group[b] + 300 * urand();
            by[b] = 300 * urand();
            d[b] = (int32_t)(urand() * 40);
            total += d[b];
        }
        for (int s = 0; s < NS; s++) {
            sx[s] = 5000 * urand();
            sy[s] = 500 * urand();
            cap[s] = (int64_t)((double)total / NS * (0.6 + 0.8 * urand()));
        }
        zp_alloc_input in = {.nblocks = NB,
                             .bx = bx,
                             .by = by,
                             .demand = d,
                             .nschools = NS,
                             .sx = sx,
                             .sy = sy,
                             .capacity = cap,
                             .candidates = 2,
                             .penalty_m = 20000};
        /* every assignment of the 5 groups to 3 schools or to "no place" */
        int64_t best = INT64_MAX, best_short = 0;
        int n_assign = 1;
        for (int g = 0; g < NG; g++)
            n_assign *= NS + 1;
        for (int code = 0; code < n_assign; code++) {
            int to[NG], c = code;
            for (int g = 0; g < NG; g++, c /= NS + 1)
                to[g] = c % (NS + 1) - 1;
            int64_t load[NS] = {0}, cost = 0, unplaced = 0;
            for (int b = 0; b < NB; b++) {
                int s = to[group[b]];
                if (s < 0) {
                    cost += zp_alloc_cost_cm(in.penalty_m) * d[b];
                    unplaced += d[b];
                    continue;
                }
                load[s] += d[b];
                /* counted here, not by the solver's cost: the straight line in cm */
                cost += llround(hypot(bx[b] - sx[s], by[b] - sy[s]) * 100.0) * d[b];
            }
            int ok = 1;
            for (int s = 0; s < NS; s++)
                ok &= load[s] <= cap[s];
            if (ok && cost < best) {
                best = cost;
                best_short = unplaced;
            }
        }
        zp_alloc_result r;
        cr_assert_eq(zp_alloc_solve_feeder(&in, group, NULL, 0, &r), 0, "%s", zp_error_last());
        cr_assert_leq(r.lp_bound, r.objective + 1e-6);
        for (int s = 0; s < NS; s++)
            cr_assert_leq(r.load[s], cap[s]);
        if (best_short == 0) { /* every group fits whole: the exact whole-group optimum */
            cr_assert_eq(llround(r.objective * 100.0), best, "round %d: %.2f vs enumeration %.2f",
                         round, r.objective, (double)best / 100.0);
            for (int b = 0; b < NB; b++)
                for (int b2 = 0; b2 < NB; b2++)
                    if (group[b] == group[b2] && d[b] > 0 && d[b2] > 0)
                        cr_assert_eq(r.school[b], r.school[b2], "a group was split");
        } else { /* a group no school takes whole is placed block by block: never worse */
            cr_assert_leq(llround(r.objective * 100.0), best, "round %d", round);
            cr_assert_leq(r.shortfall, best_short, "round %d", round);
            checked_short++;
        }
        zp_alloc_result_free(&r);
    }
    cr_assert_gt(checked_short, 0, "some rounds must be short of places for whole groups");
}

/* ---- an added estate takes its ground from the block beneath it ---- */

Test(adjacency, estate_carved_out_of_the_block_beneath)
{
    char *dir = tmpdir();
    zpt_school sch[] = {{"S1", "A", "primary", 100, 100, 500, 0, 12, 0}};
    zpt_grid g = {.nx = 2, .ny = 1, .schools = sch, .nschools = 1};
    /* the west half of block 0 (x 0..100 of 0..200, y 0..200 in grid metres) */
    char *sc = zpt_write_grid(dir, &g,
                              "changes:\n"
                              "  - add_estate: {id: E1, name: New, children: {primary: 50},\n"
                              "      polygon: [[520000, 3385000], [520100, 3385000],\n"
                              "                [520100, 3385200], [520000, 3385200]]}\n");
    zp_run *run;
    cr_assert_eq(zp_run_load(sc, &run), 0, "%s", zp_error_last());
    cr_assert_eq(run->ds.nblocks, 3);
    cr_assert(zp_geo_block_reshaped(run->geo, 0));
    cr_assert(!zp_geo_block_reshaped(run->geo, 1));
    /* block 0 keeps its east half: its point moves to x = 150 (grid), the estate sits at 50 */
    const zp_geo_points *p = zp_geo_block_points(run->geo);
    cr_assert_float_eq(p->x[0] - p->x[2], 100.0, 0.5);
    zp_adjacency adj;
    cr_assert_eq(zp_geo_adjacency(run->geo, 1.0, 5.0, &adj), 0);
    /* 0-1 share 200 m, 0-E1 share 200 m (the cut), 1-E1 do not touch */
    cr_assert_eq(adj.start[3], 4);
    cr_assert_eq(adj.start[1] - adj.start[0], 2);
    cr_assert_eq(adj.nbr[adj.start[2]], 0);
    zp_adjacency_free(&adj);
    zp_run_free(run);
    free(sc);
    free(dir);
}

/* An estate cut as a strip through the middle of block 1 (x 250..350 of 200..400, reaching
 * 10 m past its edges so that no sliver of the projection keeps the halves joined) leaves
 * block 1 in two parts 100 m apart: its catchment's outline is in two parts whatever the
 * plan, and zp_geo_block_parts says so (the report lists it against the map's count). */
Test(adjacency, block_cut_in_two_is_in_parts)
{
    char *dir = tmpdir();
    zpt_school sch[] = {{"S1", "A", "primary", 100, 100, 500, 0, 12, 0}};
    zpt_grid g = {.nx = 3, .ny = 1, .schools = sch, .nschools = 1};
    char *sc = zpt_write_grid(dir, &g,
                              "changes:\n"
                              "  - add_estate: {id: E1, name: New, children: {primary: 50},\n"
                              "      polygon: [[520250, 3384990], [520350, 3384990],\n"
                              "                [520350, 3385210], [520250, 3385210]]}\n");
    zp_run *run;
    cr_assert_eq(zp_run_load(sc, &run), 0, "%s", zp_error_last());
    cr_assert_eq(run->ds.nblocks, 4);
    cr_assert_eq(zp_geo_block_parts(run->geo, 0), 1);
    cr_assert_eq(zp_geo_block_parts(run->geo, 1), 2);
    cr_assert_eq(zp_geo_block_parts(run->geo, 2), 1);
    cr_assert_eq(zp_geo_block_parts(run->geo, 3), 1);
    zp_run_free(run);
    free(sc);
    free(dir);
}

Test(stability, move_penalty_must_stay_below_the_shortfall_penalty)
{
    int32_t d[] = {10, 10, 10, 10, 10, 10};
    int64_t cap[] = {100, 100};
    int32_t cur[] = {1, 1, 1, 1, 0, 0};
    zp_alloc_input in = path_input(d, cap);
    in.current = cur;
    in.move_penalty_m = in.penalty_m;
    zp_alloc_result r;
    cr_assert_eq(zp_alloc_solve(&in, &r), ZP_EINPUT);
    cr_assert(strstr(zp_error_last(), "move_penalty_m"), "%s", zp_error_last());
}

Test(stability, pupils_of_a_closed_school_move_without_penalty)
{
    /* everyone's school today is B, which now takes nobody: a move penalty must not turn
     * the forced moves into shortfall, and the locks on B's blocks cannot hold */
    int32_t d[] = {10, 10, 10, 10, 10, 10};
    int64_t cap[] = {100, 0};
    int32_t cur[] = {1, 1, 1, 1, 1, 1};
    uint8_t lock[] = {1, 1, 0, 0, 0, 0};
    zp_alloc_input in = path_input(d, cap);
    in.current = cur;
    in.locked = lock;
    in.move_penalty_m = 90000; /* close to the shortfall penalty */
    zp_alloc_result r;
    cr_assert_eq(zp_alloc_solve(&in, &r), 0, "%s", zp_error_last());
    cr_assert_eq(r.shortfall, 0);
    cr_assert_eq(r.load[0], 60);
    cr_assert_eq(r.moved, 60);
    cr_assert_eq(r.locked, 0);
    cr_assert_float_eq(r.objective, r.distance, 1e-9, "no move penalty is paid");
    zp_contig_report rep;
    cr_assert_eq(zp_contig_repair(&in, path_start, path_nbr, &r, &rep), 0);
    for (size_t i = 0; i < rep.nleft; i++)
        cr_assert_neq(rep.left[i].reason, ZP_PIECE_LOCKED, "a void lock holds nothing");
    zp_contig_report_free(&rep);
    zp_alloc_result_free(&r);
}

/* The objective's change through repair, as a signed number with thousands separators: repair
 * may lower it (the rounded plan is not always the best whole-block plan), which printed as
 * "+-3542 child-m". Both places that print it: the run's summary line and report.md. */
static void expect_change_printed(zp_run *run, const char *dir, double change, const char *want)
{
    zp_contig_report *c = &run->contig[ZP_PRIMARY];
    c->objective_before = 1000000;
    c->objective_after = 1000000 + change;
    char *text = NULL, line[64], cell[64];
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    zp_run_print_summary(run, dir, fp);
    fclose(fp);
    snprintf(line, sizeof line, "(%s child-m)", want);
    cr_assert(strstr(text, line) && !strstr(text, "+-"), "no '%s' in:\n%s", line, text);
    free(text);
    cr_assert_eq(zp_out_report_md(run, dir), 0, "%s", zp_error_last());
    char path[1100];
    snprintf(path, sizeof path, "%s/report.md", dir);
    text = zpt_slurp(path, NULL);
    cr_assert_not_null(text);
    snprintf(cell, sizeof cell, "| 1000000 | %s | %s |", change < 0 ? "996458" : "1001203", want);
    cr_assert(strstr(text, cell), "no '%s' in report.md:\n%s", cell, strstr(text, "## Contig"));
    free(text);
}

/* The terminal summary's words agree with its numbers: 1 piece, 1 block; 2 pieces, 2 blocks. */
static void expect_words(zp_run *run, const char *dir, size_t n, const char *want)
{
    zp_contig_report *c = &run->contig[ZP_PRIMARY];
    c->pieces_before = c->blocks_moved = n;
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    zp_run_print_summary(run, dir, fp);
    fclose(fp);
    cr_expect(strstr(text, want), "no '%s' in:\n%s", want, text);
    free(text);
}

Test(adjacency, summary_words_agree)
{
    char *dir = tmpdir();
    zp_run *run;
    char *sc = load_grid3(dir, &run);
    cr_assert_eq(zp_run_solve(run), 0, "%s", zp_error_last());
    expect_words(run, dir, 1, "contiguity: 1 piece apart, 1 block moved");
    expect_words(run, dir, 2, "contiguity: 2 pieces apart, 2 blocks moved");
    zp_run_free(run);
    free(sc);
    zpt_rmtree(dir);
    free(dir);
}

Test(adjacency, repair_change_printed_signed)
{
    char *dir = tmpdir();
    zp_run *run;
    char *sc = load_grid3(dir, &run);
    cr_assert_eq(zp_run_solve(run), 0, "%s", zp_error_last());
    cr_assert(run->contig_on);
    expect_change_printed(run, dir, -3542, "-3,542");
    expect_change_printed(run, dir, 1203, "+1,203");
    zp_run_free(run);
    free(sc);
    zpt_rmtree(dir);
    free(dir);
}

/* 直升: a nine-year school N (x = 400) and a junior school J (x = 150); N's primary catchment
 * is blocks at x = 100 and 300, 10 junior children each. J is nearer the pair (2,000 child-m
 * against N's 4,000), but the catchment goes to N's own junior section first. With 15 places
 * at N, the nearer block (x = 300) goes there and the other to J. */
static zp_alloc_result feeder_own(int64_t n_places, const int32_t *current, const uint8_t *locked)
{
    static double bx[] = {100, 300}, by[] = {0, 0}, sx[] = {400, 150}, sy[] = {0, 0};
    static int32_t d[] = {10, 10}, group[] = {0, 0}, own[] = {0, -1};
    int64_t cap[] = {n_places, 100};
    zp_alloc_input in = {.nblocks = 2,
                         .bx = bx,
                         .by = by,
                         .demand = d,
                         .nschools = 2,
                         .sx = sx,
                         .sy = sy,
                         .capacity = cap,
                         .candidates = 2,
                         .penalty_m = 100000,
                         .current = current,
                         .locked = locked};
    zp_alloc_result r;
    cr_assert_eq(zp_alloc_solve_feeder(&in, group, own, 1, &r), 0, "%s", zp_error_last());
    return r;
}

Test(feeder, nine_year_feeds_its_own_section_first)
{
    zp_alloc_result r = feeder_own(20, NULL, NULL);
    cr_expect_eq(r.school[0], 0);
    cr_expect_eq(r.school[1], 0);
    cr_expect_float_eq(r.objective, 4000, 1e-6);
    cr_expect_leq(r.lp_bound, r.objective + 1e-6);
    zp_alloc_result_free(&r);
    r = feeder_own(15, NULL, NULL);
    cr_expect_eq(r.school[1], 0, "the nearer block stays (直升)");
    cr_expect_eq(r.school[0], 1, "the rest goes to J");
    cr_expect_eq(r.load[0], 10);
    cr_expect_eq(r.shortfall, 0);
    cr_expect_leq(r.lp_bound, r.objective + 1e-6);
    zp_alloc_result_free(&r);
}

/* Locks do not bind feeder zones: both blocks are locked to J (today's school) but go to N;
 * no child is counted as kept by a lock. */
Test(feeder, locks_under_feeder_count_what_happened)
{
    static const int32_t cur[] = {1, 1};
    static const uint8_t lock[] = {1, 1};
    zp_alloc_result r = feeder_own(20, cur, lock);
    cr_expect_eq(r.school[0], 0);
    cr_expect_eq(r.locked, 0, "%lld children counted as kept by a lock", (long long)r.locked);
    cr_expect_eq(r.moved, 20);
    zp_alloc_result_free(&r);
}

/* A group no school can take whole: 30 children, two schools of 20 places. Whole, it would
 * have no place (3,000,000 child-m of penalty); placed block by block it fits (20 + 10). */
Test(feeder, group_too_big_for_any_school_is_placed_block_by_block)
{
    static double bx[] = {0, 100, 200}, by[] = {0, 0, 0}, sx[] = {0, 200}, sy[] = {0, 0};
    static int32_t d[] = {10, 10, 10}, group[] = {0, 0, 0};
    int64_t cap[] = {20, 20};
    zp_alloc_input in = {.nblocks = 3,
                         .bx = bx,
                         .by = by,
                         .demand = d,
                         .nschools = 2,
                         .sx = sx,
                         .sy = sy,
                         .capacity = cap,
                         .candidates = 2,
                         .penalty_m = 100000};
    zp_alloc_result r;
    cr_assert_eq(zp_alloc_solve_feeder(&in, group, NULL, 0, &r), 0, "%s", zp_error_last());
    cr_expect_eq(r.shortfall, 0);
    cr_expect_leq(r.load[0], 20);
    cr_expect_leq(r.load[1], 20);
    cr_expect_leq(r.lp_bound, r.objective + 1e-6);
    cr_expect_float_eq(r.objective, 1000, 1e-6, "block 1 (100 m) to either school: %.1f",
                       r.objective);
    zp_alloc_result_free(&r);
}
