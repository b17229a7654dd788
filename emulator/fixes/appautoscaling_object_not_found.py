"""DeleteScalingPolicy / DeregisterScalableTarget of something already gone answer ObjectNotFoundException.

AWS lists ``ObjectNotFoundException`` for both ("for any operation that deletes or deregisters a resource, this
exception is thrown if the resource cannot be found"), and terraform-provider-aws's deletes of
``aws_appautoscaling_policy`` / ``aws_appautoscaling_target`` treat it as already deleted. moto answers
``ValidationException`` with the same message, which the provider reports as a failure: an SDK retry of a delete
whose first attempt was carried out would fail ``terraform destroy`` of the services layer.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.applicationautoscaling.exceptions import AWSValidationException
    from moto.applicationautoscaling.models import ApplicationAutoscalingBackend
    from moto.core.exceptions import JsonRESTError

    def not_found_code(original: Any) -> Any:
        def call(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return original(self, *args, **kwargs)
            except AWSValidationException as exc:
                if not exc.message.startswith(("No scaling policy found", "No scalable target found")):
                    raise
                raise JsonRESTError("ObjectNotFoundException", exc.message) from None

        return call

    for name in ("delete_scaling_policy", "deregister_scalable_target"):
        setattr(ApplicationAutoscalingBackend, name, not_found_code(getattr(ApplicationAutoscalingBackend, name)))


FIX = register(
    Fix(
        id="appautoscaling-object-not-found",
        gap="Application Auto Scaling DeleteScalingPolicy / DeregisterScalableTarget of something already gone "
        "answer ValidationException instead of ObjectNotFoundException",
        symptom="an SDK retry of a delete whose answer was lost fails terraform destroy of the services layer "
        "(aws_appautoscaling_policy, aws_appautoscaling_target)",
        apply=_apply,
    )
)
