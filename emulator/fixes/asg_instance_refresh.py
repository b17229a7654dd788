"""Auto Scaling instance refreshes: StartInstanceRefresh, DescribeInstanceRefreshes, CancelInstanceRefresh.

moto has none of the three and answers HTTP 500; the SDK retries a 500, so ``terraform apply`` of an
``aws_autoscaling_group`` with an ``instance_refresh`` block hangs once its launch template version changes
(the provider starts a refresh after UpdateAutoScalingGroup, cancelling one in progress first).

AWS replaces the group's instances with ones of its current configuration, in rolling batches, and reports the
refresh as ``Pending`` -> ``InProgress`` -> ``Successful``. Here the replacement is carried out when the refresh
starts: each instance to replace is terminated through TerminateInstanceInAutoScalingGroup without decrementing,
so the group launches its replacement from the current launch template (batches and warm-up are not timed).
Scale-in protected instances
follow ``ScaleInProtectedInstances``: ``Refresh`` replaces them, ``Ignore`` skips them, ``Wait`` (the default)
replaces the others and leaves the refresh ``InProgress`` (AWS fails it after an hour of waiting; not timed
here). One refresh at a time per group (``InstanceRefreshInProgress``). ``DesiredConfiguration`` and
``SkipMatching`` are refused rather than ignored: the emulator does not apply the one, and cannot tell which
launch template version an instance came from for the other (moto tags every instance with the default version).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from emulator.fixes import Fix, register

ACTIVE = ("Pending", "InProgress", "Cancelling")


def refreshes(group: Any) -> list[dict[str, Any]]:
    """The group's refreshes, newest first; kept on the group so they go away with it."""
    if not hasattr(group, "_instance_refreshes"):
        group._instance_refreshes = []
    return group._instance_refreshes


def carry_out(backend: Any, group: Any, preferences: dict[str, Any]) -> tuple[int, int, int]:
    """Replaces what the refresh covers; returns (to replace, replaced, waiting for scale-in protection)."""
    states = list(group.active_instances())
    mode = preferences.get("ScaleInProtectedInstances") or "Wait"
    protected = [s for s in states if s.protected_from_scale_in]
    replace = states if mode == "Refresh" else [s for s in states if not s.protected_from_scale_in]
    for state in replace:
        backend.terminate_instance(state.instance.id, should_decrement=False)
    waiting = len(protected) if mode == "Wait" else 0
    return len(replace) + waiting, len(replace), waiting


def _apply() -> None:
    from moto.autoscaling.exceptions import AutoscalingClientError, ValidationError
    from moto.autoscaling.responses import AutoScalingResponse
    from moto.core.responses import ActionResult

    class InstanceRefreshInProgress(AutoscalingClientError):
        code = "InstanceRefreshInProgress"

    class ActiveInstanceRefreshNotFound(AutoscalingClientError):
        code = "ActiveInstanceRefreshNotFound"

    def group_named(self: Any) -> Any:
        name = self._get_param("AutoScalingGroupName")
        group = self.autoscaling_backend.autoscaling_groups.get(name)
        if group is None:
            raise ValidationError(f"AutoScalingGroup name not found - {name}")
        return group

    def start_instance_refresh(self: Any) -> Any:
        group = group_named(self)
        preferences = self._get_param("Preferences") or {}
        if self._get_param("DesiredConfiguration") or str(preferences.get("SkipMatching")).lower() == "true":
            raise ValidationError("DesiredConfiguration and SkipMatching are not supported by the emulator")
        if any(r["Status"] in ACTIVE for r in refreshes(group)):
            raise InstanceRefreshInProgress(f"An Instance Refresh is already in progress for {group.name}.")
        total, replaced, waiting = carry_out(self.autoscaling_backend, group, preferences)
        now = datetime.now(timezone.utc)
        refresh = {
            "InstanceRefreshId": str(uuid.uuid4()),
            "AutoScalingGroupName": group.name,
            "Status": "InProgress" if waiting else "Successful",
            "StartTime": now,
            "PercentageComplete": 100 * replaced // total if total else 100,
            "InstancesToUpdate": waiting,
            "Preferences": preferences,
            "Strategy": self._get_param("Strategy") or "Rolling",
        }
        if waiting:
            refresh["StatusReason"] = f"Waiting for {waiting} scale-in protected instance(s) to be unprotected."
        else:
            refresh["EndTime"] = now
        refreshes(group).insert(0, refresh)
        return ActionResult({"InstanceRefreshId": refresh["InstanceRefreshId"]})

    def describe_instance_refreshes(self: Any) -> Any:
        group = group_named(self)
        ids = self._get_param("InstanceRefreshIds") or []
        found = [r for r in refreshes(group) if not ids or r["InstanceRefreshId"] in ids]
        return ActionResult({"InstanceRefreshes": found})

    def cancel_instance_refresh(self: Any) -> Any:
        group = group_named(self)
        active = next((r for r in refreshes(group) if r["Status"] in ACTIVE), None)
        if active is None:
            raise ActiveInstanceRefreshNotFound(f"No in progress or pending Instance Refresh found for {group.name}.")
        active.update(Status="Cancelled", EndTime=datetime.now(timezone.utc))
        active.pop("StatusReason", None)
        return ActionResult({"InstanceRefreshId": active["InstanceRefreshId"]})

    AutoScalingResponse.start_instance_refresh = start_instance_refresh
    AutoScalingResponse.describe_instance_refreshes = describe_instance_refreshes
    AutoScalingResponse.cancel_instance_refresh = cancel_instance_refresh


FIX = register(
    Fix(
        id="asg-instance-refresh",
        gap="Auto Scaling StartInstanceRefresh, DescribeInstanceRefreshes and CancelInstanceRefresh not implemented "
        "(HTTP 500)",
        symptom="terraform apply of an aws_autoscaling_group with instance_refresh hangs once its launch template "
        "version changes, while the SDK retries StartInstanceRefresh",
        apply=_apply,
    )
)
