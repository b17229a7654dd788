"""Auto Scaling counts a mixed instances group's capacity in units: each instance carries its type's weight.

With weights (``WeightedCapacity`` on the overrides of a mixed instances policy) the desired, minimum and maximum
sizes are capacity units. AWS launches instances until their weights add up to the desired capacity (the last one
may overshoot it), terminates instances on scale-in only while the units left stay at or above it, and reports each
instance's weight as ``WeightedCapacity`` (a string) in DescribeAutoScalingGroups and
DescribeAutoScalingInstances; an instance whose type left the overrides keeps its last weight ("Configure an Auto
Scaling group to use instance weights", EC2 Auto Scaling User Guide).

moto divides the desired capacity by the first override's weight, launches that many instances of the launch
template's own type (an override type only if something else picks one), and reports no weight: a Spot-only group
with weights 2 and 1 and desired capacity 2 gets one instance, and terraform-provider-aws's capacity waiter, which
adds up ``WeightedCapacity`` (1 when absent), counts 1 of 2 for its whole 10 minutes. Its On-Demand/Spot split
also rounds away capacity (desired 3 at 50 % On-Demand launches 2 instances even without weights).

Here a group with a mixed instances policy launches one instance at a time (through the launch chain, so the AZ
balance and the control plane's choice of market and type apply) until the units reach the desired capacity; an
instance of a weighted group whose type no one chose from the overrides gets the first override's type (the
prioritized order). Scale-in takes, from the AZ with the most instances, the oldest unprotected instance whose
removal keeps the units at or above the desired capacity, until none can go; it leaves alone the overshoot of the
group's own last launch at this desired capacity (AWS does not terminate to trim it). The capacity is evaluated again
after an instance leaves by EC2 TerminateInstances, after UpdateAutoScalingGroup (new weights) and when scale-in
protection is lifted. Groups without overrides keep moto's behaviour.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from emulator.fixes import Fix, register


def overrides(group: Any) -> list[dict[str, Any]]:
    return ((getattr(group, "mixed_instances_policy", None) or {}).get("LaunchTemplate") or {}).get("Overrides") or []


def parse_weight(value: Any) -> int:
    try:
        weight = int(value)
    except (TypeError, ValueError):
        return 1
    return weight if weight >= 1 else 1


def weights(group: Any) -> dict[str, int] | None:
    """Instance type -> units when the group's overrides carry weights; None when they do not."""
    entries = overrides(group)
    if not any(entry.get("WeightedCapacity") not in (None, "") for entry in entries):
        return None
    return {e["InstanceType"]: parse_weight(e.get("WeightedCapacity")) for e in entries if e.get("InstanceType")}


def units(state: Any, table: dict[str, int] | None) -> int:
    """What an instance counts toward the desired capacity; remembers it for when its type leaves the overrides."""
    if not table:
        return 1
    weight = table.get(state.instance.instance_type)
    if weight is None:
        return getattr(state, "_weighted_capacity_last", 1)
    state._weighted_capacity_last = weight
    return weight


def capacity(group: Any, table: dict[str, int] | None) -> int:
    return sum(units(state, table) for state in group.active_instances())


def launch(group: Any, missing: int, table: dict[str, int] | None) -> None:
    types = [entry["InstanceType"] for entry in overrides(group) if entry.get("InstanceType")]
    tags = group.get_propagated_tags()
    while missing > 0:
        before = {state.instance.id for state in group.instance_states}
        group.replace_autoscaling_group_instances(1, dict(tags))
        new = [state for state in group.instance_states if state.instance.id not in before]
        if not new:
            return
        for state in new:
            if table and types and state.instance.instance_type not in table:
                state.instance.instance_type = types[0]  # prioritized: the first override
                state.instance_type = types[0]
            missing -= units(state, table)


def scale_in(group: Any, target: int, table: dict[str, int] | None) -> None:
    remaining = list(group.active_instances())
    have = sum(units(state, table) for state in remaining)
    leaving = []
    while True:
        candidates = [
            state for state in remaining if not state.protected_from_scale_in and have - units(state, table) >= target
        ]
        if not candidates:
            break
        per_zone = Counter(state.instance.placement.zone for state in remaining)
        victim = max(candidates, key=lambda state: per_zone[state.instance.placement.zone])  # oldest of the fullest
        remaining.remove(victim)
        leaving.append(victim)
        have -= units(victim, table)
    if leaving:
        group.autoscaling_backend.ec2_backend.terminate_instances([state.instance.id for state in leaving])
        group.instance_states = [state for state in group.instance_states if state not in leaving]


