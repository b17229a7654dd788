"""The Molecule scenarios of the collection (extensions/molecule/), one `molecule test -s <scenario>` each.

Here the scenarios share ONE deployment, in this order: `default` deploys it (converge, idempotence, verify),
`resilience` converges on it (site.yml on what is there) and breaks and repairs it. One emulator on a free port,
one EMULATOR_STATE_DIR, inventory copy and Terraform work dir, all in ECS_MOLECULE_SHARED_DIR (honoured by
config.yml, create.yml and destroy.yml); each scenario keeps its own molecule ephemeral dir (logs/, reports) in
there too. The emulator is stopped when the last scenario has run, whatever happened. A scenario that fails does not
stop the ones after it: its emulator is stopped and the next scenario deploys on a new one (in a new directory), so a
failure is reported once, by the scenario that failed.
`molecule test -s <scenario>` alone still deploys on its own emulator.
"""

import glob
import os
import re
import signal
import socket
import subprocess
import time

import pytest

from tests.helpers import ROOT, VENV_BIN

MOLECULE_ROOT = os.path.join(ROOT, "extensions", "molecule")
# The order they share the deployment in: default first (it deploys). The teardown of a deployment is proved once,
# by tests/integration/test_site.py (test_zz_...), with this directory's independent aws_checks.py (issue 22).
SCENARIOS = ["default", "resilience"]
# Wall time allowed per scenario (seconds): about 2.5 times what each took on 2 shared cores (default 8,
# resilience 9 min), which also leaves room to deploy from scratch after a failure before it. And for all
# of them together, so that a run stays within CI's limit whatever happens: a scenario left without time fails.
TIMEOUTS = {"default": 20 * 60, "resilience": 20 * 60}
BUDGET = 50 * 60


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Shared:
    """The directory and emulator port the scenarios share, until one fails."""

    def __init__(self, factory):
        self.factory = factory
        self.directory, self.port = str(factory.mktemp("molecule-shared")), free_port()
        self.deadline = time.monotonic() + BUDGET

    def emulator_down(self):
        return subprocess.run([os.path.join(VENV_BIN, "python"), "-m", "emulator", "down", "--port", str(self.port),
                               "--state-dir", os.path.join(self.directory, "emulator")],
                              cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)

    def discard(self):
        """After a failed scenario: stop its emulator, so that the next scenario deploys on a new one rather than
        fail on what the failure left (drift not reconciled, a lock held, a fault still injected)."""
        self.emulator_down()
        self.directory, self.port = str(self.factory.mktemp("molecule-shared")), free_port()


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    deployment = Shared(tmp_path_factory)
    yield deployment
    deployment.emulator_down()  # idempotent; the scenarios never stop a shared emulator themselves


