"""Fixtures for end-to-end tests: a real `flint serve` process on a temporary SQLite folder."""
import http.client
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ADMIN_TOKEN = "e2e-admin-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Flint:
    """One Flint process; `start`, `kill` and `start` again keep the same data folder."""

    def __init__(self, binary: str, data: Path, admin_token: str | None = ADMIN_TOKEN, env: dict | None = None):
        self.binary = binary
        self.data = data
        self.port = free_port()
        self.process = None
        self.log = data.parent / "flint.log"
        self.admin_token = admin_token
        # Extra environment for the process (FLINT_SMTP_URL, FLINT_WEBHOOK_SECRET, ...), kept across restarts.
        self.env = dict(env or {})

    def start(self):
        # Webhook sinks in these tests listen on loopback, which Flint refuses unless allowed.
        env = dict(os.environ, FLINT_LOG_LEVEL="info", FLINT_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
        env.pop("FLINT_ADMIN_TOKEN", None)
        if self.admin_token:
            env["FLINT_ADMIN_TOKEN"] = self.admin_token
        env.update(self.env)
        log = open(self.log, "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--port", str(self.port), "--data", str(self.data)],
            stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/health/ready")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"flint exited with {self.process.returncode}: {self.log.read_text()[-2000:]}")
            time.sleep(0.05)
        raise RuntimeError("flint did not become ready in 30 s")

    def signal(self, sig) -> int | None:
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise

    def request(self, method, path, body=None, token=ADMIN_TOKEN, timeout=10):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = {"Content-Type": "application/json"}
            if token:
                headers["Authorization"] = f"Bearer {token}"
            payload = json.dumps(body) if body is not None else None
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            text = response.read()
            return response.status, (json.loads(text) if text else None)
        finally:
            connection.close()


def flint_binary() -> str:
    binary = os.environ.get("FLINT_BIN")
    if not binary:
        pytest.fail("FLINT_BIN must point at a built flint binary (scripts/test sets it)")
    return binary


@pytest.fixture
def flint(tmp_path):
    server = Flint(flint_binary(), tmp_path / "data")
    server.start()
    yield server
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
