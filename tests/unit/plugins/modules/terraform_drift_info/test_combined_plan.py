"""combine=true: the ready layers are planned in one combined plan over a snapshot of their states; a locked layer,
a state written meanwhile, or a failed combined plan send layers back to a plan of their own. Exact argv, and the
remote states are only read.

A plan that changes nothing is decided from the plan's machine-readable UI stream, the state snapshot and the groups'
rules as EC2 lists them, without `terraform show -json`; nothing reads Terraform's saved plan file (the fake writes
none)."""

import json
import os

import drift_plans as plans
import pytest
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsCallError
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_sg_rules import permission_entries
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import terraform_drift_info
from drift_argv import plan_argv

from tests.unit import fake_terraform

PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]'
GROUP = "module.security.module.security.aws_security_group.tasks"  # in the combined plan
RULE = 'module.security.module.security.aws_vpc_security_group_ingress_rule.tasks_from_alb["8080"]'
FROM_ALB = {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080,
            "UserIdGroupPairs": [{"GroupId": "sg-alb", "UserId": "123456789012"}]}
ROGUE = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}


def resource(rtype, name, attributes, index_key=None, layer="network"):
    instance = {"attributes": attributes}
    if index_key is not None:
        instance["index_key"] = index_key
    return {"mode": "managed", "type": rtype, "name": name, "module": "module.%s" % layer, "provider": PROVIDER,
            "instances": [instance]}


def layer_state(name, serial=3):
    resources = [resource("aws_vpc", "this", {"id": "vpc-" + name}, layer=name)]
    if name == "security":
        # As site.yml leaves it: the group recorded when it was created, before its rules (separate resources)
        # existed, so a refresh always finds its ingress "changed outside Terraform".
        resources += [
            resource("aws_security_group", "tasks", {"id": "sg-tasks", "ingress": [], "egress": []}, layer=name),
            resource("aws_vpc_security_group_ingress_rule", "tasks_from_alb", {
                "security_group_id": "sg-tasks", "ip_protocol": "tcp", "from_port": 8080, "to_port": 8080,
                "referenced_security_group_id": "sg-alb", "cidr_ipv4": None, "cidr_ipv6": None,
                "prefix_list_id": None}, index_key="8080", layer=name)]
    return {"version": 4, "terraform_version": "1.11.4", "serial": serial, "lineage": "l-" + name, "outputs": {},
            "resources": resources}


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


class FakeGroups:
    """drift_sg_rules.LiveGroups on canned DescribeSecurityGroups permissions, or an AwsCallError."""

    def __init__(self):
        self.ingress = {"sg-tasks": [FROM_ALB]}
        self.error = None
        self.reads = []

    def read(self, ids):
        self.reads.append(list(ids))
        if self.error:
            raise self.error  # pylint: disable=raising-bad-type  # an exception once a test sets one
        return dict((i, {"ingress": permission_entries(self.ingress.get(i, [])), "egress": []}) for i in ids)


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
def groups(monkeypatch):
    fake = FakeGroups()
    monkeypatch.setattr(terraform_drift_info, "LiveGroups", lambda clients: fake)
    return fake


class Stream:
    """What `terraform plan -json` streams (Terraform 1.11, machine-readable UI 1.2): the version message, a
    resource_drift message per drifted instance, a planned_change per change and the change summary. ``ui`` is the
    version the stream reports."""

    def __init__(self):
        self.ui = "1.2"

    def __call__(self, plan_doc):
        doc = plan_doc or {}
        lines = [{"type": "version", "terraform": "1.11.4", "ui": self.ui}]
        for kind, key in (("resource_drift", "resource_drift"), ("planned_change", "resource_changes")):
            for change in doc.get(key) or []:
                if change["change"]["actions"] != ["no-op"]:
                    lines.append({"type": kind, "change": {"action": "update", "resource": {
                        "addr": change["address"], "resource_type": change["type"]}}})
        lines.append({"type": "change_summary", "changes": {"operation": "plan"}})
        return "\n".join(json.dumps(line) for line in lines) + "\n"


@pytest.fixture(autouse=True)
def stream(monkeypatch):
    fake = Stream()
    monkeypatch.setattr(fake_terraform, "ui_events", fake)
    return fake


@pytest.fixture
def three(make_layer, tmp_path, groups):
    layers = [make_layer(n) for n in ("network", "security", "loadbalancer")]
    for layer in layers:  # what the combined root reads: the declared variables
        with open(os.path.join(layer["project_path"], "variables.tf"), "w") as handle:
            handle.write('variable "vpc_id" {\n  type = string\n}\n')
    return layers, str(tmp_path / "work" / "drift-combined")


