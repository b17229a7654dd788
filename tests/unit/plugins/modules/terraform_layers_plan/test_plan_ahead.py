"""terraform_layers_plan: the work dir check and a saved plan per layer, in parallel, leaving to the layer loop
what it must do itself (a layer with nothing in state, a failed plan). Each layer on its own here (combine=false);
test_combined_first.py has the combined plan that comes first by default."""

import os

VPC = {"address": "aws_vpc.this", "mode": "managed", "type": "aws_vpc", "name": "this",
       "change": {"actions": ["update"], "before": {"tags": {}}, "after": {"tags": {"a": "b"}}}}


def test_each_layer_gets_what_the_loop_needs(run, stack, terraform):
    clean, changed, empty, absent = stack("network"), stack("security"), stack("compute", 0), stack("services", None)
    terraform.layer(clean["project_path"], plan_rc=[0])
    terraform.layer(changed["project_path"], {"resource_changes": [VPC], "prior_state": {"values": {
        "outputs": {"vpc_id": {"sensitive": False, "value": "vpc-1"}}}}}, plan_rc=[2], planfile={"tfstate": {}})
    result = run([clean, changed, empty, absent])
    assert not result["failed"] and result["changed"] is False
    layers = result["layers"]
    assert {n: r["status"] for n, r in layers.items()} == {
        "network": "no changes", "security": "changes", "compute": "not created", "services": "not created"}
    # no changes: recorded converged, as after the loop's own plan; the plan is not kept
    network = clean["work_dir"]
    assert layers["network"]["stamp"]["converged"] and layers["network"]["stamp"]["planned_ahead"]
    assert os.path.exists(os.path.join(network, "converged.json"))
    assert not os.path.exists(os.path.join(network, "layer.tfplan.json"))
    # changes: the saved plan's JSON is kept for the loop, which applies that plan; the stamp says so
    security = layers["security"]
    assert security["stamp"] == dict(security["stamp"], converged=False, planned_ahead=True, init_needed=False)
    assert security["line"] == "0 to add, 1 to change, 0 to replace, 0 to destroy", security["line"]
    assert security["outputs"] == {"vpc_id": {"sensitive": False, "value": "vpc-1"}}
    assert security["variables"] == {"layer": "security"}
    assert os.path.exists(os.path.join(changed["work_dir"], "layer.tfplan.json"))
    assert not os.path.exists(os.path.join(changed["work_dir"], "converged.json"))
    # nothing in state: left to the loop, terraform never ran for it
    assert terraform.argvs(empty["project_path"]) == [] and terraform.argvs(absent["project_path"]) == []
    # the plans: init (no data dir yet), then a saved plan that never waits for another run's lock
    plan = next(a for a in terraform.argvs(changed["project_path"]) if a[1] == "plan")
    assert "-lock-timeout=0s" in plan and "-out=%s" % os.path.join(changed["work_dir"], "layer.tfplan") in plan
    assert [a[1] for a in terraform.argvs(changed["project_path"])] == ["init", "plan", "show"]


def test_a_converged_layer_is_not_planned_again_unless_replan(run, stack, terraform):
    layer = stack("network")
    terraform.layer(layer["project_path"], plan_rc=[0])
    assert run([layer])["layers"]["network"]["status"] == "no changes"
    with open(os.path.join(layer["work_dir"], ".terraform", "terraform.tfstate"), "w") as handle:
        handle.write("{}")  # what the init wrote (backend settings): the data dir is initialised
    calls = len(terraform.calls)
    again = run([layer])["layers"]["network"]
    assert again["status"] == "converged" and len(terraform.calls) == calls
    assert again["line"].startswith("no changes (not planned: same code, inputs and state (serial 3)")
    replanned = run([layer], replan=True)["layers"]["network"]
    assert replanned["status"] == "no changes" and [c["argv"][1] for c in terraform.calls[calls:]] == ["plan"]


def test_a_failed_plan_is_left_to_the_loop_with_its_error(run, stack, terraform):
    layer = stack("loadbalancer")
    terraform.layer(layer["project_path"], plan_rc=[1], plan_err=["Error: Instance cannot be destroyed"])
    result = run([layer])
    entry = result["layers"]["loadbalancer"]
    assert not result["failed"] and entry["status"] == "error" and entry["stamp"] is None
    assert "Instance cannot be destroyed" in entry["error"]
    assert not os.path.exists(os.path.join(layer["work_dir"], "layer.tfplan"))


def test_layers_are_planned_side_by_side(run, stack, terraform):
    layers = [stack(n) for n in ("network", "security", "loadbalancer", "compute", "services")]
    for layer in layers:
        terraform.layer(layer["project_path"], plan_rc=[0])
    terraform.delay = 0.2
    result = run(layers, parallelism=3)
    assert list(result["layers"]) == [layer["name"] for layer in layers]
    assert terraform.max_running == 3


def test_a_negative_parallelism_is_refused(run, stack):
    result = run([stack("network")], parallelism=-1)
    assert result["failed"] and "parallelism must be 0 (one per CPU) or more, got -1" in result["msg"]
