"""The marketer's web UI in real headless Chromium: set up, sign in, create a trigger through the form,
see the snippet tabs, watch the integration verify live, mark it ready; markup shows as text; every page
passes axe-core without critical or serious violations; a screenshot of every page is kept."""
import http.client
import os
import time
import uuid
from pathlib import Path

import pytest

from conftest import ADMIN_TOKEN, Flint, flint_binary
from snippet_toolchains import child_env, tool

try:
    from selenium.webdriver.support.ui import Select
except ImportError:  # reported by the browser fixture
    Select = None

ARTIFACTS = Path(os.environ.get("FLINT_E2E_ARTIFACTS", Path(__file__).parent / "artifacts")) / "screenshots"
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module", autouse=True)
def fresh_screenshots():
    """Each run leaves exactly its own screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()


@pytest.fixture
def browser(tmp_path):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as error:
        pytest.fail(f"selenium is not installed ({error}); pip install -r Tests/e2e/requirements.txt", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = tool("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--no-proxy-server", "--disable-gpu",
                     "--window-size=1280,900", f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=tool("chromedriver"), env=child_env()))
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture
def ui_flint(tmp_path):
    server = Flint(flint_binary(), tmp_path / "data")
    server.start()
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait()


def wait_for(condition, seconds=10.0, message="the page to change"):
    from selenium.common.exceptions import WebDriverException
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
        except WebDriverException:  # the live refresh replaced what was being read: read again
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}")


class Pages:
    """Drives Flint's pages and checks each one it visits (axe-core, screenshot, no script from data)."""

    def __init__(self, driver, flint, story="ui"):
        from selenium.webdriver.common.by import By
        self.driver, self.flint, self.by = driver, flint, By
        # Screenshots are named <story>-<n>-<page>.png, in the order the story visits the pages.
        self.prefix = story
        self.base = f"http://127.0.0.1:{flint.port}"
        self.shots = []

    def open(self, path):
        self.driver.get(self.base + path)

    def find(self, css):
        return self.driver.find_element(self.by.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.driver.find_elements(self.by.CSS_SELECTOR, css)

    def find_all_xpath(self, xpath):
        return self.driver.find_elements(self.by.XPATH, xpath)

    def check(self, name):
        """axe-core on the current page (no critical or serious violation), then a screenshot."""
        from axe_selenium_python import Axe
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        serious = [v for v in results["violations"] if v["impact"] in ("critical", "serious")]
        assert not serious, f"{name}: " + axe.report(serious)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.prefix}-{len(self.shots) + 1:02d}-{name}.png"
        path.write_bytes(self.whole_page_png())
        self.shots.append(path.name)

    def whole_page_png(self):
        """The whole page, not only the window: the window grows to the page's height for the shot."""
        window = self.driver.get_window_size()
        page, inner = self.driver.execute_script(
            "window.scrollTo(0, 0); return [document.documentElement.scrollHeight, window.innerHeight]")
        chrome = window["height"] - inner
        self.driver.set_window_size(window["width"], min(max(page + chrome, window["height"]), 6000))
        try:
            return self.driver.get_screenshot_as_png()
        finally:
            self.driver.set_window_size(window["width"], window["height"])

    def submit(self, form_css="main form"):
        self.find(form_css + " button[type=submit]").click()


def no_alert(driver):
    from selenium.common.exceptions import NoAlertPresentException
    try:
        text = driver.switch_to.alert.text
    except NoAlertPresentException:
        return True
    raise AssertionError(f"a script ran and opened an alert: {text!r}")


