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
    record of the last converged plan), then plans the layers that must be planned, O(parallelism) at a time;
    C(terraform init) only when the data dir was initialised for other files, then
    C(terraform plan -detailed-exitcode -out=layer.tfplan) in the layer's work dir.
  - Each layer has its own data dir, state key, lock and plan file, so the plans are independent. Terraform and the
    provider start once per layer as in the layer loop; what is saved is the loop's Ansible work around each plan.
  - C(no changes) is recorded as converged (as after the loop's own plan) and its saved plan removed. With
    C(changes) the saved plan and its JSON (C(layer.tfplan.json)) stay for the loop, which applies exactly that plan
    after its safety gates when the layer's inputs are still those it was planned with (C(variables)).
  - A layer with nothing in its state (C(not created)) is left to the loop, which creates it in one run. A plan
    that fails (C(error)) is planned again by the loop, which says why.
  - A plan refused by the state lock its own first write left (a lost response) releases that lock and plans once
    more, as the layer loop does, and a warning names the lock. Deleting the lock item undoes this run's own write
    (the lock table ends as it began), so it is not a change.
  - Otherwise writes only local scratch files (inputs, saved plans, records) and takes each state's lock while it
    plans; never changes anything in AWS or in a state, so always C(changed=false), in check mode too.
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
seconds:
  description: Seconds for every layer.
  returned: always
  type: float
"""

import os
import time

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.layer_plans import plan_layers
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.layer_workdir import state_identity
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.plan_summary import DEFAULT_PROTECTED_TYPES
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_cli import find_binary

LAYER_SPEC = dict(
    name=dict(type="str", required=True),
    project_path=dict(type="path", required=True),
    work_dir=dict(type="path", required=True),
    backend_config=dict(type="dict", required=True),
    variables=dict(type="dict", required=True),
    key=dict(type="str", required=True, no_log=False),  # the state object's S3 key, not a secret
)


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            layers=dict(type="list", elements="dict", required=True, options=LAYER_SPEC),
            modules_path=dict(type="path"),
            terraform_version=dict(type="str", required=True),
            bucket=dict(type="str", required=True),
            binary_path=dict(type="path"),
            replan=dict(type="bool", default=False),
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
    started = time.monotonic()
    binary = find_binary(module, p["binary_path"])
    s3 = module.client("s3", retry_decorator=AWSRetry.jittered_backoff(retries=5))
    identities = dict((layer["name"], state_identity(module, s3, p["bucket"], layer["key"])) for layer in p["layers"])
    settings = dict(p, protected_types=p["protected_types"] or list(DEFAULT_PROTECTED_TYPES),
                    parallelism=p["parallelism"] or min(4, max(2, os.cpu_count() or 1)))
    results = plan_layers(module, binary, p["layers"], identities, settings)
    released = [r for r in results if r["released_own_lock"]]
    for r in released:
        module.warn("%s: Released state lock %s, which this run's own plan had written and then been refused (a lost "
                    "DynamoDB response); planned again" % (r["name"], r["released_own_lock"]))
    # Planning changes nothing. Releasing a lock this run's own plan wrote (its first PutItem answer lost, the retry
    # refused) only undoes that plan's own write: the lock table ends as it began, so the task is not "changed"
    # (a replan that changes nothing must report changed=0); the warning above says it happened.
    module.exit_json(changed=False, layers=dict((r["name"], r) for r in results),
                     seconds=round(time.monotonic() - started, 1))


if __name__ == "__main__":
    main()
