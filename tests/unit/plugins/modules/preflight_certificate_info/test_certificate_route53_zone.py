"""The Route 53 zone of the alias record exists (GetHostedZone only) and holds ecs_domain_name."""

import boto3
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_dns import HostedZoneCheck, in_zone
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import preflight_certificate_info
from moto import settings as moto_settings


def _zone(name="example.com", private=False):
    kwargs = {}
    if private:
        vpc = boto3.client("ec2").create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        kwargs = dict(VPC={"VPCRegion": "us-east-1", "VPCId": vpc}, HostedZoneConfig={"PrivateZone": True})
    zone = boto3.client("route53").create_hosted_zone(Name=name, CallerReference=name, **kwargs)["HostedZone"]
    return zone["Id"].split("/")[-1]


def _problems(result):
    return [(p["key"], p["value"], p["reason"]) for p in result["problems"].as_list()]


def test_in_zone():
    assert in_zone("example.com", "example.com.")
    assert in_zone("shop.example.com", "Example.com.")
    assert not in_zone("badexample.com", "example.com.")
    assert not in_zone("example.com", "shop.example.com.")


def test_domain_inside_an_existing_zone_passes(api):
    zone_id = _zone()
    result = HostedZoneCheck(api, zone_id, "shop.example.com").run()
    assert _problems(result) == []
    assert result["hosted_zone"] == dict(id=zone_id, name="example.com.", private_zone=False, contains_domain=True)
    assert api.api_calls == {"route53": 1}


def test_missing_zone(api):
    result = HostedZoneCheck(api, "Z0000000000000000000", "shop.example.com").run()
    assert _problems(result) == [("ecs_route53_zone_id", "Z0000000000000000000", "the hosted zone does not exist")]


def test_domain_outside_the_zone(api):
    zone_id = _zone("example.com")
    problems = HostedZoneCheck(api, zone_id, "shop.example.org").run()["problems"].as_list()
    assert [(p["key"], p["value"]) for p in problems] == [("ecs_domain_name", "shop.example.org")]
    assert problems[0]["reason"] == ("it is not inside the hosted zone example.com. (%s), so the alias record cannot "
                                     "be created there" % zone_id)
    assert problems[0]["action"].startswith("Use a name ending in example.com")


def test_malformed_zone_id_and_missing_domain_make_no_call(api):
    result = HostedZoneCheck(api, "/hostedzone/Z0123", "").run()
    assert [p[0] for p in _problems(result)] == ["ecs_domain_name", "ecs_route53_zone_id"]
    assert sum(api.api_calls.values()) == 0


def test_domain_terraform_would_refuse(api):
    zone_id = _zone()
    problems = _problems(HostedZoneCheck(api, zone_id, "Shop.Example.com.").run())
    assert [(k, v) for k, v, _r in problems] == [("ecs_domain_name", "Shop.Example.com.")]
    assert "not a lower-case DNS name" in problems[0][2]


def test_private_zone_is_reported(api):
    zone_id = _zone("internal.example", private=True)
    result = HostedZoneCheck(api, zone_id, "shop.internal.example").run()
    assert _problems(result) == [] and result["hosted_zone"]["private_zone"] is True


def test_main_lists_certificate_and_zone_problems_in_the_project_shape(moto, run_main, monkeypatch):
    monkeypatch.setattr(moto_settings, "ACM_VALIDATION_WAIT", -1)
    arn = boto3.client("acm").request_certificate(DomainName="shop.example.org")["CertificateArn"]
    zone_id = _zone("example.com")
    failed, result = run_main(preflight_certificate_info.main, {
        "certificate_arn": arn, "domain_name": "shop.example.org", "route53_zone_id": zone_id})
    assert failed
    assert ("ecs_domain_name = shop.example.org: it is not inside the hosted zone example.com. (%s), so the alias "
            "record cannot be created there. Use a name ending in example.com" % zone_id) in result["msg"]
    assert result["hosted_zone"]["contains_domain"] is False
    assert result["api_calls"] == {"acm": 1, "route53": 1}


def test_main_without_zone_makes_no_route53_call(moto, run_main, monkeypatch):
    monkeypatch.setattr(moto_settings, "ACM_VALIDATION_WAIT", -1)
    arn = boto3.client("acm").request_certificate(DomainName="shop.example.com")["CertificateArn"]
    failed, result = run_main(preflight_certificate_info.main,
                              {"certificate_arn": arn, "domain_name": "shop.example.com"})
    assert not failed and "hosted_zone" not in result and result["api_calls"] == {"acm": 1}
