"""At least two distinct, existing, available AZs; with subnet ids their AZs count."""

import boto3
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_capacity import CapacityCheck


def test_single_az_is_a_problem(api):
    problems = CapacityCheck(api, azs=["us-east-1a", "us-east-1a"], instance_types=["m5.large", "c5.large"],
                             asg_max_size=0).run()["problems"].as_list()
    assert [(p["key"], p["value"]) for p in problems] == [("ecs_azs", "us-east-1a, us-east-1a")]
    assert "span 1 availability zone(s)" in problems[0]["reason"]


def test_unknown_az_is_named_by_index(api):
    problems = CapacityCheck(api, azs=["us-east-1a", "us-east-1z"], instance_types=["m5.large", "c5.large"],
                             asg_max_size=0).run()["problems"].as_list()
    assert ("ecs_azs[1]", "us-east-1z") in [(p["key"], p["value"]) for p in problems]


def test_subnets_in_one_az_and_a_missing_subnet(api):
    ec2 = boto3.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    a = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    check = CapacityCheck(api, azs=["us-east-1a", "us-east-1b"], subnet_ids=[a, b, "subnet-0000000000000000f"],
                          instance_types=["m5.large", "c5.large"], asg_max_size=0,
                          key_names={"subnet_ids": "private_subnet_ids"})
    result = check.run()
    keys = [p["key"] for p in result["problems"].as_list()]
    assert keys == ["private_subnet_ids", "private_subnet_ids[2]"]
    assert result["azs"] == ["us-east-1a"]


def test_subnets_in_two_azs_pass(api):
    ec2 = boto3.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ids = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=az)["Subnet"]["SubnetId"]
           for i, az in enumerate(["us-east-1a", "us-east-1b"])]
    result = CapacityCheck(api, subnet_ids=ids, instance_types=["m5.large", "c5.large"], asg_max_size=0).run()
    assert result["problems"].as_list() == []
    assert result["azs"] == ["us-east-1a", "us-east-1b"]
