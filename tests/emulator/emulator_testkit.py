"""Small EC2 building blocks the fix tests share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Network:
    vpc_id: str
    subnet_ids: list[str]
    security_group_id: str


def two_az_network(ec2, name: str) -> Network:
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{i}.0/24", AvailabilityZone=f"us-east-1{az}")["Subnet"][
            "SubnetId"
        ]
        for i, az in ((1, "a"), (2, "b"))
    ]
    sg = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
    return Network(vpc, subnets, sg)


def launch_template(ec2, name: str) -> str:
    data = {"ImageId": "ami-12c6146b", "InstanceType": "t3.micro"}
    return ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData=data)["LaunchTemplate"][
        "LaunchTemplateId"
    ]
