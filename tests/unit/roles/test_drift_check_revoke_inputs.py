"""drift_check's reconcile passes security_group_rules_revoke the rules the drift report found, each with its group's
id from that layer's state, and as owned only the groups the layers' states hold."""

from pathlib import Path

import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar, trust_as_template

ROOT = Path(__file__).resolve().parents[3]
TASKS = "module.security.aws_security_group.tasks"
SSH = {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "0.0.0.0/0"}
ALL_OUT = {"protocol": "-1", "from_port": None, "to_port": None, "cidr_ipv4": "192.0.2.0/24"}


def revoke_task():
    tasks = yaml.safe_load((ROOT / "roles" / "drift_check" / "tasks" / "reconcile.yml").read_text())
    [task] = [t for t in tasks if "platform_ops.ecs_ec2.security_group_rules_revoke" in t]
    return task


def render(expression, report, state_layers):
    task = revoke_task()
    variables = {k: trust_as_template(v) for k, v in task["vars"].items()}
    variables.update(drift_check_result={"report": report}, drift_check_state_layers=state_layers)
    variables.update(dict((k, trust_as_template(v)) for k, v in task["platform_ops.ecs_ec2.security_group_rules_revoke"]
                          .items() if k in ("rules", "owned_group_ids")))
    return Templar(loader=DataLoader(), variables=variables).template(trust_as_template(expression))


def state(*resources):
    return {"exists": True, "resources": [dict(zip(("address", "type", "id"), r, strict=True)) for r in resources]}


STATES = {
    "network": state(("module.network.aws_vpc.this", "aws_vpc", "vpc-1")),
    "security": state((TASKS, "aws_security_group", "arn:aws:ec2:us-east-1:123456789012:security-group/sg-tasks"),
                      ("module.security.aws_security_group.alb", "aws_security_group",
                       "arn:aws:ec2:us-east-1:123456789012:security-group/sg-alb"),
                      ("module.security.aws_vpc_security_group_ingress_rule.alb_https",
                       "aws_vpc_security_group_ingress_rule", "sgr-declared")),
    "services": {"exists": False, "resources": []},
}


def report(*layers):
    return {"layers": [{"layer": name, "resources": resources} for name, resources in layers]}


def test_each_reported_rule_gets_its_group_id_from_the_layer_state():
    found = report(("network", [{"address": "module.network.aws_vpc.this", "attributes": []}]),
                   ("security", [{"address": TASKS, "unmanaged_rules": {"ingress": [SSH], "egress": [ALL_OUT]}}]))
    rules = render("{{ rules }}", found, STATES)
    assert rules == [dict(SSH, direction="ingress", address=TASKS, layer="security", group_id="sg-tasks"),
                     dict(ALL_OUT, direction="egress", address=TASKS, layer="security", group_id="sg-tasks")]
    assert sorted(render("{{ owned_group_ids }}", found, STATES)) == ["sg-alb", "sg-tasks"]
    assert render("{{ drift_check_unmanaged_rules | length > 0 }}", found, STATES) is True


def test_a_group_the_state_does_not_hold_gets_no_id_and_is_refused_by_the_module():
    found = report(("security", [{"address": "module.security.aws_security_group.gone", "unmanaged_rules": {
        "ingress": [SSH]}}]))
    [rule] = render("{{ rules }}", found, STATES)
    assert rule["group_id"] == ""


def test_no_unmanaged_rule_means_no_call():
    found = report(("network", [{"address": "module.network.aws_vpc.this", "attributes": []}]))
    assert render("{{ drift_check_unmanaged_rules | length > 0 }}", found, STATES) is False
