"""Cost as the work grows (bench/scale): ingestion beside an empty catalog and beside 10,000 triggers
and 1,000 live journeys, in one run (target: within 10%); then a journey's stats read with 1,000,000
runs behind it (target: under 50 ms), beside the aggregate query the stats used to run.
"""
import concurrent.futures
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from common import free_port, wait_ready

BINARY = sys.argv[1] if len(sys.argv) > 1 else ".build/release/flint"
DURATION = os.environ.get("DURATION", "10s")
TRIGGERS = int(os.environ.get("TRIGGERS", "10000"))
JOURNEYS = int(os.environ.get("JOURNEYS", "1000"))
RUNS = int(os.environ.get("RUNS", "1000000"))
ADMIN = "bench-admin-token"
HEADERS = {"Content-Type": "application/json", "Authorization": f"Bearer {ADMIN}"}



class Flint:
    def __init__(self, data):
        self.data, self.port, self.process = data, free_port(), None

    def start(self):
        env = dict(os.environ, FLINT_ADMIN_TOKEN=ADMIN, FLINT_LOG_LEVEL="warning")
        self.process = subprocess.Popen([BINARY, "serve", "--port", str(self.port), "--data", self.data], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_ready(self.port)

    def stop(self):
        self.process.terminate()
        self.process.wait()

    def call(self, method, path, body=None, token=None):
        headers = dict(HEADERS)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method, headers=headers,
                                         data=json.dumps(body).encode() if body is not None else None)
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read()
            return json.loads(text) if text else None


def wrk(flint, key):
    out = subprocess.run(["wrk", "-t1", "-c64", f"-d{DURATION}", "-s", "bench/lua/events.lua", f"http://127.0.0.1:{flint.port}/v1/events"],
                         capture_output=True, text=True, check=True, env=dict(os.environ, FLINT_KEY=key)).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), int(re.search(r"p99_us=(\d+)", out).group(1)) / 1000


def load_catalog(flint, key):
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda i: flint.call("POST", "/api/v1/triggers", {
            "name": f"trigger_{i:05d}", "title": f"Trigger {i:05d}", "customerType": "contact",
            "attributes": [{"name": "plan", "type": "text"}, {"name": "amount", "type": "number"}]}), range(TRIGGERS)))

        def live(i):
            name = f"trigger_{i:05d}"
            flint.call("POST", "/v1/events", {"trigger": name, "authId": "check", "attributes": {"plan": "pro"}}, token=key)
            flint.call("POST", f"/api/v1/triggers/{name}/ready", {})
            journey = flint.call("POST", "/api/v1/journeys", {
                "name": f"Journey {i:04d}", "trigger": name,
                "steps": [{"id": "where", "type": "branch",
                           "branches": [{"label": "pro", "when": {"attribute": "trigger.plan", "op": "equals", "value": "pro"},
                                         "steps": [{"id": "pause", "type": "wait", "duration": "P1D"}]}],
                           "otherwise": [{"id": "later", "type": "wait", "duration": "P2D"}]}]})
            flint.call("POST", f"/api/v1/journeys/{journey['id']}/publish", {})
            return journey["id"]
        return list(pool.map(live, range(JOURNEYS)))


