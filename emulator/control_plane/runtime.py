"""The control plane: one background thread that ticks the simulation over moto's backends.

Every request to moto and every tick hold the same lock, so the simulation never sees a half-done API
call and an API call never sees a half-done tick.
"""

from __future__ import annotations

import sys
import threading
import traceback
from typing import Any

from emulator.control_plane import agent, asg_events, backends, patches, scaling, spot, targets
from emulator.control_plane.alarms import Alarms
from emulator.control_plane.faults import Faults
from emulator.control_plane.metrics import Metrics
from emulator.control_plane.scheduler import Scheduler
from emulator.control_plane.settings import SIMULATED_MINUTE, Clock, Settings

MAX_MINUTES_PER_TICK = 3


class ControlPlane:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.clock = Clock(settings.time_scale)
        self.faults = Faults()
        self.lock = threading.RLock()
        self.scheduler = Scheduler(self.clock, self.faults)
        self.first_seen: dict[str, float] = {}
        self.waiting_since: dict[str, float] = {}
        self.metrics = Metrics()
        self.alarms = Alarms(self.metrics)
        self.groups = asg_events.GroupWatcher()
        self.minute = -1  # simulated minutes completed since start; metrics and alarms run once per minute
        self.next_minute_at = self.clock.after(SIMULATED_MINUTE)
        self.ticks = 0
        self.errors = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.data_plane = self._data_plane()

    def _data_plane(self) -> Any:
        """The data plane (emulator/data_plane/), unless EMULATOR_DATA_PLANE=off."""
        from emulator.data_plane.settings import DataPlaneSettings

        data_plane_settings = DataPlaneSettings.from_environment()
        if not data_plane_settings.enabled:
            return None
        from emulator.data_plane.runtime import DataPlane

        return DataPlane(data_plane_settings, self.clock, self.faults, self.lock, self.settings.tick_seconds)

    def install_patches(self) -> None:
        targets.patch_describe_target_health()
        agent.patch_mixed_instances_launch()
        patches.install(self)
        self.metrics.install()
        asg_events.install()
        if self.data_plane is not None:
            self.data_plane.install()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="emulator-control-plane", daemon=True)
        self._thread.start()
        if self.data_plane is not None:
            self.data_plane.start()

    def stop(self) -> None:
        self._stop.set()
        if self.data_plane is not None:
            self.data_plane.stop()

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
                scaling.tick(region, self.clock, self.waiting_since)
            self.follow_targets()
            spot.tick(self.faults, self.clock)
            self.groups.tick()
            self.metrics.observe()
            self.each_minute()
            self.ticks += 1

    def each_minute(self) -> None:
        """Sample the metrics and evaluate the alarms once per simulated minute that ended (a late tick catches up
        at most a few minutes; further ones are skipped rather than sampled all at once)."""
        caught_up = 0
        while self.clock.reached(self.next_minute_at):
            self.minute += 1
            self.next_minute_at += self.clock.wall(SIMULATED_MINUTE)
            if caught_up < MAX_MINUTES_PER_TICK:
                self.metrics.sample(self.minute)
                self.alarms.evaluate_all(self.minute)
                caught_up += 1

    def follow_targets(self) -> None:
        from moto.elbv2.models import elbv2_backends

        real_checks = self.data_plane is not None

        def failure_for(group: Any) -> Any:
            def check(record: targets.TargetRecord) -> tuple[str, str] | None:
                task = record.owner
                if task is not None:
                    # with real checks a failing image shows in its stand-in's answers, not here
                    return self.faults.target_failure(group.arn, task._service, [] if real_checks else task.images)
                return self.faults.target_failure(group.arn, None, [])

            return check

        for _dummy, _dummy, elbv2 in backends.existing(elbv2_backends):
            for group in list(elbv2.target_groups.values()):
                probe_for = self.data_plane.probe_for(group) if real_checks else None
                targets.follow(group, self.clock, failure_for(group), probe_for)

    def describe(self) -> dict[str, Any]:
        return {
            "enabled": True,
            "time_scale": self.settings.time_scale,
            "tick_seconds": self.settings.tick_seconds,
            "ticks": self.ticks,
            "tick_errors": self.errors,
            "simulated_minutes": self.minute + 1,
            "minute_seconds": self.clock.wall(SIMULATED_MINUTE),
            "alarm_evaluations": self.alarms.evaluations,
            "autoscaling_events": self.groups.sent,
            "data_plane": self.data_plane.describe() if self.data_plane is not None else {"enabled": False},
        }