def combined(layers, combined_dir, **kwargs):
    return dict({"layers": layers, "combine": True, "combined_dir": combined_dir}, **kwargs)


def combined_argvs(binary, combined_dir):
    return [
        [binary, "init", "-input=false", "-no-color", "-backend=false"],
        [binary, "plan", "-json", "-refresh=true", "-detailed-exitcode", "-input=false", "-lock=false",
         "-out=%s" % os.path.join(combined_dir, "combined.tfplan"), "-var-file=layers.tfvars.json"],
        [binary, "show", "-json", "-no-color", os.path.join(combined_dir, "combined.tfplan")],
    ]


def by_name(result):
    return dict((r["name"], r) for r in result["layers"])


def group_plan(ingress, inline=False, rule_drift=False):
    """`terraform show -json` of an exit code 0 combined plan: the group's rules as refreshed, and the refresh
    noise a fresh deployment shows (the group's recorded ingress was empty)."""
    now = {"id": "sg-tasks", "ingress": permission_entries(ingress), "egress": []}
    drift = [plans.rc(GROUP, "aws_security_group", ["update"], {"id": "sg-tasks", "ingress": [], "egress": []}, now)]
    rule_values = layer_state("security")["resources"][2]["instances"][0]["attributes"]
    if rule_drift:
        drift.append(plans.rc(RULE, "aws_vpc_security_group_ingress_rule", ["update"], rule_values,
                              dict(rule_values, description="changed")))
    expressions = {"name": {}, "vpc_id": {}}
    if inline:
        expressions["ingress"] = {}
    return {
        "resource_changes": [], "resource_drift": drift, "output_changes": {},
        "prior_state": {"values": {"root_module": {"child_modules": [{"address": "module.security", "resources": [
            {"address": GROUP, "mode": "managed", "type": "aws_security_group", "values": now},
            {"address": RULE, "mode": "managed", "type": "aws_vpc_security_group_ingress_rule",
             "values": rule_values}]}]}}},
        "configuration": {"root_module": {"module_calls": {"security": {"module": {"module_calls": {"security": {
            "module": {"resources": [{"address": "aws_security_group.tasks", "expressions": expressions}]}}}}}}}},
    }


def test_clean_layers_share_one_plan_decided_without_show(run_module, terraform, states, three, groups):
    layers, combined_dir = three
    fake = states(["network", "security", "loadbalancer"])
    terraform.layer(combined_dir, group_plan([FROM_ALB]), plan_rc=[0])
    failed, result = run_module(combined(layers, combined_dir))
    assert not failed, result
    # Exit code 0, the group's drift in the UI stream is only its rules filled in, and EC2 lists no rule that a
    # rule resource does not declare: no `terraform show -json`, even the first time.
    assert terraform.argvs() == combined_argvs(terraform.binary, combined_dir)[:2]
    assert groups.reads == [["sg-tasks"]]
    assert [r["planned_with"] for r in result["layers"]] == ["combined"] * 3
    assert result["status"] == "clean" and result["combined"]["layers"] == ["loadbalancer", "network", "security"]
    with open(os.path.join(combined_dir, "terraform.tfstate")) as handle:
        merged = json.load(handle)
    assert sorted(set(r["module"] for r in merged["resources"])) == [
        "module.loadbalancer.module.loadbalancer", "module.network.module.network", "module.security.module.security"]
    assert set(kind for kind, _name in fake.reads) == {"snapshot", "current"}  # read-only: nothing else exists
    assert set(result["combined"]["timings"]) == {"snapshot", "write", "init", "plan", "groups", "recheck"}

    terraform.calls.clear()
    _failed, result = run_module(combined(layers, combined_dir))
    assert terraform.argvs() == combined_argvs(terraform.binary, combined_dir)[1:2]  # initialised already
    assert result["status"] == "clean"
    assert "init" not in result["combined"]["timings"]


