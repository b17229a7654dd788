"""Control plane fault injection: unhealthy targets, Spot interruptions, throttling, the API and the CLI."""

import json
import time
import urllib.error

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from control_plane_kit import (
    add_target_group,
    create_service,
    create_stack,
    describe_service,
    fault,
    healthy_targets,
    register_task_definition,
    steady,
    target_health,
    wait_for,
)
from emulator_testkit import run_cli


@pytest.fixture
def clean_faults(control_plane):
    yield
    fault(control_plane, "clear")


def running_stack(server, name: str, desired: int = 2):
    stack = create_stack(server, name, desired=2, on_demand_base=1)
    add_target_group(server, stack)
    create_service(server, stack, register_task_definition(server, stack, "web:1"), desired=desired)
    wait_for(lambda: steady(server, stack, desired), timeout=30, what="steady service")
    return stack


def test_unhealthy_targets_of_a_service(control_plane, name, clean_faults):
    stack = running_stack(control_plane, name)
    added = fault(control_plane, "unhealthy-targets", {"cluster": name, "service": name, "reason": "Target.Timeout"})
    assert added["added"]["description"] == "Request timed out"
    unhealthy = wait_for(
        lambda: [t for t in target_health(control_plane, stack) if t["TargetHealth"]["State"] == "unhealthy"],
        what="an unhealthy target",
    )
    assert unhealthy[0]["TargetHealth"] == {
        "State": "unhealthy",
        "Reason": "Target.Timeout",
        "Description": "Request timed out",
    }
    # after the grace period ECS replaces tasks that fail their health checks
    wait_for(
        lambda: any(
            "is unhealthy in (target-group" in e["message"] for e in describe_service(control_plane, stack)["events"]
        ),
        what="ECS noticing the unhealthy task",
    )
    fault(control_plane, "clear")
    wait_for(lambda: steady(control_plane, stack, 2), timeout=30, what="recovery once cleared")


def test_unhealthy_targets_of_a_target_group(control_plane, name, clean_faults):
    stack = running_stack(control_plane, name)
    fault(control_plane, "unhealthy-targets", {"target_group_arn": stack.target_group_arn})
    states = wait_for(
        lambda: (
            {t["TargetHealth"].get("Reason") for t in target_health(control_plane, stack)}
            & {"Target.ResponseCodeMismatch"}
        ),
        what="Target.ResponseCodeMismatch",
    )
    assert states
    assert fault(control_plane, "")["unhealthy_targets"][0]["target_group_arn"] == stack.target_group_arn


def test_spot_interruption_drains_then_replaces(control_plane, name, clean_faults):
    stack = running_stack(control_plane, name)
    ecs, asg, ec2 = control_plane.client("ecs"), control_plane.client("autoscaling"), control_plane.client("ec2")
    sqs, events = control_plane.client("sqs"), control_plane.client("events")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name=name, EventPattern=json.dumps({"detail-type": ["EC2 Spot Instance Interruption Warning"]}))
    events.put_targets(Rule=name, Targets=[{"Id": "queue", "Arn": queue_arn}])

    spot_id = fault(control_plane, "spot-interruption", {"asg_name": name, "count": 1})["added"]["instance_ids"][0]
    arns = ecs.list_container_instances(cluster=name)["containerInstanceArns"]
    described = ecs.describe_container_instances(cluster=name, containerInstances=arns)["containerInstances"]
    assert {ci["ec2InstanceId"]: ci["status"] for ci in described}[spot_id] == "DRAINING"
    message = json.loads(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1)["Messages"][0]["Body"])
    assert message["detail"] == {"instance-id": spot_id, "instance-action": "terminate"}

    fewest_healthy = 99
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        fewest_healthy = min(fewest_healthy, len(healthy_targets(control_plane, stack)))
        state = ec2.describe_instances(InstanceIds=[spot_id])["Reservations"][0]["Instances"][0]["State"]["Name"]
        group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]
        registered = ecs.list_container_instances(cluster=name, status="ACTIVE")["containerInstanceArns"]
        if state == "terminated" and len(group["Instances"]) == 2 and len(registered) == 2:
            break
        time.sleep(0.05)
    assert state == "terminated", "the interrupted instance was not terminated"
    assert spot_id not in {i["InstanceId"] for i in group["Instances"]}
    assert len(registered) == 2, "the replacement instance did not register"
    assert fewest_healthy >= 2, "tasks were not replaced before the instance went away"
    # the service settles within a few ticks after the replacement registers (a one-shot check failed under load)
    wait_for(lambda: steady(control_plane, stack, 2), what="the service steady at 2 tasks")


def test_spot_interruption_refuses_on_demand(control_plane, name, clean_faults):
    create_stack(control_plane, name, desired=1, on_demand_base=1, managed_scaling=False)
    group = control_plane.client("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=[name])
    instance_id = group["AutoScalingGroups"][0]["Instances"][0]["InstanceId"]
    with pytest.raises(urllib.error.HTTPError) as error:
        fault(control_plane, "spot-interruption", {"instance_ids": [instance_id]})
    assert error.value.code == 400
    assert "On-Demand" in json.loads(error.value.read())["error"]


def retrying(server, service: str):
    return boto3.client(
        service,
        endpoint_url=server.url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"mode": "standard", "total_max_attempts": 10}),
    )


