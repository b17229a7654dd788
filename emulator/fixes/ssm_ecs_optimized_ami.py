"""SSM public parameters /aws/service/ecs/optimized-ami/... hold JSON, and name an image EC2 knows.

moto stores the dict behind e.g. ``/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended`` (the
default AMI; ``amazon-linux-2`` alike) as its Python ``repr`` ("{'image_id': ...}"), so ``jsondecode()`` of
the parameter fails at plan time. AWS stores compact JSON. The image it names must also exist in EC2
DescribeImages (owner amazon) so that pre-flight checks and launch templates can resolve it; moto ships
those images for most regions, and this fix adds any that are missing.
"""

from __future__ import annotations

import json
from typing import Any

from emulator.fixes import Fix, register

ECS_AMI_PREFIX = "/aws/service/ecs/optimized-ami"
AMAZON_ECS_AMI_OWNER = "591542846629"  # the account that publishes the ECS-optimized AMIs


def json_values(params: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for param in params:
        if isinstance(param["Value"], dict | list):
            param["Value"] = json.dumps(param["Value"], separators=(",", ":"))
    return params


def ensure_image(ec2_backend: Any, value: dict[str, Any]) -> None:
    from moto.ec2.models.amis import Ami

    image_id, name = value.get("image_id"), value.get("image_name") or ""
    if not image_id or image_id in ec2_backend.amis:
        return
    ec2_backend.amis[image_id] = Ami(
        ec2_backend,
        ami_id=image_id,
        name=name,
        description=f"{value.get('os', 'Amazon Linux')} ECS-optimized {value.get('image_version', '')}".strip(),
        owner_id=AMAZON_ECS_AMI_OWNER,
        owner_alias="amazon",
        public=True,
        virtualization_type="hvm",
        architecture="arm64" if "arm64" in name else "x86_64",
        hypervisor="xen",
        root_device_type="ebs",
        root_device_name="/dev/xvda",
    )


def _apply() -> None:
    import moto.ssm.models as ssm_models
    from moto.ec2.models import ec2_backends

    original_convert = ssm_models.convert_to_params
    original_check = ssm_models.ParameterDict._check_loading_status

    def convert_to_params(tree: dict[str, Any]) -> list[dict[str, Any]]:
        return json_values(original_convert(tree))

    def _check_loading_status(self: Any, key: str) -> None:
        already = self.latest_ecs_amis_loaded
        original_check(self, key)
        if already or not self.latest_ecs_amis_loaded:
            return
        ec2_backend = ec2_backends[self.account_id][self.region_name]
        for name, versions in list(dict.items(self)):
            if name.startswith(ECS_AMI_PREFIX) and name.endswith("/recommended") and versions:
                try:
                    ensure_image(ec2_backend, json.loads(versions[-1].value))
                except ValueError:
                    continue

    ssm_models.convert_to_params = convert_to_params
    ssm_models.ParameterDict._check_loading_status = _check_loading_status


FIX = register(
    Fix(
        id="ssm-ecs-optimized-ami",
        gap="SSM public parameters /aws/service/ecs/optimized-ami/* return a Python repr instead of JSON",
        symptom="jsondecode() of the recommended-AMI parameter fails at plan time",
        apply=_apply,
    )
)
