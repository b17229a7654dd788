"""Application Auto Scaling ListTagsForResource / TagResource / UntagResource.

moto has no handler for them and answers HTTP 500; the SDK retries a 500, so Terraform's
``aws_appautoscaling_target`` create hangs for its whole timeout. Tags live on the scalable target
object (attribute ``tags``), so they go away with it, as in AWS.
"""

from __future__ import annotations

import json
from typing import Any

from emulator.fixes import Fix, register


def find_target(backend: Any, arn: str) -> Any:
    for by_resource in backend.targets.values():
        for target in by_resource.values():
            if target.arn == arn:
                return target
    from moto.core.exceptions import JsonRESTError

    raise JsonRESTError("ResourceNotFoundException", f"No scalable target found for ARN {arn}")


def target_tags(target: Any) -> dict[str, str]:
    if not hasattr(target, "tags"):
        target.tags = {}
    return target.tags


def _apply() -> None:
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    def list_tags_for_resource(self: Any) -> str:
        target = find_target(self.applicationautoscaling_backend, self._get_param("ResourceARN"))
        return json.dumps({"Tags": dict(target_tags(target))})

    def tag_resource(self: Any) -> str:
        target = find_target(self.applicationautoscaling_backend, self._get_param("ResourceARN"))
        target_tags(target).update(self._get_param("Tags") or {})
        return json.dumps({})

    def untag_resource(self: Any) -> str:
        target = find_target(self.applicationautoscaling_backend, self._get_param("ResourceARN"))
        tags = target_tags(target)
        for key in self._get_param("TagKeys") or []:
            tags.pop(key, None)
        return json.dumps({})

    ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource
    ApplicationAutoScalingResponse.tag_resource = tag_resource
    ApplicationAutoScalingResponse.untag_resource = untag_resource


FIX = register(
    Fix(
        id="appautoscaling-tagging",
        gap="Application Auto Scaling ListTagsForResource/TagResource/UntagResource not implemented (HTTP 500)",
        symptom="aws_appautoscaling_target create hangs for the whole timeout while the SDK retries",
        apply=_apply,
    )
)
