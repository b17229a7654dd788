"""The combined drift root: each layer a child module with its own inputs, the states merged under module.<layer>,
and the combined plan split back into layers with the addresses a layer's own plan would give."""

import json
import os

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import drift_combined as dc
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_analysis import analyse

PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]'
LOCK = 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.100.0"\n}\n'


def state(resources, outputs=None, version="1.11.4"):
    return {"version": 4, "terraform_version": version, "serial": 7, "lineage": "l-1", "outputs": outputs or {},
            "resources": resources}


def resource(rtype, name, module=None, deps=()):
    res = {"mode": "managed", "type": rtype, "name": name, "provider": PROVIDER,
           "instances": [{"schema_version": 0, "attributes": {"id": name}, "dependencies": list(deps)}]}
    if module:
        res["module"] = module
    return res


@pytest.fixture
def tree(tmp_path):
    """terraform/layers/{network,security} with variables and outputs, and terraform/modules."""
    root = tmp_path / "terraform"
    for name, body in (("network", 'variable "vpc_cidr" {\n  type = string\n}\nvariable "tags" {}\n'
                                   'output "vpc_id" {\n  value = 1\n}\n'),
                       ("security", 'variable "vpc_id" {\n  type = string\n}\n')):
        (root / "layers" / name).mkdir(parents=True)
        (root / "layers" / name / "main.tf").write_text(body)
        (root / "layers" / name / dc.LOCK_FILE).write_text(LOCK)
    (root / "modules").mkdir()
    return root


def layers_of(tree, *names):
    return [{"name": n, "project_path": str(tree / "layers" / n)} for n in names]


def test_states_merge_under_the_layer_module_with_their_own_provider():
    merged = dc.merge_states({
        "network": state([resource("aws_vpc", "this", module="module.network", deps=["module.network.aws_eip.a"])],
                         outputs={"vpc_id": {"value": "vpc-1", "type": "string"}}),
        "security": state([resource("aws_security_group", "alb")], version="1.10.5"),
    })
    by_type = dict((r["type"], r) for r in merged["resources"])
    assert by_type["aws_vpc"]["module"] == "module.network.module.network"
    assert by_type["aws_vpc"]["provider"] == "module.network." + PROVIDER
    assert by_type["aws_vpc"]["instances"][0]["dependencies"] == ["module.network.module.network.aws_eip.a"]
    assert by_type["aws_security_group"]["module"] == "module.security"
    assert by_type["aws_security_group"]["provider"] == "module.security." + PROVIDER
    assert merged["outputs"] == {"network__vpc_id": {"value": "vpc-1", "type": "string", "sensitive": True}}
    assert merged["terraform_version"] == "1.11.4"  # the newest writer: an older Terraform would refuse it anyway


def test_a_state_in_another_format_is_refused():
    with pytest.raises(ValueError, match="layer network has format version 3"):
        dc.merge_states({"network": {"version": 3}})


def test_root_passes_declared_inputs_by_reference_only(tree, tmp_path):
    layers = layers_of(tree, "network", "security")
    inputs = {"network": {"vpc_cidr": "10.0.0.0/16", "tags": {"Team": "${not-a-template}"}, "stray": 1},
              "security": {"vpc_id": "vpc-1"}}
    work = tmp_path / "combined"
    dc.write(str(work), layers, {"network": state([]), "security": state([])}, inputs)
    config = json.loads((work / dc.CONFIG_FILE).read_text())
    values = json.loads((work / dc.VAR_FILE).read_text())
    assert config["module"]["network"] == {"source": "./tree0/layers/network", "tags": '${var.network["tags"]}',
                                           "vpc_cidr": '${var.network["vpc_cidr"]}'}
    assert "stray" not in values["network"]  # undeclared: Terraform ignores it in a var file, a module would fail
    assert values["network"]["tags"] == {"Team": "${not-a-template}"}  # a value, never parsed as a template
    assert "${not-a-template}" not in (work / dc.CONFIG_FILE).read_text()
    assert config["output"] == {"network__vpc_id": {"value": "${module.network.vpc_id}", "sensitive": True}}
    assert os.path.realpath(work / "tree0") == str(tree)  # ../../modules of a layer resolves inside the tree
    assert oct((work / dc.STATE_FILE).stat().st_mode & 0o777) == "0o600"


def combined_plan():
    sg = {"address": "module.security.aws_security_group.alb", "module_address": "module.security",
          "mode": "managed", "type": "aws_security_group", "name": "alb",
          "change": {"actions": ["update"], "before": {"description": "hand"}, "after": {"description": "code"},
                     "after_unknown": {}, "before_sensitive": {}, "after_sensitive": {}}}
    vpc = dict(sg, address="module.network2.aws_vpc.this", module_address="module.network2", type="aws_vpc")
    return {"resource_changes": [sg, vpc], "resource_drift": [],
            "output_changes": {"security__sg_id": {"actions": ["update"]}, "network__vpc_id": {"actions": ["no-op"]}},
            "prior_state": {"values": {"root_module": {"child_modules": [
                {"address": "module.security", "resources": []}, {"address": "module.network2", "resources": []}]}}},
            "configuration": {"root_module": {"module_calls": {"security": {"module": {}}}}}}


def test_the_combined_plan_splits_into_layers_with_their_own_addresses():
    plan = combined_plan()
    security = dc.strip_layer(analyse(dc.layer_plan(plan, "security"), ()), "security")
    assert [r["address"] for r in security["resources"]] == ["aws_security_group.alb"]
    assert security["output_changes"] == ["sg_id"]
    network = dc.strip_layer(analyse(dc.layer_plan(plan, "network"), ()), "network")
    assert network["resources"] == [] and not network["drifted"]  # module.network2 is another layer


