"""ALB target health: what DescribeTargetHealth reports for every registered target, as time passes.

A registered target is ``initial`` (Elb.RegistrationInProgress) until it has passed
HealthyThresholdCount checks, ``interval`` apart; then ``healthy``. A target under a fault becomes
``unhealthy`` with the fault's reason after UnhealthyThresholdCount failed checks. A deregistered
target is ``draining`` (Target.DeregistrationInProgress) for the target group's
``deregistration_delay.timeout_seconds`` and then leaves the group. Every delay goes through the clock.
Targets registered by anyone (ECS simulation, RegisterTargets, Auto Scaling) are followed the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emulator.control_plane.settings import Clock

INITIAL = ("initial", "Elb.RegistrationInProgress", "Target registration is in progress")
DRAINING = ("draining", "Target.DeregistrationInProgress", "Target deregistration is in progress")
HEALTHY = ("healthy", None, None)


@dataclass
class TargetRecord:
    target_id: str
    port: int
    registered_at: float
    state: tuple[str, str | None, str | None] = INITIAL
    failing_since: float | None = None
    passing_since: float | None = None
    drain_until: float | None = None
    owner: Any = None  # the SimTask that registered it, if any


def records(target_group: Any) -> dict[str, TargetRecord]:
    if not hasattr(target_group, "_cp_targets"):
        target_group._cp_targets = {}
    return target_group._cp_targets


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def check_times(target_group: Any) -> tuple[int, int, int]:
    """(interval, healthy threshold, unhealthy threshold) of the group's health check."""
    return (
        _int(target_group.health_check_interval_seconds, 30),
        _int(target_group.healthy_threshold_count, 5),
        _int(target_group.unhealthy_threshold_count, 2),
    )


def deregistration_delay(target_group: Any) -> int:
    return _int(target_group.attributes.get("deregistration_delay.timeout_seconds"), 300)


def register(target_group: Any, target_id: str, port: int, clock: Clock, owner: Any = None) -> None:
    target_group.register([{"Id": target_id, "Port": port}])
    records(target_group)[target_id] = TargetRecord(target_id, port, clock.now(), owner=owner)


def start_draining(target_group: Any, target_id: str, clock: Clock) -> float:
    """Begin deregistration; returns when the drain ends (wall clock)."""
    record = records(target_group).get(target_id)
    until = clock.after(deregistration_delay(target_group))
    if record is not None and target_id in target_group.targets:
        record.state, record.drain_until = DRAINING, until
    return until


def follow(target_group: Any, clock: Clock, failure_for: Any) -> None:
    """One health-check evaluation of every target of the group.

    ``failure_for(record)`` returns (reason, description) when the target must fail its checks.
    """
    table = records(target_group)
    now = clock.now()
    for target_id, target in list(target_group.targets.items()):
        if target_id not in table:  # registered outside the simulation
            table[target_id] = TargetRecord(target_id, int(target.get("Port") or 0), now)
    interval, healthy_count, unhealthy_count = check_times(target_group)
    for target_id, record in list(table.items()):
        if target_id not in target_group.targets:  # deregistered by an API call
            del table[target_id]
            continue
        if record.drain_until is not None:
            if now >= record.drain_until:
                target_group.deregister([{"Id": target_id}])
                del table[target_id]
            continue
        if not getattr(target_group, "health_check_enabled", True):
            record.state = ("unavailable", "Target.HealthCheckDisabled", "Health checks are disabled")
            continue
        failure = failure_for(record)
        if failure:
            record.passing_since = None
            record.failing_since = record.failing_since or now
            if now >= record.failing_since + clock.wall(interval * unhealthy_count):
                record.state = ("unhealthy", failure[0], failure[1])
        else:
            record.failing_since = None
            if record.state[0] == "healthy":
                continue
            start = record.registered_at if record.state == INITIAL else (record.passing_since or now)
            record.passing_since = start
            if now >= start + clock.wall(interval * healthy_count):
                record.state, record.passing_since = HEALTHY, None


def state_of(target_group: Any, target_id: str) -> str | None:
    if target_group is None:  # deleted under a task that registered in it: no health to report
        return None
    record = records(target_group).get(target_id)
    return record.state[0] if record else None


def patch_describe_target_health() -> None:
    """DescribeTargetHealth reports the simulated state of the targets the simulation follows."""
    from moto.elbv2.models import FakeHealthStatus, FakeTargetGroup

    original = FakeTargetGroup.health_for

    def health_for(self: Any, target: dict[str, Any], ec2_backend: Any) -> Any:
        record = records(self).get(target["Id"])
        if record is None or target["Id"] not in self.targets:
            return original(self, target, ec2_backend)
        state, reason, description = record.state
        return FakeHealthStatus(record.target_id, record.port, self.health_check_port, state, reason, description)

    FakeTargetGroup.health_for = health_for
