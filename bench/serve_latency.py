#!/usr/bin/env python3
"""The editing server's latency (bench/serve.sh): paints of one block and of 12 blocks (a
lasso), undo, and "optimise the rest", timed from the client (round trip: the request, the
edit, the panel counted afresh, the reply's JSON) and by the server itself (its "ms").
Usage: serve_latency.py PORT OUT.json"""
import json
import random
import statistics
import sys
import time
import urllib.request

port, out = int(sys.argv[1]), sys.argv[2]
base = f"http://127.0.0.1:{port}"


def post(path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST")
    t = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        d = json.loads(r.read())
    return d, (time.perf_counter() - t) * 1000


t = time.perf_counter()
with urllib.request.urlopen(base + "/api/data") as r:
    raw = r.read()
data = json.loads(raw)
data_ms = (time.perf_counter() - t) * 1000
sess, sess_ms = post("/api/session", {})
sid = sess["session"]
school = sess["school"][0]
blocks = [f["properties"]["id"] for f in data["blocks"]["features"]]
serving = [i for i, s in enumerate(data["schools"]) if s["serves"][0]]
rng = random.Random(2026)
runs = {"paint 1 block": [], "paint 12 blocks": [], "undo": [], "optimise": []}
server = {k: [] for k in runs}


def paint(n, key):
    ids = rng.sample(range(len(blocks)), n)
    to = rng.choice([s for s in serving if s != school[ids[0]]])
    d, ms = post("/api/edit", {"session": sid, "level": "primary",
                               "blocks": [blocks[i] for i in ids],
                               "school": data["schools"][to]["id"]})
    runs[key].append(ms)
    server[key].append(d["ms"])


for _ in range(200):
    paint(1, "paint 1 block")
for _ in range(50):
    paint(12, "paint 12 blocks")
for _ in range(50):
    d, ms = post("/api/undo", {"session": sid})
    runs["undo"].append(ms)
    server["undo"].append(d["ms"])
for _ in range(5):
    d, ms = post("/api/optimise", {"session": sid})
    runs["optimise"].append(ms)
    server["optimise"].append(d["ms"])


def summary(v):
    v = sorted(v)
    return {"n": len(v), "median": round(statistics.median(v), 1),
            "p95": round(v[int(0.95 * (len(v) - 1))], 1), "max": round(v[-1], 1)}


res = {"blocks": len(blocks), "schools": len(data["schools"]),
       "data_mb": round(len(raw) / 1e6, 1), "data_ms": round(data_ms, 1),
       "session_ms": round(sess_ms, 1),
       "round_trip_ms": {k: summary(v) for k, v in runs.items()},
       "server_ms": {k: summary(v) for k, v in server.items()}}
json.dump(res, open(out, "w"), indent=1)
print(json.dumps(res, indent=1))
