"""Secrets that do not exist are problems; access errors say the reference could not be checked."""

from unittest import mock

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_secrets import SecretsCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import preflight_secrets_info
from botocore.stub import Stubber

SSM = "arn:aws:ssm:us-east-1:123456789012:parameter/app/nope"
ASM = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/nope-AbCdEf"


def test_missing_parameter_and_secret(api):
    result = SecretsCheck(api, [{"key": "a", "arn": SSM}, {"key": "b", "arn": ASM}], []).run()
    problems = result["problems"].as_list()
    assert [(p["key"], p["value"]) for p in problems] == [("a", SSM), ("b", ASM)]
    assert problems[0]["reason"] == "SSM parameter /app/nope does not exist in us-east-1"
    assert "does not exist" in problems[1]["reason"]
    assert [s["status"] for s in result["secrets"]] == ["missing", "missing"]


def test_access_denied_is_reported_per_reference(api):
    client = api.client("secretsmanager")
    with Stubber(client) as stub:
        stub.add_client_error("describe_secret", service_error_code="AccessDeniedException")
        problems = SecretsCheck(api, [{"key": "b", "arn": ASM}], []).run()["problems"].as_list()
    assert problems[0]["reason"].startswith("it could not be checked (AccessDeniedException")


def test_main_fails_with_every_problem_listed(moto, run_main):
    failed, result = run_main(preflight_secrets_info.main, {
        "secret_refs": [{"key": "ecs_services[0].secrets[0].value_from", "arn": SSM},
                        {"key": "ecs_services[0].secrets[1].value_from", "arn": ASM}]})
    assert failed
    lines = result["msg"].splitlines()
    assert lines[0] == "2 pre-flight problem(s):"
    assert lines[1].startswith(f"ecs_services[0].secrets[0].value_from = {SSM}: SSM parameter /app/nope")
    assert lines[2].startswith(f"ecs_services[0].secrets[1].value_from = {ASM}: ")
    assert len(result["problems"]) == 2


@pytest.mark.parametrize("fail_on_problems", [False])
def test_main_without_fail_on_problems_returns_them(moto, run_main, fail_on_problems):
    failed, result = run_main(preflight_secrets_info.main, {
        "secret_refs": [{"key": "k", "arn": SSM}], "fail_on_problems": fail_on_problems})
    assert not failed and len(result["problems"]) == 1


def test_module_never_catches_unexpected_exceptions_silently(api):
    with mock.patch.object(SecretsCheck, "_check_ssm", side_effect=RuntimeError("bug")), \
            pytest.raises(RuntimeError):
        SecretsCheck(api, [{"key": "a", "arn": SSM}], []).run()
