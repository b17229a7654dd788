"""ASG max size x vCPUs must fit the On-Demand and Spot vCPU quotas; an unreadable quota says so."""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_capacity import CapacityCheck, quota_group
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import preflight_capacity_info
from botocore.stub import Stubber

AZS = ["us-east-1a", "us-east-1b"]
TYPES = ["m5.large", "m5.2xlarge"]  # 2 and 8 vCPUs


def test_quota_too_small(api, ec2_quotas):
    ec2_quotas({"L-1216C47A": 64, "L-34B43A08": 32})
    result = CapacityCheck(api, azs=AZS, instance_types=TYPES, asg_max_size=6).run()
    problems = result["problems"].as_list()
    assert [p["key"] for p in problems] == ["ecs_asg_max_size"]
    assert problems[0]["reason"] == ("6 instances x 8 vCPUs (m5.2xlarge) = 48 vCPUs exceeds the Spot Standard "
                                     "(A, C, D, H, I, M, R, T, Z) vCPU quota (ec2 L-34B43A08) of 32")
    assert "L-34B43A08" in problems[0]["action"]
    assert [q["status"] for q in result["quotas"]] == ["ok", "too_small"]


def test_moto_has_no_ec2_quota_so_it_is_reported_unreadable(api):
    result = CapacityCheck(api, azs=AZS, instance_types=TYPES, asg_max_size=2).run()
    problems = result["problems"].as_list()
    assert len(problems) == 2
    assert all("could not be read (NoSuchResourceException" in p["reason"] for p in problems)
    assert [q["status"] for q in result["quotas"]] == ["unreadable", "unreadable"]


def test_access_denied_quota_as_warning(api):
    client = api.client("service-quotas")
    with Stubber(client) as stub:
        for _dummy in range(2):
            stub.add_client_error("get_service_quota", service_error_code="AccessDeniedException",
                                  service_message="not allowed")
        result = CapacityCheck(api, azs=AZS, instance_types=TYPES, asg_max_size=2,
                               unreadable_quota="warning").run()
    assert result["problems"].as_list() == []
    assert len(result["notices"]) == 2
    assert "could not be read (AccessDeniedException: not allowed)" in result["notices"][0]


def test_main_warns_for_unreadable_quota(moto, run_main):
    failed, result = run_main(preflight_capacity_info.main, {
        "azs": AZS, "instance_types": TYPES, "asg_max_size": 2, "unreadable_quota": "warning"})
    assert not failed, result.get("msg")
    assert len(result["notices"]) == 2


def test_quota_groups():
    assert [quota_group(t) for t in ("m5.large", "t3.micro", "g4dn.xlarge", "p4d.24xlarge", "inf1.xlarge",
                                     "trn1.2xlarge", "x2idn.large", "")] == [
        "standard", "standard", "g", "p", "inf", None, "x", None]