def load_runs(database_path, journey_id):
    """A million finished and waiting runs of one journey, with a trace each, and the counters the
    commits would have kept for them."""
    database = sqlite3.connect(database_path)
    now = int(time.time() * 1000)
    database.executemany(
        """INSERT INTO runs (id, journey_id, version, auth_id, entry_message_id, entry_attributes, status, position,
           waiting_step, due_at, started_at, updated_at, revision)
           VALUES (?, ?, 1, ?, ?, '{}', ?, 0, ?, ?, ?, ?, 0)""",
        ((f"run_scale_{i}", journey_id, f"c{i}", f"m{i}", "completed" if i % 2 else "waiting", None if i % 2 else "pause",
          None if i % 2 else now + 86_400_000, now, now) for i in range(RUNS)))
    database.executemany(
        "INSERT INTO run_trace (run_id, seq, journey_id, step, at, outcome, detail) VALUES (?, 0, ?, 'where', ?, 'branched', 'pro')",
        ((f"run_scale_{i}", journey_id, now) for i in range(RUNS)))
    database.execute("DELETE FROM journey_counts WHERE journey_id = ?", (journey_id,))
    database.executemany("INSERT INTO journey_counts (journey_id, step, counter, count) VALUES (?, ?, ?, ?)", [
        (journey_id, "", "entered", RUNS), (journey_id, "", "completed", RUNS // 2), (journey_id, "where", "reached", RUNS)])
    database.commit()
    # The aggregate the stats ran before counters (v8): runs by status, traces by step.
    started = time.monotonic()
    database.execute("""SELECT count(*), sum(status = 'completed'), sum(status = 'exited'), sum(status = 'failed')
                        FROM runs WHERE journey_id = ?""", (journey_id,)).fetchall()
    database.execute("""SELECT step, count(DISTINCT run_id), sum(outcome = 'sent') FROM run_trace
                        WHERE journey_id = ? AND step IS NOT NULL GROUP BY step""", (journey_id,)).fetchall()
    aggregate_ms = (time.monotonic() - started) * 1000
    database.close()
    return aggregate_ms


def started_flint():
    """A Flint on a fresh data folder with the benchmark trigger and a key, warmed up."""
    flint = Flint(tempfile.mkdtemp(prefix="flint-bench-scale-"))
    flint.start()
    flint.call("POST", "/api/v1/triggers", {
        "name": "bench_signup", "title": "Benchmark sign-up", "customerType": "contact",
        "attributes": [{"name": "location", "type": "text", "required": True}, {"name": "amount", "type": "number"},
                       {"name": "firstVisit", "type": "boolean"}, {"name": "signedUpAt", "type": "datetime"},
                       {"name": "order", "type": "entityReference", "entity": "order"}]})
    return flint, flint.call("POST", "/api/v1/ingestion-keys", {"name": "bench", "kind": "secret"})["key"]


def main():
    # Each condition on its own fresh data folder (so neither inherits the other's event log), in two
    # interleaved rounds; the ratio is taken within each round.
    rounds = []
    for _ in range(2):
        empty, empty_key = started_flint()
        wrk(empty, empty_key)  # warm-up
        empty_rps, empty_p99 = wrk(empty, empty_key)
        empty.stop()
        flint, key = started_flint()
        started = time.monotonic()
        journeys = load_catalog(flint, key)
        loaded_in = time.monotonic() - started
        wrk(flint, key)  # warm-up
        full_rps, full_p99 = wrk(flint, key)
        rounds.append(((empty_rps, empty_p99), (full_rps, full_p99)))
        if len(rounds) < 2:
            flint.stop()
    data = flint.data
    flint.stop()
    aggregate_ms = load_runs(os.path.join(data, "flint.sqlite"), journeys[0])
    flint.start()
    timings = []
    for _ in range(50):
        started = time.monotonic()
        journey = flint.call("GET", f"/api/v1/journeys/{journeys[0]}")
        timings.append((time.monotonic() - started) * 1000)
    flint.stop()
    timings.sort()
    stats = journey["stats"]
    ratios = [full[0] / empty[0] for empty, full in rounds]
    result = {
        "rounds": [{"empty": {"rps": e[0], "p99_ms": e[1]}, "catalog": {"rps": f[0], "p99_ms": f[1]}} for e, f in rounds],
        "ratios": ratios, "triggers": TRIGGERS, "journeys": JOURNEYS, "catalog_load_seconds": loaded_in,
        "stats_ms": {"p50": statistics.median(timings), "p95": timings[int(len(timings) * 0.95)]}, "runs": RUNS,
        "aggregate_ms": aggregate_ms, "entered": stats["entered"],
    }
    for index, ((empty_rps, empty_p99), (full_rps, full_p99)) in enumerate(rounds):
        print(f"round {index + 1}: empty catalog {empty_rps:,.0f} events/s (p99 {empty_p99:.2f} ms); with {TRIGGERS:,} triggers and "
              f"{JOURNEYS:,} live journeys {full_rps:,.0f} events/s (p99 {full_p99:.2f} ms): ratio {full_rps / empty_rps:.2f}")
    print(f"ingestion with the catalog / without, mean of the rounds: {statistics.mean(ratios):.2f} (target >= 0.90); "
          f"catalog loaded in {loaded_in:.0f} s")
    print(f"journey stats with {RUNS:,} runs behind them:    p50 {result['stats_ms']['p50']:6.2f} ms   p95 {result['stats_ms']['p95']:6.2f} ms"
          f"   (target < 50 ms; entered {stats['entered']:,})")
    print(f"the aggregate the stats ran before counters:     {aggregate_ms:9.0f} ms (one read, SQLite, warm cache)")
    if os.environ.get("BENCH_RESULTS"):
        with open(os.path.join(os.environ["BENCH_RESULTS"], "scale.json"), "w") as file:
            json.dump(result, file, indent=2)


if __name__ == "__main__":
    main()
