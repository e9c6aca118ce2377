"""Journey rules end to end, against a real `flint serve` and real sinks: delivery retries and idempotency,
failure rules, the commercial frequency cap, consent (own and fallback contact points), re-entry, exit
triggers and stopping, versioning of live journeys, activateTrigger, and wait-for-trigger bindings.

Where a test must show that an event started or resumed nothing, a "witness" journey (live on the same
trigger, `reentry: always`, one webhook) proves the event was dispatched before the test looks; a short
bounded poll then checks that nothing else happened."""
import threading
import time
from urllib.parse import parse_qs

import pytest

from journey_setup import (  # noqa: F401 (hooks, journey_flint, sms_provider, smtp_sink are fixtures)
    call, epoch, hooks, is_waiting_at, journey_env, journey_flint, publish_journey, ready_trigger, runs_of,
    running_flint, secret_key, send_event, single_run, sms_provider, smtp_sink, steps_and_outcomes, trace_entry,
    unique_id, verify_signature, wait_for_run, wait_until_waiting_at, webhook_step)
from sinks import wait_until

# ---------------------------------------------------------------------------------------------- helpers


def stays(condition, seconds, message):
    """Asserts that `condition` holds on every poll for `seconds` (a bounded negative check)."""
    deadline = time.monotonic() + seconds
    while True:
        assert condition(), f"no longer true: {message}"
        if time.monotonic() >= deadline:
            return
        time.sleep(0.05)


def publish_witness(flint, trigger, hooks_url):
    """A live journey on `trigger` that answers every event with one webhook to /witness."""
    return publish_journey(flint, {
        "name": f"witness of {trigger}", "trigger": trigger, "reentry": "always",
        "steps": [webhook_step("seen", f"{hooks_url}/witness")],
    })


def wait_for_witness(flint, witness_id, auth_id, count):
    """Waits until the witness journey has `count` completed runs for the customer: the dispatcher is past
    that many of the customer's events on its trigger."""
    return wait_until(lambda: (lambda runs: len(runs) == count and all(r["status"] == "completed" for r in runs))(
        runs_of(flint, witness_id, auth_id)), message=f"{count} completed witness run(s) for {auth_id}")


def runs_by_start(flint, journey_id, auth_id):
    return sorted(runs_of(flint, journey_id, auth_id), key=lambda run: epoch(run["startedAt"]))


def step_stats(flint, journey_id, step):
    _, journey = call(flint, "GET", f"/api/v1/journeys/{journey_id}", expect=200)
    entry = journey["stats"]["steps"].get(step, {})
    return {name: entry.get(name, 0) for name in ("reached", "sent", "skipped", "failed")}


class FlakyResponder:
    """Answers webhooks by path: `/flaky/...` 503 for the first `failures` requests to that path then 200,
    `/reject/...` always 400, anything else 200."""

    def __init__(self, failures=2):
        self.failures = failures
        self.counts = {}
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.counts[request.path] = self.counts.get(request.path, 0) + 1
            attempt = self.counts[request.path]
        headers = {"Content-Type": "application/json"}
        if request.path.startswith("/flaky/") and attempt <= self.failures:
            return 503, headers, b'{"error": "busy, try again"}'
        if request.path.startswith("/reject/"):
            return 400, headers, b'{"error": "this request will never be accepted"}'
        return 200, headers, b"{}"


ORDER_PLACED = [{"name": "order", "type": "text", "required": True}]

# ---------------------------------------------------------------------------------------------- 1. retries, idempotency, failure rules