@pytest.mark.parametrize(
    ("service", "code", "status", "call"),
    [
        ("ecs", "ThrottlingException", 400, lambda c: c.list_clusters()),  # JSON 1.1
        ("autoscaling", "Throttling", 400, lambda c: c.describe_auto_scaling_groups()),  # query
        ("elasticloadbalancing", "Throttling", 400, lambda c: c.describe_target_groups()),  # query
        ("ec2", "RequestLimitExceeded", 503, lambda c: c.describe_vpcs()),  # EC2 query
    ],
)
def test_throttle_answers_in_the_service_protocol(control_plane, clean_faults, service, code, status, call):
    client_name = "elbv2" if service == "elasticloadbalancing" else service
    fault(control_plane, "throttle", {"service": service, "seconds": 1.5})
    with pytest.raises(ClientError) as error:
        call(control_plane.client(client_name))
    assert error.value.response["Error"]["Code"] == code
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    other = "ssm" if service != "ssm" else "ecs"
    control_plane.client(other).describe_parameters()  # other services are not throttled
    # an SDK with retries gets through once the throttle ends, after retrying; armed again right before the call, as
    # the calls above can outlast a short throttle on a loaded machine
    fault(control_plane, "throttle", {"service": service, "seconds": 1.5})
    answer = call(retrying(control_plane, client_name))
    assert answer["ResponseMetadata"]["RetryAttempts"] >= 1
    assert fault(control_plane, "")["throttled_requests"][service] >= 2


def test_a_throttle_from_the_first_call_waits_for_that_call(control_plane, clean_faults):
    """A test's throttle window must not run out before the run under test reaches the service (a loaded machine
    can take longer to start ansible-playbook than the window lasts): with from_first_call it starts at that call."""
    added = fault(control_plane, "throttle", {"service": "ecs", "seconds": 1.0, "from_first_call": True})
    assert added["added"]["from_first_call"] is True
    assert fault(control_plane, "")["armed_throttles"] == {"ecs": 1.0}
    time.sleep(1.5)  # longer than the window: a window timed from now would be over
    with pytest.raises(ClientError) as error:
        control_plane.client("ecs").list_clusters()
    assert error.value.response["Error"]["Code"] == "ThrottlingException"
    listed = fault(control_plane, "")
    assert listed["armed_throttles"] == {} and 0 < listed["throttles"]["ecs"] <= 1.0
    time.sleep(1.1)
    control_plane.client("ecs").list_clusters()  # the window is over


def test_lost_response_makes_a_retried_conditional_write_fail_on_itself(control_plane, clean_faults, name):
    """A lock write carried out but answered 500: the SDK's retry is refused by the item its first attempt wrote."""
    dynamodb = retrying(control_plane, "dynamodb")
    dynamodb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                          KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}])
    fault(control_plane, "lost-response", {"target": "DynamoDB_20120810.PutItem", "count": 1})
    lock = {"LockID": {"S": "bucket/env/layer/terraform.tfstate"}, "Info": {"S": '{"ID": "mine"}'}}
    with pytest.raises(ClientError) as error:
        dynamodb.put_item(TableName=name, Item=lock, ConditionExpression="attribute_not_exists(LockID)")
    assert error.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert dynamodb.get_item(TableName=name, Key={"LockID": lock["LockID"]})["Item"]["Info"] == lock["Info"]
    assert fault(control_plane, "")["lost_responses"] == {}  # used up: the next write is answered normally
    dynamodb.put_item(TableName=name, Item=dict(lock, LockID={"S": "other"}))


