"""Changes to moto's ECS backend so its API reflects the simulation.

- CreateService/UpdateService hand the service to the scheduler (a new task definition or
  forceNewDeployment starts a deployment; counts come from real tasks, not from desiredCount);
  UpdateService stores the task definition ARN, not the family:revision string it was given.
- ListTasks filters on serviceName and defaults to desiredStatus RUNNING, as AWS does.
- StopTask of a service task stops it through the scheduler (targets drain first).
"""

from __future__ import annotations

from typing import Any

from emulator.control_plane.backends import Region
from emulator.control_plane.tasks import SimTask


def install(control_plane: Any) -> None:
    from moto.ecs.models import EC2ContainerServiceBackend

    scheduler = control_plane.scheduler
    original_create = EC2ContainerServiceBackend.create_service
    original_update = EC2ContainerServiceBackend.update_service
    original_stop = EC2ContainerServiceBackend.stop_task

    def region_of(backend: Any) -> Region:
        return Region(backend.account_id, backend.region_name, backend)

    def create_service(self: Any, *args: Any, **kwargs: Any) -> Any:
        service = original_create(self, *args, **kwargs)
        scheduler.on_create(region_of(self), service)
        return service

    def update_service(self: Any, properties: dict[str, Any]) -> Any:
        service = self._get_service(properties.get("cluster", "default"), properties["service"].split("/")[-1])
        before = service.task_definition
        force = bool(properties.get("force_new_deployment"))
        requested = properties.get("task_definition")
        service = original_update(self, properties)
        if requested:
            service.task_definition = self.describe_task_definition(requested).arn
        scheduler.on_update(region_of(self), service, new_deployment=force or service.task_definition != before)
        return service

    def list_tasks(
        self: Any,
        cluster_str: str | None = None,
        container_instance: str | None = None,
        family: str | None = None,
        started_by: str | None = None,
        service_name: str | None = None,
        desiredStatus: str | None = None,
    ) -> list[Any]:
        tasks = [task for per_cluster in self.tasks.values() for task in per_cluster.values()]
        if cluster_str:
            cluster = self._get_cluster(cluster_str)
            tasks = [t for t in tasks if t.cluster_arn == cluster.arn]
        if container_instance:
            wanted = container_instance.split("/")[-1]
            tasks = [t for t in tasks if (t.container_instance_arn or "").split("/")[-1] == wanted]
        if family:
            arns = set(self.list_task_definitions(family))
            tasks = [t for t in tasks if t.task_definition_arn in arns]
        if started_by:
            tasks = [t for t in tasks if t.started_by == started_by]
        if service_name:
            tasks = [t for t in tasks if t.group == f"service:{service_name.split('/')[-1]}"]
        status = desiredStatus or "RUNNING"
        return [t for t in tasks if t.desired_status == status]

    def stop_task(self: Any, cluster_str: str, task_str: str, reason: str) -> Any:
        cluster = self._get_cluster(cluster_str)
        task_id = task_str.split("/")[-1]
        for arn, task in self.tasks.get(cluster.name, {}).items():
            if isinstance(task, SimTask) and arn.endswith(task_id):
                scheduler.user_stop(region_of(self), task, reason)
                return task
        return original_stop(self, cluster_str, task_str, reason)

    EC2ContainerServiceBackend.create_service = create_service
    EC2ContainerServiceBackend.update_service = update_service
    EC2ContainerServiceBackend.list_tasks = list_tasks
    EC2ContainerServiceBackend.stop_task = stop_task
