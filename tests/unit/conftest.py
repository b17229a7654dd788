"""Shared fixtures: in-process moto, AwsClients for the check classes, and main() runners for the modules."""

import os
import sys
from pathlib import Path

import pytest

# The collection is linked into .venv/collections so `ansible_collections.platform_ops.ecs_ec2` imports work.
COLLECTIONS = Path(__file__).resolve().parents[2] / ".venv" / "collections"
if str(COLLECTIONS) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS))

import boto3  # noqa: E402
from ansible.module_utils import basic  # noqa: E402
from ansible.module_utils.testing import patch_module_args  # noqa: E402
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsClients  # noqa: E402
from moto import mock_aws  # noqa: E402

from tests.unit.fake_terraform import FakeTerraform  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch, tmp_path):
    """Dummy credentials for moto; nothing from the developer's own AWS set-up leaks in."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))


@pytest.fixture
def moto():
    with mock_aws():
        yield


def make_api(region=REGION):
    """AwsClients on plain boto3 clients, with a tiny backoff so retry tests are quick."""
    return AwsClients(lambda service, reg: boto3.client(service, region_name=reg), region, retries=3, delay=0.01,
                      max_delay=0.02)


@pytest.fixture
def api(moto):
    return make_api()


@pytest.fixture
def api_in(moto):
    """AwsClients for another region: api_in("eu-west-1")."""
    return make_api


class AnsibleExitJson(Exception):
    pass


class AnsibleFailJson(Exception):
    pass


@pytest.fixture
def run_main(monkeypatch):
    """Run a module's main() with module args; return (failed, result)."""

    def exit_json(self, **kwargs):
        raise AnsibleExitJson(kwargs)

    def fail_json(self, **kwargs):
        kwargs["failed"] = True
        raise AnsibleFailJson(kwargs)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)

    def run(main, args, aws=True):
        """aws: the module takes the AWS connection and retry options (the tests' region, short backoffs)."""
        if aws:
            args = dict({"region": REGION, "backoff_delay": 0.01, "backoff_max_delay": 0.02}, **args)
        with patch_module_args(args):
            try:
                main()
            except AnsibleExitJson as exc:
                return False, exc.args[0]
            except AnsibleFailJson as exc:
                return True, exc.args[0]
        raise AssertionError("the module neither exited nor failed")

    return run


@pytest.fixture
def terraform(monkeypatch, tmp_path):
    """A scripted terraform (tests/unit/fake_terraform.py) behind AnsibleModule.run_command; the binary on disk only
    satisfies find_binary and exits 99 if anything ran it for real."""
    binary = tmp_path / "bin" / "terraform"
    binary.parent.mkdir()
    binary.write_text("#!/bin/sh\nexit 99\n")
    binary.chmod(0o755)
    fake = FakeTerraform(str(binary))
    monkeypatch.setattr(basic.AnsibleModule, "run_command", lambda self, argv, **kw: fake(self, argv, **kw))  # pylint: disable=unnecessary-lambda  # binds self
    return fake
