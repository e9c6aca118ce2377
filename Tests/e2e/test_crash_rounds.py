"""Crash safety under load: several rounds of concurrent ingestion with a live journey, each ended by
SIGKILL at a random moment. Afterwards every acknowledged event is stored, every run that started has
its webhook delivered, no step went out under two idempotency keys, and repeats are limited to what
was in flight when each kill came.

FLINT_CRASH_ROUNDS (5) and FLINT_CRASH_EVENTS_PER_ROUND (1500) size it; `scripts/test --long` runs
more and bigger rounds.
"""
import os
import random
import signal
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from conftest import Flint, flint_binary
from journey_setup import create_trigger, log_tail, make_ready, publish_journey, secret_key
from sinks import HTTPReceiver, wait_until

ROUNDS = int(os.environ.get("FLINT_CRASH_ROUNDS", "5"))
EVENTS_PER_ROUND = int(os.environ.get("FLINT_CRASH_EVENTS_PER_ROUND", "1500"))
# Steps in flight at a kill are performed again after it, at most FLINT_STEP_CONCURRENCY_PER_DESTINATION (16) each time.
IN_FLIGHT_PER_KILL = 16


def load(flint, key, acknowledged, stop, lock):
    """Sends new customers' events until `stop` or the process dies; records the acknowledged ones."""
    def one(_):
        if stop.is_set():
            return
        customer = f"c-{uuid.uuid4().hex[:12]}"
        message_id = str(uuid.uuid4())
        event = {"trigger": "signed_up", "authId": customer, "messageId": message_id, "attributes": {"who": customer}}
        try:
            status, _ = flint.request("POST", "/v1/events", event, token=key, timeout=5)
        except OSError:
            stop.set()  # the process is gone: nothing more is acknowledged this round
            return
        if status == 202:
            with lock:
                acknowledged.append((message_id, customer))

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(one, range(EVENTS_PER_ROUND)))


def test_five_sigkills_under_load_lose_nothing_and_send_each_step_under_one_key(tmp_path):
    hooks = HTTPReceiver().start()
    flint = Flint(flint_binary(), tmp_path / "data")
    flint.start()
    try:
        key = secret_key(flint)
        create_trigger(flint, "signed_up", [{"name": "who", "type": "text"}])
        make_ready(flint, key, "signed_up", {"who": "integration-check"})
        journey = publish_journey(flint, {
            "name": "Crash rounds", "trigger": "signed_up",
            "steps": [{"id": "notify", "type": "webhook", "url": f"{hooks.url}/notify", "body": '{"who": "{{trigger.who}}"}'}],
        })
        acknowledged, lock = [], threading.Lock()
        rng = random.Random(os.environ.get("FLINT_CRASH_SEED"))
        for _ in range(ROUNDS):
            stop = threading.Event()
            sender = threading.Thread(target=load, args=(flint, key, acknowledged, stop, lock))
            sender.start()
            time.sleep(rng.uniform(0.2, 1.2))
            flint.process.send_signal(signal.SIGKILL)
            flint.process.wait()
            stop.set()
            sender.join()
            flint.start()
        started = time.monotonic()
        # (The integration check came before the journey, so it started no run.)
        customers = {customer for _, customer in acknowledged}

        def delivered():
            return {request.json()["who"] for request in hooks.received("/notify")} >= customers

        try:
            wait_until(delivered, seconds=120, interval=0.2, message="a webhook for every acknowledged event")
        except AssertionError as error:
            missing = customers - {request.json()["who"] for request in hooks.received("/notify")}
            raise AssertionError(f"{error}: {len(missing)} of {len(customers)} missing\n{log_tail(flint)}") from None
        drained = time.monotonic() - started

        # Every acknowledged event is stored: sent again, it is a duplicate.
        for message_id, customer in acknowledged:
            event = {"trigger": "signed_up", "authId": customer, "messageId": message_id, "attributes": {"who": customer}}
            status, body = flint.request("POST", "/v1/events", event, token=key)
            assert (status, body["status"]) == (200, "duplicate"), f"acknowledged event {message_id} was lost"

        keys_by_customer = defaultdict(set)
        deliveries_by_key = defaultdict(int)
        for request in hooks.received("/notify"):
            keys_by_customer[request.json()["who"]].add(request.header("Idempotency-Key"))
            deliveries_by_key[request.header("Idempotency-Key")] += 1
        assert all(len(keys) == 1 for keys in keys_by_customer.values()), \
            {who: keys for who, keys in keys_by_customer.items() if len(keys) > 1}
        repeated = sum(count - 1 for count in deliveries_by_key.values())
        print(f"\n{ROUNDS} rounds: {len(acknowledged)} events acknowledged, drained in {drained:.1f} s, {repeated} repeated deliveries")
        assert repeated <= ROUNDS * IN_FLIGHT_PER_KILL, f"{repeated} repeated deliveries"
        status, stats = flint.request("GET", f"/api/v1/journeys/{journey}")
        # Events stored but not acknowledged (the kill came between the commit and the answer) start runs too.
        assert stats["stats"]["entered"] >= len(customers), stats["stats"]
    finally:
        if flint.process.poll() is None:
            flint.process.send_signal(signal.SIGKILL)
            flint.process.wait()
        hooks.stop()
