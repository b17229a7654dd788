#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: terraform_layers_plan
short_description: Plan every layer of a run at once, each into its own saved plan, before the layers are applied
version_added: 0.3.0
description:
  - For each layer in O(layers), does what M(platform_ops.ecs_ec2.terraform_layer_workdir) does with C(state=check)
    (writes the input files, compares code, inputs, backend, Terraform version and the state's serial with the
    record of the last converged plan).
  - With O(combine) (the default) the layers that must be planned are first planned together in one combined plan,
    as the drift check does (see M(platform_ops.ecs_ec2.terraform_drift_info)); a snapshot of their states, read
    without taking their locks, and one C(terraform plan) of a generated root that calls each layer. A layer it finds
    nothing to change in is C(no changes) without a plan of its own. A layer with changes, one whose state is locked
    or changed while the plan ran, and every layer when the combined plan fails, is planned on its own.
  - Layers planned on their own run O(parallelism) at a time, each with C(terraform init) only when the data dir
    was initialised for other files, then C(terraform plan -detailed-exitcode -out=layer.tfplan) in the layer's
    work dir.
  - Each layer planned on its own has its own data dir, state key, lock and plan file, so those plans are
    independent. The combined plan pays Terraform's start, the provider's lock hash and its schema once for all.
  - C(no changes) is recorded as converged (as after the loop's own plan) and its saved plan removed. With
    C(changes) the saved plan and its JSON (C(layer.tfplan.json)) stay for the loop, which applies exactly that plan
    after its safety gates when the layer's inputs are still those it was planned with (C(variables)).
  - A layer with nothing in its state (C(not created)) is left to the loop, which creates it in one run. A plan
    that fails (C(error)) is planned again by the loop, which says why.
  - A plan refused by the state lock its own first write left (a lost response) releases that lock and plans once
    more, as the layer loop does, and a warning names the lock. Deleting the lock item undoes this run's own write
    (the lock table ends as it began), so it is not a change.
  - Otherwise writes only local scratch files (inputs, saved plans, records, the combined plan's merged state
    snapshot) and takes each state's lock while it plans a layer on its own; never changes anything in AWS or in
    a state, so always C(changed=false), in check mode too.
author:
  - Platform engineering (@platform-ops)
options:
  layers:
    description: The layers to plan, with the inputs the loop would give them.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Layer name.
        type: str
        required: true
      project_path:
        description: The layer's root module directory.
        type: path
        required: true
      work_dir:
        description: The layer's work dir (input files, C(.terraform), saved plan, records).
        type: path
        required: true
      backend_config:
        description: Backend settings, written as C(backend.tfbackend).
        type: dict
        required: true
      variables:
        description: Input variables, written as C(inputs.tfvars.json).
        type: dict
        required: true
      key:
        description: Key of the layer's state object in O(bucket).
        type: str
        required: true
  modules_path:
    description: The shared modules the layers call (part of the fingerprint).
    type: path
  terraform_version:
    description: Version of the terraform binary (part of the fingerprint).
    type: str
    required: true
  bucket:
    description: State bucket.
    type: str
    required: true
  binary_path:
    description: The terraform binary; found on PATH when omitted.
    type: path
  replan:
    description: Plan every layer, even one whose record says it is converged.
    type: bool
    default: false
  combine:
    description:
      - Plan the layers together first (needs python-hcl2, as the drift check does). C(false) plans each on its own.
    type: bool
    default: true
  combined_dir:
    description: Work dir of the combined plan; default C(layers-combined) next to the first layer's work dir.
    type: path
  parallelism:
    description:
      - Plans at a time; C(0) plans one per CPU, at least 2 and at most 4. A plan is CPU-bound (Terraform and the
        provider), so more plans than CPUs only share them and hold more memory (about 0.5 GiB each).
    type: int
    default: 0
  lock_timeout:
    description:
      - Seconds a plan waits for a state lock held by another run. site.yml waits 0 here, so a layer another run
        holds is planned by the layer loop, which waits its O(lock_timeout) once and names the holder.
    type: int
    default: 0
  protected_types:
    description: Resource types whose replacement or destruction the summary lists as blocked.
    type: list
    elements: str
  protect_all_deletes:
    description: Any destruction is blocked (production).
    type: bool
    default: false
  allow_replace:
    description: Blocked changes are allowed.
    type: bool
    default: false
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Plan the network and compute layers at once
  platform_ops.ecs_ec2.terraform_layers_plan:
    layers:
      - name: network
        project_path: "{{ ecs_project_root }}/terraform/layers/network"
        work_dir: "{{ ecs_work_dir }}/network"
        backend_config: "{{ ecs_backend | combine({'key': 'dev/network/terraform.tfstate'}) }}"
        variables: "{{ network_inputs }}"
        key: dev/network/terraform.tfstate
    modules_path: "{{ ecs_project_root }}/terraform/modules"
    terraform_version: "{{ ecs_terraform.version }}"
    bucket: "{{ ecs_state_bucket }}"
    binary_path: "{{ ecs_terraform.binary_path }}"
  register: planned
"""

RETURN = r"""
layers:
  description: One entry per layer, by name.
  returned: always
  type: dict
  contains:
    status:
      description: C(converged) (not planned), C(no changes), C(changes) (saved plan kept), C(not created), C(error).
      type: str
    line:
      description: What the plan found, or why the layer was not planned.
      type: str
    error:
      description: Why the plan failed (C(error) only).
      type: str
    variables:
      description: The inputs the layer was planned with.
      type: dict
    stamp:
      description: The work dir check's result (as M(platform_ops.ecs_ec2.terraform_layer_workdir) returns it),
        with C(planned_ahead=true) when the layer was planned here; null unless converged, no changes or changes.
      type: dict
    outputs:
      description: The layer's outputs in its state (C(changes) only), as C(terraform output -json) shows them.
      type: dict
    initialised:
      description: C(terraform init) ran for the layer.
      type: bool
    released_own_lock:
      description: The lock ID released after a lost response (null otherwise).
      type: str
    seconds:
      description: Seconds the layer took.
      type: float
combined:
  description: The combined plan.
  returned: always
  type: dict
  contains:
    used:
      description: Whether a combined plan decided any layer.
      type: bool
    layers:
      description: The layers it planned.
      type: list
      elements: str
    seconds:
      description: Seconds it took.
      type: float
    error:
      description: Why it failed (the layers were planned on their own), or null.
      type: str
seconds:
  description: Seconds for every layer.
  returned: always
  type: float
"""

import os
import time

from ansible.module_utils.basic import missing_required_lib
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_combined import HAS_HCL2, HCL2_IMPORT_ERROR
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_one_plan import CombinedPlan
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.layer_plans import plan_layers
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.layer_workdir import state_identity
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.plan_summary import DEFAULT_PROTECTED_TYPES
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.state_object import StateSnapshots
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_cli import find_binary

LAYER_SPEC = dict(
    name=dict(type="str", required=True),
    project_path=dict(type="path", required=True),
    work_dir=dict(type="path", required=True),
    backend_config=dict(type="dict", required=True),
    variables=dict(type="dict", required=True),
    key=dict(type="str", required=True, no_log=False),  # the state object's S3 key, not a secret
)


def combined_plan(module, binary, s3):
    """The combined plan of the layers that must be planned, or None (combine=false). It asks only which layers have
    changes: nothing is ignored, and drift that plans no change is left to the drift check."""
    p = module.params
    if not p["combine"] or not p["layers"]:
        return None
    states = StateSnapshots(module, s3, module.client("dynamodb", retry_decorator=AWSRetry.jittered_backoff(retries=5)))
    combined_dir = p["combined_dir"] or os.path.join(os.path.dirname(p["layers"][0]["work_dir"]), "layers-combined")
    return CombinedPlan(module, binary, states, combined_dir, (), changes_only=True)


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            layers=dict(type="list", elements="dict", required=True, options=LAYER_SPEC),
            modules_path=dict(type="path"),
            terraform_version=dict(type="str", required=True),
            bucket=dict(type="str", required=True),
            binary_path=dict(type="path"),
            replan=dict(type="bool", default=False),
            combine=dict(type="bool", default=True),
            combined_dir=dict(type="path"),
            parallelism=dict(type="int", default=0),
            lock_timeout=dict(type="int", default=0),
            protected_types=dict(type="list", elements="str"),
            protect_all_deletes=dict(type="bool", default=False),
            allow_replace=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    p = module.params
    if p["parallelism"] < 0:
        module.fail_json(msg="parallelism must be 0 (one per CPU) or more, got %d" % p["parallelism"])
    if p["combine"] and not HAS_HCL2:
        module.fail_json(msg=missing_required_lib("python-hcl2", reason="for combine=true (combine=false plans each "
                                                  "layer on its own without it)"), exception=HCL2_IMPORT_ERROR)
    started = time.monotonic()
    binary = find_binary(module, p["binary_path"])
    s3 = module.client("s3", retry_decorator=AWSRetry.jittered_backoff(retries=5))
    identities = dict((layer["name"], state_identity(module, s3, p["bucket"], layer["key"])) for layer in p["layers"])
    settings = dict(p, protected_types=p["protected_types"] or list(DEFAULT_PROTECTED_TYPES),
                    parallelism=p["parallelism"] or min(4, max(2, os.cpu_count() or 1)))
    results, combined = plan_layers(module, binary, p["layers"], identities, settings,
                                    combined_plan(module, binary, s3))
    if combined["error"]:
        module.warn("The combined plan failed, so each layer was planned on its own: %s" % combined["error"])
    released = [r for r in results if r["released_own_lock"]]
    for r in released:
        module.warn("%s: Released state lock %s, which this run's own plan had written and then been refused (a lost "
                    "DynamoDB response); planned again" % (r["name"], r["released_own_lock"]))
    # Planning changes nothing. Releasing a lock this run's own plan wrote (its first PutItem answer lost, the retry
    # refused) only undoes that plan's own write: the lock table ends as it began, so the task is not "changed"
    # (a replan that changes nothing must report changed=0); the warning above says it happened.
    module.exit_json(changed=False, layers=dict((r["name"], r) for r in results), combined=combined,
                     seconds=round(time.monotonic() - started, 1))


if __name__ == "__main__":
    main()
