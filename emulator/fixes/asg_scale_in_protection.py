"""Auto Scaling re-evaluates capacity once SetInstanceProtection lifts scale-in protection.

moto only removes unprotected instances when the desired capacity changes, and never looks again.
terraform-provider-aws destroys a group with protect_from_scale_in by setting the capacity to 0,
removing the protection and waiting for the instances to go: with moto it waits 10 minutes and fails.
AWS terminates the surplus instances as soon as they are no longer protected.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.autoscaling.models import AutoScalingBackend

    original = AutoScalingBackend.set_instance_protection

    def set_instance_protection(
        self: Any, group_name: str, instance_ids: list[str], protected_from_scale_in: bool | None
    ) -> None:
        original(self, group_name, instance_ids, protected_from_scale_in)
        group = self.autoscaling_groups[group_name]
        if not protected_from_scale_in and len(group.active_instances()) > (group.desired_capacity or 0):
            self.set_desired_capacity(group_name, group.desired_capacity)
            self.update_attached_target_groups(group_name)

    AutoScalingBackend.set_instance_protection = set_instance_protection


FIX = register(
    Fix(
        id="asg-scale-in-protection",
        gap="Auto Scaling capacity is not re-evaluated after SetInstanceProtection removes scale-in protection",
        symptom="terraform destroy of an ASG with protect_from_scale_in waits 10 min for the drain and fails",
        apply=_apply,
    )
)
