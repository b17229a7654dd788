"""One more NAT gateway costs exactly one NAT gateway more; the single-vs-per-AZ trade-off is priced the same way."""

import copy

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_floor import cost_floor
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import PriceBook
from cost_floor_testkit import REGION, H


def floor(docs):
    return cost_floor(docs, PriceBook.from_table(REGION))


def test_plan_with_one_more_nat_gateway_costs_one_nat_gateway_more(plans, price):
    # dev-nat-per-az/network is the dev network planned with ecs_single_nat_gateway=false: 2 NATs instead of 1.
    single = floor(plans("dev", ["network"]))
    per_az = floor(plans("dev-nat-per-az", ["network"]))
    nat = next(c for c in per_az["components"] if c["component"] == "NAT gateways")
    assert nat["quantity"] == 2 * H
    # A public NAT gateway brings its Elastic IP: one NAT hour and one public IPv4 hour, all month.
    one_nat = (price["nat_gateway_hour"] + price["public_ipv4_hour"]) * H
    assert per_az["monthly_total"] - single["monthly_total"] == pytest.approx(one_nat, abs=0.01)


def test_one_more_nat_gateway_resource_adds_exactly_its_hourly_charge(plans, price):
    docs = plans("dev", ["network"])
    before = floor(copy.deepcopy(docs))["monthly_total"]
    resources = docs[0]["plan"]["planned_values"]["root_module"]["child_modules"][0]["resources"]
    nat = next(r for r in resources if r["type"] == "aws_nat_gateway")
    resources.append(dict(copy.deepcopy(nat), address=nat["address"].replace("eu-west-1a", "eu-west-1b")))
    assert floor(docs)["monthly_total"] - before == pytest.approx(price["nat_gateway_hour"] * H, abs=0.01)


def test_tradeoff_single_vs_per_az(plans, price):
    one_nat = (price["nat_gateway_hour"] + price["public_ipv4_hour"]) * H
    dev = floor(plans("dev"))
    prod = floor(plans("prod"))
    assert dev["tradeoffs"]["nat_gateways"]["nat_per_az_monthly"] == pytest.approx(
        dev["monthly_total"] + one_nat, abs=0.01)          # 2 AZs, 1 NAT now
    assert prod["tradeoffs"]["nat_gateways"]["single_nat_monthly"] == pytest.approx(
        prod["monthly_total"] - 2 * one_nat, abs=0.01)     # 3 AZs, 3 NATs now
    assert floor(plans("dev-nat-per-az", ["network"]))["tradeoffs"]["nat_gateways"]["single_nat_monthly"] == \
        pytest.approx(floor(plans("dev", ["network"]))["monthly_total"], abs=0.01)
