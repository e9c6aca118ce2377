"""An XSS and injection corpus sent everywhere a client or a user puts text: attribute values (and
names), record fields, contact names, journey names, trigger titles. Nothing executes in the UI
(headless Chromium), nothing survives unescaped in email HTML, no header is injected into an email,
webhook bodies stay valid JSON, and the snippets of a hostile trigger still parse. (Every language's
snippet is compiled and run with hostile texts by test_snippets.py.)"""
import ast
import http.client
import json

from conftest import ADMIN_TOKEN

from journey_setup import call, create_trigger, hooks, journey_flint, make_ready, publish_journey, secret_key, send_event  # noqa: F401
from journey_setup import sms_provider, smtp_sink  # noqa: F401
from sinks import wait_until
from test_web_ui import Pages, browser, no_alert, sign_in_through_setup  # noqa: F401

MARK = "pwned"
CORPUS = [
    f"<script>document.title='{MARK}-1'</script>",
    f"<img src=x onerror=\"document.title='{MARK}-2'\">",
    f"\"><svg onload=\"document.title='{MARK}-3'\">",
    f"'><b onmouseover=\"document.title='{MARK}-4'\">hover</b>",
    f"javascript:document.title='{MARK}-5'",
    f"</textarea></title><style>*{{display:none}}</style><script>document.title='{MARK}-6'</script>",
    "{{customer.email}} {{#each x}}",
    "p\u0430ypal.com \u2066isolated\u2069",  # a Cyrillic a, and isolates (in values: text; in names: refused)
]
# Refused where they could forge lines or reorder text: customer fields (API.md).
LINE_AND_DIRECTION = ["Ann\r\nBcc: victim@example.com", "\u202egnp.exe", "Ann\u2028Eve"]


def injected_elements(driver):
    """Elements or effects only an executed payload could leave behind."""
    return driver.execute_script("""
        const found = [];
        if (/^pwned-[0-9]$/.test(document.title)) found.push('title set by a payload: ' + document.title);
        for (const css of ['img[src=x]', 'svg[onload]', 'b[onmouseover]', 'script:not([src])', 'style:not([nonce])', 'main style'])
            for (const element of document.querySelectorAll(css)) found.push(css);
        return found;""")


