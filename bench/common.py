"""What the benchmark scripts share: a free port, and waiting for a Flint to be ready."""
import socket
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port, seconds=60):
    """Polls /health/ready until it answers 200."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"Flint on port {port} did not become ready in {seconds} s")
