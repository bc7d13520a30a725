#!/usr/bin/python3
"""pulp_peer: solve a zoneplan transportation instance with PuLP + CBC.

    /usr/bin/python3 bench/peers/pulp_peer.py FILE [--time-limit SECONDS]

FILE is written by `zoneplan run --export-instance PREFIX` (see lemon_peer.cpp for the format).

The model is built the way spopt's location tools (PMedian / capacitated models) build theirs
with PuLP: one pulp.LpVariable per candidate (block, school) pair, here in children
(LpContinuous, the LP relaxation), plus one shortfall variable per block; the objective is one
pulp.lpSum of cost * variable; one equality constraint per block
(sum of its pair variables + shortfall == demand) and one capacity constraint per school
(sum of its pair variables <= capacity), each added with `problem += ...`.

Solved with CBC through PuLP's command-line interface.  PULP_CBC_CMD is used when PuLP has
its bundled CBC binary; Debian's python3-pulp ships without it, so then COIN_CMD with the
system /usr/bin/cbc is used (the same PuLP CBC command interface, options and msg=False,
timeLimit=...).

Prints one JSON line {"solver":"PuLP + CBC","build_s":..,"solve_s":..,"objective_cm":..}.
build_s = reading + building the PuLP model; solve_s = the problem.solve(...) call (which in
PuLP includes writing the MPS file, running cbc and reading its solution back).
objective_cm is the exact integer sum cost*round(x) + P*round(u) of CBC's solution (a basic
solution of this LP is integral; max_frac reports the largest deviation seen).
"""
import json
import os
import shutil
import signal
import sys
import tempfile
import time

import pulp


def read_instance(path):
    with open(path) as f:
        head = f.readline().split()
        if head[:2] != ["zoneplan-instance", "1"]:
            raise SystemExit("pulp_peer: not a zoneplan-instance 1 file")
        level = head[2]
        h = f.readline().split()
        B, S, A, P = int(h[1]), int(h[3]), int(h[5]), int(h[7])
        cap = [int(f.readline()) for _ in range(S)]
        demand, arcs = [], []
        for _ in range(B):
            t = f.readline().split()
            demand.append(int(t[0]))
            k = int(t[1])
            arcs.append([(int(t[2 + 2 * j]), int(t[3 + 2 * j])) for j in range(k)])
    if sum(len(a) for a in arcs) != A:
        raise SystemExit("pulp_peer: arc count does not match the header")
    return level, B, S, A, P, cap, demand, arcs


def file_and_limit(argv, limit, name):
    """FILE [--time-limit SECONDS] from argv: the instance's path and the limit (default limit)."""
    args = list(argv)
    if "--time-limit" in args:
        i = args.index("--time-limit")
        limit = float(args[i + 1])
        del args[i:i + 2]
    if len(args) != 1:
        raise SystemExit(f"usage: {name} FILE [--time-limit SECONDS]")
    return args[0], limit


def main():
    path, limit = file_and_limit(sys.argv[1:], 300.0, "pulp_peer.py")

    tmpdir = tempfile.mkdtemp(prefix="pulp_peer.")

    def cleanup(*_):
        shutil.rmtree(tmpdir, ignore_errors=True)
        if _:
            os._exit(124)

    signal.signal(signal.SIGTERM, cleanup)

    t0 = time.perf_counter()
    level, B, S, A, P, cap, demand, arcs = read_instance(path)
    t_read = time.perf_counter()

    problem = pulp.LpProblem("zoneplan_" + level, pulp.LpMinimize)
    # assignment variables: children of block i sent to school j (candidate pairs only)
    x = [[pulp.LpVariable(f"x_{i}_{j}", lowBound=0, cat=pulp.LpContinuous) for j, _ in arcs[i]]
         for i in range(B)]
    # shortfall: children of block i left unplaced
    u = [pulp.LpVariable(f"u_{i}", lowBound=0, cat=pulp.LpContinuous) for i in range(B)]

    problem += pulp.lpSum(
        [c * x[i][n] for i in range(B) for n, (_, c) in enumerate(arcs[i])]
        + [P * u[i] for i in range(B)]
    ), "total_child_cm"
    school_terms = [[] for _ in range(S)]
    for i in range(B):
        problem += (pulp.lpSum(x[i]) + u[i] == demand[i]), f"demand_{i}"
        for n, (j, _) in enumerate(arcs[i]):
            school_terms[j].append(x[i][n])
    for j in range(S):
        problem += (pulp.lpSum(school_terms[j]) <= cap[j]), f"capacity_{j}"
    t_built = time.perf_counter()
    print(f"built build_s={t_built - t0:.6f}", file=sys.stderr, flush=True)  # for a harness that kills slow runs

    kwargs = dict(mip=False, msg=False, timeLimit=limit)
    cbc = pulp.PULP_CBC_CMD(**kwargs)
    interface = "PULP_CBC_CMD"
    if not cbc.available():
        cbc = pulp.COIN_CMD(path=shutil.which("cbc") or "/usr/bin/cbc", **kwargs)
        interface = "COIN_CMD(/usr/bin/cbc)"
    cbc.tmpDir = tmpdir
    t_s0 = time.perf_counter()
    status = problem.solve(cbc)
    t_s1 = time.perf_counter()

    objective, max_frac = 0, 0.0
    for i in range(B):
        for n, (_, c) in enumerate(arcs[i]):
            v = x[i][n].varValue or 0.0
            r = round(v)
            max_frac = max(max_frac, abs(v - r))
            objective += r * c
        v = u[i].varValue or 0.0
        r = round(v)
        max_frac = max(max_frac, abs(v - r))
        objective += r * P
    obj_pulp = pulp.value(problem.objective)
    cleanup()

    print(json.dumps({
        "solver": "PuLP + CBC", "interface": interface, "pulp": pulp.__version__,
        "instance": path, "level": level, "blocks": B, "schools": S, "arcs": A,
        "read_s": round(t_read - t0, 6), "build_s": round(t_built - t0, 6),
        "solve_s": round(t_s1 - t_s0, 6), "status": pulp.LpStatus[status].lower(),
        "objective_cm": objective, "objective_pulp": obj_pulp, "max_frac": max_frac,
    }))
    return 0 if pulp.LpStatus[status] == "Optimal" else 1


if __name__ == "__main__":
    sys.exit(main())
