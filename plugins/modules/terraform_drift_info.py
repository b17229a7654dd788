#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: terraform_drift_info
short_description: Plan every Terraform layer (one combined plan), never applying, and report drift per layer
version_added: 0.2.0
description:
  - By default (O(combine=true)) plans every ready layer in B(one) C(terraform plan -refresh=true). A generated root
    module calls each layer as a child module with the layer's own inputs and provider block, over a local copy of
    the layers' remote states merged under C(module.<layer>). Terraform and the AWS provider start and load their
    schema once instead of once per layer, which is most of a layer's plan. The merged state and the plan stay in
    O(combined_dir); nothing is written to the remote states.
  - The combined root passes each layer the inputs it declares and exposes the outputs it declares, read from the
    layer's C(*.tf) and C(*.tf.json) files with python-hcl2 (cached by file digest in O(combined_dir)). A plan that
    changes nothing is decided from its machine-readable UI (C(plan -json)) and, for security group rules added by
    hand, from the groups' rules as EC2 lists them (C(DescribeSecurityGroups)); otherwise C(terraform show -json)
    of the plan is read. Terraform's own files (the saved plan) are never read.
  - A layer whose state is locked (a run is changing it), whose state object changed while the combined plan ran,
    or every layer when the combined plan fails, is planned on its own with
    C(terraform plan -refresh=true -detailed-exitcode) and C(terraform show -json), waiting for a held lock up to
    O(lock_timeout); C(planned_with) and C(own_plan_reason) in O(layers) say which and why. O(combine=false) plans
    every layer on its own (O(parallelism) at a time).
  - A layer planned on its own runs C(terraform init -reconfigure) only when its data dir was not initialised for
    this backend config (a fingerprint is kept in the data dir), or when a plan says init is needed.
  - Drift is decided from the plan JSON, C(resource_drift) (changed outside of Terraform) and C(resource_changes)
    (what the configuration would change). Each resource that differs is reported once, with
    C(outside_terraform) and the attribute diffs (sensitive values masked). A change with no drift entry is a
    C(pending change) (code or inventory not applied) and counts as drift too.
  - A C(resource_drift) entry the configuration plans nothing for is refresh noise (computed attributes other
    resources fill in) and is not drift, except a security group rule that exists in AWS but that no rule resource
    of the layer declares (a rule added by hand), reported on its group with C(unmanaged_rules) and C(action=none).
  - Differences only in attributes that autoscaling owns (O(ignore_attributes)) are not drift.
  - A layer that cannot be planned (plan exit code 1, missing inputs, missing files) is C(error), never C(clean).
  - Read-only for the infrastructure; always C(changed=false). Writes no report file - the report comes back as
    RV(report), RV(report_json) and RV(markdown); the drift_check role writes them (the report_files role). It
    writes only its own scratch files in the work dir (the layers' inputs and backend config, the combined plan).
author:
  - Platform engineering (@platform-ops)
requirements:
  - python-hcl2 (for O(combine=true))
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
      backend_config:
        description: When given with O(layers[].variables), written to O(layers[].backend_config_file) and
          O(layers[].var_file) first (the same text C(terraform_layer_workdir) writes), so the caller needs no
          module call per layer.
        type: dict
      variables:
        description: The layer's input variables (ARNs and names, never secret values); see O(layers[].backend_config).
        type: dict
      missing_inputs:
        description: Inputs from earlier layers that are not in state; the layer is reported as C(error) unplanned.
        type: list
        elements: str
        default: []
      error:
        description: A reason the layer cannot be checked (e.g. no state); reported as C(error) unplanned.
        type: str
  combine:
    description: Plan the ready layers together in one combined plan (see the description); false plans each alone.
    type: bool
    default: true
  combined_dir:
    description: Where the combined root, the merged state snapshot and the combined plan are kept (owner-only
      files); default C(drift-combined) next to the first layer's work dir.
    type: path
  parallelism:
    description: How many layers planned on their own are planned at the same time.
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
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
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
    C(changes) (what the configuration would change), C(output_changes), C(planned_with) (C(combined) or
    C(own plan)), C(own_plan_reason) (why a layer was not in the combined plan, null when none was tried), and
    C(released_own_lock), the lock ID
    when the plan was refused a state lock its own first attempt had written (a lost DynamoDB response), which was
    released before planning again (null otherwise; any other holder's lock is never touched).
  returned: always
  type: list
  elements: dict
report:
  description: The structured report (environment, generated_at, seconds, status, counts, drifted_layers,
    error_layers, layers with their resources).
  returned: always
  type: dict
summary:
  description: One-screen summary, a list of lines.
  returned: always
  type: list
  elements: str
combined:
  description: The combined plan, C(used) (bool), C(layers) it decided, C(seconds) it took, C(timings) (seconds
    per step - snapshot, write, init, plan, groups (the EC2 read, while the plan runs), show, recheck - of the steps
    that ran), C(error) (why it failed, when it did; those layers were then planned on their own).
  returned: always
  type: dict
seconds:
  description: Wall-clock seconds of the whole check.
  returned: always
  type: float
report_json:
  description: RV(report) as JSON text (sorted keys), as the drift_check role writes it to C(latest.json).
  returned: always
  type: str
markdown:
  description: The report in Markdown, as the drift_check role writes it to C(latest.md).
  returned: always
  type: str
"""

import json
import os
import time

from ansible.module_utils.basic import missing_required_lib
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import drift_report
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsClients
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_analysis import DEFAULT_IGNORED_ATTRIBUTES
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_combined import HAS_HCL2, HCL2_IMPORT_ERROR
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_one_plan import CombinedPlan
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_runner import check_all
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_sg_rules import LiveGroups
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.layer_files import write_files
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.state_object import StateSnapshots
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_cli import find_binary

LAYER_SPEC = dict(
    name=dict(type="str", required=True),
    project_path=dict(type="path", required=True),
    data_dir=dict(type="path", required=True),
    backend_config_file=dict(type="path", required=True),
    var_file=dict(type="path", required=True),
    plan_file=dict(type="path"),
    backend_config=dict(type="dict"),
    variables=dict(type="dict"),
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
        for layer in self.params["layers"]:
            if layer["backend_config"] is not None and layer["variables"] is not None:
                files = write_files(os.path.dirname(layer["backend_config_file"]), layer["backend_config"],
                                    layer["variables"])
                layer.update(backend_config_file=files["backend_config"], var_file=files["variables"])
        records, combined = check_all(self.module, binary, self.params["layers"], self.params["parallelism"],
                                      self.params["lock_timeout"], self.params["ignore_attributes"],
                                      self.combined_plan(binary))
        if combined["error"]:
            self.module.warn("The combined plan failed, so each layer was planned on its own: %s" % combined["error"])
        report = drift_report.build(records, self.params["environment_name"])
        report["seconds"] = round(time.monotonic() - started, 1)
        for record in records:
            if record.get("released_own_lock"):
                self.module.warn("%s: released state lock %s, which this check's own plan had written and then been "
                                 "refused (a lost DynamoDB response); planned again" % (record["name"],
                                                                                        record["released_own_lock"]))
        return dict(changed=False, status=report["status"], layers=records, report=report, combined=combined,
                    summary=drift_report.summary_lines(report), seconds=report["seconds"],
                    report_json=json.dumps(report, indent=2, sort_keys=True) + "\n",
                    markdown=drift_report.markdown(report))

    def combined_plan(self, binary):
        if not self.params["combine"] or not self.params["layers"]:
            return None
        retry = AWSRetry.jittered_backoff(retries=5)
        states = StateSnapshots(self.module, self.module.client("s3", retry_decorator=retry),
                                self.module.client("dynamodb", retry_decorator=retry))
        groups = LiveGroups(AwsClients(lambda service, region: self.module.client(service, region=region),
                                       self.module.region, retries=5))
        combined_dir = self.params["combined_dir"] or os.path.join(
            os.path.dirname(os.path.dirname(self.params["layers"][0]["data_dir"])), "drift-combined")
        return CombinedPlan(self.module, binary, states, combined_dir, self.params["ignore_attributes"], groups=groups)


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            layers=dict(type="list", elements="dict", required=True, options=LAYER_SPEC),
            combine=dict(type="bool", default=True),
            combined_dir=dict(type="path"),
            parallelism=dict(type="int", default=4),
            lock_timeout=dict(type="int", default=120),
            binary_path=dict(type="path"),
            ignore_attributes=dict(type="list", elements="str", default=list(DEFAULT_IGNORED_ATTRIBUTES)),
            environment_name=dict(type="str", default=""),
        ),
        supports_check_mode=True,
    )
    if module.params["parallelism"] < 1:
        module.fail_json(msg="parallelism must be at least 1, got %d" % module.params["parallelism"])
    if module.params["combine"] and not HAS_HCL2:
        module.fail_json(msg=missing_required_lib("python-hcl2", reason="for combine=true (combine=false plans each "
                                                  "layer on its own without it)"), exception=HCL2_IMPORT_ERROR)
    module.exit_json(**DriftCheck(module).run())


if __name__ == "__main__":
    main()
