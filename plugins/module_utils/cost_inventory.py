# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""The cost floor before anything is applied: the layers' inputs written as the plan JSON the cost floor prices.

On a first deploy a layer cannot be planned before the layers whose outputs it takes are applied, so a budget guard
that must act before anything is applied cannot read plans. This file writes, for each layer, the priced resources
its Terraform code (terraform/modules/*) would plan from the inputs roles/ecs renders (``ecs_layer_inputs``): same
addresses, same attributes, and what an earlier layer would output (subnet, cluster and target group IDs) marked
unknown or left as placeholders, as Terraform does. cost_floor.cost_floor() then prices these plans exactly as it
prices real ones: there is no second pricing path. Keep it in step with terraform/modules; the unit tests compare it
with plans of the layers for the dev and prod inventories, component by component.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_common import CostError

# Layers in apply order that have priced resources (security has none, it is kept so the report lists it);
# bootstrap (S3 state bucket, on-demand lock table) costs nothing at zero traffic.
LAYERS = ("network", "security", "loadbalancer", "compute", "services", "observability")
NOT_PRICED = ("bootstrap",)

# Defaults of the layer variables that change the floor (terraform/layers/*/variables.tf); a variable without a
# default must be in the inputs.
DEFAULTS = {
    "network": {"single_nat_gateway": False, "flow_log_retention_days": 30,
                "interface_endpoints": ["ssm", "ssmmessages", "ec2messages", "ecr.api", "ecr.dkr", "logs"]},
    "compute": {"instance_types": ["m6i.large", "m5.large", "m5a.large"], "asg_min_size": 2, "asg_max_size": 6,
                "asg_desired_capacity": 2, "on_demand_base_capacity": 1, "on_demand_percentage_above_base": 0,
                "spot_allocation_strategy": "price-capacity-optimized", "root_volume_size": 30,
                "container_insights": True},
    "observability": {"on_demand_base_capacity": 1, "tasks_below_desired_alarm": True},
}
SERVICE_LOG_RETENTION_DAYS = 30  # optional(number, 30) of the services variable
EVENT_LOG_RETENTION_DAYS = 30  # event_log_retention_days of terraform/modules/observability


def _key(key):
    return "" if key is None else "[%s]" % json.dumps(key)


class _Plan:
    """One layer's plan document: planned_values (one child module per module address) and resource_changes."""

    def __init__(self, name, inputs):
        self.name = name
        self.inputs = inputs if isinstance(inputs, dict) else {}
        self.modules = {}
        self.changes = []

    def get(self, var):
        if var in self.inputs and self.inputs[var] is not None:
            return self.inputs[var]
        if var in DEFAULTS.get(self.name, {}):
            return DEFAULTS[self.name][var]
        raise CostError("layer_inputs.%s.%s is missing: the %s layer needs it to be estimated"
                        % (self.name, var, self.name))

    def number(self, var):
        value = self.get(var)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise CostError("layer_inputs.%s.%s must be a whole number, not %r" % (self.name, var, value)) from None

    def flag(self, var):
        value = self.get(var)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "yes", "on", "1")
        return bool(value)

    def add(self, module, rtype, name, values, key=None, unknown=None):
        address = "%s.%s.%s%s" % (module, rtype, name, _key(key))
        resource = dict(address=address, mode="managed", type=rtype, name=name, values=values)
        if key is not None:
            resource["index"] = key
        self.modules.setdefault(module, []).append(resource)
        self.changes.append(dict(address=address, mode="managed", type=rtype, name=name,
                                 change=dict(actions=["create"], after_unknown=unknown or {})))

    def document(self):
        children = [dict(address=m, resources=r) for m, r in sorted(self.modules.items())]
        return {"layer": self.name, "plan": {
            "format_version": "1.2", "estimated_from": "layer inputs",
            "planned_values": {"root_module": {"resources": [], "child_modules": children}},
            "resource_changes": self.changes}}


