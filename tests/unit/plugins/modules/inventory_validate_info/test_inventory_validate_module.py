"""The module: read-only, every problem once in the project's shape, plaintext secrets masked, first in the ecs role."""

import copy
import os
import re

import yaml
from ansible.module_utils.basic import remove_values
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import inventory_validate_info

from tests.helpers import ROOT

PLAINTEXT = "pl41ntext-s3cret-value"


def load_valid():
    # The rules' test inventory, shared so there is one valid example.
    path = os.path.join(ROOT, "tests", "unit", "plugins", "module_utils", "inventory_rules", "conftest.py")
    namespace = {}
    with open(path) as handle:
        exec(compile(handle.read(), path, "exec"), namespace)  # noqa: S102 - our own test data
    return copy.deepcopy(namespace["VALID"])


def test_a_valid_inventory_passes_unchanged_in_check_mode(run_module):
    args = {"inventory": load_valid(), "_ansible_check_mode": True}
    failed, result, _dummy = run_module(inventory_validate_info.main, args)
    assert not failed and result["changed"] is False and result["problems"] == []
    assert len(result["rules"]) == len({r["id"] for r in result["rules"]}) > 30


def test_the_three_reviewed_inputs_fail_once_each_naming_the_keys(run_module):
    inv = load_valid()
    inv["ecs_vpc_cidr"] = "10.40.0.0/33"
    inv["ecs_public_subnet_cidrs"] = ["10.40.0.0/24", "10.40.10.0/25"]
    inv["ecs_services"][0]["environment"] = {"DB_PASSWORD": PLAINTEXT}
    failed, result, module = run_module(inventory_validate_info.main, {"inventory": inv})
    assert failed
    lines = result["problem_report"].splitlines()
    assert result["msg"] == f"{len(lines)} inventory problem(s) in problem_report; nothing was planned or written"
    shape = re.compile(r"^(ecs_[a-z_]+)(\[\d+\])?(\.[A-Za-z0-9_.\[\]]+)? = .+: .+\. .+$")
    assert all(shape.match(line) for line in lines), lines
    keys = [line.split(" = ")[0] for line in lines]
    for key in ("ecs_vpc_cidr", "ecs_private_subnet_cidrs[0]", "ecs_services[0].environment.DB_PASSWORD"):
        assert keys.count(key) == 1, (key, keys)
    assert PLAINTEXT not in repr(result)
    # Ansible removes no_log values from what the module returns (its invocation, shown at -vvv, included)
    assert PLAINTEXT in module.no_log_values
    assert PLAINTEXT not in repr(remove_values({"invocation": {"module_args": module.params}}, module.no_log_values))


def test_problems_are_returned_without_failing_when_asked(run_module):
    inv = load_valid()
    inv["ecs_alb_idle_timeout"] = 0
    failed, result, _dummy = run_module(inventory_validate_info.main, {"inventory": inv, "fail_on_problems": False})
    assert not failed
    assert [(p["key"], p["rule"]) for p in result["problems"]] == [("ecs_alb_idle_timeout", "alb.idle_timeout")]


def _ecs_tasks():
    with open(os.path.join(ROOT, "roles", "ecs", "tasks", "main.yml")) as handle:
        return yaml.safe_load(handle)


def test_it_is_the_first_task_of_the_ecs_role():
    first = _ecs_tasks()[0]
    assert "platform_ops.ecs_ec2.inventory_validate_info" in first


def test_the_role_passes_every_key_the_rules_read():
    passed = set(_ecs_tasks()[0]["platform_ops.ecs_ec2.inventory_validate_info"]["inventory"])
    read = set()
    for name in os.listdir(os.path.join(ROOT, "plugins", "module_utils")):
        if name.startswith("inventory_rules"):
            with open(os.path.join(ROOT, "plugins", "module_utils", name)) as handle:
                read |= set(re.findall(r"""["'](ecs_[a-z0-9_]+)["']""", handle.read()))
    assert "ecs_aws_env" not in passed  # it may hold credentials
    assert read - passed == set()


def test_every_playbook_imports_the_ecs_role_before_any_module_writes():
    """site, drift_check, destroy, deploy_service and bootstrap_state import the ecs role before any task that plans,
    applies or writes (deploy_service's rollout role before it only asserts and sets facts)."""
    for name in ("site.yml", "drift_check.yml", "destroy.yml", "deploy_service.yml", "bootstrap_state.yml"):
        with open(os.path.join(ROOT, "playbooks", name)) as handle:
            tasks = yaml.safe_load(handle)[0]["tasks"]
        before = []
        for task in tasks:
            role = task.get("ansible.builtin.import_role", {}).get("name")
            if role == "platform_ops.ecs_ec2.ecs":
                break
            before.append(role or next(k for k in task if k.startswith("ansible.") or k.startswith("platform_ops.")))
        else:
            raise AssertionError(f"{name} does not import the ecs role")
        assert set(before) <= {"ansible.builtin.assert", "platform_ops.ecs_ec2.rollout"}, (name, before)
