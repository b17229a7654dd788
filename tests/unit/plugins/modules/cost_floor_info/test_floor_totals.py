"""The dev and prod floors, recomputed by hand from the inventories' values and the price table's unit prices."""

import datetime

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_floor import cost_floor
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import PriceBook
from cost_floor_testkit import REGION, H

ENDPOINTS = 6  # ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs (ecs_interface_endpoints default)


def expected_floor(p, a, instances, instance_type, azs, nats):
    metric = p["cloudwatch_metric_month"]
    log_gb = a["log_ingestion_gb_per_month"]
    return (
        instances * p["ec2_on_demand_hour"][instance_type] * H                 # On-Demand base = ASG min
        + instances * 30 * p["ebs_gb_month"]["gp3"]                            # ecs_root_volume_size 30, gp3
        + instances * a["detailed_monitoring_metrics_per_instance"] * metric   # launch template monitoring
        + nats * p["nat_gateway_hour"] * H
        + (nats + azs) * p["public_ipv4_hour"] * H                             # NAT EIPs + ALB node per AZ
        + p["alb_hour"] * H + a["alb_min_lcu"] * p["alb_lcu_hour"] * H
        + ENDPOINTS * azs * p["interface_endpoint_hour"] * H
        + 3 * log_gb * p["logs_ingestion_gb"]                                  # flow logs, web service, events
        + 3 * log_gb * (30 / 30.0) * p["logs_storage_gb_month"]                # all kept 30 days
        + (a["container_insights_metrics_per_cluster"] + a["container_insights_metrics_per_service"]
           + a["container_insights_metrics_per_task_family"]) * metric
        + a["container_insights_log_gb_per_month_per_service"] * p["logs_ingestion_gb"]
        + 6 * p["alarm_metric_month"]        # 5 alarms; tasks-below-desired is metric math over 2 metrics
        + p["kms_key_month"]                 # the SNS topic's key
    )


def test_dev_floor(plans, price, assume):
    report = cost_floor(plans("dev"), PriceBook.from_table(REGION))
    # dev: 1 On-Demand t3.large (first override), 2 AZs, a single NAT gateway; ASG min 2, so 1 Spot instance at
    # the highest table Spot price of its types (On-Demand x the max Spot fraction), with its volume and metrics.
    types = ("t3.large", "t3a.large", "m6i.large")
    spot = (max(price["ec2_on_demand_hour"][t] for t in types) * assume["spot_fraction_of_on_demand"]["max"] * H
            + 30 * price["ebs_gb_month"]["gp3"]
            + assume["detailed_monitoring_metrics_per_instance"] * price["cloudwatch_metric_month"])
    assert report["monthly_total"] == pytest.approx(expected_floor(price, assume, 1, "t3.large", 2, 1) + spot,
                                                    abs=0.005)
    assert report["on_demand_type"] == "t3.large"
    assert report["over_budget"] is False


def test_prod_floor(plans, price, assume):
    report = cost_floor(plans("prod"), PriceBook.from_table(REGION))
    # prod: 3 On-Demand m6i.large, 3 AZs, a NAT gateway per AZ.
    assert report["monthly_total"] == pytest.approx(expected_floor(price, assume, 3, "m6i.large", 3, 3), abs=0.005)
    assert report["on_demand_type"] == "m6i.large"


def test_components_are_listed_in_a_stable_order_and_add_up(plans):
    report = cost_floor(plans("prod"), PriceBook.from_table(REGION))
    names = [c["component"] for c in report["components"]]
    assert names[0] == "EC2 On-Demand baseline"
    assert "Route 53 hosted zones" not in names and "Route 53 hosted zones" in report["absent"]
    endpoints = [c["detail"] for c in report["components"] if c["component"] == "VPC interface endpoints"]
    assert [d.split(" ")[0] for d in endpoints] == ["ec2messages", "ecr.api", "ecr.dkr", "logs", "ssm", "ssmmessages"]
    assert sum(c["monthly"] for c in report["components"]) == pytest.approx(report["monthly_total"], abs=0.05)
    assert report == cost_floor(plans("prod"), PriceBook.from_table(REGION))


def test_lowest_price_on_demand_strategy_prices_the_cheapest_type(plans, price):
    docs = plans("dev")
    compute = next(p["plan"] for p in docs if p["layer"] == "compute")
    for res in compute["planned_values"]["root_module"]["child_modules"][0]["resources"]:
        if res["type"] == "aws_autoscaling_group":
            res["values"]["mixed_instances_policy"][0]["instances_distribution"][0][
                "on_demand_allocation_strategy"] = "lowest-price"
    report = cost_floor(docs, PriceBook.from_table(REGION))
    base = report["components"][0]
    assert report["on_demand_type"] == "t3a.large"  # cheapest of t3.large, t3a.large, m6i.large in eu-west-1
    assert base["unit_price"] == price["ec2_on_demand_hour"]["t3a.large"]


def test_prices_say_where_they_come_from_and_how_old(plans):
    report = cost_floor(plans("dev"), PriceBook.from_table(REGION), today=datetime.date(2025, 6, 11))
    assert report["prices"]["kind"] == "table"
    assert report["prices"]["age_days"] == 10
    assert "list prices as of" in report["prices"]["source"]


def test_region_missing_from_the_table_fails_clearly():
    from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_common import CostError
    with pytest.raises(CostError, match=r"no prices for region ap-east-1.*price_source=live"):
        PriceBook.from_table("ap-east-1")
