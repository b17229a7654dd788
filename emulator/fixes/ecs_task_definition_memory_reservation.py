"""ECS task definitions for EC2 accept a container with only ``memoryReservation``.

moto's ``RegisterTaskDefinition`` demands a container-level ``memory`` (hard limit) whenever
``requiresCompatibilities`` names ``EC2`` and the task has no task-level memory. ECS asks for at least one of
``memory`` or ``memoryReservation`` per container (or a task-level ``memory``), so a container with a soft
limit only - the usual way to pack bridge-mode tasks - is valid (ContainerDefinition API reference).
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register

KEYS = ("memory", "Memory", "memoryReservation", "MemoryReservation")  # capitalised: CloudFormation's spelling


def _apply() -> None:
    from moto.ecs.exceptions import TaskDefinitionMemoryError, TaskDefinitionMissingPropertyError
    from moto.ecs.models import EC2ContainerServiceBackend

    def validate_container_defs(
        memory: str | None, container_definitions: list[dict[str, Any]], requires_compatibilities: list[str] | None
    ) -> None:
        for definition in container_definitions:
            if "name" not in definition and "Name" not in definition:
                raise TaskDefinitionMissingPropertyError("name")
            if "image" not in definition and "Image" not in definition:
                raise TaskDefinitionMissingPropertyError("image")
            if not memory and not any(key in definition for key in KEYS):
                raise TaskDefinitionMemoryError(definition.get("name") or definition.get("Name"))

    EC2ContainerServiceBackend._validate_container_defs = staticmethod(validate_container_defs)


FIX = register(
    Fix(
        id="ecs-task-definition-memory-reservation",
        gap="RegisterTaskDefinition with requiresCompatibilities EC2 refuses a container that sets memoryReservation "
        "without memory (ECS needs one of the two, or a task-level memory)",
        symptom="aws_ecs_task_definition of a bridge-mode container with a soft memory limit fails: "
        "ClientException 'At least one of memory or memoryReservation must be specified'",
        apply=_apply,
    )
)
