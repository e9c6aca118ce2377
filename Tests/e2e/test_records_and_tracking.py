"""Records, built-in triggers and tracked email end to end, against a real SMTP sink and real HTTP:
a record trigger starts a journey that branches on a referenced record's field; a new contact gets a
welcome email whose tracked link, when followed, starts another journey; a run waits for a click on its
own email and resends on timeout; unsubscribe stops later commercial email; a tampered link goes nowhere.
"""
import http.client
import re
import signal
import urllib.parse

import pytest

from conftest import Flint, flint_binary
from journey_setup import (  # noqa: F401 (hooks, sms_provider, smtp_sink are fixtures)
    call, hooks, journey_env, publish_journey, ready_trigger, runs_of, secret_key, send_event, sms_provider, smtp_sink,
    unique_id, wait_for_run, webhook_step)
from sinks import wait_until


@pytest.fixture
def tracked_flint(tmp_path, smtp_sink, sms_provider):
    """Flint with the sinks and tracking on: FLINT_PUBLIC_URL is Flint's own address."""
    server = Flint(flint_binary(), tmp_path / "data", env={})
    server.env = journey_env(smtp_sink, sms_provider, FLINT_PUBLIC_URL=f"http://127.0.0.1:{server.port}")
    server.start()
    yield server
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()


