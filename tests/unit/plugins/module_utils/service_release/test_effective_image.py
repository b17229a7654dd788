"""The rule deciding which image a run deploys (decide_image) and the record written after a verified rollout
(next_record): pure functions, every branch with its reason (docs/design.md, "Released images")."""

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.service_release import decide_image, next_record

INVENTORY = "registry.example/web:1.0"
HOTFIX = "registry.example/web:1.0.1"
NEWER = "registry.example/web:2.0"


def record(image=HOTFIX, previous=INVENTORY, inventory=INVENTORY):
    return dict(image=image, previous_image=previous, inventory_image=inventory, released_at="2026-12-02T23:00:00Z",
                released_by="alice")


def test_without_a_record_the_inventory_image_is_deployed_silently():
    decision = decide_image("web", INVENTORY, None)
    assert (decision["image"], decision["source"], decision["notice"]) == (INVENTORY, "inventory", "")


def test_a_released_image_wins_while_the_inventory_is_unchanged_and_says_so():
    decision = decide_image("web", INVENTORY, record())
    assert (decision["image"], decision["source"]) == (HOTFIX, "release")
    assert decision["notice"].startswith("web: keeping released image %s (inventory: %s);" % (HOTFIX, INVENTORY))
    assert "rollback=true" in decision["notice"] and "ecs_image_source=inventory" in decision["notice"]


def test_a_record_equal_to_the_inventory_needs_no_notice():
    decision = decide_image("web", INVENTORY, record(image=INVENTORY, previous=HOTFIX))
    assert (decision["image"], decision["source"], decision["notice"]) == (INVENTORY, "release", "")


def test_an_inventory_image_changed_since_the_release_is_the_newer_intent():
    decision = decide_image("web", NEWER, record())
    assert (decision["image"], decision["source"]) == (NEWER, "inventory")
    assert HOTFIX in decision["notice"] and NEWER in decision["notice"]


def test_image_source_inventory_deploys_the_inventory_image_over_a_release():
    decision = decide_image("web", INVENTORY, record(), image_source="inventory")
    assert (decision["image"], decision["source"]) == (INVENTORY, "inventory")
    assert "ecs_image_source=inventory" in decision["notice"] and HOTFIX in decision["notice"]


@pytest.mark.parametrize("current", [None, record()])
@pytest.mark.parametrize("source", ["release", "inventory"])
def test_an_override_wins_and_names_the_image_it_replaces(current, source):
    decision = decide_image("web", INVENTORY, current, image_source=source, override=NEWER)
    assert (decision["image"], decision["source"]) == (NEWER, "override")
    expected = HOTFIX if current and source == "release" else INVENTORY
    assert decision["replaced_image"] == expected and expected in decision["notice"]


def test_an_unknown_image_source_is_refused():
    with pytest.raises(ValueError, match="ecs_image_source"):
        decide_image("web", INVENTORY, None, image_source="latest")


def test_a_first_release_takes_the_image_before_as_previous():
    new, changed = next_record(None, HOTFIX, INVENTORY, previous_image=INVENTORY, released_by="bob",
                               released_at="t1")
    assert changed and new == dict(image=HOTFIX, previous_image=INVENTORY, inventory_image=INVENTORY,
                                   released_at="t1", released_by="bob")


def test_a_first_release_of_the_same_image_has_no_previous():
    new, changed = next_record(None, INVENTORY, INVENTORY, previous_image=INVENTORY, released_at="t1")
    assert changed and new["previous_image"] is None


def test_a_new_image_makes_the_recorded_one_previous():
    new, changed = next_record(record(), NEWER, INVENTORY, previous_image="ignored", released_at="t2")
    assert changed and (new["image"], new["previous_image"], new["inventory_image"]) == (NEWER, HOTFIX, INVENTORY)


def test_a_rollback_swaps_image_and_previous():
    new, changed = next_record(record(), INVENTORY, INVENTORY, released_at="t2")
    assert changed and (new["image"], new["previous_image"]) == (INVENTORY, HOTFIX)


def test_the_inventory_catching_up_keeps_the_previous_image():
    new, changed = next_record(record(), HOTFIX, HOTFIX, released_at="t2")
    assert changed and (new["image"], new["previous_image"], new["inventory_image"]) == (HOTFIX, INVENTORY, HOTFIX)


def test_the_same_image_and_inventory_change_nothing_not_even_the_time():
    current = record()
    new, changed = next_record(current, HOTFIX, INVENTORY, released_by="carol", released_at="t9")
    assert not changed and new is current


def test_released_by_defaults_to_the_awx_job(monkeypatch):
    monkeypatch.setenv("AWX_JOB_ID", "412")
    assert next_record(None, HOTFIX, INVENTORY, released_at="t1")[0]["released_by"] == "AWX job 412"