def test_transient_webhook_failures_are_retried_with_one_idempotency_key(journey_flint, hooks):
    flint = journey_flint
    hooks.respond = FlakyResponder(failures=2)
    key = secret_key(flint)
    ready_trigger(flint, key, "order_placed", ORDER_PLACED, {"order": "check"})
    journey_id = publish_journey(flint, {
        "name": "Order webhook with retries", "trigger": "order_placed",
        "steps": [webhook_step("notify", f"{hooks.url}/flaky/notify", '{"order": "{{trigger.order}}"}')],
    })
    customer = unique_id("retry")
    send_event(flint, key, "order_placed", customer, {"order": "A-1"})

    # Backoff 0.5 s then 1 s: the third attempt arrives about 1.5 s in.
    run = wait_for_run(flint, journey_id, customer, ("completed", "failed"), seconds=10)
    # Each retry is a durable timer, and the trace shows it.
    assert steps_and_outcomes(run) == [
        (None, "entered"), ("notify", "retrying"), ("notify", "resumed"), ("notify", "retrying"), ("notify", "resumed"),
        ("notify", "sent"), (None, "completed"),
    ], run["trace"]
    attempts = hooks.received("/flaky/notify")
    assert len(attempts) == 3, f"expected 503, 503, 200: {len(attempts)} attempts {[(r.path, r.received_at) for r in attempts]}"
    keys = {attempt.header("Idempotency-Key") for attempt in attempts}
    assert keys == {f"{run['id']}:notify"}, f"Idempotency-Key differs between attempts or from <run id>:<step id>: {keys}"
    for attempt in attempts:
        assert attempt.method == "POST" and attempt.json() == {"order": "A-1"}, (attempt.method, attempt.body)
        verify_signature(attempt)
    gaps = [later.received_at - earlier.received_at for earlier, later in zip(attempts, attempts[1:])]
    assert gaps[0] >= 0.45 and gaps[1] >= 0.95, f"retry backoff should start at 500 ms and double; gaps were {gaps}"
    assert step_stats(flint, journey_id, "notify") == {"reached": 1, "sent": 1, "skipped": 0, "failed": 0}
    stays(lambda: len(hooks.received()) == 3, 0.5, "no attempt after the 200")


def test_permanent_webhook_failure_is_not_retried_and_the_run_goes_on(journey_flint, hooks):
    flint = journey_flint
    hooks.respond = FlakyResponder()
    key = secret_key(flint)
    ready_trigger(flint, key, "order_placed", ORDER_PLACED, {"order": "check"})
    journey_id = publish_journey(flint, {
        "name": "Order webhook, default failure rule", "trigger": "order_placed",
        "steps": [webhook_step("reject", f"{hooks.url}/reject/default"), webhook_step("after", f"{hooks.url}/after/default")],
    })
    customer = unique_id("permanent")
    send_event(flint, key, "order_placed", customer, {"order": "B-1"})

    run = wait_for_run(flint, journey_id, customer, ("completed", "failed", "exited"), seconds=10)
    assert run["status"] == "completed", f"the default failure rule goes on to the next step: {steps_and_outcomes(run)}"
    assert steps_and_outcomes(run) == [
        (None, "entered"), ("reject", "failed"), ("after", "sent"), (None, "completed")], run["trace"]
    assert "400" in trace_entry(run, "reject", "failed")["detail"], run["trace"]
    assert len(hooks.received("/reject/default")) == 1, f"a 400 is permanent: {len(hooks.received('/reject/default'))} attempts"
    assert len(hooks.received("/after/default")) == 1, [r.path for r in hooks.received()]
    assert step_stats(flint, journey_id, "reject") == {"reached": 1, "sent": 0, "skipped": 0, "failed": 1}


def test_permanent_webhook_failure_with_on_failure_exit_fails_the_run(journey_flint, hooks):
    flint = journey_flint
    hooks.respond = FlakyResponder()
    key = secret_key(flint)
    ready_trigger(flint, key, "order_placed", ORDER_PLACED, {"order": "check"})
    journey_id = publish_journey(flint, {
        "name": "Order webhook, exit on failure", "trigger": "order_placed", "onFailure": "exit",
        "steps": [webhook_step("reject", f"{hooks.url}/reject/exit"), webhook_step("after", f"{hooks.url}/after/exit")],
    })
    customer = unique_id("onfailure")
    send_event(flint, key, "order_placed", customer, {"order": "C-1"})

    run = wait_for_run(flint, journey_id, customer, ("completed", "failed", "exited"), seconds=10)
    assert run["status"] == "failed", f"onFailure exit ends the run failed: {run['status']} {steps_and_outcomes(run)}"
    trace = steps_and_outcomes(run)
    assert trace[:2] == [(None, "entered"), ("reject", "failed")], run["trace"]
    assert all(step != "after" for step, _ in trace), f"the run went on after the failure: {trace}"
    assert len(hooks.received("/reject/exit")) == 1, f"a 400 is permanent: {len(hooks.received('/reject/exit'))} attempts"
    stays(lambda: hooks.received("/after/exit") == [], 0.5, "nothing after the failed step is sent")

