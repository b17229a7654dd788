# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""The cost floor's unit prices: the versioned price table (a .py file so that it ships inside the module payload)
and the PriceBook that reads it.

LIST PRICES, USD, as published on the AWS public pricing pages on PRICE_TABLE["date"]. They may be outdated:
the report always shows their age, and ``price_source: live`` asks the AWS Price List API instead.
Change a number only together with ``version`` and ``date``; docs/cost.md explains each key.

The 1-year no-upfront commitment rates (``ec2_commitment_hour``) are an ESTIMATE, not list prices looked up per type:
each is the type's On-Demand price times the typical discount in COMMITMENT_ESTIMATE. They price the Savings Plans /
Reserved Instances trade-off of the On-Demand base only; the floor itself stays at On-Demand list prices.

A PriceBook holds one region's prices, from this table or (cost_live_prices) from AWS, and says where they come from.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_common import CostError

# Prices that are the same in every region of the table (global services or uniform list prices).
_UNIFORM = {
    "public_ipv4_hour": 0.005,            # every public IPv4 address, in use or idle (since 2024-02-01)
    "alb_lcu_hour": 0.008,
    "cloudwatch_metric_month": 0.30,      # custom metrics, first 10,000 (Container Insights, detailed monitoring)
    "alarm_metric_month": 0.10,           # standard resolution, per metric in the alarm (metric math: each metric)
    "alarm_high_resolution_metric_month": 0.30,
    "kms_key_month": 1.00,                # customer managed key; rotated key versions add up to 2 USD more
    "route53_zone_month": 0.50,           # first 25 hosted zones
}

# On-Demand Linux, shared tenancy, per hour. us-west-2 has the same list prices as us-east-1.
_EC2_US = {
    "t3.medium": 0.0416, "t3.large": 0.0832, "t3.xlarge": 0.1664, "t3a.medium": 0.0376, "t3a.large": 0.0752,
    "t4g.large": 0.0672, "m5.large": 0.096, "m5.xlarge": 0.192, "m5a.large": 0.086, "m6i.large": 0.096,
    "m6i.xlarge": 0.192, "m6a.large": 0.0864, "m6a.xlarge": 0.1728, "m6g.large": 0.077, "m7i.large": 0.1008,
    "m7g.large": 0.0816, "c5.large": 0.085, "c6i.large": 0.085, "c6a.large": 0.0765, "c7g.large": 0.0725,
    "r5.large": 0.126, "r6i.large": 0.126,
}
_EBS_US = {"gp3": 0.08, "gp2": 0.10, "io1": 0.125, "io2": 0.125, "st1": 0.045, "sc1": 0.015, "standard": 0.05}


# 1-year, no upfront, Linux, shared tenancy: effective hourly rate as a fraction of On-Demand. An estimate of the
# typical discount of these general-purpose families (Compute Savings Plan about 29 % off, Standard Reserved Instance
# about 37.5 % off); replace a type's computed rate by the published one when it matters.
COMMITMENT_ESTIMATE = {
    "date": "2025-06-01",
    "source": (
        "ESTIMATE: On-Demand list price x the typical 1-year no-upfront discount of general-purpose types on "
        "aws.amazon.com/savingsplans/compute-pricing and aws.amazon.com/ec2/pricing/reserved-instances/pricing around "
        "2025-06-01, not looked up per type; check the published rate (or Cost Explorer's recommendation) before buying"
    ),
    "fraction_of_on_demand": {"compute_savings_plan_1y_no_upfront": 0.71, "reserved_instance_1y_no_upfront": 0.625},
}


def _commitment(ec2):
    """Per plan, per instance type: the estimated hourly rate (4 decimals, like the list prices)."""
    return dict((plan, dict((itype, round(hour * fraction, 4)) for itype, hour in ec2.items()))
                for plan, fraction in COMMITMENT_ESTIMATE["fraction_of_on_demand"].items())


def _region(ec2, ebs, **prices):
    entry = dict(_UNIFORM)
    entry.update(prices)
    entry["ec2_on_demand_hour"] = ec2
    entry["ec2_commitment_hour"] = _commitment(ec2)
    entry["ebs_gb_month"] = ebs
    return entry


