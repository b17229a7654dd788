"""ECS DescribeCapacityProviders without ``capacityProviders`` lists the account's capacity providers.

The parameter is optional: AWS then describes every capacity provider of the account and Region (paged by
``maxResults``/``nextToken``). moto iterates over the missing list and answers HTTP 500 (``TypeError``), so a
teardown check "no capacity provider left" cannot run. Here the call returns the providers moto has; the built-in
FARGATE and FARGATE_SPOT providers AWS also lists are not included (moto has no objects for them), nor is paging.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.ecs.models import EC2ContainerServiceBackend

    original = EC2ContainerServiceBackend.describe_capacity_providers

    def describe_capacity_providers(self: Any, names: list[str] | None) -> Any:
        if names is None:
            return list(self.capacity_providers.values()), []
        return original(self, names)

    EC2ContainerServiceBackend.describe_capacity_providers = describe_capacity_providers


FIX = register(
    Fix(
        id="ecs-describe-capacity-providers-all",
        gap="ECS DescribeCapacityProviders without capacityProviders raises TypeError (HTTP 500) instead of listing "
        "the account's capacity providers",
        symptom="a check that no capacity provider is left after terraform destroy cannot run; the SDK retries the "
        "500 before failing",
        apply=_apply,
    )
)
