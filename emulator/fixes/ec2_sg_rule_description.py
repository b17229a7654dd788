"""DescribeSecurityGroupRules returns the description of rules that reference a security group.

moto reads a rule's description only from its CIDR range, so a rule with ``referenced_security_group_id``
comes back without one and Terraform plans ``+ description`` on it forever (false drift).
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.ec2.models.security_groups import SecurityGroupRule

    def description(self: Any) -> str | None:
        return self.ip_range.get("Description") or (self.source_group or {}).get("Description") or None

    SecurityGroupRule.description = property(description)


FIX = register(
    Fix(
        id="ec2-sg-rule-description",
        gap="DescribeSecurityGroupRules omits Description on rules that reference another security group",
        symptom="aws_vpc_security_group_ingress_rule / egress_rule with referenced_security_group_id shows "
        "a permanent + description diff (false drift)",
        apply=_apply,
    )
)
