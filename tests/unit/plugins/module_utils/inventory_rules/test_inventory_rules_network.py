"""Network rules: CIDR syntax and sizes, subnets inside the VPC, no overlap, counts per AZ, AZs of the region."""

import ipaddress

import pytest


def test_the_valid_inventory_passes_every_rule(inventory, check):
    assert check(inventory) == []


@pytest.mark.parametrize("cidr, why", [
    ("10.40.0.0/33", "prefix /33 is not an IPv4 prefix length"),
    ("10.0.0.0/8", "between /16 and /28, not /8"),
    ("10.40.0.0/29", "between /16 and /28, not /29"),
    ("10.40.0.0", "not an IPv4 CIDR block"),
    ("10.400.0.0/16", "10.400.0.0 is not an IPv4 address"),
    ("10.40.0.1/16", "the network address of this block is 10.40.0.0/16"),
])
def test_a_bad_vpc_cidr_is_refused_with_the_reason(inventory, check, cidr, why):
    inventory["ecs_vpc_cidr"] = cidr
    found = [f for f in check(inventory) if f["key"] == "ecs_vpc_cidr"]
    assert len(found) == 1 and found[0]["rule"] == "network.vpc_cidr"
    assert found[0]["value"] == cidr and why in found[0]["reason"]


def test_the_vpc_size_limits_are_inclusive(inventory, check):
    for cidr in ("10.40.0.0/16", "10.40.0.0/28"):
        inventory["ecs_vpc_cidr"] = cidr
        # a /28 VPC cannot hold the example's subnets: only the VPC's own finding matters here
        assert [f for f in check(inventory) if f["key"] == "ecs_vpc_cidr"] == [], cidr


def test_a_subnet_outside_the_vpc_is_refused(inventory, check, keys_of):
    inventory["ecs_public_subnet_cidrs"] = ["10.41.0.0/24", "10.40.1.0/24"]
    found = check(inventory)
    assert keys_of(found) == ["ecs_public_subnet_cidrs[0]"]
    assert found[0]["rule"] == "network.subnet_in_vpc"
    assert "not inside the VPC CIDR block 10.40.0.0/16" in found[0]["reason"]


def test_a_subnet_larger_than_the_vpc_is_outside_it(inventory, check, keys_of):
    inventory["ecs_vpc_cidr"] = "10.40.0.0/20"
    inventory["ecs_private_subnet_cidrs"] = ["10.40.0.0/16", "10.40.11.0/24"]
    found = check(inventory)
    assert "ecs_private_subnet_cidrs[0]" in keys_of(found, "network.subnet_in_vpc")


@pytest.mark.parametrize("public, private, key, other", [
    (["10.40.0.0/24", "10.40.1.0/24"], ["10.40.1.128/25", "10.40.11.0/24"], "ecs_private_subnet_cidrs[0]",
     "ecs_public_subnet_cidrs[1]"),
    (["10.40.0.0/23", "10.40.1.0/24"], ["10.40.10.0/24", "10.40.11.0/24"], "ecs_public_subnet_cidrs[1]",
     "ecs_public_subnet_cidrs[0]"),
    (["10.40.0.0/24", "10.40.1.0/24"], ["10.40.10.0/24", "10.40.10.0/24"], "ecs_private_subnet_cidrs[1]",
     "ecs_private_subnet_cidrs[0]"),
])
def test_overlapping_subnets_are_refused_naming_both(inventory, check, public, private, key, other):
    inventory["ecs_public_subnet_cidrs"], inventory["ecs_private_subnet_cidrs"] = public, private
    found = [f for f in check(inventory) if f["rule"] == "network.subnet_overlap"]
    assert [f["key"] for f in found] == [key]
    assert other in found[0]["reason"]


def test_every_pair_of_subnets_is_compared(inventory, check):
    """The expectation is recomputed with ipaddress over all pairs, independently of the rule's loop."""
    inventory["ecs_azs"] = ["us-east-1a", "us-east-1b", "us-east-1c"]
    public = ["10.40.0.0/22", "10.40.2.0/24", "10.40.8.0/24"]
    private = ["10.40.8.0/25", "10.40.16.0/24", "10.40.16.128/25"]
    inventory["ecs_public_subnet_cidrs"], inventory["ecs_private_subnet_cidrs"] = public, private
    nets = [ipaddress.ip_network(c) for c in public + private]
    expected = sum(1 for i, n in enumerate(nets) if any(n.overlaps(m) for m in nets[:i]))
    found = [f for f in check(inventory) if f["rule"] == "network.subnet_overlap"]
    assert len(found) == expected == 3


@pytest.mark.parametrize("cidr", ["10.40.0.0/29", "10.40.0.0/15", "10.40.0.5/24", "nonsense"])
def test_a_bad_subnet_cidr_is_refused(inventory, check, keys_of, cidr):
    inventory["ecs_private_subnet_cidrs"] = ["10.40.10.0/24", cidr]
    found = check(inventory)
    assert keys_of(found) == ["ecs_private_subnet_cidrs[1]"]
    assert found[0]["rule"] == "network.subnet_cidr"


def test_subnet_counts_must_match_the_azs(inventory, check, keys_of):
    inventory["ecs_azs"] = ["us-east-1a", "us-east-1b", "us-east-1c"]
    found = check(inventory)
    assert keys_of(found, "network.subnet_count") == ["ecs_private_subnet_cidrs", "ecs_public_subnet_cidrs"]
    assert "2 CIDR block(s) for 3 availability zone(s)" in found[0]["reason"]


@pytest.mark.parametrize("azs, key, why", [
    (["us-east-1a"], "ecs_azs", "at least 2 distinct"),
    (["us-east-1a", "us-west-2b"], "ecs_azs[1]", "not in the deployment's region us-east-1"),
    (["us-east-1a", "use1-az1"], "ecs_azs[1]", "not an availability zone name"),
    (["us-east-1a", "us-east-1a"], "ecs_azs[1]", "listed twice"),
])
def test_azs_must_be_distinct_zones_of_the_region(inventory, check, azs, key, why):
    inventory["ecs_azs"] = azs
    inventory["ecs_public_subnet_cidrs"] = inventory["ecs_public_subnet_cidrs"][:len(azs)]
    inventory["ecs_private_subnet_cidrs"] = inventory["ecs_private_subnet_cidrs"][:len(azs)]
    found = [f for f in check(inventory) if f["rule"] == "network.azs"]
    assert any(f["key"] == key and why in f["reason"] for f in found), found


def test_endpoints_and_flow_log_retention(inventory, check, keys_of):
    inventory["ecs_interface_endpoints"] = ["ssm", "ssm", "ECR API"]
    inventory["ecs_flow_log_retention_days"] = 31
    assert keys_of(check(inventory)) == ["ecs_flow_log_retention_days", "ecs_interface_endpoints[1]",
                                         "ecs_interface_endpoints[2]"]
