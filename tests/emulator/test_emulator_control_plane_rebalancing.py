"""Control plane: Availability Zone rebalancing (availabilityZoneRebalancing ENABLED) moves tasks of a service that
placement left in one AZ, healthy targets never below desired; DISABLED leaves them where they are.

The stack starts with one instance, so both tasks land in its AZ; a second instance in the other AZ joins later.
"""

import time
from collections import Counter

from control_plane_kit import (
    add_target_group,
    create_service,
    create_stack,
    describe_service,
    healthy_targets,
    register_task_definition,
    service_tasks,
    steady,
    wait_for,
)


def service_in_one_az(server, name, rebalancing):
    stack = create_stack(server, name, desired=1, on_demand_base=1, managed_scaling=False)
    add_target_group(server, stack)
    task_definition = register_task_definition(server, stack, "web:1")
    create_service(server, stack, task_definition, desired=2, availabilityZoneRebalancing=rebalancing)
    wait_for(lambda: steady(server, stack, 2), timeout=30, what="steady service")
    zones = Counter(t["availabilityZone"] for t in service_tasks(server, stack))
    assert len(zones) == 1 and sum(zones.values()) == 2, zones  # one instance: one AZ
    return stack, next(iter(zones))


def second_instance_joins(server, stack):
    server.client("autoscaling").set_desired_capacity(AutoScalingGroupName=stack.group_name, DesiredCapacity=2)
    ecs = server.client("ecs")
    wait_for(
        lambda: len(ecs.list_container_instances(cluster=stack.name, status="ACTIVE")["containerInstanceArns"]) == 2,
        timeout=30,
        what="the second container instance",
    )


def messages(server, stack):
    return [e["message"] for e in reversed(describe_service(server, stack)["events"])]


def test_rebalancing_moves_a_task_to_the_empty_az_keeping_desired_healthy(control_plane, name):
    stack, crowded = service_in_one_az(control_plane, name, "ENABLED")
    second_instance_joins(control_plane, stack)
    healthy_seen = []

    def spread():
        healthy_seen.append(len(healthy_targets(control_plane, stack)))
        tasks = service_tasks(control_plane, stack)
        zones = Counter(t["availabilityZone"] for t in tasks)
        return steady(control_plane, stack, 2) and len(tasks) == 2 and set(zones.values()) == {1} and zones

    zones = wait_for(spread, timeout=30, every=0.05, what="one task in each AZ")
    other = next(zone for zone in zones if zone != crowded)
    assert min(healthy_seen) >= 2, healthy_seen  # the new task is healthy before the old one stops
    said = messages(control_plane, stack)
    prefix = "(service %s) " % name
    expected = [
        "is not AZ balanced with %s. AZ Rebalancing in progress."
        % ", ".join("%d tasks in %s" % (2 if zone == crowded else 0, zone) for zone in sorted([crowded, other])),
        "has started 1 tasks in %s to AZ Rebalance:" % other,
        "has stopped 1 tasks in %s to AZ Rebalance:" % crowded,
    ]
    assert all(any(m.startswith(prefix + line) for m in said) for line in expected), "\n".join(said)
    positions = [next(i for i, m in enumerate(said) if m.startswith(prefix + line)) for line in expected]
    assert positions == sorted(positions), said
    wait_for(
        lambda: any(
            m == prefix + "is AZ balanced with 1 tasks in us-east-1a, 1 tasks in us-east-1b."
            for m in messages(control_plane, stack)
        ),
        timeout=10,
        what="the balanced event",
    )
    stopped = [t for t in service_tasks(control_plane, stack, "STOPPED") if t["availabilityZone"] == crowded]
    assert [t["stopCode"] for t in stopped] == ["ServiceSchedulerInitiated"]
    assert describe_service(control_plane, stack)["deployments"][0]["rolloutState"] == "COMPLETED"


def test_rebalancing_disabled_leaves_the_service_in_one_az(control_plane, name):
    stack, crowded = service_in_one_az(control_plane, name, "DISABLED")
    second_instance_joins(control_plane, stack)
    wait_for(lambda: steady(control_plane, stack, 2), timeout=10, what="steady service")
    time.sleep(2.5)  # 125 AWS seconds: ENABLED starts moving within a tick of the instance joining (test above)
    assert Counter(t["availabilityZone"] for t in service_tasks(control_plane, stack)) == {crowded: 2}
    assert not any("AZ" in m for m in messages(control_plane, stack))
