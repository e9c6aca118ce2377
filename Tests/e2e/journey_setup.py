"""Shared setup for the journey end-to-end tests: sink fixtures, a Flint wired to them, and helpers for
management calls, events, triggers, runs and traces. Test modules import the fixtures they use:

    from journey_setup import hooks, journey_flint, sms_provider, smtp_sink  # noqa: F401 (fixtures)
"""
import hashlib
import hmac
import re
import signal
import time
import uuid
from datetime import datetime

import pytest

from conftest import Flint, flint_binary
from sinks import HTTPReceiver, SMTPSink, TwilioLikeSMSProvider, wait_until

WEBHOOK_SECRET = "whsec_e2e_" + "s3cr3t" * 4
EMAIL_FROM = "journeys@flint.test"
SMS_ACCOUNT = "AC0123456789abcdef0123456789abcdef"
SMS_TOKEN = "sms-token-e2e"
SMS_FROM = "+15559990000"

# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture
def smtp_sink():
    sink = SMTPSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def hooks():
    receiver = HTTPReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def sms_provider():
    provider = TwilioLikeSMSProvider().start()
    yield provider
    provider.stop()


def journey_env(smtp_sink, sms_provider, **extra) -> dict:
    """The environment that points Flint's email, SMS and webhook signing at the local sinks, plus `extra`."""
    env = {
        "FLINT_SMTP_URL": smtp_sink.url,
        "FLINT_EMAIL_FROM": EMAIL_FROM,
        "FLINT_SMS_URL": sms_provider.url,
        "FLINT_SMS_ACCOUNT": SMS_ACCOUNT,
        "FLINT_SMS_TOKEN": SMS_TOKEN,
        "FLINT_SMS_FROM": SMS_FROM,
        "FLINT_WEBHOOK_SECRET": WEBHOOK_SECRET,
    }
    env.update(extra)
    return env


def running_flint(tmp_path, env):
    """A generator for fixtures: a started Flint with `env`, killed afterwards if still running."""
    server = Flint(flint_binary(), tmp_path / "data", env=env)
    server.start()
    yield server
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()


@pytest.fixture
def journey_flint(tmp_path, smtp_sink, sms_provider):
    """Flint with email, SMS and webhook signing configured to reach the local sinks."""
    yield from running_flint(tmp_path, journey_env(smtp_sink, sms_provider))

# ---------------------------------------------------------------------------------------------- requests


def call(flint, method, path, body=None, expect=None, token=None):
    """A management/ingestion request; with `expect`, asserts the status and shows the answer otherwise."""
    kwargs = {} if token is None else {"token": token}
    status, answer = flint.request(method, path, body, **kwargs)
    if expect is not None:
        assert status == expect, f"{method} {path} answered {status}, expected {expect}: {answer}\n{log_tail(flint)}"
    return status, answer


def log_tail(flint, characters=3000):
    try:
        return "--- flint.log (tail) ---\n" + flint.log.read_text(errors="replace")[-characters:]
    except OSError:
        return ""


def send_event(flint, key, trigger, auth_id, attributes, message_id=None, expect=202, extra=None):
    """Sends one event; `extra` adds top-level fields (`bindingId`, `contactpoint_email`, ...)."""
    message_id = message_id or str(uuid.uuid4())
    event = {"trigger": trigger, "authId": auth_id, "messageId": message_id, "attributes": attributes}
    event.update(extra or {})
    status, body = call(flint, "POST", "/v1/events", event, token=key)
    assert status == expect, f"event {trigger} for {auth_id} answered {status}, expected {expect}: {body}"
    return message_id


