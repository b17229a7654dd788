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


def read_state(module, s3, bucket, key):
    """The parsed state, or None when the object (or its bucket) does not exist. `s3` is a client made with an
    AWSRetry decorator (module.client(..., retry_decorator=...)); other errors fail the module."""
    try:
        body = s3.get_object(aws_retry=True, Bucket=bucket, Key=key)["Body"].read()
    except is_boto3_error_code(MISSING):
        return None
    except Exception as exc:  # pylint: disable=broad-except
        module.fail_json_aws(exc, msg="Could not read state s3://%s/%s" % (bucket, key))
    return json.loads(body)
