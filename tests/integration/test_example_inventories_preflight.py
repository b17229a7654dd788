"""The example inventories (dev, prod) pass their own pre-flight, on an emulator answering as their account.

No shared deployment: each test starts its own emulator (`emulator up --account-id`) and runs
`playbooks/preflight.yml` on a copy of the inventory, with the emulator endpoint passed as ecs_aws_env: the
inventory validation and every pre-flight check, nothing planned or created.
Results are read from ansible-runner's events (the modules' returned JSON), not from the log.

What each inventory references is created by its emulator-fixtures.yml (test fixtures only). The emulator cannot
give a KMS key or an ACM certificate a chosen ID, so those two ARNs are passed with -e; every other ARN is the
inventory's own.
"""

import contextlib
import os
import shutil
import subprocess

import ansible_runner
import boto3
import pytest
import yaml

from tests.helpers import ROOT, VENV_BIN, terraform_env
from tests.integration.conftest import PY, Emulator, free_port

ACCOUNTS = {"dev": "111111111111", "prod": "222222222222"}
REGION = "eu-west-1"
# What the emulator cannot create with the inventory's exact ARN: inventory key -> fixture id (see the fixture files).
OVERRIDES = {
    "dev": {"ecs_certificate_arn": "alb_certificate"},
    "prod": {"ecs_certificate_arn": "alb_certificate", "ecs_secret_kms_key_arns": ["secrets_kms_key"]},
}
# The checks preflight_info runs, each with its own module's result.
CHECKS = {"identity", "secrets", "capacity", "certificate", "plan", "cost_floor"}


@contextlib.contextmanager
def example_emulator(tmp_path, name):
    emulator = Emulator(free_port(), str(tmp_path / "emulator"))
    emulator.cli("up", "--account-id", ACCOUNTS[name])
    try:
        yield emulator
    finally:
        emulator.cli("down")


def client(emulator, service):
    return boto3.client(service, endpoint_url=emulator.url, region_name=REGION, aws_access_key_id="testing",
                        aws_secret_access_key="testing")


def inventory_copy(tmp_path, name):
    inventory = tmp_path / name
    shutil.copytree(os.path.join(ROOT, "inventories", name), inventory, ignore=shutil.ignore_patterns("generated_*"))
    return inventory


def fixture_arns(emulator, inventory):
    emulator.cli("fixtures", "--inventory", str(inventory))
    generated = inventory / "group_vars" / "all" / "generated_fixtures.yml"
    return yaml.safe_load(generated.read_text())["emulator_fixture_arns"]


def preflight(emulator, inventory, tmp_path, **overrides):
    """playbooks/preflight.yml on the emulator: (return code, event_data of every task result)."""
    extravars = {"ecs_work_dir": str(tmp_path / "work"),
                 "ecs_aws_env": {"AWS_ENDPOINT_URL": emulator.url, "AWS_ACCESS_KEY_ID": "testing",
                                 "AWS_SECRET_ACCESS_KEY": "testing"},
                 **overrides}
    env = terraform_env(ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1",
                        PATH="%s:%s" % (VENV_BIN, os.environ.get("PATH", "")))
    (tmp_path / "runner").mkdir()
    result = ansible_runner.run(private_data_dir=str(tmp_path / "runner"), project_dir=ROOT, quiet=True,
                                playbook=os.path.join(ROOT, "playbooks", "preflight.yml"), inventory=str(inventory),
                                extravars=extravars, envvars=env, timeout=300)
    return result.rc, [dict(e["event_data"], event=e["event"]) for e in result.events
                       if e.get("event", "").startswith("runner_on_")]


def results(events, role):
    """{module name: its returned JSON} of the role's platform_ops.ecs_ec2 modules that ran."""
    return {e["task_action"].rsplit(".", 1)[1]: e["res"] for e in events if e.get("role") == role
            and e.get("task_action", "").startswith("platform_ops.ecs_ec2.") and "res" in e}


