"""`flint backup` while Flint serves, restoring it, and a damaged or missing database at start."""
import shutil
import signal
import subprocess
import threading

from conftest import Flint, flint_binary
from test_durability import TRIGGER, assert_all_stored, send_burst, set_up


def test_a_backup_taken_under_load_restores_every_event_acknowledged_before_it(flint, tmp_path):
    key = set_up(flint)
    before = []
    send_burst(flint, key, 300, before)
    during = []
    stop = threading.Event()
    load = threading.Thread(target=lambda: send_burst(flint, key, 100_000, during, stop=stop, threads=8))
    load.start()
    try:
        backup = tmp_path / "backup.sqlite"
        result = subprocess.run(
            [flint_binary(), "backup", "--data", str(flint.data), str(backup)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "Backed up" in result.stdout and backup.exists()
        # Never over an existing file.
        again = subprocess.run([flint_binary(), "backup", "--data", str(flint.data), str(backup)], capture_output=True, text=True)
        assert again.returncode != 0 and "exists already" in again.stderr
    finally:
        stop.set()
        load.join()
    assert len(during) > 0, "the load ran while the backup was taken"
    assert flint.signal(signal.SIGTERM) == 0

    # Restore: a new data folder holding the copy as flint.sqlite.
    restored_data = tmp_path / "restored"
    restored_data.mkdir()
    shutil.copy(backup, restored_data / "flint.sqlite")
    restored = Flint(flint_binary(), restored_data)
    restored.start()
    try:
        assert_all_stored(restored, key, before)
        status, trigger = restored.request("GET", f"/api/v1/triggers/{TRIGGER['name']}")
        assert status == 200 and trigger["status"] == "integrationVerified"
    finally:
        restored.process.send_signal(signal.SIGKILL)
        restored.process.wait()


def start_failure(data):
    return subprocess.run([flint_binary(), "serve", "--port", "0", "--data", str(data)], capture_output=True, text=True, timeout=30)


def test_a_damaged_database_is_explained_at_start_with_exit_status_78(flint, tmp_path):
    set_up(flint)
    assert flint.signal(signal.SIGTERM) == 0
    database = flint.data / "flint.sqlite"
    with open(database, "r+b") as file:
        file.seek(4096 * 2)
        file.write(b"\xde\xad\xbe\xef" * 4096)
    result = start_failure(flint.data)
    assert result.returncode == 78, result.stderr
    assert "is damaged" in result.stderr and "Restore your latest backup" in result.stderr

    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / "flint.sqlite").write_bytes(b"not a database at all" * 1000)
    result = start_failure(garbage)
    assert result.returncode == 78 and "is damaged" in result.stderr


def test_a_database_missing_beside_its_log_is_explained_not_replaced(flint):
    set_up(flint)
    flint.process.send_signal(signal.SIGKILL)
    flint.process.wait()
    (flint.data / "flint.sqlite").unlink()
    assert (flint.data / "flint.sqlite-wal").exists()
    result = start_failure(flint.data)
    assert result.returncode == 78 and "is missing" in result.stderr
    assert not (flint.data / "flint.sqlite").exists()


def test_a_second_flint_on_the_same_data_folder_stops_at_start(flint):
    key = set_up(flint)
    result = start_failure(flint.data)
    assert result.returncode == 78, result.stderr
    assert "Another Flint is already using the data folder" in result.stderr
    # The first one serves on, and a killed one leaves no stale lock behind.
    acknowledged = []
    send_burst(flint, key, 20, acknowledged, threads=4)
    assert len(acknowledged) == 20
    flint.process.send_signal(signal.SIGKILL)
    flint.process.wait()
    flint.start()
    assert_all_stored(flint, key, acknowledged)
