"""Auto Scaling instance refreshes (asg-instance-refresh)."""

import pytest
from botocore.exceptions import ClientError
from botocore.parsers import ResponseParserError
from emulator_testkit import launch_template, two_az_network


def group_on_version(server, name, *, protected=False):
    """A 2-instance group on version 2 of its launch template, its instances launched from version 1."""
    ec2, asg = server.client("ec2"), server.client("autoscaling")
    network = two_az_network(ec2, name)
    template = launch_template(ec2, name)
    asg.create_auto_scaling_group(
        AutoScalingGroupName=name,
        MinSize=0,
        MaxSize=4,
        DesiredCapacity=2,
        LaunchTemplate={"LaunchTemplateId": template, "Version": "1"},
        VPCZoneIdentifier=",".join(network.subnet_ids),
        NewInstancesProtectedFromScaleIn=protected,
    )
    ec2.create_launch_template_version(
        LaunchTemplateId=template, SourceVersion="1", LaunchTemplateData={"InstanceType": "t3.small"}
    )
    asg.update_auto_scaling_group(
        AutoScalingGroupName=name, LaunchTemplate={"LaunchTemplateId": template, "Version": "2"}
    )
    return asg, ec2


def instances(asg, name):
    return {
        i["InstanceId"]
        for i in asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]["Instances"]
    }


def refresh(asg, name, refresh_id):
    found = asg.describe_instance_refreshes(AutoScalingGroupName=name, InstanceRefreshIds=[refresh_id])
    return found["InstanceRefreshes"][0]


def test_asg_instance_refresh_fixed(fixed, name):
    asg, ec2 = group_on_version(fixed, name)
    before = instances(asg, name)
    started = asg.start_instance_refresh(
        AutoScalingGroupName=name, Strategy="Rolling", Preferences={"MinHealthyPercentage": 50}
    )["InstanceRefreshId"]
    done = refresh(asg, name, started)
    assert (done["Status"], done["PercentageComplete"], done["InstancesToUpdate"]) == ("Successful", 100, 0)
    after = instances(asg, name)
    assert len(after) == 2 and not after & before  # every instance replaced, the capacity kept
    described = ec2.describe_instances(InstanceIds=sorted(after))["Reservations"]
    assert {i["InstanceType"] for r in described for i in r["Instances"]} == {"t3.small"}  # version 2
    # refused, not ignored: the emulator cannot tell which version an instance was launched from
    with pytest.raises(ClientError, match="SkipMatching"):
        asg.start_instance_refresh(AutoScalingGroupName=name, Preferences={"SkipMatching": True})
    with pytest.raises(ClientError, match="ActiveInstanceRefreshNotFound"):
        asg.cancel_instance_refresh(AutoScalingGroupName=name)


def test_asg_instance_refresh_waits_for_protected_instances(fixed, name):
    asg, _ec2 = group_on_version(fixed, name, protected=True)
    before = instances(asg, name)
    waiting = asg.start_instance_refresh(AutoScalingGroupName=name)["InstanceRefreshId"]  # Wait by default
    assert refresh(asg, name, waiting)["Status"] == "InProgress"
    assert instances(asg, name) == before
    with pytest.raises(ClientError, match="InstanceRefreshInProgress"):
        asg.start_instance_refresh(AutoScalingGroupName=name)
    assert asg.cancel_instance_refresh(AutoScalingGroupName=name)["InstanceRefreshId"] == waiting
    assert refresh(asg, name, waiting)["Status"] == "Cancelled"
    replaced = asg.start_instance_refresh(
        AutoScalingGroupName=name, Preferences={"ScaleInProtectedInstances": "Refresh"}
    )
    assert refresh(asg, name, replaced["InstanceRefreshId"])["Status"] == "Successful"
    assert len(instances(asg, name)) == 2 and not instances(asg, name) & before


def test_asg_instance_refresh_gap_visible_unfixed(unfixed, name):
    asg, _ec2 = group_on_version(unfixed, name)
    with pytest.raises(ResponseParserError, match="500 Internal Server Error"):  # moto has no handler
        asg.start_instance_refresh(AutoScalingGroupName=name)
