"""`make test`: every suite, in lanes that run side by side, each its own pytest process.

Most of the end-to-end suites' time is waiting: for the emulator's (scaled) AWS delays, for Terraform, for
rollouts to settle. Lanes that do not share a deployment run at once; the fast suites fill the CPU meanwhile.
Each lane writes its log; a lane's log is printed whole when it ends, then one line per lane says how it went.
Exit status: 0 only when every lane passed.

    python tools/test_lanes.py [--list] [pytest args...]
"""

from __future__ import annotations

import glob
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Longest first: the slowest lanes start before the fast suites take the CPU. Each end-to-end lane has its own
# emulator and deployment (the session fixtures of tests/emulated_deployment.py); a module stays in the lane of the
# deployment it uses. In the operations lane the AWX job deploys first (from nothing, as a job template would) and
# the alarm and rollout tests run on what it deployed. The lock recovery tests (any applied, clean deployment; they
# change nothing) run there too, which keeps integration-site, the longest lane, shorter. The inventory checks of
# tests/integration that start emulators of their own (no deployment) run in the emulator lane, the shortest, for
# the same reason.
# Within a lane the modules run in the order given. The middle of a run is CPU-bound (every lane planning at once),
# its last minutes much less (the two long lanes waiting on the provider's and the simulated clock's delays): so
# each long lane keeps its plan-heavy checks (the drift cycle; lock recovery, the installed collection) for the end,
# when the other lanes have ended, and runs its waits (teardown and redeploy; alarm pages, rollouts) in the middle.
# `--last=<module>`: the lane's directory module by module, that one at the end (a module added later still runs).
LANES = [
    ("molecule", ["tests/molecule"]),
    ("integration-site", ["tests/integration", "--deselect-lane=operations", "--deselect-lane=emulator",
                          "--last=tests/integration/test_drift.py"]),
    ("operations", ["tests/awx", "tests/integration/test_alarm_pages.py", "tests/integration/test_service_rollouts.py",
                    "tests/integration/test_lock_recovery.py", "tests/integration/test_installed_collection.py"]),
    ("fast", ["tests/unit", "tests/foundation", "tests/lint", "tests/terraform", "terraform/checkov/tests"]),
    ("emulator", ["tests/emulator", "tests/fidelity", "tests/integration/test_inventory_validation.py",
                  "tests/integration/test_example_inventories_preflight.py"]),
]
# The end-to-end lanes are the critical path and wait much of the time (scaled AWS delays, rollouts); the fast lane
# is CPU only and has room (it ends well before them). At a lower priority it takes the CPU they leave idle instead of
# slowing their deployments down. The emulator's own tests wait on its simulated clock, so they keep the default.
# (Niceness orders processes within one scheduling group; with autogroup scheduling each session is one, so it does
# not reach Molecule, which the molecule lane starts in a session of its own: docs/bench.md, "autogroup".)
NICENESS = {"fast": 10}


@dataclass
class Lane:
    name: str
    args: list[str]
    log: str = ""
    proc: subprocess.Popen | None = None
    started: float = 0.0
    seconds: float = 0.0
    cpu: float = 0.0  # user + system seconds of the lane's pytest and every process it waited for
    returncode: int | None = None
    last_line: str = field(default="")
    durations: list = field(default_factory=list)  # (seconds, phase, test id) of pytest's slowest


# pytest's --durations lines ("563.07s setup    tests/awx/test_awx_runner.py::test_x"), per lane and for the run.
SLOWEST = 15
DURATION = re.compile(r"^(\d+\.\d+)s (call|setup|teardown)\s+(\S+)$", re.MULTILINE)


def expand(lanes: list[tuple[str, list[str]]]) -> list[Lane]:
    """`--deselect-lane=<name>`: leave out the paths of that lane (they run there). `--last=<module>`: the lane's
    directory (its first path) as its test modules in pytest's order, the ignored ones left out, that module last."""
    by_name = dict(lanes)
    out = []
    for name, args in lanes:
        expanded, ignored, last = [], [], []
        for arg in args:
            if arg.startswith("--deselect-lane="):
                ignored += [path for path in by_name[arg.split("=", 1)[1]]
                            if not path.startswith("-") and path.startswith(args[0])]
            elif arg.startswith("--last="):
                last.append(arg.split("=", 1)[1])
            else:
                expanded.append(arg)
        if last:
            found = glob.glob(os.path.join(ROOT, args[0], "test_*.py"))
            modules = sorted(os.path.relpath(path, ROOT) for path in found)
            expanded[:1] = [m for m in modules if m not in ignored and m not in last] + last
        else:
            expanded += [option for path in ignored for option in ("--ignore", path)]
        out.append(Lane(name, expanded))
    return out


