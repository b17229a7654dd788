#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: terraform_plan_info
short_description: Summarize a saved Terraform plan and decide whether it may be applied
version_added: 0.1.0
description:
  - Reads a plan saved by C(community.general.terraform) (C(state=planned)) with C(terraform show -json) and returns
    what it would add, change, replace and destroy, the attributes that differ, the changes Terraform found outside
    of Terraform (C(resource_drift)), and the changes that must stop the run before apply.
  - A replacement or destruction of a protected resource type is C(blocked) unless O(allow_replace=true). With
    O(protect_all_deletes=true) (production inventories) every destruction is blocked.
  - With O(plan_error) (the error of a plan that failed), when Terraform refused the plan because it would destroy a
    resource with C(lifecycle.prevent_destroy) (C(Instance cannot be destroyed)), RV(prevent_destroy) says for each
    such resource what the plan would have done and which attributes force it, read from the errored plan that
    Terraform saves in O(plan_file) even when planning fails (Terraform 1.4 and later; it can never be applied).
    O(allow_replace) cannot override C(prevent_destroy). Any other error returns an empty RV(prevent_destroy) at
    once, without running Terraform.
  - In diff mode (C(--diff)), RV(diff) and RV(diff_lines) say for each resource the plan changes which attributes
    change, before and after; unchanged attributes are left out, values Terraform marks sensitive are masked and
    secret-looking values (a secret-looking key or environment variable name, a private key, an access key id) are
    redacted.
  - Read-only; never changes anything, so it always reports C(changed=false) and runs in check mode.
author:
  - Platform engineering (@platform-ops)
options:
  project_path:
    description: The Terraform root module (layer) directory.
    type: path
    required: true
  plan_file:
    description: The saved plan to read.
    type: path
    required: true
  data_dir:
    description: C(TF_DATA_DIR) the layer was initialised with (one per inventory and layer).
    type: path
  binary_path:
    description: The terraform binary; default is the one on C(PATH).
    type: path
  protected_types:
    description: Resource types whose replacement or destruction is blocked.
    type: list
    elements: str
    default: [aws_s3_bucket, aws_dynamodb_table, aws_lb, aws_ecs_cluster, aws_autoscaling_group, aws_ecs_service]
  protect_all_deletes:
    description: Block every destruction, not only of protected types (production).
    type: bool
    default: false
  allow_replace:
    description:
      - The run explicitly allows replacing or destroying protected resources (and, with O(protect_all_deletes), any
        destruction). It never allows what C(prevent_destroy) forbids, since Terraform refuses such a plan itself.
    type: bool
    default: false
  plan_error:
    description:
      - The error output of the plan that wrote O(plan_file) and failed. Set it to explain a plan refused by
        C(prevent_destroy) (RV(prevent_destroy)); leave it out to summarize a plan that succeeded.
    type: str
  layer:
    description: The layer's name in RV(diff) headers and RV(diff_lines); default is the name of O(project_path).
    type: str
"""

EXAMPLES = r"""
- name: Summarize the network layer's plan
  platform_ops.ecs_ec2.terraform_plan_info:
    project_path: "{{ playbook_dir }}/../terraform/layers/network"
    plan_file: /srv/work/dev/network/plan.tfplan
    data_dir: /srv/work/dev/network/.terraform
    protect_all_deletes: false
  register: network_plan

- name: Explain a plan that Terraform refused because of prevent_destroy (in the rescue of the plan)
  platform_ops.ecs_ec2.terraform_plan_info:
    project_path: "{{ playbook_dir }}/../terraform/layers/loadbalancer"
    plan_file: /srv/work/dev/loadbalancer/layer.tfplan
    data_dir: /srv/work/dev/loadbalancer/.terraform
    plan_error: "{{ ansible_failed_result.msg }}"
  register: refused

- name: Stop before apply when the plan replaces a protected resource
  ansible.builtin.fail:
    msg: "{{ network_plan.blocked | map(attribute='address') | join(', ') }}"
  when: network_plan.blocked | length > 0
"""

RETURN = r"""
prevent_destroy:
  description:
    - With O(plan_error), each resource whose destruction made Terraform refuse the plan (C(lifecycle.prevent_destroy)),
      sorted as Terraform named them, with C(address), C(type), C(action) (C(replace) or C(delete); C(destroy) when
      the errored plan did not record the change), C(forced_by) (attribute paths that force the replacement),
      C(attributes) (their before and after values, sensitive values masked) and C(reason) (one readable line).
    - Empty without O(plan_error), or when the error is another one.
  returned: always
  type: list
  elements: dict
  sample:
    - address: module.alb.aws_lb.this
      type: aws_lb
      action: replace
      forced_by: [name]
      attributes: [{attribute: name, before: demo-local-alb, after: demo2-local-alb}]
      reason: 'protected by prevent_destroy; replacement forced by name "demo-local-alb" -> "demo2-local-alb"'
