"""RemoveRoleFromInstanceProfile of a role the profile no longer holds answers NoSuchEntity.

moto removes the role from the profile's list without looking: a role already removed raises ``ValueError`` and the
answer is HTTP 500 (an HTML page), which the SDK retries until it gives up. AWS lists ``NoSuchEntity`` for a
request that references an entity that does not exist (RemoveRoleFromInstanceProfile API reference; the message
below is the emulator's own wording), and terraform-provider-aws's ``aws_iam_instance_profile`` delete and role
change treat ``NoSuchEntity`` from this call as done. An SDK retry of the call whose first attempt was carried out
would otherwise fail ``terraform destroy`` of the security layer.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.iam.exceptions import NotFoundException
    from moto.iam.models import IAMBackend

    original = IAMBackend.remove_role_from_instance_profile

    def remove_role_from_instance_profile(self: Any, profile_name: str, role_name: str) -> None:
        profile = self.get_instance_profile(profile_name)  # NoSuchEntity for an unknown profile, as before
        if all(role.name != role_name for role in profile.roles):
            raise NotFoundException(f"The role with name {role_name} is not in instance profile {profile_name}.")
        return original(self, profile_name, role_name)

    IAMBackend.remove_role_from_instance_profile = remove_role_from_instance_profile


FIX = register(
    Fix(
        id="iam-remove-role-from-instance-profile-gone",
        gap="IAM RemoveRoleFromInstanceProfile of a role the profile no longer holds answers HTTP 500",
        symptom="an SDK retry of the call whose answer was lost fails terraform destroy of the security layer "
        "(aws_iam_instance_profile) after the SDK's own retries of the 500",
        apply=_apply,
    )
)
