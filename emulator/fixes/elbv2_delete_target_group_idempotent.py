"""ELBv2 DeleteTargetGroup succeeds for a target group that no longer exists.

moto raises TargetGroupNotFound. The AWS API reference and the service model list ResourceInUse as this
operation's only error (DescribeTargetGroups, ModifyTargetGroup and DeregisterTargets list TargetGroupNotFound),
so deleting twice is not an error there. The difference bites when an SDK retries a delete whose first attempt
was carried out: Terraform's destroy then fails with TargetGroupNotFound (seen in a Molecule destroy run).
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.elbv2.models import ELBv2Backend

    original = ELBv2Backend.delete_target_group

    def delete_target_group(self: Any, target_group_arn: str) -> Any:
        if target_group_arn not in self.target_groups:
            return None  # the response is empty either way
        return original(self, target_group_arn)

    ELBv2Backend.delete_target_group = delete_target_group


FIX = register(
    Fix(
        id="elbv2-delete-target-group-idempotent",
        gap="ELBv2 DeleteTargetGroup raises TargetGroupNotFound for a target group already deleted",
        symptom="a retried DeleteTargetGroup (first attempt carried out, answer lost) fails terraform destroy",
        apply=_apply,
    )
)
