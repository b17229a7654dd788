"""Data plane: a listener's loopback endpoint answers from the tasks' stand-ins, routed by the listener's rules."""

import json
import socket
import urllib.error
import uuid

import pytest
from control_plane_kit import create_stack, fault, wait_for
from data_plane_kit import (
    forward_listener,
    listener_url,
    listeners,
    load_balancer,
    request,
    service,
    target_group,
    task_definition,
    url_error,
    wait_serving,
)
from emulator_testkit import run_cli


@pytest.fixture(scope="module")
def site(control_plane):
    """Two services (a: <name>/web-a:1, b: <name>/web-b:1) behind one ALB listener: default to a, rules to b, a
    redirect, a fixed response, an empty group and weights. b's grace period is long: its unhealthy tasks stay
    (fail-open needs them)."""
    name = "d" + uuid.uuid4().hex[:8]
    stack = create_stack(control_plane, name, desired=2, on_demand_base=1)
    groups = {key: target_group(control_plane, stack, f"{name}-{key}") for key in ("a", "b", "empty")}
    definitions = {key: task_definition(control_plane, f"{name}-{key}", f"{name}/web-{key}:1") for key in ("a", "b")}
    service(control_plane, stack, f"{name}-a", definitions["a"], groups["a"])
    service(control_plane, stack, f"{name}-b", definitions["b"], groups["b"], grace=3600)
    balancer = load_balancer(control_plane, stack, name)
    listener = forward_listener(control_plane, balancer, groups["a"])
    elbv2 = control_plane.client("elbv2")

    def rule(priority, conditions, action):
        elbv2.create_rule(ListenerArn=listener, Priority=priority, Conditions=conditions, Actions=[action])

    to_b = {"Type": "forward", "TargetGroupArn": groups["b"]}
    rule(10, [{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/b/*"]}}], to_b)
    rule(20, [{"Field": "host-header", "HostHeaderConfig": {"Values": ["*.b.example"]}}], to_b)
    rule(30, [{"Field": "path-pattern", "Values": ["/old"]}],
         {"Type": "redirect", "RedirectConfig": {"Path": "/new", "StatusCode": "HTTP_301"}})
    rule(40, [{"Field": "path-pattern", "Values": ["/fixed?"]}],
         {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "418", "ContentType": "text/plain",
                                                            "MessageBody": "teapot"}})
    rule(50, [{"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["POST"]}},
              {"Field": "path-pattern", "Values": ["/post"]}], to_b)
    rule(60, [{"Field": "path-pattern", "Values": ["/empty"]}], {"Type": "forward", "TargetGroupArn": groups["empty"]})
    weights = [{"TargetGroupArn": groups["a"], "Weight": 0}, {"TargetGroupArn": groups["b"], "Weight": 5}]
    rule(70, [{"Field": "path-pattern", "Values": ["/weighted*"]}],
         {"Type": "forward", "ForwardConfig": {"TargetGroups": weights}})
    wait_serving(control_plane, stack, f"{name}-a", groups["a"])
    wait_serving(control_plane, stack, f"{name}-b", groups["b"])
    return {"name": name, "stack": stack, "groups": groups, "definitions": definitions, "balancer": balancer,
            "url": listener_url(control_plane, name, 80)}


def running_task_arns(server, cluster: str, service_name: str) -> set[str]:
    return set(server.client("ecs").list_tasks(cluster=cluster, serviceName=service_name)["taskArns"])


def test_a_request_is_answered_by_a_task(control_plane, site):
    name = site["name"]
    replies = [request(site["url"], "/hello?x=1", host="shop.example") for _dummy in range(4)]
    assert {r.status for r in replies} == {200}
    tasks = running_task_arns(control_plane, name, f"{name}-a")
    body = replies[0].json
    assert set(body) == {"task_arn", "task_id", "task_definition_arn", "family", "revision", "image", "container",
                         "path", "host"}
    assert body["task_arn"] in tasks and body["task_id"] == body["task_arn"].rsplit("/", 1)[1]
    assert body["task_definition_arn"] == site["definitions"]["a"]
    assert (body["family"], body["revision"], body["container"]) == (f"{name}-a", 1, "app")
    assert body["image"] == f"{name}/web-a:1"
    assert (body["path"], body["host"]) == ("/hello", "shop.example")  # Host kept through the proxy
    assert replies[0].headers["x-task-revision"] == "1"
    assert {r.json["task_arn"] for r in replies} == tasks  # round robin over both healthy tasks
    head = request(site["url"], "/", method="HEAD")
    assert head.status == 200 and head.body == b""


def test_rules_route_by_path_host_and_method(control_plane, site):
    name, url = site["name"], site["url"]

    def family(path, **kwargs):
        reply = request(url, path, **kwargs)
        assert reply.status == 200, (path, reply.status, reply.body)
        return reply.json["family"]

    assert family("/b/items") == f"{name}-b"
    assert family("/B/items") == f"{name}-a"  # path patterns are case-sensitive
    assert family("/items", host="API.B.Example:80") == f"{name}-b"  # host headers are not; the port is ignored
    assert family("/items", host="b.example") == f"{name}-a"  # "*." needs a label before it
    assert family("/post", method="POST") == f"{name}-b"
    assert family("/post") == f"{name}-a"  # the method condition is part of the rule
    assert family("/fixed12") == f"{name}-a"  # "?" is exactly one character
    fixed = request(url, "/fixed1")
    assert (fixed.status, fixed.body, fixed.headers["content-type"]) == (418, b"teapot", "text/plain")
    redirect = request(url, "/old?q=1", host="shop.example")
    assert redirect.status == 301 and redirect.headers["location"] == "http://shop.example/new?q=1"
    assert request(url, "/empty").status == 503  # a group without targets
    assert {family(f"/weighted{i}") for i in range(4)} == {f"{name}-b"}  # weight 0: never a


def test_a_target_slower_than_the_idle_timeout_answers_504(control_plane, site):
    elbv2 = control_plane.client("elbv2")

    def idle_timeout(seconds: int) -> None:
        elbv2.modify_load_balancer_attributes(LoadBalancerArn=site["balancer"], Attributes=[
            {"Key": "idle_timeout.timeout_seconds", "Value": str(seconds)}])

    idle_timeout(1)
    try:
        assert request(site["url"], "/?delay=3").status == 504
        assert request(site["url"], "/?delay=0.2").status == 200
    finally:
        idle_timeout(60)


def test_fail_open_when_every_target_is_unhealthy(control_plane, site):
    """Real health checks (GET /health answered 500) make b's targets unhealthy; the ALB then sends to all of them."""
    name, group = site["name"], site["groups"]["b"]
    elbv2 = control_plane.client("elbv2")
    fault(control_plane, "image", {"image": f"{name}/web-b", "status": {"/health": 500}})
    try:
        unhealthy = wait_for(
            lambda: [t["TargetHealth"] for t in elbv2.describe_target_health(TargetGroupArn=group)[
                "TargetHealthDescriptions"] if t["TargetHealth"]["State"] == "unhealthy"],
            timeout=20, what="b's targets unhealthy",
        )
        assert unhealthy[0]["Reason"] == "Target.ResponseCodeMismatch"
        assert unhealthy[0]["Description"] == "Health checks failed with these codes: [500]"
        wait_for(lambda: all(t["TargetHealth"]["State"] == "unhealthy" for t in elbv2.describe_target_health(
            TargetGroupArn=group)["TargetHealthDescriptions"]), timeout=20, what="every b target unhealthy")
        replies = [request(site["url"], "/b/x") for _dummy in range(4)]
        assert {r.status for r in replies} == {200}
        assert {r.json["task_arn"] for r in replies} == running_task_arns(control_plane, name, f"{name}-b")
    finally:
        fault(control_plane, "image", {"image": f"{name}/web-b"})  # no effect: drops this test's fault only
    wait_for(lambda: all(t["TargetHealth"]["State"] == "healthy" for t in elbv2.describe_target_health(
        TargetGroupArn=group)["TargetHealthDescriptions"]), timeout=20, what="b's targets healthy again")


def test_image_fault_api(control_plane, name):
    pattern = f"{name}/web"
    with pytest.raises(urllib.error.HTTPError) as refused_path:
        fault(control_plane, "image", {"image": pattern, "status": {"health": 404}})
    assert refused_path.value.code == 400
    added = fault(control_plane, "image", {"image": pattern, "status": {"/health": 404}, "start_delay": 30})["added"]
    assert added == {"image": pattern, "status": {"/health": 404}, "start_delay": 30.0, "sigterm_delay": 0.0,
                     "fail_health": False}
    assert added in fault(control_plane, "")["image_faults"]
    fault(control_plane, "image", {"image": pattern})  # without any effect: removed
    assert all(f["image"] != pattern for f in fault(control_plane, "")["image_faults"])


def refused(url: str) -> bool:
    host, port = url.removeprefix("http://").split(":")
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def test_listener_endpoints_are_listed_filtered_and_closed(control_plane, name):
    stack = create_stack(control_plane, name, desired=0)
    elbv2 = control_plane.client("elbv2")
    balancer = load_balancer(control_plane, stack, name)
    fixed = {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200", "MessageBody": "ok"}}
    arns = {port: elbv2.create_listener(LoadBalancerArn=balancer, Protocol="HTTP", Port=port,
                                        DefaultActions=[fixed])["Listeners"][0]["ListenerArn"] for port in (80, 8080)}
    mine = listeners(control_plane, f"load_balancer={name}")
    assert [(e["port"], e["listener_arn"]) for e in mine] == [(80, arns[80]), (8080, arns[8080])]
    first = mine[0]
    assert first["load_balancer_arn"] == balancer and first["load_balancer_name"] == name
    assert first["protocol"] == "HTTP" and first["dns_name"].startswith(name)
    assert first["url"] == f"http://127.0.0.1:{first['local_port']}" and mine[1]["local_port"] > first["local_port"]
    assert listeners(control_plane, f"load_balancer={name}&port=8080") == [mine[1]]
    assert listener_url(control_plane, name, 8080) == mine[1]["url"]
    assert request(mine[1]["url"], "/").body == b"ok"
    code, message = url_error(control_plane, f"load_balancer={name}&port=9999")
    assert code == 404 and "no listener endpoint matches" in message
    assert url_error(control_plane, f"load_balancer={name}")[0] == 409  # two listeners: the port is needed
    cli = run_cli("listeners", "--port", str(control_plane.port), "--load-balancer", name, "--listener-port", "80",
                  "--url")
    assert cli.returncode == 0 and cli.stdout.strip() == first["url"]
    assert json.loads(run_cli("listeners", "--port", str(control_plane.port), "--load-balancer", name).stdout) == {
        "listeners": mine}

    elbv2.delete_listener(ListenerArn=arns[8080])
    assert refused(mine[1]["url"])
    assert [e["port"] for e in listeners(control_plane, f"load_balancer={name}")] == [80]
    elbv2.delete_load_balancer(LoadBalancerArn=balancer)
    assert refused(first["url"]) and listeners(control_plane, f"load_balancer={name}") == []
