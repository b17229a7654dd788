"""ECS services keep their placementConstraints.

moto stores a task definition's ``placementConstraints`` but drops a service's: ``CreateService`` and
``UpdateService`` ignore them and ``DescribeServices`` returns none, so Terraform's ``placement_constraints``
(``distinctInstance``, ``memberOf``) drifts on every plan. AWS returns them, and UpdateService replaces them
when the call names them (an empty list removes them).
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
        result.result["service"].placement_constraints = copy.deepcopy(self._get_param("placementConstraints") or [])
        return result

    def update_service(self: Any) -> Any:
        requested = self._get_param("placementConstraints")
        result = original_update(self)
        if requested is not None:
            service = self.ecs_backend._get_service(self._get_param("cluster", "default"), self._get_param("service"))
            service.placement_constraints = copy.deepcopy(requested)
        return result

    EC2ContainerServiceResponse.create_service = create_service
    EC2ContainerServiceResponse.update_service = update_service


FIX = register(
    Fix(
        id="ecs-service-placement-constraints",
        gap="ECS CreateService/UpdateService do not store placementConstraints",
        symptom="aws_ecs_service placement_constraints shows a permanent in-place diff (false drift)",
        apply=_apply,
    )
)
