"""ECS service fields (ecs-service-fields) and bridge-mode networkConfiguration (ecs-bridge-network-configuration)."""

from emulator_testkit import launch_template, two_az_network

DEPLOYMENT = {
    "maximumPercent": 200,
    "minimumHealthyPercent": 100,
    "deploymentCircuitBreaker": {"enable": True, "rollback": True},
    "alarms": {"alarmNames": ["svc-failures"], "enable": True, "rollback": True},
}


def cluster_with_capacity_provider(server, name: str) -> None:
    ec2, asg, ecs = server.client("ec2"), server.client("autoscaling"), server.client("ecs")
    network = two_az_network(ec2, name)
    asg.create_auto_scaling_group(
        AutoScalingGroupName=name,
        MinSize=0,
        MaxSize=2,
        DesiredCapacity=0,
        LaunchTemplate={"LaunchTemplateId": launch_template(ec2, name)},
        VPCZoneIdentifier=",".join(network.subnet_ids),
    )
    group_arn = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0][
        "AutoScalingGroupARN"
    ]
    ecs.create_cluster(clusterName=name)
    ecs.create_capacity_provider(name=name, autoScalingGroupProvider={"autoScalingGroupArn": group_arn})
    ecs.put_cluster_capacity_providers(cluster=name, capacityProviders=[name], defaultCapacityProviderStrategy=[])
    ecs.register_task_definition(
        family=name, networkMode="bridge", containerDefinitions=[{"name": "app", "image": "nginx", "memory": 64}]
    )


def create_service(server, name: str) -> dict:
    cluster_with_capacity_provider(server, name)
    ecs = server.client("ecs")
    ecs.create_service(
        cluster=name,
        serviceName=name,
        taskDefinition=name,
        desiredCount=2,
        capacityProviderStrategy=[{"capacityProvider": name, "weight": 100, "base": 1}],
        healthCheckGracePeriodSeconds=60,
        deploymentConfiguration=DEPLOYMENT,
        enableECSManagedTags=True,
        availabilityZoneRebalancing="ENABLED",
        propagateTags="SERVICE",
        enableExecuteCommand=True,
    )
    return ecs.describe_services(cluster=name, services=[name])["services"][0]


def test_ecs_service_fields_fixed(fixed, name):
    service = create_service(fixed, name)
    assert service["capacityProviderStrategy"] == [{"capacityProvider": name, "weight": 100, "base": 1}]
    assert "launchType" not in service
    assert "launchType" not in service["deployments"][0]
    assert service["healthCheckGracePeriodSeconds"] == 60
    assert service["deploymentConfiguration"] == DEPLOYMENT
    assert service["enableECSManagedTags"] is True
    assert service["enableExecuteCommand"] is True
    assert service["availabilityZoneRebalancing"] == "ENABLED"
    assert service["propagateTags"] == "SERVICE"


def test_ecs_service_fields_update_fixed(fixed, name):
    create_service(fixed, name)
    ecs = fixed.client("ecs")
    # the provider sends one part of deploymentConfiguration at a time; the rest must stay
    ecs.update_service(
        cluster=name,
        service=name,
        healthCheckGracePeriodSeconds=120,
        enableECSManagedTags=False,
        availabilityZoneRebalancing="DISABLED",
        propagateTags="TASK_DEFINITION",
        deploymentConfiguration={"deploymentCircuitBreaker": {"enable": False, "rollback": False}},
        capacityProviderStrategy=[{"capacityProvider": name, "weight": 1}],
        forceNewDeployment=True,
    )
    service = ecs.describe_services(cluster=name, services=[name])["services"][0]
    assert service["healthCheckGracePeriodSeconds"] == 120
    assert service["enableECSManagedTags"] is False
    assert service["availabilityZoneRebalancing"] == "DISABLED"
    assert service["propagateTags"] == "TASK_DEFINITION"
    assert service["deploymentConfiguration"] == {
        **DEPLOYMENT,
        "deploymentCircuitBreaker": {"enable": False, "rollback": False},
    }
    assert service["capacityProviderStrategy"] == [{"capacityProvider": name, "weight": 1, "base": 0}]
    assert "launchType" not in service


def test_ecs_service_defaults_fixed(fixed, name):
    """Without the optional members AWS still reports the defaults Terraform compares against."""
    cluster_with_capacity_provider(fixed, name)
    ecs = fixed.client("ecs")
    ecs.create_service(cluster=name, serviceName=name, taskDefinition=name, desiredCount=1, launchType="EC2")
    service = ecs.describe_services(cluster=name, services=[name])["services"][0]
    assert service["launchType"] == "EC2"
    assert "capacityProviderStrategy" not in service
    assert service["deploymentConfiguration"] == {
        "maximumPercent": 200,
        "minimumHealthyPercent": 100,
        "deploymentCircuitBreaker": {"enable": False, "rollback": False},
    }
    assert service["enableECSManagedTags"] is False
    assert service["availabilityZoneRebalancing"] == "ENABLED"  # AWS's create default for a compatible service
    ecs.create_service(cluster=name, serviceName=name + "-b", taskDefinition=name, desiredCount=1, launchType="EC2",
                       placementStrategy=[{"type": "binpack", "field": "memory"}])
    service = ecs.describe_services(cluster=name, services=[name + "-b"])["services"][0]
    assert service["availabilityZoneRebalancing"] == "DISABLED"  # binpack is not compatible with rebalancing


def test_ecs_service_fields_gap_visible_unfixed(unfixed, name):
    service = create_service(unfixed, name)
    assert "capacityProviderStrategy" not in service
    assert service["launchType"] == "EC2"
    assert "deploymentConfiguration" not in service
    assert "healthCheckGracePeriodSeconds" not in service
    assert "enableECSManagedTags" not in service


def test_ecs_bridge_network_configuration_fixed(fixed, name):
    assert "networkConfiguration" not in create_service(fixed, name)


def test_ecs_bridge_network_configuration_gap_visible_unfixed(unfixed, name):
    assert create_service(unfixed, name)["networkConfiguration"] == {}


def test_ecs_awsvpc_network_configuration_kept_fixed(fixed, name):
    ec2, ecs = fixed.client("ec2"), fixed.client("ecs")
    network = two_az_network(ec2, name)
    ecs.create_cluster(clusterName=name)
    ecs.register_task_definition(
        family=name, networkMode="awsvpc", containerDefinitions=[{"name": "app", "image": "nginx", "memory": 64}]
    )
    awsvpc = {
        "subnets": network.subnet_ids,
        "securityGroups": [network.security_group_id],
        "assignPublicIp": "DISABLED",
    }
    ecs.create_service(
        cluster=name,
        serviceName=name,
        taskDefinition=name,
        desiredCount=1,
        launchType="EC2",
        networkConfiguration={"awsvpcConfiguration": awsvpc},
    )
    service = ecs.describe_services(cluster=name, services=[name])["services"][0]
    assert service["networkConfiguration"] == {"awsvpcConfiguration": awsvpc}
