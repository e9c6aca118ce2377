"""openapi.yaml agrees with the server: a bounded schemathesis run (every check) must find nothing.

The run is seeded (FLINT_SCHEMATHESIS_SEED, default 1) so CI is repeatable; set another seed, or
FLINT_SCHEMATHESIS_EXAMPLES, to explore further. Settings and their reasons: schemathesis.toml.
"""
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def prepare(flint) -> dict:
    """A secret key, a verified and ready trigger, a profile trigger, an entity with a record and a record
    trigger, and a draft journey."""
    status, key = flint.request("POST", "/api/v1/ingestion-keys", {"name": "schemathesis", "kind": "secret"})
    assert status == 201, key
    signup = {
        "name": "st_signup", "title": "Signed up", "customerType": "contact",
        "attributes": [{"name": "plan", "type": "text", "required": True}, {"name": "seats", "type": "number"}],
    }
    assert flint.request("POST", "/api/v1/triggers", signup)[0] == 201
    order = {"title": "Order", "fields": [{"name": "status", "type": "text", "required": True}, {"name": "total", "type": "number"}]}
    assert flint.request("PUT", "/api/v1/entities/st_order", order)[0] == 201
    assert flint.request("PUT", "/api/v1/entities/st_order/records/o-1", {"customerId": "c-1", "fields": {"status": "placed"}})[0] == 201
    shipped = {"name": "st_order_changed", "title": "Order changed", "kind": "record", "entity": "st_order"}
    assert flint.request("POST", "/api/v1/triggers", shipped)[0] == 201
    profile = {"name": "st_profile", "title": "Profile seen", "customerType": "profile"}
    assert flint.request("POST", "/api/v1/triggers", profile)[0] == 201
    event = {"trigger": "st_signup", "authId": "c-1", "attributes": {"plan": "pro"}}
    assert flint.request("POST", "/v1/events", event, token=key["key"])[0] == 202
    assert flint.request("POST", "/api/v1/triggers/st_signup/ready")[0] == 200
    journey = {"name": "Welcome", "trigger": "st_signup", "steps": [{"id": "pause", "type": "wait", "duration": "PT1H"}]}
    status, created = flint.request("POST", "/api/v1/journeys", journey)
    assert status == 201, created
    return {"FLINT_ST_INGESTION_KEY": key["key"], "FLINT_ST_JOURNEY": created["id"]}


def test_openapi_document_matches_the_server(flint, tmp_path):
    env = dict(os.environ, FLINT_ST_ADMIN_TOKEN=flint.admin_token, **prepare(flint))
    command = [
        str(SCHEMATHESIS), "--config-file", str(HERE / "schemathesis.toml"), "run",
        f"http://127.0.0.1:{flint.port}/openapi.yaml",
        "--checks", "all", "--continue-on-failure", "--workers", "2", "--phases", "examples,coverage,fuzzing,stateful",
        "--max-examples", os.environ.get("FLINT_SCHEMATHESIS_EXAMPLES", "30"),
        "--seed", os.environ.get("FLINT_SCHEMATHESIS_SEED", "1"),
        "--request-timeout", "10",
    ]
    result = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-20000:]
    # The stateful phase follows the document's links (a created trigger, key, journey, customer or
    # entity, then the operations on it): it must have run, not been skipped for want of links.
    assert "✅ Stateful" in " ".join(report.split()), report[-6000:]
