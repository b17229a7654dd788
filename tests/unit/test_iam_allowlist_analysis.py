"""tests/iam/analysis.py on canned GetAccountAuthorizationDetails documents (no deployment, no emulator).

The roles mirror what the security and network layers create; the AWS-managed policies carry the documents AWS
publishes (moto ships them). cloudsplaining itself judges them, in its own virtualenv.
"""

import copy
import json

import pytest
from moto.iam.aws_managed_policies import aws_managed_policies_data

from tests.iam import analysis

ACCOUNT = "123456789012"
TAGS = {"Project": "demo", "Environment": "local", "ManagedBy": "terraform"}
PUBLISHED = json.loads(aws_managed_policies_data)
ECS_AGENT = "AmazonEC2ContainerServiceforEC2Role"
EXECUTION = "AmazonECSTaskExecutionRolePolicy"
SSM_CORE = "AmazonSSMManagedInstanceCore"
PARAM = f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/demo/local/web/db-password"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"


def managed(name):
    published = PUBLISHED[name]
    return {"PolicyName": name, "PolicyId": "ANPA" + name.upper()[:17], "Path": published["Path"],
            "Arn": f"arn:aws:iam::aws:policy{published['Path']}{name}",
            "DefaultVersionId": published["DefaultVersionId"], "AttachmentCount": 1,
            "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
            "CreateDate": published["CreateDate"], "UpdateDate": published["UpdateDate"],
            "PolicyVersionList": [{"Document": published["Document"], "VersionId": published["DefaultVersionId"],
                                   "IsDefaultVersion": True, "CreateDate": published["UpdateDate"]}]}


def role(name, service, inline=None, attached=(), tags=None):
    tags = TAGS if tags is None else tags
    return {"Path": "/", "RoleName": name, "RoleId": "AROA" + name.upper().replace("-", "")[:17],
            "Arn": f"arn:aws:iam::{ACCOUNT}:role/{name}", "CreateDate": "2026-12-01T00:00:00Z",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]},
            "InstanceProfileList": [], "Tags": [{"Key": k, "Value": v} for k, v in tags.items()],
            "RolePolicyList": [{"PolicyName": n, "PolicyDocument": {"Version": "2012-10-17", "Statement": s}}
                               for n, s in (inline or {}).items()],
            "AttachedManagedPolicies": [{"PolicyName": n, "PolicyArn": managed(n)["Arn"]} for n in attached]}