def test_a_marketer_sets_up_creates_a_trigger_and_sees_it_verified_live(browser, ui_flint):
    pages = Pages(browser, ui_flint, "trigger")
    pages.open("/")
    assert browser.current_url.endswith("/setup")
    pages.check("setup")
    pages.find("input[name=email]").send_keys("ann@example.com")
    pages.find("input[name=password]").send_keys(PASSWORD)
    pages.submit()
    wait_for(lambda: browser.current_url.endswith("/triggers"), message="the triggers list after setup")

    # Sign out and in again through the sign-in form.
    pages.find("form.signout button").click()
    wait_for(lambda: browser.current_url.endswith("/sign-in"), message="the sign-in page")
    pages.check("sign-in")
    pages.find("input[name=email]").send_keys("ann@example.com")
    pages.find("input[name=password]").send_keys(PASSWORD)
    pages.submit()
    wait_for(lambda: browser.current_url.endswith("/triggers"), message="the triggers list after sign-in")
    assert pages.find(".kind-builtin svg"), "built-in triggers show their own icon"
    pages.check("triggers")

    # A custom trigger with two typed attributes, through the form.
    pages.find("a[href='/triggers/new']").click()
    wait_for(lambda: browser.current_url.endswith("/triggers/new"))
    pages.check("new-trigger")
    pages.find("input[name=title]").send_keys("Loyalty joined")
    assert pages.find("input[name=name]").get_attribute("value") == "loyalty_joined", "the name is suggested from the title"
    Select(pages.find("select[name=customerType]")).select_by_value("contact")
    rows = pages.find_all("li.attribute-row")
    rows[0].find_element(pages.by.NAME, "attributeName").send_keys("tier")
    pages.find("button[data-add-row]").click()
    rows = pages.find_all("li.attribute-row")
    assert len(rows) == 2
    rows[1].find_element(pages.by.NAME, "attributeName").send_keys("points")
    Select(rows[1].find_element(pages.by.NAME, "attributeType")).select_by_value("number")
    pages.find(".trigger-form button[type=submit]").click()
    wait_for(lambda: browser.current_url.endswith("/triggers/loyalty_joined"), message="the new trigger's page")
    status, trigger = ui_flint.request("GET", "/api/v1/triggers/loyalty_joined")
    assert status == 200 and [(a["name"], a["type"]) for a in trigger["attributes"]] == [("tier", "text"), ("points", "number")]
    assert pages.find("#trigger-status").text == "Awaiting integration"

    # The snippet tabs: one per language, each showing its own code.
    tabs = pages.find_all("[role=tab]")
    assert [tab.text for tab in tabs] == ["JavaScript", "C#", "Python", "iOS (Swift)", "Android (Kotlin)", "curl"]
    tabs[2].click()
    panel = pages.find("#panel-python")
    assert panel.is_displayed() and "loyalty_joined" in panel.text
    assert not pages.find("#panel-javascript").is_displayed()
    pages.check("trigger-awaiting")

    # An event sent through the API shows up, and the page says verified, without a reload.
    status, key = ui_flint.request("POST", "/api/v1/ingestion-keys", {"name": "web", "kind": "secret"})
    assert status == 201
    marker = browser.execute_script("return window.performance.timeOrigin")
    status, _ = ui_flint.request("POST", "/v1/events", {"trigger": "loyalty_joined", "authId": "contact-42",
                                                        "attributes": {"tier": "gold", "points": 120}}, token=key["key"])
    assert status == 202
    sent = time.monotonic()
    wait_for(lambda: pages.find("#trigger-status").text == "Integration verified", seconds=5, message="Integration verified")
    assert time.monotonic() - sent < 3.5, "the status updates within two seconds (plus a poll)"
    wait_for(lambda: "contact-42" in pages.find("#inspector-rows").text, seconds=5, message="the event in the inspector")
    assert browser.execute_script("return window.performance.timeOrigin") == marker, "the page was not reloaded"
    pages.check("trigger-verified")

    pages.find("#ready-form button").click()
    wait_for(lambda: pages.find("#trigger-status").text == "Ready to use", message="Ready to use")
    pages.check("trigger-ready")
    assert ui_flint.request("GET", "/api/v1/triggers/loyalty_joined")[1]["status"] == "ready"
    no_alert(browser)
    print("screenshots:", ", ".join(pages.shots))


def test_markup_in_a_title_shows_as_text_and_runs_nothing(browser, ui_flint):
    title = "<img src=x onerror=alert(1)>"
    status, _ = ui_flint.request("POST", "/api/v1/triggers", {"name": "hostile", "title": title, "customerType": "contact",
                                                              "attributes": [{"name": "note", "type": "text"}]})
    assert status == 201
    status, key = ui_flint.request("POST", "/api/v1/ingestion-keys", {"name": "web", "kind": "secret"})
    ui_flint.request("POST", "/v1/events", {"trigger": "hostile", "authId": "<script>alert(2)</script>",
                                             "attributes": {"note": "<b onmouseover=alert(3)>x</b>"}}, token=key["key"])
    sign_in_through_setup(browser, ui_flint)
    pages = Pages(browser, ui_flint, "markup")
    pages.open("/triggers?q=hostile")
    assert pages.find("tr[data-trigger=hostile] a.title").text == title
    assert not pages.find_all("img[src=x]")
    no_alert(browser)
    pages.open("/triggers/hostile")
    assert pages.find("h1").text == title
    wait_for(lambda: "<script>alert(2)</script>" in pages.find("#inspector-rows").text, seconds=5, message="the event")
    time.sleep(1.6)  # one live refresh, which renders the same values through the script
    assert not pages.find_all("#inspector-rows script, #inspector-rows b, img[src=x]")
    no_alert(browser)
    pages.check("hostile-trigger")


