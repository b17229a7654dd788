# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""The pre-flight budget guard: the cost floor estimated from the layers' inputs, and a floor over the budget as one
problem (cost_floor_estimate_info, and preflight_info with the other checks)."""

from __future__ import annotations

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import KeyNames, Problems
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_common import CostError
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_inventory import inventory_plans
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import table_price_line
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_report import (
    PRICING_ARGUMENT_SPEC,
    price_report,
)

OPTIONS = dict(PRICING_ARGUMENT_SPEC, layer_inputs=dict(type="dict", required=True))

KEYS = dict(
    budget="ecs_monthly_cost_floor_budget",
    single_nat_gateway="ecs_single_nat_gateway",
    on_demand_base_capacity="ecs_on_demand_base_capacity",
)


def _usd(value):
    return ("%.2f" % value).rstrip("0").rstrip(".")


class CostFloorEstimate:
    """Estimates the floor from the layer inputs and turns a floor above the budget into one problem."""

    def __init__(self, params, api=None):
        self.params = params
        self.budget = params["budget"] or 0
        self.keys = KeyNames(KEYS, params["key_names"])
        self.api = api
        self.problems = Problems()

    def run(self, region):
        try:
            plans, not_estimated = inventory_plans(self.params["layer_inputs"])
            report = price_report(plans, self.params, region, self.api)
        except CostError as exc:
            return self.unestimated(str(exc))
        report.update(basis="inventory", not_estimated=not_estimated)
        if report["over_budget"]:
            prices = report["prices"]
            self.problems.add(
                self.keys("budget"), _usd(self.budget),
                "the monthly cost floor estimated from the inventory is %.2f USD, over the budget (prices: %s %s of %s)"
                % (report["monthly_total"], prices["kind"], prices["version"], prices["date"]),
                "Nothing has been applied. %s - or raise %s" % (self.advice(report), self.keys("budget")))
        return report

    def unestimated(self, error):
        if self.budget > 0:
            self.problems.add(self.keys("budget"), _usd(self.budget),
                              "the monthly cost floor cannot be estimated, so the budget cannot be checked: %s"
                              % error.rstrip("."),
                              "Fix what the message names, use price_source=live, or set %s to 0 to deploy "
                              "without the guard" % self.keys("budget"))
        return dict(monthly_total=None, error=error, budget=self.budget, over_budget=False, basis="inventory",
                    not_estimated=[], table=["Cost floor not estimated: %s" % error, table_price_line()])

    def advice(self, report):
        """Section H's trade-offs that lower the floor, each naming the inventory key that applies it, with its total
        and whether it fits the budget. Only what the inventory can apply: no off-hours scaling (no key schedules the
        ASG) and no Savings Plan (a purchase, and the floor is priced at On-Demand rates either way)."""
        t = report["tradeoffs"]
        ways = []

        def fits(value):
            return " (within budget)" if value <= self.budget else ""

        nat = t.get("nat_gateways")
        if nat and nat["current"] > 1:
            ways.append("a single NAT gateway (%s: true) %.2f USD/month%s"
                        % (self.keys("single_nat_gateway"), nat["single_nat_monthly"], fits(nat["single_nat_monthly"])))
        base = t.get("on_demand_base")
        if base:
            low, high = base["minus_one_monthly"]["min"], base["minus_one_monthly"]["max"]
            ways.append("On-Demand base %d instead of %d (%s, that instance on Spot) %.2f-%.2f USD/month%s"
                        % (base["minus_one"], base["current"], self.keys("on_demand_base_capacity"), low, high,
                           fits(high)))
        if not ways:
            return "No section H trade-off applies; remove resources from the inventory"
        return "Lower the floor: " + "; ".join(ways)


def estimate(params, region, api=None):
    """(facts as cost_floor_estimate_info returns them, without problems and api_calls; the Problems)."""
    check = CostFloorEstimate(params, api)
    return check.run(region), check.problems
