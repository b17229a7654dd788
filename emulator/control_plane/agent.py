"""The ECS agent: EC2 instances whose user data names a cluster register as its container instances.

An instance registers AGENT_REGISTRATION_DELAY (AWS seconds) after the simulation first sees it running,
with CPU = vCPUs x 1024 and memory = MiB - MEMORY_RESERVE_MIB from its instance type, in its AZ
(attribute ``ecs.availability-zone``, set by moto), and with the capacity provider of its Auto Scaling
group. When the instance stops or terminates, its tasks stop and the container instance deregisters.

Also here, because it decides which instances exist: Auto Scaling launches of a group with a mixed
instances policy get the policy's instance types and market: the first OnDemandBaseCapacity instances
On-Demand, then OnDemandPercentageAboveBaseCapacity percent On-Demand, the rest Spot
(``InstanceLifecycle: spot`` in DescribeInstances).
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from emulator.control_plane.backends import Region
from emulator.control_plane.settings import AGENT_REGISTRATION_DELAY, MEMORY_RESERVE_MIB, Clock

ECS_CLUSTER_LINE = re.compile(r"""ECS_CLUSTER\s*=\s*["']?([A-Za-z0-9_-]{1,255})""")
GONE_STATES = {"shutting-down", "terminated", "stopping", "stopped"}


def user_data_text(user_data: Any) -> str:
    if isinstance(user_data, list | tuple):
        user_data = user_data[0] if user_data else None
    if user_data is None:
        return ""
    if hasattr(user_data, "as_bytes"):  # moto's Base64EncodedString
        raw = user_data.as_bytes()
    else:
        raw = user_data.encode() if isinstance(user_data, str) else bytes(user_data)
    try:
        return base64.b64decode(raw, validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return raw.decode("utf-8", "replace")


def cluster_from_user_data(user_data: Any) -> str | None:
    match = ECS_CLUSTER_LINE.search(user_data_text(user_data))
    return match.group(1) if match else None


def instance_capacity(instance_type: str) -> tuple[int, int]:
    """(CPU units, MiB) the agent registers for an instance type."""
    from moto.ec2.models.instance_types import INSTANCE_TYPES

    info = INSTANCE_TYPES.get(instance_type) or {}
    vcpus = int(info.get("VCpuInfo", {}).get("DefaultVCpus") or 2)
    memory = int(info.get("MemoryInfo", {}).get("SizeInMiB") or 4096)
    return vcpus * 1024, max(128, memory - MEMORY_RESERVE_MIB)


def capacity_provider_for(region: Region, instance: Any) -> str | None:
    group = getattr(instance, "autoscaling_group", None)
    if group is None:
        return None
    for provider in region.ecs.capacity_providers.values():
        arn = (provider.auto_scaling_group_provider or {}).get("autoScalingGroupArn")
        if arn in (group.arn, group.name):
            return provider.name
    return None


def register(region: Region, cluster_name: str, instance: Any) -> Any:
    container_instance = region.ecs.register_container_instance(cluster_name, instance.id)
    cpu, memory = instance_capacity(instance.instance_type)
    for key in ("registered_resources", "remaining_resources"):
        for item in getattr(container_instance, key):
            if item["name"] == "CPU":
                item["integerValue"] = cpu
            elif item["name"] == "MEMORY":
                item["integerValue"] = memory
    container_instance.capacity_provider_name = capacity_provider_for(region, instance)
    container_instance.version_info = {"agentVersion": "1.89.2", "agentHash": "emulator", "dockerVersion": "25.0.8"}
    container_instance.agent_update_status = None
    return container_instance


def container_instances(region: Region) -> list[tuple[str, Any]]:
    return [
        (cluster_name, ci)
        for cluster_name, table in list(region.ecs.container_instances.items())
        if cluster_name in region.ecs.clusters
        for ci in list(table.values())
    ]


def deregister(region: Region, cluster_name: str, container_instance: Any) -> None:
    table = region.ecs.container_instances.get(cluster_name, {})
    for key, value in list(table.items()):
        if value is container_instance:
            del table[key]
            cluster = region.ecs.clusters.get(cluster_name)
            if cluster is not None:
                cluster.registered_container_instances_count = max(0, cluster.registered_container_instances_count - 1)
    container_instance.status = "INACTIVE"
    container_instance.agent_connected = False


def sync(region: Region, clock: Clock, first_seen: dict[str, float], stop_tasks_on: Any) -> None:
    """Register new instances, deregister gone ones (``stop_tasks_on(container_instance, reason)`` first)."""
    registered = {ci.ec2_instance_id: (name, ci) for name, ci in container_instances(region)}
    for instance in list(region.ec2.all_instances()):
        if instance.state != "running" or instance.id in registered:
            continue
        cluster_name = cluster_from_user_data(instance.user_data)
        cluster = region.ecs.clusters.get(cluster_name) if cluster_name else None
        if cluster is None or cluster.status != "ACTIVE":
            continue
        due = first_seen.setdefault(instance.id, clock.after(AGENT_REGISTRATION_DELAY))
        if clock.reached(due):
            register(region, cluster_name, instance)
    for instance_id, (cluster_name, container_instance) in registered.items():
        instance = region.instance(instance_id)
        if instance is None or instance.state in GONE_STATES:
            stop_tasks_on(container_instance, f"Host EC2 (instance {instance_id}) terminated.")
            deregister(region, cluster_name, container_instance)
            first_seen.pop(instance_id, None)


# ---- mixed instances policy at launch --------------------------------------------------------------
def market_for_next(group: Any, on_demand_now: int, spot_now: int) -> str:
    distribution = (group.mixed_instances_policy or {}).get("InstancesDistribution") or {}
    base = int(distribution.get("OnDemandBaseCapacity") or 0)
    percent = int(distribution.get("OnDemandPercentageAboveBaseCapacity", 100) or 0)
    if on_demand_now < base:
        return "on-demand"
    above = on_demand_now - base + spot_now + 1  # instances above the base once this one runs
    return "on-demand" if (on_demand_now - base) < above * percent / 100 else "spot"


def override_types(group: Any) -> list[str]:
    overrides = ((group.mixed_instances_policy or {}).get("LaunchTemplate") or {}).get("Overrides") or []
    return [o["InstanceType"] for o in overrides if o.get("InstanceType")]


def patch_mixed_instances_launch() -> None:
    from moto.autoscaling.models import FakeAutoScalingGroup

    original = FakeAutoScalingGroup.replace_autoscaling_group_instances

    def replace_autoscaling_group_instances(self: Any, count_needed: int, propagated_tags: dict[str, str]) -> None:
        before = {state.instance.id for state in self.instance_states}
        original(self, count_needed, propagated_tags)
        if not self.mixed_instances_policy:
            return
        types = override_types(self)
        existing = [s.instance for s in self.instance_states if s.instance.id in before]
        on_demand = sum(1 for i in existing if getattr(i, "lifecycle", None) != "spot")
        spot = len(existing) - on_demand
        for state in self.instance_states:
            instance = state.instance
            if instance.id in before:
                continue
            if market_for_next(self, on_demand, spot) == "spot":
                instance.lifecycle = "spot"
                if types:  # price-capacity-optimized spreads Spot over the types; rotate through them
                    instance.instance_type = types[spot % len(types)]
                spot += 1
            else:
                instance.lifecycle = None
                if types:  # On-Demand follows the overrides' priority order
                    instance.instance_type = types[0]
                on_demand += 1
            state.instance_type = instance.instance_type  # DescribeAutoScalingGroups reports it too

    FakeAutoScalingGroup.replace_autoscaling_group_instances = replace_autoscaling_group_instances
