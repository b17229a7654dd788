# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""Target health of every service's target group: enough healthy targets, over enough AZs, none unhealthy.

The healthy floor of a service is max(its inventory floor, the service's current desiredCount) when the cluster is
known, because service auto scaling may have moved desiredCount since creation. Every poll is kept as a sample and
the lowest healthy count seen is returned, so a rollout can prove it never dropped below the floor.
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

# TargetHealth.State values that count against the tolerance; initial/draining/unused are transitions.
UNHEALTHY_STATES = ("unhealthy", "unavailable", "unhealthy.draining")


def service_desired_counts(api, cluster_name, names):
    """desiredCount of each ECS service that exists and is ACTIVE, by name."""
    counts = {}
    for batch in chunks(sorted(set(names)), 10):
        for svc in api.call("ecs", "describe_services", cluster=cluster_name, services=batch).get("services", []):
            if svc.get("status") == "ACTIVE":
                counts[svc["serviceName"]] = svc.get("desiredCount", 0)
    return counts


class TargetHealthReader:
    """Reads a target group's targets with their AZ (from the response, else from the ENI or the instance)."""

    def __init__(self, api):
        self.api = api
        self._groups = {}
        self._azs = {}

    def group(self, arn):
        if arn not in self._groups:
            groups = self.api.call("elbv2", "describe_target_groups", TargetGroupArns=[arn])["TargetGroups"]
            self._groups[arn] = groups[0]
        return self._groups[arn]

    def targets(self, arn):
        group = self.group(arn)
        found = self.api.call("elbv2", "describe_target_health", TargetGroupArn=arn)["TargetHealthDescriptions"]
        targets = []
        for item in found:
            target, health = item.get("Target", {}), item.get("TargetHealth", {})
            az = target.get("AvailabilityZone")
            targets.append(dict(id=target.get("Id"), port=target.get("Port"), az=None if az == "all" else az,
                                state=health.get("State", "unknown"), reason=health.get("Reason"),
                                description=health.get("Description")))
        self._resolve_azs(group, [t for t in targets if not t["az"]])
        for t in targets:
            t["az"] = t["az"] or self._azs.get(t["id"])
        return sorted(targets, key=lambda t: (str(t["id"]), t["port"] or 0))

    def _resolve_azs(self, group, targets):
        unknown = sorted({t["id"] for t in targets if t["id"] not in self._azs})
        instances = [i for i in unknown if i.startswith("i-")]
        ips = [i for i in unknown if not i.startswith("i-") and not i.startswith("arn:")]
        for batch in chunks(ips, 100):
            filters = [dict(Name="addresses.private-ip-address", Values=batch)]
            if group.get("VpcId"):
                filters.append(dict(Name="vpc-id", Values=[group["VpcId"]]))
            for eni in self.api.paginate("ec2", "describe_network_interfaces", "NetworkInterfaces", Filters=filters):
                for address in eni.get("PrivateIpAddresses", []) or [{"PrivateIpAddress": eni.get("PrivateIpAddress")}]:
                    self._azs[address.get("PrivateIpAddress")] = eni.get("AvailabilityZone")
        for batch in chunks(instances, 100):
            for reservation in self.api.paginate("ec2", "describe_instances", "Reservations", InstanceIds=batch):
                for inst in reservation.get("Instances", []):
                    self._azs[inst["InstanceId"]] = inst.get("Placement", {}).get("AvailabilityZone")


class TargetsVerifier:
    """`services`: [{name, target_group_arn, min_healthy, service_name}] (service_name defaults to name)."""

    def __init__(self, api, services, cluster_name=None, min_azs=2, unhealthy_tolerance=0):
        self.api = api
        self.services = sorted(services, key=lambda s: s["name"])
        self.cluster_name = cluster_name or None
        self.min_azs = min_azs
        self.unhealthy_tolerance = unhealthy_tolerance
        self.reader = TargetHealthReader(api)
        self.samples = []
        self.min_healthy_seen = {}
        # Unhealthy targets come and go while ECS replaces their tasks: what the last poll sees may only be
        # `initial` targets. Every unhealthy target seen during the wait is kept, with its reason, for the report.
        self.unhealthy_seen = {}

    def observe(self, poll=1):
        desired = {}
        if self.cluster_name:
            desired = service_desired_counts(self.api, self.cluster_name,
                                             [s.get("service_name") or s["name"] for s in self.services])
        checks, seen = [], []
        for svc in self.services:
            floor = int(svc.get("min_healthy") or 0)
            current = desired.get(svc.get("service_name") or svc["name"])
            expected = max(floor, current or 0)
            service_checks, facts = self.observe_service(svc, expected)
            facts.update(poll=poll, desired_count=current)
            checks.extend(service_checks)
            seen.append(facts)
            self.samples.append(dict(poll=poll, service=svc["name"], healthy=facts["healthy"], expected=expected))
            previous = self.min_healthy_seen.get(svc["name"])
            self.min_healthy_seen[svc["name"]] = facts["healthy"] if previous is None else min(previous,
                                                                                               facts["healthy"])
        return Observation(checks, dict(services=seen, samples=list(self.samples),
                                        min_healthy_seen=dict(sorted(self.min_healthy_seen.items()))))

    def observe_service(self, svc, expected):
        name, arn = svc["name"], svc["target_group_arn"]
        facts = dict(name=name, target_group_arn=arn, expected_healthy=expected, healthy=0, healthy_azs=[],
                     states={}, targets=[], unhealthy_targets=[])
        try:
            targets = self.reader.targets(arn)
        except AwsCallError as exc:
            if exc.fatal or exc.code not in ("TargetGroupNotFound", "ValidationError"):
                raise
            return [Check(name, "target group exists", False, arn, exc.code, settles=False,
                          reason=f"its target group {arn} cannot be read ({exc.code})",
                          action="Apply the services layer, or correct target_group_arn")], facts
        healthy = [t for t in targets if t["state"] == "healthy"]
        unhealthy = [t for t in targets if t["state"] in UNHEALTHY_STATES]
        azs = sorted({t["az"] for t in healthy if t["az"]})
        facts.update(healthy=len(healthy), healthy_azs=azs, states=count_by(targets, "state"), targets=targets,
                     unhealthy_targets=unhealthy)
        reasons = "; ".join(f"{t['id']}:{t['port']} {t['state']} {t['reason'] or ''}".rstrip() for t in unhealthy)
        seen = self.unhealthy_seen.setdefault(name, {})
        for t in unhealthy:
            seen.setdefault((t["reason"] or t["state"], t["description"] or ""), set()).add(t["id"])
        facts["unhealthy_seen"] = [dict(reason=reason, description=description, targets=sorted(ids))
                                   for (reason, description), ids in sorted(seen.items())]
        history = "; ".join("%s (%s) on %s" % (r, d or "no description", ", ".join(sorted(ids)))
                            for (r, d), ids in sorted(seen.items()))
        checks = [
            Check(name, "healthy targets", len(healthy) >= expected, f">= {expected}",
                  f"{len(healthy)} ({describe_counts(facts['states'])})",
                  reason=f"{len(healthy)} healthy target(s) in its target group, {expected} needed"
                         + (f"; unhealthy: {reasons}" if reasons else "")
                         + (f"; unhealthy while waiting: {history}" if history else ""),
                  action="Look at the unhealthy targets' reason codes and the service's events"),
            Check(name, "healthy targets' AZs", len(azs) >= self.min_azs, f">= {self.min_azs}",
                  f"{len(azs)} ({', '.join(azs) or 'none'})",
                  reason=f"healthy targets span {len(azs)} AZ(s) ({', '.join(azs) or 'none'}), "
                         f"{self.min_azs} needed",
                  action="Check the service's placement strategy and the container instances' AZs"),
            Check(name, "unhealthy targets", len(unhealthy) <= self.unhealthy_tolerance,
                  f"<= {self.unhealthy_tolerance}", f"{len(unhealthy)}" + (f" ({reasons})" if reasons else ""),
                  reason=f"{len(unhealthy)} unhealthy target(s): {reasons}",
                  action="Fix the health check path or the application (see each target's reason code)"),
        ]
        return checks, facts