# ---------------------------------------------------------------------------------------------- 2. frequency cap


@pytest.fixture
def capped_flint(tmp_path, smtp_sink, sms_provider):
    """Flint allowing one commercial message per customer and channel in 24 hours."""
    yield from running_flint(tmp_path, journey_env(smtp_sink, sms_provider, FLINT_COMMERCIAL_CAP_PER_DAY="1"))


def test_commercial_frequency_cap_skips_the_second_commercial_email(capped_flint, smtp_sink):
    flint = capped_flint
    key = secret_key(flint)
    ready_trigger(flint, key, "newsletter_signup", [{"name": "topic", "type": "text"}], {"topic": "check"})
    customer = unique_id("capped")
    address = f"{customer}@example.com"
    call(flint, "PUT", f"/api/v1/contacts/{customer}", {
        "email": address, "firstName": "Cap",
        "consent": {"email": {"commercial": True, "transactional": True}},
    }, expect=201)
    journey_id = publish_journey(flint, {
        "name": "Newsletter welcome", "trigger": "newsletter_signup", "reentry": "always",
        "steps": [
            {"id": "promo", "type": "email", "purpose": "commercial",
             "subject": "Offer on {{trigger.topic}}", "html": "<p>20% off {{trigger.topic}}</p>"},
            {"id": "receipt", "type": "email", "purpose": "transactional",
             "subject": "Signed up for {{trigger.topic}}", "html": "<p>You are signed up.</p>"},
        ],
    })

    def subjects():
        return sorted(str(mail.message["Subject"]) for mail in smtp_sink.to(address))

    send_event(flint, key, "newsletter_signup", customer, {"topic": "shoes"})
    first = wait_for_run(flint, journey_id, customer, "completed")
    assert steps_and_outcomes(first) == [
        (None, "entered"), ("promo", "sent"), ("receipt", "sent"), (None, "completed")], first["trace"]

    send_event(flint, key, "newsletter_signup", customer, {"topic": "boots"})
    runs = wait_until(lambda: (lambda found: found if len(found) == 2 and all(r["status"] == "completed" for r in found) else None)(
        runs_by_start(flint, journey_id, customer)), message="two completed runs (reentry always)")
    second = runs[1]
    assert second["id"] != first["id"], runs
    assert steps_and_outcomes(second) == [
        (None, "entered"), ("promo", "skipped"), ("receipt", "sent"), (None, "completed")], second["trace"]
    reason = trace_entry(second, "promo", "skipped")["detail"]
    assert "frequency cap" in reason.lower(), f"the skip reason should name the frequency cap: {reason!r}"

    wait_until(lambda: len(subjects()) >= 3, message="three emails (one commercial, two transactional)")
    stays(lambda: len(smtp_sink.received()) == 3, 0.5, "no fourth email")
    assert subjects() == ["Offer on shoes", "Signed up for boots", "Signed up for shoes"], subjects()
    assert step_stats(flint, journey_id, "promo") == {"reached": 2, "sent": 1, "skipped": 1, "failed": 0}
    assert step_stats(flint, journey_id, "receipt") == {"reached": 2, "sent": 2, "skipped": 0, "failed": 0}

# ---------------------------------------------------------------------------------------------- 3. consent


