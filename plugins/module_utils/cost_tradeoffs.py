# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Section H's trade-offs as monthly totals: one NAT gateway or one per AZ, one On-Demand base instance fewer, and the
On-Demand base at estimated 1-year commitment rates."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_common import money
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import PRICE_TABLE

# Plans priced for the On-Demand base, in report order, with their label.
COMMITMENT_PLANS = (("compute_savings_plan_1y_no_upfront", "Compute Savings Plan"),
                    ("reserved_instance_1y_no_upfront", "Reserved Instance"))


def tradeoffs(floor, total):
    """Section H's trade-offs as monthly totals."""
    hours = floor.hours
    out = {}
    nats = len(floor.of("aws_nat_gateway"))
    azs = floor.az_count()
    if nats and azs:
        unit = (floor.prices.unit("nat_gateway_hour") + floor.prices.unit("public_ipv4_hour")) * hours
        out["nat_gateways"] = dict(
            current=nats, azs=azs, per_nat_monthly=money(unit),
            single_nat_monthly=money(total - (nats - 1) * unit),
            nat_per_az_monthly=money(total + (azs - nats) * unit),
            note="each NAT gateway brings its Elastic IP; one NAT means losing its AZ cuts every AZ's egress",
        )
    fleet = floor.fleet
    if fleet and fleet["on_demand_base"] >= 1:
        od_month = fleet["on_demand_hour"] * hours
        n = fleet["on_demand_base"]
        out["on_demand_base"] = dict(
            current=n, current_monthly=money(total), minus_one=n - 1,
            minus_one_monthly={"min": money(total - od_month + fleet["spot_hour"]["min"] * hours),
                               "max": money(total - od_month + fleet["spot_hour"]["max"] * hours)},
            note="ASG min size unchanged: one baseline instance runs on Spot instead (interruption risk)",
        )
    commitment = _commitment_tradeoff(floor, total)
    if commitment:
        out["on_demand_commitment"] = commitment
    return out


def _commitment_tradeoff(floor, total):
    """The On-Demand base at the estimated 1-year no-upfront rates (section H: Savings Plans for the baseline)."""
    fleet = floor.fleet
    if not fleet or fleet["on_demand_count"] < 1:
        return None
    count, itype, hours = fleet["on_demand_count"], fleet["on_demand_type"], floor.hours
    on_demand_month = count * fleet["on_demand_hour"] * hours
    plans = {}
    for plan, label in COMMITMENT_PLANS:
        rate = floor.prices.commitment(plan, itype)
        if rate is None:
            continue
        month = count * rate * hours
        plans[plan] = dict(label=label, hourly=rate, monthly=money(total - on_demand_month + month),
                           saving=money(on_demand_month - month))
    if not plans:
        return None
    estimate = PRICE_TABLE["commitment_estimate"]
    return dict(
        instances=count, instance_type=itype, on_demand_monthly=money(on_demand_month), plans=plans,
        estimate=True, rates_date=estimate["date"], rates_source=estimate["source"],
        note="a 1-year commitment bought in AWS Billing, not an inventory setting (the floor and the budget guard "
             "stay at On-Demand prices); billed every hour of the year whether the base runs or not; a Compute "
             "Savings Plan follows changes of ecs_instance_types and region, a Reserved Instance does not",
    )
