"""What the scheduler keeps per service, attached to moto's Service: its deployments (PRIMARY first) and tasks."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from emulator.control_plane.settings import utcnow
from emulator.control_plane.tasks import SimTask


def new_deployment_id() -> str:
    return f"ecs-svc/{random.randrange(10**18, 10**19)}"  # noqa: S311 - an id, not a secret


@dataclass
class Deployment:
    id: str
    task_definition: str
    status: str = "PRIMARY"
    rollout_state: str = "IN_PROGRESS"
    rollout_state_reason: str = ""
    failed_tasks: int = 0
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)

    def __post_init__(self) -> None:
        self.rollout_state_reason = self.rollout_state_reason or f"ECS deployment {self.id} in progress."

    def set_state(self, state: str, reason: str) -> None:
        self.rollout_state, self.rollout_state_reason, self.updated_at = state, reason, utcnow()


@dataclass
class ServiceState:
    deployments: list[Deployment]
    tasks: list[SimTask] = field(default_factory=list)
    last_good: Deployment | None = None
    steady: bool = False
    unplaceable_event_at: float = 0.0
    rebalance_task: SimTask | None = None  # started in the AZ with fewest tasks; one in the AZ with most stops then
    rebalancing: bool = False  # "not AZ balanced" said, "AZ balanced" not yet
    rebalance_retry_at: float = 0.0


def state_of(service: Any) -> ServiceState:
    """The service's state, made on first sight with the deployment moto created (or a new one)."""
    state = getattr(service, "_cp_state", None)
    if state is None:
        moto_id = (service.deployments or [{}])[0].get("id") if service.deployments else None
        state = ServiceState([Deployment(moto_id or new_deployment_id(), service.task_definition)])
        service._cp_state = state
    return state