def test_commercial_sms_without_commercial_consent_is_skipped(journey_flint, sms_provider):
    flint = journey_flint
    key = secret_key(flint)
    ready_trigger(flint, key, "appointment_booked", [{"name": "when", "type": "text"}], {"when": "check"})
    customer = unique_id("nosms")
    phone = "+15550123"
    call(flint, "PUT", f"/api/v1/contacts/{customer}", {
        "phone": phone, "consent": {"sms": {"commercial": False, "transactional": True}},
    }, expect=201)
    journey_id = publish_journey(flint, {
        "name": "Appointment texts", "trigger": "appointment_booked",
        "steps": [
            {"id": "promo", "type": "sms", "purpose": "commercial", "text": "Book again and save 10%"},
            {"id": "reminder", "type": "sms", "purpose": "transactional", "text": "Your appointment is {{trigger.when}}"},
        ],
    })
    send_event(flint, key, "appointment_booked", customer, {"when": "Tuesday 10:00"})

    run = wait_for_run(flint, journey_id, customer, "completed")
    assert steps_and_outcomes(run) == [
        (None, "entered"), ("promo", "skipped"), ("reminder", "sent"), (None, "completed")], run["trace"]
    reason = trace_entry(run, "promo", "skipped")["detail"]
    assert "consent" in reason.lower(), f"the skip reason should name the missing consent: {reason!r}"
    texts = sms_provider.received()
    bodies = [parse_qs(r.body.decode()).get("Body") for r in texts]
    assert bodies == [["Your appointment is Tuesday 10:00"]], f"only the transactional SMS may reach the provider: {bodies}"


def test_profile_fallback_email_carries_transactional_consent_only(journey_flint, smtp_sink):
    flint = journey_flint
    key = secret_key(flint)
    ready_trigger(flint, key, "guest_checkin", [{"name": "room", "type": "text"}], {"room": "check"}, customer_type="profile")
    profile = unique_id("guest")
    fallback = f"{profile}@guest.example"
    status, answer = call(flint, "GET", f"/api/v1/profiles/{profile}")
    assert status == 404, f"the profile must be unknown for the fallback to apply: {status} {answer}"
    journey_id = publish_journey(flint, {
        "name": "Guest check-in", "trigger": "guest_checkin",
        "steps": [
            {"id": "keys", "type": "email", "purpose": "transactional",
             "subject": "Your room {{trigger.room}}", "html": "<p>Room {{trigger.room}} is ready.</p>"},
            {"id": "spa", "type": "email", "purpose": "commercial", "subject": "Spa offer", "html": "<p>Relax</p>"},
        ],
    })
    send_event(flint, key, "guest_checkin", profile, {"room": "12"}, extra={"contactpoint_email": fallback})

    run = wait_for_run(flint, journey_id, profile, "completed")
    assert steps_and_outcomes(run) == [
        (None, "entered"), ("keys", "sent"), ("spa", "skipped"), (None, "completed")], run["trace"]
    reason = trace_entry(run, "spa", "skipped")["detail"]
    assert "consent" in reason.lower(), f"the commercial email should be skipped for consent: {reason!r}"
    mails = wait_until(lambda: smtp_sink.received(), message="the transactional email at the fallback address")
    stays(lambda: len(smtp_sink.received()) == 1, 0.5, "only one email")
    assert mails[0].rcpt_tos == [fallback], mails[0].rcpt_tos
    assert str(mails[0].message["Subject"]) == "Your room 12", mails[0].message["Subject"]

# ---------------------------------------------------------------------------------------------- 4. re-entry

APP_OPENED = [{"name": "screen", "type": "text"}]


def test_reentry_never_starts_no_second_run(journey_flint, hooks):
    flint = journey_flint
    key = secret_key(flint)
    ready_trigger(flint, key, "app_opened", APP_OPENED, {"screen": "check"})
    journey_id = publish_journey(flint, {
        "name": "First open only", "trigger": "app_opened", "reentry": "never",
        "steps": [webhook_step("once", f"{hooks.url}/once")],
    })
    witness_id = publish_witness(flint, "app_opened", hooks.url)
    customer = unique_id("never")

    send_event(flint, key, "app_opened", customer, {"screen": "home"})
    wait_for_run(flint, journey_id, customer, "completed")
    wait_for_witness(flint, witness_id, customer, 1)
    send_event(flint, key, "app_opened", customer, {"screen": "settings"})
    wait_for_witness(flint, witness_id, customer, 2)

    stays(lambda: len(runs_of(flint, journey_id, customer)) == 1, 1.0, f"{customer} has one run (reentry never)")
    assert len(hooks.received("/once")) == 1, [r.path for r in hooks.received()]


