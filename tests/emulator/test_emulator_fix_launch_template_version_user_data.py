"""A launch from a second launch template version (ec2-launch-template-version-user-data)."""

import base64

import pytest
from botocore.parsers import ResponseParserError
from emulator_testkit import two_az_network


def encoded(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def scale_out_from_version_two(server, name: str) -> str:
    """A template changed once (as Terraform does when the AMI or user data changes), then a group launching from
    $Latest; returns the launched instance's user data."""
    ec2, asg = server.client("ec2"), server.client("autoscaling")
    network = two_az_network(ec2, name)
    template = ec2.create_launch_template(
        LaunchTemplateName=name, LaunchTemplateData={"ImageId": "ami-12c6146b", "UserData": encoded("version 1")}
    )["LaunchTemplate"]["LaunchTemplateId"]
    ec2.create_launch_template_version(
        LaunchTemplateId=template, LaunchTemplateData={"ImageId": "ami-12c6146b", "UserData": encoded("version 2")}
    )
    asg.create_auto_scaling_group(
        AutoScalingGroupName=name,
        MinSize=1,
        MaxSize=1,
        DesiredCapacity=1,
        VPCZoneIdentifier=",".join(network.subnet_ids),
        LaunchTemplate={"LaunchTemplateId": template, "Version": "$Latest"},
    )
    instance = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]["Instances"][0]
    attribute = ec2.describe_instance_attribute(InstanceId=instance["InstanceId"], Attribute="userData")
    return base64.b64decode(attribute["UserData"]["Value"]).decode()


def test_ec2_launch_template_version_user_data_fixed(fixed, name):
    assert scale_out_from_version_two(fixed, name) == "version 2"


def test_ec2_launch_template_version_user_data_gap_visible_unfixed(unfixed, name):
    with pytest.raises(ResponseParserError, match="500 Internal Server Error"):  # moto's AssertionError, as HTML
        scale_out_from_version_two(unfixed, name)
