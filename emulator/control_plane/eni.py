"""An awsvpc task's elastic network interface: made in the service's subnet of the task's AZ when the task is placed,
deleted (and its address given back to the subnet) when the task stops."""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from emulator.control_plane.tasks import SimTask


def attach(region: Any, service: Any, task: SimTask, subnet_id: str) -> None:
    awsvpc = (service.network_configuration or {}).get("awsvpcConfiguration") or {}
    attachment_id = str(uuid.uuid4())
    subnet = region.ec2.get_subnet(subnet_id)
    # the subnet's own allocator: unique among instances and ENIs (moto's default ENI address is random)
    ip = subnet.get_available_subnet_ip(task)
    eni = region.ec2.create_network_interface(
        subnet=subnet_id,
        private_ip_address=ip,
        group_ids=awsvpc.get("securityGroups") or [],
        description=f"arn:aws:ecs:{region.name}:{region.account_id}:attachment/{attachment_id}",
    )
    eni.status = "in-use"
    task._eni_id, task._ip, task._subnet = eni.id, eni.private_ip_address, subnet
    task.attachments = [
        {
            "id": attachment_id,
            "type": "ElasticNetworkInterface",
            "status": "ATTACHED",
            "details": [
                {"name": "subnetId", "value": subnet_id},
                {"name": "networkInterfaceId", "value": eni.id},
                {"name": "macAddress", "value": eni.mac_address},
                {"name": "privateDnsName", "value": private_dns_name(region.name, eni.private_ip_address)},
                {"name": "privateIPv4Address", "value": eni.private_ip_address},
            ],
        }
    ]
    for container in task.containers:
        container["networkInterfaces"] = [{"attachmentId": attachment_id, "privateIpv4Address": task._ip}]


def release(region: Any, task: SimTask) -> None:
    if not task._eni_id:
        return
    with contextlib.suppress(Exception):  # already gone with its subnet
        region.ec2.delete_network_interface(task._eni_id)
    task._subnet.del_subnet_ip(task._ip)
    for attachment in task.attachments:
        attachment["status"] = "DELETED"
    task._eni_id = None


def private_dns_name(region_name: str, ip: str) -> str:
    suffix = "ec2.internal" if region_name == "us-east-1" else f"{region_name}.compute.internal"
    return f"ip-{ip.replace('.', '-')}.{suffix}"
