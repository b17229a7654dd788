"""ecs_route53_zone_id on the emulator: site.yml created the A alias record of ecs_domain_name to the ALB in the zone
the fixtures made, and it is in the loadbalancer layer's state (so destroy.yml removes it with the layer)."""

from pathlib import Path

import yaml


def test_the_alias_record_points_the_domain_at_the_alb(deployment, local_inventory):
    generated = yaml.safe_load((Path(local_inventory) / "group_vars" / "all" / "generated_fixtures.yml").read_text())
    zone_id = generated["emulator_fixture_arns"]["demo_zone"]
    alb = deployment.emulator.client("elbv2").describe_load_balancers()["LoadBalancers"][0]
    records = deployment.emulator.client("route53").list_resource_record_sets(HostedZoneId=zone_id)[
        "ResourceRecordSets"]
    aliases = [r for r in records if r["Name"] == "demo.local.test." and r["Type"] == "A"]
    assert len(aliases) == 1, records
    target = aliases[0]["AliasTarget"]
    assert target["DNSName"].rstrip(".").lower() == alb["DNSName"].lower()
    assert target["HostedZoneId"] == alb["CanonicalHostedZoneId"]
    assert target["EvaluateTargetHealth"] is True
    assert not [r for r in records if r["Type"] == "AAAA"]  # the ALB is IPv4 only
    managed = [(r["type"], i["attributes"]["zone_id"], i["attributes"]["name"])
               for r in deployment.state("loadbalancer")["resources"] if r["mode"] == "managed"
               for i in r["instances"] if r["type"] == "aws_route53_record"]
    assert managed == [("aws_route53_record", zone_id, "demo.local.test")]
