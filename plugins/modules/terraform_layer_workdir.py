#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: terraform_layer_workdir
short_description: A layer's work dir - its input files, and whether its plan can have changed since the last one
version_added: 0.2.0
description:
  - Writes the layer's backend config (C(backend.tfbackend)) and input variables (C(inputs.tfvars.json)) in
    O(work_dir) when O(backend_config) and O(variables) are given (every state). They are local scratch files with
    ARNs and names, never secret values, written in check mode too since a plan needs them; writing them is never
    reported as a change.
  - A layer's plan depends on its code (the layer and C(terraform/modules)), its input variables, its backend
    config, the Terraform version and its state. With O(state=check) this module compares all of them with the
    record written after the layer's last plan without changes or last apply (O(state=record)); the state is
    identified by the lineage and serial of the layer's state object in S3, read directly (no C(terraform init)).
  - When nothing differs, C(converged=true) and planning again could only find changes made outside Terraform, which
    is what C(drift_check.yml) looks for. O(replan=true) always asks for a plan.
  - It also says whether the layer's data dir must be initialised (C(init_needed)); a data dir initialised for the
    same layer files and backend config is reused, so a run does not pay C(terraform init) for every layer.
  - When the layer must be planned (O(state=check), not converged) it starts an empty C(terraform.log) in
    O(work_dir). The plan and apply write Terraform's core log there, which names the state lock IDs they take
    (platform_ops.ecs_ec2.terraform_own_lock reads it). It also removes the saved plan of an earlier run
    (C(layer.tfplan) and its JSON) from O(work_dir), since it no longer describes the layer; whatever runs next
    either saves a new one or creates the layer without one, so the cost floor never prices a stale plan.
  - The records are local scratch files in O(work_dir); they never hold secret values. A job that starts without
    them (AWX) simply plans every layer. Never changes anything in AWS or in the state, so C(changed=false).
author:
  - Platform engineering (@platform-ops)
options:
  state:
    description:
      - C(files) only writes the input files; C(check) also compares with the record; C(record) writes the record
        after a successful plan or apply; C(forget) removes it (a plan with changes was saved but not applied, so
        the saved plan on disk no longer describes the converged layer).
    type: str
    choices: [files, check, record, forget]
    default: check
  backend_config:
    description: Backend settings, written as C(backend.tfbackend) (sorted keys, JSON values).
    type: dict
  variables:
    description: Input variables, written as C(inputs.tfvars.json).
    type: dict
  project_path:
    description: The layer's root module directory.
    type: path
    required: true
  modules_path:
    description: The shared modules the layer calls (their code is part of the fingerprint).
    type: path
  work_dir:
    description: The layer's work dir, with C(backend.tfbackend), C(inputs.tfvars.json) and the data dir C(.terraform).
    type: path
    required: true
  terraform_version:
    description: Version of the terraform binary that plans (part of the fingerprint). Required unless O(state=files).
    type: str
  bucket:
    description: State bucket. Required unless O(state=files).
    type: str
  key:
    description: Key of the layer's state object. Required unless O(state=files).
    type: str
  replan:
    description: Never report the layer as converged (plan it anyway).
    type: bool
    default: false
  temp_plan:
    description:
      - With O(state=record), the temp plan file of the run being recorded, removed
        (community.general.terraform with C(state=present) plans into a C(tmp*.tfplan) file in the temp dir and
        never removes it). Anything but an absolute path to a C(tmp*.tfplan) file is refused.
    type: path
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Write the network layer's inputs; is it already converged?
  platform_ops.ecs_ec2.terraform_layer_workdir:
    backend_config: "{{ ecs_backend | combine({'key': 'local/network/terraform.tfstate'}) }}"
    variables: {azs: [us-east-1a, us-east-1b], cidr: 10.20.0.0/16}
    project_path: "{{ ecs_project_root }}/terraform/layers/network"
    modules_path: "{{ ecs_project_root }}/terraform/modules"
    work_dir: "{{ ecs_work_dir }}/network"
    terraform_version: "{{ ecs_terraform.version }}"
    bucket: demo-local-tfstate-123456789012
    key: local/network/terraform.tfstate
  register: network_stamp
"""

RETURN = r"""
converged:
  description: Code, inputs, backend, Terraform version and state equal the record (C(state=check) only).
  returned: always
  type: bool
