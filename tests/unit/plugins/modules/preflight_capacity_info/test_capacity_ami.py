"""The AMI exists, is ECS-optimized and matches the instance types' architecture."""

import boto3
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_capacity import CapacityCheck

AZS = ["us-east-1a", "us-east-1b"]


def _image(name_pattern, arch):
    images = boto3.client("ec2").describe_images(Filters=[{"Name": "name", "Values": [name_pattern]},
                                                          {"Name": "architecture", "Values": [arch]}])["Images"]
    return images[0]["ImageId"]


def test_missing_ami(api):
    problems = CapacityCheck(api, azs=AZS, instance_types=["m5.large", "c5.large"], asg_max_size=0,
                             ami_id="ami-00000000000000000").run()["problems"].as_list()
    assert [(p["key"], p["reason"]) for p in problems] == [
        ("ecs_ami_id", "the AMI ami-00000000000000000 does not exist in us-east-1")]


def test_non_ecs_ami(api):
    ami = _image("amzn2-ami-hvm-*", "x86_64")
    problems = CapacityCheck(api, azs=AZS, instance_types=["m5.large", "c5.large"], asg_max_size=0,
                             ami_id=ami).run()["problems"].as_list()
    assert [p["key"] for p in problems] == ["ecs_ami_id"]
    assert "is not an ECS-optimized image" in problems[0]["reason"]


def test_arm_types_with_x86_ami(api):
    result = CapacityCheck(api, azs=AZS, instance_types=["m6g.large", "c5.large"], asg_max_size=0,
                           ami_ssm_parameter="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id").run()
    problems = result["problems"].as_list()
    assert [(p["key"], p["value"]) for p in problems] == [("ecs_instance_types[0]", "m6g.large")]
    assert "runs arm64 but the AMI" in problems[0]["reason"]


def test_missing_ami_parameter(api):
    problems = CapacityCheck(api, azs=AZS, instance_types=["m5.large", "c5.large"], asg_max_size=0,
                             ami_ssm_parameter="/aws/service/ecs/nope").run()["problems"].as_list()
    assert [p["key"] for p in problems] == ["ecs_ami_ssm_parameter"]
    assert "ParameterNotFound" in problems[0]["reason"]
