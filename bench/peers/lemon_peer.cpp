// lemon_peer: solve a zoneplan transportation instance with LEMON min-cost flow.
//
//   lemon_peer FILE ns|cs
//
// FILE is written by `zoneplan run --export-instance PREFIX` (PREFIX-primary.txt, ...):
//
//   zoneplan-instance 1 LEVEL
//   blocks B schools S arcs A penalty_cm P
//   <capacity of school s>                                  (S lines)
//   <demand> <k> <school> <cost_cm> ... <school> <cost_cm>  (B lines)
//
// LP: min sum cost*x + P*u  s.t.  sum_arcs(b) x + u_b = demand_b,  sum_arcs(s) x <= cap_s,
// x, u >= 0.  Model (source-free): block nodes with supply = demand, one sink with supply
// -(total demand), school nodes with supply 0; arcs block->school (cost, unlimited),
// block->sink (P, unlimited: the shortfall), school->sink (0, capacity).
//
// Prints one JSON line:
//   {"solver":"LEMON NetworkSimplex","build_s":..,"solve_s":..,"objective_cm":..,...}
// build_s = reading the file + building the graph and maps (everything before run());
// read_s is the reading part of it; solve_s = run() alone.  "built build_s=.." goes to stderr
// just before run(), so a harness that kills a slow run still knows how long building took.
//
// Self-contained; build with
//   g++ -O2 -std=c++11 -o lemon_peer lemon_peer.cpp -llemon
#include <lemon/list_graph.h>
#include <lemon/network_simplex.h>
#include <lemon/cost_scaling.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace lemon;
typedef long long i64;

static double now_s() {
    return std::chrono::duration<double>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
}

static void die(const char *msg) {
    std::fprintf(stderr, "lemon_peer: %s\n", msg);
    std::exit(2);
}

// Minimal fast tokenizer over the whole file.
struct Reader {
    std::vector<char> buf;
    size_t pos;
    Reader() : pos(0) {}
    void load(const char *path) {
        FILE *f = std::fopen(path, "rb");
        if (!f) die("cannot open instance file");
        std::fseek(f, 0, SEEK_END);
        long n = std::ftell(f);
        std::fseek(f, 0, SEEK_SET);
        if (n < 0) die("cannot size instance file");
        buf.resize((size_t)n + 1);
        if (n > 0 && std::fread(&buf[0], 1, (size_t)n, f) != (size_t)n) die("short read");
        buf[(size_t)n] = '\0';
        std::fclose(f);
    }
    void skip_ws() {
        while (pos < buf.size() && (buf[pos] == ' ' || buf[pos] == '\n' || buf[pos] == '\r' ||
                                    buf[pos] == '\t'))
            ++pos;
    }
    std::string word() {
        skip_ws();
        size_t s = pos;
        while (pos < buf.size() && buf[pos] && buf[pos] != ' ' && buf[pos] != '\n' &&
               buf[pos] != '\r' && buf[pos] != '\t')
            ++pos;
        return std::string(&buf[s], pos - s);
    }
    i64 num() {
        skip_ws();
        bool neg = false;
        if (buf[pos] == '-') { neg = true; ++pos; }
        if (buf[pos] < '0' || buf[pos] > '9') die("expected an integer");
        i64 v = 0;
        while (buf[pos] >= '0' && buf[pos] <= '9') v = v * 10 + (buf[pos++] - '0');
        return neg ? -v : v;
    }
    void expect(const char *w) {
        if (word() != w) {
            std::string m = std::string("expected '") + w + "'";
            die(m.c_str());
        }
    }
};

