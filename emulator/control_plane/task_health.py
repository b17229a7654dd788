"""A service task's health, and the stopping of failing tasks.

A task behind a load balancer is as healthy as its targets; without one, a failing image's task is UNHEALTHY. A
running task whose target is unhealthy once the health check grace period is over is stopped ("Task failed ELB
health checks"); without a load balancer, a failing image's essential container exits after a while.
"""

from __future__ import annotations

from typing import Any

from emulator.control_plane import notify, targets, task_lifecycle
from emulator.control_plane.faults import Faults
from emulator.control_plane.service_state import ServiceState
from emulator.control_plane.settings import FAILING_CONTAINER_EXIT_DELAY, Clock
from emulator.control_plane.tasks import SimTask


def health_status(faults: Faults, region: Any, task: SimTask) -> str:
    """The healthStatus DescribeTasks reports."""
    if not task._targets:
        return "UNHEALTHY" if faults.image_fails(task.images) else "UNKNOWN"
    states = [targets.state_of(region.elbv2.target_groups.get(arn), tid, port) for arn, tid, port in task._targets]
    if all(s == "healthy" for s in states):
        return "HEALTHY"
    return "UNHEALTHY" if "unhealthy" in states else "UNKNOWN"


def healthy(task: SimTask) -> bool:
    """Counts towards minimumHealthyPercent: running and, behind a load balancer, healthy there."""
    if task.last_status != "RUNNING" or not task.live:
        return False
    return task.health_status == "HEALTHY" if task._targets else True


def check_failures(clock: Clock, faults: Faults, region: Any, service: Any, state: ServiceState) -> None:
    grace = clock.wall(getattr(service, "health_check_grace_period_seconds", None) or 0)
    for task in state.tasks:
        if not task.live or task.last_status != "RUNNING":
            continue
        if task._targets:
            for arn, target_id, port in task._targets:
                group = region.elbv2.target_groups.get(arn)
                record = targets.record_of(group, target_id, port)
                if record is None or record.state[0] != "unhealthy":
                    continue
                if clock.now() < (task._started_mono or 0) + grace:
                    break
                reason = record.state[2]
                notify.service_event(
                    service,
                    f"(task {task.id}) (port {port}) is unhealthy in (target-group {arn}) due to (reason {reason}).",
                )
                task_lifecycle.stop(
                    clock, region, service, task, f"Task failed ELB health checks in (target-group {arn})", True
                )
                break
        elif faults.image_fails(task.images):
            task._exit_at = task._exit_at or clock.after(FAILING_CONTAINER_EXIT_DELAY)
            if clock.reached(task._exit_at):
                task_lifecycle.stop(
                    clock,
                    region,
                    service,
                    task,
                    "Essential container in task exited",
                    True,
                    exit_code=1,
                    stop_code="EssentialContainerExited",
                )
