"""Control plane: service scheduling, target health, rolling deployments, rollback, managed scaling."""

import json
import time
from collections import Counter

from control_plane_kit import (
    add_target_group,
    control_plane_counters,
    create_service,
    create_stack,
    describe_service,
    emulator_api,
    fault,
    healthy_targets,
    register_task_definition,
    service_tasks,
    steady,
    target_health,
    wait_for,
)


def running_stack(server, name: str, desired: int = 2, image: str = "web:1", **target_group):
    stack = create_stack(server, name, desired=2, on_demand_base=1)
    add_target_group(server, stack, **target_group)
    task_definition = register_task_definition(server, stack, image)
    create_service(server, stack, task_definition, desired=desired)
    wait_for(lambda: steady(server, stack, desired), timeout=30, what="steady service")
    return stack, task_definition


def test_service_runs_desired_tasks_healthy_in_two_azs(control_plane, name):
    stack, task_definition = running_stack(control_plane, name)
    service = describe_service(control_plane, stack)
    assert (service["runningCount"], service["pendingCount"]) == (2, 0)
    deployment = service["deployments"][0]
    assert deployment["status"] == "PRIMARY" and deployment["rolloutState"] == "COMPLETED"
    assert deployment["rolloutStateReason"] == f"ECS deployment {deployment['id']} completed."
    assert service["events"][0]["message"] == f"(service {name}) has reached a steady state."

    tasks = service_tasks(control_plane, stack)
    assert len(tasks) == 2
    assert Counter(t["availabilityZone"] for t in tasks) == {"us-east-1a": 1, "us-east-1b": 1}
    ips = set()
    for task in tasks:
        assert task["lastStatus"] == "RUNNING" and task["desiredStatus"] == "RUNNING"
        assert task["healthStatus"] == "HEALTHY"
        assert task["taskDefinitionArn"] == task_definition
        assert task["group"] == f"service:{name}" and task["startedBy"] == deployment["id"]
        assert task["capacityProviderName"] == name
        details = {d["name"]: d["value"] for d in task["attachments"][0]["details"]}
        assert task["attachments"][0]["type"] == "ElasticNetworkInterface"
        ips.add(details["privateIPv4Address"])
        subnet = control_plane.client("ec2").describe_subnets(SubnetIds=[details["subnetId"]])["Subnets"][0]
        assert subnet["AvailabilityZone"] == task["availabilityZone"]
        assert task["containers"][0]["networkInterfaces"][0]["privateIpv4Address"] == details["privateIPv4Address"]
    health = target_health(control_plane, stack)
    assert {t["Target"]["Id"] for t in health} == ips
    assert {t["TargetHealth"]["State"] for t in health} == {"healthy"}
    # container instances count what runs on them
    ecs = control_plane.client("ecs")
    arns = ecs.list_container_instances(cluster=name)["containerInstanceArns"]
    described = ecs.describe_container_instances(cluster=name, containerInstances=arns)["containerInstances"]
    assert sum(ci["runningTasksCount"] for ci in described) == 2
    cluster = ecs.describe_clusters(clusters=[name])["clusters"][0]
    assert cluster["runningTasksCount"] == 2 and cluster["registeredContainerInstancesCount"] == 2


