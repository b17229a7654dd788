"""Compute layer stand-in on moto: VPC, ASG over two AZs, cluster, capacity provider."""

import json

import boto3
from moto.autoscaling.models import autoscaling_backends
from moto.ec2.models import ec2_backends

ACCOUNT, REGION = "123456789012", "us-east-1"


class Compute:
    def __init__(self, scaling=None, protection="ENABLED", size=2):
        self.ec2, self.asg, self.ecs = boto3.client("ec2"), boto3.client("autoscaling"), boto3.client("ecs")
        vpc = self.ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnets = [self.ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=az)["Subnet"]
                   ["SubnetId"] for i, az in enumerate(["us-east-1a", "us-east-1b"])]
        self.ec2.create_launch_template(LaunchTemplateName="demo-lt", LaunchTemplateData={
            "ImageId": "ami-12c6146b", "InstanceType": "t3.large"})
        self.asg.create_auto_scaling_group(
            AutoScalingGroupName="demo-asg", MinSize=size, MaxSize=6, DesiredCapacity=size,
            VPCZoneIdentifier=",".join(subnets), LaunchTemplate={"LaunchTemplateName": "demo-lt"})
        group = self.asg.describe_auto_scaling_groups(AutoScalingGroupNames=["demo-asg"])["AutoScalingGroups"][0]
        self.instance_ids = sorted(i["InstanceId"] for i in group["Instances"])
        for index, instance_id in enumerate(self.instance_ids):
            self.move(instance_id, ["us-east-1a", "us-east-1b"][index % 2])
        self.ecs.create_cluster(clusterName="demo")
        self.ecs.create_capacity_provider(name="demo-cp", autoScalingGroupProvider={
            "autoScalingGroupArn": group["AutoScalingGroupARN"],
            "managedScaling": scaling or {"status": "ENABLED", "targetCapacity": 80},
            "managedTerminationProtection": protection})
        self.ecs.put_cluster_capacity_providers(cluster="demo", capacityProviders=["demo-cp"],
                                                defaultCapacityProviderStrategy=[])

    @staticmethod
    def move(instance_id, az):
        ec2_backends[ACCOUNT][REGION].get_instance(instance_id)._placement.zone = az
        for state in autoscaling_backends[ACCOUNT][REGION].autoscaling_groups["demo-asg"].instance_states:
            if state.instance.id == instance_id:
                state.availability_zone = az

    @staticmethod
    def spot(instance_id):
        ec2_backends[ACCOUNT][REGION].get_instance(instance_id).lifecycle = "spot"

    def register(self, instance_ids=None):
        for instance_id in self.instance_ids if instance_ids is None else instance_ids:
            self.ecs.register_container_instance(cluster="demo",
                                                 instanceIdentityDocument=json.dumps({"instanceId": instance_id}))


ARGS = dict(cluster_name="demo", capacity_provider_name="demo-cp", asg_name="demo-asg", on_demand_base_capacity=2,
            target_capacity=80)
