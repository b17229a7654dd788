"""Building blocks for the control-plane tests: an ECS-on-EC2 stack like the product's, made with boto3."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from emulator_testkit import two_az_network

USER_DATA = (
    "#!/bin/bash\necho ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config\necho ECS_ENABLE_SPOT_INSTANCE_DRAINING=true\n"
)


@dataclass
class Stack:
    name: str
    subnets: list[str]
    security_group: str
    group_name: str
    capacity_provider: str
    target_group_arn: str | None = None


def wait_for(condition: Callable[[], Any], timeout: float = 20.0, every: float = 0.1, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}; last value {last!r}")


def create_stack(
    server,
    name: str,
    *,
    desired: int = 2,
    max_size: int = 6,
    instance_type: str = "t3.medium",
    on_demand_base: int = 2,
    target_capacity: int = 100,
    managed_scaling: bool = True,
) -> Stack:
    ec2, asg, ecs = server.client("ec2"), server.client("autoscaling"), server.client("ecs")
    network = two_az_network(ec2, name)
    user_data = base64.b64encode(USER_DATA.format(cluster=name).encode()).decode()
    template_id = ec2.create_launch_template(
        LaunchTemplateName=name, LaunchTemplateData={"ImageId": "ami-12c6146b", "UserData": user_data}
    )["LaunchTemplate"]["LaunchTemplateId"]
    asg.create_auto_scaling_group(
        AutoScalingGroupName=name,
        MinSize=0,
        MaxSize=max_size,
        # Instances launch once the capacity provider exists (as ECS requires for them to belong to it): an agent
        # registering first, on a fast clock, would leave them without capacityProviderName.
        DesiredCapacity=0,
        VPCZoneIdentifier=",".join(network.subnet_ids),
        NewInstancesProtectedFromScaleIn=True,
        MixedInstancesPolicy={
            "LaunchTemplate": {
                "LaunchTemplateSpecification": {"LaunchTemplateId": template_id, "Version": "$Latest"},
                "Overrides": [{"InstanceType": instance_type}, {"InstanceType": instance_type}],
            },
            "InstancesDistribution": {
                "OnDemandBaseCapacity": on_demand_base,
                "OnDemandPercentageAboveBaseCapacity": 0,
                "SpotAllocationStrategy": "price-capacity-optimized",
            },
        },
    )
    group_arn = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0][
        "AutoScalingGroupARN"
    ]
    ecs.create_cluster(clusterName=name)
    ecs.create_capacity_provider(
        name=name,
        autoScalingGroupProvider={
            "autoScalingGroupArn": group_arn,
            "managedScaling": {
                "status": "ENABLED" if managed_scaling else "DISABLED",
                "targetCapacity": target_capacity,
                "minimumScalingStepSize": 1,
                "maximumScalingStepSize": 10,
            },
            "managedTerminationProtection": "ENABLED",
        },
    )
    ecs.put_cluster_capacity_providers(
        cluster=name,
        capacityProviders=[name],
        defaultCapacityProviderStrategy=[{"capacityProvider": name, "weight": 1, "base": 0}],
    )
    if desired:
        asg.set_desired_capacity(AutoScalingGroupName=name, DesiredCapacity=desired)
    return Stack(name, network.subnet_ids, network.security_group_id, name, name)


def add_target_group(
    server,
    stack: Stack,
    vpc_subnet: str | None = None,
    healthy_threshold: int = 2,
    deregistration_delay: int = 10,
    target_type: str = "ip",
    interval: int = 5,
) -> str:
    """A target group for the stack. Windows (initial, draining) last threshold x interval and the delay, times the
    control plane's time scale: a test that must observe them widens them so that a loaded machine still sees them."""
    ec2, elbv2 = server.client("ec2"), server.client("elbv2")
    vpc_id = ec2.describe_subnets(SubnetIds=[stack.subnets[0]])["Subnets"][0]["VpcId"]
    arn = elbv2.create_target_group(
        Name=stack.name,
        Protocol="HTTP",
        Port=8080,
        VpcId=vpc_id,
        TargetType=target_type,
        HealthCheckPath="/health",
        HealthCheckIntervalSeconds=interval,
        HealthyThresholdCount=healthy_threshold,
        UnhealthyThresholdCount=2,
    )["TargetGroups"][0]["TargetGroupArn"]
    delay = {"Key": "deregistration_delay.timeout_seconds", "Value": str(deregistration_delay)}
    elbv2.modify_target_group_attributes(TargetGroupArn=arn, Attributes=[delay])
    stack.target_group_arn = arn
    return arn


