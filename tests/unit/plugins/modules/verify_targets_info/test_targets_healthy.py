"""Healthy targets over two AZs pass; the AZ of an IP target comes from its ENI.

moto reports every registered IP target `healthy` by itself: no patching in this file.
"""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import verify
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_targets import TargetsVerifier
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import verify_targets_info


def _two_healthy(deployment):
    arn = deployment.target_group("web")
    deployment.task("web", "10.0.0.10", "us-east-1a")
    deployment.task("web", "10.0.1.10", "us-east-1b")
    deployment.service("web", 2)
    return arn


def test_two_healthy_targets_in_two_azs_pass(api, deployment):
    arn = _two_healthy(deployment)
    result = verify(TargetsVerifier(api, [{"name": "web", "target_group_arn": arn, "min_healthy": 2}], "demo"), 0, 1)
    assert result["passed"], result["problems"]
    assert [c["name"] for c in result["checks"]] == ["healthy targets", "healthy targets' AZs", "unhealthy targets"]
    service = result["services"][0]
    assert service["healthy"] == 2
    assert service["healthy_azs"] == ["us-east-1a", "us-east-1b"]
    assert [(t["id"], t["az"], t["state"]) for t in service["targets"]] == [
        ("10.0.0.10", "us-east-1a", "healthy"), ("10.0.1.10", "us-east-1b", "healthy")]
    assert result["min_healthy_seen"] == {"web": 2}
    assert result["samples"] == [{"poll": 1, "service": "web", "healthy": 2, "expected": 2}]
    assert result["polls"] == 1 and result["timed_out"] is False


def test_main_returns_what_it_saw(deployment, run_main):
    arn = _two_healthy(deployment)
    failed, result = run_main(verify_targets_info.main, {
        "cluster_name": "demo", "services": [{"name": "web", "target_group_arn": arn, "min_healthy": 2}]})
    assert not failed, result.get("msg")
    assert result["changed"] is False and result["passed"] is True and result["problems"] == []
    assert result["api_calls"]["elbv2"] >= 2 and result["api_calls"]["ecs"] == 1
