# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""The EC2 fleet's share of the floor: per Auto Scaling group, the On-Demand and Spot instances at its minimum size,
their EBS volumes and detailed monitoring, and the Spot burst range up to its maximum size."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_common import CostError, money


class FleetCosts:
    """Mixed into cost_floor.Floor (uses its of, add, prices, opt and hours); leaves the fleet's numbers in `fleet`
    for the trade-offs and the Spot burst."""

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


def spot_burst(floor):
    """The Spot burst range of `floor`'s fleet: what its ASG at maximum size, all month on Spot, would add."""
    fleet = floor.fleet
    if not fleet:
        return {"instances": 0, "min": 0.0, "max": 0.0, "hourly": {"min": 0.0, "max": 0.0}}
    n = fleet["burst_instances"]
    return {"instances": n, "instance_types": fleet["instance_types"],
            "hourly": {"min": round(n * fleet["spot_hour"]["min"], 4), "max": round(n * fleet["spot_hour"]["max"], 4)},
            "min": money(n * fleet["spot_hour"]["min"] * floor.hours),
            "max": money(n * fleet["spot_hour"]["max"] * floor.hours),
            "note": "extra per month if the ASG ran at max size all month on Spot; 0 with zero traffic"}
