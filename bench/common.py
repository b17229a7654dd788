"""Paths, environments and the one way the benchmark runs a command: logged, timed, loud on failure."""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_BIN = os.path.join(ROOT, ".venv", "bin")
PY = os.path.join(VENV_BIN, "python")
PLAYBOOK = os.path.join(VENV_BIN, "ansible-playbook")
TF_CLI_CONFIG = os.path.join(ROOT, ".work", "terraform", "cli.tfrc")
LAYERS = ["bootstrap", "network", "security", "loadbalancer", "compute", "services", "observability"]
TIMEOUT = 2400  # one playbook or one terraform command; a hang is an error, not a figure


class BenchError(RuntimeError):
    """A run that failed: the figure is not measured and the benchmark exits non-zero."""


@dataclass
class Result:
    argv: list[str]
    rc: int
    seconds: float
    stdout: str
    stderr: str


def terraform_env(extra: dict | None = None) -> dict:
    """The project's Terraform CLI config, never phoning home (the same as the Makefile exports)."""
    env = dict(os.environ, TF_CLI_CONFIG_FILE=TF_CLI_CONFIG, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1",
               TF_INPUT="0", LC_ALL="C.UTF-8", ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1")
    env["PATH"] = VENV_BIN + os.pathsep + env.get("PATH", "")
    # The collection runs Terraform with GOGC=400 (terraform_toolchain); the raw baseline gets the same Go runtime
    # setting, so a ratio measures the orchestration alone, not a garbage-collector setting.
    env.setdefault("GOGC", "400")
    env.update(extra or {})
    return env


def run(argv: list[str], env: dict, log_path: str, cwd: str = ROOT, ok_codes=(0,), timeout: int = TIMEOUT) -> Result:
    """Run argv, append its output to log_path, raise BenchError with the output's tail unless rc is in ok_codes."""
    started = time.monotonic()
    try:
        proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        rc, out, err = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        rc, out, err = -1, _text(exc.stdout), _text(exc.stderr) + "\n(timed out after %d s)" % timeout
    seconds = time.monotonic() - started
    with open(log_path, "a", encoding="utf-8") as log:
        log.write("\n$ %s\n# rc=%d %.1f s\n%s\n%s\n" % (" ".join(argv), rc, seconds, out, err))
    if rc not in ok_codes:
        raise BenchError("command failed (rc=%d, %.0f s): %s\n--- stdout (tail) ---\n%s\n--- stderr (tail) ---\n%s\n"
                         "full log: %s" % (rc, seconds, " ".join(argv), out[-6000:], err[-3000:], log_path))
    return Result(argv, rc, seconds, out, err)


def _text(value) -> str:
    if value is None:
        return ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


RECAP = re.compile(r"localhost\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)")
LAYER_RESULT = re.compile(r"Result \| (\w+) (\w+) ([\d.]+)\]")
PROFILE_LINE = re.compile(r"^(?P<task>\S.*?)\s+-{2,}\s+(?P<seconds>\d+\.\d+)s\s*$", re.M)


def recap(stdout: str) -> dict:
    """PLAY RECAP counters of localhost (the last play's)."""
    found = RECAP.findall(stdout)
    if not found:
        raise BenchError("no PLAY RECAP in the playbook output:\n" + stdout[-3000:])
    return dict(zip(("ok", "changed", "unreachable", "failed"), map(int, found[-1]), strict=True))


def layer_seconds(stdout: str) -> dict:
    """Per-layer seconds and status that roles/terraform_layer reports in its 'Result | <layer> <status> <s>' task."""
    return {m.group(1): {"status": m.group(2), "seconds": float(m.group(3))} for m in LAYER_RESULT.finditer(stdout)}


def task_profile(stdout: str) -> list[dict]:
    """The ansible.posix.profile_tasks recap: every task with its seconds, slowest first."""
    recap_at = stdout.rfind("PLAY RECAP")
    rows = [{"task": m.group("task").strip(), "seconds": float(m.group("seconds"))}
            for m in PROFILE_LINE.finditer(stdout[recap_at:] if recap_at >= 0 else stdout)]
    return sorted(rows, key=lambda r: -r["seconds"])
