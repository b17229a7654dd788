"""What AWS tells the world on its own: ECS service events and EventBridge events on the default bus."""

from __future__ import annotations

import json
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

from emulator.control_plane.settings import SERVICE_EVENT_LIMIT


def service_event(service: Any, message: str) -> None:
    """Newest first, as DescribeServices shows them; only the last SERVICE_EVENT_LIMIT are kept."""
    from moto.core.utils import utcnow

    events = service.events if isinstance(getattr(service, "events", None), list) else []
    events.insert(0, {"id": str(uuid.uuid4()), "createdAt": utcnow(), "message": f"(service {service.name}) {message}"})
    del events[SERVICE_EVENT_LIMIT:]
    service.events = events


def iso_millis(at: datetime | None = None) -> str:
    """A timestamp as AWS's events and notifications write it: UTC, milliseconds, "Z"."""
    return (at or datetime.now(UTC)).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def put_event(region: Any, source: str, detail_type: str, detail: dict[str, Any], resources: list[str]) -> None:
    """PutEvents on the default bus through moto's events backend, so rules and their targets see it."""
    entry = {
        "Source": source,
        "DetailType": detail_type,
        "Detail": json.dumps(detail),
        "Resources": resources,
    }
    try:
        region.events.put_events([entry])
    except Exception as exc:  # an event that cannot be delivered must not stop the simulation
        print(f"control plane: could not put {detail_type} event: {exc!r}", file=sys.stderr, flush=True)


def deployment_state_change(region: Any, service: Any, event_name: str, deployment_id: str, reason: str) -> None:
    detail = {
        "eventType": "ERROR" if event_name.endswith("FAILED") else "INFO",
        "eventName": event_name,
        "clusterArn": service.cluster_arn,
        "deploymentId": deployment_id,
        "updatedAt": iso_millis(),
        "reason": reason,
    }
    put_event(region, "aws.ecs", "ECS Deployment State Change", detail, [service.arn])


def spot_interruption_warning(region: Any, instance_id: str) -> None:
    arn = f"arn:aws:ec2:{region.name}:{region.account_id}:instance/{instance_id}"
    detail = {"instance-id": instance_id, "instance-action": "terminate"}
    put_event(region, "aws.ec2", "EC2 Spot Instance Interruption Warning", detail, [arn])
