"""Control plane: CloudWatch metrics, alarm evaluation and notifications, Auto Scaling instance events.

At time scale 0.02 a simulated minute is 1.2 s: metrics are sampled and alarms evaluated that often.
"""

import json
import time

from control_plane_kit import (
    create_service,
    create_stack,
    describe_service,
    emulator_api,
    fault,
    register_task_definition,
    wait_for,
)
from emulator_testkit import two_az_network

EVALUATION_PERIODS = 5  # the alarm's window: 5 simulated minutes (6 s here)


def minute_seconds(server) -> float:
    """Wall seconds of a simulated minute (60 AWS seconds x the time scale)."""
    return 60 * emulator_api(server, "/_emulator/control-plane", None, "GET")["time_scale"]


def alarm_inbox(server, name: str) -> tuple[str, str]:
    """An SNS topic with an SQS queue subscribed, as a pager would be: (topic ARN, queue URL)."""
    sns, sqs = server.client("sns"), server.client("sqs")
    topic = sns.create_topic(Name=name)["TopicArn"]
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    return topic, url


def drain(server, url: str) -> list[dict]:
    """Every message in the queue (deleted as read); SNS envelopes are opened to the alarm notification JSON."""
    sqs, out = server.client("sqs"), []
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return out
        for message in messages:
            body = json.loads(message["Body"])
            out.append(json.loads(body["Message"]) if body.get("Type") == "Notification" else body)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def alarm_state(server, alarm_name: str) -> str:
    return server.client("cloudwatch").describe_alarms(AlarmNames=[alarm_name])["MetricAlarms"][0]["StateValue"]


def put_tasks_below_desired_alarm(server, cluster: str, service: str, topic: str) -> str:
    """The observability module's tasks-below-desired alarm: desired - running > 0, missing data breaching."""
    alarm_name = f"{service}-tasks-below-desired"

    def metric(query_id: str, metric_name: str) -> dict:
        dimensions = [{"Name": "ClusterName", "Value": cluster}, {"Name": "ServiceName", "Value": service}]
        stat = {"Metric": {"Namespace": "ECS/ContainerInsights", "MetricName": metric_name, "Dimensions": dimensions}}
        return {"Id": query_id, "MetricStat": {**stat, "Period": 60, "Stat": "Average"}, "ReturnData": False}

    server.client("cloudwatch").put_metric_alarm(
        AlarmName=alarm_name,
        AlarmDescription="Runs fewer tasks than desired",
        ComparisonOperator="GreaterThanThreshold",
        Threshold=0,
        EvaluationPeriods=EVALUATION_PERIODS,
        DatapointsToAlarm=EVALUATION_PERIODS,
        TreatMissingData="breaching",
        AlarmActions=[topic],
        OKActions=[topic],
        Metrics=[
            {"Id": "missing", "Expression": "desired - running", "Label": "Desired minus running", "ReturnData": True},
            metric("running", "RunningTaskCount"),
            metric("desired", "DesiredTaskCount"),
        ],
    )
    return alarm_name


def service_stack(server, name: str, container_insights: bool, max_size: int = 6):
    """One task per t3.medium (1024 CPU, 2048 MiB), so every extra task needs a new instance."""
    stack = create_stack(server, name, desired=1, max_size=max_size, on_demand_base=1)
    if container_insights:
        server.client("ecs").update_cluster(  # moto lacks UpdateClusterSettings
            cluster=name, settings=[{"name": "containerInsights", "value": "enabled"}]
        )
    task_definition = register_task_definition(server, stack, "web:1", cpu=1024, memory=2048)
    create_service(server, stack, task_definition, desired=1)
    wait_for(lambda: describe_service(server, stack)["runningCount"] == 1, timeout=30, what="1 running task")
    return stack


def watch_state(server, alarm_name: str, seconds: float) -> set[str]:
    seen, deadline = set(), time.monotonic() + seconds
    while time.monotonic() < deadline:
        seen.add(alarm_state(server, alarm_name))
        time.sleep(0.1)
    return seen