SESSION_MANAGER = [
    {"Sid": "SessionManagerHeartbeat", "Effect": "Allow", "Action": ["ssm:UpdateInstanceInformation"],
     "Resource": f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*"},
    {"Sid": "SessionManagerChannels", "Effect": "Allow", "Resource": "*", "Action": [
        "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel"]}]
DENY_SECRETS = [{"Sid": "DenyServiceSsmParameters", "Effect": "Deny", "Resource": [PARAM],
                 "Action": ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory"]},
                {"Sid": "DenySecretKeys", "Effect": "Deny", "Action": ["kms:Decrypt"], "Resource": [KEY]}]
READ_OWN_SECRETS = [
    {"Sid": "ReadSsmParameters", "Effect": "Allow", "Action": ["ssm:GetParameters"], "Resource": [PARAM]},
    {"Sid": "DecryptSecretsThroughTheirService", "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [KEY],
     "Condition": {"StringEquals": {"kms:ViaService": ["ssm.us-east-1.amazonaws.com"]}}}]
FLOW_LOGS = [{"Sid": "WriteFlowLogGroup", "Effect": "Allow",
              "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
              "Resource": [f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/aws/vpc/flow-logs/demo-local",
                           f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/aws/vpc/flow-logs/demo-local:*"]}]


def deployment_details(instance_attached=(ECS_AGENT,)):
    """What GetAccountAuthorizationDetails reports for the local deployment's roles."""
    roles = [
        role("demo-local-ecs-instance", "ec2.amazonaws.com", attached=instance_attached,
             inline={"session-manager": SESSION_MANAGER, "deny-service-secrets": DENY_SECRETS}),
        role("demo-local-web-exec", "ecs-tasks.amazonaws.com", attached=[EXECUTION],
             inline={"read-own-secrets": READ_OWN_SECRETS}),
        role("demo-local-web-task", "ecs-tasks.amazonaws.com"),
        role("demo-local-vpc-flow-logs", "vpc-flow-logs.amazonaws.com", inline={"write-flow-log-group": FLOW_LOGS}),
    ]
    names = sorted({p["PolicyName"] for r in roles for p in r["AttachedManagedPolicies"]})
    return {"RoleDetailList": roles, "UserDetailList": [], "GroupDetailList": [],
            "Policies": [managed(n) for n in names]}


@pytest.fixture(scope="module")
def allowlist():
    return analysis.load_allowlist()


@pytest.fixture(scope="module")
def baseline():
    """cloudsplaining's findings on the security module as it is (one scan for the module's tests)."""
    return analysis.analyze(deployment_details())


def test_the_security_module_passes_with_every_finding_explained(allowlist, baseline):
    found = baseline
    assert found, "cloudsplaining reported nothing at all: the analysis is not looking"
    assert analysis.unexplained(found, allowlist) == [], analysis.report(analysis.unexplained(found, allowlist))
    # the AWS-managed policies were judged from their published documents (ecr:GetAuthorizationToken on "*");
    # the inline ones have no finding at all (test_an_inline_read_of_every_parameter_is_refused shows they are read)
    assert {f.policy_type for f in found} == {"aws-managed"}
    assert any(f.policy == ECS_AGENT and f.risk == "CredentialsExposure" for f in found)


def test_the_old_instance_role_with_ssm_managed_instance_core_fails(allowlist):
    # HEAD's security module attached AmazonSSMManagedInstanceCore to the instance role.
    found = analysis.analyze(deployment_details(instance_attached=(ECS_AGENT, SSM_CORE)))
    refused = analysis.unexplained(found, allowlist)
    assert analysis.Finding("demo-local-ecs-instance", SSM_CORE, "aws-managed", "DataExfiltration",
                            "ssm:GetParameter") in refused, analysis.report(refused)
    assert "role demo-local-ecs-instance, aws-managed policy AmazonSSMManagedInstanceCore: DataExfiltration " \
           "ssm:GetParameters" in analysis.report(refused)


def test_an_inline_read_of_every_parameter_is_refused(allowlist):
    details = deployment_details()
    wildcard = copy.deepcopy(READ_OWN_SECRETS)
    wildcard[0]["Resource"] = "*"
    details["RoleDetailList"][1]["RolePolicyList"][0]["PolicyDocument"]["Statement"] = wildcard
    refused = analysis.unexplained(analysis.analyze(details), allowlist)
    assert analysis.Finding("demo-local-web-exec", "read-own-secrets", "inline", "DataExfiltration",
                            "ssm:GetParameters") in refused


def test_every_allowlist_entry_is_needed_by_the_deployment(allowlist, baseline):
    assert analysis.unused(baseline, allowlist) == []


def test_allowlist_entries_need_a_one_line_reason(tmp_path):
    path = tmp_path / "allowlist.yml"
    path.write_text("accepted:\n  - {role: '*', policy: p, risk: DataExfiltration, actions: [ssm:GetParameter]}\n")
    with pytest.raises(AssertionError, match="must have exactly"):
        analysis.load_allowlist(str(path))
    path.write_text("accepted:\n  - {role: '*', policy: p, risk: DataExfiltration, actions: ['ssm:*'], reason: r}\n")
    with pytest.raises(AssertionError, match="no wildcard"):
        analysis.load_allowlist(str(path))


class FakeIam:
    def __init__(self, details):
        self.details = details

    def get_paginator(self, name):
        assert name == "get_account_authorization_details"
        return self

    def paginate(self, Filter):
        assert set(Filter) == {"Role", "LocalManagedPolicy", "AWSManagedPolicy"}
        yield self.details


def test_only_the_deployments_roles_and_their_policies_are_read():
    details = deployment_details()
    other = role("someone-elses-admin", "ec2.amazonaws.com", attached=[SSM_CORE], tags={"Project": "other"})
    details["RoleDetailList"].append(other)
    details["Policies"].append(managed(SSM_CORE))
    kept = analysis.authorization_details(FakeIam(details), TAGS)
    assert [r["RoleName"] for r in kept["RoleDetailList"]] == [
        "demo-local-ecs-instance", "demo-local-vpc-flow-logs", "demo-local-web-exec", "demo-local-web-task"]
    assert [p["PolicyName"] for p in kept["Policies"]] == [ECS_AGENT, EXECUTION]