def test_reentry_after_a_duration(journey_flint, hooks):
    flint = journey_flint
    key = secret_key(flint)
    ready_trigger(flint, key, "app_opened", APP_OPENED, {"screen": "check"})
    journey_id = publish_journey(flint, {
        "name": "At most every 3 s", "trigger": "app_opened", "reentry": {"after": "PT3S"},
        "steps": [webhook_step("ping", f"{hooks.url}/cooldown")],
    })
    witness_id = publish_witness(flint, "app_opened", hooks.url)
    customer = unique_id("cooldown")

    send_event(flint, key, "app_opened", customer, {"screen": "home"})
    first = wait_for_run(flint, journey_id, customer, "completed")
    started = epoch(first["startedAt"])

    send_event(flint, key, "app_opened", customer, {"screen": "settings"})
    sent_within = time.time() - started
    wait_for_witness(flint, witness_id, customer, 2)
    stays(lambda: len(runs_of(flint, journey_id, customer)) == 1, 0.5, f"no second run for {customer} within PT3S")
    assert sent_within < 3.0, f"the second event should have come within 3 s, came after {sent_within:.2f} s"

    time.sleep(max(0.0, started + 3.3 - time.time()))  # the rule is about elapsed time
    send_event(flint, key, "app_opened", customer, {"screen": "profile"})
    runs = wait_until(lambda: (lambda found: found if len(found) == 2 and all(r["status"] == "completed" for r in found) else None)(
        runs_by_start(flint, journey_id, customer)), message=f"a second run for {customer} after PT3S")
    assert epoch(runs[1]["startedAt"]) - started >= 3.0, [r["startedAt"] for r in runs]
    assert len(hooks.received("/cooldown")) == 2, [r.path for r in hooks.received()]

# ---------------------------------------------------------------------------------------------- 5. exit trigger and stop

TRIAL_STARTED = [{"name": "plan", "type": "text"}]


def test_exit_trigger_ends_a_waiting_run(journey_flint, hooks):
    flint = journey_flint
    key = secret_key(flint)
    ready_trigger(flint, key, "trial_started", TRIAL_STARTED, {"plan": "check"})
    ready_trigger(flint, key, "subscribed", TRIAL_STARTED, {"plan": "check"})
    journey_id = publish_journey(flint, {
        "name": "Trial nurture", "trigger": "trial_started", "exitTrigger": "subscribed",
        "steps": [webhook_step("hello", f"{hooks.url}/hello"), {"id": "pause", "type": "wait", "duration": "PT30S"},
                  webhook_step("later", f"{hooks.url}/later")],
    })
    leaver, stayer = unique_id("leaver"), unique_id("stayer")
    for customer in (leaver, stayer):
        send_event(flint, key, "trial_started", customer, {"plan": "pro"})
    for customer in (leaver, stayer):
        wait_until_waiting_at(flint, journey_id, customer, "pause")

    send_event(flint, key, "subscribed", leaver, {"plan": "pro"})
    run = wait_for_run(flint, journey_id, leaver, ("exited", "completed", "failed"))
    assert run["status"] == "exited", steps_and_outcomes(run)
    assert steps_and_outcomes(run) == [
        (None, "entered"), ("hello", "sent"), ("pause", "waiting"), (None, "exited")], run["trace"]
    assert "subscribed" in run["trace"][-1]["detail"], run["trace"][-1]
    assert is_waiting_at(single_run(flint, journey_id, stayer), "pause"), "the exit event of one customer ended another's run"
    assert hooks.received("/later") == [] and len(hooks.received("/hello")) == 2, [r.path for r in hooks.received()]
    _, journey = call(flint, "GET", f"/api/v1/journeys/{journey_id}", expect=200)
    assert (journey["stats"]["entered"], journey["stats"]["exited"]) == (2, 1), journey["stats"]


