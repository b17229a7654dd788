# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""The monthly cost floor: what a deployment costs with zero traffic, from its plans' (or states') JSON.

Pure functions on dicts and a price book, so unit tests need neither Terraform nor AWS. Resources are recognised by
type, never by address, so any layer layout works. docs/cost.md lists every assumption.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
import math

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import PRICE_TABLE

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


class CostError(Exception):
    """The floor cannot be computed (a price is missing, a plan is unreadable, a live price call failed)."""


# ---- prices ------------------------------------------------------------------------------------------------------

class PriceBook:
    """Unit prices of one region plus where they come from. `origins` maps a price key to 'table' or 'live'."""

    def __init__(self, region, prices, assumptions, meta, origins=None):
        self.region = region
        self.prices = prices
        self.assumptions = assumptions
        self.meta = meta
        self.origins = origins or {}

    @classmethod
    def from_table(cls, region, table=PRICE_TABLE):
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


def table_price_line(today=None, table=PRICE_TABLE):
    """The price line when no price book could be built (the floor could not be estimated)."""
    return price_line(table["version"], table["date"], today)


# ---- reading plans -----------------------------------------------------------------------------------------------

class Resource:
    def __init__(self, layer, address, rtype, values, unknown):
        self.layer = layer
        self.address = address
        self.type = rtype
        self.values = values or {}
        self.unknown = unknown if isinstance(unknown, dict) else {}

    @property
    def module(self):
        """Module path of the address (what precedes the resource type), to pair resources of one module."""
        head = self.address.rsplit(self.type + ".", 1)[0]
        return head.rstrip(".")

    def first(self, key):
        """First element of a nested block (blocks are lists in plan JSON)."""
        value = self.values.get(key)
        if isinstance(value, list):
            return value[0] if value else {}
        return value or {}

    def known_count(self, key):
        """Number of elements of a list attribute, or None when Terraform does not know it yet."""
        value = self.values.get(key)
        if isinstance(value, list) and value:
            return len(value)
        unknown = self.unknown.get(key)
        if isinstance(unknown, list):
            return len(unknown)
        return None


def _walk(module, out):
    for res in module.get("resources") or []:
        if res.get("mode", "managed") == "managed":
            out.append(res)
    for child in module.get("child_modules") or []:
        _walk(child, out)


def resources_of(plan, layer):
    """Managed resources of a plan (planned_values, with after_unknown from resource_changes) or a state (values)."""
    if not isinstance(plan, dict):
        raise CostError("layer %s: the plan is not a JSON object" % layer)
    root = (plan.get("planned_values") or plan.get("values") or {}).get("root_module")
    if root is None:
        return []
    unknown = {}
    for rc in plan.get("resource_changes") or []:
        unknown[rc.get("address")] = (rc.get("change") or {}).get("after_unknown")
    found = []
    _walk(root, found)
    return [Resource(layer, r["address"], r["type"], r.get("values"), unknown.get(r["address"])) for r in found]


def state_values(state):
    """A state object as stored in S3 (format 4) in the shape of ``terraform show -json`` of that state, so a layer's
    state is priced without starting Terraform and its provider: every module's managed resources in the root module,
    the address naming the module. Deposed instances (a replacement half done) are left out, as the show does."""
    if not isinstance(state, dict):
        raise CostError("the state is not a JSON object")
    found = []
    for res in state.get("resources") or []:
        if res.get("mode") != "managed":
            continue
        prefix = res["module"] + "." if res.get("module") else ""
        for instance in res.get("instances") or []:
            if instance.get("deposed"):
                continue
            key = instance.get("index_key")
            index = "" if key is None else "[%s]" % json.dumps(key)
            found.append({"address": "%s%s.%s%s" % (prefix, res["type"], res["name"], index), "mode": "managed",
                          "type": res["type"], "name": res["name"], "values": instance.get("attributes") or {}})
    return {"values": {"root_module": {"resources": found}}}


def collect(plans):
    """plans: list of {layer, plan}. Returns every managed resource, in layer then address order."""
    out = []
    for entry in plans:
        out.extend(sorted(resources_of(entry["plan"], entry.get("layer") or "?"), key=lambda r: r.address))
    return out