def test_rolling_deployment_keeps_desired_healthy(control_plane, name):
    # initial and draining last ~2 s and ~1.2 s at time scale 0.02 (5 checks 20 s apart; a 60 s delay): long enough
    # to be sampled under load (0.5 s of initial was missed once, with make test at a load average of 13)
    stack, first = running_stack(control_plane, name, healthy_threshold=5, interval=20, deregistration_delay=60)
    second = register_task_definition(control_plane, stack, "web:2")
    control_plane.client("ecs").update_service(cluster=name, service=name, taskDefinition=second)
    states, reasons, deployments_seen, fewest_healthy = set(), set(), 0, 99
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        health = target_health(control_plane, stack)
        fewest_healthy = min(fewest_healthy, sum(1 for t in health if t["TargetHealth"]["State"] == "healthy"))
        states |= {t["TargetHealth"]["State"] for t in health}
        reasons |= {t["TargetHealth"].get("Reason") for t in health}
        service = describe_service(control_plane, stack)
        deployments_seen = max(deployments_seen, len(service["deployments"]))
        if service["deployments"][0]["taskDefinition"] == second and steady(control_plane, stack, 2):
            break
        time.sleep(0.05)
    service = describe_service(control_plane, stack)
    assert service["taskDefinition"] == second
    assert [(d["status"], d["rolloutState"], d["taskDefinition"]) for d in service["deployments"]] == [
        ("PRIMARY", "COMPLETED", second)
    ]
    assert fewest_healthy >= 2, "healthy targets dropped below the desired count during the deployment"
    assert deployments_seen == 2  # PRIMARY (new) and ACTIVE (old) side by side
    assert {"initial", "healthy", "draining"} <= states
    assert {"Elb.RegistrationInProgress", "Target.DeregistrationInProgress"} <= reasons
    assert {t["taskDefinitionArn"] for t in service_tasks(control_plane, stack)} == {second}
    stopped = service_tasks(control_plane, stack, "STOPPED")
    assert len(stopped) == 2 and {t["taskDefinitionArn"] for t in stopped} == {first}
    assert all(t["lastStatus"] == "STOPPED" and t["stoppedReason"] for t in stopped)


def deployment_events(server, name: str) -> list[dict]:
    """ECS Deployment State Change events delivered to an SQS queue through an EventBridge rule."""
    sqs = server.client("sqs")
    url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
    return [json.loads(m["Body"]) for m in messages]


def capture_deployment_events(server, name: str) -> None:
    sqs, events = server.client("sqs"), server.client("events")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    pattern = {"source": ["aws.ecs"], "detail-type": ["ECS Deployment State Change"]}
    events.put_rule(Name=name, EventPattern=json.dumps(pattern))
    events.put_targets(Rule=name, Targets=[{"Id": "queue", "Arn": arn}])


def test_failing_image_is_rolled_back(control_plane, name):
    capture_deployment_events(control_plane, name)
    stack, good = running_stack(control_plane, name)
    bad = register_task_definition(control_plane, stack, "web:broken")
    fault(control_plane, "failing-image", {"image": "web:broken"})
    try:
        control_plane.client("ecs").update_service(cluster=name, service=name, taskDefinition=bad)
        seen_failed, fewest_healthy = None, 99
        deadline = time.monotonic() + 90  # a loaded machine slows the simulation (40 s ran out once at load 13)
        while time.monotonic() < deadline:
            fewest_healthy = min(fewest_healthy, len(healthy_targets(control_plane, stack)))
            service = describe_service(control_plane, stack)
            failed = [d for d in service["deployments"] if d["rolloutState"] == "FAILED"]
            seen_failed = seen_failed or (failed[0] if failed else None)
            if seen_failed and steady(control_plane, stack, 2):
                break
            time.sleep(0.05)
    finally:
        fault(control_plane, "clear")
    if not seen_failed:  # say why: what ECS shows of the service and its tasks (seen once, unexplained, under load)
        service = describe_service(control_plane, stack)
        tasks = [(t["taskDefinitionArn"].rsplit("/", 1)[-1], t["lastStatus"], t.get("stoppedReason"))
                 for t in service_tasks(control_plane, stack) + service_tasks(control_plane, stack, "STOPPED")]
        raise AssertionError("the circuit breaker never failed the deployment; deployments %s; tasks %s; events %s" % (
            json.dumps(service["deployments"], default=str), tasks, [e["message"] for e in service["events"][:15]]))
    assert seen_failed["taskDefinition"] == bad and seen_failed["failedTasks"] >= 3
    assert seen_failed["rolloutStateReason"] == "ECS deployment circuit breaker: tasks failed to start."
    service = describe_service(control_plane, stack)
    primary = service["deployments"][0]
    assert (primary["status"], primary["rolloutState"], primary["taskDefinition"]) == ("PRIMARY", "COMPLETED", good)
    assert service["taskDefinition"] == good
    assert fewest_healthy >= 2  # the old tasks kept serving the whole time
    messages = [e["message"] for e in service["events"]]
    assert any(f"(deployment {seen_failed['id']}) deployment failed: tasks failed to start." in m for m in messages)
    assert any("rolling back to deployment" in m for m in messages)
    assert any("is unhealthy in (target-group" in m for m in messages)
    stopped = [t["stoppedReason"] for t in service_tasks(control_plane, stack, "STOPPED")
               if t["taskDefinitionArn"] == bad]
    # The failures that tripped the breaker were health-check failures; a new task still in its grace period when
    # the rollback began is stopped by the rollback, as ECS does (seen when a loaded machine slows the simulation).
    failed_checks = [r for r in stopped if r.startswith("Task failed ELB health checks")]
    assert len(failed_checks) >= seen_failed["failedTasks"], stopped
    replaced = "Task stopped by ECS deployment (replaced by a newer deployment)"
    assert set(stopped) - set(failed_checks) <= {replaced}, stopped
    names = [e["detail"]["eventName"] for e in deployment_events(control_plane, name)]
    assert "SERVICE_DEPLOYMENT_FAILED" in names and "SERVICE_DEPLOYMENT_COMPLETED" in names


