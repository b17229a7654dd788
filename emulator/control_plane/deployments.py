"""The deployment state machine: IN_PROGRESS until desired healthy PRIMARY tasks run and nothing else does
(COMPLETED), or FAILED by the circuit breaker after min(200, max(3, ceil(desired / 2))) failed tasks, which with
rollback starts a new deployment of the last COMPLETED task definition. DescribeServices shows the deployments,
runningCount/pendingCount and the events; EventBridge gets ECS Deployment State Change events.
"""

from __future__ import annotations

import math
from typing import Any

from emulator.control_plane import notify
from emulator.control_plane.rolling import on_draining_instance
from emulator.control_plane.service_state import Deployment, ServiceState, new_deployment_id, state_of
from emulator.control_plane.task_health import healthy


def failure_threshold(desired: int) -> int:
    return min(200, max(3, math.ceil(desired / 2)))


def start_deployment(region: Any, service: Any, task_definition: str, reason: str = "") -> Deployment:
    """A new PRIMARY deployment; the earlier ones turn ACTIVE."""
    state = state_of(service)
    for deployment in state.deployments:
        deployment.status = "ACTIVE"
    deployment = Deployment(new_deployment_id(), task_definition, rollout_state_reason=reason)
    state.deployments.insert(0, deployment)
    state.steady = False
    notify.deployment_state_change(
        region, service, "SERVICE_DEPLOYMENT_IN_PROGRESS", deployment.id, deployment.rollout_state_reason
    )
    return deployment


def check_circuit_breaker(region: Any, service: Any, state: ServiceState) -> None:
    primary = state.deployments[0]
    breaker = (getattr(service, "deployment_configuration", None) or {}).get("deploymentCircuitBreaker") or {}
    if not breaker.get("enable") or primary.rollout_state != "IN_PROGRESS":
        return
    if primary.failed_tasks < failure_threshold(service.desired_count):
        return
    reason = "ECS deployment circuit breaker: tasks failed to start."
    primary.set_state("FAILED", reason)
    notify.service_event(service, f"(deployment {primary.id}) deployment failed: tasks failed to start.")
    notify.deployment_state_change(region, service, "SERVICE_DEPLOYMENT_FAILED", primary.id, reason)
    good = state.last_good
    if not breaker.get("rollback") or good is None:
        return
    rollback = start_deployment(
        region,
        service,
        good.task_definition,
        f"ECS deployment circuit breaker: rolling back to deploymentId {good.id}.",
    )
    service.task_definition = good.task_definition
    for task in state.tasks:  # running tasks of the good revision carry on in the rollback deployment
        if task.live and task.task_definition_arn == good.task_definition:
            task._deployment_id = rollback.id
    state.deployments = [  # the good deployment handed its tasks over; the failed one drains
        d
        for d in state.deployments
        if d in (rollback, primary) or any(t._deployment_id == d.id and t.last_status != "STOPPED" for t in state.tasks)
    ]
    notify.service_event(service, f"(deployment {primary.id}) rolling back to deployment {good.id}.")


def check_completion(region: Any, service: Any, state: ServiceState) -> None:
    primary = state.deployments[0]
    desired = service.desired_count if service.status == "ACTIVE" else 0
    live = [t for t in state.tasks if t.live]
    mine = [t for t in live if t._deployment_id == primary.id]
    # older deployments stay listed (ACTIVE) until their last task has drained and stopped
    others_busy = any(t._deployment_id != primary.id and t.last_status != "STOPPED" for t in state.tasks)
    steady = (
        primary.rollout_state != "FAILED"
        and not others_busy
        and len(mine) == len(live) == desired
        and all(healthy(t) and not on_draining_instance(t) for t in mine)
    )
    if not steady:
        state.steady = False
        return
    if primary.rollout_state == "IN_PROGRESS":
        reason = f"ECS deployment {primary.id} completed."
        primary.set_state("COMPLETED", reason)
        notify.service_event(service, f"(deployment {primary.id}) deployment completed.")
        notify.deployment_state_change(region, service, "SERVICE_DEPLOYMENT_COMPLETED", primary.id, reason)
    if primary.rollout_state == "COMPLETED":
        state.last_good = primary
        state.deployments[1:] = []
    if not state.steady:
        state.steady = True
        notify.service_event(service, "has reached a steady state.")


def render(service: Any) -> None:
    """What DescribeServices shows: the deployments and the service's running/pending counts."""
    state = state_of(service)
    strategy = getattr(service, "capacity_provider_strategy", None)
    network = service.network_configuration or None
    rendered = []
    total_running = total_pending = 0
    for index, deployment in enumerate(state.deployments):
        mine = [t for t in state.tasks if t._deployment_id == deployment.id and t.last_status != "STOPPED"]
        running = sum(1 for t in mine if t.last_status == "RUNNING")
        pending = sum(1 for t in mine if t.last_status in ("PROVISIONING", "PENDING"))
        total_running += running
        total_pending += pending
        item: dict[str, Any] = {
            "id": deployment.id,
            "status": deployment.status,
            "taskDefinition": deployment.task_definition,
            "desiredCount": service.desired_count if index == 0 else sum(1 for t in mine if t.live),
            "pendingCount": pending,
            "runningCount": running,
            "failedTasks": deployment.failed_tasks,
            "createdAt": deployment.created_at,
            "updatedAt": deployment.updated_at,
            "rolloutState": deployment.rollout_state,
            "rolloutStateReason": deployment.rollout_state_reason,
        }
        if strategy:
            item["capacityProviderStrategy"] = strategy
        else:
            item["launchType"] = service.launch_type or "EC2"
        if network:
            item["networkConfiguration"] = network
        rendered.append(item)
    service.deployments = rendered
    service.running_count, service.pending_count = total_running, total_pending
