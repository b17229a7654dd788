"""UpdateAutoScalingGroup keeps the mixed instances policy (asg-update-keeps-mixed-policy)."""

from emulator_testkit import launch_template, two_az_network


def policy_after_max_size_update(server, name):
    ec2 = server.client("ec2")
    network = two_az_network(ec2, name)
    template = launch_template(ec2, name)
    asg = server.client("autoscaling")
    asg.create_auto_scaling_group(
        AutoScalingGroupName=name,
        MinSize=0,
        MaxSize=2,
        DesiredCapacity=0,
        VPCZoneIdentifier=",".join(network.subnet_ids),
        MixedInstancesPolicy={
            "LaunchTemplate": {
                "LaunchTemplateSpecification": {"LaunchTemplateId": template, "Version": "$Latest"},
                "Overrides": [{"InstanceType": "t3.large"}, {"InstanceType": "m5.large"}],
            },
            "InstancesDistribution": {"OnDemandBaseCapacity": 1, "OnDemandPercentageAboveBaseCapacity": 0},
        },
    )
    asg.update_auto_scaling_group(AutoScalingGroupName=name, MaxSize=9)
    group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]
    return group["MaxSize"], group.get("MixedInstancesPolicy")


def test_asg_update_keeps_mixed_policy_fixed(fixed, name):
    max_size, policy = policy_after_max_size_update(fixed, name)
    assert max_size == 9
    assert policy["InstancesDistribution"]["OnDemandBaseCapacity"] == 1
    assert [o["InstanceType"] for o in policy["LaunchTemplate"]["Overrides"]] == ["t3.large", "m5.large"]


def test_asg_update_keeps_mixed_policy_gap_visible_unfixed(unfixed, name):
    max_size, policy = policy_after_max_size_update(unfixed, name)
    assert max_size == 9
    assert not policy
