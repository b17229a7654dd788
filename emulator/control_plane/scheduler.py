"""The ECS service scheduler: what CreateService/UpdateService/StopTask start, and the tick that moves services on.

Per REPLICA service, every tick:
1. tasks move on (``task_lifecycle``): PROVISIONING tasks are placed when room appears (``placement``), PENDING ->
   RUNNING, drained tasks STOPPED; a running task's health follows its targets (``task_health``);
2. failing tasks are stopped (``task_health``);
3. the circuit breaker (``deployments``), then the rolling update (``rolling``);
4. the deployment completes (``deployments``), then Availability Zone rebalancing (``rebalancing``);
5. long-stopped tasks are forgotten, and DescribeServices/DescribeClusters show the result.
"""

from __future__ import annotations

from typing import Any

from emulator.control_plane import deployments, placement, rebalancing, rolling, task_health, task_lifecycle
from emulator.control_plane.faults import Faults
from emulator.control_plane.service_state import state_of
from emulator.control_plane.settings import Clock
from emulator.control_plane.tasks import SimTask


class Scheduler:
    def __init__(self, clock: Clock, faults: Faults) -> None:
        self.clock = clock
        self.faults = faults

    # ---- what the API patches and the ECS agent call --------------------------------------------
    def on_create(self, region: Any, service: Any) -> None:
        state_of(service)
        deployments.render(service)

    def on_update(self, region: Any, service: Any, new_deployment: bool) -> None:
        state = state_of(service)
        if new_deployment:
            deployments.start_deployment(region, service, service.task_definition)
        state.steady = False
        deployments.render(service)

    def user_stop(self, region: Any, task: SimTask, reason: str) -> None:
        task_lifecycle.stop(
            self.clock, region, task._service, task, reason or "Task stopped by user", stop_code="UserInitiated"
        )

    def stop_tasks_on(self, region: Any, container_instance: Any, reason: str) -> None:
        task_lifecycle.stop_tasks_on(self.clock, region, container_instance, reason)

    # ---- the tick -------------------------------------------------------------------------------
    def tick(self, region: Any) -> None:
        for service in list(region.ecs.services.values()):
            if service.task_definition is None or getattr(service, "scheduling_strategy", "REPLICA") == "DAEMON":
                continue
            self.reconcile(region, service)
        update_cluster_counts(region)

    def reconcile(self, region: Any, service: Any) -> None:
        state = state_of(service)
        if service.status == "ACTIVE" and state.deployments[0].task_definition != service.task_definition:
            deployments.start_deployment(region, service, service.task_definition)  # changed behind our back
        for task in list(state.tasks):
            self.progress(region, service, task)
        task_health.check_failures(self.clock, self.faults, region, service, state)
        deployments.check_circuit_breaker(region, service, state)
        rolling.roll(self.clock, region, service, state)
        deployments.check_completion(region, service, state)
        rebalancing.step(self.clock, region, service, state)
        task_lifecycle.prune(self.clock, region, state)
        deployments.render(service)

    def progress(self, region: Any, service: Any, task: SimTask) -> None:
        clock = self.clock
        if task.last_status == "PROVISIONING" and task.live:
            placement.place(clock, region, service, task)
        elif task.last_status == "PENDING" and task.live and clock.reached(task._running_at):
            task_lifecycle.mark_running(clock, region, service, task)
        elif task.last_status in ("DEACTIVATING", "STOPPING") and clock.reached(task._stop_at):
            task_lifecycle.finalize(clock, region, task)
        if task.last_status == "RUNNING":
            task.health_status = task_health.health_status(self.faults, region, task)
            for container in task.containers:
                container["healthStatus"] = task.health_status


def update_cluster_counts(region: Any) -> None:
    """DescribeClusters' running/pending task and active service counts."""
    for cluster in list(region.ecs.clusters.values()):
        tasks = list(region.ecs.tasks.get(cluster.name, {}).values())
        cluster.running_tasks_count = sum(1 for t in tasks if t.last_status == "RUNNING")
        cluster.pending_tasks_count = sum(1 for t in tasks if t.last_status in ("PROVISIONING", "PENDING"))
        cluster.active_services_count = sum(
            1 for s in region.ecs.services.values() if s.cluster_name == cluster.name and s.status == "ACTIVE"
        )
