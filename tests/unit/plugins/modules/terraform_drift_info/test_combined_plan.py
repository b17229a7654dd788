"""combine=true: the ready layers are planned in one combined plan over a snapshot of their states; a locked layer,
a state written meanwhile, or a failed combined plan send layers back to a plan of their own. Exact argv, and the
remote states are only read."""

import json
import os

import drift_plans as plans
import pytest
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import terraform_drift_info
from conftest import plan_argv

PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]'


def layer_state(name, serial=3):
    return {"version": 4, "terraform_version": "1.11.4", "serial": serial, "lineage": "l-" + name, "outputs": {},
            "resources": [{"mode": "managed", "type": "aws_vpc", "name": "this", "module": "module.%s" % name,
                           "provider": PROVIDER, "instances": [{"attributes": {"id": "vpc-" + name}}]}]}


class FakeStates:
    """The remote states as state_object.StateSnapshots reports them; `written` moves a state's ETag after the
    first read (a run applied while the combined plan ran)."""

    def __init__(self, names, locked=(), written=()):
        self.states = dict((n, layer_state(n)) for n in names)
        self.locked, self.written = set(locked), set(written)
        self.reads = []

    def _name(self, backend):
        return backend["key"].split("/")[1]

    def snapshot(self, backend):
        name = self._name(backend)
        self.reads.append(("snapshot", name))
        return {"state": self.states.get(name), "etag": '"%s-1"' % name, "locked": name in self.locked}

    def current(self, backend):
        name = self._name(backend)
        self.reads.append(("current", name))
        return {"etag": '"%s-%d"' % (name, 2 if name in self.written else 1), "locked": name in self.locked}


@pytest.fixture
def states(monkeypatch):
    holder = {}

    def install(names, **kwargs):
        holder["fake"] = FakeStates(names, **kwargs)
        return holder["fake"]

    monkeypatch.setattr(AnsibleAWSModule, "client", lambda self, *a, **kw: None)
    monkeypatch.setattr(terraform_drift_info, "StateSnapshots", lambda module, s3, dynamodb: holder["fake"])
    return install


@pytest.fixture
def three(make_layer, tmp_path):
    layers = [make_layer(n) for n in ("network", "security", "loadbalancer")]
    for layer in layers:  # what the combined root reads: the declared variables
        with open(os.path.join(layer["project_path"], "variables.tf"), "w") as handle:
            handle.write('variable "vpc_id" {\n  type = string\n}\n')
    return layers, str(tmp_path / "work" / "drift-combined")


def combined(layers, combined_dir, **kwargs):
    return dict({"layers": layers, "combine": True, "combined_dir": combined_dir}, **kwargs)


def refreshed(names):
    state = {"version": 4, "resources": []}
    for name in names:
        state["resources"] += [dict(r, module="module.%s.%s" % (name, r["module"]))
                               for r in layer_state(name)["resources"]]
    return {"tfstate": state}


def combined_argvs(binary, combined_dir):
    return [
        [binary, "init", "-input=false", "-no-color", "-backend=false"],
        [binary, "plan", "-json", "-refresh=true", "-detailed-exitcode", "-input=false", "-lock=false",
         "-out=%s" % os.path.join(combined_dir, "combined.tfplan"), "-var-file=layers.tfvars.json"],
        [binary, "show", "-json", "-no-color", os.path.join(combined_dir, "combined.tfplan")],
    ]


def test_clean_layers_share_one_plan_read_from_the_plan_file(run_module, terraform, states, three):
    layers, combined_dir = three
    fake = states(["network", "security", "loadbalancer"])
    terraform.layer(combined_dir, {"configuration": {"root_module": {}}}, plan_rc=[0],
                    planfile=refreshed(["network", "security", "loadbalancer"]))
    failed, result = run_module(combined(layers, combined_dir))
    assert not failed, result
    # Exit code 0 and no security group rule to explain: no `terraform show -json`, even the first time.
    assert terraform.argvs() == combined_argvs(terraform.binary, combined_dir)[:2]
    assert [r["planned_with"] for r in result["layers"]] == ["combined"] * 3
    assert result["status"] == "clean" and result["combined"]["layers"] == ["loadbalancer", "network", "security"]
    with open(os.path.join(combined_dir, "terraform.tfstate")) as handle:
        merged = json.load(handle)
    assert sorted(r["module"] for r in merged["resources"]) == [
        "module.loadbalancer.module.loadbalancer", "module.network.module.network", "module.security.module.security"]
    assert set(kind for kind, _name in fake.reads) == {"snapshot", "current"}  # read-only: nothing else exists
    assert set(result["combined"]["timings"]) == {"snapshot", "write", "init", "plan", "recheck"}

    terraform.calls.clear()
    _failed, result = run_module(combined(layers, combined_dir))
    assert terraform.argvs() == combined_argvs(terraform.binary, combined_dir)[1:2]  # initialised already
    assert result["status"] == "clean"
    assert "init" not in result["combined"]["timings"]


