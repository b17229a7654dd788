"""The CLI: up / reuse / status / down, port conflicts, loopback-only binding."""

import json
import socket
from pathlib import Path

import pytest
from emulator_testkit import free_port, run_cli

from emulator import process


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a LISTEN socket on ``port`` (IPv4 and IPv6), from /proc/net."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


@pytest.fixture
def running_port(state_dir):
    port = free_port()
    yield port
    run_cli("down", "--port", str(port), "--state-dir", str(state_dir))


def test_up_reuse_status_down(running_port, state_dir):
    port, args = str(running_port), ["--port", str(running_port), "--state-dir", str(state_dir)]
    first = run_cli("up", *args)
    assert first.returncode == 0, first.stderr
    assert f"http://127.0.0.1:{port}" in first.stdout
    record = json.loads((state_dir / f"emulator-{port}.json").read_text())
    assert set(record) == {"pid", "port", "url", "started_at"}
    assert record["url"] == f"http://127.0.0.1:{port}"
    assert process.answers(running_port, timeout=30)  # its first STS call loads the backend: 2 s ran out under load

    again = run_cli("up", *args)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == (
        f"emulator already running at http://127.0.0.1:{port} (pid {record['pid']}), reusing it"
    )

    status = run_cli("status", *args)
    assert status.returncode == 0
    assert status.stdout.startswith("running")

    down = run_cli("down", *args)
    assert down.returncode == 0
    assert not process.pid_alive(record["pid"])
    assert not (state_dir / f"emulator-{port}.json").exists()
    assert not process.answers(running_port)

    assert run_cli("status", *args).returncode == 3
    down_again = run_cli("down", *args)
    assert down_again.returncode == 0
    assert "no emulator running" in down_again.stdout


def test_binds_loopback_only(running_port, state_dir):
    assert run_cli("up", "--port", str(running_port), "--state-dir", str(state_dir)).returncode == 0
    assert listening_addresses(running_port) == {"0100007F"}  # 127.0.0.1, nothing on 0.0.0.0 or ::


def test_refuses_port_taken_by_another_process(state_dir):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = run_cli("up", "--port", str(port), "--state-dir", str(state_dir))
    assert result.returncode != 0
    assert f"port {port}" in result.stderr and "taken by another process" in result.stderr
    assert not (state_dir / f"emulator-{port}.json").exists()


def test_a_connection_left_in_time_wait_does_not_take_the_port():
    """`make demo` right after `make emulator-down`: the old server's side of a closed connection sits in TIME_WAIT
    on the port for a minute; the server binds with SO_REUSEADDR, so the port is free, not taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _addr = server.accept()
        accepted.close()  # the server side closes first: its end goes to TIME_WAIT
        client.close()
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    assert any(ln.split()[3] == "06" and int(ln.split()[1].split(":")[1], 16) == port for ln in lines)
    assert process.port_in_use(port) is False


def test_stale_pid_file_is_replaced(running_port, state_dir):
    state_dir.mkdir(parents=True)
    stale = {"pid": 2**22 + 7, "port": running_port, "url": "", "started_at": ""}  # above pid_max: never alive
    (state_dir / f"emulator-{running_port}.json").write_text(json.dumps(stale))
    assert run_cli("status", "--port", str(running_port), "--state-dir", str(state_dir)).returncode == 3
    result = run_cli("up", "--port", str(running_port), "--state-dir", str(state_dir))
    assert result.returncode == 0, result.stderr
    assert json.loads((state_dir / f"emulator-{running_port}.json").read_text())["pid"] != stale["pid"]


def test_state_dir_from_environment(running_port, tmp_path):
    env = {"EMULATOR_STATE_DIR": str(tmp_path / "from-env")}
    try:
        assert run_cli("up", "--port", str(running_port), env=env).returncode == 0
        assert (tmp_path / "from-env" / f"emulator-{running_port}.json").exists()
        assert (tmp_path / "from-env" / f"emulator-{running_port}.log").exists()
    finally:
        assert run_cli("down", "--port", str(running_port), env=env).returncode == 0
    assert not process.answers(running_port)


def test_unknown_fix_id_is_refused(tmp_path):
    port = free_port()
    result = run_cli("serve", "--port", str(port), env={"EMULATOR_DISABLE_FIXES": "no-such-fix"}, timeout=30)
    assert result.returncode != 0
    assert "no-such-fix" in result.stderr


def test_bad_time_scale_is_refused():
    result = run_cli("serve", "--port", str(free_port()), env={"EMULATOR_TIME_SCALE": "fast"}, timeout=30)
    assert result.returncode == 2
    assert "EMULATOR_TIME_SCALE must be a number > 0" in result.stderr
