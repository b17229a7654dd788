"""IAM GetAccountAuthorizationDetails policy names (iam-gaad-policy-fields)."""

import json

CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"


def attached_policy_details(server, name):
    iam = server.client("iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}))
    iam.attach_role_policy(RoleName=name, PolicyArn=CORE)
    policy = iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*"}]}))
    iam.attach_role_policy(RoleName=name, PolicyArn=policy["Policy"]["Arn"])
    details = iam.get_account_authorization_details(Filter=["Role", "AWSManagedPolicy", "LocalManagedPolicy"])
    by_arn = {p["Arn"]: p for p in details["Policies"]}
    return iam, by_arn[CORE], by_arn[policy["Policy"]["Arn"]]


def test_iam_gaad_policy_fields_fixed(fixed, name):
    iam, aws_managed, customer_managed = attached_policy_details(fixed, name)
    assert aws_managed["PolicyName"] == "AmazonSSMManagedInstanceCore"
    assert customer_managed["PolicyName"] == name
    # the same IDs GetPolicy reports, and the published document as the default version
    for detail in (aws_managed, customer_managed):
        assert detail["PolicyId"] == iam.get_policy(PolicyArn=detail["Arn"])["Policy"]["PolicyId"]
    default = next(v for v in aws_managed["PolicyVersionList"] if v["IsDefaultVersion"])
    assert "ssm:GetParameter" in default["Document"]["Statement"][0]["Action"]


def test_iam_gaad_policy_fields_gap_visible_unfixed(unfixed, name):
    _dummy, aws_managed, customer_managed = attached_policy_details(unfixed, name)
    assert "PolicyName" not in aws_managed and "PolicyId" not in aws_managed
    assert "PolicyName" not in customer_managed
