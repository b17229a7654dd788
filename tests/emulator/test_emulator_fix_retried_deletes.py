"""A delete repeated after it was carried out, as an SDK retry sends it when the first answer was lost.

The second call must either succeed or answer the code terraform-provider-aws treats as "already deleted"
(ec2-vpc-endpoint-delete-idempotent, ecs-delete-capacity-provider-gone, appautoscaling-object-not-found,
iam-remove-role-from-instance-profile-gone, ec2-delete-launch-template-id-not-found, ec2-revoke-rule-id-not-found).
"""

import json

import pytest
from botocore.exceptions import ClientError
from emulator_testkit import launch_template, two_az_network

TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
)
DIMENSION = "ecs:service:DesiredCount"


def second_answer(delete):
    """The retry's outcome: 'ok', the error code, or 'unparsable' for a non-AWS answer (moto's HTML 500 page)."""
    delete()
    try:
        delete()
    except ClientError as exc:
        return exc.response["Error"]["Code"]
    except Exception as exc:  # botocore's ResponseParserError for an HTML page
        if "Unable to parse response" in str(exc):
            return "unparsable"
        raise
    return "ok"


# ---- ec2-vpc-endpoint-delete-idempotent ----
def gateway_endpoint(server, name):
    ec2 = server.client("ec2")
    vpc = two_az_network(ec2, name).vpc_id
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    endpoint = ec2.create_vpc_endpoint(
        VpcId=vpc, ServiceName="com.amazonaws.us-east-1.s3", VpcEndpointType="Gateway", RouteTableIds=[table]
    )["VpcEndpoint"]["VpcEndpointId"]
    return ec2, endpoint, table


def test_ec2_vpc_endpoint_delete_idempotent_fixed(fixed, name):
    ec2, endpoint, table = gateway_endpoint(fixed, name)
    assert second_answer(lambda: ec2.delete_vpc_endpoints(VpcEndpointIds=[endpoint])) == "ok"
    routes = ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
    assert [r for r in routes if r.get("DestinationPrefixListId")] == []  # the first delete took the route away


def test_ec2_vpc_endpoint_delete_idempotent_gap_visible_unfixed(unfixed, name):
    ec2, endpoint, _dummy = gateway_endpoint(unfixed, name)
    assert second_answer(lambda: ec2.delete_vpc_endpoints(VpcEndpointIds=[endpoint])) == "InvalidRoute.NotFound"


# ---- ecs-delete-capacity-provider-gone ----
def capacity_provider(server, name):
    ec2, autoscaling, ecs = server.client("ec2"), server.client("autoscaling"), server.client("ecs")
    network = two_az_network(ec2, name)
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName=name,
        LaunchTemplate={"LaunchTemplateId": launch_template(ec2, name)},
        MinSize=0,
        MaxSize=1,
        DesiredCapacity=0,
        VPCZoneIdentifier=",".join(network.subnet_ids),
    )
    group = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]
    ecs.create_capacity_provider(
        name=name, autoScalingGroupProvider={"autoScalingGroupArn": group["AutoScalingGroupARN"]}
    )
    return ecs


def test_ecs_delete_capacity_provider_gone_fixed(fixed, name):
    ecs = capacity_provider(fixed, name)
    ecs.delete_capacity_provider(capacityProvider=name)
    with pytest.raises(ClientError) as gone:
        ecs.delete_capacity_provider(capacityProvider=name)
    error = gone.value.response["Error"]
    assert error["Code"] == "ClientException"
    assert "capacity provider does not exist" in error["Message"]  # what the provider's delete matches


def test_ecs_delete_capacity_provider_gone_gap_visible_unfixed(unfixed, name):
    ecs = capacity_provider(unfixed, name)
    assert second_answer(lambda: ecs.delete_capacity_provider(capacityProvider=name)) == "500"  # HTTP 500


# ---- appautoscaling-object-not-found ----
def scalable_target_with_policy(server, name):
    ecs, aas = server.client("ecs"), server.client("application-autoscaling")
    ecs.create_cluster(clusterName=name)
    ecs.register_task_definition(family=name, containerDefinitions=[{"name": "app", "image": "nginx", "memory": 64}])
    ecs.create_service(cluster=name, serviceName=name, taskDefinition=name, desiredCount=0)
    resource = f"service/{name}/{name}"
    aas.register_scalable_target(
        ServiceNamespace="ecs", ResourceId=resource, ScalableDimension=DIMENSION, MinCapacity=1, MaxCapacity=2
    )
    aas.put_scaling_policy(
        PolicyName=name,
        ServiceNamespace="ecs",
        ResourceId=resource,
        ScalableDimension=DIMENSION,
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 50.0,
            "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"},
        },
    )
    policy = dict(PolicyName=name, ServiceNamespace="ecs", ResourceId=resource, ScalableDimension=DIMENSION)
    target = dict(ServiceNamespace="ecs", ResourceId=resource, ScalableDimension=DIMENSION)
    return aas, policy, target


