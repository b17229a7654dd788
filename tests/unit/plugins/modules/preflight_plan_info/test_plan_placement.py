"""Task CPU and memory must fit the smallest instance type, and max scale must fit the ASG at max size."""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_plan import PlanCheck

TYPES = ["t3.medium", "m5.large"]  # 2 vCPUs each; 4096 and 8192 MiB


def test_task_bigger_than_smallest_type(api):
    services = [dict(name="ok", cpu=512, memory=1024, min_count=1, desired_count=1, max_count=1),
                dict(name="big", cpu=4096, memory=6144, min_count=1, desired_count=1, max_count=1)]
    result = PlanCheck(api, 1, 4, 1, 1, services, TYPES).run()
    problems = result["problems"].as_list()
    assert [(p["key"], p["value"]) for p in problems] == [("ecs_services[1].cpu", "4096"),
                                                          ("ecs_services[1].memory", "6144")]
    assert "smallest instance type m5.large has 2048" in problems[0]["reason"]
    assert "t3.medium offers about 3840 MiB" in problems[1]["reason"]
    assert [s["fits"] for s in result["services"]] == [True, False]


def test_max_scale_does_not_fit_the_asg(api):
    services = [dict(name="web", cpu=1024, memory=256, min_count=1, desired_count=2, max_count=10)]
    problems = PlanCheck(api, 1, 2, 1, 1, services, TYPES).run()["problems"].as_list()
    assert [p["key"] for p in problems] == ["ecs_asg_max_size"]
    assert "need 10240 CPU units of CPU but 2 instances of the smallest type give 4096" in problems[0]["reason"]


def test_unknown_types_leave_the_fit_undecided(api):
    result = PlanCheck(api, 1, 2, 1, 1, [dict(name="web", cpu=256, memory=512, min_count=1, desired_count=1,
                                              max_count=1)], ["zz9.large"]).run()
    assert result["problems"].as_list() == [] and result["smallest_instance"] is None
