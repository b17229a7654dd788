"""ECS CreateService/UpdateService keep the deployment settings moto drops.

moto forgets capacityProviderStrategy, healthCheckGracePeriodSeconds, deploymentConfiguration (circuit
breaker, alarms, percentages), enableECSManagedTags, enableExecuteCommand and availabilityZoneRebalancing,
and reports launchType EC2 even when a capacity provider strategy was given (AWS reports none then).
Terraform reads all of these back, so each dropped field is false drift (capacity_provider_strategy even
forces a replacement).
"""

from __future__ import annotations

import copy
from typing import Any

from emulator.fixes import Fix, register


def default_deployment_configuration(scheduling_strategy: str) -> dict[str, Any]:
    daemon = scheduling_strategy == "DAEMON"
    return {
        "deploymentCircuitBreaker": {"enable": False, "rollback": False},
        "maximumPercent": 100 if daemon else 200,
        "minimumHealthyPercent": 0 if daemon else 100,
    }


def merge_deployment_configuration(current: dict[str, Any] | None, requested: dict[str, Any]) -> dict[str, Any]:
    """UpdateService changes only the members it is given (the provider sends one part at a time)."""
    merged = copy.deepcopy(current or {})
    merged.update(copy.deepcopy(requested))
    return merged


def normalize_strategy(strategy: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "capacityProvider": item["capacityProvider"],
            "weight": int(item.get("weight", 0)),
            "base": int(item.get("base", 0)),
        }
        for item in strategy
    ]


def default_rebalancing(scheduling_strategy: str | None, placement: list[dict[str, Any]]) -> str:
    """CreateService without availabilityZoneRebalancing: ENABLED when the service is compatible (AWS's
    default since June 2025), DISABLED for DAEMON services and binpack placement."""
    binpack = any(str(p.get("type", "")).lower() == "binpack" for p in placement)
    return "DISABLED" if scheduling_strategy == "DAEMON" or binpack else "ENABLED"


def use_capacity_providers(service: Any, strategy: list[dict[str, Any]]) -> None:
    service.capacity_provider_strategy = normalize_strategy(strategy)
    service.launch_type = None  # AWS reports no launchType for a capacity provider strategy
    for deployment in service.deployments:
        deployment.pop("launchType", None)
        deployment["capacityProviderStrategy"] = service.capacity_provider_strategy


def _apply() -> None:
    from moto.core.utils import utcnow
    from moto.ecs.exceptions import InvalidParameterException
    from moto.ecs.responses import EC2ContainerServiceResponse

    original_create = EC2ContainerServiceResponse.create_service
    original_update = EC2ContainerServiceResponse.update_service

    def create_service(self: Any) -> Any:
        strategy = self._get_param("capacityProviderStrategy")
        launch_type = self._get_param("launchType")
        if strategy and launch_type:
            raise InvalidParameterException(
                "Specifying both a launch type and capacity provider strategy is not supported. "
                "Remove one and try again."
            )
        result = original_create(self)
        service = result.result["service"]
        if not strategy and not launch_type:  # AWS falls back to the cluster's default strategy
            cluster = self.ecs_backend._get_cluster(self._get_param("cluster", "default"))
            strategy = getattr(cluster, "default_capacity_provider_strategy", None) or None
        if strategy:
            use_capacity_providers(service, strategy)
        else:
            service.capacity_provider_strategy = None
        configuration = default_deployment_configuration(service.scheduling_strategy)
        service.deployment_configuration = merge_deployment_configuration(
            configuration, self._get_param("deploymentConfiguration") or {}
        )
        service.health_check_grace_period_seconds = self._get_param("healthCheckGracePeriodSeconds")
        service.enable_ecs_managed_tags = bool(self._get_param("enableECSManagedTags", False))
        service.enable_execute_command = bool(self._get_param("enableExecuteCommand", False))
        service.availability_zone_rebalancing = self._get_param("availabilityZoneRebalancing") or (
            default_rebalancing(service.scheduling_strategy, self._get_param("placementStrategy") or [])
        )
        service.created_at = getattr(service, "created_at", None) or utcnow()
        return result

    def update_service(self: Any) -> Any:
        service = self.ecs_backend._get_service(self._get_param("cluster", "default"), self._get_param("service"))
        previous_configuration = copy.deepcopy(getattr(service, "deployment_configuration", None))
        requested_configuration = self._get_param("deploymentConfiguration")
        strategy = self._get_param("capacityProviderStrategy")
        result = original_update(self)  # moto sets every given member as a raw attribute
        if requested_configuration is not None:
            service.deployment_configuration = merge_deployment_configuration(
                previous_configuration, requested_configuration
            )
        if strategy:
            use_capacity_providers(service, strategy)
        return result

    EC2ContainerServiceResponse.create_service = create_service
    EC2ContainerServiceResponse.update_service = update_service


FIX = register(
    Fix(
        id="ecs-service-fields",
        gap="ECS service drops capacityProviderStrategy, healthCheckGracePeriodSeconds, deploymentConfiguration "
        "(circuit breaker, alarms), enableECSManagedTags, enableExecuteCommand, availabilityZoneRebalancing; "
        "reports launchType EC2 with a capacity provider strategy",
        symptom="plan after apply wants to replace aws_ecs_service (false drift); verifiers see no deployment settings",
        apply=_apply,
    )
)
