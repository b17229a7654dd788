"""Instance weights (asg-weighted-capacity): with WeightedCapacity on the overrides, desired capacity is in units,
each instance reports its type's weight, scale-out reaches the units and scale-in keeps them ("Configure an Auto
Scaling group to use instance weights", EC2 Auto Scaling User Guide)."""

from collections.abc import Mapping
from types import MappingProxyType

from emulator_testkit import launch_template, two_az_network

WEIGHTS = MappingProxyType({"m5.large": 2, "t3.large": 1})  # read-only: a default argument below


def create_weighted_group(server, name: str, desired: int, weights: Mapping | None = WEIGHTS,
                          on_demand: int = 0) -> None:
    ec2 = server.client("ec2")
    network = two_az_network(ec2, name)
    server.client("autoscaling").create_auto_scaling_group(
        AutoScalingGroupName=name,
        MinSize=0,
        MaxSize=10,
        DesiredCapacity=desired,
        VPCZoneIdentifier=",".join(network.subnet_ids),
        MixedInstancesPolicy={
            "LaunchTemplate": {
                "LaunchTemplateSpecification": {"LaunchTemplateId": launch_template(ec2, name), "Version": "$Latest"},
                "Overrides": [{"InstanceType": t, "WeightedCapacity": str(w)} for t, w in weights.items()]
                if weights
                else [{"InstanceType": t} for t in WEIGHTS],
            },
            "InstancesDistribution": {"OnDemandBaseCapacity": 0, "OnDemandPercentageAboveBaseCapacity": on_demand},
        },
    )


def instances(server, name: str) -> list[dict]:
    group = server.client("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=[name])
    return group["AutoScalingGroups"][0]["Instances"]


def units(server, name: str) -> int:
    """What terraform-provider-aws's capacity waiter adds up: WeightedCapacity, 1 when absent."""
    return sum(int(i.get("WeightedCapacity", "1")) for i in instances(server, name))


def assert_weighted(server, name: str, desired: int, scaled_in: bool = False) -> None:
    group = instances(server, name)
    for instance in group:
        assert instance["WeightedCapacity"] == str(WEIGHTS[instance["InstanceType"]]), instance
    have = units(server, name)
    assert desired <= have < desired + max(WEIGHTS.values())  # the last launch may overshoot, by less than a weight
    if scaled_in:  # scale-in leaves no instance the group could do without
        assert all(have - int(i["WeightedCapacity"]) < desired for i in group if not i["ProtectedFromScaleIn"])


def test_asg_weighted_capacity_fixed(fixed, name):
    asg = fixed.client("autoscaling")
    create_weighted_group(fixed, name, desired=2)
    assert_weighted(fixed, name, 2)
    ids = {i["InstanceId"] for i in instances(fixed, name)}
    details = asg.describe_auto_scaling_instances(InstanceIds=sorted(ids))["AutoScalingInstances"]
    assert {d["InstanceId"]: d["WeightedCapacity"] for d in details} == {
        i["InstanceId"]: i["WeightedCapacity"] for i in instances(fixed, name)
    }

    asg.set_desired_capacity(AutoScalingGroupName=name, DesiredCapacity=5)
    assert_weighted(fixed, name, 5)
    assert ids <= {i["InstanceId"] for i in instances(fixed, name)}  # scale-out keeps what runs

    running = {i["InstanceId"] for i in instances(fixed, name)}
    asg.update_auto_scaling_group(AutoScalingGroupName=name, MaxSize=9)  # no capacity change: nothing moves
    assert {i["InstanceId"] for i in instances(fixed, name)} == running

    before = {i["InstanceId"] for i in instances(fixed, name)}
    asg.set_desired_capacity(AutoScalingGroupName=name, DesiredCapacity=1)
    assert_weighted(fixed, name, 1, scaled_in=True)
    gone = before - {i["InstanceId"] for i in instances(fixed, name)}
    assert gone
    states = fixed.client("ec2").describe_instances(InstanceIds=sorted(gone))["Reservations"]
    assert {i["State"]["Name"] for r in states for i in r["Instances"]} == {"terminated"}

    # Terraform changes the desired capacity with UpdateAutoScalingGroup, without the policy
    asg.update_auto_scaling_group(AutoScalingGroupName=name, DesiredCapacity=4)
    assert_weighted(fixed, name, 4)

    # terraform destroy with protect_from_scale_in: capacity 0, then the protection lifted
    ids = sorted(i["InstanceId"] for i in instances(fixed, name))
    asg.set_instance_protection(AutoScalingGroupName=name, InstanceIds=ids, ProtectedFromScaleIn=True)
    asg.update_auto_scaling_group(AutoScalingGroupName=name, MinSize=0, MaxSize=0, DesiredCapacity=0)
    assert sorted(i["InstanceId"] for i in instances(fixed, name)) == ids
    asg.set_instance_protection(AutoScalingGroupName=name, InstanceIds=ids, ProtectedFromScaleIn=False)
    assert instances(fixed, name) == []


def test_asg_weighted_capacity_gap_visible_unfixed(unfixed, name):
    create_weighted_group(unfixed, name, desired=2)
    group = instances(unfixed, name)
    assert len(group) == 1  # desired 2 / the first override's weight 2
    assert "WeightedCapacity" not in group[0]
    assert group[0]["InstanceType"] not in WEIGHTS  # the launch template's own type
    assert units(unfixed, name) == 1  # the provider's waiter counts 1 of 2 until it times out


def test_asg_weighted_capacity_unweighted_split_fixed(fixed, name):
    """Without weights each instance counts 1: moto's On-Demand/Spot split rounded desired 3 at 50 % down to 2."""
    create_weighted_group(fixed, name, desired=3, weights=None, on_demand=50)
    group = instances(fixed, name)
    assert len(group) == 3
    assert all("WeightedCapacity" not in i for i in group)


def test_asg_weighted_capacity_unweighted_split_gap_visible_unfixed(unfixed, name):
    create_weighted_group(unfixed, name, desired=3, weights=None, on_demand=50)
    assert len(instances(unfixed, name)) == 2
