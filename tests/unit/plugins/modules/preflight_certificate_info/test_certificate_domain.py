"""The certificate covers the domain, by exact name or a one-label wildcard."""

import boto3
import moto.settings
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_certificate import (
    CertificateCheck,
    name_covers,
)


def test_name_covers():
    assert name_covers("*.example.com", "app.example.com")
    assert name_covers("App.Example.com.", "app.example.com")
    assert not name_covers("*.example.com", "example.com")
    assert not name_covers("*.example.com", "a.b.example.com")
    assert not name_covers("other.com", "app.example.com")


def test_domain_not_covered(api, monkeypatch):
    monkeypatch.setattr(moto.settings, "ACM_VALIDATION_WAIT", -1)
    arn = boto3.client("acm").request_certificate(DomainName="example.com",
                                                  SubjectAlternativeNames=["example.com", "*.example.com"])[
        "CertificateArn"]
    assert CertificateCheck(api, arn, "api.example.com").run()["problems"].as_list() == []
    problems = CertificateCheck(api, arn, "deep.api.example.com").run()["problems"].as_list()
    assert [(p["key"], p["value"]) for p in problems] == [("ecs_domain_name", "deep.api.example.com")]
    assert "covers only *.example.com, example.com" in problems[0]["reason"]
