"""The groups' rules as EC2 lists them (moto in process) stand in for a group's refreshed ingress/egress: the same
rule added by hand is found, and a rule a rule resource declares is not."""

import boto3
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_sg_rules import (
    LiveGroups,
    group_ids,
    unmanaged_rules,
    with_live_rules,
)

GROUP = "module.security.aws_security_group.tasks"


def prior_state(group_id, alb_id, stale_ingress):
    """A state snapshot as site.yml leaves it: the group recorded before its rule resource existed."""
    return {"values": {"root_module": {"child_modules": [{"address": "module.security", "resources": [
        {"address": GROUP, "mode": "managed", "type": "aws_security_group",
         "values": {"id": group_id, "ingress": stale_ingress, "egress": []}},
        {"address": 'module.security.aws_vpc_security_group_ingress_rule.tasks_from_alb["8080"]', "mode": "managed",
         "type": "aws_vpc_security_group_ingress_rule",
         "values": {"security_group_id": group_id, "ip_protocol": "tcp", "from_port": 8080, "to_port": 8080,
                    "referenced_security_group_id": alb_id, "cidr_ipv4": None, "cidr_ipv6": None,
                    "prefix_list_id": None}}]}]}}}


def groups_with_a_rule_added_by_hand():
    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    alb = ec2.create_security_group(GroupName="alb", Description="alb", VpcId=vpc)["GroupId"]
    tasks = ec2.create_security_group(GroupName="tasks", Description="tasks", VpcId=vpc)["GroupId"]
    ec2.revoke_security_group_egress(GroupId=tasks, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.authorize_security_group_ingress(GroupId=tasks, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": alb}]}])
    ec2.authorize_security_group_ingress(GroupId=tasks, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    return tasks, alb


def test_a_rule_added_by_hand_is_found_in_what_ec2_lists(api):
    tasks, alb = groups_with_a_rule_added_by_hand()
    stale = prior_state(tasks, alb, [])
    assert unmanaged_rules({"prior_state": stale}) == {}  # the recorded group knows nothing of it
    assert group_ids(stale) == [tasks]
    live = LiveGroups(api).read([tasks])
    assert api.api_calls == {"ec2": 1}
    found = unmanaged_rules({"prior_state": with_live_rules(stale, live)})
    assert found == {GROUP: {"ingress": [{"protocol": "tcp", "from_port": 22, "to_port": 22,
                                          "cidr_ipv4": "0.0.0.0/0"}]}}


def test_a_group_ec2_does_not_list_leaves_the_verdict_to_the_plan(api):
    tasks, alb = groups_with_a_rule_added_by_hand()
    assert with_live_rules(prior_state(tasks, alb, []), {}) is None
