"""Auto Scaling launches instances balanced across the group's Availability Zones.

moto launches every instance into the first subnet of VPCZoneIdentifier (or one random AZ), so a
multi-AZ group ends up in a single AZ and multi-AZ checks fail. AWS launches each new instance into
the AZ that currently has the fewest instances of the group.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from emulator.fixes import Fix, register


def zone_slots(group: Any) -> list[tuple[str, str | None]]:
    """(availability zone, subnet id) pairs the group may launch into, in the group's order."""
    if group.vpc_zone_identifier:
        subnet_ids = [s for s in group.vpc_zone_identifier.split(",") if s]
        subnets = group.autoscaling_backend.ec2_backend.describe_subnets(subnet_ids=subnet_ids)
        by_id = {s.id: s.availability_zone for s in subnets}
        return [(by_id[s], s) for s in subnet_ids if s in by_id]
    return [(zone, None) for zone in group.availability_zones]


def _apply() -> None:
    from moto.autoscaling.models import ASG_NAME_TAG, FakeAutoScalingGroup, InstanceState

    def replace_autoscaling_group_instances(self: Any, count_needed: int, propagated_tags: dict[str, str]) -> None:
        propagated_tags[ASG_NAME_TAG] = self.name
        propagated_tags.update(self.instance_tags)
        associate_public_ip = self.launch_config.associate_public_ip_address if self.launch_config else None
        launch_template = None
        if self.ec2_launch_template:
            if self.ec2_launch_template.id:
                launch_template = {"LaunchTemplateId": self.ec2_launch_template.id}
            elif self.ec2_launch_template.name:
                launch_template = {"LaunchTemplateName": self.ec2_launch_template.name}
        slots = zone_slots(self)
        per_zone = Counter(state.instance.placement.zone for state in self.active_instances())
        for _dummy in range(count_needed):
            zone, subnet_id = min(slots, key=lambda slot: per_zone[slot[0]])  # first of the emptiest
            reservation = self.autoscaling_backend.ec2_backend.run_instances(
                self.image_id,
                1,
                self.user_data,
                self.security_groups,
                instance_type=self.instance_type,
                tags={"instance": dict(propagated_tags)},
                placement=zone,
                launch_config=self.launch_config,
                launch_template=launch_template,
                is_instance_type_default=False,
                associate_public_ip=associate_public_ip,
                subnet_id=subnet_id,
            )
            for instance in reservation.instances:
                instance.autoscaling_group = self
                self.instance_states.append(
                    InstanceState(instance, protected_from_scale_in=self.new_instances_protected_from_scale_in)
                )
                per_zone[instance.placement.zone] += 1

    FakeAutoScalingGroup.replace_autoscaling_group_instances = replace_autoscaling_group_instances


FIX = register(
    Fix(
        id="asg-az-balance",
        gap="Auto Scaling puts every instance of a multi-AZ group in one AZ (the first subnet)",
        symptom="multi-AZ checks fail: both instances of a 2-AZ group run in the same AZ",
        apply=_apply,
    )
)
