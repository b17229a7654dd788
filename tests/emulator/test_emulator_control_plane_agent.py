"""Control plane: the ECS agent (container instances) and the mixed instances policy at launch."""

from collections import Counter

from control_plane_kit import create_stack, wait_for

from emulator.control_plane.agent import cluster_from_user_data, instance_capacity


def container_instances(server, cluster: str) -> list[dict]:
    ecs = server.client("ecs")
    arns = ecs.list_container_instances(cluster=cluster)["containerInstanceArns"]
    return (
        ecs.describe_container_instances(cluster=cluster, containerInstances=arns)["containerInstances"] if arns else []
    )


def attribute(container_instance: dict, name: str) -> str | None:
    return next((a.get("value") for a in container_instance["attributes"] if a["name"] == name), None)


def resource(container_instance: dict, name: str, key: str = "registeredResources") -> int:
    return next(r["integerValue"] for r in container_instance[key] if r["name"] == name)


def test_asg_instances_register_in_two_azs(control_plane, name):
    create_stack(control_plane, name, desired=2, on_demand_base=1, managed_scaling=False)
    registered = wait_for(lambda: len(container_instances(control_plane, name)) == 2, what="2 container instances")
    assert registered
    instances = container_instances(control_plane, name)
    assert Counter(attribute(ci, "ecs.availability-zone") for ci in instances) == {"us-east-1a": 1, "us-east-1b": 1}
    for ci in instances:
        assert ci["status"] == "ACTIVE" and ci["agentConnected"] is True
        assert ci["capacityProviderName"] == name
        assert attribute(ci, "ecs.instance-type") == "t3.medium"
        assert resource(ci, "CPU") == 2048  # 2 vCPUs x 1024
        assert resource(ci, "MEMORY") == 4096 - 192
        assert resource(ci, "CPU", "remainingResources") == 2048
    # mixed instances policy: OnDemandBaseCapacity 1, 0 % above -> one On-Demand, one Spot
    ec2 = control_plane.client("ec2")
    ids = [ci["ec2InstanceId"] for ci in instances]
    described = [i for r in ec2.describe_instances(InstanceIds=ids)["Reservations"] for i in r["Instances"]]
    assert sorted(i.get("InstanceLifecycle", "on-demand") for i in described) == ["on-demand", "spot"]
    assert {i["InstanceType"] for i in described} == {"t3.medium"}
    group = control_plane.client("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=[name])
    assert {i["InstanceType"] for i in group["AutoScalingGroups"][0]["Instances"]} == {"t3.medium"}


def test_terminated_instances_deregister(control_plane, name):
    create_stack(control_plane, name, desired=2, managed_scaling=False)
    wait_for(lambda: len(container_instances(control_plane, name)) == 2, what="2 container instances")
    asg = control_plane.client("autoscaling")
    asg.update_auto_scaling_group(AutoScalingGroupName=name, MinSize=0, DesiredCapacity=1)
    group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]
    asg.set_instance_protection(
        AutoScalingGroupName=name, InstanceIds=[i["InstanceId"] for i in group["Instances"]], ProtectedFromScaleIn=False
    )
    wait_for(lambda: len(container_instances(control_plane, name)) == 1, what="one deregistration")


def test_instances_without_cluster_user_data_do_not_register(control_plane, name):
    ecs, ec2 = control_plane.client("ecs"), control_plane.client("ec2")
    ecs.create_cluster(clusterName=name)
    ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro")
    ec2.run_instances(
        ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro", UserData=f"ECS_CLUSTER={name}"
    )
    wait_for(lambda: len(container_instances(control_plane, name)) == 1, what="the instance naming the cluster")
    ci = container_instances(control_plane, name)[0]
    assert resource(ci, "CPU") == 2048 and resource(ci, "MEMORY") == 1024 - 192


def test_user_data_and_capacity_parsing():
    assert cluster_from_user_data("IyEvYmluL2Jhc2gKRUNTX0NMVVNURVI9d2ViLXByb2QK") == "web-prod"  # base64
    assert cluster_from_user_data("echo 'ECS_CLUSTER=\"a_b\"' >> /etc/ecs/ecs.config") == "a_b"
    assert cluster_from_user_data("#!/bin/bash\necho hello") is None
    assert instance_capacity("m5.xlarge") == (4096, 16384 - 192)
