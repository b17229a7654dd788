"""A capacity provider as designed with two registered On-Demand instances in two AZs passes.

Container instances are registered with RegisterContainerInstance (moto has no agent) after moving the second ASG
instance to us-east-1b on moto's models (moto puts all ASG instances in one AZ).
"""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_capacity import CapacityProviderVerifier
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import verify
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import verify_capacity_provider_info
from capacity_setup import ARGS


def test_designed_capacity_passes(api, compute):
    setup = compute()
    setup.register()
    result = verify(CapacityProviderVerifier(api, "demo", "demo-cp", "demo-asg", 2, 80), 0, 1)
    assert result["passed"], result["problems"]
    assert [c["name"] for c in result["checks"]] == [
        "status", "attached to cluster", "auto scaling group", "managed scaling", "managed termination protection",
        "registered container instances", "container instances' AZs", "in-service On-Demand instances"]
    assert result["capacity_provider"]["target_capacity"] == 80
    assert sorted(i["az"] for i in result["container_instances"]) == ["us-east-1a", "us-east-1b"]
    assert {i["market"] for i in result["auto_scaling_group"]["instances"]} == {"on-demand"}


def test_main_passes(compute, run_main):
    compute().register()
    failed, result = run_main(verify_capacity_provider_info.main, ARGS)
    assert not failed, result.get("msg")
    assert result["changed"] is False and set(result["api_calls"]) == {"autoscaling", "ec2", "ecs"}
