"""plan_summary: what a plan would do, and what must stop the run before apply."""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.plan_summary import action_of, summarize


def rc(address, rtype, actions, before=None, after=None, **change):
    return {
        "address": address,
        "mode": "managed",
        "type": rtype,
        "change": dict({"actions": actions, "before": before, "after": after}, **change),
    }


def test_actions_map_to_one_word_and_create_before_destroy_is_a_replacement():
    assert action_of(["no-op"]) == "no-op"
    assert action_of(["create"]) == "create"
    assert action_of(["delete", "create"]) == "replace"
    assert action_of(["create", "delete"]) == "replace"


def test_empty_plan_has_no_changes():
    plan = {"resource_changes": [rc("aws_vpc.this", "aws_vpc", ["no-op"], {"a": 1}, {"a": 1})]}
    s = summarize(plan)
    assert s["has_changes"] is False
    assert s["line"] == "no changes"
    assert s["blocked"] == []


def test_counts_and_sorted_addresses():
    plan = {"resource_changes": [
        rc("b.x", "aws_subnet", ["create"], None, {"cidr": "10.0.0.0/24"}),
        rc("a.x", "aws_subnet", ["update"], {"tags": {"a": "1"}}, {"tags": {}}),
        rc("c.x", "aws_route", ["delete"], {"id": "r"}, None),
        rc("d.x", "aws_instance", ["delete", "create"], {"ami": "1"}, {"ami": "2"}, replace_paths=[["ami"]]),
        rc("data.aws_region.this", "aws_region", ["read"]),
    ]}
    s = summarize(plan)
    assert s["counts"] == {"add": 1, "change": 1, "destroy": 1, "replace": 1}
    assert [r["address"] for r in s["resources"]] == ["a.x", "b.x", "c.x", "d.x"]
    assert s["replaced"] == ["d.x"]
    assert s["destroyed"] == ["c.x"]
    assert s["resources"][3]["replace_paths"] == ["ami"]
    assert s["resources"][0]["attributes"] == [{"attribute": "tags", "before": {"a": "1"}, "after": {}}]
    assert s["line"] == "1 to add, 1 to change, 1 to replace, 1 to destroy"


def test_replacing_a_protected_resource_is_blocked_unless_allowed():
    plan = {"resource_changes": [rc("aws_lb.this", "aws_lb", ["delete", "create"], {"name": "a"}, {"name": "b"})]}
    blocked = summarize(plan)["blocked"]
    assert blocked == [{"address": "aws_lb.this", "action": "replace", "reason": "protected resource type aws_lb"}]
    allowed = summarize(plan, allow_replace=True)
    assert allowed["blocked"] == []
    assert allowed["allowed_by_override"][0]["address"] == "aws_lb.this"


def test_updating_a_protected_resource_in_place_is_not_blocked():
    plan = {"resource_changes": [rc("aws_lb.this", "aws_lb", ["update"], {"idle": 60}, {"idle": 30})]}
    assert summarize(plan)["blocked"] == []


def test_production_blocks_any_destroy():
    plan = {"resource_changes": [rc("aws_route.x", "aws_route", ["delete"], {"id": "r"}, None)]}
    assert summarize(plan)["blocked"] == []
    blocked = summarize(plan, protect_all_deletes=True)["blocked"]
    assert blocked[0]["reason"] == "destroy in a production inventory"


def test_sensitive_values_are_masked_in_attribute_diffs():
    plan = {"resource_changes": [rc(
        "aws_x.this", "aws_x", ["update"], {"password": "old-secret", "n": 1}, {"password": "new-secret", "n": 2},
        before_sensitive={"password": True}, after_sensitive={"password": True},
    )]}
    text = repr(summarize(plan))
    assert "old-secret" not in text and "new-secret" not in text
    assert "(sensitive value)" in text


def test_drift_outside_terraform_is_reported_apart_from_planned_changes():
    plan = {
        "resource_changes": [],
        "resource_drift": [rc("aws_lb.this", "aws_lb", ["update"], {"enable_deletion_protection": True},
                              {"enable_deletion_protection": False})],
    }
    s = summarize(plan)
    assert s["has_changes"] is False
    assert s["drift"][0]["attributes"] == [
        {"attribute": "enable_deletion_protection", "before": True, "after": False}]


def test_output_only_changes_count_as_changes():
    plan = {"resource_changes": [], "output_changes": {"vpc_id": {"actions": ["create"]}}}
    s = summarize(plan)
    assert s["has_changes"] is True
    assert s["output_changes"] == ["vpc_id"]
