"""Problem records are rendered, deduplicated and stable-sorted (natural order of indexes)."""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import Problems, parse_arn


def test_sorted_by_key_with_numbers_in_natural_order():
    problems = Problems()
    problems.add("ecs_services[10].cpu", 1, "b.", "x.")
    problems.add("ecs_azs", ["a", "b"], "a", "y")
    problems.add("ecs_services[2].cpu", None, "c", "z")
    problems.add("ecs_azs", ["a", "b"], "a", "y")  # duplicate
    assert [p["key"] for p in problems.as_list()] == ["ecs_azs", "ecs_services[2].cpu", "ecs_services[10].cpu"]
    assert problems.lines() == ["ecs_azs = a, b: a. y", "ecs_services[2].cpu = (not set): c. z",
                                "ecs_services[10].cpu = 1: b. x"]


def test_parse_arn():
    assert parse_arn("arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/a")["partition"] == "aws-us-gov"
    assert parse_arn("not-an-arn") is None
    assert parse_arn(None) is None
