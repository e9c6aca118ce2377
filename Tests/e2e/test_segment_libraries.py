"""Segment-compatible ingestion end to end: the real `segment-analytics-python` library from PyPI,
configured only with a Flint ingestion key as its write key and Flint's URL as its host, delivers
track, identify and page calls to a real `flint serve` (plain and gzip), and the admin API shows what
API.md promises: accepted and rejected messages in the trigger's inspector with the library's
messageIds, exact counts, identify traits mapped onto the contact, and anonymous messages stored
without starting journeys. Raw HTTP checks cover what the library never sends: the /v1/track and
/v1/identify endpoints, a write key in the body only, wrong keys, size limits, invalid JSON and
hand-made gzip bodies.

The older `analytics-python` 1.4.post1 is deliberately not used: it ships its own copy of the
`segment/analytics` package (version 2.2.2) and overwrites segment-analytics-python's files when both
are installed, so the two cannot live in one environment.
"""
import base64
import gzip as gzip_codec
import http.client
import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import segment.analytics as analytics
from segment.analytics import request as segment_request
from segment.analytics.client import Client
from segment.analytics.request import APIError

from journey_setup import call, log_tail, publish_journey, secret_key
from sinks import wait_until

TRIGGER = "wifi_signup"
EVENT_NAME = "Wi-Fi Signed Up"
ATTRIBUTES = [
    {"name": "location", "type": "text", "required": True},
    {"name": "amount", "type": "number"},
    {"name": "firstVisit", "type": "boolean"},
    {"name": "signedUpAt", "type": "datetime"},
]
SEGMENT_LIMIT = 32 * 1024
BATCH_LIMIT = 500 * 1024

# ---------------------------------------------------------------------------------------------- helpers


def create_trigger(flint):
    _, trigger = call(flint, "POST", "/api/v1/triggers", {
        "name": TRIGGER, "title": "Wi-Fi sign-up", "customerType": "contact", "eventName": EVENT_NAME,
        "attributes": ATTRIBUTES,
    }, expect=201)
    assert trigger["eventName"] == EVENT_NAME and trigger["status"] == "awaitingIntegration", trigger


def trigger_state(flint):
    return call(flint, "GET", f"/api/v1/triggers/{TRIGGER}", expect=200)[1]


def inspector_entries(flint):
    """The trigger's inspector, newest first."""
    return call(flint, "GET", f"/api/v1/triggers/{TRIGGER}/events?limit=50", expect=200)[1]["events"]


def inspector(flint):
    """The inspector's accepted and rejected entries as {messageId: event} (duplicates left out); fails on a
    messageId judged twice."""
    events = {}
    for event in inspector_entries(flint):
        if event["verdict"] == "duplicate":
            continue
        assert event["messageId"] not in events, f"messageId judged twice in the inspector: {event}"
        events[event["messageId"]] = event
    return events


def wait_for_inspector(flint, message_ids, seconds=15.0):
    """Polls until every id in `message_ids` shows in the inspector; returns the whole inspector."""
    last = {}

    def arrived():
        last["events"] = inspector(flint)
        return last["events"] if set(message_ids) <= set(last["events"]) else None

    try:
        return wait_until(arrived, seconds=seconds, message=f"messages {sorted(message_ids)} in the inspector")
    except AssertionError as error:
        raise AssertionError(f"{error}; inspector has {sorted(last.get('events', {}))}\n{log_tail(flint)}") from None


def wait_for_counts(flint, event_count, rejected_count, seconds=15.0):
    last = {}

    def reached():
        last["trigger"] = trigger_state(flint)
        return (last["trigger"]["eventCount"], last["trigger"]["rejectedCount"]) == (event_count, rejected_count)

    try:
        wait_until(reached, seconds=seconds, message=f"eventCount {event_count} and rejectedCount {rejected_count}")
    except AssertionError as error:
        trigger = last.get("trigger", {})
        got = (trigger.get("eventCount"), trigger.get("rejectedCount"))
        raise AssertionError(f"{error}; got eventCount {got[0]}, rejectedCount {got[1]}") from None


def problems_of(event):
    return {problem["field"]: problem["problem"] for problem in event["problems"]}


def all_runs(flint, journey_id, auth_id=None):
    query = f"?authId={auth_id}&limit=1000" if auth_id else "?limit=1000"
    return call(flint, "GET", f"/api/v1/journeys/{journey_id}/runs{query}", expect=200)[1]["runs"]


def basic(key):
    return "Basic " + base64.b64encode(f"{key}:".encode()).decode()


