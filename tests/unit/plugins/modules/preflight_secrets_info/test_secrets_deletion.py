"""A secret scheduled for deletion is a problem; a partial secret ARN is flagged since IAM needs the exact ARN."""

import boto3
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_secrets import SecretsCheck


def test_secret_scheduled_for_deletion(api):
    client = boto3.client("secretsmanager")
    arn = client.create_secret(Name="app/old", SecretString="ignored")["ARN"]
    client.delete_secret(SecretId=arn, RecoveryWindowInDays=7)
    result = SecretsCheck(api, [{"key": "ecs_services[0].secrets[0].value_from", "arn": arn}], []).run()
    problems = result["problems"].as_list()
    assert len(problems) == 1
    assert problems[0]["reason"].startswith("the secret is scheduled for deletion on ")
    assert "restore-secret" in problems[0]["action"]
    assert result["secrets"][0]["status"] == "scheduled_for_deletion"


def test_partial_arn_is_flagged(api):
    arn = boto3.client("secretsmanager").create_secret(Name="app/key", SecretString="ignored")["ARN"]
    partial = arn.rsplit("-", 1)[0]
    problems = SecretsCheck(api, [{"key": "k", "arn": partial}], []).run()["problems"].as_list()
    assert len(problems) == 1
    assert f"the secret's full ARN is {arn}" in problems[0]["reason"]
