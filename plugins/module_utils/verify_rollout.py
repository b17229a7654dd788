# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""Follow one service's ECS deployment to its end, sampling healthy targets at every poll.

Outcomes: `completed` (the requested task definition is the only, COMPLETED, PRIMARY deployment), `rolled_back`
(the circuit breaker failed it and another revision is PRIMARY; the wait goes on until that rollback has completed, so
nothing is left half-deployed), `failed` (FAILED without a rollback) or `in_progress` (the wait timed out).
"""

from __future__ import annotations

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import Check, Observation
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_service import (
    DEFAULT_ROLLBACK_PATTERN,
    deployments_of,
    describe_services,
    recent_events,
    rollback_evidence,
    since_time,
    task_definition_ref,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_targets import TargetHealthReader


def rollout_outcome(deployments, requested):
    """(outcome, the followed deployment or None, the PRIMARY deployment or None)."""
    wanted = task_definition_ref(requested)
    primary = next((d for d in deployments if d["status"] == "PRIMARY"), None)
    followed = next((d for d in deployments if d["revision"] == wanted), None)  # newest first
    if primary and primary["revision"] == wanted:
        if primary["rollout_state"] == "FAILED":
            return "failed", primary, primary
        done = primary["rollout_state"] == "COMPLETED" and len(deployments) == 1
        return ("completed" if done else "in_progress"), primary, primary
    # The PRIMARY deployment is another revision: the requested one was rolled back (or replaced).
    return "rolled_back", followed, primary


class RolloutFollower:
    def __init__(self, api, cluster_name, service, task_definition_arn, target_group_arn=None, service_name=None,
                 min_healthy=0, events_since=None, events_window=900, rollback_pattern=DEFAULT_ROLLBACK_PATTERN):
        self.api = api
        self.cluster_name = cluster_name
        self.service = service
        self.service_name = service_name or service
        self.requested = task_definition_arn
        self.target_group_arn = target_group_arn or None
        self.min_healthy = min_healthy
        self.since = since_time(events_since, events_window)
        self.rollback_pattern = rollback_pattern
        self.reader = TargetHealthReader(api)
        self.samples = []
        self.seen_failure = None  # ECS drops the failed deployment once the rollback completes: keep its reason

    def observe(self, poll=1):
        svc = describe_services(self.api, self.cluster_name, [self.service_name]).get(self.service_name)
        if not svc or svc.get("status") != "ACTIVE":
            status = (svc or {}).get("status", "missing")
            return Observation([Check(self.service, "service exists", False, "ACTIVE", status, settles=False,
                                      reason=f"the ECS service is {status} in cluster {self.cluster_name}",
                                      action="Apply the services layer")], dict(outcome="missing"))
        deployments = deployments_of(svc)
        events = recent_events(svc, self.since)
        outcome, followed, primary = rollout_outcome(deployments, self.requested)
        if followed and followed["rollout_state"] == "FAILED":
            self.seen_failure = followed
        followed = followed or (self.seen_failure if outcome == "rolled_back" else None)
        desired = svc.get("desiredCount", 0)
        self._sample(poll, outcome, desired, primary)
        rollback_done = primary is not None and primary["rollout_state"] == "COMPLETED" and len(deployments) == 1
        facts = dict(outcome=outcome, requested_task_definition=task_definition_ref(self.requested),
                     serving_task_definition=primary["revision"] if primary else None,
                     deployment=followed, deployments=deployments, events=events, desired_count=desired,
                     running_count=svc.get("runningCount", 0), samples=list(self.samples),
                     min_healthy_seen=min((s["healthy"] for s in self.samples if s["healthy"] is not None),
                                          default=None),
                     failure_reason=self._failure_reason(outcome, followed, primary, deployments, events))
        return Observation(self._checks(outcome, facts, rollback_done), facts)

    def _sample(self, poll, outcome, desired, primary):
        healthy = None
        if self.target_group_arn:
            targets = self.reader.targets(self.target_group_arn)
            healthy = len([t for t in targets if t["state"] == "healthy"])
        self.samples.append(dict(poll=poll, outcome=outcome, healthy=healthy,
                                 expected=max(self.min_healthy, desired),
                                 primary=primary["revision"] if primary else None,
                                 primary_running=primary["running_count"] if primary else None))

    def _failure_reason(self, outcome, followed, primary, deployments, events):
        if outcome not in ("rolled_back", "failed"):
            return None
        if followed and followed.get("rollout_state_reason"):
            return followed["rollout_state_reason"]
        failed, messages = rollback_evidence(deployments, events, self.rollback_pattern)
        reasons = [d["rollout_state_reason"] for d in failed if d["rollout_state_reason"]] + messages
        return reasons[0] if reasons else f"{primary['revision'] if primary else 'another revision'} is PRIMARY"

    def _checks(self, outcome, facts, rollback_done):
        name, wanted, serving = self.service, facts["requested_task_definition"], facts["serving_task_definition"]
        # Keep waiting while the deployment runs, and while a rollback is still replacing the failed tasks.
        settles = outcome == "in_progress" or (outcome == "rolled_back" and not rollback_done)
        if outcome == "rolled_back":
            followed = facts["deployment"]
            reason = (f"deployment {followed['id'] if followed else '(gone)'} of {wanted} was rolled back by the "
                      f"circuit breaker: {facts['failure_reason']}; serving now: {serving}"
                      + ("" if rollback_done else " (rollback still in progress)"))
        elif outcome == "failed":
            reason = f"deployment of {wanted} failed: {facts['failure_reason']}; serving now: {serving}"
        else:
            reason = f"deployment of {wanted} is {outcome}"
        checks = [
            Check(name, "rollout", outcome == "completed", "COMPLETED", outcome.upper(), settles=settles,
                  reason=reason, action="Look at the stopped tasks' reasons and the service events, fix the image "
                                        "or configuration and deploy again. "
                                        "Runbook: docs/runbooks.md#circuit-breaker-rollback"),
            Check(name, "task definition serving", serving == wanted, wanted, serving, settles=settles,
                  reason=f"it serves {serving}, not the requested {wanted}",
                  action="Deploy the requested revision again once the cause is fixed"),
        ]
        if self.target_group_arn:
            dips = [s for s in self.samples if s["healthy"] is not None and s["healthy"] < s["expected"]]
            low = facts["min_healthy_seen"]
            checks.append(Check(
                name, "healthy targets at every poll", not dips, f">= desired at {len(self.samples)} poll(s)",
                f"min {low}" + (f"; below at poll(s) {', '.join(str(s['poll']) for s in dips)}" if dips else ""),
                settles=False,
                reason="healthy targets fell below the desired count during the rollout: "
                       + ", ".join(f"poll {s['poll']}: {s['healthy']} < {s['expected']}" for s in dips),
                action="Check deployment_minimum_healthy_percent (100), the health check grace period and capacity"))
        return checks
