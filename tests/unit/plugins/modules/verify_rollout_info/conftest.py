"""A service on demo-web:1 with two healthy targets, and a timeline that moves it one step per poll.

moto has no ECS control plane: deployments, rollout states, running counts and events are written onto moto's
Service model (ecs_service_states, shared with verify_service_info), targets are IPs on ENIs (moto reports registered
IP targets healthy), and other target states are planted by patching moto's FakeTargetGroup.health_for. The sleep
between polls applies the next step of the timeline instead of waiting.
"""

import sys
from pathlib import Path

import boto3
import pytest
from moto.elbv2.models import FakeHealthStatus, FakeTargetGroup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "verify_service_info"))

from ecs_service_states import Ecs, deployment, event


class World:
    def __init__(self, planted):
        self.ecs = Ecs()
        self.ecs.create(revision=1)
        self.svc = self.ecs.steady(revision=1)
        self.svc.deployments = [deployment("ecs-svc/100", 1)]
        ec2, self.elbv2 = boto3.client("ec2"), boto3.client("elbv2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        self.subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=az)["Subnet"]
                        ["SubnetId"] for i, az in enumerate(["us-east-1a", "us-east-1b"])]
        self.ec2 = ec2
        self.tg = self.elbv2.create_target_group(Name="demo-web", Protocol="HTTP", Port=8080, VpcId=vpc,
                                                 TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
        self.planted = planted
        self.tasks(["10.0.0.10", "10.0.1.10"])
        self.steps = []

    def tasks(self, ips):
        for ip in ips:
            self.ec2.create_network_interface(SubnetId=self.subnets[int(ip.split(".")[2])], PrivateIpAddress=ip)
            self.elbv2.register_targets(TargetGroupArn=self.tg, Targets=[{"Id": ip, "Port": 8080}])

    def stop(self, ips):
        self.elbv2.deregister_targets(TargetGroupArn=self.tg, Targets=[{"Id": ip, "Port": 8080} for ip in ips])

    def deployments(self, *items, events=()):
        self.svc.deployments = list(items)
        self.svc.events = [event(m) for m in events] + self.svc.events

    def sleep(self, _seconds):
        if self.steps:
            self.steps.pop(0)()

    def args(self, **extra):
        return dict(dict(cluster_name="demo", service="web", task_definition_arn=self.ecs.arns[1],
                         target_group_arn=self.tg, min_healthy=2), **extra)


@pytest.fixture
def world(moto, monkeypatch):
    planted = {}
    real = FakeTargetGroup.health_for

    def health_for(self, target, ec2_backend):
        if target["Id"] in planted and target["Id"] in self.targets:
            state, reason = planted[target["Id"]]
            return FakeHealthStatus(target["Id"], 8080, self.health_check_port, state, reason, None)
        return real(self, target, ec2_backend)

    monkeypatch.setattr(FakeTargetGroup, "health_for", health_for)
    return World(planted)
