"""DescribeSecurityGroupRules keeps descriptions of group-referencing rules (ec2-sg-rule-description)."""

from emulator_testkit import two_az_network


def referencing_rule_description(server, name):
    ec2 = server.client("ec2")
    network = two_az_network(ec2, name)
    other = ec2.create_security_group(GroupName=name + "-alb", Description="alb", VpcId=network.vpc_id)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=network.security_group_id,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 8080,
                "ToPort": 8080,
                "UserIdGroupPairs": [{"GroupId": other, "Description": "from the ALB only"}],
            }
        ],
    )
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [network.security_group_id]}])[
        "SecurityGroupRules"
    ]
    return [r.get("Description") for r in rules if not r["IsEgress"]]


def test_ec2_sg_rule_description_fixed(fixed, name):
    assert referencing_rule_description(fixed, name) == ["from the ALB only"]


def test_ec2_sg_rule_description_gap_visible_unfixed(unfixed, name):
    assert referencing_rule_description(unfixed, name) == [None]
