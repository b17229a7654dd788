"""The Molecule scenarios of the collection (extensions/molecule/), one `molecule test` each.

Every scenario starts its own emulator on a free port, with molecule's ephemeral directory under pytest's tmp dir,
so scenarios never share state with each other, the demo or the integration suite. One scenario runs at a time.
"""

import os
import re
import socket
import subprocess

import pytest

from tests.helpers import ROOT, VENV_BIN

MOLECULE_ROOT = os.path.join(ROOT, "extensions", "molecule")
SCENARIOS = ["default", "drift", "resilience"]
TIMEOUT = 45 * 60  # a scenario deploys every layer once (~5-9 min on 2 shared cores) and then does several things


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def molecule(*args, ephemeral, port, timeout=TIMEOUT):
    env = dict(os.environ, PATH=VENV_BIN + os.pathsep + os.environ.get("PATH", ""),
               MOLECULE_EPHEMERAL_DIRECTORY=ephemeral, ECS_MOLECULE_EMULATOR_PORT=str(port),
               ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1", NO_COLOR="1", PY_COLORS="0")
    env.pop("ANSIBLE_CONFIG", None)  # molecule writes its own; the scenarios pass the project's to nested runs
    return subprocess.run([os.path.join(VENV_BIN, "molecule"), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_every_scenario_is_run_here():
    """A scenario added under extensions/molecule/ must be added to SCENARIOS, or `make test` would skip it."""
    found = sorted(d for d in os.listdir(MOLECULE_ROOT)
                   if os.path.isfile(os.path.join(MOLECULE_ROOT, d, "molecule.yml")))
    assert found == sorted(SCENARIOS)


@pytest.mark.emulator
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario(scenario, tmp_path):
    proc = molecule("test", "-s", scenario, ephemeral=str(tmp_path / "ephemeral"), port=free_port())
    out = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout)  # the playbooks' output
    log = re.sub(r"\x1b\[[0-9;]*m", "", proc.stderr)  # molecule's own log: which step failed
    assert proc.returncode == 0, "molecule test -s %s failed (rc %d)\n%s\n...\n%s\nevery playbook's output: %s" % (
        scenario, proc.returncode, out[-12000:], log[-3000:], tmp_path / "ephemeral" / "logs")
    assert re.search(r"%s\s*:.*failed=0" % scenario, log), log[-3000:]