def test_stopping_a_journey_exits_waiting_runs_and_starts_no_new_ones(journey_flint, hooks):
    flint = journey_flint
    key = secret_key(flint)
    ready_trigger(flint, key, "trial_started", TRIAL_STARTED, {"plan": "check"})
    journey_id = publish_journey(flint, {
        "name": "Trial follow-up", "trigger": "trial_started",
        "steps": [{"id": "pause", "type": "wait", "duration": "PT2S"}, webhook_step("later", f"{hooks.url}/later")],
    })
    witness_id = publish_witness(flint, "trial_started", hooks.url)
    early, late = unique_id("early"), unique_id("late")

    send_event(flint, key, "trial_started", early, {"plan": "pro"})
    waiting = wait_until_waiting_at(flint, journey_id, early, "pause")
    due = epoch(trace_entry(waiting, "pause", "waiting")["at"]) + 2.0
    _, stopped = call(flint, "POST", f"/api/v1/journeys/{journey_id}/stop", expect=200)
    assert stopped["status"] == "stopped", stopped
    assert time.time() < due, "the journey was stopped only after the wait had ended; the scenario did not happen"

    run = wait_for_run(flint, journey_id, early, ("exited", "completed", "failed"), seconds=10)
    assert run["status"] == "exited", f"a stopped journey's waiting run should end exited: {steps_and_outcomes(run)}"
    assert steps_and_outcomes(run) == [(None, "entered"), ("pause", "waiting"), (None, "exited")], run["trace"]
    exited_at = epoch(run["trace"][-1]["at"])
    assert exited_at >= due - 0.05, f"the run exited at {exited_at}, before its timer was due at {due}"
    assert hooks.received("/later") == [], [r.path for r in hooks.received()]

    send_event(flint, key, "trial_started", late, {"plan": "pro"})
    wait_for_witness(flint, witness_id, late, 1)
    stays(lambda: runs_of(flint, journey_id, late) == [], 1.0, f"a stopped journey starts no run for {late}")
    _, journey = call(flint, "GET", f"/api/v1/journeys/{journey_id}", expect=200)
    assert journey["status"] == "stopped" and journey["stats"]["entered"] == 1, journey

# ---------------------------------------------------------------------------------------------- 6. versioning


def plan_journey(hooks_url, version, wait):
    return {
        "name": f"Plan change (v{version})", "trigger": "plan_changed",
        "steps": [{"id": "pause", "type": "wait", "duration": wait},
                  webhook_step("notify", f"{hooks_url}/v{version}", '{"plan": "{{trigger.plan}}", "version": %d}' % version)],
    }


def test_editing_a_live_journey_creates_a_version_and_runs_finish_on_theirs(journey_flint, hooks):
    flint = journey_flint
    key = secret_key(flint)
    ready_trigger(flint, key, "plan_changed", [{"name": "plan", "type": "text"}], {"plan": "check"})
    journey_id = publish_journey(flint, plan_journey(hooks.url, 1, "PT2S"))
    old, new = unique_id("v1"), unique_id("v2")

    send_event(flint, key, "plan_changed", old, {"plan": "basic"})
    wait_until_waiting_at(flint, journey_id, old, "pause")
    _, edited = call(flint, "PUT", f"/api/v1/journeys/{journey_id}", plan_journey(hooks.url, 2, "PT1S"), expect=200)
    assert edited["version"] == 2 and edited["status"] == "live", {k: edited.get(k) for k in ("version", "status")}
    _, current = call(flint, "GET", f"/api/v1/journeys/{journey_id}", expect=200)
    assert current["version"] == 2 and current["steps"][1]["url"].endswith("/v2"), current
    assert is_waiting_at(single_run(flint, journey_id, old), "pause"), "the edit should happen while the v1 run waits"

    send_event(flint, key, "plan_changed", new, {"plan": "pro"})
    old_run = wait_for_run(flint, journey_id, old, ("completed", "failed", "exited"), seconds=10)
    new_run = wait_for_run(flint, journey_id, new, ("completed", "failed", "exited"), seconds=10)
    assert old_run["status"] == "completed" and new_run["status"] == "completed", (
        steps_and_outcomes(old_run), steps_and_outcomes(new_run))

    v1, v2 = hooks.received("/v1"), hooks.received("/v2")
    assert [(r.header("Idempotency-Key"), r.json()) for r in v1] == [(f"{old_run['id']}:notify", {"plan": "basic", "version": 1})], \
        f"/v1 got {[(r.header('Idempotency-Key'), r.body) for r in v1]}"
    assert [(r.header("Idempotency-Key"), r.json()) for r in v2] == [(f"{new_run['id']}:notify", {"plan": "pro", "version": 2})], \
        f"/v2 got {[(r.header('Idempotency-Key'), r.body) for r in v2]}"

    _, listed = call(flint, "GET", f"/api/v1/journeys/{journey_id}/runs", expect=200)
    versions = {run["authId"]: run.get("version") for run in listed["runs"]}
    assert versions == {old: 1, new: 2}, f"runs should show the version they ran on: {versions}"

