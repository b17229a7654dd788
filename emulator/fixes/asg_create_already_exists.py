"""CreateAutoScalingGroup with the name of an existing group answers AlreadyExists, as in AWS.

moto builds a new group under that name and drops the old one: its instances keep running, owned by no group and
known to no state (orphan EC2 instances, which then join the ECS cluster through their user data). AWS refuses the
call: ``AlreadyExists: AutoScalingGroup by this name already exists - A group with the name <name> already exists``
(the error terraform-provider-aws users quote). An SDK retry of a create whose first attempt was carried out fails
the apply there as here; it must not leave a second fleet behind.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.autoscaling.exceptions import AutoscalingClientError
    from moto.autoscaling.models import AutoScalingBackend

    class AlreadyExists(AutoscalingClientError):
        code = "AlreadyExists"

    original = AutoScalingBackend.create_auto_scaling_group

    def create_auto_scaling_group(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        if name in self.autoscaling_groups:
            raise AlreadyExists(
                f"AutoScalingGroup by this name already exists - A group with the name {name} already exists"
            )
        return original(self, name, *args, **kwargs)

    AutoScalingBackend.create_auto_scaling_group = create_auto_scaling_group


FIX = register(
    Fix(
        id="asg-create-already-exists",
        gap="CreateAutoScalingGroup with an existing group's name replaces the group; its instances keep running "
        "unowned",
        symptom="an SDK retry of a create whose answer was lost leaves the first fleet of container instances "
        "running outside any group or state (orphans)",
        apply=_apply,
    )
)