def test_a_form_post_without_a_session_or_its_token_changes_nothing(ui_flint):
    body = "kind=custom&title=Forged&name=forged&customerType=contact&attributeName=x&attributeType=text"
    for cookie in (None, "flint_session=not-a-session"):
        connection = http.client.HTTPConnection("127.0.0.1", ui_flint.port, timeout=10)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"}
        if cookie:
            headers["Cookie"] = cookie
        connection.request("POST", "/triggers/new", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status == 303 and response.getheader("Location") == "/sign-in"
        connection.close()
    assert ui_flint.request("GET", "/api/v1/triggers/forged")[0] == 404


def builder_control(pages, label):
    """The builder's control labelled `label` (the first one, in document order)."""
    return pages.find_all_xpath(f"//div[@id='builder']//label[text()='{label}']/following-sibling::*[1]")[0]


def add_step(pages, list_title, step_type):
    """Adds a step of `step_type` to the first step list titled `list_title`. The builder may redraw
    meanwhile (it does when the trigger's fields arrive), so a stale list is found again."""
    from selenium.webdriver.support.ui import Select

    def attempt():
        step_list = pages.find_all_xpath(f"//div[contains(@class, 'step-list')][h3[text()='{list_title}']]")[0]
        Select(step_list.find_element(pages.by.XPATH, "./div[@class='add-step']//select")).select_by_value(step_type)
        step_list.find_element(pages.by.XPATH, "./div[@class='add-step']//button").click()
        return True
    wait_for(attempt, message=f"a {step_type} step added to {list_title}")


def sign_in(pages, email):
    pages.open("/sign-in")
    pages.find("input[name=email]").send_keys(email)
    pages.find("input[name=password]").send_keys(PASSWORD)
    pages.submit()
    wait_for(lambda: pages.driver.current_url.endswith("/triggers"), message="signed in")


def sign_in_through_setup(browser, flint):
    pages = Pages(browser, flint)
    pages.open("/setup")
    pages.find("input[name=email]").send_keys("ann@example.com")
    pages.find("input[name=password]").send_keys(PASSWORD)
    pages.submit()
    wait_for(lambda: browser.current_url.endswith("/triggers"), message="the triggers list")


def test_journeys_show_their_flow_with_counts_and_runs_and_keys_are_managed(browser, ui_flint):
    status, _ = ui_flint.request("POST", "/api/v1/triggers", {"name": "loyalty_joined", "title": "Loyalty joined",
                                                              "customerType": "contact",
                                                              "attributes": [{"name": "tier", "type": "text"}]})
    assert status == 201
    status, key = ui_flint.request("POST", "/api/v1/ingestion-keys", {"name": "server", "kind": "secret"})
    event = lambda customer, tier: ui_flint.request(  # noqa: E731
        "POST", "/v1/events", {"trigger": "loyalty_joined", "authId": customer, "attributes": {"tier": tier}}, token=key["key"])
    assert event("setup", "none")[0] == 202
    assert ui_flint.request("POST", "/api/v1/triggers/loyalty_joined/ready")[0] == 200
    sign_in_through_setup(browser, ui_flint)
    pages = Pages(browser, ui_flint, "journey")

    # Build the journey in the builder: a branch on the tier, a wait in each arm.
    pages.open("/journeys")
    pages.find("a[href='/journeys/new']").click()
    wait_for(lambda: pages.find_all("#journey-name"), message="the builder")
    pages.find("#journey-name").send_keys("Loyalty welcome")
    Select(builder_control(pages, "Starts when")).select_by_value("loyalty_joined")
    add_step(pages, "Steps", "branch")
    branch = pages.find("li.step-branch")
    label = branch.find_element(pages.by.XPATH, ".//label[text()='Label']/following-sibling::input")
    label.clear()
    label.send_keys("gold")
    attribute = Select(branch.find_element(pages.by.XPATH, ".//label[text()='Attribute']/following-sibling::select"))
    assert attribute.first_selected_option.get_attribute("value") == "trigger.tier"
    operators = [o.get_attribute("value") for o in Select(
        branch.find_element(pages.by.XPATH, ".//label[text()='Operator']/following-sibling::select")).options]
    assert "equals" in operators and "greaterThan" not in operators, "a text attribute is offered text operators only"
    branch.find_element(pages.by.XPATH, ".//label[text()='Value']/following-sibling::input").send_keys("gold")
    add_step(pages, "Then", "wait")
    add_step(pages, "Otherwise", "wait")
    otherwise_wait = pages.find("li.step-branch li.step-wait[data-step-id=wait_2]")
    duration = otherwise_wait.find_element(pages.by.XPATH, ".//label[starts-with(text(), 'Wait for')]/following-sibling::input")
    duration.clear()
    duration.send_keys("P2D")
    pages.check("journey-builder")
    pages.find("#builder-form button[type=submit]").click()
    wait_for(lambda: "/journeys/jrn_" in browser.current_url or "/journeys/" in browser.current_url.rstrip("/").rsplit("/", 1)[0] + "/",
             message="the saved journey")
    wait_for(lambda: pages.find_all("svg.journey-diagram"), message="the journey page after saving")
    journey = {"id": browser.current_url.rstrip("/").rsplit("/", 1)[1]}
    status, stored = ui_flint.request("GET", f"/api/v1/journeys/{journey['id']}")
    assert status == 200 and stored["steps"][0]["branches"][0]["when"] == {"attribute": "trigger.tier", "op": "equals", "value": "gold"}
    assert {g.get_attribute("data-step") for g in pages.find_all("svg.journey-diagram g[data-step]")} >= {"branch_1", "wait_1", "wait_2"}
    pages.find("form[action$='/publish'] button").click()
    wait_for(lambda: pages.find_all("form[action$='/stop']"), message="the journey to be live")
    for customer, tier in (("contact-7", "gold"), ("contact-8", "silver"), ("contact-9", "gold")):
        assert event(customer, tier)[0] == 202

    def counted():
        pages.open(f"/journeys/{journey['id']}")
        return "2 reached" in pages.find("svg.journey-diagram g[data-step=wait_1]").text
    wait_for(counted, seconds=10, message="the diagram to count the gold runs")
    pages.check("journey")
    pages.find("input[name=authId]").send_keys("contact-7")
    pages.find("form.search button").click()
    wait_for(lambda: pages.find_all("article.run"), message="the customer's run")
    assert "wait_1" in pages.find("article.run").text and "waiting" in pages.find("article.run").text
    pages.check("journey-run")

    # The dry run: the path a gold customer would take, with nothing sent.
    pages.find("#dry-auth").send_keys("contact-sample")
    attributes = pages.find("#dry-attributes")
    attributes.clear()
    attributes.send_keys('{"tier": "gold"}')
    pages.find(".dry-run button[type=submit]").click()
    wait_for(lambda: pages.find_all(".dry-run-result"), message="the dry run's result")
    path = pages.find(".dry-run-path").text
    assert "branch_1" in path and "wait_1" in path and "wait_2" not in path
    pages.check("journey-dry-run")
    pages.open("/journeys")
    pages.check("journeys")

    # Ingestion keys: a publishable key for a web page, its value shown.
    pages.open("/keys")
    pages.find("input[name=name]").send_keys("shop web")
    pages.find("textarea[name=allowedOrigins]").send_keys("https://shop.example")
    pages.find("form[action='/keys'] button[type=submit]").click()
    wait_for(lambda: pages.find_all("#issued-key"), message="the new key")
    assert pages.find("#issued-key").text.startswith("flk_pub_")
    pages.check("keys")

    # Customers: a contact's consent shown and edited, its records listed.
    assert ui_flint.request("PUT", "/api/v1/contacts/ann-1", {"email": "ann@shop.example", "firstName": "Ann",
        "consent": {"email": {"commercial": True, "transactional": True}}})[0] in (200, 201)
    assert ui_flint.request("PUT", "/api/v1/entities/order", {"title": "Order", "customerType": "contact",
        "fields": [{"name": "total", "type": "number"}]})[0] in (200, 201)
    assert ui_flint.request("PUT", "/api/v1/entities/order/records/o-1", {"customerId": "ann-1", "fields": {"total": 42}})[0] in (200, 201)
    pages.open("/customers")
    Select(pages.find("#type")).select_by_value("contact")
    pages.find("#customer-id").send_keys("ann-1")
    pages.find("form[role=search] button").click()
    wait_for(lambda: pages.find_all("article.customer"), message="the customer")
    assert "o-1" in pages.find("article.customer").text
    commercial = pages.find("input[name='email.commercial']")
    assert commercial.is_selected()
    commercial.click()
    pages.find("article.customer form button[type=submit]").click()
    wait_for(lambda: pages.find_all(".notice"), message="consent saved")
    status, contact = ui_flint.request("GET", "/api/v1/contacts/ann-1")
    assert contact["consent"]["email"] == {"commercial": False, "transactional": True}
    pages.check("customer")

    # The trigger's edit form, a developer link opened without an account, and the users page.
    pages.open("/triggers/loyalty_joined/edit")
    assert pages.find("input[name=title]").get_attribute("value") == "Loyalty joined"
    pages.check("trigger-edit")
    pages.open("/triggers/loyalty_joined")
    pages.find("form[action$='/links'] button").click()
    link = wait_for(lambda: pages.find_all("#developer-link") and pages.find("#developer-link").text, message="the developer link")
    browser.delete_all_cookies()
    browser.get(link)
    assert pages.find("h1").text == "Loyalty joined" and pages.find_all("[role=tab]")
    assert not pages.find_all("form.signout"), "the link opens one trigger, signed out"
    pages.check("developer-link")
    sign_in(pages, "ann@example.com")
    pages.open("/users")
    pages.check("users")
    no_alert(browser)
