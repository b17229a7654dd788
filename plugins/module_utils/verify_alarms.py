# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""The design's alarms: each exists, notifies the alarm topic, is not in ALARM, and together they cover the design.

Coverage is read from each alarm's metrics (top-level metric or metric-math queries): running tasks per service,
unhealthy hosts per target group, in-service instances of the ASG against the On-Demand baseline, and one alarm on
each EventBridge rule (deployment failure, instances of the group taken away by EC2). The rules themselves must not
target the alarm topic: each condition pages once, through its alarm and at its threshold.
"""

from __future__ import annotations

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsCallError
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import (
    Check,
    Observation,
    chunks,
    count_by,
    describe_counts,
)

RESOURCE = "alarms"


def alarm_metrics(alarm):
    """(namespace, metric name, {dimension: value}) of every metric the alarm reads."""
    metrics = []
    if alarm.get("MetricName"):
        metrics.append((alarm.get("Namespace"), alarm["MetricName"],
                        {d["Name"]: d["Value"] for d in alarm.get("Dimensions", [])}))
    for query in alarm.get("Metrics", []) or []:
        metric = (query.get("MetricStat") or {}).get("Metric")
        if metric:
            metrics.append((metric.get("Namespace"), metric.get("MetricName"),
                            {d["Name"]: d["Value"] for d in metric.get("Dimensions", [])}))
    return metrics


def target_group_suffix(arn):
    """`targetgroup/<name>/<id>`, the CloudWatch TargetGroup dimension of a target group ARN."""
    return (arn or "").rpartition(":")[2]


class AlarmsVerifier:
    def __init__(self, api, alarm_names, topic_arn, service_names=None, target_group_arns=None, asg_name=None,
                 on_demand_base_capacity=0, event_rule_names=None, running_tasks_alarm=True):
        self.api = api
        self.alarm_names = sorted(set(alarm_names))
        self.topic_arn = topic_arn
        self.service_names = dict(service_names or {})
        self.target_group_arns = dict(target_group_arns or {})
        self.asg_name = asg_name
        self.baseline = on_demand_base_capacity
        self.event_rule_names = sorted(event_rule_names or [])
        self.running_tasks_alarm = running_tasks_alarm

    def observe(self, poll=1):
        found = {}
        for batch in chunks(self.alarm_names, 100):
            for alarm in self.api.paginate("cloudwatch", "describe_alarms", "MetricAlarms", AlarmNames=batch):
                found[alarm["AlarmName"]] = alarm
        alarms = [self._record(name, found.get(name)) for name in self.alarm_names]
        present = [found[n] for n in self.alarm_names if n in found]
        rules = [self._rule_record(rule) for rule in self.event_rule_names]
        checks = self._alarm_checks(alarms) + self._coverage_checks(present) + self._rule_checks(rules)
        return Observation(checks, dict(alarms=alarms, event_rules=rules))

    def _rule_record(self, rule):
        try:
            targets = self.api.paginate("events", "list_targets_by_rule", "Targets", Rule=rule)
        except AwsCallError as exc:
            if exc.code != "ResourceNotFoundException":
                raise
            return dict(name=rule, exists=False, targets=[])
        return dict(name=rule, exists=True, targets=sorted(t["Arn"] for t in targets))

    def _rule_checks(self, rules):
        if not rules:
            return []
        paging = [r["name"] for r in rules if self.topic_arn in r["targets"]]
        return [Check(RESOURCE, "rules page only through their alarms", not paging, "no rule targets the topic",
                      f"{len(rules) - len(paging)}/{len(rules)}" + (f"; targets the topic: {', '.join(paging)}"
                                                                    if paging else ""), settles=False,
                      reason=f"EventBridge rule(s) {', '.join(paging)} target the alarm topic: every matched event "
                             "pages, bypassing the alarm's threshold, and the alarm pages a second time",
                      action="Apply the observability layer (its rules target the event log group only)")]

    def _record(self, name, alarm):
        if alarm is None:
            return dict(name=name, exists=False, state=None, notifies_topic=False, metrics=[])
        return dict(name=name, exists=True, state=alarm.get("StateValue"), state_reason=alarm.get("StateReason"),
                    notifies_topic=self.topic_arn in alarm.get("AlarmActions", []),
                    actions_enabled=alarm.get("ActionsEnabled", True),
                    metrics=sorted({f"{ns}/{metric}" for ns, metric, _dummy in alarm_metrics(alarm)}))

    def _alarm_checks(self, alarms):
        missing = [a["name"] for a in alarms if not a["exists"]]
        present = [a for a in alarms if a["exists"]]
        unwired = [a["name"] for a in present if not (a["notifies_topic"] and a["actions_enabled"])]
        firing = [a["name"] for a in present if a["state"] == "ALARM"]
        topic = self.topic_arn.rpartition(":")[2]
        return [
            Check(RESOURCE, "alarms exist", not missing and bool(alarms), f"{len(alarms)} alarms",
                  f"{len(present)} found" + (f"; missing {', '.join(missing)}" if missing else ""), settles=False,
                  reason=f"missing alarm(s): {', '.join(missing) or '(no alarm names given)'}",
                  action="Apply the observability layer"),
            Check(RESOURCE, "notify the topic", not unwired, f"all -> {topic}",
                  f"{len(present) - len(unwired)}/{len(present)}" + (f"; not wired: {', '.join(unwired)}"
                                                                     if unwired else ""), settles=False,
                  reason=f"alarm(s) that do not notify {self.topic_arn} (or have actions disabled): "
                         f"{', '.join(unwired)}",
                  action="Re-apply the observability layer"),
            Check(RESOURCE, "not in ALARM", not firing, "no ALARM",
                  describe_counts(count_by(present, "state")) + (f"; ALARM: {', '.join(firing)}" if firing else ""),
                  reason=f"alarm(s) in ALARM: {', '.join(firing)}",
                  action="Look at each alarm's state reason and the resource it watches"),
        ]

    def _coverage_checks(self, alarms):
        metrics = [(a["AlarmName"], a, m) for a in alarms for m in alarm_metrics(a)]

        def covering(namespace, metric, dimension, value, extra=None):
            return sorted({name for name, alarm, (ns, mn, dims) in metrics
                           if ns == namespace and mn == metric and dims.get(dimension) == value
                           and (extra is None or extra(alarm))})

        checks = []
        for key in sorted(self.service_names) if self.running_tasks_alarm else []:
            ecs_name = self.service_names[key]
            names = covering("ECS/ContainerInsights", "RunningTaskCount", "ServiceName", ecs_name)
            checks.append(Check(key, "running-tasks alarm", bool(names), "RunningTaskCount alarm",
                                ", ".join(names) or "none", settles=False,
                                reason=f"no alarm watches RunningTaskCount of service {ecs_name}",
                                action="Apply the observability layer with this service in service_names"))
        for key in sorted(self.target_group_arns):
            suffix = target_group_suffix(self.target_group_arns[key])
            names = covering("AWS/ApplicationELB", "UnHealthyHostCount", "TargetGroup", suffix)
            checks.append(Check(key, "unhealthy-hosts alarm", bool(names), "UnHealthyHostCount alarm",
                                ", ".join(names) or "none", settles=False,
                                reason=f"no alarm watches UnHealthyHostCount of {suffix}",
                                action="Apply the observability layer with this target group"))
        if self.asg_name and self.baseline > 0:
            names = covering("AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", self.asg_name,
                             lambda a: (a.get("Threshold") or 0) >= self.baseline)
            checks.append(Check(RESOURCE, "ASG baseline alarm", bool(names), f"in service < {self.baseline}",
                                ", ".join(names) or "none", settles=False,
                                reason=f"no alarm watches GroupInServiceInstances of {self.asg_name} against the "
                                       f"On-Demand baseline {self.baseline}",
                                action="Apply the observability layer (on_demand_base_capacity)"))
        for rule in self.event_rule_names:
            names = covering("AWS/Events", "TriggeredRules", "RuleName", rule)
            checks.append(Check(RESOURCE, f"alarm on rule {rule}", bool(names), "TriggeredRules alarm",
                                ", ".join(names) or "none", settles=False,
                                reason=f"no alarm watches the EventBridge rule {rule}",
                                action="Apply the observability layer"))
        return checks
