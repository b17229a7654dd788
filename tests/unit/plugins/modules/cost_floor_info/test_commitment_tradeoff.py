"""Section H: "Savings Plans can optimize long-term baseline cost" - the On-Demand base at the estimated 1-year
no-upfront Compute Savings Plan and Reserved Instance rates of the price table (an estimate, dated, per type and
region), as a trade-off that is never offered as a way to pass the budget guard."""

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_floor import cost_floor
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import PriceBook
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_render import markdown, table_lines
from cost_floor_testkit import PRICE_TABLE, REGION, H, unwrapped

PLANS = ("compute_savings_plan_1y_no_upfront", "reserved_instance_1y_no_upfront")


def test_every_region_prices_every_instance_type_for_both_plans_below_on_demand():
    fractions = PRICE_TABLE["commitment_estimate"]["fraction_of_on_demand"]
    assert sorted(fractions) == sorted(PLANS)
    for region, prices in PRICE_TABLE["regions"].items():
        for plan in PLANS:
            rates = prices["ec2_commitment_hour"][plan]
            assert sorted(rates) == sorted(prices["ec2_on_demand_hour"]), (region, plan)
            for itype, on_demand in prices["ec2_on_demand_hour"].items():
                assert rates[itype] == pytest.approx(on_demand * fractions[plan], abs=0.0000501)  # 4 decimals
                assert 0 < rates[itype] < on_demand


def test_the_rates_say_they_are_an_estimate_with_source_and_date():
    estimate = PRICE_TABLE["commitment_estimate"]
    assert estimate["date"] == PRICE_TABLE["date"]
    assert estimate["source"].startswith("ESTIMATE") and "savingsplans" in estimate["source"]


@pytest.mark.parametrize("env,od_type,count", [("dev", "t3.large", 1), ("prod", "m6i.large", 3)])
def test_on_demand_base_at_commitment_rates(plans, price, env, od_type, count):
    report = cost_floor(plans(env), PriceBook.from_table(REGION))
    c = report["tradeoffs"]["on_demand_commitment"]
    assert (c["instances"], c["instance_type"], c["estimate"]) == (count, od_type, True)
    on_demand_month = count * price["ec2_on_demand_hour"][od_type] * H
    assert c["on_demand_monthly"] == pytest.approx(on_demand_month, abs=0.01)
    for plan in PLANS:
        rate = price["ec2_commitment_hour"][plan][od_type]
        got = c["plans"][plan]
        assert got["hourly"] == rate
        assert got["saving"] == pytest.approx(on_demand_month - count * rate * H, abs=0.01)
        assert got["monthly"] == pytest.approx(report["monthly_total"] - got["saving"], abs=0.011)
    rendered = [line for line in unwrapped(table_lines(report))
                if line.startswith("Trade-off On-Demand base commitment")]
    assert len(rendered) == 1
    line = rendered[0]
    assert "%d x %s" % (count, od_type) in line and "estimated rates of %s" % c["rates_date"] in line
    for plan in PLANS:
        assert "%.4f/h -> %.2f (saves %.2f)" % (c["plans"][plan]["hourly"], c["plans"][plan]["monthly"],
                                                c["plans"][plan]["saving"]) in line
    assert "- " + line in markdown(report)


def test_no_commitment_tradeoff_without_an_on_demand_instance(plans):
    docs = plans("dev")
    compute = next(p["plan"] for p in docs if p["layer"] == "compute")
    for res in compute["planned_values"]["root_module"]["child_modules"][0]["resources"]:
        if res["type"] == "aws_autoscaling_group":
            dist = res["values"]["mixed_instances_policy"][0]["instances_distribution"][0]
            dist["on_demand_base_capacity"] = 0
            dist["on_demand_percentage_above_base_capacity"] = 0
    report = cost_floor(docs, PriceBook.from_table(REGION))
    assert "on_demand_commitment" not in report["tradeoffs"]
