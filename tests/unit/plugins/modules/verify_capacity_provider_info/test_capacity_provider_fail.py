"""Wrong capacity provider settings fail at once; too few instances, one AZ or Spot-only capacity fail after the wait.

Container instances are registered with RegisterContainerInstance (moto has no agent); AZ and Spot lifecycle are set
on moto's EC2/Auto Scaling models (moto puts ASG instances in one AZ and launches no Spot from a mixed policy).
"""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_capacity import CapacityProviderVerifier
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import verify
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import verify_capacity_provider_info
from capacity_setup import ARGS


def _failed(result):
    return [c["name"] for c in result["checks"] if not c["passed"]]


def _verify(api, timeout=0, baseline=2):
    return verify(CapacityProviderVerifier(api, "demo", "demo-cp", "demo-asg", baseline, 80), timeout, 1)


def test_managed_scaling_and_protection_disabled_end_the_wait(api, compute):
    compute(scaling={"status": "ENABLED", "targetCapacity": 100}, protection="DISABLED").register()
    result = _verify(api, timeout=60)
    assert result["polls"] == 1 and result["timed_out"] is False
    assert _failed(result) == ["managed scaling", "managed termination protection"]
    scaling = next(c for c in result["checks"] if c["name"] == "managed scaling")
    assert (scaling["expected"], scaling["actual"]) == ("ENABLED, target 80", "ENABLED, target 100")


def test_no_registered_instances_fail(api, compute):
    compute()
    result = _verify(api)
    assert _failed(result) == ["registered container instances", "container instances' AZs"]
    assert result["timed_out"] is True


def test_instances_in_one_az_fail(api, compute):
    setup = compute()
    setup.move(setup.instance_ids[1], "us-east-1a")
    setup.register()
    assert _failed(_verify(api)) == ["container instances' AZs"]


def test_spot_instances_do_not_count_for_the_baseline(api, compute):
    setup = compute()
    setup.spot(setup.instance_ids[0])
    setup.register()
    result = _verify(api)
    assert _failed(result) == ["in-service On-Demand instances"]
    assert result["checks"][-1]["actual"] == "1 of 2 in service"


def test_instance_registering_during_the_wait(api, compute):
    setup = compute()
    setup.register(setup.instance_ids[:1])
    result = verify(CapacityProviderVerifier(api, "demo", "demo-cp", "demo-asg", 2, 80), 60, 5,
                    sleep=lambda _s: setup.register(setup.instance_ids[1:]))
    assert result["passed"] and result["polls"] == 2


def test_missing_capacity_provider_fails_at_once(api, compute):
    compute()
    result = verify(CapacityProviderVerifier(api, "demo", "other-cp", "demo-asg", 2, 80), 60, 1)
    assert result["polls"] == 1 and _failed(result)[0] == "capacity provider exists"


def test_main_times_out_with_a_tiny_wait(compute, run_main):
    setup = compute()
    setup.register(setup.instance_ids[:1])
    failed, result = run_main(verify_capacity_provider_info.main, dict(ARGS, wait_timeout=1, poll_interval=1))
    assert failed and result["timed_out"] is True
    assert "Capacity provider: 2 check(s) failed (timed out" in result["msg"]
    assert "1 container instance(s) registered and connected, the On-Demand baseline is 2" in result["msg"]
