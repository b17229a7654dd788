# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)


class ModuleDocFragment:
    # Pricing options of the cost floor modules (cost_floor_info, cost_floor_estimate_info); docs/cost.md.
    DOCUMENTATION = r"""
options:
  price_source:
    description:
      - C(table) - the versioned price table shipped in the collection (list prices with their source and date).
      - C(live) - the AWS Price List API and EC2 Spot price history (needs credentials). A live price that cannot
        be read is an error; there is no silent fallback to the table.
    type: str
    choices: [table, live]
    default: table
  budget:
    description: Monthly budget in USD the floor is compared with (RV(over_budget)). C(0) means no budget.
    type: float
    default: 0
  log_ingestion_gb_per_month:
    description: Estimated GB ingested per log group per month (default from the price table, 0.5).
    type: float
  alb_min_lcu:
    description: LCU per hour an ALB is assumed to use with zero traffic (default from the price table, 1).
    type: float
  offhours_on_hours_per_week:
    description: Ignored, with a warning (the off-hours trade-off was dropped, see docs/cost.md); kept for old callers.
    type: float
  offhours_instances:
    description: Ignored, with a warning (the off-hours trade-off was dropped, see docs/cost.md); kept for old callers.
    type: int
  assumptions:
    description: Any other assumption of the price table to override, by key (see docs/cost.md).
    type: dict
    default: {}
"""
