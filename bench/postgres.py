"""bench/postgres: ingestion on PostgreSQL beside SQLite and beside pgbench's insert ceiling, one run.

Run by bench/postgres, which builds Flint, starts a durable PostgreSQL and sets FLINT_BIN and
FLINT_TEST_POSTGRES_URL. Every phase runs in this one script, so the ratios hold on a noisy machine."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid

BIN = os.environ["FLINT_BIN"]
SERVER = os.environ["FLINT_TEST_POSTGRES_URL"]
DURATION = int(os.environ.get("DURATION", "10"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "64"))
ADMIN = "bench-admin-token"
WORK = tempfile.mkdtemp(prefix="flint-bench-postgres-")
TRIGGER = {
    "name": "bench_signup", "title": "Benchmark sign-up", "customerType": "contact",
    "attributes": [{"name": "location", "type": "text", "required": True}, {"name": "amount", "type": "number"},
                   {"name": "firstVisit", "type": "boolean"}, {"name": "signedUpAt", "type": "datetime"},
                   {"name": "order", "type": "entityReference", "entity": "order"}],
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(url, sql):
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], check=True, capture_output=True, text=True).stdout


def database():
    name = "bench_" + uuid.uuid4().hex[:10]
    psql(SERVER, f"CREATE DATABASE {name}")
    return SERVER.rsplit("/", 1)[0] + f"/{name}"


def request(port, method, path, body=None, token=ADMIN):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as response:
        return json.loads(response.read() or b"null")


class Node:
    def __init__(self, env):
        self.port = free_port()
        folder = tempfile.mkdtemp(dir=WORK)
        environment = dict(os.environ, FLINT_ADMIN_TOKEN=ADMIN, FLINT_LOG_LEVEL="warning", **env)
        self.log = open(os.path.join(folder, "flint.log"), "w")
        self.process = subprocess.Popen([BIN, "serve", "--port", str(self.port), "--data", os.path.join(folder, "data")],
                                        stdout=self.log, stderr=subprocess.STDOUT, env=environment)
        for _ in range(300):
            try:
                if request(self.port, "GET", "/health/ready", token=None)["status"] == "ready":
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("flint did not start")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


KEYS = []


def load(nodes, script, path, total_connections=CONNECTIONS):
    """Drives every node at once (the connections split between them); summed rate, worst p99."""
    share = max(1, total_connections // len(nodes))
    processes = []
    for index, node in enumerate(nodes):
        env = dict(os.environ, FLINT_KEY=KEYS[0], BENCH_PREFIX=f"{uuid.uuid4().hex[:8]}n{index}", BENCH_PATH=path)
        processes.append(subprocess.Popen(
            ["wrk", "-t1", f"-c{share}", f"-d{DURATION}s", "-s", f"bench/lua/{script}", f"http://127.0.0.1:{node.port}{path}"],
            stdout=subprocess.PIPE, text=True, env=env))
    rps, p99, errors = 0.0, 0.0, 0
    for process in processes:
        out = process.communicate()[0]
        rps += float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p99 = max(p99, int(re.search(r"p99_us=(\d+)", out).group(1)) / 1000)
        errors += int(re.search(r"errors_status=(\d+)", out).group(1))
    return rps, p99, errors


def set_up(node):
    request(node.port, "POST", "/api/v1/triggers", TRIGGER)
    KEYS[:] = [request(node.port, "POST", "/api/v1/ingestion-keys", {"name": "bench", "kind": "secret"})["key"]]


def warm(nodes):
    """Two seconds of load per node first, so no phase measures a cold process."""
    for node in nodes:
        subprocess.run(["wrk", "-t1", "-c16", "-d2s", "-s", "bench/lua/events.lua", f"http://127.0.0.1:{node.port}/v1/events"],
                       check=True, capture_output=True, env=dict(os.environ, FLINT_KEY=KEYS[0], BENCH_PREFIX=uuid.uuid4().hex[:8]))


def phase(label, nodes, script, path):
    rps, p99, errors = load(nodes, script, path)
    return {"label": label, "rps": rps, "p99": p99, "errors": errors}


def pgbench_ceiling(url):
    """PostgreSQL's own rate for Flint's batch insert: 100 events per statement, as Flint writes them."""
    event = {"trigger_name": "bench_signup", "auth_id": "contact-1", "binding_id": None, "occurred_at": 1, "received_at": 1,
             "attributes": json.dumps({"location": "lobby", "amount": 12.5, "firstVisit": True, "signedUpAt": "2026-11-26T09:59:00Z",
                                       "order": "order-77"}),
             "contactpoint_email": None, "contactpoint_phone": None, "anonymous": False}
    rows = json.dumps([dict(event, i=index) for index in range(100)]).replace("'", "''")
    script = os.path.join(WORK, "insert.sql")
    with open(script, "w") as file:
        file.write(f"""WITH inserted AS (
  INSERT INTO events (message_id, trigger_name, auth_id, binding_id, occurred_at, received_at, attributes, contactpoint_email, contactpoint_phone, anonymous)
  SELECT gen_random_uuid()::text, trigger_name, auth_id, binding_id, occurred_at, received_at, attributes, contactpoint_email, contactpoint_phone, anonymous
  FROM jsonb_to_recordset('{rows}'::jsonb) AS r(i INTEGER, trigger_name TEXT, auth_id TEXT, binding_id TEXT, occurred_at BIGINT,
    received_at BIGINT, attributes TEXT, contactpoint_email TEXT, contactpoint_phone TEXT, anonymous BOOLEAN)
  ORDER BY i ON CONFLICT (message_id) DO NOTHING RETURNING seq, message_id, auth_id, anonymous
), queued AS (INSERT INTO dispatch_queue (seq, auth_id) SELECT seq, auth_id FROM inserted WHERE NOT anonymous)
SELECT count(*) FROM inserted;
""")
    out = subprocess.run(["pgbench", "-n", "-f", script, "-c", "8", "-j", "2", "-T", str(DURATION), url],
                         check=True, capture_output=True, text=True).stdout
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
    return tps * 100


def main():
    results = []
    # SQLite, one node: the embedded default, for comparison.
    node = Node({})
    set_up(node)
    warm([node])
    results.append(phase("SQLite, 1 node, single events", [node], "events.lua", "/v1/events"))
    results.append(phase("SQLite, 1 node, batches of 100", [node], "batch.lua", "/v1/events/batch"))
    node.stop()

    # PostgreSQL, one node, then two nodes on one database.
    url = database()
    env = {"FLINT_DATABASE_URL": url + "?sslmode=disable", "FLINT_DATABASE_POOL_SIZE": "40"}
    first = Node(env)
    set_up(first)
    warm([first])
    results.append(phase("PostgreSQL, 1 node, single events", [first], "events.lua", "/v1/events"))
    results.append(phase("PostgreSQL, 1 node, batches of 100", [first], "batch.lua", "/v1/events/batch"))
    second = Node(env)
    warm([first, second])
    results.append(phase("PostgreSQL, 2 nodes, single events", [first, second], "events.lua", "/v1/events"))
    results.append(phase("PostgreSQL, 2 nodes, batches of 100", [first, second], "batch.lua", "/v1/events/batch"))
    stored = int(psql(url, "SELECT count(*) FROM events"))
    first.stop()
    second.stop()

    ceiling = pgbench_ceiling(url)

    print(f"wrk -t1, {CONNECTIONS} connections in all, {DURATION} s per phase; PostgreSQL 15 durable (fsync on); {os.cpu_count()} cores")
    for result in results:
        events = result["rps"] * (100 if "batches" in result["label"] else 1)
        print(f"{result['label']:<40} {events:>10,.0f} events/s   p99 {result['p99']:7.2f} ms   non-2xx {result['errors']}")
    print(f"{'pgbench, the same 100-row insert, 8 clients':<40} {ceiling:>10,.0f} events/s   (PostgreSQL's ceiling)")
    by = {r["label"]: r["rps"] * (100 if "batches" in r["label"] else 1) for r in results}
    one_batch = by["PostgreSQL, 1 node, batches of 100"]
    one_single = by["PostgreSQL, 1 node, single events"]
    two_single = by["PostgreSQL, 2 nodes, single events"]
    p99_single = next(r["p99"] for r in results if r["label"] == "PostgreSQL, 1 node, single events")
    print(f"1 node batches / pgbench:                 {one_batch / ceiling:5.2f}   (target >= 0.5)")
    print(f"2 nodes / 1 node, single events:          {two_single / one_single:5.2f}   (target >= 1.6)")
    print(f"p99 single events, 1 node, {CONNECTIONS} connections: {p99_single:6.2f} ms (target <= 20)")
    print(f"PostgreSQL / SQLite, single events:       {one_single / by['SQLite, 1 node, single events']:5.2f}")
    print(f"events stored in PostgreSQL:              {stored:,}")
    if os.environ.get("BENCH_RESULTS"):
        with open(os.path.join(os.environ["BENCH_RESULTS"], "ingest-postgres.json"), "w") as file:
            json.dump({"connections": CONNECTIONS, "duration": DURATION, "pgbench_events_per_second": ceiling, "stored": stored,
                       "phases": [{"label": r["label"], "events_per_second": r["rps"] * (100 if "batches" in r["label"] else 1),
                                   "p99_ms": r["p99"], "errors": r["errors"]} for r in results]}, file, indent=2)


try:
    main()
finally:
    shutil.rmtree(WORK, ignore_errors=True)