def instance_and_volume_types(plans):
    """Instance types and EBS volume types the plans use (what live pricing must ask for)."""
    instance_types, volume_types = set(), set()
    for res in collect(plans):
        if res.type == "aws_autoscaling_group":
            mixed = res.first("mixed_instances_policy")
            for override in ((mixed.get("launch_template") or [{}])[0].get("override") or []) if mixed else []:
                if override.get("instance_type"):
                    instance_types.add(override["instance_type"])
        elif res.type == "aws_launch_template":
            if res.values.get("instance_type"):
                instance_types.add(res.values["instance_type"])
            for mapping in res.values.get("block_device_mappings") or []:
                ebs = (mapping.get("ebs") or [{}])[0]
                if ebs:
                    volume_types.add(ebs.get("volume_type") or "gp2")
    return sorted(instance_types), sorted(volume_types)


# ---- the floor ---------------------------------------------------------------------------------------------------

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


class Floor:
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

    # -- compute --
    def _launch_template_for(self, asg):
        templates = self.of("aws_launch_template")
        spec = {}
        mixed = asg.first("mixed_instances_policy")
        if mixed:
            spec = (mixed.get("launch_template") or [{}])[0].get("launch_template_specification") or [{}]
            spec = spec[0] if spec else {}
        elif asg.first("launch_template"):
            spec = asg.first("launch_template")
        for lt in templates:
            if spec.get("launch_template_id") and lt.values.get("id") == spec["launch_template_id"]:
                return lt
            if spec.get("launch_template_name") and lt.values.get("name") == spec["launch_template_name"]:
                return lt
        same_module = [lt for lt in templates if lt.module == asg.module]
        if len(same_module) == 1:
            return same_module[0]
        return templates[0] if len(templates) == 1 else None

    def compute(self):
        for asg in self.of("aws_autoscaling_group"):
            lt = self._launch_template_for(asg)
            v = asg.values
            min_size, max_size = int(v.get("min_size") or 0), int(v.get("max_size") or 0)
            mixed = asg.first("mixed_instances_policy")
            if mixed:
                dist = (mixed.get("instances_distribution") or [{}])[0]
                overrides = ((mixed.get("launch_template") or [{}])[0].get("override") or [])
                types = [o["instance_type"] for o in overrides if o.get("instance_type")]
                base = int(dist.get("on_demand_base_capacity") or 0)
                pct = int(dist.get("on_demand_percentage_above_base_capacity", 100))
                od_strategy = dist.get("on_demand_allocation_strategy") or "prioritized"
            else:
                types, base, pct, od_strategy = [], min_size, 100, "prioritized"
            if not types and lt is not None and lt.values.get("instance_type"):
                types = [lt.values["instance_type"]]
            if not types:
                raise CostError("%s: no instance type in its launch template or overrides" % asg.address)
            self._fleet(asg, lt, types, min_size, max_size, base, pct, od_strategy)

    def _fleet(self, asg, lt, types, min_size, max_size, base, pct, od_strategy):
        # ASG fills the On-Demand base first; above it, pct % On-Demand (rounded up, as AWS favours On-Demand).
        od_base = min(base, min_size)
        above = min_size - od_base
        od_above = math.ceil(above * pct / 100.0)
        spot_floor = above - od_above
        if od_strategy == "lowest-price":
            od_type = min(types, key=self.prices.ec2)
            why = "cheapest override: On-Demand allocation strategy lowest-price"
        else:
            od_type = types[0]
            why = "first override: On-Demand allocation strategy prioritized launches it first"
        od_count = od_base + od_above
        od_hour = self.prices.ec2(od_type)
        spot = dict((t, self.prices.spot(t)) for t in types)
        spot_min = min(s[0] for s in spot.values())
        spot_max = max(s[1] for s in spot.values())
        if od_count:
            self.add("EC2 On-Demand baseline", "%d x %s (%s)" % (od_count, od_type, why), od_count * self.hours,
                     "instance-hours", od_hour, [asg.address])
        if spot_floor:
            self.add("EC2 Spot at minimum size", "%d x Spot at the highest Spot price of %s (conservative)"
                     % (spot_floor, ", ".join(types)), spot_floor * self.hours, "instance-hours", spot_max,
                     [asg.address])
        floor_instances = od_count + spot_floor
        ebs_month = self._volumes(lt, floor_instances, asg)
        monitoring_month = self._monitoring(lt, floor_instances)
        burst = max(max_size - min_size, 0)
        burst_spot = burst - math.ceil(burst * pct / 100.0) if pct < 100 else 0
        self.fleet = dict(
            asg=asg.address, instance_types=types, on_demand_type=od_type, on_demand_type_reason=why,
            min_size=min_size, max_size=max_size, on_demand_base=base, on_demand_count=od_count,
            spot_at_min=spot_floor, on_demand_hour=od_hour, spot_hour={"min": spot_min, "max": spot_max},
            per_instance_extra_month=(ebs_month + monitoring_month) / floor_instances if floor_instances else 0.0,
            burst_instances=burst_spot,
        )

    def _volumes(self, lt, count, asg):
        if lt is None or not count:
            return 0.0
        total = 0.0
        for mapping in lt.values.get("block_device_mappings") or []:
            ebs = (mapping.get("ebs") or [{}])[0]
            if not ebs:
                continue
            size = ebs.get("volume_size") or self.opt.default_root_volume_gb
            vtype = ebs.get("volume_type") or "gp2"
            gb = float(size) * count
            self.add("EBS volumes", "%d x %s GiB %s (%s)" % (count, size, vtype, mapping.get("device_name", "?")),
                     gb, "GB-month", self.prices.ebs(vtype), [lt.address, asg.address])
            total += gb * self.prices.ebs(vtype)
        return total

    def _monitoring(self, lt, count):
        if lt is None or not count or not (lt.first("monitoring") or {}).get("enabled"):
            return 0.0
        metrics = count * self.opt.detailed_monitoring_metrics_per_instance
        price = self.prices.unit("cloudwatch_metric_month")
        self.add("EC2 detailed monitoring", "%d instance(s) x %d metrics (launch template monitoring enabled)"
                 % (count, self.opt.detailed_monitoring_metrics_per_instance), metrics, "metric-months", price,
                 [lt.address])
        return metrics * price

    # -- network --
    def network(self):
        nats = self.of("aws_nat_gateway")
        if nats:
            self.add("NAT gateways", "%d NAT gateway(s), hourly charge (data processing is traffic)" % len(nats),
                     len(nats) * self.hours, "gateway-hours", self.prices.unit("nat_gateway_hour"),
                     [r.address for r in nats])
        eips = self.of("aws_eip")
        if eips:
            self.add("Public IPv4 addresses", "%d Elastic IP(s)" % len(eips), len(eips) * self.hours, "address-hours",
                     self.prices.unit("public_ipv4_hour"), [r.address for r in eips])
        for lb in self.of("aws_lb"):
            if (lb.values.get("load_balancer_type") or "application") != "application":
                continue
            self.add("Application Load Balancer", lb.values.get("name") or lb.address, self.hours, "LB-hours",
                     self.prices.unit("alb_hour"), [lb.address])
            self.add("ALB capacity units", "minimum %s LCU assumed at zero traffic" % self.opt.alb_min_lcu,
                     self.opt.alb_min_lcu * self.hours, "LCU-hours", self.prices.unit("alb_lcu_hour"), [lb.address])
            if not lb.values.get("internal"):
                nodes = lb.known_count("subnets") or lb.known_count("subnet_mapping") or self.az_count() or 0
                if nodes:
                    self.add("Public IPv4 addresses", "%d ALB node address(es), one per subnet" % nodes,
                             nodes * self.hours, "address-hours", self.prices.unit("public_ipv4_hour"), [lb.address])
        endpoints = [r for r in self.of("aws_vpc_endpoint") if r.values.get("vpc_endpoint_type") == "Interface"]
        for ep in endpoints:
            azs = ep.known_count("subnet_ids")
            guess = ""
            if azs is None:
                azs = self.az_count() or 1
                guess = " (subnets unknown at plan: one per AZ)"
            service = ep.values.get("service_name") or ep.address
            if service.startswith("com.amazonaws."):
                service = service.split(".", 3)[-1]
            self.add("VPC interface endpoints", "%s x %d AZ%s" % (service, azs, guess), azs * self.hours,
                     "endpoint-AZ-hours", self.prices.unit("interface_endpoint_hour"), [ep.address])

    # -- observability --
    def observability(self):
        groups = self.of("aws_cloudwatch_log_group")
        if groups:
            gb = self.opt.log_ingestion_gb_per_month
            self.add("CloudWatch Logs ingestion", "%d log group(s) x %s GB/month (estimate)" % (len(groups), gb),
                     len(groups) * gb, "GB", self.prices.unit("logs_ingestion_gb"), [g.address for g in groups])
            for g in groups:
                days = g.values.get("retention_in_days") or 0
                months = days / 30.0 if days else float(self.opt.log_storage_never_expire_months)
                self.add("CloudWatch Logs storage", "%s: %s GB/month kept %s" % (
                    g.values.get("name") or g.address, gb, ("%d days" % days) if days else "forever (12 months)"),
                    gb * months, "GB-month", self.prices.unit("logs_storage_gb_month"), [g.address])
        self._container_insights()
        alarms = self.of("aws_cloudwatch_metric_alarm")
        standard, high = [], []
        for alarm in alarms:
            queries = alarm.values.get("metric_query") or []
            metrics = [q for q in queries if q.get("metric")]
            periods = [(q["metric"][0] or {}).get("period") for q in metrics] or [alarm.values.get("period")]
            target = high if any(p and p < 60 for p in periods) else standard
            target.append((alarm, max(len(metrics), 1)))
        for label, found, key in (("standard resolution", standard, "alarm_metric_month"),
                                  ("high resolution", high, "alarm_high_resolution_metric_month")):
            if found:
                metrics = sum(n for _a, n in found)
                math_alarms = sum(1 for _a, n in found if n > 1)
                self.add("CloudWatch alarms", "%d %s alarm(s), %d metric(s)%s" % (
                    len(found), label, metrics, (" (%d metric-math alarm(s) priced per metric)" % math_alarms)
                    if math_alarms else ""), metrics, "alarm-metric-months", self.prices.unit(key),
                    [a.address for a, _n in found])
        keys = self.of("aws_kms_key")
        if keys:
            self.add("KMS keys", "%d customer managed key(s)" % len(keys), len(keys), "key-months",
                     self.prices.unit("kms_key_month"), [k.address for k in keys])
        zones = self.of("aws_route53_zone")
        if zones:
            self.add("Route 53 hosted zones", "%d hosted zone(s)" % len(zones), len(zones), "zone-months",
                     self.prices.unit("route53_zone_month"), [z.address for z in zones])
        self._record_zones(zones)

    def _record_zones(self, zones):
        """A zone that exists outside the plans but holds their records (the ALB's alias) is part of the floor too.
        A record in a zone the plans create has an unknown zone_id at plan time, or that zone's ID in a state."""
        created = set(z.values.get("zone_id") or z.values.get("id") for z in zones)
        held = {}
        for record in self.of("aws_route53_record"):
            zone_id = record.values.get("zone_id")
            if zone_id and zone_id not in created:
                held.setdefault(zone_id, []).append(record.address)
        if held:
            self.add("Route 53 hosted zones", "%d existing zone(s) with the records: %s" % (
                len(held), ", ".join(sorted(held))), len(held), "zone-months",
                     self.prices.unit("route53_zone_month"), [a for addresses in held.values() for a in addresses])

    def _container_insights(self):
        clusters = []
        for cluster in self.of("aws_ecs_cluster"):
            settings = cluster.values.get("setting") or []
            mode = next((s.get("value") for s in settings if s.get("name") == "containerInsights"), "disabled")
            if mode in ("enabled", "enhanced"):
                clusters.append((cluster, mode))
        if not clusters:
            return
        all_clusters = self.of("aws_ecs_cluster")
        services = []
        names = [c.values.get("name") for c, _mode in clusters if c.values.get("name")]
        for svc in self.of("aws_ecs_service"):
            # A service names its cluster by ARN or name; with a single cluster in the plans it can only be that one.
            ref = svc.values.get("cluster") or ""
            if len(all_clusters) == 1 or any(ref == n or ref.endswith("/" + n) for n in names):
                services.append(svc)
        families = set(t.values.get("family") for t in self.of("aws_ecs_task_definition"))
        families.discard(None)
        metrics = (len(clusters) * self.opt.container_insights_metrics_per_cluster
                   + len(services) * self.opt.container_insights_metrics_per_service
                   + len(families) * self.opt.container_insights_metrics_per_task_family)
        enhanced = any(m == "enhanced" for _c, m in clusters)
        self.add("Container Insights", "%d cluster(s), %d service(s), %d task famil(ies): metrics (estimate%s)" % (
            len(clusters), len(services), len(families), "; enhanced adds task/container metrics" if enhanced else ""),
            metrics, "metric-months", self.prices.unit("cloudwatch_metric_month"),
            [c.address for c, _m in clusters] + [s.address for s in services])
        if services:
            gb = len(services) * self.opt.container_insights_log_gb_per_month_per_service
            self.add("Container Insights", "performance log events, %s GB/month per service (estimate)"
                     % self.opt.container_insights_log_gb_per_month_per_service, gb, "GB",
                     self.prices.unit("logs_ingestion_gb"), [s.address for s in services])

    # -- result --
    def run(self):
        self.compute()
        self.network()
        self.observability()
        order = dict((name, i) for i, name in enumerate(COMPONENT_ORDER))
        self.items.sort(key=lambda i: (order.get(i["component"], len(order)), i["detail"]))
        return self.items


