"""Journeys end to end: a real `flint serve`, a real SMTP server (aiosmtpd), a webhook receiver and an
SMS provider shaped like Twilio, all local. Covers branching, consent and missing addresses, template
escaping per channel, signed webhooks, durable waits across a restart, wait-for-trigger (matched and
timed out), run traces, journey stats, dry runs and duplicate events."""
import base64
import re
import signal
import time
from urllib.parse import parse_qs

from journey_setup import (  # noqa: F401 (hooks, journey_flint, sms_provider, smtp_sink are fixtures)
    EMAIL_FROM, SMS_ACCOUNT, SMS_FROM, SMS_TOKEN, assert_nothing_new, call, epoch, hooks, is_waiting_at, journey_flint,
    log_tail, only_run, runs_of, send_event, single_run, sms_provider, smtp_sink, steps_and_outcomes, trace_entry,
    verify_signature)
from sinks import wait_until

ANN_PHONE = "+15550001"
BOB_PHONE = "+15550002"
BOB_FIRST_NAME = 'Bob "Bobby" O\'Neil \\ Jr'
XSS_LOCATION = "bar <script>alert(1)</script>"

# ---------------------------------------------------------------------------------------------- helpers


def set_up_triggers_and_key(flint):
    """Step 1: both triggers, a secret key, one valid event each (verified), then both marked ready."""
    call(flint, "POST", "/api/v1/triggers", {
        "name": "wifi_signup", "title": "Wi-Fi sign-up", "customerType": "contact",
        "attributes": [{"name": "location", "type": "text", "required": True}, {"name": "amount", "type": "number"}],
    }, expect=201)
    call(flint, "POST", "/api/v1/triggers", {
        "name": "purchase_completed", "title": "Purchase completed", "customerType": "contact",
        "attributes": [{"name": "total", "type": "number"}],
    }, expect=201)
    _, key = call(flint, "POST", "/api/v1/ingestion-keys", {"name": "e2e journeys", "kind": "secret"}, expect=201)
    key = key["key"]
    send_event(flint, key, "wifi_signup", "integration-check", {"location": "office", "amount": 1})
    send_event(flint, key, "purchase_completed", "integration-check", {"total": 9.5})
    for name in ("wifi_signup", "purchase_completed"):
        _, trigger = call(flint, "GET", f"/api/v1/triggers/{name}", expect=200)
        assert trigger["status"] == "integrationVerified", trigger
        _, trigger = call(flint, "POST", f"/api/v1/triggers/{name}/ready", expect=200)
        assert trigger["status"] == "ready", trigger
    return key


def set_up_contacts(flint):
    """Step 2: ann may get commercial email and SMS; bob commercial SMS but only transactional email."""
    call(flint, "PUT", "/api/v1/contacts/ann", {
        "email": "ann@example.com", "phone": ANN_PHONE, "firstName": "Ann <b>",
        "consent": {"email": {"commercial": True, "transactional": True}, "sms": {"commercial": True}},
    }, expect=201)
    call(flint, "PUT", "/api/v1/contacts/bob", {
        "email": "bob@example.com", "phone": BOB_PHONE, "firstName": BOB_FIRST_NAME,
        "consent": {"email": {"commercial": False, "transactional": True}, "sms": {"commercial": True}},
    }, expect=201)
    _, stored = call(flint, "GET", "/api/v1/contacts/ann", expect=200)
    assert stored["firstName"] == "Ann <b>" and stored["consent"]["email"]["commercial"] is True, stored
    _, stored = call(flint, "GET", "/api/v1/contacts/bob", expect=200)
    assert stored["consent"]["email"] == {"commercial": False, "transactional": True}, stored
    assert stored["consent"]["sms"]["commercial"] is True, stored
    assert call(flint, "GET", "/api/v1/contacts/carl")[0] == 404


def journey_definition(hooks_url):
    return {
        "name": "Wi-Fi welcome (e2e)",
        "trigger": "wifi_signup",
        "steps": [
            {"id": "where", "type": "branch",
             "branches": [{"label": "lobby",
                           "when": {"attribute": "trigger.location", "op": "equals", "value": "lobby"},
                           "steps": [{"id": "hello", "type": "email", "purpose": "commercial",
                                      "subject": 'Welcome {{customer.firstName | default: "friend"}}',
                                      "html": '<p>Hello {{customer.firstName | default: "friend"}}</p>'
                                              "<p>You signed up in the {{trigger.location}}</p>"}]}],
             "otherwise": [{"id": "notify", "type": "webhook", "url": f"{hooks_url}/hooks/notify",
                            "body": '{"where": "{{trigger.location}}", "who": "{{customer.firstName}}"}'}]},
            {"id": "pause", "type": "wait", "duration": "PT2S"},
            {"id": "buy", "type": "waitForTrigger", "trigger": "purchase_completed", "timeout": "PT3S",
             "matched": [{"id": "thanks", "type": "webhook", "url": f"{hooks_url}/hooks/bought",
                          "body": '{"bought": "{{trigger.location}}"}'}],
             "timedOut": [{"id": "nudge", "type": "sms", "purpose": "commercial",
                           "text": "Still thinking about the {{trigger.location}}?"}]},
        ],
    }


