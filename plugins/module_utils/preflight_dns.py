# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""The Route 53 zone of the ALB's alias record: it exists (GetHostedZone, describe only) and holds the domain."""

from __future__ import annotations

import re

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsCallError, KeyNames, Problems

KEYS = dict(route53_zone_id="ecs_route53_zone_id", domain_name="ecs_domain_name")
# Route 53 hosted zone IDs are upper-case letters and digits (the alb module's validation says the same).
ZONE_ID_RE = re.compile(r"^[A-Z0-9]{1,32}$")
# What the alb module accepts as the record name: lower-case labels, no trailing dot, no wildcard.
DOMAIN_RE = re.compile(r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$")
ZONE_NOT_FOUND = {"NoSuchHostedZone"}


def in_zone(domain, zone_name):
    """True when `domain` is the zone's apex or a name below it (zone names end with a dot in Route 53)."""
    domain, zone = domain.lower().rstrip("."), zone_name.lower().rstrip(".")
    return domain == zone or domain.endswith("." + zone)


class HostedZoneCheck:
    def __init__(self, api, zone_id, domain_name=None, key_names=None):
        self.api = api
        self.zone_id = zone_id or ""
        self.domain = domain_name or ""
        self.keys = KeyNames(KEYS, key_names)
        self.problems = Problems()

    def run(self):
        seen = dict(id=self.zone_id, name=None, private_zone=None, contains_domain=None)
        zone_key, domain_key = self.keys("route53_zone_id"), self.keys("domain_name")
        domain_ok = self._domain_shape(domain_key, zone_key)
        if self.zone_id.startswith("/hostedzone/") or not ZONE_ID_RE.match(self.zone_id):
            self.problems.add(zone_key, self.zone_id, "it is not a hosted zone ID (upper-case letters and digits, "
                              "without /hostedzone/)", "Write the bare ID that `aws route53 list-hosted-zones` shows "
                              "after /hostedzone/, e.g. Z0123456789ABCDEFGHIJ")
            return dict(problems=self.problems, hosted_zone=seen)
        try:
            zone = self.api.call("route53", "get_hosted_zone", Id=self.zone_id)["HostedZone"]
        except AwsCallError as exc:
            if exc.fatal:
                raise
            if exc.code in ZONE_NOT_FOUND:
                self.problems.add(zone_key, self.zone_id, "the hosted zone does not exist",
                                  "Create the zone (outside this project) or correct the ID")
            else:
                self.problems.add(zone_key, self.zone_id, f"the hosted zone could not be checked ({exc.code}: "
                                  f"{exc.message})", "Allow route53:GetHostedZone to the deploying identity")
            return dict(problems=self.problems, hosted_zone=seen)
        seen.update(name=zone.get("Name"), private_zone=bool((zone.get("Config") or {}).get("PrivateZone")))
        if domain_ok:
            seen["contains_domain"] = in_zone(self.domain, seen["name"] or "")
            if not seen["contains_domain"]:
                self.problems.add(domain_key, self.domain, f"it is not inside the hosted zone {seen['name']} "
                                  f"({self.zone_id}), so the alias record cannot be created there",
                                  f"Use a name ending in {(seen['name'] or '').rstrip('.')}, or the zone that holds "
                                  "the domain")
        return dict(problems=self.problems, hosted_zone=seen)

    def _domain_shape(self, key, zone_key):
        if not self.domain:
            self.problems.add(key, self.domain, f"{zone_key} is set, and the alias record it gets needs this name",
                              f"Set {key} to the name the ALB serves, or unset {zone_key}")
            return False
        if not DOMAIN_RE.match(self.domain):
            self.problems.add(key, self.domain, "it is not a lower-case DNS name (letters, digits and '-' in "
                              "dot-separated labels, no trailing dot, no wildcard)", "Write it like shop.example.com")
            return False
        return True
