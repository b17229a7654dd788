"""layer_stamp: a layer is skipped only when code, inputs, backend, Terraform version and state are all unchanged."""

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import layer_stamp


@pytest.fixture
def layer(tmp_path):
    project = tmp_path / "terraform" / "layers" / "network"
    modules = tmp_path / "terraform" / "modules" / "vpc"
    work = tmp_path / "work" / "network"
    for d in (project, modules, work / ".terraform"):
        d.mkdir(parents=True)
    (project / "main.tf").write_text('module "vpc" { source = "../../modules/vpc" }\n')
    (project / "tests").mkdir()
    (project / "tests" / "plan.tftest.hcl").write_text("run {}\n")
    (modules / "main.tf").write_text('resource "aws_vpc" "this" {}\n')
    (work / "backend.tfbackend").write_text('bucket = "b"\n')
    (work / "inputs.tfvars.json").write_text('{"azs": ["a", "b"]}\n')
    return {"project": project, "modules": modules.parent, "work": work}


def fingerprint(layer, version="1.11.4"):
    files = [str(layer["work"] / "backend.tfbackend"), str(layer["work"] / "inputs.tfvars.json")]
    return layer_stamp.layer_fingerprint(str(layer["project"]), str(layer["modules"]), files, version)


def test_recorded_state_compares_converged(layer):
    layer_stamp.record_converged(str(layer["work"]), fingerprint(layer), 7, "lin-1")
    stamp = layer_stamp.read_converged(str(layer["work"]))
    converged, reason = layer_stamp.compare(stamp, fingerprint(layer), 7, "lin-1")
    assert converged and "serial 7" in reason


@pytest.mark.parametrize("change, why", [
    (lambda t: (t["work"] / "inputs.tfvars.json").write_text('{"azs": ["a"]}\n'), "code, inputs"),
    (lambda t: (t["work"] / "backend.tfbackend").write_text('bucket = "other"\n'), "code, inputs"),
    (lambda t: (t["project"] / "main.tf").write_text("# edited\n"), "code, inputs"),
    (lambda t: (t["modules"] / "vpc" / "main.tf").write_text("# edited module\n"), "code, inputs"),
    (lambda t: (t["project"] / "extra.tf").write_text("locals {}\n"), "code, inputs"),
])
def test_any_file_that_shapes_the_plan_invalidates_the_record(layer, change, why):
    layer_stamp.record_converged(str(layer["work"]), fingerprint(layer), 7, "lin-1")
    change(layer)
    converged, reason = layer_stamp.compare(layer_stamp.read_converged(str(layer["work"])), fingerprint(layer), 7,
                                            "lin-1")
    assert not converged and why in reason


def test_plan_level_tests_and_terraform_data_do_not_count(layer):
    before = fingerprint(layer)
    (layer["project"] / "tests" / "plan.tftest.hcl").write_text("run { command = plan }\n")
    (layer["work"] / ".terraform" / "terraform.tfstate").write_text("{}")
    assert fingerprint(layer) == before


def test_a_shared_module_lock_file_does_not_count_the_layer_lock_file_does(layer):
    """`terraform test` in a module's directory writes its own lock file (make test's fast lane does, while the
    deployment lanes run): Terraform never reads it for a layer, so it must not make a converged layer plan again."""
    before = fingerprint(layer)
    (layer["modules"] / "vpc" / ".terraform.lock.hcl").write_text('provider "registry.terraform.io/hashicorp/aws" {}\n')
    assert fingerprint(layer) == before
    (layer["project"] / ".terraform.lock.hcl").write_text('provider "registry.terraform.io/hashicorp/aws" {}\n')
    assert fingerprint(layer) != before


def test_terraform_version_state_serial_and_lineage_invalidate_the_record(layer):
    layer_stamp.record_converged(str(layer["work"]), fingerprint(layer), 7, "lin-1")
    stamp = layer_stamp.read_converged(str(layer["work"]))
    assert not layer_stamp.compare(stamp, fingerprint(layer, "1.12.0"), 7, "lin-1")[0]
    converged, reason = layer_stamp.compare(stamp, fingerprint(layer), 8, "lin-1")
    assert not converged and "serial 8, recorded 7" in reason
    converged, reason = layer_stamp.compare(stamp, fingerprint(layer), 7, "lin-2")
    assert not converged and "another one" in reason


def test_no_record_or_no_state_means_plan(layer):
    assert layer_stamp.compare(None, fingerprint(layer), 7, "lin-1") == (
        False, "no record of an earlier plan in this work dir")
    layer_stamp.record_converged(str(layer["work"]), fingerprint(layer), None, None)
    assert layer_stamp.compare(layer_stamp.read_converged(str(layer["work"])), fingerprint(layer), None, None) == (
        False, "no state yet")


def test_data_dir_is_reused_only_for_the_same_layer_files_and_backend(layer):
    data_dir = str(layer["work"] / ".terraform")
    backend = str(layer["work"] / "backend.tfbackend")
    init = layer_stamp.init_fingerprint(str(layer["project"]), backend)
    layer_stamp.record_init(data_dir, init)
    assert not layer_stamp.initialised(data_dir, init)  # no backend recorded by terraform init yet
    (layer["work"] / ".terraform" / "terraform.tfstate").write_text("{}")
    assert layer_stamp.initialised(data_dir, init)
    (layer["project"] / "main.tf").write_text('module "vpc2" { source = "../../modules/vpc" }\n')
    assert not layer_stamp.initialised(data_dir, layer_stamp.init_fingerprint(str(layer["project"]), backend))
    # inputs do not need an init
    (layer["work"] / "inputs.tfvars.json").write_text("{}")
    assert layer_stamp.init_fingerprint(str(layer["project"]), backend) == layer_stamp.init_fingerprint(
        str(layer["project"]), backend)


def test_a_plan_with_changes_not_applied_forgets_the_record(layer):
    layer_stamp.record_converged(str(layer["work"]), fingerprint(layer), 7, "lin-1")
    layer_stamp.forget_converged(str(layer["work"]))
    layer_stamp.forget_converged(str(layer["work"]))  # twice is fine
    stamp = layer_stamp.read_converged(str(layer["work"]))
    assert stamp is None and layer_stamp.compare(stamp, fingerprint(layer), 7, "lin-1")[0] is False
