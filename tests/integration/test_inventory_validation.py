"""Bad inventory values stop site.yml in its first task: every error once, naming the key, nothing written.

No emulator and no deployment: the validation runs before anything contacts AWS, so EMULATOR_PORT points at a
port nothing listens on, and the work dir must stay empty (no inputs.tfvars.json, no plan, no data dir). These are
the three inputs a review of a running demo found reaching Terraform (issue 20, item 7).
"""

import os
import socket
import subprocess

import pytest
import yaml

from tests.helpers import ROOT, VENV_BIN, copy_local_inventory, terraform_env

PLAINTEXT = "Pl41ntext-db-pa55word"
ACCOUNT = "123456789012"


def fixture_values(inventory):
    """What `python -m emulator fixtures` would write for emulator-fixtures.yml: plausible ARNs and zone IDs only,
    none of them ever contacted (the validation stops the play first)."""
    spec = yaml.safe_load((inventory / "emulator-fixtures.yml").read_text())
    region = spec.get("region", "us-east-1")
    forms = {
        "kms_keys": lambda f: f"arn:aws:kms:{region}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "ssm_parameters": lambda f: f"arn:aws:ssm:{region}:{ACCOUNT}:parameter{f['name']}",
        "secrets": lambda f: f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:{f['name']}-AbCdEf",
        "certificates": lambda f: f"arn:aws:acm:{region}:{ACCOUNT}:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc",
        "hosted_zones": lambda f: "Z0123456789ABCDEFGHIJ",
    }
    return {f["id"]: form(f) for kind, form in forms.items() for f in spec.get(kind) or []}


def unused_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: nothing listens there


def broken_inventory(tmp_path, **changes):
    inventory = tmp_path / "local"
    copy_local_inventory(inventory)
    group_vars = inventory / "group_vars" / "all"
    (group_vars / "generated_fixtures.yml").write_text(
        yaml.safe_dump({"emulator_fixture_arns": fixture_values(inventory)}))
    main = group_vars / "main.yml"
    values = yaml.safe_load(main.read_text())
    values.update(changes)
    values["ecs_services"][0]["environment"] = {"APP_ENV": "local", "DB_PASSWORD": PLAINTEXT}
    main.write_text(yaml.safe_dump(values, sort_keys=False))
    return str(inventory)


def run_site(inventory, work_dir):
    argv = [os.path.join(VENV_BIN, "ansible-playbook"), os.path.join(ROOT, "playbooks", "site.yml"), "-i", inventory,
            "-e", f"ecs_work_dir={work_dir}"]
    env = dict(terraform_env(), EMULATOR_PORT=str(unused_port()), ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1",
               ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize("changes, keys", [
    # the VPC /33 (Terraform's validation used to name it, four times), a public subnet overlapping a private one
    ({"ecs_vpc_cidr": "10.40.0.0/33", "ecs_public_subnet_cidrs": ["10.40.0.0/24", "10.40.10.0/25"]},
     ["ecs_vpc_cidr", "ecs_private_subnet_cidrs[0]"]),
    # a public subnet outside the VPC (the apply replaced it after destroying its NAT gateway), and the overlap
    ({"ecs_public_subnet_cidrs": ["10.41.0.0/24", "10.40.10.0/25"]},
     ["ecs_public_subnet_cidrs[0]", "ecs_private_subnet_cidrs[0]"]),
], ids=["vpc-33", "subnet-outside-vpc"])
def test_bad_inventory_values_stop_before_anything_is_planned_or_written(tmp_path, changes, keys):
    work_dir = tmp_path / "work"
    proc = run_site(broken_inventory(tmp_path, **changes), str(work_dir))
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    # every problem is one line `key = value: what is wrong. What to do.`, printed once
    lines = [line.strip() for line in out.splitlines() if line.strip().startswith("ecs_")]
    for key in keys + ["ecs_services[0].environment.DB_PASSWORD"]:
        named = [line for line in lines if line.startswith(f"{key} = ")]
        assert len(named) == 1, (key, lines)
        assert ": " in named[0] and named[0].count(". ") >= 1
    assert "ecs_services[0].environment.DB_PASSWORD = (redacted)" in out
    assert PLAINTEXT not in out
    # nothing was planned or written: no inputs, plans or data dirs
    written = [str(p.relative_to(work_dir)) for p in work_dir.rglob("*")] if work_dir.exists() else []
    assert written == []
    assert "failed=1" in out and "changed=0" in out
