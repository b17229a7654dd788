"""drift_check.yml on the emulator: a fresh deployment is clean; ten changes made behind Terraform's back with boto3
(and the service's desired count, which autoscaling owns and which is not drift) are each reported in the right
layer, address and attribute, and a failing check notifies the SNS topic; reconcile=true brings every layer back to
clean, the security group rule added by hand (which no Terraform resource declares) and the deleted alarm included.

Relies only on the session's `deployment` being applied, and leaves it clean (reconciled) for whatever runs next.
The Molecule `drift` scenario ran the same cycle on Molecule's own deployment (its changes, the SNS notification and
the desired count are here now, issue 22): one drift suite, on the deployment the integration tests already have.
"""

import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from tests.helpers import ROOT
from tests.integration.conftest import Deployment, recap

LAYERS = ["bootstrap", "network", "security", "loadbalancer", "compute", "services", "observability"]
PREFIX = "demo-local"
ROGUE_RULE = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}

# (layer, address, attribute that must differ) of each change made behind Terraform's back.
EXPECTED = {
    "sg_rule_added": ("security", "module.security.aws_security_group.tasks", "ingress"),
    "alb_deletion_protection_off": ("loadbalancer", "module.alb.aws_lb.this", "enable_deletion_protection"),
    "asg_max_size": ("compute", "module.ecs_cluster.aws_autoscaling_group.this", "max_size"),
    "iam_policy_widened": ("security", 'module.security.aws_iam_role_policy.execution_secrets["web"]', "policy"),
    "service_deployment": ("services", 'module.service["web"].aws_ecs_service.this',
                           "deployment_minimum_healthy_percent"),
    "tag_removed": ("network", "module.network.aws_vpc.this", "tags"),
    # Children no resource lists, but the provider reads back and sets again: a tag added, an attribute with a
    # schema default (docs/drift.md "Undeclared children").
    "tag_added": ("services", 'module.service["web"].aws_lb_target_group.this', "tags"),
    "target_group_attribute": ("services", 'module.service["web"].aws_lb_target_group.this', "slow_start"),
    "target_group_deregistration_delay": ("services", 'module.service["web"].aws_lb_target_group.this',
                                          "deregistration_delay"),
}


def drift_check(deployment, report_dir, *args):
    proc = deployment.playbook("drift_check.yml", "-e", "drift_check_report_dir=%s" % report_dir, *args, check=False)
    latest = os.path.join(report_dir, "latest.json")
    assert os.path.isfile(latest), proc.stdout[-8000:] + proc.stderr[-3000:]
    with open(latest) as handle:
        return proc, json.load(handle)


def statuses(report):
    return dict((layer["layer"], layer["status"]) for layer in report["layers"])


def resources(report):
    return dict(((r["layer"], r["address"]), r) for layer in report["layers"] for r in layer["resources"])


def make_drift(emulator, deployment):
    """The changes, made with boto3 the way someone would in the console. Returns what the checks need back."""
    ec2, elbv2 = emulator.client("ec2"), emulator.client("elbv2")
    tasks_sg = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [PREFIX + "-tasks"]}])
    ec2.authorize_security_group_ingress(GroupId=tasks_sg["SecurityGroups"][0]["GroupId"], IpPermissions=[ROGUE_RULE])

    alb = elbv2.describe_load_balancers(Names=[PREFIX + "-alb"])["LoadBalancers"][0]["LoadBalancerArn"]
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=alb, Attributes=[{"Key": "deletion_protection.enabled", "Value": "false"}])

    emulator.client("autoscaling").update_auto_scaling_group(AutoScalingGroupName=PREFIX + "-ecs", MaxSize=9)

    iam = emulator.client("iam")
    role = "%s-web-exec" % PREFIX
    iam.put_role_policy(RoleName=role, PolicyName="read-own-secrets", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["ssm:GetParameters", "secretsmanager:GetSecretValue"],
                       "Resource": "*"}]}))

    # The desired count belongs to autoscaling (ignore_changes): changed here, it must not be reported.
    ecs = emulator.client("ecs")
    desired = ecs.describe_services(cluster=PREFIX + "-cluster", services=["web"])["services"][0]["desiredCount"]
    ecs.update_service(
        cluster=PREFIX + "-cluster", service="web", desiredCount=desired + 1,
        deploymentConfiguration={"minimumHealthyPercent": 50, "maximumPercent": 200,
                                 "deploymentCircuitBreaker": {"enable": True, "rollback": True}})

    target_group = elbv2.describe_target_groups(Names=[PREFIX + "-web"])["TargetGroups"][0]["TargetGroupArn"]
    elbv2.add_tags(ResourceArns=[target_group], Tags=[{"Key": "owner", "Value": "someone"}])
    elbv2.modify_target_group_attributes(
        TargetGroupArn=target_group, Attributes=[{"Key": "slow_start.duration_seconds", "Value": "60"},
                                                 {"Key": "deregistration_delay.timeout_seconds", "Value": "300"}])

    vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [PREFIX]}])["Vpcs"][0]["VpcId"]
    ec2.delete_tags(Resources=[vpc], Tags=[{"Key": "Name"}])

    outputs = deployment.state("observability")["outputs"]
    alarm = outputs["alarm_names"]["value"][0]
    emulator.client("cloudwatch").delete_alarms(AlarmNames=[alarm])
    return {"desired": desired, "alarm": alarm, "target_group": target_group, "alb": alb,
            "topic": outputs["sns_topic_arn"]["value"]}