def _money(value):
    return round(value + 0.0, 2)


def tradeoffs(floor, total):
    """Section H's trade-offs as monthly totals."""
    hours = floor.hours
    out = {}
    nats = len(floor.of("aws_nat_gateway"))
    azs = floor.az_count()
    if nats and azs:
        unit = (floor.prices.unit("nat_gateway_hour") + floor.prices.unit("public_ipv4_hour")) * hours
        out["nat_gateways"] = dict(
            current=nats, azs=azs, per_nat_monthly=_money(unit),
            single_nat_monthly=_money(total - (nats - 1) * unit),
            nat_per_az_monthly=_money(total + (azs - nats) * unit),
            note="each NAT gateway brings its Elastic IP; one NAT means losing its AZ cuts every AZ's egress",
        )
    fleet = floor.fleet
    if fleet and fleet["on_demand_base"] >= 1:
        od_month = fleet["on_demand_hour"] * hours
        n = fleet["on_demand_base"]
        out["on_demand_base"] = dict(
            current=n, current_monthly=_money(total), minus_one=n - 1,
            minus_one_monthly={"min": _money(total - od_month + fleet["spot_hour"]["min"] * hours),
                               "max": _money(total - od_month + fleet["spot_hour"]["max"] * hours)},
            note="ASG min size unchanged: one baseline instance runs on Spot instead (interruption risk)",
        )
    commitment = _commitment_tradeoff(floor, total)
    if commitment:
        out["on_demand_commitment"] = commitment
    return out


