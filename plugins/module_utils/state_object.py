# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Read a layer's Terraform state object straight from S3 (no terraform init), for the modules that need its
serial, lineage, outputs or resources."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

MISSING = ["NoSuchKey", "404", "NoSuchBucket"]


def get_state_object(module, s3, bucket, key):
    """(parsed state, ETag), or (None, None) when the object (or its bucket) does not exist. `s3` is a client made
    with an AWSRetry decorator (module.client(..., retry_decorator=...)); other errors fail the module."""
    try:
        response = s3.get_object(aws_retry=True, Bucket=bucket, Key=key)
    except is_boto3_error_code(MISSING):
        return None, None
    except Exception as exc:  # pylint: disable=broad-except
        module.fail_json_aws(exc, msg="Could not read state s3://%s/%s" % (bucket, key))
    return json.loads(response["Body"].read()), response.get("ETag")


def read_state(module, s3, bucket, key):
    """The parsed state, or None when the object (or its bucket) does not exist."""
    return get_state_object(module, s3, bucket, key)[0]


class StateSnapshots:
    """What a read-only reader needs to know of a layer's remote state: the parsed object, its ETag, and whether a
    run holds its lock (the DynamoDB lock item or the S3 lockfile, whichever the backend uses)."""

    def __init__(self, module, s3, dynamodb):
        self.module = module
        self.s3 = s3
        self.dynamodb = dynamodb

    def snapshot(self, backend):
        """{"state": dict or None, "etag": str or None, "locked": bool} for a backend config dict."""
        bucket, key = backend["bucket"], backend["key"]
        locked = self._locked(backend)
        state, etag = get_state_object(self.module, self.s3, bucket, key)
        return {"state": state, "etag": etag, "locked": locked}

    def current(self, backend):
        """{"etag": str or None, "locked": bool}: whether the state moved on since a snapshot, without reading it."""
        bucket, key = backend["bucket"], backend["key"]
        locked = self._locked(backend)
        try:
            etag = self.s3.head_object(aws_retry=True, Bucket=bucket, Key=key).get("ETag")
        except is_boto3_error_code(MISSING + ["NotFound"]):
            etag = None
        except Exception as exc:  # pylint: disable=broad-except
            self.module.fail_json_aws(exc, msg="Could not read state s3://%s/%s" % (bucket, key))
        return {"etag": etag, "locked": locked}

    def _locked(self, backend):
        bucket, key = backend["bucket"], backend["key"]
        try:
            if backend.get("dynamodb_table"):
                item = self.dynamodb.get_item(aws_retry=True, TableName=backend["dynamodb_table"], ConsistentRead=True,
                                              Key={"LockID": {"S": "%s/%s" % (bucket, key)}}).get("Item")
                if item:
                    return True
            if backend.get("use_lockfile") == "true":
                try:
                    self.s3.head_object(aws_retry=True, Bucket=bucket, Key=key + ".tflock")
                    return True
                except is_boto3_error_code(MISSING + ["NotFound"]):
                    return False
        except Exception as exc:  # pylint: disable=broad-except
            self.module.fail_json_aws(exc, msg="Could not check the state lock of s3://%s/%s" % (bucket, key))
        return False