def test_scale_out_does_not_page_and_a_shortfall_pages_once(control_plane, name):
    minute = minute_seconds(control_plane)
    stack = service_stack(control_plane, name, container_insights=True, max_size=3)
    topic, inbox = alarm_inbox(control_plane, name)
    alarm = put_tasks_below_desired_alarm(control_plane, name, name, topic)
    # A new alarm starts in INSUFFICIENT_DATA; the first evaluation (a simulated minute = 1.2 s here) may already have
    # run by the time DescribeAlarms answers, so the notification of its first transition is what proves it.
    wait_for(lambda: alarm_state(control_plane, alarm) == "OK", timeout=10 * minute, what="the alarm's first OK")
    first = drain(control_plane, inbox)
    assert [(m["OldStateValue"], m["NewStateValue"]) for m in first] == [("INSUFFICIENT_DATA", "OK")]

    # scale out through new instances: done well within the window, so the alarm stays OK
    ecs = control_plane.client("ecs")
    ecs.update_service(cluster=name, service=name, desiredCount=2)
    states = watch_state(control_plane, alarm, (EVALUATION_PERIODS + 2) * minute)
    assert describe_service(control_plane, stack)["runningCount"] == 2
    assert states == {"OK"}
    assert drain(control_plane, inbox) == []

    # a real shortfall: the group's maximum (3 instances) cannot hold 4 tasks, running stays below desired
    ecs.update_service(cluster=name, service=name, desiredCount=4)
    wait_for(lambda: alarm_state(control_plane, alarm) == "ALARM", timeout=(EVALUATION_PERIODS + 10) * minute,
             what="ALARM after the window")
    time.sleep(3 * minute)  # further evaluations in ALARM must not page again
    pages = drain(control_plane, inbox)
    assert [m["NewStateValue"] for m in pages] == ["ALARM"]
    page = pages[0]
    assert page["AlarmName"] == alarm and page["OldStateValue"] == "OK"
    assert page["AWSAccountId"] == "123456789012" and page["Region"] == "US East (N. Virginia)"
    assert page["AlarmArn"].endswith(f":alarm:{alarm}") and page["AlarmDescription"] == "Runs fewer tasks than desired"
    assert page["NewStateReason"].startswith(f"Threshold Crossed: {EVALUATION_PERIODS} out of the last")
    assert {m["Id"] for m in page["Trigger"]["Metrics"]} == {"missing", "running", "desired"}
    assert describe_service(control_plane, stack)["runningCount"] == 3
    logged = emulator_api(control_plane, "/_emulator/notifications", None, "GET")["notifications"]
    assert [(n["new_state"], n["published"]) for n in logged if n["alarm_name"] == alarm] == [
        ("OK", [topic]),
        ("ALARM", [topic]),
    ]


def test_without_container_insights_the_same_alarm_pages_on_missing_data(control_plane, name):
    """Why the platform must refuse ecs_container_insights: false with this alarm: no data, treated as breaching."""
    minute = minute_seconds(control_plane)
    service_stack(control_plane, name, container_insights=False)
    topic, inbox = alarm_inbox(control_plane, name)
    alarm = put_tasks_below_desired_alarm(control_plane, name, name, topic)
    wait_for(lambda: alarm_state(control_plane, alarm) == "ALARM", timeout=10 * minute, what="ALARM on missing data")
    pages = drain(control_plane, inbox)
    assert [(m["OldStateValue"], m["NewStateValue"]) for m in pages] == [("INSUFFICIENT_DATA", "ALARM")]
    assert "missing datapoints were treated as [Breaching]" in pages[0]["NewStateReason"]
    series = emulator_api(control_plane, "/_emulator/metrics", None, "GET")["metrics"]
    assert not [s for s in series if s["dimensions"].get("ClusterName") == name]


def test_container_insights_metrics_are_sampled_per_minute(control_plane, name):
    service_stack(control_plane, name, container_insights=True)
    minute = minute_seconds(control_plane)

    def series():
        found = {
            s["metric_name"]: s["datapoints"]
            for s in emulator_api(control_plane, "/_emulator/metrics", None, "GET")["metrics"]
            if s["namespace"] == "ECS/ContainerInsights"
            and s["dimensions"] == {"ClusterName": name, "ServiceName": name}
        }
        ready = len(found) == 3 and found["RunningTaskCount"] and found["RunningTaskCount"][-1]["value"] == 1
        return found if ready else None

    # The first minutes may sample the task before it runs (the instance registers, the task starts).
    found = wait_for(series, timeout=10 * minute, what="Container Insights datapoints of the running task")
    at = {name: {p["minute"]: p["value"] for p in points} for name, points in found.items()}
    last = found["RunningTaskCount"][-1]["minute"]
    assert at["DesiredTaskCount"][last] == 1
    assert at["PendingTaskCount"][last] == 0
    assert sorted(at["DesiredTaskCount"]) == sorted(at["RunningTaskCount"]), "one sample of each per minute"


