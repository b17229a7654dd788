"""S3 lifecycle rules keep ``NoncurrentVersionExpiration.NewerNoncurrentVersions``.

moto stores only ``NoncurrentDays`` and drops ``NewerNoncurrentVersions``, so the provider's create of
``aws_s3_bucket_lifecycle_configuration`` waits 3 minutes for the read-back to match, then fails.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.s3.models import FakeBucket
    from moto.s3.responses import S3Response

    original_set = FakeBucket.set_lifecycle

    def set_lifecycle(self: Any, rules: list[dict[str, Any]]) -> None:
        original_set(self, rules)
        for model, given in zip(self.rules, rules, strict=False):
            nve = given.get("NoncurrentVersionExpiration") or {}
            model.nve_newer_versions = nve.get("NewerNoncurrentVersions")

    original_get = S3Response.get_bucket_lifecycle

    def get_bucket_lifecycle(self: Any) -> Any:
        rules = self.backend.get_bucket_lifecycle(self.bucket_name)
        serialized = self.serialized

        def add_newer_versions(result: Any) -> Any:
            for model, out in zip(rules or [], result.result.get("Rules", []), strict=False):
                newer = getattr(model, "nve_newer_versions", None)
                if newer is not None and "NoncurrentVersionExpiration" in out:
                    out["NoncurrentVersionExpiration"]["NewerNoncurrentVersions"] = newer
            return serialized(result)

        self.serialized = add_newer_versions
        try:
            return original_get(self)
        finally:
            del self.serialized

    FakeBucket.set_lifecycle = set_lifecycle
    S3Response.get_bucket_lifecycle = get_bucket_lifecycle


FIX = register(
    Fix(
        id="s3-lifecycle-newer-noncurrent",
        gap="S3 PutBucketLifecycleConfiguration drops NoncurrentVersionExpiration.NewerNoncurrentVersions",
        symptom="aws_s3_bucket_lifecycle_configuration create waits 3 minutes for a matching read-back, then fails",
        apply=_apply,
    )
)
