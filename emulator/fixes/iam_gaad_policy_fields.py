"""IAM GetAccountAuthorizationDetails names each managed policy (``PolicyName``, ``PolicyId``).

moto returns the ``Policies`` list of GetAccountAuthorizationDetails without ``PolicyName`` and ``PolicyId``
(its serializer finds them on ``GetPolicy``'s ``Policy`` shape through the shape-name prefix, which the
``ManagedPolicyDetail`` shape does not have). AWS returns both for every policy, and IAM analyzers
(cloudsplaining) key on them, so the IAM analysis of the deployment could not read the emulator's answer.
"""

from __future__ import annotations

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.iam.models import Policy

    # Read-only aliases of what moto already stores; every other response keeps its own lookup.
    Policy.policy_name = property(lambda self: self.name)
    Policy.policy_id = property(lambda self: self.id)


FIX = register(
    Fix(
        id="iam-gaad-policy-fields",
        gap="IAM GetAccountAuthorizationDetails omits PolicyName and PolicyId of every managed policy",
        symptom="an IAM analyzer reading the account's authorization details (cloudsplaining) fails with KeyError",
        apply=_apply,
    )
)
