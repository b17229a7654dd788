"""CKV_ECSEC2_1: every EBS volume a launch template declares is encrypted, and the root volume is declared.

Built-in checks cover aws_instance and aws_ebs_volume, not the block_device_mappings of aws_launch_template, which is
where the ECS container instances get their disks.
"""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


def _first(value: Any) -> Any:
    """HCL attributes arrive wrapped in a one-element list."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def _is_true(value: Any) -> bool:
    value = _first(value)
    return value is True or (isinstance(value, str) and value.lower() == "true")


class LaunchTemplateEbsEncrypted(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure every aws_launch_template EBS block device mapping sets encrypted = true",
            id="CKV_ECSEC2_1",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("aws_launch_template",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        mappings = [m for m in conf.get("block_device_mappings", []) if isinstance(m, dict)]
        if not mappings:
            # Without a mapping the root volume inherits the AMI's (usually unencrypted) snapshot settings.
            self.details.append("declare the root volume in block_device_mappings with ebs { encrypted = true }")
            return CheckResult.FAILED
        for mapping in mappings:
            for ebs in mapping.get("ebs", []):
                if isinstance(ebs, dict) and not _is_true(ebs.get("encrypted")):
                    self.details.append(f"{_first(mapping.get('device_name'))}: ebs.encrypted is not true")
                    return CheckResult.FAILED
        return CheckResult.PASSED

    def get_evaluated_keys(self) -> list[str]:
        return ["block_device_mappings"]


check = LaunchTemplateEbsEncrypted()
