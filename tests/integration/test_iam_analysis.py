"""Independent IAM analysis of the deployed roles: cloudsplaining over what IAM reports, not over our own code.

Every role the layers create is read with GetAccountAuthorizationDetails (inline, customer-managed and AWS-managed
policies, the latter as AWS publishes them) and judged by cloudsplaining; any finding not accepted with a reason in
tests/iam/allowlist.yml fails. The second test puts AmazonSSMManagedInstanceCore back on the instance role behind
Terraform's back and shows the analysis refuses it; it detaches it again, since the deployment is shared.
"""

import json

import pytest

from tests.iam import analysis

TAGS = {"Project": "demo", "Environment": "local", "ManagedBy": "terraform"}
INSTANCE_ROLE = "demo-local-ecs-instance"
SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"


@pytest.fixture(scope="module")
def allowlist():
    return analysis.load_allowlist()


def roles_in_state(deployment):
    """Names of every aws_iam_role in every layer's state."""
    names = set()
    for key, body in deployment.state_objects().items():
        if not key.endswith("terraform.tfstate"):
            continue
        for resource in json.loads(body).get("resources", []):
            if resource["type"] == "aws_iam_role" and resource.get("mode") == "managed":
                names.update(instance["attributes"]["name"] for instance in resource["instances"])
    return names


def attached(iam, role):
    return sorted(p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"])


def test_every_role_of_the_deployment_has_only_reviewed_findings(deployment, allowlist):
    details = analysis.authorization_details(deployment.emulator.client("iam"), TAGS)
    analyzed = {role["RoleName"] for role in details["RoleDetailList"]}
    assert analyzed == roles_in_state(deployment), "the analysis must read exactly the roles the layers created"
    assert {INSTANCE_ROLE, "demo-local-web-exec", "demo-local-vpc-flow-logs"} <= analyzed
    # AWS-managed policies are judged from their published documents, not skipped
    assert {p["Arn"] for p in details["Policies"]} >= {
        "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}
    found = analysis.analyze(details)
    assert any(f.policy_type == "aws-managed" for f in found)
    refused = analysis.unexplained(found, allowlist)
    assert refused == [], "IAM findings not in tests/iam/allowlist.yml:\n" + analysis.report(refused)


def test_ssm_managed_instance_core_on_the_instance_role_is_reported(deployment, allowlist):
    iam = deployment.emulator.client("iam")
    before = attached(iam, INSTANCE_ROLE)
    assert SSM_CORE not in before
    iam.attach_role_policy(RoleName=INSTANCE_ROLE, PolicyArn=SSM_CORE)
    try:
        refused = analysis.unexplained(analysis.analyze(analysis.authorization_details(iam, TAGS)), allowlist)
    finally:
        iam.detach_role_policy(RoleName=INSTANCE_ROLE, PolicyArn=SSM_CORE)
    assert attached(iam, INSTANCE_ROLE) == before
    expected = analysis.Finding(INSTANCE_ROLE, "AmazonSSMManagedInstanceCore", "aws-managed", "DataExfiltration",
                                "ssm:GetParameter")
    assert expected in refused, analysis.report(refused)
    assert f"role {INSTANCE_ROLE}, aws-managed policy AmazonSSMManagedInstanceCore: DataExfiltration " \
           "ssm:GetParameter" in analysis.report(refused)
