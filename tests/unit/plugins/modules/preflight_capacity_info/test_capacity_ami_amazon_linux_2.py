"""Amazon Linux 2 is past end of support: still accepted, with a notice; Amazon Linux 2023 is the default."""

import boto3
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_capacity import CapacityCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import preflight_capacity_info

AZS = ["us-east-1a", "us-east-1b"]
TYPES = ["m5.large", "c5.large"]
AL2 = "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id"
AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"


def _check(api, **ami):
    return CapacityCheck(api, azs=AZS, instance_types=TYPES, asg_max_size=0, **ami).run()


def _al2_notices(result):
    return [n for n in result["notices"] if "Amazon Linux 2," in n]


def test_amazon_linux_2_parameter_gets_a_notice_not_a_problem(api):
    result = _check(api, ami_ssm_parameter=AL2)
    assert result["problems"].as_list() == []
    notices = _al2_notices(result)
    assert len(notices) == 1
    image_id = boto3.client("ssm").get_parameter(Name=AL2)["Parameter"]["Value"]
    # names the inventory key and value, the image, the end-of-support date and the fix
    assert notices[0].startswith(f"ecs_ami_ssm_parameter = {AL2}: the AMI {image_id} (amzn2-ami-ecs-hvm-2.0.")
    assert "past end of support since 2026-06-30" in notices[0]
    assert f"set ecs_ami_ssm_parameter to {AL2023} (the default)" in notices[0]


def test_pinned_amazon_linux_2_ami_gets_a_notice(api):
    image_id = boto3.client("ssm").get_parameter(Name=AL2)["Parameter"]["Value"]
    result = _check(api, ami_id=image_id)
    assert result["problems"].as_list() == []
    notices = _al2_notices(result)
    assert len(notices) == 1 and notices[0].startswith(f"ecs_ami_id = {image_id}: the AMI {image_id} (amzn2-")


def test_amazon_linux_2023_gets_no_notice(api):
    for ami in (dict(ami_ssm_parameter=AL2023), dict(ami_id=boto3.client("ssm").get_parameter(
            Name=AL2023)["Parameter"]["Value"])):
        result = _check(api, **ami)
        assert result["problems"].as_list() == [] and result["notices"] == [], ami
        assert result["ami"]["name"].startswith("al2023-ami-ecs-hvm-2023.")


def test_module_default_is_amazon_linux_2023(moto, run_main):
    failed, result = run_main(preflight_capacity_info.main, {
        "azs": AZS, "instance_types": TYPES, "asg_max_size": 0, "_ansible_check_mode": True})
    assert not failed, result.get("msg")
    assert result["ami"]["source"] == AL2023
    assert result["ami"]["name"].startswith("al2023-ami-ecs-hvm-2023.")
    assert result["notices"] == [] and result["problems"] == []
