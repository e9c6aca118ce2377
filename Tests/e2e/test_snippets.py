"""Generated integration snippets end to end: for a trigger with all five attribute types (in every
language), and for hostile triggers (one or two per language), every snippet is fetched from
`GET /api/v1/triggers/{name}/snippet` and run, unchanged, with the real toolchain:

- python: `python3 x.py`; curl: `bash x.sh`;
- swift: `swiftc x.swift -o x && ./x`;
- csharp: `mcs -warnaserror -r:System.Net.Http x.cs -out:x.exe && mono x.exe` (Debian's mono-mcs,
  mono-runtime and libmono-system-net-http4.0-cil): a compiler warning fails the test;
- kotlin: `kotlinc x.kt -include-runtime -d x.jar && java -jar x.jar` (Debian's kotlin + the JDK);
- javascript: the returned HTML page, served by a local http.server from an origin the publishable key
  allows, opened in headless Chromium through Selenium; the page writes Flint's answer into
  `#flint-result`.

A hostile trigger's attribute names are its language's keywords (Python's from its own `keyword`
module, the others as their specifications list them; at most 100 a trigger), and its title,
description, attribute descriptions and eventName hold the known ways out of a comment, a literal or
a line: a PEP 263 declaration that would turn the docstring's escaped quotes back into real ones
(`coding: unicode_escape`, then `\"\"\";import os;os.system("touch MARKER");\"\"\"`), `coding: utf-7`, `*/`,
`/*`, C# `#line`/`#pragma`/`#define`/`#error`, Swift `#sourceLocation`/`#error`, U+2028, U+2029, NEL,
CR, U+000B/U+000C, bidi overrides and isolates, `</script>`, `<!--`, `-->`, `$(touch MARKER)`,
backticks, `${x}`, heredoc terminators, Kotlin templates, C# interpolation braces, Python `\\N{...}`.
Each must compile (C# without a warning) and run as if the text were plain; no snippet may hold user
text in its first two lines or a line terminator other than `\\n`; afterwards MARKER must not exist
and the page must not have run the injected script.

The five programs use a secret key, given to them in `FLINT_INGESTION_KEY` as the snippets ask; the page
has a publishable key inlined (`&key=<id>`). Each run must exit 0 and print 202/accepted, and the admin
API must show exactly that event in the trigger's inspector, accepted, with every attribute present
with the right JSON type. At the end each trigger's `eventCount` equals the number of snippets run.

Compiling (kotlinc ~20-40 s, swiftc ~10-20 s, mcs ~2 s) starts in background threads as soon as the
snippets are fetched, so it overlaps with the quick languages. A missing toolchain fails the test (CI
installs them with scripts/install-test-deps); it is never skipped.
"""
import concurrent.futures
import functools
import http.client
import http.server
import json
import re
import signal
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ADMIN_TOKEN, Flint, flint_binary
from journey_setup import call, log_tail
from sinks import wait_until
from snippet_toolchains import tool, child_env, excerpt, execute, compile_command, run_command, run_tools
from snippet_triggers import EXTENSIONS, COMPILED, COMPILE_TIMEOUT, RUN_TIMEOUT, PAGE_TIMEOUT, ALL_TYPES, PEP_263, hostile_triggers, ALL_TYPES_DEFINITION, CASES

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")

# ---------------------------------------------------------------------------------------------- helpers


def fetch_snippet(flint, trigger: str, language: str, key_id: str) -> tuple[int, str, str]:
    """GET the snippet as text: (status, content type, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", flint.port, timeout=30)
    try:
        connection.request("GET", f"/api/v1/triggers/{trigger}/snippet?language={language}&key={quote(key_id)}",
                           headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def inspector(flint, trigger: str) -> list:
    return call(flint, "GET", f"/api/v1/triggers/{trigger}/events?limit=50", expect=200)[1]["events"]


def type_problems(attributes: dict, schema: list) -> list:
    """What is wrong with an accepted event's attributes against the trigger's schema: every attribute
    must be there (the examples fill them all) with the JSON type its attribute type calls for."""
    problems = []
    names = [attribute["name"] for attribute in schema]
    missing = [name for name in names if name not in attributes]
    unknown = [name for name in attributes if name not in names]
    if missing:
        problems.append(f"missing {missing}")
    if unknown:
        problems.append(f"unknown {unknown}")
    for attribute in schema:
        name, kind = attribute["name"], attribute["type"]
        if name not in attributes:
            continue
        value = attributes[name]
        if kind == "text":
            ok = isinstance(value, str)
        elif kind == "number":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif kind == "boolean":
            ok = isinstance(value, bool)
        elif kind == "datetime":
            ok = isinstance(value, str) and bool(RFC3339.match(value))
            if ok:
                try:
                    ok = datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00")).tzinfo is not None
                except ValueError:
                    ok = False
        elif kind == "entityReference":
            ok = isinstance(value, str) and value != ""
        else:
            ok = False
        if not ok:
            problems.append(f"{name} ({kind}) = {value!r}")
    return problems


def parse_answer(output: str) -> tuple[int, dict] | None:
    """Flint's answer as the programs print it: `202 {...}` or `HTTP 202\\n{...}`."""
    match = re.search(r"(?:HTTP )?(\d{3})\s+(\{.*\})\s*$", output, re.S)
    if not match:
        return None
    try:
        return int(match.group(1)), json.loads(match.group(2))
    except ValueError:
        return None

