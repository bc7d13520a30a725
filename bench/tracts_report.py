#!/usr/bin/python3
"""tracts_report: bench/results/tracts.md from bench/results/raw/tracts-*.json (bench/tracts.sh);
with --scale, bench/results/scale.md from bench/results/raw/scale-*.json (bench/scale.sh)."""
import glob
import json
import os
import sys


def fmt(v, nd=0):
    return f"{v:,.{nd}f}"


def plan_lines(line, z):
    """The rows every table shares: bounds, plan, contiguity, the exact finish (z(r): a level)."""
    line("zoneplan LP bound", lambda r: fmt(z(r)["lp_bound"]))
    cg0 = lambda r: z(r)["contiguity"] or {}
    line("zoneplan whole-block plan, before contiguity",
         lambda r: fmt(cg0(r).get("objective_before_repair", z(r)["objective"])))
    line("zoneplan final plan: gap to its LP bound", lambda r: f"{100 * z(r)['gap']:.2f} %")
    line("zoneplan shortfall (children)", lambda r: fmt(z(r)["shortfall"]))
    line("catchments in pieces (before repair)",
         lambda r: fmt((z(r)["contiguity"] or {}).get("pieces_before_repair", 0)))
    line("pieces left apart after contiguity",
         lambda r: fmt(len((z(r)["contiguity"] or {}).get("pieces_left_apart", []))))
    cg = lambda r: z(r)["contiguity"] or {}
    line("of them across a barrier (land short of places)",
         lambda r: fmt(sum(x["reason"] == "crossing" for x in cg(r).get("pieces_left_apart", []))))
    line("parts across proven unavoidable (at least)",
         lambda r: fmt(sum(x["parts_at_least"] for x in cg(r).get("lands_short_of_places", []))))
    line("how (joined / grown afresh)", lambda r: (z(r)["contiguity"] or {}).get("method", "-"))
    line("children without a place for contiguity",
         lambda r: fmt((z(r)["contiguity"] or {}).get("shortfall_added", 0)))
    line("final plan, after contiguity (child-m)", lambda r: fmt(z(r)["objective"]))

    def best_bound(r):
        e = z(r).get("exact") or {}
        return max([z(r)["lp_bound"]] + [m["bound"] for m in e.values()
                                          if isinstance(m, dict) and m.get("bound") is not None])
    line("final plan: gap to the best proven bound",
         lambda r: f"{100 * (z(r)['objective'] - best_bound(r)) / z(r)['objective']:.3f} %")
    line("price of contiguity",
         lambda r: f"{100 * ((z(r).get('exact') or {}).get('price_of_contiguity') or {}).get('child_metres', 0) / z(r)['objective']:.2f} %"
         if (z(r).get("exact") or {}).get("price_of_contiguity") else "-")
    ex = lambda r: (z(r).get("exact") or {}).get("whole_blocks") or {}
    exc = lambda r: (z(r).get("exact") or {}).get("contiguous") or {}
    ls = lambda r: z(r).get("level_stats") or {}
    line("exact finish (whole blocks): status", lambda r: ex(r).get("status", "-"))
    line("exact finish: plan before it", lambda r: fmt(ex(r)["start_objective"]) if ex(r) else "-")
    line("exact finish: plan after it", lambda r: fmt(ex(r)["objective"]) if ex(r) else "-")
    line("exact finish: Lagrangian bound", lambda r: fmt(ex(r)["lagrange_bound"])
         if ex(r).get("lagrange_bound") is not None else "-")
    line("exact finish: proven bound", lambda r: fmt(ex(r)["bound"]) if ex(r) else "-")
    line("exact finish: proven gap", lambda r: f"{100 * ex(r)['proven_gap']:.3f} %" if ex(r) else "-")
    line("exact finish: pairs in the MILP (of all listed)",
         lambda r: f"{fmt(ex(r)['pairs_in_model'])} of {fmt(ex(r)['pairs'])}" if ex(r) else "-")
    line("exact finish: seconds", lambda r: f"{ls(r).get('exact_s', 0):.1f}")
    line("closer-neighbour model: status", lambda r: exc(r).get("status", "-") + (
        "" if not exc(r) or exc(r).get("contiguous_by_construction") else ", plan not taken"))
    line("closer-neighbour model: proven bound", lambda r: fmt(exc(r)["bound"]) if exc(r) else "-")
    line("closer-neighbour model: seconds", lambda r: f"{ls(r).get('exact_contiguous_s', 0):.1f}")


