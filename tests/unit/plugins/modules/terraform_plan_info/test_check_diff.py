"""terraform_plan_info in diff mode (--check --diff): the changed attributes per resource, before and after."""

import json
from pathlib import Path

import pytest
from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import terraform_plan_info

PLAN = (Path(__file__).resolve().parents[2] / "module_utils" / "plan_diff" / "update_plan.json").read_text()


class Exited(Exception):
    pass


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Runs the module on the canned plan with a fake terraform; diff=True is Ansible's diff mode."""
    binary = tmp_path / "terraform"
    binary.write_text("#!/bin/sh\nexit 1\n")
    binary.chmod(0o755)
    monkeypatch.setattr(basic.AnsibleModule, "run_command", lambda self, argv, **_kw: (0, PLAN, ""))

    def leave(self, **kwargs):
        raise Exited(kwargs)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", leave)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", leave)

    def go(diff, **args):
        plan = tmp_path / "layer.tfplan"
        plan.write_bytes(b"plan")
        args = dict({"project_path": str(tmp_path / "loadbalancer"), "plan_file": str(plan),
                     "binary_path": str(binary), "_ansible_diff": diff}, **args)
        with patch_module_args(args), pytest.raises(Exited) as exc:
            terraform_plan_info.main()
        return exc.value.args[0]
    return go


def test_diff_mode_returns_the_changed_attributes_per_address_and_changed_stays_false(run):
    result = run(True)
    assert result["changed"] is False
    alb = [d for d in result["diff"] if d["before_header"] == "loadbalancer: module.alb.aws_lb.this"]
    assert [(d["before"], d["after"]) for d in alb] == [("idle_timeout: 60\n", "idle_timeout: 90\n")]
    assert "~ loadbalancer: module.alb.aws_lb.this (update)" in result["diff_lines"]
    assert "    idle_timeout: 60 -> 90" in result["diff_lines"]
    shown = json.dumps([result["diff"], result["diff_lines"]])
    for planted in ("planted-plaintext", "planted-sensitive", "planted-smtp", "AKIAPLANTED"):
        assert planted not in shown


def test_the_layer_option_names_the_layer_in_the_headers(run):
    result = run(True, layer="edge")
    assert "~ edge: module.alb.aws_lb.this (update)" in result["diff_lines"]


def test_without_diff_mode_there_is_no_diff_and_the_summary_is_unchanged(run):
    result = run(False)
    assert "diff" not in result and "diff_lines" not in result
    assert result["counts"] == {"add": 0, "change": 3, "replace": 1, "destroy": 0}
    with_diff = run(True)
    assert result == dict((k, v) for k, v in with_diff.items() if k not in ("diff", "diff_lines"))