def test_a_rule_added_by_hand_is_drift_even_when_nothing_is_planned(run_module, terraform, states, three, groups):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    groups.ingress["sg-tasks"] = [FROM_ALB, ROGUE]
    terraform.layer(combined_dir, group_plan([FROM_ALB, ROGUE]), plan_rc=[0])
    rogue = {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "0.0.0.0/0"}
    # EC2 lists a rule that no rule resource declares, and the stored configuration does not declare it inline
    # either: drift, reported from the full plan (the group's refresh-only change with its values).
    for argvs in (combined_argvs(terraform.binary, combined_dir), combined_argvs(terraform.binary, combined_dir)[1:]):
        terraform.calls.clear()
        _failed, result = run_module(combined(layers, combined_dir))
        assert terraform.argvs() == argvs
        assert groups.reads[-1] == ["sg-tasks"]
        security = by_name(result)["security"]
        assert (security["status"], by_name(result)["network"]["status"]) == ("drifted", "clean")
        [group] = security["resources"]
        assert (group["address"], group["action"]) == ("module.security.aws_security_group.tasks", "none")
        assert group["unmanaged_rules"] == {"ingress": [rogue]}

    groups.ingress["sg-tasks"] = [FROM_ALB]  # revoked: clean again, still without show
    terraform.calls.clear()
    _failed, result = run_module(combined(layers, combined_dir))
    assert terraform.argvs() == combined_argvs(terraform.binary, combined_dir)[1:2]
    assert result["status"] == "clean"


def test_inline_rules_are_explained_by_the_configuration_once_per_code(run_module, terraform, states, three, groups):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    groups.ingress["sg-tasks"] = [FROM_ALB, ROGUE]  # the group declares its ingress inline: not drift
    terraform.layer(combined_dir, group_plan([FROM_ALB, ROGUE], inline=True), plan_rc=[0])
    _failed, result = run_module(combined(layers, combined_dir))
    assert terraform.argvs()[-1] == combined_argvs(terraform.binary, combined_dir)[2]  # the configuration was needed
    assert result["status"] == "clean"

    terraform.calls.clear()
    _failed, result = run_module(combined(layers, combined_dir))
    assert terraform.argvs() == combined_argvs(terraform.binary, combined_dir)[1:2]  # same code: stored configuration
    assert result["status"] == "clean"

    with open(os.path.join(layers[1]["project_path"], "main.tf"), "w") as handle:
        handle.write('resource "aws_security_group" "tasks" {\n  name = "tasks"\n}\n')
    terraform.calls.clear()
    run_module(combined(layers, combined_dir))
    assert terraform.argvs()[-1] == combined_argvs(terraform.binary, combined_dir)[2]  # other code: read again


def test_a_rule_resource_changed_outside_terraform_needs_the_full_plan(run_module, terraform, states, three, groups):
    """The rule resources are taken from the state snapshot only while the stream says none of them drifted."""
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    terraform.layer(combined_dir, group_plan([FROM_ALB], rule_drift=True), plan_rc=[0])
    _failed, result = run_module(combined(layers, combined_dir))
    assert terraform.argvs()[-1] == combined_argvs(terraform.binary, combined_dir)[2]
    assert result["status"] == "clean"


@pytest.mark.parametrize("ui", ["2.0", None])
def test_a_stream_of_another_ui_version_is_not_trusted(run_module, terraform, states, three, stream, ui):
    """The machine-readable UI's documentation: reject a major version you do not know. The full plan decides."""
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    stream.ui = ui
    terraform.layer(combined_dir, group_plan([FROM_ALB]), plan_rc=[0])
    _failed, result = run_module(combined(layers, combined_dir))
    assert terraform.argvs()[-1] == combined_argvs(terraform.binary, combined_dir)[2]
    assert result["status"] == "clean"


def test_groups_ec2_cannot_list_leave_it_to_the_full_plan(run_module, terraform, states, three, groups):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    groups.error = AwsCallError("ec2", "describe_security_groups", "UnauthorizedOperation", "not allowed")
    terraform.layer(combined_dir, group_plan([FROM_ALB]), plan_rc=[0])
    failed, result = run_module(combined(layers, combined_dir))
    assert not failed
    assert terraform.argvs()[-1] == combined_argvs(terraform.binary, combined_dir)[2]
    assert result["status"] == "clean"
    assert any("UnauthorizedOperation" in w and "show -json" in w for w in result.get("warnings", []))


def test_drift_is_reported_in_its_layer_with_the_layer_s_own_address(run_module, terraform, states, three):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    doc = plans.alb_deletion_protection_off()
    for entry in doc["resource_changes"] + doc["resource_drift"]:
        entry["address"] = "module.loadbalancer." + entry["address"]
        entry["module_address"] = "module.loadbalancer.module.alb"
    terraform.layer(combined_dir, doc, plan_rc=[2])
    failed, result = run_module(combined(layers, combined_dir))
    assert not failed
    assert terraform.argvs()[-1] == combined_argvs(terraform.binary, combined_dir)[2]  # values: the full plan
    layer = by_name(result)
    assert (layer["network"]["status"], layer["security"]["status"]) == ("clean", "clean")
    assert layer["loadbalancer"]["status"] == "drifted"
    assert [r["address"] for r in layer["loadbalancer"]["resources"]] == [plans.ALB]
    assert layer["loadbalancer"]["resources"][0]["outside_terraform"] is True


