"""ECS services keep their placementStrategy.

moto never stores CreateService/UpdateService ``placementStrategy``, so ``DescribeServices`` returns none
and Terraform's ``ordered_placement_strategy`` (spread across AZs, then binpack) drifts on every plan.
"""

from __future__ import annotations

import copy
from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.ecs.responses import EC2ContainerServiceResponse

    original_create = EC2ContainerServiceResponse.create_service
    original_update = EC2ContainerServiceResponse.update_service

    def create_service(self: Any) -> Any:
        result = original_create(self)
        result.result["service"].placement_strategy = copy.deepcopy(self._get_param("placementStrategy") or [])
        return result

    def update_service(self: Any) -> Any:
        requested = self._get_param("placementStrategy")
        result = original_update(self)
        if requested is not None:
            service = self.ecs_backend._get_service(self._get_param("cluster", "default"), self._get_param("service"))
            service.placement_strategy = copy.deepcopy(requested)
        return result

    EC2ContainerServiceResponse.create_service = create_service
    EC2ContainerServiceResponse.update_service = update_service


FIX = register(
    Fix(
        id="ecs-service-placement",
        gap="ECS CreateService/UpdateService do not store placementStrategy",
        symptom="aws_ecs_service ordered_placement_strategy shows a permanent diff (false drift)",
        apply=_apply,
    )
)