def test_pending_tasks_trigger_managed_scaling(control_plane, name):
    """5 tasks of 1 vCPU on one 2-vCPU instance: 3 wait, the capacity provider grows the group, all run."""
    stack = create_stack(control_plane, name, desired=1, on_demand_base=1, max_size=4)
    add_target_group(control_plane, stack)
    task_definition = register_task_definition(control_plane, stack, "web:1", cpu=1024, memory=1024)
    asg, ec2 = control_plane.client("autoscaling"), control_plane.client("ec2")
    create_service(control_plane, stack, task_definition, desired=5)
    service = wait_for(
        lambda: (s := describe_service(control_plane, stack))["pendingCount"] > 0 and s, what="pending tasks"
    )
    assert service["runningCount"] < 5
    service = wait_for(lambda: steady(control_plane, stack, 5), timeout=30, what="5 running tasks")
    group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]
    assert group["DesiredCapacity"] == 3  # 5 tasks at 2 per instance
    assert len(group["Instances"]) == 3
    ids = [i["InstanceId"] for i in group["Instances"]]
    described = [i for r in ec2.describe_instances(InstanceIds=ids)["Reservations"] for i in r["Instances"]]
    assert sum(1 for i in described if i.get("InstanceLifecycle") != "spot") == 1  # the On-Demand base
    assert sum(1 for i in described if i.get("InstanceLifecycle") == "spot") == 2


def test_managed_scaling_grows_the_group_only_after_its_alarm_would_have_fired(control_plane, name):
    """AWS raises the group through a target tracking alarm on CapacityProviderReservation (published each
    minute), about 120 s after tasks start waiting: never at once. Until then the group keeps its capacity."""
    reaction = 120 * emulator_api(control_plane, "/_emulator/control-plane", None, "GET")["time_scale"]
    stack = create_stack(control_plane, name, desired=1, on_demand_base=1, max_size=4)
    task_definition = register_task_definition(control_plane, stack, "web:1", cpu=1024, memory=1024)
    asg = control_plane.client("autoscaling")

    def desired_capacity():
        return asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]["DesiredCapacity"]

    started = time.monotonic()  # no task can wait before CreateService
    create_service(control_plane, stack, task_definition, desired=5)
    seen = []
    while time.monotonic() < started + 0.8 * reaction:
        seen.append(desired_capacity())
        time.sleep(0.05)
    assert seen and set(seen) == {1}, "the group grew before managed scaling's alarm could fire: %s" % seen
    wait_for(lambda: desired_capacity() == 3, timeout=30, what="the group grown to 3 by managed scaling")


