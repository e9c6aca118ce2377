"""Several Flint nodes on one PostgreSQL database: nothing lost, nothing done twice.

Each test gets a fresh database on the server `scripts/test` starts (FLINT_TEST_POSTGRES_URL) and starts
two `flint serve` processes on it, as a load balancer would see them."""
import os
import signal
import subprocess
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import Flint, flint_binary
from journey_setup import call, create_trigger, log_tail, make_ready, publish_journey, secret_key, send_event
from sinks import HTTPReceiver, wait_until

LEASE_SECONDS = 5


def server_url():
    url = os.environ.get("FLINT_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("FLINT_REQUIRE_POSTGRES") == "1":
            pytest.fail("FLINT_TEST_POSTGRES_URL is not set: scripts/test starts PostgreSQL and sets it")
        pytest.skip("no PostgreSQL server (run scripts/test, or eval \"$(scripts/postgres-for-tests)\")")
    return url


def psql(url, sql):
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, capture_output=True)


@pytest.fixture
def database():
    url = server_url()
    name = "flint_e2e_" + uuid.uuid4().hex[:12]
    psql(url, f"CREATE DATABASE {name}")
    yield url.rsplit("/", 1)[0] + f"/{name}?sslmode=disable"
    psql(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class Cluster:
    """Two nodes on one database, started together (their migrations race for the advisory lock)."""

    def __init__(self, tmp_path, database, env=None):
        environment = {"FLINT_DATABASE_URL": database, "FLINT_CLAIM_LEASE_SECONDS": str(LEASE_SECONDS)}
        environment.update(env or {})
        self.nodes = [Flint(flint_binary(), tmp_path / f"node-{index}" / "data", env=environment) for index in range(2)]
        for node in self.nodes:
            node.data.parent.mkdir(parents=True)

    def start(self):
        with ThreadPoolExecutor(len(self.nodes)) as pool:
            list(pool.map(lambda node: node.start(), self.nodes))
        return self

    def stop(self):
        for node in self.nodes:
            if node.process and node.process.poll() is None:
                node.process.send_signal(signal.SIGKILL)
                node.process.wait()


@pytest.fixture
def cluster(tmp_path, database):
    nodes = Cluster(tmp_path, database).start()
    yield nodes
    nodes.stop()


def test_a_trigger_made_on_one_node_takes_events_on_the_other_at_once_and_duplicates_are_caught_anywhere(cluster):
    first, second = cluster.nodes
    create_trigger(first, "signed_up", [{"name": "plan", "type": "text"}])
    key = secret_key(first)
    # Straight to the other node, before any change notice could have arrived.
    message_id = send_event(second, key, "signed_up", "ann", {"plan": "pro"})
    status, body = call(first, "POST", "/v1/events", {"trigger": "signed_up", "authId": "ann", "messageId": message_id, "attributes": {}},
                        token=key)
    assert (status, body["status"]) == (200, "duplicate"), body

    # The same 60 messageIds sent to both nodes at once: each is accepted exactly once.
    ids = [str(uuid.uuid4()) for _ in range(60)]
    answers = defaultdict(list)
    lock = threading.Lock()

    def send(job):
        node, message_id = job
        status, body = call(node, "POST", "/v1/events", {"trigger": "signed_up", "authId": "bob", "messageId": message_id,
                                                         "attributes": {"plan": "basic"}}, token=key)
        with lock:
            answers[message_id].append(status)

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(send, [(node, message_id) for message_id in ids for node in cluster.nodes]))
    assert all(sorted(statuses) == [200, 202] for statuses in answers.values()), dict(answers)
    _, trigger = call(second, "GET", "/api/v1/triggers/signed_up", expect=200)
    assert trigger["status"] == "integrationVerified", trigger


def test_a_node_killed_mid_journey_has_its_runs_finished_by_the_survivor_under_the_same_keys(tmp_path, database):
    hooks = HTTPReceiver(respond=slow_notify).start()
    cluster = Cluster(tmp_path, database).start()
    try:
        first, second = cluster.nodes
        key = secret_key(first)
        create_trigger(first, "signed_up", [{"name": "who", "type": "text"}])
        make_ready(first, key, "signed_up", {"who": "integration-check"})
        journey = publish_journey(first, {
            "name": "Welcome on two nodes", "trigger": "signed_up",
            "steps": [
                {"id": "notify", "type": "webhook", "url": f"{hooks.url}/notify", "body": '{"who": "{{trigger.who}}"}'},
                {"id": "pause", "type": "wait", "duration": "PT2S"},
                {"id": "later", "type": "webhook", "url": f"{hooks.url}/later", "body": '{"who": "{{trigger.who}}"}'},
            ],
        })
        customers = [f"customer-{index}" for index in range(40)]
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda pair: send_event(cluster.nodes[pair[0] % 2], key, "signed_up", pair[1], {"who": pair[1]}),
                          enumerate(customers)))
        # Steps are in flight (the receiver answers /notify slowly) and runs wait: kill one node.
        wait_until(lambda: len(hooks.received("/notify")) >= 4, seconds=20, message="the first webhooks")
        first.signal(signal.SIGKILL)

        def finished():
            received = {request.json()["who"] for request in hooks.received("/later")}
            return received >= set(customers)

        try:
            wait_until(finished, seconds=60 + 2 * LEASE_SECONDS, interval=0.2, message="every run's last webhook")
        except AssertionError as error:
            raise AssertionError(f"{error}\n{log_tail(second)}") from None
        # A run's last webhook arrives just before the save that completes it commits.
        def completed():
            _, stats = call(second, "GET", f"/api/v1/journeys/{journey}", expect=200)
            return stats["stats"] if stats["stats"]["completed"] >= len(customers) else None
        stats = wait_until(completed, seconds=10, message="every run counted completed")
        assert stats["completed"] == stats["entered"] == len(customers), stats

        keys_by_step = defaultdict(set)
        deliveries_by_key = defaultdict(int)
        for request in hooks.received("/"):
            keys_by_step[(request.json()["who"], request.path)].add(request.header("Idempotency-Key"))
            deliveries_by_key[request.header("Idempotency-Key")] += 1
        assert all(len(keys) == 1 for keys in keys_by_step.values()), \
            {step: keys for step, keys in keys_by_step.items() if len(keys) > 1}
        assert len(keys_by_step) == 2 * len(customers)
        repeated = sum(count - 1 for count in deliveries_by_key.values())
        # Only the steps the killed node had in flight may be delivered again (at most its 16 per destination).
        assert repeated <= 16, f"{repeated} repeated deliveries"
    finally:
        cluster.stop()
        hooks.stop()


