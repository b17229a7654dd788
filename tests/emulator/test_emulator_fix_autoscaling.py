"""Auto Scaling AZ balance (asg-az-balance) and scale-in protection release (asg-scale-in-protection)."""

from collections import Counter

from emulator_testkit import launch_template, two_az_network


def create_group(server, name: str, desired: int, protected: bool = False) -> dict:
    ec2, asg = server.client("ec2"), server.client("autoscaling")
    network = two_az_network(ec2, name)
    asg.create_auto_scaling_group(
        AutoScalingGroupName=name,
        MinSize=0,
        MaxSize=6,
        DesiredCapacity=desired,
        LaunchTemplate={"LaunchTemplateId": launch_template(ec2, name)},
        VPCZoneIdentifier=",".join(network.subnet_ids),
        NewInstancesProtectedFromScaleIn=protected,
    )
    return describe(server, name)


def describe(server, name: str) -> dict:
    return server.client("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][
        0
    ]


def zones(group: dict) -> Counter:
    return Counter(instance["AvailabilityZone"] for instance in group["Instances"])


def test_asg_az_balance_fixed(fixed, name):
    group = create_group(fixed, name, desired=2)
    assert zones(group) == {"us-east-1a": 1, "us-east-1b": 1}
    fixed.client("autoscaling").set_desired_capacity(AutoScalingGroupName=name, DesiredCapacity=5)
    assert sorted(zones(describe(fixed, name)).values()) == [2, 3]
    # each instance sits in a subnet of its own AZ
    ec2 = fixed.client("ec2")
    ids = [i["InstanceId"] for i in describe(fixed, name)["Instances"]]
    for reservation in ec2.describe_instances(InstanceIds=ids)["Reservations"]:
        for instance in reservation["Instances"]:
            subnet = ec2.describe_subnets(SubnetIds=[instance["SubnetId"]])["Subnets"][0]
            assert subnet["AvailabilityZone"] == instance["Placement"]["AvailabilityZone"]


def test_asg_az_balance_gap_visible_unfixed(unfixed, name):
    assert len(zones(create_group(unfixed, name, desired=2))) == 1


def drain_like_terraform(server, name: str) -> dict:
    """What terraform-provider-aws does before DeleteAutoScalingGroup when force_delete is false."""
    asg = server.client("autoscaling")
    group = create_group(server, name, desired=2, protected=True)
    asg.update_auto_scaling_group(AutoScalingGroupName=name, MinSize=0, MaxSize=0, DesiredCapacity=0)
    ids = [i["InstanceId"] for i in group["Instances"]]
    asg.set_instance_protection(AutoScalingGroupName=name, InstanceIds=ids, ProtectedFromScaleIn=False)
    return describe(server, name)


def test_asg_scale_in_protection_fixed(fixed, name):
    group = drain_like_terraform(fixed, name)
    assert group["Instances"] == []
    fixed.client("autoscaling").delete_auto_scaling_group(AutoScalingGroupName=name)


def test_asg_scale_in_protection_still_protects_fixed(fixed, name):
    asg = fixed.client("autoscaling")
    create_group(fixed, name, desired=2, protected=True)
    asg.set_desired_capacity(AutoScalingGroupName=name, DesiredCapacity=0)
    assert len(describe(fixed, name)["Instances"]) == 2  # protected instances survive a scale-in


def test_asg_scale_in_protection_gap_visible_unfixed(unfixed, name):
    assert len(drain_like_terraform(unfixed, name)["Instances"]) == 2
