#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

DOCUMENTATION = r"""
module: preflight_identity_info
short_description: Check that the AWS credentials belong to the deployment's account
version_added: 0.1.0
description:
  - Calls STS C(GetCallerIdentity) and compares the caller's account with the inventory's account.
  - Missing, expired or invalid credentials are reported as one problem with one clear message.
  - Run it before every other check; the C(platform_ops.ecs_ec2.preflight) role stops at once when it finds a problem.
author:
  - Platform engineering (@platform-ops)
options:
  account_id:
    description:
      - The deployment's 12-digit AWS account id (inventory key C(ecs_aws_account_id)).
    type: str
    required: true
extends_documentation_fragment:
  - platform_ops.ecs_ec2.preflight
  - platform_ops.ecs_ec2.retries
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Stop unless the credentials are for the inventory's account
  platform_ops.ecs_ec2.preflight_identity_info:
    account_id: "{{ ecs_aws_account_id }}"
    region: "{{ ecs_aws_region }}"

- name: Collect the result without failing
  platform_ops.ecs_ec2.preflight_identity_info:
    account_id: "123456789012"
    fail_on_problems: false
  register: identity
"""

RETURN = r"""
caller:
  description: Who the credentials belong to (all null when STS could not be called).
  returned: always
  type: dict
  contains:
    account:
      description: The caller's account id.
      type: str
      sample: "123456789012"
    arn:
      description: The caller's ARN.
      type: str
      sample: arn:aws:iam::123456789012:user/deployer
    user_id:
      description: The caller's unique id.
      type: str
      sample: AIDAEXAMPLE
account_matches:
  description: Whether the caller's account is I(account_id).
  returned: always
  type: bool
  sample: true
problems:
  description: Every problem found, sorted by key.
  returned: always
  type: list
  elements: dict
  contains:
    key: {description: The inventory key at fault., type: str, sample: ecs_aws_account_id}
    value: {description: "Its value, rendered as text.", type: str, sample: "123456789012"}
    reason: {description: Why it is a problem., type: str}
    action: {description: What to do about it., type: str}
api_calls:
  description: AWS API calls made, per service (retries included).
  returned: always
  type: dict
  sample: {sts: 1}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import preflight_checks
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import check_argument_spec, run_check


def main():
    spec = check_argument_spec(**preflight_checks.IDENTITY)
    module = AnsibleAWSModule(argument_spec=spec, supports_check_mode=True)
    run_check(module, lambda api: preflight_checks.identity(api, module.params))


if __name__ == "__main__":
    main()
