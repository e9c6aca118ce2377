"""Without FLINT_ADMIN_TOKEN, Flint generates an admin token, prints it once, and keeps only its hash."""
import re
import signal

from conftest import Flint, flint_binary


def test_generated_admin_token_is_printed_once_and_stored_hashed(tmp_path):
    server = Flint(flint_binary(), tmp_path / "data", admin_token=None)
    server.start()
    try:
        tokens = re.findall(r"flint_admin_[A-Za-z0-9]{40}", server.log.read_text())
        assert len(tokens) == 1
        token = tokens[0]
        assert server.request("GET", "/api/v1/triggers", token=token)[0] == 200
        assert server.request("GET", "/api/v1/triggers", token="flint_admin_wrong")[0] == 401
        assert server.signal(signal.SIGTERM) == 0

        server.start()
        assert re.findall(r"flint_admin_[A-Za-z0-9]{40}", server.log.read_text()) == [token]
        assert server.request("GET", "/api/v1/triggers", token=token)[0] == 200
        for stored in (tmp_path / "data").iterdir():
            assert token.encode() not in stored.read_bytes(), f"the admin token is in {stored.name}"
    finally:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGKILL)
            server.process.wait()
