#!/usr/bin/python3
"""Writes bench/results/results.md and bench/results/time_vs_blocks.png from bench/results/raw.

    /usr/bin/python3 bench/report.py [RAW_DIR] [RESULTS_DIR]

Input (written by bench/run.sh):
  env.json                          machine, versions, limits
  KEY.zoneplan.R.json               zoneplan --stats of run R (+ wall_s), KEY = b<N>-s<M>-seed<S>
  KEY.LEVEL.PEER.json               one peer run (PEER in lemon_ns, lemon_cs, glpk, pulp):
                                    status optimal / time_limit / skipped / error, solve_s,
                                    objective_cm
"""
import glob
import json
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RAW = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "results", "raw")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "results")

STAGES = ["load", "project", "candidates", "solve", "rounding", "adjacency", "contiguity", "checks",
          "union", "write"]
LEVELS = ["primary", "junior"]
PEERS = [("lemon_ns", "LEMON NetworkSimplex"), ("lemon_cs", "LEMON CostScaling"),
         ("glpk", "GLPK simplex"), ("pulp", "PuLP + CBC")]


def load(path):
    with open(path) as f:
        return json.load(f)


env = load(os.path.join(RAW, "env.json"))
LIMIT = env.get("limit_s", 300)

# ---- collect -----------------------------------------------------------------------------
scales = {}
for path in glob.glob(os.path.join(RAW, "*.zoneplan.*.json")):
    d = load(path)
    key = os.path.basename(path).split(".zoneplan.")[0]
    scales.setdefault(key, {"runs": []})["runs"].append(d)


def key_order(key):
    m = re.match(r"b(\d+)-s(\d+)", key)
    return (int(m.group(1)), int(m.group(2)))