# ---------------------------------------------------------------------------------------------- 7. activateTrigger


def test_activate_trigger_starts_another_journey_with_converted_values(journey_flint, hooks):
    flint = journey_flint
    key = secret_key(flint)
    ready_trigger(flint, key, "a_event", [{"name": "amount", "type": "number"}, {"name": "city", "type": "text"}],
                  {"amount": 1, "city": "check"})
    ready_trigger(flint, key, "b_event", [{"name": "total", "type": "number"}, {"name": "label", "type": "text"}],
                  {"total": 1, "label": "check"})
    journey_b = publish_journey(flint, {
        "name": "B", "trigger": "b_event",
        "steps": [webhook_step("got", f"{hooks.url}/b", '{"total": "{{trigger.total}}", "label": "{{trigger.label}}"}')],
    })
    journey_a = publish_journey(flint, {
        "name": "A", "trigger": "a_event",
        "steps": [{"id": "emit", "type": "activateTrigger", "trigger": "b_event",
                   "attributes": {"total": "{{trigger.amount}}", "label": "City {{trigger.city}}"}}],
    })
    customer = unique_id("chain")
    city = 'Oslo "Øst" <1>'
    send_event(flint, key, "a_event", customer, {"amount": 12.5, "city": city})

    run_a = wait_for_run(flint, journey_a, customer, ("completed", "failed"))
    assert steps_and_outcomes(run_a) == [(None, "entered"), ("emit", "sent"), (None, "completed")], run_a["trace"]
    run_b = wait_for_run(flint, journey_b, customer, ("completed", "failed"))
    assert steps_and_outcomes(run_b) == [(None, "entered"), ("got", "sent"), (None, "completed")], run_b["trace"]
    webhook = wait_until(lambda: hooks.received("/b"), message="journey B's webhook")
    assert len(webhook) == 1, [r.body for r in webhook]
    # Placeholders sit inside JSON strings (Flint requires it), so the number shows as its text here; the
    # inspector below shows that b_event carried it as a number.
    assert webhook[0].json() == {"total": "12.5", "label": f"City {city}"}, webhook[0].body
    assert webhook[0].header("Idempotency-Key") == f"{run_b['id']}:got", webhook[0].headers

    _, inspector = call(flint, "GET", "/api/v1/triggers/b_event/events?limit=50", expect=200)
    emitted = [e for e in inspector["events"] if e["messageId"] == f"{run_a['id']}:emit"]
    assert len(emitted) == 1, f"no b_event with messageId <run id>:<step id> = {run_a['id']}:emit in {inspector['events']}"
    assert emitted[0]["verdict"] == "accepted" and emitted[0]["authId"] == customer, emitted[0]
    assert emitted[0]["attributes"] == {"total": 12.5, "label": f"City {city}"}, emitted[0]["attributes"]

