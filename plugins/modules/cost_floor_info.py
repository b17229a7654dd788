#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: cost_floor_info
short_description: Monthly cost floor of a deployment (zero traffic) from its Terraform plans or state
version_added: 0.1.0
description:
  - Reads every layer's saved plan (C(terraform show -json PLAN)), or a layer's state when no plan file is given (the
    live deployment as Terraform knows it), and prices what keeps costing with zero traffic, per component
    (section H of the design) - On-Demand baseline instances (by type and count), Spot instances kept at the ASG
    minimum, their EBS volumes and detailed monitoring, NAT gateways, public IPv4 addresses (Elastic IPs and
    internet-facing ALB nodes), ALB hours and a minimum of LCU, VPC interface endpoints (per endpoint per AZ),
    CloudWatch Logs ingestion and storage (estimates), Container Insights metrics, alarms (metric-math alarms per
    metric), KMS keys and Route 53 hosted zones.
  - Resources are recognised by type, whatever their address. The On-Demand base is priced with the first override
    type, the one the ASG launches first with the default C(prioritized) On-Demand allocation strategy (the
    cheapest type with C(lowest-price)).
  - Also returns the Spot range of burst capacity and the trade-offs of section H as numbers - a single NAT gateway
    vs one per AZ, On-Demand base N vs N-1, and the On-Demand base at estimated 1-year no-upfront Compute Savings
    Plan and Reserved Instance rates. Off-hours scaling is not reported - no inventory key schedules the Auto
    Scaling group (see docs/cost.md); O(offhours_on_hours_per_week) and O(offhours_instances) are ignored.
  - Prices come from the price table shipped in the collection (list prices with their source and date), or with
    O(price_source=live) from the AWS Price List API and EC2 Spot price history. A live price that cannot be read
    fails the module; it never falls back to the table. The result says which prices were used and how old they are,
    and every rendering (RV(table), the Markdown and JSON reports) names the price table and its date
    (C(line) in RV(prices)).
  - Read-only, C(changed=false), runs in check mode, and writes no file - the reports come back as RV(report_json)
    and RV(markdown); the cost_floor role writes them (C(latest.json), C(latest.md), and a dated copy when the floor
    changed) with ansible.builtin.copy, which reports a file it changed.
  - M(platform_ops.ecs_ec2.cost_floor_estimate_info) prices the same resources from the inventory before anything
    is planned or applied (the pre-flight budget guard).
  - Assumptions (730 hours a month, minimum LCU, log volumes, metric counts) are in the price table and can be
    overridden; see docs/cost.md.
author:
  - Platform engineering (@platform-ops)
options:
  plan_files:
    description:
      - Layers to read through C(terraform show -json). Mutually exclusive with O(plans).
    type: list
    elements: dict
    suboptions:
      layer:
        description: Layer name (for the report).
        type: str
        required: true
      project_path:
        description: The layer's Terraform root module directory.
        type: path
        required: true
      plan_file:
        description: Saved plan; when omitted the layer's current state is read instead.
        type: path
      state_bucket:
        description:
          - With O(plan_files[].state_key) and no plan file, the layer's state object is read from this S3 bucket
            directly (as stored, without C(terraform show) and its provider start); else through C(terraform show).
        type: str
      state_key:
        description: Key of the layer's state object in O(plan_files[].state_bucket).
        type: str
      data_dir:
        description: C(TF_DATA_DIR) the layer was initialised with.
        type: path
  plans:
    description:
      - Already parsed plan or state JSON documents, each C({layer, plan}). Mutually exclusive with O(plan_files).
    type: list
    elements: dict
  binary_path:
    description: The terraform binary; default is the one on C(PATH).
    type: path
  az_count:
    description: AZs of the deployment, when the plans do not show them (default - distinct AZs of the subnets).
    type: int
extends_documentation_fragment:
  - platform_ops.ecs_ec2.cost_floor
  - platform_ops.ecs_ec2.retries
  - amazon.aws.common.modules
  - amazon.aws.region.modules
"""

EXAMPLES = r"""
- name: Cost floor of the saved plans of every layer
  platform_ops.ecs_ec2.cost_floor_info:
    region: eu-west-1
    plan_files:
      - {layer: network, project_path: /srv/ecs/terraform/layers/network,
         plan_file: /srv/work/dev/network/layer.tfplan, data_dir: /srv/work/dev/network/.terraform}
      - {layer: compute, project_path: /srv/ecs/terraform/layers/compute,
         plan_file: /srv/work/dev/compute/layer.tfplan, data_dir: /srv/work/dev/compute/.terraform}
    budget: 400
  register: floor

- name: Show it
  ansible.builtin.debug:
    msg: "{{ floor.table }}"
"""

RETURN = r"""
monthly_total:
  description: The monthly cost floor in USD (rounded to cents).
  returned: always
  type: float
  sample: 249.76
components:
  description: >-
    Priced items in a stable order, each with component, detail, quantity, unit, unit_price, monthly (USD) and
    the resource addresses behind it.
  returned: always
  type: list
  elements: dict
spot_burst_range:
  description: >-
    Monthly Spot cost range if the ASG ran at max size all month (instances, instance_types, min, max, hourly).
  returned: always
  type: dict
