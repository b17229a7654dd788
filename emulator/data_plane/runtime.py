"""The data plane: stand-in servers for running tasks, real health checks, and listener endpoints that route and
proxy requests, all on 127.0.0.1 inside the ``serve`` process.

The control plane owns it (``ControlPlane.data_plane``) and calls in under its lock: a task started or stopped
(``task_lifecycle`` observers), a target's probe (``targets.follow``). Its own thread takes the lock briefly each
period to collect due health checks, requests to cut and orphaned servers, then does the I/O outside the lock.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from typing import Any

from emulator.control_plane import task_lifecycle
from emulator.control_plane.faults import Faults
from emulator.control_plane.settings import Clock
from emulator.data_plane.balancer import Balancer
from emulator.data_plane.health_checks import HealthChecker, Probe
from emulator.data_plane.listeners import ListenerEndpoints
from emulator.data_plane.settings import DataPlaneSettings
from emulator.data_plane.task_servers import TaskServers

MIN_WAIT = 0.01  # between two passes, so that many probes due at once cannot make the loop spin


class DataPlane:
    def __init__(self, settings: DataPlaneSettings, clock: Clock, faults: Faults, lock: Any, period: float) -> None:
        self.settings = settings
        self.lock = lock
        self.period = period
        self.task_servers = TaskServers(clock, faults)
        self.health = HealthChecker(clock, self.task_servers.port_of)
        self.balancer = Balancer(self.task_servers.port_of)
        self.listeners = ListenerEndpoints(lock, self.balancer, settings.listener_port_base)
        self.errors = 0
        self._stop = threading.Event()

    def install(self) -> None:
        self.listeners.install()
        task_lifecycle.on_running.append(self.task_servers.started)
        task_lifecycle.on_stopped.append(self.task_servers.stopped)

    def start(self) -> None:
        threading.Thread(target=self._run, name="emulator-data-plane", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        self.health.close()
        self.listeners.close_all()
        self.task_servers.close_all()

    def probe_for(self, group: Any) -> Any:
        """``targets.follow``'s probe_for for one target group (under the lock)."""

        def probe(record: Any) -> Probe | None:
            return self.health.probe_for(group, record)

        return probe

    def _run(self) -> None:
        wait = self.period
        while not self._stop.wait(wait):
            try:
                wait = self.step()
            except Exception:  # keep serving; the log shows what went wrong
                self.errors += 1
                wait = self.period
                print("data plane step failed:\n" + traceback.format_exc(), file=sys.stderr, flush=True)

    def step(self) -> float:
        """One pass; returns how long to wait before the next (at most the period, sooner when a check is due)."""
        with self.lock:
            checks = self.health.collect()
            expired = self.balancer.expired()
            for task in self.task_servers.orphans():
                self.task_servers.stopped(task)
            due = self.health.next_due
        self.health.start(checks)
        for flight in expired:
            flight.cut_now()
        if due is None:
            return self.period
        return min(self.period, max(MIN_WAIT, due - time.monotonic()))

    def describe(self) -> dict[str, Any]:
        return {
            "enabled": True,
            "listener_port_base": self.settings.listener_port_base,
            "health_checks": self.health.checks,
            "open_requests": self.balancer.open_requests(),
            "errors": self.errors,
        }
