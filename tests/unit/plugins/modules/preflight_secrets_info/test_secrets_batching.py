"""SSM names are checked in batches of 50 (the API's limit per filter); each secret once."""

from unittest import mock

import boto3
import botocore.client
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_secrets import SecretsCheck


def test_120_parameters_take_three_batches(api):
    ssm = boto3.client("ssm")
    for i in range(0, 120, 2):  # half exist
        ssm.put_parameter(Name=f"/app/p{i}", Value="ignored", Type="SecureString")
    refs = [{"key": f"ecs_services[0].secrets[{i}].value_from",
             "arn": f"arn:aws:ssm:us-east-1:123456789012:parameter/app/p{i}"} for i in range(120)]
    requests = []
    real = botocore.client.BaseClient._make_api_call

    def spy(self, operation, params):
        requests.append((operation, params))
        return real(self, operation, params)

    with mock.patch.object(botocore.client.BaseClient, "_make_api_call", spy):
        result = SecretsCheck(api, refs, []).run()
    first_pages = [p for op, p in requests if op == "DescribeParameters" and "NextToken" not in p]
    assert [len(p["ParameterFilters"][0]["Values"]) for p in first_pages] == [50, 50, 20]
    assert all(p["MaxResults"] == 50 for op, p in requests)
    # Every page is counted (moto pages by 10 whatever MaxResults says; AWS would answer each batch in one page).
    assert api.api_calls == {"ssm": len(requests)}
    assert len(result["problems"]) == 60
    assert sorted(p["value"].rsplit("/", 1)[1] for p in result["problems"].as_list()) == sorted(
        f"p{i}" for i in range(1, 120, 2))


def test_duplicate_references_are_checked_once_and_reported_per_key(api):
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shared-AbCdEf"
    refs = [{"key": "ecs_services[0].secrets[0].value_from", "arn": arn},
            {"key": "ecs_services[1].secrets[0].value_from", "arn": arn}]
    result = SecretsCheck(api, refs, []).run()
    assert api.api_calls == {"secretsmanager": 1}
    assert [p["key"] for p in result["problems"].as_list()] == [r["key"] for r in refs]