tradeoffs:
  description: >-
    Section H trade-offs as monthly totals - nat_gateways (single_nat_monthly, nat_per_az_monthly), on_demand_base
    (current_monthly, minus_one_monthly {min, max}), on_demand_commitment (instances, instance_type,
    on_demand_monthly, plans {compute_savings_plan_1y_no_upfront, reserved_instance_1y_no_upfront} each with
    hourly, monthly, saving; estimate, rates_date, rates_source, note).
  returned: always
  type: dict
prices:
  description: >-
    Where the prices come from - kind (table or live), source, version, date, age_days, region, live_items, and
    line (C(prices: table <version> of <date> ...), the sentence every rendering carries).
  returned: always
  type: dict
assumptions:
  description: The estimates used (hours per month, minimum LCU, log GB, metric counts).
  returned: always
  type: dict
absent:
  description: Kinds of baseline cost the deployment does not have (for example Route 53 hosted zones).
  returned: always
  type: list
  elements: str
budget:
  description: The budget compared with (0 for none).
  returned: always
  type: float
over_budget:
  description: Whether the floor exceeds O(budget).
  returned: always
  type: bool
table:
  description: The report as fixed-width lines for the play's output.
  returned: always
  type: list
  elements: str
report_json:
  description: The whole report as JSON text (sorted keys), as the role writes it to C(latest.json).
  returned: always
  type: str
markdown:
  description: The report in Markdown, as the role writes it to C(latest.md).
  returned: always
  type: str
api_calls:
  description: AWS API calls per service (live prices only).
  returned: always
  type: dict
"""

import json

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import RETRY_ARGUMENT_SPEC, AwsClients
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_common import CostError
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_plan import state_values
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_render import markdown
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_report import (
    PRICING_ARGUMENT_SPEC,
    ignored_options,
    price_report,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.state_object import read_state
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_cli import (
    TerraformCLI,
    TerraformError,
    find_binary,
)


class CostFloorReport:
    """Reads the plans, picks the prices, computes the floor and renders the reports."""

    def __init__(self, module, api=None):
        self.module = module
        self.params = module.params
        self.api = api
        self._s3 = None

    def s3(self):
        """One client for every stored state (a client costs about as much as reading seven states)."""
        if self._s3 is None:
            self._s3 = self.module.client("s3", retry_decorator=AWSRetry.jittered_backoff(retries=5))
        return self._s3

    def plans(self):
        if self.params["plans"] is not None:
            plans = []
            for i, entry in enumerate(self.params["plans"]):
                if not isinstance(entry, dict) or not isinstance(entry.get("plan"), dict):
                    raise CostError("plans[%d] must be {layer, plan} with the plan JSON as a dict" % i)
                plans.append({"layer": entry.get("layer") or "plans[%d]" % i, "plan": entry["plan"]})
            return plans
        plans = []
        for entry in self.params["plan_files"]:
            if not entry.get("plan_file") and entry.get("state_key"):
                plans.append({"layer": entry["layer"], "plan": self.stored_state(entry)})
                continue
            binary = find_binary(self.module, self.params["binary_path"])
            cli = TerraformCLI(self.module, binary, entry["project_path"], entry.get("data_dir"))
            try:
                plans.append({"layer": entry["layer"], "plan": cli.show_json(entry.get("plan_file"))})
            except TerraformError as exc:
                raise CostError("layer %s: %s" % (entry["layer"], exc)) from exc
        return plans

    def stored_state(self, entry):
        state = read_state(self.module, self.s3(), entry["state_bucket"], entry["state_key"])
        if state is None:
            raise CostError("layer %s: no state at s3://%s/%s" % (entry["layer"], entry["state_bucket"],
                                                                  entry["state_key"]))
        try:
            return state_values(state)
        except CostError as exc:
            raise CostError("layer %s: %s" % (entry["layer"], exc)) from exc

    def run(self, region):
        report = price_report(self.plans(), self.params, region, self.api, self.params["az_count"])
        return dict(report, report_json=json.dumps(report, indent=2, sort_keys=True) + "\n", markdown=markdown(report))


def main():
    argument_spec = dict(
        plan_files=dict(type="list", elements="dict", options=dict(
            layer=dict(type="str", required=True),
            project_path=dict(type="path", required=True),
            plan_file=dict(type="path"),
            data_dir=dict(type="path"),
            state_bucket=dict(type="str"),
            state_key=dict(type="str", no_log=False),  # an S3 object key, not a secret
        ), required_together=[("state_bucket", "state_key")]),
        plans=dict(type="list", elements="dict"),
        binary_path=dict(type="path"),
        az_count=dict(type="int"),
    )
    argument_spec.update(PRICING_ARGUMENT_SPEC)
    argument_spec.update(RETRY_ARGUMENT_SPEC)
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        mutually_exclusive=[("plan_files", "plans")],
        required_one_of=[("plan_files", "plans")],
        supports_check_mode=True,
    )
    region = module.region
    if not region:
        module.fail_json(msg="region is required: the floor is priced for one region")
    for warning in ignored_options(module.params):
        module.warn(warning)
    api = AwsClients.from_module(module) if module.params["price_source"] == "live" else None
    try:
        report = CostFloorReport(module, api).run(region)
    except CostError as exc:
        module.fail_json(msg=str(exc), api_calls=api.api_calls if api else {})
    module.exit_json(changed=False, api_calls=api.api_calls if api else {}, **report)


if __name__ == "__main__":
    main()
