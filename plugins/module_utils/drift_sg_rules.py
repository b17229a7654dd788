# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Security group rules that exist in AWS but that no Terraform resource of the layer declares.

When rules are separate resources (aws_vpc_security_group_ingress_rule / _egress_rule / aws_security_group_rule), a
rule added by hand changes only the group's computed ``ingress`` / ``egress``: Terraform plans nothing and lists it
among many harmless refresh-only differences. This compares the refreshed group (``prior_state``) with the rule
resources of the same state, so an extra rule is found without the noise. Where no refreshed state is read (the drift
check's combined plan that changes nothing), the groups' rules come from EC2 (LiveGroups, with_live_rules).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

PROTOCOLS = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}
RULE_TYPES = {"aws_vpc_security_group_ingress_rule": "ingress", "aws_vpc_security_group_egress_rule": "egress"}
# Every resource type whose values unmanaged_rules reads: the groups and the rule resources.
GROUP_TYPE = "aws_security_group"
RULE_RESOURCE_TYPES = tuple(sorted(RULE_TYPES)) + ("aws_security_group_rule",)
INDEX = re.compile(r"\[[^\]]*\]")


def _walk(module):
    yield from module.get("resources") or []
    for child in module.get("child_modules") or []:
        yield from _walk(child)


def _configured(plan):
    """{address without instance keys: set(attributes set in the configuration)}."""
    found = {}

    def visit(module, prefix):
        for res in module.get("resources") or []:
            found[prefix + res.get("address", "")] = set((res.get("expressions") or {}).keys())
        for name, call in (module.get("module_calls") or {}).items():
            visit(call.get("module") or {}, "%smodule.%s." % (prefix, name))

    visit((plan.get("configuration") or {}).get("root_module") or {}, "")
    return found


def _sg(value):
    return (value or "").rsplit("/", 1)[-1]  # "123456789012/sg-1" and "sg-1" are the same group


def _proto(value):
    value = str(value).lower()
    return PROTOCOLS.get(value, value)


def _ports(protocol, from_port, to_port):
    return (None, None) if protocol == "-1" else (from_port, to_port)


def _atoms_of_group_entry(group_id, direction, entry):
    proto = _proto(entry.get("protocol"))
    ports = _ports(proto, entry.get("from_port"), entry.get("to_port"))
    sources = ["cidr_ipv4:%s" % c for c in entry.get("cidr_blocks") or []]
    sources += ["cidr_ipv6:%s" % c for c in entry.get("ipv6_cidr_blocks") or []]
    sources += ["prefix_list_id:%s" % p for p in entry.get("prefix_list_ids") or []]
    sources += ["security_group:%s" % _sg(s) for s in entry.get("security_groups") or []]
    if entry.get("self"):
        sources.append("security_group:%s" % group_id)
    return [(group_id, direction, proto) + ports + (source,) for source in sources]


def _atoms_of_rule(rtype, values):
    if rtype in RULE_TYPES:
        proto = _proto(values.get("ip_protocol"))
        ports = _ports(proto, values.get("from_port"), values.get("to_port"))
        for key in ("cidr_ipv4", "cidr_ipv6", "prefix_list_id"):
            if values.get(key):
                return [(values.get("security_group_id"), RULE_TYPES[rtype], proto) + ports
                        + ("%s:%s" % (key, values[key]),)]
        ref = values.get("referenced_security_group_id")
        return [(values.get("security_group_id"), RULE_TYPES[rtype], proto) + ports + ("security_group:%s" % _sg(ref),)]
    # aws_security_group_rule: one resource may hold several sources
    entry = {"protocol": values.get("protocol"), "from_port": values.get("from_port"),
             "to_port": values.get("to_port"), "cidr_blocks": values.get("cidr_blocks"),
             "ipv6_cidr_blocks": values.get("ipv6_cidr_blocks"), "prefix_list_ids": values.get("prefix_list_ids"),
             "security_groups": [values["source_security_group_id"]] if values.get("source_security_group_id") else [],
             "self": values.get("self")}
    return _atoms_of_group_entry(values.get("security_group_id"), values.get("type"), entry)


def _describe(atom):
    _group, _direction, proto, from_port, to_port, source = atom
    kind, _sep, value = source.partition(":")
    return {"protocol": proto, "from_port": from_port, "to_port": to_port, kind: value}


def unmanaged_rules(plan):
    """{group address: {"ingress": [rules], "egress": [rules]}} for rules no resource of the layer declares.

    Directions the group configures inline are left out: Terraform manages those itself and plans their drift.
    """
    values = (((plan.get("prior_state") or {}).get("values") or {}).get("root_module")) or {}
    resources = [r for r in _walk(values) if r.get("mode", "managed") == "managed"]
    managed = set()
    for res in resources:
        if res.get("type") in RULE_TYPES or res.get("type") == "aws_security_group_rule":
            managed.update(_atoms_of_rule(res["type"], res.get("values") or {}))
    configured = _configured(plan)
    found = {}
    for res in resources:
        if res.get("type") != "aws_security_group":
            continue
        group = res.get("values") or {}
        inline = configured.get(INDEX.sub("", res.get("address", "")), set())
        for direction in ("ingress", "egress"):
            if direction in inline:
                continue
            extra = []
            for entry in group.get(direction) or []:
                extra += [a for a in _atoms_of_group_entry(group.get("id"), direction, entry) if a not in managed]
            if extra:
                found.setdefault(res["address"], {})[direction] = [_describe(a) for a in sorted(extra, key=str)]
    return found


