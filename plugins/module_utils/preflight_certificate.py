# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""Load balancer inputs: the ACM certificate exists, is ISSUED, is in the region and covers the domain."""

from __future__ import annotations

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import (
    AwsCallError,
    KeyNames,
    Problems,
    arn_format_errors,
    has_wildcard,
    parse_arn,
)

KEYS = dict(certificate_arn="ecs_certificate_arn", domain_name="ecs_domain_name")


def name_covers(pattern, domain):
    """True when a certificate name (maybe *.example.com) covers `domain`; a wildcard covers exactly one label."""
    pattern, domain = pattern.lower().rstrip("."), domain.lower().rstrip(".")
    if pattern == domain:
        return True
    if pattern.startswith("*."):
        head, _dummy, tail = domain.partition(".")
        return bool(head) and tail == pattern[2:]
    return False


class CertificateCheck:
    def __init__(self, api, certificate_arn, domain_name=None, key_names=None):
        self.api = api
        self.arn = certificate_arn or ""
        self.domain = domain_name or None
        self.keys = KeyNames(KEYS, key_names)
        self.problems = Problems()

    def run(self):
        seen = dict(arn=self.arn, status=None, domain_name=None, subject_alternative_names=[], not_after=None,
                    covers_domain=None)
        key = self.keys("certificate_arn")
        parts = parse_arn(self.arn)
        errors = ["contains a wildcard"] if has_wildcard(self.arn) else []
        if parts is None:
            errors.append("is not an ARN (expected arn:PARTITION:acm:REGION:ACCOUNT:certificate/ID)")
        else:
            errors.extend(arn_format_errors(parts, ("acm",)))
            if not parts["resource"].startswith("certificate/"):
                errors.append("its resource must be certificate/ID")
        for error in errors:
            self.problems.add(key, self.arn, f"the certificate ARN {error}", "Write the full ACM certificate ARN")
        if errors:
            return dict(problems=self.problems, certificate=seen)
        if parts["region"] != self.api.region:
            self.problems.add(key, self.arn,
                              f"the certificate is in {parts['region']}; an ALB in {self.api.region} can only use "
                              "a certificate from its own region",
                              f"Request or import the certificate in {self.api.region}")
            return dict(problems=self.problems, certificate=seen)
        try:
            cert = self.api.call("acm", "describe_certificate", CertificateArn=self.arn)["Certificate"]
        except AwsCallError as exc:
            if exc.fatal:
                raise
            if exc.code == "ResourceNotFoundException":
                self.problems.add(key, self.arn, "the certificate does not exist",
                                  "Request or import it in ACM, or correct the ARN")
            else:
                self.problems.add(key, self.arn, f"the certificate could not be checked ({exc.code}: "
                                  f"{exc.message})", "Allow acm:DescribeCertificate to the deploying identity")
            return dict(problems=self.problems, certificate=seen)
        names = sorted(set(cert.get("SubjectAlternativeNames") or []) | {cert.get("DomainName")} - {None})
        seen.update(status=cert.get("Status"), domain_name=cert.get("DomainName"), subject_alternative_names=names,
                    not_after=str(cert["NotAfter"]) if cert.get("NotAfter") else None)
        if seen["status"] != "ISSUED":
            self.problems.add(key, self.arn, f"the certificate status is {seen['status']}, not ISSUED",
                              "Complete its DNS validation (or renew/re-import it) before deploying the ALB")
        if self.domain:
            seen["covers_domain"] = any(name_covers(name, self.domain) for name in names)
            if not seen["covers_domain"]:
                self.problems.add(self.keys("domain_name"), self.domain,
                                  f"the certificate {self.arn} covers only {', '.join(names) or 'no names'}",
                                  "Use a certificate whose domain or SANs include this name, or correct the domain")
        return dict(problems=self.problems, certificate=seen)
