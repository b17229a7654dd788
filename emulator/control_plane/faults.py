"""Injected faults: what an operator or a test asks the simulated AWS to get wrong.

Kinds (the HTTP API and the CLI use the same names):
- unhealthy-targets: every target of a target group, or of an ECS service's target groups, fails its
  health checks with the given reason until cleared.
- failing-image: every task whose container uses the image fails (unhealthy targets, or an essential
  container that exits when the service has no load balancer), so deployments of it trip the circuit breaker.
- image: how the data plane's stand-in for an image's tasks misbehaves (emulator/data_plane/stand_in.py): a status per
  path (a wrong health check path is {"/health": 404}), a start delay answering 503, a SIGTERM delay for in-flight
  requests when the task stops, or fail_health (every path 503, the failing image's behaviour).
- spot-interruption: the two-minute Spot warning for instances; see ``spot.py``.
- throttle: a service's API answers HTTP 400 throttling errors for N wall-clock seconds (from now, or from the
  service's first call after the fault is set: a test's window then cannot run out before the run under test calls).
- lost-response: the next N calls of one API operation (a JSON API's X-Amz-Target, e.g. DynamoDB_20120810.PutItem, or
  a query-protocol call as <signing name>.<Action>, e.g. ec2.CreateRouteTable) are carried out, then answered HTTP
  500 as if the response had been lost on the way: the SDK retries a write that already happened (how a Terraform
  state lock ends up held by the very process that is refused it, or a create without an idempotency token twice).
- fail-operation: the next N calls of one API operation (the same targets, or <signing name>.<Operation> for a JSON
  API too, e.g. ecs.DeleteCluster) are refused, not carried out, with a non-retryable error of the call's protocol
  (AccessDenied by default): a teardown that stops half-way, as a missing permission or an SCP makes it.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from typing import Any

# reason code -> the description AWS gives with it
TARGET_FAILURE_REASONS = {
    "Target.ResponseCodeMismatch": "Health checks failed with these codes: [502]",
    "Target.Timeout": "Request timed out",
    "Target.FailedHealthChecks": "Health checks failed",
    "Elb.InternalError": "Health checks failed due to an internal error",
}
FAILING_IMAGE_REASON = "Target.ResponseCodeMismatch"


class FaultError(ValueError):
    """A fault request that cannot be honoured (HTTP 400)."""


@dataclass
class UnhealthyTargets:
    reason: str
    description: str
    target_group_arn: str | None = None
    cluster: str | None = None
    service: str | None = None

    def matches(self, target_group_arn: str, service: Any | None) -> bool:
        if self.target_group_arn:
            return self.target_group_arn == target_group_arn
        if service is None:
            return False
        return self.service in (service.name, service.arn) and self.cluster in (
            None,
            service.cluster_name,
            service.cluster_arn,
        )


@dataclass
class ImageFault:
    """The stand-in's behaviour for an image (pattern as for failing-image). Delays are AWS seconds (scaled)."""

    image: str
    status: dict[str, int] = field(default_factory=dict)  # request path -> HTTP status answered
    start_delay: float = 0.0  # answers 503 this long after the task started
    sigterm_delay: float = 0.0  # when the task stops, in-flight requests get this long before they are cut
    fail_health: bool = False  # every path answers 503; the task fails as a failing image's does


def _image_fault(body: dict[str, Any]) -> ImageFault:
    image = (body.get("image") or "").strip()
    status = body.get("status") or {}
    if not image or not isinstance(status, dict):
        raise FaultError('image is required; status is an object {"/path": code}')
    codes: dict[str, int] = {}
    for path, code in status.items():
        if not str(path).startswith("/") or not str(code).isdigit() or not 200 <= int(code) <= 599:
            raise FaultError(f"status: {path!r}: {code!r} must be a path starting with / and an HTTP code 200-599")
        codes[str(path)] = int(code)
    delays = []
    for key in ("start_delay", "sigterm_delay"):
        try:
            delays.append(float(body.get(key) or 0))
        except (TypeError, ValueError):
            raise FaultError(f"{key} must be a number of seconds") from None
        if delays[-1] < 0:
            raise FaultError(f"{key} must be >= 0")
    return ImageFault(image, codes, delays[0], delays[1], bool(body.get("fail_health")))


@dataclass
class SpotInterruption:
    account_id: str
    region: str
    instance_id: str
    terminate_at: float = field(repr=False)
    announced_at: str = ""