def test_the_combined_root_uses_the_layers_lock_file(tree, tmp_path):
    work = tmp_path / "combined"
    dc.write(str(work), layers_of(tree, "network", "security"), {"network": state([]), "security": state([])},
             {"network": {}, "security": {}})
    assert (work / dc.LOCK_FILE).read_text() == LOCK  # init -lockfile=readonly then selects the locked release


@pytest.mark.parametrize("change", ["missing", "other"])
def test_a_layer_without_the_same_lock_file_is_refused_before_anything_is_written(tree, tmp_path, change):
    lock = tree / "layers" / "security" / dc.LOCK_FILE
    if change == "missing":
        lock.unlink()
    else:
        lock.write_text(LOCK.replace("5.100.0", "5.101.0"))
    work = tmp_path / "combined"
    with pytest.raises(ValueError, match=str(lock)):
        dc.write(str(work), layers_of(tree, "network", "security"), {"network": state([]), "security": state([])},
                 {"network": {}, "security": {}})
    assert not work.exists()


# ---- the names a layer declares, from python-hcl2 ------------------------------------------------------------------

UNUSUAL = '''
  variable "indented" {
    type = string
  }
variable bare_label {}
variable "one_line" { default = 1 }
output "with_heredoc" {
  value = <<-EOT
variable "in_a_heredoc" {
EOT
}
/*
variable "commented_out" {
}
*/
'''


def test_names_come_from_parsed_hcl_in_any_valid_layout(tmp_path):
    """Valid HCL that a line-by-line pattern gets wrong: an indented block and a bare label are declarations, a
    block inside a heredoc or a comment is not (passing it would fail the combined plan: unsupported argument)."""
    (tmp_path / "variables.tf").write_text(UNUSUAL)
    (tmp_path / "outputs.tf.json").write_text(json.dumps({"output": {"from_json": {"value": 1}}}))
    (tmp_path / "notes.txt").write_text('variable "not_terraform" {}\n')
    variables, outputs = dc.declared(str(tmp_path))
    assert variables == {"indented", "bare_label", "one_line"}
    assert outputs == {"with_heredoc", "from_json"}


def test_a_file_that_is_not_hcl_is_named(tmp_path):
    (tmp_path / "main.tf").write_text('variable "x" {\n')
    with pytest.raises(ValueError, match=r"main\.tf cannot be read as Terraform configuration"):
        dc.declared(str(tmp_path))


def test_parsed_names_are_kept_by_file_digest(tree, tmp_path, monkeypatch):
    work = tmp_path / "combined"
    layers = layers_of(tree, "network", "security")
    args = ({"network": state([]), "security": state([])}, {"network": {"vpc_cidr": "x"}, "security": {}})
    dc.write(str(work), layers, *args)
    parsed = []
    real = dc.declared_in
    monkeypatch.setattr(dc, "declared_in", lambda path, text: parsed.append(os.path.basename(path)) or real(path, text))
    dc.write(str(work), layers, *args)
    assert parsed == []  # nothing changed: nothing parsed
    (tree / "layers" / "security" / "main.tf").write_text('variable "vpc_id" {}\nvariable "extra" {}\n')
    dc.write(str(work), layers, *args)
    assert parsed == ["main.tf"]
    config = json.loads((work / dc.CONFIG_FILE).read_text())
    assert config["variable"] == {"network": {"type": "any"}, "security": {"type": "any"}}
    cached = json.loads((work / dc.DECLARED_CACHE).read_text())
    assert cached["parser"].startswith("python-hcl2 ")
    assert len(cached["files"]) == 2  # the layers' current files only: the old security main.tf is gone


# ---- the plan's machine-readable UI ----------------------------------------------------------------------------------

def ui(*events, version="1.2"):
    head = [{"type": "version", "terraform": "1.11.4", "ui": version}] if version else []
    return head + list(events) + [{"type": "change_summary", "changes": {"operation": "plan"}}]


def drift_message(address, rtype):
    return {"type": "resource_drift", "change": {"action": "update", "resource": {"addr": address,
                                                                                  "resource_type": rtype}}}


def test_drifted_types_come_from_the_ui_stream():
    events = ui(drift_message("module.security.module.security.aws_security_group.tasks", "aws_security_group"),
                drift_message("module.network.module.network.aws_route_table.public", "aws_route_table"),
                {"type": "refresh_complete", "hook": {"resource": {"resource_type": "aws_vpc"}}})
    assert dc.ui_drifted_types(events) == {"aws_security_group", "aws_route_table"}
    assert dc.ui_drifted_types(ui()) == set()


def test_a_stream_this_does_not_know_is_not_read():
    assert dc.ui_drifted_types(ui(version="2.0")) is None  # another major version: reject, as documented
    assert dc.ui_drifted_types(ui(version=None)) is None
    assert dc.ui_drifted_types(ui()[:-1]) is None  # no change summary: not a complete plan


def test_the_snapshot_reads_as_a_plan_s_prior_state():
    merged = dc.merge_states({"security": state([
        dict(resource("aws_security_group", "tasks", module="module.security"),
             instances=[{"attributes": {"id": "sg-1"}, "index_key": "a"}])])})
    [child] = dc.state_values(merged)["values"]["root_module"]["child_modules"]
    assert child["address"] == "module.security"
    assert child["resources"] == [{"address": 'module.security.module.security.aws_security_group.tasks["a"]',
                                   "mode": "managed", "type": "aws_security_group", "name": "tasks",
                                   "values": {"id": "sg-1"}}]
