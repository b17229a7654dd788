"""The control plane: one background thread that ticks the simulation over moto's backends.

Every request to moto and every tick hold the same lock, so the simulation never sees a half-done API
call and an API call never sees a half-done tick.
"""

from __future__ import annotations

import sys
import threading
import traceback
from typing import Any

from emulator.control_plane import agent, backends, patches, scaling, spot, targets
from emulator.control_plane.faults import Faults
from emulator.control_plane.services import Scheduler
from emulator.control_plane.settings import Clock, Settings


class ControlPlane:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.clock = Clock(settings.time_scale)
        self.faults = Faults()
        self.lock = threading.RLock()
        self.scheduler = Scheduler(self.clock, self.faults)
        self.first_seen: dict[str, float] = {}
        self.ticks = 0
        self.errors = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def install_patches(self) -> None:
        targets.patch_describe_target_health()
        agent.patch_mixed_instances_launch()
        patches.install(self)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="emulator-control-plane", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.settings.tick_seconds):
            try:
                self.tick()
            except Exception:  # keep simulating; the log shows what went wrong
                self.errors += 1
                print("control plane tick failed:\n" + traceback.format_exc(), file=sys.stderr, flush=True)

    def tick(self) -> None:
        with self.lock:
            for region in backends.ecs_regions():
                agent.sync(
                    region,
                    self.clock,
                    self.first_seen,
                    lambda ci, reason, region=region: self.scheduler.stop_tasks_on(region, ci, reason),
                )
                self.scheduler.tick(region)
                scaling.tick(region)
            self.follow_targets()
            spot.tick(self.faults, self.clock)
            self.ticks += 1

    def follow_targets(self) -> None:
        from moto.elbv2.models import elbv2_backends

        def failure_for(group: Any) -> Any:
            def check(record: targets.TargetRecord) -> tuple[str, str] | None:
                task = record.owner
                if task is not None:
                    return self.faults.target_failure(group.arn, task._service, task.images)
                return self.faults.target_failure(group.arn, None, [])

            return check

        for _, _, elbv2 in backends.existing(elbv2_backends):
            for group in list(elbv2.target_groups.values()):
                targets.follow(group, self.clock, failure_for(group))

    def describe(self) -> dict[str, Any]:
        return {
            "enabled": True,
            "time_scale": self.settings.time_scale,
            "tick_seconds": self.settings.tick_seconds,
            "ticks": self.ticks,
            "tick_errors": self.errors,
        }