# ---- the groups' rules as EC2 lists them now, for a plan whose groups' state is not refreshed ----

def permission_entries(permissions):
    """EC2 IpPermissions in the shape of a group's ``ingress`` / ``egress`` entries in a plan's prior state."""
    return [{"protocol": p.get("IpProtocol"), "from_port": p.get("FromPort"), "to_port": p.get("ToPort"),
             "cidr_blocks": [r["CidrIp"] for r in p.get("IpRanges") or []],
             "ipv6_cidr_blocks": [r["CidrIpv6"] for r in p.get("Ipv6Ranges") or []],
             "prefix_list_ids": [r["PrefixListId"] for r in p.get("PrefixListIds") or []],
             "security_groups": [pair["GroupId"] for pair in p.get("UserIdGroupPairs") or []],
             "self": False}  # a pair naming the group itself is the same atom as self = true
            for p in permissions or []]


def group_ids(prior_state):
    values = (((prior_state or {}).get("values") or {}).get("root_module")) or {}
    return sorted(set((r.get("values") or {}).get("id") for r in _walk(values)
                      if r.get("type") == GROUP_TYPE and r.get("mode", "managed") == "managed"
                      and (r.get("values") or {}).get("id")))


def with_live_rules(prior_state, live):
    """``prior_state`` with every group's ``ingress`` and ``egress`` as ``live`` ({group id: {"ingress": entries,
    "egress": entries}}) has them; None when a group of the state is not in ``live``."""
    values = (((prior_state or {}).get("values") or {}).get("root_module")) or {}

    def module(node):
        resources = []
        for res in node.get("resources") or []:
            if res.get("type") == GROUP_TYPE and res.get("mode", "managed") == "managed":
                group_id = (res.get("values") or {}).get("id")
                if group_id not in live:
                    raise KeyError(group_id)
                res = dict(res, values=dict(res.get("values") or {}, **live[group_id]))
            resources.append(res)
        return dict(node, resources=resources, child_modules=[module(c) for c in node.get("child_modules") or []])

    try:
        return {"values": {"root_module": module(values)}}
    except KeyError:
        return None


class LiveGroups:
    """The rules of security groups as EC2 lists them (DescribeSecurityGroups: the call the provider's refresh of a
    group makes), through AwsClients (retries, one error type: AwsCallError)."""

    BATCH = 200

    def __init__(self, clients):
        self.clients = clients

    def read(self, ids):
        """{group id: {"ingress": entries, "egress": entries}} (permission_entries) of the groups ``ids``."""
        found, ids = {}, sorted(set(ids))
        for start in range(0, len(ids), self.BATCH):
            response = self.clients.call("ec2", "describe_security_groups", GroupIds=ids[start:start + self.BATCH])
            for group in response.get("SecurityGroups") or []:
                found[group["GroupId"]] = {"ingress": permission_entries(group.get("IpPermissions")),
                                           "egress": permission_entries(group.get("IpPermissionsEgress"))}
        return found


# ---- the same rules as EC2 lists them, so reconcile can revoke exactly what unmanaged_rules reported ----

PEERS = ("cidr_ipv4", "cidr_ipv6", "prefix_list_id", "security_group")


def rule_atom(group_id, direction, rule):
    """(group, direction, protocol, from, to, "kind:peer") of one rule as unmanaged_rules describes it."""
    proto = _proto(rule.get("protocol"))
    ports = _ports(proto, rule.get("from_port"), rule.get("to_port"))
    peers = ["%s:%s" % (k, _sg(rule[k]) if k == "security_group" else rule[k]) for k in PEERS if rule.get(k)]
    return (_sg(group_id), direction, proto) + ports + (peers[0] if len(peers) == 1 else None,)


def api_rule_atom(rule):
    """The same tuple for one entry of EC2 DescribeSecurityGroupRules."""
    return rule_atom(rule.get("GroupId"), "egress" if rule.get("IsEgress") else "ingress", {
        "protocol": rule.get("IpProtocol"), "from_port": rule.get("FromPort"), "to_port": rule.get("ToPort"),
        "cidr_ipv4": rule.get("CidrIpv4"), "cidr_ipv6": rule.get("CidrIpv6"),
        "prefix_list_id": rule.get("PrefixListId"),
        "security_group": (rule.get("ReferencedGroupInfo") or {}).get("GroupId")})
