"""CreateLaunchTemplate keeps the template's own tags out of the template data.

moto appends the request's ``TagSpecifications`` (resource type ``launch-template``, the tags of the
template itself) to ``LaunchTemplateData.TagSpecifications``, so the data read back differs from what
Terraform sent: a permanent ``tag_specifications`` diff and a new template version on every plan.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def strip_template_tags(template_data: dict[str, Any]) -> None:
    specs = template_data.get("TagSpecifications")
    if specs is None:
        return
    kept = [spec for spec in specs if spec.get("ResourceType") != "launch-template"]
    if kept:
        template_data["TagSpecifications"] = kept
    else:
        del template_data["TagSpecifications"]


def _apply() -> None:
    from moto.ec2.models.launch_templates import LaunchTemplateBackend

    original = LaunchTemplateBackend.create_launch_template

    def create_launch_template(
        self: Any, name: str, description: str, template_data: dict[str, Any], tag_spec: dict[str, Any]
    ) -> Any:
        strip_template_tags(template_data)
        return original(self, name, description, template_data, tag_spec)

    LaunchTemplateBackend.create_launch_template = create_launch_template


FIX = register(
    Fix(
        id="ec2-launch-template-tags",
        gap="CreateLaunchTemplate copies the template's own launch-template tag specification into the template data",
        symptom="permanent tag_specifications diff and a new launch template version on every plan",
        apply=_apply,
    )
)
