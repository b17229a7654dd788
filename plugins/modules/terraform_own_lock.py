#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: terraform_own_lock
short_description: Release a state lock that the failed terraform run itself left behind, and nothing else
version_added: 0.3.0
description:
  - The S3 backend takes its DynamoDB lock with a conditional C(PutItem). When that write is carried out but its
    response is lost, the SDK retries, the retry is refused by the item the first attempt wrote, and terraform waits
    for that "other" holder until its lock timeout, fails, and leaves the item behind. The holder it names is itself.
  - Given the error of the failed run and the Terraform core log it wrote (C(TF_LOG_CORE=INFO), which names the
    lock ID of each attempt), this module releases the lock with C(terraform force-unlock) only when the holder's ID
    is one that run tried to take. A lock held by any other process is never touched (RV(released) is null), and
    the caller reports the original error.
  - Runs in check mode too, since the lock is bookkeeping the run itself created, and leaving it would block every
    later run. Always C(changed=false), since the release undoes the failed run's own write and the lock table ends
    as it began; a warning names the lock released.
author:
  - Platform engineering (@platform-ops)
options:
  error:
    description: The failed run's error text (with Terraform's C(Lock Info) block).
    type: str
    required: true
  log_path:
    description: The Terraform core log the failed run wrote (TF_LOG_PATH).
    type: path
    required: true
extends_documentation_fragment:
  - platform_ops.ecs_ec2.terraform_layer
notes:
  - After a release the log is emptied, so a second refusal by the same lock is not released again.
"""

EXAMPLES = r"""
- name: Plan the network layer
  block:
    - name: Plan
      community.general.terraform:
        project_path: terraform/layers/network
        state: planned
        plan_file: .work/dev/network/layer.tfplan
      environment:
        TF_LOG_CORE: INFO
        TF_LOG_PATH: .work/dev/network/terraform.log
  rescue:
    - name: Release the lock only if the plan left it itself
      platform_ops.ecs_ec2.terraform_own_lock:
        error: "{{ ansible_failed_result.msg }}"
        log_path: .work/dev/network/terraform.log
        project_path: terraform/layers/network
        data_dir: .work/dev/network/.terraform
        binary_path: /usr/local/bin/terraform
      register: own_lock
"""

RETURN = r"""
released:
  description: The lock ID released, or null when the error is not a lock this run held itself.
  returned: always
  type: str
  sample: 3a7abdd4-292c-d412-67ae-364e4fa3b7aa
output:
  description: What C(terraform force-unlock) printed (its exit code is not the verdict; the next run is).
  returned: when released
  type: str
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import terraform_lock
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_cli import (
    TerraformCLI,
    layer_argument_spec,
)


def main():
    module = AnsibleModule(
        argument_spec=layer_argument_spec(
            error=dict(type="str", required=True),
            log_path=dict(type="path", required=True),
        ),
        supports_check_mode=True,
    )
    p = module.params
    lock_id = terraform_lock.own_stale_lock(p["error"], p["log_path"])
    if not lock_id:
        module.exit_json(changed=False, released=None)
    cli = TerraformCLI(module, p["binary_path"], p["project_path"], p["data_dir"])
    output = terraform_lock.release(cli, lock_id)
    terraform_lock.start_log(p["log_path"])
    module.warn("Released state lock %s, which this run's own terraform had written and then been refused (a lost "
                "DynamoDB response); running it again" % lock_id)
    # The item released is the failed run's own write: the lock table ends as it was before that run, so nothing
    # changed (a re-run that changes nothing in AWS reports changed=0).
    module.exit_json(changed=False, released=lock_id, output=output)


if __name__ == "__main__":
    main()
