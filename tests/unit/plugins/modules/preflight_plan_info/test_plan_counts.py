"""ASG and service counts must be consistent; the On-Demand base must not exceed the ASG min size."""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_plan import PlanCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import preflight_plan_info

TYPES = ["t3.medium", "m5.large"]


def service(**overrides):
    base = dict(name="web", cpu=256, memory=512, min_count=2, desired_count=2, max_count=4)
    base.update(overrides)
    return base


def test_consistent_plan_passes(api):
    result = PlanCheck(api, 2, 6, 2, 1, [service()], TYPES).run()
    assert result["problems"].as_list() == []
    assert result["smallest_instance"] == dict(cpu_units=2048, cpu_instance_type="m5.large", memory_mib=3840,
                                               memory_instance_type="t3.medium")
    assert result["services"][0]["fits"] is True
    assert api.api_calls == {"ec2": 1}


def test_inconsistent_counts(api):
    result = PlanCheck(api, 5, 3, 7, 6, [service(min_count=3, desired_count=1, max_count=2)], TYPES).run()
    keys = [p["key"] for p in result["problems"].as_list()]
    assert keys == ["ecs_asg_desired_capacity", "ecs_asg_min_size", "ecs_on_demand_base_capacity",
                    "ecs_services[0].desired_count"]


def test_main_with_every_problem_in_one_message(moto, run_main):
    failed, result = run_main(preflight_plan_info.main, {
        "asg_min_size": 1, "asg_max_size": 2, "on_demand_base_capacity": 2, "instance_types": TYPES,
        "services": [service(cpu=0)]})
    assert failed
    assert result["msg"].splitlines()[-1] == "Runbook: docs/runbooks.md#pre-flight-failure"
    assert result["msg"].splitlines()[1:-1] == [
        "ecs_on_demand_base_capacity = 2: the On-Demand base is above the ASG min size 1: the floor of On-Demand "
        "instances could never be reached at minimum size. Make ecs_on_demand_base_capacity <= ecs_asg_min_size",
        "ecs_services[0].cpu = 0: service web: task cpu must be a positive number of CPU units. Set the task cpu",
    ]
