"""A secret in another region is a problem unless cross-region references are allowed."""

import boto3
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_secrets import SecretsCheck

OTHER = "arn:aws:ssm:eu-west-1:123456789012:parameter/app/token"
KEY = "ecs_services[0].secrets[0].value_from"


def test_other_region_is_a_problem(api):
    boto3.client("ssm", region_name="eu-west-1").put_parameter(Name="/app/token", Value="v", Type="SecureString")
    result = SecretsCheck(api, [{"key": KEY, "arn": OTHER}], []).run()
    problems = result["problems"].as_list()
    assert [p["key"] for p in problems] == [KEY]
    assert "region eu-west-1, not in the deployment's region us-east-1" in problems[0]["reason"]
    assert "ecs_allow_cross_region_secrets" in problems[0]["action"]
    assert result["secrets"][0]["status"] == "other_region"


def test_allowed_cross_region_is_checked_in_its_region(api):
    boto3.client("ssm", region_name="eu-west-1").put_parameter(Name="/app/token", Value="v", Type="SecureString")
    result = SecretsCheck(api, [{"key": KEY, "arn": OTHER},
                                {"key": "k2", "arn": OTHER.replace("token", "absent")}], [],
                          allow_cross_region=True).run()
    assert [(p["key"], p["reason"]) for p in result["problems"].as_list()] == [
        ("k2", "SSM parameter /app/absent does not exist in eu-west-1")]
