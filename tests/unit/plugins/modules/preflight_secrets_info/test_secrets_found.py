"""Well-formed, existing secrets and an enabled KMS key give no problem."""

import boto3
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_secrets import SecretsCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import preflight_secrets_info

SSM_ARN = "arn:aws:ssm:us-east-1:123456789012:parameter/app/db_password"


def _plant():
    boto3.client("ssm").put_parameter(Name="/app/db_password", Value="ignored", Type="SecureString")
    boto3.client("ssm").put_parameter(Name="flat_name", Value="ignored", Type="SecureString")
    secret = boto3.client("secretsmanager").create_secret(Name="app/api-key", SecretString="ignored")["ARN"]
    key = boto3.client("kms").create_key()["KeyMetadata"]["Arn"]
    return secret, key


def test_existing_secrets_and_key_pass(api):
    secret_arn, key_arn = _plant()
    refs = [
        {"key": "ecs_services[0].secrets[0].value_from", "arn": SSM_ARN},
        {"key": "ecs_services[0].secrets[1].value_from", "arn": secret_arn},
        {"key": "ecs_services[1].secrets[0].value_from", "arn": secret_arn + ":password::"},  # ECS json-key form
        {"key": "ecs_services[1].secrets[1].value_from",
         "arn": "arn:aws:ssm:us-east-1:123456789012:parameter/flat_name"},
    ]
    result = SecretsCheck(api, refs, [{"key": "ecs_secret_kms_key_arns[0]", "arn": key_arn}]).run()
    assert result["problems"].as_list() == []
    assert {s["status"] for s in result["secrets"]} == {"found"}
    assert {s["kind"] for s in result["secrets"]} == {"ssm_parameter", "secretsmanager_secret"}
    assert result["kms_keys"][0]["state"] == "Enabled"
    # One batched DescribeParameters call; one DescribeSecret for the secret referenced twice.
    assert api.api_calls == {"kms": 1, "secretsmanager": 1, "ssm": 1}


def test_main_returns_the_secrets_seen(moto, run_main):
    secret_arn, _dummy = _plant()
    failed, result = run_main(preflight_secrets_info.main, {
        "secret_refs": [{"key": "ecs_services[0].secrets[0].value_from", "arn": SSM_ARN},
                        {"key": "ecs_services[0].secrets[1].value_from", "arn": secret_arn}],
    })
    assert not failed, result.get("msg")
    assert result["changed"] is False
    assert [s["arn"] for s in result["secrets"]] == sorted([SSM_ARN, secret_arn])
