"""Load balancer, compute, KMS and observability rules."""

import pytest

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c"
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.mark.parametrize("key, value, rule", [
    ("ecs_certificate_arn", "arn:aws:acm:us-east-1:123456789012:certificate/*", "alb.certificate_arn"),
    ("ecs_certificate_arn", "arn:aws:iam::123456789012:server-certificate/x", "alb.certificate_arn"),
    ("ecs_certificate_arn", CERT.replace("us-east-1", "eu-west-1"), "alb.certificate_arn"),
    ("ecs_certificate_arn", CERT.replace("arn:aws:", "arn:aws-cn:"), "alb.certificate_arn"),
    ("ecs_ssl_policy", "ELBSecurityPolicy-2016-08", "alb.ssl_policy"),
    ("ecs_alb_idle_timeout", 0, "alb.idle_timeout"),
    ("ecs_alb_idle_timeout", 4001, "alb.idle_timeout"),
    ("ecs_alb_access_logs_bucket", "Logs_Bucket", "alb.access_logs_bucket"),
    ("ecs_instance_types", ["m5.large", "m5.large"], "compute.instance_types"),
    ("ecs_ami_id", "ami-XYZ", "compute.ami"),
    ("ecs_ami_ssm_parameter", "/my/ami", "compute.ami"),
    ("ecs_root_volume_size", 20, "compute.root_volume"),
    ("ecs_on_demand_percentage_above_base", 101, "compute.on_demand"),
    ("ecs_spot_allocation_strategy", "cheapest", "compute.spot"),
    ("ecs_capacity_target", 0, "compute.spot"),
    ("ecs_ebs_kms_key_arn", "arn:aws:kms:us-east-1:123456789012:alias/ebs", "kms.key_arn"),
    ("ecs_log_kms_key_arn", KEY.replace("us-east-1", "eu-west-1"), "kms.key_arn"),
    ("ecs_state_kms_key_arn", "alias/aws/s3", "kms.key_arn"),
    ("ecs_spot_interruption_threshold", 0, "observability.alarms"),
])
def test_a_bad_value_is_refused_naming_its_key(inventory, check, key, value, rule):
    inventory[key] = value
    found = [f for f in check(inventory) if f["key"] == key]
    assert found and {f["rule"] for f in found} == {rule}, found


def test_listed_keys_name_the_entry(inventory, check, keys_of):
    inventory["ecs_instance_types"] = ["m5.large", "m5"]
    inventory["ecs_secret_kms_key_arns"] = [KEY, KEY.replace(":key/", ":key/*")]
    inventory["ecs_alarm_email_endpoints"] = ["oncall@example.com", "oncall"]
    assert keys_of(check(inventory)) == ["ecs_alarm_email_endpoints[1]", "ecs_instance_types[1]",
                                         "ecs_secret_kms_key_arns[1]"]


def test_secret_kms_keys_may_be_in_another_region_only_when_allowed(inventory, check, keys_of):
    inventory["ecs_secret_kms_key_arns"] = [KEY.replace("us-east-1", "eu-west-1")]
    assert keys_of(check(inventory)) == ["ecs_secret_kms_key_arns[0]"]
    inventory["ecs_allow_cross_region_secrets"] = True
    assert check(inventory) == []


@pytest.mark.parametrize("low, high, desired, base, keys", [
    (3, 2, 2, 1, ["ecs_asg_min_size"]),
    (1, 4, 5, 1, ["ecs_asg_desired_capacity"]),
    (1, 0, 0, 0, ["ecs_asg_max_size"]),
    (-1, 4, 2, 0, ["ecs_asg_min_size"]),
    (2, 6, 2, 3, ["ecs_on_demand_base_capacity"]),
    (2, 6, 2, -1, ["ecs_on_demand_base_capacity"]),
])
def test_asg_sizes_and_the_on_demand_floor(inventory, check, keys_of, low, high, desired, base, keys):
    inventory.update(ecs_asg_min_size=low, ecs_asg_max_size=high, ecs_asg_desired_capacity=desired,
                     ecs_on_demand_base_capacity=base)
    assert keys_of(check(inventory)) == keys


@pytest.mark.parametrize("insights", [False, "false", "False"])
def test_container_insights_off_is_refused_while_the_running_task_alarm_is_on(inventory, check, insights):
    """The alarm would treat Container Insights' silence as breaching: refused, naming both keys and the way out."""
    inventory["ecs_container_insights"] = insights
    found = check(inventory)
    assert [(f["key"], f["rule"]) for f in found] == [("ecs_container_insights", "observability.tasks_below_desired")]
    assert "ecs_tasks_below_desired_alarm: true" in found[0]["reason"]
    assert "Set ecs_container_insights: true, or ecs_tasks_below_desired_alarm: false" in found[0]["action"]


@pytest.mark.parametrize("alarm", [False, "false"])
def test_container_insights_off_is_accepted_with_the_alarm_switched_off(inventory, check, alarm):
    inventory.update(ecs_container_insights=False, ecs_tasks_below_desired_alarm=alarm)
    assert check(inventory) == []


def test_the_alarm_defaults_to_on_when_the_key_is_not_passed(inventory, check, keys_of):
    del inventory["ecs_tasks_below_desired_alarm"]
    inventory["ecs_container_insights"] = False
    assert keys_of(check(inventory)) == ["ecs_container_insights"]
