"""EC2 honours ClientToken (ec2-client-token): an SDK retry of a create whose first answer was lost gets the first
result back instead of a second resource or an "already in use" error."""

import pytest
from botocore.exceptions import ClientError


def _route_tables(server, name):
    ec2 = server.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    tags = [{"ResourceType": "route-table", "Tags": [{"Key": "Name", "Value": name}]}]
    first = ec2.create_route_table(VpcId=vpc, ClientToken=name, TagSpecifications=tags)["RouteTable"]["RouteTableId"]
    again = ec2.create_route_table(VpcId=vpc, ClientToken=name, TagSpecifications=tags)["RouteTable"]["RouteTableId"]
    found = ec2.describe_route_tables(Filters=[{"Name": "tag:Name", "Values": [name]}])["RouteTables"]
    return ec2, vpc, first, again, sorted(t["RouteTableId"] for t in found)


def test_ec2_client_token_fixed(fixed, name):
    ec2, vpc, first, again, found = _route_tables(fixed, name)
    assert again == first and found == [first]
    # The same token with other parameters is refused, as AWS does; a new token makes a new table.
    other_vpc = ec2.create_vpc(CidrBlock="10.43.0.0/16")["Vpc"]["VpcId"]
    with pytest.raises(ClientError, match="IdempotentParameterMismatch"):
        ec2.create_route_table(VpcId=other_vpc, ClientToken=name)
    assert ec2.create_route_table(VpcId=vpc, ClientToken=name + "-2")["RouteTable"]["RouteTableId"] != first
    # A create that failed is not remembered: once the cause is gone, the same call with the same token is carried out.
    taken = ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={})["LaunchTemplate"]
    with pytest.raises(ClientError, match="AlreadyExists"):
        ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={}, ClientToken=name + "-lt")
    ec2.delete_launch_template(LaunchTemplateId=taken["LaunchTemplateId"])
    template = ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={}, ClientToken=name + "-lt")
    repeat = ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={}, ClientToken=name + "-lt")
    assert repeat["LaunchTemplate"]["LaunchTemplateId"] == template["LaunchTemplate"]["LaunchTemplateId"]


def test_ec2_client_token_gap_visible_unfixed(unfixed, name):
    _dummy, _dummy, first, again, found = _route_tables(unfixed, name)
    assert again != first and found == sorted([first, again])