def _subscribed_queue(emulator, topic, name):
    """An SQS queue subscribed to the SNS topic: what the topic sends, the test can read."""
    sqs = emulator.client("sqs")
    queue = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    emulator.client("sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    return queue


@pytest.fixture(scope="module")
def clean_check(deployment, tmp_path_factory):
    return drift_check(deployment, str(tmp_path_factory.mktemp("drift-clean")))


def test_fresh_deployment_reports_clean_on_every_layer(clean_check):
    proc, report = clean_check
    assert proc.returncode == 0, proc.stdout[-8000:]
    assert statuses(report) == dict((layer, "clean") for layer in LAYERS), json.dumps(report, indent=1)[:6000]
    assert report["status"] == "clean"
    assert "Drift check CLEAN: 7 clean, 0 drifted, 0 error" in proc.stdout
    assert recap(proc.stdout)["changed"] == 0


def test_every_layer_is_decided_by_one_combined_plan(clean_check):
    proc, report = clean_check
    assert [layer["planned_with"] for layer in report["layers"]] == ["combined"] * len(LAYERS)
    words = " ".join(proc.stdout.split())  # the YAML callback folds long lines
    assert "7 in one combined plan" in words and "0 planned on their own" in words


def test_drift_is_reported_per_layer_and_reconcile_restores_clean(deployment, emulator, tmp_path_factory):
    made = make_drift(emulator, deployment)
    try:
        _drift_is_reported(deployment, emulator, made, tmp_path_factory)
        _reconcile_restores_clean(deployment, emulator, made, tmp_path_factory)
    except BaseException:
        # Leave the session's deployment clean for the tests after this one, then report the failure.
        _remove_rogue_rule(emulator)
        drift_check(deployment, str(tmp_path_factory.mktemp("drift-cleanup")), "-e", "reconcile=true")
        raise
    finally:
        _restore_desired_count(emulator, made)


def _restore_desired_count(emulator, made):
    """What autoscaling would do with the count it owns (reconcile and the tests after this one verify the tasks)."""
    emulator.client("ecs").update_service(cluster=PREFIX + "-cluster", service="web", desiredCount=made["desired"])


def _reconcile_restores_clean(deployment, emulator, made, tmp_path_factory):
    # Reconcile applies the code back and revokes the rule added by hand (no Terraform resource declares it), and
    # says which rule it revoked.
    reports = str(tmp_path_factory.mktemp("drift-reconcile"))
    proc, _report = drift_check(deployment, reports, "-e", "reconcile=true")
    assert proc.returncode == 0, proc.stdout[-10000:]
    assert "After reconcile | clean" in proc.stdout, proc.stdout[-8000:]
    assert recap(proc.stdout)["changed"] > 0
    words = " ".join(proc.stdout.split())  # the YAML callback folds long lines
    tasks_sg = _tasks_group(emulator)["GroupId"]
    assert re.search(r"revoked sgr-[0-9a-f]+: ingress tcp 22-22 cidr_ipv4 0\.0\.0\.0/0 on %s \(security: "
                     r"module\.security\.aws_security_group\.tasks\)" % tasks_sg, words), words[-8000:]
    assert not any(p.get("FromPort") == 22 for p in _tasks_group(emulator)["IpPermissions"])
    # The drifted layers, planned ahead side by side and each applied from its saved plan (one
    # community.general.terraform run each), then checked again after the rule was revoked: all clean.
    assert re.search(r"Planned ahead, seconds: [\d.]+", words), words[-8000:]
    for layer in LAYERS[1:]:
        assert re.search(r"Planned ahead on the same inputs \| %s\]" % layer, proc.stdout), (layer, words[-8000:])
    with open(os.path.join(reports, "after-reconcile", "latest.json")) as handle:
        after = json.load(handle)
    assert statuses(after) == dict((layer, "clean") for layer in LAYERS[1:]), json.dumps(after, indent=1)[:6000]
    elbv2 = emulator.client("elbv2")
    attrs = elbv2.describe_load_balancer_attributes(LoadBalancerArn=made["alb"])["Attributes"]
    assert {"Key": "deletion_protection.enabled", "Value": "true"} in attrs
    tg_attrs = dict((a["Key"], a["Value"]) for a in elbv2.describe_target_group_attributes(
        TargetGroupArn=made["target_group"])["Attributes"])
    assert tg_attrs["deregistration_delay.timeout_seconds"] == "30"
    service = emulator.client("ecs").describe_services(cluster=PREFIX + "-cluster", services=["web"])["services"][0]
    assert service["deploymentConfiguration"]["minimumHealthyPercent"] == 100
    alarms = emulator.client("cloudwatch").describe_alarms(AlarmNames=[made["alarm"]])["MetricAlarms"]
    assert [a["AlarmName"] for a in alarms] == [made["alarm"]]


def _drift_is_reported(deployment, emulator, made, tmp_path_factory):
    # The drift turns the job red, the report says where, and the alarm topic hears it.
    queue = _subscribed_queue(emulator, made["topic"], "drift-notifications")
    proc, report = drift_check(deployment, str(tmp_path_factory.mktemp("drift-found")),
                               "-e", "ecs_drift_sns_topic_arn=%s" % made["topic"])
    assert proc.returncode != 0
    assert "Drift check drifted on local" in proc.stdout
    assert report["status"] == "drifted"
    assert statuses(report) == {"bootstrap": "clean", "network": "drifted", "security": "drifted",
                                "loadbalancer": "drifted", "compute": "drifted", "services": "drifted",
                                "observability": "drifted"}
    found = resources(report)
    for kind, (layer, address, attribute) in EXPECTED.items():
        res = found.get((layer, address))
        assert res, "%s: %s not reported in %s; found %s" % (kind, address, layer, sorted(found))
        assert res["outside_terraform"] is True, (kind, res)
        assert res["kind"] == "changed outside Terraform"
        assert attribute in [a["attribute"] for a in res["attributes"]], (kind, res)
    assert found[("loadbalancer", EXPECTED["alb_deletion_protection_off"][1])]["action"] == "update"
    alb_diff = dict((a["attribute"], a) for a in found[("loadbalancer", "module.alb.aws_lb.this")]["attributes"])
    assert (alb_diff["enable_deletion_protection"]["before"], alb_diff["enable_deletion_protection"]["after"]) \
        == (True, False)
    asg_diff = dict((a["attribute"], a) for a in found[("compute", EXPECTED["asg_max_size"][1])]["attributes"])
    assert (asg_diff["max_size"]["before"], asg_diff["max_size"]["after"]) == (6, 9)
    assert "desired_capacity" not in asg_diff
    [alarm] = [r for (layer, _a), r in found.items() if layer == "observability"]
    assert (alarm["type"], alarm["outside_terraform"], alarm["drift_action"], alarm["action"]) \
        == ("aws_cloudwatch_metric_alarm", True, "delete", "create"), alarm
    attributes = [a["attribute"] for r in found.values() for a in r["attributes"]]
    assert "desired_count" not in attributes  # autoscaling's
    assert "Drift check DRIFTED: 1 clean, 6 drifted, 0 error" in proc.stdout
    assert set(layer["planned_with"] for layer in report["layers"]) == {"combined"}
    messages = emulator.client("sqs").receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
    [message] = [json.loads(m["Body"]) for m in messages]
    assert message["Subject"] == "Drift check local: drifted", message
    assert "Drift check DRIFTED: 1 clean, 6 drifted, 0 error" in message["Message"]

    # A plan per layer (combine=false) finds the very same differences as the combined plan; report only:
    # drift_fail=false keeps the play green, the report says drifted.
    own, alone = drift_check(deployment, str(tmp_path_factory.mktemp("drift-alone")), "-e", "drift_fail=false",
                             "-e", "drift_check_combine=false")
    assert own.returncode == 0, own.stdout[-8000:]
    assert alone["status"] == "drifted"
    assert set(layer["planned_with"] for layer in alone["layers"]) == {"own plan"}
    assert statuses(alone) == statuses(report)
    assert _differences(alone) == _differences(report)
    _restore_desired_count(emulator, made)


def _differences(report):
    return dict((key, (r["kind"], r["action"], sorted(a["attribute"] for a in r["attributes"])))
                for key, r in resources(report).items())


def _tasks_group(emulator):
    group = emulator.client("ec2").describe_security_groups(
        Filters=[{"Name": "group-name", "Values": [PREFIX + "-tasks"]}])
    return group["SecurityGroups"][0]


def _remove_rogue_rule(emulator):
    sg = _tasks_group(emulator)
    if any(p.get("FromPort") == 22 for p in sg["IpPermissions"]):
        emulator.client("ec2").revoke_security_group_ingress(GroupId=sg["GroupId"], IpPermissions=[ROGUE_RULE])


def test_reconcile_is_refused_for_production_before_anything(deployment):
    proc = deployment.playbook("drift_check.yml", "-e", "reconcile=true",
                               inventory=os.path.join(ROOT, "inventories", "prod"), check=False)
    assert proc.returncode != 0
    assert "Refusing reconcile=true" in proc.stdout and "allow_reconcile_prod=true" in proc.stdout
    # Stopped before the inventory was even validated: no state read, no plan.
    assert "Validate the inventory" not in proc.stdout and "Read every layer" not in proc.stdout
    assert recap(proc.stdout)["changed"] == 0


class _Hook(BaseHTTPRequestHandler):
    received: ClassVar[list] = []

    def do_POST(self):
        self.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args):
        pass


