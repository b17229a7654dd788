"""One more NAT gateway in the inventory costs exactly one NAT gateway (its hours and its Elastic IP's) more."""

import pytest
from cost_estimate_testkit import PRICE, H, component, estimate, fixture_plans, floor_of_plans, layer_inputs, monthly

ONE_NAT = (PRICE["nat_gateway_hour"] + PRICE["public_ipv4_hour"]) * H  # a public NAT gateway brings its EIP


def test_single_nat_false_costs_exactly_one_nat_gateway_more_in_dev():
    single = estimate(layer_inputs("dev"))                                   # 2 AZs, ecs_single_nat_gateway: true
    per_az = estimate(layer_inputs("dev", ecs_single_nat_gateway=False))
    assert per_az["monthly_total"] - single["monthly_total"] == pytest.approx(ONE_NAT, abs=0.01)
    assert monthly(per_az, "NAT gateways") - monthly(single, "NAT gateways") == pytest.approx(
        PRICE["nat_gateway_hour"] * H, abs=0.01)
    nat = list(component(per_az, "NAT gateways").values())
    assert [n["quantity"] for n in nat] == [2 * H]
    # Everything else is unchanged.
    others = [c for c in single["components"] if c["component"] not in ("NAT gateways", "Public IPv4 addresses")]
    assert others == [c for c in per_az["components"]
                      if c["component"] not in ("NAT gateways", "Public IPv4 addresses")]


def test_single_nat_false_matches_the_plan_of_the_dev_network_with_a_nat_per_az():
    """tests/unit/fixtures/plans/dev-nat-per-az is the dev network planned with ecs_single_nat_gateway: false."""
    inputs = layer_inputs("dev", ecs_single_nat_gateway=False)
    estimated = estimate({"network": inputs["network"]})
    planned = floor_of_plans(fixture_plans("dev-nat-per-az", ["network"]))
    assert estimated["components"] == planned["components"]
    assert estimated["tradeoffs"]["nat_gateways"]["single_nat_monthly"] == pytest.approx(
        floor_of_plans(fixture_plans("dev", ["network"]))["monthly_total"], abs=0.01)


def test_one_more_az_adds_exactly_one_nat_gateway_in_prod():
    base = estimate(layer_inputs("prod"))                                    # 3 AZs, a NAT gateway per AZ
    wider = estimate(layer_inputs(
        "prod", ecs_azs=["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1d"],
        ecs_public_subnet_cidrs=["10.30.0.0/24", "10.30.1.0/24", "10.30.2.0/24", "10.30.3.0/24"],
        ecs_private_subnet_cidrs=["10.30.10.0/24", "10.30.11.0/24", "10.30.12.0/24", "10.30.13.0/24"]))
    assert monthly(wider, "NAT gateways") - monthly(base, "NAT gateways") == pytest.approx(
        PRICE["nat_gateway_hour"] * H, abs=0.01)
    assert wider["tradeoffs"]["nat_gateways"]["current"] == base["tradeoffs"]["nat_gateways"]["current"] + 1
    # The rest of what one more AZ adds, by hand: its 6 interface endpoints and one more ALB node address.
    endpoints = 6 * PRICE["interface_endpoint_hour"] * H
    alb_node = PRICE["public_ipv4_hour"] * H
    assert wider["monthly_total"] - base["monthly_total"] == pytest.approx(ONE_NAT + endpoints + alb_node, abs=0.01)
