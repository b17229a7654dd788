"""A target group with IP targets on ENIs in two AZs, and an ECS service whose desiredCount sets the floor.

moto answers DescribeTargetHealth with `healthy` for every registered IP target and knows no other state, so the
`target_health` fixture patches moto's FakeTargetGroup.health_for to plant states and reason codes per target.
"""

import boto3
import pytest
from moto.elbv2.models import FakeHealthStatus, FakeTargetGroup

AZS = ["us-east-1a", "us-east-1b"]


class Deployment:
    def __init__(self):
        self.ec2 = boto3.client("ec2")
        self.elbv2 = boto3.client("elbv2")
        self.ecs = boto3.client("ecs")
        self.vpc = self.ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        self.subnets = {az: self.ec2.create_subnet(VpcId=self.vpc, CidrBlock=f"10.0.{i}.0/24",
                                                   AvailabilityZone=az)["Subnet"]["SubnetId"]
                        for i, az in enumerate(AZS)}
        self.ecs.create_cluster(clusterName="demo")
        self.task_definition = self.ecs.register_task_definition(
            family="demo-web", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}],
        )["taskDefinition"]["taskDefinitionArn"]
        self.target_groups = {}

    def target_group(self, name):
        arn = self.elbv2.create_target_group(Name=f"demo-{name}", Protocol="HTTP", Port=8080, VpcId=self.vpc,
                                             TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
        self.target_groups[name] = arn
        return arn

    def task(self, name, ip, az):
        """An awsvpc task: an ENI with `ip` in the subnet of `az`, registered in the service's target group."""
        self.ec2.create_network_interface(SubnetId=self.subnets[az], PrivateIpAddress=ip)
        self.elbv2.register_targets(TargetGroupArn=self.target_groups[name], Targets=[{"Id": ip, "Port": 8080}])

    def service(self, name, desired):
        self.ecs.create_service(cluster="demo", serviceName=name, taskDefinition=self.task_definition,
                                desiredCount=desired)


@pytest.fixture
def deployment(moto):
    return Deployment()


@pytest.fixture
def target_health(monkeypatch):
    """Plant target states: target_health({"10.0.0.10": ("unhealthy", "Target.ResponseCodeMismatch")})."""
    planted = {}
    real = FakeTargetGroup.health_for

    def health_for(self, target, ec2_backend):
        if target["Id"] in planted and target["Id"] in self.targets:
            state, reason = planted[target["Id"]]
            port = self.targets[target["Id"]]["Port"]
            return FakeHealthStatus(target["Id"], port, self.health_check_port, state, reason,
                                    f"planted {state}" if reason else None)
        return real(self, target, ec2_backend)

    monkeypatch.setattr(FakeTargetGroup, "health_for", health_for)

    def plant(states):
        planted.clear()
        planted.update(states)

    return plant
