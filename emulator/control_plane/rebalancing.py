"""Availability Zone rebalancing of a service whose availabilityZoneRebalancing is ENABLED, as ECS does it.

Spread placement is best effort: a rollout that found room in one AZ only, or an instance that joined late, leaves
a service unevenly spread. ECS then, while no deployment runs, starts a task in the AZ with the fewest tasks and,
once it is healthy, stops one in the AZ with the most; it repeats until the counts differ by at most one. The AZs
are those the service can run in (its eligible container instances' AZs, within its awsvpc subnets). Healthy
tasks never drop below desired: the new task is healthy before the old one stops. The service events use AWS's
wording (developer guide, "Track Amazon ECS Availability Zone rebalancing").
"""

from __future__ import annotations

from typing import Any

from emulator.control_plane import notify, placement, task_lifecycle
from emulator.control_plane.rolling import scale_in_order
from emulator.control_plane.service_state import ServiceState
from emulator.control_plane.settings import Clock
from emulator.control_plane.task_health import healthy

RETRY_AFTER = 60.0  # AWS seconds before another try when the rebalancing task found no room or failed
STOP_REASON = "Task stopped by Amazon ECS to rebalance the service across Availability Zones"


def step(clock: Clock, region: Any, service: Any, state: ServiceState) -> None:
    """One tick: finish the pending move (stop a task in the fullest AZ), or start one when unbalanced."""
    pending = state.rebalance_task
    if pending is not None:
        if not pending.live:  # failed or stopped before it was healthy: try again later
            state.rebalance_task = None
            state.rebalance_retry_at = clock.after(RETRY_AFTER)
        elif healthy(pending):
            stop_one_in_fullest_zone(clock, region, service, state, pending)
        return
    if not may_rebalance(service, state) or not clock.reached(state.rebalance_retry_at or 0.0):
        return
    counts = zone_counts(region, service, state)
    if len(counts) < 2 or max(counts.values()) - min(counts.values()) <= 1:
        if state.rebalancing:
            state.rebalancing = False
            notify.service_event(service, f"is AZ balanced with {describe(counts)}.")
        return
    if not state.rebalancing:
        state.rebalancing = True
        notify.service_event(service, f"is not AZ balanced with {describe(counts)}. AZ Rebalancing in progress.")
    emptiest = min(counts, key=lambda zone: (counts[zone], zone))
    started = placement.launch(clock, region, service, state, state.deployments[0], 1, zone=emptiest)
    if not started:
        state.rebalance_retry_at = clock.after(RETRY_AFTER)
        return
    state.rebalance_task = started[0]
    notify.service_event(service, f"has started 1 tasks in {emptiest} to AZ Rebalance: (task {started[0].id}).")


def may_rebalance(service: Any, state: ServiceState) -> bool:
    """ENABLED, active, and steady on one completed deployment (rebalancing never runs during a deployment)."""
    return (
        getattr(service, "availability_zone_rebalancing", "DISABLED") == "ENABLED"
        and service.status == "ACTIVE"
        and state.steady
        and len(state.deployments) == 1
        and state.deployments[0].rollout_state == "COMPLETED"
    )


def zone_counts(region: Any, service: Any, state: ServiceState) -> dict[str, int]:
    live = [t for t in state.tasks if t.live and t.availability_zone]
    network_mode = live[0]._network_mode if live else "awsvpc"
    counts = dict.fromkeys(placement.zones(region, service, network_mode) - {""}, 0)
    for task in live:
        counts[task.availability_zone] = counts.get(task.availability_zone, 0) + 1
    return counts


def stop_one_in_fullest_zone(clock: Clock, region: Any, service: Any, state: ServiceState, new: Any) -> None:
    state.rebalance_task = None
    others = [t for t in state.tasks if t.live and t is not new and t.availability_zone]
    counts: dict[str, int] = {}
    for task in others + [new]:
        counts[task.availability_zone] = counts.get(task.availability_zone, 0) + 1
    fullest = max(counts, key=lambda zone: (counts[zone], zone))
    victims = [t for t in scale_in_order(others) if t.availability_zone == fullest]
    if not victims:
        return
    task_lifecycle.stop(clock, region, service, victims[0], STOP_REASON)
    notify.service_event(service, f"has stopped 1 tasks in {fullest} to AZ Rebalance: (task {victims[0].id}).")


def describe(counts: dict[str, int]) -> str:
    """'2 tasks in us-east-1a, 0 tasks in us-east-1b' (AWS lists every AZ)."""
    return ", ".join(f"{counts[zone]} tasks in {zone}" for zone in sorted(counts))
