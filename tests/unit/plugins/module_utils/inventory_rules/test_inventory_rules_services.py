"""Service rules: names, ports, sizes, counts, priorities, routing, secret ARNs, environment names and plaintext."""

import pytest

PLAINTEXT = "pl41ntext-s3cret-value"


def service_findings(check, inventory, rule):
    return [f for f in check(inventory) if f["rule"] == rule]


@pytest.mark.parametrize("name", ["DB_PASSWORD", "db_passwd", "MY_SECRET", "GITHUB_TOKEN", "PRIVATEKEY", "private_key",
                                  "API_KEY", "apikey", "SecretName"])
def test_a_secret_looking_environment_key_is_refused_and_its_value_never_shown(inventory, check, name):
    inventory["ecs_services"][0]["environment"] = {"APP_ENV": "local", name: PLAINTEXT}
    found = service_findings(check, inventory, "services.env_secret_looking")
    assert [f["key"] for f in found] == [f"ecs_services[0].environment.{name}"]
    assert found[0]["value"] == "(redacted)"
    assert PLAINTEXT not in repr(check(inventory))
    assert "secrets" in found[0]["action"] and name in found[0]["action"]


@pytest.mark.parametrize("name", ["DB_HOST", "KEYCLOAK_URL", "PUBLIC_KEY_URL", "LOG_LEVEL"])
def test_other_environment_keys_pass(inventory, check, name):
    inventory["ecs_services"][0]["environment"] = {name: "x"}
    assert check(inventory) == []


@pytest.mark.parametrize("value_from, shown", [
    (PLAINTEXT, "(redacted)"),
    ("arn:aws:ssm:us-east-1:123456789012:parameter/demo/*", None),
    ("arn:aws:ssm:us-east-1:123456789012:db-password", None),
    ("arn:aws:s3:::bucket/key", None),
    ("arn:aws:secretsmanager:us-east-1:12345:secret:demo-AbCdEf", None),
    ("arn:aws:ssm:eu-west-1:123456789012:parameter/demo/db", None),
    ("arn:aws-cn:ssm:us-east-1:123456789012:parameter/demo/db", None),
])
def test_a_secret_reference_must_be_a_parameter_or_secret_arn_of_the_deployment(inventory, check, value_from, shown):
    inventory["ecs_services"][0]["secrets"][0]["value_from"] = value_from
    found = service_findings(check, inventory, "services.secret_arn")
    assert [f["key"] for f in found] == ["ecs_services[0].secrets[0].value_from"]
    assert found[0]["value"] == (shown or value_from)
    if shown:
        assert PLAINTEXT not in repr(check(inventory))


def test_a_secret_in_another_region_passes_when_allowed(inventory, check):
    inventory["ecs_services"][0]["secrets"][0]["value_from"] = "arn:aws:ssm:eu-west-1:123456789012:parameter/demo/db"
    inventory["ecs_allow_cross_region_secrets"] = True
    assert check(inventory) == []


def test_a_secrets_manager_reference_with_a_json_key_passes(inventory, check):
    inventory["ecs_services"][0]["secrets"][1]["value_from"] = (
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:demo/token-AbCdEf:password::")
    assert check(inventory) == []


def test_duplicate_service_names_and_priorities_name_the_later_entry(inventory, check, keys_of):
    inventory["ecs_services"][1].update(name="web", listener_priority=100)
    found = check(inventory)
    assert keys_of(found) == ["ecs_services[1].listener_priority", "ecs_services[1].name"]
    assert all("ecs_services[0]" in f["reason"] for f in found)


def test_duplicate_and_invalid_variable_names(inventory, check, keys_of):
    web = inventory["ecs_services"][0]
    web["environment"] = {"API_TOKEN": "x", "1BAD": "y"}
    found = check(inventory)
    assert sorted(keys_of(found, "services.env_names")) == ["ecs_services[0].environment.1BAD",
                                                            "ecs_services[0].secrets[1].name"]


@pytest.mark.parametrize("field, value, rule", [
    ("container_port", 0, "services.port"),
    ("container_port", 65536, "services.port"),
    ("cpu", 64, "services.size"),
    ("memory", 2_000_000, "services.size"),
    ("listener_priority", 0, "services.priority"),
    ("listener_priority", 50001, "services.priority"),
    ("health_check_path", "health", "services.routing"),
    ("health_check_matcher", "2xx", "services.routing"),
    ("path_patterns", [], "services.routing"),
    ("path_patterns", ["/" + "a" * 128], "services.routing"),
    ("cpu_target", 96, "services.scaling"),
    ("log_retention_days", 10, "services.log_retention"),
    ("image", " ", "services.image"),
    ("name", "Web", "services.name"),
])
def test_a_bad_service_field_is_refused(inventory, check, field, value, rule):
    inventory["ecs_services"][1][field] = value
    found = check(inventory)
    assert found and {f["rule"] for f in found} == {rule}
    assert all(f["key"].startswith(f"ecs_services[1].{field}") for f in found)


def test_too_many_routing_values(inventory, check, keys_of):
    inventory["ecs_services"][1].update(path_patterns=["/a", "/b", "/c"], host_headers=["a.example", "b.example",
                                                                                        "c.example"])
    assert keys_of(check(inventory)) == ["ecs_services[1].path_patterns"]


@pytest.mark.parametrize("low, desired, high", [(3, 2, 4), (1, 5, 4), (-1, 0, 1)])
def test_service_counts(inventory, check, keys_of, low, desired, high):
    inventory["ecs_services"][0].update(min_count=low, desired_count=desired, max_count=high)
    found = check(inventory)
    assert len(found) == 1 and found[0]["rule"] == "services.counts"


def test_scheduled_scaling(inventory, check, keys_of):
    inventory["ecs_services"][0]["scheduled_scaling"] = [
        dict(name="night", schedule="0 20 * * *", min_count=1, max_count=2),
        dict(name="night", schedule="cron(0 6 * * ? *)", min_count=3, max_count=2)]
    assert keys_of(check(inventory)) == ["ecs_services[0].scheduled_scaling[0].schedule",
                                         "ecs_services[0].scheduled_scaling[1].min_count",
                                         "ecs_services[0].scheduled_scaling[1].name"]


def test_no_service_at_all(inventory, check, keys_of):
    inventory["ecs_services"] = []
    assert keys_of(check(inventory)) == ["ecs_services"]


def test_per_service_secret_kms_keys(inventory, check, keys_of):
    inventory["ecs_services"][0]["secret_kms_key_arns"] = ["arn:aws:kms:us-east-1:123456789012:alias/app"]
    assert keys_of(check(inventory)) == ["ecs_services[0].secret_kms_key_arns[0]"]
