"""Data plane settings (environment of ``serve``).

EMULATOR_DATA_PLANE=off: no stand-in servers, listener endpoints or real health checks (target health is inferred
from the faults, as before the data plane). EMULATOR_LISTENER_PORT_BASE: the first loopback port for listener
endpoints, default the emulator's port + 1000 (4566 -> 5566).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from emulator import DEFAULT_PORT

LISTENER_PORT_OFFSET = 1000


@dataclass(frozen=True)
class DataPlaneSettings:
    enabled: bool
    listener_port_base: int

    @classmethod
    def from_environment(cls) -> DataPlaneSettings:
        enabled = os.environ.get("EMULATOR_DATA_PLANE", "on").strip().lower() not in {"off", "0", "false", "no"}
        # serve exports its port as MOTO_PORT before the hooks run (emulator.server.prepare_environment)
        emulator_port = int(os.environ.get("MOTO_PORT") or DEFAULT_PORT)
        raw = os.environ.get("EMULATOR_LISTENER_PORT_BASE") or str(emulator_port + LISTENER_PORT_OFFSET)
        if not raw.isdigit() or not 1024 <= int(raw) <= 65535:
            raise ValueError(f"EMULATOR_LISTENER_PORT_BASE must be a port 1024-65535, got {raw!r}")
        return cls(enabled=enabled, listener_port_base=int(raw))
