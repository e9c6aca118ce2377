"""Journey throughput (bench/journey-throughput): runs completed per second for a journey with one
webhook step, under sustained ingestion, beside the webhook receiver's own ceiling in the same run.

The receiver (bench/webhook_receiver.py) is measured alone first with wrk at Flint's 16 connections
per destination. Then Flint (release, SQLite) takes events from wrk, each from a new customer, so each
starts a run; the receiver counts deliveries and Idempotency-Keys. Two phases:
- single events at 16 connections for SECONDS_OF_LOAD (10): runs keep up with ingestion, or not;
- batches of 100 at 2 connections for BATCH_SECONDS_OF_LOAD (3), which outrun the engine: runs per
  second over the load and the drain are the engine's ceiling.
Target: the engine's runs per second at least 0.5 x the receiver's ceiling; no repeated deliveries.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

from common import free_port, wait_ready

BINARY = sys.argv[1]
SECONDS = int(os.environ.get("SECONDS_OF_LOAD", "10"))
# Batches outrun the engine: a short burst, then the drain, measures how fast runs complete.
BATCH_SECONDS = int(os.environ.get("BATCH_SECONDS_OF_LOAD", "3"))
ADMIN = "bench-admin-token"



def http(port, method, path, body=None, token=ADMIN):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
        return json.loads(text) if text else None


def wrk(url, script, connections, seconds, env=None):
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", f"bench/lua/{script}", url],
                         capture_output=True, text=True, env=dict(os.environ, **(env or {})), check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))



def hook_stats(hook_port):
    return json.loads(urllib.request.urlopen(f"http://127.0.0.1:{hook_port}/stats").read())


def phase(flint_port, hook_port, key, script, connections, seconds):
    """Ingests for `seconds` with wrk, then waits until every accepted event's run delivered its webhook."""
    before = hook_stats(hook_port)
    counted_before = http(flint_port, "GET", "/api/v1/triggers/bench_signup")["eventCount"]
    started = time.monotonic()
    ingest_rps = wrk(f"http://127.0.0.1:{flint_port}/v1/events", script, connections, seconds,
                     env={"FLINT_KEY": key, "BENCH_CUSTOMERS": "1000000000"})
    loaded = time.monotonic() - started
    during = hook_stats(hook_port)
    accepted = http(flint_port, "GET", "/api/v1/triggers/bench_signup")["eventCount"] - counted_before
    deadline = time.monotonic() + 600
    while True:
        stats = hook_stats(hook_port)
        if stats["requests"] - before["requests"] >= accepted or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    total = time.monotonic() - started
    delivered = stats["requests"] - before["requests"]
    if script == "batch.lua":
        ingest_rps *= 100
    return {"ingest_rps": ingest_rps, "accepted": accepted, "delivered": delivered, "loaded": loaded, "total": total,
            "during_load": (during["requests"] - before["requests"]) / loaded, "end_to_end": delivered / total,
            "repeated_total": stats["repeated"]}


def main():
    hook_port, flint_port = free_port(), free_port()
    receiver = subprocess.Popen([sys.executable, "bench/webhook_receiver.py", str(hook_port)])
    time.sleep(0.5)
    ceiling = wrk(f"http://127.0.0.1:{hook_port}/hook", "webhook.lua", 16, 5)
    ceiling_stats = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{hook_port}/stats").read())

    data = tempfile.mkdtemp(prefix="flint-journey-bench-")
    env = dict(os.environ, FLINT_ADMIN_TOKEN=ADMIN, FLINT_LOG_LEVEL="warning", FLINT_WEBHOOK_SECRET="bench-secret",
               FLINT_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
    flint = subprocess.Popen([BINARY, "serve", "--port", str(flint_port), "--data", data], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(flint_port)
        http(flint_port, "POST", "/api/v1/triggers", {
            "name": "bench_signup", "title": "Benchmark sign-up", "customerType": "contact",
            "attributes": [{"name": "location", "type": "text", "required": True}, {"name": "amount", "type": "number"},
                           {"name": "firstVisit", "type": "boolean"}, {"name": "signedUpAt", "type": "datetime"},
                           {"name": "order", "type": "entityReference", "entity": "order"}]})
        key = http(flint_port, "POST", "/api/v1/ingestion-keys", {"name": "bench", "kind": "secret"})["key"]
        http(flint_port, "POST", "/v1/events", {"trigger": "bench_signup", "authId": "check", "attributes": {"location": "x"}}, token=key)
        http(flint_port, "POST", "/api/v1/triggers/bench_signup/ready", {})
        journey = http(flint_port, "POST", "/api/v1/journeys", {
            "name": "Webhook per sign-up", "trigger": "bench_signup",
            "steps": [{"id": "notify", "type": "webhook", "url": f"http://127.0.0.1:{hook_port}/hook",
                       "body": '{"where": "{{trigger.location}}"}'}]})
        http(flint_port, "POST", f"/api/v1/journeys/{journey['id']}/publish", {})

        single = phase(flint_port, hook_port, key, "events.lua", 16, SECONDS)
        batches = phase(flint_port, hook_port, key, "batch.lua", 2, BATCH_SECONDS)
        repeated = batches["repeated_total"] - ceiling_stats["repeated"]
        result = {"receiver_ceiling": ceiling, "single": single, "batches": batches, "repeated": repeated,
                  "runs_per_second_during_load": single["during_load"], "runs_per_second_end_to_end": single["end_to_end"],
                  "engine_runs_per_second": batches["end_to_end"], "seconds_of_load": SECONDS}
        print(f"webhook receiver alone (wrk, 16 connections):  {ceiling:>9,.0f} requests/s")
        for label, figures in (("single events, 16 connections", single), ("batches of 100, 2 connections", batches)):
            print(f"{label}:")
            print(f"  ingestion while the journey runs:            {figures['ingest_rps']:>9,.0f} events/s  "
                  f"({figures['accepted']:,} accepted in {figures['loaded']:.1f} s)")
            print(f"  runs completed during the load:              {figures['during_load']:>9,.0f} runs/s   "
                  f"({figures['during_load'] / ceiling:.3f} x the receiver)")
            print(f"  runs completed, load and drain:              {figures['end_to_end']:>9,.0f} runs/s   "
                  f"({figures['end_to_end'] / ceiling:.3f} x the receiver; {figures['delivered']:,} in {figures['total']:.1f} s, "
                  f"drain {figures['total'] - figures['loaded']:.1f} s)")
        print(f"engine ceiling (batches, load and drain):      {batches['end_to_end'] / ceiling:>9.3f} x the receiver (target >= 0.5)")
        print(f"repeated deliveries:                           {repeated:>9}")
        if os.environ.get("BENCH_RESULTS"):
            with open(os.path.join(os.environ["BENCH_RESULTS"], "journey-throughput.json"), "w") as file:
                json.dump(result, file, indent=2)
    finally:
        flint.terminate()
        flint.wait()
        receiver.terminate()
        receiver.wait()


main()