def failed(events):
    return [(e.get("role"), e["task_action"]) for e in events if e["event"] == "runner_on_failed"]


def nothing_but_fixtures(emulator):
    """Whatever a deployment would create first, in the emulator's account and region."""
    return {
        "buckets": client(emulator, "s3").list_buckets()["Buckets"],
        "tables": client(emulator, "dynamodb").list_tables()["TableNames"],
        "vpcs": [v["VpcId"] for v in client(emulator, "ec2").describe_vpcs()["Vpcs"] if not v["IsDefault"]],
        "roles": [r["RoleName"] for r in client(emulator, "iam").list_roles()["Roles"]],
        "clusters": client(emulator, "ecs").list_clusters()["clusterArns"],
        "load_balancers": client(emulator, "elbv2").describe_load_balancers()["LoadBalancers"],
    }


@pytest.mark.parametrize("name", ["dev", "prod"])
def test_example_inventory_passes_its_preflight_on_the_emulator(tmp_path, name):
    with example_emulator(tmp_path, name) as emulator:
        inventory = inventory_copy(tmp_path, name)
        arns = fixture_arns(emulator, inventory)
        overrides = {key: [arns[i] for i in ids] if isinstance(ids, list) else arns[ids]
                     for key, ids in OVERRIDES[name].items()}
        rc, events = preflight(emulator, inventory, tmp_path, **overrides)
        created = nothing_but_fixtures(emulator)

    ecs = results(events, "ecs")
    assert ecs["inventory_validate_info"]["problems"] == []
    checks = results(events, "preflight")["preflight_info"]["checks"]
    assert set(checks) == CHECKS, sorted(checks)
    assert {check: checks[check]["problems"] for check in CHECKS} == {check: [] for check in CHECKS}
    assert checks["identity"]["caller"]["account"] == ACCOUNTS[name]
    secrets = checks["secrets"]
    assert [(s["key"], s["status"]) for s in secrets["secrets"]] == [
        ("ecs_services[0].secrets[0].value_from", "found")]
    assert [k["status"] for k in secrets["kms_keys"]] == ["found"] * len(overrides.get("ecs_secret_kms_key_arns", []))
    assert checks["certificate"]["certificate"]["covers_domain"] is True
    # Pre-flight passes as a whole, and nothing was created or planned.
    assert rc == 0 and failed(events) == []
    assert created == {kind: [] for kind in created}
    work = tmp_path / "work"
    assert (sorted(str(p.relative_to(work)) for p in work.rglob("*")) if work.exists() else []) == []


def test_without_its_fixtures_prod_preflight_fails_naming_the_keys(tmp_path):
    """The negative control: the same run on an empty emulator of the same account stops in pre-flight, once, with the
    secret, its KMS key and the certificate named by inventory key (so the test above can fail)."""
    with example_emulator(tmp_path, "prod") as emulator:
        rc, events = preflight(emulator, inventory_copy(tmp_path, "prod"), tmp_path)
        created = nothing_but_fixtures(emulator)
        # The dev fixtures are refused on prod's emulator: fixtures are never created in the wrong account.
        wrong = subprocess.run([PY, "-m", "emulator", "fixtures", "--inventory", str(inventory_copy(tmp_path, "dev")),
                                "--port", str(emulator.port)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                               check=False)

    assert rc != 0
    assert failed(events) == [("preflight", "ansible.builtin.fail")]
    checks = results(events, "preflight")["preflight_info"]["checks"]
    keys = sorted(p["key"] for check in CHECKS for p in checks[check]["problems"])
    assert keys == ["ecs_certificate_arn", "ecs_secret_kms_key_arns[0]", "ecs_services[0].secrets[0].value_from"]
    assert checks["identity"]["problems"] == []
    assert created == {kind: [] for kind in created}
    assert wrong.returncode == 1
    assert "answers as account 222222222222, the fixtures are for 111111111111" in wrong.stderr
    assert "--account-id 111111111111" in wrong.stderr
