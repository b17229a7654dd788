"""The certificate exists, is ISSUED, and is in the deployment's region."""

import boto3
import moto.settings
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_certificate import CertificateCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import preflight_certificate_info


def _request(domain="app.example.com", sans=None):
    return boto3.client("acm").request_certificate(DomainName=domain, SubjectAlternativeNames=sans or [domain])[
        "CertificateArn"]


def test_issued_certificate_passes(api, monkeypatch):
    monkeypatch.setattr(moto.settings, "ACM_VALIDATION_WAIT", -1)  # moto issues requested certificates at once
    arn = _request()
    result = CertificateCheck(api, arn, "app.example.com").run()
    assert result["problems"].as_list() == []
    assert result["certificate"]["status"] == "ISSUED" and result["certificate"]["covers_domain"] is True
    assert api.api_calls == {"acm": 1}


def test_unissued_certificate(api):
    arn = _request()
    problems = CertificateCheck(api, arn).run()["problems"].as_list()
    assert [(p["key"], p["reason"]) for p in problems] == [
        ("ecs_certificate_arn", "the certificate status is PENDING_VALIDATION, not ISSUED")]


def test_missing_certificate(api):
    arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
    problems = CertificateCheck(api, arn).run()["problems"].as_list()
    assert [p["reason"] for p in problems] == ["the certificate does not exist"]


def test_other_region_and_malformed(api):
    other = CertificateCheck(api, "arn:aws:acm:eu-west-1:123456789012:certificate/abc").run()
    assert "an ALB in us-east-1 can only use a certificate from its own region" in \
        other["problems"].as_list()[0]["reason"]
    bad = CertificateCheck(api, "arn:aws:acm:us-east-1:123456789012:cert/*").run()["problems"].as_list()
    assert len(bad) == 2
    assert sum(api.api_calls.values()) == 0


def test_main_fails_for_unissued(moto, run_main):
    arn = _request()
    failed, result = run_main(preflight_certificate_info.main, {"certificate_arn": arn})
    assert failed
    assert f"ecs_certificate_arn = {arn}: the certificate status is PENDING_VALIDATION" in result["msg"]
