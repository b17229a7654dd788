"""An EC2 task definition whose container has only a soft memory limit (ecs-task-definition-memory-reservation)."""

import pytest
from botocore.exceptions import ClientError

SOFT_LIMIT_ONLY = [{"name": "web", "image": "nginx", "memoryReservation": 128, "portMappings": [{"containerPort": 80}]}]


def register(server, family, containers):
    return server.client("ecs").register_task_definition(
        family=family, requiresCompatibilities=["EC2"], networkMode="bridge", containerDefinitions=containers
    )["taskDefinition"]


def test_ecs_task_definition_memory_reservation_fixed(fixed, name):
    registered = register(fixed, name, SOFT_LIMIT_ONLY)
    assert registered["containerDefinitions"][0]["memoryReservation"] == 128
    # ECS still refuses a container with neither limit when the task sets no memory either
    with pytest.raises(ClientError, match="memoryReservation"):
        register(fixed, name, [{"name": "web", "image": "nginx"}])


def test_ecs_task_definition_memory_reservation_gap_visible_unfixed(unfixed, name):
    with pytest.raises(ClientError, match="At least one of 'memory' or 'memoryReservation'"):
        register(unfixed, name, SOFT_LIMIT_ONLY)
