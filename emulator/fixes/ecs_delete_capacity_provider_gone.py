"""DeleteCapacityProvider of a capacity provider that does not exist answers ClientException, as in AWS.

moto looks the provider up, gets None and fails on it: HTTP 500, which the SDK retries until it gives up. AWS
answers ``ClientException: The specified capacity provider does not exist. Specify a valid name or ARN and try
again.``, and terraform-provider-aws's delete of ``aws_ecs_capacity_provider`` treats that message as already
deleted. An SDK retry of a delete whose first attempt was carried out would otherwise fail ``terraform destroy`` of
the compute layer.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register

MESSAGE = "The specified capacity provider does not exist. Specify a valid name or ARN and try again."


def _apply() -> None:
    from moto.ecs.exceptions import EcsClientException
    from moto.ecs.models import EC2ContainerServiceBackend

    original = EC2ContainerServiceBackend.delete_capacity_provider

    def delete_capacity_provider(self: Any, name_or_arn: str) -> Any:
        if self._get_provider(name_or_arn) is None:
            raise EcsClientException(MESSAGE)
        return original(self, name_or_arn)

    EC2ContainerServiceBackend.delete_capacity_provider = delete_capacity_provider


FIX = register(
    Fix(
        id="ecs-delete-capacity-provider-gone",
        gap="ECS DeleteCapacityProvider of a capacity provider that does not exist answers HTTP 500",
        symptom="an SDK retry of a delete whose answer was lost fails terraform destroy of the compute layer "
        "(aws_ecs_capacity_provider) after the SDK's own retries of the 500",
        apply=_apply,
    )
)
