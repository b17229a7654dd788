"""DescribeLaunchTemplates returns the template's tags as they are now, not as they were at creation.

moto copies the tags into ``LaunchTemplate.tags`` once, in the constructor; ``CreateTags`` / ``DeleteTags`` on the
template id change the tag store (``DescribeTags`` sees them) but not that copy. Terraform tags an existing launch
template with ``CreateTags`` and reads it back with ``DescribeLaunchTemplates``: after any tag change (``ecs_tags``
in an inventory) the compute layer would plan a ``tags_all`` update forever.
"""

from __future__ import annotations

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.ec2.models.launch_templates import LaunchTemplate

    # The constructor still assigns a snapshot: the setter drops it, every read asks the tag store.
    LaunchTemplate.tags = property(lambda self: self.get_tags(), lambda self, _value: None)  # type: ignore[assignment]


FIX = register(
    Fix(
        id="ec2-launch-template-live-tags",
        gap="DescribeLaunchTemplates returns the tags a launch template had when it was created",
        symptom="after a tag change the compute layer plans a launch template tags_all update on every run",
        apply=_apply,
    )
)
