"""ELBv2 DeleteLoadBalancer honours the ``deletion_protection.enabled`` attribute.

moto deletes a protected load balancer; AWS refuses with OperationNotPermitted. Without the refusal a
test cannot show that the design's deletion protection actually protects anything.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.elbv2.exceptions import ELBClientError
    from moto.elbv2.models import ELBv2Backend

    original = ELBv2Backend.delete_load_balancer

    def delete_load_balancer(self: Any, arn: str) -> None:
        load_balancer = self.load_balancers.get(arn)
        if load_balancer is not None and str(load_balancer.attrs.get("deletion_protection.enabled")).lower() == "true":
            raise ELBClientError(
                "OperationNotPermitted",
                f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled",
            )
        original(self, arn)

    ELBv2Backend.delete_load_balancer = delete_load_balancer


FIX = register(
    Fix(
        id="elbv2-deletion-protection",
        gap="ELBv2 DeleteLoadBalancer ignores the deletion_protection.enabled attribute",
        symptom="a load balancer with deletion protection is deleted instead of refused (OperationNotPermitted)",
        apply=_apply,
    )
)
