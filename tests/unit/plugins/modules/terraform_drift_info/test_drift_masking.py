"""Sensitive values never reach the report, in the drift diff or in the planned change."""

import json

import drift_plans as plans
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import drift_report
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_analysis import analyse


def test_sensitive_attribute_is_reported_masked():
    [res] = analyse(plans.sensitive_policy())["resources"]
    assert res["attributes"] == [{"attribute": "policy", "before": "(sensitive value)", "after": "(sensitive value)"}]
    assert res["planned_attributes"] == res["attributes"]


def test_no_sensitive_value_in_any_rendering():
    found = analyse(plans.sensitive_policy())
    report = drift_report.build([dict(found, name="security", status="drifted", seconds=1.0)], "local")
    rendered = json.dumps(report) + drift_report.markdown(report) + "\n".join(drift_report.summary_lines(report))
    assert "ssm:" not in rendered
    assert "(sensitive value)" in rendered
