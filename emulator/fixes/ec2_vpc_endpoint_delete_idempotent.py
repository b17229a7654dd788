"""DeleteVpcEndpoints of a gateway endpoint already deleted succeeds, as in AWS.

moto keeps a deleted endpoint (state ``deleted``) and a second DeleteVpcEndpoints removes its routes again: the
route is gone, so the call fails with ``InvalidRoute.NotFound``. In AWS a deleted endpoint is no error to delete
again: the provider's delete treats ``InvalidVpcEndpoint.NotFound`` (an error or an ``Unsuccessful`` item) as done,
and otherwise waits for ``deleted``. An SDK retry of a delete whose first attempt was carried out makes
``terraform destroy`` of the network layer fail on its S3 gateway endpoint.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.ec2.models.vpcs import VPCBackend

    original = VPCBackend.delete_vpc_endpoints

    def delete_vpc_endpoints(self: Any, vpce_ids: list[str] | None = None) -> Any:
        # the first delete already removed the routes (or interfaces) of a deleted endpoint
        live = [i for i in vpce_ids or [] if getattr(self.vpc_end_points.get(i), "state", None) != "deleted"]
        return original(self, live)

    VPCBackend.delete_vpc_endpoints = delete_vpc_endpoints


FIX = register(
    Fix(
        id="ec2-vpc-endpoint-delete-idempotent",
        gap="DeleteVpcEndpoints of a gateway endpoint already deleted fails with InvalidRoute.NotFound (moto "
        "removes the deleted endpoint's routes again)",
        symptom="an SDK retry of a delete whose answer was lost fails terraform destroy of the network layer "
        "(aws_vpc_endpoint.s3)",
        apply=_apply,
    )
)
