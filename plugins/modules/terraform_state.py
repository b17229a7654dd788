#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: terraform_state
short_description: Initialise a layer on its backend and move a state into it or resources out of it
version_added: 0.4.0
description:
  - Runs C(terraform init -reconfigure) with the layer's backend config, then optionally C(terraform state push) of a
    local state file (the bootstrap layer's state, once its bucket exists) and C(terraform state rm) of addresses
    (resources a teardown hands over from Terraform to the API).
  - The state commands community.general.terraform does not offer; plans and applies stay with it. Every call goes
    through the collection's one Terraform wrapper (CmdRunner), with the environment the play gives.
  - Removes only the addresses that are in the state (C(terraform state list) first), so a re-run after a partial
    teardown changes nothing and does not fail on an address already gone.
  - In check mode the layer is initialised (local files only) and the state is read; nothing is pushed or removed,
    and C(changed) says whether it would be.
  - A push or removal that fails on a state lock this very run left (its DynamoDB write carried out, the answer lost,
    the SDK's retry refused by its own item) releases that lock and runs once more, as the plan and apply paths do.
    Terraform's core log (which names the lock IDs the run tried) goes to C(state.tflog) next to O(data_dir). A lock
    held by anyone else is never touched.
author:
  - Platform engineering (@platform-ops)
options:
  backend_config:
    description: The layer's C(.tfbackend) file for C(terraform init -backend-config=...).
    type: path
    required: true
  push:
    description: A local state file to push into the backend (C(terraform state push)).
    type: path
  remove:
    description: Resource addresses to take out of the state (C(terraform state rm)); those not in it are skipped.
    type: list
    elements: str
  lock_timeout:
    description: Seconds C(terraform state rm) waits for the state lock.
    type: int
    default: 0
extends_documentation_fragment:
  - platform_ops.ecs_ec2.terraform_layer
notes:
  - C(push) and C(remove) are mutually exclusive; with neither, the module only initialises the layer.
"""

EXAMPLES = r"""
- name: Move the bootstrap layer's local state into its new bucket
  platform_ops.ecs_ec2.terraform_state:
    project_path: "{{ ecs_project_root }}/terraform/layers/bootstrap"
    data_dir: "{{ ecs_work_dir }}/bootstrap/.terraform"
    binary_path: "{{ ecs_terraform.binary_path }}"
    backend_config: "{{ ecs_work_dir }}/bootstrap/backend.tfbackend"
    push: "{{ ecs_work_dir }}/bootstrap/local.tfstate"
  environment: "{{ ecs_terraform.environment }}"

- name: Hand two buckets over to the API teardown
  platform_ops.ecs_ec2.terraform_state:
    project_path: "{{ ecs_project_root }}/terraform/layers/observability"
    data_dir: "{{ ecs_work_dir }}/observability/.terraform"
    binary_path: "{{ ecs_terraform.binary_path }}"
    backend_config: "{{ ecs_work_dir }}/observability/backend.tfbackend"
    remove: [module.observability.aws_s3_bucket.logs, aws_s3_bucket.access_logs]
    lock_timeout: 60
  environment: "{{ ecs_terraform.environment }}"
"""

RETURN = r"""
pushed:
  description: The local state file pushed (null when none was, or in check mode).
  returned: always
  type: str
removed:
  description: The addresses taken out of the state (in check mode, those that would be).
  returned: always
  type: list
  elements: str
absent:
  description: Addresses given in O(remove) that were not in the state.
  returned: always
  type: list
  elements: str
released_own_lock:
  description: The ID of a lock this run's own terraform left and the module released before running again, else null.
  returned: always
  type: str
"""

import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import terraform_lock
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_cli import (
    TerraformCLI,
    TerraformError,
    layer_argument_spec,
)


class LayerState:
    def __init__(self, module):
        self.module = module
        p = module.params
        self.log_path = os.path.join(os.path.dirname(p["data_dir"]), "state.tflog")
        self.cli = TerraformCLI(module, p["binary_path"], p["project_path"], p["data_dir"],
                                env=terraform_lock.log_environment(self.log_path))
        self.released_lock = None

    def locked(self, call, *args, **kwargs):
        """A state write; if it fails on a lock it left itself (terraform_lock), release that lock and write once
        more. Any other failure, or a lock held by another run, is the caller's error."""
        terraform_lock.start_log(self.log_path)
        try:
            return call(*args, **kwargs)
        except TerraformError as exc:
            lock_id = None if self.released_lock else terraform_lock.release_own_lock(
                self.cli, exc.stderr or exc.stdout or str(exc), self.log_path)
            if not lock_id:
                raise
        self.module.warn("released state lock %s that this run's own terraform left (its DynamoDB write was carried "
                         "out, the answer lost); ran again" % lock_id)
        self.released_lock = lock_id
        terraform_lock.start_log(self.log_path)
        return call(*args, **kwargs)

    def run(self):
        p = self.module.params
        self.cli.init(backend_config=p["backend_config"], reconfigure=True)
        result = dict(changed=False, pushed=None, removed=[], absent=[], released_own_lock=None)
        if p["push"]:
            result["changed"] = True
            if not self.module.check_mode:
                self.locked(self.cli.state_push, p["push"])
                result["pushed"] = p["push"]
        if p["remove"]:
            present = set(self.cli.state_list())
            result["removed"] = [address for address in p["remove"] if address in present]
            result["absent"] = [address for address in p["remove"] if address not in present]
            result["changed"] = bool(result["removed"])
            if result["removed"] and not self.module.check_mode:
                self.locked(self.cli.state_rm, result["removed"], lock_timeout=p["lock_timeout"])
        result["released_own_lock"] = self.released_lock
        return result


def main():
    module = AnsibleModule(
        argument_spec=layer_argument_spec(
            backend_config=dict(type="path", required=True),
            push=dict(type="path"),
            remove=dict(type="list", elements="str"),
            lock_timeout=dict(type="int", default=0),
        ),
        mutually_exclusive=[("push", "remove")],
        supports_check_mode=True,
    )
    try:
        module.exit_json(**LayerState(module).run())
    except TerraformError as exc:
        module.fail_json(msg=str(exc), cmd=exc.argv, rc=exc.rc, stdout=exc.stdout, stderr=exc.stderr)


if __name__ == "__main__":
    main()
