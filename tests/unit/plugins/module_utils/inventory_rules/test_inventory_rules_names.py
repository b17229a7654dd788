"""Identity and naming rules, and the resource names Terraform derives (recomputed here from the .tf formulas)."""

import pytest


@pytest.mark.parametrize("key, value, rule", [
    ("ecs_environment", "Dev", "names.environment"),
    ("ecs_environment", "a-very-long-environment", "names.environment"),
    ("ecs_project", "1shop", "names.project"),
    ("ecs_project", "p" * 21, "names.project"),
    ("ecs_owner", "   ", "names.owner"),
    ("ecs_owner", "team#1", "names.owner"),
    ("ecs_aws_region", "us-east", "identity.region"),
    ("ecs_aws_region", "us-east-12", "identity.region"),  # the compute/services layers allow one digit only
    ("ecs_aws_account_id", "12345678901", "identity.account"),
    ("ecs_state_bucket", "Demo_State", "state.bucket"),
    ("ecs_state_bucket", "192.168.1.10", "state.bucket"),
    ("ecs_state_bucket", "demo..state", "state.bucket"),
    ("ecs_state_bucket", "xn--demo-state", "state.bucket"),
    ("ecs_state_bucket", "demo-state-s3alias", "state.bucket"),
    ("ecs_lock_table", "tl", "state.lock_table"),
    ("ecs_lock_table", "lock table", "state.lock_table"),
])
def test_a_bad_name_is_refused_naming_its_key(inventory, check, key, value, rule):
    inventory[key] = value
    found = [f for f in check(inventory) if f["key"] == key]
    assert found and {f["rule"] for f in found} == {rule}
    assert found[0]["value"] == value


def test_an_environment_ending_in_a_dash_breaks_the_derived_names(inventory, check, keys_of):
    inventory["ecs_environment"] = "dev-"  # passes the layers' environment regex, not the modules' name_prefix
    found = check(inventory)
    assert keys_of(found) == ["ecs_environment"] and found[0]["rule"] == "names.derived"
    assert "demo-dev-" in found[0]["reason"]


def test_a_service_name_ending_in_a_dash_makes_an_invalid_target_group_name(inventory, check):
    inventory["ecs_services"][1]["name"] = "api-"
    found = [f for f in check(inventory) if f["rule"] == "names.derived"]
    assert [f["key"] for f in found] == ["ecs_services[1].name"]
    assert "target group name demo-local-api-" in found[0]["reason"]


def test_long_names_are_shortened_as_terraform_does_and_pass(inventory, check):
    """The longest project, environment and service names: ALB, TG and role names are cut and hashed to fit."""
    inventory["ecs_project"] = "p" * 20
    inventory["ecs_environment"] = "e" * 16
    inventory["ecs_services"][0]["name"] = "s" * 31
    assert [f for f in check(inventory) if f["rule"] == "names.derived"] == []


def test_tags_keys_and_values(inventory, check, keys_of):
    inventory["ecs_tags"] = {"aws:team": "x", "Long": "v" * 257, "k" * 129: "x", "Fine": "ok"}
    found = check(inventory)
    expected = ["ecs_tags.aws:team", "ecs_tags.Long", "ecs_tags." + "k" * 129]
    assert sorted(keys_of(found, "tags.keys")) == sorted(expected)
    assert all(f["value"] != "v" * 257 for f in found)  # a long value is described, not printed
