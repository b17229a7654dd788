"""plan_files entries with state_bucket/state_key and no plan_file: the layer's state object is read from S3 as stored
(format 4, no `terraform show`, no provider) and priced exactly as `terraform show -json` of that state would be."""

import json

import boto3
import pytest
from ansible.module_utils import basic
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import cost_plan
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import cost_floor_info
from cost_floor_testkit import REGION, load_plans

BUCKET = "demo-dev-tfstate"


def stored_state(planned_values):
    """The state object Terraform would write for these planned values (what `show -json` turns back into values)."""
    resources = []

    def walk(module, path):
        for res in module.get("resources") or []:
            entry = {"mode": res["mode"], "type": res["type"], "name": res["name"],
                     "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
                     "instances": [dict({"attributes": res.get("values") or {}},
                                        **({"index_key": res["index"]} if "index" in res else {}))]}
            if path:
                entry["module"] = path
            resources.append(entry)
        for child in module.get("child_modules") or []:
            walk(child, child["address"])

    walk(planned_values["root_module"], "")
    return {"version": 4, "terraform_version": "1.11.4", "serial": 3, "lineage": "l-1", "outputs": {},
            "resources": resources}


@pytest.fixture
def bucket(moto):
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    return s3


def test_state_object_is_priced_like_the_plan_it_came_from(run_main, bucket, monkeypatch):
    monkeypatch.setattr(basic.AnsibleModule, "run_command", lambda *a, **k: pytest.fail("terraform was started"))
    entries = []
    for doc in load_plans("dev"):
        key = "dev/%s/terraform.tfstate" % doc["layer"]
        bucket.put_object(Bucket=BUCKET, Key=key, Body=json.dumps(stored_state(doc["plan"]["planned_values"])))
        entries.append({"layer": doc["layer"], "project_path": "/p/" + doc["layer"], "state_bucket": BUCKET,
                        "state_key": key})
    assert len(entries) >= 5  # every layer with a fixture plan
    failed, from_state = run_main(cost_floor_info.main, {"plan_files": entries, "region": REGION})
    assert not failed, from_state.get("msg")
    _f, from_plan = run_main(cost_floor_info.main, {"plans": load_plans("dev"), "region": REGION})
    assert from_state["monthly_total"] == from_plan["monthly_total"] > 0
    assert [c["addresses"] for c in from_state["components"]] == [c["addresses"] for c in from_plan["components"]]


def test_missing_state_object_names_the_layer(run_main, bucket):
    failed, result = run_main(cost_floor_info.main, {"region": REGION, "plan_files": [
        {"layer": "compute", "project_path": "/p/compute", "state_bucket": BUCKET, "state_key": "dev/compute/x"}]})
    assert failed
    assert result["msg"] == "layer compute: no state at s3://%s/dev/compute/x" % BUCKET


def test_addresses_data_sources_and_deposed_instances():
    state = {"resources": [
        {"mode": "data", "type": "aws_ami", "name": "ecs", "instances": [{"attributes": {"id": "ami-1"}}]},
        {"mode": "managed", "type": "aws_nat_gateway", "name": "this", "module": "module.vpc",
         "instances": [{"index_key": 0, "attributes": {"id": "nat-0"}},
                       {"index_key": 1, "attributes": {"id": "nat-1"}},
                       {"index_key": 1, "deposed": "00aa", "attributes": {"id": "nat-old"}}]},
        {"mode": "managed", "type": "aws_ecs_service", "name": "this", "module": "module.svc[\"web\"]",
         "instances": [{"attributes": {"id": "web"}}]},
        {"mode": "managed", "type": "aws_sns_topic", "name": "alarms", "instances": [{"index_key": "a b",
                                                                                      "attributes": {"id": "t"}}]},
    ]}
    found = cost_plan.resources_of(cost_plan.state_values(state), "layer")
    assert [(r.address, r.values["id"], r.module) for r in found] == [
        ("module.vpc.aws_nat_gateway.this[0]", "nat-0", "module.vpc"),
        ("module.vpc.aws_nat_gateway.this[1]", "nat-1", "module.vpc"),
        ('module.svc["web"].aws_ecs_service.this', "web", 'module.svc["web"]'),
        ('aws_sns_topic.alarms["a b"]', "t", ""),
    ]
