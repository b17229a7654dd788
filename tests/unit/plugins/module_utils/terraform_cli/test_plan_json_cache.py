"""A saved plan's JSON is read once: the summary, the cost floor and a later run reuse it until the plan changes."""

import json

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_cli import TerraformCLI


class FakeModule:
    check_mode = False

    def __init__(self):
        self.params = {}
        self.calls = []

    def debug(self, msg):
        pass

    def run_command(self, argv, cwd=None, environ_update=None, check_rc=False):
        self.calls.append(argv)
        with open(argv[-1], "rb") as handle:
            return 0, json.dumps({"format_version": "1.2", "plan_bytes": handle.read().decode()}), ""


def test_show_json_is_cached_per_plan_digest(tmp_path):
    plan = tmp_path / "layer.tfplan"
    plan.write_bytes(b"plan-1")
    module = FakeModule()
    cli = TerraformCLI(module, "/usr/bin/terraform", str(tmp_path))
    assert cli.show_json(str(plan))["plan_bytes"] == "plan-1"
    assert cli.show_json(str(plan))["plan_bytes"] == "plan-1"
    assert len(module.calls) == 1  # the second read came from layer.tfplan.json
    assert (tmp_path / "layer.tfplan.json").stat().st_mode & 0o077 == 0  # as private as the plan itself
    plan.write_bytes(b"plan-2")  # a new plan of the same layer
    assert cli.show_json(str(plan))["plan_bytes"] == "plan-2"
    assert len(module.calls) == 2


def test_a_corrupt_cache_is_ignored(tmp_path):
    plan = tmp_path / "layer.tfplan"
    plan.write_bytes(b"plan-1")
    (tmp_path / "layer.tfplan.json").write_text("{not json")
    module = FakeModule()
    assert TerraformCLI(module, "/usr/bin/terraform", str(tmp_path)).show_json(str(plan))["plan_bytes"] == "plan-1"
    assert len(module.calls) == 1