def create_and_publish_journey(flint, hooks_url):
    _, journey = call(flint, "POST", "/api/v1/journeys", journey_definition(hooks_url), expect=201)
    assert journey["status"] == "draft" and journey["version"] == 1, journey
    _, published = call(flint, "POST", f"/api/v1/journeys/{journey['id']}/publish", expect=200)
    assert published["status"] == "live", published
    return journey["id"]


# ---------------------------------------------------------------------------------------------- tests


def test_wifi_welcome_journey_end_to_end(journey_flint, smtp_sink, hooks, sms_provider):
    flint = journey_flint

    # 1-2. Triggers verified and ready; contacts with their consent.
    key = set_up_triggers_and_key(flint)
    set_up_contacts(flint)

    # 3. A journey whose triggers are not all ready cannot be published.
    call(flint, "POST", "/api/v1/triggers", {
        "name": "coupon_redeemed", "title": "Coupon redeemed", "customerType": "contact",
        "attributes": [{"name": "code", "type": "text"}],
    }, expect=201)
    _, blocked = call(flint, "POST", "/api/v1/journeys", {
        "name": "Coupon follow-up", "trigger": "coupon_redeemed",
        "steps": [{"id": "ping", "type": "webhook", "url": f"{hooks.url}/hooks/coupon", "body": "{}"}],
    }, expect=201)
    status, error = call(flint, "POST", f"/api/v1/journeys/{blocked['id']}/publish")
    assert status == 409, f"publishing a journey on a trigger awaiting integration answered {status}: {error}"
    assert error["error"]["code"] == "trigger_not_ready", error
    _, blocked = call(flint, "GET", f"/api/v1/journeys/{blocked['id']}", expect=200)
    assert blocked["status"] == "draft", blocked

    # The real journey publishes, and then pins both its triggers.
    journey_id = create_and_publish_journey(flint, hooks.url)
    for name in ("wifi_signup", "purchase_completed"):
        status, error = call(flint, "DELETE", f"/api/v1/triggers/{name}")
        assert status == 409, f"DELETE /api/v1/triggers/{name} of a live journey's trigger answered {status}: {error}"
        assert error["error"]["code"] == "trigger_in_use", error
        _, trigger = call(flint, "GET", f"/api/v1/triggers/{name}", expect=200)
        assert any(u["id"] == journey_id and u["status"] == "live" for u in trigger["usedIn"]), trigger["usedIn"]

    # 4. Three customers enter; the duplicate of ann's event must not start a second run.
    ann_message = send_event(flint, key, "wifi_signup", "ann", {"location": "lobby", "amount": 12.5})
    send_event(flint, key, "wifi_signup", "bob", {"location": XSS_LOCATION})
    send_event(flint, key, "wifi_signup", "carl", {"location": "lobby"})
    send_event(flint, key, "wifi_signup", "ann", {"location": "lobby", "amount": 12.5}, message_id=ann_message, expect=200)

    # 5. What arrived before the wait.
    mail = wait_until(lambda: smtp_sink.to("ann@example.com"), message="ann's email at the SMTP sink")[0]
    notify = wait_until(lambda: hooks.received("/hooks/notify"), message="bob's webhook")[0]

    # All three runs must sit in the PT2S wait before Flint restarts.
    runs = wait_until(lambda: (lambda found: found if all(r and is_waiting_at(r, "pause") for r in found) else None)(
        [only_run(flint, journey_id, who) for who in ("ann", "bob", "carl")]),
        seconds=10, message="all three runs (one each) waiting at step pause")
    wait_ends = min(epoch(trace_entry(run, "pause", "waiting")["at"]) for run in runs) + 2.0

    # 6. Restart while the runs wait: SIGTERM, start again on the same data folder.
    assert flint.signal(signal.SIGTERM) == 0, f"flint did not exit cleanly on SIGTERM\n{log_tail(flint)}"
    stopped_at = time.time()
    assert stopped_at < wait_ends, (
        f"Flint took too long to stop: it exited {stopped_at - wait_ends:.2f} s after the PT2S wait ended, "
        "so the restart did not happen during the wait")
    flint.start()

    # Ann reaches the wait for purchase_completed; her purchase arrives; bob's wait times out.
    wait_until(lambda: is_waiting_at(single_run(flint, journey_id, "ann"), "buy"),
               message="ann's run waiting at step buy after the restart")
    send_event(flint, key, "purchase_completed", "ann", {"total": 42})
    bought = wait_until(lambda: hooks.received("/hooks/bought"), message="ann's matched webhook")[0]
    texts = wait_until(lambda: sms_provider.received(), message="bob's SMS at the fake provider")
    # The duplicate is still known after the restart.
    send_event(flint, key, "wifi_signup", "ann", {"location": "lobby", "amount": 12.5}, message_id=ann_message, expect=200)

    final = {}
    for who in ("ann", "bob", "carl"):
        final[who] = wait_until(
            lambda: (lambda run: run if run["status"] == "completed" else None)(single_run(flint, journey_id, who)),
            message=f"{who}'s run completed")
    ann, bob, carl = final["ann"], final["bob"], final["carl"]

    # --- ann's email: envelope, headers, both parts, escaping.
    assert mail.rcpt_tos == ["ann@example.com"], mail.rcpt_tos
    assert mail.mail_from == EMAIL_FROM, mail.mail_from
    message = mail.message
    assert message["Subject"] == "Welcome Ann <b>", f"Subject header: {message['Subject']!r}"
    assert "&lt;" not in mail.data.decode(errors="replace").split("\r\n\r\n", 1)[0], "HTML entities in the headers"
    assert "ann@example.com" in message["To"], message["To"]
    assert re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", str(message["Message-ID"] or "")), f"Message-ID: {message['Message-ID']!r}"
    assert message.get_content_type() == "multipart/alternative", message.get_content_type()
    html = message.get_body(preferencelist=("html",))
    text = message.get_body(preferencelist=("plain",))
    assert html is not None and html.get_content_type() == "text/html", "no text/html part"
    assert text is not None and text.get_content_type() == "text/plain", "no text/plain part"
    html, text = html.get_content(), text.get_content()
    assert "<p>Hello Ann &lt;b&gt;</p>" in html, f"html part: {html!r}"
    assert "<b>" not in html, f"customer value became markup: {html!r}"
    assert "<p>You signed up in the lobby</p>" in html, f"html part: {html!r}"
    assert "Hello Ann <b>" in text and "You signed up in the lobby" in text, f"text part: {text!r}"
    assert "<p>" not in text and "&lt;" not in text, f"text part: {text!r}"
    assert len(smtp_sink.received()) == 1, [m.rcpt_tos for m in smtp_sink.received()]

    # --- bob's webhook: JSON that survived the hostile value, idempotency key, signature.
    assert notify.method == "POST", notify.method
    assert notify.header("Content-Type").startswith("application/json"), notify.headers
    payload = notify.json()  # must be valid JSON
    assert payload == {"where": XSS_LOCATION, "who": BOB_FIRST_NAME}, payload
    assert notify.header("Idempotency-Key") == f"{bob['id']}:notify", (notify.header("Idempotency-Key"), bob["id"])
    verify_signature(notify)

    # --- ann's matched webhook.
    assert bought.method == "POST" and bought.json() == {"bought": "lobby"}, (bought.method, bought.body)
    assert bought.header("Idempotency-Key") == f"{ann['id']}:thanks", (bought.header("Idempotency-Key"), ann["id"])
    verify_signature(bought)
    assert len(hooks.received()) == 2, [(r.path, r.body) for r in hooks.received()]

    # --- bob's SMS at the Twilio-shaped provider.
    assert len(texts) == 1, [(r.path, r.body) for r in texts]
    sms = texts[0]
    assert sms.method == "POST" and sms.path == f"/2010-04-01/Accounts/{SMS_ACCOUNT}/Messages.json", (sms.method, sms.path)
    expected_auth = "Basic " + base64.b64encode(f"{SMS_ACCOUNT}:{SMS_TOKEN}".encode()).decode()
    assert sms.header("Authorization") == expected_auth, sms.header("Authorization")
    assert sms.header("Content-Type").startswith("application/x-www-form-urlencoded"), sms.headers
    form = parse_qs(sms.body.decode(), keep_blank_values=True, strict_parsing=True)
    assert form == {"To": [BOB_PHONE], "From": [SMS_FROM], "Body": [f"Still thinking about the {XSS_LOCATION}?"]}, form

    # 7. Traces.
    assert steps_and_outcomes(ann) == [
        (None, "entered"), ("where", "branched"), ("hello", "sent"), ("pause", "waiting"), ("pause", "resumed"),
        ("buy", "waiting"), ("buy", "matched"), ("thanks", "sent"), (None, "completed"),
    ], ann["trace"]
    assert "lobby" in trace_entry(ann, "where", "branched")["detail"], ann["trace"]
    assert steps_and_outcomes(bob) == [
        (None, "entered"), ("where", "branched"), ("notify", "sent"), ("pause", "waiting"), ("pause", "resumed"),
        ("buy", "waiting"), ("buy", "timedOut"), ("nudge", "sent"), (None, "completed"),
    ], bob["trace"]
    assert steps_and_outcomes(carl) == [
        (None, "entered"), ("where", "branched"), ("hello", "skipped"), ("pause", "waiting"), ("pause", "resumed"),
        ("buy", "waiting"), ("buy", "timedOut"), ("nudge", "skipped"), (None, "completed"),
    ], carl["trace"]
    assert "email address" in trace_entry(carl, "hello", "skipped")["detail"], carl["trace"]
    assert "phone" in trace_entry(carl, "nudge", "skipped")["detail"], carl["trace"]
    assert sms_provider.sids[0] in trace_entry(bob, "nudge", "sent")["detail"], (sms_provider.sids, bob["trace"])
    # The durable timers fired in the restarted process.
    for run in (ann, bob, carl):
        resumed = epoch(trace_entry(run, "pause", "resumed")["at"])
        assert resumed > stopped_at - 0.01, f"{run['authId']}'s wait ended at {resumed}, before the restart at {stopped_at}"

    # Stats, and the duplicate started nothing.
    _, journey = call(flint, "GET", f"/api/v1/journeys/{journey_id}", expect=200)
    stats = journey["stats"]
    assert (stats["entered"], stats["completed"], stats["exited"]) == (3, 3, 0), stats

    def counts(step):
        entry = stats["steps"].get(step, {})
        return {name: entry.get(name) for name in ("reached", "sent", "skipped", "failed")}

    assert counts("hello") == {"reached": 2, "sent": 1, "skipped": 1, "failed": 0}, stats
    assert counts("notify") == {"reached": 1, "sent": 1, "skipped": 0, "failed": 0}, stats
    assert counts("thanks") == {"reached": 1, "sent": 1, "skipped": 0, "failed": 0}, stats
    assert counts("nudge") == {"reached": 2, "sent": 1, "skipped": 1, "failed": 0}, stats
    for step in ("where", "pause", "buy"):
        assert counts(step)["reached"] == 3, stats
    _, inspector = call(flint, "GET", "/api/v1/triggers/wifi_signup/events?limit=50", expect=200)
    verdicts = [e["verdict"] for e in inspector["events"] if e["messageId"] == ann_message]
    assert sorted(verdicts) == ["accepted", "duplicate", "duplicate"], inspector["events"]
    assert len(smtp_sink.received()) == 1 and len(hooks.received()) == 2 and len(sms_provider.received()) == 1


