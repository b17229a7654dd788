# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Each post-deploy verification as its options and one function ``build(api, params) -> verifier``: what the verify
modules (verify_*_info) take and do, in one place, so verify_info runs the same verifications in one module."""

from __future__ import annotations

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_alarms import AlarmsVerifier
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_capacity import CapacityProviderVerifier
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_service import (
    DEFAULT_EVENTS_WINDOW,
    DEFAULT_ROLLBACK_PATTERN,
    ServiceVerifier,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_targets import TargetsVerifier
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_traffic import TRAFFIC, TrafficVerifier

SERVICES = dict(
    cluster_name=dict(type="str", required=True),
    services=dict(type="list", elements="dict", required=True, options=dict(
        name=dict(type="str", required=True),
        service_name=dict(type="str"),
        task_definition_arn=dict(type="str"),
        min_count=dict(type="int", default=1),
    )),
    minimum_healthy_percent=dict(type="int", default=100),
    maximum_percent=dict(type="int", default=200),
    health_check_grace_period=dict(type="int", default=60),
    circuit_breaker_rollback=dict(type="bool", default=True),
    availability_zone_rebalancing=dict(type="bool", default=True),
    events_since=dict(type="float"),
    events_window=dict(type="int", default=DEFAULT_EVENTS_WINDOW),
    rollback_pattern=dict(type="str", default=DEFAULT_ROLLBACK_PATTERN),
)

TARGETS = dict(
    services=dict(type="list", elements="dict", required=True, options=dict(
        name=dict(type="str", required=True),
        target_group_arn=dict(type="str", required=True),
        min_healthy=dict(type="int", default=1),
        service_name=dict(type="str"),
    )),
    cluster_name=dict(type="str"),
    min_azs=dict(type="int", default=2),
    unhealthy_tolerance=dict(type="int", default=0),
)

CAPACITY = dict(
    cluster_name=dict(type="str", required=True),
    capacity_provider_name=dict(type="str", required=True),
    asg_name=dict(type="str", required=True),
    on_demand_base_capacity=dict(type="int", required=True),
    target_capacity=dict(type="int", default=80),
    min_azs=dict(type="int", default=2),
)

ALARMS = dict(
    alarm_names=dict(type="list", elements="str", required=True),
    topic_arn=dict(type="str", required=True),
    service_names=dict(type="dict", default={}),
    target_group_arns=dict(type="dict", default={}),
    asg_name=dict(type="str"),
    on_demand_base_capacity=dict(type="int", default=0),
    event_rule_names=dict(type="list", elements="str", default=[]),
    running_tasks_alarm=dict(type="bool", default=True),
)


def services(api, p):
    return ServiceVerifier(api, p["cluster_name"], p["services"], p["minimum_healthy_percent"], p["maximum_percent"],
                           p["health_check_grace_period"], p["circuit_breaker_rollback"], p["events_since"],
                           p["events_window"], p["rollback_pattern"], p["availability_zone_rebalancing"])


def targets(api, p):
    return TargetsVerifier(api, p["services"], p["cluster_name"], p["min_azs"], p["unhealthy_tolerance"])


def capacity(api, p):
    return CapacityProviderVerifier(api, p["cluster_name"], p["capacity_provider_name"], p["asg_name"],
                                    p["on_demand_base_capacity"], p["target_capacity"], p["min_azs"])


def alarms(api, p):
    return AlarmsVerifier(api, p["alarm_names"], p["topic_arn"], p["service_names"], p["target_group_arns"],
                          p["asg_name"], p["on_demand_base_capacity"], p["event_rule_names"], p["running_tasks_alarm"])


def traffic(_api, p):
    return TrafficVerifier(p["url"], p["services"], p["host_header"], p["validate_certs"], p["requests"],
                           p["concurrency"], p["timeout"], p["time_limit"], p["max_failed"])


# name -> (options, build, label in failure messages), in the order verify_info runs and reports them.
VERIFICATIONS = {
    "services": (SERVICES, services, "ECS services"),
    "targets": (TARGETS, targets, "Target health"),
    "capacity": (CAPACITY, capacity, "Capacity provider"),
    "alarms": (ALARMS, alarms, "Alarms"),
    "traffic": (TRAFFIC, traffic, "Requests through the load balancer"),
}
