"""One emulator and one deployment per test session (pytest process), shared by every suite that needs one.

The emulator runs on a free port with its own state dir, and the local inventory is copied so the demo's
generated files and work dir are never touched. tests/conftest.py makes the fixtures below visible to every suite:
in `make test`'s lanes, the integration tests and the AWX job of one lane share one deployment.
"""

import json
import os
import re
import socket
import subprocess
from pathlib import Path

import boto3
import pytest

from emulator.process import Paths
from tests.helpers import ROOT, VENV_BIN, copy_local_inventory, terraform_env

PY = os.path.join(VENV_BIN, "python")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Emulator:
    def __init__(self, port, state_dir):
        self.port = port
        self.state_dir = state_dir
        self.log_file = str(Paths.for_port(port, Path(state_dir)).log_file)  # what `up` writes the server's log to
        self.url = "http://127.0.0.1:%d" % port
        self.env = dict(os.environ, EMULATOR_PORT=str(port), EMULATOR_STATE_DIR=state_dir)
        self.deployed_by = None  # who deployed the stack on it first: "site.yml" or "AWX job"
        self.aws_env = {"AWS_ENDPOINT_URL": self.url, "AWS_ACCESS_KEY_ID": "testing",
                        "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"}

    def cli(self, *args):
        proc = subprocess.run([PY, "-m", "emulator", *args, "--port", str(self.port)], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr + proc.stdout
        return proc.stdout

    def client(self, service):
        return boto3.client(service, endpoint_url=self.url, region_name="us-east-1",
                            aws_access_key_id="testing", aws_secret_access_key="testing")


class Deployment:
    """Runs playbooks on a private copy of inventories/local against the session's emulator."""

    def __init__(self, emulator, inventory, work_dir, tmp_dir=None):
        self.emulator = emulator
        self.inventory = inventory
        self.work_dir = work_dir
        self.tmp_dir = tmp_dir  # TMPDIR of the runs (community.general.terraform plans into temp files there)
        self.logs = []

    def playbook(self, name, *args, inventory=None, check=True, timeout=1500):
        argv = [os.path.join(VENV_BIN, "ansible-playbook"), os.path.join(ROOT, "playbooks", name),
                "-i", inventory or self.inventory, "-e", "ecs_work_dir=%s" % self.work_dir, *args]
        env = dict(terraform_env(), EMULATOR_PORT=str(self.emulator.port), ANSIBLE_FORCE_COLOR="0",
                   ANSIBLE_NOCOLOR="1", ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
                   **({"TMPDIR": self.tmp_dir} if self.tmp_dir else {}))
        proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        self.logs.append(proc.stdout + proc.stderr)
        if check:
            assert proc.returncode == 0, "%s failed:\n%s\n%s" % (name, proc.stdout[-12000:], proc.stderr[-3000:])
        return proc

    def state_objects(self):
        """Every object of the state bucket: key -> bytes."""
        s3 = self.emulator.client("s3")
        bucket = "demo-local-tfstate-123456789012"
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        return dict((k, s3.get_object(Bucket=bucket, Key=k)["Body"].read()) for k in keys)

    def state(self, layer):
        return json.loads(self.state_objects()["local/%s/terraform.tfstate" % layer])


def recap(stdout):
    """PLAY RECAP counters of localhost."""
    m = re.search(r"localhost\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", stdout)
    assert m, "no PLAY RECAP in output:\n" + stdout[-3000:]
    return dict(zip(("ok", "changed", "unreachable", "failed"), map(int, m.groups()), strict=True))


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    emu = Emulator(free_port(), str(tmp_path_factory.mktemp("emulator")))
    emu.cli("up")
    yield emu
    emu.cli("down")


@pytest.fixture(scope="session")
def local_inventory(emulator, tmp_path_factory):
    inventory = tmp_path_factory.mktemp("inventory") / "local"
    copy_local_inventory(inventory)
    emulator.cli("fixtures", "--inventory", str(inventory))
    return str(inventory)


@pytest.fixture(scope="session")
def deployment(emulator, local_inventory, tmp_path_factory):
    """site.yml run once on the emulator: it deploys, or converges what the session's AWX job deployed (then it
    must find nothing to change). The first run's output is kept for the tests."""
    dep = Deployment(emulator, local_inventory, str(tmp_path_factory.mktemp("work")),
                     tmp_dir=str(tmp_path_factory.mktemp("tmp")))
    emulator.deployed_by = emulator.deployed_by or "site.yml"
    dep.first_run = dep.playbook("site.yml")
    return dep