# ---------------------------------------------------------------------------------------------- fixture


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@dataclass
class Setup:
    flint: Flint
    root: Path
    origin: str
    secret_key: str
    publishable_key: str
    marker: Path  # created only if injected code runs
    definitions: dict  # trigger -> its definition
    snippets: dict = field(default_factory=dict)  # (language, trigger) -> (status, content type, text)
    compiles: dict = field(default_factory=dict)  # (language, trigger) -> Future[Step]
    ran: dict = field(default_factory=dict)  # trigger -> languages run
    timings: dict = field(default_factory=dict)  # "language-label" -> {"compile": s, "run": s}

    def folder(self, language: str, trigger: str) -> Path:
        return self.root / f"{language}-{label(trigger)}"


def label(trigger: str) -> str:
    return trigger.removeprefix("snippet_")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("snippets")
    flint = Flint(flint_binary(), root / "flint" / "data")
    (root / "flint").mkdir()
    flint.start()

    pages = root / "pages"
    pages.mkdir()
    page_server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(pages)))
    threading.Thread(target=page_server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{page_server.server_address[1]}"

    marker = root / "pwned"
    definitions = {ALL_TYPES: ALL_TYPES_DEFINITION}
    definitions.update({name: definition for name, (_, definition) in hostile_triggers(marker).items()})
    compiled_cases = sorted((case for case in CASES if case[0] in COMPILED), key=lambda case: COMPILED.index(case[0]))
    executor = concurrent.futures.ThreadPoolExecutor(max_workers=len(compiled_cases))
    state = None
    try:
        for definition in definitions.values():
            call(flint, "POST", "/api/v1/triggers", definition, expect=201)
        _, secret = call(flint, "POST", "/api/v1/ingestion-keys", {"name": "snippets (servers)", "kind": "secret"},
                         expect=201)
        _, publishable = call(flint, "POST", "/api/v1/ingestion-keys", {
            "name": "snippets (web page)", "kind": "publishable", "allowedOrigins": [origin]}, expect=201)
        state = Setup(flint=flint, root=root, origin=origin, secret_key=secret["key"],
                      publishable_key=publishable["key"], marker=marker, definitions=definitions)

        for language, trigger in CASES:
            key_id = publishable["id"] if language == "javascript" else secret["id"]
            status, content_type, text = fetch_snippet(flint, trigger, language, key_id)
            state.snippets[(language, trigger)] = (status, content_type, text)
            folder = pages if language == "javascript" else state.folder(language, trigger)
            folder.mkdir(exist_ok=True)
            if status == 200:
                (folder / f"{trigger}.{EXTENSIONS[language]}").write_text(text, encoding="utf-8")

        # Start every compile now (slowest first) so they overlap with each other and with the quick languages.
        for language, trigger in compiled_cases:
            if state.snippets[(language, trigger)][0] == 200:
                state.compiles[(language, trigger)] = executor.submit(
                    execute, compile_command(language, trigger), state.folder(language, trigger), child_env(),
                    COMPILE_TIMEOUT)
        yield state
    finally:
        for future in (state.compiles.values() if state else []):
            future.cancel()
        executor.shutdown(wait=True)
        page_server.shutdown()
        page_server.server_close()
        if flint.process and flint.process.poll() is None:
            flint.process.send_signal(signal.SIGKILL)
            flint.process.wait()

# ---------------------------------------------------------------------------------------------- checks


def fetched(setup: Setup, language: str, trigger: str) -> str:
    status, content_type, text = setup.snippets[(language, trigger)]
    assert status == 200, f"GET {language} snippet of {trigger} answered {status}: {text}\n{log_tail(setup.flint)}"
    assert content_type.startswith("text/plain"), f"{language} snippet served as {content_type!r}"
    assert f"127.0.0.1:{setup.flint.port}" in text, f"the {language} snippet does not point at this Flint"
    if language == "javascript":
        assert setup.publishable_key in text, "the page does not carry the publishable key it was asked for (&key=)"
    else:
        assert "FLINT_INGESTION_KEY" in text, f"the {language} snippet does not read FLINT_INGESTION_KEY"
        assert setup.secret_key not in text, f"the {language} snippet contains the secret key"
    return text


def check_parsed_as_written(setup: Setup, language: str, text: str):
    """No user text where tools read directives, no line terminator but \\n."""
    # No user text where tools read directives (PEP 263's encoding declaration is read on line 1 or 2), and
    # no line terminator but \n (str.splitlines also splits at \r, \v, \f, NEL, U+2028, U+2029, ...).
    first_lines = text.split("\n")[:2]
    assert not any(PEP_263.match(line) for line in first_lines), f"{language}: an encoding declaration: {first_lines}"
    assert first_lines == fetched_first_lines(setup, language), f"{language}: user text in the first two lines"
    lines = text.split("\n")
    assert text.splitlines() == (lines[:-1] if lines[-1] == "" else lines), f"{language}: a line terminator but \\n"


def fetched_first_lines(setup: Setup, language: str) -> list:
    """The first two lines of the plain trigger's snippet: hostile triggers must begin the same way."""
    return setup.snippets[(language, ALL_TYPES)][2].split("\n")[:2]


def check_arrived(setup: Setup, trigger: str, language: str, before: set, message_id: str):
    """Exactly one new inspector entry since `before`: this messageId, accepted, with every attribute typed right."""
    schema = setup.definitions[trigger]["attributes"]

    def new_entries():
        entries = [e for e in inspector(setup.flint, trigger) if e["messageId"] not in before]
        return entries if any(e["messageId"] == message_id for e in entries) else None

    try:
        entries = wait_until(new_entries, seconds=10, message=f"{message_id} in the inspector of {trigger}")
    except AssertionError as error:
        raise AssertionError(f"{language}: {error}; inspector: {inspector(setup.flint, trigger)[:3]}") from None
    assert len(entries) == 1, f"{language} produced {len(entries)} inspector entries, expected 1: {entries}"
    entry = entries[0]
    assert entry["verdict"] == "accepted", f"{language} event not accepted: {entry}"
    assert not entry.get("problems"), f"{language} event has problems: {entry}"
    assert isinstance(entry.get("authId"), str) and entry["authId"], f"{language} event has no authId: {entry}"
    problems = type_problems(entry.get("attributes") or {}, schema)
    assert not problems, f"{language} event's attributes do not fit {trigger}: {problems}; attributes: {entry['attributes']}"


def run_program(setup: Setup, language: str, trigger: str, text: str) -> str:
    """Compiles (waiting for the background compile) and runs one program snippet; returns the messageId it printed."""
    for command in run_tools(language):
        tool(command)
    folder, file_name = setup.folder(language, trigger), f"{trigger}.{EXTENSIONS[language]}"
    timing = setup.timings.setdefault(f"{language}-{label(trigger)}", {})
    if language in COMPILED:
        compiled = setup.compiles[(language, trigger)].result(timeout=COMPILE_TIMEOUT + 60)
        timing["compile"] = compiled.seconds
        if compiled.problem or compiled.returncode != 0:
            pytest.fail(f"{language} snippet of {trigger} does not compile: {compiled.problem or ''}\n{compiled.report()}\n"
                        f"{excerpt(text, compiled.stdout + compiled.stderr, file_name)}", pytrace=False)

    before = {e["messageId"] for e in inspector(setup.flint, trigger)}
    setup.ran.setdefault(trigger, []).append(language)
    ran = execute(run_command(language, trigger), folder, child_env(setup.secret_key), RUN_TIMEOUT)
    timing["run"] = ran.seconds
    if ran.problem or ran.returncode != 0:
        pytest.fail(f"{language} snippet of {trigger} failed: {ran.problem or ''}\n{ran.report()}\n"
                    f"{excerpt(text, ran.stdout + ran.stderr, file_name)}\n{log_tail(setup.flint, 1500)}", pytrace=False)
    answer = parse_answer(ran.stdout)
    assert answer, f"{language} snippet printed no `202 {{...}}` answer:\n{ran.report()}"
    status, body = answer
    assert status == 202 and body.get("status") == "accepted" and body.get("messageId"), (
        f"{language} snippet of {trigger} was not accepted:\n{ran.report()}")
    check_arrived(setup, trigger, language, before, body["messageId"])
    return body["messageId"]


def console(driver) -> list:
    """The page's console messages, without the 404 for /favicon.ico that the page server answers."""
    try:
        return [entry["message"] for entry in driver.get_log("browser") if "favicon.ico" not in entry["message"]]
    except Exception as error:  # the log is a nicety for failure messages
        return [f"(console log unavailable: {error})"]


def run_page(setup: Setup, trigger: str, text: str) -> str:
    """Opens the page snippet in headless Chromium from the allowed origin; returns the messageId it shows."""
    chromium, chromedriver = tool("chromium"), tool("chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
    except ImportError as error:
        pytest.fail(f"selenium is not installed ({error}); pip install -r Tests/e2e/requirements.txt", pytrace=False)

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--no-proxy-server",
                     "--disable-gpu", f"--user-data-dir={setup.root / ('chromium-' + label(trigger))}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})

    before = {e["messageId"] for e in inspector(setup.flint, trigger)}
    timing = setup.timings.setdefault(f"javascript-{label(trigger)}", {})
    started = time.monotonic()
    driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver, env=child_env()))
    try:
        setup.ran.setdefault(trigger, []).append("javascript")
        url = f"{setup.origin}/{trigger}.html"
        driver.get(url)

        def answer():
            shown_text = driver.find_element(By.ID, "flint-result").text
            return shown_text if shown_text and shown_text != "Sending…" else None

        try:
            result = wait_until(answer, seconds=PAGE_TIMEOUT, interval=0.1, message="#flint-result to show Flint's answer")
        except AssertionError as error:
            raise AssertionError(f"{error}; page text: {driver.find_element(By.TAG_NAME, 'body').text!r}; "
                                 f"console: {console(driver)}\n{log_tail(setup.flint, 1500)}") from None
        timing["run"] = time.monotonic() - started
        status, _, rest = result.partition(" ")
        if status != "accepted":
            pytest.fail(f"the page at {url} shows {result!r}; console: {console(driver)}\n{log_tail(setup.flint, 1500)}",
                        pytrace=False)
        body = json.loads(rest)
        assert body.get("status") == "accepted" and body.get("messageId"), f"the page shows {result!r}"
        injected = driver.execute_script("return typeof window.flintPwned")
        assert injected == "undefined", f"the page ran a script injected through the trigger's text ({injected})"
    finally:
        driver.quit()
    check_arrived(setup, trigger, "javascript", before, body["messageId"])
    return body["messageId"]

