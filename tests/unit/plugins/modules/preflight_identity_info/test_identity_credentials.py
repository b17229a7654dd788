"""Missing or expired credentials give one clear message."""

from unittest import mock

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_identity import IdentityCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import preflight_identity_info, preflight_plan_info
from botocore.exceptions import ClientError


def test_missing_credentials_are_one_problem(moto, run_main, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    failed, result = run_main(preflight_identity_info.main, {"account_id": "123456789012"})
    assert failed
    assert [p["key"] for p in result["problems"]] == ["ecs_aws_env"]
    assert "No usable AWS credentials were found" in result["msg"]
    assert "Provide valid credentials" in result["msg"]


def _expired(*_args, **_kwargs):
    raise ClientError({"Error": {"Code": "ExpiredToken", "Message": "The security token included in the request is "
                                 "expired"}}, "GetCallerIdentity")


def test_expired_credentials_are_named_as_such(api):
    client = api.client("sts")
    with mock.patch.object(client, "get_caller_identity", side_effect=_expired):
        problems = IdentityCheck(api, "123456789012").run()["problems"].as_list()
    assert len(problems) == 1
    assert problems[0]["reason"].startswith("The AWS credentials have expired")


def test_other_modules_stop_with_the_same_message(moto, run_main, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    failed, result = run_main(preflight_plan_info.main, {"asg_min_size": 1, "asg_max_size": 2,
                                                         "instance_types": ["m5.large"], "fail_on_problems": False})
    assert failed  # fatal errors fail even with fail_on_problems=false
    assert "No usable AWS credentials were found" in result["msg"]
    assert result["error_code"] == "NoCredentials"