def test_pending_tasks_stay_pending_without_managed_scaling(control_plane, name):
    stack = create_stack(control_plane, name, desired=1, on_demand_base=1, managed_scaling=False)
    task_definition = register_task_definition(control_plane, stack, "web:1", cpu=1024, memory=1024)
    create_service(control_plane, stack, task_definition, desired=4)
    wait_for(lambda: describe_service(control_plane, stack)["runningCount"] == 2, what="2 running tasks")
    time.sleep(1.5)  # 75 s of AWS time: nothing grows the group
    service = describe_service(control_plane, stack)
    assert (service["runningCount"], service["pendingCount"]) == (2, 2)
    assert {t["lastStatus"] for t in service_tasks(control_plane, stack)} == {"RUNNING", "PROVISIONING"}
    group = control_plane.client("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=[name])
    assert group["AutoScalingGroups"][0]["DesiredCapacity"] == 1


def test_scale_in_and_stop_task(control_plane, name):
    stack, _dummy = running_stack(control_plane, name, desired=3)
    ecs = control_plane.client("ecs")
    victim = service_tasks(control_plane, stack)[0]["taskArn"]
    ecs.stop_task(cluster=name, task=victim, reason="operator")
    stopped = wait_for(
        lambda: [t for t in service_tasks(control_plane, stack, "STOPPED") if t["taskArn"] == victim],
        what="the stopped task",
    )
    assert stopped[0]["stoppedReason"] == "operator" and stopped[0]["stopCode"] == "UserInitiated"
    wait_for(lambda: steady(control_plane, stack, 3), timeout=20, what="the replacement")
    ecs.update_service(cluster=name, service=name, desiredCount=1)
    wait_for(lambda: steady(control_plane, stack, 1), timeout=20, what="scale-in to 1")
    assert len(ecs.list_tasks(cluster=name, serviceName=name)["taskArns"]) == 1


def test_target_group_deleted_under_running_tasks(control_plane, name):
    # A destroy deletes a service's target group while its tasks still drain (seen in a Molecule destroy run): every
    # tick then raised on the missing group, and the simulation of the whole region stood still.
    stack, _dummy = running_stack(control_plane, name)
    before = control_plane_counters(control_plane)
    control_plane.client("elbv2").delete_target_group(TargetGroupArn=stack.target_group_arn)

    def ticked() -> int:  # ticks that completed or raised since the deletion
        now = control_plane_counters(control_plane)
        return now["ticks"] + now["tick_errors"] - before["ticks"] - before["tick_errors"]

    wait_for(lambda: ticked() >= 5, what="five more ticks")
    assert control_plane_counters(control_plane)["tick_errors"] == before["tick_errors"], "ticks raised: see its log"
    tasks = service_tasks(control_plane, stack)
    assert len(tasks) == 2 and {t["healthStatus"] for t in tasks} == {"UNKNOWN"}
    # and it still schedules: a third task is placed and runs
    control_plane.client("ecs").update_service(cluster=name, service=name, desiredCount=3)
    wait_for(lambda: describe_service(control_plane, stack)["runningCount"] == 3, timeout=30, what="a third task")


def test_tasks_sharing_an_instance_are_a_target_each(control_plane, name):
    # Bridge mode, dynamic host ports: two tasks on one instance are two targets (the instance on two ports). One
    # stopping drains its own target only; the other keeps serving (was: one shared target, gone with the first).
    stack = create_stack(control_plane, name, desired=1, max_size=1, on_demand_base=1)
    add_target_group(control_plane, stack, target_type="instance")
    task_definition = register_task_definition(control_plane, stack, "web:1", network_mode="bridge")
    create_service(control_plane, stack, task_definition, desired=2, bridge=True)
    wait_for(lambda: steady(control_plane, stack, 2), timeout=30, what="two tasks healthy on one instance")
    bindings = {(t["containerInstanceArn"], t["containers"][0]["networkBindings"][0]["hostPort"])
                for t in service_tasks(control_plane, stack)}
    health = target_health(control_plane, stack)
    assert len({instance for instance, _dummy in bindings}) == 1
    assert sorted(t["Target"]["Port"] for t in health) == sorted(port for _dummy, port in bindings)
    control_plane.client("ecs").update_service(cluster=name, service=name, desiredCount=1)
    wait_for(lambda: len(target_health(control_plane, stack)) == 1, timeout=30, what="the stopped task's target gone")
    before = control_plane_counters(control_plane)["ticks"]
    wait_for(lambda: control_plane_counters(control_plane)["ticks"] >= before + 5, what="five more ticks")
    assert steady(control_plane, stack, 1), describe_service(control_plane, stack)["events"][:3]
    assert [t["healthStatus"] for t in service_tasks(control_plane, stack)] == ["HEALTHY"]
