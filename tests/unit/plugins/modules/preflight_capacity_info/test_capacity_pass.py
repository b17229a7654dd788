"""Three AZs, three offered x86 types, enough quota and the ECS AMI from SSM: no problem."""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_capacity import CapacityCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import preflight_capacity_info

AZS = ["us-east-1a", "us-east-1b", "us-east-1c"]
TYPES = ["m5.large", "c5.large", "t3.medium"]
QUOTAS = {"L-1216C47A": 256, "L-34B43A08": 256}


def test_everything_fits(api, ec2_quotas):
    ec2_quotas(QUOTAS)
    result = CapacityCheck(api, azs=AZS, instance_types=TYPES, asg_max_size=6,
                           ami_ssm_parameter="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id").run()
    assert result["problems"].as_list() == [] and result["notices"] == []
    assert result["azs"] == AZS
    assert [o["azs"] for o in result["offerings"]] == [AZS] * 3
    assert [(q["kind"], q["required_vcpus"], q["status"]) for q in result["quotas"]] == [
        ("on_demand", 12, "ok"), ("spot", 12, "ok")]
    assert result["ami"]["ecs_optimized"] and result["ami"]["architecture"] == "x86_64"
    # azs 1, types 1, offerings 1, images 1 / quotas 2 / AMI parameter 1
    assert api.api_calls == {"ec2": 4, "service_quotas": 2, "ssm": 1}


def test_main_in_check_mode(moto, run_main, ec2_quotas):
    ec2_quotas(QUOTAS)
    failed, result = run_main(preflight_capacity_info.main, {
        "azs": AZS, "instance_types": TYPES, "asg_max_size": 6, "_ansible_check_mode": True})
    assert not failed, result.get("msg")
    assert result["changed"] is False and result["problems"] == []
