"""CreateLaunchTemplateVersion keeps UserData in the form every other launch path reads.

moto parses ``LaunchTemplateData.UserData`` (base64) on CreateLaunchTemplate but stores it as a plain string on
CreateLaunchTemplateVersion. Any launch from such a version (an Auto Scaling group on ``$Latest`` scaling out,
RunInstances) then fails moto's own type check with HTTP 500. In AWS a changed launch template (new AMI, instance
type or user data) launches like the first version.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.ec2.models.launch_templates import LaunchTemplate
    from moto.ec2.utils import parse_user_data

    original = LaunchTemplate.create_version

    def create_version(self: Any, data: dict[str, Any], description: str) -> Any:
        if isinstance(data.get("UserData"), str | bytes):  # already parsed by CreateLaunchTemplate: left as it is
            data = {**data, "UserData": parse_user_data(data["UserData"])}
        return original(self, data, description)

    LaunchTemplate.create_version = create_version


FIX = register(
    Fix(
        id="ec2-launch-template-version-user-data",
        gap="CreateLaunchTemplateVersion stores UserData unparsed, which moto's launch code then refuses",
        symptom="an Auto Scaling group on a second launch template version fails to launch (HTTP 500 in the "
        "emulator; the control plane's scale-out tick raises AssertionError)",
        apply=_apply,
    )
)
