"""DeleteTargetGroup of a target group already deleted (elbv2-delete-target-group-idempotent)."""

import pytest
from botocore.exceptions import ClientError
from emulator_testkit import two_az_network


def target_group(server, name: str) -> str:
    ec2 = server.client("ec2")
    subnet = two_az_network(ec2, name).subnet_ids[0]
    vpc_id = ec2.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["VpcId"]
    return server.client("elbv2").create_target_group(
        Name=name, Protocol="HTTP", Port=8080, VpcId=vpc_id, TargetType="ip"
    )["TargetGroups"][0]["TargetGroupArn"]


def test_elbv2_delete_target_group_idempotent_fixed(fixed, name):
    elbv2 = fixed.client("elbv2")
    arn = target_group(fixed, name)
    elbv2.delete_target_group(TargetGroupArn=arn)
    elbv2.delete_target_group(TargetGroupArn=arn)  # the retry of a delete whose answer was lost
    with pytest.raises(ClientError) as gone:  # it is gone all the same
        elbv2.describe_target_groups(TargetGroupArns=[arn])
    assert gone.value.response["Error"]["Code"] == "TargetGroupNotFound"


def test_elbv2_delete_target_group_idempotent_gap_visible_unfixed(unfixed, name):
    elbv2 = unfixed.client("elbv2")
    arn = target_group(unfixed, name)
    elbv2.delete_target_group(TargetGroupArn=arn)
    with pytest.raises(ClientError) as refused:
        elbv2.delete_target_group(TargetGroupArn=arn)
    assert refused.value.response["Error"]["Code"] == "TargetGroupNotFound"
