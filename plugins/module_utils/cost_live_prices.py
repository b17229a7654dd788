# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Live unit prices: the AWS Price List API (``pricing`` in us-east-1) and EC2 Spot price history.

Asked for the prices that dominate the floor and change most: On-Demand instances, Spot, NAT gateway, ALB hours and
LCU, interface endpoints, EBS volumes. The small items (logs, metrics, alarms, KMS, Route 53, public IPv4) keep the
table's price and the report lists which items are live. Any failure is fatal: no silent fallback to the table.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsCallError
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_common import CostError
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import PriceBook

PRICING_REGION = "us-east-1"  # the Price List API answers in us-east-1 (and ap-south-1) for every region

# (price key, service code, productFamily, usagetype suffix)
SIMPLE_ITEMS = (
    ("nat_gateway_hour", "AmazonEC2", "NAT Gateway", "NatGateway-Hours"),
    ("alb_hour", "AWSELB", "Load Balancer-Application", "LoadBalancerUsage"),
    ("alb_lcu_hour", "AWSELB", "Load Balancer-Application", "LCUUsage"),
    ("interface_endpoint_hour", "AmazonVPC", "VpcEndpoint", "VpcEndpoint-Hours"),
)


def _term(field, value):
    return {"Type": "TERM_MATCH", "Field": field, "Value": value}


def first_tier_usd(product):
    """USD price of the first On-Demand tier of one Price List product (a dict), or None."""
    for term in ((product.get("terms") or {}).get("OnDemand") or {}).values():
        for dim in (term.get("priceDimensions") or {}).values():
            if str(dim.get("beginRange", "0")) in ("0", "0.0"):
                usd = (dim.get("pricePerUnit") or {}).get("USD")
                if usd is not None:
                    return float(usd)
    return None


class LivePrices:
    """Builds a PriceBook from AWS APIs through AwsClients (retries, counted calls, one error type)."""

    def __init__(self, api, region):
        self.api = api
        self.region = region

    def _products(self, service, filters):
        try:
            response = self.api.call("pricing", "get_products", region=PRICING_REGION, ServiceCode=service,
                                     Filters=filters, FormatVersion="aws_v1", MaxResults=100)
        except AwsCallError as exc:
            raise CostError("live prices failed: %s. Use price_source=table, or allow pricing:GetProducts"
                            % exc.describe()) from exc
        return [json.loads(p) if isinstance(p, str) else p for p in response.get("PriceList") or []]

    def on_demand(self, instance_type):
        products = self._products("AmazonEC2", [
            _term("regionCode", self.region), _term("instanceType", instance_type), _term("operatingSystem", "Linux"),
            _term("tenancy", "Shared"), _term("preInstalledSw", "NA"), _term("capacitystatus", "Used"),
            _term("licenseModel", "No License required")])
        prices = [p for p in (first_tier_usd(prod) for prod in products) if p]
        if not prices:
            raise CostError("live prices: the Price List API has no On-Demand Linux price for %s in %s"
                            % (instance_type, self.region))
        return min(prices)

    def simple(self, key, service, family, suffix):
        products = self._products(service, [_term("regionCode", self.region), _term("productFamily", family)])
        for prod in products:
            usage = ((prod.get("product") or {}).get("attributes") or {}).get("usagetype", "")
            price = first_tier_usd(prod)
            if usage.endswith(suffix) and price:
                return price
        raise CostError("live prices: no %s price (%s %s *%s) in %s" % (key, service, family, suffix, self.region))

    def ebs(self, volume_type):
        products = self._products("AmazonEC2", [_term("regionCode", self.region), _term("productFamily", "Storage"),
                                                _term("volumeApiName", volume_type)])
        for prod in products:
            price = first_tier_usd(prod)
            if price:
                return price
        raise CostError("live prices: no EBS %s price in %s" % (volume_type, self.region))

    def spot(self, instance_types, now=None):
        now = now or datetime.datetime.now(datetime.timezone.utc)
        try:
            history = self.api.paginate("ec2", "describe_spot_price_history", "SpotPriceHistory", region=self.region,
                                        InstanceTypes=list(instance_types), ProductDescriptions=["Linux/UNIX"],
                                        StartTime=now - datetime.timedelta(hours=1), EndTime=now)
        except AwsCallError as exc:
            raise CostError("live prices failed: %s. Use price_source=table, or allow ec2:DescribeSpotPriceHistory"
                            % exc.describe()) from exc
        out = {}
        for entry in history:
            price = float(entry["SpotPrice"])
            seen = out.setdefault(entry["InstanceType"], {"min": price, "max": price})
            seen["min"], seen["max"] = min(seen["min"], price), max(seen["max"], price)
        return out

    def book(self, table_book, instance_types, volume_types, today=None):
        """A PriceBook whose main prices are live and the rest from `table_book` (each origin recorded)."""
        prices = dict(table_book.prices)
        origins = dict((key, "table") for key in prices)
        prices["ec2_on_demand_hour"] = dict((t, self.on_demand(t)) for t in sorted(set(instance_types)))
        prices["spot_hour"] = self.spot(sorted(set(instance_types))) if instance_types else {}
        origins.update(ec2_on_demand_hour="live", spot_hour="live")
        for key, service, family, suffix in SIMPLE_ITEMS:
            prices[key] = self.simple(key, service, family, suffix)
            origins[key] = "live"
        prices["ebs_gb_month"] = dict((v, self.ebs(v)) for v in sorted(set(volume_types)))
        origins["ebs_gb_month"] = "live"
        today = today or datetime.date.today()
        meta = dict(table_book.meta, kind="live", date=today.isoformat(),
                    source="AWS Price List API (pricing:GetProducts) and EC2 Spot price history (last hour) on %s; "
                           "other items from price table %s of %s" % (today.isoformat(), table_book.meta["version"],
                                                                      table_book.meta["date"]),
                    table_date=table_book.meta["date"])
        return PriceBook(self.region, prices, table_book.assumptions, meta, origins)
