#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: terraform_drift_info
short_description: Plan every Terraform layer in parallel, never applying, and report drift per layer
version_added: 0.2.0
description:
  - Plans each layer with C(terraform plan -refresh=true -detailed-exitcode) into a saved plan and reads it with
    C(terraform show -json). Layers are planned concurrently (their inputs are already rendered from state), so a
    check costs about one layer's plan.
  - Runs C(terraform init -reconfigure) only when the layer's data dir was not initialised for this backend config
    (a fingerprint is kept in the data dir), or when a plan says init is needed.
  - Drift is decided from the plan JSON, C(resource_drift) (changed outside of Terraform) and C(resource_changes)
    (what the configuration would change). Each resource that differs is reported once, with
    C(outside_terraform) and the attribute diffs (sensitive values masked). A change with no drift entry is a
    C(pending change) (code or inventory not applied) and counts as drift too.
  - A C(resource_drift) entry the configuration plans nothing for is refresh noise (computed attributes other
    resources fill in) and is not drift, except a security group rule that exists in AWS but that no rule resource
    of the layer declares (a rule added by hand), reported on its group with C(unmanaged_rules) and C(action=none).
  - Differences only in attributes that autoscaling owns (O(ignore_attributes)) are not drift.
  - A layer that cannot be planned (plan exit code 1, missing inputs, missing files) is C(error), never C(clean).
  - Read-only for the infrastructure; always C(changed=false). Writes its report files when O(report_dir) is set,
    in check mode too.
author:
  - Platform engineering
options:
  layers:
    description: The layers to check.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Layer name.
        type: str
        required: true
      project_path:
        description: The layer's Terraform root module directory.
        type: path
        required: true
      data_dir:
        description: C(TF_DATA_DIR) of the layer (shared with site.yml, so it is usually initialised already).
        type: path
        required: true
      backend_config_file:
        description: Backend config file (C(-backend-config)).
        type: path
        required: true
      var_file:
        description: JSON tfvars of the layer.
        type: path
        required: true
      plan_file:
        description: Where the saved plan goes; default C(drift.tfplan) next to O(layers[].data_dir).
        type: path
      missing_inputs:
        description: Inputs from earlier layers that are not in state; the layer is reported as C(error) unplanned.
        type: list
        elements: str
        default: []
      error:
        description: A reason the layer cannot be checked (e.g. no state); reported as C(error) unplanned.
        type: str
  parallelism:
    description: How many layers are planned at the same time.
    type: int
    default: 4
  lock_timeout:
    description: Seconds each plan waits for a held state lock.
    type: int
    default: 120
  binary_path:
    description: The terraform binary; default is the one on C(PATH).
    type: path
  ignore_attributes:
    description: C(<resource type>.<attribute>) whose differences are not drift (autoscaling changes them on purpose).
    type: list
    elements: str
    default: [aws_ecs_service.desired_count, aws_autoscaling_group.desired_capacity]
  environment_name:
    description: Deployment environment, for the report's title.
    type: str
    default: ""
  report_dir:
    description: Directory for C(drift-<timestamp>.json), C(drift-<timestamp>.md), C(latest.json) and C(latest.md).
    type: path
"""

EXAMPLES = r"""
- name: Check every layer for drift
  platform_ops.ecs_ec2.terraform_drift_info:
    layers:
      - name: network
        project_path: /srv/ecs/terraform/layers/network
        data_dir: /srv/ecs/.work/dev/network/.terraform
        backend_config_file: /srv/ecs/.work/dev/network/backend.tfbackend
        var_file: /srv/ecs/.work/dev/network/inputs.tfvars.json
    parallelism: 4
    report_dir: /srv/ecs/reports/dev/drift
  register: drift

- name: Turn the job red on drift
  ansible.builtin.fail:
    msg: "{{ drift.summary | join('\n') }}"
  when: drift.status != 'clean'
"""

RETURN = r"""
status:
  description: C(error) when any layer could not be planned, else C(drifted) when any layer drifted, else C(clean).
  returned: always
  type: str
layers:
  description: Per layer (in the order given) C(name), C(status) (clean/drifted/error), C(seconds), C(error),
    C(exit_code) of the plan, C(initialised) (whether init ran), C(resources) (each differing resource once -
    C(address), C(type), C(kind), C(outside_terraform), C(action), C(attributes) with C(before)/C(after), and for
    drift also C(drift_action) and C(planned_attributes)), C(drift) (refresh-only changes outside Terraform),
    C(changes) (what the configuration would change), C(output_changes), and C(released_own_lock), the lock ID
    when the plan was refused a state lock its own first attempt had written (a lost DynamoDB response), which was
    released before planning again (null otherwise; any other holder's lock is never touched).
  returned: always
  type: list
  elements: dict
report:
  description: The structured report (environment, generated_at, seconds, status, counts, drifted_layers,
    error_layers, layers with their resources), as written to O(report_dir).
  returned: always
  type: dict
summary:
  description: One-screen summary, a list of lines.
  returned: always
  type: list
  elements: str
seconds:
  description: Wall-clock seconds of the whole check.
  returned: always
  type: float
report_files:
  description: Files written (json, markdown, latest_json, latest_markdown).
  returned: when report_dir is given
  type: dict
"""

import time

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import drift_report
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_analysis import DEFAULT_IGNORED_ATTRIBUTES
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_runner import check_layers
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_cli import find_binary

LAYER_SPEC = dict(
    name=dict(type="str", required=True),
    project_path=dict(type="path", required=True),
    data_dir=dict(type="path", required=True),
    backend_config_file=dict(type="path", required=True),
    var_file=dict(type="path", required=True),
    plan_file=dict(type="path"),
    missing_inputs=dict(type="list", elements="str", default=[]),
    error=dict(type="str"),
)


class DriftCheck:
    def __init__(self, module):
        self.module = module
        self.params = module.params

    def run(self):
        started = time.monotonic()
        binary = find_binary(self.module, self.params["binary_path"])
        records = check_layers(self.module, binary, self.params["layers"], self.params["parallelism"],
                               self.params["lock_timeout"], self.params["ignore_attributes"])
        report = drift_report.build(records, self.params["environment_name"])
        report["seconds"] = round(time.monotonic() - started, 1)
        for record in records:
            if record.get("released_own_lock"):
                self.module.warn("%s: released state lock %s, which this check's own plan had written and then been "
                                 "refused (a lost DynamoDB response); planned again" % (record["name"],
                                                                                       record["released_own_lock"]))
        result = dict(changed=False, status=report["status"], layers=records, report=report,
                      summary=drift_report.summary_lines(report), seconds=report["seconds"])
        if self.params["report_dir"]:
            result["report_files"] = drift_report.write(report, self.params["report_dir"])
        return result


def main():
    module = AnsibleModule(
        argument_spec=dict(
            layers=dict(type="list", elements="dict", required=True, options=LAYER_SPEC),
            parallelism=dict(type="int", default=4),
            lock_timeout=dict(type="int", default=120),
            binary_path=dict(type="path"),
            ignore_attributes=dict(type="list", elements="str", default=list(DEFAULT_IGNORED_ATTRIBUTES)),
            environment_name=dict(type="str", default=""),
            report_dir=dict(type="path"),
        ),
        supports_check_mode=True,
    )
    if module.params["parallelism"] < 1:
        module.fail_json(msg="parallelism must be at least 1, got %d" % module.params["parallelism"])
    module.exit_json(**DriftCheck(module).run())


if __name__ == "__main__":
    main()
