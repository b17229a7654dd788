"""ALB target health: what DescribeTargetHealth reports for every registered target, as time passes.

A registered target is ``initial`` (Elb.RegistrationInProgress) until it has passed
HealthyThresholdCount checks, ``interval`` apart; then ``healthy``. A target under a fault becomes
``unhealthy`` with the fault's reason after UnhealthyThresholdCount failed checks. A deregistered
target is ``draining`` (Target.DeregistrationInProgress) for the target group's
``deregistration_delay.timeout_seconds`` and then leaves the group. Every delay goes through the clock.
Targets registered by anyone (ECS simulation, RegisterTargets, Auto Scaling) are followed the same way.
A target is its (Id, Port), as in AWS: two tasks on one instance (dynamic host ports) are two targets.
A target a task owns is judged by the data plane's real health checks when ``follow`` gets a ``probe_for``: its
consecutive passes and failures against the group's thresholds (a fault still overrides them).
A running service task registers in every target group of its service (IP targets for awsvpc, instance + host
port otherwise) and, when it stops, drains there (or leaves at once when it stops without a drain).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emulator.control_plane import notify
from emulator.control_plane.settings import Clock
from emulator.fixes.elbv2_targets_by_id_and_port import target_key

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


Key = tuple[str, Any]  # (Id, Port)


def records(target_group: Any) -> dict[Key, TargetRecord]:
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


def key_of(target_group: Any, target_id: str, port: int) -> Key:
    return target_key(target_group, {"Id": target_id, "Port": port})


def registered(target_group: Any) -> dict[Key, dict[str, Any]]:
    """The group's registered targets by (Id, Port), however moto keys them."""
    return {target_key(target_group, t): t for t in target_group.targets.values()}


def register(target_group: Any, target_id: str, port: int, clock: Clock, owner: Any = None) -> None:
    target_group.register([{"Id": target_id, "Port": port}])
    key = key_of(target_group, target_id, port)
    records(target_group)[key] = TargetRecord(target_id, port, clock.now(), owner=owner)


def deregister(target_group: Any, target_id: str, port: int) -> None:
    """Leave the group now (no drain)."""
    key = key_of(target_group, target_id, port)
    if key in registered(target_group):
        target_group.deregister([{"Id": target_id, "Port": port}])
    records(target_group).pop(key, None)


def start_draining(target_group: Any, target_id: str, port: int, clock: Clock) -> float:
    """Begin deregistration; returns when the drain ends (wall clock)."""
    key = key_of(target_group, target_id, port)
    record = records(target_group).get(key)
    until = clock.after(deregistration_delay(target_group))
    if record is not None and key in registered(target_group):
        record.state, record.drain_until = DRAINING, until
    return until


def register_task(region: Any, service: Any, task: Any, clock: Clock) -> None:
    """A task that starts running joins every target group of its service."""
    for load_balancer in getattr(service, "load_balancers", None) or []:
        arn = load_balancer.get("targetGroupArn")
        group = region.elbv2.target_groups.get(arn)
        if group is None:
            continue
        name, port = load_balancer.get("containerName"), int(load_balancer.get("containerPort") or 0)
        if group.target_type == "ip" and task._ip:
            target_id, target_port = task._ip, port
        else:
            target_id, target_port = task._instance.ec2_instance_id, task._host_ports.get((name, port), port)
        register(group, target_id, target_port, clock, owner=task)
        task._targets.append((arn, target_id, target_port))
        notify.service_event(service, f"registered 1 targets in (target-group {arn})")


def drain_task(region: Any, service: Any, task: Any, clock: Clock) -> float:
    """A stopping task's targets start draining; returns when the last drain ends (wall clock)."""
    ends = [
        start_draining(region.elbv2.target_groups[arn], target_id, port, clock)
        for arn, target_id, port in task._targets
        if arn in region.elbv2.target_groups
    ]
    until = max(ends, default=clock.now())
    notify.service_event(service, "has begun draining connections on 1 tasks.")
    for arn, _dummy, _dummy in task._targets:
        notify.service_event(service, f"deregistered 1 targets in (target-group {arn})")
    return until


def deregister_task(region: Any, task: Any) -> None:
    """A stopped task's targets that are not draining (an immediate stop) leave their groups now."""
    for arn, target_id, port in task._targets:
        group = region.elbv2.target_groups.get(arn)
        if group is not None and state_of(group, target_id, port) != "draining":
            deregister(group, target_id, port)


def follow(target_group: Any, clock: Clock, failure_for: Any, probe_for: Any = None) -> None:
    """One health-check evaluation of every target of the group.

    ``failure_for(record)`` returns (reason, description) when the target must fail its checks (a fault);
    ``probe_for(record)``, when given, the real health checks' probe of a target, or None (no task owns it).
    """
    table = records(target_group)
    now = clock.now()
    current = registered(target_group)
    for key, target in current.items():
        if key not in table:  # registered outside the simulation
            table[key] = TargetRecord(key[0], int(target.get("Port") or 0), now)
    interval, healthy_count, unhealthy_count = check_times(target_group)
    for key, record in list(table.items()):
        if key not in current:  # deregistered by an API call
            del table[key]
            continue
        if record.drain_until is not None:
            if now >= record.drain_until:
                target_group.deregister([{"Id": record.target_id, "Port": record.port}])
                del table[key]
            continue
        if not getattr(target_group, "health_check_enabled", True):
            record.state = ("unavailable", "Target.HealthCheckDisabled", "Health checks are disabled")
            continue
        failure = failure_for(record)
        probe = probe_for(record) if probe_for is not None else None
        if probe is not None:
            if not failure:
                judge(record, probe.result, healthy_count, unhealthy_count)
                continue
            probe.restart()  # once the fault ends, the thresholds count from zero
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


def judge(record: TargetRecord, result: tuple[int, int, Any], healthy_count: int, unhealthy_count: int) -> None:
    """The state real checks give: unhealthy after UnhealthyThresholdCount failures in a row, healthy after
    HealthyThresholdCount passes in a row; otherwise the state stays (initial, healthy or unhealthy)."""
    passes, failures, failure = result
    record.failing_since = record.passing_since = None
    if failure is not None and failures >= unhealthy_count:
        record.state = ("unhealthy", failure[0], failure[1])
    elif passes >= healthy_count:
        record.state = HEALTHY


def record_of(target_group: Any, target_id: str, port: int) -> TargetRecord | None:
    if target_group is None:  # deleted under a task that registered in it: no health to report
        return None
    return records(target_group).get(key_of(target_group, target_id, port))


def state_of(target_group: Any, target_id: str, port: int) -> str | None:
    record = record_of(target_group, target_id, port)
    return record.state[0] if record else None


def states(target_group: Any) -> list[str | None]:
    """The state of every registered target of the group."""
    table = records(target_group)
    return [table[key].state[0] if key in table else None for key in registered(target_group)]


def patch_describe_target_health() -> None:
    """DescribeTargetHealth reports the simulated state of the targets the simulation follows."""
    from moto.elbv2.models import FakeHealthStatus, FakeTargetGroup

    original = FakeTargetGroup.health_for

    def health_for(self: Any, target: dict[str, Any], ec2_backend: Any) -> Any:
        key = target_key(self, target)
        record = records(self).get(key)
        if record is None or key not in registered(self):
            return original(self, target, ec2_backend)
        state, reason, description = record.state
        return FakeHealthStatus(record.target_id, record.port, self.health_check_port, state, reason, description)

    FakeTargetGroup.health_for = health_for
