"""Alarms page for the right reason, once (issue 21 item 2), on the deployed stack and the emulator's control plane.

The emulator samples the metrics AWS publishes (Container Insights, ALB, Auto Scaling, EventBridge) every simulated
minute and evaluates the alarms the observability layer created; their notifications go through the alarm topic to an
SQS queue subscribed here, the path a pager takes. Nothing here knows how the alarms are written: the tests read
the pages. A scale-out through new instances pages nobody; one Spot reclaim of the group pages nobody and a surge
pages once; tasks killed by failing health checks page once; a failed deployment pages once (not event + alarm).
"""

import json
import time
import urllib.request

import pytest

CLUSTER = "demo-local-cluster"
SERVICE = "web"
PREFIX = "demo-local"
TASK_CPU = 256  # inventories/local: web's cpu


class Pager:
    """An SQS queue subscribed to the alarm topic, read as an on-call pager would."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.sns, self.sqs = emulator.client("sns"), emulator.client("sqs")
        self.topic = next(t["TopicArn"] for t in self.sns.list_topics()["Topics"]
                          if t["TopicArn"].endswith(":%s-alarms" % PREFIX))
        self.url = self.sqs.create_queue(QueueName="pager-%d" % int(time.time()))["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.subscription = self.sns.subscribe(TopicArn=self.topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"]
        self.minute = 60 * self.read("/_emulator/control-plane")["time_scale"]  # wall seconds of a simulated minute

    def read(self, path):
        with urllib.request.urlopen(self.emulator.url + path, timeout=10) as answer:  # noqa: S310 - loopback
            return json.load(answer)

    def shortfall_minutes(self, since_minute):
        """The longest run of consecutive sampled minutes from since_minute on in which web ran fewer tasks than
        desired, read from the metrics the emulator publishes as Container Insights does (not from any alarm)."""
        series = {}
        for metric in self.read("/_emulator/metrics")["metrics"]:
            if metric["metric_name"] in ("DesiredTaskCount", "RunningTaskCount") and metric["dimensions"] == {
                    "ClusterName": CLUSTER, "ServiceName": SERVICE}:
                series[metric["metric_name"]] = {p["minute"]: p["value"] for p in metric["datapoints"]}
        longest = run = 0
        for minute in sorted(m for m in series["DesiredTaskCount"] if m >= since_minute):
            short = series["DesiredTaskCount"][minute] - series["RunningTaskCount"].get(minute, 0) > 0
            run = run + 1 if short else 0
            longest = max(longest, run)
        return longest

    def pages(self):
        """(alarm name, new state) of every notification since the last call; an event published to the topic
        directly (not through an alarm) is a page too: ("event: <detail-type>", "ALARM")."""
        out = []
        while True:
            messages = self.sqs.receive_message(QueueUrl=self.url, MaxNumberOfMessages=10).get("Messages", [])
            if not messages:
                return out
            for message in messages:
                body = json.loads(json.loads(message["Body"])["Message"])
                if "AlarmName" in body:
                    out.append((body["AlarmName"], body["NewStateValue"]))
                else:
                    out.append(("event: %s" % body.get("detail-type"), "ALARM"))
                self.sqs.delete_message(QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"])

    def alarms_paged(self):
        return sorted(name for name, state in self.pages() if state == "ALARM")

    def wait_minutes(self, minutes):
        time.sleep(minutes * self.minute)

    def close(self):
        self.sns.unsubscribe(SubscriptionArn=self.subscription)
        self.sqs.delete_queue(QueueUrl=self.url)


def alarms(emulator):
    found = emulator.client("cloudwatch").describe_alarms(AlarmNamePrefix=PREFIX + "-")["MetricAlarms"]
    return {a["AlarmName"]: a for a in found}


def wait_until(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(1)
    raise AssertionError("not reached within %d s: %s" % (timeout, what))


def web(emulator):
    return emulator.client("ecs").describe_services(cluster=CLUSTER, services=[SERVICE])["services"][0]


def steady(emulator, desired):
    """Web runs its desired count, nothing pending, and as many healthy targets (not only tasks: targets still in
    their initial checks would read as a dip to the next test)."""
    service = web(emulator)
    if not (service["desiredCount"] == desired and service["runningCount"] == desired and service["pendingCount"] == 0):
        return False
    health = emulator.client("elbv2").describe_target_health(
        TargetGroupArn=service["loadBalancers"][0]["targetGroupArn"])["TargetHealthDescriptions"]
    return sum(1 for t in health if t["TargetHealth"]["State"] == "healthy") == desired


def group_instances(emulator):
    autoscaling = emulator.client("autoscaling")
    group = autoscaling.describe_auto_scaling_groups()["AutoScalingGroups"]
    group = next(g for g in group if g["AutoScalingGroupName"].startswith(PREFIX))
    ids = [i["InstanceId"] for i in group["Instances"] if i["LifecycleState"] == "InService"]
    described = emulator.client("ec2").describe_instances(InstanceIds=ids)["Reservations"] if ids else []
    return group, [i for r in described for i in r["Instances"] if i["State"]["Name"] == "running"]


@pytest.fixture(scope="module")
def pager(deployment):
    """Subscribed once every alarm of the deployment has data and is OK; web back at its count afterwards."""
    emulator = deployment.emulator
    desired = web(emulator)["desiredCount"]
    pager = Pager(emulator)
    pager.desired = desired
    wait_until(lambda: all(a["StateValue"] == "OK" for a in alarms(emulator).values()), 40 * pager.minute,
               "every alarm OK: %s" % {n: a["StateValue"] for n, a in alarms(emulator).items()})
    pager.pages()
    yield pager
    emulator.cli("fault", "clear")
    emulator.client("ecs").update_service(cluster=CLUSTER, service=SERVICE, desiredCount=desired)
    wait_until(lambda: steady(emulator, desired), 300, "web back at %d tasks" % desired)
    pager.close()


def test_every_alarm_has_data_and_is_ok_after_deploy(pager):
    """An alarm that starts in ALARM (missing data treated as breaching, a metric nobody publishes) pages forever."""
    states = {name: alarm["StateValue"] for name, alarm in alarms(pager.emulator).items()}
    assert states and set(states.values()) == {"OK"}, states


def test_a_scale_out_through_new_instances_pages_nobody(pager):
    emulator = pager.emulator
    ecs = emulator.client("ecs")
    _dummy, before = group_instances(emulator)
    arns = ecs.list_container_instances(cluster=CLUSTER)["containerInstanceArns"]
    described = ecs.describe_container_instances(cluster=CLUSTER, containerInstances=arns)["containerInstances"]
    free = sum(next(r["integerValue"] for r in ci["remainingResources"] if r["name"] == "CPU") // TASK_CPU
               for ci in described)
    # Two instances' worth more than fits: managed scaling must launch instances (and Spot ones, above the base).
    target = web(emulator)["desiredCount"] + free + 2 * 2048 // TASK_CPU
    start = pager.read("/_emulator/control-plane")["simulated_minutes"]
    ecs.update_service(cluster=CLUSTER, service=SERVICE, desiredCount=target)
    wait_until(lambda: steady(emulator, target), 60 * pager.minute, "web running %d tasks" % target)
    _dummy, after = group_instances(emulator)
    assert len(after) > len(before), "the scale-out did not go through new instances"
    window = alarms(emulator)["%s-%s-tasks-below-desired" % (PREFIX, SERVICE)]["EvaluationPeriods"]
    pager.wait_minutes(3)  # the alarm has seen every minute of the scale-out
    # The scale-out was a real test: web was short long enough that the old 3-minute window would have paged.
    short = pager.shortfall_minutes(start)
    assert short >= 3, "web was short for only %d sampled minute(s): the scale-out tested nothing" % short
    assert pager.alarms_paged() == [], "a routine scale-out (%d minutes short) paged (window %d minutes)" % (
        short, window)


def test_one_spot_reclaim_pages_nobody_and_a_surge_pages_once(pager):
    emulator = pager.emulator
    _dummy, instances = group_instances(emulator)
    spot = [i["InstanceId"] for i in instances if i.get("InstanceLifecycle") == "spot"]
    assert len(spot) >= 3, "the scale-out left %d Spot instances; the surge needs 3" % len(spot)
    surge = alarms(emulator)["%s-spot-interruption-surge" % PREFIX]
    emulator.cli("fault", "spot-interruption", "--instance-id", spot[0])
    pager.wait_minutes(2 * surge["Period"] // 60 + 2)
    assert pager.alarms_paged() == [], "one Spot reclaim paged (threshold %d)" % surge["Threshold"]
    _dummy, instances = group_instances(emulator)
    spot = [i["InstanceId"] for i in instances if i.get("InstanceLifecycle") == "spot"][:int(surge["Threshold"])]
    for instance_id in spot:
        emulator.cli("fault", "spot-interruption", "--instance-id", instance_id)
    wait_until(lambda: alarms(emulator)[surge["AlarmName"]]["StateValue"] == "ALARM", 20 * pager.minute,
               "the surge alarm in ALARM")
    pager.wait_minutes(2)
    assert pager.alarms_paged() == [surge["AlarmName"]]


def calm(pager):
    """Web back at the deployment's count and steady, every alarm OK, the pages read: a test that injects a fault into
    web starts from the deployment, not from the previous test's aftermath (a Spot surge leaves the scaled-out tasks
    to re-place on replacement instances; on a loaded machine that outlasted the next test's wait)."""
    emulator = pager.emulator
    emulator.client("ecs").update_service(cluster=CLUSTER, service=SERVICE, desiredCount=pager.desired)
    wait_until(lambda: steady(emulator, pager.desired), 60 * pager.minute, "web back at %d tasks" % pager.desired)
    wait_until(lambda: all(a["StateValue"] == "OK" for a in alarms(emulator).values()), 40 * pager.minute,
               "every alarm OK: %s" % {n: a["StateValue"] for n, a in alarms(emulator).items()})
    pager.pages()


