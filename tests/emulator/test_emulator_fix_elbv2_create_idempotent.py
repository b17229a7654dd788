"""ELBv2 creates repeated with the same settings, as an SDK retry sends them (elbv2-create-idempotent)."""

import pytest
from botocore.exceptions import ClientError
from emulator_testkit import two_az_network


def repeat(create, **settings):
    """The first call and its retry: the retry's answer, or the error code it gets."""
    create(**settings)
    try:
        return create(**settings)
    except ClientError as exc:
        return exc.response["Error"]["Code"]


def setup(server, name: str):
    network = two_az_network(server.client("ec2"), name)
    elbv2 = server.client("elbv2")
    lb = dict(Name=name, Subnets=network.subnet_ids, SecurityGroups=[network.security_group_id])
    tg = dict(Name=name, Protocol="HTTP", Port=8080, VpcId=network.vpc_id, TargetType="ip")
    return elbv2, lb, tg


def named(elbv2, name: str) -> list:
    """Every load balancer of that name (DescribeLoadBalancers by name shows moto's first one only)."""
    return [x for x in elbv2.describe_load_balancers()["LoadBalancers"] if x["LoadBalancerName"] == name]


def listener_settings(lb_arn: str, tg_arn: str, port: int = 80) -> dict:
    return dict(
        LoadBalancerArn=lb_arn,
        Protocol="HTTP",
        Port=port,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}],
    )


def test_elbv2_create_idempotent_fixed(fixed, name):
    elbv2, lb, tg = setup(fixed, name)
    lb_arn = repeat(elbv2.create_load_balancer, **lb)["LoadBalancers"][0]["LoadBalancerArn"]
    assert [x["LoadBalancerArn"] for x in named(elbv2, name)] == [lb_arn]
    tg_arn = repeat(elbv2.create_target_group, **tg)["TargetGroups"][0]["TargetGroupArn"]
    assert [x["TargetGroupArn"] for x in elbv2.describe_target_groups(Names=[name])["TargetGroups"]] == [tg_arn]
    ls_arn = repeat(elbv2.create_listener, **listener_settings(lb_arn, tg_arn))["Listeners"][0]["ListenerArn"]
    assert [x["ListenerArn"] for x in elbv2.describe_listeners(LoadBalancerArn=lb_arn)["Listeners"]] == [ls_arn]

    # the same name or port with other settings is still refused
    other = dict(lb, Scheme="internal")
    with pytest.raises(ClientError, match="DuplicateLoadBalancerName"):
        elbv2.create_load_balancer(**other)
    with pytest.raises(ClientError, match="DuplicateTargetGroupName"):
        elbv2.create_target_group(**dict(tg, Port=9090))
    fixed_response = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]
    with pytest.raises(ClientError, match="DuplicateListener"):
        elbv2.create_listener(**dict(listener_settings(lb_arn, tg_arn), DefaultActions=fixed_response))

    # once deleted, the name is free again: a new resource
    elbv2.delete_listener(ListenerArn=ls_arn)
    again = elbv2.create_listener(**listener_settings(lb_arn, tg_arn))["Listeners"][0]["ListenerArn"]
    assert again != ls_arn


def test_elbv2_create_idempotent_gap_visible_unfixed(unfixed, name):
    elbv2, lb, tg = setup(unfixed, name)
    repeat(elbv2.create_load_balancer, **lb)
    balancers = named(elbv2, name)
    assert len(balancers) == 2  # an orphan of the same name
    assert repeat(elbv2.create_target_group, **tg) == "DuplicateTargetGroupName"
    tg_arn = elbv2.describe_target_groups(Names=[name])["TargetGroups"][0]["TargetGroupArn"]
    lb_arn = balancers[0]["LoadBalancerArn"]
    repeat(elbv2.create_listener, **listener_settings(lb_arn, tg_arn))
    assert len(elbv2.describe_listeners(LoadBalancerArn=lb_arn)["Listeners"]) == 2  # two listeners on port 80
