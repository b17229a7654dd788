"""terraform_layer_workdir: a layer that must be planned loses the saved plan of an earlier run (so the cost floor never
prices it), a converged one keeps it; a record after a create removes community.general.terraform's temp plan and
refuses any other path."""

import json

import boto3
import pytest
from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import terraform_layer_workdir

REGION = "us-east-1"
BUCKET = "demo-dev-tfstate"
KEY = "dev/network/terraform.tfstate"


class Exited(Exception):
    pass


@pytest.fixture
def run(monkeypatch):
    def finish(failed):
        def handler(self, **kwargs):
            raise Exited(dict(kwargs, failed=failed))

        return handler

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", finish(False))
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", finish(True))

    def run(args):
        with patch_module_args(dict({"region": REGION}, **args)), pytest.raises(Exited) as exc:
            terraform_layer_workdir.main()
        return exc.value.args[0]

    return run


@pytest.fixture
def layer(moto, tmp_path):
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket=BUCKET)
    state = {"version": 4, "serial": 4, "lineage": "l-1", "outputs": {},
             "resources": [{"mode": "managed", "type": "aws_vpc", "name": "this", "instances": [{"attributes": {}}]}]}
    s3.put_object(Bucket=BUCKET, Key=KEY, Body=json.dumps(state))
    project = tmp_path / "layers" / "network"
    project.mkdir(parents=True)
    (project / "main.tf").write_text('resource "aws_vpc" "this" {}\n')
    work = tmp_path / "work" / "network"
    args = {"project_path": str(project), "work_dir": str(work), "terraform_version": "1.11.4", "bucket": BUCKET,
            "key": KEY, "backend_config": {"bucket": BUCKET, "key": KEY}, "variables": {"cidr": "10.0.0.0/16"}}
    return args, work


def saved_plan(work):
    (work / "layer.tfplan").write_bytes(b"plan")
    (work / "layer.tfplan.json").write_text("{}")


def test_a_layer_to_plan_loses_the_saved_plan_of_an_earlier_run(run, layer):
    args, work = layer
    work.mkdir(parents=True)
    saved_plan(work)
    result = run(dict(args, state="check"))
    assert not result["failed"] and not result["converged"]
    assert not (work / "layer.tfplan").exists() and not (work / "layer.tfplan.json").exists()


def test_a_converged_layer_keeps_its_saved_plan(run, layer):
    args, work = layer
    assert not run(dict(args, state="record"))["failed"]
    saved_plan(work)
    result = run(dict(args, state="check"))
    assert result["converged"], result["reason"]
    assert (work / "layer.tfplan").read_bytes() == b"plan" and (work / "layer.tfplan.json").exists()


def test_record_removes_the_temp_plan_of_the_create(run, layer, tmp_path):
    args, _work = layer
    temp = tmp_path / "tmpab12cd.tfplan"
    temp.write_bytes(b"plan")
    result = run(dict(args, state="record", temp_plan=str(temp)))
    assert not result["failed"] and result["converged"]
    assert not temp.exists()


@pytest.mark.parametrize("name", ["layer.tfplan", "tmpab12cd.tfstate", "notes.txt"])
def test_record_refuses_any_other_file(run, layer, tmp_path, name):
    args, work = layer
    other = tmp_path / name
    other.write_bytes(b"keep")
    result = run(dict(args, state="record", temp_plan=str(other)))
    assert result["failed"] and "not an absolute path to a tmp*.tfplan file" in result["msg"]
    assert other.read_bytes() == b"keep"
    assert not work.exists()  # nothing written, not even the input files
