"""terraform_layers_plan with combine=true (site.yml's default): the layers that must be planned are first planned
together in one combined plan; a layer it finds nothing to change in is converged without a plan of its own, and a
layer with changes, a locked one, or every layer when the combined plan fails, gets its own saved plan for the loop.
Exact argv: the combined plan takes no lock and reads no saved plan when it changes nothing."""

import json
import os

import boto3

VPC_UPDATE = {"address": "module.security.aws_vpc.this", "mode": "managed", "type": "aws_vpc", "name": "this",
              "module_address": "module.security",
              "change": {"actions": ["update"], "before": {"tags": {}}, "after": {"tags": {"a": "b"}}}}
OWN_VPC_UPDATE = dict(VPC_UPDATE, address="aws_vpc.this")
OWN_VPC_UPDATE.pop("module_address")


def combined_dir(layers):
    return os.path.join(os.path.dirname(layers[0]["work_dir"]), "layers-combined")


def three(stack):
    return [stack(name) for name in ("network", "security", "loadbalancer")]


def test_layers_without_changes_share_one_plan_and_need_none_of_their_own(run, stack, terraform):
    layers = three(stack)
    where = combined_dir(layers)
    terraform.layer(where, plan_rc=[0])
    result = run(layers, combine=True)
    assert not result["failed"] and result["changed"] is False, result
    assert {n: r["status"] for n, r in result["layers"].items()} == dict.fromkeys(
        ("network", "security", "loadbalancer"), "no changes")
    # one init of the combined root, one plan without a lock, no `terraform show`; nothing in the layers' own dirs
    assert terraform.argvs(where) == [
        [terraform.binary, "init", "-input=false", "-no-color", "-backend=false"],
        [terraform.binary, "plan", "-json", "-refresh=true", "-detailed-exitcode", "-input=false", "-lock=false",
         "-out=%s" % os.path.join(where, "combined.tfplan"), "-var-file=layers.tfvars.json"]]
    assert all(terraform.argvs(layer["project_path"]) == [] for layer in layers)
    assert result["combined"]["used"] and result["combined"]["layers"] == ["loadbalancer", "network", "security"]
    for layer in layers:
        entry = result["layers"][layer["name"]]
        assert entry["line"].startswith("no changes (planned with the other layers in one combined plan: ")
        assert entry["stamp"]["converged"] and entry["stamp"]["planned_ahead"]
        # converged on the serial the combined plan read: the next run skips the layer without planning
        with open(os.path.join(layer["work_dir"], "converged.json")) as handle:
            assert json.load(handle)["serial"] == 3
    calls = len(terraform.calls)
    again = run(layers, combine=True)
    assert [r["status"] for r in again["layers"].values()] == ["converged"] * 3
    assert len(terraform.calls) == calls


def test_a_layer_with_changes_gets_a_saved_plan_of_its_own(run, stack, terraform):
    layers = three(stack)
    where = combined_dir(layers)
    terraform.layer(where, {"resource_changes": [VPC_UPDATE], "output_changes": {}}, plan_rc=[2])
    security = layers[1]
    terraform.layer(security["project_path"], {"resource_changes": [OWN_VPC_UPDATE]}, plan_rc=[2],
                    planfile={"tfstate": {}})
    result = run(layers, combine=True)
    statuses = {n: r["status"] for n, r in result["layers"].items()}
    assert statuses == {"network": "no changes", "security": "changes", "loadbalancer": "no changes"}, result
    # the combined plan had changes: `terraform show` says where; only that layer is planned again, under its lock
    assert [a[1] for a in terraform.argvs(where)] == ["init", "plan", "show"]
    assert [a[1] for a in terraform.argvs(security["project_path"])] == ["init", "plan", "show"]
    assert "-lock-timeout=0s" in next(a for a in terraform.argvs(security["project_path"]) if a[1] == "plan")
    assert terraform.argvs(layers[0]["project_path"]) == [] and terraform.argvs(layers[2]["project_path"]) == []
    assert os.path.exists(os.path.join(security["work_dir"], "layer.tfplan.json"))
    assert not os.path.exists(os.path.join(security["work_dir"], "converged.json"))


def test_a_locked_layer_is_planned_on_its_own(run, stack, terraform):
    layers = three(stack)
    for layer in layers:
        layer["backend_config"]["use_lockfile"] = True
    boto3.client("s3", region_name="us-east-1").put_object(Bucket=layers[2]["backend_config"]["bucket"],
                                                           Key=layers[2]["key"] + ".tflock", Body=b"{}")
    where = combined_dir(layers)
    terraform.layer(where, plan_rc=[0])
    terraform.layer(layers[2]["project_path"], plan_rc=[1], plan_err=["Error acquiring the state lock"])
    result = run(layers, combine=True)
    assert result["combined"]["layers"] == ["network", "security"]
    assert result["layers"]["loadbalancer"]["status"] == "error"  # the loop plans it, waits and names the holder
    assert "Error acquiring the state lock" in result["layers"]["loadbalancer"]["error"]
    assert [r["status"] for n, r in result["layers"].items() if n != "loadbalancer"] == ["no changes"] * 2


def test_a_failed_combined_plan_plans_each_layer_on_its_own_and_says_why(run, stack, terraform):
    layers = three(stack)
    terraform.layer(combined_dir(layers), plan_rc=[1], plan_err=["Error: Unsupported argument"])
    for layer in layers:
        terraform.layer(layer["project_path"], plan_rc=[0])
    result = run(layers, combine=True)
    assert not result["failed"]
    assert [r["status"] for r in result["layers"].values()] == ["no changes"] * 3
    assert all(r["line"].startswith("no changes (planned with the other layers: ") for r in result["layers"].values())
    assert "Unsupported argument" in result["combined"]["error"]
    assert any("The combined plan failed, so each layer was planned on its own" in w for w in result["warnings"])


def test_one_layer_to_plan_is_planned_on_its_own(run, stack, terraform):
    layer = stack("network")
    terraform.layer(layer["project_path"], plan_rc=[0])
    result = run([layer], combine=True)
    assert result["layers"]["network"]["status"] == "no changes" and not result["combined"]["used"]
    assert [c["argv"][1] for c in terraform.calls] == ["init", "plan"]
