"""DeleteLaunchTemplate by an ID that does not exist answers InvalidLaunchTemplateId.NotFound, as in AWS.

moto answers ``InvalidLaunchTemplateName.NotFoundException`` whether the template was named by name or by ID.
terraform-provider-aws deletes ``aws_launch_template`` by ID and treats only ``InvalidLaunchTemplateId.NotFound``
as already deleted (the code AWS gives for an unknown ID, the one moto itself uses for a describe by ID): an SDK
retry of a delete whose first attempt was carried out would fail ``terraform destroy`` of the compute layer.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.ec2.exceptions import InvalidLaunchTemplateIdNotFound
    from moto.ec2.models.launch_templates import LaunchTemplateBackend

    original = LaunchTemplateBackend.delete_launch_template

    def delete_launch_template(self: Any, name: str, tid: str | None) -> Any:
        if not name and tid and tid not in self.launch_templates:
            raise InvalidLaunchTemplateIdNotFound(tid)
        return original(self, name, tid)

    LaunchTemplateBackend.delete_launch_template = delete_launch_template


FIX = register(
    Fix(
        id="ec2-delete-launch-template-id-not-found",
        gap="EC2 DeleteLaunchTemplate by an unknown ID answers InvalidLaunchTemplateName.NotFoundException "
        "instead of InvalidLaunchTemplateId.NotFound",
        symptom="an SDK retry of a delete whose answer was lost fails terraform destroy of the compute layer "
        "(aws_launch_template)",
        apply=_apply,
    )
)
