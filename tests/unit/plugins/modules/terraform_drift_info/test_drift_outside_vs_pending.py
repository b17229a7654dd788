"""Each differing resource is reported once: changed outside Terraform (with the planned change) or pending."""

import drift_plans as plans
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_analysis import analyse


def test_clean_plan_has_no_drift():
    found = analyse(plans.clean())
    assert found == {"drifted": False, "resources": [], "drift": [], "changes": [], "output_changes": [],
                     "refresh_only_ignored": 0}


def test_attribute_changed_outside_terraform_is_one_resource_with_both_diffs():
    found = analyse(plans.alb_deletion_protection_off())
    assert found["drifted"] is True
    assert found["resources"] == [{
        "address": plans.ALB, "type": "aws_lb", "kind": "changed outside Terraform", "outside_terraform": True,
        "action": "update", "drift_action": "update",
        "attributes": [{"attribute": "enable_deletion_protection", "before": True, "after": False}],
        "planned_attributes": [{"attribute": "enable_deletion_protection", "before": False, "after": True}],
    }]
    assert [d["address"] for d in found["drift"]] == [plans.ALB]
    assert [c["address"] for c in found["changes"]] == [plans.ALB]


def test_change_without_drift_entry_is_a_pending_change():
    found = analyse(plans.pending_idle_timeout())
    assert found["drifted"] is True
    assert found["drift"] == []
    assert found["resources"] == [{
        "address": plans.ALB, "type": "aws_lb", "kind": "pending change", "outside_terraform": False,
        "action": "update", "attributes": [{"attribute": "idle_timeout", "before": 60, "after": 120}],
    }]


def test_refresh_only_differences_the_configuration_plans_nothing_for_are_not_drift():
    """A fresh deployment: route tables' routes and groups' rules filled in by separate resources."""
    found = analyse(plans.refresh_noise())
    assert (found["drifted"], found["resources"], found["drift"]) == (False, [], [])
    assert found["refresh_only_ignored"] == 2


def test_resource_deleted_outside_terraform_is_created_again():
    [res] = analyse(plans.deleted_outside())["resources"]
    assert (res["kind"], res["drift_action"], res["action"]) == ("changed outside Terraform", "delete", "create")


def test_pending_replacement_names_what_forces_it():
    [res] = analyse(plans.replace_pending())["resources"]
    assert res["action"] == "replace"
    assert res["replace_paths"] == ["name"]
    assert res["attributes"] == [{"attribute": "name", "before": "web", "after": "web2"}]


def test_data_sources_are_never_drift():
    assert analyse(plans.data_source_only())["drifted"] is False


def test_output_changes_alone_count_as_drift():
    found = analyse(plans.outputs_only())
    assert (found["drifted"], found["resources"], found["output_changes"]) == (True, [], ["new_output"])


def test_refresh_noise_on_a_drifted_resource_is_left_out():
    """Refresh reads tags back as {} where state had null; the plan leaves them alone: only the real diff shows."""
    doc = plans.alb_deletion_protection_off()
    doc["resource_drift"][0]["change"]["before"]["tags"] = None
    doc["resource_drift"][0]["change"]["after"]["tags"] = {}
    [res] = analyse(doc)["resources"]
    assert [a["attribute"] for a in res["attributes"]] == ["enable_deletion_protection"]


def test_pending_change_next_to_refresh_noise_stays_a_pending_change():
    doc = plans.pending_idle_timeout()
    doc["resource_drift"] = [plans.rc(plans.ALB, "aws_lb", ["update"], dict(plans.ALB_BEFORE, tags=None),
                                      plans.ALB_BEFORE)]
    [res] = analyse(doc)["resources"]
    assert (res["kind"], res["outside_terraform"]) == ("pending change", False)
    assert res["attributes"] == [{"attribute": "idle_timeout", "before": 60, "after": 120}]
