"""The caller's account must be the inventory's account."""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_identity import IdentityCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import preflight_identity_info


def test_matching_account_has_no_problem(api):
    result = IdentityCheck(api, "123456789012").run()
    assert len(result["problems"]) == 0
    assert result["account_matches"] is True
    assert result["caller"]["account"] == "123456789012"
    assert api.api_calls == {"sts": 1}


def test_other_account_is_one_problem_naming_the_key(api):
    problems = IdentityCheck(api, "210987654321").run()["problems"].as_list()
    assert [p["key"] for p in problems] == ["ecs_aws_account_id"]
    assert problems[0]["value"] == "210987654321"
    assert "belong to account 123456789012" in problems[0]["reason"]


def test_malformed_account_id(api):
    problems = IdentityCheck(api, "12345").run()["problems"].as_list()
    assert [p["reason"] for p in problems] == ["the account id is not 12 digits"]


def test_main_fails_at_once_on_mismatch(moto, run_main):
    failed, result = run_main(preflight_identity_info.main, {"account_id": "210987654321"})
    assert failed
    assert result["msg"].startswith("1 pre-flight problem(s):\necs_aws_account_id = 210987654321: ")
    assert result["changed"] is False
    assert result["api_calls"] == {"sts": 1}


def test_main_in_check_mode_reports_without_failing(moto, run_main):
    failed, result = run_main(preflight_identity_info.main,
                              {"account_id": "123456789012", "_ansible_check_mode": True})
    assert not failed
    assert result["problems"] == [] and result["changed"] is False
