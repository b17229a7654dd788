"""Every type offered in every AZ, at least two types, types must exist; one offerings call overall."""

import boto3
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_capacity import CapacityCheck

AZS = ["us-east-1a", "us-east-1b", "us-east-1c"]


def test_type_not_offered_in_one_az(api):
    # moto's offering data: g7e.2xlarge is offered in us-east-1a and us-east-1c only.
    offered = boto3.client("ec2").describe_instance_type_offerings(
        LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": ["g7e.2xlarge"]}])
    assert {o["Location"] for o in offered["InstanceTypeOfferings"]} & set(AZS) == {"us-east-1a", "us-east-1c"}
    result = CapacityCheck(api, azs=AZS, instance_types=["m5.large", "g7e.2xlarge"], asg_max_size=0).run()
    problems = result["problems"].as_list()
    assert [(p["key"], p["value"], p["reason"]) for p in problems] == [
        ("ecs_instance_types[1]", "g7e.2xlarge", "it is not offered in us-east-1b")]
    assert api.api_calls["ec2"] == 3  # zones, types, one offerings call


def test_one_type_gives_no_spot_diversity(api):
    problems = CapacityCheck(api, azs=AZS, instance_types=["m5.large", "m5.large"],
                             asg_max_size=0).run()["problems"].as_list()
    assert [p["key"] for p in problems] == ["ecs_instance_types"]
    assert "Spot capacity needs at least two types" in problems[0]["reason"]


def test_unknown_type(api):
    problems = CapacityCheck(api, azs=AZS, instance_types=["m5.large", "m5.huge"],
                             asg_max_size=0).run()["problems"].as_list()
    assert [(p["key"], p["value"]) for p in problems] == [("ecs_instance_types[1]", "m5.huge")]
