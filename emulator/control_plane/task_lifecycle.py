"""A placed service task's way to STOPPED: PENDING -> RUNNING after TASK_START_DELAY (targets registered then);
a stop drains its targets for the deregistration delay (DEACTIVATING) and then it is STOPPED, its CPU, memory, ports
and ENI given back; stopped tasks stay visible to DescribeTasks for STOPPED_TASK_RETENTION."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from emulator.control_plane import eni, notify, ports, targets
from emulator.control_plane.service_state import ServiceState, state_of
from emulator.control_plane.settings import STOPPED_TASK_RETENTION, Clock, utcnow
from emulator.control_plane.tasks import SimTask, reserve

# Observers of a task that starts RUNNING and of one that is STOPPED (the data plane's stand-in servers start and get
# their SIGTERM); called under the control plane's lock, so they must not wait.
on_running: list[Callable[[SimTask], None]] = []
on_stopped: list[Callable[[SimTask], None]] = []


def mark_running(clock: Clock, region: Any, service: Any, task: SimTask) -> None:
    task.last_status = "RUNNING"
    task.started_at = task.pull_stopped_at = utcnow()
    task.connectivity, task.connectivity_at = "CONNECTED", task.started_at
    task._started_mono = clock.now()
    task.set_container_status("RUNNING")
    ci = task._instance
    ci.pending_tasks_count = max(0, ci.pending_tasks_count - 1)
    ci.running_tasks_count += 1
    for observer in on_running:
        observer(task)
    targets.register_task(region, service, task, clock)


def stop(
    clock: Clock,
    region: Any,
    service: Any,
    task: SimTask,
    reason: str,
    failed: bool = False,
    exit_code: int | None = None,
    stop_code: str = "ServiceSchedulerInitiated",
) -> None:
    """A failed task counts in its deployment's failedTasks (what the circuit breaker counts)."""
    if not task.live:
        return
    task.desired_status = "STOPPED"
    task.stopped_reason, task.stop_code = reason, stop_code
    task.stopping_at = utcnow()
    task._exit_code = exit_code
    if failed:
        task._failed = True
        for deployment in state_of(service).deployments:
            if deployment.id == task._deployment_id:
                deployment.failed_tasks += 1
    notify.service_event(service, f"has stopped 1 running tasks: (task {task.id}).")
    if task.last_status == "RUNNING" and task._targets:
        task.last_status = "DEACTIVATING"
        task._stop_at = targets.drain_task(region, service, task, clock)
    else:
        finalize(clock, region, task)


def finalize(clock: Clock, region: Any, task: SimTask) -> None:
    was = task.last_status
    task.last_status = "STOPPED"
    task.desired_status = "STOPPED"
    task.stopped_at = task.execution_stopped_at = utcnow()
    task._stopped_mono = clock.now()
    exit_code = getattr(task, "_exit_code", None)
    task.set_container_status("STOPPED", exit_code if exit_code is not None else (1 if task._failed else 0))
    ci = task._instance
    if ci is not None:
        reserve(ci, task._cpu, task._memory, sign=-1)
        if was == "PENDING":
            ci.pending_tasks_count = max(0, ci.pending_tasks_count - 1)
        elif was in ("RUNNING", "DEACTIVATING", "STOPPING"):
            ci.running_tasks_count = max(0, ci.running_tasks_count - 1)
        ports.release(ci, task)
    eni.release(region, task)
    targets.deregister_task(region, task)
    for observer in on_stopped:
        observer(task)


def stop_tasks_on(clock: Clock, region: Any, container_instance: Any, reason: str) -> None:
    """The instance is gone: its tasks stop at once (targets still drain)."""
    for service in list(region.ecs.services.values()):
        state = getattr(service, "_cp_state", None)
        for task in list(state.tasks if state else []):
            if task._instance is container_instance and task.last_status != "STOPPED":
                stop(clock, region, service, task, reason, stop_code="TerminationNotice")
                if task.last_status != "STOPPED":
                    finalize(clock, region, task)


def prune(clock: Clock, region: Any, state: ServiceState) -> None:
    """Forget the tasks stopped longer ago than DescribeTasks shows them."""
    horizon = clock.wall(STOPPED_TASK_RETENTION)
    now = clock.now()
    for task in list(state.tasks):
        if task.last_status == "STOPPED" and task._stopped_mono is not None and now - task._stopped_mono > horizon:
            state.tasks.remove(task)
            region.ecs.tasks.get(task.cluster_name, {}).pop(task.task_arn, None)
