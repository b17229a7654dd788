#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

DOCUMENTATION = r"""
module: inventory_validate_info
short_description: Refuse every inventory value Terraform or the AWS API would refuse, before anything is planned
version_added: 0.2.0
description:
  - Pure Python checks of the deployment inventory (the C(ecs_*) keys); no AWS call is made and no file is written.
  - Runs the rule table of C(plugins/module_utils/inventory_rules.py) - CIDR blocks (syntax, the /16-/28 sizes AWS
    allows, every subnet inside the VPC, no two subnets overlapping, one subnet of each kind per AZ), AZ names of the
    region, names (and the ALB, target group and IAM role names derived from them), the state bucket and lock table
    names, ports, counts, listener priorities, routing and health checks, certificate, KMS key and secret ARNs,
    secret-looking plaintext in a service's C(environment) (the services layer's rule), duplicate service, variable and
    scheduled action names.
  - "Every problem is reported at once, each as C(key = value: what is wrong. What to do.) naming the inventory key.
    The value of a secret-looking environment variable, and any C(value_from) that is not an ARN, is never shown."
  - Each Terraform C(validation) block of the layers and modules is mapped to the rule that refuses the same input
    first; a unit test fails on one that is not.
author:
  - Platform engineering (@platform-ops)
options:
  inventory:
    description:
      - The inventory keys to check, by their names (C(ecs_environment), C(ecs_vpc_cidr), C(ecs_services), ...), with
        the role defaults applied.
    type: dict
    required: true
  fail_on_problems:
    description: Fail when a problem is found (listing all of them); otherwise return them in C(problems).
    type: bool
    default: true
notes:
  - Supports check mode; it never changes anything.
"""

EXAMPLES = r"""
- name: Refuse bad inventory values before anything is planned or written
  platform_ops.ecs_ec2.inventory_validate_info:
    inventory:
      ecs_vpc_cidr: "{{ ecs_vpc_cidr }}"
      ecs_azs: "{{ ecs_azs }}"
      ecs_public_subnet_cidrs: "{{ ecs_public_subnet_cidrs }}"
      ecs_private_subnet_cidrs: "{{ ecs_private_subnet_cidrs }}"
      ecs_services: "{{ ecs_services }}"
"""

RETURN = r"""
problems:
  description:
    - Every problem found, sorted by key; each has C(key), C(value), C(reason), C(action) and C(rule).
    - When the module fails (I(fail_on_problems)), C(problem_report) holds them instead, one line each.
  returned: success
  type: list
  elements: dict
  sample:
    - key: ecs_vpc_cidr
      value: 10.40.0.0/33
      reason: its prefix /33 is not an IPv4 prefix length (0-32)
      action: Write the VPC CIDR block as an IPv4 network address with a prefix between /16 and /28, e.g. 10.0.0.0/16
      rule: network.vpc_cidr
rules:
  description: The rules that ran, in table order, each with its C(id) and C(summary).
  returned: success
  type: list
  elements: dict
problem_report:
  description: "Every problem, one per line, C(key = value: what is wrong. What to do.), sorted by key."
  returned: failure
  type: str
runbook:
  description: Where the procedure for this failure is (C(msg) keeps its documented wording).
  returned: failure
  type: str
  sample: "Runbook: docs/runbooks.md#inventory-validation-failure"
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules import rule_table, validate
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules_services import (
    SECRET_KEY_RE,
    services,
)

MIN_MASKED_LENGTH = 4  # Ansible masks a no_log value wherever it appears: a shorter one would garble the output


class InventoryValidation:
    def __init__(self, module):
        self.module = module
        self.inventory = module.params["inventory"]

    def hide_plaintext_secrets(self):
        """A secret-looking environment value must not come back in the result (`invocation` at -vvv) either."""
        for _index, _key, service in services(self.inventory):
            environment = service.get("environment") or {}
            for name, value in (environment.items() if isinstance(environment, dict) else []):
                if SECRET_KEY_RE.search(str(name)) and len(str(value)) >= MIN_MASKED_LENGTH:
                    self.module.no_log_values.add(str(value))

    def run(self):
        self.hide_plaintext_secrets()
        found = validate(self.inventory)
        if len(found) and self.module.params["fail_on_problems"]:
            # Each problem once, one line each. Ansible prints msg twice (the error line and the result) and folds
            # the strings of a list, so msg only counts them and one multi-line string holds them.
            self.module.fail_json(msg=f"{len(found)} inventory problem(s) in problem_report; nothing was planned or "
                                  "written", problem_report="\n".join(found.lines()),
                                  runbook="Runbook: docs/runbooks.md#inventory-validation-failure")
        self.module.exit_json(changed=False, problems=found.as_list(), rules=rule_table())


def main():
    module = AnsibleModule(
        argument_spec=dict(
            inventory=dict(type="dict", required=True),
            fail_on_problems=dict(type="bool", default=True),
        ),
        supports_check_mode=True,
    )
    InventoryValidation(module).run()


if __name__ == "__main__":
    main()
