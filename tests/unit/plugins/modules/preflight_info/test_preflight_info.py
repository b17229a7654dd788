"""preflight_info: the six checks in one module run give what the six check modules give one by one."""

import boto3
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import (
    cost_floor_estimate_info,
    preflight_capacity_info,
    preflight_certificate_info,
    preflight_identity_info,
    preflight_info,
    preflight_plan_info,
    preflight_secrets_info,
)

ACCOUNT = "123456789012"
MODULES = {"identity": preflight_identity_info, "secrets": preflight_secrets_info,
           "capacity": preflight_capacity_info, "certificate": preflight_certificate_info,
           "plan": preflight_plan_info, "cost_floor": cost_floor_estimate_info}


def checks():
    """Options of each check, with one problem planted in secrets, capacity, certificate and plan."""
    ssm = boto3.client("ssm", region_name="us-east-1")
    ssm.put_parameter(Name="/demo/web/db", Value="not read by any check", Type="SecureString")
    arn = "arn:aws:ssm:us-east-1:%s:parameter/demo/web/" % ACCOUNT
    return {
        "identity": {"account_id": ACCOUNT},
        "secrets": {"secret_refs": [{"key": "ecs_services[0].secrets[0].value_from", "arn": arn + "db"},
                                    {"key": "ecs_services[0].secrets[1].value_from", "arn": arn + "missing"}]},
        "capacity": {"azs": ["us-east-1a", "us-east-1z"], "instance_types": ["t3.large"], "asg_max_size": 4},
        "certificate": {"certificate_arn": "arn:aws:acm:us-east-1:%s:certificate/00000000-0000-4000-8000-0000000000"
                                           "00" % ACCOUNT},
        "plan": {"asg_min_size": 3, "asg_max_size": 2, "instance_types": ["t3.large"],
                 "services": [{"name": "web", "cpu": 256, "memory": 512, "min_count": 1, "desired_count": 2,
                               "max_count": 4}]},
        "cost_floor": {"layer_inputs": {}, "budget": 0},
    }


def test_the_same_results_as_the_check_modules_one_by_one(moto, run_main):
    options = checks()
    failed, combined = run_main(preflight_info.main, dict(options, fail_on_problems=False))
    assert not failed, combined.get("msg")
    alone = {}
    for name, module in MODULES.items():
        was_failed, result = run_main(module.main, dict(options[name], fail_on_problems=False))
        assert not was_failed, (name, result.get("msg"))
        alone[name] = result
    for name, result in alone.items():
        assert combined["checks"][name]["problems"] == result["problems"], name
        assert combined["api_calls"][name] == result["api_calls"], name
        facts = {k: v for k, v in result.items() if k not in ("changed", "warnings")}
        assert combined["checks"][name] == facts, name
    planted = {p["key"] for p in combined["problems"]}
    assert {"ecs_services[0].secrets[1].value_from", "ecs_azs[1]", "ecs_certificate_arn", "ecs_asg_max_size"} <= planted
    assert combined["problems"] == [p for name in MODULES for p in alone[name]["problems"]]


def test_a_wrong_account_stops_before_any_other_check(moto, run_main):
    options = dict(checks(), identity={"account_id": "210987654321"}, fail_on_problems=False)
    failed, result = run_main(preflight_info.main, options)
    assert failed and result["msg"].startswith("1 pre-flight problem(s):\necs_aws_account_id = 210987654321: ")
    assert list(result["api_calls"]) == ["identity"] and list(result["checks"]) == ["identity"]


def test_every_problem_in_one_failure(moto, run_main):
    failed, result = run_main(preflight_info.main, checks())
    assert failed and result["msg"].startswith("%d pre-flight problem(s):\n" % len(result["problems"]))
    assert "ecs_services[0].secrets[1].value_from = arn:aws:ssm:" in result["msg"]
    assert result["msg"].endswith("Runbook: docs/runbooks.md#pre-flight-failure")


def test_a_check_s_bad_option_is_named_with_its_check(moto, run_main):
    options = dict(checks(), capacity={"azs": ["us-east-1a"]})
    failed, result = run_main(preflight_info.main, options)
    assert failed and result["msg"].startswith("capacity: ")
    assert "instance_types" in result["msg"] and "asg_max_size" in result["msg"]
