#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: service_release
short_description: Record the image a service serves after a verified rollout, in the state bucket
version_added: 0.1.0
description:
  - Writes C(<environment>/releases/<service>.json) in the state bucket (docs/design.md, "Released images")
    with the image, the previous image, the inventory's image at the time, when and by whom. Image URIs only.
  - The previous image is the image the current record names when the image changes; without a record it is
    I(previous_image).
  - Changed only when the image or the inventory's image differ from the current record; then the record is
    rewritten (the bucket is versioned, so the earlier record stays as a version).
  - Encrypted as the state bucket's policy requires, SSE-KMS with I(kms_key_arn) when given, else AES256.
  - Supports check mode (says what it would write, writes nothing).
author:
  - Platform engineering (@platform-ops)
options:
  bucket:
    description: The state bucket (C(ecs_state_bucket)).
    type: str
    required: true
  environment:
    description: The environment, first part of the key (C(ecs_environment)).
    type: str
    required: true
  service:
    description: The service's name.
    type: str
    required: true
  image:
    description: The image serving now (rolled out and verified).
    type: str
    required: true
  inventory_image:
    description: The inventory's image of the service now.
    type: str
    required: true
  previous_image:
    description: The image serving before the rollout; used only when the service has no record yet.
    type: str
  released_by:
    description: Who released it; default C(AWX job <id>) from C(AWX_JOB_ID) / C(TOWER_JOB_ID) in the environment,
      else the local user name (the rollout role passes the extra var C(awx_job_id) / C(tower_job_id) of an AWX job).
    type: str
  kms_key_arn:
    description: The state bucket's customer-managed key (C(ecs_state_kms_key_arn)); empty for AES256.
    type: str
    default: ""
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - platform_ops.ecs_ec2.retries
"""

EXAMPLES = r"""
- name: Record web's released image
  platform_ops.ecs_ec2.service_release:
    bucket: shop-dev-tfstate-111111111111
    environment: dev
    service: web
    image: 111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.3
    inventory_image: 111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2
    previous_image: 111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2
"""

RETURN = r"""
record:
  description: The record after this run (the one written, or the current one when unchanged).
  returned: always
  type: dict
  sample: {image: "web:1.4.3", previous_image: "web:1.4.2", inventory_image: "web:1.4.2",
           released_at: "2026-12-02T23:40:00Z", released_by: "alice"}
previous_record:
  description: The record before this run, or null.
  returned: always
  type: dict
key:
  description: The object key.
  returned: always
  type: str
version_id:
  description: The S3 version of the record written (absent when nothing was written).
  returned: when written
  type: str
"""

import datetime

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import (
    RETRY_ARGUMENT_SPEC,
    AwsCallError,
    AwsClients,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.service_release import (
    RUNBOOK,
    ReleaseStore,
    next_record,
    record_key,
)


class ReleaseWriter:
    def __init__(self, module, aws):
        self.module = module
        self.store = ReleaseStore(aws, module.params["bucket"], module.params["environment"])

    def ensure(self):
        params = self.module.params
        current = self.store.read(params["service"])
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        record, changed = next_record(current, params["image"], params["inventory_image"], params["previous_image"],
                                      params["released_by"], now)
        result = dict(changed=changed, record=record, previous_record=current,
                      key=record_key(params["environment"], params["service"]))
        if changed and not self.module.check_mode:
            version = self.store.write(params["service"], record, params["kms_key_arn"] or None)
            if version:
                result["version_id"] = version
        if changed:
            result["diff"] = dict(before=current or {}, after=record)
        return result


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            bucket=dict(type="str", required=True),
            environment=dict(type="str", required=True),
            service=dict(type="str", required=True),
            image=dict(type="str", required=True),
            inventory_image=dict(type="str", required=True),
            previous_image=dict(type="str"),
            released_by=dict(type="str"),
            kms_key_arn=dict(type="str", default="", no_log=False),
            **RETRY_ARGUMENT_SPEC
        ),
        supports_check_mode=True,
    )
    aws = AwsClients.from_module(module)
    try:
        result = ReleaseWriter(module, aws).ensure()
    except AwsCallError as exc:
        module.fail_json(msg="Could not record the release of %s in s3://%s/%s: %s. %s"
                         % (module.params["service"], module.params["bucket"],
                            record_key(module.params["environment"], module.params["service"]), exc.describe(),
                            RUNBOOK), error_code=exc.code, api_calls=aws.api_calls)
    except ValueError as exc:
        module.fail_json(msg=str(exc), api_calls=aws.api_calls)
    module.exit_json(api_calls=aws.api_calls, **result)


if __name__ == "__main__":
    main()
