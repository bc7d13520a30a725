#!/usr/bin/python3
"""gap_peer: the whole-block assignment of a zoneplan instance as a MILP, PuLP + CBC.

    /usr/bin/python3 bench/peers/gap_peer.py FILE [--time-limit SECONDS]

FILE is written by `zoneplan run --export-instance PREFIX` (format: lemon_peer.cpp). The
model is zoneplan's whole-block problem as a general MILP would state it (as spopt builds its
models with PuLP): per candidate pair (block i, school j) a binary x_ij (the block goes to j)
and the children placed y_ij (0 <= y_ij <= demand_i * x_ij); each block at one school at most
(sum_j x_ij <= 1); each school within capacity (sum_i y_ij <= cap_j); children not placed
cost the penalty P. Objective: sum c_ij y_ij + P (demand_i - sum_j y_ij), in cm.

Only the instance's candidate pairs are in the model (each block's nearest schools and those
pricing added): its optimum can only be worse than the optimum over every pair, so a better
objective here shows zoneplan's plan is not the whole-block optimum.

CBC (Debian's /usr/bin/cbc through PuLP's COIN_CMD) runs with the time limit; its log gives
the best bound it proved. Prints one JSON line {"solver", "status", "solve_s",
"objective_cm" (recounted from the rounded solution and checked against the model; null when
CBC found no integer plan), "bound_cm" (CBC's, or null)}.
"""
import json
import os
import re
import shutil
import sys
import tempfile
import time

import pulp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pulp_peer import file_and_limit, read_instance  # noqa: E402  (one reader of the format)


def main():
    path, limit = file_and_limit(sys.argv[1:], 60.0, "gap_peer.py")
    level, B, S, A, P, cap, demand, arcs = read_instance(path)
    problem = pulp.LpProblem("zoneplan_whole_" + level, pulp.LpMinimize)
    x = [[pulp.LpVariable(f"x_{i}_{n}", cat=pulp.LpBinary) for n in range(len(arcs[i]))]
         for i in range(B)]
    y = [[pulp.LpVariable(f"y_{i}_{n}", lowBound=0, upBound=demand[i]) for n in range(len(arcs[i]))]
         for i in range(B)]
    problem += pulp.lpSum([(c - P) * y[i][n] for i in range(B) for n, (_, c) in enumerate(arcs[i])]
                          + [P * sum(demand)])
    at_school = [[] for _ in range(S)]
    for i in range(B):
        problem += pulp.lpSum(x[i]) <= 1
        for n, (j, _) in enumerate(arcs[i]):
            problem += y[i][n] <= demand[i] * x[i][n]
            at_school[j].append(y[i][n])
    for j in range(S):
        problem += pulp.lpSum(at_school[j]) <= cap[j]
    tmp = tempfile.mkdtemp(prefix="gap_peer.")
    log = os.path.join(tmp, "cbc.log")
    cbc = pulp.COIN_CMD(path=shutil.which("cbc") or "/usr/bin/cbc", msg=False, timeLimit=limit,
                        logPath=log)
    cbc.tmpDir = tmp
    t0 = time.perf_counter()
    status = problem.solve(cbc)
    solve_s = time.perf_counter() - t0
    objective = P * sum(demand)
    load = [0] * S
    feasible = pulp.LpStatus[status] == "Optimal"  # CBC found an integer plan (maybe on time)
    for i in range(B):
        xs = [round(v.varValue or 0.0) for v in x[i]]
        feasible = feasible and sum(xs) <= 1
        for n, (j, c) in enumerate(arcs[i]):
            yv = round(y[i][n].varValue or 0.0)
            feasible = feasible and yv <= demand[i] * xs[n]
            load[j] += yv
            objective += (c - P) * yv
    feasible = feasible and all(load[j] <= cap[j] for j in range(S))
    text = open(log).read() if os.path.exists(log) else ""
    shutil.rmtree(tmp, ignore_errors=True)
    bound = None  # CBC's log leaves out the objective's constant P * sum(demand)
    m = re.findall(r"best possible (-?[0-9.e+]+)", text)
    if pulp.LpStatus[status] == "Optimal" and "Stopped on time" not in text:
        bound = float(objective)
    elif m:
        bound = float(m[-1]) + P * sum(demand)
    print(json.dumps({"solver": "PuLP + CBC (whole blocks)", "pulp": pulp.__version__,
                      "instance": path, "level": level, "blocks": B, "schools": S,
                      "arcs": A, "time_limit_s": limit, "status": pulp.LpStatus[status].lower(),
                      "solve_s": round(solve_s, 3),
                      # no plan to report when CBC found none (the values are not a plan)
                      "objective_cm": int(objective) if feasible else None,
                      "bound_cm": bound}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
