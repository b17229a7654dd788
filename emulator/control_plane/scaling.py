"""Capacity provider managed scaling: tasks waiting for capacity make the Auto Scaling group grow.

ECS computes how many instances the provider needs, N = instances running at least one task + the
instances the PROVISIONING tasks would fill, and sets the group's desired capacity to
ceil(N * 100 / targetCapacity) (so targetCapacity 80 keeps spare room), within the group's maximum and
the provider's scaling step sizes. This is what breaks the "tasks pending, no instance" deadlock.
Only scale-out is simulated: the emulator never lowers a group's desired capacity. ECS raises the group
MANAGED_SCALING_REACTION after tasks started waiting (its metric and alarm take that long in AWS), not at once: a
scale-out through new instances leaves tasks short for as long as it does in AWS, which the alarms must tolerate.
"""

from __future__ import annotations

import math
from typing import Any

from emulator.control_plane.agent import instance_capacity
from emulator.control_plane.backends import Region
from emulator.control_plane.settings import MANAGED_SCALING_REACTION, Clock


def bins_needed(sizes: list[tuple[int, int]], capacity: tuple[int, int]) -> int:
    """Instances of ``capacity`` that first-fit-decreasing packing of the tasks' (cpu, memory) fills."""
    bins: list[list[int]] = []
    for cpu, memory in sorted(sizes, key=lambda s: (s[1], s[0]), reverse=True):
        if cpu > capacity[0] or memory > capacity[1]:
            continue  # can never fit on this instance type; scaling will not help
        for room in bins:
            if room[0] >= cpu and room[1] >= memory:
                room[0] -= cpu
                room[1] -= memory
                break
        else:
            bins.append([capacity[0] - cpu, capacity[1] - memory])
    return len(bins)


def group_instance_capacity(group: Any) -> tuple[int, int]:
    instances = [state.instance for state in group.instance_states]
    instance_type = instances[-1].instance_type if instances else None
    if not instance_type:
        overrides = ((group.mixed_instances_policy or {}).get("LaunchTemplate") or {}).get("Overrides") or []
        instance_type = overrides[0].get("InstanceType") if overrides else group.instance_type
    return instance_capacity(instance_type or "")


def desired_for(provider: Any, group: Any, busy: int, extra: int) -> int | None:
    scaling = (provider.auto_scaling_group_provider or {}).get("managedScaling") or {}
    if scaling.get("status") != "ENABLED":
        return None
    target = min(100, max(1, int(scaling.get("targetCapacity") or 100)))
    needed = busy + extra
    wanted = math.ceil(needed * 100 / target) if needed else 0
    current = group.desired_capacity or 0
    if wanted <= current:
        return None
    step_min = int(scaling.get("minimumScalingStepSize") or 1)
    step_max = int(scaling.get("maximumScalingStepSize") or 10000)
    wanted = min(max(wanted, current + step_min), current + step_max, group.max_size)
    return wanted if wanted > current else None


def tick(region: Region, clock: Clock, waiting_since: dict[str, float]) -> None:
    """``waiting_since``: per capacity provider, when the simulation first saw tasks waiting for it."""
    for provider in list(region.ecs.capacity_providers.values()):
        arn = (provider.auto_scaling_group_provider or {}).get("autoScalingGroupArn")
        group = region.group_by_arn(arn) if arn else None
        if group is None:
            continue
        clusters = [c.name for c in region.ecs.clusters.values() if provider.name in (c.capacity_providers or [])]
        members = [
            ci
            for name in clusters
            for ci in region.ecs.container_instances.get(name, {}).values()
            if getattr(ci, "capacity_provider_name", None) == provider.name
        ]
        busy = sum(1 for ci in members if getattr(ci, "running_tasks_count", 0) + ci.pending_tasks_count > 0)
        waiting = [
            (task._cpu, task._memory)
            for name in clusters
            for task in region.ecs.tasks.get(name, {}).values()
            if getattr(task, "last_status", None) == "PROVISIONING"
            and getattr(task, "live", False)
            and getattr(task, "capacity_provider_name", None) == provider.name
        ]
        extra = bins_needed(waiting, group_instance_capacity(group)) if waiting else 0
        wanted = desired_for(provider, group, busy, extra)
        if wanted is None:
            waiting_since.pop(provider.capacity_provider_arn, None)
            continue
        since = waiting_since.setdefault(provider.capacity_provider_arn, clock.now())
        if clock.reached(since + clock.wall(MANAGED_SCALING_REACTION)):
            region.autoscaling.set_desired_capacity(group.name, wanted)
            waiting_since.pop(provider.capacity_provider_arn, None)
