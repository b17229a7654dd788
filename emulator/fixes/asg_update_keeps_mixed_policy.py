"""UpdateAutoScalingGroup keeps the group's MixedInstancesPolicy when the call does not change it.

moto replaces the policy with whatever the call carries, so an update of only MaxSize (a console change, or
Terraform reconciling max_size) silently drops the mixed instances policy and the launch template with it.
AWS changes only the members a call names. The capacity the call sets is applied once the policy is back, so
instances it launches follow the policy (types, weights, Spot/On-Demand split).
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.autoscaling.models import FakeAutoScalingGroup

    original = FakeAutoScalingGroup.update

    # What the group launches with; moto resets these when a call carries no launch settings.
    kept = (
        "mixed_instances_policy",
        "ec2_launch_template",
        "launch_template_version",
        "provided_launch_template_version",
        "launch_config",
        "launch_configuration_name",
    )

    def update(self: Any, *args: Any, **kwargs: Any) -> None:
        names_launch = (
            kwargs.get("launch_config_name") or kwargs.get("launch_template") or kwargs.get("mixed_instances_policy")
        )
        if names_launch:
            original(self, *args, **kwargs)
            return
        before = {name: getattr(self, name, None) for name in kept}
        # moto sets the capacity before the policy is back: defer it, or instances launch without the policy
        deferred: list[int | None] = []
        self.set_desired_capacity = deferred.append
        try:
            original(self, *args, **kwargs)
        finally:
            del self.set_desired_capacity
            for name, value in before.items():
                setattr(self, name, value)
        for desired in deferred:
            self.set_desired_capacity(desired)

    FakeAutoScalingGroup.update = update


FIX = register(
    Fix(
        id="asg-update-keeps-mixed-policy",
        gap="UpdateAutoScalingGroup without a MixedInstancesPolicy drops the group's existing policy",
        symptom="after a MaxSize-only update the ASG has no mixed instances policy or launch template (false "
        "mixed_instances_policy drift; Spot/On-Demand split lost)",
        apply=_apply,
    )
)
