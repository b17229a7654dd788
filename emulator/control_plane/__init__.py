"""Control-plane simulation: what AWS does on its own, which moto does not.

moto emulates the AWS APIs; this package adds the behaviour behind them: the ECS agent registering
instances, the service scheduler placing tasks, ALB health checks, rolling deployments with the circuit
breaker, capacity provider managed scaling, Spot interruptions, plus fault injection. It runs inside the
``serve`` process only, as a background thread started by a post-app hook (``emulator.hooks``); the
product reaches it, like everything else, only through the AWS APIs.

Settings (environment of ``serve``): EMULATOR_CONTROL_PLANE=off disables it, EMULATOR_TIME_SCALE scales
every simulated delay (default 0.1), EMULATOR_CONTROL_PLANE_TICK is the tick period in seconds.
"""

from __future__ import annotations

import sys
from typing import Any

from emulator import hooks


def start(app: Any) -> Any:
    """Post-app hook: apply the moto patches, start the thread, wrap the app with the fault API."""
    from emulator.control_plane.settings import Settings

    settings = Settings.from_environment()
    info = getattr(app, "info", None)
    if not settings.enabled:
        if isinstance(info, dict):
            info["control_plane"] = {"enabled": False}
        return app

    from emulator.control_plane.http_api import ControlPlaneApp
    from emulator.control_plane.runtime import ControlPlane

    control_plane = ControlPlane(settings)
    control_plane.install_patches()
    control_plane.start()
    if isinstance(info, dict):
        info["control_plane"] = {"enabled": True, "time_scale": settings.time_scale}
    print(
        f"control plane on: time scale {settings.time_scale}, tick {settings.tick_seconds} s",
        file=sys.stderr,
        flush=True,
    )
    return ControlPlaneApp(app, control_plane)


hooks.register_post_app_hook(start)
