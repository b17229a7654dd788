"""Counts that post-deploy verification can never accept are refused by pre-flight.

The verify role requires every service's healthy targets in verify_min_azs AZs (default min(2, AZ count)) and at
least min_count of them; N AZs need N tasks and container instances in N AZs.
"""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_plan import PlanCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import preflight_plan_info

TYPES = ["t3.large"]
TWO_AZS = ("eu-west-1a", "eu-west-1b")


def service(**overrides):
    base = dict(name="web", cpu=256, memory=512, min_count=2, desired_count=2, max_count=4)
    base.update(overrides)
    return base


def problems(api, asg_min=2, services=None, azs=TWO_AZS, verify_min_azs=None):
    check = PlanCheck(api, asg_min, 6, max(asg_min, 2), 1, services or [service()], TYPES, azs=azs,
                      verify_min_azs=verify_min_azs)
    return check.run()["problems"].as_list()


def test_two_tasks_over_two_azs_pass(api):
    assert problems(api) == []


def test_one_task_over_two_azs_is_refused(api):
    found = problems(api, services=[service(desired_count=1, min_count=1)])
    assert [(p["key"], p["value"]) for p in found] == [("ecs_services[0].desired_count", "1"),
                                                       ("ecs_services[0].min_count", "1")]
    assert "healthy targets in 2 AZ(s)" in found[0]["reason"]
    assert found[0]["action"].startswith("Set desired_count to at least 2")


def test_min_count_below_the_azs_is_refused(api):
    found = problems(api, services=[service(min_count=1, desired_count=2)])
    assert [(p["key"], p["value"]) for p in found] == [("ecs_services[0].min_count", "1")]
    assert "scale in to 1 task(s)" in found[0]["reason"]


def test_asg_min_below_the_azs_is_refused(api):
    found = problems(api, asg_min=1)
    assert [(p["key"], p["value"]) for p in found] == [("ecs_asg_min_size", "1")]
    assert "container instances in 2 AZs" in found[0]["reason"]


def test_verify_min_azs_above_the_azs_is_refused_once(api):
    found = problems(api, verify_min_azs=3)
    assert [(p["key"], p["value"]) for p in found] == [("verify_min_azs", "3")]
    assert found[0]["action"] == "Lower verify_min_azs to 2 or add AZs to ecs_azs"


def test_verify_min_azs_setting_is_what_counts(api):
    assert problems(api, asg_min=1, services=[service(desired_count=1, min_count=1)], verify_min_azs=1) == []
    three = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    keys = [p["key"] for p in problems(api, asg_min=2, azs=three, verify_min_azs=3)]
    assert keys == ["ecs_asg_min_size", "ecs_services[0].desired_count", "ecs_services[0].min_count"]


def test_zero_desired_never_passes_the_service_check(api):
    found = problems(api, asg_min=1, services=[service(desired_count=0, min_count=0)], verify_min_azs=0)
    assert [(p["key"], p["value"]) for p in found] == [("ecs_services[0].desired_count", "0")]


def test_main_reads_the_azs_and_reports_in_the_project_shape(moto, run_main):
    failed, result = run_main(preflight_plan_info.main, {
        "asg_min_size": 1, "asg_max_size": 4, "on_demand_base_capacity": 1, "instance_types": TYPES,
        "azs": TWO_AZS, "services": [service(desired_count=1, min_count=1)]})
    assert failed
    assert result["msg"].splitlines()[-1] == "Runbook: docs/runbooks.md#pre-flight-failure"
    assert result["msg"].splitlines()[1:-1] == [
        "ecs_asg_min_size = 1: verification requires every service's tasks in 2 AZs, which needs container instances "
        "in 2 AZs, but the ASG may shrink to 1 instance(s). Set ecs_asg_min_size to at least 2 (or lower "
        "verify_min_azs)",
        "ecs_services[0].desired_count = 1: service web: verification requires running tasks with healthy targets in "
        "2 AZ(s), so at least 2 task(s); 1 can never pass. Set desired_count to at least 2 (or lower verify_min_azs)",
        "ecs_services[0].min_count = 1: service web: service auto scaling may scale in to 1 task(s), which cannot "
        "span the 2 AZs verification requires. Set min_count to at least 2 (or lower verify_min_azs)",
    ]
