"""ELBv2 CreateLoadBalancer, CreateTargetGroup and CreateListener are idempotent, as in AWS.

The API reference of each says: "This operation is idempotent, which means that it completes at most one time. If
you attempt to create multiple <load balancers | target groups | listeners> with the same settings, each call
succeeds" (the answer describes the one resource); a name or port already taken with other settings is refused with
DuplicateLoadBalancerName / DuplicateTargetGroupName / DuplicateListener. moto repeats the work instead: a second
CreateLoadBalancer makes a second load balancer of the same name, a second CreateListener a second listener on the
same port (both orphans no state knows), and a second CreateTargetGroup fails with DuplicateTargetGroupName. An SDK
retry of a create whose first attempt was carried out (answer lost) is exactly such a repeat.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections.abc import Callable
from typing import Any

from emulator.fixes import Fix, register


def _settings(signature: inspect.Signature, backend: Any, args: tuple, kwargs: dict) -> dict[str, Any]:
    """The call's arguments by name, so a positional and a keyword call of the same settings compare equal."""
    bound = signature.bind(backend, *args, **kwargs)
    bound.apply_defaults()
    return dict(list(bound.arguments.items())[1:])


def _digest(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()


def _idempotent(original: Callable, find: Callable, duplicate: type, created_with: dict[str, str]) -> Callable:
    signature = inspect.signature(original)

    def create(self: Any, *args: Any, **kwargs: Any) -> Any:
        settings = _settings(signature, self, args, kwargs)
        existing = find(self, settings)
        if existing is not None:
            if created_with.get(existing.arn) == _digest(settings):
                return existing  # the same settings: the resource that exists, as AWS answers
            raise duplicate()
        resource = original(self, *args, **kwargs)
        created_with[resource.arn] = _digest(settings)
        return resource

    return create


def _load_balancer(backend: Any, settings: dict[str, Any]) -> Any:
    return next((lb for lb in backend.load_balancers.values() if lb.name == settings["name"]), None)


def _target_group(backend: Any, settings: dict[str, Any]) -> Any:
    return next((tg for tg in backend.target_groups.values() if tg.name == settings["name"]), None)


def _listener(backend: Any, settings: dict[str, Any]) -> Any:
    balancer = backend.load_balancers.get(settings["load_balancer_arn"])
    if balancer is None:
        return None  # moto answers LoadBalancerNotFound
    return next((ls for ls in balancer.listeners.values() if str(ls.port) == str(settings["port"])), None)


def _apply() -> None:
    from moto.elbv2.exceptions import DuplicateListenerError, DuplicateLoadBalancerName, DuplicateTargetGroupName
    from moto.elbv2.models import ELBv2Backend

    created_with: dict[str, str] = {}  # resource ARN -> digest of the settings it was created with
    for name, find, duplicate in (
        ("create_load_balancer", _load_balancer, DuplicateLoadBalancerName),
        ("create_target_group", _target_group, DuplicateTargetGroupName),
        ("create_listener", _listener, DuplicateListenerError),
    ):
        setattr(ELBv2Backend, name, _idempotent(getattr(ELBv2Backend, name), find, duplicate, created_with))


FIX = register(
    Fix(
        id="elbv2-create-idempotent",
        gap="ELBv2 CreateLoadBalancer / CreateListener repeated with the same settings make a second resource; "
        "CreateTargetGroup fails with DuplicateTargetGroupName",
        symptom="an SDK retry of a create whose answer was lost leaves a duplicate load balancer or listener no "
        "state knows, or fails terraform apply of the services layer with DuplicateTargetGroupName",
        apply=_apply,
    )
)
