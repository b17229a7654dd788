"""Start, find and stop a detached ``serve`` process; one pid file per port in the state directory."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from emulator import ACCOUNT_ID, HOST
from emulator.server import INFO_PATH

REPO_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


class EmulatorError(RuntimeError):
    """A failure the CLI reports as a clear message and a non-zero exit."""


def url_for(port: int) -> str:
    return f"http://{HOST}:{port}"


def state_dir(override: str | None = None) -> Path:
    return Path(override or os.environ.get("EMULATOR_STATE_DIR") or REPO_ROOT / ".work" / "emulator")


@dataclass
class Paths:
    pid_file: Path
    log_file: Path

    @classmethod
    def for_port(cls, port: int, directory: Path) -> Paths:
        return cls(directory / f"emulator-{port}.json", directory / f"emulator-{port}.log")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child still "exists"; treat it as gone
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def is_our_process(pid: int) -> bool:
    """The pid runs `-m emulator serve` (guards against a recycled pid)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            argv = fh.read().split(b"\0")
    except OSError:
        return False
    return b"emulator" in argv and b"serve" in argv


def answers(port: int, timeout: float = 2.0, account_id: str = ACCOUNT_ID) -> bool:
    """STS GetCallerIdentity answers with the account id the emulator was started with."""
    request = urllib.request.Request(  # noqa: S310 - fixed http URL on loopback
        url_for(port) + "/",
        data=b"Action=GetCallerIdentity&Version=2011-06-15",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/sts/aws4_request, "
            "SignedHeaders=host, Signature=0",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return f"<Account>{account_id}</Account>" in response.read().decode("utf-8", "replace")
    except (OSError, urllib.error.URLError):
        return False


def info(port: int, timeout: float = 2.0) -> dict | None:
    """Our INFO_PATH document, or None when whatever listens on the port is not our emulator."""
    try:
        with urllib.request.urlopen(url_for(port) + INFO_PATH, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read())
    except (OSError, ValueError, urllib.error.URLError):
        return None


def port_in_use(port: int) -> bool:
    """Whether something listens on the port. SO_REUSEADDR, as the server binds: a connection of an earlier emulator
    still in TIME_WAIT on that port does not make it taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return True
            raise
    return False


def read_pid_file(paths: Paths) -> dict | None:
    try:
        return json.loads(paths.pid_file.read_text())
    except (OSError, ValueError):
        return None


def running(port: int, directory: Path) -> dict | None:
    """The pid file's record when our emulator on this port is alive."""
    record = read_pid_file(Paths.for_port(port, directory))
    if record and pid_alive(int(record["pid"])) and is_our_process(int(record["pid"])):
        return record
    return None


def _log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def up(port: int, directory: Path, account_id: str = ACCOUNT_ID) -> str:
    """Start ``serve`` detached; a different ``account_id`` reaches it as EMULATOR_ACCOUNT_ID (cli.py)."""
    paths = Paths.for_port(port, directory)
    record = running(port, directory)
    if record:
        deadline = time.monotonic() + START_TIMEOUT
        while not answers(port, account_id=account_id) and time.monotonic() < deadline:
            time.sleep(0.2)
        if not answers(port, account_id=account_id):
            raise EmulatorError(
                f"emulator pid {record['pid']} on port {port} does not answer as account {account_id}; "
                f"see {paths.log_file} (another account: stop it first, or use another port)"
            )
        return f"emulator already running at {url_for(port)} (pid {record['pid']}), reusing it"
    stale = read_pid_file(paths)
    paths.pid_file.unlink(missing_ok=True)  # stale: process gone
    if port_in_use(port):
        raise EmulatorError(
            f"port {port} on {HOST} is taken by another process (not our emulator); "
            f"stop it or choose another port with --port / EMULATOR_PORT"
        )

    directory.mkdir(parents=True, exist_ok=True)
    with open(paths.log_file, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "emulator", "serve", "--port", str(port)],
            cwd=REPO_ROOT,
            env=dict(os.environ, EMULATOR_ACCOUNT_ID=account_id),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # survives the caller's terminal and Ctrl-C
        )
    record = {
        "pid": process.pid,
        "port": port,
        "url": url_for(port),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    paths.pid_file.write_text(json.dumps(record, indent=2) + "\n")

    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            paths.pid_file.unlink(missing_ok=True)
            raise EmulatorError(
                f"emulator exited with code {process.returncode} during start-up; "
                f"last lines of {paths.log_file}:\n{_log_tail(paths.log_file)}"
            )
        if answers(port, account_id=account_id):
            message = f"emulator running at {url_for(port)} (pid {process.pid}); log {paths.log_file}"
            if stale:
                # moto keeps every resource in memory: say so rather than let callers assume it survived
                message += (
                    f"\nthe previous emulator on port {port} (pid {stale.get('pid')}, started "
                    f"{stale.get('started_at')}) is gone; every AWS resource it held, and any Terraform state "
                    "stored in it, was lost; this one starts empty"
                )
            return message
        time.sleep(0.2)
    _terminate(process.pid)
    paths.pid_file.unlink(missing_ok=True)
    raise EmulatorError(
        f"emulator did not answer within {START_TIMEOUT:.0f} s; "
        f"last lines of {paths.log_file}:\n{_log_tail(paths.log_file)}"
    )


def _terminate(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_TIMEOUT
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if pid_alive(pid):
        os.kill(pid, signal.SIGKILL)
        while pid_alive(pid):
            time.sleep(0.05)


def down(port: int, directory: Path) -> str:
    paths = Paths.for_port(port, directory)
    record = read_pid_file(paths)
    if not record:
        return f"no emulator running on port {port} (nothing to stop)"
    pid = int(record["pid"])
    if pid_alive(pid) and is_our_process(pid):
        _terminate(pid)
        message = f"emulator on port {port} (pid {pid}) stopped"
    else:
        message = f"emulator on port {port} was not running (stale pid file removed)"
    paths.pid_file.unlink(missing_ok=True)
    return message


def status(port: int, directory: Path, account_id: str = ACCOUNT_ID) -> tuple[bool, str]:
    record = running(port, directory)
    if record and answers(port, account_id=account_id):
        return True, f"running at {url_for(port)} (pid {record['pid']}, since {record.get('started_at')})"
    if record:
        return False, (
            f"not running: pid {record['pid']} is alive but does not answer on port {port} as account {account_id}"
        )
    return False, f"not running on port {port}"
