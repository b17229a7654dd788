"""Control-plane settings (environment), the scaled clock every simulated delay goes through, and AWS timestamps.

EMULATOR_TIME_SCALE multiplies every AWS delay: 0.1 (the default) turns the 60 s health check grace
period into 6 s of wall time; 1.0 is real AWS timing. The values below are in *AWS* seconds.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime

DEFAULT_TIME_SCALE = 0.1
DEFAULT_TICK_SECONDS = 0.25

# AWS seconds: how long the things AWS does on its own take.
AGENT_REGISTRATION_DELAY = 60.0  # instance boot + ECS agent start until the container instance is ACTIVE
# Managed scaling sees waiting tasks through CapacityProviderReservation, published once a minute, and its target
# tracking scale-out alarm (1 datapoint of 1 minute) then raises the group: about two minutes in AWS.
MANAGED_SCALING_REACTION = 120.0
TASK_START_DELAY = 10.0  # PENDING -> RUNNING (image pull, container start)
FAILING_CONTAINER_EXIT_DELAY = 10.0  # an essential container of a failing image exits after this long
SPOT_INTERRUPTION_NOTICE = 120.0  # the two-minute warning
STOPPED_TASK_RETENTION = 3600.0  # stopped tasks stay visible to DescribeTasks for about an hour
MEMORY_RESERVE_MIB = 192  # what the OS and the ECS agent keep of an instance's memory
SERVICE_EVENT_LIMIT = 100  # DescribeServices shows the most recent 100 events
SIMULATED_MINUTE = 60.0  # CloudWatch's standard resolution: metrics are sampled and alarms evaluated this often


def _positive(name: str, default: float) -> float:
    raw = os.environ.get(name) or str(default)
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise ValueError(f"{name} must be a number > 0, got {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    enabled: bool
    time_scale: float
    tick_seconds: float

    @classmethod
    def from_environment(cls) -> Settings:
        enabled = os.environ.get("EMULATOR_CONTROL_PLANE", "on").strip().lower() not in {"off", "0", "false", "no"}
        scale = _positive("EMULATOR_TIME_SCALE", DEFAULT_TIME_SCALE)
        tick = _positive("EMULATOR_CONTROL_PLANE_TICK", DEFAULT_TICK_SECONDS)
        return cls(enabled=enabled, time_scale=scale, tick_seconds=max(0.02, tick))


class Clock:
    """Wall-clock deadlines for AWS durations, scaled by the time scale."""

    def __init__(self, time_scale: float) -> None:
        self.time_scale = time_scale

    @staticmethod
    def now() -> float:
        return time.monotonic()

    def after(self, aws_seconds: float) -> float:
        return self.now() + self.wall(aws_seconds)

    def wall(self, aws_seconds: float) -> float:
        return max(0.0, float(aws_seconds)) * self.time_scale

    def reached(self, deadline: float | None) -> bool:
        return deadline is not None and self.now() >= deadline


def utcnow() -> datetime:
    """A timestamp as moto stamps its own resources (what DescribeServices/DescribeTasks report)."""
    from moto.core.utils import utcnow as moto_utcnow

    return moto_utcnow()
