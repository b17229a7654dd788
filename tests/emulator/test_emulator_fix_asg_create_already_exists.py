"""CreateAutoScalingGroup sent again with the name of an existing group (asg-create-already-exists)."""

import pytest
from botocore.exceptions import ClientError
from emulator_testkit import launch_template, two_az_network


def create_twice(server, name):
    """The first create and its retry; the retry's error code (None: accepted), and the instances running."""
    ec2, autoscaling = server.client("ec2"), server.client("autoscaling")
    subnet = two_az_network(ec2, name).subnet_ids[0]
    group = dict(
        AutoScalingGroupName=name,
        LaunchTemplate={"LaunchTemplateId": launch_template(ec2, name)},
        MinSize=1,
        MaxSize=3,
        DesiredCapacity=2,
        VPCZoneIdentifier=subnet,
    )
    autoscaling.create_auto_scaling_group(**group)
    code = None
    try:
        autoscaling.create_auto_scaling_group(**group)
    except ClientError as exc:
        code = exc.response["Error"]["Code"]
    states = {"Name": "instance-state-name", "Values": ["pending", "running"]}
    reservations = ec2.describe_instances(Filters=[{"Name": "subnet-id", "Values": [subnet]}, states])["Reservations"]
    running = {i["InstanceId"] for r in reservations for i in r["Instances"]}
    owned = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]["Instances"]
    return code, running, {i["InstanceId"] for i in owned}


def test_asg_create_already_exists_fixed(fixed, name):
    code, running, owned = create_twice(fixed, name)
    assert code == "AlreadyExists"
    assert running == owned and len(owned) == 2  # the group kept; no instance outside it
    with pytest.raises(ClientError, match="A group with the name"):
        fixed.client("autoscaling").create_auto_scaling_group(
            AutoScalingGroupName=name, LaunchConfigurationName="other", MinSize=0, MaxSize=1
        )


def test_asg_create_already_exists_gap_visible_unfixed(unfixed, name):
    code, running, owned = create_twice(unfixed, name)
    assert code is None  # accepted: a new group replaced the old one
    assert len(running - owned) == 2  # the first group's instances run on, owned by nothing
