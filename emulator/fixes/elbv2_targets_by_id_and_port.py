"""ELBv2 target groups hold a target per (Id, Port), as AWS does, not one per Id.

AWS identifies a registered target by its ID and port: the same instance can be registered several times on
different ports, which is how ECS tasks with dynamic host ports (bridge network mode) share an instance behind
one target group. DeregisterTargets takes the port a target was registered with ("If you specified a port
override when you registered a target, you must specify both the target ID and the port when you deregister
it", AWS API reference). moto keys targets by Id only: the second task on an instance overwrites the first's
registration, and draining one task's target removes the other's, which then serves nothing while ECS counts it
as running (an alarm on UnHealthyHostCount never fires; a deployment never sees its tasks fail).

A target given without a port means the target group's port, for RegisterTargets, DeregisterTargets and
DescribeTargetHealth alike.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def target_key(group: Any, target: dict[str, Any]) -> tuple[str, int | str | None]:
    """(Id, Port) of a target as the API names it; the group's port when none is given."""
    port = target.get("Port")
    if port in (None, ""):
        port = group.port
    try:
        return target["Id"], int(port)
    except (TypeError, ValueError):  # lambda target groups have no port
        return target["Id"], port


def _apply() -> None:
    from moto.elbv2.exceptions import InvalidTargetError, TargetNotRunning
    from moto.elbv2.models import FakeHealthStatus, FakeTargetGroup

    def register_targets(self: Any, targets: list[dict[str, Any]]) -> None:
        for target in targets:
            instance = self.ec2_backend.get_instance_by_id(target["Id"])
            if instance is not None and instance.state != "running":
                raise TargetNotRunning(instance_id=target["Id"])
            key = target_key(self, target)
            self.targets[key] = {"Id": key[0], "Port": key[1]}
            self.deregistered_targets.pop(key, None)
            self.terminated_targets.pop(key, None)

    def deregister_targets(self: Any, targets: list[dict[str, Any]]) -> None:
        for target in targets:
            key = target_key(self, target)
            registered = self.targets.pop(key, None)
            if registered is None:
                raise InvalidTargetError()
            self.deregistered_targets[key] = registered

    def deregister_terminated_instances(self: Any, instance_ids: list[str]) -> None:
        for key in [k for k in self.targets if k[0] in instance_ids]:
            self.terminated_targets[key] = self.targets.pop(key)

    def health_for(self: Any, target: dict[str, Any], ec2_backend: Any) -> Any:
        key = target_key(self, target)
        registered = self.targets.get(key)
        if registered is None:
            if key in self.terminated_targets:
                state = ("draining", "Target.DeregistrationInProgress", "Target deregistration is in progress")
            else:
                state = ("unused", "Target.NotRegistered", "Target is not registered to the target group")
            return FakeHealthStatus(key[0], key[1], self.health_check_port, *state)
        instance = ec2_backend.get_instance_by_id(key[0]) if key[0].startswith("i-") else None
        if instance is not None and instance.state == "stopped":
            return FakeHealthStatus(key[0], key[1], self.health_check_port, "unused", "Target.InvalidState",
                                    "Target is in the stopped state")
        return FakeHealthStatus(key[0], key[1], self.health_check_port, "healthy")

    FakeTargetGroup.register = register_targets
    FakeTargetGroup.deregister = deregister_targets
    FakeTargetGroup.deregister_terminated_instances = deregister_terminated_instances
    FakeTargetGroup.health_for = health_for


FIX = register(
    Fix(
        id="elbv2-targets-by-id-and-port",
        gap="ELBv2 target groups key registered targets by Id only; AWS keys them by (Id, Port)",
        symptom="two ECS tasks on one instance (dynamic host ports) share one target: draining one deregisters the "
        "other, which then runs unseen by the load balancer and its alarms",
        apply=_apply,
    )
)