keys = sorted(scales, key=key_order)
for key in keys:
    s = scales[key]
    runs = sorted(s["runs"], key=lambda d: d["wall_s"])
    s["run"] = runs[(len(runs) - 1) // 2]          # median by wall time (lower median)
    s["blocks"], s["schools"] = key_order(key)
    st = s["run"]["stages_s"]
    s["total"] = sum(st.get(k, 0.0) for k in STAGES)
    s["wall"] = s["run"]["wall_s"]
    s["walls"] = [d["wall_s"] for d in runs]
    s["lp"] = {lv: s["run"]["levels"][lv]["lp_s"] + s["run"]["levels"][lv]["pricing_s"]
               for lv in LEVELS}
    s["lp_sum"] = sum(s["lp"].values())
    s["obj"] = {lv: s["run"]["levels"][lv]["lp_objective_cm"] for lv in LEVELS}
    s["peers"] = {}
    for pid, _ in PEERS:
        s["peers"][pid] = {}
        for lv in LEVELS:
            p = os.path.join(RAW, f"{key}.{lv}.{pid}.json")
            s["peers"][pid][lv] = load(p) if os.path.exists(p) else {"status": "missing"}


def solve_lb(r):
    """Lower bound on the solve time of a run killed at the limit."""
    lb = r.get("solve_lower_bound_s")
    return lb if lb is not None else 0.0


def peer_sum(s, pid):
    """(seconds, kind): kind 'ok' = both levels solved (sum of solve_s), 'limit' = at least one
    level hit the time limit (seconds is a lower bound), 'skipped', 'error', 'missing'."""
    recs = [s["peers"][pid][lv] for lv in LEVELS]
    sts = [r.get("status") for r in recs]
    if all(st == "optimal" for st in sts):
        return sum(r["solve_s"] for r in recs), "ok"
    if any(st == "time_limit" for st in sts):
        # lower bound: the run was killed at LIMIT seconds including reading and building
        return sum(r["solve_s"] if r.get("status") == "optimal" else solve_lb(r) for r in recs), "limit"
    if any(st == "skipped" for st in sts):
        return None, "skipped"
    if any(st == "missing" for st in sts):
        return None, "missing"
    return None, "error"


def agree(s, pid):
    """('yes'|'no'|'n/a', details) comparing objective_cm per level with zoneplan's."""
    out, bad, na = [], [], []
    for lv in LEVELS:
        r = s["peers"][pid][lv]
        if r.get("status") != "optimal":
            na.append(lv)
            continue
        if int(r["objective_cm"]) == int(s["obj"][lv]):
            out.append(lv)
        else:
            bad.append((lv, int(r["objective_cm"]), int(s["obj"][lv])))
    return out, bad, na


def fmt_s(x):
    if x is None:
        return "-"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    if x >= 0.01:
        return f"{x:.3f}"
    return f"{x:.4f}"


def fmt_ratio(r):
    if r >= 100:
        return f"{r:,.0f}×"
    if r >= 10:
        return f"{r:.0f}×"
    return f"{r:.1f}×"


def ratio_of(s, pid):
    t, kind = peer_sum(s, pid)
    if kind not in ("ok", "limit") or s["lp_sum"] <= 0:
        return None, kind
    return t / s["lp_sum"], kind


def peer_time_cell(s, pid):
    t, kind = peer_sum(s, pid)
    if kind == "ok":
        return fmt_s(t)
    if kind == "limit":
        lv = [lv for lv in LEVELS if s["peers"][pid][lv].get("status") == "time_limit"]
        return f"> {LIMIT:g} s (limit{'' if len(lv) == 2 else ', ' + lv[0]})"
    if kind == "skipped":
        return "skipped (> 100,000 blocks)"
    return kind


def ratio_cell(s, pid):
    r, kind = ratio_of(s, pid)
    if r is None or (kind == "limit" and r <= 0):
        return "-"
    return ("> " if kind == "limit" else "") + fmt_ratio(r)


def agree_cell(s, pid):
    ok, bad, na = agree(s, pid)
    if bad:
        return "**NO**: " + ", ".join(f"{lv} {p} vs {z}" for lv, p, z in bad)
    if not ok:
        return "n/a"
    if na:
        return f"yes ({', '.join(ok)}; {', '.join(na)} n/a)"
    return "yes (both levels)"


# ---- main table -------------------------------------------------------------------------
md = []
md.append("# zoneplan benchmark\n")
md.append(f"Generated by `bench/run.sh` on {env['date']}: {env['host_cpu']}, {env['cores']} cores, "
          f"{env['mem_total_kib'] / 1048576:.0f} GiB RAM. zoneplan {env['zoneplan_commit']}"
          f"{' (working tree with uncommitted changes)' if env.get('zoneplan_dirty') else ''}, "
          f"Release build. Peers: LEMON {env['lemon']}, GLPK {env['glpk']}, CBC {env['cbc']} "
          f"via PuLP {env['pulp']}. Districts from `zoneplan gen --seed {env['seed']}`; "
          f"scenario = `scenarios/sample-baseline.yaml` with the paths replaced. "
          f"zoneplan figures are the median of {env['repeat']} runs (by wall time); "
          f"each peer ran once per level with a {LIMIT:g} s limit.\n")
if env.get("keep_peers") and os.path.exists(os.path.join(RAW, "env-peers.json")):
    ep = load(os.path.join(RAW, "env-peers.json"))
    md.append(f"zoneplan was re-timed (`bench/run.sh --keep-peers`) on {env['date']}; the peer "
              f"results are from the run of {ep['date']} (zoneplan {ep['zoneplan_commit']}), and "
              "zoneplan was checked to export byte-identical instances.\n")
md.append("Every peer solves exactly the instance zoneplan solved (`--export-instance`: same "
          "candidate arcs, costs, capacities and shortfall penalty), so LP objectives must be "
          "equal integers. Peer times are the solver call alone (LEMON `run()`, `glp_simplex`, "
          "PuLP `problem.solve()`, which includes PuLP writing the MPS file and reading CBC's "
          "solution), excluding reading and model building. zoneplan LP = `lp_s + pricing_s`. "
          "**LP times and ratios are summed over the two levels (primary + junior); objectives "
          "are compared per level.**\n")

hdr = "| | " + " | ".join(f"{s['blocks']:,} × {s['schools']:,}" for s in (scales[k] for k in keys)) + " |"
md.append(hdr)
md.append("|---|" + "---:|" * len(keys))


def row(label, fn):
    md.append(f"| {label} | " + " | ".join(fn(scales[k]) for k in keys) + " |")


row("LP arcs (primary / junior)", lambda s: " / ".join(
    f"{next((s['peers'][p][lv]['arcs'] for p, _ in PEERS if 'arcs' in s['peers'][p][lv]), '?'):,}"
    if any('arcs' in s['peers'][p][lv] for p, _ in PEERS) else "?" for lv in LEVELS))
for st in STAGES:
    row(f"zoneplan {st} [s]", lambda s, st=st: fmt_s(s["run"]["stages_s"].get(st)))
row("**zoneplan total (sum of stages) [s]**", lambda s: f"**{fmt_s(s['total'])}**")
row("zoneplan wall clock of `zoneplan run` [s]", lambda s: fmt_s(s["wall"]))
row("zoneplan peak memory [MiB]", lambda s: f"{s['run']['peak_rss_mib']:,.0f}")
row("**zoneplan LP (primary + junior) [s]**", lambda s: f"**{fmt_s(s['lp_sum'])}**")
for pid, name in PEERS:
    row(f"{name} solve [s]", lambda s, pid=pid: peer_time_cell(s, pid))
    row("&nbsp;&nbsp;ratio peer / zoneplan LP", lambda s, pid=pid: ratio_cell(s, pid))
    row("&nbsp;&nbsp;LP objective equal", lambda s, pid=pid: agree_cell(s, pid))
md.append("")

# ---- per-level detail -------------------------------------------------------------------
md.append("## Per level\n")
md.append("Solve times in seconds; ✓ = objective equal to zoneplan's `lp_objective_cm`, "
          "✗ = different (see below). Peak memory of each peer process in parentheses (MiB).\n")
md.append("| scale | level | blocks in LP | arcs | zoneplan LP [s] | zoneplan objective [cm] | "
          + " | ".join(n for _, n in PEERS) + " |")
md.append("|---|---|---:|---:|---:|---:|" + "---:|" * len(PEERS))
mismatches = []
for k in keys:
    s = scales[k]
    for lv in LEVELS:
        any_rec = next((s["peers"][p][lv] for p, _ in PEERS if "arcs" in s["peers"][p][lv]), {})
        cells = []
        for pid, name in PEERS:
            r = s["peers"][pid][lv]
            stt = r.get("status")
            if stt == "optimal":
                eq = int(r["objective_cm"]) == int(s["obj"][lv])
                if not eq:
                    mismatches.append((k, lv, name, int(r["objective_cm"]), int(s["obj"][lv]), r.get("instance")))
                mem = f" ({r['peak_rss_mib']:,.0f})" if "peak_rss_mib" in r else ""
                cells.append(f"{fmt_s(r['solve_s'])} {'✓' if eq else '✗'}{mem}")
            elif stt == "time_limit":
                cells.append(f"> {LIMIT:g} (limit)" + (f", built in {fmt_s(r['build_s'])}" if r.get("build_s") is not None else ""))
            elif stt == "skipped":
                cells.append("skipped")
            else:
                cells.append(f"{stt}" + (f" ({r.get('status')})" if stt not in ("error", "missing") else ""))
        md.append(f"| {s['blocks']:,} × {s['schools']:,} | {lv} | {any_rec.get('blocks', '?'):,} | "
                  f"{any_rec.get('arcs', '?'):,} | {fmt_s(s['lp'][lv])} | {s['obj'][lv]:,} | "
                  + " | ".join(cells) + " |")
md.append("")
if mismatches:
    md.append("**Objective mismatches:**\n")
    for k, lv, name, p, z, inst in mismatches:
        md.append(f"- {k} {lv}: {name} {p:,} vs zoneplan {z:,} (difference {p - z:+,}); instance `{inst}`")
    md.append("")
else:
    md.append("No objective mismatches: every peer that finished found exactly zoneplan's LP optimum.\n")

others = []
for k in keys:
    s = scales[k]
    for pid, name in PEERS:
        for lv in LEVELS:
            r = s["peers"][pid][lv]
            if r.get("status") not in ("optimal", "time_limit", "skipped"):
                others.append(f"- {k} {lv} {name}: status {r.get('status')}"
                              + (f", exit {r.get('exit_code')}" if "exit_code" in r else "")
                              + (f": `{r.get('stderr', '').strip()[-300:]}`" if r.get("stderr") else ""))
if others:
    md.append("**Peer runs that did not finish normally:**\n")
    md += others
    md.append("")

md.append("zoneplan wall times of all timed runs (s; 1-minute load average at the end of each run "
          "in parentheses where recorded): " + "; ".join(
    f"{scales[k]['blocks']:,}: " + ", ".join(
        fmt_s(d["wall_s"]) + (f" ({d['load_avg']})" if "load_avg" in d else "")
        for d in sorted(scales[k]["runs"], key=lambda d: d["wall_s"])) for k in keys) + "\n")
md.append("Timed zoneplan runs are the whole default pipeline of `zoneplan run`: since issue 5 it "
          "also builds the block adjacency, repairs catchment contiguity (`adjacency`, "
          "`contiguity` rows) and writes blocks.shp; the LP the peers solve is unchanged by that.\n")
md.append("Timed zoneplan runs are the plain pipeline; the LP instances for the peers come from one "
          "extra, untimed run with `--export-instance` (writing the instances as text is a "
          "benchmark-only extra and is not part of any zoneplan figure).\n")
nondet = []
for k in keys:
    runs = list(scales[k]["runs"])
    ep = os.path.join(RAW, f"{k}.zoneplan-export.json")
    if os.path.exists(ep):
        runs.append(load(ep))
    for lv in LEVELS:
        objs = {d["levels"][lv]["lp_objective_cm"] for d in runs}
        if len(objs) > 1:
            nondet.append(f"- {k} {lv}: lp_objective_cm differs between runs: {sorted(objs)}")
if nondet:
    md.append("**zoneplan's LP objective was not the same in every run:**\n")
    md += nondet
    md.append("")
else:
    md.append("zoneplan's LP objective was identical in every run (timed and export runs).\n")

# ---- targets ------------------------------------------------------------------------------
md.append("## Targets from the issue\n")
md.append("| target | measured | status |")
md.append("|---|---|---|")


def find(blocks):
    for k in keys:
        if scales[k]["blocks"] == blocks:
            return scales[k]
    return None


def target(text, measured, met, unknown="not measured"):
    md.append(f"| {text} | {measured} | {'**met**' if met else '**not met**' if met is False else unknown} |")


s100, s1m, s20 = find(100000), find(1000000), find(20000)
if s100:
    target("100,000 × 500: whole pipeline < 3 s",
           f"{fmt_s(s100['wall'])} s wall clock ({fmt_s(s100['total'])} s sum of stages)",
           s100["wall"] < 3)
else:
    target("100,000 × 500: whole pipeline < 3 s", "-", None)
if s1m:
    target("1,000,000 × 2,000: whole pipeline < 30 s",
           f"{fmt_s(s1m['wall'])} s wall clock ({fmt_s(s1m['total'])} s sum of stages)",
           s1m["wall"] < 30)
    target("1,000,000 × 2,000: peak memory < 4 GiB",
           f"{s1m['run']['peak_rss_mib'] / 1024:.2f} GiB ({s1m['run']['peak_rss_mib']:,.0f} MiB)",
           s1m["run"]["peak_rss_mib"] < 4096)
else:
    target("1,000,000 × 2,000: whole pipeline < 30 s", "-", None)
    target("1,000,000 × 2,000: peak memory < 4 GiB", "-", None)

for s, label in ((s100, "100,000 × 500"), (s1m, "1,000,000 × 2,000")):
    text = f"{label}: LP ≥ 5× faster than LEMON's faster algorithm, equal objective"
    if not s:
        target(text, "-", None)
        continue
    cands = []
    for pid in ("lemon_ns", "lemon_cs"):
        t, kind = peer_sum(s, pid)
        if kind in ("ok", "limit"):
            cands.append((t, kind, pid))
    if not cands:
        target(text, "LEMON did not finish", None)
        continue
    t, kind, pid = min(cands)
    name = dict(PEERS)[pid]
    ok, bad, na = agree(s, pid)
    r = t / s["lp_sum"]
    per_level = ", ".join(
        f"{lv} {fmt_ratio(s['peers'][pid][lv]['solve_s'] / s['lp'][lv])}"
        for lv in LEVELS if s["peers"][pid][lv].get("status") == "optimal" and s["lp"][lv] > 0)
    eq = "objective equal on both levels" if len(ok) == 2 else (
        "objective DIFFERS" if bad else "objective not comparable (limit)")
    meas = (f"{name} {('> ' if kind == 'limit' else '')}{fmt_s(t)} s vs zoneplan {fmt_s(s['lp_sum'])} s: "
            f"{('> ' if kind == 'limit' else '')}{fmt_ratio(r)} (per level: {per_level or '-'}); {eq}")
    if bad:
        met = False
    elif r >= 5:
        met = True if len(ok) == 2 else None   # a limit: objective not comparable
    else:
        met = None if kind == "limit" else False
    target(text, meas, met, "undetermined (time limit)")

text = "20,000 × 100: LP ≥ 100× faster than PuLP + CBC"
if s20:
    t, kind = peer_sum(s20, "pulp")
    if kind in ("ok", "limit"):
        r = t / s20["lp_sum"]
        ok, bad, na = agree(s20, "pulp")
        target(text, f"PuLP + CBC solve {('> ' if kind == 'limit' else '')}{fmt_s(t)} s vs zoneplan "
               f"{fmt_s(s20['lp_sum'])} s: {('> ' if kind == 'limit' else '')}{fmt_ratio(r)}"
               f"{'; objective equal on both levels' if len(ok) == 2 else ''}",
               True if r >= 100 else (None if kind == "limit" else False), "undetermined (time limit)")
    else:
        target(text, f"PuLP + CBC {kind}", None)
else:
    target(text, "-", None)

shares = []
for k in keys:
    s = scales[k]
    st = s["run"]["stages_s"]
    share = (st.get("union", 0) + st.get("write", 0)) / s["total"] if s["total"] > 0 else 0
    shares.append((s, share))
if shares:
    target("catchment union + writing a minority (< 50 %) of the total, at every scale",
           "; ".join(f"{s['blocks']:,}: {100 * sh:.0f} %" for s, sh in shares)
           + " (share of the sum of stages)",
           all(sh < 0.5 for _, sh in shares))
md.append("")
md.append("![time vs blocks](time_vs_blocks.png)\n")

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "results.md"), "w") as f:
    f.write("\n".join(md))