# ---------------------------------------------------------------------------------------------- 8. wait for trigger with bindings

ORDER_EVENT = [{"name": "total", "type": "number"}]


def set_up_binding_journey(flint, hooks_url):
    key = secret_key(flint)
    ready_trigger(flint, key, "order_created", ORDER_EVENT, {"total": 1})
    ready_trigger(flint, key, "order_paid", ORDER_EVENT, {"total": 1})
    journey_id = publish_journey(flint, {
        "name": "Payment follow-up", "trigger": "order_created",
        "steps": [{"id": "buy", "type": "waitForTrigger", "trigger": "order_paid", "timeout": "PT30S",
                   "matched": [webhook_step("paid", f"{hooks_url}/paid", '{"total": "{{trigger.total}}"}')],
                   "timedOut": [webhook_step("late", f"{hooks_url}/late")]}],
    })
    witness_id = publish_witness(flint, "order_paid", hooks_url)
    return key, journey_id, witness_id


def enter_waiting(flint, key, journey_id, customer, binding):
    send_event(flint, key, "order_created", customer, {"total": 10}, extra={"bindingId": binding} if binding else None)
    return wait_until_waiting_at(flint, journey_id, customer, "buy")


def assert_matched(flint, journey_id, customer, binding):
    run = wait_for_run(flint, journey_id, customer, ("completed", "failed", "exited"))
    assert steps_and_outcomes(run) == [
        (None, "entered"), ("buy", "waiting"), ("buy", "matched"), ("paid", "sent"), (None, "completed")], run["trace"]
    if binding:
        assert binding in trace_entry(run, "buy", "matched")["detail"], run["trace"]
    return run


def test_wait_for_trigger_matches_by_binding(journey_flint, hooks):
    flint = journey_flint
    key, journey_id, witness_id = set_up_binding_journey(flint, hooks.url)

    # Same entity type, other entity: no match.
    customer = unique_id("bound")
    enter_waiting(flint, key, journey_id, customer, "order/1")
    send_event(flint, key, "order_paid", customer, {"total": 10}, extra={"bindingId": "order/2"})
    wait_for_witness(flint, witness_id, customer, 1)
    stays(lambda: is_waiting_at(single_run(flint, journey_id, customer), "buy"), 0.5,
          f"{customer}'s run (order/1) still waits after order_paid for order/2")
    assert hooks.received("/paid") == [], [r.path for r in hooks.received()]

    # Another entity type does not conflict: it matches.
    send_event(flint, key, "order_paid", customer, {"total": 10}, extra={"bindingId": "cart/9"})
    run = assert_matched(flint, journey_id, customer, "cart/9")
    paid = wait_until(lambda: hooks.received("/paid"), message="the matched webhook")
    assert [r.header("Idempotency-Key") for r in paid] == [f"{run['id']}:paid"], [r.headers for r in paid]

    # The same binding matches.
    same = unique_id("same")
    enter_waiting(flint, key, journey_id, same, "order/1")
    send_event(flint, key, "order_paid", same, {"total": 10}, extra={"bindingId": "order/1"})
    assert_matched(flint, journey_id, same, "order/1")
    assert hooks.received("/late") == []


def test_wait_for_trigger_matches_when_either_side_has_no_binding(journey_flint, hooks):
    flint = journey_flint
    key, journey_id, _ = set_up_binding_journey(flint, hooks.url)

    # The run has a binding, the event none.
    bound = unique_id("bound")
    enter_waiting(flint, key, journey_id, bound, "order/1")
    send_event(flint, key, "order_paid", bound, {"total": 10})
    assert_matched(flint, journey_id, bound, None)

    # The run has none, the event one.
    unbound = unique_id("unbound")
    enter_waiting(flint, key, journey_id, unbound, None)
    send_event(flint, key, "order_paid", unbound, {"total": 10}, extra={"bindingId": "order/5"})
    assert_matched(flint, journey_id, unbound, None)
    assert len(hooks.received("/paid")) == 2 and hooks.received("/late") == [], [r.path for r in hooks.received()]
