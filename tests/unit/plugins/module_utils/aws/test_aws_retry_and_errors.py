"""Retries with jittered backoff on throttling only; every botocore error becomes an AwsCallError; calls counted."""

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsCallError
from botocore.stub import Stubber


def test_throttling_is_retried_and_each_attempt_counted(api):
    client = api.client("sts")
    with Stubber(client) as stub:
        stub.add_client_error("get_caller_identity", service_error_code="Throttling", http_status_code=400)
        stub.add_response("get_caller_identity", {"Account": "123456789012", "Arn": "arn:aws:iam::123456789012:root",
                                                  "UserId": "x"})
        response = api.call("sts", "get_caller_identity")
    assert response["Account"] == "123456789012"
    assert api.api_calls == {"sts": 2}


def test_access_denied_is_not_retried(api):
    client = api.client("ssm")
    with Stubber(client) as stub:
        stub.add_client_error("describe_parameters", service_error_code="AccessDeniedException", http_status_code=400)
        with pytest.raises(AwsCallError) as raised:
            api.call("ssm", "describe_parameters")
    assert raised.value.code == "AccessDeniedException"
    assert raised.value.access_denied and not raised.value.fatal
    assert api.api_calls == {"ssm": 1}


def test_expired_token_is_fatal_with_an_action(api):
    client = api.client("ec2")
    with Stubber(client) as stub:
        stub.add_client_error("describe_availability_zones", service_error_code="RequestExpired")
        with pytest.raises(AwsCallError) as raised:
            api.call("ec2", "describe_availability_zones")
    assert raised.value.fatal
    assert "have expired" in raised.value.describe()
    assert "Provide valid credentials" in raised.value.describe()


def test_paginate_collects_every_page(api):
    client = api.client("ec2")
    with Stubber(client) as stub:
        stub.add_response("describe_subnets", {"Subnets": [{"SubnetId": "subnet-1"}], "NextToken": "t"})
        stub.add_response("describe_subnets", {"Subnets": [{"SubnetId": "subnet-2"}]})
        subnets = api.paginate("ec2", "describe_subnets", "Subnets")
    assert [s["SubnetId"] for s in subnets] == ["subnet-1", "subnet-2"]
    assert api.api_calls == {"ec2": 2}


def test_service_names_become_snake_case_keys(api):
    api.client("service-quotas")
    assert api.api_calls == {"service_quotas": 0}


@pytest.mark.parametrize("code", ["ThrottlingException", "ProvisionedThroughputExceededException"])
def test_throttling_codes_of_ecs_ssm_and_dynamodb_are_retried(api, code):
    """amazon.aws retries `Throttling` (EC2, STS) but not ECS's, SSM's or Secrets Manager's ThrottlingException."""
    client = api.client("ecs")
    with Stubber(client) as stub:
        stub.add_client_error("list_clusters", service_error_code=code, http_status_code=400)
        stub.add_response("list_clusters", {"clusterArns": []})
        assert api.call("ecs", "list_clusters")["clusterArns"] == []
    assert api.api_calls == {"ecs": 2}
