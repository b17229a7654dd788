"""A Route 53 record deleted and created again with the same values (route53-create-after-delete)."""

import pytest
from botocore.exceptions import ClientError


def alias_change(action: str, zone_id: str) -> dict:
    # The shape terraform-provider-aws sends for an A alias to an ALB (aws_route53_record with alias {}), at the
    # zone's apex like the demo's record: moto's journal check then finds the zone's own NS and SOA records.
    return {"Action": action, "ResourceRecordSet": {
        "Name": "example.test", "Type": "A",
        "AliasTarget": {"HostedZoneId": "Z35SXDOTRQ7X7K", "DNSName": "app-alb-1.us-east-1.elb.amazonaws.com",
                        "EvaluateTargetHealth": True}}}


def create_delete_create(server, name: str):
    r53 = server.client("route53")
    zone_id = r53.create_hosted_zone(Name="example.test", CallerReference=name)["HostedZone"]["Id"]
    for action in ("CREATE", "DELETE"):
        r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [alias_change(action, zone_id)]})
    return r53, zone_id


def a_records(r53, zone_id: str) -> list:
    found = r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    return [r["Name"] for r in found if r["Type"] == "A"]


def test_route53_create_after_delete_fixed(fixed, name):
    r53, zone_id = create_delete_create(fixed, name)
    assert a_records(r53, zone_id) == []
    # The new deploy after a destroy: the same record again.
    r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [alias_change("CREATE", zone_id)]})
    assert a_records(r53, zone_id) == ["example.test."]
    # A record that exists is still refused, as on AWS.
    with pytest.raises(ClientError) as refused:
        r53.change_resource_record_sets(HostedZoneId=zone_id,
                                        ChangeBatch={"Changes": [alias_change("CREATE", zone_id)]})
    assert refused.value.response["Error"]["Code"] == "InvalidChangeBatch"
    assert "already exists" in refused.value.response["Error"]["Message"]


def test_route53_create_after_delete_gap_visible_unfixed(unfixed, name):
    r53, zone_id = create_delete_create(unfixed, name)
    assert a_records(r53, zone_id) == []  # deleted
    with pytest.raises(ClientError) as refused:  # and yet "already exists"
        r53.change_resource_record_sets(HostedZoneId=zone_id,
                                        ChangeBatch={"Changes": [alias_change("CREATE", zone_id)]})
    assert "already exists" in refused.value.response["Error"]["Message"]
