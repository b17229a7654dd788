#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: terraform_state_info
short_description: Read the layers' outputs from their remote state, and whether the state backend exists
version_added: 0.1.0
description:
  - Reads C(<environment>/<layer>/terraform.tfstate) of each layer from the S3 state bucket with one C(GetObject)
    per layer, and returns each layer's outputs, serial and lineage, without initialising Terraform.
  - Reports whether the state bucket and the lock table exist (the state backend bootstrap runs when they do not).
  - Outputs Terraform marks sensitive are masked. Read-only; supports check mode.
author:
  - Platform engineering (@platform-ops)
options:
  bucket:
    description: The state bucket.
    type: str
    required: true
  lock_table:
    description: The DynamoDB lock table.
    type: str
    required: true
  environment:
    description: The environment, first part of every state key.
    type: str
    required: true
  layers:
    description: Layers whose state to read.
    type: list
    elements: str
    required: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Read every layer's outputs
  platform_ops.ecs_ec2.terraform_state_info:
    bucket: shop-dev-tfstate-111111111111
    lock_table: shop-dev-tflock
    environment: dev
    layers: [network, security, loadbalancer]
  register: state
"""

RETURN = r"""
backend_exists:
  description: Whether both the state bucket and the lock table exist.
  returned: always
  type: bool
bucket_exists:
  description: Whether the state bucket exists.
  returned: always
  type: bool
lock_table_exists:
  description: Whether the lock table exists.
  returned: always
  type: bool
layers:
  description: Per layer, C(exists), C(serial), C(lineage), C(outputs) (name => value) and C(resources)
    (managed resource instances, each with C(address), C(type) and C(id), the ARN where the resource has one).
  returned: always
  type: dict
  sample: {network: {exists: true, serial: 4, lineage: "5e1c...", outputs: {vpc_id: vpc-0abc}}}
outputs:
  description: Per layer, only the outputs (name => value); layers without state are absent.
  returned: always
  type: dict
"""

import json

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.state_object import read_state

MASK = "(sensitive value)"


def managed_resources(state):
    """Managed resource instances of a state (v4): address, type and id, sorted by address."""
    found = []
    for res in state.get("resources") or []:
        if res.get("mode") != "managed":
            continue
        base = ".".join(p for p in (res.get("module"), res["type"], res["name"]) if p)
        for inst in res.get("instances") or []:
            key = inst.get("index_key")
            suffix = "" if key is None else ("[%s]" % json.dumps(key))
            attrs = inst.get("attributes") or {}
            found.append({"address": base + suffix, "type": res["type"], "id": attrs.get("arn") or attrs.get("id")})
    return sorted(found, key=lambda r: r["address"])


class StateReader:
    def __init__(self, module):
        self.module = module
        retry = AWSRetry.jittered_backoff(retries=5)
        self.s3 = module.client("s3", retry_decorator=retry)
        self.dynamodb = module.client("dynamodb", retry_decorator=retry)

    def bucket_exists(self, bucket):
        try:
            self.s3.head_bucket(aws_retry=True, Bucket=bucket)
            return True
        except is_boto3_error_code(["404", "NoSuchBucket", "NotFound"]):
            return False
        except Exception as exc:
            self.module.fail_json_aws(exc, msg="Could not check the state bucket %s" % bucket)

    def table_exists(self, table):
        try:
            self.dynamodb.describe_table(aws_retry=True, TableName=table)
            return True
        except is_boto3_error_code("ResourceNotFoundException"):
            return False
        except Exception as exc:
            self.module.fail_json_aws(exc, msg="Could not check the lock table %s" % table)

    def layer(self, bucket, key):
        state = read_state(self.module, self.s3, bucket, key)
        if state is None:
            return {"exists": False, "serial": None, "lineage": None, "outputs": {}, "resources": []}
        outputs = dict(
            (name, MASK if out.get("sensitive") else out.get("value"))
            for name, out in (state.get("outputs") or {}).items()
        )
        return {"exists": True, "serial": state.get("serial"), "lineage": state.get("lineage"), "outputs": outputs,
                "resources": managed_resources(state)}


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            bucket=dict(type="str", required=True),
            lock_table=dict(type="str", required=True),
            environment=dict(type="str", required=True),
            layers=dict(type="list", elements="str", required=True),
        ),
        supports_check_mode=True,
    )
    params = module.params
    reader = StateReader(module)
    bucket_exists = reader.bucket_exists(params["bucket"])
    table_exists = reader.table_exists(params["lock_table"])
    layers = {}
    if bucket_exists:
        for name in params["layers"]:
            layers[name] = reader.layer(params["bucket"], "%s/%s/terraform.tfstate" % (params["environment"], name))
    module.exit_json(
        changed=False,
        backend_exists=bucket_exists and table_exists,
        bucket_exists=bucket_exists,
        lock_table_exists=table_exists,
        layers=layers,
        outputs=dict((name, info["outputs"]) for name, info in layers.items() if info["exists"]),
    )


if __name__ == "__main__":
    main()
