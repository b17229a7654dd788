"""state_object.read_state: the parsed state object, None when it or its bucket does not exist."""

import json

import boto3
import pytest
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry, RetryingBotoClientWrapper
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.state_object import read_state


class Module:
    def fail_json_aws(self, exc, msg):
        raise AssertionError(msg)


@pytest.fixture
def s3(moto):
    return RetryingBotoClientWrapper(boto3.client("s3", region_name="us-east-1"), AWSRetry.jittered_backoff(retries=1))


def test_state_object_is_read_and_a_missing_one_is_none(s3):
    assert read_state(Module(), s3, "no-such-bucket", "local/network/terraform.tfstate") is None
    s3.client.create_bucket(Bucket="tfstate")
    assert read_state(Module(), s3, "tfstate", "local/network/terraform.tfstate") is None
    s3.client.put_object(Bucket="tfstate", Key="local/network/terraform.tfstate",
                         Body=json.dumps({"serial": 9, "lineage": "abc", "outputs": {}}).encode())
    assert read_state(Module(), s3, "tfstate", "local/network/terraform.tfstate")["serial"] == 9
