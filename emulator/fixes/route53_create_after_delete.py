"""Route 53 CREATE of a record that was deleted succeeds, and CREATE of a record that exists fails.

moto refuses a CREATE identical to one in the zone's change journal whenever any record sorts at or after its
name (its existence check lists records from that name on: the zone's own NS and SOA match), so a record deleted
and created again with the same values (terraform destroy, then a new deploy: ALB DNS names are deterministic
here) fails with "already exists". AWS refuses a CREATE only when a record of that name, type (and set
identifier) exists now (ChangeResourceRecordSets API reference, "CREATE").
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.route53.exceptions import ResourceRecordAlreadyExists
    from moto.route53.models import Route53Backend

    original = Route53Backend.change_resource_record_sets

    def change_resource_record_sets(self: Any, zoneid: str, change_list: list[dict[str, Any]]) -> Any:
        zone = self.get_hosted_zone(zoneid)
        for change in change_list:
            if change["Action"] != "CREATE":
                continue
            record = change["ResourceRecordSet"]
            name = record["Name"] if record["Name"].endswith(".") else record["Name"] + "."
            if any(r.name == name and r.type == record["Type"] and r.set_identifier == record.get("SetIdentifier")
                   for r in zone.rrsets):
                raise ResourceRecordAlreadyExists(name=name, _type=record["Type"])
            while change in zone.rr_changes:  # journal entries of a record deleted since: not an existing record
                zone.rr_changes.remove(change)
        return original(self, zoneid, change_list)

    Route53Backend.change_resource_record_sets = change_resource_record_sets


FIX = register(
    Fix(
        id="route53-create-after-delete",
        gap="Route 53 refuses to CREATE a record again after it was deleted, when the same values were created before",
        symptom="a new deploy after destroy.yml fails creating the alias record: 'already exists'",
        apply=_apply,
    )
)