# Plans priced for the On-Demand base, in report order, with their label.
COMMITMENT_PLANS = (("compute_savings_plan_1y_no_upfront", "Compute Savings Plan"),
                    ("reserved_instance_1y_no_upfront", "Reserved Instance"))


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
        plans[plan] = dict(label=label, hourly=rate, monthly=_money(total - on_demand_month + month),
                           saving=_money(on_demand_month - month))
    if not plans:
        return None
    estimate = PRICE_TABLE["commitment_estimate"]
    return dict(
        instances=count, instance_type=itype, on_demand_monthly=_money(on_demand_month), plans=plans,
        estimate=True, rates_date=estimate["date"], rates_source=estimate["source"],
        note="a 1-year commitment bought in AWS Billing, not an inventory setting (the floor and the budget guard "
             "stay at On-Demand prices); billed every hour of the year whether the base runs or not; a Compute "
             "Savings Plan follows changes of ecs_instance_types and region, a Reserved Instance does not",
    )


def spot_burst(floor):
    fleet = floor.fleet
    if not fleet:
        return {"instances": 0, "min": 0.0, "max": 0.0, "hourly": {"min": 0.0, "max": 0.0}}
    n = fleet["burst_instances"]
    return {"instances": n, "instance_types": fleet["instance_types"],
            "hourly": {"min": round(n * fleet["spot_hour"]["min"], 4), "max": round(n * fleet["spot_hour"]["max"], 4)},
            "min": _money(n * fleet["spot_hour"]["min"] * floor.hours),
            "max": _money(n * fleet["spot_hour"]["max"] * floor.hours),
            "note": "extra per month if the ASG ran at max size all month on Spot; 0 with zero traffic"}


