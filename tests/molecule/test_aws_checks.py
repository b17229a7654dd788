"""The pure parts of extensions/molecule/shared/files/aws_checks.py (the boto3 calls run in the scenarios)."""

import importlib.util
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
