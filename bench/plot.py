"""Draws BENCHMARKS.md's figure from the JSON the benchmarks leave in BENCH_RESULTS (bench/all):
throughput and p99 latency of single events, batches of 100, Flint's /health/live ceiling and nginx,
on SQLite and PostgreSQL. Needs matplotlib (bench/all installs it into .venv-bench).

    python3 bench/plot.py RESULTS_FOLDER OUTPUT.png
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

folder, output = sys.argv[1], sys.argv[2]
sqlite = json.load(open(os.path.join(folder, "ingest-sqlite.json")))
postgres_path = os.path.join(folder, "ingest-postgres.json")
postgres = json.load(open(postgres_path)) if os.path.exists(postgres_path) else None

bars = [
    ("nginx 204\n(no work)", sqlite["nginx"]["rps"], sqlite["nginx"]["p99_ms"], "#9e9e9e"),
    ("Flint\n/health/live", sqlite["live"]["rps"], sqlite["live"]["p99_ms"], "#bdbdbd"),
    ("SQLite\nsingle events", sqlite["single"]["rps"], sqlite["single"]["p99_ms"], "#1f77b4"),
    ("SQLite\nbatches of 100", sqlite["batch"]["events_per_second"], sqlite["batch"]["p99_ms"], "#6baed6"),
]
if postgres:
    phases = {phase["label"]: phase for phase in postgres["phases"]}
    for label, name, colour in [
        ("PostgreSQL, 1 node, single events", "PostgreSQL\nsingle, 1 node", "#d62728"),
        ("PostgreSQL, 1 node, batches of 100", "PostgreSQL\nbatches, 1 node", "#ff9896"),
        ("PostgreSQL, 2 nodes, single events", "PostgreSQL\nsingle, 2 nodes", "#8c1b1b"),
        ("PostgreSQL, 2 nodes, batches of 100", "PostgreSQL\nbatches, 2 nodes", "#e377c2"),
    ]:
        if label in phases:
            bars.append((name, phases[label]["events_per_second"], phases[label]["p99_ms"], colour))

figure, (throughput, latency) = plt.subplots(2, 1, figsize=(12, 8), sharex=True)
names = [bar[0] for bar in bars]
positions = range(len(bars))
throughput.bar(positions, [bar[1] for bar in bars], color=[bar[3] for bar in bars])
throughput.set_ylabel("requests/s (events/s for batches)")
throughput.set_title(f"Flint ingestion on {os.cpu_count()} cores, wrk -t1 -c{sqlite['connections']}, {sqlite['duration']} per phase")
for position, bar in zip(positions, bars):
    throughput.annotate(f"{bar[1]:,.0f}", (position, bar[1]), ha="center", va="bottom", fontsize=8)
latency.bar(positions, [bar[2] for bar in bars], color=[bar[3] for bar in bars])
latency.set_ylabel("p99 latency (ms)")
for position, bar in zip(positions, bars):
    latency.annotate(f"{bar[2]:.1f}", (position, bar[2]), ha="center", va="bottom", fontsize=8)
latency.set_xticks(list(positions), names, fontsize=8)
figure.tight_layout()
figure.savefig(output, dpi=110)
print(f"wrote {output}")