def inline_group_plan():
    """The refreshed state holds a group with an ingress rule no rule resource declares; the configuration says the
    group declares its ingress inline, so it is not a rule added by hand."""
    planfile = refreshed(["network", "loadbalancer"])
    planfile["tfstate"]["resources"].append({
        "mode": "managed", "type": "aws_security_group", "name": "tasks", "module": "module.security",
        "provider": "module.security." + PROVIDER, "instances": [{"attributes": {
            "id": "sg-1", "egress": [], "ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443,
                                                     "cidr_blocks": ["10.0.0.0/16"]}]}}]})
    configuration = {"root_module": {"module_calls": {"security": {"module": {"resources": [
        {"address": "aws_security_group.tasks", "expressions": {"ingress": {}}}]}}}}}
    return {"configuration": configuration, "prior_state": {"values": {"root_module": {"child_modules": [
        {"address": "module.security", "resources": [{
            "address": "module.security.aws_security_group.tasks", "mode": "managed", "type": "aws_security_group",
            "values": planfile["tfstate"]["resources"][-1]["instances"][0]["attributes"]}]}]}}}}, planfile


def test_a_group_rule_is_explained_by_the_configuration_once_then_from_the_cache(run_module, terraform, states, three):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    doc, planfile = inline_group_plan()
    terraform.layer(combined_dir, doc, plan_rc=[0], planfile=planfile)
    _failed, result = run_module(combined(layers, combined_dir))
    assert terraform.argvs() == combined_argvs(terraform.binary, combined_dir)  # the configuration was needed
    assert result["status"] == "clean"

    terraform.calls.clear()
    _failed, result = run_module(combined(layers, combined_dir))
    # Same configuration snapshot in the plan file: the stored configuration explains the rule, no show.
    assert terraform.argvs() == combined_argvs(terraform.binary, combined_dir)[1:2]
    assert result["status"] == "clean"

    planfile["tfconfig"] = {"m-/main.tf.json": '{"changed": true}'}
    terraform.layer(combined_dir, doc, plan_rc=[0], planfile=planfile)
    terraform.calls.clear()
    run_module(combined(layers, combined_dir))
    assert terraform.argvs()[-1] == combined_argvs(terraform.binary, combined_dir)[2]  # other code: read again


def test_drift_is_reported_in_its_layer_with_the_layer_s_own_address(run_module, terraform, states, three):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    doc = plans.alb_deletion_protection_off()
    for entry in doc["resource_changes"] + doc["resource_drift"]:
        entry["address"] = "module.loadbalancer." + entry["address"]
        entry["module_address"] = "module.loadbalancer.module.alb"
    terraform.layer(combined_dir, doc, plan_rc=[2], planfile=refreshed(["network", "security", "loadbalancer"]))
    failed, result = run_module(combined(layers, combined_dir))
    assert not failed
    by_name = dict((r["name"], r) for r in result["layers"])
    assert (by_name["network"]["status"], by_name["security"]["status"]) == ("clean", "clean")
    assert by_name["loadbalancer"]["status"] == "drifted"
    assert [r["address"] for r in by_name["loadbalancer"]["resources"]] == [plans.ALB]
    assert by_name["loadbalancer"]["resources"][0]["outside_terraform"] is True


def test_a_locked_layer_is_planned_on_its_own_and_waits_for_the_lock(run_module, terraform, states, three):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"], locked=["security"])
    terraform.layer(combined_dir, {"configuration": {}}, plan_rc=[0], planfile=refreshed(["network", "loadbalancer"]))
    security = layers[1]
    terraform.layer(security["project_path"], plans.clean(), plan_rc=[0])
    failed, result = run_module(combined(layers, combined_dir, lock_timeout=9))
    assert not failed
    by_name = dict((r["name"], r) for r in result["layers"])
    assert by_name["security"]["planned_with"] == "own plan"
    assert "state locked by another run" in by_name["security"]["own_plan_reason"]
    assert plan_argv(terraform.binary, security, 9) in terraform.argvs(security["project_path"])
    assert result["combined"]["layers"] == ["loadbalancer", "network"]


