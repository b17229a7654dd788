"""Building blocks for the data plane tests: services behind an ALB listener, and requests through its endpoint."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from control_plane_kit import Stack, emulator_api, wait_for


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


def target_group(server, stack: Stack, name: str, *, path: str = "/health", deregistration_delay: int = 10,
                 healthy_threshold: int = 2, matcher: str = "200") -> str:
    ec2, elbv2 = server.client("ec2"), server.client("elbv2")
    vpc_id = ec2.describe_subnets(SubnetIds=[stack.subnets[0]])["Subnets"][0]["VpcId"]
    arn = elbv2.create_target_group(
        Name=name, Protocol="HTTP", Port=8080, VpcId=vpc_id, TargetType="ip", HealthCheckPath=path,
        HealthCheckIntervalSeconds=5, HealthCheckTimeoutSeconds=4, HealthyThresholdCount=healthy_threshold,
        UnhealthyThresholdCount=2, Matcher={"HttpCode": matcher},
    )["TargetGroups"][0]["TargetGroupArn"]
    delay = {"Key": "deregistration_delay.timeout_seconds", "Value": str(deregistration_delay)}
    elbv2.modify_target_group_attributes(TargetGroupArn=arn, Attributes=[delay])
    return arn


def task_definition(server, family: str, image: str) -> str:
    return server.client("ecs").register_task_definition(
        family=family, networkMode="awsvpc", requiresCompatibilities=["EC2"], cpu="256", memory="256",
        containerDefinitions=[{"name": "app", "image": image, "essential": True,
                               "portMappings": [{"containerPort": 8080, "protocol": "tcp"}]}],
    )["taskDefinition"]["taskDefinitionArn"]


def service(server, stack: Stack, name: str, definition: str, group_arn: str, *, desired: int = 2,
            grace: int = 60) -> dict:
    awsvpc = {"subnets": stack.subnets, "securityGroups": [stack.security_group], "assignPublicIp": "DISABLED"}
    return server.client("ecs").create_service(
        cluster=stack.name, serviceName=name, taskDefinition=definition, desiredCount=desired,
        capacityProviderStrategy=[{"capacityProvider": stack.capacity_provider, "weight": 1, "base": 0}],
        loadBalancers=[{"targetGroupArn": group_arn, "containerName": "app", "containerPort": 8080}],
        healthCheckGracePeriodSeconds=grace, networkConfiguration={"awsvpcConfiguration": awsvpc},
        deploymentConfiguration={"maximumPercent": 200, "minimumHealthyPercent": 100,
                                 "deploymentCircuitBreaker": {"enable": True, "rollback": True}},
    )["service"]


def healthy_count(server, group_arn: str) -> int:
    health = server.client("elbv2").describe_target_health(TargetGroupArn=group_arn)["TargetHealthDescriptions"]
    return sum(1 for t in health if t["TargetHealth"]["State"] == "healthy")


def wait_serving(server, stack: Stack, name: str, group_arn: str, desired: int = 2, timeout: float = 40) -> None:
    """The service steady, its targets healthy (through real health checks)."""

    def steady() -> bool:
        described = server.client("ecs").describe_services(cluster=stack.name, services=[name])["services"][0]
        done = described["deployments"][0]["rolloutState"] == "COMPLETED" and len(described["deployments"]) == 1
        return done and described["runningCount"] == desired and healthy_count(server, group_arn) == desired

    wait_for(steady, timeout=timeout, every=0.2, what=f"service {name} steady with {desired} healthy targets")


def load_balancer(server, stack: Stack, name: str) -> str:
    return server.client("elbv2").create_load_balancer(
        Name=name, Subnets=stack.subnets, SecurityGroups=[stack.security_group]
    )["LoadBalancers"][0]["LoadBalancerArn"]


def forward_listener(server, load_balancer_arn: str, group_arn: str, port: int = 80, protocol: str = "HTTP") -> str:
    return server.client("elbv2").create_listener(
        LoadBalancerArn=load_balancer_arn, Protocol=protocol, Port=port,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": group_arn}],
    )["Listeners"][0]["ListenerArn"]


def listener_url(server, load_balancer_name: str, port: int) -> str:
    url = f"{server.url}/_emulator/listeners/url?load_balancer={load_balancer_name}&port={port}"
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        assert response.headers["Content-Type"] == "text/plain"
        return response.read().decode()


def listeners(server, query: str = "") -> list[dict]:
    return emulator_api(server, "/_emulator/listeners" + (f"?{query}" if query else ""), None, "GET")["listeners"]


def url_error(server, query: str) -> tuple[int, str]:
    try:
        urllib.request.urlopen(f"{server.url}/_emulator/listeners/url?{query}", timeout=10)  # noqa: S310
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    raise AssertionError("expected an HTTP error")


def request(url: str, path: str = "/", *, host: str | None = None, method: str = "GET",
            timeout: float = 15) -> Reply:
    """One request through a listener endpoint (a fresh connection each time, as a simple client)."""
    address = url.removeprefix("http://")
    connection = http.client.HTTPConnection(address, timeout=timeout)
    try:
        connection.request(method, path, headers={"Host": host} if host else {})
        response = connection.getresponse()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()
