# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Security group rules that exist in AWS but that no Terraform resource of the layer declares.

When rules are separate resources (aws_vpc_security_group_ingress_rule / _egress_rule / aws_security_group_rule), a
rule added by hand changes only the group's computed ``ingress`` / ``egress``: Terraform plans nothing and lists it
among many harmless refresh-only differences. This compares the refreshed group (``prior_state``) with the rule
resources of the same state, so an extra rule is found without the noise.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

PROTOCOLS = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}
RULE_TYPES = {"aws_vpc_security_group_ingress_rule": "ingress", "aws_vpc_security_group_egress_rule": "egress"}
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
    kind, _, value = source.partition(":")
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
