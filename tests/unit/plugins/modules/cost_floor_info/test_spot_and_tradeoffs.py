"""Spot burst range, On-Demand base N vs N-1, and off-hours scheduled scaling."""

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_floor import Options, PriceBook, cost_floor
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


def test_offhours_scaling_saves_the_instances_it_stops(plans, price, assume):
    prices = PriceBook.from_table(REGION)
    options = Options(prices.assumptions, {"offhours_instances": 1, "offhours_on_hours_per_week": 84})
    report = cost_floor(plans("prod"), prices, options)
    per_instance = (price["ec2_on_demand_hour"]["m6i.large"] * H + 30 * price["ebs_gb_month"]["gp3"]
                    + assume["detailed_monitoring_metrics_per_instance"] * price["cloudwatch_metric_month"])
    off = report["tradeoffs"]["offhours_scaling"]
    assert off["off_fraction"] == 0.5
    assert off["saving"] == pytest.approx((3 - 1) * per_instance * 0.5, abs=0.01)
    assert off["monthly"] == pytest.approx(report["monthly_total"] - off["saving"], abs=0.01)
    assert "84 h/week" in off["schedule"]
