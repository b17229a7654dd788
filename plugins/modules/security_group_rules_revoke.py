#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: security_group_rules_revoke
short_description: Revoke security group rules that no Terraform resource declares, on groups the project owns
version_added: 0.1.0
description:
  - Reconcile's step for the one kind of drift Terraform cannot revert, a rule added by hand to a security group
    whose rules the layers declare as separate resources. terraform_drift_info reports such rules on their group as
    C(unmanaged_rules); the drift_check role passes them here with the group's id from the layer's state.
  - Refuses, before any change, a rule whose group is not in I(owned_group_ids) (the security groups in the
    layers' states), so it never touches another group.
  - Finds each rule's id with C(DescribeSecurityGroupRules) and revokes exactly the listed rules by id (one
    C(RevokeSecurityGroupIngress) / C(RevokeSecurityGroupEgress) call per group and direction). A listed rule that
    no longer exists is reported in RV(already_absent), so a re-run is harmless.
  - Supports check mode (reports what it would revoke, revokes nothing).
author:
  - Platform engineering (@platform-ops)
options:
  rules:
    description: The rules to revoke, as terraform_drift_info's C(unmanaged_rules) lists them, plus the group and
      the direction. Exactly one peer option per rule.
    type: list
    elements: dict
    required: true
    suboptions:
      group_id:
        description: The security group's id (C(sg-...)).
        type: str
        required: true
      direction:
        description: Rule direction.
        type: str
        required: true
        choices: [ingress, egress]
      protocol:
        description: C(tcp), C(udp), C(icmp), C(icmpv6), C(-1) (all) or a protocol number.
        type: str
        required: true
      from_port:
        description: First port (ICMP type); unset for all protocols.
        type: int
      to_port:
        description: Last port (ICMP code); unset for all protocols.
        type: int
      cidr_ipv4:
        description: IPv4 CIDR peer.
        type: str
      cidr_ipv6:
        description: IPv6 CIDR peer.
        type: str
      prefix_list_id:
        description: Prefix list peer.
        type: str
      security_group:
        description: Security group peer (id).
        type: str
      address:
        description: Terraform address of the group, only repeated in the result.
        type: str
      layer:
        description: Layer of the group, only repeated in the result.
        type: str
  owned_group_ids:
    description: The security groups the project owns (those in the layers' states). A rule on any other group is
      refused.
    type: list
    elements: str
    required: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - platform_ops.ecs_ec2.retries
"""

EXAMPLES = r"""
- name: Revoke the SSH rule someone added by hand to the tasks' group
  platform_ops.ecs_ec2.security_group_rules_revoke:
    owned_group_ids: [sg-0123456789abcdef0, sg-0fedcba9876543210]
    rules:
      - group_id: sg-0123456789abcdef0
        direction: ingress
        protocol: tcp
        from_port: 22
        to_port: 22
        cidr_ipv4: 0.0.0.0/0
        address: module.security.aws_security_group.tasks
        layer: security
  register: revoked
"""

RETURN = r"""
revoked:
  description: Rules revoked (in check mode, that would be), each as given plus C(rule_id).
  returned: always
  type: list
  elements: dict
  sample:
    - group_id: sg-0123456789abcdef0
      direction: ingress
      protocol: tcp
      from_port: 22
      to_port: 22
      cidr_ipv4: 0.0.0.0/0
      rule_id: sgr-0abc
      address: module.security.aws_security_group.tasks
      layer: security
already_absent:
  description: Listed rules that no longer exist (removed meanwhile), as given.
  returned: always
  type: list
  elements: dict
summary:
  description: One line per rule revoked or already absent, for the play's output.
  returned: always
  type: list
  elements: str
  sample:
    - "revoked sgr-0abc: ingress tcp 22-22 cidr_ipv4 0.0.0.0/0 on sg-0123456789abcdef0 (security:
      module.security.aws_security_group.tasks)"
