"""An XSS and injection corpus sent everywhere a client or a user puts text: attribute values (and
names), record fields, contact names, journey names, trigger titles. Nothing executes in the UI
(headless Chromium), nothing survives unescaped in email HTML, no header is injected into an email,
webhook bodies stay valid JSON, and the snippets of a hostile trigger still parse. (Every language's
snippet is compiled and run with hostile texts by test_snippets.py.)"""
import ast
import json
import urllib.parse

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
    "p\u0430ypal.com \u2066isolated\u2069",  # a Cyrillic a, and isolates (allowed in values, shown as text)
]
# Refused where they could forge lines or reorder text: customer fields (API.md).
LINE_AND_DIRECTION = ["Ann\r\nBcc: victim@example.com", "\u202egnp.exe", "Ann\u2028Eve"]


def injected_elements(driver):
    """Elements or effects only an executed payload could leave behind."""
    return driver.execute_script("""
        const found = [];
        if (document.title.includes('pwned')) found.push('title: ' + document.title);
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
                                                  "fields": [{"name": "label", "type": "text"}]}, expect=None)
    for index, hostile in enumerate(CORPUS):
        call(flint, "PUT", f"/api/v1/entities/order/records/o-{index}", {"customerId": "ann", "fields": {"label": hostile}})

    journey = publish_journey(flint, {
        "name": CORPUS[3], "trigger": "xss_probe",
        "steps": [
            {"id": "mail", "type": "email", "purpose": "commercial", "subject": "About {{trigger.note}}",
             "html": '<p>Hi {{customer.firstName}}: {{trigger.note}}</p><a href="{{trigger.link}}">open</a>'},
            {"id": "hook", "type": "webhook", "url": f"{hooks.url}/xss", "body": '{"note": "{{trigger.note}}", "link": "{{trigger.link}}"}'},
        ]})
    for hostile in CORPUS + LINE_AND_DIRECTION:
        send_event(flint, key, "xss_probe", "ann", {"note": hostile, "link": hostile})

    # Email: every message arrived; no payload survives unescaped; no header was injected.
    total = len(CORPUS) + len(LINE_AND_DIRECTION)
    mails = wait_until(lambda: (lambda got: got if len(got) >= total else None)(smtp_sink.to("ann@example.com")),
                       seconds=30, message="every email")
    for mail in mails:
        assert mail.message["Bcc"] is None and "victim@example.com" not in mail.rcpt_tos
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
    _, snippet = call(flint, "GET", "/api/v1/triggers/xss_probe/snippet?language=python", expect=200)
    ast.parse(snippet["code"] if isinstance(snippet, dict) else snippet)

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
    wait_until(lambda: CORPUS[0] in pages.find("#inspector-rows").text, seconds=10, message="the corpus in the inspector")
    assert not injected_elements(browser)
    pages.open("/customers?type=contact&id=ann")
    assert CORPUS[2] in browser.find_element(pages.by.TAG_NAME, "main").text