def test_appautoscaling_object_not_found_fixed(fixed, name):
    aas, policy, target = scalable_target_with_policy(fixed, name)
    assert second_answer(lambda: aas.delete_scaling_policy(**policy)) == "ObjectNotFoundException"
    assert second_answer(lambda: aas.deregister_scalable_target(**target)) == "ObjectNotFoundException"


def test_appautoscaling_object_not_found_gap_visible_unfixed(unfixed, name):
    aas, policy, target = scalable_target_with_policy(unfixed, name)
    assert second_answer(lambda: aas.delete_scaling_policy(**policy)) == "ValidationException"
    assert second_answer(lambda: aas.deregister_scalable_target(**target)) == "ValidationException"


# ---- iam-remove-role-from-instance-profile-gone ----
def profile_with_role(server, name):
    iam = server.client("iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    iam.create_instance_profile(InstanceProfileName=name)
    iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=name)
    return iam


def test_iam_remove_role_from_instance_profile_gone_fixed(fixed, name):
    iam = profile_with_role(fixed, name)

    def remove():
        return iam.remove_role_from_instance_profile(InstanceProfileName=name, RoleName=name)

    assert second_answer(remove) == "NoSuchEntity"
    assert iam.get_instance_profile(InstanceProfileName=name)["InstanceProfile"]["Roles"] == []
    iam.delete_instance_profile(InstanceProfileName=name)
    with pytest.raises(ClientError, match="NoSuchEntity"):  # an unknown profile, as before
        remove()


def test_iam_remove_role_from_instance_profile_gone_gap_visible_unfixed(unfixed, name):
    iam = profile_with_role(unfixed, name)

    def remove():
        return iam.remove_role_from_instance_profile(InstanceProfileName=name, RoleName=name)

    assert second_answer(remove) == "unparsable"


# ---- ec2-delete-launch-template-id-not-found ----
def test_ec2_delete_launch_template_id_not_found_fixed(fixed, name):
    ec2 = fixed.client("ec2")
    template = launch_template(ec2, name)
    assert second_answer(lambda: ec2.delete_launch_template(LaunchTemplateId=template)) == (
        "InvalidLaunchTemplateId.NotFound"
    )


def test_ec2_delete_launch_template_id_not_found_gap_visible_unfixed(unfixed, name):
    ec2 = unfixed.client("ec2")
    template = launch_template(ec2, name)
    assert second_answer(lambda: ec2.delete_launch_template(LaunchTemplateId=template)) == (
        "InvalidLaunchTemplateName.NotFoundException"
    )


# ---- ec2-revoke-rule-id-not-found ----
def group_with_rules(server, name):
    ec2 = server.client("ec2")
    group = two_az_network(ec2, name).security_group_id
    permission = [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
    ingress = ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=permission)
    egress = ec2.authorize_security_group_egress(GroupId=group, IpPermissions=permission)
    return (
        ec2,
        group,
        ingress["SecurityGroupRules"][0]["SecurityGroupRuleId"],
        egress["SecurityGroupRules"][0]["SecurityGroupRuleId"],
    )


def test_ec2_revoke_rule_id_not_found_fixed(fixed, name):
    ec2, group, ingress, egress = group_with_rules(fixed, name)

    def revoke_in():
        return ec2.revoke_security_group_ingress(GroupId=group, SecurityGroupRuleIds=[ingress])

    def revoke_out():
        return ec2.revoke_security_group_egress(GroupId=group, SecurityGroupRuleIds=[egress])

    assert second_answer(revoke_in) == "InvalidSecurityGroupRuleId.NotFound"
    assert second_answer(revoke_out) == "InvalidSecurityGroupRuleId.NotFound"
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])["SecurityGroupRules"]
    assert ingress not in {r["SecurityGroupRuleId"] for r in rules}
    with pytest.raises(ClientError, match=r"InvalidPermission\.NotFound"):  # a rule given by its fields: as before
        ec2.revoke_security_group_ingress(
            GroupId=group,
            IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "1.2.3.4/32"}]}],
        )


def test_ec2_revoke_rule_id_not_found_gap_visible_unfixed(unfixed, name):
    ec2, group, ingress, _dummy = group_with_rules(unfixed, name)

    def revoke_in():
        return ec2.revoke_security_group_ingress(GroupId=group, SecurityGroupRuleIds=[ingress])

    assert second_answer(revoke_in) == "InvalidPermission.NotFound"
