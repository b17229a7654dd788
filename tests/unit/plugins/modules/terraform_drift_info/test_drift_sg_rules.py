"""A security group rule added by hand, next to rules declared as separate resources, is drift."""

import drift_plans as plans
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_analysis import analyse
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_sg_rules import unmanaged_rules


def test_rule_added_by_hand_is_reported_on_its_group():
    found = analyse(plans.sg_rule_added())
    assert found["drifted"] is True
    assert found["changes"] == []
    [res] = found["resources"]
    assert res["address"] == plans.SG
    assert (res["kind"], res["outside_terraform"], res["action"]) == ("changed outside Terraform", True, "none")
    rogue = {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "0.0.0.0/0"}
    assert res["attributes"] == [{"attribute": "ingress", "before": [], "after": [rogue]}]
    assert res["unmanaged_rules"] == {"ingress": [rogue]}


def test_declared_rules_match_whatever_the_account_prefix():
    """The group reads the ALB group back as 123456789012/sg-alb, the rule resource as sg-alb: the same source."""
    assert unmanaged_rules(plans.sg_rule_added(rogue=False)) == {}


def test_inline_rules_are_left_to_terraform():
    assert unmanaged_rules(plans.sg_rule_added(inline=True)) == {}


def test_protocol_numbers_and_all_traffic_are_normalised():
    doc = plans.sg_rule_added(rogue=False)
    group = doc["prior_state"]["values"]["root_module"]["child_modules"][0]["resources"][0]["values"]
    group["egress"] = [dict(plans.ROGUE_RULE, protocol="-1", from_port=0, to_port=0)]
    rule = doc["prior_state"]["values"]["root_module"]["child_modules"][0]["resources"][1]
    rule["values"]["ip_protocol"] = "6"
    assert unmanaged_rules(doc) == {plans.SG: {"egress": [
        {"protocol": "-1", "from_port": None, "to_port": None, "cidr_ipv4": "0.0.0.0/0"}]}}