def cost_floor(plans, prices, options=None, budget=None, today=None):
    """The whole report as a dict (money rounded to cents, computed from unrounded numbers)."""
    options = options or Options(prices.assumptions)
    resources = collect(plans)
    floor = Floor(resources, prices, options)
    items = floor.run()
    total = sum(i["monthly"] for i in items)
    components = [dict(i, monthly=_money(i["monthly"]), quantity=round(i["quantity"], 4)) for i in items]
    present = set(r.type for r in resources)
    if "aws_route53_record" in present:  # the zone of a record is priced (Floor._record_zones)
        present.add("aws_route53_zone")
    report = dict(
        monthly_total=_money(total),
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


# ---- rendering ---------------------------------------------------------------------------------------------------

def table_lines(report):
    """Fixed-width table for the play's output."""
    rows = ["%-26s %-80s %10s" % ("COMPONENT", "DETAIL", "USD/MONTH")]
    for c in report["components"]:
        rows.append("%-26s %-80s %10.2f" % (c["component"], c["detail"][:80], c["monthly"]))
    total = ("TOTAL (floor)", "zero traffic, %s" % report["region"], report["monthly_total"])
    rows.append("%-26s %-80s %10.2f" % total)
    spot = report["spot_burst_range"]
    if spot.get("instances"):
        rows.append("Spot burst: up to %d instance(s), %.2f-%.2f USD/month more at max size all month"
                    % (spot["instances"], spot["min"], spot["max"]))
    for line in tradeoff_lines(report):
        rows.append(line)
    rows.append(report["prices"]["line"])
    if report["budget"]:
        rows.append("Budget %.2f USD/month: %s" % (report["budget"], "EXCEEDED" if report["over_budget"] else "ok"))
    return rows


def tradeoff_lines(report):
    t = report["tradeoffs"]
    lines = []
    if "nat_gateways" in t:
        n = t["nat_gateways"]
        lines.append("Trade-off NAT: single NAT %.2f vs one per AZ (%d) %.2f USD/month (now %d NAT)"
                     % (n["single_nat_monthly"], n["azs"], n["nat_per_az_monthly"], n["current"]))
    if "on_demand_base" in t:
        b = t["on_demand_base"]
        lines.append("Trade-off On-Demand base: %d -> %.2f, %d -> %.2f-%.2f USD/month" % (
            b["current"], b["current_monthly"], b["minus_one"], b["minus_one_monthly"]["min"],
            b["minus_one_monthly"]["max"]))
    if "on_demand_commitment" in t:
        c = t["on_demand_commitment"]
        plans = ["%s %.4f/h -> %.2f (saves %.2f)" % (p["label"], p["hourly"], p["monthly"], p["saving"])
                 for p in (c["plans"][k] for k, _label in COMMITMENT_PLANS if k in c["plans"])]
        lines.append("Trade-off On-Demand base commitment (%d x %s, 1 year no upfront, estimated rates of %s): %s "
                     "USD/month; billed all year, bought in AWS Billing (no inventory key)"
                     % (c["instances"], c["instance_type"], c["rates_date"], ", ".join(plans)))
    return lines


def markdown(report, title="Monthly cost floor"):
    p = report["prices"]
    out = ["# %s (%s)" % (title, report["region"]), "",
           "Zero-traffic monthly floor: **%.2f USD**, %s. %s" % (report["monthly_total"], p["line"], p["source"]), "",
           "| component | detail | quantity | unit | unit price | USD/month |", "|---|---|---:|---|---:|---:|"]
    for c in report["components"]:
        out.append("| %s | %s | %s | %s | %s | %.2f |" % (c["component"], c["detail"], c["quantity"], c["unit"],
                                                        c["unit_price"], c["monthly"]))
    out.append("| **total** | | | | | **%.2f** |" % report["monthly_total"])
    out += ["", "## Spot burst and trade-offs", ""]
    spot = report["spot_burst_range"]
    if spot.get("instances"):
        out.append("- Spot burst: up to %d instance(s) of %s: %.2f-%.2f USD/month more if run all month." % (
            spot["instances"], ", ".join(spot["instance_types"]), spot["min"], spot["max"]))
    out += ["- " + line for line in tradeoff_lines(report)]
    if report["absent"]:
        out += ["", "Not in this deployment: %s." % ", ".join(report["absent"])]
    if report["budget"]:
        out += ["", "Budget: %.2f USD/month, %s." % (report["budget"], "**exceeded**" if report["over_budget"]
                                                      else "not exceeded")]
    return "\n".join(out) + "\n"