def unique_id(prefix: str) -> str:
    """A customer id no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"

# ---------------------------------------------------------------------------------------------- triggers and journeys


def secret_key(flint, name="e2e journeys"):
    _, key = call(flint, "POST", "/api/v1/ingestion-keys", {"name": name, "kind": "secret"}, expect=201)
    return key["key"]


def create_trigger(flint, name, attributes, customer_type="contact"):
    _, trigger = call(flint, "POST", "/api/v1/triggers", {
        "name": name, "title": name.replace("_", " "), "customerType": customer_type, "attributes": attributes,
    }, expect=201)
    return trigger


def make_ready(flint, key, name, sample_attributes, extra=None):
    """Sends one valid event (verifying the integration) and marks the trigger ready."""
    send_event(flint, key, name, "integration-check", sample_attributes, extra=extra)
    _, trigger = call(flint, "GET", f"/api/v1/triggers/{name}", expect=200)
    assert trigger["status"] == "integrationVerified", trigger
    _, trigger = call(flint, "POST", f"/api/v1/triggers/{name}/ready", expect=200)
    assert trigger["status"] == "ready", trigger


def ready_trigger(flint, key, name, attributes, sample_attributes, customer_type="contact", extra=None):
    """Creates a trigger, verifies it with one event and marks it ready."""
    create_trigger(flint, name, attributes, customer_type)
    make_ready(flint, key, name, sample_attributes, extra=extra)


def publish_journey(flint, definition):
    """Creates the journey (a draft at version 1) and publishes it; returns its id."""
    _, journey = call(flint, "POST", "/api/v1/journeys", definition, expect=201)
    assert journey["status"] == "draft" and journey["version"] == 1, journey
    _, published = call(flint, "POST", f"/api/v1/journeys/{journey['id']}/publish", expect=200)
    assert published["status"] == "live", published
    return journey["id"]


def webhook_step(step_id, url, body='{"run": "ok"}'):
    return {"id": step_id, "type": "webhook", "url": url, "body": body}

# ---------------------------------------------------------------------------------------------- runs and traces


def runs_of(flint, journey_id, auth_id):
    _, body = call(flint, "GET", f"/api/v1/journeys/{journey_id}/runs?authId={auth_id}", expect=200)
    return body["runs"]


def only_run(flint, journey_id, auth_id):
    """The customer's run while there is exactly one, else None (for polling)."""
    runs = runs_of(flint, journey_id, auth_id)
    return runs[0] if len(runs) == 1 else None


def single_run(flint, journey_id, auth_id):
    runs = runs_of(flint, journey_id, auth_id)
    assert len(runs) == 1, f"expected exactly one run for {auth_id}, got {runs}"
    return runs[0]


def wait_for_run(flint, journey_id, auth_id, statuses, seconds=15.0):
    """Polls until the customer has exactly one run and its status is one of `statuses`; returns it."""
    statuses = (statuses,) if isinstance(statuses, str) else tuple(statuses)
    last = {}

    def ready():
        runs = runs_of(flint, journey_id, auth_id)
        last["runs"] = runs
        return runs[0] if len(runs) == 1 and runs[0]["status"] in statuses else None

    try:
        return wait_until(ready, seconds=seconds, message=f"{auth_id}'s only run to be {'/'.join(statuses)}")
    except AssertionError as error:
        shown = [(r["status"], steps_and_outcomes(r)) for r in last.get("runs", [])]
        raise AssertionError(f"{error}; runs now: {shown}\n{log_tail(flint)}") from None


def wait_until_waiting_at(flint, journey_id, auth_id, step, seconds=15.0):
    return wait_until(lambda: (lambda run: run if run and is_waiting_at(run, step) else None)(
        only_run(flint, journey_id, auth_id)), seconds=seconds, message=f"{auth_id}'s run waiting at step {step}")


def steps_and_outcomes(run):
    return [(entry["step"], entry["outcome"]) for entry in run["trace"]]


def trace_entry(run, step, outcome):
    found = [entry for entry in run["trace"] if entry["step"] == step and entry["outcome"] == outcome]
    assert found, f"no ({step}, {outcome}) in the trace of {run['authId']}: {steps_and_outcomes(run)}"
    return found[-1]


def is_waiting_at(run, step):
    return run["status"] == "waiting" and run["trace"] and run["trace"][-1]["step"] == step \
        and run["trace"][-1]["outcome"] == "waiting"


def epoch(rfc3339: str) -> float:
    """Seconds since 1970 from an RFC 3339 time such as 2026-11-26T10:00:00.123Z."""
    return datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp()

# ---------------------------------------------------------------------------------------------- sinks


def verify_signature(request, secret=WEBHOOK_SECRET):
    header = request.header("Flint-Signature")
    assert header, f"no Flint-Signature header: {request.headers}"
    match = re.fullmatch(r"t=(\d+),v1=([0-9a-f]{64})", header)
    assert match, f"Flint-Signature is not t=<unix>,v1=<hex>: {header!r}"
    timestamp, given = match.group(1), match.group(2)
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(given, expected), f"Flint-Signature does not verify with FLINT_WEBHOOK_SECRET: {header}"
    assert abs(int(timestamp) - request.received_at) < 300, f"signature timestamp {timestamp} is far from now"


def assert_nothing_new(smtp_sink, hooks, sms_provider, counts, seconds=1.0):
    """Polls for `seconds` that no sink received anything beyond `counts`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        now = (len(smtp_sink.received()), len(hooks.received()), len(sms_provider.received()))
        assert now == counts, f"something arrived at the sinks (email, webhook, sms) {counts} -> {now}"
        time.sleep(0.05)
