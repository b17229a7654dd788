#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: terraform_toolchain
short_description: Find Terraform and the AWS provider source, and write the project-local CLI config
version_added: 0.1.0
description:
  - Finds the C(terraform) binary (>= 1.10) and fails with what is missing and how to install it.
  - "An older one is refused with each feature it lacks and the release that has it, for example C(Terraform 1.9.8 at
    /usr/bin/terraform is too old: the S3 backend's use_lockfile needs >= 1.10.0)."
  - A mirror that does not hold the C(hashicorp/aws) release the layers' C(.terraform.lock.hcl) files pin (5.100.0)
    is refused, naming the versions it holds and where to unpack the locked one.
  - When an unpacked filesystem mirror of C(hashicorp/aws) is present (O(mirror), C(TF_PROVIDER_MIRROR), or a known
    location) the CLI config installs providers only from it (offline); otherwise from the public registry with a
    plugin cache, so layers never hold a provider copy each. Never downloads anything itself.
  - Returns the environment every Terraform task should run with (C(TF_CLI_CONFIG_FILE), C(CHECKPOINT_DISABLE)...),
    including C(TF_CLI_ARGS_init=-lockfile=readonly), so C(terraform init) uses the committed lock files as they are
    and never rewrites them.
author:
  - Platform engineering (@platform-ops)
options:
  config_file:
    description: Where to write the Terraform CLI configuration.
    type: path
    required: true
  binary_path:
    description: The terraform binary; default is the one on C(PATH).
    type: path
  mirror:
    description: An unpacked provider mirror directory; default C(TF_PROVIDER_MIRROR), then well-known locations.
    type: path
notes:
  - Supports check mode; in check mode the config file is still written, since it is a local cache that every
    plan needs and changes nothing in AWS or in Terraform state.
"""

EXAMPLES = r"""
- name: Find Terraform and configure the provider source
  platform_ops.ecs_ec2.terraform_toolchain:
    config_file: "{{ playbook_dir }}/../.work/terraform/cli.tfrc"
  register: toolchain

- name: Plan a layer with that toolchain
  community.general.terraform:
    project_path: "{{ playbook_dir }}/../terraform/layers/network"
    binary_path: "{{ toolchain.binary_path }}"
    state: planned
    plan_file: /tmp/network.tfplan
  environment: "{{ toolchain.environment }}"
"""

RETURN = r"""
binary_path:
  description: The terraform binary found.
  returned: success
  type: str
version:
  description: Its version.
  returned: success
  type: str
  sample: 1.11.4
provider_source:
  description: C(mirror) (offline filesystem mirror) or C(registry) (public registry).
  returned: success
  type: str
mirror_path:
  description: The mirror used, when C(provider_source=mirror).
  returned: success
  type: str
cli_config_file:
  description: The CLI config written.
  returned: success
  type: str
summary:
  description: One line saying which Terraform and which provider source are used.
  returned: success
  type: str
environment:
  description: Environment variables for every Terraform task.
  returned: success
  type: dict
  sample: {"TF_CLI_CONFIG_FILE": "/srv/ecs/.work/terraform/cli.tfrc", "CHECKPOINT_DISABLE": "1",
           "TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "TF_CLI_ARGS_init": "-lockfile=readonly", "GOGC": "400"}
"""

import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_cli import TerraformCLI
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_toolchain import ToolchainError, setup


def main():
    module = AnsibleModule(
        argument_spec=dict(
            config_file=dict(type="path", required=True),
            binary_path=dict(type="path"),
            mirror=dict(type="path"),
        ),
        supports_check_mode=True,
    )
    try:
        info = setup(module.params["config_file"], module.params["binary_path"], module.params["mirror"],
                     version_of=lambda path: TerraformCLI(module, path, os.getcwd()).version())
    except ToolchainError as exc:
        module.fail_json(msg=str(exc))
    # Writing the local CLI config is bookkeeping, not a change to the deployment.
    info["changed"] = False
    module.exit_json(**info)


if __name__ == "__main__":
    main()
