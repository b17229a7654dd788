"""Spot burst range, On-Demand base N vs N-1, and no off-hours scaling trade-off."""

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_floor import cost_floor
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import PriceBook
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_render import markdown, table_lines
from cost_floor_testkit import REGION, H


def test_spot_burst_range_spans_the_override_types(plans, price, assume):
    report = cost_floor(plans("prod"), PriceBook.from_table(REGION))
    od = price["ec2_on_demand_hour"]
    frac = assume["spot_fraction_of_on_demand"]
    burst = 12 - 3  # ecs_asg_max_size - ecs_on_demand_base_capacity (= min size)
    spot = report["spot_burst_range"]
    assert spot["instances"] == burst
    assert spot["min"] == pytest.approx(burst * min(od[t] for t in ("m6i.large", "m6a.large", "m5.large"))
                                        * frac["min"] * H, abs=0.01)
    assert spot["max"] == pytest.approx(burst * max(od[t] for t in ("m6i.large", "m6a.large", "m5.large"))
                                        * frac["max"] * H, abs=0.01)


def test_on_demand_base_minus_one_runs_that_instance_on_spot(plans, price, assume):
    report = cost_floor(plans("dev"), PriceBook.from_table(REGION))
    od = price["ec2_on_demand_hour"]
    frac = assume["spot_fraction_of_on_demand"]
    base = report["tradeoffs"]["on_demand_base"]
    assert (base["current"], base["minus_one"]) == (1, 0)
    without = report["monthly_total"] - od["t3.large"] * H
    assert base["minus_one_monthly"]["min"] == pytest.approx(without + od["t3a.large"] * frac["min"] * H, abs=0.01)
    assert base["minus_one_monthly"]["max"] == pytest.approx(without + od["m6i.large"] * frac["max"] * H, abs=0.01)


def test_no_offhours_tradeoff_since_no_inventory_key_schedules_the_asg(plans):
    # The ASG's min size is the On-Demand base and nothing schedules it: a saving the inventory cannot apply is not
    # reported (docs/cost.md, "Why no off-hours scaling").
    report = cost_floor(plans("prod"), PriceBook.from_table(REGION))
    assert "offhours_scaling" not in report["tradeoffs"]
    assert "off-hours" not in "\n".join(table_lines(report)) + markdown(report)
    assert "offhours_instances" not in report["assumptions"]