def test_a_state_written_during_the_combined_plan_is_planned_again_on_its_own(run_module, terraform, states, three):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"], written=["network"])
    terraform.layer(combined_dir, {"configuration": {}}, plan_rc=[0],
                    planfile=refreshed(["network", "security", "loadbalancer"]))
    terraform.layer(layers[0]["project_path"], plans.clean(), plan_rc=[0])
    _failed, result = run_module(combined(layers, combined_dir))
    network = result["layers"][0]
    assert (network["planned_with"], network["status"]) == ("own plan", "clean")
    assert "changed while the combined plan ran" in network["own_plan_reason"]
    assert result["combined"]["layers"] == ["loadbalancer", "security"]


def test_a_failed_combined_plan_sends_every_layer_to_its_own_plan_and_says_why(run_module, terraform, states, three):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    terraform.layer(combined_dir, None, plan_rc=[1], plan_err=["Error: Unsupported argument in module.security"])
    for layer in layers:
        terraform.layer(layer["project_path"], plans.clean(), plan_rc=[0])
    failed, result = run_module(combined(layers, combined_dir))
    assert not failed
    assert "Unsupported argument in module.security" in result["combined"]["error"]
    assert result["combined"]["used"] is False
    assert [r["planned_with"] for r in result["layers"]] == ["own plan"] * 3
    assert all(r["own_plan_reason"] == "combined plan failed" for r in result["layers"])
    assert any("planned on its own" in w for w in result.get("warnings", [])), result.get("warnings")


def test_changed_layer_code_initialises_the_combined_root_again(run_module, terraform, states, three):
    """A module call added inside a layer needs `terraform init` even for a local source."""
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    terraform.layer(combined_dir, {"configuration": {}}, plan_rc=[0],
                    planfile=refreshed(["network", "security", "loadbalancer"]))
    run_module(combined(layers, combined_dir))
    with open(os.path.join(layers[1]["project_path"], "main.tf"), "w") as handle:
        handle.write('module "extra" {\n  source = "../../modules/extra"\n}\n')
    terraform.calls.clear()
    run_module(combined(layers, combined_dir))
    assert terraform.argvs()[0] == combined_argvs(terraform.binary, combined_dir)[0]


def test_a_plan_that_asks_for_init_gets_one_init_and_one_more_plan(run_module, terraform, states, three):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    terraform.layer(combined_dir, {"configuration": {}}, plan_rc=[0],
                    planfile=refreshed(["network", "security", "loadbalancer"]))
    run_module(combined(layers, combined_dir))
    terraform.layer(combined_dir, {"configuration": {}}, plan_rc=[1, 0], plan_err=["Error: Module not installed", ""],
                    planfile=refreshed(["network", "security", "loadbalancer"]))
    terraform.calls.clear()
    failed, result = run_module(combined(layers, combined_dir))
    assert not failed
    init, plan = combined_argvs(terraform.binary, combined_dir)[:2]
    assert terraform.argvs() == [plan, init, plan]
    assert result["combined"]["used"] is True and result["combined"]["error"] is None


def test_a_rule_added_by_hand_to_a_group_is_drift_even_when_nothing_is_planned(run_module, terraform, states, three):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    doc, planfile = inline_group_plan()
    doc["configuration"]["root_module"]["module_calls"]["security"]["module"]["resources"][0]["expressions"] = {}
    terraform.layer(combined_dir, doc, plan_rc=[0], planfile=planfile)
    for _ in range(2):  # the second time with the stored configuration, without show: same verdict
        _failed, result = run_module(combined(layers, combined_dir))
        security = dict((r["name"], r) for r in result["layers"])["security"]
        assert security["status"] == "drifted"
        [group] = security["resources"]
        assert (group["address"], group["action"]) == ("aws_security_group.tasks", "none")
        assert group["unmanaged_rules"]["ingress"][0]["cidr_ipv4"] == "10.0.0.0/16"


def test_a_layer_that_cannot_be_planned_is_not_said_to_be_planned(run_module, terraform, states, three, make_layer):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    terraform.layer(combined_dir, {"configuration": {}}, plan_rc=[0],
                    planfile=refreshed(["network", "security", "loadbalancer"]))
    missing = dict(make_layer("services"), error="layer services has no state (not deployed)")
    _failed, result = run_module(combined(layers + [missing], combined_dir))
    services = result["layers"][-1]
    assert (services["status"], services["planned_with"]) == ("error", None)
    assert terraform.argvs(missing["project_path"]) == []
