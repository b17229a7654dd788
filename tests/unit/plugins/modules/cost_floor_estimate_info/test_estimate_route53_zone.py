"""ecs_route53_zone_id: the alias record's hosted zone is in the floor, at the published price of one hosted zone.

AWS publishes 0.50 USD per hosted zone per month for the first 25 zones (https://aws.amazon.com/route53/pricing/,
"Hosted zones"); queries are charged per query, traffic, so they are not in the floor (alias queries to an ALB are
free anyway).
"""

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_plan import state_values
from cost_estimate_testkit import PRICE, component, estimate, floor_of_plans, layer_inputs

ZONE = "Z0123456789ABCDEFGHIJ"
ZONE_MONTH = PRICE["route53_zone_month"]


def test_the_price_table_has_the_published_zone_price():
    assert ZONE_MONTH == 0.50


def test_a_zone_id_adds_exactly_one_hosted_zone_month():
    without = estimate(layer_inputs("dev"))
    with_zone = estimate(layer_inputs("dev", ecs_route53_zone_id=ZONE))
    zones = list(component(with_zone, "Route 53 hosted zones").values())
    assert [(z["quantity"], z["unit"], z["unit_price"]) for z in zones] == [(1, "zone-months", ZONE_MONTH)]
    assert zones[0]["addresses"] == ["module.alb.aws_route53_record.this[0]"]
    assert ZONE in zones[0]["detail"]
    assert with_zone["monthly_total"] - without["monthly_total"] == pytest.approx(1 * ZONE_MONTH, abs=0.005)
    assert component(without, "Route 53 hosted zones") == {}
    assert "Route 53 hosted zones" in without["absent"] and "Route 53 hosted zones" not in with_zone["absent"]


def test_the_inputs_carry_the_zone_and_the_record_name_only_with_a_zone():
    assert {"route53_zone_id", "domain_name"} & set(layer_inputs("dev")["loadbalancer"]) == set()
    lb = layer_inputs("dev", ecs_route53_zone_id=ZONE)["loadbalancer"]
    assert (lb["route53_zone_id"], lb["domain_name"]) == (ZONE, "dev.shop.example.com")


def _record(zone_id, name):
    return {"mode": "managed", "type": "aws_route53_record", "name": name, "provider": "aws",
            "instances": [{"index_key": 0, "attributes": {"zone_id": zone_id, "name": "%s.example.com" % name}}]}


def test_records_in_one_existing_zone_price_it_once_and_a_zone_the_plans_create_is_not_priced_twice():
    state = {"version": 4, "resources": [
        _record(ZONE, "www"), _record(ZONE, "api"), _record("ZCREATED", "app"),
        {"mode": "managed", "type": "aws_route53_zone", "name": "own", "provider": "aws",
         "instances": [{"attributes": {"zone_id": "ZCREATED", "id": "ZCREATED", "name": "example.com"}}]}]}
    report = floor_of_plans([{"layer": "dns", "plan": state_values(state)}])
    zones = sorted(component(report, "Route 53 hosted zones").values(), key=lambda z: z["detail"])
    assert [(z["quantity"], z["unit_price"]) for z in zones] == [(1, ZONE_MONTH), (1, ZONE_MONTH)]
    assert zones[0]["detail"] == "1 existing zone(s) with the records: %s" % ZONE
    assert report["monthly_total"] == pytest.approx(2 * ZONE_MONTH, abs=0.005)
