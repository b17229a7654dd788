#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: cost_floor_estimate_info
short_description: Estimate the monthly cost floor from the inventory, before any layer is planned or applied
version_added: 0.1.0
description:
  - The pre-flight budget guard. On a first deploy the later layers cannot be planned before the earlier ones are
    applied, so the plan-based floor of M(platform_ops.ecs_ec2.cost_floor_info) is only known after the money is
    committed. This module reads the layers' input variables instead (O(layer_inputs), what the C(ecs) role renders
    from the inventory), writes the priced resources each layer's Terraform code would plan from them (NAT gateways
    and their Elastic IPs per AZ or single, interface endpoints per AZ, the Auto Scaling group's On-Demand base and
    instance types, root volumes, the ALB, log groups and their retention, alarms, Container Insights, the KMS
    key), and prices them with the same code and price table as M(platform_ops.ecs_ec2.cost_floor_info).
    For the same inputs both give the same floor, component by component.
  - Returns the floor per component, the Spot burst range and the section H trade-offs (single NAT gateway vs one
    per AZ, On-Demand base N vs N-1, the On-Demand base at estimated 1-year Savings Plan / Reserved Instance rates),
    like M(platform_ops.ecs_ec2.cost_floor_info).
  - With O(budget) above 0 and the floor above it, it reports a problem naming the budget's inventory key
    (C(ecs_monthly_cost_floor_budget)) with the total, the trade-offs that lower it - only those the inventory can
    apply, each with the key to change - and what to do; with
    O(fail_on_problems) (the default) the module fails with that problem and the whole breakdown.
  - A floor that cannot be estimated (a region or instance type missing from the price table, a missing layer
    input, a live price that cannot be read) is a problem when a budget is set, and a warning without one, so the
    guard never blocks a deployment that has no budget.
  - Reads no state and changes nothing - C(changed=false), runs in check mode. With O(price_source=table) it makes
    no AWS call at all.
author:
  - Platform engineering (@platform-ops)
options:
  layer_inputs:
    description:
      - The input variables of each layer, by layer name (C(network), C(security), C(loadbalancer), C(compute),
        C(services), C(observability)), as the C(ecs) role renders them into C(ecs_layer_inputs). Variables the
        layers give a default to may be left out; outputs of earlier layers are not needed.
      - C(bootstrap) costs nothing at zero traffic and is ignored; other unknown layers are listed in
        RV(not_estimated).
    type: dict
    required: true
extends_documentation_fragment:
  - platform_ops.ecs_ec2.cost_floor
  - platform_ops.ecs_ec2.preflight
  - platform_ops.ecs_ec2.retries
  - amazon.aws.common.modules
  - amazon.aws.region.modules
notes:
  - Problem keys default to the collection's inventory contract - C(budget=ecs_monthly_cost_floor_budget),
    C(single_nat_gateway=ecs_single_nat_gateway), C(on_demand_base_capacity=ecs_on_demand_base_capacity);
    O(key_names) renames them.
"""

EXAMPLES = r"""
- name: Estimate the cost floor from the inventory and collect a problem when it exceeds the budget
  platform_ops.ecs_ec2.cost_floor_estimate_info:
    region: "{{ ecs_aws_region }}"
    layer_inputs: "{{ ecs_layer_inputs }}"
    budget: "{{ ecs_monthly_cost_floor_budget | float }}"
    fail_on_problems: false
  register: estimate

- name: Show it
  ansible.builtin.debug:
    msg: "{{ estimate.table }}"
"""

RETURN = r"""
monthly_total:
  description: The estimated monthly cost floor in USD (rounded to cents); null when it could not be estimated.
  returned: always
  type: float
  sample: 249.76
components:
  description: >-
    Priced items in a stable order, each with component, detail, quantity, unit, unit_price, monthly (USD) and the
    addresses of the resources the layers would create.
  returned: when estimated
  type: list
  elements: dict
spot_burst_range:
  description: Monthly Spot cost range if the ASG ran at max size all month (instances, instance_types, min, max).
  returned: when estimated
  type: dict
tradeoffs:
  description: >-
    Section H trade-offs as monthly totals - nat_gateways (single_nat_monthly, nat_per_az_monthly), on_demand_base
    (current_monthly, minus_one_monthly {min, max}), on_demand_commitment (the On-Demand base at estimated 1-year
    no-upfront Compute Savings Plan and Reserved Instance rates; see M(platform_ops.ecs_ec2.cost_floor_info)).
  returned: when estimated
  type: dict
prices:
  description: Where the prices come from - kind (table or live), source, version, date, age_days, region.
  returned: when estimated
  type: dict
table:
  description: The estimate as fixed-width lines for the play's output.
  returned: always
  type: list
  elements: str
budget:
  description: The budget compared with (0 for none).
  returned: always
  type: float
over_budget:
  description: Whether the estimated floor exceeds O(budget).
  returned: always
  type: bool
basis:
  description: C(inventory) - the floor is estimated from the layer inputs, not read from plans.
  returned: always
  type: str
not_estimated:
  description: Layers of O(layer_inputs) this module does not know (nothing of theirs is priced).
  returned: always
  type: list
  elements: str
error:
  description: Why the floor could not be estimated.
  returned: when the floor could not be estimated
  type: str
problems:
  description: The budget problem, if any - C(key), C(value), C(reason), C(action).
  returned: always
  type: list
  elements: dict
  sample:
    - key: ecs_monthly_cost_floor_budget
      value: "200"
      reason: "the monthly cost floor estimated from the inventory is 249.76 USD, above the budget"
      action: "Nothing has been applied. Lower the floor - ... - or raise ecs_monthly_cost_floor_budget"
api_calls:
  description: AWS API calls per service (live prices only).
  returned: always
  type: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsClients, check_argument_spec
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_estimate import OPTIONS, estimate
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_report import ignored_options


def main():
    spec = check_argument_spec(**OPTIONS)
    module = AnsibleAWSModule(argument_spec=spec, supports_check_mode=True)
    region = module.region
    if not region:
        module.fail_json(msg="region is required: the floor is priced for one region")
    for warning in ignored_options(module.params):
        module.warn(warning)
    api = AwsClients.from_module(module) if module.params["price_source"] == "live" else None
    report, problems = estimate(module.params, region, api)
    result = dict(changed=False, problems=problems.as_list(), api_calls=api.api_calls if api else {}, **report)
    if report.get("error") and not len(problems):
        module.warn("cost floor not estimated (no budget set, so nothing is blocked): %s" % report["error"])
    if len(problems) and module.params["fail_on_problems"]:
        lines = problems.lines() + [""] + report["table"]
        module.fail_json(msg="%d pre-flight problem(s):\n%s\nRunbook: docs/runbooks.md#pre-flight-failure"
                         % (len(problems), "\n".join(lines)), **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