def image_matches(pattern: str, image: str | None) -> bool:
    """Exact image, or any tag/digest of a repository given without one."""
    if not image:
        return False
    if image == pattern:
        return True
    tail = pattern.rsplit("/", 1)[-1]
    if ":" in tail or "@" in pattern:
        return False
    return image.startswith(pattern + ":") or image.startswith(pattern + "@")


@dataclass
class Faults:
    unhealthy: list[UnhealthyTargets] = field(default_factory=list)
    failing_images: list[str] = field(default_factory=list)
    image_faults: list[ImageFault] = field(default_factory=list)  # the stand-in's behaviour per image pattern
    throttles: dict[str, float] = field(default_factory=dict)  # signing name -> wall-clock end
    armed_throttles: dict[str, float] = field(default_factory=dict)  # signing name -> seconds, from its first call
    throttled_requests: dict[str, int] = field(default_factory=dict)
    spot: list[SpotInterruption] = field(default_factory=list)
    lost_responses: dict[str, int] = field(default_factory=dict)  # X-Amz-Target -> responses still to lose
    failing_operations: dict[str, dict[str, Any]] = field(default_factory=dict)  # target -> {"count", "code"}

    # ---- queries the simulation makes ----------------------------------------------------------
    def target_failure(self, target_group_arn: str, service: Any | None, images: list[str]) -> tuple[str, str] | None:
        """(reason, description) when a target must fail its health checks, else None."""
        for fault in self.unhealthy:
            if fault.matches(target_group_arn, service):
                return fault.reason, fault.description
        if self.image_fails(images):
            return FAILING_IMAGE_REASON, TARGET_FAILURE_REASONS[FAILING_IMAGE_REASON]
        return None

    def image_fails(self, images: list[str]) -> bool:
        if any(image_matches(pattern, image) for pattern in self.failing_images for image in images):
            return True
        return any(fault.fail_health for fault in self.image_faults_for(images))

    def image_faults_for(self, images: list[str]) -> list[ImageFault]:
        """The image faults that apply to these images (read by the data plane's threads without the lock: the list
        is replaced, never changed in place, so a reader sees a whole one)."""
        return [f for f in self.image_faults if any(image_matches(f.image, image) for image in images)]

    def image_behaviour(self, images: list[str]) -> tuple[dict[str, int], float, float, bool]:
        """(status per path, start delay, SIGTERM delay in AWS seconds, every path fails) for a task's stand-in."""
        statuses: dict[str, int] = {}
        start_delay = sigterm_delay = 0.0
        fails = any(image_matches(pattern, image) for pattern in self.failing_images for image in images)
        for fault in self.image_faults_for(images):  # later faults win where they overlap
            statuses.update(fault.status)
            start_delay, sigterm_delay = max(start_delay, fault.start_delay), max(sigterm_delay, fault.sigterm_delay)
            fails = fails or fault.fail_health
        return statuses, start_delay, sigterm_delay, fails

    def throttled(self, service: str) -> bool:
        if service in self.armed_throttles:
            self.throttles[service] = time.monotonic() + self.armed_throttles.pop(service)
        end = self.throttles.get(service)
        if end is None:
            return False
        if time.monotonic() >= end:
            del self.throttles[service]
            return False
        self.throttled_requests[service] = self.throttled_requests.get(service, 0) + 1
        return True

    def loses_response(self, target: str | None) -> bool:
        """True (and counts it) when this call's response must be lost after the call is carried out."""
        left = self.lost_responses.get(target or "", 0)
        if left <= 0:
            return False
        if left == 1:
            del self.lost_responses[target]
        else:
            self.lost_responses[target] = left - 1
        return True

    def fails_operation(self, targets: list[str]) -> str | None:
        """The error code to refuse this call with (and counts it), when one of its names has a fail-operation."""
        for target in targets:
            fault = self.failing_operations.get(target)
            if fault:
                fault["count"] -= 1
                if fault["count"] <= 0:
                    del self.failing_operations[target]
                return fault["code"]
        return None

    # ---- changes requested through the API -----------------------------------------------------
    def add_unhealthy(self, body: dict[str, Any]) -> dict[str, Any]:
        reason = body.get("reason") or "Target.ResponseCodeMismatch"
        if reason not in TARGET_FAILURE_REASONS:
            raise FaultError(f"reason must be one of {', '.join(TARGET_FAILURE_REASONS)}")
        target_group_arn, service = body.get("target_group_arn"), body.get("service")
        if bool(target_group_arn) == bool(service):
            raise FaultError("give either target_group_arn, or service (with cluster)")
        fault = UnhealthyTargets(
            reason=reason,
            description=body.get("description") or TARGET_FAILURE_REASONS[reason],
            target_group_arn=target_group_arn,
            cluster=body.get("cluster"),
            service=service,
        )
        self.unhealthy.append(fault)
        return asdict(fault)

    def add_failing_image(self, body: dict[str, Any]) -> dict[str, Any]:
        image = (body.get("image") or "").strip()
        if not image:
            raise FaultError("image is required")
        if image not in self.failing_images:
            self.failing_images.append(image)
        return {"image": image}

    def add_image_fault(self, body: dict[str, Any]) -> dict[str, Any]:
        """Set (or replace) the behaviour of one image pattern; one without any effect removes the pattern's fault."""
        fault = _image_fault(body)
        effect = fault.status or fault.start_delay or fault.sigterm_delay or fault.fail_health
        self.image_faults = [f for f in self.image_faults if f.image != fault.image] + ([fault] if effect else [])
        return asdict(fault)

    def add_throttle(self, body: dict[str, Any]) -> dict[str, Any]:
        service = (body.get("service") or "").strip().lower()
        try:
            seconds = float(body.get("seconds", 0))
        except (TypeError, ValueError):
            raise FaultError("seconds must be a number") from None
        if not service or seconds <= 0:
            raise FaultError("service (the SigV4 signing name, e.g. ecs, ec2, elasticloadbalancing) and seconds > 0")
        if body.get("from_first_call"):
            self.throttles.pop(service, None)
            self.armed_throttles[service] = seconds
        else:
            self.armed_throttles.pop(service, None)
            self.throttles[service] = time.monotonic() + seconds
        return {"service": service, "seconds": seconds, "from_first_call": bool(body.get("from_first_call"))}

    def add_lost_response(self, body: dict[str, Any]) -> dict[str, Any]:
        target = (body.get("target") or "").strip()
        count = body.get("count", 1)
        if not re.fullmatch(r"[A-Za-z0-9_]+\.[A-Za-z0-9]+", target) or not isinstance(count, int) or count < 1:
            raise FaultError("target (an X-Amz-Target such as DynamoDB_20120810.PutItem, or <signing name>.<Action> "
                             "such as ec2.CreateRouteTable) and count >= 1")
        self.lost_responses[target] = self.lost_responses.get(target, 0) + count
        return {"target": target, "count": count}

    def add_failing_operation(self, body: dict[str, Any]) -> dict[str, Any]:
        target = (body.get("target") or "").strip()
        count = body.get("count", 1)
        code = (body.get("code") or "AccessDenied").strip()
        if (not re.fullmatch(r"[A-Za-z0-9_-]+\.[A-Za-z0-9]+", target) or not isinstance(count, int) or count < 1
                or not re.fullmatch(r"[A-Za-z][A-Za-z0-9.]*", code)):
            raise FaultError("target (an X-Amz-Target such as AmazonEC2ContainerServiceV20141113.DeleteCluster, or "
                             "<signing name>.<Operation> such as elasticloadbalancing.DeleteListener or "
                             "ecs.DeleteCluster), count >= 1 and code (an AWS error code, default AccessDenied)")
        fault = self.failing_operations.setdefault(target, {"count": 0, "code": code})
        fault.update(count=fault["count"] + count, code=code)
        return {"target": target, "count": count, "code": code}

    def clear(self) -> dict[str, Any]:
        """Forget every fault; Spot interruptions already announced go ahead (AWS cannot take them back)."""
        cleared = self.describe()
        self.unhealthy.clear()
        self.failing_images.clear()
        self.image_faults = []
        self.throttles.clear()
        self.armed_throttles.clear()
        self.lost_responses.clear()
        self.failing_operations.clear()
        return cleared

    def describe(self) -> dict[str, Any]:
        now = time.monotonic()
        return {
            "unhealthy_targets": [asdict(f) for f in self.unhealthy],
            "failing_images": list(self.failing_images),
            "image_faults": [asdict(f) for f in self.image_faults],
            "throttles": {k: round(end - now, 1) for k, end in self.throttles.items() if end > now},
            "armed_throttles": dict(self.armed_throttles),
            "throttled_requests": dict(self.throttled_requests),
            "lost_responses": dict(self.lost_responses),
            "failing_operations": {k: dict(v) for k, v in self.failing_operations.items()},
            "spot_interruptions": [
                {
                    "instance_id": s.instance_id,
                    "region": s.region,
                    "terminates_in": round(max(0.0, s.terminate_at - now), 1),
                }
                for s in self.spot
            ],
        }
