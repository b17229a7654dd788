"""The stand-in servers of running service tasks: started when a task becomes RUNNING, stopped when it is STOPPED.

``started``/``stopped`` are called by the control plane under its lock: they bind a loopback socket or close one and
start a thread, nothing that waits. A stop is the container's SIGTERM: new connections are refused at once, in-flight
requests get the image's SIGTERM delay (scaled), then whatever is still open is cut (connection reset).
"""

from __future__ import annotations

import threading
from typing import Any

from emulator.control_plane.faults import Faults
from emulator.control_plane.settings import Clock
from emulator.data_plane.stand_in import Identity, StandIn


def served_container(task: Any) -> tuple[str, str]:
    """(container name, image) behind the task's load balancer: the service's containerName, else the first container
    with a port mapping, else the first container."""
    containers = {c.get("name"): c.get("image") or "" for c in task.containers}
    for load_balancer in getattr(task._service, "load_balancers", None) or []:
        name = load_balancer.get("containerName")
        if name in containers:
            return name, containers[name]
    for definition in task._container_definitions:
        if definition.get("portMappings") and definition.get("name") in containers:
            return definition["name"], containers[definition["name"]]
    first = task.containers[0] if task.containers else {}
    return first.get("name") or "", first.get("image") or ""


class TaskServers:
    def __init__(self, clock: Clock, faults: Faults) -> None:
        self.clock = clock
        self.faults = faults
        self._servers: dict[str, tuple[Any, StandIn]] = {}  # task ARN -> (task, its server)
        self._guard = threading.Lock()

    def started(self, task: Any) -> None:
        if task.task_arn in self._servers:
            return
        container, image = served_container(task)
        images = task.images
        clock, faults = self.clock, self.faults

        def behaviour() -> tuple[dict[str, int], float, bool]:
            statuses, start_delay, _dummy, fails = faults.image_behaviour(images)
            return statuses, clock.wall(start_delay), fails

        server = StandIn(Identity(task.task_arn, task.task_definition_arn, image, container), behaviour, clock.now())
        with self._guard:
            self._servers[task.task_arn] = (task, server.start())

    def stopped(self, task: Any) -> None:
        with self._guard:
            entry = self._servers.pop(task.task_arn, None)
        if entry is None:
            return
        server = entry[1]
        server.refuse()
        grace = self.clock.wall(self.faults.image_behaviour(task.images)[2])
        if grace <= 0:
            server.cut()
        else:
            timer = threading.Timer(grace, server.cut)
            timer.daemon = True
            timer.start()

    def port_of(self, task: Any) -> int | None:
        entry = self._servers.get(getattr(task, "task_arn", None) or "")
        return entry[1].port if entry else None

    def orphans(self) -> list[Any]:
        """Tasks whose server outlived them: STOPPED without a stop seen, or their service deleted (call with the
        control plane's lock held, then ``stopped`` each)."""
        with self._guard:
            entries = list(self._servers.values())
        gone = []
        for task, _dummy in entries:
            service = task._service
            if task.last_status == "STOPPED" or service not in task._region.ecs.services.values():
                gone.append(task)
        return gone

    def close_all(self) -> None:
        with self._guard:
            entries = list(self._servers.values())
            self._servers.clear()
        for _dummy, server in entries:
            server.cut()