def test_tasks_killed_by_failing_health_checks_page_once(pager):
    calm(pager)
    emulator = pager.emulator
    unhealthy = alarms(emulator)["%s-%s-unhealthy-hosts" % (PREFIX, SERVICE)]
    emulator.cli("fault", "unhealthy-targets", "--cluster", CLUSTER, "--service", SERVICE)
    try:
        wait_until(lambda: alarms(emulator)[unhealthy["AlarmName"]]["StateValue"] == "ALARM", 20 * pager.minute,
                   "the unhealthy-hosts alarm in ALARM")
    finally:  # a failure here must not leave web failing its checks for the tests after it
        emulator.cli("fault", "clear")
    wait_until(lambda: alarms(emulator)[unhealthy["AlarmName"]]["StateValue"] == "OK", 30 * pager.minute,
               "the unhealthy-hosts alarm OK again")
    assert pager.alarms_paged() == [unhealthy["AlarmName"]]


def test_a_failed_deployment_pages_once(pager):
    calm(pager)
    emulator = pager.emulator
    ecs = emulator.client("ecs")
    current = ecs.describe_task_definition(taskDefinition=web(emulator)["taskDefinition"])["taskDefinition"]
    keep = ("family", "taskRoleArn", "executionRoleArn", "networkMode", "containerDefinitions", "volumes",
            "placementConstraints", "requiresCompatibilities", "cpu", "memory")
    definition = {k: current[k] for k in keep if current.get(k)}
    definition["containerDefinitions"] = [dict(c, image="example.invalid/broken:1")
                                          for c in current["containerDefinitions"]]
    broken = ecs.register_task_definition(**definition)["taskDefinition"]["taskDefinitionArn"]
    emulator.cli("fault", "failing-image", "--image", "example.invalid/broken:1")
    ecs.update_service(cluster=CLUSTER, service=SERVICE, taskDefinition=broken)
    try:
        wait_until(lambda: web(emulator)["taskDefinition"] == current["taskDefinitionArn"]
                   and web(emulator)["deployments"][0]["rolloutState"] == "COMPLETED", 60 * pager.minute,
                   "the circuit breaker rolled web back")
    except AssertionError:  # leave web on its own image for the tests after this one
        ecs.update_service(cluster=CLUSTER, service=SERVICE, taskDefinition=current["taskDefinitionArn"])
        raise
    failed = "%s-deployment-failed" % PREFIX
    wait_until(lambda: alarms(emulator)[failed]["StateValue"] == "ALARM", 10 * pager.minute, "deployment-failed ALARM")
    pager.wait_minutes(2)
    assert pager.alarms_paged() == [failed]
    ecs.deregister_task_definition(taskDefinition=broken)