def test_nothing_deployed_is_an_error_on_every_layer_and_notifies(emulator, local_inventory, tmp_path):
    """An environment without state is never clean: every layer is an error, the play fails, SNS and webhook hear."""
    sqs = emulator.client("sqs")
    topic = emulator.client("sns").create_topic(Name="drift-alerts")["TopicArn"]
    queue = _subscribed_queue(emulator, topic, "drift-alerts")
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ghost = {"ecs_environment": "ghost", "ecs_state_bucket": "ghost-tfstate-123456789012",
             "ecs_lock_table": "ghost-tflock", "ecs_drift_sns_topic_arn": topic,
             "ecs_drift_webhook_url": "http://127.0.0.1:%d/drift" % server.server_port}
    try:
        nowhere = Deployment(emulator, local_inventory, str(tmp_path / "work"))
        proc, report = drift_check(nowhere, str(tmp_path / "reports"), "-e", json.dumps(ghost))
    finally:
        server.shutdown()
    assert proc.returncode != 0
    assert statuses(report) == dict((layer, "error") for layer in LAYERS)
    assert all("state backend does not exist" in layer["error"] for layer in report["layers"])
    assert "Drift check error on ghost" in proc.stdout
    [message] = [json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=queue).get("Messages", [])]
    assert message["Subject"] == "Drift check ghost: error"
    assert "Drift check ERROR: 0 clean, 0 drifted, 7 error" in message["Message"]
    [hook] = _Hook.received
    assert (hook["environment"], hook["status"], hook["error_layers"]) == ("ghost", "error", LAYERS)
