"""The rolling update, with the service's minimumHealthyPercent / maximumPercent.

New tasks of the PRIMARY deployment start first (up to maximumPercent of desired in total); old tasks (older
deployments, tasks on DRAINING instances, surplus) stop only while enough healthy tasks remain.
"""

from __future__ import annotations

import math
from typing import Any

from emulator.control_plane import placement, task_lifecycle
from emulator.control_plane.service_state import ServiceState
from emulator.control_plane.settings import Clock
from emulator.control_plane.task_health import healthy
from emulator.control_plane.tasks import SimTask

DEFAULT_MAXIMUM_PERCENT = 200
DEFAULT_MINIMUM_HEALTHY_PERCENT = 100
REPLACED = "Task stopped by ECS deployment (replaced by a newer deployment)"


def roll(clock: Clock, region: Any, service: Any, state: ServiceState) -> None:
    primary = state.deployments[0]
    desired = service.desired_count if service.status == "ACTIVE" else 0
    config = getattr(service, "deployment_configuration", None) or {}
    maximum = math.floor(desired * int(config.get("maximumPercent", DEFAULT_MAXIMUM_PERCENT)) / 100)
    minimum = math.ceil(desired * int(config.get("minimumHealthyPercent", DEFAULT_MINIMUM_HEALTHY_PERCENT)) / 100)
    live = [t for t in state.tasks if t.live]
    keep = [
        t
        for t in live
        if t._deployment_id == primary.id and not on_draining_instance(t) and t is not state.rebalance_task
    ]

    # start: PRIMARY first, within maximumPercent (a FAILED deployment launches nothing more)
    if primary.rollout_state != "FAILED":
        placement.launch(clock, region, service, state, primary, min(desired - len(keep), max(0, maximum - len(live))))

    # stop: surplus PRIMARY tasks (scale-in), newest AZ-heavy first
    if len(keep) > desired:
        for task in scale_in_order(keep)[: len(keep) - desired]:
            task_lifecycle.stop(clock, region, service, task, "Service scaled in")
        live = [t for t in state.tasks if t.live]

    # stop: old tasks while the healthy ones stay at or above minimumHealthyPercent
    old = [t for t in live if t._deployment_id != primary.id or on_draining_instance(t)]
    healthy_total = sum(1 for t in live if healthy(t))
    for task in sorted(old, key=lambda t: (healthy(t), t.created_at)):
        if not healthy(task):
            reason = "Container instance is draining" if on_draining_instance(task) else REPLACED
            task_lifecycle.stop(clock, region, service, task, reason)
        elif healthy_total - 1 >= minimum:
            task_lifecycle.stop(clock, region, service, task, REPLACED)
            healthy_total -= 1


def scale_in_order(tasks: list[SimTask]) -> list[SimTask]:
    """Unhealthy first, then the AZ with most tasks, then the newest."""
    per_zone: dict[str | None, int] = {}
    for task in tasks:
        per_zone[task.availability_zone] = per_zone.get(task.availability_zone, 0) + 1
    return sorted(tasks, key=lambda t: (healthy(t), -per_zone[t.availability_zone], -t.created_at.timestamp()))


def on_draining_instance(task: SimTask) -> bool:
    return task._instance is not None and task._instance.status != "ACTIVE"
