"""The journey benchmark behind bench/journeys. Prints its figures; see the script for targets."""
import http.client
import http.server
import json
import multiprocessing
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

BINARY = sys.argv[1]
LOAD_SECONDS = int(os.environ.get("SECONDS_OF_LOAD", "10"))
RATE = int(os.environ.get("EVENTS_PER_SECOND", "1000"))
WAITING_RUNS = int(os.environ.get("WAITING_RUNS", "1000000"))
DUE_SOON = int(os.environ.get("DUE_SOON", "20000"))
HANG_SECONDS = float(os.environ.get("HANG_SECONDS", "10"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
ADMIN = "bench-admin-token"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Flint:
    def __init__(self, data):
        self.data, self.port, self.process = data, free_port(), None

    def start(self):
        env = dict(os.environ, FLINT_ADMIN_TOKEN=ADMIN, FLINT_LOG_LEVEL="warning", FLINT_WEBHOOK_SECRET="bench-secret",
                   FLINT_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
        self.process = subprocess.Popen([BINARY, "serve", "--port", str(self.port), "--data", self.data], env=env,
                                        stdout=open(os.path.join(os.path.dirname(self.data), "flint.log"), "ab"),
                                        stderr=subprocess.STDOUT)
        for _ in range(600):
            try:
                if self.call("GET", "/health/ready")[0] == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("flint did not start")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024

    def call(self, method, path, body=None, token=ADMIN, connection=None):
        own = connection is None
        connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(method, path, body=json.dumps(body) if body is not None else None,
                           headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = connection.getresponse()
        text = response.read()
        if own:
            connection.close()
        return response.status, (json.loads(text) if text else None)


class Receiver(http.server.ThreadingHTTPServer):
    """Records when each webhook arrives, by the `seq` in its body (CLOCK_MONOTONIC, comparable across processes)."""
    daemon_threads = True

    def __init__(self, port):
        self.arrivals = {}
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), ReceiverHandler)


def serve_receiver(port, connection):
    """Runs the receiver in its own process, so the load generator's threads cannot delay its clock readings;
    answers "count" and "arrivals" requests over `connection`."""
    receiver = Receiver(port)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    connection.send("ready")
    while True:
        request = connection.recv()
        with receiver.lock:
            if request == "count":
                connection.send(len(receiver.arrivals))
            elif request == "arrivals":
                connection.send(dict(receiver.arrivals))
            else:
                return


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        now = time.monotonic()
        seq = json.loads(body)["seq"]
        with self.server.lock:
            self.server.arrivals.setdefault(seq, now)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


class HangingHandler(http.server.BaseHTTPRequestHandler):
    """A destination that hangs: it reads the request and answers only after HANG_SECONDS."""
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(HANG_SECONDS)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def add_hanging_journey(flint):
    """A second journey on the same trigger whose webhook destination hangs; created as a draft, and
    published and stopped by the rounds."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), HangingHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    journey = {"name": "bench hanging", "trigger": "bench_signup",
               "steps": [{"id": "hook", "type": "webhook", "url": f"http://127.0.0.1:{server.server_address[1]}/hang", "body": "{}"}]}
    return flint.call("POST", "/api/v1/journeys", journey)[1]["id"]


def setup_latency(flint, receiver_port):
    hook = f"http://127.0.0.1:{receiver_port}/hook"
    for name in ("bench_signup", "bench_wait"):
        assert flint.call("POST", "/api/v1/triggers", {"name": name, "title": name, "customerType": "contact",
                          "attributes": [{"name": "seq", "type": "text"}]})[0] == 201
    key = flint.call("POST", "/api/v1/ingestion-keys", {"name": "bench", "kind": "secret"})[1]["key"]
    for name in ("bench_signup", "bench_wait"):
        assert flint.call("POST", "/v1/events", {"trigger": name, "authId": "setup", "attributes": {"seq": "setup"}}, token=key)[0] == 202
        assert flint.call("POST", f"/api/v1/triggers/{name}/ready")[0] == 200
    journey = {"name": "bench webhook", "trigger": "bench_signup",
               "steps": [{"id": "hook", "type": "webhook", "url": hook, "body": '{"seq": "{{trigger.seq}}"}'}]}
    journey_id = flint.call("POST", "/api/v1/journeys", journey)[1]["id"]
    assert flint.call("POST", f"/api/v1/journeys/{journey_id}/publish")[0] == 200
    return key


def measure_latency(flint, key, receiver, prefix):
    """Offers RATE events/s for LOAD_SECONDS; the healthy journey's latency from response to webhook."""
    total = LOAD_SECONDS * RATE
    receiver.send("count")
    delivered_before = receiver.recv()
    responded = {}
    lock = threading.Lock()
    start = time.monotonic() + 0.2
    workers = 32

    def worker(index):
        connection = http.client.HTTPConnection("127.0.0.1", flint.port, timeout=30)
        for i in range(index, total, workers):
            delay = start + i / RATE - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            seq = f"{prefix}{i}"
            status, _ = flint.call("POST", "/v1/events", {"trigger": "bench_signup", "authId": f"c{i % 5000}",
                                                         "messageId": str(uuid.uuid4()), "attributes": {"seq": seq}},
                                   token=key, connection=connection)
            if status == 202:
                with lock:
                    responded[seq] = time.monotonic()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        receiver.send("count")
        if receiver.recv() >= delivered_before + len(responded):
            break
        time.sleep(0.05)
    receiver.send("arrivals")
    arrivals = receiver.recv()
    arrivals = {seq: at for seq, at in arrivals.items() if seq in responded}
    latencies = [(arrivals[seq] - at) * 1000 for seq, at in responded.items() if seq in arrivals]
    return {"offered": total / LOAD_SECONDS, "achieved": len(responded) / elapsed, "accepted": len(responded),
            "delivered": len(latencies), "latencies": latencies}


def load_waiting_runs(flint):
    """Publishes a journey that waits, then writes its runs straight into the database while Flint is
    stopped: DUE_SOON of them due over the next 30 s, the rest in a day."""
    journey = {"name": "bench wait", "trigger": "bench_wait", "steps": [{"id": "hold", "type": "wait", "duration": "P1D"}]}
    journey_id = flint.call("POST", "/api/v1/journeys", journey)[1]["id"]
    assert flint.call("POST", f"/api/v1/journeys/{journey_id}/publish")[0] == 200
    flint.stop()
    database = sqlite3.connect(os.path.join(flint.data, "flint.sqlite"))
    now = int(time.time() * 1000)
    soon_start = now + 15_000  # after Flint has restarted
    def rows():
        for i in range(WAITING_RUNS):
            due = due_at(i, soon_start) if i < DUE_SOON else now + 86_400_000
            yield (f"run_bench_{i}", journey_id, f"c{i}", f"m{i}", due, now, now)
    database.executemany(
        """INSERT INTO runs (id, journey_id, version, auth_id, binding_id, entry_message_id, entry_attributes, status,
           position, waiting_step, due_at, started_at, updated_at, revision)
           VALUES (?, ?, 1, ?, NULL, ?, '{}', 'waiting', 0, 'hold', ?, ?, ?, 0)""", rows())
    database.commit()
    database.close()
    return journey_id, soon_start


def due_at(index, soon_start):
    return soon_start + (index * 30_000) // max(1, DUE_SOON)


def timer_lateness(flint, journey_id, soon_start):
    """How long after its due time each soon-due run was resumed (the `resumed` trace entry)."""
    database = sqlite3.connect(os.path.join(flint.data, "flint.sqlite"))
    rows = database.execute(
        """SELECT r.id, t.at FROM runs r JOIN run_trace t ON t.run_id = r.id
           WHERE r.journey_id = ? AND t.outcome = 'resumed'""", (journey_id,)).fetchall()
    database.close()
    return [at - due_at(int(run_id.rsplit("_", 1)[1]), soon_start) for run_id, at in rows]


def main():
    workdir = tempfile.mkdtemp(prefix="flint-bench-journeys-")
    flint = Flint(os.path.join(workdir, "data"))
    receiver_port = free_port()
    receiver, child = multiprocessing.Pipe()
    receiver_process = multiprocessing.Process(target=serve_receiver, args=(receiver_port, child), daemon=True)
    receiver_process.start()
    assert receiver.recv() == "ready"
    flint.start()
    idle = flint.rss_mb()
    key = setup_latency(flint, receiver_port)
    hanging = add_hanging_journey(flint)
    # Rounds of the two conditions back to back (the hanging journey stopped, then live), each ratio
    # taken within its round: this machine's latency drifts between minutes far more than within one.
    rounds = []
    for index in range(ROUNDS):
        print(f"round {index + 1} of {ROUNDS}: {RATE} events/s for {LOAD_SECONDS} s, each starting a journey whose "
              f"first step is a webhook; then the same beside a second journey whose webhook hangs {HANG_SECONDS:.0f} s",
              file=sys.stderr)
        alone = measure_latency(flint, key, receiver, f"a{index}-")
        assert flint.call("POST", f"/api/v1/journeys/{hanging}/publish")[0] == 200
        beside = measure_latency(flint, key, receiver, f"h{index}-")
        assert flint.call("POST", f"/api/v1/journeys/{hanging}/stop")[0] == 200
        rounds.append((alone, beside))
    print(f"phase 2: {WAITING_RUNS:,} waiting runs ({DUE_SOON:,} due within 45 s)", file=sys.stderr)
    journey_id, soon_start = load_waiting_runs(flint)
    flint.start()
    loaded = flint.rss_mb()
    while time.time() * 1000 < soon_start + 30_000 + 3_000:
        time.sleep(0.5)
    after_timers = flint.rss_mb()
    lateness = timer_lateness(flint, journey_id, soon_start)
    # Journey start latency must not grow with the waiting runs: the same measurement, a million runs later.
    print(f"phase 3: {RATE} events/s for {LOAD_SECONDS} s beside {WAITING_RUNS:,} waiting runs", file=sys.stderr)
    # Flint was restarted on the loaded database: warm its caches as the rounds above were warmed by
    # the setup, so the comparison is of the steady state with and without the waiting runs.
    measure_latency(flint, key, receiver, "warm-")
    with_waiting = measure_latency(flint, key, receiver, "w-")
    flint.stop()
    def describe(label, results):
        lat = [value for result in results for value in result["latencies"]]
        achieved = sum(result["achieved"] for result in results) / len(results)
        delivered = sum(result["delivered"] for result in results)
        accepted = sum(result["accepted"] for result in results)
        print(f"{label}: {RATE} events/s offered, {achieved:.0f}/s achieved, {delivered}/{accepted} delivered")
        print(f"  p50 {percentile(lat, 50):7.2f} ms   p90 {percentile(lat, 90):7.2f} ms   "
              f"p99 {percentile(lat, 99):7.2f} ms   max {max(lat):7.2f} ms   "
              f"(p99 by round: {', '.join('%.2f' % percentile(result['latencies'], 99) for result in results)})")

    describe("ingestion response -> webhook arrival", [alone for alone, _ in rounds])
    describe(f"beside a journey whose destination hangs {HANG_SECONDS:.0f} s", [beside for _, beside in rounds])
    ratios = [percentile(beside["latencies"], 99) / percentile(alone["latencies"], 99) for alone, beside in rounds]
    print(f"  p99 beside / p99 alone, median of {ROUNDS} rounds: {statistics.median(ratios):.2f}   "
          f"(rounds: {', '.join(f'{ratio:.2f}' for ratio in ratios)}; target <= 1.2)")
    alone_p99 = statistics.median(percentile(alone["latencies"], 99) for alone, _ in rounds)
    describe(f"beside {WAITING_RUNS:,} waiting runs", [with_waiting])
    print(f"  p99 beside the waiting runs / p99 without them: {percentile(with_waiting['latencies'], 99) / alone_p99:.2f}   "
          f"(target: does not grow, <= 1.2)")
    print(f"Flint RSS: {idle:.1f} MB idle; {loaded:.1f} MB with {WAITING_RUNS:,} waiting runs; "
          f"{after_timers:.1f} MB after {DUE_SOON:,} timers fired (target <= 300 MB)")
    if lateness:
        print(f"timer lateness over {len(lateness):,} of {DUE_SOON:,} due timers: p50 {percentile(lateness, 50)} ms   "
              f"p99 {percentile(lateness, 99)} ms   max {max(lateness)} ms   (target p99 < 1000 ms)")
    else:
        print("timer lateness: no timer fired")
    receiver.send("stop")
    receiver_process.join(timeout=5)


if __name__ == "__main__":
    main()