has_changes:
  description:
    - Whether applying the plan would change any resource or output.
    - This and every other key but RV(prevent_destroy) are returned only when the plan was read (always without
      O(plan_error)).
  returned: always
  type: bool
line:
  description: One-line summary, e.g. C(2 to add, 0 to change, 0 to replace, 0 to destroy).
  returned: always
  type: str
counts:
  description: Number of resources per action.
  returned: always
  type: dict
  sample: {add: 2, change: 1, replace: 0, destroy: 0}
resources:
  description: Every resource the plan changes, sorted by address, with the attributes that differ (sensitive masked).
  returned: always
  type: list
  elements: dict
replaced:
  description: Addresses the plan would replace.
  returned: always
  type: list
  elements: str
destroyed:
  description: Addresses the plan would destroy.
  returned: always
  type: list
  elements: str
drift:
  description: Changes Terraform found outside of Terraform while refreshing (C(resource_drift)).
  returned: always
  type: list
  elements: dict
output_changes:
  description: Names of outputs whose value would change.
  returned: always
  type: list
  elements: str
blocked:
  description: Changes that must stop the run before apply, each with address, action and reason.
  returned: always
  type: list
  elements: dict
allowed_by_override:
  description: Changes that would have been blocked but O(allow_replace=true) allows.
  returned: always
  type: list
  elements: dict
diff:
  description:
    - Ansible's diff list, one entry per resource the plan changes (C(before_header), C(after_header) with the layer,
      the address and the action; C(before) and C(after) with one line per changed attribute, its name and value).
    - Returned in diff mode only. The module reports C(changed=false), so Ansible does not print it itself; the
      terraform_layer role prints RV(diff_lines).
  returned: in diff mode, when the plan was read
  type: list
  elements: dict
  sample:
    - before_header: "loadbalancer: module.alb.aws_lb.this"
      after_header: "loadbalancer: module.alb.aws_lb.this (update)"
      before: "idle_timeout: 60\n"
      after: "idle_timeout: 90\n"
diff_lines:
  description: The same as lines to print, one per resource, then one per attribute with its before and after value.
  returned: in diff mode, when the plan was read
  type: list
  elements: str
  sample: ["~ loadbalancer: module.alb.aws_lb.this (update)", "    idle_timeout: 60 -> 90"]
"""

import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.plan_diff import (
    ansible_diff,
    diff_lines,
    resource_diffs,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.plan_summary import (
    DEFAULT_PROTECTED_TYPES,
    prevent_destroy_addresses,
    prevent_destroy_refusals,
    summarize,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_cli import (
    TerraformCLI,
    TerraformError,
    find_binary,
)


class PlanInfo:
    """Reads the saved plan (or the errored plan of a failed one) and summarizes it."""

    def __init__(self, module):
        self.module = module
        self.params = module.params

    def run(self):
        params = self.params
        error = params["plan_error"]
        if error is not None and not prevent_destroy_addresses(error):
            self.module.exit_json(changed=False, prevent_destroy=[])
        if error is not None and not os.path.isfile(params["plan_file"]):
            # A Terraform that saves no errored plan: the addresses are still known, not what forces them.
            self.module.exit_json(changed=False, prevent_destroy=prevent_destroy_refusals({}, error))
        plan = self.show(params["plan_file"])
        result = summarize(plan, params["protected_types"], params["protect_all_deletes"], params["allow_replace"])
        result["prevent_destroy"] = prevent_destroy_refusals(plan, error) if error is not None else []
        if self.module._diff and error is None:
            layer = params["layer"] or os.path.basename(os.path.normpath(params["project_path"]))
            entries = resource_diffs(plan)
            result["diff"] = ansible_diff(entries, layer)
            result["diff_lines"] = diff_lines(entries, layer)
        self.module.exit_json(changed=False, **result)

    def show(self, plan_file):
        params = self.params
        binary = find_binary(self.module, params["binary_path"])
        cli = TerraformCLI(self.module, binary, params["project_path"], params["data_dir"])
        try:
            return cli.show_json(plan_file)
        except TerraformError as exc:
            self.module.fail_json(msg=str(exc), cmd=exc.argv, rc=exc.rc, stderr=exc.stderr)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            project_path=dict(type="path", required=True),
            plan_file=dict(type="path", required=True),
            data_dir=dict(type="path"),
            binary_path=dict(type="path"),
            protected_types=dict(type="list", elements="str", default=list(DEFAULT_PROTECTED_TYPES)),
            protect_all_deletes=dict(type="bool", default=False),
            allow_replace=dict(type="bool", default=False),
            plan_error=dict(type="str"),
            layer=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    PlanInfo(module).run()


if __name__ == "__main__":
    main()
