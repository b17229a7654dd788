"""The pure parts of extensions/molecule/shared/files/aws_checks.py (the boto3 calls run in the scenarios)."""

import importlib.util
import json
import os

from tests.helpers import ROOT

SPEC = importlib.util.spec_from_file_location(
    "aws_checks", os.path.join(ROOT, "extensions", "molecule", "shared", "files", "aws_checks.py"))
aws_checks = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(aws_checks)

TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/demo-local-web"


def test_a_resource_no_state_knows_is_lost():
    known = {"arn:aws:sns:us-east-1:123456789012:demo-local-alarms", "vpc-1"}
    tagged = ["arn:aws:sns:us-east-1:123456789012:demo-local-alarms", "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1",
              "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-2"]
    assert aws_checks.lost_resources(tagged, known) == ["arn:aws:ec2:us-east-1:123456789012:vpc/vpc-2"]


def test_earlier_revisions_of_a_family_in_state_are_kept_for_rollback():
    tagged = [TD + ":1", TD + ":2", TD + ":3", "arn:aws:ecs:us-east-1:123456789012:task-definition/other:1"]
    assert aws_checks.lost_resources(tagged, {TD + ":3"}) == [
        "arn:aws:ecs:us-east-1:123456789012:task-definition/other:1"]


def test_what_services_create_for_managed_resources_is_not_lost():
    tagged = ["arn:aws:ec2:us-east-1:123456789012:instance/i-1", "arn:aws:ec2:us-east-1:123456789012:volume/vol-1",
              "arn:aws:ec2:us-east-1:123456789012:network-interface/eni-1"]
    assert aws_checks.lost_resources(tagged, set()) == []


class FakeIam:
    """The four IAM reads of role_statements, over one role's inline and attached (AWS-managed) policies."""

    CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"

    def __init__(self, inline, attached):
        self.inline, self.attached = inline, attached

    def list_role_policies(self, RoleName):
        return {"PolicyNames": sorted(self.inline)}

    def get_role_policy(self, RoleName, PolicyName):
        return {"PolicyDocument": self.inline[PolicyName]}

    def list_attached_role_policies(self, RoleName):
        return {"AttachedPolicies": [{"PolicyArn": arn} for arn in sorted(self.attached)]}

    def get_policy(self, PolicyArn):
        return {"Policy": {"DefaultVersionId": "v2"}}

    def get_policy_version(self, PolicyArn, VersionId):
        return {"PolicyVersion": {"Document": json.dumps(self.attached[PolicyArn])}}


SESSION_MANAGER = {"Statement": [{"Effect": "Allow", "Resource": "*", "Action": [
    "ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel", "ssmmessages:OpenDataChannel"]}]}
# AmazonSSMManagedInstanceCore's first statement as AWS publishes it (moto ships the document).
SSM_CORE = {"Statement": [{"Effect": "Allow", "Resource": "*", "Action": [
    "ssm:DescribeAssociation", "ssm:GetParameter", "ssm:GetParameters", "ssm:UpdateInstanceInformation"]}]}


def test_a_secret_read_in_an_attached_aws_managed_policy_is_seen():
    iam = FakeIam({"session-manager": SESSION_MANAGER}, {FakeIam.CORE: SSM_CORE})
    assert aws_checks.secret_reads(iam, "demo-local-ecs-instance") == [
        "ssm:GetParameter on *", "ssm:GetParameters on *"]


def test_the_scoped_instance_role_reads_no_secret():
    iam = FakeIam({"session-manager": SESSION_MANAGER}, {})
    assert aws_checks.secret_reads(iam, "demo-local-ecs-instance") == []


def test_wildcard_actions_count_as_secret_reads():
    iam = FakeIam({"p": {"Statement": [{"Effect": "Allow", "Action": "ssm:Get*", "Resource": "*"},
                                       {"Effect": "Deny", "Action": "kms:*", "Resource": "*"}]}}, {})
    assert aws_checks.secret_reads(iam, "r") == ["ssm:Get* on *"]


def test_secret_resources_look_inside_aws_managed_policies():
    # HEAD skipped every arn:aws:iam::aws: attachment, so this returned [] and the "*" went unseen.
    assert aws_checks.secret_resources(FakeIam({}, {FakeIam.CORE: SSM_CORE}), "r") == ["*"]


TOPIC = "arn:aws:sns:us-east-1:123456789012:demo-local-alarms"
EVENTS_LOG = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/demo-local"


def test_rules_that_only_log_pass():
    targets = {"demo-local-deployment-failed": [EVENTS_LOG], "demo-local-instance-lost": [EVENTS_LOG + ":*"]}
    assert aws_checks.rule_target_problems(targets, TOPIC, "/aws/events/demo-local") == []


def test_a_rule_that_targets_the_topic_is_named():
    targets = {"demo-local-deployment-failed": [TOPIC], "demo-local-instance-lost": [EVENTS_LOG]}
    assert aws_checks.rule_target_problems(targets, TOPIC, "/aws/events/demo-local") == [
        "demo-local-deployment-failed targets the alarm topic",
        "demo-local-deployment-failed targets ['%s'], not only the log group /aws/events/demo-local" % TOPIC]


def test_a_rule_with_another_target_besides_the_log_group_is_named():
    targets = {"demo-local-instance-lost": [EVENTS_LOG, "arn:aws:sqs:us-east-1:123456789012:q"]}
    assert len(aws_checks.rule_target_problems(targets, TOPIC, "/aws/events/demo-local")) == 1
