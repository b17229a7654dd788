#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: service_release_info
short_description: Read the released image of services from the state bucket, and decide which image a run deploys
version_added: 0.1.0
description:
  - Reads C(<environment>/releases/<service>.json) of each service from the state bucket, the record
    platform_ops.ecs_ec2.service_release writes after a verified rollout (docs/design.md, "Released images").
  - A missing bucket or key means no record (the inventory's image is deployed), never an error. Any other error,
    or a record that is not a JSON object with an image, fails naming the bucket and key.
  - With I(inventory_images), also decides per service which image the run deploys (RV(images)), by the rule of
    I(image_source) and I(overrides).
  - Read-only; supports check mode.
author:
  - Platform engineering (@platform-ops)
options:
  bucket:
    description: The state bucket (C(ecs_state_bucket)).
    type: str
    required: true
  environment:
    description: The environment, first part of every key (C(ecs_environment)).
    type: str
    required: true
  services:
    description: Names of the services whose records to read.
    type: list
    elements: str
    required: true
  inventory_images:
    description: The inventory's image per service name. When given, RV(images) holds the decision per service.
    type: dict
    default: {}
  image_source:
    description:
      - C(release) keeps a released image while the inventory's image is still the one it was at the release;
        C(inventory) deploys the inventory's images whatever was released (C(ecs_image_source)).
    type: str
    default: release
    choices: [release, inventory]
  overrides:
    description: Images given for this run (deploy_service.yml's image or rollback), per service name; they win.
    type: dict
    default: {}
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - platform_ops.ecs_ec2.retries
"""

EXAMPLES = r"""
- name: Decide the images of this run
  platform_ops.ecs_ec2.service_release_info:
    bucket: shop-dev-tfstate-111111111111
    environment: dev
    services: [web, api]
    inventory_images: {web: "111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2"}
  register: releases
"""

RETURN = r"""
records:
  description: The record of each service that has one (services without a record are absent).
  returned: always
  type: dict
  sample:
    web:
      image: 111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.3
      previous_image: 111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2
      inventory_image: 111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2
      released_at: "2026-12-02T23:40:00Z"
      released_by: AWX job 412
images:
  description:
    - Per service of I(inventory_images), the image this run deploys (C(image)), where it comes from (C(source)
      C(override), C(release) or C(inventory)), the inventory's and the released image, the image an override
      replaces (C(replaced_image)), and a line for people (C(notice), empty when there is nothing to say).
  returned: always
  type: dict
notices:
  description: The non-empty notices, one per service, sorted by service.
  returned: always
  type: list
  elements: str
keys:
  description: The object key of each service's record.
  returned: always
  type: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import (
    RETRY_ARGUMENT_SPEC,
    AwsCallError,
    AwsClients,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.service_release import (
    IMAGE_SOURCES,
    RUNBOOK,
    ReleaseStore,
    decide_image,
    record_key,
)


class ReleaseReader:
    def __init__(self, module, aws):
        self.module = module
        self.store = ReleaseStore(aws, module.params["bucket"], module.params["environment"])

    def collect(self):
        params = self.module.params
        services = sorted(set(params["services"]))
        records = {}
        for service in services:
            record = self.store.read(service)
            if record is not None:
                records[service] = record
        images = {}
        for service in sorted(params["inventory_images"]):
            images[service] = decide_image(service, params["inventory_images"][service], records.get(service),
                                           params["image_source"], params["overrides"].get(service))
        notices = [images[s]["notice"] for s in sorted(images) if images[s]["notice"]]
        keys = dict((s, record_key(params["environment"], s)) for s in services)
        return dict(records=records, images=images, notices=notices, keys=keys)


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            bucket=dict(type="str", required=True),
            environment=dict(type="str", required=True),
            services=dict(type="list", elements="str", required=True),
            inventory_images=dict(type="dict", default={}),
            image_source=dict(type="str", default="release", choices=list(IMAGE_SOURCES)),
            overrides=dict(type="dict", default={}),
            **RETRY_ARGUMENT_SPEC
        ),
        supports_check_mode=True,
    )
    aws = AwsClients.from_module(module)
    try:
        facts = ReleaseReader(module, aws).collect()
    except AwsCallError as exc:
        module.fail_json(msg="Could not read the release records in s3://%s/%s/releases/: %s. %s"
                         % (module.params["bucket"], module.params["environment"], exc.describe(), RUNBOOK),
                         error_code=exc.code, api_calls=aws.api_calls)
    except ValueError as exc:
        module.fail_json(msg=str(exc), api_calls=aws.api_calls)
    module.exit_json(changed=False, api_calls=aws.api_calls, **facts)


if __name__ == "__main__":
    main()
