"""DescribeCapacityProviders without names lists the account's providers (ecs-describe-capacity-providers-all)."""

import pytest
from botocore.exceptions import ClientError
from emulator_testkit import launch_template, two_az_network


def capacity_provider(server, name):
    ec2, asg = server.client("ec2"), server.client("autoscaling")
    network = two_az_network(ec2, name)
    asg.create_auto_scaling_group(
        AutoScalingGroupName=name,
        MinSize=0,
        MaxSize=1,
        LaunchTemplate={"LaunchTemplateId": launch_template(ec2, name)},
        VPCZoneIdentifier=",".join(network.subnet_ids),
    )
    arn = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]["AutoScalingGroupARN"]
    server.client("ecs").create_capacity_provider(name=name, autoScalingGroupProvider={"autoScalingGroupArn": arn})


def test_ecs_describe_capacity_providers_all_fixed(fixed, name):
    capacity_provider(fixed, name)
    ecs = fixed.client("ecs")
    assert name in [p["name"] for p in ecs.describe_capacity_providers()["capacityProviders"]]
    ecs.delete_capacity_provider(capacityProvider=name)
    assert name not in [p["name"] for p in ecs.describe_capacity_providers()["capacityProviders"]]
    named = ecs.describe_capacity_providers(capacityProviders=[name])  # by name: unchanged, a failure
    assert [f["reason"] for f in named["failures"]] == ["MISSING"]


def test_ecs_describe_capacity_providers_all_gap_visible_unfixed(unfixed, name):
    capacity_provider(unfixed, name)
    with pytest.raises(ClientError, match=r"\(500\)"):
        unfixed.client("ecs").describe_capacity_providers()
