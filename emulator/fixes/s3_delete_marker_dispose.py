"""DeleteObject works on a key whose history holds a delete marker once versioning is suspended.

moto pops every version of the key and calls ``dispose()`` on each, but delete markers have no such method:
HTTP 500. Terraform's S3 lock file has exactly that history (locked and unlocked many times while the
bucket was versioned), so releasing the lock of the state bucket's own layer fails during teardown.
"""

from __future__ import annotations

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.s3.models import FakeDeleteMarker

    if not hasattr(FakeDeleteMarker, "dispose"):
        # A delete marker holds no data to release.
        FakeDeleteMarker.dispose = lambda self, garbage=False: None


FIX = register(
    Fix(
        id="s3-delete-marker-dispose",
        gap="S3 DeleteObject crashes (HTTP 500) when the key's versions include a delete marker and versioning "
        "is suspended",
        symptom="terraform cannot release the S3 lock file of the state bucket's own layer during teardown",
        apply=_apply,
    )
)
