# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Released images: one JSON record per service in the state bucket, and the rule deciding which image a run
deploys (docs/design.md, "Released images").

Every runner (laptop, AWX job without a work dir, scheduled drift check) already reads the state bucket, so a
record there is seen by all of them; the bucket is versioned, so every earlier record stays as a version.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import getpass
import json
import os

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsCallError

RECORD_FIELDS = ("image", "previous_image", "inventory_image", "released_at", "released_by")
# What a record says about the service; released_at/released_by alone never make a new version.
CONTENT_FIELDS = ("image", "previous_image", "inventory_image")
MISSING_CODES = ("NoSuchKey", "NoSuchBucket", "404", "NotFound")
IMAGE_SOURCES = ("release", "inventory")
RUNBOOK = "Runbook: docs/runbooks.md#released-images-and-rollback"


def record_key(environment, service):
    return "%s/releases/%s.json" % (environment, service)


def decide_image(service, inventory_image, record, image_source="release", override=None):
    """Which image a run deploys for one service, and why (a pure function: no AWS call).

    - `override` (deploy_service.yml's image or rollback) wins over everything;
    - `image_source == "inventory"` deploys the inventory's image whatever the record says;
    - no record: the inventory's image;
    - the inventory's image is the one it was when the record was written: the released image wins;
    - the inventory's image changed since: it is the newer intent and wins.

    Returns {image, source, inventory_image, released_image, replaced_image, notice}: `source` is one of override,
    release, inventory; `replaced_image` is the image the run would have deployed without the override (the one
    serving when the runs before it were consistent); `notice` is a line for people, empty when there is nothing to
    say (the inventory's image deployed and no record disagrees).
    """
    released = (record or {}).get("image")
    decision = dict(inventory_image=inventory_image, released_image=released, replaced_image=None, notice="")
    if image_source not in IMAGE_SOURCES:
        raise ValueError("ecs_image_source = %s: must be one of %s" % (image_source, ", ".join(IMAGE_SOURCES)))
    if image_source == "inventory" or not record:
        decision.update(image=inventory_image, source="inventory")
        if record and released != inventory_image:
            decision["notice"] = ("%s: deploying the inventory image %s over the released image %s "
                                  "(ecs_image_source=inventory); the record follows after a verified rollout"
                                  % (service, inventory_image, released))
    elif record.get("inventory_image") == inventory_image:
        decision.update(image=released, source="release")
        if released != inventory_image:
            decision["notice"] = ("%s: keeping released image %s (inventory: %s); released %s by %s. To deploy the "
                                  "inventory's image: -e ecs_image_source=inventory; to go back: deploy_service.yml "
                                  "-e service=%s -e rollback=true"
                                  % (service, released, inventory_image, record.get("released_at") or "?",
                                     record.get("released_by") or "?", service))
    else:
        decision.update(image=inventory_image, source="inventory")
        decision["notice"] = ("%s: the inventory image changed since the release of %s (from %s to %s): deploying "
                              "the inventory's %s" % (service, released, record.get("inventory_image"),
                                                      inventory_image, inventory_image))
    if override:
        decision.update(replaced_image=decision["image"], image=override, source="override",
                        notice="%s: deploying %s, given for this run (was %s)" % (service, override, decision["image"]))
    return decision


def next_record(current, image, inventory_image, previous_image=None, released_by=None, released_at=None):
    """(record, changed): the record after `image` was rolled out and verified.

    Unchanged when the record already says this image and inventory image. The previous image is the one the
    record said was serving; without a record, `previous_image` (the image before the rollout), unless it is the
    same image.
    """
    if current and current.get("image") == image and current.get("inventory_image") == inventory_image:
        return current, False
    if current and current.get("image") and current.get("image") != image:
        previous = current["image"]
    elif current:
        previous = current.get("previous_image")
    else:
        previous = previous_image if previous_image and previous_image != image else None
    record = dict(image=image, previous_image=previous, inventory_image=inventory_image,
                  released_at=released_at, released_by=released_by or default_released_by())
    return record, True


def default_released_by():
    """The AWX job (its environment says so) or the local user."""
    job = os.environ.get("AWX_JOB_ID") or os.environ.get("TOWER_JOB_ID")
    if job:
        return "AWX job %s" % job
    try:
        return getpass.getuser()
    except Exception:  # pylint: disable=broad-except  # no user name (container without passwd entry)
        return "unknown"


class ReleaseStore:
    """Reads and writes the records through AwsClients (retries, one error handler)."""

    def __init__(self, aws, bucket, environment):
        self.aws = aws
        self.bucket = bucket
        self.environment = environment

    def read(self, service):
        """The record of a service, or None when its bucket or key does not exist. A record that is not a JSON
        object with an image raises ValueError naming the key."""
        key = record_key(self.environment, service)
        try:
            response = self.aws.call("s3", "get_object", Bucket=self.bucket, Key=key)
        except AwsCallError as exc:
            if exc.code in MISSING_CODES:
                return None
            raise
        body = response["Body"].read()
        try:
            record = json.loads(body)
        except ValueError:
            record = None
        if not isinstance(record, dict) or not record.get("image"):
            raise ValueError("s3://%s/%s is not a release record (a JSON object with an image). Restore its previous "
                             "version (the bucket is versioned) or delete it to deploy the inventory's image. %s"
                             % (self.bucket, key, RUNBOOK))
        return dict((field, record.get(field)) for field in RECORD_FIELDS)

    def write(self, service, record, kms_key_arn=None):
        """Put the record, encrypted the way the bucket policy requires (SSE-KMS with the state key, else AES256)."""
        encryption = dict(ServerSideEncryption="aws:kms", SSEKMSKeyId=kms_key_arn) if kms_key_arn \
            else dict(ServerSideEncryption="AES256")
        body = json.dumps(dict((field, record.get(field)) for field in RECORD_FIELDS), indent=2, sort_keys=True)
        response = self.aws.call("s3", "put_object", Bucket=self.bucket, Key=record_key(self.environment, service),
                                 Body=body.encode("utf-8"), ContentType="application/json", **encryption)
        return response.get("VersionId")
