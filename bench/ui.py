"""Loads Flint with many triggers, journeys and customers, signs in through the form, and times each
page of the web UI (time to the last byte of the response, over loopback)."""
import concurrent.futures
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

BINARY = sys.argv[1]
TRIGGERS = int(os.environ.get("TRIGGERS", "10000"))
JOURNEYS = int(os.environ.get("JOURNEYS", "1000"))
CUSTOMERS = int(os.environ.get("CUSTOMERS", "100000"))
REPEATS = int(os.environ.get("REPEATS", "20"))
ADMIN = "bench-admin-token"
EMAIL, PASSWORD = "bench@example.com", "bench password 1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, port):
        self.port = port
        self.local = None

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.msg, response.read()
        finally:
            connection.close()

    def api(self, method, path, body):
        status, _, text = self.request(method, path, json.dumps(body), {"Authorization": f"Bearer {ADMIN}", "Content-Type": "application/json"})
        if status >= 300:
            raise RuntimeError(f"{method} {path} -> {status}: {text[:300]!r}")
        return json.loads(text) if text else None


def load(client):
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda i: client.api("POST", "/api/v1/triggers", {
            "name": f"trigger_{i:05d}", "title": f"Trigger {i:05d} <b>bold</b>", "customerType": "contact",
            "attributes": [{"name": "plan", "type": "text"}, {"name": "amount", "type": "number"}]}), range(TRIGGERS)))
        journeys = list(pool.map(lambda i: client.api("POST", "/api/v1/journeys", {
            "name": f"Journey {i:04d}", "trigger": f"trigger_{i % TRIGGERS:05d}",
            "steps": [{"id": "where", "type": "branch",
                       "branches": [{"label": "pro", "when": {"attribute": "trigger.plan", "op": "equals", "value": "pro"},
                                     "steps": [{"id": "pause", "type": "wait", "duration": "P1D"}]}],
                       "otherwise": [{"id": "later", "type": "wait", "duration": "P2D"}]}]})["id"], range(JOURNEYS)))
        list(pool.map(lambda i: client.api("PUT", f"/api/v1/contacts/customer-{i}", {
            "email": f"customer-{i}@example.com", "firstName": f"Customer {i}",
            "consent": {"email": {"commercial": True, "transactional": True}}}), range(CUSTOMERS)))
    print(f"loaded {TRIGGERS:,} triggers, {JOURNEYS:,} journeys, {CUSTOMERS:,} customers in {time.monotonic() - started:.0f} s",
          file=sys.stderr)
    return journeys


def sign_in(client):
    status, headers, page = client.request("GET", "/sign-in")
    form_cookie = re.search(r"flint_form=([^;]+)", " ".join(headers.get_all("Set-Cookie") or [])).group(1)
    token = re.search(rb'name="_csrf" value="([^"]+)"', page).group(1).decode()
    body = urllib.parse.urlencode({"email": EMAIL, "password": PASSWORD, "_csrf": token})
    status, headers, _ = client.request("POST", "/sign-in", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"flint_form={form_cookie}"})
    assert status == 303, status
    return re.search(r"flint_session=([^;]+)", " ".join(headers.get_all("Set-Cookie") or [])).group(1)


def time_page(client, session, path):
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        status, _, body = client.request("GET", path, headers={"Cookie": f"flint_session={session}", "Accept": "text/html"})
        timings.append((time.perf_counter() - started) * 1000)
        assert status == 200, f"{path} -> {status}"
    return statistics.median(timings), sorted(timings)[int(len(timings) * 0.95) - 1], len(body)


def main():
    work = tempfile.mkdtemp(prefix="flint-bench-ui-")
    port = free_port()
    env = dict(os.environ, FLINT_ADMIN_TOKEN=ADMIN, FLINT_LOG_LEVEL="warning", FLINT_ADMIN_EMAIL=EMAIL, FLINT_ADMIN_PASSWORD=PASSWORD)
    process = subprocess.Popen([BINARY, "serve", "--port", str(port), "--data", os.path.join(work, "data")], env=env,
                               stdout=open(os.path.join(work, "flint.log"), "ab"), stderr=subprocess.STDOUT)
    client = Client(port)
    try:
        for _ in range(300):
            try:
                if client.request("GET", "/health/ready")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        journeys = load(client)
        session = sign_in(client)
        pages = ["/triggers", f"/triggers?page={max(1, TRIGGERS // 50)}", "/triggers?q=trigger_0999",
                 "/triggers/trigger_00042", "/triggers/new", "/journeys", f"/journeys?page={max(1, JOURNEYS // 50)}",
                 f"/journeys/{journeys[0]}", f"/journeys/{journeys[0]}/edit", "/journeys/new",
                 f"/customers?type=contact&id=customer-{CUSTOMERS // 2}", "/keys", "/users"]
        print(f"{TRIGGERS:,} triggers, {JOURNEYS:,} journeys, {CUSTOMERS:,} customers; {REPEATS} requests per page, one at a time")
        print(f"{'page':<48} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9}")
        worst = 0.0
        for path in pages:
            p50, p95, size = time_page(client, session, path)
            worst = max(worst, p95)
            print(f"{path:<48} {p50:8.1f} {p95:8.1f} {size:9,}")
        print(f"slowest p95: {worst:.1f} ms (target: every page under 100 ms)")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


if __name__ == "__main__":
    main()
