"""Revoking a security group rule ID the group does not have answers InvalidSecurityGroupRuleId.NotFound.

moto answers ``InvalidPermission.NotFound`` (its code for a rule given by its fields). AWS names the unknown ID
with ``InvalidSecurityGroupRuleId.NotFound``, and terraform-provider-aws's delete of
``aws_vpc_security_group_ingress_rule`` / ``_egress_rule`` (RevokeSecurityGroupIngress/Egress with
``SecurityGroupRuleIds``) takes only that code, or ``InvalidGroup.NotFound``, as already deleted: an SDK retry of a
revoke whose first attempt was carried out would fail ``terraform destroy`` of the security and load balancer
layers.
"""

from __future__ import annotations

import inspect
from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.ec2.exceptions import InvalidSecurityGroupRuleIdNotFoundError
    from moto.ec2.models.security_groups import SecurityGroupBackend

    def by_rule_id(original: Any, rules_of: str) -> Any:
        signature = inspect.signature(original)

        def revoke(self: Any, *args: Any, **kwargs: Any) -> Any:
            call = signature.bind(self, *args, **kwargs).arguments
            group = self.get_security_group_by_name_or_id(call["group_name_or_id"], call.get("vpc_id"))
            if group is not None and call.get("security_rule_ids"):
                known = {rule.id for rule in getattr(group, rules_of)}
                unknown = [i for i in call["security_rule_ids"] if i not in known]
                if unknown:
                    raise InvalidSecurityGroupRuleIdNotFoundError(unknown[0])
            return original(self, *args, **kwargs)

        return revoke

    SecurityGroupBackend.revoke_security_group_ingress = by_rule_id(
        SecurityGroupBackend.revoke_security_group_ingress, "ingress_rules"
    )
    SecurityGroupBackend.revoke_security_group_egress = by_rule_id(
        SecurityGroupBackend.revoke_security_group_egress, "egress_rules"
    )


FIX = register(
    Fix(
        id="ec2-revoke-rule-id-not-found",
        gap="RevokeSecurityGroupIngress/Egress of a rule ID the group does not have answers InvalidPermission.NotFound "
        "instead of InvalidSecurityGroupRuleId.NotFound",
        symptom="an SDK retry of a revoke whose answer was lost fails terraform destroy of an "
        "aws_vpc_security_group_ingress_rule / _egress_rule (security and load balancer layers)",
        apply=_apply,
    )
)
