"""Where a service's new tasks go: ACTIVE container instances of its capacity providers (in its awsvpc subnets' AZs)
with room for the task's CPU and memory, spread over AZs, then over instances (ECS's default for services).

A task without a place stays PROVISIONING when the service uses capacity providers (managed scaling reacts), or is
not started at all, with an "unable to place a task" event, under launch type EC2.
"""

from __future__ import annotations

from typing import Any

from emulator.control_plane import eni, notify, ports
from emulator.control_plane.service_state import Deployment, ServiceState, state_of
from emulator.control_plane.settings import TASK_START_DELAY, Clock, utcnow
from emulator.control_plane.tasks import SimTask, free, reserve

UNPLACEABLE_EVENT_EVERY = 60.0  # AWS seconds between two "unable to place" events of a service


def launch(
    clock: Clock,
    region: Any,
    service: Any,
    state: ServiceState,
    deployment: Deployment,
    count: int,
    zone: str | None = None,
) -> list[SimTask]:
    """Starts up to `count` tasks (only where one fits in `zone` when given: nothing waits for capacity then)."""
    if count <= 0:
        return []
    cluster = region.ecs.clusters.get(service.cluster_name)
    if cluster is None:
        return []
    task_definition = region.ecs.describe_task_definition(deployment.task_definition)
    started = []
    for _dummy in range(count):
        task = SimTask(
            region=region,
            cluster=cluster,
            service=service,
            task_definition=task_definition,
            deployment_id=deployment.id,
        )
        placed = place(clock, region, service, task, zone)
        if not placed and zone is not None:
            break
        if not placed and not task.capacity_provider_name:
            unplaceable(clock, service, state, task)
            break
        state.tasks.append(task)
        region.ecs.tasks.setdefault(cluster.name, {})[task.task_arn] = task
        started.append(task)
    if started and zone is None:
        ids = " ".join(f"(task {t.id})" for t in started)
        notify.service_event(service, f"has started {len(started)} tasks: {ids}.")
    return started


def unplaceable(clock: Clock, service: Any, state: ServiceState, task: SimTask) -> None:
    if clock.now() < state.unplaceable_event_at:
        return
    state.unplaceable_event_at = clock.after(UNPLACEABLE_EVENT_EVERY)
    notify.service_event(
        service,
        "was unable to place a task because no container instance met all of its requirements. "
        f"The closest matching container-instance has insufficient CPU or memory (task needs {task._cpu} CPU "
        f"units and {task._memory} MiB).",
    )


def candidates(region: Any, service: Any, task: SimTask, zone: str | None = None) -> list[tuple[Any, str | None]]:
    """(container instance, subnet for awsvpc) pairs where the task fits (in `zone` when given)."""
    return [
        (ci, subnet_id)
        for ci, subnet_id in eligible(region, service, task._network_mode)
        if zone in (None, ci.attributes.get("ecs.availability-zone"))
        and free(ci)[0] >= task._cpu
        and free(ci)[1] >= task._memory
    ]


def zones(region: Any, service: Any, network_mode: str) -> set[str]:
    """The AZs the service can run tasks in: those of its eligible container instances (and subnets)."""
    return {ci.attributes.get("ecs.availability-zone") or "" for ci, _dummy in eligible(region, service, network_mode)}


def eligible(region: Any, service: Any, network_mode: str) -> list[tuple[Any, str | None]]:
    """(container instance, subnet for awsvpc) pairs that may take the service's tasks, room or not."""
    providers = {s["capacityProvider"] for s in (getattr(service, "capacity_provider_strategy", None) or [])}
    subnets_by_zone: dict[str, str] = {}
    if network_mode == "awsvpc":
        awsvpc = (service.network_configuration or {}).get("awsvpcConfiguration") or {}
        for subnet_id in awsvpc.get("subnets") or []:
            try:
                subnet = region.ec2.get_subnet(subnet_id)
            except Exception:  # noqa: S112 - a deleted subnet just offers no place
                continue
            subnets_by_zone.setdefault(subnet.availability_zone, subnet_id)
    found = []
    for ci in region.ecs.container_instances.get(service.cluster_name, {}).values():
        if ci.status != "ACTIVE" or not getattr(ci, "agent_connected", True):
            continue
        if providers and getattr(ci, "capacity_provider_name", None) not in providers:
            continue
        zone = ci.attributes.get("ecs.availability-zone")
        if network_mode == "awsvpc" and zone not in subnets_by_zone:
            continue
        found.append((ci, subnets_by_zone.get(zone)))
    return found


def place(clock: Clock, region: Any, service: Any, task: SimTask, zone: str | None = None) -> bool:
    """Spread over AZs, then over instances; the task is PENDING on its instance with its ENI or host ports."""
    options = candidates(region, service, task, zone)
    if not options:
        return False
    state = state_of(service)
    mine = [t for t in state.tasks if t.live and t._instance is not None]

    def spread(option: tuple[Any, str | None]) -> tuple[int, int, str]:
        ci = option[0]
        zone = ci.attributes.get("ecs.availability-zone")
        return (
            sum(1 for t in mine if t.availability_zone == zone),
            sum(1 for t in mine if t._instance is ci),
            zone or "",
        )

    ci, subnet_id = min(options, key=spread)
    if task._network_mode == "awsvpc" and subnet_id:
        eni.attach(region, service, task, subnet_id)  # first: the only step that can fail
    task._instance = ci
    task.container_instance_arn = ci.container_instance_arn
    task.availability_zone = ci.attributes.get("ecs.availability-zone")
    reserve(ci, task._cpu, task._memory)
    ci.pending_tasks_count += 1
    task.last_status = "PENDING"
    task.pull_started_at = utcnow()
    task._running_at = clock.after(TASK_START_DELAY)
    if task._network_mode != "awsvpc":
        ports.bind(task)
    return True