PRICE_TABLE = {
    "version": "2025.06.1",
    "date": "2025-06-01",
    "currency": "USD",
    "source": (
        "AWS public pricing pages (aws.amazon.com/ec2/pricing/on-demand, /vpc/pricing, /elasticloadbalancing/pricing,"
        " /ebs/pricing, /cloudwatch/pricing, /kms/pricing, /route53/pricing), list prices as of 2025-06-01; "
        "they may be outdated, and they exclude taxes and free tiers; Savings Plans and Reserved Instances rates are "
        "an estimate (COMMITMENT_ESTIMATE) used only for the On-Demand base trade-off"
    ),
    "commitment_estimate": COMMITMENT_ESTIMATE,
    # Every assumption the floor makes; the module's options override the estimates.
    "assumptions": {
        "hours_per_month": 730,
        "alb_min_lcu": 1.0,
        "log_ingestion_gb_per_month": 0.5,
        "log_storage_never_expire_months": 12,
        "container_insights_metrics_per_cluster": 11,
        "container_insights_metrics_per_service": 13,
        "container_insights_metrics_per_task_family": 8,
        "container_insights_log_gb_per_month_per_service": 0.1,
        "detailed_monitoring_metrics_per_instance": 7,
        "spot_fraction_of_on_demand": {"min": 0.30, "max": 0.50},
        "default_root_volume_gb": 30,
    },
    "regions": {
        "us-east-1": _region(_EC2_US, _EBS_US, nat_gateway_hour=0.045, alb_hour=0.0225, interface_endpoint_hour=0.01,
                             logs_ingestion_gb=0.50, logs_storage_gb_month=0.03),
        "us-west-2": _region(_EC2_US, _EBS_US, nat_gateway_hour=0.045, alb_hour=0.0225, interface_endpoint_hour=0.01,
                             logs_ingestion_gb=0.50, logs_storage_gb_month=0.03),
        "eu-west-1": _region(
            {"t3.medium": 0.0456, "t3.large": 0.0912, "t3.xlarge": 0.1824, "t3a.medium": 0.0408, "t3a.large": 0.0816,
             "t4g.large": 0.0736, "m5.large": 0.107, "m5.xlarge": 0.214, "m5a.large": 0.096, "m6i.large": 0.107,
             "m6i.xlarge": 0.214, "m6a.large": 0.0963, "m6a.xlarge": 0.1926, "m6g.large": 0.086,
             "m7i.large": 0.1124, "c5.large": 0.096, "r5.large": 0.141, "r6i.large": 0.141},
            {"gp3": 0.088, "gp2": 0.11, "io1": 0.138, "io2": 0.138, "st1": 0.05, "sc1": 0.0168, "standard": 0.055},
            nat_gateway_hour=0.048, alb_hour=0.0252, interface_endpoint_hour=0.011,
            logs_ingestion_gb=0.57, logs_storage_gb_month=0.03),
        "eu-central-1": _region(
            {"t3.medium": 0.048, "t3.large": 0.096, "t3a.large": 0.0864, "t4g.large": 0.0768, "m5.large": 0.115,
             "m6i.large": 0.115, "m6a.large": 0.1035, "m6g.large": 0.092, "c5.large": 0.097, "r5.large": 0.152},
            {"gp3": 0.0952, "gp2": 0.119, "io1": 0.149, "io2": 0.149, "st1": 0.054, "sc1": 0.018},
            nat_gateway_hour=0.052, alb_hour=0.027, interface_endpoint_hour=0.012,
            logs_ingestion_gb=0.63, logs_storage_gb_month=0.0324),
    },
}


class PriceBook:
    """Unit prices of one region plus where they come from. `origins` maps a price key to 'table' or 'live'."""

    def __init__(self, region, prices, assumptions, meta, origins=None):
        self.region = region
        self.prices = prices
        self.assumptions = assumptions
        self.meta = meta
        self.origins = origins or {}

    @classmethod
    def from_table(cls, region, table=None):
        table = PRICE_TABLE if table is None else table
        if region not in table["regions"]:
            raise CostError("the price table %s has no prices for region %s (it has %s); use price_source=live"
                            % (table["version"], region, ", ".join(sorted(table["regions"]))))
        meta = dict(source=table["source"], version=table["version"], date=table["date"], kind="table")
        return cls(region, table["regions"][region], dict(table["assumptions"]), meta)

    def unit(self, key):
        if key not in self.prices:
            raise CostError("no price %s for region %s in %s" % (key, self.region, self.meta["version"]))
        return self.prices[key]

    def ec2(self, instance_type):
        table = self.prices.get("ec2_on_demand_hour", {})
        if instance_type not in table:
            raise CostError("no On-Demand price for instance type %s in region %s (price table %s); add it to the "
                            "table or use price_source=live" % (instance_type, self.region, self.meta["version"]))
        return table[instance_type]

    def spot(self, instance_type):
        """(min, max) hourly Spot price: live observations when present, else the table's fraction of On-Demand."""
        observed = self.prices.get("spot_hour", {}).get(instance_type)
        if observed:
            return observed["min"], observed["max"]
        fraction = self.assumptions["spot_fraction_of_on_demand"]
        on_demand = self.ec2(instance_type)
        return on_demand * fraction["min"], on_demand * fraction["max"]

    def commitment(self, plan, instance_type):
        """Estimated 1-year no-upfront hourly rate of `plan` for the type, or None when the table has none."""
        return self.prices.get("ec2_commitment_hour", {}).get(plan, {}).get(instance_type)

    def ebs(self, volume_type):
        table = self.prices.get("ebs_gb_month", {})
        if volume_type not in table:
            raise CostError("no EBS price for volume type %s in region %s" % (volume_type, self.region))
        return table[volume_type]

    def report(self, today=None):
        today = today or datetime.date.today()
        date = datetime.date(*[int(p) for p in self.meta["date"].split("-")])
        out = dict(self.meta, region=self.region, age_days=(today - date).days)
        if self.origins:
            out["live_items"] = sorted(k for k, v in self.origins.items() if v == "live")
        out["line"] = price_line(self.meta["version"], self.meta.get("table_date", self.meta["date"]), today,
                                 out.get("live_items"), self.meta["date"] if self.meta["kind"] == "live" else None)
        return out


def price_line(version, table_date, today=None, live_items=None, live_date=None):
    """The sentence every report carries: which price table (and its date and age), and what was priced live."""
    today = today or datetime.date.today()
    age = (today - datetime.date(*[int(p) for p in table_date.split("-")])).days
    line = "prices: table %s of %s (%d days old; list prices, may be outdated)" % (version, table_date, age)
    if live_date:
        line += "; live on %s: %s" % (live_date, ", ".join(live_items or []))
    return line


def table_price_line(today=None, table=None):
    """The price line when no price book could be built (the floor could not be estimated)."""
    table = PRICE_TABLE if table is None else table
    return price_line(table["version"], table["date"], today)
