"""Reaching moto's in-memory backends from the control-plane thread.

moto keeps one backend per (account, region), created on first use; the control plane only walks the
regions that exist already, so it never creates empty backends of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass
class Region:
    """The backends of one account and region that the simulation touches."""

    account_id: str
    name: str
    ecs: Any

    @property
    def ec2(self) -> Any:
        from moto.ec2.models import ec2_backends

        return ec2_backends[self.account_id][self.name]

    @property
    def autoscaling(self) -> Any:
        from moto.autoscaling.models import autoscaling_backends

        return autoscaling_backends[self.account_id][self.name]

    @property
    def elbv2(self) -> Any:
        from moto.elbv2.models import elbv2_backends

        return elbv2_backends[self.account_id][self.name]

    @property
    def events(self) -> Any:
        from moto.events.models import events_backends

        return events_backends[self.account_id][self.name]

    def instance(self, instance_id: str) -> Any | None:
        for instance in self.ec2.all_instances():
            if instance.id == instance_id:
                return instance
        return None

    def group_by_arn(self, arn_or_name: str) -> Any | None:
        for group in self.autoscaling.autoscaling_groups.values():
            if arn_or_name in (group.arn, group.name):
                return group
        return None


def existing(backend_dict: Any) -> Iterator[tuple[str, str, Any]]:
    for account_id, per_account in list(dict.items(backend_dict)):
        for region_name, backend in list(dict.items(per_account)):
            yield account_id, region_name, backend


def ecs_regions() -> Iterator[Region]:
    from moto.ecs.models import ecs_backends

    for account_id, region_name, backend in existing(ecs_backends):
        yield Region(account_id, region_name, backend)


def region(account_id: str, region_name: str) -> Region:
    from moto.ecs.models import ecs_backends

    return Region(account_id, region_name, ecs_backends[account_id][region_name])


def autoscaling_regions() -> Iterator[tuple[str, str]]:
    from moto.autoscaling.models import autoscaling_backends

    for account_id, region_name, _dummy in existing(autoscaling_backends):
        yield account_id, region_name