def test_dry_run_renders_without_sending(journey_flint, smtp_sink, hooks, sms_provider):
    flint = journey_flint
    set_up_triggers_and_key(flint)
    set_up_contacts(flint)
    journey_id = create_and_publish_journey(flint, hooks.url)

    # 8. The dry run shows the path and the rendered email, and nothing is sent.
    _, result = call(flint, "POST", f"/api/v1/journeys/{journey_id}/test",
                     {"authId": "ann", "attributes": {"location": "lobby"}}, expect=200)
    path = [(entry["step"], entry["outcome"]) for entry in result["path"]]
    for expected in [("where", "branched"), ("hello", "sent"), ("pause", "waiting"), ("buy", "timedOut"), ("nudge", "sent")]:
        assert expected in path, f"{expected} not in the dry-run path {path}"
    assert ("notify", "sent") not in path, path
    emails = [m for m in result["messages"] if m.get("channel") == "email"]
    assert len(emails) == 1, result["messages"]
    email = emails[0]
    assert email["step"] == "hello" and email["wouldSend"] is True, email
    assert email["subject"] == "Welcome Ann <b>", email
    assert email["html"] == "<p>Hello Ann &lt;b&gt;</p><p>You signed up in the lobby</p>", email
    sms = [m for m in result["messages"] if m.get("channel") == "sms"]
    assert [m["text"] for m in sms] == ["Still thinking about the lobby?"], result["messages"]

    # Bob at the lobby would get no email: no commercial email consent.
    _, result = call(flint, "POST", f"/api/v1/journeys/{journey_id}/test",
                     {"authId": "bob", "attributes": {"location": "lobby"}}, expect=200)
    email = next(m for m in result["messages"] if m.get("channel") == "email")
    assert email["wouldSend"] is False and "commercial" in email.get("reason", ""), email
    assert ("hello", "skipped") in [(e["step"], e["outcome"]) for e in result["path"]], result["path"]

    assert_nothing_new(smtp_sink, hooks, sms_provider, (0, 0, 0))
    assert runs_of(flint, journey_id, "ann") == [] and runs_of(flint, journey_id, "bob") == []
    _, journey = call(flint, "GET", f"/api/v1/journeys/{journey_id}", expect=200)
    assert journey["stats"]["entered"] == 0, journey["stats"]
