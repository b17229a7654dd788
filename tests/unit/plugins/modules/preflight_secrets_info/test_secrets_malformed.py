"""Malformed and wildcard ARNs are problems and are never sent to AWS."""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_secrets import SecretsCheck

CASES = {
    "wildcard": "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/*",
    "ssm_wildcard": "arn:aws:ssm:us-east-1:123456789012:parameter/app/*",
    "not_arn": "/app/db_password",
    "bad_service": "arn:aws:s3:us-east-1:123456789012:parameter/app/x",
    "bad_account": "arn:aws:ssm:us-east-1:12345:parameter/app/x",
    "bad_region": "arn:aws:ssm:useast1:123456789012:parameter/app/x",
    "bad_resource": "arn:aws:ssm:us-east-1:123456789012:param/app/x",
    "bad_partition": "arn:azure:ssm:us-east-1:123456789012:parameter/app/x",
}


def test_each_malformed_reference_is_a_problem_naming_its_key(api):
    refs = [{"key": f"ecs_services[0].secrets[{i}].value_from", "arn": arn} for i, arn in enumerate(CASES.values())]
    result = SecretsCheck(api, refs, []).run()
    problems = result["problems"].as_list()
    by_key = {}
    for problem in problems:
        by_key.setdefault(problem["key"], []).append(problem["reason"])
    assert sorted(by_key) == sorted(r["key"] for r in refs)
    assert any("contains a wildcard" in r for r in by_key["ecs_services[0].secrets[0].value_from"])
    assert any("contains a wildcard" in r for r in by_key["ecs_services[0].secrets[1].value_from"])
    assert any("is not an ARN" in r for r in by_key["ecs_services[0].secrets[2].value_from"])
    assert any("its service is 's3'" in r for r in by_key["ecs_services[0].secrets[3].value_from"])
    assert any("not 12 digits" in r for r in by_key["ecs_services[0].secrets[4].value_from"])
    assert any("not a region name" in r for r in by_key["ecs_services[0].secrets[5].value_from"])
    assert any("parameter/NAME" in r for r in by_key["ecs_services[0].secrets[6].value_from"])
    assert any("is not an ARN" in r for r in by_key["ecs_services[0].secrets[7].value_from"])
    assert all(p["action"] for p in problems)
    assert {s["status"] for s in result["secrets"]} == {"invalid"}
    assert sum(api.api_calls.values()) == 0


def test_problems_come_sorted_and_complete(api):
    refs = [{"key": f"ecs_services[{i}].secrets[0].value_from", "arn": "bad"} for i in (10, 2, 1)]
    keys = [p["key"] for p in SecretsCheck(api, refs, []).run()["problems"].as_list()]
    assert keys == ["ecs_services[1].secrets[0].value_from", "ecs_services[2].secrets[0].value_from",
                    "ecs_services[10].secrets[0].value_from"]