def test_a_lost_ec2_create_answer_retried_by_the_sdk_makes_one_resource(control_plane, clean_faults, name):
    """A query-protocol create carried out but answered 500: the SDK retries with the same ClientToken, and gets the
    first resource back (ec2-client-token), as from AWS; no second, orphaned route table."""
    ec2 = retrying(control_plane, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
    fault(control_plane, "lost-response", {"target": "ec2.CreateRouteTable", "count": 1})
    tags = [{"ResourceType": "route-table", "Tags": [{"Key": "Name", "Value": name}]}]
    created = ec2.create_route_table(VpcId=vpc, TagSpecifications=tags)
    assert created["ResponseMetadata"]["RetryAttempts"] == 1  # the first answer was lost, the retry answered
    found = ec2.describe_route_tables(Filters=[{"Name": "tag:Name", "Values": [name]}])["RouteTables"]
    assert [t["RouteTableId"] for t in found] == [created["RouteTable"]["RouteTableId"]]
    assert fault(control_plane, "")["lost_responses"] == {}


def test_fail_operation_refuses_the_next_calls_without_carrying_them_out(control_plane, clean_faults, name):
    """A query-protocol delete refused AccessDenied (HTTP 403), not retried by an SDK with retries, the load balancer
    still there; the call after the counted ones goes through."""
    elbv2, ec2 = retrying(control_plane, "elbv2"), control_plane.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.78.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.78.{i}.0/24", AvailabilityZone=f"us-east-1{az}")
               ["Subnet"]["SubnetId"] for i, az in enumerate("ab")]
    arn = elbv2.create_load_balancer(Name=name[:32], Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    added = fault(control_plane, "fail-operation", {"target": "elasticloadbalancing.DeleteLoadBalancer", "count": 2})
    assert added["added"] == {"target": "elasticloadbalancing.DeleteLoadBalancer", "count": 2, "code": "AccessDenied"}
    for left in (1, 0):
        with pytest.raises(ClientError) as error:
            elbv2.delete_load_balancer(LoadBalancerArn=arn)
        assert error.value.response["Error"]["Code"] == "AccessDenied"
        assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
        assert error.value.response["ResponseMetadata"]["RetryAttempts"] == 0
        assert elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"], "refused, so not deleted"
        listed = fault(control_plane, "")["failing_operations"]
        assert listed == ({"elasticloadbalancing.DeleteLoadBalancer": {"count": 1, "code": "AccessDenied"}}
                          if left else {})
    elbv2.delete_load_balancer(LoadBalancerArn=arn)
    assert arn not in [lb["LoadBalancerArn"] for lb in elbv2.describe_load_balancers()["LoadBalancers"]]


def test_fail_operation_names_a_json_call_by_its_signing_name(control_plane, clean_faults, name):
    """ecs.DeleteCluster matches the X-Amz-Target AmazonEC2ContainerServiceV20141113.DeleteCluster; the error comes
    in the JSON protocol with the code asked for."""
    ecs = retrying(control_plane, "ecs")
    ecs.create_cluster(clusterName=name)
    fault(control_plane, "fail-operation", {"target": "ecs.DeleteCluster", "code": "AccessDeniedException"})
    with pytest.raises(ClientError) as error:
        ecs.delete_cluster(cluster=name)
    assert error.value.response["Error"]["Code"] == "AccessDeniedException"
    assert error.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert ecs.describe_clusters(clusters=[name])["clusters"][0]["status"] == "ACTIVE"
    ecs.list_clusters()  # other operations of the service are answered
    assert ecs.delete_cluster(cluster=name)["cluster"]["status"] == "INACTIVE"


def test_fault_api_rejects_bad_requests(control_plane):
    for kind, body in (
        ("unhealthy-targets", {"reason": "Target.Whatever", "target_group_arn": "arn"}),
        ("unhealthy-targets", {}),
        ("failing-image", {}),
        ("throttle", {"service": "ecs", "seconds": 0}),
        ("spot-interruption", {}),
        ("lost-response", {"target": "PutItem"}),
        ("lost-response", {"target": "DynamoDB_20120810.PutItem", "count": 0}),
        ("fail-operation", {"target": "DeleteListener"}),
        ("fail-operation", {"target": "ecs.DeleteCluster", "count": 0}),
        ("fail-operation", {"target": "ecs.DeleteCluster", "code": "<Access/>"}),
    ):
        with pytest.raises(urllib.error.HTTPError) as error:
            fault(control_plane, kind, body)
        assert error.value.code == 400, kind
    with pytest.raises(urllib.error.HTTPError) as error:
        fault(control_plane, "meteor-strike", {})
    assert error.value.code == 404


def test_fault_cli(control_plane):
    port = str(control_plane.port)
    added = run_cli("fault", "failing-image", "--port", port, "--image", "web:cli")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["added"] == {"image": "web:cli"}
    throttle = run_cli("fault", "throttle", "--port", port, "--service", "elbv2", "--seconds", "30")
    assert json.loads(throttle.stdout)["added"]["service"] == "elasticloadbalancing"
    listed = json.loads(run_cli("fault", "list", "--port", port).stdout)
    assert listed["failing_images"] == ["web:cli"] and "elasticloadbalancing" in listed["throttles"]
    failing = run_cli("fault", "fail-operation", "--port", port, "--target", "elasticloadbalancing.DeleteListener",
                      "--count", "2")
    assert json.loads(failing.stdout)["added"] == {"target": "elasticloadbalancing.DeleteListener", "count": 2,
                                                   "code": "AccessDenied"}
    listed = json.loads(run_cli("fault", "list", "--port", port).stdout)
    assert listed["failing_operations"] == {"elasticloadbalancing.DeleteListener": {"count": 2, "code": "AccessDenied"}}
    assert run_cli("fault", "clear", "--port", port).returncode == 0
    assert json.loads(run_cli("fault", "list", "--port", port).stdout)["failing_images"] == []
    bad = run_cli("fault", "unhealthy-targets", "--port", port, "--reason", "Nope", "--target-group", "arn")
    assert bad.returncode == 1 and "reason must be one of" in bad.stderr


def test_fault_cli_without_control_plane(unfixed):
    result = run_cli("fault", "list", "--port", str(unfixed.port))
    assert result.returncode == 1
    assert "control plane" in result.stderr


def test_control_plane_reports_itself(control_plane, unfixed):
    from emulator import process

    assert process.info(control_plane.port)["control_plane"] == {"enabled": True, "time_scale": 0.02}
    assert process.info(unfixed.port)["control_plane"] == {"enabled": False}