def raw_post(flint, path, body, headers=None):
    """POSTs `body` (bytes, or an object sent as JSON) with exactly `headers` (plus Content-Type)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    connection = http.client.HTTPConnection("127.0.0.1", flint.port, timeout=30)
    try:
        connection.request("POST", path, body=data, headers={"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        text = response.read()
        try:
            answer = json.loads(text) if text else None
        except ValueError:
            answer = text
        return response.status, answer
    finally:
        connection.close()


def expect_error(answer, status, expected_status, code=None, what=""):
    assert status == expected_status, f"{what}: expected {expected_status}, got {status} {answer}"
    assert isinstance(answer, dict) and isinstance(answer.get("error"), dict), f"{what}: not an error body: {answer}"
    assert isinstance(answer["error"].get("message"), str) and answer["error"]["message"], answer
    if code:
        assert answer["error"]["code"] == code, f"{what}: expected code {code}: {answer}"


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"

# ---------------------------------------------------------------------------------------------- library setup


class Traffic:
    """What the library's HTTP session sent and got back (a `requests` response hook; nothing is altered)."""

    def __init__(self):
        self.exchanges = []

    def __call__(self, response, *args, **kwargs):
        self.exchanges.append({
            "url": response.request.url, "status": response.status_code,
            "encoding": response.request.headers.get("Content-Encoding"),
            "authorization": response.request.headers.get("Authorization"), "body": response.text,
        })


@pytest.fixture
def segment_library():
    """Configures the module-level `segment.analytics` API as its README shows; yields (configure, errors, traffic)."""
    errors = []
    traffic = Traffic()
    session = segment_request._session
    session.hooks["response"].append(traffic)

    def configure(write_key, host, gzip):
        analytics.default_client = None
        analytics.write_key = write_key
        analytics.host = host
        analytics.gzip = gzip
        analytics.sync_mode = False
        analytics.max_retries = 2
        analytics.on_error = lambda error, batch: errors.append((error, batch))
        return analytics

    yield configure, errors, traffic
    if analytics.default_client is not None:
        analytics.shutdown()
    analytics.default_client = None
    analytics.write_key = None
    analytics.host = None
    analytics.gzip = False
    analytics.on_error = None
    session.hooks["response"].remove(traffic)


def sent(result):
    """The message the library queued, from its `(success, message)` answer."""
    queued, message = result
    assert queued, f"the library did not queue {message}"
    return message

# ---------------------------------------------------------------------------------------------- the library