# ---------------------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("language,trigger", CASES, ids=[f"{l}-{label(t)}" for l, t in CASES])
def test_snippet_runs_and_its_event_is_accepted(setup, language, trigger):
    text = fetched(setup, language, trigger)
    if language == "javascript":
        run_page(setup, trigger, text)
    else:
        run_program(setup, language, trigger, text)
    # After the run, so that on code that lets text through, the run shows what it does (test_no_injected_code_ran).
    check_parsed_as_written(setup, language, text)


def test_event_count_equals_snippets_run(setup):
    """Each trigger's eventCount equals the number of snippets run against it; nothing was rejected."""
    timings = ", ".join(f"{name}: " + " + ".join(f"{kind} {seconds:.1f} s" for kind, seconds in parts.items())
                        for name, parts in setup.timings.items())
    print(f"\nsnippet timings: {timings}")
    for trigger in setup.definitions:
        _, state = call(setup.flint, "GET", f"/api/v1/triggers/{trigger}", expect=200)
        ran = setup.ran.get(trigger, [])
        assert state["eventCount"] == len(ran), (
            f"{trigger}: eventCount {state['eventCount']} after {len(ran)} snippets ran ({ran}); "
            f"inspector: {inspector(setup.flint, trigger)}")
        assert state["rejectedCount"] == 0, f"{trigger}: {state['rejectedCount']} events rejected: {inspector(setup.flint, trigger)}"
        if ran:
            assert state["status"] == "integrationVerified", state


def test_no_injected_code_ran(setup):
    """The hostile texts tell every language to `touch` the marker; no snippet (nor its compiler) may have."""
    assert setup.ran, "no snippet ran"
    assert not setup.marker.exists(), f"injected code ran: {setup.marker} exists"
