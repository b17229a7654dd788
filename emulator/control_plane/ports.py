"""Host ports of bridge and host mode tasks, as DescribeTasks' networkBindings report them.

bridge: a dynamic host port unless the mapping fixes one; host: the container port itself. A dynamic port is one no
live task on the same instance holds, so two tasks on one instance are two targets (instance, port).
"""

from __future__ import annotations

from typing import Any

from emulator.control_plane.tasks import SimTask

DYNAMIC_PORTS = range(32768, 61000)


def bind(task: SimTask) -> None:
    used = {
        port
        for other in getattr(task._instance, "_cp_tasks", set())
        for port in other._host_ports.values()
        if other.live
    }
    for definition, container in zip(task._container_definitions, task.containers, strict=False):
        bindings = []
        for mapping in definition.get("portMappings") or []:
            container_port = int(mapping.get("containerPort") or 0)
            host_port = int(mapping.get("hostPort") or 0)
            if task._network_mode == "host":
                host_port = container_port
            if not host_port:
                host_port = next(p for p in DYNAMIC_PORTS if p not in used)
            used.add(host_port)
            task._host_ports[(definition.get("name"), container_port)] = host_port
            bindings.append(
                {
                    "bindIP": "0.0.0.0",  # noqa: S104 - reported binding, nothing listens
                    "containerPort": container_port,
                    "hostPort": host_port,
                    "protocol": mapping.get("protocol", "tcp"),
                }
            )
        container["networkBindings"] = bindings
    if not hasattr(task._instance, "_cp_tasks"):
        task._instance._cp_tasks = set()
    task._instance._cp_tasks.add(task)


def release(container_instance: Any, task: SimTask) -> None:
    getattr(container_instance, "_cp_tasks", set()).discard(task)