def test_triggered_rules_alarm_pages_once_per_burst(control_plane, name):
    minute = minute_seconds(control_plane)
    events, cloudwatch = control_plane.client("events"), control_plane.client("cloudwatch")
    events.put_rule(Name=name, EventPattern=json.dumps({"source": ["test.burst"], "detail": {"run": [name]}}))
    topic, inbox = alarm_inbox(control_plane, name)
    cloudwatch.put_metric_alarm(
        AlarmName=name,
        Namespace="AWS/Events",
        MetricName="TriggeredRules",
        Dimensions=[{"Name": "RuleName", "Value": name}],
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        ComparisonOperator="GreaterThanThreshold",
        Threshold=0,
        TreatMissingData="notBreaching",
        AlarmActions=[topic],
    )
    wait_for(lambda: alarm_state(control_plane, name) == "OK", timeout=10 * minute, what="OK without matches")

    def burst() -> None:
        entry = {"Source": "test.burst", "DetailType": "burst", "Detail": json.dumps({"run": name})}
        events.put_events(Entries=[entry] * 3)
        events.put_events(Entries=[{**entry, "Detail": json.dumps({"run": "someone else"})}])  # not matched

    for _dummy in range(2):
        burst()
        # the page, not the state: a late tick may evaluate the burst's minute and the next one back to back
        pages = wait_for(lambda: drain(control_plane, inbox), timeout=10 * minute, what="the burst's page")
        wait_for(lambda: alarm_state(control_plane, name) == "OK", timeout=10 * minute, what="OK after the burst")
        time.sleep(2 * minute)
        pages += drain(control_plane, inbox)
        assert [m["NewStateValue"] for m in pages] == ["ALARM"]  # OKActions are not set: one page per burst
    points = [
        p["value"]
        for s in emulator_api(control_plane, "/_emulator/metrics", None, "GET")["metrics"]
        if s["metric_name"] == "TriggeredRules" and s["dimensions"] == {"RuleName": name}
        for p in s["datapoints"]
    ]
    assert points == [3, 3]


def test_spot_termination_event_matches_a_wildcard_rule_of_the_group_and_scale_in_does_not(control_plane, name):
    stack = create_stack(control_plane, name, desired=2, on_demand_base=1, managed_scaling=False)
    asg, events, sqs, logs = (control_plane.client(s) for s in ("autoscaling", "events", "sqs", "logs"))
    group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]

    def queue(queue_name: str) -> tuple[str, str]:
        url = sqs.create_queue(QueueName=queue_name)["QueueUrl"]
        return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    reclaimed_url, reclaimed_arn = queue(f"{name}-reclaimed")
    every_url, every_arn = queue(f"{name}-every")
    log_group = f"/aws/events/{name}"
    logs.create_log_group(logGroupName=log_group)
    log_group_arn = f"arn:aws:logs:us-east-1:123456789012:log-group:{log_group}"
    reclaimed = {
        "source": ["aws.autoscaling"],
        "detail-type": ["EC2 Instance Terminate Successful"],
        "detail": {
            "AutoScalingGroupName": [name],
            "Cause": [{"wildcard": "*EC2 health check indicating it has been terminated or stopped*"}],
        },
    }
    events.put_rule(Name=f"{name}-reclaimed", EventPattern=json.dumps(reclaimed))
    events.put_targets(
        Rule=f"{name}-reclaimed",
        Targets=[{"Id": "queue", "Arn": reclaimed_arn}, {"Id": "log", "Arn": log_group_arn}],
    )
    every = {"source": ["aws.autoscaling"], "detail": {"AutoScalingGroupName": [name]}}
    events.put_rule(Name=f"{name}-every", EventPattern=json.dumps(every))
    events.put_targets(Rule=f"{name}-every", Targets=[{"Id": "queue", "Arn": every_arn}])
    time.sleep(0.3)  # launch events of the group's creation went before the rules existed
    drain(control_plane, every_url)

    spot_id = fault(control_plane, "spot-interruption", {"asg_name": name, "count": 1})["added"]["instance_ids"][0]
    message = wait_for(lambda: drain(control_plane, reclaimed_url), timeout=10, what="the reclaim event")
    assert len(message) == 1
    event = message[0]
    assert event["source"] == "aws.autoscaling" and event["detail-type"] == "EC2 Instance Terminate Successful"
    instance_arn = f"arn:aws:ec2:us-east-1:123456789012:instance/{spot_id}"
    assert event["resources"] == [group["AutoScalingGroupARN"], instance_arn]
    detail = event["detail"]
    assert detail["EC2InstanceId"] == spot_id and detail["AutoScalingGroupName"] == name
    assert detail["Description"] == f"Terminating EC2 instance: {spot_id}"
    assert set(detail["Details"]) == {"Availability Zone", "Subnet ID"}
    assert detail["Details"]["Subnet ID"] in stack.subnets
    log_messages = wait_for(
        lambda: [json.loads(e["message"]) for e in logs.filter_log_events(logGroupName=log_group)["events"]],
        what="the event in the log group",
    )
    assert [m["detail"]["EC2InstanceId"] for m in log_messages] == [spot_id]
    # the group replaces the instance: a launch event with the replacement's Cause
    launched = wait_for(
        lambda: [e for e in drain(control_plane, every_url) if e["detail-type"] == "EC2 Instance Launch Successful"],
        timeout=10,
        what="the replacement's launch event",
    )
    assert "increasing the capacity from 1 to 2" in launched[0]["detail"]["Cause"]

    # a scale-in: terminate events of the group, but not a reclaim
    instance_ids = [i["InstanceId"] for i in asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])[
        "AutoScalingGroups"][0]["Instances"]]
    asg.set_instance_protection(AutoScalingGroupName=name, InstanceIds=instance_ids, ProtectedFromScaleIn=False)
    asg.update_auto_scaling_group(AutoScalingGroupName=name, MinSize=0, MaxSize=6, DesiredCapacity=1)
    scaled_in = wait_for(lambda: drain(control_plane, every_url), timeout=10, what="the scale-in event")
    assert [e["detail-type"] for e in scaled_in] == ["EC2 Instance Terminate Successful"]
    cause = scaled_in[0]["detail"]["Cause"]
    assert "a user request update of AutoScalingGroup constraints to min: 0, max: 6, desired: 1 changing the " \
           "desired capacity from 2 to 1.  At " in cause
    assert cause.endswith("an instance was taken out of service in response to a difference between desired and "
                          "actual capacity, shrinking the capacity from 2 to 1.")
    time.sleep(0.5)
    assert drain(control_plane, reclaimed_url) == []


