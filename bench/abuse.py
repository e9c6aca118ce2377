"""Abusive clients beside normal ones (bench/abuse): normal browsers (a publishable key, a thousand
addresses behind a trusted proxy) alone, then beside a flood from one address (64 connections) and
300 slow connections that send their headers a byte at a time. Target: the normal clients keep at
least 80% of their throughput and their p99 stays under 20 ms."""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from common import free_port, wait_ready

BINARY = sys.argv[1]
SECONDS = int(os.environ.get("SECONDS_OF_LOAD", "10"))
SLOW = int(os.environ.get("SLOW_CONNECTIONS", "300"))
ADMIN = "bench-admin-token"



def call(port, method, path, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {ADMIN}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def wrk(port, connections, seconds, env):
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", "bench/lua/browser.lua",
                          f"http://127.0.0.1:{port}/v1/events"], capture_output=True, text=True, check=True,
                         env=dict(os.environ, **env)).stdout
    stats = dict(re.findall(r"(\w+)=(\d+)", out.split("BENCH", 1)[1]))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "requests": int(stats["requests"]),
            "non_2xx": int(stats["errors_status"]), "p99_ms": int(stats["p99_us"]) / 1000}


def slow_connections(port, count, stop):
    """Connections that send a request's headers a byte every second, reconnecting when Flint closes them."""
    def one():
        while not stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                    s.sendall(b"POST /v1/events HTTP/1.1\r\nHost: flint\r\n")
                    while not stop.is_set():
                        s.sendall(b"X")
                        time.sleep(1)
            except OSError:
                time.sleep(0.2)
    threads = [threading.Thread(target=one, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads


def main():
    port = free_port()
    env = dict(os.environ, FLINT_ADMIN_TOKEN=ADMIN, FLINT_LOG_LEVEL="warning", FLINT_TRUSTED_PROXIES="127.0.0.1, ::1")
    flint = subprocess.Popen([BINARY, "serve", "--port", str(port), "--data", tempfile.mkdtemp(prefix="flint-abuse-")], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port)
        call(port, "POST", "/api/v1/triggers", {"name": "bench_signup", "title": "Sign-up", "customerType": "contact",
                                                  "attributes": [{"name": "location", "type": "text"}, {"name": "amount", "type": "number"}]})
        key = call(port, "POST", "/api/v1/ingestion-keys", {"name": "web", "kind": "publishable",
                                                             "allowedOrigins": ["https://shop.example"]})["key"]
        normal = {"FLINT_KEY": key}
        wrk(port, 16, 3, normal)  # warm-up
        alone = wrk(port, 16, SECONDS, normal)

        stop = threading.Event()
        slow_connections(port, SLOW, stop)
        flood_result = {}
        flood = threading.Thread(target=lambda: flood_result.update(
            wrk(port, 64, SECONDS + 4, {"FLINT_KEY": key, "BENCH_CLIENT": "203.0.113.66"})))
        flood.start()
        time.sleep(2)
        beside = wrk(port, 16, SECONDS, normal)
        flood.join()
        stop.set()
        ratio = beside["rps"] / alone["rps"]
        print(f"normal browsers alone:            {alone['rps']:>9,.0f} requests/s   p99 {alone['p99_ms']:6.2f} ms   non-2xx {alone['non_2xx']}")
        print(f"beside a flood and {SLOW} slow connections: {beside['rps']:>9,.0f} requests/s   p99 {beside['p99_ms']:6.2f} ms   "
              f"non-2xx {beside['non_2xx']}")
        print(f"normal throughput kept:           {ratio:9.2f}   (target >= 0.80; p99 target < 20 ms)")
        print(f"the flood (one address, 64 connections): {flood_result['rps']:,.0f} requests/s answered, "
              f"{flood_result['non_2xx']:,} of {flood_result['requests']:,} refused")
        if os.environ.get("BENCH_RESULTS"):
            with open(os.path.join(os.environ["BENCH_RESULTS"], "abuse.json"), "w") as file:
                json.dump({"alone": alone, "beside": beside, "flood": flood_result, "ratio": ratio, "slow": SLOW}, file, indent=2)
    finally:
        flint.terminate()
        flint.wait()


main()
