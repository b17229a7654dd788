"""plan_summary: a plan Terraform refused because of prevent_destroy, explained from its errored plan."""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.plan_summary import (
    prevent_destroy_addresses,
    prevent_destroy_refusals,
)

from tests.unit.plugins.module_utils.plan_summary.prevent_destroy_testkit import ERROR, errored_plan


def test_the_refused_addresses_come_from_terraforms_diagnostics_even_when_wrapped():
    assert prevent_destroy_addresses(ERROR) == [
        "module.alb.aws_lb.this", 'module.cluster["a-rather-long-key-name"].aws_ecs_cluster.this']


def test_another_error_names_no_refused_resource():
    assert prevent_destroy_addresses("Error: error acquiring the state lock ... Resource x has nothing") == []
    assert prevent_destroy_addresses("") == [] and prevent_destroy_addresses(None) == []


def test_each_refusal_names_the_action_and_the_attribute_that_forces_it():
    found = prevent_destroy_refusals(errored_plan(), ERROR)
    assert [r["address"] for r in found] == [
        "module.alb.aws_lb.this", 'module.cluster["a-rather-long-key-name"].aws_ecs_cluster.this']
    alb, cluster = found
    assert alb["action"] == "replace" and alb["type"] == "aws_lb"
    assert alb["forced_by"] == ["name"]
    assert alb["attributes"] == [{"attribute": "name", "before": "demo-local-alb", "after": "demo2-local-alb"}]
    assert alb["reason"] == ('protected by prevent_destroy; replacement forced by name "demo-local-alb" -> '
                             '"demo2-local-alb"')
    # A delete has no replace_paths: the plan's action_reason says why, in words.
    assert cluster["action"] == "delete" and cluster["forced_by"] == []
    assert cluster["reason"] == ("protected by prevent_destroy; its for_each key is gone (an inventory entry "
                                 "removed or renamed)")


def test_the_listener_replaced_with_the_alb_is_not_a_refusal():
    assert "module.alb.aws_lb_listener.https" not in [r["address"] for r in
                                                      prevent_destroy_refusals(errored_plan(), ERROR)]


def test_a_sensitive_forcing_value_is_masked():
    plan = errored_plan()
    change = plan["resource_changes"][0]["change"]
    change["before_sensitive"] = {"name": True}
    change["after_sensitive"] = {"name": True}
    alb = prevent_destroy_refusals(plan, ERROR)[0]
    assert "demo" not in alb["reason"] and "(sensitive value)" in alb["reason"]


def test_a_refusal_the_errored_plan_did_not_record_is_still_named():
    found = prevent_destroy_refusals({}, ERROR)
    assert (found[0]["address"], found[0]["action"], found[0]["reason"]) == (
        "module.alb.aws_lb.this", "destroy", "protected by prevent_destroy; the plan did not record why")
