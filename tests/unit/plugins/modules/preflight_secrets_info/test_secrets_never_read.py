"""A planted secret value appears in no module result, and no value-returning API is ever called."""

import json
from unittest import mock

import boto3
import botocore.client
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import preflight_secrets_info

PLANTED = "planted-value-9f3c2a7e-must-never-leak"
VALUE_APIS = {"GetParameter", "GetParameters", "GetParametersByPath", "GetParameterHistory", "GetSecretValue",
              "BatchGetSecretValue", "Decrypt"}


def test_planted_value_never_appears_and_value_apis_never_run(moto, run_main):
    boto3.client("ssm").put_parameter(Name="/app/db_password", Value=PLANTED, Type="SecureString")
    asm = boto3.client("secretsmanager")
    arn = asm.create_secret(Name="app/api", SecretString=PLANTED)["ARN"]
    gone = asm.create_secret(Name="app/gone", SecretString=PLANTED)["ARN"]
    asm.delete_secret(SecretId=gone, RecoveryWindowInDays=7)
    seen = []
    real = botocore.client.BaseClient._make_api_call

    def spy(self, operation, params):
        seen.append(operation)
        return real(self, operation, params)

    with mock.patch.object(botocore.client.BaseClient, "_make_api_call", spy):
        for fail in (False, True):
            failed, result = run_main(preflight_secrets_info.main, {
                "fail_on_problems": fail,
                "secret_refs": [
                    {"key": "ecs_services[0].secrets[0].value_from",
                     "arn": "arn:aws:ssm:us-east-1:123456789012:parameter/app/db_password"},
                    {"key": "ecs_services[0].secrets[1].value_from", "arn": arn},
                    {"key": "ecs_services[0].secrets[2].value_from", "arn": gone},
                ]})
            assert failed is fail
            assert PLANTED not in json.dumps(result, default=str)
    assert set(seen) == {"DescribeParameters", "DescribeSecret"}
    assert not VALUE_APIS & set(seen)