api_calls:
  description: AWS API calls made, per service.
  returned: always
  type: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import (
    RETRY_ARGUMENT_SPEC,
    AwsCallError,
    AwsClients,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_sg_rules import (
    PEERS,
    api_rule_atom,
    rule_atom,
)

RUNBOOK = "Runbook: docs/runbooks.md#drift-found"
RULE_KEYS = ("group_id", "direction", "protocol", "from_port", "to_port") + PEERS + ("address", "layer")

RULE_GONE = "InvalidSecurityGroupRuleId.NotFound"


def describe(rule):
    """``ingress tcp 22-22 cidr_ipv4 0.0.0.0/0 on sg-1 (security: module...tasks)``."""
    ports = "all ports" if rule.get("from_port") is None else "%s-%s" % (rule["from_port"], rule.get("to_port"))
    peer = " ".join("%s %s" % (k, rule[k]) for k in PEERS if rule.get(k)) or "(no peer)"
    where = " (%s: %s)" % (rule.get("layer") or "?", rule["address"]) if rule.get("address") else ""
    return "%s %s %s %s on %s%s" % (rule["direction"], rule["protocol"], ports, peer, rule["group_id"], where)


class RuleRevoker:
    def __init__(self, module, clients):
        self.module = module
        self.aws = clients

    def refusals(self, rules, owned):
        """Why some rules must not be touched: a group the project does not own, or not exactly one peer."""
        owned = set(owned)
        problems = []
        for rule in rules:
            if rule["group_id"] not in owned:
                problems.append("%s: group %r is not one of the security groups in the layers' states (%s)"
                                % (describe(rule), rule["group_id"], ", ".join(sorted(owned)) or "none"))
            elif sum(1 for k in PEERS if rule.get(k)) != 1:
                problems.append("%s: a rule needs exactly one of %s" % (describe(rule), ", ".join(PEERS)))
        return problems

    def existing(self, group_ids):
        """{atom: [rule ids]} of every rule of the groups, as EC2 lists them."""
        found = {}
        listed = self.aws.paginate("ec2", "describe_security_group_rules", "SecurityGroupRules",
                                   Filters=[{"Name": "group-id", "Values": sorted(group_ids)}])
        for rule in listed:
            found.setdefault(api_rule_atom(rule), []).append(rule["SecurityGroupRuleId"])
        return found

    def revoke(self, group_id, direction, ids):
        """Revoke the rule IDs; returns those that were gone already. A batch naming a rule that is gone (revoked by
        someone else since it was listed, or by the first attempt of a retried call) is refused as a whole, so it is
        redone one rule at a time and a rule found gone counts as already absent."""
        operation = "revoke_security_group_%s" % direction
        try:
            self.aws.call("ec2", operation, GroupId=group_id, SecurityGroupRuleIds=ids)
            return set()
        except AwsCallError as exc:
            if exc.code != RULE_GONE or len(ids) == 1:
                if exc.code == RULE_GONE:
                    return set(ids)
                raise
        gone = set()
        for rule_id in ids:
            gone |= self.revoke(group_id, direction, [rule_id])
        return gone

    def run(self, rules, owned):
        refused = self.refusals(rules, owned)
        if refused:
            self.module.fail_json(msg="Refusing to revoke any rule (nothing was changed):\n%s\nOnly rules on the "
                                      "groups the layers' states hold are revoked; remove others by hand. %s"
                                      % ("\n".join(refused), RUNBOOK), revoked=[], already_absent=[])
        rules = [dict((k, r.get(k)) for k in RULE_KEYS if r.get(k) is not None) for r in rules]
        existing = self.existing(set(r["group_id"] for r in rules)) if rules else {}
        revoked, absent, batches = [], [], {}
        for rule in rules:
            ids = existing.get(rule_atom(rule["group_id"], rule["direction"], rule), [])
            if not ids:
                absent.append(rule)
                continue
            for rule_id in ids:
                revoked.append(dict(rule, rule_id=rule_id))
                batches.setdefault((rule["group_id"], rule["direction"]), []).append(rule_id)
        if not self.module.check_mode:
            gone = set()
            for (group_id, direction), ids in sorted(batches.items()):
                try:
                    gone |= self.revoke(group_id, direction, sorted(set(ids)))
                except AwsCallError as exc:
                    done = [r for r in revoked if (r["group_id"], r["direction"]) < (group_id, direction)]
                    self.module.fail_json(msg="Could not revoke %s rule(s) %s of %s: %s\n%s"
                                          % (direction, ", ".join(ids), group_id, exc.describe(), RUNBOOK),
                                          revoked=done, already_absent=absent, api_calls=self.aws.api_calls)
            absent += [r for r in revoked if r["rule_id"] in gone]
            revoked = [r for r in revoked if r["rule_id"] not in gone]
        verb = "would revoke" if self.module.check_mode else "revoked"
        summary = ["%s %s: %s" % (verb, r["rule_id"], describe(r)) for r in revoked]
        summary += ["already absent: %s" % describe(r) for r in absent]
        return revoked, absent, summary


def main():
    peer = dict(type="str")
    module = AnsibleAWSModule(
        argument_spec=dict(
            rules=dict(type="list", elements="dict", required=True, options=dict(
                group_id=dict(type="str", required=True),
                direction=dict(type="str", required=True, choices=["ingress", "egress"]),
                protocol=dict(type="str", required=True),
                from_port=dict(type="int"),
                to_port=dict(type="int"),
                cidr_ipv4=peer, cidr_ipv6=peer, prefix_list_id=peer, security_group=peer,
                address=dict(type="str"),
                layer=dict(type="str"),
            )),
            owned_group_ids=dict(type="list", elements="str", required=True),
            **RETRY_ARGUMENT_SPEC
        ),
        supports_check_mode=True,
    )
    clients = AwsClients.from_module(module)
    try:
        revoked, absent, summary = RuleRevoker(module, clients).run(module.params["rules"],
                                                                    module.params["owned_group_ids"])
    except AwsCallError as exc:
        module.fail_json(msg="%s\n%s" % (exc.describe(), RUNBOOK), error_code=exc.code, api_calls=clients.api_calls)
    module.exit_json(changed=bool(revoked), revoked=revoked, already_absent=absent, summary=summary,
                     api_calls=clients.api_calls)


if __name__ == "__main__":
    main()
