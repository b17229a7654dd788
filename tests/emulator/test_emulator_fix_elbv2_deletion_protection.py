"""ELBv2 deletion protection (elbv2-deletion-protection)."""

import pytest
from botocore.exceptions import ClientError
from emulator_testkit import two_az_network


def protected_load_balancer(server, name: str) -> str:
    network = two_az_network(server.client("ec2"), name)
    elbv2 = server.client("elbv2")
    arn = elbv2.create_load_balancer(Name=name, Subnets=network.subnet_ids, SecurityGroups=[network.security_group_id])[
        "LoadBalancers"
    ][0]["LoadBalancerArn"]
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=arn, Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}]
    )
    return arn


def test_elbv2_deletion_protection_fixed(fixed, name):
    elbv2 = fixed.client("elbv2")
    arn = protected_load_balancer(fixed, name)
    with pytest.raises(ClientError) as refused:
        elbv2.delete_load_balancer(LoadBalancerArn=arn)
    assert refused.value.response["Error"]["Code"] == "OperationNotPermitted"
    assert elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"]
    # once protection is off, deletion works
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=arn, Attributes=[{"Key": "deletion_protection.enabled", "Value": "false"}]
    )
    elbv2.delete_load_balancer(LoadBalancerArn=arn)
    assert not [lb for lb in elbv2.describe_load_balancers()["LoadBalancers"] if lb["LoadBalancerArn"] == arn]


def test_elbv2_deletion_protection_gap_visible_unfixed(unfixed, name):
    elbv2 = unfixed.client("elbv2")
    arn = protected_load_balancer(unfixed, name)
    elbv2.delete_load_balancer(LoadBalancerArn=arn)
    assert not [lb for lb in elbv2.describe_load_balancers()["LoadBalancers"] if lb["LoadBalancerArn"] == arn]