files:
  description: Paths of the backend config and the input variables file.
  returned: always
  type: dict
reason:
  description: Why the layer must be planned, or since when it is known to be converged.
  returned: unless O(state=files)
  type: str
  sample: the state was written since the last plan (serial 9, recorded 8)
init_needed:
  description: The data dir is missing or was initialised for other layer files or another backend config.
  returned: unless O(state=files)
  type: bool
serial:
  description: Serial of the layer's state object (null when there is no state yet).
  returned: unless O(state=files)
  type: int
lineage:
  description: Lineage of the layer's state object.
  returned: unless O(state=files)
  type: str
managed_resources:
  description: Managed resources in the layer's state (0 when there is no state yet). A layer with none can only be
    created, so nothing in its plan can replace or destroy.
  returned: unless O(state=files)
  type: int
terraform_log_environment:
  description: Environment for the layer's terraform runs that writes Terraform's core log (C(TF_LOG_CORE),
    C(TF_LOG_PATH) = C(terraform.log) in O(work_dir), emptied when the layer must be planned).
  returned: always
  type: dict
"""

import contextlib
import os
import re

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import layer_stamp
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.layer_files import write_files
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.layer_workdir import LayerWorkdir, state_identity

TEMP_PLAN = re.compile(r"^tmp[^/]*\.tfplan$")


def check_temp_plan(module, path):
    """Only community.general.terraform's own temp plan (tempfile.mkstemp(suffix=".tfplan")): an absolute path to a
    tmp*.tfplan file. Checked before anything is written."""
    if path and (not os.path.isabs(path) or not TEMP_PLAN.match(os.path.basename(path))):
        module.fail_json(msg="temp_plan %s is not an absolute path to a tmp*.tfplan file: nothing recorded or removed"
                         % path)


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            state=dict(type="str", choices=["files", "check", "record", "forget"], default="check"),
            backend_config=dict(type="dict"),
            variables=dict(type="dict"),
            project_path=dict(type="path", required=True),
            modules_path=dict(type="path"),
            work_dir=dict(type="path", required=True),
            terraform_version=dict(type="str"),
            bucket=dict(type="str"),
            key=dict(type="str", no_log=False),  # the state object's S3 key, not a secret
            replan=dict(type="bool", default=False),
            temp_plan=dict(type="path"),
        ),
        required_if=[("state", "check", ["terraform_version", "bucket", "key"]),
                     ("state", "record", ["terraform_version", "bucket", "key"]),
                     ("state", "files", ["backend_config", "variables"])],
        required_together=[("backend_config", "variables")],
        supports_check_mode=True,
    )
    p = module.params
    check_temp_plan(module, p["temp_plan"])
    workdir = LayerWorkdir(p["work_dir"], p["project_path"])
    if p["backend_config"] is not None:
        write_files(p["work_dir"], p["backend_config"], p["variables"])
    if p["state"] == "files":
        module.exit_json(changed=False, files=workdir.files(), terraform_log_environment=workdir.log_environment())
    if p["state"] == "forget":
        layer_stamp.forget_converged(p["work_dir"])
        module.exit_json(changed=False, files=workdir.files(), converged=False, reason="record removed",
                         terraform_log_environment=workdir.log_environment())
    for path in workdir.missing_files():
        module.fail_json(msg="%s does not exist: render the layer's inputs before checking it" % path)
    fingerprint = workdir.fingerprint(p["modules_path"], p["terraform_version"])
    s3 = module.client("s3", retry_decorator=AWSRetry.jittered_backoff(retries=5))
    serial, lineage, managed = state_identity(module, s3, p["bucket"], p["key"])
    if p["state"] == "record":
        stamp = workdir.record(fingerprint, serial, lineage)
        if p["temp_plan"]:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(p["temp_plan"])
        reason = "recorded at serial %s (%s)" % (serial, stamp["recorded_at"])
        module.exit_json(changed=False, converged=True, reason=reason,
                         serial=serial, lineage=lineage, managed_resources=managed, files=workdir.files(),
                         init_needed=workdir.init_needed(), terraform_log_environment=workdir.log_environment())
    module.exit_json(changed=False, **workdir.check(fingerprint, serial, lineage, managed, p["replan"]))


if __name__ == "__main__":
    main()
