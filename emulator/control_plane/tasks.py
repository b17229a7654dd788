"""Simulated ECS tasks: what DescribeTasks/ListTasks return for service tasks, and their resources.

moto's own Task jumps straight to STOPPED when described (its state machine is "immediate"), so service
tasks are ``SimTask`` objects kept in ``ecs_backend.tasks[cluster][arn]`` next to moto's tasks; moto's
serializer reads the AWS field names off their attributes. Attributes starting with ``_`` are the
simulation's own bookkeeping.
"""

from __future__ import annotations

import uuid
from typing import Any

LIVE = "RUNNING"  # desiredStatus of a task the scheduler still wants
PLACED_STATES = ("PENDING", "RUNNING", "DEACTIVATING", "STOPPING")


def task_resources(task_definition: Any) -> tuple[int, int]:
    """(CPU units, MiB): task-level sizes when set, else the sum over the containers."""
    containers = task_definition.container_definitions or []
    cpu = int(task_definition.cpu) if getattr(task_definition, "cpu", None) else 0
    if not cpu:
        cpu = sum(int(c.get("cpu") or 0) for c in containers)
    memory = int(task_definition.memory) if getattr(task_definition, "memory", None) else 0
    if not memory:
        memory = sum(int(c.get("memory") or c.get("memoryReservation") or 0) for c in containers)
    return cpu, memory


def resource(container_instance: Any, name: str, key: str = "remaining_resources") -> dict[str, Any]:
    for item in getattr(container_instance, key):
        if item.get("name") == name:
            return item
    raise KeyError(name)


def free(container_instance: Any) -> tuple[int, int]:
    return (
        int(resource(container_instance, "CPU")["integerValue"]),
        int(resource(container_instance, "MEMORY")["integerValue"]),
    )


def reserve(container_instance: Any, cpu: int, memory: int, sign: int = 1) -> None:
    resource(container_instance, "CPU")["integerValue"] -= sign * cpu
    resource(container_instance, "MEMORY")["integerValue"] -= sign * memory


class SimTask:
    """An ECS service task with the fields DescribeTasks reports."""

    def __init__(self, *, region: Any, cluster: Any, service: Any, task_definition: Any, deployment_id: str) -> None:
        from moto.core.utils import utcnow

        self.id = str(uuid.uuid4()).replace("-", "")
        self._region = region
        self.cluster_name = cluster.name
        self.cluster_arn = cluster.arn
        self.task_definition_arn = task_definition.arn
        self.group = f"service:{service.name}"
        self.started_by = deployment_id
        self.desired_status = LIVE
        self.last_status = "PROVISIONING"
        self.health_status = "UNKNOWN"
        strategy = getattr(service, "capacity_provider_strategy", None) or []
        self.capacity_provider_name = strategy[0]["capacityProvider"] if strategy else None
        self.launch_type = None if strategy else (service.launch_type or "EC2")
        cpu, memory = task_resources(task_definition)
        self.cpu, self.memory = str(cpu), str(memory)
        self.created_at = utcnow()
        self.pull_started_at = self.pull_stopped_at = self.started_at = None
        self.stopping_at = self.stopped_at = self.execution_stopped_at = None
        self.stopped_reason = self.stop_code = None
        self.availability_zone = None
        self.container_instance_arn = None
        self.attachments: list[dict[str, Any]] = []
        self.overrides = {"containerOverrides": [], "inferenceAcceleratorOverrides": []}
        self.tags: list[dict[str, str]] = []
        self.version = 1
        self.enable_execute_command = bool(getattr(service, "enable_execute_command", False))
        self.containers = [
            {
                "containerArn": f"arn:aws:ecs:{region.name}:{region.account_id}:container/{cluster.name}/{self.id}/"
                f"{uuid.uuid4()}",
                "taskArn": self.task_arn,
                "name": c.get("name"),
                "image": c.get("image"),
                "lastStatus": "PENDING",
                "healthStatus": "UNKNOWN",
                "cpu": str(c.get("cpu") or 0),
                "memory": str(c["memory"]) if c.get("memory") else None,
                "networkInterfaces": [],
                "networkBindings": [],
            }
            for c in task_definition.container_definitions or []
        ]
        # ---- simulation bookkeeping (never serialized: not AWS field names) ----
        self._service = service
        self._deployment_id = deployment_id
        self._network_mode = task_definition.network_mode or "bridge"
        self._container_definitions = task_definition.container_definitions or []
        self._cpu, self._memory = cpu, memory
        self._instance: Any | None = None  # the ContainerInstance it is placed on
        self._eni_id: str | None = None
        self._ip: str | None = None
        self._subnet: Any | None = None
        self._host_ports: dict[tuple[str, int], int] = {}  # (container, containerPort) -> host port
        self._targets: list[tuple[str, str, int]] = []  # (target group ARN, target id, port)
        self._running_at: float | None = None  # wall-clock deadlines (monotonic)
        self._started_mono: float | None = None
        self._exit_at: float | None = None
        self._stop_at: float | None = None
        self._stopped_mono: float | None = None
        self._failed = False

    # moto's DescribeTasks calls advance() on every task it returns
    def advance(self) -> None:
        return None

    @property
    def task_arn(self) -> str:
        return f"arn:aws:ecs:{self._region.name}:{self._region.account_id}:task/{self.cluster_name}/{self.id}"

    @property
    def images(self) -> list[str]:
        return [c["image"] for c in self.containers if c.get("image")]

    @property
    def live(self) -> bool:
        return self.desired_status == LIVE

    @property
    def placed(self) -> bool:
        return self._instance is not None and self.last_status in PLACED_STATES

    def set_container_status(self, status: str, exit_code: int | None = None) -> None:
        for container in self.containers:
            container["lastStatus"] = status
            if exit_code is not None:
                container["exitCode"] = exit_code
