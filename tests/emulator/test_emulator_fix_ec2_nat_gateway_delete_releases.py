"""Deleting a NAT gateway disassociates its Elastic IP (kept allocated) and deletes its network interface
(ec2-nat-gateway-delete-releases; EC2 API reference, DeleteNatGateway): a new gateway can take the same EIP."""

import pytest
from botocore.exceptions import ClientError
from emulator_testkit import two_az_network


def nat_with_eip(ec2, name):
    subnet = two_az_network(ec2, name).subnet_ids[0]
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation)["NatGateway"]
    return subnet, allocation, nat["NatGatewayId"], nat["NatGatewayAddresses"][0]["NetworkInterfaceId"]


def test_ec2_nat_gateway_delete_releases_fixed(fixed, name):
    ec2 = fixed.client("ec2")
    subnet, allocation, nat, eni = nat_with_eip(ec2, name)
    assert ec2.describe_addresses(AllocationIds=[allocation])["Addresses"][0]["NetworkInterfaceId"] == eni
    ec2.delete_nat_gateway(NatGatewayId=nat)
    address = ec2.describe_addresses(AllocationIds=[allocation])["Addresses"][0]  # still allocated...
    assert not address.get("AssociationId") and not address.get("NetworkInterfaceId")  # ...and free
    with pytest.raises(ClientError) as gone:
        ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])
    assert gone.value.response["Error"]["Code"] == "InvalidNetworkInterfaceID.NotFound"
    again = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation)["NatGateway"]
    assert again["NatGatewayAddresses"][0]["AllocationId"] == allocation
    ec2.delete_nat_gateway(NatGatewayId=nat)  # a deleted gateway deleted again takes nothing from the new one
    assert ec2.describe_addresses(AllocationIds=[allocation])["Addresses"][0]["NetworkInterfaceId"] == \
        again["NatGatewayAddresses"][0]["NetworkInterfaceId"]


def test_ec2_nat_gateway_delete_releases_gap_visible_unfixed(unfixed, name):
    ec2 = unfixed.client("ec2")
    subnet, allocation, nat, _eni = nat_with_eip(ec2, name)
    ec2.delete_nat_gateway(NatGatewayId=nat)
    with pytest.raises(ClientError) as refused:
        ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation)
    assert refused.value.response["Error"]["Code"] == "Resource.AlreadyAssociated"