int main(int argc, char **argv) {
    if (argc != 3 || (std::strcmp(argv[2], "ns") && std::strcmp(argv[2], "cs"))) {
        std::fprintf(stderr, "usage: lemon_peer FILE ns|cs\n");
        return 2;
    }
    const bool use_ns = std::strcmp(argv[2], "ns") == 0;
    const double t0 = now_s();

    Reader r;
    r.load(argv[1]);
    r.expect("zoneplan-instance");
    if (r.num() != 1) die("unsupported instance version");
    std::string level = r.word();
    r.expect("blocks");
    const i64 B = r.num();
    r.expect("schools");
    const i64 S = r.num();
    r.expect("arcs");
    const i64 A = r.num();
    r.expect("penalty_cm");
    const i64 P = r.num();

    std::vector<i64> cap((size_t)S);
    for (i64 s = 0; s < S; ++s) cap[(size_t)s] = r.num();
    std::vector<i64> demand((size_t)B);
    std::vector<int> arc_start((size_t)B + 1);
    std::vector<int> arc_school;
    std::vector<i64> arc_cost;
    arc_school.reserve((size_t)A);
    arc_cost.reserve((size_t)A);
    for (i64 b = 0; b < B; ++b) {
        demand[(size_t)b] = r.num();
        i64 k = r.num();
        arc_start[(size_t)b] = (int)arc_school.size();
        for (i64 j = 0; j < k; ++j) {
            i64 s = r.num();
            if (s < 0 || s >= S) die("school index out of range");
            arc_school.push_back((int)s);
            arc_cost.push_back(r.num());
        }
    }
    arc_start[(size_t)B] = (int)arc_school.size();
    if ((i64)arc_school.size() != A) die("arc count does not match the header");
    const double t_read = now_s();

    // Graph: nodes 0..B-1 blocks, B..B+S-1 schools, B+S sink.
    ListDigraph g;
    g.reserveNode((int)(B + S + 1));
    g.reserveArc((int)(A + B + S));
    std::vector<ListDigraph::Node> node((size_t)(B + S + 1));
    for (size_t i = 0; i < node.size(); ++i) node[i] = g.addNode();
    const ListDigraph::Node sink = node[(size_t)(B + S)];

    ListDigraph::ArcMap<i64> cost(g), upper(g);
    ListDigraph::NodeMap<i64> supply(g, 0);
    const i64 UNLIMITED = std::numeric_limits<i64>::max();
    i64 total = 0;
    for (i64 b = 0; b < B; ++b) {
        const ListDigraph::Node u = node[(size_t)b];
        supply[u] = demand[(size_t)b];
        total += demand[(size_t)b];
        for (int j = arc_start[(size_t)b]; j < arc_start[(size_t)b + 1]; ++j) {
            ListDigraph::Arc a = g.addArc(u, node[(size_t)(B + arc_school[(size_t)j])]);
            cost[a] = arc_cost[(size_t)j];
            upper[a] = UNLIMITED;
        }
        ListDigraph::Arc a = g.addArc(u, sink);  // shortfall
        cost[a] = P;
        upper[a] = UNLIMITED;
    }
    for (i64 s = 0; s < S; ++s) {
        ListDigraph::Arc a = g.addArc(node[(size_t)(B + s)], sink);
        cost[a] = 0;
        upper[a] = cap[(size_t)s];
    }
    supply[sink] = -total;

    const char *solver = use_ns ? "LEMON NetworkSimplex" : "LEMON CostScaling";
    const char *status = "?";
    i64 objective = 0;
    double t_built = 0, t_solved = 0;
    if (use_ns) {
        NetworkSimplex<ListDigraph, i64, i64> ns(g);
        ns.costMap(cost).upperMap(upper).supplyMap(supply);
        t_built = now_s();
        std::fprintf(stderr, "built build_s=%.6f\n", t_built - t0);
        NetworkSimplex<ListDigraph, i64, i64>::ProblemType pt = ns.run();
        t_solved = now_s();
        if (pt == NetworkSimplex<ListDigraph, i64, i64>::OPTIMAL) {
            status = "optimal";
            objective = ns.totalCost<i64>();
        } else {
            status = pt == NetworkSimplex<ListDigraph, i64, i64>::INFEASIBLE ? "infeasible"
                                                                              : "unbounded";
        }
    } else {
        // Unlimited upper bounds are left at the solver's default (INF) for CostScaling.
        CostScaling<ListDigraph, i64, i64> cs(g);
        ListDigraph::ArcMap<i64> up2(g);
        for (ListDigraph::ArcIt a(g); a != INVALID; ++a)
            up2[a] = upper[a] == UNLIMITED ? cs.INF : upper[a];
        cs.costMap(cost).upperMap(up2).supplyMap(supply);
        t_built = now_s();
        std::fprintf(stderr, "built build_s=%.6f\n", t_built - t0);
        CostScaling<ListDigraph, i64, i64>::ProblemType pt = cs.run();
        t_solved = now_s();
        if (pt == CostScaling<ListDigraph, i64, i64>::OPTIMAL) {
            status = "optimal";
            objective = cs.totalCost<i64>();
        } else {
            status = pt == CostScaling<ListDigraph, i64, i64>::INFEASIBLE ? "infeasible"
                                                                           : "unbounded";
        }
    }

    std::printf("{\"solver\":\"%s\",\"instance\":\"%s\",\"level\":\"%s\",\"blocks\":%lld,"
                "\"schools\":%lld,\"arcs\":%lld,\"read_s\":%.6f,\"build_s\":%.6f,"
                "\"solve_s\":%.6f,\"status\":\"%s\",\"objective_cm\":%lld}\n",
                solver, argv[1], level.c_str(), B, S, A, t_read - t0, t_built - t0,
                t_solved - t_built, status, objective);
    return std::strcmp(status, "optimal") == 0 ? 0 : 1;
}