def scale_main(raw):
    rows = []
    for path in sorted(glob.glob(os.path.join(raw, "scale-*.json")),
                       key=lambda q: json.load(open(q))["blocks"]):
        r = json.load(open(path))
        for level in ("primary", "junior"):
            if level in r["zoneplan"]["levels"]:
                rows.append(dict(r, level=level))
    out = ["# Large generated districts: whole, proven, timed, against a whole-block MILP", "",
           "`bench/scale.sh` on this machine (2 cores). Districts from `zoneplan gen` (seed 2026)",
           "under the sample's baseline policy: walking distances on the district's own streets,",
           "the river crossed on its bridges, contiguity on, the exact finish on",
           "(`policy.exact_seconds` per model, the script's --exact). The peer is the same",
           "whole-block problem over the same candidate pairs as a general MILP (PuLP + CBC,",
           "`bench/peers/gap_peer.py`, primary level) to its optimum or its time limit.",
           "Objectives in child-metres, shortfall counted at the penalty.", "",
           "| | " + " | ".join(f"{r['scale']} {r['level']}" for r in rows) + " |",
           "|---|" + "---:|" * len(rows)]

    def line(label, f):
        out.append(f"| {label} | " + " | ".join(f(r) for r in rows) + " |")

    z = lambda r: r["zoneplan"]["levels"][r["level"]]
    p = lambda r: r["peer"] if r["level"] == "primary" else {"status": "-"}
    ok = lambda r: p(r).get("objective_cm") is not None
    line("blocks", lambda r: fmt(r["blocks"]))
    line("schools", lambda r: fmt(r["schools"]))
    plan_lines(line, z)
    line("zoneplan run, wall clock (s, both levels)", lambda r: f"{r['zoneplan']['wall_s']:.1f}")
    line("zoneplan peak memory (MiB)", lambda r: f"{r['zoneplan']['peak_rss_mib']:,.0f}")
    line("MILP (CBC) status", lambda r: p(r)["status"] + (
        " (time limit)" if ok(r) and p(r)["solve_s"] >= p(r)["time_limit_s"] - 1 else "") + (
        f": {p(r)['note']}" if p(r).get("note") else ""))
    line("MILP objective", lambda r: fmt(p(r)["objective_cm"] / 100) if ok(r) else "-")
    line("MILP best bound", lambda r: fmt(p(r)["bound_cm"] / 100)
         if p(r).get("bound_cm") is not None else "-")
    line("MILP time (s)", lambda r: f"{p(r)['solve_s']:.1f}" if p(r).get("solve_s") else "-")
    out += ["", "Notes: as in tracts.md. Peak memory and wall clock are for the whole run (both",
            "levels, the exact finish included).", ""]
    print("\n".join(out))


def main():
    raw = sys.argv[1]
    if "--scale" in sys.argv[2:]:
        return scale_main(raw)
    rows = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(raw, "tracts-*.json")))]
    out = ["# Real census tracts, tight capacity: zoneplan against a whole-block MILP", "",
           "`bench/tracts.sh` on this machine (2 cores). Real tracts from Debian's r-cran-spdata,",
           "8 % of each tract's population as primary children; one school at the most populous",
           "tract of each cell of a grid over the district, with places for 0.95 of its cell's",
           "children (every neighbourhood short of places). Straight-line distances. The peer is",
           "the same whole-block problem over the same candidate pairs as a general MILP (PuLP +",
           "CBC, `bench/peers/gap_peer.py`), solved to its optimum or its time limit. Objectives in",
           "child-metres, shortfall counted at the penalty.", "",
           "| | " + " | ".join(r["county"] for r in rows) + " |",
           "|---|" + "---:|" * len(rows)]

    def line(label, f):
        out.append(f"| {label} | " + " | ".join(f(r) for r in rows) + " |")

    z = lambda r: r["zoneplan"]
    p = lambda r: r["peer"]
    line("tracts (blocks)", lambda r: fmt(r["blocks"]))
    line("schools", lambda r: fmt(r["schools"]))
    plan_lines(line, z)
    line("zoneplan run, wall clock (s)", lambda r: f"{z(r)['wall_s']:.2f}")
    line("MILP (CBC) status", lambda r: p(r)["status"] + (" (time limit)" if p(r)["solve_s"]
                                                         >= p(r)["time_limit_s"] - 1 else ""))
    line("MILP objective", lambda r: fmt(p(r)["objective_cm"] / 100))
    line("MILP best bound", lambda r: fmt(p(r)["bound_cm"] / 100) if p(r)["bound_cm"] is not None
         else "-")
    line("MILP time (s)", lambda r: f"{p(r)['solve_s']:.1f}")
    pm = lambda r: p(r)["objective_cm"] / 100
    before = lambda r: (z(r)["contiguity"] or {}).get("objective_before_repair", z(r)["objective"])
    line("zoneplan's whole-block plan above the MILP's",
         lambda r: f"{100 * (before(r) - pm(r)) / pm(r):.2f} %")
    line("zoneplan's final (contiguous) plan above the MILP's (not contiguous)",
         lambda r: f"{100 * (z(r)['objective'] - pm(r)) / pm(r):.2f} %")
    out += ["", "Notes:", "",
            "- The MILP's model has only zoneplan's candidate pairs (each tract's nearest schools",
            "  and those pricing added): its optimum can only be worse than the optimum over every",
            "  pair, so where it is lower, zoneplan's whole-block plan is not optimal by at least",
            "  that much.",
            "- Pieces: catchments whose tracts are not one connected area (beyond each school's",
            "  main piece), before and after zoneplan's contiguity step (joining pieces by chains of",
            "  hand-ons, or growing every catchment afresh from its school in the LP's price order,",
            "  whichever leaves fewer pieces, then costs less); the reasons are in report.md.",
            "- The Lagrangian bound relaxes \"each tract to one school\": a knapsack per school,",
            "  solved exactly; never below the LP bound, never above the optimum (tested).",
            "- Exact finish (`policy.exact_seconds`, here the script's --exact per model): the LP's",
            "  prices drop the pairs that cannot be in a plan within the objective, CBC (C interface)",
            "  solves the rest from the plan in hand; the proven bound holds for every plan. The",
            "  closer-neighbour model adds the rule (each tract beside a tract of its catchment",
            "  closer to the school); its plan is taken only when proven optimal or better than the",
            "  repaired one, and its bound is a bound on plans under the rule.",
            ""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