def test_a_locked_layer_is_planned_on_its_own_and_waits_for_the_lock(run_module, terraform, states, three):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"], locked=["security"])
    terraform.layer(combined_dir, {"configuration": {}}, plan_rc=[0])
    security = layers[1]
    terraform.layer(security["project_path"], plans.clean(), plan_rc=[0])
    failed, result = run_module(combined(layers, combined_dir, lock_timeout=9))
    assert not failed
    assert by_name(result)["security"]["planned_with"] == "own plan"
    assert "state locked by another run" in by_name(result)["security"]["own_plan_reason"]
    assert plan_argv(terraform.binary, security, 9) in terraform.argvs(security["project_path"])
    assert result["combined"]["layers"] == ["loadbalancer", "network"]


def test_a_state_written_during_the_combined_plan_is_planned_again_on_its_own(run_module, terraform, states, three):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"], written=["network"])
    terraform.layer(combined_dir, group_plan([FROM_ALB]), plan_rc=[0])
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


def test_a_layer_file_that_is_not_hcl_fails_the_combined_plan_only(run_module, terraform, states, three):
    """The per-layer plans then say what Terraform makes of it."""
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    with open(os.path.join(layers[2]["project_path"], "broken.tf"), "w") as handle:
        handle.write('variable "x" {\n')
    for layer in layers:
        terraform.layer(layer["project_path"], plans.clean(), plan_rc=[0])
    failed, result = run_module(combined(layers, combined_dir))
    assert not failed
    assert "broken.tf cannot be read as Terraform configuration" in result["combined"]["error"]
    assert [r["planned_with"] for r in result["layers"]] == ["own plan"] * 3


def test_changed_layer_code_initialises_the_combined_root_again(run_module, terraform, states, three):
    """A module call added inside a layer needs `terraform init` even for a local source."""
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    terraform.layer(combined_dir, group_plan([FROM_ALB]), plan_rc=[0])
    run_module(combined(layers, combined_dir))
    with open(os.path.join(layers[1]["project_path"], "main.tf"), "w") as handle:
        handle.write('module "extra" {\n  source = "../../modules/extra"\n}\n')
    terraform.calls.clear()
    run_module(combined(layers, combined_dir))
    assert terraform.argvs()[0] == combined_argvs(terraform.binary, combined_dir)[0]


def test_a_plan_that_asks_for_init_gets_one_init_and_one_more_plan(run_module, terraform, states, three):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    terraform.layer(combined_dir, group_plan([FROM_ALB]), plan_rc=[0])
    run_module(combined(layers, combined_dir))
    terraform.layer(combined_dir, group_plan([FROM_ALB]), plan_rc=[1, 0], plan_err=["Error: Module not installed", ""])
    terraform.calls.clear()
    failed, result = run_module(combined(layers, combined_dir))
    assert not failed
    init, plan = combined_argvs(terraform.binary, combined_dir)[:2]
    assert terraform.argvs() == [plan, init, plan]
    assert result["combined"]["used"] is True and result["combined"]["error"] is None


def test_a_layer_that_cannot_be_planned_is_not_said_to_be_planned(run_module, terraform, states, three, make_layer):
    layers, combined_dir = three
    states(["network", "security", "loadbalancer"])
    terraform.layer(combined_dir, group_plan([FROM_ALB]), plan_rc=[0])
    missing = dict(make_layer("services"), error="layer services has no state (not deployed)")
    _failed, result = run_module(combined(layers + [missing], combined_dir))
    services = result["layers"][-1]
    assert (services["status"], services["planned_with"]) == ("error", None)
    assert terraform.argvs(missing["project_path"]) == []


def test_without_python_hcl2_the_combined_plan_says_what_is_missing(run_module, terraform, three, monkeypatch):
    layers, combined_dir = three
    monkeypatch.setattr(terraform_drift_info, "HAS_HCL2", False)
    failed, result = run_module(combined(layers, combined_dir))
    assert failed and "python-hcl2" in result["msg"] and "combine=false" in result["msg"]
    assert terraform.argvs() == []
    for layer in layers:  # each layer on its own needs no parser
        terraform.layer(layer["project_path"], plans.clean(), plan_rc=[0])
    failed, result = run_module({"layers": layers, "combine": False})
    assert not failed and result["status"] == "clean"
