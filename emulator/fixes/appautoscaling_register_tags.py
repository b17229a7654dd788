"""RegisterScalableTarget keeps its ``Tags`` (moto drops them).

AWS applies ``Tags`` only when the call creates the target; to tag an existing target one calls
TagResource, so a repeated RegisterScalableTarget leaves the tags alone.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    original = ApplicationAutoScalingResponse.register_scalable_target

    def register_scalable_target(self: Any) -> str:
        backend = self.applicationautoscaling_backend
        resource_id, dimension = self._get_param("ResourceId"), self._get_param("ScalableDimension")
        existed = backend._scalable_target_exists(resource_id, dimension)
        body = original(self)
        if not existed:
            backend.targets[dimension][resource_id].tags = dict(self._get_param("Tags") or {})
        return body

    ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target


FIX = register(
    Fix(
        id="appautoscaling-register-tags",
        gap="RegisterScalableTarget ignores its Tags",
        symptom="aws_appautoscaling_target shows a tags diff after apply",
        apply=_apply,
    )
)
