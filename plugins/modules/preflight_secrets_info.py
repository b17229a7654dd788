#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

DOCUMENTATION = r"""
module: preflight_secrets_info
short_description: Check secret references (SSM parameters, Secrets Manager secrets) and KMS keys without reading them
version_added: 0.1.0
description:
  - Checks every secret ARN the services reference, collecting every problem.
  - the ARN is well formed (partition, service C(ssm) or C(secretsmanager), region, 12-digit account, resource),
  - it contains no wildcard,
  - it is in the deployment's region unless I(allow_cross_region) is set,
  - it exists - SSM parameters through C(DescribeParameters) filtered by name, in batches of up to 50 names
      (never C(GetParameter), which returns the value); Secrets Manager secrets through C(DescribeSecret),
      which must not be scheduled for deletion; a partial secret ARN is reported since the task execution role
      grants exactly the ARNs written in the inventory.
  - Checks that every KMS key named for decryption exists and is enabled (C(DescribeKey)).
  - The module never reads, logs or returns a secret value, only ARNs and their status.
author:
  - Platform engineering (@platform-ops)
options:
  secret_refs:
    description:
      - The secret references to check, each with the inventory key it comes from.
      - ECS's C(valueFrom) suffixes after a Secrets Manager ARN (C(:json-key:version-stage:version-id)) are accepted.
    type: list
    elements: dict
    default: []
    suboptions:
      key:
        description: Inventory key of the reference, for example C(ecs_services[0].secrets[1].value_from).
        type: str
        required: true
      arn:
        description: The ARN.
        type: str
        required: true
  kms_key_refs:
    description:
      - KMS keys the execution roles may decrypt with, each with its inventory key
        (for example C(ecs_secret_kms_key_arns[0])).
    type: list
    elements: dict
    default: []
    suboptions:
      key:
        description: Inventory key of the KMS key ARN.
        type: str
        required: true
      arn:
        description: The KMS key ARN (C(key/ID) or C(alias/NAME)).
        type: str
        required: true
  allow_cross_region:
    description:
      - Accept secrets and keys in another region than the deployment's (inventory key
        C(ecs_allow_cross_region_secrets)); they are then checked in their own region.
    type: bool
    default: false
extends_documentation_fragment:
  - platform_ops.ecs_ec2.preflight
  - platform_ops.ecs_ec2.retries
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Check the secrets of every service
  platform_ops.ecs_ec2.preflight_secrets_info:
    region: "{{ ecs_aws_region }}"
    secret_refs:
      - key: ecs_services[0].secrets[0].value_from
        arn: arn:aws:ssm:us-east-1:123456789012:parameter/app/db_password
      - key: ecs_services[0].secrets[1].value_from
        arn: arn:aws:secretsmanager:us-east-1:123456789012:secret:app/api-key-AbCdEf
    kms_key_refs:
      - key: ecs_secret_kms_key_arns[0]
        arn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
    fail_on_problems: false
  register: secrets_check
"""

RETURN = r"""
secrets:
  description: Every reference checked, sorted by ARN then key. Never a value.
  returned: always
  type: list
  elements: dict
  contains:
    key: {description: Inventory key of the reference., type: str}
    arn: {description: The ARN as written., type: str}
    kind: {description: "C(ssm_parameter), C(secretsmanager_secret) or C(unknown).", type: str}
    region: {description: Region of the ARN., type: str}
    status:
      description: >-
        C(found), C(missing), C(scheduled_for_deletion), C(invalid), C(other_region) or C(not_checked).
      type: str
kms_keys:
  description: Every KMS key checked, in input order.
  returned: always
  type: list
  elements: dict
  contains:
    key: {description: Inventory key., type: str}
    arn: {description: The key ARN., type: str}
    state: {description: KMS key state (null when not read)., type: str, sample: Enabled}
    status: {description: "C(found), C(missing), C(not_enabled), C(invalid) or C(not_checked).", type: str}
problems:
  description: Every problem found, sorted by key; each has C(key), C(value), C(reason), C(action).
  returned: always
  type: list
  elements: dict
  sample:
    - key: ecs_services[0].secrets[1].value_from
      value: arn:aws:secretsmanager:us-east-1:123456789012:secret:app/api-key-AbCdEf
      reason: the secret is scheduled for deletion on 2025-01-31
      action: Restore it with `aws secretsmanager restore-secret` or reference another secret
api_calls:
  description: AWS API calls made, per service (retries included).
  returned: always
  type: dict
  sample: {ssm: 1, secretsmanager: 25, kms: 1}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import preflight_checks
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import check_argument_spec, run_check


def main():
    spec = check_argument_spec(**preflight_checks.SECRETS)
    module = AnsibleAWSModule(argument_spec=spec, supports_check_mode=True)
    run_check(module, lambda api: preflight_checks.secrets(api, module.params))


if __name__ == "__main__":
    main()
