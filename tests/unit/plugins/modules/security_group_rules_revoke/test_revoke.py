"""security_group_rules_revoke on in-process moto: exactly the listed rules go, only on owned groups, and check mode
changes nothing. The rules are given as drift_sg_rules.unmanaged_rules describes them (plus group and direction)."""

import boto3
import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.modules.security_group_rules_revoke import main

SSH = {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "0.0.0.0/0"}


class Groups:
    """Two owned groups (tasks, alb) with declared rules, one group of another team; the tasks group gets a rule
    added by hand."""

    def __init__(self):
        self.ec2 = boto3.client("ec2")
        vpc = self.ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        self.tasks, self.alb, self.other = (
            self.ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
            for name in ("demo-tasks", "demo-alb", "other-team"))
        for group in (self.tasks, self.other):
            self.ingress(group, {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080,
                                 "UserIdGroupPairs": [{"GroupId": self.alb}]})
            self.ingress(group, {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                                 "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})
        self.ingress(self.alb, {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                                "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})

    def ingress(self, group, permission):
        self.ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[permission])

    def rules(self, group):
        listed = self.ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])
        return sorted((r["IsEgress"], r["IpProtocol"], r["FromPort"], r["ToPort"], r.get("CidrIpv4"),
                       (r.get("ReferencedGroupInfo") or {}).get("GroupId"), r["SecurityGroupRuleId"])
                      for r in listed["SecurityGroupRules"])

    def everything(self):
        return dict((g, self.rules(g)) for g in (self.tasks, self.alb, self.other))

    def owned(self):
        return [self.tasks, self.alb]


@pytest.fixture
def groups(moto):
    return Groups()


def ssh_on(group):
    return dict(SSH, group_id=group, direction="ingress", address="module.security.aws_security_group.tasks",
                layer="security")


def test_only_the_listed_rule_is_revoked_and_reported_with_its_id(run_main, groups):
    before = groups.everything()
    [ssh_id] = [r[-1] for r in before[groups.tasks] if r[2] == 22]
    failed, result = run_main(main, {"rules": [ssh_on(groups.tasks)], "owned_group_ids": groups.owned()})
    assert not failed, result
    assert result["changed"] is True
    assert result["revoked"] == [dict(ssh_on(groups.tasks), rule_id=ssh_id)]
    assert result["summary"] == ["revoked %s: ingress tcp 22-22 cidr_ipv4 0.0.0.0/0 on %s (security: "
                                 "module.security.aws_security_group.tasks)" % (ssh_id, groups.tasks)]
    after = groups.everything()
    assert after[groups.tasks] == [r for r in before[groups.tasks] if r[-1] != ssh_id]
    assert (after[groups.alb], after[groups.other]) == (before[groups.alb], before[groups.other])
    # Again: the rule is gone, nothing to do.
    failed, again = run_main(main, {"rules": [ssh_on(groups.tasks)], "owned_group_ids": groups.owned()})
    assert (failed, again["changed"], again["revoked"]) == (False, False, [])
    assert again["already_absent"] == [ssh_on(groups.tasks)]


def test_check_mode_reports_what_it_would_revoke_and_revokes_nothing(run_main, groups):
    before = groups.everything()
    failed, result = run_main(main, {"rules": [ssh_on(groups.tasks)], "owned_group_ids": groups.owned(),
                                     "_ansible_check_mode": True})
    assert not failed, result
    assert [r["rule_id"] for r in result["revoked"]] == [r[-1] for r in before[groups.tasks] if r[2] == 22]
    assert result["summary"][0].startswith("would revoke sgr-")
    assert groups.everything() == before
    assert "ec2" in result["api_calls"]


def test_a_group_not_owned_is_refused_before_anything_changes(run_main, groups):
    before = groups.everything()
    failed, result = run_main(main, {"rules": [ssh_on(groups.tasks), ssh_on(groups.other)],
                                     "owned_group_ids": groups.owned()})
    assert failed
    assert "Refusing to revoke any rule (nothing was changed)" in result["msg"]
    assert "group '%s' is not one of the security groups in the layers' states" % groups.other in result["msg"]
    assert "docs/runbooks.md#drift-found" in result["msg"]
    assert groups.everything() == before


def test_a_group_the_state_does_not_name_is_refused(run_main, groups):
    """The role passes an empty group id when the report's address has no group in the layer's state."""
    failed, result = run_main(main, {"rules": [dict(ssh_on(""))], "owned_group_ids": groups.owned()})
    assert failed and "group '' is not one of the security groups" in result["msg"]


def test_all_traffic_and_group_peers_match_as_drift_sg_rules_describes_them(run_main, groups):
    groups.ec2.authorize_security_group_egress(GroupId=groups.alb, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "192.0.2.0/24"}]}])
    before = groups.everything()
    rules = [{"group_id": groups.alb, "direction": "egress", "protocol": "-1", "from_port": None, "to_port": None,
              "cidr_ipv4": "192.0.2.0/24"},
             {"group_id": groups.tasks, "direction": "ingress", "protocol": "tcp", "from_port": 8080,
              "to_port": 8080, "security_group": groups.alb}]
    failed, result = run_main(main, {"rules": rules, "owned_group_ids": groups.owned()})
    assert not failed, result
    assert len(result["revoked"]) == 2 and result["already_absent"] == []
    after = groups.everything()
    assert len(after[groups.alb]) == len(before[groups.alb]) - 1
    assert not any(r[1] == "-1" and r[4] == "192.0.2.0/24" for r in after[groups.alb])
    assert not any(r[5] == groups.alb for r in after[groups.tasks])
    assert after[groups.other] == before[groups.other]  # the same rule on another team's group stays


def test_a_rule_gone_since_it_was_listed_counts_as_already_absent(run_main, groups, monkeypatch):
    """EC2 refuses a whole batch naming a rule that is gone (revoked meanwhile, or by the first attempt of a retried
    call: InvalidSecurityGroupRuleId.NotFound); the others are revoked one by one, the gone one is already absent."""
    from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsCallError, AwsClients
    from ansible_collections.platform_ops.ecs_ec2.plugins.modules import security_group_rules_revoke as module

    listed = module.RuleRevoker.existing
    monkeypatch.setattr(module.RuleRevoker, "existing", lambda self, ids: {
        atom: rule_ids + ["sgr-0gone0000000000000"] if any(r[2] == 22 for r in groups.rules(groups.tasks)
                                                           if r[-1] in rule_ids) else rule_ids
        for atom, rule_ids in listed(self, ids).items()})
    call = AwsClients.call

    def refusing_gone(self, service, operation, **kwargs):
        if "sgr-0gone0000000000000" in kwargs.get("SecurityGroupRuleIds", []):
            raise AwsCallError(service, operation, module.RULE_GONE, "The security group rule ID does not exist")
        return call(self, service, operation, **kwargs)

    monkeypatch.setattr(AwsClients, "call", refusing_gone)
    [ssh_id] = [r[-1] for r in groups.rules(groups.tasks) if r[2] == 22]
    failed, result = run_main(main, {"rules": [ssh_on(groups.tasks)], "owned_group_ids": groups.owned()})
    assert not failed, result
    assert [r["rule_id"] for r in result["revoked"]] == [ssh_id]
    assert [r["rule_id"] for r in result["already_absent"]] == ["sgr-0gone0000000000000"]
    assert ssh_id not in [r[-1] for r in groups.rules(groups.tasks)]
