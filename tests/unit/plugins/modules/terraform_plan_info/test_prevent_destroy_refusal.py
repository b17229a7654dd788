"""terraform_plan_info with plan_error: a plan refused by prevent_destroy is explained from its errored plan."""

import json

import pytest
from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import terraform_plan_info

from tests.unit.plugins.module_utils.plan_summary.prevent_destroy_testkit import ERROR, errored_plan


class Exited(Exception):
    pass


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Runs the module with a fake terraform: returns (result, argv of every terraform call)."""
    calls = []
    binary = tmp_path / "terraform"
    binary.write_text("#!/bin/sh\nexit 1\n")
    binary.chmod(0o755)

    def run_command(self, argv, cwd=None, environ_update=None, **_kw):
        calls.append((list(argv), cwd, dict(environ_update or {})))
        return 0, json.dumps(errored_plan()), ""

    def exit_json(self, **kwargs):
        raise Exited(kwargs)

    def fail_json(self, **kwargs):
        raise Exited(dict(kwargs, failed=True))

    monkeypatch.setattr(basic.AnsibleModule, "run_command", run_command)
    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)

    def go(plan_exists=True, **args):
        plan = tmp_path / "layer.tfplan"
        if plan_exists:
            plan.write_bytes(b"errored plan")
        args = dict({"project_path": str(tmp_path), "plan_file": str(plan), "binary_path": str(binary),
                     "data_dir": str(tmp_path / ".terraform")}, **args)
        with patch_module_args(args), pytest.raises(Exited) as exc:
            terraform_plan_info.main()
        return exc.value.args[0], calls

    return go


def test_a_refused_plan_is_read_from_the_errored_plan_and_explained(run):
    result, calls = run(plan_error=ERROR)
    assert [c[0] for c in calls] == [[calls[0][0][0], "show", "-json", "-no-color", calls[0][0][-1]]]
    assert calls[0][0][-1].endswith("layer.tfplan")
    assert calls[0][2]["TF_DATA_DIR"].endswith(".terraform")
    assert result["changed"] is False
    alb = result["prevent_destroy"][0]
    assert (alb["address"], alb["action"], alb["forced_by"]) == ("module.alb.aws_lb.this", "replace", ["name"])


def test_allow_replace_does_not_empty_the_refusals(run):
    result, _calls = run(plan_error=ERROR, allow_replace=True)
    assert result["prevent_destroy"][0]["address"] == "module.alb.aws_lb.this"


def test_another_plan_error_returns_nothing_and_runs_no_terraform(run):
    result, calls = run(plan_error="Error acquiring the state lock")
    assert result == {"changed": False, "prevent_destroy": []}
    assert calls == []


def test_without_an_errored_plan_the_addresses_are_still_named(run):
    result, calls = run(plan_exists=False, plan_error=ERROR)
    assert calls == []
    assert [r["action"] for r in result["prevent_destroy"]] == ["destroy", "destroy"]


def test_a_plan_that_succeeded_has_no_refusals(run):
    result, _calls = run()
    assert result["prevent_destroy"] == []
    assert result["replaced"] == ["module.alb.aws_lb.this", "module.alb.aws_lb_listener.https"]