def register_task_definition(
    server, stack: Stack, image: str, cpu: int = 512, memory: int = 1024, network_mode: str = "awsvpc"
) -> str:
    """awsvpc: a task's target is its IP; bridge: the instance and a dynamic host port (hostPort 0)."""
    host_port = {"hostPort": 0} if network_mode == "bridge" else {}
    return server.client("ecs").register_task_definition(
        family=stack.name,
        networkMode=network_mode,
        requiresCompatibilities=["EC2"],
        cpu=str(cpu),
        memory=str(memory),
        containerDefinitions=[
            {
                "name": "app",
                "image": image,
                "essential": True,
                "portMappings": [{"containerPort": 8080, "protocol": "tcp", **host_port}],
            }
        ],
    )["taskDefinition"]["taskDefinitionArn"]


def create_service(
    server,
    stack: Stack,
    task_definition: str,
    desired: int = 2,
    breaker: bool = True,
    bridge: bool = False,
    **extra: Any,
) -> dict:
    """bridge: no awsvpc network configuration (a bridge-mode task definition)."""
    load_balancers = (
        [{"targetGroupArn": stack.target_group_arn, "containerName": "app", "containerPort": 8080}]
        if stack.target_group_arn
        else []
    )
    awsvpc = {"subnets": stack.subnets, "securityGroups": [stack.security_group], "assignPublicIp": "DISABLED"}
    network = None if bridge else {"awsvpcConfiguration": awsvpc}
    return server.client("ecs").create_service(
        cluster=stack.name,
        serviceName=stack.name,
        taskDefinition=task_definition,
        desiredCount=desired,
        capacityProviderStrategy=[{"capacityProvider": stack.capacity_provider, "weight": 1, "base": 0}],
        loadBalancers=load_balancers,
        healthCheckGracePeriodSeconds=60,
        deploymentConfiguration={
            "maximumPercent": 200,
            "minimumHealthyPercent": 100,
            "deploymentCircuitBreaker": {"enable": breaker, "rollback": breaker},
        },
        **({"networkConfiguration": network} if network else {}),
        **extra,
    )["service"]


def describe_service(server, stack: Stack) -> dict:
    return server.client("ecs").describe_services(cluster=stack.name, services=[stack.name])["services"][0]


def target_health(server, stack: Stack) -> list[dict]:
    return server.client("elbv2").describe_target_health(TargetGroupArn=stack.target_group_arn)[
        "TargetHealthDescriptions"
    ]


def healthy_targets(server, stack: Stack) -> list[dict]:
    return [t for t in target_health(server, stack) if t["TargetHealth"]["State"] == "healthy"]


def service_tasks(server, stack: Stack, desired_status: str = "RUNNING") -> list[dict]:
    ecs = server.client("ecs")
    arns = ecs.list_tasks(cluster=stack.name, serviceName=stack.name, desiredStatus=desired_status)["taskArns"]
    return ecs.describe_tasks(cluster=stack.name, tasks=arns)["tasks"] if arns else []


def steady(server, stack: Stack, desired: int) -> dict | None:
    service = describe_service(server, stack)
    deployments = service["deployments"]
    done = (
        service["runningCount"] == desired
        and len(deployments) == 1
        and deployments[0]["rolloutState"] == "COMPLETED"
        and len(healthy_targets(server, stack)) == desired
    )
    return service if done else None


def fault(server, kind: str, body: dict | None = None, method: str | None = None) -> dict:
    """POST /_emulator/faults/<kind>; kind "" lists the active faults (GET)."""
    method = method or ("POST" if kind else "GET")
    path = "/_emulator/faults" + (f"/{kind}" if kind else "")
    return emulator_api(server, path, body, method)


def control_plane_counters(server) -> dict:
    """GET /_emulator/control-plane: settings, ticks and tick_errors (ticks that raised)."""
    return emulator_api(server, "/_emulator/control-plane", None, "GET")


def emulator_api(server, path: str, body: dict | None, method: str) -> dict:
    import json
    import urllib.request

    data = json.dumps(body or {}).encode() if method == "POST" else None
    request = urllib.request.Request(server.url + path, data=data, method=method)  # noqa: S310 - loopback
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())