@pytest.mark.parametrize("use_gzip", [False, True], ids=["plain", "gzip"])
def test_segment_analytics_python_delivers_to_flint_unchanged(flint, segment_library, use_gzip):
    configure, errors, traffic = segment_library
    key = secret_key(flint, "segment library")
    create_trigger(flint)
    library = configure(key, f"http://127.0.0.1:{flint.port}", use_gzip)

    # Verify the integration through the library itself, then mark the trigger ready and go live.
    check = sent(library.track(user_id="integration-check", event=TRIGGER, properties={"location": "office"}))
    library.flush()
    wait_until(lambda: trigger_state(flint)["status"] == "integrationVerified", seconds=15,
               message="the trigger to be integrationVerified by the library's first event")
    _, ready = call(flint, "POST", f"/api/v1/triggers/{TRIGGER}/ready", expect=200)
    assert ready["status"] == "ready", ready
    journey_id = publish_journey(flint, {
        "name": "Segment welcome", "trigger": TRIGGER, "reentry": "always",
        "steps": [{"id": "pause", "type": "wait", "duration": "PT1H"}],
    })

    ann, bob, carl, dora = unique("ann"), unique("bob"), unique("carl"), unique("dora")
    anonymous = unique("anon")
    bob_signed_up = datetime(2026, 11, 26, 10, 15, 30, 250000, tzinfo=timezone(timedelta(hours=1)))

    identify_ann = sent(library.identify(ann, {
        "email": "ann@example.com", "first_name": "Ann", "last_name": "Lee", "plan": "pro", "loyaltyPoints": 120}))
    identify_bob = sent(library.identify(bob, {
        "email": "bob@example.com", "firstName": "Bob", "lastName": "Stone", "phone": "+15551234567",
        "favouriteDrink": "tea"}))
    ann_props = {"location": "lobby", "amount": 12.5, "firstVisit": True, "signedUpAt": "2026-11-26T09:59:00Z"}
    by_name = sent(library.track(ann, TRIGGER, ann_props))
    # The anonymous message goes before bob's, so once bob's run exists the anonymous one was dispatched too.
    anonymous_props = {"location": "street", "amount": 1}
    by_anonymous = sent(library.track(event=TRIGGER, properties=anonymous_props, anonymous_id=anonymous))
    by_event_name = sent(library.track(
        bob, EVENT_NAME, {"location": "terrace", "amount": 3, "firstVisit": False, "signedUpAt": bob_signed_up}))
    wrong_types_props = {"location": "bar", "amount": "twelve", "firstVisit": "yes"}
    wrong_types = sent(library.track(carl, TRIGGER, wrong_types_props))
    unknown_props = {"location": "bar", "coupon": "XMAS"}
    unknown_property = sent(library.track(dora, EVENT_NAME, unknown_props))
    # A page named like the trigger: Flint must not take it for a track.
    page = sent(library.page(ann, name=TRIGGER, properties={"location": "lobby", "path": "/pricing"}))
    library.flush()

    # Transport: every upload went to /v1/batch, was answered 200, encoded as configured, Basic-authenticated.
    assert errors == [], f"the library reported upload errors: {errors}\n{log_tail(flint)}"
    assert traffic.exchanges, "the library sent nothing"
    for exchange in traffic.exchanges:
        assert exchange["url"] == f"http://127.0.0.1:{flint.port}/v1/batch", exchange
        assert exchange["status"] == 200, exchange
        assert json.loads(exchange["body"]) == {"success": True}, exchange
        assert exchange["encoding"] == ("gzip" if use_gzip else None), exchange
        assert exchange["authorization"] == basic(key), exchange

    # Inspector: exactly the track messages, under the library's messageIds; the page is not there.
    expected_ids = {check["messageId"], by_name["messageId"], by_anonymous["messageId"], by_event_name["messageId"],
                    wrong_types["messageId"], unknown_property["messageId"]}
    events = wait_for_inspector(flint, expected_ids)
    assert set(events) == expected_ids, \
        f"inspector messageIds {sorted(events)} differ from the library's track messageIds {sorted(expected_ids)}"
    assert len(inspector_entries(flint)) == len(expected_ids), f"duplicates listed: {inspector_entries(flint)}"
    assert not {page["messageId"], identify_ann["messageId"], identify_bob["messageId"]} & set(events)

    def accepted(message, auth_id, attributes):
        event = events[message["messageId"]]
        assert event["verdict"] == "accepted", event
        assert event["authId"] == auth_id, event
        assert event["problems"] == [], event
        assert event["attributes"] == attributes, event
        assert event["receivedAt"], event

    accepted(check, "integration-check", {"location": "office"})
    accepted(by_name, ann, ann_props)
    accepted(by_event_name, bob, {"location": "terrace", "amount": 3, "firstVisit": False,
                                  "signedUpAt": bob_signed_up.isoformat()})
    accepted(by_anonymous, anonymous, anonymous_props)

    rejected = events[wrong_types["messageId"]]
    assert rejected["verdict"] == "rejected" and rejected["authId"] == carl, rejected
    assert set(problems_of(rejected)) == {"attributes.amount", "attributes.firstVisit"}, rejected
    assert problems_of(rejected)["attributes.amount"] == "expected a number, got a string", rejected
    assert rejected["attributes"] == wrong_types_props, rejected
    rejected = events[unknown_property["messageId"]]
    assert rejected["verdict"] == "rejected" and rejected["authId"] == dora, rejected
    assert set(problems_of(rejected)) == {"attributes.coupon"}, rejected
    assert rejected["attributes"] == unknown_props, rejected

    # Counts: integration check, ann, bob and the anonymous message accepted; carl's and dora's rejected.
    wait_for_counts(flint, event_count=4, rejected_count=2)
    trigger = trigger_state(flint)
    assert trigger["status"] == "ready" and trigger["lastEventAt"], trigger

    # identify: snake_case and camelCase name traits map to fields, the rest to attributes.
    _, contact = call(flint, "GET", f"/api/v1/contacts/{ann}", expect=200)
    assert (contact["email"], contact["firstName"], contact["lastName"]) == ("ann@example.com", "Ann", "Lee"), contact
    assert contact["attributes"] == {"plan": "pro", "loyaltyPoints": 120}, contact
    _, contact = call(flint, "GET", f"/api/v1/contacts/{bob}", expect=200)
    assert (contact["email"], contact["firstName"], contact["lastName"], contact["phone"]) == \
        ("bob@example.com", "Bob", "Stone", "+15551234567"), contact
    assert contact["attributes"] == {"favouriteDrink": "tea"}, contact
    # Nobody identified carl, dora or the anonymous visitor; a page makes no contact either.
    for nobody in (carl, dora, anonymous):
        assert call(flint, "GET", f"/api/v1/contacts/{nobody}")[0] == 404

    # Journeys: ann and bob (real userIds) each have a run waiting; the anonymous message started nothing.
    def both_waiting():
        runs = all_runs(flint, journey_id)
        waiting = {run["authId"] for run in runs if run["status"] == "waiting"}
        return runs if {ann, bob} <= waiting else None

    runs = wait_until(both_waiting, seconds=15, message=f"runs for {ann} and {bob}")
    assert sorted(run["authId"] for run in runs) == sorted([ann, bob]), \
        f"runs should exist only for the real userIds {ann} and {bob}: {[(r['authId'], r['status']) for r in runs]}"
    assert all_runs(flint, journey_id, anonymous) == []


