"""ELBv2 targets are (Id, Port) pairs (elbv2-targets-by-id-and-port): one instance registered on two ports is two
targets, as ECS tasks with dynamic host ports on one instance are (AWS API reference, RegisterTargets and
DeregisterTargets)."""

import pytest
from botocore.exceptions import ClientError
from emulator_testkit import two_az_network


def instance_target_group(server, name: str) -> tuple[str, str]:
    ec2 = server.client("ec2")
    network = two_az_network(ec2, name)
    instance = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, SubnetId=network.subnet_ids[0])[
        "Instances"
    ][0]["InstanceId"]
    vpc = ec2.describe_subnets(SubnetIds=network.subnet_ids[:1])["Subnets"][0]["VpcId"]
    group = server.client("elbv2").create_target_group(
        Name=name[:32], Protocol="HTTP", Port=80, VpcId=vpc, TargetType="instance"
    )["TargetGroups"][0]["TargetGroupArn"]
    return group, instance


def registered(elbv2, group: str) -> list[tuple[str, int]]:
    health = elbv2.describe_target_health(TargetGroupArn=group)["TargetHealthDescriptions"]
    return sorted((t["Target"]["Id"], t["Target"]["Port"]) for t in health)


def test_elbv2_targets_by_id_and_port_fixed(fixed, name):
    elbv2 = fixed.client("elbv2")
    group, instance = instance_target_group(fixed, name)
    elbv2.register_targets(TargetGroupArn=group, Targets=[{"Id": instance, "Port": 32768}])
    elbv2.register_targets(TargetGroupArn=group, Targets=[{"Id": instance, "Port": 32769}, {"Id": instance}])
    assert registered(elbv2, group) == [(instance, 80), (instance, 32768), (instance, 32769)]
    # one task's target leaves; the other task on the same instance keeps its own
    elbv2.deregister_targets(TargetGroupArn=group, Targets=[{"Id": instance, "Port": 32768}])
    assert registered(elbv2, group) == [(instance, 80), (instance, 32769)]
    one = elbv2.describe_target_health(TargetGroupArn=group, Targets=[{"Id": instance, "Port": 32768}])
    assert one["TargetHealthDescriptions"][0]["TargetHealth"]["Reason"] == "Target.NotRegistered"
    # no port means the group's port
    elbv2.deregister_targets(TargetGroupArn=group, Targets=[{"Id": instance}])
    assert registered(elbv2, group) == [(instance, 32769)]
    with pytest.raises(ClientError) as refused:
        elbv2.deregister_targets(TargetGroupArn=group, Targets=[{"Id": instance}])
    assert refused.value.response["Error"]["Code"] == "InvalidTarget"


def test_elbv2_targets_by_id_and_port_gap_visible_unfixed(unfixed, name):
    elbv2 = unfixed.client("elbv2")
    group, instance = instance_target_group(unfixed, name)
    elbv2.register_targets(TargetGroupArn=group, Targets=[{"Id": instance, "Port": 32768}])
    elbv2.register_targets(TargetGroupArn=group, Targets=[{"Id": instance, "Port": 32769}])
    assert registered(elbv2, group) == [(instance, 32769)]  # the second registration replaced the first
