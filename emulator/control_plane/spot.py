"""Spot interruptions: the two-minute warning, draining, termination, replacement.

On the warning the instance's container instance goes DRAINING (the scheduler starts replacement tasks
elsewhere first, within maximumPercent, then stops the old ones) and an "EC2 Spot Instance Interruption
Warning" event goes to the default event bus. SPOT_INTERRUPTION_NOTICE (AWS seconds) later the instance
terminates; its Auto Scaling group launches a replacement, which registers like any new instance.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from emulator import ACCOUNT_ID
from emulator.control_plane import agent, asg_events, backends, notify
from emulator.control_plane.faults import FaultError, Faults, SpotInterruption
from emulator.control_plane.settings import SPOT_INTERRUPTION_NOTICE, Clock


def pick_instances(region: backends.Region, body: dict[str, Any]) -> list[str]:
    if body.get("instance_ids"):
        return list(body["instance_ids"])
    count = int(body.get("count") or 1)
    group_name, cluster = body.get("asg_name"), body.get("cluster")
    if not group_name and not cluster:
        raise FaultError("give instance_ids, or asg_name / cluster (with count)")
    if group_name:
        group = region.group_by_arn(group_name)
        if group is None:
            raise FaultError(f"no Auto Scaling group {group_name}")
        ids = [s.instance.id for s in group.instance_states]
    else:
        ids = [ci.ec2_instance_id for name, ci in agent.container_instances(region) if name == cluster]
    spot = []
    for instance_id in ids:
        instance = region.instance(instance_id)
        if instance is not None and instance.state == "running" and getattr(instance, "lifecycle", None) == "spot":
            spot.append(instance_id)
    if len(spot) < count:
        raise FaultError(f"only {len(spot)} running Spot instances to interrupt, {count} asked")
    return sorted(spot)[:count]


def interrupt(faults: Faults, clock: Clock, body: dict[str, Any]) -> dict[str, Any]:
    region_name = body.get("region") or "us-east-1"
    region = backends.region(ACCOUNT_ID, region_name)
    instance_ids = pick_instances(region, body)
    for instance_id in instance_ids:
        instance = region.instance(instance_id)
        if instance is None or instance.state != "running":
            raise FaultError(f"{instance_id} is not a running instance in {region_name}")
        if getattr(instance, "lifecycle", None) != "spot":
            raise FaultError(f"{instance_id} is an On-Demand instance; only Spot instances are interrupted")
    announced = datetime.now(UTC).isoformat(timespec="seconds")
    for instance_id in instance_ids:
        notify.spot_interruption_warning(region, instance_id)
        for _dummy, container_instance in agent.container_instances(region):
            if container_instance.ec2_instance_id == instance_id:
                container_instance.status = "DRAINING"
        faults.spot.append(
            SpotInterruption(ACCOUNT_ID, region_name, instance_id, clock.after(SPOT_INTERRUPTION_NOTICE), announced)
        )
    return {"instance_ids": instance_ids, "terminates_in_seconds": clock.wall(SPOT_INTERRUPTION_NOTICE)}


def tick(faults: Faults, clock: Clock) -> None:
    for interruption in list(faults.spot):
        if not clock.reached(interruption.terminate_at):
            continue
        faults.spot.remove(interruption)
        region = backends.region(interruption.account_id, interruption.region)
        instance = region.instance(interruption.instance_id)
        if instance is None or instance.state != "running":
            continue
        group = getattr(instance, "autoscaling_group", None)
        if group is not None and any(s.instance.id == instance.id for s in group.instance_states):
            asg_events.mark_health_terminated(instance)  # EC2 took it away: Auto Scaling's health check Cause
            region.autoscaling.terminate_instance(instance.id, should_decrement=False)  # the group replaces it
        else:
            region.ec2.terminate_instances([instance.id])
