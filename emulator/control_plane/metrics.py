"""CloudWatch metrics that AWS services publish on their own, sampled once per simulated minute.

moto's CloudWatch holds only what PutMetricData sent. AWS services publish these by themselves:
- ECS/ContainerInsights RunningTaskCount, DesiredTaskCount, PendingTaskCount per {ClusterName, ServiceName},
  only for clusters whose containerInsights setting is ``enabled`` or ``enhanced`` (off: no data, as in AWS);
- AWS/AutoScaling GroupInServiceInstances, GroupDesiredCapacity per {AutoScalingGroupName}, only for groups
  whose EnableMetricsCollection named that metric;
- AWS/ApplicationELB HealthyHostCount, UnHealthyHostCount per {TargetGroup, LoadBalancer} (ARN suffixes), for
  target groups behind a load balancer that have registered targets;
- AWS/Events TriggeredRules per {RuleName}: events an ENABLED rule with an event pattern matched during the
  minute (with or without targets); no datapoint in a minute without a match, as EventBridge does.

The series live in memory, indexed by simulated minute since the control plane started (AWS timestamps
would be wrong under a time scale): GET /_emulator/metrics shows them. Each minute holds the samples taken in it
and every statistic is computed over them: the ALB's host counts are sampled at every tick, as its health checks
keep them current within the minute (a target unhealthy for 15 s of a minute makes that minute's Maximum 1, as in
AWS; one sample at the minute's end missed it); the others once per minute, as AWS publishes them.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Any

from emulator.control_plane import backends, targets

RETENTION_MINUTES = 1440  # a simulated day per series is more than any alarm looks back
CONTAINER_INSIGHTS_ON = {"enabled", "enhanced"}
ASG_METRICS = ("GroupInServiceInstances", "GroupDesiredCapacity")

MetricKey = tuple[str, str, str, str, tuple[tuple[str, str], ...]]  # account, region, namespace, name, dims


def key(account: str, region: str, namespace: str, name: str, dimensions: dict[str, str]) -> MetricKey:
    return account, region, namespace, name, tuple(sorted(dimensions.items()))


class Metrics:
    def __init__(self) -> None:
        self.series: dict[MetricKey, dict[int, list[float]]] = {}
        self.current: dict[MetricKey, list[float]] = {}  # the tick samples of the minute in progress
        self.triggered: dict[tuple[str, str, str], int] = defaultdict(int)
        self._count_lock = threading.Lock()  # PutEvents may run on a request thread while a tick samples

    # ---- EventBridge matches, counted as they happen -------------------------------------------
    def rule_matched(self, account: str, region: str, rule_name: str) -> None:
        with self._count_lock:
            self.triggered[(account, region, rule_name)] += 1

    def install(self) -> None:
        """Count every match of an ENABLED pattern rule, before moto delivers to its targets (if any)."""
        from moto.events.models import Rule

        original = Rule.send_to_targets
        metrics = self

        def send_to_targets(rule: Any, event: Any, transform_input: bool = True) -> None:
            pattern = rule.event_pattern.get_pattern() if rule.event_pattern else None
            if rule.state == "ENABLED" and pattern and rule.event_pattern.matches_event(event):
                metrics.rule_matched(rule.account_id, rule.region_name, rule.name)
            return original(rule, event, transform_input)

        Rule.send_to_targets = send_to_targets

    # ---- sampling -------------------------------------------------------------------------------
    def put(self, metric: MetricKey, minute: int, value: float | list[float]) -> None:
        points = self.series.setdefault(metric, {})
        points[minute] = list(value) if isinstance(value, list) else [value]  # one sample, or the minute's
        for old in [m for m in points if m <= minute - RETENTION_MINUTES]:
            del points[old]

    def observe(self) -> None:
        """Every tick: the samples within the minute (the ALB's host counts)."""
        for metric, value in self.elbv2_counts():
            self.current.setdefault(metric, []).append(value)

    def sample(self, minute: int) -> None:
        self.sample_ecs(minute)
        self.sample_autoscaling(minute)
        self.sample_elbv2(minute)
        self.current.clear()
        with self._count_lock:
            counts, self.triggered = dict(self.triggered), defaultdict(int)
        for (account, region, rule_name), count in counts.items():
            self.put(key(account, region, "AWS/Events", "TriggeredRules", {"RuleName": rule_name}), minute, count)

    def sample_ecs(self, minute: int) -> None:
        for region in backends.ecs_regions():
            enabled = {
                cluster.name
                for cluster in region.ecs.clusters.values()
                if any(
                    s.get("name") == "containerInsights" and str(s.get("value", "")).lower() in CONTAINER_INSIGHTS_ON
                    for s in (cluster.settings or [])
                )
            }
            for service in list(region.ecs.services.values()):
                if service.cluster_name not in enabled or service.status != "ACTIVE":
                    continue
                dims = {"ClusterName": service.cluster_name, "ServiceName": service.name}
                values = {
                    "RunningTaskCount": getattr(service, "running_count", 0) or 0,
                    "DesiredTaskCount": service.desired_count or 0,
                    "PendingTaskCount": getattr(service, "pending_count", 0) or 0,
                }
                for name, value in values.items():
                    self.put(key(region.account_id, region.name, "ECS/ContainerInsights", name, dims), minute, value)

    def sample_autoscaling(self, minute: int) -> None:
        from moto.autoscaling.models import autoscaling_backends

        for account, region, backend in backends.existing(autoscaling_backends):
            for group in list(backend.autoscaling_groups.values()):
                enabled = set(getattr(group, "metrics", None) or [])
                values = {
                    "GroupInServiceInstances": sum(
                        1 for s in group.instance_states if getattr(s, "lifecycle_state", "") == "InService"
                    ),
                    "GroupDesiredCapacity": group.desired_capacity or 0,
                }
                for name in ASG_METRICS:
                    if name in enabled:
                        dims = {"AutoScalingGroupName": group.name}
                        self.put(key(account, region, "AWS/AutoScaling", name, dims), minute, values[name])

    def sample_elbv2(self, minute: int) -> None:
        """The minute's tick samples (this tick's included: it observed before sampling, so they hold every group
        with targets now, and a group whose targets all left during the minute still reports what its checks saw).
        A minute a late tick catches up after the first has no samples of its own: one sample of now."""
        samples = self.current or {metric: [value] for metric, value in self.elbv2_counts()}
        for metric, values in samples.items():
            self.put(metric, minute, values)

    def elbv2_counts(self) -> list[tuple[MetricKey, float]]:
        from moto.elbv2.models import elbv2_backends

        out = []
        for account, region, backend in backends.existing(elbv2_backends):
            for group in list(backend.target_groups.values()):
                if not group.targets:
                    continue
                states = targets.states(group)
                healthy = sum(1 for s in states if s == "healthy")
                unhealthy = sum(1 for s in states if s == "unhealthy")
                for lb_arn in dict.fromkeys(getattr(group, "load_balancer_arns", None) or []):
                    dims = {"TargetGroup": arn_suffix(group.arn), "LoadBalancer": arn_suffix(lb_arn)}
                    out.append((key(account, region, "AWS/ApplicationELB", "HealthyHostCount", dims), healthy))
                    out.append((key(account, region, "AWS/ApplicationELB", "UnHealthyHostCount", dims), unhealthy))
        return out

    # ---- reading --------------------------------------------------------------------------------
    def datapoints(self, metric: MetricKey) -> dict[int, list[float]]:
        """The samples of each minute."""
        return self.series.get(metric, {})

    def describe(self) -> dict[str, Any]:
        return {
            "metrics": [
                {
                    "account": account,
                    "region": region,
                    "namespace": namespace,
                    "metric_name": name,
                    "dimensions": dict(dims),
                    "datapoints": [
                        {
                            "minute": m,
                            "value": sum(v) / len(v),  # Average
                            "minimum": min(v),
                            "maximum": max(v),
                            "samples": len(v),
                        }
                        for m, v in sorted(points.items())
                    ],
                }
                for (account, region, namespace, name, dims), points in sorted(self.series.items())
            ]
        }


def arn_suffix(arn: str) -> str:
    """What CloudWatch dimensions use: ``targetgroup/name/id`` and ``app/name/id``."""
    return arn.split(":", 5)[-1].split("loadbalancer/", 1)[-1] if ":loadbalancer/" in arn else arn.split(":", 5)[-1]