def test_wrong_write_key_is_refused_to_the_library(flint):
    """The library (sync mode, so the answer reaches the caller) gets 401 for a key Flint does not know."""
    create_trigger(flint)
    client = Client(write_key="flint_wrong_key_" + "x" * 20, host=f"http://127.0.0.1:{flint.port}", sync_mode=True)
    with pytest.raises(APIError) as raised:
        client.track("ann", TRIGGER, {"location": "lobby"})
    assert raised.value.status == 401, f"expected 401, got {raised.value.status}: {raised.value.message}"
    assert trigger_state(flint)["eventCount"] == 0 and inspector(flint) == {}

# ---------------------------------------------------------------------------------------------- raw HTTP


def track_message(user_id, location="lobby", **extra):
    return {"type": "track", "userId": user_id, "event": TRIGGER, "messageId": str(uuid.uuid4()),
            "timestamp": "2026-11-26T10:00:00.000Z", "properties": {"location": location}, **extra}


def setup_raw(flint):
    key = secret_key(flint, "segment raw")
    create_trigger(flint)
    return key, {"Authorization": basic(key)}


def test_segment_endpoints_and_authentication(flint):
    key, auth = setup_raw(flint)
    accepted_ids = []

    # Both Segment authentications, on the single-message endpoints the Python library never uses.
    message = track_message("raw-basic")
    status, answer = raw_post(flint, "/v1/track", message, auth)
    assert (status, answer) == (200, {"success": True}), f"POST /v1/track with Basic auth: {status} {answer}"
    accepted_ids.append(message["messageId"])
    repeated = track_message("raw-body-key", writeKey=key)
    status, answer = raw_post(flint, "/v1/track", repeated)
    assert (status, answer) == (200, {"success": True}), f"POST /v1/track with writeKey in the body: {status} {answer}"
    accepted_ids.append(repeated["messageId"])
    status, answer = raw_post(flint, "/v1/identify", {
        "userId": "raw-identify", "traits": {"email": "raw@example.com", "first_name": "Raw", "tier": "gold"}}, auth)
    assert (status, answer) == (200, {"success": True}), f"POST /v1/identify: {status} {answer}"
    _, contact = call(flint, "GET", "/api/v1/contacts/raw-identify", expect=200)
    assert (contact["email"], contact["firstName"], contact["attributes"]) == \
        ("raw@example.com", "Raw", {"tier": "gold"}), contact

    # messageId dedupes (what makes a library's retry safe): answered 200, listed as a duplicate, not counted.
    status, answer = raw_post(flint, "/v1/track", repeated)
    assert (status, answer) == (200, {"success": True}), f"repeated message: {status} {answer}"

    # Wrong and missing keys: 401, whichever way the key travels and on every endpoint.
    wrong = "flint_wrong_key_" + "x" * 20
    for what, path, body, headers in [
        ("a wrong Basic key", "/v1/track", track_message("x"), {"Authorization": basic(wrong)}),
        ("a wrong writeKey in the body", "/v1/track", track_message("x", writeKey=wrong), {}),
        ("no key at all", "/v1/track", track_message("x"), {}),
        ("a wrong Basic key", "/v1/batch", {"batch": [track_message("x")]}, {"Authorization": basic(wrong)}),
        ("a wrong Basic key", "/v1/identify", {"userId": "x", "traits": {}}, {"Authorization": basic(wrong)}),
    ]:
        status, answer = raw_post(flint, path, body, headers)
        expect_error(answer, status, 401, "unauthorized", f"POST {path} with {what}")

    events = wait_for_inspector(flint, accepted_ids)
    assert set(events) == set(accepted_ids), f"inspector {sorted(events)} != accepted {sorted(accepted_ids)}"
    assert [events[i]["authId"] for i in accepted_ids] == ["raw-basic", "raw-body-key"], events
    assert all(events[i]["verdict"] == "accepted" for i in accepted_ids), events
    duplicates = [e for e in inspector_entries(flint) if e["verdict"] == "duplicate"]
    assert [(e["messageId"], e["authId"]) for e in duplicates] == [(repeated["messageId"], "raw-body-key")], duplicates
    wait_for_counts(flint, event_count=2, rejected_count=0)


