"""A full disk: ingestion answers 503 (never a 2xx for an event that is not stored, never a 500), and
recovers by itself when space returns, with every acknowledged event kept. The data folder is a small
tmpfs, grown again with a remount; the test is skipped where mounting is not allowed (not root)."""
import signal
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import Flint, flint_binary
from test_durability import assert_all_stored, event

NOTE = "x" * 6000
TRIGGER = {
    "name": "wifi_signup", "title": "Wi-Fi sign-up", "customerType": "contact",
    "attributes": [{"name": "location", "type": "text", "required": True}, {"name": "amount", "type": "number"},
                   {"name": "note", "type": "text"}],
}


@pytest.fixture
def small_disk(tmp_path):
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount_point)], capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def big_event(message_id):
    body = event(message_id)
    body["attributes"]["note"] = NOTE
    return body


def test_a_full_disk_answers_503_and_recovers_when_space_returns(small_disk):
    flint = Flint(flint_binary(), small_disk / "data")
    flint.log = small_disk.parent / "flint.log"
    flint.start()
    try:
        assert flint.request("POST", "/api/v1/triggers", TRIGGER)[0] == 201
        status, key = flint.request("POST", "/api/v1/ingestion-keys", {"name": "e2e", "kind": "secret"})
        key = key["key"]
        acknowledged, statuses, bodies = [], [], []

        def send(_):
            message_id = str(uuid.uuid4())
            status, body = flint.request("POST", "/v1/events", big_event(message_id), token=key, timeout=10)
            statuses.append(status)
            if status == 202:
                acknowledged.append(message_id)
            else:
                bodies.append(body)
            return status

        # Fill the disk: keep sending until a run of refusals.
        deadline = time.monotonic() + 60
        refused_in_a_row = 0
        with ThreadPoolExecutor(4) as pool:
            while refused_in_a_row < 20 and time.monotonic() < deadline:
                results = list(pool.map(send, range(8)))
                refused_in_a_row = refused_in_a_row + len(results) if all(s != 202 for s in results) else 0
        assert refused_in_a_row >= 20, "the disk never filled"
        refusals = {s for s in statuses if s != 202}
        assert refusals == {503}, f"refusals other than 503: {refusals} {bodies[:3]}"
        assert bodies[-1]["error"]["code"] == "unavailable" and "disk is full" in bodies[-1]["error"]["message"], bodies[-1]
        status, _ = flint.request("GET", "/health/live")
        assert status == 200, "the process survived the full disk"

        # Space returns: ingestion recovers without a restart.
        subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
        deadline = time.monotonic() + 30
        while send(0) != 202:
            assert time.monotonic() < deadline, "ingestion did not recover once space returned"
            time.sleep(0.2)
        for index in range(20):
            assert send(index) == 202

        assert_all_stored(flint, key, acknowledged)
        # And after a restart, too.
        assert flint.signal(signal.SIGTERM) == 0
        flint.start()
        assert_all_stored(flint, key, acknowledged)
    finally:
        if flint.process.poll() is None:
            flint.process.send_signal(signal.SIGKILL)
            flint.process.wait()
