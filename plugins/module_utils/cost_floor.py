# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""The monthly cost floor: what a deployment costs with zero traffic, from its plans' (or states') JSON.

cost_floor() is the entry point: it reads the resources (cost_plan), prices each component (cost_fleet, cost_network,
cost_observability) with a price book (cost_prices), adds the trade-offs (cost_tradeoffs) and returns the report that
cost_render renders. Pure functions on dicts and a price book, so unit tests need neither Terraform nor AWS.
docs/cost.md lists every assumption.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_common import money
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_fleet import FleetCosts, spot_burst
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_network import NetworkCosts
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_observability import ObservabilityCosts
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_plan import collect
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_tradeoffs import tradeoffs

# Order of the components in the report (then by detail).
COMPONENT_ORDER = [
    "EC2 On-Demand baseline", "EC2 Spot at minimum size", "EBS volumes", "EC2 detailed monitoring", "NAT gateways",
    "Public IPv4 addresses", "Application Load Balancer", "ALB capacity units", "VPC interface endpoints",
    "CloudWatch Logs ingestion", "CloudWatch Logs storage", "Container Insights", "CloudWatch alarms", "KMS keys",
    "Route 53 hosted zones",
]
# Resource kinds the floor looks for, reported as absent when a deployment has none.
KINDS = {
    "aws_autoscaling_group": "Auto Scaling groups", "aws_nat_gateway": "NAT gateways", "aws_lb": "load balancers",
    "aws_vpc_endpoint": "VPC endpoints", "aws_cloudwatch_log_group": "log groups", "aws_ecs_cluster": "ECS clusters",
    "aws_cloudwatch_metric_alarm": "alarms", "aws_kms_key": "KMS keys", "aws_route53_zone": "Route 53 hosted zones",
    "aws_eip": "Elastic IPs",
}


class Options:
    """Estimates a user can change (defaults from the price table's assumptions)."""

    KEYS = ("hours_per_month", "alb_min_lcu", "log_ingestion_gb_per_month", "log_storage_never_expire_months",
            "container_insights_metrics_per_cluster", "container_insights_metrics_per_service",
            "container_insights_metrics_per_task_family", "container_insights_log_gb_per_month_per_service",
            "detailed_monitoring_metrics_per_instance", "default_root_volume_gb")

    def __init__(self, assumptions, overrides=None, az_count=None):
        values = dict((k, assumptions[k]) for k in self.KEYS)
        for key, value in (overrides or {}).items():
            if value is not None:
                values[key] = value
        self.__dict__.update(values)
        self.az_count = az_count

    def as_dict(self):
        return dict((k, getattr(self, k)) for k in self.KEYS)


class Floor(FleetCosts, NetworkCosts, ObservabilityCosts):
    """The priced items of one deployment; each component's items come from the class it is mixed from."""

    def __init__(self, resources, prices, options):
        self.resources = resources
        self.prices = prices
        self.opt = options
        self.hours = float(options.hours_per_month)
        self.items = []
        self.fleet = None

    def of(self, rtype):
        return [r for r in self.resources if r.type == rtype]

    def add(self, component, detail, quantity, unit, unit_price, addresses=()):
        self.items.append(dict(component=component, detail=detail, quantity=quantity, unit=unit,
                               unit_price=unit_price, monthly=quantity * unit_price, addresses=sorted(addresses)))

    def az_count(self):
        """AZs of the deployment: the option, else distinct AZs of the planned subnets, else the widest ASG."""
        if self.opt.az_count:
            return self.opt.az_count
        azs = set(r.values.get("availability_zone") for r in self.of("aws_subnet"))
        azs.discard(None)
        if azs:
            return len(azs)
        counts = [r.known_count("vpc_zone_identifier") or 0 for r in self.of("aws_autoscaling_group")]
        return max(counts + [0]) or None

    def run(self):
        self.compute()
        self.network()
        self.observability()
        order = dict((name, i) for i, name in enumerate(COMPONENT_ORDER))
        self.items.sort(key=lambda i: (order.get(i["component"], len(order)), i["detail"]))
        return self.items


def cost_floor(plans, prices, options=None, budget=None, today=None):
    """The whole report as a dict (money rounded to cents, computed from unrounded numbers)."""
    options = options or Options(prices.assumptions)
    resources = collect(plans)
    floor = Floor(resources, prices, options)
    items = floor.run()
    total = sum(i["monthly"] for i in items)
    components = [dict(i, monthly=money(i["monthly"]), quantity=round(i["quantity"], 4)) for i in items]
    present = set(r.type for r in resources)
    if "aws_route53_record" in present:  # the zone of a record is priced (cost_observability)
        present.add("aws_route53_zone")
    report = dict(
        monthly_total=money(total),
        currency="USD",
        region=prices.region,
        components=components,
        spot_burst_range=spot_burst(floor),
        tradeoffs=tradeoffs(floor, total),
        prices=prices.report(today),
        assumptions=options.as_dict(),
        absent=sorted(label for rtype, label in KINDS.items() if rtype not in present),
        layers=[p.get("layer") for p in plans],
        on_demand_type=(floor.fleet or {}).get("on_demand_type"),
        budget=budget or 0,
        over_budget=bool(budget) and total > budget,
    )
    return report
