# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""ECS services: steady, deployed as designed, never rolled back, and serving the task definition that was asked for.

Terraform's apply succeeds as soon as UpdateService is accepted, even when the circuit breaker later rolls the
deployment back; the task definition of the PRIMARY deployment is the only proof of what is serving.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import (
    Check,
    Observation,
    chunks,
    settle_together,
)

# Service event messages ECS writes when the circuit breaker fails a deployment and rolls it back.
DEFAULT_ROLLBACK_PATTERN = r"(?i)rolling back|rolled back|circuit breaker|deployment failed"
DEFAULT_EVENTS_WINDOW = 3600


def task_definition_ref(arn):
    """`family:revision` of a task definition ARN (or of a `family:revision` string)."""
    return (arn or "").rpartition("task-definition/")[2] or None


def iso(value):
    return value.isoformat() if isinstance(value, datetime) else value


def describe_services(api, cluster_name, names):
    """ECS services by name (ACTIVE or not); missing names are absent."""
    found = {}
    for batch in chunks(sorted(set(names)), 10):
        for svc in api.call("ecs", "describe_services", cluster=cluster_name, services=batch).get("services", []):
            found[svc["serviceName"]] = svc
    return found


def deployment_record(d):
    return dict(id=d.get("id"), status=d.get("status"), task_definition=d.get("taskDefinition"),
                revision=task_definition_ref(d.get("taskDefinition")), rollout_state=d.get("rolloutState"),
                rollout_state_reason=d.get("rolloutStateReason"), desired_count=d.get("desiredCount"),
                running_count=d.get("runningCount"), pending_count=d.get("pendingCount"),
                failed_tasks=d.get("failedTasks"), created_at=iso(d.get("createdAt")),
                updated_at=iso(d.get("updatedAt")))


def deployments_of(svc):
    """Deployments, PRIMARY first, then newest first."""
    records = [deployment_record(d) for d in svc.get("deployments", [])]
    newest_first = sorted(records, key=lambda d: str(d["created_at"] or ""), reverse=True)
    return sorted(newest_first, key=lambda d: d["status"] != "PRIMARY")


def recent_events(svc, since, limit=20):
    """Service events at or after `since` (an aware datetime), newest first."""
    events = []
    for e in svc.get("events", []):
        created = e.get("createdAt")
        if isinstance(created, datetime) and created.tzinfo is None:
            created = created.replace(tzinfo=timezone.utc)
        if since is None or not isinstance(created, datetime) or created >= since:
            events.append(dict(created_at=iso(created), message=e.get("message", "")))
    return sorted(events, key=lambda e: str(e["created_at"]), reverse=True)[:limit]


