"""ECS services without awsvpc networking have no networkConfiguration at all.

moto returns an empty ``networkConfiguration: {}`` for them; terraform-provider-aws 5.100 dereferences
its missing ``awsvpcConfiguration`` and crashes (nil pointer in flattenNetworkConfiguration).
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.ecs.models import Service

    original_init = Service.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        if not self.network_configuration:
            self.network_configuration = None

    Service.__init__ = __init__


FIX = register(
    Fix(
        id="ecs-bridge-network-configuration",
        gap="ECS service in bridge/host network mode returns an empty networkConfiguration",
        symptom="terraform-provider-aws 5.100 crashes (nil pointer in flattenNetworkConfiguration)",
        apply=_apply,
    )
)
