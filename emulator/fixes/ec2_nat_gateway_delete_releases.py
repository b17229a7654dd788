"""Deleting a NAT gateway releases what it held: its Elastic IP's association and its network interface, as in AWS.

In AWS, DeleteNatGateway "disassociates its Elastic IP address, but does not release the address from your account"
and deletes the gateway's network interface (EC2 API reference, DeleteNatGateway). moto only marks the gateway
`deleted`: the EIP stays associated with the gateway's ENI, and the ENI stays in the subnet. Terraform replacing a
NAT gateway (or destroying a network layer and creating it again with a kept EIP) then fails on CreateNatGateway with
`Resource.AlreadyAssociated`, and the orphan ENI keeps the subnet from being deleted in AWS.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.ec2.models.nat_gateways import NatGatewayBackend

    original = NatGatewayBackend.delete_nat_gateway

    def delete_nat_gateway(self: Any, nat_gateway_id: str) -> Any:
        nat = self.nat_gateways.get(nat_gateway_id)
        already_deleted = nat is not None and nat.state == "deleted"
        deleted = original(self, nat_gateway_id)
        eni = getattr(deleted, "_eni", None)
        if already_deleted or eni is None:
            return deleted
        for address in [a for a in self.addresses if a.eni is eni]:
            self.disassociate_address(association_id=address.association_id)
        if eni.id in self.enis:
            self.delete_network_interface(eni.id)
        return deleted

    NatGatewayBackend.delete_nat_gateway = delete_nat_gateway


FIX = register(
    Fix(
        id="ec2-nat-gateway-delete-releases",
        gap="DeleteNatGateway leaves the gateway's Elastic IP associated and its network interface in the subnet; AWS "
        "disassociates the EIP (keeping it allocated) and deletes the interface",
        symptom="a NAT gateway created again with the same EIP (a replacement, or a network layer destroyed and "
        "applied again) fails with Resource.AlreadyAssociated; an orphan ENI stays in the subnet",
        apply=_apply,
    )
)