def test_group_metrics_only_when_collection_is_enabled(control_plane, name):
    create_stack(control_plane, name, desired=1, on_demand_base=1, managed_scaling=False)
    minute = minute_seconds(control_plane)

    def group_series():
        return {
            s["metric_name"]: s["datapoints"]
            for s in emulator_api(control_plane, "/_emulator/metrics", None, "GET")["metrics"]
            if s["namespace"] == "AWS/AutoScaling" and s["dimensions"] == {"AutoScalingGroupName": name}
        }

    time.sleep(2 * minute)
    assert group_series() == {}
    control_plane.client("autoscaling").enable_metrics_collection(
        AutoScalingGroupName=name, Granularity="1Minute", Metrics=["GroupInServiceInstances"]
    )
    found = wait_for(group_series, timeout=10 * minute, what="GroupInServiceInstances datapoints")
    assert set(found) == {"GroupInServiceInstances"}
    assert found["GroupInServiceInstances"][-1]["value"] == 1


def test_a_target_unhealthy_for_part_of_a_minute_counts_in_that_minutes_maximum(control_plane, name):
    # The ALB's health checks keep UnHealthyHostCount current within the minute: a target unhealthy for some seconds
    # makes that minute's Maximum 1 (what an alarm on Maximum, as the unhealthy-hosts alarm, reads). One sample at
    # the minute's end saw it only when the seconds spanned that instant: ECS stops a task soon after its target
    # turns unhealthy, so the alarm on tasks killed by failing health checks fired by chance.
    ec2, elbv2 = control_plane.client("ec2"), control_plane.client("elbv2")
    network = two_az_network(ec2, name)
    vpc = ec2.describe_subnets(SubnetIds=network.subnet_ids[:1])["Subnets"][0]["VpcId"]
    balancer = elbv2.create_load_balancer(Name=name[:32], Subnets=network.subnet_ids)["LoadBalancers"][0]
    group = elbv2.create_target_group(
        Name=name[:32], Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="ip",
        HealthCheckIntervalSeconds=5, HealthyThresholdCount=2, UnhealthyThresholdCount=2,
    )["TargetGroups"][0]["TargetGroupArn"]
    elbv2.create_listener(LoadBalancerArn=balancer["LoadBalancerArn"], Protocol="HTTP", Port=80,
                          DefaultActions=[{"Type": "forward", "TargetGroupArn": group}])
    elbv2.register_targets(TargetGroupArn=group, Targets=[{"Id": "10.20.1.50"}])

    def state() -> str:
        health = elbv2.describe_target_health(TargetGroupArn=group)["TargetHealthDescriptions"]
        return health[0]["TargetHealth"]["State"]

    wait_for(lambda: state() == "healthy", what="the target healthy")
    fault(control_plane, "unhealthy-targets", {"target_group_arn": group})
    wait_for(lambda: state() == "unhealthy", what="the target unhealthy", every=0.02)
    fault(control_plane, "clear")
    wait_for(lambda: state() == "healthy", what="the target healthy again", every=0.02)
    time.sleep(2 * minute_seconds(control_plane))  # the minutes it was unhealthy in are complete

    suffix = group.split(":", 5)[-1]
    points = next(
        s["datapoints"]
        for s in emulator_api(control_plane, "/_emulator/metrics", None, "GET")["metrics"]
        if s["metric_name"] == "UnHealthyHostCount" and s["dimensions"]["TargetGroup"] == suffix
    )
    assert all(p["samples"] > 1 for p in points[1:-1]), points  # sampled within each minute, not once
    partial = [p for p in points if p["maximum"] == 1 and p["minimum"] == 0]
    assert partial, points
