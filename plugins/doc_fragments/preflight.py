# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)


class ModuleDocFragment:
    # Options and behaviour shared by the pre-flight check modules.
    DOCUMENTATION = r"""
options:
  fail_on_problems:
    description:
      - Fail the task when at least one problem is found; the message lists every problem, one per line.
      - Set to C(false) to collect the problems of several modules and fail once with all of them, as the
        C(platform_ops.ecs_ec2.preflight) role does.
      - Errors that stop the check itself (missing or expired credentials, no region, no connection) always fail.
    type: bool
    default: true
  key_names:
    description:
      - Inventory key names used in problem records, by option name, for example C(azs=network_azs).
      - By default the names of the collection's inventory contract are used (C(ecs_azs), C(ecs_instance_types), ...).
    type: dict
    default: {}
notes:
  - The module only reads. It supports check mode and always reports C(changed=false).
  - Problems are collected, never raised one by one; each names the inventory key, its value, the reason and the
    action to take, and the list is sorted by key so results are stable.
  - C(api_calls) counts the AWS API calls made (retries included), per service.
"""