def start(lane: Lane, extra: list[str], log_dir: str) -> None:
    lane.log = os.path.join(log_dir, "%s.log" % lane.name)
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--durations=%d" % SLOWEST, *lane.args, *extra]
    with open(lane.log, "w") as log:
        log.write("$ %s\n" % " ".join(argv[1:]))
        log.flush()
        niceness = NICENESS.get(lane.name, 0)
        lane.proc = subprocess.Popen(argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     preexec_fn=(lambda: os.nice(niceness)) if niceness else None)
    lane.started = time.monotonic()


def reap(lane: Lane) -> bool:
    """True once the lane's pytest has ended; its CPU time (with its reaped descendants') is kept."""
    pid, status, usage = os.wait4(lane.proc.pid, os.WNOHANG)
    if pid == 0:
        return False
    lane.proc.returncode = os.waitstatus_to_exitcode(status)
    lane.cpu = usage.ru_utime + usage.ru_stime
    return True


def finish(lane: Lane) -> None:
    lane.returncode = lane.proc.returncode
    lane.seconds = time.monotonic() - lane.started
    with open(lane.log, errors="replace") as log:
        text = log.read()
    lane.durations = [(float(m.group(1)), m.group(2), m.group(3)) for m in DURATION.finditer(text)]
    lines = [line for line in text.splitlines() if line.strip()]
    lane.last_line = lines[-1].strip("= ") if lines else "(no output)"
    print("\n%s lane %s: %s after %.0f s %s" % ("=" * 20, lane.name, "PASSED" if lane.returncode == 0 else "FAILED",
                                                lane.seconds, "=" * 20))
    print(text, flush=True)


def main(argv: list[str]) -> int:
    lanes = expand(LANES)
    if argv[:1] == ["--list"]:
        for lane in lanes:
            print("%-24s %s" % (lane.name, " ".join(lane.args)))
        return 0
    log_dir = tempfile.mkdtemp(prefix="test-lanes-")
    began = time.monotonic()
    print("make test: %d lanes side by side (%s); logs in %s" % (len(lanes), ", ".join(lane.name for lane in lanes),
                                                                 log_dir), flush=True)
    for lane in lanes:
        start(lane, argv, log_dir)
    running = list(lanes)
    while running:
        for lane in list(running):
            if reap(lane):
                running.remove(lane)
                finish(lane)
        time.sleep(1)
    print("\n%s lanes %s" % ("=" * 30, "=" * 30))
    for lane in lanes:
        verdict = "passed" if lane.returncode == 0 else "FAILED"
        print("%-24s %-6s %6.0f s  %6.0f s CPU  %s" % (lane.name, verdict, lane.seconds, lane.cpu, lane.last_line))
    print("\n%s the %d slowest tests of every lane %s" % ("=" * 20, SLOWEST, "=" * 20))
    slowest = sorted(((d, lane.name) for lane in lanes for d in lane.durations), reverse=True)[:SLOWEST]
    for (seconds, phase, test), name in slowest:
        print("%8.1f s  %-8s %-18s %s" % (seconds, phase, name, test))
    # CPU of all lanes against what the cores give in the wall time: the suite's limit is CPU, not waiting (issue 22).
    elapsed = time.monotonic() - began
    print("CPU: %.0f s of the lanes' processes (emulators they started as daemons not counted); %d cores x %.0f s wall"
          % (sum(lane.cpu for lane in lanes), os.cpu_count() or 1, elapsed))
    failed = [lane.name for lane in lanes if lane.returncode != 0]
    print("make test: %s in %.0f s (%.1f min)" % ("FAILED: " + ", ".join(failed) if failed else "every lane passed",
                                                  elapsed, elapsed / 60))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