# ---- plot -----------------------------------------------------------------------------------
import matplotlib  # noqa: E402
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots(figsize=(8, 5.5))
xs = [scales[k]["blocks"] for k in keys]
ax.plot(xs, [scales[k]["wall"] for k in keys], "o-", color="black", lw=2,
        label="zoneplan whole pipeline (wall)")
ax.plot(xs, [scales[k]["lp_sum"] for k in keys], "s-", color="tab:red", lw=2,
        label="zoneplan LP (lp + pricing)")
styles = {"lemon_ns": ("^--", "tab:blue"), "lemon_cs": ("v--", "tab:cyan"),
          "glpk": ("D--", "tab:green"), "pulp": ("P--", "tab:purple")}
any_limit = False
for pid, name in PEERS:
    px, py, lx, ly = [], [], [], []
    for k in keys:
        t, kind = peer_sum(scales[k], pid)
        if kind == "ok":
            px.append(scales[k]["blocks"]); py.append(t)
        elif kind == "limit":
            lx.append(scales[k]["blocks"]); ly.append(t)
    m, c = styles[pid]
    if px:
        ax.plot(px, py, m, color=c, label=f"{name} solve")
    if lx:
        any_limit = True
        ax.plot(lx, ly, m[0], color=c, mfc="none", ms=11, mew=2,
                label=None if px else f"{name} solve")
        for x, y in zip(lx, ly):
            ax.annotate("limit", (x, y), textcoords="offset points", xytext=(6, 4), fontsize=7, color=c)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("residential blocks (district)")
ax.set_ylabel("seconds (both levels)")
ax.set_title("zoneplan vs peer LP solvers"
             + (f"\n(hollow markers: hit the {LIMIT:g} s limit, time is a lower bound)" if any_limit else ""),
             fontsize=10)
ax.grid(True, which="both", alpha=0.3)
ax.legend(fontsize=8, loc="upper left")
fig.tight_layout()
fig.savefig(os.path.join(OUT, "time_vs_blocks.png"), dpi=120)
print(f"wrote {os.path.join(OUT, 'results.md')} and time_vs_blocks.png")
