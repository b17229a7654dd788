"""What autoscaling changes on purpose is not drift; everything else on the same resource still is."""

import drift_plans as plans
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_analysis import (
    DEFAULT_IGNORED_ATTRIBUTES,
    analyse,
    parse_ignored,
)


def test_defaults_are_the_service_count_and_the_asg_capacity():
    assert parse_ignored(DEFAULT_IGNORED_ATTRIBUTES) == {"aws_ecs_service": {"desired_count"},
                                                         "aws_autoscaling_group": {"desired_capacity"}}


def test_only_ignored_attributes_differ_is_clean():
    found = analyse(plans.autoscaling_only())
    assert found["drifted"] is False
    assert found["drift"] == [] and found["resources"] == []


def test_without_the_ignore_list_autoscaling_would_be_reported():
    found = analyse(plans.autoscaling_only(), ignored_attributes=[])
    assert [r["address"] for r in found["resources"]] == [
        "module.cluster.aws_autoscaling_group.this", 'module.service["web"].aws_ecs_service.this']


def test_ignored_attribute_is_dropped_but_the_real_change_is_kept():
    [res] = analyse(plans.asg_max_and_desired())["resources"]
    assert res["address"] == "module.cluster.aws_autoscaling_group.this"
    assert res["attributes"] == [{"attribute": "max_size", "before": 6, "after": 9}]
    assert res["planned_attributes"] == [{"attribute": "max_size", "before": 9, "after": 6}]


def test_custom_ignore_list_applies_per_type():
    found = analyse(plans.alb_deletion_protection_off(), ignored_attributes=["aws_lb.enable_deletion_protection"])
    assert found["drifted"] is False
