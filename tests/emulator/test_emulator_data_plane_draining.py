"""Data plane: draining, a stopped task's in-flight requests, and a wrong health check path found by real checks."""

import threading
import time

from control_plane_kit import create_stack, fault
from data_plane_kit import (
    Reply,
    forward_listener,
    listener_url,
    load_balancer,
    request,
    service,
    target_group,
    task_definition,
    wait_serving,
)
from emulator_testkit import run_cli


def image(name: str, tag: int) -> str:
    """An image of this test only: image faults match by image, and tests run side by side on one emulator."""
    return f"{name}/web:{tag}"


def drop_image_fault(server, pattern: str) -> None:
    """An image fault without any effect removes the pattern's fault (a global clear would end other tests' ones)."""
    fault(server, "image", {"image": pattern})


def serving_site(server, name: str, *, desired: int, deregistration_delay: int):
    stack = create_stack(server, name, desired=2, on_demand_base=1)
    group = target_group(server, stack, name, deregistration_delay=deregistration_delay)
    definition = task_definition(server, name, image(name, 1))
    service(server, stack, name, definition, group, desired=desired)
    forward_listener(server, load_balancer(server, stack, name), group)
    wait_serving(server, stack, name, group, desired=desired)
    return stack, group, listener_url(server, name, 80)


def in_background(url: str, path: str) -> tuple[threading.Thread, list]:
    """A request on its own thread; its Reply, or the exception it raised, lands in the list."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(request(url, path))
        except OSError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def target_state(server, group: str, ip: str) -> str | None:
    health = server.client("elbv2").describe_target_health(TargetGroupArn=group)["TargetHealthDescriptions"]
    return next((t["TargetHealth"]["State"] for t in health if t["Target"]["Id"] == ip), None)


def task_ip(server, cluster: str, task_arn: str) -> str:
    task = server.client("ecs").describe_tasks(cluster=cluster, tasks=[task_arn])["tasks"][0]
    return {d["name"]: d["value"] for d in task["attachments"][0]["details"]}["privateIPv4Address"]


def test_a_draining_target_gets_no_new_requests_and_finishes_in_flight_ones(control_plane, name):
    # deregistration delay 300 s: 6 s of draining at time scale 0.02, longer than the 2 s requests
    _dummy, group, url = serving_site(control_plane, name, desired=2, deregistration_delay=300)
    ecs = control_plane.client("ecs")
    slow = [in_background(url, "/slow?delay=2") for _dummy in range(2)]  # round robin: one on each task
    time.sleep(0.4)
    victim = ecs.list_tasks(cluster=name, serviceName=name)["taskArns"][0]
    ecs.stop_task(cluster=name, task=victim, reason="test")
    assert target_state(control_plane, group, task_ip(control_plane, name, victim)) == "draining"
    fresh = [request(url, "/") for _dummy in range(8)]
    assert {r.status for r in fresh} == {200}
    assert victim not in {r.json["task_arn"] for r in fresh}, "a draining target got a new request"
    for thread, _dummy in slow:
        thread.join(10)
    replies = [outcome[0] for _dummy, outcome in slow]
    assert all(isinstance(r, Reply) and r.status == 200 for r in replies), replies
    assert victim in {r.json["task_arn"] for r in replies}, "the draining task's in-flight request did not finish"


def stop_during_slow_request(server, name: str, url: str, stop) -> Reply | OSError:
    """A 2 s request to the service's one task, then ``stop(task ARN)`` while it is in flight: the request's outcome."""
    task = server.client("ecs").list_tasks(cluster=name, serviceName=name)["taskArns"][0]
    thread, outcome = in_background(url, "/slow?delay=2")
    time.sleep(0.4)
    stop(task)
    thread.join(10)
    return outcome[0]


def test_a_stop_without_deregistration_delay_cuts_in_flight_requests(control_plane, name):
    _dummy, _dummy, url = serving_site(control_plane, name, desired=1, deregistration_delay=0)
    ecs = control_plane.client("ecs")
    cut = stop_during_slow_request(control_plane, name, url, lambda task: ecs.stop_task(cluster=name, task=task))
    assert isinstance(cut, Reply) and cut.status == 502, cut  # the drain ended at once: the ALB closed the request


def test_a_task_killed_with_its_instance_finishes_in_flight_requests_only_within_its_sigterm_delay(control_plane,
                                                                                                   name):
    """The instance goes: the task gets SIGTERM at once while its target still drains (6 s). Without a SIGTERM
    delay the stand-in dies with the request; with one (300 s, 6 s here) it finishes it."""
    stack, group, url = serving_site(control_plane, name, desired=1, deregistration_delay=300)
    ecs, ec2 = control_plane.client("ecs"), control_plane.client("ec2")

    def terminate_instance_of(task_arn: str) -> None:
        task = ecs.describe_tasks(cluster=name, tasks=[task_arn])["tasks"][0]
        instance = ecs.describe_container_instances(cluster=name, containerInstances=[task["containerInstanceArn"]])[
            "containerInstances"][0]["ec2InstanceId"]
        ec2.terminate_instances(InstanceIds=[instance])

    cut = stop_during_slow_request(control_plane, name, url, terminate_instance_of)
    assert isinstance(cut, Reply) and cut.status == 502, cut
    wait_serving(control_plane, stack, name, group, desired=1, timeout=60)
    fault(control_plane, "image", {"image": image(name, 1), "sigterm_delay": 300})
    try:
        finished = stop_during_slow_request(control_plane, name, url, terminate_instance_of)
    finally:
        drop_image_fault(control_plane, image(name, 1))
    assert isinstance(finished, Reply) and finished.status == 200, finished


def test_a_wrong_health_check_path_is_found_by_real_checks_and_rolled_back(control_plane, name):
    _dummy, _dummy, url = serving_site(control_plane, name, desired=2, deregistration_delay=10)
    ecs = control_plane.client("ecs")
    added = run_cli("fault", "image", image(name, 2), "--port", str(control_plane.port), "--status", "/health=404")
    assert added.returncode == 0, added.stderr
    try:
        second = task_definition(control_plane, name, image(name, 2))
        ecs.update_service(cluster=name, service=name, taskDefinition=second)
        revisions, failed = set(), None
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            reply = request(url, "/")
            revisions.add((reply.status, reply.json["revision"] if reply.status == 200 else None))
            described = ecs.describe_services(cluster=name, services=[name])["services"][0]
            failed = failed or next((d for d in described["deployments"] if d["rolloutState"] == "FAILED"), None)
            primary = described["deployments"][0]
            if failed and len(described["deployments"]) == 1 and primary["rolloutState"] == "COMPLETED":
                break
            time.sleep(0.1)
    finally:
        drop_image_fault(control_plane, image(name, 2))
    assert failed, "the circuit breaker never failed the deployment"
    assert primary["taskDefinition"].endswith(f"{name}:1") and primary["rolloutState"] == "COMPLETED"
    messages = [e["message"] for e in described["events"]]
    assert any("(reason Health checks failed with these codes: [404])" in m for m in messages), messages[:10]
    assert revisions == {(200, 1)}, "requests reached the unhealthy revision, or failed"