def since_time(events_since=None, events_window=DEFAULT_EVENTS_WINDOW, now=None):
    """Start of the 'recent' window: `events_since` (epoch seconds) when given, else now - events_window."""
    if events_since is not None:
        return datetime.fromtimestamp(float(events_since), tz=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return datetime.fromtimestamp(now.timestamp() - events_window, tz=timezone.utc)


def rollback_evidence(deployments, events, pattern):
    """Failed deployments and matching event messages: anything that says the circuit breaker acted."""
    regex = re.compile(pattern)
    failed = [d for d in deployments if d["rollout_state"] == "FAILED"]
    messages = [e["message"] for e in events if regex.search(e["message"])]
    return failed, messages


class ServiceVerifier:
    """`services`: [{name, service_name, task_definition_arn, min_count}] (service_name defaults to name)."""

    def __init__(self, api, cluster_name, services, minimum_healthy_percent=100, maximum_percent=200,
                 health_check_grace_period=60, circuit_breaker_rollback=True, events_since=None,
                 events_window=DEFAULT_EVENTS_WINDOW, rollback_pattern=DEFAULT_ROLLBACK_PATTERN,
                 availability_zone_rebalancing=True):
        self.api = api
        self.cluster_name = cluster_name
        self.services = sorted(services, key=lambda s: s["name"])
        self.min_percent = minimum_healthy_percent
        self.max_percent = maximum_percent
        self.grace = health_check_grace_period
        self.rollback = circuit_breaker_rollback
        self.since = since_time(events_since, events_window)
        self.rollback_pattern = rollback_pattern
        self.rebalancing = "ENABLED" if availability_zone_rebalancing else "DISABLED"

    def observe(self, poll=1):
        found = describe_services(self.api, self.cluster_name,
                                  [s.get("service_name") or s["name"] for s in self.services])
        checks, seen = [], []
        for spec in self.services:
            svc = found.get(spec.get("service_name") or spec["name"])
            service_checks, facts = self.observe_service(spec, svc)
            checks.extend(service_checks)
            seen.append(facts)
        return Observation(checks, dict(services=seen))

    def settled_since(self, spec, svc):
        """Start of the events that matter: the window, or later, when the requested revision was deployed again
        since and completed (a rollback before that deployment is history, not a problem of what serves now)."""
        since = self.since
        raw = next((d for d in svc.get("deployments", []) if d.get("status") == "PRIMARY"), None) or {}
        created = raw.get("createdAt")
        if (isinstance(created, datetime) and raw.get("rolloutState") == "COMPLETED" and len(svc["deployments"]) == 1
                and spec.get("task_definition_arn") and raw.get("taskDefinition") == spec["task_definition_arn"]):
            created = created if created.tzinfo else created.replace(tzinfo=timezone.utc)
            since = max(since, created) if since else created
        return since

    def observe_service(self, spec, svc):
        name = spec["name"]
        if not svc or svc.get("status") != "ACTIVE":
            status = (svc or {}).get("status", "missing")
            return [Check(name, "service exists", False, "ACTIVE", status, settles=False,
                          reason=f"the ECS service is {status} in cluster {self.cluster_name}",
                          action="Apply the services layer")], dict(name=name, status=status)
        deployments = deployments_of(svc)
        primary = next((d for d in deployments if d["status"] == "PRIMARY"), None)
        events = recent_events(svc, self.settled_since(spec, svc))
        config = svc.get("deploymentConfiguration") or {}
        breaker = config.get("deploymentCircuitBreaker") or {}
        desired, running = svc.get("desiredCount", 0), svc.get("runningCount", 0)
        min_count = int(spec.get("min_count") or 0)
        failed, messages = rollback_evidence(deployments, events, self.rollback_pattern)
        serving = primary["task_definition"] if primary else None
        facts = dict(name=name, status=svc.get("status"), desired_count=desired, running_count=running,
                     pending_count=svc.get("pendingCount", 0), task_definition=svc.get("taskDefinition"),
                     serving_task_definition=serving, deployments=deployments, events=events,
                     deployment_configuration=dict(
                         minimum_healthy_percent=config.get("minimumHealthyPercent"),
                         maximum_percent=config.get("maximumPercent"),
                         circuit_breaker_enable=breaker.get("enable"), circuit_breaker_rollback=breaker.get("rollback"),
                         health_check_grace_period=svc.get("healthCheckGracePeriodSeconds")),
                     availability_zone_rebalancing=svc.get("availabilityZoneRebalancing"))
        shape = ", ".join(f"{d['status']} {d['rollout_state']}" for d in deployments) or "none"
        steady = len(deployments) == 1 and primary is not None and primary["rollout_state"] == "COMPLETED"
        checks = [
            Check(name, "running = desired", running == desired and desired > 0, f"{desired} running",
                  f"{running} running, {svc.get('pendingCount', 0)} pending",
                  action="Look at the service's events and stopped tasks. "
                         "Runbook: docs/runbooks.md#capacity-stuck-pending"),
            Check(name, "desired >= min_count", desired >= min_count, f">= {min_count}", desired,
                  action="Check the service's auto scaling target (min capacity)"),
            Check(name, "deployments", steady, "1 PRIMARY COMPLETED", shape,
                  reason=f"the deployments are {shape}, one PRIMARY COMPLETED deployment expected",
                  action="Wait for the deployment, or look at the service's events"),
            Check(name, "min/max percent", (config.get("minimumHealthyPercent"), config.get("maximumPercent"))
                  == (self.min_percent, self.max_percent), f"{self.min_percent}/{self.max_percent}",
                  f"{config.get('minimumHealthyPercent')}/{config.get('maximumPercent')}", settles=False,
                  action="Re-apply the services layer (deployment_minimum_healthy_percent/maximum_percent)"),
            Check(name, "circuit breaker", breaker.get("enable") is True and breaker.get("rollback") is self.rollback,
                  f"enable, rollback={str(self.rollback).lower()}",
                  f"enable={str(breaker.get('enable')).lower()}, rollback={str(breaker.get('rollback')).lower()}",
                  settles=False, action="Re-apply the services layer (deployment_circuit_breaker)"),
            Check(name, "health check grace period", svc.get("healthCheckGracePeriodSeconds") == self.grace,
                  f"{self.grace} s", f"{svc.get('healthCheckGracePeriodSeconds')} s", settles=False,
                  action="Re-apply the services layer (health_check_grace_period_seconds)"),
            # AZ spread is best effort; without rebalancing a service can stay in one AZ after a disruption.
            Check(name, "AZ rebalancing", svc.get("availabilityZoneRebalancing") == self.rebalancing,
                  self.rebalancing, svc.get("availabilityZoneRebalancing") or "not reported", settles=False,
                  action="Re-apply the services layer (availability_zone_rebalancing)"),
            Check(name, "no rollback in recent events", not failed and not messages, "none",
                  "; ".join([f"{d['id']} FAILED: {d['rollout_state_reason']}" for d in failed] + messages[:3])
                  or "none", settles=False,
                  reason="the circuit breaker failed a deployment: "
                         + "; ".join([f"{d['id']} ({d['revision']}) {d['rollout_state_reason']}" for d in failed]
                                     + messages[:3]),
                  action="Look at the stopped tasks' reasons, fix the image or configuration and deploy again. "
                         "Runbook: docs/runbooks.md#circuit-breaker-rollback"),
        ]
        expected = spec.get("task_definition_arn")
        if expected:
            ok = task_definition_ref(serving) == task_definition_ref(expected)
            checks.append(Check(name, "task definition serving", ok, task_definition_ref(expected),
                                task_definition_ref(serving), settles=False,
                                reason=f"it serves {task_definition_ref(serving)}, not the requested "
                                       f"{task_definition_ref(expected)} (rolled back or deployed by someone else)",
                                action="Look at the service's events; deploy the requested revision again"))
        return settle_together(checks), facts