def test_segment_size_limits_and_invalid_json(flint):
    _, auth = setup_raw(flint)
    big = track_message("raw-big", location="x" * (SEGMENT_LIMIT + 1024))
    status, answer = raw_post(flint, "/v1/track", big, auth)
    expect_error(answer, status, 400, None, "POST /v1/track with a 33 KB message")
    batch = {"batch": [track_message(f"raw-batch-{i}", location="y" * 24_000) for i in range(25)]}
    assert all(len(json.dumps(m)) < SEGMENT_LIMIT for m in batch["batch"]) and len(json.dumps(batch)) > BATCH_LIMIT
    status, answer = raw_post(flint, "/v1/batch", batch, auth)
    expect_error(answer, status, 400, None, "POST /v1/batch with a 600 KB batch of 24 KB messages")
    for path in ("/v1/track", "/v1/identify", "/v1/batch"):
        status, answer = raw_post(flint, path, b'{"userId": "x", "event": ', auth)
        expect_error(answer, status, 400, "invalid_json", f"POST {path} with invalid JSON")
    assert inspector_entries(flint) == []
    wait_for_counts(flint, event_count=0, rejected_count=0)


def test_segment_gzip_bodies(flint):
    _, auth = setup_raw(flint)
    gzip_auth = {**auth, "Content-Encoding": "gzip"}
    message = track_message("raw-gzip")
    status, answer = raw_post(flint, "/v1/track", gzip_codec.compress(json.dumps(message).encode()), gzip_auth)
    assert (status, answer) == (200, {"success": True}), f"POST /v1/track gzip: {status} {answer}"
    batched = [track_message("raw-gzip-batch-1"), track_message("raw-gzip-batch-2")]
    status, answer = raw_post(
        flint, "/v1/batch", gzip_codec.compress(json.dumps({"batch": batched}).encode()), gzip_auth)
    assert (status, answer) == (200, {"success": True}), f"POST /v1/batch gzip: {status} {answer}"
    status, answer = raw_post(flint, "/v1/track", b"\x1f\x8b\x08\x00not really gzip", gzip_auth)
    expect_error(answer, status, 400, None, "POST /v1/track with broken gzip")

    accepted_ids = [message["messageId"]] + [m["messageId"] for m in batched]
    events = wait_for_inspector(flint, accepted_ids)
    assert set(events) == set(accepted_ids), f"inspector {sorted(events)} != accepted {sorted(accepted_ids)}"
    assert [(events[i]["verdict"], events[i]["authId"]) for i in accepted_ids] == \
        [("accepted", "raw-gzip"), ("accepted", "raw-gzip-batch-1"), ("accepted", "raw-gzip-batch-2")], events
    wait_for_counts(flint, event_count=3, rejected_count=0)


@pytest.mark.parametrize("endpoint", ["track", "batch"])
def test_segment_limits_bound_the_inflated_gzip_body(flint, endpoint):
    """API.md's 32 KB per message and 500 KB per batch hold for gzip bodies too: the limit is on what the
    body inflates to (as Flint's own jsonBody documents), so a tiny gzip body must not smuggle in more."""
    _, auth = setup_raw(flint)
    if endpoint == "track":
        body = track_message("raw-gzip-big", location="x" * (SEGMENT_LIMIT + 1024))      # inflates to ~33 KB
    else:
        body = {"batch": [track_message(f"raw-gzip-batch-{i}", location="y" * 24_000) for i in range(25)]}  # ~600 KB
    inflated = json.dumps(body).encode()
    compressed = gzip_codec.compress(inflated)
    status, answer = raw_post(flint, f"/v1/{endpoint}", compressed, {**auth, "Content-Encoding": "gzip"})
    assert status == 400, (
        f"POST /v1/{endpoint} with a gzip body of {len(compressed)} bytes inflating to {len(inflated)} bytes "
        f"(limit {SEGMENT_LIMIT if endpoint == 'track' else BATCH_LIMIT}): expected 400, got {status} {answer}; "
        f"trigger now has eventCount {trigger_state(flint)['eventCount']}")
    expect_error(answer, status, 400, None, f"POST /v1/{endpoint} gzip over the limit")
    assert trigger_state(flint)["eventCount"] == 0
