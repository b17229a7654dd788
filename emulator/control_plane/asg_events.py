"""Auto Scaling instance events on the default bus: "EC2 Instance Launch Successful" / "... Terminate Successful".

Each tick compares every group's instances with the previous tick's: an instance that joined was launched,
one that left and is terminated (or gone) was terminated (one that left still running was detached: no
event). The Cause is written as Auto Scaling writes it:

- a capacity change by UpdateAutoScalingGroup / SetDesiredCapacity / CreateAutoScalingGroup, recorded when the
  call is made: "At <ts> a user request update of AutoScalingGroup constraints to min: a, max: b, desired: c
  changing the desired capacity from x to y.  At <ts> an instance was taken out of service in response to a
  difference between desired and actual capacity, shrinking the capacity from x to y." (or "started ...
  increasing the capacity");
- an instance terminated outside the group's decision (a Spot reclaim: ``spot.tick`` marks it) or without a
  capacity decrease: "At <ts> an instance was taken out of service in response to an EC2 health check
  indicating it has been terminated or stopped."; its replacement: "At <ts> an instance was started in
  response to a difference between desired and actual capacity, increasing the capacity from x to y."

ECS managed scaling raises the desired capacity through SetDesiredCapacity here (AWS uses a target tracking
policy, whose Cause names its alarm): its launches read as "a user request explicitly set group desired capacity".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from emulator.control_plane import backends, notify

HEALTH_CHECK_TERMINATION = "an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped."  # noqa: E501


def aws_time(at: datetime | None = None) -> str:
    return (at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class CapacityChange:
    text: str
    old: int
    new: int

    @property
    def grew(self) -> bool:
        return self.new > self.old


def mark_health_terminated(instance: Any) -> None:
    """Called before the group loses an instance it did not decide to remove (Spot reclaim)."""
    instance._cp_health_terminated = True


def record_change(group: Any, text: str, old: int, new: int) -> None:
    if old != new:
        group._cp_capacity_change = CapacityChange(text, old, new)


def install() -> None:
    """Record why a group's desired capacity changed, at the call that changed it."""
    from moto.autoscaling.models import AutoScalingBackend

    original_update = AutoScalingBackend.update_auto_scaling_group
    original_set = AutoScalingBackend.set_desired_capacity
    original_create = AutoScalingBackend.create_auto_scaling_group

    def update_auto_scaling_group(self: Any, *args: Any, **kwargs: Any) -> Any:
        name = kwargs.get("name", args[0] if args else None)
        group = self.autoscaling_groups.get(name)
        before = group.desired_capacity if group is not None else None
        result = original_update(self, *args, **kwargs)
        group = self.autoscaling_groups.get(name)
        if group is not None and before is not None:
            text = (
                f"At {aws_time()} a user request update of AutoScalingGroup constraints to min: {group.min_size}, "
                f"max: {group.max_size}, desired: {group.desired_capacity} changing the desired capacity from "
                f"{before} to {group.desired_capacity}."
            )
            record_change(group, text, before or 0, group.desired_capacity or 0)
        return result

    def set_desired_capacity(self: Any, group_name: str, desired_capacity: int | None) -> None:
        group = self.autoscaling_groups.get(group_name)
        before = group.desired_capacity if group is not None else None
        original_set(self, group_name, desired_capacity)
        if group is not None and before is not None:
            text = (
                f"At {aws_time()} a user request explicitly set group desired capacity changing the desired "
                f"capacity from {before} to {group.desired_capacity}."
            )
            record_change(group, text, before or 0, group.desired_capacity or 0)

    def create_auto_scaling_group(self: Any, *args: Any, **kwargs: Any) -> Any:
        group = original_create(self, *args, **kwargs)
        desired = group.desired_capacity or 0
        text = (
            f"At {aws_time()} a user request created an AutoScalingGroup changing the desired capacity from 0 to "
            f"{desired}."
        )
        record_change(group, text, 0, desired)
        return group

    AutoScalingBackend.update_auto_scaling_group = update_auto_scaling_group
    AutoScalingBackend.set_desired_capacity = set_desired_capacity
    AutoScalingBackend.create_auto_scaling_group = create_auto_scaling_group


