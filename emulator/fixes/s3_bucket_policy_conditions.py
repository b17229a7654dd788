"""S3 bucket policies evaluate statement conditions instead of ignoring them.

moto enforces a bucket policy's Deny statements but skips their ``Condition``, so the standard TLS-only
statement (Deny when ``aws:SecureTransport`` is false) denies every request: Terraform's S3 backend can
then neither read nor write state in a bucket that follows AWS's own guidance.

The emulator stands in for AWS's HTTPS endpoints (it listens on loopback only), so requests count as
secure transport. A statement whose condition uses a key the emulator cannot evaluate is not applied;
that limitation is documented in the README.
"""

from __future__ import annotations

import json
from typing import Any

from emulator.fixes import Fix, register

# The request context the emulator can vouch for.
CONTEXT = {"aws:securetransport": "true"}


def _values(value: Any) -> list[str]:
    return [str(v).lower() for v in (value if isinstance(value, list) else [value])]


def condition_holds(condition: dict[str, Any]) -> bool | None:
    """True/False when every operator and key is understood, None when one is not."""
    for operator, pairs in condition.items():
        for key, expected in pairs.items():
            actual = CONTEXT.get(key.lower())
            if actual is None or operator not in ("Bool", "StringEquals", "StringNotEquals"):
                return None
            matches = actual in _values(expected)
            if (operator == "StringNotEquals") == matches:
                return False
    return True


def applicable_policy(policy: bytes) -> str:
    """The policy without the statements whose condition does not hold (or cannot be evaluated)."""
    document = json.loads(policy)
    statements = document.get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    kept = []
    for statement in statements:
        condition = statement.get("Condition")
        if condition is None:
            kept.append(statement)
        elif condition_holds(condition):
            kept.append({k: v for k, v in statement.items() if k != "Condition"})
    document["Statement"] = kept
    return json.dumps(document)


def _apply() -> None:
    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3.models import FakeBucket

    def get_permission(self: Any, action: str, resource: str) -> Any:
        if self.policy is None:
            return PermissionResult.NEUTRAL
        return IAMPolicy(applicable_policy(self.policy)).is_action_permitted(action, resource)

    FakeBucket.get_permission = get_permission


FIX = register(
    Fix(
        id="s3-bucket-policy-conditions",
        gap="S3 bucket policy Deny statements are enforced with their Condition ignored",
        symptom="a TLS-only bucket policy (aws:SecureTransport false => Deny) denies every request, so the "
        "S3 backend cannot read or write state",
        apply=_apply,
    )
)