def slow_notify(request):
    if request.path.startswith("/notify"):
        time.sleep(0.3)
    return 200, {"Content-Type": "application/json"}, b"{}"


def test_a_postgres_outage_answers_503_and_a_restart_loses_nothing_acknowledged(cluster):
    folder = os.environ.get("FLINT_TEST_POSTGRES_FOLDER")
    if not folder:
        pytest.skip("needs FLINT_TEST_POSTGRES_FOLDER to restart the server (scripts/postgres-for-tests sets it)")
    first, second = cluster.nodes
    create_trigger(first, "signed_up", [{"name": "plan", "type": "text"}])
    key = secret_key(first)

    acknowledged, refused, lock, stop = [], defaultdict(int), threading.Lock(), threading.Event()

    def stream(node):
        while not stop.is_set():
            message_id = str(uuid.uuid4())
            try:
                status, _ = call(node, "POST", "/v1/events", {"trigger": "signed_up", "authId": "ann", "messageId": message_id,
                                                              "attributes": {"plan": "pro"}}, token=key)
            except Exception as error:  # a connection cut while the database restarts: the event was not acknowledged
                status = type(error).__name__
            with lock:
                if status == 202:
                    acknowledged.append((node, message_id))
                else:
                    refused[status] += 1
            if status != 202:
                time.sleep(0.05)

    senders = [threading.Thread(target=stream, args=(node,)) for node in cluster.nodes for _ in range(4)]
    for sender in senders:
        sender.start()
    try:
        wait_until(lambda: len(acknowledged) >= 200, seconds=30, message="events before the restart")
        pg_ctl(folder, "restart", "-m", "fast")
        wait_until(lambda: call(first, "GET", "/health/ready")[0] == 200 and call(second, "GET", "/health/ready")[0] == 200,
                   seconds=30, message="both nodes ready again")
        count = len(acknowledged)
        wait_until(lambda: len(acknowledged) >= count + 100, seconds=30, message="events after the restart")
    finally:
        stop.set()
        for sender in senders:
            sender.join()
    # Refusals while the database restarted are 503s, never another error.
    assert set(refused) <= {503}, dict(refused)

    # Every acknowledged event is in the log: sent again, anywhere, it is a duplicate.
    def stored(pair):
        _, message_id = pair
        status, body = call(second, "POST", "/v1/events", {"trigger": "signed_up", "authId": "ann", "messageId": message_id,
                                                           "attributes": {"plan": "pro"}}, token=key)
        return status, body

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(stored, acknowledged))
    assert all(status == 200 and body["status"] == "duplicate" for status, body in answers), \
        [answer for answer in answers if answer[0] != 200][:5]

    # While the database is down: 503 with Retry-After, and not ready; back by itself afterwards.
    pg_ctl(folder, "stop", "-m", "fast")
    try:
        status, body = call(first, "POST", "/v1/events", {"trigger": "signed_up", "authId": "ann", "attributes": {}}, token=key)
        assert status == 503 and body["error"]["code"] == "unavailable", (status, body)
        assert call(second, "GET", "/health/ready")[0] == 503
    finally:
        pg_ctl(folder, "start")
    wait_until(lambda: call(first, "POST", "/v1/events", {"trigger": "signed_up", "authId": "ann", "attributes": {}}, token=key)[0] == 202,
               seconds=30, message="ingestion back after the database")


def pg_ctl(folder, *arguments):
    binary = sorted(os.path.join("/usr/lib/postgresql", version, "bin", "pg_ctl") for version in os.listdir("/usr/lib/postgresql"))[-1]
    command = [binary, "-D", os.path.join(folder, "data"), "-w", "-t", "30", "-l", os.path.join(folder, "server.log"), *arguments]
    if arguments[0] == "start":
        with open(os.path.join(folder, "options")) as options:
            command += ["-o", options.read().strip()]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True)