def _apply() -> None:
    from moto.autoscaling.models import AutoScalingBackend, FakeAutoScalingGroup, InstanceState

    original_set = FakeAutoScalingGroup.set_desired_capacity
    original_update = FakeAutoScalingGroup.update
    original_notify = AutoScalingBackend.notify_terminate_instances
    original_protect = AutoScalingBackend.set_instance_protection

    def set_desired_capacity(self: Any, new_capacity: int | None) -> None:
        if not overrides(self):
            original_set(self, new_capacity)
            return
        previous = self.desired_capacity if hasattr(self, "desired_capacity") else None
        self.desired_capacity = self.min_size if new_capacity is None else new_capacity
        target = self.desired_capacity or 0
        if target != previous:
            self._weighted_capacity_overshoot = 0
        table = weights(self)
        have = capacity(self, table)
        if have < target:
            launch(self, target - have, table)
            self._weighted_capacity_overshoot = max(0, capacity(self, table) - target)
        elif have - target > getattr(self, "_weighted_capacity_overshoot", 0):
            scale_in(self, target, table)
            self._weighted_capacity_overshoot = 0
        if self.name in self.autoscaling_backend.autoscaling_groups:
            self.autoscaling_backend.update_attached_elbs(self.name)
            self.autoscaling_backend.update_attached_target_groups(self.name)

    def update(self: Any, *args: Any, **kwargs: Any) -> None:
        if args or not (overrides(self) or kwargs.get("mixed_instances_policy")):
            original_update(self, *args, **kwargs)
            return
        capacity(self, weights(self))  # instances remember today's weights, should their types leave the overrides
        if kwargs.get("desired_capacity") is None:
            # moto compares MinSize/MaxSize with the instance count; AWS with the desired capacity (in units)
            desired = self.desired_capacity or 0
            if kwargs.get("min_size") is not None and kwargs["min_size"] > desired:
                desired = kwargs["min_size"]
            if kwargs.get("max_size") is not None and kwargs["max_size"] < desired:
                desired = kwargs["max_size"]
            kwargs["desired_capacity"] = desired  # also re-evaluated: the call may change the weights
        original_update(self, *args, **kwargs)

    def notify_terminate_instances(self: Any, instance_ids: list[str]) -> None:
        for group in list(self.autoscaling_groups.values()):
            if not overrides(group) or not any(s.instance.id in instance_ids for s in group.instance_states):
                continue
            group.instance_states = [s for s in group.instance_states if s.instance.id not in instance_ids]
            group.set_desired_capacity(group.desired_capacity)  # replaced by units, not one for one
        original_notify(self, instance_ids)

    def set_instance_protection(
        self: Any, group_name: str, instance_ids: list[str], protected_from_scale_in: bool | None
    ) -> None:
        original_protect(self, group_name, instance_ids, protected_from_scale_in)
        group = self.autoscaling_groups[group_name]
        if not protected_from_scale_in and overrides(group):
            group.set_desired_capacity(group.desired_capacity)

    def weighted_capacity(self: Any) -> str | None:
        group = getattr(self, "auto_scaling_group", None)
        table = weights(group) if group is not None else None
        return str(units(self, table)) if table else None

    FakeAutoScalingGroup.set_desired_capacity = set_desired_capacity
    FakeAutoScalingGroup.update = update
    AutoScalingBackend.notify_terminate_instances = notify_terminate_instances
    AutoScalingBackend.set_instance_protection = set_instance_protection
    InstanceState.weighted_capacity = property(weighted_capacity)  # WeightedCapacity in both describe calls


FIX = register(
    Fix(
        id="asg-weighted-capacity",
        gap="Auto Scaling ignores instance weights: desired capacity divided by the first override's weight, "
        "instances of the launch template's type, no WeightedCapacity reported",
        symptom="a group with weights 2 and 1 and desired capacity 2 launches one instance of weight 2 reported "
        "without WeightedCapacity; terraform apply waits the provider's full 10 minutes for capacity (1 of 2)",
        apply=_apply,
    )
)
