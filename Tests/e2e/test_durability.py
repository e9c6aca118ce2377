"""A 2xx from ingestion means the event is on disk: SIGKILL must not lose any acknowledged event."""
import signal
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

TRIGGER = {
    "name": "wifi_signup", "title": "Wi-Fi sign-up", "customerType": "contact",
    "attributes": [{"name": "location", "type": "text", "required": True}, {"name": "amount", "type": "number"}],
}


def set_up(flint):
    assert flint.request("POST", "/api/v1/triggers", TRIGGER)[0] == 201
    status, key = flint.request("POST", "/api/v1/ingestion-keys", {"name": "e2e", "kind": "secret"})
    assert status == 201
    return key["key"]


def event(message_id):
    return {"trigger": "wifi_signup", "authId": "contact-1", "messageId": message_id,
            "attributes": {"location": "lobby", "amount": 1.5}}


def send_burst(flint, key, count, acknowledged, stop=None, threads=16):
    """Sends `count` single events from `threads` connections; records every messageId answered 202."""
    lock = threading.Lock()

    def send(index):
        if stop is not None and stop.is_set():
            return
        message_id = str(uuid.uuid4())
        try:
            status, body = flint.request("POST", "/v1/events", event(message_id), token=key, timeout=5)
        except OSError:
            return  # the server died mid-request: not acknowledged, so nothing is owed
        if status == 202:
            assert body == {"status": "accepted", "messageId": message_id}
            with lock:
                acknowledged.append(message_id)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(send, range(count)))


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def assert_all_stored(flint, key, acknowledged):
    for message_id in acknowledged:
        status, body = flint.request("POST", "/v1/events", event(message_id), token=key)
        assert (status, body["status"]) == (200, "duplicate"), f"acknowledged event {message_id} was lost"
    status, trigger = flint.request("GET", "/api/v1/triggers/wifi_signup")
    assert trigger["eventCount"] >= len(acknowledged)


def test_sigkill_right_after_a_burst_loses_no_acknowledged_event(flint):
    key = set_up(flint)
    acknowledged = []
    send_burst(flint, key, 800, acknowledged)
    assert len(acknowledged) == 800
    flint.signal(signal.SIGKILL)
    flint.start()
    assert_all_stored(flint, key, acknowledged)


def test_sigkill_during_a_burst_loses_no_acknowledged_event(flint):
    key = set_up(flint)
    acknowledged = []
    stop = threading.Event()
    sender = threading.Thread(target=send_burst, args=(flint, key, 5000, acknowledged, stop))
    sender.start()
    wait_for(lambda: len(acknowledged) >= 300)
    flint.signal(signal.SIGKILL)
    stop.set()
    sender.join()
    flint.start()
    assert len(acknowledged) >= 300
    assert_all_stored(flint, key, acknowledged)


def test_sigterm_finishes_in_flight_work_and_exits_cleanly(flint):
    key = set_up(flint)
    acknowledged = []
    stop = threading.Event()
    sender = threading.Thread(target=send_burst, args=(flint, key, 5000, acknowledged, stop))
    sender.start()
    wait_for(lambda: len(acknowledged) >= 200)
    assert flint.signal(signal.SIGTERM) == 0
    stop.set()
    sender.join()
    flint.start()
    assert_all_stored(flint, key, acknowledged)