class InventoryEstimate:
    """The plans of every layer in `layer_inputs` ({layer: {variable: value}}, as roles/ecs renders them)."""

    def __init__(self, layer_inputs):
        if not isinstance(layer_inputs, dict):
            raise CostError("layer_inputs must be a dict of layer name -> that layer's input variables")
        self.inputs = layer_inputs
        self.not_estimated = sorted(k for k in layer_inputs if k not in LAYERS and k not in NOT_PRICED)

    def layer(self, name):
        return _Plan(name, self.inputs.get(name))

    @property
    def prefix(self):
        """name_prefix / local.name of every layer: "<project>-<environment>"."""
        common = next((v for v in self.inputs.values() if isinstance(v, dict) and v.get("project")), {})
        if not common.get("environment"):
            raise CostError("layer_inputs has no layer with project and environment (they name the resources)")
        return "%s-%s" % (common["project"], common["environment"])

    def azs(self):
        """The AZs of the network layer: the number of subnets every later layer spreads over."""
        return list(self.layer("network").get("azs"))

    def services(self):
        for name in ("services", "security"):
            if isinstance(self.inputs.get(name), dict) and "services" in self.inputs[name]:
                return list(self.inputs[name]["services"] or [])
        return []

    def plans(self):
        return [getattr(self, "_" + name)(self.layer(name)).document() for name in LAYERS if name in self.inputs]

    # ---- terraform/modules/network ----
    def _network(self, p):
        azs, region, m = self.azs(), p.get("aws_region"), "module.network"
        for tier in ("private", "public"):
            for az in azs:
                p.add(m, "aws_subnet", tier, {"availability_zone": az, "map_public_ip_on_launch": False}, az,
                      {"id": True})
        for az in (azs[:1] if p.flag("single_nat_gateway") else azs):
            p.add(m, "aws_eip", "nat", {"domain": "vpc"}, az, {"public_ip": True})
            p.add(m, "aws_nat_gateway", "this", {"connectivity_type": "public"}, az, {"allocation_id": True})
        p.add(m, "aws_vpc_endpoint", "s3", {"service_name": "com.amazonaws.%s.s3" % region,
                                            "vpc_endpoint_type": "Gateway"}, None, {"route_table_ids": True})
        for service in sorted(set(p.get("interface_endpoints"))):
            # subnet_ids = one private subnet per AZ, not known before the subnets exist (as in a real plan).
            p.add(m, "aws_vpc_endpoint", "interface", {"service_name": "com.amazonaws.%s.%s" % (region, service),
                                                       "vpc_endpoint_type": "Interface",
                                                       "private_dns_enabled": True}, service, {"subnet_ids": True})
        p.add(m, "aws_cloudwatch_log_group", "flow_logs", {"name": "/aws/vpc-flow-logs/%s" % self.prefix,
                                                           "retention_in_days": p.number("flow_log_retention_days")})
        p.add(m, "aws_flow_log", "this", {"traffic_type": "ALL", "log_destination_type": "cloud-watch-logs"})
        return p

    def _security(self, p):
        return p  # security groups and IAM roles cost nothing

    # ---- terraform/modules/alb ----
    def _loadbalancer(self, p):
        name = self.prefix[:28]
        name = (name[:-1] if name.endswith("-") else name) + "-alb"
        # One public subnet per AZ, from the network layer's outputs: placeholders, as Terraform shows unknowns.
        subnets = len(self.azs())
        p.add("module.alb", "aws_lb", "this", {"name": name, "load_balancer_type": "application", "internal": False,
                                               "subnets": [None] * subnets}, None,
              {"arn": True, "subnets": [True] * subnets})
        zone_id = p.inputs.get("route53_zone_id")
        if zone_id:  # the alias record in an existing zone: the floor prices the zone
            p.add("module.alb", "aws_route53_record", "this", {
                "zone_id": zone_id, "name": p.inputs.get("domain_name"), "type": "A",
                "alias": [{"evaluate_target_health": True}]}, 0, {"alias": [{"name": True, "zone_id": True}]})
        return p

    # ---- terraform/modules/ecs-cluster ----
    def _compute(self, p):
        m, prefix, subnets = "module.ecs_cluster", self.prefix, len(self.azs())
        p.add(m, "aws_launch_template", "this", {
            "name": "%s-ecs" % prefix, "instance_type": None, "monitoring": [{"enabled": True}],
            "block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{
                "volume_type": "gp3", "volume_size": p.number("root_volume_size"), "encrypted": "true"}]}]},
              None, {"id": True, "latest_version": True})
        types = list(p.get("instance_types"))
        if not types:
            raise CostError("layer_inputs.compute.instance_types is empty: there is no instance type to price")
        p.add(m, "aws_autoscaling_group", "this", {
            "name": "%s-ecs" % prefix, "min_size": p.number("asg_min_size"), "max_size": p.number("asg_max_size"),
            "desired_capacity": p.number("asg_desired_capacity"), "vpc_zone_identifier": [None] * subnets,
            "mixed_instances_policy": [{
                "instances_distribution": [{
                    "on_demand_base_capacity": p.number("on_demand_base_capacity"),
                    "on_demand_percentage_above_base_capacity": p.number("on_demand_percentage_above_base"),
                    "spot_allocation_strategy": p.get("spot_allocation_strategy")}],
                "launch_template": [{"launch_template_specification": [{}],
                                     "override": [{"instance_type": t} for t in types]}]}]},
              None, {"arn": True, "vpc_zone_identifier": [True] * subnets, "mixed_instances_policy": [{
                "instances_distribution": [{"on_demand_allocation_strategy": True}],
                "launch_template": [{"launch_template_specification": [{"launch_template_id": True}]}]}]})
        p.add(m, "aws_ecs_cluster", "this", {"name": "%s-cluster" % prefix, "setting": [{
            "name": "containerInsights", "value": "enabled" if p.flag("container_insights") else "disabled"}]},
            None, {"arn": True})
        return p

    # ---- terraform/modules/ecs-service, one module per service ----
    def _services(self, p):
        prefix = self.prefix
        for service in p.get("services"):
            name = service.get("name") if isinstance(service, dict) else None
            if not name:
                raise CostError("layer_inputs.services.services: every service needs a name")
            m = "module.service[%s]" % json.dumps(name)
            retention = service.get("log_retention_days")
            p.add(m, "aws_cloudwatch_log_group", "this", {
                "name": "/ecs/%s/%s" % (prefix, name),
                "retention_in_days": SERVICE_LOG_RETENTION_DAYS if retention is None else int(retention)})
            p.add(m, "aws_ecs_task_definition", "this", {"family": "%s-%s" % (prefix, name)}, None, {"arn": True})
            # cluster = the compute layer's cluster_arn output, unknown before compute is applied.
            p.add(m, "aws_ecs_service", "this", {"name": name, "desired_count": int(service.get("desired_count") or 0),
                                                 "cluster": None}, None, {"cluster": True, "id": True})
        return p

    # ---- terraform/modules/observability ----
    def _observability(self, p):
        m, prefix = "module.observability", self.prefix
        p.add(m, "aws_kms_key", "this", {"enable_key_rotation": True}, None, {"arn": True})
        tasks_alarm = p.get("tasks_below_desired_alarm")
        for service in sorted(s["name"] for s in self.services() if isinstance(s, dict) and s.get("name")):
            if tasks_alarm is not False:
                p.add(m, "aws_cloudwatch_metric_alarm", "tasks_below_desired", {
                    "alarm_name": "%s-%s-tasks-below-desired" % (prefix, service), "period": None, "metric_query": [
                        {"id": "desired", "expression": "", "metric": [_metric("DesiredTaskCount", 60)]},
                        {"id": "running", "expression": "", "metric": [_metric("RunningTaskCount", 60)]},
                        {"id": "missing", "expression": "desired - running", "metric": []}]}, service)
            p.add(m, "aws_cloudwatch_metric_alarm", "unhealthy_hosts", {
                "alarm_name": "%s-%s-unhealthy-hosts" % (prefix, service), "period": 60, "metric_query": []}, service)
        if p.number("on_demand_base_capacity") > 0:
            p.add(m, "aws_cloudwatch_metric_alarm", "asg_below_baseline", {
                "alarm_name": "%s-asg-below-baseline" % prefix, "period": 60, "metric_query": []}, 0)
        p.add(m, "aws_cloudwatch_metric_alarm", "deployment_failed", {
            "alarm_name": "%s-deployment-failed" % prefix, "period": 60, "metric_query": []})
        p.add(m, "aws_cloudwatch_metric_alarm", "spot_interruption_surge", {
            "alarm_name": "%s-spot-interruption-surge" % prefix, "period": 300, "metric_query": []})
        # The event rules keep what they matched here (the module's event_log_retention_days default).
        p.add(m, "aws_cloudwatch_log_group", "events", {"name": "/aws/events/%s" % prefix,
                                                        "retention_in_days": EVENT_LOG_RETENTION_DAYS})
        return p


def _metric(name, period):
    return {"namespace": "ECS/ContainerInsights", "metric_name": name, "period": period, "stat": "Average"}


def inventory_plans(layer_inputs):
    """([{layer, plan}], layers not estimated) for cost_floor.cost_floor(), from the layers' input variables."""
    estimate = InventoryEstimate(layer_inputs)
    return estimate.plans(), estimate.not_estimated