def molecule(*args, ephemeral, shared, timeout):
    env = dict(os.environ, PATH=VENV_BIN + os.pathsep + os.environ.get("PATH", ""),
               MOLECULE_EPHEMERAL_DIRECTORY=ephemeral, ECS_MOLECULE_EMULATOR_PORT=str(shared.port),
               ECS_MOLECULE_SHARED_DIR=shared.directory,
               ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1", NO_COLOR="1", PY_COLORS="0")
    env.pop("ANSIBLE_CONFIG", None)  # molecule writes its own; the scenarios pass the project's to nested runs
    # Its own session, so that a timeout ends molecule with every playbook and terraform it started. With the kernel's
    # autogroup scheduling that is also a scheduling group of its own; a process group instead measured no better
    # in make test (docs/bench.md, "autogroup").
    proc = subprocess.Popen([os.path.join(VENV_BIN, "molecule"), *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        err += "\n*** killed after the %d s this scenario was allowed ***" % timeout
    return proc.returncode, out, err


def failures(out):
    """The task header and result of every task that failed: they come first in the message, as the end of the
    output is usually the scenario's destroy step and a CI log shows only part of a long message."""
    lines, found = out.splitlines(), []
    for i, line in enumerate(lines):
        if re.match(r"(fatal|failed): \[", line):
            header = next((lines[j] for j in range(i, -1, -1) if lines[j].startswith("TASK [")), "")
            end = next((j for j in range(i + 1, len(lines)) if not lines[j].strip() or lines[j].startswith("TASK [")),
                       len(lines))
            found.append("\n".join([header] + lines[i:min(end, i + 40)]))
    return "\n".join(found) or "(no failed task in the output)"


def emulator_notes(directory):
    """What the emulator logged that explains a failure more often than the playbook does: the SDK retries it saw
    (a retried call whose first attempt was carried out) and the control-plane ticks that raised."""
    notes, errors = [], 0
    for path in sorted(glob.glob(os.path.join(directory, "emulator", "*.log"))):
        with open(path, errors="replace") as f:
            for line in f:
                if line.startswith("request trace: ") and "attempt=1;" not in line:
                    notes.append(line.strip())
                errors += line.startswith("control plane tick failed")
    return "\n".join(notes[-20:] + ["control-plane ticks that raised: %d" % errors])


def test_failures_names_the_failed_task():
    out = ("TASK [a] ***\nok: [localhost]\n\nTASK [All checks passed: orphans] ***\n"
           "fatal: [localhost]: FAILED! => changed=false\n  msg:\n  - 'FAILED: no orphan: [arn]'\n\nPLAY RECAP\n")
    assert failures(out) == ("TASK [All checks passed: orphans] ***\nfatal: [localhost]: FAILED! => changed=false\n"
                             "  msg:\n  - 'FAILED: no orphan: [arn]'")
    assert failures("TASK [a] ***\nok: [localhost]\n") == "(no failed task in the output)"


def test_emulator_notes_name_retries_and_tick_errors(tmp_path):
    (tmp_path / "emulator").mkdir()
    (tmp_path / "emulator" / "emulator-1.log").write_text(
        "POST / 200\nrequest trace: DescribeServices attempt=1; max=25 6.2s invocation=a\n"
        "request trace: DeleteTargetGroup attempt=2; max=25 0.0s invocation=b; earlier: attempt 1 200\n"
        "control plane tick failed:\nTraceback (most recent call last):\ncontrol plane tick failed:\n")
    assert emulator_notes(str(tmp_path)) == ("request trace: DeleteTargetGroup attempt=2; max=25 0.0s invocation=b; "
                                             "earlier: attempt 1 200\ncontrol-plane ticks that raised: 2")


def test_every_scenario_is_run_here():
    """A scenario added under extensions/molecule/ must be added to SCENARIOS, or `make molecule` would skip it."""
    found = sorted(d for d in os.listdir(MOLECULE_ROOT)
                   if os.path.isfile(os.path.join(MOLECULE_ROOT, d, "molecule.yml")))
    assert found == sorted(SCENARIOS) == sorted(TIMEOUTS)
    assert SCENARIOS[0] == "default"


@pytest.mark.emulator
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario(scenario, shared):
    ephemeral = os.path.join(shared.directory, "scenarios", scenario)
    started = time.monotonic()
    timeout = min(TIMEOUTS[scenario], shared.deadline - started)
    if timeout < 60:
        pytest.fail("molecule test -s %s not run: the scenarios before it used the %d s all of them are allowed"
                    % (scenario, BUDGET))
    rc, out, err = molecule("test", "-s", scenario, ephemeral=ephemeral, shared=shared, timeout=timeout)
    seconds = time.monotonic() - started
    print("molecule test -s %s: %.0f s" % (scenario, seconds))
    out = re.sub(r"\x1b\[[0-9;]*m", "", out)  # the playbooks' output
    log = re.sub(r"\x1b\[[0-9;]*m", "", err)  # molecule's own log: which step failed
    # rc 0, and the scenario's checks did run (a verify skipped or missing would also give rc 0).
    passed = rc == 0 and re.search(r"%s (>|\u279c) verify\]?:? Executed: Successful" % scenario, log)
    logs = os.path.join(ephemeral, "logs")
    os.makedirs(logs, exist_ok=True)
    with open(os.path.join(logs, "molecule.out"), "w") as f:  # molecule prunes the rest of its ephemeral dir
        f.write(out + "\n" + log)
    notes = "" if passed else emulator_notes(shared.directory)
    if not passed:
        shared.discard()
    assert passed, ("molecule test -s %s failed (rc %s, %.0f s; the scenarios after it start from a new deployment)"
                    "\nfailed tasks:\n%s\nemulator:\n%s\n...\n%s\n...\n%s\nevery playbook's output: %s"
                    % (scenario, rc, seconds, failures(out), notes, out[-8000:], log[-3000:], logs))