def get(flint, path, method="GET", body=None, headers=None):
    """A raw request without authentication: status, headers, body bytes."""
    connection = http.client.HTTPConnection("127.0.0.1", flint.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def html_of(mail) -> str:
    return mail.message.get_body(preferencelist=("html",)).get_content()


def local_path(url: str) -> str:
    parsed = urllib.parse.urlsplit(url)
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


def contact(flint, customer_id, commercial=True):
    call(flint, "PUT", f"/api/v1/contacts/{customer_id}", {
        "email": f"{customer_id}@example.com", "firstName": "Ann",
        "consent": {"email": {"commercial": commercial, "transactional": True}},
    }, expect=201)


def test_a_record_trigger_starts_a_journey_that_reads_the_referenced_record(tracked_flint, smtp_sink):
    flint = tracked_flint
    call(flint, "PUT", "/api/v1/entities/store", {"title": "Store", "fields": [{"name": "city", "type": "text"}]}, expect=201)
    call(flint, "PUT", "/api/v1/entities/order", {"title": "Order", "fields": [
        {"name": "status", "type": "text", "required": True}, {"name": "total", "type": "number"},
        {"name": "store", "type": "entityReference", "entity": "store"}]}, expect=201)
    call(flint, "POST", "/api/v1/triggers", {
        "name": "order_shipped", "title": "Order shipped", "kind": "record", "entity": "order", "on": ["update"],
        "watchFields": ["status"]}, expect=201)
    journey = publish_journey(flint, {
        "name": "Shipping notice", "trigger": "order_shipped",
        "steps": [{"id": "where", "type": "branch",
                   "branches": [{"label": "lyon", "when": {"attribute": "trigger.store.city", "op": "equals", "value": "Lyon"},
                                 "steps": [{"id": "mail", "type": "email", "purpose": "transactional",
                                            "subject": "Shipped from {{trigger.store.city}}",
                                            "html": "<p>Order total {{trigger.total}}, was {{trigger.previous.status}}</p>"}]}],
                   "otherwise": []}],
    })
    customer = unique_id("buyer")
    contact(flint, customer)
    call(flint, "PUT", "/api/v1/entities/store/records/s-1", {"customerId": customer, "fields": {"city": "Lyon"}}, expect=201)
    order = f"/api/v1/entities/order/records/{customer}-o1"
    call(flint, "PUT", order, {"customerId": customer, "fields": {"status": "placed", "total": 42, "store": "s-1"}}, expect=201)
    call(flint, "PUT", order, {"customerId": customer, "fields": {"status": "shipped", "total": 42, "store": "s-1"}}, expect=200)
    # The same values again fire nothing.
    call(flint, "PUT", order, {"customerId": customer, "fields": {"status": "shipped", "total": 42, "store": "s-1"}}, expect=200)
    run = wait_for_run(flint, journey, customer, ("completed",))
    assert [entry["outcome"] for entry in run["trace"]] == ["entered", "branched", "sent", "completed"], run["trace"]
    mails = wait_until(lambda: smtp_sink.to(f"{customer}@example.com"), message="the shipping email")
    assert mails[0].message["Subject"] == "Shipped from Lyon"
    assert "Order total 42, was placed" in html_of(mails[0])
    assert len(runs_of(flint, journey, customer)) == 1


def test_an_order_confirmation_lists_the_orders_items(tracked_flint, smtp_sink):
    flint = tracked_flint
    call(flint, "PUT", "/api/v1/entities/item", {"title": "Item", "fields": [
        {"name": "name", "type": "text", "required": True}, {"name": "quantity", "type": "number"}]}, expect=201)
    call(flint, "PUT", "/api/v1/entities/purchase", {"title": "Purchase", "fields": [
        {"name": "items", "type": "entityReferenceList", "entity": "item"}]}, expect=201)
    call(flint, "POST", "/api/v1/triggers", {"name": "purchase_placed", "title": "Purchase placed", "kind": "record",
                                             "entity": "purchase", "on": ["create"]}, expect=201)
    journey = publish_journey(flint, {
        "name": "Order confirmation", "trigger": "purchase_placed",
        "entryCondition": {"attribute": "trigger.items", "op": "isNotEmpty"},
        "steps": [{"id": "confirm", "type": "email", "purpose": "transactional", "subject": "Your order",
                   "html": "<ul>{{#each trigger.items}}<li>{{item.name}} &times; {{item.quantity | default: \"1\"}}</li>{{/each}}</ul>"}],
    })
    customer = unique_id("shopper")
    contact(flint, customer)
    for item, fields in (("i-1", {"name": "Green tea <loose>", "quantity": 2}), ("i-2", {"name": "Cup"})):
        call(flint, "PUT", f"/api/v1/entities/item/records/{customer}-{item}", {"customerId": customer, "fields": fields}, expect=201)
    call(flint, "PUT", f"/api/v1/entities/purchase/records/{customer}-p1",
         {"customerId": customer, "fields": {"items": [f"{customer}-i-1", f"{customer}-i-2"]}}, expect=201)
    wait_for_run(flint, journey, customer, ("completed",))
    mail = wait_until(lambda: smtp_sink.to(f"{customer}@example.com"), message="the confirmation")[0]
    assert "<ul><li>Green tea &lt;loose&gt; &times; 2</li><li>Cup &times; 1</li></ul>" in html_of(mail)


def test_a_welcome_email_link_starts_another_journey_and_a_tampered_link_goes_nowhere(tracked_flint, smtp_sink, hooks):
    flint = tracked_flint
    welcome = publish_journey(flint, {
        "name": "Welcome", "trigger": "contact_created",
        "steps": [{"id": "hello", "type": "email", "purpose": "commercial", "subject": "Welcome",
                   "html": '<html><body><p><a href="https://shop.example/start?from=mail&amp;x=1">Start</a></p></body></html>'}],
    })
    clicked = publish_journey(flint, {
        "name": "Clicked the welcome", "trigger": "email_link_clicked",
        "entryCondition": {"attribute": "trigger.journeyId", "op": "equals", "value": welcome},
        "steps": [webhook_step("crm", f"{hooks.url}/clicked", '{"url": "{{trigger.url}}"}')],
    })
    customer = unique_id("new")
    contact(flint, customer)
    wait_for_run(flint, welcome, customer, ("completed",))
    mail = wait_until(lambda: smtp_sink.to(f"{customer}@example.com"), message="the welcome email")[0]
    html = html_of(mail)
    links = re.findall(r'href="([^"]+)"', html)
    track = [link.replace("&amp;", "&") for link in links if "/t/c/" in link]
    assert len(track) == 1, links
    assert not any("shop.example" in link for link in links), f"every http link goes through Flint: {links}"
    assert re.search(r'<img src="http://127\.0\.0\.1:\d+/t/o/[^"]+\.gif"', html), "a pixel is appended"
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.message["List-Unsubscribe"].startswith(f"<http://127.0.0.1:{flint.port}/u/")
    # A tampered token answers 404 and redirects nowhere.
    path = local_path(track[0])
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    status, headers, _ = get(flint, tampered)
    assert status == 404 and "location" not in headers
    # Following the link: 302 to the original target, twice; the trigger fires once.
    for _ in range(2):
        status, headers, _ = get(flint, path)
        assert status == 302 and headers["location"] == "https://shop.example/start?from=mail&x=1", (status, headers)
    run = wait_for_run(flint, clicked, customer, ("completed",))
    assert run["status"] == "completed"
    wait_until(lambda: hooks.received("/clicked"), message="the follow-up webhook")
    assert hooks.received("/clicked")[0].json() == {"url": "https://shop.example/start?from=mail&x=1"}
    assert len(runs_of(flint, clicked, customer)) == 1
    # The pixel: a real GIF, counted with the clicks in the step's stats.
    pixel = local_path(re.search(r'<img src="([^"]+)"', html).group(1))
    for _ in range(3):
        status, headers, body = get(flint, pixel)
        assert status == 200 and headers["content-type"] == "image/gif" and body.startswith(b"GIF89a") and len(body) == 43
    # Repeat opens and clicks are counted in memory and written once a second.
    def counted():
        stats = call(flint, "GET", f"/api/v1/journeys/{welcome}", expect=200)[1]["stats"]["steps"]["hello"]
        return (stats["opens"], stats["uniqueOpens"], stats["clicks"], stats["uniqueClicks"]) == (3, 1, 2, 1) and stats
    wait_until(counted, seconds=5, message="every open and click counted")


def test_a_run_waits_for_a_click_on_its_own_email_and_resends_on_timeout(tracked_flint, smtp_sink):
    flint = tracked_flint
    key = secret_key(flint)
    ready_trigger(flint, key, "trial_started", [{"name": "plan", "type": "text"}], {"plan": "pro"})
    journey = publish_journey(flint, {
        "name": "Nudge until clicked", "trigger": "trial_started",
        "steps": [
            {"id": "first", "type": "email", "purpose": "transactional", "subject": "Start here",
             "html": '<p><a href="https://app.example/start">Start</a></p>'},
            {"id": "click", "type": "waitForTrigger", "trigger": "email_link_clicked", "timeout": "PT2S",
             "matched": [], "timedOut": [{"id": "again", "type": "email", "purpose": "transactional", "subject": "Reminder",
                                          "html": '<p><a href="https://app.example/start">Start</a></p>'}]},
        ],
    })
    clicker, ignorer = unique_id("clicker"), unique_id("ignorer")
    for customer in (clicker, ignorer):
        contact(flint, customer)
        send_event(flint, key, "trial_started", customer, {"plan": "pro"})
    mail = wait_until(lambda: smtp_sink.to(f"{clicker}@example.com"), message="the clicker's first email")[0]
    link = next(link for link in re.findall(r'href="([^"]+)"', html_of(mail)) if "/t/c/" in link)
    assert get(flint, local_path(link.replace("&amp;", "&")))[0] == 302
    clicked = wait_for_run(flint, journey, clicker, ("completed",))
    assert ("click", "matched") in [(entry["step"], entry["outcome"]) for entry in clicked["trace"]], clicked["trace"]
    ignored = wait_for_run(flint, journey, ignorer, ("completed",), seconds=20)
    assert ("click", "timedOut") in [(entry["step"], entry["outcome"]) for entry in ignored["trace"]], ignored["trace"]
    assert [m.message["Subject"] for m in smtp_sink.to(f"{ignorer}@example.com")] == ["Start here", "Reminder"]
    assert [m.message["Subject"] for m in smtp_sink.to(f"{clicker}@example.com")] == ["Start here"]


def test_unsubscribe_stops_later_commercial_email(tracked_flint, smtp_sink):
    flint = tracked_flint
    key = secret_key(flint)
    ready_trigger(flint, key, "newsletter_due", [{"name": "issue", "type": "text"}], {"issue": "1"})
    journey = publish_journey(flint, {
        "name": "Newsletter", "trigger": "newsletter_due",
        "steps": [{"id": "issue", "type": "email", "purpose": "commercial", "subject": "Issue {{trigger.issue}}",
                   "html": "<p>News</p>"}],
    })
    customer = unique_id("reader")
    contact(flint, customer)
    send_event(flint, key, "newsletter_due", customer, {"issue": "1"})
    mail = wait_until(lambda: smtp_sink.to(f"{customer}@example.com"), message="the first issue")[0]
    unsubscribe = mail.message["List-Unsubscribe"].strip("<>")
    assert unsubscribe in html_of(mail), "a footer link is added to commercial email without {{unsubscribeUrl}}"
    # The page only asks; a link scanner fetching it unsubscribes no one.
    status, headers, body = get(flint, local_path(unsubscribe))
    assert status == 200 and b"<form method=\"post\"" in body and f"{customer}@example.com".encode() in body
    assert call(flint, "GET", f"/api/v1/contacts/{customer}", expect=200)[1]["consent"]["email"]["commercial"] is True
    # RFC 8058 one-click, as a mail client sends it.
    status, _, body = get(flint, local_path(unsubscribe), method="POST", body="List-Unsubscribe=One-Click",
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and b"will get no more marketing email" in body
    consent = call(flint, "GET", f"/api/v1/contacts/{customer}", expect=200)[1]["consent"]["email"]
    assert consent == {"commercial": False, "transactional": True}
    _, unsubscribed = call(flint, "GET", "/api/v1/triggers/unsubscribed/events", expect=200)
    assert [entry["authId"] for entry in unsubscribed["events"] if entry["verdict"] == "accepted"] == [customer]
    send_event(flint, key, "newsletter_due", customer, {"issue": "2"})

    def second_run_done():
        runs = runs_of(flint, journey, customer)
        return len(runs) == 2 and all(run["status"] == "completed" for run in runs) and runs
    runs = wait_until(second_run_done, message="the second issue's run")
    assert [entry["outcome"] for entry in runs[0]["trace"]] == ["entered", "skipped", "completed"], runs[0]["trace"]
    assert [m.message["Subject"] for m in smtp_sink.to(f"{customer}@example.com")] == ["Issue 1"]
    # A tampered unsubscribe link changes nothing.
    assert get(flint, local_path(unsubscribe)[:-2] + "xx", method="POST")[0] == 404