class GroupWatcher:
    """Per group: the instances seen at the previous tick (id -> instance)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.sent = 0

    def tick(self) -> None:
        from moto.autoscaling.models import autoscaling_backends
        from moto.events.models import events_backends

        alive: set[tuple[str, str, str]] = set()
        for account, region_name, backend in backends.existing(autoscaling_backends):
            for group in list(backend.autoscaling_groups.values()):
                group_key = (account, region_name, group.arn)
                alive.add(group_key)
                now = {state.instance.id: state.instance for state in group.instance_states}
                before = self.seen.get(group_key, {})
                self.seen[group_key] = now
                added = [i for i in now if i not in before]
                removed = [i for i in before if i not in now]
                if not added and not removed:
                    continue
                bus = _Bus(events_backends[account][region_name], account, region_name)
                change = getattr(group, "_cp_capacity_change", None)
                count = len(before)
                for instance_id in removed:
                    instance = before[instance_id]
                    if getattr(instance, "state", "terminated") not in ("terminated", "shutting-down", "stopped"):
                        continue  # detached, not terminated
                    cause, count = self.termination_cause(instance, change, count)
                    self.emit(bus, group, instance, "EC2 Instance Terminate Successful", cause)
                for instance_id in added:
                    cause, count = self.launch_cause(change, count)
                    self.emit(bus, group, now[instance_id], "EC2 Instance Launch Successful", cause)
                if change is not None and ((added and change.grew) or (removed and not change.grew)):
                    group._cp_capacity_change = None  # used up
        for gone in set(self.seen) - alive:
            del self.seen[gone]

    @staticmethod
    def termination_cause(instance: Any, change: CapacityChange | None, count: int) -> tuple[str, int]:
        stamp = aws_time()
        if getattr(instance, "_cp_health_terminated", False) or change is None or change.new >= change.old:
            return f"At {stamp} {HEALTH_CHECK_TERMINATION}", count - 1
        return (
            f"{change.text}  At {stamp} an instance was taken out of service in response to a difference between "
            f"desired and actual capacity, shrinking the capacity from {change.old} to {change.new}.",
            count - 1,
        )

    @staticmethod
    def launch_cause(change: CapacityChange | None, count: int) -> tuple[str, int]:
        stamp = aws_time()
        if change is not None and change.new > change.old:
            return (
                f"{change.text}  At {stamp} an instance was started in response to a difference between desired and "
                f"actual capacity, increasing the capacity from {change.old} to {change.new}.",
                count + 1,
            )
        return (
            f"At {stamp} an instance was started in response to a difference between desired and actual capacity, "
            f"increasing the capacity from {count} to {count + 1}.",
            count + 1,
        )

    def emit(self, bus: _Bus, group: Any, instance: Any, detail_type: str, cause: str) -> None:
        launching = detail_type.startswith("EC2 Instance Launch")
        stamp = notify.iso_millis()
        detail = {
            "Origin": "EC2" if launching else "AutoScalingGroup",
            "Destination": "AutoScalingGroup" if launching else "EC2",
            "StatusCode": "InProgress",
            "Description": f"{'Launching a new' if launching else 'Terminating'} EC2 instance: {instance.id}",
            "AutoScalingGroupName": group.name,
            "ActivityId": str(uuid.uuid4()),
            "Details": {
                "Availability Zone": getattr(instance, "availability_zone", None) or "",
                "Subnet ID": getattr(instance, "subnet_id", None) or "",
            },
            "RequestId": str(uuid.uuid4()),
            "StatusMessage": "",
            "EndTime": stamp,
            "EC2InstanceId": instance.id,
            "StartTime": stamp,
            "Cause": cause,
        }
        instance_arn = f"arn:aws:ec2:{bus.name}:{bus.account_id}:instance/{instance.id}"
        notify.put_event(bus, "aws.autoscaling", detail_type, detail, [group.arn, instance_arn])
        self.sent += 1


@dataclass
class _Bus:
    """What notify.put_event needs of a region: its events backend."""

    events: Any
    account_id: str
    name: str
