"""The layers and the runner of terraform_layers_plan's tests: states in moto's S3, a scripted terraform
(tests/unit/fake_terraform.py)."""

import json

import boto3
import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import terraform_layers_plan

BUCKET = "demo-dev-tfstate"
LOCK = 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.100.0"\n}\n'


@pytest.fixture
def stack(moto, tmp_path):
    """make(name, resources=1) -> a layer dict; its state holds `resources` managed resources (None: no state)."""
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)

    def make(name, resources=1):
        key = "dev/%s/terraform.tfstate" % name
        if resources is not None:
            state = {"version": 4, "serial": 3, "lineage": "l-" + name, "outputs": {},
                     "resources": [{"mode": "managed", "type": "aws_vpc", "name": "r%d" % i, "instances": [{}]}
                                   for i in range(resources)]}
            s3.put_object(Bucket=BUCKET, Key=key, Body=json.dumps(state))
        project = tmp_path / "layers" / name
        project.mkdir(parents=True)
        (project / "main.tf").write_text('resource "aws_vpc" "this" {}\n')
        # what the combined plan reads: the committed lock file and the declared variables
        (project / ".terraform.lock.hcl").write_text(LOCK)
        (project / "variables.tf").write_text('variable "layer" {\n  type = string\n}\n')
        return {"name": name, "project_path": str(project), "work_dir": str(tmp_path / "work" / name), "key": key,
                "backend_config": {"bucket": BUCKET, "key": key}, "variables": {"layer": name}}

    return make


@pytest.fixture
def run(run_main, terraform):
    def run(layers, **args):
        """Each layer on its own unless a test asks for the combined plan (test_combined_first.py)."""
        params = dict({"layers": layers, "terraform_version": "1.11.4", "bucket": BUCKET, "region": "us-east-1",
                       "binary_path": terraform.binary, "combine": False}, **args)
        failed, result = run_main(terraform_layers_plan.main, params, aws=False)  # no retry options of its own
        return dict(result, failed=failed)

    return run