def test_nothing_in_the_corpus_executes_or_escapes_anywhere(journey_flint, smtp_sink, hooks, browser):
    flint = journey_flint
    key = secret_key(flint)
    create_trigger(flint, "xss_probe", [{"name": "note", "type": "text"}, {"name": "link", "type": "text"}])
    status, _ = call(flint, "PATCH", "/api/v1/triggers/xss_probe", {"title": CORPUS[1], "description": CORPUS[0]})
    assert status == 200
    # Attribute names are identifiers: markup there is refused with a clear error, never stored.
    status, error = call(flint, "POST", "/api/v1/triggers", {"name": "bad_names", "title": "t",
                                                               "attributes": [{"name": "<b>x</b>", "type": "text"}]})
    assert status == 400 and error["error"]["code"] == "invalid_trigger", error
    make_ready(flint, key, "xss_probe", {"note": "check", "link": "https://example.com"})

    # Contacts: markup in names is kept as text; CR/LF, line separators and direction overrides are refused.
    call(flint, "PUT", "/api/v1/contacts/ann", {
        "email": "ann@example.com", "firstName": CORPUS[2], "lastName": CORPUS[0],
        "consent": {"email": {"commercial": True, "transactional": True}}}, expect=201)
    for hostile in LINE_AND_DIRECTION:
        status, error = call(flint, "PUT", "/api/v1/contacts/eve", {"email": "eve@example.com", "firstName": hostile})
        assert status == 400, f"{hostile!r} was accepted as a name"
    # Records: an entity whose text field carries the corpus.
    call(flint, "PUT", "/api/v1/entities/order", {"title": CORPUS[3], "customerType": "contact",
                                                  "fields": [{"name": "label", "type": "text"}]}, expect=201)
    for index, hostile in enumerate(CORPUS):
        call(flint, "PUT", f"/api/v1/entities/order/records/o-{index}", {"customerId": "ann", "fields": {"label": hostile}}, expect=201)

    journey = publish_journey(flint, {
        "name": CORPUS[3], "trigger": "xss_probe",
        "steps": [
            {"id": "mail", "type": "email", "purpose": "commercial", "subject": "About {{trigger.note}}",
             "html": '<p>Hi {{customer.firstName}}: {{trigger.note}}</p><a href="{{trigger.link}}">open</a>'},
            {"id": "hook", "type": "webhook", "url": f"{hooks.url}/xss", "body": '{"note": "{{trigger.note}}", "link": "{{trigger.link}}"}'},
        ]})
    # One customer per value: a journey runs once per customer at a time.
    values = CORPUS + LINE_AND_DIRECTION
    for index, hostile in enumerate(values):
        call(flint, "PUT", f"/api/v1/contacts/c{index}", {
            "email": f"c{index}@example.com", "firstName": CORPUS[index % 7],
            "consent": {"email": {"commercial": True, "transactional": True}}}, expect=201)
        send_event(flint, key, "xss_probe", f"c{index}", {"note": hostile, "link": hostile})

    # Email: every message arrived; no payload survives unescaped; no header was injected.
    total = len(values)
    try:
        mails = wait_until(lambda: (lambda got: got if len(got) >= total else None)(smtp_sink.received()),
                           seconds=30, message="every email")
    except AssertionError:
        runs = [call(flint, "GET", f"/api/v1/journeys/{journey}/runs?authId=c{index}")[1] for index in range(total)]
        mail_steps = [[(t["outcome"], t["detail"]) for t in run["runs"][0]["trace"] if t["step"] == "mail"] for run in runs if run["runs"]]
        raise AssertionError(f"{len(smtp_sink.received())} emails of {total}: {mail_steps}") from None
    for mail in mails:
        assert mail.message["Bcc"] is None and mail.rcpt_tos != ["victim@example.com"] and len(mail.rcpt_tos) == 1
        assert "\n" not in str(mail.message["Subject"]) and "\r" not in str(mail.message["Subject"])
        html = mail.message.get_body(("html",)).get_content()
        for hostile in CORPUS[:6]:
            assert hostile not in html, f"unescaped in email HTML: {hostile!r}"
        assert 'href="javascript:' not in html.lower()
    # Webhooks: valid JSON carrying each value exactly.
    received = wait_until(lambda: (lambda got: got if len(got) >= total else None)(hooks.received("/xss")), message="every webhook")
    notes = sorted(json.loads(request.body)["note"] for request in received)
    assert notes == sorted(CORPUS + LINE_AND_DIRECTION)

    # Snippets of the hostile trigger still parse (Python here; every language in test_snippets.py).
    connection = http.client.HTTPConnection("127.0.0.1", flint.port, timeout=10)
    connection.request("GET", "/api/v1/triggers/xss_probe/snippet?language=python", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    response = connection.getresponse()
    snippet = response.read().decode()
    connection.close()
    assert response.status == 200, snippet
    ast.parse(snippet)

    # Customer ids are shown in the inspector: the corpus as authIds too (ids refuse only control characters).
    for hostile in CORPUS[:6]:
        send_event(flint, key, "xss_probe", hostile, {"note": "by id"})

    # The UI: every page that shows these texts, in headless Chromium.
    sign_in_through_setup(browser, flint)
    pages = Pages(browser, flint, "xss")
    for path in ["/triggers", "/triggers/xss_probe", f"/journeys/{journey}", "/journeys",
                 f"/journeys/{journey}?authId=ann", "/customers?type=contact&id=ann",
                 "/customers?type=contact&id=ann&entity=order", "/triggers/xss_probe/edit", f"/journeys/{journey}/edit"]:
        pages.open(path)
        assert not injected_elements(browser), f"{path}: {injected_elements(browser)}"
        no_alert(browser)
    pages.open("/triggers/xss_probe")
    assert pages.find("h1").text == CORPUS[1]
    try:
        wait_until(lambda: f"{MARK}-1" in pages.find("#inspector-rows").text, seconds=10, message="the corpus in the inspector")
    except AssertionError as error:
        raise AssertionError(f"{error}: {pages.find('#inspector-rows').get_attribute('outerHTML')[:1000]}") from None
    assert not injected_elements(browser)
    pages.open("/customers?type=contact&id=ann")
    assert CORPUS[2] in browser.find_element(pages.by.TAG_NAME, "main").text
    # The records' hostile fields are on the page as text (so the checks above looked at them).
    pages.open("/customers?type=contact&id=ann&entity=order")
    assert f"{MARK}-6" in browser.find_element(pages.by.TAG_NAME, "main").text
    pages.open(f"/journeys/{journey}")
    assert CORPUS[3] in browser.find_element(pages.by.TAG_NAME, "main").text
